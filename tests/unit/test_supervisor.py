"""The supervisor's rules (hulpwijzer/ops/supervisor.py) with real short-lived processes.

The whole stack under `make run`, with parts killed during a conversation, is tested in
tests/e2e/test_keep_serving.py.
"""
from __future__ import annotations

import signal
import sys

import pytest

from hulpwijzer.ops.stack import Service
from hulpwijzer.ops.supervisor import CrashLoop, Supervisor, backoff, exit_reason


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _service(name: str, code: str, tmp_path) -> Service:
    return Service(name, [sys.executable, "-c", code], "http://127.0.0.1:9/", tmp_path / f"{name}.log")


def _started(service: Service) -> Service:
    service.start({})
    return service


def test_reasons_and_backoff():
    assert exit_reason(-signal.SIGKILL) == "killed by SIGKILL"
    assert exit_reason(3) == "exit code 3"
    assert [backoff(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def test_a_part_that_exits_is_started_again_after_its_backoff_and_the_others_are_left_alone(tmp_path):
    clock = Clock()
    crashing = _started(_service("crashing", "import sys; sys.exit(3)", tmp_path))
    steady = _started(_service("steady", "import time; time.sleep(60)", tmp_path))
    steady_pid = steady.process.pid
    crashing.process.wait(timeout=30)
    log = tmp_path / "supervisor.log"
    supervisor = Supervisor([crashing, steady], dict, log, clock=clock)
    try:
        supervisor.check()
        assert "The crashing stopped (exit code 3); starting it again in 1 s" in log.read_text()
        first = crashing.process
        supervisor.check()  # the back-off has not passed: not started yet
        assert crashing.process is first
        clock.now += 1.0
        supervisor.check()
        assert crashing.process is not first, "not started again"
        crashing.process.wait(timeout=30)
        supervisor.check()
        assert "starting it again in 2 s (2 of at most 5 restarts" in log.read_text()
        assert steady.running() and steady.process.pid == steady_pid
    finally:
        crashing.stop()
        steady.stop()


def test_a_crash_loop_stops_with_a_clear_message(tmp_path):
    clock = Clock()
    crashing = _started(_service("crashing", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)", tmp_path))
    supervisor = Supervisor([crashing], dict, tmp_path / "supervisor.log", max_restarts=2, window=60, clock=clock)
    with pytest.raises(CrashLoop) as loop:
        for _ in range(10):
            crashing.process.wait(timeout=30)
            supervisor.check()  # notices the exit
            clock.now += 30.0
            supervisor.check()  # starts it again
    assert "The crashing stopped 3 times within 60 s (last: killed by SIGKILL): a crash loop" in str(loop.value)
    crashing.stop()


def test_exits_long_ago_do_not_count_towards_a_crash_loop(tmp_path):
    clock = Clock()
    crashing = _started(_service("crashing", "import sys; sys.exit(1)", tmp_path))
    supervisor = Supervisor([crashing], dict, tmp_path / "supervisor.log", max_restarts=2, window=60, clock=clock)
    for _ in range(6):
        crashing.process.wait(timeout=30)
        supervisor.check()
        clock.now += 61.0  # each exit is more than a window after the one before
        supervisor.check()
    assert "1 of at most 2 restarts" in (tmp_path / "supervisor.log").read_text().splitlines()[-1]
    crashing.stop()
