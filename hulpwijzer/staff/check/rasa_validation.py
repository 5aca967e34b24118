"""Rasa's own check of domain, rules, stories and intents (`rasa data validate`), run
in-process and told in Dutch. Messages that the other checks already give with a file and
line (or that are fine in this project) are left out, so nothing is said twice."""
from __future__ import annotations

import logging
import os
import re
import warnings
from typing import Callable, List, Optional, Tuple

import yaml

from hulpwijzer.staff.check.findings import Finding, error, warning
from hulpwijzer.staff.check import project_data
from hulpwijzer.staff.check.tree import Tree, line_of, mapping_value, sequence_items, walk_mappings
from hulpwijzer.staff.check.yaml_syntax import Documents

DOMAIN = "bot/domain"
RULES = "data/rules of data/stories"

# Covered by nlu.py / responses.py with file and line, or harmless here.
_COVERED = [
    r"The intent '.*' is listed in the domain file, but is not found in the NLU training data\.",
    r"There is a message in the training data labeled with intent .*",
    r"The example '.*' was found labeled with multiple different intents.*",
    r"The utterance '.*' is not used in any story or rule\.",
    r"Slot auto-fill has been removed in 3\.0.*",
    r"Implementing implicit namespace packages.*",
]

# (pattern, Dutch problem, where, fix, what to look for to find the line).
# Look for: "step-intent"/"step-action" = the step in a rule or story that uses the name
# in group 'a'; "domain-intent" = the intent in the domain; None = the file only.
_TRANSLATIONS: List[Tuple[str, str, str, str, Optional[str]]] = [
    (r"The intent '(?P<a>[^']*)' is used in your stories, but it is not listed in the domain file.*",
     "Intent '{a}' staat in een regel of verhaal, maar niet in het domein.", RULES,
     "Zet '- {a}' onder 'intents:' in bot/domain/, of controleer de spelling in de regel.", "step-intent"),
    (r"The intent '(?P<a>[^']*)' is not used in any story or rule\.",
     "Intent '{a}' staat in geen enkele regel of verhaal: de bot weet niet wat hij dan moet doen.", RULES,
     "Voeg in data/rules/ een regel toe: '- intent: {a}' gevolgd door '- action: utter_...'.", "domain-intent"),
    (r"The action '(?P<a>[^']*)' is used in the stories, but is not a valid utterance action.*",
     "Antwoord '{a}' wordt gebruikt in een regel of verhaal, maar bestaat niet in het domein.", RULES,
     "Maak het antwoord aan onder 'responses:' in bot/domain/, of controleer de spelling.", "step-action"),
    (r"The (?P<k>form|action) '(?P<a>[^']*)' is used in the '(?P<b>[^']*)' block, but it is not listed in the domain file.*",
     "'{a}' wordt gebruikt in '{b}', maar staat niet in het domein.", RULES,
     "Zet '{a}' onder 'actions:' (of 'forms:') in bot/domain/, of controleer de spelling.", "step-action"),
    (r"The form slot '(?P<a>[^']*)' in form '(?P<b>[^']*)' is not present in the domain slots.*",
     "Formulier '{b}' vraagt naar '{a}', maar dat slot bestaat niet.", DOMAIN,
     "Voeg het slot toe onder 'slots:' of controleer de spelling.", None),
    (r"Slot '(?P<a>[^']*)' has a mapping condition for form '(?P<b>[^']*)'.*",
     "Slot '{a}' verwijst naar formulier '{b}', maar dat klopt niet met 'forms:'.", DOMAIN,
     "Controleer de naam van het formulier bij het slot en onder 'forms:'.", None),
    (r"The following duplicated (?P<k>\w+) have been found across multiple domain files: (?P<a>.*)",
     "Dit staat in meer dan één domeinbestand: {a}.", DOMAIN,
     "Laat elk item in één bestand in bot/domain/ staan.", None),
    (r"The config file is missing (?P<a>.*)",
     "In bot/config.yml ontbreekt {a}.", "bot/config.yml", "Vraag een ontwikkelaar om bot/config.yml te herstellen.", None),
    (r"(?s)Story structure conflict after (?P<a>.*)",
     "Regels of verhalen spreken elkaar tegen na: {a}", RULES,
     "Twee regels of verhalen laten de bot iets anders doen na precies hetzelfde gesprek. Pas er een aan of haal hem weg.", None),
]


