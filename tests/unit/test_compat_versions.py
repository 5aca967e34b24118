"""Our touches of Rasa and Sanic internals were checked against exact versions; any other
version stops the Rasa server at start with a message that says what differs."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from hulpwijzer.rasa_server.compat import versions

ROOT = Path(__file__).resolve().parents[2]


def _pins(text: str) -> dict:
    return {name.lower(): version for name, version in re.findall(r"^\s*\"?([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s\",]+)", text, re.M)}


def test_the_checked_versions_are_the_pinned_ones():
    pins = {**_pins((ROOT / "constraints.txt").read_text()), **_pins((ROOT / "pyproject.toml").read_text())}
    for name, version in versions.CHECKED_AGAINST.items():
        assert pins.get(name.lower()) == version, f"{name}: checked against {version}, pinned {pins.get(name.lower())}"


def test_the_installed_versions_are_the_checked_ones():
    assert versions.differences() == []
    versions.require_checked_versions()


def test_another_version_stops_the_start_with_what_differs(monkeypatch):
    real = versions.installed
    monkeypatch.setattr(versions, "installed", lambda name: "3.6.20" if name == "rasa" else real(name))
    with pytest.raises(versions.UncheckedVersion, match=r"rasa 3\.6\.20 \(checked against 3\.6\.21\)"):
        versions.require_checked_versions()


def test_the_rasa_server_checks_the_versions_before_it_changes_anything(monkeypatch):
    from hulpwijzer.rasa_server import compat
    from hulpwijzer.rasa_server.compat import action_response_validation, graph_runner, spacy_model_cache

    changed = []
    monkeypatch.setattr(versions, "differences", lambda: ["sanic 22.0.0 (checked against 21.12.2)"])
    for fix in (action_response_validation, graph_runner, spacy_model_cache):
        monkeypatch.setattr(fix, "install", lambda: changed.append("fix"))
    with pytest.raises(versions.UncheckedVersion, match="sanic 22.0.0"):
        compat.install()
    assert changed == []
