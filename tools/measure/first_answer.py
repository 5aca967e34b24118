"""Start `make run`, wait for the first answer on the REST channel, then stop it with Ctrl-C.

    python -m tools.measure.first_answer      # prints the seconds from `make run` to the first answer

The test suite uses the same function to check that `make run` answers and leaves no process.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import List

from hulpwijzer.config import ROOT


@dataclass
class FirstAnswer:
    seconds: float
    reply: list
    output: str
    leftover_pids: List[int]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _processes_mentioning(marker: str) -> List[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker in cmdline or marker.encode() in environ:
            pids.append(int(entry.name))
    return pids


def run_until_first_answer(timeout: float = 600, message: str = "hoi") -> FirstAnswer:
    ports = {"RASA_PORT": _free_port(), "ACTION_PORT": _free_port(), "WEB_PORT": _free_port()}
    marker = f"HULPWIJZER_RUN_MARKER={os.getpid()}-{time.time_ns()}"
    env = dict(os.environ, **{k: str(v) for k, v in ports.items()})
    env["HULPWIJZER_RUN_MARKER"] = marker.split("=", 1)[1]
    started = time.monotonic()
    make = subprocess.Popen(
        ["make", "--no-print-directory", "run"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{ports['RASA_PORT']}/webhooks/rest/webhook"
    payload = json.dumps({"sender": "first-answer-check", "message": message}).encode()
    reply = None
    try:
        while time.monotonic() - started < timeout and make.poll() is None:
            try:
                request = urllib.request.Request(url, data=payload, headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=30) as response:
                    reply = json.loads(response.read().decode())
                    break
            except (urllib.error.URLError, OSError, ValueError):
                time.sleep(0.5)
        seconds = time.monotonic() - started
    finally:
        # What a user's Ctrl-C does: SIGINT to the foreground process group.
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGINT)
        try:
            output, _ = make.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
            output, _ = make.communicate()
    time.sleep(1)
    leftovers = [pid for pid in _processes_mentioning(marker.split("=", 1)[1]) if pid != os.getpid()]
    return FirstAnswer(seconds, reply or [], output.decode(errors="replace"), leftovers)


def main() -> None:
    result = run_until_first_answer()
    if not result.reply:
        print(result.output)
        raise SystemExit("make run did not answer.")
    print(f"First answer after {result.seconds:.1f} s: {result.reply[0].get('text', '')!r}")
    print("Processes left after Ctrl-C:", result.leftover_pids or "none")


if __name__ == "__main__":
    main()
