"""The exact versions our fixes and our use of Rasa and Sanic internals were checked against.

The code under hulpwijzer/rasa_server leans on internals that change without notice between
releases (Rasa's RemoteAction, GraphRunner and spaCy loader, RestInput's private methods,
Sanic's app registry, the tracker store's session). On any other version the Rasa server stops
at start with a clear message, instead of misbehaving quietly. The pins are the ones in
pyproject.toml and constraints.txt; a test keeps the two lists equal.
"""
from __future__ import annotations

from importlib import metadata
from typing import Dict, List

CHECKED_AGAINST: Dict[str, str] = {
    "rasa": "3.6.21",
    "rasa-sdk": "3.6.2",
    "sanic": "21.12.2",
    "SQLAlchemy": "1.4.54",
}


class UncheckedVersion(RuntimeError):
    pass


def installed(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def differences() -> List[str]:
    return [f"{name} {installed(name)} (checked against {version})"
            for name, version in CHECKED_AGAINST.items() if installed(name) != version]


def require_checked_versions() -> None:
    found = differences()
    if found:
        raise UncheckedVersion(
            "hulpwijzer.rasa_server.compat: these packages differ from the versions our fixes to Rasa and "
            f"Sanic internals were checked against: {'; '.join(found)}. Install the pins "
            "(pip install -c constraints.txt -e .), or check every module in hulpwijzer/rasa_server/compat/ "
            "and the internals listed in docs/architecture.md against the new versions, then update "
            "CHECKED_AGAINST and the pins together."
        )
