"""Answers (responses in bot/domain/): is every answer used somewhere, and does every
answer read at B1 level (the project's readability measure, tools/staff/readability.py)?"""
from __future__ import annotations

import re
from typing import List, Set

from hulpwijzer.rasa_server.channels.concern_line import CONCERN_RESPONSE_PREFIX
from hulpwijzer.rasa_server.nlu.crisis_net import KINDS
from tools.staff import readability
from tools.staff.check.findings import Finding, error
from tools.staff.check.project_data import ProjectData

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


def check(data: ProjectData, code: str) -> List[Finding]:
    return unused(data, code) + hard_to_read(data)
