"""`make reload` and `make rollback`: the model is swapped in the running Rasa server
without a restart (PUT /webhooks/model/swap, hulpwijzer/rasa_server/model_swap.py); conversations go on,
and a message sent during the swap is answered. No training here: the session model is
current, so `make reload` only swaps.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

from hulpwijzer.config import MODEL_PATHS
from hulpwijzer.ops import train_if_changed
from hulpwijzer.staff import reload_model

ROOT = Path(__file__).resolve().parents[2]


def _port(bot) -> str:
    return bot.url.rsplit(":", 1)[1]


def test_rollback_then_reload_swap_the_model_while_a_conversation_goes_on(bot, sender, tmp_path, monkeypatch):
    """Both swaps in one test (each costs a model load): roll back to a kept model, then
    `make reload` puts the session model back. The conversation lives across both."""
    assert "plaats" in bot.texts(sender, "mijn zoon wordt gepest").lower()  # the bot asks where we live

    # make rollback, in a model folder of its own: 'previous' is the model kept by the last
    # `make reload` (a copy of the session model, so nothing is trained). Rasa reports only
    # the file name of the loaded model: a name of its own shows the swap happened.
    session_model = train_if_changed.MODEL_FILE
    previous_dir = tmp_path / "previous"
    paths = replace(MODEL_PATHS, model_file=tmp_path / "teruggezet.tar.gz",
                    fingerprint_file=tmp_path / "teruggezet.fingerprint", previous_dir=previous_dir)
    previous_dir.mkdir()
    kept = previous_dir / "hulpwijzer-20260101-120000.tar.gz"
    shutil.copy2(session_model, kept)
    kept.with_name("hulpwijzer-20260101-120000.fingerprint").write_text("fingerprint of the kept model")
    with monkeypatch.context() as patch:
        patch.setattr(reload_model, "_servers", lambda: ([bot.url], bot.token))
        assert reload_model.rollback(paths) == 0
    assert reload_model.loaded_model(bot.url, bot.token) == "teruggezet.tar.gz"
    assert (tmp_path / "teruggezet.fingerprint").read_text() == "fingerprint of the kept model"
    assert not kept.exists()  # used up: a next rollback goes one further back

    # make reload, the real command: the model is current, so it only swaps it in.
    env = dict(os.environ, RASA_PORT=_port(bot), RASA_TOKEN=bot.token)
    env.pop("MAKEFLAGS", None)
    reload = subprocess.Popen(["make", "--no-print-directory", "reload"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    during, lines = {}, []

    def ask_during_the_swap():
        # The old model answers while the new one loads (figures: tools/measure/bench_model_swap.py).
        try:
            messages = bot.post("/webhooks/rest/webhook", {"sender": bot.new_sender(), "message": "hoi"}, timeout=600)
            during["answer"] = "\n".join(m.get("text", "") for m in messages)
        except Exception as problem:  # reported by the assertion below
            during["answer"] = f"no answer: {problem!r}"

    asker = threading.Thread(target=ask_during_the_swap)
    for line in reload.stdout:  # once the script says the model is loading, ask something
        lines.append(line)
        if "wordt geladen" in line:
            asker.start()
    reload.wait()
    output = "".join(lines)
    assert asker.is_alive() or during, f"the swap never started:\n{output}"
    asker.join()
    assert reload.returncode == 0, output
    assert f"Klaar: de bot gebruikt nu {session_model.name}" in output
    assert reload_model.loaded_model(bot.url, bot.token) == session_model.name
    assert "Hulpwijzer" in during["answer"], during["answer"]  # sent meanwhile: answered, not lost

    # The conversation from before both swaps goes on where it was.
    assert "https://www.cjgrijswijk.nl" in bot.texts(sender, "we wonen in Rijswijk")


def test_rollback_without_a_kept_model_says_what_to_do(tmp_path, capsys):
    assert reload_model.main(["--rollback", "--root", str(tmp_path)]) == 1  # no models/previous/ there
    assert "Er is geen vorig model bewaard" in capsys.readouterr().out


def _put_swap(bot, token: str, model_file) -> int:
    request = urllib.request.Request(
        f"{bot.url}/webhooks/model/swap?token={token}", data=json.dumps({"model_file": str(model_file)}).encode(),
        headers={"Content-Type": "application/json"}, method="PUT",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_swap_needs_the_token_and_a_model_file_and_keeps_the_model_otherwise(bot, sender, tmp_path):
    assert _put_swap(bot, "wrong-token", train_if_changed.MODEL_FILE) == 403
    assert _put_swap(bot, bot.token, tmp_path / "missing.tar.gz") == 400
    not_a_model = tmp_path / "kapot.tar.gz"
    not_a_model.write_text("this is not a model")
    assert _put_swap(bot, bot.token, not_a_model) == 500
    assert reload_model.loaded_model(bot.url, bot.token) == train_if_changed.MODEL_FILE.name
    assert "Hulpwijzer" in bot.texts(sender, "hoi")
