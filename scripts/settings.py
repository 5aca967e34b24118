"""Settings for running the bot, read once from the environment and `.env` (python-dotenv).

Environment variables win over `.env`; `.env` wins over the defaults here.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from dotenv import dotenv_values, set_key

ROOT = Path(__file__).resolve().parent.parent
ENV_FILE = ROOT / ".env"

DEFAULTS = {
    "RASA_PORT": "5005",
    "ACTION_PORT": "5055",
    "WEB_PORT": "8080",
    "BEHEER_PORT": "8090",  # beheer in de browser (hulpwijzer/beheer), for staff
    "BIND_HOST": "127.0.0.1",
    "ENDPOINTS_FILE": "endpoints.yml",
    "TRACKER_DB": "var/tracker.db",
    "CORS_ORIGINS": "",
    "RASA_TELEMETRY_ENABLED": "false",
    # Empty: the action server on this machine (ACTION_PORT). Containers name their own.
    "ACTION_ENDPOINT_URL": "",
    # Largest HTTP body the Rasa server (Sanic) accepts; the guard cuts the text further.
    # Given to the Rasa server only: the action server gets whole conversations from Rasa.
    "SANIC_REQUEST_MAX_SIZE": "1000000",
}


def ensure_token(env_file: Path = ENV_FILE) -> None:
    """Write a random RASA_TOKEN into .env on first run, so the HTTP API is never open."""
    if os.environ.get("RASA_TOKEN") or dotenv_values(env_file).get("RASA_TOKEN"):
        return
    if not env_file.exists():
        env_file.write_text("# Local settings; see .env.example. Never commit this file.\n")
    set_key(str(env_file), "RASA_TOKEN", secrets.token_urlsafe(24), quote_mode="never")
    print(f"Generated a new RASA_TOKEN in {env_file.name}.")


@dataclass(frozen=True)
class Settings:
    values: dict

    def __getitem__(self, key: str) -> str:
        return self.values[key]

    def port(self, key: str) -> int:
        return int(self.values[key])

    @property
    def cors_origins(self) -> list:
        configured = [o.strip() for o in self.values.get("CORS_ORIGINS", "").split(",") if o.strip()]
        if configured:
            return configured
        host = "localhost"
        return [f"http://{host}:{self['WEB_PORT']}", f"http://127.0.0.1:{self['WEB_PORT']}"]

    def process_env(self) -> dict:
        """The environment for the child processes: ours on top of the caller's."""
        env = dict(os.environ)
        env.update({k: v for k, v in self.values.items() if v is not None})
        env["RASA_TELEMETRY_ENABLED"] = "false"
        env.pop("SANIC_REQUEST_MAX_SIZE", None)  # for the Rasa server only (scripts/stack.py)
        env["ACTION_ENDPOINT_URL"] = self.values.get("ACTION_ENDPOINT_URL") or f"http://127.0.0.1:{self['ACTION_PORT']}/webhook"
        return env


def load(env_file: Path = ENV_FILE, overrides: Optional[dict] = None) -> Settings:
    """Defaults < `.env` < the environment < `overrides` (tests and benchmarks set ports here)."""
    values = dict(DEFAULTS)
    values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update({k: v for k, v in os.environ.items() if k in values or k.startswith(("RASA_", "TRACKER_", "LOCK_", "TELEGRAM_", "TWILIO_", "BEHEER_"))})
    values.update(overrides or {})
    return Settings(values)
