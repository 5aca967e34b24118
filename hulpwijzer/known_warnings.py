"""Known harmless warnings, hidden at training and start-up: the one place that lists them.

Training and start-up printed dozens of warnings a newcomer cannot weigh. The ones below are
understood and harmless; everything else is shown as before, so our own messages and Rasa's
real problems stand out. Each entry is the start of the message and why it is harmless.

Rasa and the libraries it imports reset the warning filters while they load (a later
`warnings.simplefilter("once", DeprecationWarning)` wins over PYTHONWARNINGS), so this wraps
`warnings.showwarning`, which they leave alone. Installed by `rasa train` through
hulpwijzer/ops/train_if_changed.py (`python -m hulpwijzer.known_warnings train ...`), by the Rasa
server when it loads our channels (compat.install) and by the action server (actions/).
"""
from __future__ import annotations

import sys
import warnings
from typing import Dict

_THIRD_PARTY = "a library Rasa 3.6.21 pins uses an API its own dependency deprecated; nothing to do until Rasa moves"

KNOWN_HARMLESS: Dict[str, str] = {
    # Third-party deprecations inside the pinned stack.
    "pkg_resources is deprecated as an API": _THIRD_PARTY + " (setuptools)",
    "Deprecated call to `pkg_resources.declare_namespace": _THIRD_PARTY + " (setuptools)",
    "'setParseAction' deprecated": _THIRD_PARTY + " (matplotlib calls pyparsing 2 names)",
    "'parseString' deprecated": _THIRD_PARTY + " (matplotlib calls pyparsing 2 names)",
    "'resetCache' deprecated": _THIRD_PARTY + " (matplotlib calls pyparsing 2 names)",
    "'originalTextFor' deprecated": _THIRD_PARTY + " (matplotlib calls pyparsing 2 names)",
    "jax.xla_computation is deprecated": _THIRD_PARTY + " (TensorFlow's lite utilities)",
    "Importing 'parser.split_arg_string' is deprecated": _THIRD_PARTY + " (click 8.2)",
    "'click.utils.get_text_stream' is deprecated": _THIRD_PARTY + " (click 8.2)",
    "'click.utils.get_binary_stream' is deprecated": _THIRD_PARTY + " (typer on click 8.2)",
    "'BaseCommand' is deprecated and will be removed in Click 9.0": _THIRD_PARTY + " (typer on click 8.2)",
    "Deprecated API features detected! These feature(s) are not compatible with SQLAlchemy 2.0":
        "Rasa's SQL tracker store on SQLAlchemy 1.4 (pinned); it never runs on 2.0 here",
    # Rasa's own, about things it cannot see.
    "The utterance 'utter_zorg_": "sent by the guard after the answer (hulpwijzer/rasa_server/channels/concern_line.py)",
    "The utterance 'utter_mens_aanbieden'": "sent by action_persoon_aanbieden (actions/fallback.py)",
    "The utterance 'utter_plaats_voor_mens'": "sent by action_persoon_aanbieden (actions/fallback.py)",
    "The utterance 'utter_ask_topic'": "asked by the help form (Rasa counts forms' questions as unused)",
    "The utterance 'utter_ask_gemeente'": "asked by the help form (Rasa counts forms' questions as unused)",
    "The utterance 'utter_default'": "said by Rasa's own action_default_fallback",
    "The intent 'zorg' is listed in the domain file, but is not found in the NLU training data":
        "set by the crisis net (hulpwijzer/rasa_server/nlu/crisis.py), never trained",
    "The intent 'engels' is listed in the domain file, but is not found in the NLU training data":
        "set by the language check (hulpwijzer/rasa_server/nlu/language.py), never trained",
    "The intent 'andere_taal' is listed in the domain file, but is not found in the NLU training data":
        "set by the language check (hulpwijzer/rasa_server/nlu/language.py), never trained",
    "The following duplicated intents have been found across multiple domain files: faq":
        "Rasa counts the retrieval intent again for its utter_faq/ responses",
    "You have defined training data with examples for training a response selector, but your NLU configuration does not include a response selector":
        "ours is hulpwijzer/rasa_server/nlu/faq_selector.py; Rasa looks for its own class only",
    "You have defined training data consisting of entity examples, but your NLU configuration does not include an entity extractor":
        "places are found by the place table (hulpwijzer/rasa_server/nlu/places.py), not learned",
    "You have defined training data consisting of lookup tables, but your NLU configuration does not include any components that uses the features created from the lookup table":
        "our intent classifier (hulpwijzer/rasa_server/nlu/intent_classifier.py) uses the RegexFeaturizer's sentence features; Rasa counts only DIET and CRF",
}

_shown = warnings.showwarning


def is_known_harmless(message: str) -> bool:
    return any(message.startswith(start) for start in KNOWN_HARMLESS)


def _showwarning(message, category, filename, lineno, file=None, line=None):
    if is_known_harmless(str(message)):
        return
    _shown(message, category, filename, lineno, file, line)


def hide_known_harmless() -> None:
    """From now on, this process does not print the warnings above."""
    warnings.showwarning = _showwarning


def rasa_command(argv) -> int:
    """`rasa <argv>` with the known harmless warnings hidden."""
    hide_known_harmless()
    from rasa.__main__ import main

    sys.argv = ["rasa", *argv]
    main()
    return 0


if __name__ == "__main__":
    sys.exit(rasa_command(sys.argv[1:]))
