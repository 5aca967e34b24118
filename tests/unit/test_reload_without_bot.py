"""A model put in place while no bot runs is reported as not in use yet, so the beheer page
does not tell staff that the bot uses it (make reload on a developer's machine stays happy)."""
from __future__ import annotations

import shutil

from hulpwijzer.ops.stack import free_port
from hulpwijzer.staff import reload_model


def _no_bot_listens(monkeypatch):
    monkeypatch.setattr(reload_model, "_server", lambda: (f"http://127.0.0.1:{free_port()}", "token"))


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
