"""Keep the bot's processes running: a part that exits is started again, the others serve on.

Used by `make run` (tools/run.py) and by `python -m hulpwijzer.ops.serve --supervise` (production
without a service manager). A part that exits is started again after a back-off (1, 2, 4 ...
s, at most 30 s); every exit is logged with its reason (exit code or signal), never with
message text or sender ids. A part that exits more than `max_restarts` times within
`window` seconds is in a crash loop: then `CrashLoop` is raised and the caller stops all.
"""
from __future__ import annotations

import collections
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Deque, Dict, List, Optional

from hulpwijzer.ops.stack import Service

MAX_RESTARTS = 5
WINDOW_SECONDS = 300.0
FIRST_BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 30.0


class CrashLoop(RuntimeError):
    """A part keeps exiting; restarting it again would not help."""


def exit_reason(returncode: Optional[int]) -> str:
    """What ended a process, in words: 'killed by SIGKILL', 'exit code 1'."""
    if returncode is None:
        return "still running"
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit code {returncode}"


def backoff(exits_in_window: int, first: float = FIRST_BACKOFF_SECONDS, most: float = MAX_BACKOFF_SECONDS) -> float:
    """Seconds to wait before the next start: doubles with every recent exit."""
    return min(most, first * 2 ** max(0, exits_in_window - 1))


@dataclass
class _Watch:
    service: Service
    exits: Deque[float] = field(default_factory=collections.deque)
    restart_at: Optional[float] = None  # a start is due at this time
    started_at: Optional[float] = None  # restarted, not yet healthy
    restarts: int = 0


class Supervisor:
    """Watches services that were started (Stack.start) and restarts the ones that exit."""

    def __init__(self, services: List[Service], env_factory: Callable[[], Dict[str, str]],
                 log_file: Optional[Path] = None, max_restarts: int = MAX_RESTARTS,
                 window: float = WINDOW_SECONDS, first_backoff: float = FIRST_BACKOFF_SECONDS,
                 max_backoff: float = MAX_BACKOFF_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.watches = [_Watch(service) for service in services]
        self.env_factory = env_factory
        self.log_file = log_file
        self.max_restarts = max_restarts
        self.window = window
        self.first_backoff = first_backoff
        self.max_backoff = max_backoff
        self.clock = clock

    def log(self, text: str) -> None:
        line = f"{time.strftime('%Y-%m-%d %H:%M:%S')} supervisor: {text}"
        print(line, file=sys.stderr, flush=True)
        if self.log_file:
            with open(self.log_file, "a", encoding="utf-8") as out:
                out.write(line + "\n")

    def check(self) -> None:
        """One round: notice exits, start what is due, report parts that are back."""
        now = self.clock()
        for watch in self.watches:
            service = watch.service
            if watch.restart_at is None and not service.running():
                self._exited(watch, now)
            elif watch.restart_at is not None and now >= watch.restart_at:
                watch.restart_at = None
                watch.started_at = now
                watch.restarts += 1
                service.start(self.env_factory())
            elif watch.started_at is not None and service.running() and service.is_healthy():
                self.log(f"The {service.name} is back ({now - watch.started_at:.0f} s after its start).")
                watch.started_at = None

    def _exited(self, watch: _Watch, now: float) -> None:
        service = watch.service
        reason = exit_reason(service.process.returncode if service.process else None)
        _kill_leftovers(service)
        while watch.exits and now - watch.exits[0] > self.window:
            watch.exits.popleft()
        watch.exits.append(now)
        watch.started_at = None
        if len(watch.exits) > self.max_restarts:
            raise CrashLoop(
                f"The {service.name} stopped {len(watch.exits)} times within {self.window:.0f} s "
                f"(last: {reason}): a crash loop, so everything stops."
            )
        delay = backoff(len(watch.exits), self.first_backoff, self.max_backoff)
        watch.restart_at = now + delay
        log_hint = f" See {service.log_path}." if service.log_path else ""
        self.log(f"The {service.name} stopped ({reason}); starting it again in {delay:.0f} s "
                 f"({len(watch.exits)} of at most {self.max_restarts} restarts within {self.window:.0f} s).{log_hint}")

    def run(self, interval: float = 0.5) -> None:
        """Watch until a crash loop (CrashLoop) or an interrupt (KeyboardInterrupt, SystemExit)."""
        while True:
            self.check()
            time.sleep(interval)


def _kill_leftovers(service: Service) -> None:
    """A part that died may leave children in its process group: they would hold its port."""
    if service.process is None:
        return
    try:
        os.killpg(service.process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
