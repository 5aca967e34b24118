"""The one place for settings and paths of the Hulpwijzer.

Every file path the code uses starts here (ROOT and the names below), and this is the only
module that reads os.environ: `load()` for the processes that start others (the stack, the
container entry point, the jobs), `setting()` / `number()` for a setting read inside a served
process, which the stack or the container passes through its environment.

Environment variables win over `.env`; `.env` wins over the defaults here.

Package layout (docs/architecture.md has the why):
    hulpwijzer.core         no Rasa: concepts, places, audience, redaction, the directory, texts
    hulpwijzer.rasa_server  what the Rasa server loads by module path (NLU steps, channels,
                            stores, the model swap) and compat (every touch of Rasa and Sanic internals)
    hulpwijzer.ops          what production runs: serve, the stack, retention, the web server
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

MODEL_NAME = "hulpwijzer"


@dataclass(frozen=True)
class ModelPaths:
    """What staff edit that goes into a model, and where that model is kept, in one project
    folder: this code's own (MODEL_PATHS), or the project the beheer app edits (BEHEER_ROOT,
    hulpwijzer/beheer/project.py). What our NLU steps read themselves while training (the
    concepts, the safety corpus, the spaCy pipeline) always comes from this code's folder."""
    root: Path
    config: Path
    domain: Path
    training_data: tuple
    directory: Path
    model_dir: Path
    model_file: Path
    fingerprint_file: Path
    previous_dir: Path  # models kept by make reload, for make rollback


def model_paths(root: Path) -> ModelPaths:
    root = Path(root)
    data, models = root / "data", root / "models"
    return ModelPaths(
        root=root, config=root / "bot" / "config.yml", domain=root / "bot" / "domain",
        training_data=(data / "nlu", data / "rules"),  # the same folders as TRAINING_DATA in the Makefile
        directory=data / "directory", model_dir=models, model_file=models / f"{MODEL_NAME}.tar.gz",
        fingerprint_file=models / f"{MODEL_NAME}.fingerprint", previous_dir=models / "previous",
    )


# What goes into the model and where it is kept.
MODEL_PATHS = model_paths(ROOT)
BOT_CONFIG = MODEL_PATHS.config
DOMAIN_DIR = MODEL_PATHS.domain
CREDENTIALS_FILE = ROOT / "bot" / "credentials.yml"
DATA_DIR = ROOT / "data"
TRAINING_DATA = list(MODEL_PATHS.training_data)
CONCEPTS_DIR = DATA_DIR / "concepts"
DIRECTORY_DIR = MODEL_PATHS.directory
SAFETY_DIR = DATA_DIR / "safety"
MODEL_DIR = MODEL_PATHS.model_dir
MODEL_FILE = MODEL_PATHS.model_file
FINGERPRINT_FILE = MODEL_PATHS.fingerprint_file
SPACY_MODEL_DIR = MODEL_DIR / "spacy" / "nl"
# Messages nobody on the team wrote, for make eval and the beheer's summary after a model job
# (tests/heldout/README.md). The image ships them (.dockerignore); nothing trains on them.
HELDOUT_DIR = ROOT / "tests" / "heldout"
HELDOUT_QUESTIONS = HELDOUT_DIR / "questions" / "public_questions.yml"
HELDOUT_CHAT = HELDOUT_DIR / "questions" / "chat_requests.yml"
HELDOUT_SAFETY_DIR = HELDOUT_DIR / "safety"
VAR_DIR = ROOT / "var"
WEB_DIR = ROOT / "web"
DOCS_DIR = ROOT / "docs"

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
        env.pop("SANIC_REQUEST_MAX_SIZE", None)  # for the Rasa server only (hulpwijzer/ops/stack.py)
        env["ACTION_ENDPOINT_URL"] = self.values.get("ACTION_ENDPOINT_URL") or f"http://127.0.0.1:{self['ACTION_PORT']}/webhook"
        return env


def load(env_file: Path = ENV_FILE, overrides: Optional[dict] = None) -> Settings:
    """Defaults < `.env` < the environment < `overrides` (tests and benchmarks set ports here)."""
    values = dict(DEFAULTS)
    values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update({k: v for k, v in os.environ.items() if k in values or k.startswith(("RASA_", "TRACKER_", "LOCK_", "TELEGRAM_", "TWILIO_", "BEHEER_"))})
    values.update(overrides or {})
    return Settings(values)


def setting(name: str, default: str = "") -> str:
    """A setting read inside a served process (Rasa server, action server): its environment,
    which the stack or the container fills from `.env` and the defaults; empty means unset."""
    return os.environ.get(name) or default


def child_environment(**extra: str) -> dict:
    """This process's environment for a child process (rasa train, a server), with `extra` on top."""
    return {**os.environ, **extra}


def number(name: str, default: float) -> float:
    """A numeric setting of a served process; a value that is not a number keeps the default."""
    try:
        return float(setting(name) or default)
    except ValueError:
        return default


def apply(settings: Settings) -> None:
    """Make `settings` the environment of this process (jobs that run Rasa code in-process)."""
    os.environ.update(settings.process_env())
