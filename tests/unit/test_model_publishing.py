"""Publishing a model: swapped into every running Rasa server, told honestly when none took it
(the beheer page must not say the bot uses it then), and a restarted server starts with it."""
from __future__ import annotations

import json

from hulpwijzer.ops.stack import free_port
from hulpwijzer.staff import reload_model


def _no_bot_listens(monkeypatch):
    monkeypatch.setenv("RASA_SERVER_URLS", f"http://127.0.0.1:{free_port()}")


def _kept_model(root):
    previous = root / "models" / "previous"
    previous.mkdir(parents=True)
    (previous / "20260101-000000-hulpwijzer.tar.gz").write_bytes(b"an older model")
    return previous


def test_the_beheer_job_ends_with_trained_not_in_use_when_no_bot_takes_the_model(tmp_path, monkeypatch, capsys):
    _no_bot_listens(monkeypatch)
    _kept_model(tmp_path)
    result = reload_model.main(["--rollback", "--root", str(tmp_path), "--bot-must-run"])
    assert result == reload_model.TRAINED_NOT_IN_USE
    assert "De bot draait nu niet" in capsys.readouterr().out
    assert (tmp_path / "models" / "hulpwijzer.tar.gz").read_bytes() == b"an older model"


def test_make_rollback_without_a_bot_is_fine_on_a_developers_machine(tmp_path, monkeypatch):
    _no_bot_listens(monkeypatch)
    _kept_model(tmp_path)
    assert reload_model.main(["--rollback", "--root", str(tmp_path)]) == 0


def test_the_beheer_job_asks_to_be_told_when_no_bot_takes_the_model():
    from hulpwijzer.beheer import project

    assert "--bot-must-run" in project.model_job_command(rollback=False)


class _StubRasa:
    """A Rasa server as the model swap sees it: GET /status names its model, PUT
    /webhooks/model/swap loads a new one."""

    def __init__(self):
        import http.server
        import threading

        stub = self
        self.model = "old.tar.gz"

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                body = json.dumps({"model_file": stub.model}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_PUT(self):
                length = int(self.headers["Content-Length"])
                stub.model = json.loads(self.rfile.read(length))["model_file"]
                self.send_response(204)
                self.end_headers()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()


def test_a_rollback_is_swapped_into_every_running_server_and_a_stopped_one_is_named(tmp_path, monkeypatch, capsys):
    first, second = _StubRasa(), _StubRasa()
    stopped = f"http://127.0.0.1:{free_port()}"
    try:
        monkeypatch.setenv("RASA_SERVER_URLS", f"{first.url},{stopped},{second.url}")
        _kept_model(tmp_path)
        assert reload_model.main(["--rollback", "--root", str(tmp_path), "--bot-must-run"]) == 0
        current = str((tmp_path / "models" / "hulpwijzer.tar.gz").resolve())
        assert first.model == current and second.model == current
        assert f"Geen antwoord van {stopped}" in capsys.readouterr().out
    finally:
        first.stop()
        second.stop()


def test_a_rasa_server_starts_with_the_published_model_once_there_is_one(tmp_path):
    from hulpwijzer.config import MODEL_FILE, load
    from hulpwijzer.ops.serve import served_model

    published = tmp_path / "hulpwijzer.tar.gz"
    assert served_model(load(overrides={"RASA_MODEL_FILE": str(published)})) == MODEL_FILE  # none yet
    published.write_bytes(b"a published model")
    assert served_model(load(overrides={"RASA_MODEL_FILE": str(published)})) == published
    assert served_model(load(overrides={"RASA_MODEL_FILE": ""})) == MODEL_FILE
