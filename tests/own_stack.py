"""Private stacks and database servers for tests that stop or break things.

The session-wide `bot` fixture must stay healthy for every other test, so the production,
fault and flood tests start their own action server and Rasa server(s) on free ports, and
their own PostgreSQL and Redis (Debian packages, loopback only, data in a temp dir).
Where a server program is missing the test skips and says which package to install.
"""
from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import pytest

from conftest import RunningBot
from hulpwijzer import config as settings_module
from hulpwijzer.config import Settings
from hulpwijzer.ops.stack import Service, Stack, action_server, free_port, rasa_server

PRODUCTION_ENDPOINTS = "deploy/endpoints.production.yml"


@dataclass
class OwnStack:
    bots: List[RunningBot]
    action: Service
    rasa: List[Service]
    stack: Stack

    @property
    def bot(self) -> RunningBot:
        return self.bots[0]

    def start_again(self, service: Service, timeout: float = 240) -> None:
        """Start a service this test stopped, and wait until it answers its health check."""
        service.start(self.stack.settings.process_env())
        wait_until_healthy(service, timeout)


def wait_until_healthy(service: Service, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not service.is_healthy():
        if not service.running():
            raise RuntimeError(f"The {service.name} stopped during start-up.")
        if time.monotonic() > deadline:
            raise RuntimeError(f"The {service.name} did not start within {timeout:.0f} s.")
        time.sleep(0.5)


def _settings(overrides: Dict[str, str], workdir: Path) -> Settings:
    return settings_module.load(env_file=workdir / "no.env", overrides=overrides)


@contextlib.contextmanager
def own_stack(model: Path, workdir: Path, rasa_servers: int = 1, env: Optional[Dict[str, str]] = None) -> Iterator[OwnStack]:
    """An action server and `rasa_servers` Rasa servers (same model, same endpoints).

    All processes start at once (one Stack), so two Rasa servers cost about one start-up.
    """
    token = "test-token-" + uuid.uuid4().hex
    base = {
        "ACTION_PORT": str(free_port()),
        "RASA_TOKEN": token,
        "TRACKER_DB": str(workdir / "tracker.db"),
        "ENDPOINTS_FILE": "endpoints.yml",
        **(env or {}),
    }
    all_settings = [_settings({**base, "RASA_PORT": str(free_port())}, workdir) for _ in range(rasa_servers)]
    action = action_server(all_settings[0], workdir)
    rasa_services = []
    for index, settings in enumerate(all_settings):
        logs = workdir / f"rasa{index}"
        logs.mkdir(exist_ok=True)
        rasa_services.append(rasa_server(settings, model, logs))
    bots = [
        RunningBot(
            url=f"http://127.0.0.1:{settings['RASA_PORT']}",
            token=token,
            action_url=f"http://127.0.0.1:{settings['ACTION_PORT']}",
            tracker_db=Path(settings["TRACKER_DB"]),
        )
        for settings in all_settings
    ]
    # The Rasa command lines carry their own ports; the environment (action endpoint,
    # database, lock store) is the same for all, so the first settings serve them all.
    stack = Stack([action, *rasa_services], all_settings[0])
    stack.start()
    try:
        yield OwnStack(bots, action, rasa_services, stack)
    finally:
        stack.stop()


# --- PostgreSQL and Redis from Debian packages -------------------------------------------

def _postgres_bin() -> Optional[Path]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_postgres(command: List[str]) -> List[str]:
    """PostgreSQL refuses to run as root: run it as the `postgres` user then."""
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *command]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]


@dataclass
class Postgres:
    bin_dir: Path
    data_dir: Path
    port: int

    def env(self) -> Dict[str, str]:
        return {"TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": str(self.port),
                "TRACKER_DB_NAME": "hulpwijzer", "TRACKER_DB_USER": "postgres", "TRACKER_DB_PASSWORD": ""}

    def _ctl(self, *args: str) -> None:
        subprocess.run(_as_postgres([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), *args]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, timeout=120)

    def start(self) -> None:
        self._ctl("-w", "-l", str(self.data_dir / "server.log"),
                  "-o", f"-p {self.port} -k {self.data_dir} -c listen_addresses=127.0.0.1", "start")

    def stop(self) -> None:
        self._ctl("-w", "-m", "fast", "stop")

    def running(self) -> bool:
        return (self.data_dir / "postmaster.pid").exists()

    def query(self, sql: str, *params) -> list:
        """Rows of one query on the bot's database (psycopg2 comes with Rasa)."""
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="hulpwijzer")
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()


@contextlib.contextmanager
def postgres_server() -> Iterator[Postgres]:
    """A fresh PostgreSQL on a free loopback port with an empty database `hulpwijzer`.

    The data lives in its own directory directly under the temp dir: pytest's own dirs are
    private (0700), and the server runs as the `postgres` user when we are root.
    """
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql); the scale-out test needs it.")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("PostgreSQL refuses to run as root and `runuser` is missing (util-linux).")
    home = Path(tempfile.mkdtemp(prefix="hulpwijzer-pg-"))
    os.chmod(home, 0o755)
    data_dir = home / "pgdata"
    data_dir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data_dir, "postgres", "postgres")
    server = Postgres(bin_dir, data_dir, free_port())
    try:
        subprocess.run(_as_postgres([str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "postgres", "-A", "trust", "--no-sync"]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, timeout=180)
        server.start()
        subprocess.run(_as_postgres([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", "hulpwijzer"]),
                       check=True, timeout=60)
        yield server
    finally:
        if server.running():
            server.stop()
        shutil.rmtree(home, ignore_errors=True)


@dataclass
class Redis:
    binary: str
    port: int
    db: int = 1
    process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        """Start (again, on the same port) and wait until it answers."""
        import redis

        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                self.client().ping()
                return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("redis-server did not start")
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)

    def env(self) -> Dict[str, str]:
        return {"LOCK_STORE_HOST": "127.0.0.1", "LOCK_STORE_PORT": str(self.port), "LOCK_STORE_DB": str(self.db),
                "LOCK_STORE_PASSWORD": ""}

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, db=self.db)

    def command_calls(self, command: str) -> int:
        """How often a Redis command ran since the server started (INFO commandstats)."""
        return int(self.client().info("commandstats").get(f"cmdstat_{command}", {}).get("calls", 0))

    def keys(self, pattern: str) -> List[str]:
        return sorted(key.decode() for key in self.client().keys(pattern))


@contextlib.contextmanager
def redis_server() -> Iterator[Redis]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("Redis is not installed (apt-get install redis-server); the scale-out test needs it.")
    server = Redis(binary, free_port())
    try:
        server.start()
        yield server
    finally:
        server.stop()
