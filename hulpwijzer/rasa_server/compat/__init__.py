"""Every touch of Rasa and Sanic internals: small, measured fixes to Rasa 3.6 itself, and the
few places where our code needs more of Rasa or Sanic than their public API gives.

All of it was checked against the exact versions in versions.py: on any other version the Rasa
server stops at start with a message saying what differs. A test (tests/unit/test_layout.py)
keeps the code outside this package from reading Rasa's or Sanic's private attributes,
overriding their private methods or using the agent on the Sanic app; docs/architecture.md
lists what each module touches.

The fixes (action_response_validation, graph_runner, spacy_model_cache; see
docs/performance.md for the measurements behind them) change Rasa's classes, so they go in
only through install(), when the Rasa server loads our channels
(hulpwijzer/rasa_server/channels/guarded.py), which every served bot does. The other modules
change nothing when imported; each gives public functions or a base class for one internal:
running_agent (the agent on the Sanic app), agent_for_model (a new agent for a model swap),
rest_input (RestInput's private request readers), sql_tracker_store (the SQL tracker store's
engine, events table, schema check, reading and saving), redis_lock_store (the Redis lock
store's client and lock format), logistic_regression_input (the intent classifier's input
matrix), twilio_output (the Twilio channel's sending), sanic_form (a form with empty fields).
"""
from hulpwijzer.rasa_server.compat.versions import require_checked_versions


def install() -> None:
    """Check the versions, then put the fixes in (imported here: they load most of Rasa)."""
    require_checked_versions()
    from hulpwijzer.known_warnings import hide_known_harmless
    from hulpwijzer.rasa_server.compat import action_response_validation, graph_runner, spacy_model_cache

    hide_known_harmless()
    action_response_validation.install()
    spacy_model_cache.install()
    graph_runner.install()
