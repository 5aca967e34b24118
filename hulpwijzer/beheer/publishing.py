"""Publish, preview, history and undo. A publish runs make check on a copy of the project with
the new file in it, refuses with the reasons when it fails, and otherwise writes the YAML and
makes one git commit with the staff member as author. The action server reloads changed
directory files by itself within seconds (actions/directory/store.py)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional

from hulpwijzer.beheer import project
from hulpwijzer.beheer.documents import DirectoryDocument, fingerprint
from hulpwijzer.beheer.editing import display_name, pending_for, published
from hulpwijzer.beheer.models import PendingEdit

# One publish or undo at a time (waitress serves with threads in one process).
lock = threading.Lock()
# safe.directory: in a container the mounted checkout belongs to another user id.
COMMITTER = ["-c", "user.name=Hulpwijzer beheer", "-c", "user.email=beheer@hulpwijzer.invalid", "-c", "safe.directory=*"]
CODE_FOLDERS = ("actions", "hulpwijzer")  # make check reads which responses the code uses


class Refused(Exception):
    def __init__(self, reasons: List[str]):
        self.reasons = reasons
        super().__init__("; ".join(reasons))


def in_copy(path: Path) -> str:
    """Where an edited file sits in project_copy: data/directory/<name>, or its place in the project."""
    if path.parent.resolve() == project.directory().resolve():
        return f"data/directory/{path.name}"
    return str(path.resolve().relative_to(project.PROJECT_ROOT.resolve()))


@contextmanager
def project_copy(files: Dict[Path, str]) -> Iterator[Path]:
    """A temporary copy of the project's data and bot/ with `files` (path -> new text) in it."""
    with tempfile.TemporaryDirectory(prefix="beheer-") as tmp:
        root = Path(tmp)
        shutil.copytree(project.PROJECT_ROOT / "data", root / "data", ignore=shutil.ignore_patterns("directory"))
        shutil.copytree(project.directory(), root / "data" / "directory")
        bot = project.PROJECT_ROOT / "bot"
        shutil.copytree(bot if bot.is_dir() else project.CODE_ROOT / "bot", root / "bot")
        for folder in CODE_FOLDERS:
            (root / folder).symlink_to(project.CODE_ROOT / folder)
        for path, text in files.items():
            (root / in_copy(path)).write_text(text, encoding="utf-8")
        yield root


def check(files: Dict[Path, str], gemeente: Optional[str] = None):
    """make check (without the slower Rasa step) on the project with these files."""
    with project_copy(files) as root:
        result = project.make_check.run(root, with_rasa=False, gemeente=gemeente)
    project.use_project_concepts()  # the check may have read the copy's concepts
    return result


def preview(document: DirectoryDocument, topic: str, gemeente: Optional[str], asker: Optional[str]) -> List[str]:
    """The bot's answer (the action server's own answer building) with the draft in place."""
    with project_copy({document.path: document.text()}) as root:
        services = project.load_directory(root / "data" / "directory")
    gemeente_name = None if gemeente == project.NATIONAL else gemeente
    intro = project.replies.intro_message(project.concepts.topic(topic).label, gemeente_name)
    return [intro] + [card.text for card in project.compose(services, topic, gemeente_name, asker)]


def _top() -> Path:
    out = subprocess.run(["git", *COMMITTER, "rev-parse", "--show-toplevel"], cwd=project.directory(), capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{project.directory()} is not in a git repository: {out.stderr.strip()}")
    return Path(out.stdout.strip())


def _in_git(file) -> str:
    """A file's path as git names it (from the top of the repository); a bare name is a directory file."""
    path = file if isinstance(file, Path) else project.directory() / file
    return str(path.resolve().relative_to(_top().resolve()))


def _git(*args: str, stdin: Optional[str] = None) -> str:
    result = subprocess.run(["git", *COMMITTER, *args], cwd=_top(), input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"git {args[0]}: {result.stderr.strip()}")
    return result.stdout


def _author(user) -> str:
    return f"{display_name(user)} <{user.email or user.username + '@beheer.invalid'}>"


def commit(file, user, message: str) -> None:
    """One commit of one file (a directory file name or a path), with the staff member as author."""
    _git("add", "--", _in_git(file))
    _git("commit", "--quiet", f"--author={_author(user)}", "-m", message, "--", _in_git(file))


def errors(result) -> List[str]:
    return [finding.format() for finding in result.errors]


def publish(file: str, user) -> int:
    """Publish every draft of one file; Refused (with reasons) when it cannot. Returns the count."""
    with lock:
        drafts = pending_for(file)
        if not drafts:
            raise Refused(["Er is niets om te publiceren: er zijn geen opgeslagen wijzigingen."])
        document = published(file)
        stale = [d for d in drafts if fingerprint(document.entry(d.entry)) != d.base]
        if stale:
            raise Refused([f"'{d.label}' is al door iemand anders gewijzigd en gepubliceerd sinds {display_name(d.author)} "
                           "het opsloeg. Open het, vergelijk, en sla het opnieuw op." for d in stale])
        for item in drafts:
            document.put(item.entry, item.data)
        text = document.text()
        problems = errors(check({document.path: text}))
        if problems:
            raise Refused(problems)
        document.path.write_text(text, encoding="utf-8")
        labels = "; ".join(d.label for d in drafts)
        commit(file, user, f"Beheer {document.gemeente}: {labels}")
        PendingEdit.objects.filter(pk__in=[d.pk for d in drafts]).delete()
        return len(drafts)


@dataclass
class Change:
    sha: str
    author: str
    date: str
    message: str


def history(file: str, limit: int = 30) -> List[Change]:
    out = _git("log", f"-n{limit}", "--date=format-local:%d-%m-%Y %H:%M", "--format=%H%x1f%an%x1f%ad%x1f%s", "--", _in_git(file))
    return [Change(*line.split("\x1f", 3)) for line in out.splitlines() if line]


def undo(file: str, sha: str, user) -> None:
    """Undo one earlier change of this file, as a new commit (the history keeps both)."""
    with lock:
        change = next((c for c in history(file, limit=500) if c.sha == sha), None)
        if change is None:
            raise Refused(["Deze wijziging bestaat niet (meer) in de geschiedenis van dit bestand."])
        if _git("status", "--porcelain", "--", _in_git(file)).strip():
            raise Refused(["Het bestand is buiten de browser gewijzigd en nog niet vastgelegd. Vraag een ontwikkelaar om hulp."])
        try:
            patch = _git("diff", f"{sha}^", sha, "--", _in_git(file))
        except RuntimeError:
            raise Refused(["Dit is de eerste versie van het bestand: die kun je niet ongedaan maken."]) from None
        try:
            _git("apply", "-R", "--check", "-", stdin=patch)
        except RuntimeError:
            raise Refused(["Dit kan niet meer los ongedaan worden gemaakt: daarna is op dezelfde plek nog iets veranderd. "
                           "Maak eerst de latere wijziging ongedaan."]) from None
        path = project.directory() / file
        current = path.read_text(encoding="utf-8")
        _git("apply", "-R", "-", stdin=patch)
        problems = errors(check({path: path.read_text(encoding="utf-8")}))
        if problems:
            path.write_text(current, encoding="utf-8")
            raise Refused(problems)
        commit(file, user, f"Ongedaan gemaakt: {change.message} ({sha[:8]})")
