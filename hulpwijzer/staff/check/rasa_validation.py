"""Rasa's own check of domain, rules, stories and config (`rasa data validate`), run in-process
and told in Dutch.

Rasa loads the files; what its Validator checks is then computed from the objects it parsed
(rasa_conditions.py) and told with file and line (rasa_findings.py), never by reading Rasa's
English messages. Rasa's own steps still run once each: when one says "not valid" and our
conditions for that step found nothing, its message is shown as "Rasa meldt: ...", so nothing
Rasa finds is lost. Problems another check already gives with file and line are left out
(rasa_findings.TOLD_ELSEWHERE, and the steps that are not run below).
"""
from __future__ import annotations

import inspect
import logging
import os
import warnings
from contextlib import contextmanager
from typing import Callable, Dict, Iterator, List, Optional, Tuple

from hulpwijzer.staff.check import rasa_conditions as conditions
from hulpwijzer.staff.check.findings import Finding, error, warning
from hulpwijzer.staff.check.rasa_conditions import Problem
from hulpwijzer.staff.check.rasa_findings import TOLD_ELSEWHERE, finding
from hulpwijzer.staff.check.tree import Tree
from hulpwijzer.staff.check.yaml_syntax import Documents

ASK_A_DEVELOPER = "Vraag zo nodig een ontwikkelaar om hulp."

# Warnings Rasa gives while it loads the files, known by the Rasa function that gives them (not
# by their words), with the problem of ours that says the same (None: nothing to say). Any other
# one, or one whose problem we did not find, is shown as "Rasa meldt: ...".
_EXPLAINED_WHILE_LOADING: Dict[str, Optional[str]] = {
    # "Slot auto-fill has been removed in 3.0": said whenever the domain has slots, a notice only.
    "rasa.shared.core.slot_mappings.validate_slot_mappings": None,
    # Names in two domain files: rasa_conditions.domain_duplicates reads the files itself (Rasa
    # 3.6 also names the retrieval intent faq, which is listed once).
    "rasa.shared.core.domain.warn_about_duplicates_found_during_domain_merging": None,
    # An intent in a rule or story that the domain lacks. PRIVATE: this names (never calls) a
    # private method of Rasa's YAMLStoryReader; it gives only this one warning in Rasa 3.6.21.
    "rasa.shared.core.training_data.story_reader.yaml_story_reader._validate_that_utterance_is_in_domain":
        "intent_niet_in_domein",
}

Said = List[Tuple[str, str]]  # (the Rasa function that said it, the message)


def _raised_by() -> str:
    """The Rasa function whose warning is being shown (past Rasa's raise_warning helper)."""
    frame = inspect.currentframe()
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith("rasa.") and module != "rasa.shared.utils.io":
            return f"{module}.{frame.f_code.co_name}"
        frame = frame.f_back
    return ""


class _Capture(logging.Handler):
    def __init__(self, said: Said):
        super().__init__(logging.WARNING)
        self.said = said

    def emit(self, record: logging.LogRecord) -> None:
        self.said.append((record.name, record.getMessage()))


@contextmanager
def _rasa_says() -> Iterator[Said]:
    """Rasa's findings while the block runs (its UserWarnings and warnings in its log), kept
    instead of printed; library deprecation notes are not for staff and are dropped."""
    said: Said = []

    def keep(message, category, filename, lineno, file=None, line=None):
        if category is UserWarning:
            said.append((_raised_by(), str(message)))

    logger = logging.getLogger("rasa")
    capture, old_propagate = _Capture(said), logger.propagate
    logger.addHandler(capture)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = keep
            yield said
    finally:
        logger.removeHandler(capture)
        logger.propagate = old_propagate


def _load(tree: Tree):
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.validator import Validator

    importer = TrainingDataImporter.load_from_config(
        config_path=str(tree.config), domain_path=str(tree.domain),
        training_data_paths=[str(p) for p in tree.training_data if p.exists()],
    )
    return Validator.from_importer(importer)


def _steps(validator) -> List[Tuple[Callable[[], Optional[bool]], Callable[[object], List[Problem]]]]:
    """Rasa's step and our conditions for the same thing. Not run: verify_example_repetition_in_intents
    (nlu.duplicates says it with file and line), verify_story_structure (story_conflicts asks Rasa's
    find_story_conflicts itself, so the search runs once) and warn_if_config_mandatory_keys_are_not_set
    (it returns nothing to compare; config_keys checks its two conditions)."""
    return [
        (validator.verify_domain_validity, conditions.domain_validity),
        (validator.verify_actions_in_stories_rules, conditions.actions_in_stories),
        (validator.verify_forms_in_stories_rules, conditions.forms_in_stories),
        (validator.verify_form_slots, conditions.form_slots),
        (validator.verify_slot_mappings, conditions.slot_mappings),
        (lambda: validator.verify_intents_in_stories(False), conditions.intents_in_stories),
        (lambda: validator.verify_utterances_in_stories(False), conditions.utterances_in_stories),
    ]


def _rasa_says_more(said: Said) -> List[Finding]:
    """Rasa's step failed on something our conditions do not model: its own words."""
    messages = list(dict.fromkeys(message.strip() for _, message in said))
    if not messages:
        return [error("Rasa", "Rasa vindt een fout in domein, regels of verhalen, maar zegt niet welke.",
                      "Draai 'make validate' voor de details, of vraag een ontwikkelaar.")]
    return [error("Rasa", f"Rasa meldt: {message}", ASK_A_DEVELOPER) for message in messages]


def problems_and_rasas_own_words(tree: Tree, documents: Documents, validator, loading: Said) -> Tuple[List[Problem], List[Finding]]:
    problems = conditions.domain_duplicates(tree, documents) + conditions.config_keys(validator)
    own_words: List[Finding] = []
    for rasa_step, ours in _steps(validator):
        with _rasa_says() as said:
            valid = rasa_step() is not False
        found = ours(validator)
        problems += found
        if not valid and not any(p.fails_rasa_step for p in found):
            own_words += _rasa_says_more(said)
    with _rasa_says():  # Rasa logs its progress and each conflict; the conflicts are ours to tell
        problems += conditions.story_conflicts(validator)
    return problems, _loading_not_explained(loading, problems) + own_words


def _loading_not_explained(loading: Said, problems: List[Problem]) -> List[Finding]:
    found = {p.code for p in problems}
    return [warning("Rasa", f"Rasa meldt: {message.strip()}", ASK_A_DEVELOPER)
            for origin, message in dict.fromkeys(loading)
            if origin not in _EXPLAINED_WHILE_LOADING
            or (_EXPLAINED_WHILE_LOADING[origin] is not None and _EXPLAINED_WHILE_LOADING[origin] not in found)]


def check(tree: Tree, documents: Documents) -> List[Finding]:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    try:
        with _rasa_says() as loading:
            validator = _load(tree)
    except Exception as problem:  # Rasa refuses the files: say why, in its own words
        return [error("Rasa", f"Rasa kan de bestanden niet lezen: {problem}",
                      "Meestal staat er een veld verkeerd geschreven of verkeerd ingesprongen. "
                      "Kijk naar het bestand en de regel die Rasa noemt.")]
    problems, own_words = problems_and_rasas_own_words(tree, documents, validator, loading)
    findings = [finding(p, tree, documents) for p in problems if p.code not in TOLD_ELSEWHERE]
    return list(dict.fromkeys(findings + own_words))
