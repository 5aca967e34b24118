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

import re
import sys
import warnings
from typing import Dict

_THIRD_PARTY = "a library Rasa 3.6.21 pins uses an API its own dependency deprecated; nothing to do until Rasa moves"

KNOWN_HARMLESS: Dict[str, str] = {
    # Third-party deprecations inside the pinned stack.
    "pkg_resources is deprecated as an API": _THIRD_PARTY + " (setuptools)",
    "Deprecated call to `pkg_resources.declare_namespace": _THIRD_PARTY + " (setuptools)",
    "Implementing implicit namespace packages (as specified in PEP 420) is preferred": _THIRD_PARTY + " (setuptools)",
    "distutils Version classes are deprecated": _THIRD_PARTY + " (sanic-cors compares Sanic versions)",
    "the load_module() method is deprecated": _THIRD_PARTY + " (an old import hook; Python 3.10 still has it)",
    "non-integer arguments to randrange() have been deprecated": _THIRD_PARTY +
        " (Keras seeds Rasa's sparse-to-dense layer with a float; Python 3.10 still accepts it)",
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
    "Calling URL() directly is deprecated":
        "Rasa's SQL tracker store on SQLAlchemy 1.4 (pinned); it never runs on 2.0 here",
    # Rasa's own, about things it cannot see.
    "Slot auto-fill has been removed in 3.0":
        "Rasa 3.6 says this on every domain load, whatever the slots; ours all have explicit mappings",
    "The utterance 'utter_zorg_": "sent by the guard after the answer (hulpwijzer/rasa_server/channels/concern_line.py)",
    "The utterance 'utter_mens_aanbieden'": "sent by action_persoon_aanbieden (actions/fallback.py)",
    "The utterance 'utter_plaats_voor_mens'": "sent by action_persoon_aanbieden (actions/fallback.py)",
    "The utterance 'utter_ask_topic'": "asked by the help form (Rasa counts forms' questions as unused)",
    "The utterance 'utter_ask_gemeente'": "asked by the help form (Rasa counts forms' questions as unused)",
    "The utterance 'utter_default'": "said by Rasa's own action_default_fallback",
    "The utterance 'utter_ask_topic_twee'": "sent by the help form with two topic buttons (actions/help_form.py)",
    "The utterance 'utter_ask_doelgroep'": "sent by action_hulp_zoeken when the asker changes the answer (actions/find_help.py)",
    "The intent 'doelgroep_kiezen' is listed in the domain file, but is not found in the NLU training data":
        "only reached by the ouder/jongere buttons of utter_ask_doelgroep, never typed, so never trained",
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
    silence_sqlalchemy_20_notice()
    warnings.showwarning = _showwarning


def silence_sqlalchemy_20_notice() -> None:
    """SQLAlchemy 1.4 prints its 2.0 notice by itself, past the warning filters; its own switch
    turns it off (read when SQLAlchemy loads, so call this first)."""
    import os

    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")


def filters_for_pytest() -> list:
    """The same list as pytest `filterwarnings` entries (tests/conftest.py), so the test run's
    warning summary shows only what is new. A colon separates a filter's fields, so inside the
    message pattern it becomes '.' (any character)."""
    return [f"ignore:{re.escape(start).replace(':', '.')}" for start in KNOWN_HARMLESS]


def import_without_known_harmless(*modules: str) -> None:
    """Import `modules` with the known harmless warnings left out and every other warning
    passed on. For pytest: Rasa's imports put a "once" filter for DeprecationWarning in front
    of any ignore filter, so the test run's filters alone cannot hide these."""
    import importlib

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for module in modules:
            importlib.import_module(module)
    for shown in caught:
        if not is_known_harmless(str(shown.message)):
            warnings.warn_explicit(shown.message, shown.category, shown.filename, shown.lineno)


def rasa_command(argv) -> int:
    """`rasa <argv>` with the known harmless warnings hidden."""
    hide_known_harmless()
    from rasa.__main__ import main

    sys.argv = ["rasa", *argv]
    main()
    return 0


if __name__ == "__main__":
    sys.exit(rasa_command(sys.argv[1:]))
