"""The sentences outside bot/domain (hulpwijzer/core/texts.py): filled in, and never lost to a bad edit."""
from __future__ import annotations

import os

from hulpwijzer.core.texts import channel_text, channel_texts


def test_a_texts_file_broken_while_running_keeps_the_last_good_sentences(tmp_path, monkeypatch):
    from hulpwijzer import config
    from hulpwijzer.core import texts

    for name in (texts.CHANNEL_TEXTS, texts.ANSWER_TEXTS):
        (tmp_path / name).write_text((config.CONCEPTS_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(config, "CONCEPTS_DIR", tmp_path)
    monkeypatch.setattr(texts, "_last_good", {})
    before = texts.channel_text("storing", "intro")
    broken = tmp_path / texts.CHANNEL_TEXTS
    broken.write_text("storing: [niet afgesloten\n", encoding="utf-8")
    os.utime(broken, (1, 1))  # a new stamp even within the same clock tick
    assert texts.channel_text("storing", "intro") == before


def test_the_danger_line_is_written_once_and_filled_in_everywhere():
    raw = channel_texts()
    with_danger = [key for key, value in raw.items() if isinstance(value, str) and "{gevaar}" in value]
    assert with_danger, "no channel text uses {gevaar}"
    for key in with_danger:
        assert channel_text(key).endswith(raw["gevaar"]) and "{" not in channel_text(key)
    assert sum("112" in str(value) for value in raw.values()) == 1
