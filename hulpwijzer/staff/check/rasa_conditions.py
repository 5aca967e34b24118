"""What Rasa's `rasa data validate` checks (rasa/validator.py, Rasa 3.6.21), computed from the
objects Rasa has already parsed: a Validator's domain, story_graph, intents and config.

Each problem is a code with its values, never Rasa's English sentence, so a reworded message
in Rasa cannot change what staff see. rasa_findings.py tells them in Dutch with file and line;
rasa_validation.py runs Rasa's own steps beside these and compares their results.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Tuple, Type

import yaml

from hulpwijzer.staff.check.tree import Tree, line_of, mapping_value, sequence_items
from hulpwijzer.staff.check.yaml_syntax import Documents


@dataclass
class Problem:
    code: str
    values: Dict[str, Any] = field(default_factory=dict)
    # How to find the line: ("step", key, name), ("domain_intent", name), ("form_slot", form, slot),
    # ("domain_slot", slot), ("story", story, action), ("config", key) or ("at", file, line).
    look_for: Tuple = ()
    # Rasa's own step returns False for this problem (not for the ones it only warns about).
    fails_rasa_step: bool = True


def _events(validator, kind: Type) -> Iterator[Tuple[Any, Any]]:
    """(story or rule, event) for every event of this kind in the training data."""
    for story in validator.story_graph.story_steps:
        for event in story.events:
            if isinstance(event, kind):
                yield story, event


# --- rules and stories against the domain ------------------------------------------------

def intents_in_stories(validator) -> List[Problem]:
    """Validator.verify_intents_in_stories (with verify_intents' check of the examples)."""
    from rasa.shared.core.constants import DEFAULT_INTENTS
    from rasa.shared.core.events import UserUttered
    from rasa.shared.nlu.constants import INTENT

    domain = validator.domain
    used = {event.intent_name for _, event in _events(validator, UserUttered) if event.intent_name}
    problems = [Problem("intent_niet_in_domein", {"intent": name}, ("step", "intent", name))
                for name in sorted(used) if name not in domain.intents]
    problems += [Problem("intent_ongebruikt", {"intent": name}, ("domain_intent", name), fails_rasa_step=False)
                 for name in domain.intents if name not in DEFAULT_INTENTS and name not in used]
    labelled = {example.get(INTENT) for example in validator.intents.intent_examples}
    problems += [Problem("voorbeelden_bij_onbekende_intent", {"intent": name})
                 for name in sorted(labelled) if name not in domain.intents]
    return problems


def utterances_in_stories(validator) -> List[Problem]:
    """Validator.verify_utterances_in_stories: every `utter_` step has a response."""
    from rasa.shared.constants import UTTER_PREFIX
    from rasa.shared.core.events import ActionExecuted
    from rasa.shared.nlu.constants import RESPONSE_IDENTIFIER_DELIMITER

    domain = validator.domain
    # As Rasa counts them: `utter_faq/wat_is_cjg` makes `utter_faq` a response.
    responses = {name.split(RESPONSE_IDENTIFIER_DELIMITER)[0]
                 for name in domain.responses if name in domain.action_names_or_texts}
    responses |= {name.split(RESPONSE_IDENTIFIER_DELIMITER)[0] for name in validator.intents.responses}
    problems, seen = [], set()
    for _, event in _events(validator, ActionExecuted):
        name = event.action_name
        if name and name.startswith(UTTER_PREFIX) and name not in seen:
            seen.add(name)
            if name not in responses:
                problems.append(Problem("antwoord_bestaat_niet", {"action": name}, ("step", "action", name)))
    return problems


def actions_in_stories(validator) -> List[Problem]:
    """Validator.verify_actions_in_stories_rules: every `action_` step is in the domain."""
    from rasa.shared.core.events import ActionExecuted

    problems, seen = [], set()
    for story, event in _events(validator, ActionExecuted):
        name = event.action_name
        if name and name.startswith("action_") and name not in seen:
            seen.add(name)
            if name not in validator.domain.action_names_or_texts:
                problems.append(Problem("actie_niet_in_domein", {"name": name, "block": story.block_name},
                                        ("step", "action", name)))
    return problems


def forms_in_stories(validator) -> List[Problem]:
    """Validator.verify_forms_in_stories_rules: every `active_loop:` names a form in the domain."""
    from rasa.shared.core.events import ActiveLoop

    problems, seen = [], set()
    for story, event in _events(validator, ActiveLoop):
        if event.name and event.name not in seen:  # `active_loop: null` ends a form
            seen.add(event.name)
            if event.name not in validator.domain.action_names_or_texts:
                problems.append(Problem("formulier_niet_in_domein", {"name": event.name, "block": story.block_name},
                                        ("step", "active_loop", event.name)))
    return problems


# --- the domain itself --------------------------------------------------------------------

def form_slots(validator) -> List[Problem]:
    """Validator.verify_form_slots: a form only asks for slots that exist."""
    domain = validator.domain
    slots = {slot.name for slot in domain.slots}
    return [Problem("formulierslot_bestaat_niet", {"form": form, "slot": slot}, ("form_slot", form, slot))
            for form in domain.form_names for slot in domain.required_slots_for_form(form) if slot not in slots]


def slot_mappings(validator) -> List[Problem]:
    """Validator.verify_slot_mappings: a slot filled 'during form X' names a form that asks for it."""
    from rasa.shared.constants import REQUIRED_SLOTS_KEY
    from rasa.shared.core.constants import ACTIVE_LOOP, MAPPING_CONDITIONS, MAPPING_TYPE, SlotMappingType

    domain = validator.domain
    problems = []
    for slot in domain.slots:
        for mapping in slot.mappings:
            for condition in mapping.get(MAPPING_CONDITIONS, []):
                form = condition.get(ACTIVE_LOOP)
                values, look_for = {"slot": slot.name, "form": form}, ("domain_slot", slot.name)
                if form and form not in domain.form_names:
                    problems.append(Problem("slot_bij_onbekend_formulier", values, look_for))
                asked = domain.forms.get(form, {}).get(REQUIRED_SLOTS_KEY, {})
                if (asked and slot.name not in asked
                        and SlotMappingType(mapping.get(MAPPING_TYPE)) != SlotMappingType.FROM_TRIGGER_INTENT):
                    problems.append(Problem("slot_niet_gevraagd_door_formulier", values, look_for))
    return problems


def domain_validity(validator) -> List[Problem]:
    """Validator.verify_domain_validity: a domain at all, and no intent with MappingPolicy triggers."""
    if validator.domain.is_empty():
        return [Problem("domein_leeg")]
    return [Problem("intent_met_triggers", {"intent": intent}, ("domain_intent", intent))
            for intent, properties in validator.domain.intent_properties.items() if "triggers" in properties]


def config_keys(validator) -> List[Problem]:
    """Validator.warn_if_config_mandatory_keys_are_not_set (it only warns, so it is not called)."""
    from rasa.shared.constants import ASSISTANT_ID_DEFAULT_VALUE, ASSISTANT_ID_KEY, CONFIG_MANDATORY_KEYS

    problems = [Problem("config_sleutel_ontbreekt", {"key": key}, ("config", None), fails_rasa_step=False)
                for key in sorted(set(CONFIG_MANDATORY_KEYS)) if key not in validator.config]
    if validator.config.get(ASSISTANT_ID_KEY) == ASSISTANT_ID_DEFAULT_VALUE:
        problems.append(Problem("config_standaardwaarde", {"key": ASSISTANT_ID_KEY, "value": ASSISTANT_ID_DEFAULT_VALUE},
                                ("config", ASSISTANT_ID_KEY), fails_rasa_step=False))
    return problems


# Sections whose names Rasa merges across the files of bot/domain/ (Domain.merge_domain_dicts).
_MERGED_SECTIONS = ("intents", "entities", "actions", "e2e_actions", "forms", "responses", "slots")


def _names_in_section(node: Optional[yaml.Node]) -> List[Tuple[str, Optional[int]]]:
    if isinstance(node, yaml.MappingNode):
        return [(key.value, line_of(key)) for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
    names = []
    for item in sequence_items(node):
        if isinstance(item, yaml.ScalarNode):
            names.append((item.value, line_of(item)))
        elif isinstance(item, yaml.MappingNode) and item.value and isinstance(item.value[0][0], yaml.ScalarNode):
            names.append((item.value[0][0].value, line_of(item)))  # `- faq: {is_retrieval_intent: true}`
    return names


def domain_duplicates(tree: Tree, documents: Documents) -> List[Problem]:
    """A name in more than one file of bot/domain/. Read from the files themselves: Rasa's merged
    domain no longer knows the files, and Rasa 3.6 also reports the retrieval intent faq, which
    is listed once."""
    problems = []
    for section in _MERGED_SECTIONS:
        first: Dict[str, str] = {}
        for document in documents.in_folder(tree.domain):
            rel = tree.rel(document.path)
            for name, line in _names_in_section(mapping_value(document.node, section)):
                if name in first and first[name] != rel:
                    problems.append(Problem("dubbel_in_domein", {"section": section, "name": name, "first": first[name]},
                                            ("at", rel, line), fails_rasa_step=False))
                first.setdefault(name, rel)
    return problems


# --- story structure ----------------------------------------------------------------------

def _previous_event(state: Optional[dict]) -> Tuple[Optional[str], Optional[str]]:
    """What happened just before the conflict, read from Rasa's State (a dict of public keys):
    ("action", name), ("bot_text", text), ("intent", name), ("user_text", text) or (None, None)."""
    from rasa.shared.core.constants import ACTION_LISTEN_NAME, PREVIOUS_ACTION, USER

    state = state or {}
    previous = state.get(PREVIOUS_ACTION) or {}
    user = state.get(USER) or {}
    if previous.get("action_name") and previous["action_name"] != ACTION_LISTEN_NAME:
        return "action", previous["action_name"]
    if previous.get("action_text"):
        return "bot_text", previous["action_text"]
    if user.get("intent"):
        return "intent", user["intent"]
    if user.get("text"):
        return "user_text", user["text"]
    return None, None


def story_conflicts(validator) -> List[Problem]:
    """What Validator.verify_story_structure finds, from the conflict objects of Rasa's
    find_story_conflicts (called here instead of that method, so the search runs once)."""
    from rasa.core.training.story_conflict import find_story_conflicts
    from rasa.shared.core.generator import TrainingDataGenerator

    from hulpwijzer.rasa_server.compat.story_conflicts import last_state_before, stories_per_action

    trackers = TrainingDataGenerator(validator.story_graph, domain=validator.domain,
                                     remove_duplicates=False, augmentation_factor=0).generate_story_trackers()
    problems = []
    for conflict in find_story_conflicts(trackers, validator.domain, None):
        taken = stories_per_action(conflict)
        after_kind, after_name = _previous_event(last_state_before(conflict))
        action, stories = next(iter(taken.items()))
        problems.append(Problem("verhalen_spreken_elkaar_tegen",
                                {"after_kind": after_kind, "after_name": after_name, "taken": taken},
                                ("story", stories[0], action)))
    return problems
