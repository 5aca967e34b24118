"""The bot's answers (responses in bot/domain/*.yml): read them with their B1 check, and
publish a changed text the way the directory is published (make check, one git commit), then
train and swap the model in the background (hulpwijzer/beheer/modeljob.py)."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from hulpwijzer.beheer import project, publishing
from hulpwijzer.beheer.documents import _yaml, fingerprint, plain


@dataclass
class Answer:
    file: str
    name: str
    texts: List[str]

    @property
    def problems(self) -> List[str]:
        return sorted({p for text in self.texts for p in project.readability.measure(text).problems()})


def _path(file: str) -> Path:
    path = project.domain_folder() / file
    if "/" in file or not path.is_file():
        raise KeyError(file)
    return path


def _load(path: Path):
    return _yaml().load(path.read_text(encoding="utf-8"))


def all_answers() -> List[Answer]:
    answers = []
    for path in sorted(project.domain_folder().glob("*.yml")):
        for name, variants in (_load(path).get("responses") or {}).items():
            answers.append(Answer(path.name, name, [v["text"] for v in variants or [] if isinstance(v, dict) and "text" in v]))
    return answers


def answer(file: str, name: str) -> Optional[Answer]:
    return next((a for a in all_answers() if a.file == file and a.name == name), None)


def version(file: str, name: str) -> str:
    return fingerprint((_load(_path(file)).get("responses") or {}).get(name))


def publish(file: str, name: str, texts: List[str], seen_version: str, user) -> None:
    """Write the new texts (other keys such as buttons stay), check, commit. Raises
    publishing.Refused with the reasons, or editing's Conflict-like refusal on a stale version."""
    path = _path(file)
    with publishing.lock:
        data = _load(path)
        variants = (data.get("responses") or {}).get(name)
        if variants is None:
            raise publishing.Refused(["Dit antwoord bestaat niet (meer)."])
        if fingerprint(variants) != seen_version:
            raise publishing.Refused(["Iemand anders heeft dit antwoord net veranderd. Open het opnieuw en kijk wat er nu staat."])
        with_text = [v for v in variants if isinstance(v, dict) and "text" in v]
        for variant, text in zip(with_text, texts):
            if plain(variant["text"]) != text:
                variant["text"] = DoubleQuotedScalarString(text)
        out = io.StringIO()
        _yaml().dump(data, out)
        problems = publishing.errors(publishing.check({path: out.getvalue()}))
        if problems:
            raise publishing.Refused(problems)
        path.write_text(out.getvalue(), encoding="utf-8")
        publishing.commit(path, user, f"Antwoord {name} veranderd")
