"""Swap the model in the running Rasa server while it keeps answering (`make reload`).

Rasa 3.6's own `PUT /model` loads the new model on the server's event loop, so no message
is answered until the load is done (tools/measure/bench_model_swap.py: 54-58 s on the busy 2-core
machine). This route does the same swap, but loads the new model in a worker thread: the
old model answers until the new one is ready, then one assignment puts the new one in place.
Like Rasa's swap, the new model gets a tracker store of its own from the endpoints file and
shares the lock store, so conversations go on.

    PUT /webhooks/model/swap?token=<RASA_TOKEN>   {"model_file": "/absolute/path/model.tar.gz"}
    -> 204 when the new model is in use; 400, 403 or 500 with a reason (the old model stays).

A Rasa input channel is the one place where a project can add a route to the Rasa server,
so this is one, configured in bot/credentials.yml; it handles no messages.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
from pathlib import Path
from typing import Any, Callable, Text

from rasa.core.agent import Agent
from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request

from hulpwijzer import config
from hulpwijzer.rasa_server.compat.agent_for_model import agent_for_model
from hulpwijzer.rasa_server.compat.running_agent import agent_of, replace_agent

logger = logging.getLogger(__name__)

_one_swap_at_a_time = asyncio.Lock()


def _load_agent(model_file: str, current: Agent) -> Agent:
    """A new agent with the model loaded (runs in a worker thread)."""
    return agent_for_model(model_file, config.setting("ENDPOINTS_FILE", "endpoints.yml"), current)


def _authorized(request: Request) -> bool:
    expected = config.setting("RASA_TOKEN")
    given = request.args.get("token", "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


class ModelSwapInput(InputChannel):
    """PUT /webhooks/model/swap: load a model beside the running one, then switch."""

    @classmethod
    def name(cls) -> Text:
        return "model"

    def blueprint(self, on_new_message: Callable[..., Any]) -> Blueprint:
        swap_blueprint = Blueprint("model_swap", __name__)

        @swap_blueprint.route("/swap", methods=["PUT"])
        async def swap(request: Request):
            if not _authorized(request):
                return response.json({"reason": "a valid token is needed"}, status=403)
            body = request.json if isinstance(request.json, dict) else {}
            model_file = body.get("model_file")
            if not isinstance(model_file, str) or not Path(model_file).is_file():
                return response.json({"reason": "model_file must be the path of a model file"}, status=400)
            async with _one_swap_at_a_time:
                current = agent_of(request.app)
                try:
                    new_agent = await asyncio.get_running_loop().run_in_executor(None, _load_agent, model_file, current)
                except Exception as error:
                    logger.error("Model swap failed, the current model stays: %s", error)
                    return response.json({"reason": f"the model could not be loaded: {error}"}, status=500)
                replace_agent(request.app, new_agent)
            logger.info("Model swapped without a pause: %s", Path(model_file).name)
            return response.empty(status=204)

        return swap_blueprint
