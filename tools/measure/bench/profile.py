"""Where the Rasa server's time goes under load: py-spy samples summarised per stage.

`make bench ARGS=--profile` records our Rasa server while 10 conversations run at once and
prints, for each stage of a message, its share of the server's main thread (the event loop
that handles every message; TensorFlow's helper threads are not counted).
"""
from __future__ import annotations

import collections
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

# (label, frame) pairs: a frame is "function (path/inside/site-packages.py)".
STAGES: List[Tuple[str, str]] = [
    ("a message in all", "handle_message (rasa/core/processor.py)"),
    ("NLU pipeline", "_parse_message_with_graph (rasa/core/processor.py)"),
    ("  intent classifier (logistic regression)", "process (rasa/nlu/classifiers/logistic_regression_classifier.py)"),
    ("  place extractor", "process (hulpwijzer/rasa_server/nlu/places.py)"),
    ("  ResponseSelector", "process (rasa/nlu/selectors/response_selector.py)"),
    ("  language check (langdetect)", "process (hulpwijzer/rasa_server/nlu/language.py)"),
    ("  crisis net", "process (hulpwijzer/rasa_server/nlu/crisis.py)"),
    ("policies (next action)", "predict_next_with_tracker_if_should (rasa/core/processor.py)"),
    ("custom actions (call + check answer)", "run (rasa/core/actions/action.py)"),
    ("  check of the action server's answer", "_validate_action_result (rasa/core/actions/action.py)"),
    ("tracker store: read", "read_tracker (hulpwijzer/rasa_server/stores/redacting_tracker_store.py)"),
    ("tracker store: write", "write_new_events (hulpwijzer/rasa_server/stores/redacting_tracker_store.py)"),
]
MAIN_THREAD = "serve_application (rasa/core/run.py)"


def py_spy() -> Optional[str]:
    found = Path(sys.executable).with_name("py-spy")
    return str(found) if found.exists() else shutil.which("py-spy")


class Recorder:
    """py-spy recording one process until stop(); raw 'collapsed stack' output."""

    def __init__(self, pid: int, out: Path):
        binary = py_spy()
        if binary is None:
            raise SystemExit("py-spy is not installed (it is in the dev extras: pip install -e '.[dev]').")
        self.out = out
        self.process = subprocess.Popen(
            [binary, "record", "--pid", str(pid), "--format", "raw", "--rate", "200", "--nonblocking", "-o", str(out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    def stop(self) -> Path:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)
        return self.out


def _frames(stack: str) -> List[str]:
    return [re.sub(r":\d+\)$", ")", frame) for frame in stack.split(";")]


def stage_shares(collapsed: Path) -> Dict[str, float]:
    """Share (0-1) of main-thread samples in which each stage's frame is on the stack."""
    main, inside = 0, collections.Counter()
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = set(_frames(stack))
        if MAIN_THREAD not in frames:
            continue
        main += int(count)
        for label, frame in STAGES:
            if frame in frames:
                inside[label] += int(count)
    return {label: inside[label] / main if main else 0.0 for label, _ in STAGES}


def render(shares: Dict[str, float]) -> str:
    rows = ["| stage of a message (our Rasa server, 10 at once) | share of the server's time |", "|---|---|"]
    rows += [f"| {label} | {share:.0%} |" for label, share in shares.items()]
    return "\n".join(rows)
