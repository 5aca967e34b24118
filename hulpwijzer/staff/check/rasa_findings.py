"""A problem Rasa's validation finds (rasa_conditions.Problem: a code and its values), told in
Dutch with the file, line and rule or story where staff should look."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, Optional, Tuple

import yaml

from hulpwijzer.staff.check import project_data
from hulpwijzer.staff.check.findings import FOUT, WAARSCHUWING, Finding
from hulpwijzer.staff.check.rasa_conditions import Problem
from hulpwijzer.staff.check.tree import Tree, line_of, mapping_key, mapping_value, sequence_items, walk_mappings
from hulpwijzer.staff.check.yaml_syntax import Documents

DOMAIN = "bot/domain"
RULES = "data/rules of data/stories"
CONFIG = "bot/config.yml"


@dataclass(frozen=True)
class Wording:
    level: str
    problem: str
    fix: str
    where: str  # named when the line cannot be found


# {names} are the problem's values (see rasa_conditions).
WORDINGS: Dict[str, Wording] = {
    "intent_niet_in_domein": Wording(
        FOUT, "Intent '{intent}' staat in een regel of verhaal, maar niet in het domein.",
        "Zet '- {intent}' onder 'intents:' in bot/domain/, of controleer de spelling in de regel.", RULES),
    "intent_ongebruikt": Wording(
        WAARSCHUWING, "Intent '{intent}' staat in geen enkele regel of verhaal: de bot weet niet wat hij dan moet doen.",
        "Voeg in data/rules/ een regel toe: '- intent: {intent}' gevolgd door '- action: utter_...'.", RULES),
    "antwoord_bestaat_niet": Wording(
        FOUT, "Antwoord '{action}' wordt gebruikt in een regel of verhaal, maar bestaat niet in het domein.",
        "Maak het antwoord aan onder 'responses:' in bot/domain/, of controleer de spelling.", RULES),
    "actie_niet_in_domein": Wording(
        FOUT, "'{name}' wordt gebruikt in '{block}', maar staat niet in het domein.",
        "Zet '{name}' onder 'actions:' (of 'forms:') in bot/domain/, of controleer de spelling.", RULES),
    "formulier_niet_in_domein": Wording(
        FOUT, "'{name}' wordt gebruikt in '{block}', maar staat niet in het domein.",
        "Zet '{name}' onder 'actions:' (of 'forms:') in bot/domain/, of controleer de spelling.", RULES),
    "formulierslot_bestaat_niet": Wording(
        FOUT, "Formulier '{form}' vraagt naar '{slot}', maar dat slot bestaat niet.",
        "Voeg het slot toe onder 'slots:' of controleer de spelling.", DOMAIN),
    "slot_bij_onbekend_formulier": Wording(
        FOUT, "Slot '{slot}' verwijst naar formulier '{form}', maar dat klopt niet met 'forms:'.",
        "Controleer de naam van het formulier bij het slot en onder 'forms:'.", DOMAIN),
    "slot_niet_gevraagd_door_formulier": Wording(
        FOUT, "Slot '{slot}' verwijst naar formulier '{form}', maar dat klopt niet met 'forms:'.",
        "Zet '{slot}' onder 'required_slots:' van '{form}', of controleer de naam van het formulier bij het slot.", DOMAIN),
    "domein_leeg": Wording(
        FOUT, "Rasa vindt in bot/domain/ geen intents, antwoorden, acties of slots: het domein is leeg.",
        "Kijk of de bestanden in bot/domain/ er nog staan en met 'version:' beginnen, of vraag een ontwikkelaar.", DOMAIN),
    "intent_met_triggers": Wording(
        FOUT, "Intent '{intent}' heeft 'triggers:'. Dat is een oude schrijfwijze die Rasa niet meer kent.",
        "Haal 'triggers:' weg en maak in data/rules/ een regel met deze intent en de actie.", DOMAIN),
    "dubbel_in_domein": Wording(
        WAARSCHUWING, "Dit staat in meer dan één domeinbestand: '{name}' (ook in {first}).",
        "Laat elk item in één bestand in bot/domain/ staan.", DOMAIN),
    "config_sleutel_ontbreekt": Wording(
        WAARSCHUWING, "In bot/config.yml ontbreekt '{key}'.",
        "Vraag een ontwikkelaar om bot/config.yml te herstellen.", CONFIG),
    "config_standaardwaarde": Wording(
        WAARSCHUWING, "In bot/config.yml staat bij '{key}' nog de voorbeeldwaarde '{value}'.",
        "Vraag een ontwikkelaar om bot/config.yml te herstellen.", CONFIG),
    "verhalen_spreken_elkaar_tegen": Wording(
        FOUT, "Regels of verhalen spreken elkaar tegen na {after}: {taken}.",
        "Twee regels of verhalen laten de bot iets anders doen na precies hetzelfde gesprek. Pas er een aan of haal hem weg.",
        RULES),
}

# Told by another check, with file and line (nlu.examples_for_unknown_intents).
TOLD_ELSEWHERE = {"voorbeelden_bij_onbekende_intent"}

_AFTER = {
    "action": "actie '{}'",
    "bot_text": "de bottekst '{}'",
    "intent": "intent '{}'",
    "user_text": "de gebruikerstekst '{}'",
}


def _story_conflict_values(values: dict) -> dict:
    kind, name = values["after_kind"], values["after_name"]
    after = _AFTER[kind].format(name) if kind in _AFTER else "het begin van het gesprek"
    taken = "; ".join(f"{' en '.join(repr(s) for s in stories)} laat de bot '{action}' doen"
                      for action, stories in values["taken"].items())
    return {"after": after, "taken": taken}


_COMPOSE: Dict[str, Callable[[dict], dict]] = {"verhalen_spreken_elkaar_tegen": _story_conflict_values}


# --- where to look -------------------------------------------------------------------------

Place = Tuple[str, Optional[int], str]  # file, line, entry


def _blocks(tree: Tree, documents: Documents):
    """(document, 'rule' or 'story', its title node, the block) for every rule and story."""
    for folder in tree.training_data:
        for document in documents.in_folder(folder):
            for section, kind in (("rules", "rule"), ("stories", "story")):
                for block in sequence_items(mapping_value(document.node, section)):
                    yield document, kind, mapping_value(block, kind), block


def _step_in(block, key: str, name: str) -> Optional[yaml.ScalarNode]:
    for step in walk_mappings(mapping_value(block, "steps")):
        value = mapping_value(step, key)
        if isinstance(value, yaml.ScalarNode) and value.value == name:
            return value
    return None


def _label(kind: str, title) -> str:
    return f"bij '{kind}: {title.value}'" if isinstance(title, yaml.ScalarNode) else ""


def _step_using(tree: Tree, documents: Documents, key: str, name: str) -> Optional[Place]:
    """The first rule or story step `- <key>: <name>`: (file, line, which rule or story)."""
    for document, kind, title, block in _blocks(tree, documents):
        value = _step_in(block, key, name)
        if value is not None:
            return tree.rel(document.path), line_of(value), _label(kind, title)
    return None


def _story_step(tree: Tree, documents: Documents, story: str, action: str) -> Optional[Place]:
    """The step `- action: <action>` in the story, else the story's title. Rasa names a story
    joined to the one before it by a checkpoint 'first > second'."""
    names = set(story.split(" > "))
    stories = [(document, kind, title, block) for document, kind, title, block in _blocks(tree, documents)
               if isinstance(title, yaml.ScalarNode) and title.value in names]
    for document, kind, title, block in stories:
        value = _step_in(block, "action", action)
        if value is not None:
            return tree.rel(document.path), line_of(value), _label(kind, title)
    if not stories:
        return None
    document, kind, title, _ = stories[0]
    return tree.rel(document.path), line_of(title), _label(kind, title)


def _in_domain(tree: Tree, documents: Documents, section: str, name: str, item: Optional[str] = None) -> Optional[Place]:
    """The line of `<section>: <name>:` in bot/domain/, or of `- <item>` in its `required_slots`."""
    for document in documents.in_folder(tree.domain):
        block = mapping_value(mapping_value(document.node, section), name)
        if block is None:
            continue
        line = line_of(mapping_key(mapping_value(document.node, section), name))
        for slot in sequence_items(mapping_value(block, "required_slots")):
            if item is not None and isinstance(slot, yaml.ScalarNode) and slot.value == item:
                line = line_of(slot)
        entry = {"forms": f"formulier '{name}'", "slots": f"slot '{name}'"}.get(section, f"'{name}'")
        return tree.rel(document.path), line, entry
    return None


def _config_key(tree: Tree, documents: Documents, key: Optional[str]) -> Optional[Place]:
    document = documents.get(tree.config) if tree.config.exists() else None
    node = mapping_key(document.node, key) if document is not None and key else None
    return (tree.rel(tree.config), line_of(node), f"'{key}'" if node is not None else "") if tree.config.exists() else None


def locate(problem: Problem, tree: Tree, documents: Documents) -> Optional[Place]:
    kind, *args = problem.look_for or (None,)
    if kind == "step":
        key, name = args
        return _step_using(tree, documents, key, name) or (
            _step_using(tree, documents, "action", name) if key == "active_loop" else None)
    if kind == "story":
        return _story_step(tree, documents, *args)
    if kind == "domain_intent":
        places = project_data.read(tree, documents).intents.get(args[0])
        return (places[0].file, places[0].line, f"intent '{args[0]}'") if places else None
    if kind == "form_slot":
        return _in_domain(tree, documents, "forms", args[0], item=args[1])
    if kind == "domain_slot":
        return _in_domain(tree, documents, "slots", args[0])
    if kind == "config":
        return _config_key(tree, documents, args[0])
    if kind == "at":
        file, line = args
        return file, line, f"'{problem.values.get('name', '')}'"
    return None


def finding(problem: Problem, tree: Tree, documents: Documents) -> Finding:
    wording = WORDINGS[problem.code]
    values = {**problem.values, **_COMPOSE.get(problem.code, lambda v: {})(problem.values)}
    file, line, entry = locate(problem, tree, documents) or (wording.where, None, "")
    return Finding(wording.level, file, wording.problem.format(**values), wording.fix.format(**values), line, entry)
