"""The two commands and the HTTP API behave as the README says."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from hulpwijzer import config as settings_module
from tools.measure.first_answer import run_until_first_answer
from hulpwijzer.ops.train_if_changed import FINGERPRINT_FILE, MODEL_FILE

ROOT = Path(__file__).resolve().parents[2]


def test_find_python_rejects_a_wrong_interpreter_with_a_clear_message():
    result = subprocess.run(
        ["bash", "tools/find_python.sh"], cwd=ROOT, capture_output=True, text=True,
        env=dict(os.environ, PYTHON=sys.executable.replace("python", "python-missing")),
    )
    assert result.returncode == 1
    assert "not Python 3.10" in result.stderr


def test_find_python_finds_python_310():
    result = subprocess.run(["bash", "tools/find_python.sh"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    version = subprocess.run([result.stdout.strip(), "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("Python 3.10")


def test_second_training_without_changes_does_not_retrain(trained_model):
    before = MODEL_FILE.stat().st_mtime
    result = subprocess.run(
        [sys.executable, "-m", "hulpwijzer.ops.train_if_changed"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "up to date" in result.stdout
    assert MODEL_FILE.stat().st_mtime == before
    assert FINGERPRINT_FILE.exists()


def test_dutch_spacy_pipeline_is_in_place_and_named():
    meta = json.loads((ROOT / "models" / "spacy" / "nl" / "meta.json").read_text())
    assert meta["lang"] == "nl"
    assert meta["name"] in {"core_news_sm", "nl_blank_lookup_lemma"}


def test_a_token_is_generated_into_a_new_env_file(tmp_path, monkeypatch):
    monkeypatch.delenv("RASA_TOKEN", raising=False)
    env_file = tmp_path / ".env"
    settings_module.ensure_token(env_file)
    token = settings_module.load(env_file)["RASA_TOKEN"]
    assert len(token) >= 24
    settings_module.ensure_token(env_file)  # a second run keeps the same token
    assert settings_module.load(env_file)["RASA_TOKEN"] == token


def test_rest_channel_answers_in_dutch(bot, sender):
    reply = bot.send(sender, "hallo")
    assert reply, "the bot gave no answer"
    assert any(word in reply[0]["text"].lower() for word in ("hoi", "hallo", "hulp", "welkom"))


def test_tracker_api_needs_the_token(bot, sender):
    bot.send(sender, "hoi")
    tracker = bot.tracker(sender)
    assert tracker["sender_id"] == sender
    assert any(e["event"] == "user" for e in tracker["events"])
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{bot.url}/conversations/{sender}/tracker", timeout=10)
    assert refused.value.code == 401


def test_conversations_are_stored_in_the_sqlite_tracker_store(bot, sender):
    import sqlite3

    bot.send(sender, "hoi")
    with sqlite3.connect(bot.tracker_db) as db:
        count = db.execute("select count(*) from events where sender_id = ?", (sender,)).fetchone()[0]
    assert count > 0


@pytest.mark.slow
def test_make_run_answers_and_ctrl_c_leaves_no_process(trained_model):
    result = run_until_first_answer()
    assert result.reply, f"make run gave no answer. Output:\n{result.output[-3000:]}"
    assert result.reply[0].get("text")
    assert "Starting the action server" in result.output and "All processes stopped." in result.output
    assert result.leftover_pids == [], f"processes left after Ctrl-C: {result.leftover_pids}"
