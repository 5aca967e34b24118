"""Our fixes to Rasa itself (hulpwijzer/rasa_server/compat/) change speed, never behaviour."""
from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import hulpwijzer.rasa_server.compat
from hulpwijzer.rasa_server.compat import action_response_validation as fix

VALID = {"events": [{"event": "slot", "name": "topic", "value": "pesten"}], "responses": [{"text": "Hoi"}]}
INVALID = {"events": [{"event": "slot", "name": "topic", "value": "pesten"}], "responses": "not a list"}


def _remote_action() -> RemoteAction:
    return RemoteAction("action_zoek_hulp", None)


def test_the_served_bot_uses_the_cached_validator():
    import hulpwijzer.rasa_server.channels.guarded  # noqa: F401  (what the Rasa server loads; installs the fixes)

    assert RemoteAction._validate_action_result is fix.validate_action_result


def test_a_valid_action_server_answer_passes():
    hulpwijzer.rasa_server.compat.install()
    assert _remote_action()._validate_action_result(VALID) is True


def test_a_bad_action_server_answer_still_raises_rasas_error():
    hulpwijzer.rasa_server.compat.install()
    with pytest.raises(jsonschema.ValidationError) as raised:
        _remote_action()._validate_action_result(INVALID)
    assert "Failed to validate Action server response" in raised.value.message


def test_the_schema_itself_is_checked_once_not_per_call(monkeypatch):
    schema_class = jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())
    checks = []
    original = schema_class.check_schema
    monkeypatch.setattr(schema_class, "check_schema", classmethod(lambda cls, s: checks.append(1) or original(s)))
    fix.response_validator.cache_clear()
    fix._valid_events.clear()
    hulpwijzer.rasa_server.compat.install()
    for _ in range(5):
        _remote_action()._validate_action_result(VALID)
    assert len(checks) == 1
    fix.response_validator.cache_clear()


def test_the_dutch_spacy_pipeline_is_loaded_once_for_both_graph_nodes():
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    from hulpwijzer.rasa_server.compat import spacy_model_cache
    from hulpwijzer.config import ROOT

    hulpwijzer.rasa_server.compat.install()
    spacy_model_cache.load_model_once.cache_clear()
    config = {"model": str(ROOT / "models" / "spacy" / "nl")}
    provide_node = SpacyNLP.create(config, None, None, None)
    run_node = SpacyNLP.create(config, None, None, None)
    assert provide_node.provide().model is run_node.provide().model
    doc = provide_node.provide().model("mijn kinderen worden gepest")
    assert [token.text for token in doc] == ["mijn", "kinderen", "worden", "gepest"]
    spacy_model_cache.load_model_once.cache_clear()


def test_a_missing_spacy_pipeline_still_gives_rasas_error():
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    hulpwijzer.rasa_server.compat.install()
    with pytest.raises(Exception) as raised:
        SpacyNLP.load_model("models/no-such-pipeline")
    assert "available spaCy model" in str(raised.value)


def test_the_served_bot_runs_its_graph_without_dask():
    import hulpwijzer.rasa_server.channels.guarded  # noqa: F401  (what the Rasa server loads; installs the fixes)
    from rasa.engine.runner.dask import DaskGraphRunner

    from hulpwijzer.rasa_server.compat import graph_runner

    assert DaskGraphRunner.run is graph_runner.run


def test_the_graph_gives_the_same_understanding_and_predictions_as_with_dask(trained_model):
    """On the real model: every NLU result and every next-action prediction is the same."""
    import asyncio

    from rasa.core.agent import load_agent
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered

    from hulpwijzer.rasa_server.compat import graph_runner

    texts = ["hoi", "mijn zoon wordt gepest", "we wonen in Oss", "is het gratis?", "krakel snurf", "",
             "ik wil dood", "hello, can you help me?", "doei"]
    agent = asyncio.run(load_agent(model_path=str(trained_model)))

    def understanding_and_predictions():
        results = []
        for text in texts:
            parsed = asyncio.run(agent.parse_message(text))
            tracker = agent.tracker_store.init_tracker("graph-check")
            for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                          UserUttered(text, parsed["intent"], parsed["entities"], parsed)):
                tracker.update(event)
            prediction = agent.processor._predict_next_with_tracker(tracker)
            results.append((parsed, prediction.policy_name, list(prediction.probabilities)))
        return results

    assert graph_runner.RASA_RUN.__module__ == "rasa.engine.runner.dask"
    original = DaskGraphRunner.run
    try:
        DaskGraphRunner.run = graph_runner.run
        ours = understanding_and_predictions()
        assert ours[1][0]["intent"]["name"] == "hulp_pesten"  # the graph really ran
        DaskGraphRunner.run = graph_runner.RASA_RUN
        with_dask = understanding_and_predictions()
    finally:
        DaskGraphRunner.run = original
    assert ours == with_dask


def test_events_found_valid_are_remembered_and_a_bad_answer_still_raises(monkeypatch):
    hulpwijzer.rasa_server.compat.install()
    fix._valid_events.clear()
    validations = []
    validator = fix.response_validator()
    original = type(validator).iter_errors
    monkeypatch.setattr(type(validator), "iter_errors", lambda self, instance: validations.append(instance) or original(self, instance))
    for _ in range(3):
        assert _remote_action()._validate_action_result(VALID) is True
    # (the validator calls itself for parts of the answer: count whole answers only)
    assert sum(1 for instance in validations if instance is VALID) == 1, "the same events were validated again"
    # The remembered event does not make a bad answer pass, in any part of it.
    bad_event = {"events": [VALID["events"][0], {"event": "slot", "value": 1}], "responses": []}
    for bad in (INVALID, bad_event, {"events": None}, {"events": VALID["events"], "responses": [1]}, ["not an object"]):
        with pytest.raises(jsonschema.ValidationError) as raised:
            _remote_action()._validate_action_result(bad)
        assert "Failed to validate Action server response" in raised.value.message
    fix._valid_events.clear()


def test_the_remembered_events_are_bounded(monkeypatch):
    hulpwijzer.rasa_server.compat.install()
    fix._valid_events.clear()
    monkeypatch.setattr(fix, "EVENT_CACHE_SIZE", 10)
    for i in range(25):
        _remote_action()._validate_action_result({"events": [{"event": "slot", "name": "topic", "value": f"t{i}"}]})
    assert len(fix._valid_events) == 10
    fix._valid_events.clear()
