"""Example questions: the same question under two intents (the bot cannot learn which is
right), the same question twice, intents without examples, and examples for an intent the
domain does not know."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Dict, List

from hulpwijzer.staff.check.findings import Finding, error, warning
from hulpwijzer.staff.check.project_data import Example, ProjectData

_NOT_LETTERS = re.compile(r"[^\w]+")


def normalized(text: str, keep_punctuation: bool = True) -> str:
    """'Ik word  gepest' and 'ik word gepest' are the same question to the bot; without
    punctuation 'dag' and 'dag!' are too (nearly the same)."""
    text = text.lower()
    if not keep_punctuation:
        text = _NOT_LETTERS.sub(" ", text)
    return " ".join(text.split())


def _where(example: Example) -> str:
    return f"{example.where.file} regel {example.where.line}"


def _group(examples: List[Example], keep_punctuation: bool) -> List[List[Example]]:
    groups: Dict[str, List[Example]] = defaultdict(list)
    for example in examples:
        key = normalized(example.plain, keep_punctuation)
        if key:
            groups[key].append(example)
    return [same for same in groups.values() if len(same) > 1]


def _across_intents(same: List[Example], exact: bool, already_told: frozenset = frozenset()) -> List[Finding]:
    findings = []
    for example in same:
        if id(example) in already_told:
            continue  # this one already has an error for the exact same question
        others = ", ".join(f"'{e.intent}' ({_where(e)}: '{e.plain}')" for e in same if e.intent != example.intent)
        if exact:
            findings.append(error(
                example.where.file,
                f"De voorbeeldvraag '{example.plain}' staat bij intent '{example.intent}' en ook bij {others}. "
                "Dan kan de bot niet leren welke bedoeld is.",
                "Laat de vraag bij één intent staan en haal hem bij de andere weg.",
                example.where.line, f"intent '{example.intent}'",
            ))
        else:
            findings.append(warning(
                example.where.file,
                f"De voorbeeldvraag '{example.plain}' (intent '{example.intent}') lijkt bijna precies op {others}: "
                "alleen leestekens verschillen. Dat maakt de bot onzeker.",
                "Bedoelen ze echt iets anders? Maak de vragen dan duidelijker verschillend. Anders: laat er één staan.",
                example.where.line, f"intent '{example.intent}'",
            ))
    return findings


def duplicates(data: ProjectData) -> List[Finding]:
    findings = []
    exact_conflicts = set()
    for same in _group(data.examples, keep_punctuation=True):
        if len({e.intent for e in same}) > 1:
            findings += _across_intents(same, exact=True)
            exact_conflicts.update(id(e) for e in same)
        else:
            for example in same[1:]:
                findings.append(warning(
                    example.where.file,
                    f"De voorbeeldvraag '{example.plain}' staat twee keer bij intent '{example.intent}' (ook op {_where(same[0])}).",
                    "Haal een van de twee weg; een nieuwe, andere formulering helpt de bot meer.",
                    example.where.line, f"intent '{example.intent}'",
                ))
    for same in _group(data.examples, keep_punctuation=False):
        if len({e.intent for e in same}) > 1 and not all(id(e) in exact_conflicts for e in same):
            findings += _across_intents(same, exact=False, already_told=frozenset(exact_conflicts))
    return findings


def _is_retrieval_intent(intent: str, with_examples) -> bool:
    return any(name.startswith(f"{intent}/") for name in with_examples)


def intents_without_examples(data: ProjectData, code: str) -> List[Finding]:
    with_examples = {e.intent for e in data.examples}
    findings = []
    for intent, places in sorted(data.intents.items()):
        if intent in with_examples or _is_retrieval_intent(intent, with_examples):
            continue
        # Intents that our NLU components set themselves (language, crisis) need no examples.
        if re.search(rf"[\"']{re.escape(intent)}[\"']", code):
            continue
        findings.append(error(
            places[0].file,
            f"Intent '{intent}' heeft geen voorbeeldvragen, dus de bot herkent hem nooit.",
            "Voeg in data/nlu/ een blok toe met '- intent: " + intent + "' en minstens 10 voorbeeldvragen, "
            "of haal de intent weg uit het domein.",
            places[0].line, f"intent '{intent}'",
        ))
    return findings


def examples_for_unknown_intents(data: ProjectData) -> List[Finding]:
    findings = []
    known = set(data.intents)
    for intent, where in sorted(data.intent_blocks.items()):
        base = intent.split("/")[0]
        if base not in known:
            findings.append(error(
                where.file,
                f"Intent '{intent}' heeft voorbeeldvragen, maar staat niet in het domein (bot/domain/).",
                f"Zet '- {base}' onder 'intents:' in een bestand in bot/domain/, of controleer de spelling.",
                where.line, f"intent '{intent}'",
            ))
    return findings


def cross_references(data: ProjectData, code: str) -> List[Finding]:
    """Checks that need every domain and training file (skipped when one is unreadable)."""
    return intents_without_examples(data, code) + examples_for_unknown_intents(data)


def check(data: ProjectData, code: str) -> List[Finding]:
    return duplicates(data) + cross_references(data, code)
