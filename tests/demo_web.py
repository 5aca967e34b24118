"""The demo web server (hulpwijzer/ops/web_server.py, what `make run` serves) for tests, on a free port."""
from __future__ import annotations

import contextlib

from hulpwijzer import config as settings_module
from hulpwijzer.ops.stack import Stack, web_server


@contextlib.contextmanager
def demo_web_server(rasa_port, web_port, workdir):
    """The demo pages (hulpwijzer/ops/web_server.py) on web_port, telling the chat to use the Rasa
    server on rasa_port. The bot only accepts the web chat from its configured origin, so
    web_port must be the WEB_PORT the bot was started with."""
    port = str(web_port)
    settings = settings_module.load(env_file=workdir / "no.env", overrides={"WEB_PORT": port, "RASA_PORT": str(rasa_port)})
    stack = Stack([web_server(settings)], settings)
    stack.start(timeout=30)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stack.stop()
