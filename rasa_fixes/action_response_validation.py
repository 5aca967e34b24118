"""Check the action server's answer against its schema with a validator built once.

Rasa 3.6.21 (RemoteAction._validate_action_result) calls `jsonschema.validate` for every
custom action call. That helper first checks the (constant) schema against the JSON Schema
meta-schema, then builds a validator and throws it away. Profiling `make bench` showed the
meta-schema check alone was about a third of the Rasa server's time per message. Here the
schema is checked once and the validator kept; the answer is validated exactly as before and
a bad answer raises the same ValidationError with the same message.
"""
from __future__ import annotations

import functools
import logging
from typing import Any, Dict, Text

import jsonschema
import rasa
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

logger = logging.getLogger(__name__)

FOR_RASA = "3.6."


@functools.lru_cache(maxsize=1)
def response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    error = jsonschema.exceptions.best_match(response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def install() -> None:
    if not rasa.__version__.startswith(FOR_RASA):
        logger.warning("rasa_fixes: written for Rasa %sx, found %s; not applied.", FOR_RASA, rasa.__version__)
        return
    RemoteAction._validate_action_result = validate_action_result
