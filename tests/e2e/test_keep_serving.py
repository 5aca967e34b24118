"""`make run` keeps serving when one of its parts dies (issue 16).

Starts `make run` as a user does (free ports), and during conversations kills each part in
turn with SIGKILL: the action server (answers go on, degraded while it is down, full again
soon after it is back), the Rasa server (the conversation goes on where it was once it is
back) and the demo web server. Then Ctrl-C, which must still leave no process behind.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import List, Optional

import pytest

from hulpwijzer.core.texts import channel_text
from tools.measure.first_answer import _processes_mentioning
from hulpwijzer.ops.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 600  # the first start may train; a restart loads the model again
FULL_AGAIN_WITHIN = 30  # seconds after the action server answers its health check again


class MakeRun:
    """`make run` in its own process group, its output collected as it comes."""

    def __init__(self):
        self.ports = {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "WEB_PORT": free_port(), "BEHEER_PORT": free_port()}
        self.marker = f"keep-serving-{os.getpid()}-{time.time_ns()}"
        env = dict(os.environ, **{k: str(v) for k, v in self.ports.items()}, HULPWIJZER_RUN_MARKER=self.marker)
        self.process = subprocess.Popen(["make", "--no-print-directory", "run"], cwd=ROOT, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        self.lines: List[str] = []
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.decode(errors="replace"))

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def url(self, port: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[port]}{path}"

    def send(self, sender: str, text: str) -> Optional[str]:
        """The bot's texts, joined; None when the Rasa server does not answer."""
        request = urllib.request.Request(self.url("RASA_PORT", "/webhooks/rest/webhook"),
                                         data=json.dumps({"sender": sender, "message": text}).encode(),
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return "\n".join(m.get("text", "") for m in json.loads(response.read().decode()))
        except (urllib.error.URLError, OSError, ValueError):
            return None

    def answers(self, url: str) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def wait_until(self, check, what: str, timeout: float = START_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"make run stopped while waiting for {what}:\n{self.output[-3000:]}"
            result = check()
            if result:
                return result
            time.sleep(0.5)
        raise AssertionError(f"{what}: not within {timeout:.0f} s.\n{self.output[-3000:]}")

    def pid_of(self, *words: str) -> int:
        """The one process of this `make run` whose command line has all these words."""
        found = []
        for pid in _processes_mentioning(self.marker):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if all(word in cmdline for word in words):
                found.append(pid)
        assert len(found) == 1, f"expected one process with {words}, found {found}"
        return found[0]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)  # what Ctrl-C does
            try:
                self.process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _full_help(gemeente: str, topic: str) -> str:
    """The first partner the directory gives for the topic in the gemeente (what a full answer names)."""
    from hulpwijzer.core.directory.lookup import find_help
    from hulpwijzer.core.directory.store import get_store

    return find_help(get_store().services, topic, gemeente)[0].organization.name


@pytest.fixture(scope="module")
def make_run(trained_model):
    run = MakeRun()
    try:
        run.wait_until(lambda: run.send("keep-serving-check", "hoi"), "a first answer")
        yield run
    finally:
        run.stop()


@pytest.mark.slow
def test_the_action_server_is_restarted_and_answers_go_on_meanwhile(make_run):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    assert make_run.send(sender, "hoi")
    old_pid = make_run.pid_of("run actions", f"--port {make_run.ports['ACTION_PORT']}")
    os.kill(old_pid, signal.SIGKILL)

    degraded = make_run.send(sender, "mijn zoon wordt gepest")
    assert degraded and channel_text("storing", "intro") in degraded, f"no degraded answer while the action server was down: {degraded!r}"

    make_run.wait_until(lambda: make_run.answers(make_run.url("ACTION_PORT", "/health")), "the action server back")
    back = time.monotonic()
    assert make_run.pid_of("run actions", f"--port {make_run.ports['ACTION_PORT']}") != old_pid
    expected = _full_help("Oss", "pesten")

    def full_answer():
        answer = make_run.send(sender, "ik zoek hulp bij pesten in Oss")
        return answer if answer and channel_text("storing", "intro") not in answer and expected in answer else None

    make_run.wait_until(full_answer, "a full answer after the restart", timeout=FULL_AGAIN_WITHIN)
    assert time.monotonic() - back <= FULL_AGAIN_WITHIN
    assert "The action server stopped (killed by SIGKILL); starting it again" in make_run.output
    # The supervisor notices the restart on its next round (it checks twice a second).
    make_run.wait_until(lambda: "The action server is back" in make_run.output, "the restart logged", timeout=30)


@pytest.mark.slow
def test_the_rasa_server_is_restarted_and_the_conversation_goes_on_where_it_was(make_run):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    asked = make_run.send(sender, "mijn zoon wordt gepest")
    assert asked and channel_text("storing", "intro") not in asked  # the form now waits for the place
    old_pid = make_run.pid_of("rasa run", "--model", f"--port {make_run.ports['RASA_PORT']}")
    os.kill(old_pid, signal.SIGKILL)

    make_run.wait_until(lambda: make_run.answers(make_run.url("RASA_PORT", "/")), "the Rasa server back")
    assert make_run.pid_of("rasa run", "--model", f"--port {make_run.ports['RASA_PORT']}") != old_pid
    answer = make_run.send(sender, "we wonen in Oss")
    # The topic given before the crash is still known: the answer is the help for it.
    assert answer and _full_help("Oss", "pesten") in answer, answer
    assert "The Rasa server stopped (killed by SIGKILL)" in make_run.output
    # The other parts kept running.
    assert make_run.answers(make_run.url("WEB_PORT", "/")) and make_run.answers(make_run.url("ACTION_PORT", "/health"))


@pytest.mark.slow
def test_the_web_server_is_restarted(make_run):
    old_pid = make_run.pid_of("hulpwijzer.ops.web_server", f"--port {make_run.ports['WEB_PORT']}")
    os.kill(old_pid, signal.SIGKILL)
    make_run.wait_until(lambda: make_run.answers(make_run.url("WEB_PORT", "/")), "the demo page back")
    assert make_run.pid_of("hulpwijzer.ops.web_server", f"--port {make_run.ports['WEB_PORT']}") != old_pid
    assert "The demo web page stopped (killed by SIGKILL)" in make_run.output
    assert make_run.send(f"test-{uuid.uuid4().hex[:12]}", "hoi")


@pytest.mark.slow
def test_ctrl_c_still_stops_everything_after_restarts(make_run):
    make_run.stop()
    assert "All processes stopped." in make_run.output, make_run.output[-3000:]
    assert "crash loop" not in make_run.output
    time.sleep(1)
    leftovers = [pid for pid in _processes_mentioning(make_run.marker) if pid != os.getpid()]
    assert leftovers == [], f"processes left after Ctrl-C: {leftovers}"


@pytest.mark.slow
def test_serve_supervise_restarts_its_process_and_stops_with_it(tmp_path):
    """Production without a service manager: `python -m hulpwijzer.ops.serve actions --supervise`."""
    import sys

    port = free_port()
    marker = f"serve-supervise-{os.getpid()}-{time.time_ns()}"
    env = dict(os.environ, ACTION_PORT=str(port), HULPWIJZER_RUN_MARKER=marker, PYTHONPATH=str(ROOT))
    serve = subprocess.Popen([sys.executable, "-m", "hulpwijzer.ops.serve", "actions", "--supervise"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    lines: List[str] = []
    reader = threading.Thread(target=lambda: lines.extend(line.decode(errors="replace") for line in serve.stdout), daemon=True)
    reader.start()
    health = f"http://127.0.0.1:{port}/health"

    def child() -> Optional[int]:
        for pid in _processes_mentioning(marker):
            try:
                if pid != serve.pid and b"run\0actions" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    return pid
            except OSError:
                pass
        return None

    def up(previous: Optional[int] = None) -> Optional[int]:
        if not any("is up; it is started again" in line for line in lines):
            return None
        try:
            with urllib.request.urlopen(health, timeout=5):
                pass
        except (urllib.error.URLError, OSError):
            return None
        pid = child()
        return pid if pid and pid != previous else None

    def wait(check):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and serve.poll() is None:
            result = check()
            if result:
                return result
            time.sleep(0.5)
        raise AssertionError(f"the action server did not answer:\n{''.join(lines)[-3000:]}")

    try:
        first = wait(up)
        os.kill(first, signal.SIGKILL)
        second = wait(lambda: up(first))
        assert second != first
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
        reader.join(timeout=10)
    output = "".join(lines)
    assert "The action server stopped (killed by SIGKILL)" in output
    time.sleep(1)
    assert [pid for pid in _processes_mentioning(marker) if pid != os.getpid()] == []
