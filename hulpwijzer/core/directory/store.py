"""Loads the directory files once and reloads them when one changes, without a restart.

The folder is `data/directory`, or `DIRECTORY_PATH` from the environment (used by tests).
A broken file raises DirectoryError at start-up. A file broken while the server runs keeps
the last good directory in use (and logs the error), so users never get half an answer.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from hulpwijzer import config
from hulpwijzer.config import DIRECTORY_DIR
from hulpwijzer.core.texts import directory_problem
from hulpwijzer.core.directory.schema import DirectoryError, Problem, Service, duplicate_ids, problem, validate_file

logger = logging.getLogger(__name__)

DEFAULT_PATH = DIRECTORY_DIR
# Look for changed files at most this often: a lookup stays in microseconds, an edit is
# live within a second.
CHECK_INTERVAL_SECONDS = 1.0


def directory_path() -> Path:
    return Path(config.setting("DIRECTORY_PATH") or DEFAULT_PATH)


def load_directory(path: Path) -> List[Service]:
    """Read and check every *.yml file in `path`; raises DirectoryError with every problem."""
    by_file: Dict[str, List[Service]] = {}
    files = sorted(path.glob("*.yml"))
    if not files:
        raise DirectoryError([problem("no_files", str(path), "(folder)", "(files)")])
    problems: List[Problem] = []
    for file in files:
        name = file.name
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else "(file)"
            problems.append(problem("yaml", name, where, "(yaml)", message=getattr(error, "problem", error)))
            continue
        by_file[name], found = validate_file(name, data)
        problems += found
    problems += duplicate_ids(by_file)
    if problems:
        raise DirectoryError(problems)
    return [service for services in by_file.values() for service in services]


def _in_dutch(error: DirectoryError) -> str:
    """Every problem, told as make check tells it (data/concepts/gidsfouten.yml), for the log."""
    told = []
    for found in error.problems:
        text, _ = directory_problem(found.code, found.field, found.values)
        told.append(f"{found.file}, {found.entry}: {text}")
    return " | ".join(told)


class DirectoryStore:
    """The loaded directory, reloaded when a file's modification time or the file set changes."""

    def __init__(self, path: Optional[Path] = None):
        self.path = path or directory_path()
        self._lock = threading.Lock()
        self._stamp: Tuple = ()
        self._services: List[Service] = []
        self._checked_at = 0.0
        self.reload_if_changed(strict=True)

    def _current_stamp(self) -> Tuple:
        return tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in sorted(self.path.glob("*.yml")))

    def reload_if_changed(self, strict: bool = False) -> bool:
        stamp = self._current_stamp()
        if stamp == self._stamp:
            return False
        with self._lock:
            try:
                self._services = load_directory(self.path)
            except DirectoryError as error:
                if strict:
                    raise
                logger.error("Directory change not used, the last good version stays. %s", _in_dutch(error))
            self._stamp = stamp
        return True

    @property
    def services(self) -> List[Service]:
        now = time.monotonic()
        if now - self._checked_at >= CHECK_INTERVAL_SECONDS:
            self._checked_at = now
            self.reload_if_changed()
        return self._services


_store: Optional[DirectoryStore] = None


def get_store() -> DirectoryStore:
    """The process-wide store, loaded on first use (at action-server start, see actions/__init__)."""
    global _store
    if _store is None or _store.path != directory_path():
        _store = DirectoryStore()
    return _store
