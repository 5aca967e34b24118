"""One directory file as ruamel.yaml reads it: comments, order and quotes stay as they were,
so a publish changes only the lines of the edited entry.

An entry is named by a key: 'organisatie/<id>', 'dienst/<id>' or 'contact/<organisation id>/<n>'
(n counts from 1; one more than the organisation has means a new contact)."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any, Dict, List, Optional

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

# Values staff type that YAML could read as something else ("14 0412", "0800-0432", a URL).
QUOTED_FIELDS = ("value", "source", "note")


def _yaml(sequence_offset: int = 2) -> YAML:
    """Round-trip YAML in the project's style: lists indented under their key (directory and
    domain files, sequence_offset=2) or flush with it (training data, sequence_offset=0)."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long source lines
    yaml.indent(mapping=2, sequence=2 + sequence_offset, offset=sequence_offset)
    return yaml


def plain(entry: Any) -> Any:
    """The entry as JSON-able data (dates as 2026-11-28)."""
    return json.loads(json.dumps(entry, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


def fingerprint(entry: Optional[dict]) -> str:
    """A short hash of an entry's content: the version an editor saw (for conflicts)."""
    if entry is None:
        return ""
    return hashlib.sha256(json.dumps(plain(entry), sort_keys=True).encode()).hexdigest()[:16]


class DirectoryDocument:
    def __init__(self, path: Path, text: Optional[str] = None):
        self.path = path
        self.data = _yaml().load(path.read_text(encoding="utf-8") if text is None else text)

    @property
    def gemeente(self) -> str:
        return str(self.data.get("gemeente", ""))

    @property
    def organizations(self) -> List[CommentedMap]:
        return [o for o in self.data.get("organizations") or [] if isinstance(o, dict)]

    def organization(self, org_id: str) -> Optional[CommentedMap]:
        return next((o for o in self.organizations if o.get("id") == org_id), None)

    def entry(self, key: str) -> Optional[dict]:
        kind, _, rest = key.partition("/")
        if kind == "organisatie":
            return self.organization(rest)
        if kind == "dienst":
            for organization in self.organizations:
                for service in organization.get("services") or []:
                    if isinstance(service, dict) and service.get("id") == rest:
                        return service
            return None
        if kind == "contact":
            org_id, _, number = rest.rpartition("/")
            contacts = (self.organization(org_id) or {}).get("contacts") or []
            index = int(number) - 1
            return contacts[index] if 0 <= index < len(contacts) else None
        raise KeyError(key)

    def owner(self, key: str) -> Optional[CommentedMap]:
        """The organisation an entry belongs to."""
        kind, _, rest = key.partition("/")
        if kind == "organisatie":
            return self.organization(rest)
        if kind == "contact":
            return self.organization(rest.rpartition("/")[0])
        return next((o for o in self.organizations
                     if any(isinstance(s, dict) and s.get("id") == rest for s in o.get("services") or [])), None)

    def put(self, key: str, data: Dict[str, Any]) -> None:
        """Write an entry's fields in place (a new contact is added at the end)."""
        entry = self.entry(key)
        if entry is None:
            if not key.startswith("contact/"):
                raise KeyError(key)
            organization = self.owner(key)
            if organization.get("contacts") is None or not organization.get("contacts"):
                organization["contacts"] = []
            entry = CommentedMap()
            organization["contacts"].append(entry)
        # `data` is the whole entry: unchanged fields (and their comments) stay as they are.
        for name in [k for k in entry if k not in data]:
            del entry[name]
        for name, value in data.items():
            if name in ("assured_date",) and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            elif name in QUOTED_FIELDS and isinstance(value, str):
                value = DoubleQuotedScalarString(value)
            elif isinstance(value, list) and isinstance(entry.get(name), CommentedSeq) and entry[name].fa.flow_style():
                value = CommentedSeq(value)
                value.fa.set_flow_style()  # topics: [a, b] stays on one line
            if plain(entry.get(name)) != plain(value):
                entry[name] = value

    def head(self) -> Dict[str, Any]:
        """The file without its organisations (to check one organisation on its own)."""
        return {k: v for k, v in self.data.items() if k != "organizations"}

    def text(self) -> str:
        out = io.StringIO()
        _yaml().dump(self.data, out)
        return out.getvalue()
