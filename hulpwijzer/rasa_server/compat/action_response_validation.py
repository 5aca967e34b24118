"""Check the action server's answer against its schema with a validator built once.

Rasa 3.6.21 (RemoteAction._validate_action_result) calls `jsonschema.validate` for every
custom action call. That helper first checks the (constant) schema against the JSON Schema
meta-schema, then builds a validator and throws it away. Profiling `make bench` showed the
meta-schema check alone was about a third of the Rasa server's time per message. Here the
schema is checked once and the validator kept; the answer is validated exactly as before and
a bad answer raises the same ValidationError with the same message.

Checking the events themselves was still 9% of the time of a message that fills the help
form: every event is tried against every kind of event (`oneOf`). The same events come back
again and again (`{"event": "slot", "name": "topic", "value": "pesten"}`), so an event
found valid is remembered (by its exact JSON, at most EVENT_CACHE_SIZE of them). An answer
whose events are all remembered, and whose `responses` is a list of objects, is valid under
the schema (an object with those two properties); anything else goes through the validator.
"""
from __future__ import annotations

import functools
import json
from collections import OrderedDict
from typing import Any, Dict, Text

import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


EVENT_CACHE_SIZE = 4096
_valid_events: "OrderedDict[str, bool]" = OrderedDict()


@functools.lru_cache(maxsize=1)
def response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _event_key(event: Any) -> Any:
    try:
        return json.dumps(event, sort_keys=True)
    except (TypeError, ValueError):
        return None


def _known_valid(result: Any) -> bool:
    """True when the answer is valid by the remembered events alone (no validator needed)."""
    if not isinstance(result, dict):
        return False
    responses = result.get("responses", [])
    if not isinstance(responses, list) or not all(isinstance(r, dict) for r in responses):
        return False
    events = result.get("events", [])
    if not isinstance(events, list):
        return False
    return all(_event_key(event) in _valid_events for event in events)


def _remember_events(result: Dict[Text, Any]) -> None:
    """After the validator passed the whole answer: each of its events is valid."""
    for event in result.get("events") or []:
        key = _event_key(event)
        if key is None:
            continue
        _valid_events[key] = True
        _valid_events.move_to_end(key)
        while len(_valid_events) > EVENT_CACHE_SIZE:
            _valid_events.popitem(last=False)


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    if _known_valid(result):
        return True
    error = jsonschema.exceptions.best_match(response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    _remember_events(result)
    return True


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result
