"""CPU time a process has used so far (user + system), from /proc: robust on a busy machine.

Latency on a shared machine moves with what others run; the CPU time our Rasa server spends
on a message does much less, so the benchmark reports it per kind of message too.
"""
from __future__ import annotations

import os
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process (all its threads), in seconds; NaN if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return float("nan")
    fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND
