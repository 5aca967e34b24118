"""Shared test fixtures.

`bot` starts the real stack once per test session: the trained model (trained once, only
if the data changed), the action server and the Rasa server on free ports, with a fresh
SQLite tracker store. Tests talk to it through the REST channel like any client would.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hulpwijzer import config as settings_module  # noqa: E402
from hulpwijzer.ops.stack import Stack, action_server, free_port, rasa_server  # noqa: E402
from hulpwijzer.ops.train_if_changed import MODEL_FILE  # noqa: E402
from hulpwijzer.known_warnings import filters_for_pytest, import_without_known_harmless, silence_sqlalchemy_20_notice  # noqa: E402


def pytest_configure(config):
    # The known harmless warnings (hulpwijzer/known_warnings.py) stay out of the test run's
    # warning summary too, so a new warning stands out there.
    silence_sqlalchemy_20_notice()
    import_without_known_harmless("rasa.core.run")
    for entry in filters_for_pytest():
        config.addinivalue_line("filterwarnings", entry)


@dataclass
class RunningBot:
    url: str
    token: str
    action_url: str
    tracker_db: Path
    directory: Optional[Path] = None  # the partner directory the action server reads (a copy, tests may edit it)

    def post(self, path: str, payload: dict, timeout: float = 60) -> list:
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode() or "null")

    def send(self, sender: str, text: str, metadata: dict = None) -> list:
        """Send one message through the REST channel; returns the bot's messages."""
        payload = {"sender": sender, "message": text}
        if metadata:
            payload["metadata"] = metadata
        return self.post("/webhooks/rest/webhook", payload)

    def texts(self, sender: str, text: str, metadata: dict = None) -> str:
        """The bot's reply to one message, all texts joined (for simple assertions)."""
        return "\n".join(m.get("text", "") for m in self.send(sender, text, metadata))

    def tracker(self, sender: str) -> dict:
        with urllib.request.urlopen(
            f"{self.url}/conversations/{sender}/tracker?token={self.token}", timeout=30
        ) as response:
            return json.loads(response.read().decode())

    def slots(self, sender: str) -> dict:
        return self.tracker(sender)["slots"]

    @staticmethod
    def new_sender() -> str:
        return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model, trained once per session and only when the data changed."""
    result = subprocess.run([sys.executable, "-m", "hulpwijzer.ops.train_if_changed"], cwd=ROOT)
    assert result.returncode == 0, "training failed"
    return MODEL_FILE


@pytest.fixture(scope="session")
def messenger_api():
    """Stand-ins for the Telegram and Twilio APIs; the bot's messengers (on in `bot`) talk to them."""
    from tests.messenger_stub import MessengerApiStub

    stub = MessengerApiStub.for_tests().start()
    yield stub
    stub.stop()


@pytest.fixture(scope="session")
def bot_stack(trained_model, tmp_path_factory, messenger_api):
    """The running action server + Rasa server. Yields (RunningBot, Stack)."""
    workdir = tmp_path_factory.mktemp("bot")
    overrides = {
        **messenger_api.env(),
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "RASA_TOKEN": "test-token-" + uuid.uuid4().hex,
        "TRACKER_DB": str(workdir / "tracker.db"),
        "ENDPOINTS_FILE": "endpoints.yml",
        # The demo page's port: its origin is the one the bot allows (CORS, socket.io).
        "WEB_PORT": str(free_port()),
    }
    # The action server reads a session copy of the directory, so a test may edit it live
    # (tests/e2e/test_live_directory.py) without ever touching data/directory/.
    directory = workdir / "directory"
    shutil.copytree(ROOT / "data" / "directory", directory)
    overrides["DIRECTORY_PATH"] = str(directory)
    settings = settings_module.load(env_file=workdir / "no.env", overrides=overrides)
    stack = Stack(
        [action_server(settings, workdir), rasa_server(settings, trained_model, workdir)], settings
    )
    stack.start()
    bot = RunningBot(
        url=f"http://127.0.0.1:{settings['RASA_PORT']}",
        token=settings["RASA_TOKEN"],
        action_url=f"http://127.0.0.1:{settings['ACTION_PORT']}",
        tracker_db=Path(settings["TRACKER_DB"]),
        directory=directory,
    )
    yield bot, stack
    stack.stop()


@pytest.fixture(scope="session")
def bot(bot_stack) -> RunningBot:
    return bot_stack[0]


@pytest.fixture
def sender(bot) -> str:
    return bot.new_sender()
