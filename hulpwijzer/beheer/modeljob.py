"""Train and swap the model in the background (make reload), or put the previous one back
(make rollback), one job at a time, for the project staff edit; then measure the model the bot
now uses (make eval's summary). The model page shows the progress from the job's log and, when
it is done, the summary this job wrote (each job removes the one before, so an older model's
figures are never shown)."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Optional

from hulpwijzer.beheer import project
from hulpwijzer.staff.reload_model import TRAINED_NOT_IN_USE

LOG = project.MODEL_JOB_LOG
SUMMARY = project.MODEL_JOB_SUMMARY
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
        """The model is ready (trained or put back), whether or not a bot took it."""
        return self.process.poll() in (0, TRAINED_NOT_IN_USE)

    @property
    def in_use(self) -> bool:
        """The running bot answered that it uses the model now."""
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
        SUMMARY.unlink(missing_ok=True)
        log = open(LOG, "wb")  # noqa: SIM115 - the child writes to it; closed with the process
        command = [sys.executable, *project.model_job_command(rollback)]
        process = subprocess.Popen(command, cwd=project.CODE_ROOT, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        _job = Job("vorig model terug" if rollback else "nieuw model", by, time.time(), process)
        return True


def log_tail(lines: int = 25) -> str:
    if not LOG.exists():
        return ""
    return "\n".join(LOG.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def summary() -> Optional[dict]:
    """The last job's summary once it has succeeded: {"summary": Summary} or {"unavailable": why}."""
    if _job is None or not _job.succeeded:
        return None
    result = project.model_summary.read_result(SUMMARY)
    if result is None:
        return {"unavailable": "de taak heeft het model niet gemeten. Kijk in het logboek hierboven."}
    if "figures" in result:
        return {"summary": project.model_summary.summarise(result["figures"])}
    return {"unavailable": result["unavailable"]}
