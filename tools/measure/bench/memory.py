"""Memory of a running process from /proc: its resident set now, and its high-water mark."""
from __future__ import annotations

from pathlib import Path


def _status_mb(pid: int, field: str) -> float:
    """A memory field of /proc/<pid>/status in MB, or NaN if the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def peak_rss_mb(pid: int) -> float:
    """VmHWM of the process in MB (what it used at most so far), or NaN if it is gone."""
    return _status_mb(pid, "VmHWM")


def rss_mb(pid: int) -> float:
    """Resident set size (VmRSS) of a process in MB, NaN when it is gone."""
    return _status_mb(pid, "VmRSS")
