"""Start and stop the three processes of the bot: action server, Rasa server, demo web page.

Used by `make run` (tools/run.py) and by the tests, so both start the bot the same way.
Each process gets its own process group, so stopping kills its children too.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from hulpwijzer.ops import channel_credentials
from hulpwijzer.config import ROOT, Settings

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port nobody listens on right now (for tests and benchmarks)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Service:
    name: str
    command: List[str]
    health_url: str
    log_path: Optional[Path] = None
    process: Optional[subprocess.Popen] = field(default=None, repr=False)
    # Settings for this process only, on top of the shared environment.
    extra_env: Dict[str, str] = field(default_factory=dict)

    def start(self, env: dict) -> None:
        out = open(self.log_path, "ab") if self.log_path else None
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env={**env, **self.extra_env},
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
        )

    def is_healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def terminate(self) -> None:
        """Ask the process group to stop (SIGTERM); `stop` or `wait_stopped` waits for it."""
        if self.running():
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def wait_stopped(self, timeout: float = 15) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()

    def stop(self, timeout: float = 15) -> None:
        if not self.running():
            return
        self.terminate()
        self.wait_stopped(timeout)


def action_server(settings: Settings, log_dir: Optional[Path] = None) -> Service:
    port = settings["ACTION_PORT"]
    return Service(
        "action server",
        [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", port],
        f"http://127.0.0.1:{port}/health",
        log_dir / "actions.log" if log_dir else None,
    )


def rasa_server(settings: Settings, model: Path, log_dir: Optional[Path] = None) -> Service:
    port = settings["RASA_PORT"]
    # Rasa gets bot/credentials.yml without the messengers whose credentials are not set.
    credentials = ROOT / "var" / "run" / f"credentials-{port}.yml"
    channels = channel_credentials.write(settings.values, credentials)
    for channel, missing in channels.half_set_up.items():
        print(f"{channel} stays off: {', '.join(missing)} not set (see .env.example).", file=sys.stderr)
    return Service(
        "Rasa server",
        [
            str(VENV_BIN / "rasa"), "run",
            "--model", str(model),
            "--endpoints", settings["ENDPOINTS_FILE"],
            "--credentials", str(credentials),
            "--interface", settings["BIND_HOST"],
            "--port", port,
            "--enable-api",
            "--auth-token", settings["RASA_TOKEN"],
            "--cors", *settings.cors_origins,
        ],
        f"http://127.0.0.1:{port}/",
        log_dir / "rasa.log" if log_dir else None,
        # Sanic reads a whole request body into memory: bound it for the public server only
        # (the action server receives whole conversations from Rasa).
        extra_env={"SANIC_REQUEST_MAX_SIZE": settings["SANIC_REQUEST_MAX_SIZE"]},
    )


def _python_server(settings: Settings, name: str, module: str, port_key: str, health_path: str,
                   log_dir: Optional[Path], log_name: str) -> Service:
    """One of our own Python web servers (`python -m module --port --bind`)."""
    port = settings[port_key]
    return Service(
        name,
        [sys.executable, "-m", module, "--port", port, "--bind", settings["BIND_HOST"]],
        f"http://127.0.0.1:{port}{health_path}",
        log_dir / log_name if log_dir else None,
    )


def web_server(settings: Settings, log_dir: Optional[Path] = None) -> Service:
    return _python_server(settings, "demo web page", "hulpwijzer.ops.web_server", "WEB_PORT", "/", log_dir, "web.log")


def beheer_server(settings: Settings, log_dir: Optional[Path] = None) -> Service:
    """Beheer in de browser (hulpwijzer/beheer): staff edit the directory behind a login."""
    return _python_server(settings, "beheer", "hulpwijzer.beheer.serve", "BEHEER_PORT", "/inloggen/", log_dir, "beheer.log")


class Stack:
    """The running services, started in order and stopped in reverse order."""

    def __init__(self, services: List[Service], settings: Settings):
        self.services = services
        self.settings = settings

    def start(self, timeout: float = 240) -> None:
        env = self.settings.process_env()
        (ROOT / "var").mkdir(exist_ok=True)
        for service in self.services:
            service.start(env)
        deadline = time.monotonic() + timeout
        for service in self.services:
            while not service.is_healthy():
                if not service.running():
                    self.stop()
                    raise RuntimeError(f"The {service.name} stopped during start-up.")
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"The {service.name} did not start within {timeout:.0f} s.")
                time.sleep(0.5)

    def stop(self) -> None:
        # All at once: each Rasa server takes seconds to shut down.
        for service in reversed(self.services):
            service.terminate()
        for service in reversed(self.services):
            service.wait_stopped()