def _step_using(tree: Tree, documents: Documents, key: str, name: str) -> Optional[Tuple[str, int, str]]:
    """The first rule or story step `- <key>: <name>`: (file, line, which rule or story)."""
    for folder in tree.training_data:
        for document in documents.in_folder(folder):
            for kind in ("rules", "stories"):
                for block in sequence_items(mapping_value(document.node, kind)):
                    step_kind = "rule" if kind == "rules" else "story"
                    title = mapping_value(block, step_kind)
                    for step in walk_mappings(mapping_value(block, "steps")):
                        value = mapping_value(step, key)
                        if isinstance(value, yaml.ScalarNode) and value.value == name:
                            label = f"bij '{step_kind}: {title.value}'" if title is not None else ""
                            return tree.rel(document.path), line_of(value), label
    return None


def _locate(tree: Tree, documents: Documents, look_for: Optional[str], name: str) -> Optional[Tuple[str, int, str]]:
    if look_for in ("step-intent", "step-action"):
        return _step_using(tree, documents, look_for[len("step-"):], name)
    if look_for == "domain-intent":
        places = project_data.read(tree, documents).intents.get(name)
        return (places[0].file, places[0].line, f"intent '{name}'") if places else None
    return None


def _translate(message: str, failed: bool, tree: Tree, documents: Documents) -> Finding:
    make = error if failed else warning
    message = message.strip()
    for pattern, dutch, where, fix, look_for in _TRANSLATIONS:
        match = re.match(pattern, message)
        if match:
            values = match.groupdict()
            found = _locate(tree, documents, look_for, values.get("a", ""))
            file, line, entry = found if found else (where, None, "")
            return make(file, dutch.format(**values), fix.format(**values), line, entry)
    return make("Rasa", f"Rasa meldt: {message}", "Vraag zo nodig een ontwikkelaar om hulp.")


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: List[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _run(check: Callable[[], bool]) -> Tuple[bool, List[str]]:
    capture = _Capture()
    logger = logging.getLogger("rasa")
    old_propagate = logger.propagate
    logger.addHandler(capture)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ok = check()
    finally:
        logger.removeHandler(capture)
        logger.propagate = old_propagate
    return ok is not False, _rasa_warnings(caught) + capture.messages


def _rasa_warnings(caught) -> List[str]:
    """Rasa's own findings are UserWarnings; library deprecation notes are not for staff."""
    return [str(w.message) for w in caught if w.category is UserWarning]


def _covered(message: str) -> bool:
    return any(re.match(pattern, message.strip()) for pattern in _COVERED)


def _duplicated_domain_intents_are_real(message: str, tree: Tree, documents: Documents) -> bool:
    """Rasa 3.6 reports a retrieval intent (faq) as duplicated when the domain is a folder;
    only report it when the name really is listed in two domain files."""
    match = re.match(r"The following duplicated intents have been found across multiple domain files: (?P<a>.*)", message)
    if not match:
        return True
    intents = project_data.read(tree, documents).intents
    return any(len({p.file for p in intents.get(name.strip(), [])}) > 1 for name in match["a"].split(","))


def check(tree: Tree, documents: Documents) -> List[Finding]:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    findings: List[Finding] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            from rasa.shared.importers.importer import TrainingDataImporter
            from rasa.validator import Validator

            importer = TrainingDataImporter.load_from_config(
                config_path=str(tree.config), domain_path=str(tree.domain),
                training_data_paths=[str(p) for p in tree.training_data if p.exists()],
            )
            validator = Validator.from_importer(importer)
        loading = _rasa_warnings(caught)
    except Exception as problem:  # Rasa refuses the files: say why, in its own words
        return [error("Rasa", f"Rasa kan de bestanden niet lezen: {problem}",
                      "Meestal staat er een veld verkeerd geschreven of verkeerd ingesprongen. "
                      "Kijk naar het bestand en de regel die Rasa noemt.")]
    steps = [
        lambda: True,  # warnings while loading
        validator.verify_domain_validity,
        validator.verify_actions_in_stories_rules,
        validator.verify_forms_in_stories_rules,
        validator.verify_form_slots,
        validator.verify_slot_mappings,
        lambda: validator.verify_nlu(False),
        lambda: validator.verify_story_structure(False, max_history=None),
        lambda: validator.warn_if_config_mandatory_keys_are_not_set() or True,
    ]
    seen = set()
    for index, step in enumerate(steps):
        ok, messages = (True, loading) if index == 0 else _run(step)
        for message in messages:
            if message in seen or _covered(message) or not _duplicated_domain_intents_are_real(message, tree, documents):
                continue
            seen.add(message)
            findings.append(_translate(message, failed=not ok, tree=tree, documents=documents))
        if not ok and not messages:
            findings.append(error("Rasa", "Rasa vindt een fout in domein, regels of verhalen, maar zegt niet welke.",
                                  "Draai 'make validate' voor de details, of vraag een ontwikkelaar."))
    return findings
