"""The Rasa agent a running server uses: find it, read it from a Sanic app, put a new one in.

Rasa 3.6.21 keeps the agent on the Sanic app's context, `app.ctx.agent` (set in
rasa.server.configure_app and rasa.core.run.load_agent_on_start, read by its HTTP API and by
every channel message); its own `PUT /model` swaps a model by assigning a new agent there.
Sanic 21.12.2 keeps every app made in the process in the class attribute `Sanic._app_registry`
(name -> app). Both are internals; they were checked against the versions in compat/versions.py.
"""
from __future__ import annotations

from typing import Optional

from rasa.core.agent import Agent
from sanic import Sanic


def agent_of(app: Sanic) -> Optional[Agent]:
    """The agent this app serves (None before Rasa has put one there)."""
    return getattr(app.ctx, "agent", None)


def replace_agent(app: Sanic, agent: Agent) -> None:
    """From now on the app serves this agent: the next message and API call use it."""
    app.ctx.agent = agent


def running_agent() -> Optional[Agent]:
    """The agent of the Rasa server in this process: the first app with an agent that has a
    tracker store (None when there is none, e.g. in a test without a server)."""
    for app in Sanic._app_registry.values():
        agent = agent_of(app)
        if agent is not None and agent.tracker_store is not None:
            return agent
    return None
