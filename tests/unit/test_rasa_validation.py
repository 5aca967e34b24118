"""make check's Rasa part (hulpwijzer/staff/check/rasa_validation.py) tells problems from what
Rasa parsed, never by reading Rasa's English messages; where Rasa finds something we do not
model, its own words are shown ("Rasa meldt: ..."), so nothing it finds is lost.

The broken copies of the bot that Rasa really loads are in tests/integration/test_check.py;
these tests check the rules around them without loading Rasa.
"""
from __future__ import annotations

import ast
import warnings
from pathlib import Path

import pytest

from hulpwijzer.staff.check import rasa_conditions, rasa_findings, rasa_validation
from hulpwijzer.staff.check.rasa_conditions import Problem
from hulpwijzer.staff.check.tree import Tree
from hulpwijzer.staff.check.yaml_syntax import Documents

ROOT = Path(__file__).resolve().parents[2]
MODULES = [rasa_validation, rasa_conditions, rasa_findings]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_no_regular_expressions_over_rasas_messages(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "re" not in imported and "regex" not in imported
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "re"]


def test_every_problem_code_has_dutch_words():
    source = ast.parse(Path(rasa_conditions.__file__).read_text(encoding="utf-8"))
    codes = {call.args[0].value for call in ast.walk(source)
             if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "Problem"
             and call.args and isinstance(call.args[0], ast.Constant)}
    assert len(codes) >= 10  # the scan found them
    assert codes <= set(rasa_findings.WORDINGS) | rasa_findings.TOLD_ELSEWHERE


# --- Rasa's own steps against our conditions ----------------------------------------------------

@pytest.fixture
def project():
    tree = Tree.at(ROOT)
    return tree, Documents(tree)


@pytest.fixture
def only_these_steps(monkeypatch):
    """Run rasa_validation with the given (Rasa step, our conditions) pairs and nothing else."""
    for name in ("domain_duplicates", "config_keys", "story_conflicts"):
        monkeypatch.setattr(rasa_conditions, name, lambda *args: [])

    def use(*steps):
        monkeypatch.setattr(rasa_validation, "_steps", lambda validator: list(steps))
    return use


def rasa_step(result, message=None):
    def step():
        if message:
            warnings.warn(message, UserWarning)
        return result
    return step


def said(project, loading=()):
    tree, documents = project
    problems, own_words = rasa_validation.problems_and_rasas_own_words(tree, documents, object(), list(loading))
    return [rasa_findings.finding(p, tree, documents) for p in problems], own_words


def test_a_failing_rasa_step_that_we_do_not_model_is_shown_in_rasas_words(project, only_these_steps):
    only_these_steps((rasa_step(False, "Something new is wrong."), lambda v: []))
    findings, own_words = said(project)
    assert findings == []
    assert [(f.is_error, f.problem) for f in own_words] == [(True, "Rasa meldt: Something new is wrong.")]


def test_a_failing_rasa_step_without_words_still_fails(project, only_these_steps):
    only_these_steps((rasa_step(False), lambda v: []))
    _, own_words = said(project)
    assert [f.is_error for f in own_words] == [True]
    assert "zegt niet welke" in own_words[0].problem


def test_when_our_conditions_explain_the_failure_rasas_words_are_not_repeated(project, only_these_steps):
    only_these_steps((rasa_step(False, "The form slot 'x' in form 'y' is not present."),
                      lambda v: [Problem("formulierslot_bestaat_niet", {"form": "hulp_form", "slot": "leeftijd"},
                                         ("form_slot", "hulp_form", "leeftijd"))]))
    findings, own_words = said(project)
    assert own_words == []
    assert [f.problem for f in findings] == ["Formulier 'hulp_form' vraagt naar 'leeftijd', maar dat slot bestaat niet."]
    assert findings[0].file == "bot/domain/core.yml" and findings[0].entry == "formulier 'hulp_form'"


def test_a_warning_of_ours_does_not_explain_a_failing_step(project, only_these_steps):
    only_these_steps((rasa_step(False, "Something else."),
                      lambda v: [Problem("intent_ongebruikt", {"intent": "bedanken"}, ("domain_intent", "bedanken"),
                                         fails_rasa_step=False)]))
    findings, own_words = said(project)
    assert [f.is_error for f in findings] == [False]
    assert [f.problem for f in own_words] == ["Rasa meldt: Something else."]


def test_a_passing_rasa_step_adds_nothing_of_its_own(project, only_these_steps):
    only_these_steps((rasa_step(True, "The utterance 'utter_x' is not used in any story or rule."), lambda v: []))
    assert said(project) == ([], [])


# --- warnings while Rasa loads the files: known by the function that gives them ---------------

def warning_from(module: str, function: str, message: str):
    """(who, message) as rasa_validation records it, for a warning given in `module.function`."""
    namespace = {"__name__": module, "warnings": warnings}
    exec(f"def {function}(message):\n    warnings.warn(message, UserWarning)\n", namespace)
    with rasa_validation._rasa_says() as kept:
        namespace[function](message)
    return kept


def test_the_function_that_gives_a_warning_is_recorded():
    assert warning_from("rasa.shared.core.slot_mappings", "validate_slot_mappings", "Slot auto-fill ...") == [
        ("rasa.shared.core.slot_mappings.validate_slot_mappings", "Slot auto-fill ...")]


def test_loading_warnings_are_left_out_by_who_gives_them_not_by_their_words(project, only_these_steps):
    only_these_steps()
    notice = warning_from("rasa.shared.core.slot_mappings", "validate_slot_mappings", "Reworded in a new Rasa.")
    unknown = warning_from("rasa.shared.importers.importer", "load_something", "A new problem.")
    _, own_words = said(project, notice + unknown)
    assert [f.problem for f in own_words] == ["Rasa meldt: A new problem."]
    assert not own_words[0].is_error  # Rasa loaded the files: a warning, as before


def test_the_story_readers_warning_is_left_out_only_when_we_found_the_same_problem(project, only_these_steps):
    reader = warning_from("rasa.shared.core.training_data.story_reader.yaml_story_reader",
                          "_validate_that_utterance_is_in_domain", "Found intent 'x' in stories ...")
    only_these_steps()
    assert [f.problem for f in said(project, reader)[1]] == ["Rasa meldt: Found intent 'x' in stories ..."]
    only_these_steps((rasa_step(False), lambda v: [Problem("intent_niet_in_domein", {"intent": "x"}, ("step", "intent", "x"))]))
    assert said(project, reader)[1] == []
