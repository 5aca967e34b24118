"""A new Rasa agent for another model, made to take the place of the running one.

Rasa 3.6.21's `PUT /model` (rasa.server, load_model) makes the new agent with
rasa.core.agent.load_agent from the endpoints and then gives it the old agent's lock store, so
conversations locked now stay locked. Here the agent is made the same way with Agent's
constructor, which load_agent also uses, and it shares what belongs to the server rather than
to the model: the lock store, the action server endpoint, the NLU HTTP interpreter and the
event broker (read from the running agent's attributes and its tracker store). It gets a
tracker store of its own from the endpoints file, as load_agent gives it. Checked against the
versions in compat/versions.py.
"""
from __future__ import annotations

from rasa.core.agent import Agent
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import AvailableEndpoints


def agent_for_model(model_file: str, endpoints_file: str, current: Agent) -> Agent:
    """The loaded agent (slow: run it in a worker thread). RuntimeError when the model did not load."""
    endpoints = AvailableEndpoints.read_endpoints(endpoints_file)
    tracker_store = TrackerStore.create(endpoints.tracker_store, event_broker=current.tracker_store.event_broker)
    agent = Agent(
        generator=endpoints.nlg,
        tracker_store=tracker_store,
        lock_store=current.lock_store,
        action_endpoint=current.action_endpoint,
        http_interpreter=current.http_interpreter,
    )
    agent.load_model(model_file)
    if not agent.is_ready():
        raise RuntimeError("the model did not load")
    return agent
