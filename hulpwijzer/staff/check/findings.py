"""One thing `make check` found: where it is (file, line, entry), what is wrong, how to fix it.

Written in Dutch for the staff who edit the files; errors stop `make check` with exit code 1,
warnings are shown but do not.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List, Optional

FOUT = "fout"
WAARSCHUWING = "waarschuwing"


@dataclass(frozen=True)
class Finding:
    level: str
    file: str
    problem: str
    fix: str = ""
    line: Optional[int] = None
    entry: str = ""

    @property
    def is_error(self) -> bool:
        return self.level == FOUT

    def where(self) -> str:
        parts = [self.file]
        if self.line:
            parts.append(f"regel {self.line}")
        if self.entry:
            parts.append(self.entry)
        return ", ".join(parts)

    def format(self) -> str:
        label = "FOUT" if self.is_error else "LET OP"
        text = f"{label}  {self.where()}\n        {self.problem}"
        if self.fix:
            text += f"\n        Oplossing: {self.fix}"
        return text


def error(file: str, problem: str, fix: str = "", line: Optional[int] = None, entry: str = "") -> Finding:
    return Finding(FOUT, file, problem, fix, line, entry)


def warning(file: str, problem: str, fix: str = "", line: Optional[int] = None, entry: str = "") -> Finding:
    return Finding(WAARSCHUWING, file, problem, fix, line, entry)


def errors(findings: Iterable[Finding]) -> List[Finding]:
    return [f for f in findings if f.is_error]
