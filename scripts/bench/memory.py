"""Peak memory of a running process: the kernel's high-water mark of its resident set."""
from __future__ import annotations

from pathlib import Path


def peak_rss_mb(pid: int) -> float:
    """VmHWM of the process in MB (what it used at most so far), or NaN if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")
