"""The demo web server (scripts/web_server.py, what `make run` serves) for tests, on a free port."""
from __future__ import annotations

import contextlib
import os

from scripts import settings as settings_module
from scripts.stack import Stack, web_server
from tests.conftest import free_port


@contextlib.contextmanager
def demo_web_server(rasa_port, workdir):
    """The demo pages (scripts/web_server.py), telling the chat to use the Rasa server on rasa_port."""
    port = free_port()
    os.environ["WEB_PORT"] = str(port)
    os.environ["RASA_PORT"] = str(rasa_port)
    try:
        settings = settings_module.load(env_file=workdir / "no.env")
    finally:
        os.environ.pop("WEB_PORT")
        os.environ.pop("RASA_PORT")
    stack = Stack([web_server(settings)], settings)
    stack.start(timeout=30)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stack.stop()
