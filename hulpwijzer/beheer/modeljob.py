"""Train and swap the model in the background (make reload), or put the previous one back
(make rollback), one job at a time; the model page shows its progress from the job's log."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Optional

from hulpwijzer.beheer import project

LOG = project.CODE_ROOT / "var" / "log" / "beheer-model.log"
_lock = threading.Lock()


@dataclass
class Job:
    kind: str  # "nieuw model" or "vorig model terug"
    by: str
    started: float
    process: subprocess.Popen

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    @property
    def succeeded(self) -> bool:
        return self.process.poll() == 0


_job: Optional[Job] = None


def current() -> Optional[Job]:
    return _job


def start(by: str, rollback: bool = False) -> bool:
    """Start the job; False when one is still running."""
    global _job
    with _lock:
        if _job is not None and _job.running:
            return False
        LOG.parent.mkdir(parents=True, exist_ok=True)
        log = open(LOG, "wb")  # noqa: SIM115 - the child writes to it; closed with the process
        command = [sys.executable, *project.RELOAD_COMMAND, *([project.ROLLBACK_OPTION] if rollback else [])]
        process = subprocess.Popen(command, cwd=project.CODE_ROOT, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        _job = Job("vorig model terug" if rollback else "nieuw model", by, time.time(), process)
        return True


def log_tail(lines: int = 15) -> str:
    if not LOG.exists():
        return ""
    return "\n".join(LOG.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
