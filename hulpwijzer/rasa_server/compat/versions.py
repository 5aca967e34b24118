"""The exact versions our fixes and our use of Rasa and Sanic internals were checked against.

Every module in this package (hulpwijzer/rasa_server/compat/) leans on internals that change
without notice between releases: Rasa's RemoteAction, graph runner and spaCy loader (the
fixes), the agent on the Sanic app and Sanic's app registry, RestInput's private request
readers, the SQL tracker store's engine, events table, schema check, reading and saving, the
Redis lock store's client and lock format, the logistic regression classifier's input matrix,
the Twilio channel's sending and Sanic's parsed form. Each module's docstring names the
version it was checked against (a test compares it with CHECKED_AGAINST). On any other version
the Rasa server stops at start with a clear message, instead of misbehaving quietly. The pins
are the ones in pyproject.toml and constraints.txt; a test keeps the two lists equal.
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
