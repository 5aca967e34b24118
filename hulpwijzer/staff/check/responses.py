"""Answers (responses in bot/domain/): is every answer used somewhere, and does every
answer read at B1 level (the project's readability measure, hulpwijzer/staff/readability.py)?
The sentences the channels say themselves (data/concepts/kanaalteksten.yml) are measured too."""
from __future__ import annotations

import re
from typing import Iterator, List, Optional, Set, Tuple

import yaml

from hulpwijzer.rasa_server.channels.concern_line import CONCERN_RESPONSE_PREFIX
from hulpwijzer.rasa_server.nlu.crisis_net import KINDS
from hulpwijzer.staff import readability
from hulpwijzer.staff.check.findings import Finding, error
from hulpwijzer.staff.check.project_data import ProjectData
from hulpwijzer.core.texts import CHANNEL_TEXTS
from hulpwijzer.staff.check.tree import Tree, line_of
from hulpwijzer.staff.check.yaml_syntax import Documents

# Responses Rasa's built-in actions say by themselves (action_default_fallback,
# action_two_stage_fallback, action_restart, ...), so they count as used when present.
RASA_BUILT_IN = {"utter_default", "utter_ask_rephrase", "utter_restart", "utter_ask_affirmation", "utter_back"}


def used_responses(data: ProjectData, code: str) -> Set[str]:
    used = set(RASA_BUILT_IN) | set(data.actions_in_training)
    # A form asks for each required slot with utter_ask_<slot> or utter_ask_<form>_<slot>.
    for form, slots in data.form_slots.items():
        for slot in slots:
            used |= {f"utter_ask_{slot}", f"utter_ask_{form}_{slot}"}
    # Custom actions may send a response by name: dispatcher.utter_message(response="utter_...").
    used |= set(re.findall(r"utter_[A-Za-z0-9_/]+", code))
    # The guard adds the concern line of a kind after the normal answer (hulpwijzer/rasa_server/channels/concern_line.py).
    used |= {f"{CONCERN_RESPONSE_PREFIX}{kind}" for kind in KINDS}
    # Retrieval answers (utter_faq/x) are used when the rule says utter_faq and faq/x has examples.
    with_examples = {e.intent for e in data.examples}
    for name in data.responses:
        if "/" in name:
            base, key = name.split("/", 1)
            if base in used and f"{base[len('utter_'):]}/{key}" in with_examples:
                used.add(name)
    return used


def unused(data: ProjectData, code: str) -> List[Finding]:
    used = used_responses(data, code)
    findings = []
    for name, places in sorted(data.responses.items()):
        if name in used:
            continue
        where = places[0].where
        if "/" in name:
            intent = name[len("utter_"):]
            problem = f"Het antwoord '{name}' wordt nooit gegeven: er zijn geen voorbeeldvragen voor '{intent}'."
            fix = f"Voeg in data/nlu/ een blok '- intent: {intent}' toe met voorbeeldvragen, of haal het antwoord weg."
        else:
            problem = f"Het antwoord '{name}' wordt nooit gegeven: het staat in geen enkele regel, verhaal of actie."
            fix = ("Gebruik het in een regel (data/rules/, '- action: " + name + "'), of haal het weg. "
                   "Wil je een bestaand antwoord veranderen? Pas dan de tekst van dat antwoord aan.")
        findings.append(error(where.file, problem, fix, where.line, f"antwoord '{name}'"))
    return findings


def hard_to_read(data: ProjectData) -> List[Finding]:
    findings = []
    for name, places in sorted(data.responses.items()):
        for response in places:
            for number, text in enumerate(response.texts, start=1):
                problems = readability.measure(text).problems()
                if problems:
                    variant = f" (variant {number})" if len(response.texts) > 1 else ""
                    findings.append(error(
                        response.where.file,
                        f"Het antwoord '{name}'{variant} is niet op B1-niveau: {'; '.join(problems)}.",
                        "Schrijf kortere zinnen (hoogstens "
                        f"{readability.MAX_WORDS_PER_SENTENCE} woorden) en gewone, korte woorden. "
                        "Eén boodschap per zin.",
                        response.where.line, f"antwoord '{name}'",
                    ))
    return findings


def _texts(node: Optional[yaml.Node], key: str = "") -> Iterator[Tuple[str, yaml.ScalarNode]]:
    """Every text in the file with its key path ("storing.intro")."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            yield from _texts(value, f"{key}.{key_node.value}" if key else str(key_node.value))
    elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
        yield key, node


def channel_texts_hard_to_read(tree: Tree, documents: Documents) -> List[Finding]:
    """The channel sentences, as users see them ({gevaar} filled in), at B1 level."""
    path = tree.concepts / CHANNEL_TEXTS
    document = documents.get(path) if path.exists() else None
    if document is None:
        return []
    texts = dict(_texts(document.node))
    danger = texts["gevaar"].value if "gevaar" in texts else ""
    findings = []
    for key, node in texts.items():
        problems = readability.measure(node.value.replace("{gevaar}", danger)).problems()
        if problems:
            findings.append(error(
                tree.rel(path), f"De tekst '{key}' is niet op B1-niveau: {'; '.join(problems)}.",
                f"Schrijf kortere zinnen (hoogstens {readability.MAX_WORDS_PER_SENTENCE} woorden) en gewone, korte woorden.",
                line_of(node), f"tekst '{key}'",
            ))
    return findings


# A phone number or web address in an answer (help lines are named in the crisis answers).
PHONE_NUMBER = re.compile(r"(?<![\d-])0\d{2,3}-\d{4,7}(?![\d-])")
WEB_ADDRESS = re.compile(r"https?://[^\s\"')]+")


def _normal(value: str) -> str:
    value = value.strip().rstrip(".,;:!?/").lower()
    return re.sub(r"\D", "", value) if PHONE_NUMBER.fullmatch(value) else value


def _directory_contacts(node) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("type") in ("phone", "chat", "website") and isinstance(node.get("value"), str):
            yield _normal(node["value"])
        for value in node.values():
            yield from _directory_contacts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _directory_contacts(value)


def contacts_not_in_directory(data: ProjectData, tree: Tree, documents: Documents) -> List[Finding]:
    """Each help line is defined once, in the directory (with its source and assured_date):
    a number or address written in an answer must be one of the directory's."""
    known = {value for document in documents.in_folder(tree.directory) for value in _directory_contacts(document.data)}
    findings = []
    for name, places in sorted(data.responses.items()):
        for response in places:
            for text in response.texts:
                for found in sorted({m.group(0).rstrip(".,;:!?") for m in [*PHONE_NUMBER.finditer(text), *WEB_ADDRESS.finditer(text)]}):
                    if _normal(found) in known:
                        continue
                    findings.append(error(
                        response.where.file,
                        f"Het antwoord '{name}' noemt {found}, maar dat staat niet in de gids (data/directory/).",
                        "Klopt het? Zet het dan met bron (source) en datum (assured_date) in data/directory/landelijk.yml "
                        "of het bestand van de gemeente. Anders: verbeter het in het antwoord.",
                        response.where.line, f"antwoord '{name}'",
                    ))
    return findings


def check(data: ProjectData, code: str) -> List[Finding]:
    return unused(data, code) + hard_to_read(data)
