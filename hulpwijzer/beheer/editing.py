"""Saving an entry as a draft (not yet published): the same validation as make check, and a
conflict instead of a silent overwrite when someone else changed the entry in the meantime."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional

from django.db import transaction

from hulpwijzer.beheer import project
from hulpwijzer.beheer.documents import DirectoryDocument, fingerprint, plain
from hulpwijzer.beheer.models import PendingEdit


@dataclass
class Problem:
    field: Optional[str]  # the form field it belongs to, or None for the whole entry
    message: str
    fix: str = ""


class Conflict(Exception):
    """Someone saved or published this entry after the editor opened it."""

    def __init__(self, current: Optional[dict], by: str = ""):
        self.current, self.by = current, by
        super().__init__("conflict")


def published(file: str) -> DirectoryDocument:
    return DirectoryDocument(project.directory() / file)


def effective_entry(file: str, key: str) -> Optional[dict]:
    """The entry as editors see it: the saved draft if there is one, else the published one."""
    pending = PendingEdit.objects.filter(file=file, entry=key).first()
    if pending is not None:
        return pending.data
    entry = published(file).entry(key)
    return plain(entry) if entry is not None else None


def draft(file: str) -> DirectoryDocument:
    """The published file with every saved draft of it applied."""
    document = published(file)
    for pending in PendingEdit.objects.filter(file=file):
        document.put(pending.entry, pending.data)
    return document


def problems(file: str, key: str, data: dict, form_fields) -> List[Problem]:
    """What make check would say about this entry, in Dutch: the project's own validator on
    the organisation with the new entry in it."""
    document = draft(file)
    document.put(key, data)
    owner = document.owner(key)
    try:
        project.parse_file(file, {**document.head(), "organizations": [owner]})
    except project.DirectoryError as error:
        # Every problem at once, each next to its field when it is about this entry.
        found = []
        for problem in error.problems:
            message, fix = project.directory_problem(problem.code, problem.field, problem.values)
            about_this_entry = _entry_name(key, owner) == problem.entry
            found.append(Problem(problem.field if about_this_entry and problem.field in form_fields else None, message, fix))
        return found
    return []


def _entry_name(key: str, owner) -> str:
    """How the validator names an entry (see actions/directory/schema.py)."""
    kind, _, rest = key.partition("/")
    if kind == "contact":
        org_id, _, number = rest.rpartition("/")
        return f"{org_id} contact {number}"
    return rest


def save(user, file: str, key: str, data: dict, label: str, seen_version: str) -> None:
    """Keep the entry as a draft; Conflict if it changed since the editor saw `seen_version`."""
    with transaction.atomic():
        current = effective_entry(file, key)
        if fingerprint(current) != seen_version:
            pending = PendingEdit.objects.filter(file=file, entry=key).select_related("author").first()
            raise Conflict(current, display_name(pending.author) if pending else "")
        pending = PendingEdit.objects.filter(file=file, entry=key).first()
        base = pending.base if pending else fingerprint(published(file).entry(key))
        PendingEdit.objects.update_or_create(
            file=file, entry=key, defaults={"label": label, "base": base, "data": data, "author": user})


def display_name(user) -> str:
    return user.get_full_name() or user.username


def pending_for(file: str) -> List[PendingEdit]:
    return list(PendingEdit.objects.filter(file=file).select_related("author"))


def changed_fields(file: str, pending: PendingEdit) -> Dict[str, tuple]:
    """field -> (published value, draft value), for the overview."""
    before = plain(published(file).entry(pending.entry) or {})
    return {k: (before.get(k), v) for k, v in pending.data.items() if before.get(k) != v}
