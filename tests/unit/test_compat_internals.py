"""The compat modules that hold our touches of Rasa and Sanic internals do what the rest of the
code relies on, checked against the installed (pinned) Rasa and Sanic: each private hook of Rasa
reaches our public method, and without one Rasa's own behaviour is kept."""
from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

import pytest
import sqlalchemy as sa


def test_the_running_agent_is_the_one_on_the_sanic_app_and_can_be_replaced(monkeypatch):
    from sanic import Sanic

    from hulpwijzer.rasa_server.compat.running_agent import agent_of, replace_agent, running_agent

    monkeypatch.setattr(Sanic, "_app_registry", {})  # only the apps made here
    assert running_agent() is None
    Sanic("hulpwijzer_no_agent_yet")
    app = Sanic("hulpwijzer_serving")
    assert running_agent() is None and agent_of(app) is None
    agent = SimpleNamespace(tracker_store=object())
    app.ctx.agent = agent  # as Rasa's server does
    assert running_agent() is agent and agent_of(app) is agent
    new_agent = SimpleNamespace(tracker_store=object())
    replace_agent(app, new_agent)
    assert app.ctx.agent is new_agent and running_agent() is new_agent
    replace_agent(app, SimpleNamespace(tracker_store=None))  # an agent without a store is not serving yet
    assert running_agent() is None


def _json_request(body: dict):
    return SimpleNamespace(json=body)


def test_the_rest_channel_reads_a_request_through_our_public_readers():
    from hulpwijzer.rasa_server.compat.rest_input import RestInputWithPublicReaders

    class Reader(RestInputWithPublicReaders):
        async def read_sender_id(self, request):
            return "our sender"

        def read_message_text(self, request):
            return "our text"

        def read_input_channel(self, request):
            return "our channel"

    request = _json_request({"sender": "theirs", "message": "hoi", "input_channel": "x"})
    channel = Reader()
    assert asyncio.run(channel._extract_sender(request)) == "our sender"
    assert channel._extract_message(request) == "our text"
    assert channel._extract_input_channel(request) == "our channel"


def test_without_readers_the_rest_channel_reads_as_rasa_does():
    from rasa.core.channels.rest import RestInput

    from hulpwijzer.rasa_server.compat.rest_input import RestInputWithPublicReaders

    for body in ({"sender": "s1", "message": "hoi", "input_channel": "web"}, {"sender": "s2", "message": "hallo"}):
        ours, rasas = RestInputWithPublicReaders(), RestInput()
        request = _json_request(body)
        assert asyncio.run(ours._extract_sender(request)) == asyncio.run(rasas._extract_sender(request))
        assert ours._extract_message(request) == rasas._extract_message(request)
        assert ours._extract_input_channel(request) == rasas._extract_input_channel(request)


class _Store:
    """An SQLTrackerStoreWithOwnQueries that records what Rasa's public methods reach."""

    @staticmethod
    def make(tmp_path):
        from hulpwijzer.rasa_server.compat.sql_tracker_store import SQLTrackerStoreWithOwnQueries

        class Recording(SQLTrackerStoreWithOwnQueries):
            calls = []

            async def read_tracker(self, sender_id, all_sessions):
                self.calls.append(("read", sender_id, all_sessions))
                return None

            async def write_new_events(self, tracker):
                self.calls.append(("write", tracker.sender_id))

            async def stream_events(self, tracker):
                self.calls.append(("stream", tracker.sender_id))

        return Recording(dialect="sqlite", db=str(tmp_path / "rasa.db"))


def test_the_sql_tracker_store_reads_and_writes_through_our_public_methods(tmp_path):
    from rasa.shared.core.trackers import DialogueStateTracker

    store = _Store.make(tmp_path)
    asyncio.run(store.retrieve("a"))
    asyncio.run(store.retrieve_full_tracker("b"))
    asyncio.run(store.save(DialogueStateTracker("c", [])))
    assert store.calls == [("read", "a", False), ("read", "b", True), ("stream", "c"), ("write", "c")]


def test_the_sql_tracker_store_engine_is_replaced_for_rasa_sessions_too(tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore

    from hulpwijzer.rasa_server.compat.sql_tracker_store import check_schema, events_table, replace_engine

    store = SQLTrackerStore(dialect="sqlite", db=str(tmp_path / "rasa.db"))
    rasas = store.engine
    made = []

    def create(url):
        made.append(str(url))
        return sa.create_engine(url)

    ours = replace_engine(store, create)
    assert made == [str(rasas.url)] and ours is store.engine is not rasas
    with store.session_scope() as session:  # Rasa's own ORM sessions (keys(), retention) use ours
        assert session.get_bind() is ours
    check_schema(store)
    assert events_table(store).name == "events"
    assert {"sender_id", "type_name", "timestamp", "intent_name", "action_name", "data"} <= set(events_table(store).c.keys())


def test_the_lock_is_read_and_written_in_redis_as_rasa_stores_it():
    from rasa.core.lock import TicketLock
    from rasa.core.lock_store import RedisLockStore

    from hulpwijzer.rasa_server.compat.redis_lock_store import lock_for_redis, lock_from_redis, lock_key, redis_client

    class FakeRedis(dict):
        def set(self, key, value):
            self[key] = value.encode()

    store = RedisLockStore(key_prefix="hulpwijzer")  # connects on first use only
    assert redis_client(store) is store.red
    store.red = FakeRedis()
    lock = TicketLock("gesprek")
    lock.issue_ticket(60)
    store.save_lock(lock)  # Rasa's own way of storing it
    stored = store.red[lock_key(store, "gesprek")]
    assert lock_from_redis(stored).dumps() == lock.dumps()
    assert lock_for_redis(lock) == stored.decode()
    assert lock_from_redis(None) is None and lock_from_redis(b"") is None


def test_the_intent_classifier_input_comes_from_our_public_method():
    from hulpwijzer.rasa_server.compat.logistic_regression_input import LogisticRegressionClassifierWithPublicInput

    class Ours(LogisticRegressionClassifierWithPublicInput):
        def input_matrix(self, messages):
            return ("our matrix", len(messages))

    assert Ours.__new__(Ours)._create_X([1, 2]) == ("our matrix", 2)


def test_the_twilio_output_sends_through_our_public_method():
    from hulpwijzer.rasa_server.compat.twilio_output import TwilioOutputWithPublicSend

    class Ours(TwilioOutputWithPublicSend):
        sent = []

        async def send_to_twilio(self, message_data):
            self.sent.append(message_data)

    output = Ours("AC" + "0" * 32, "token", "whatsapp:+31600000000")
    asyncio.run(output.send_text_message("whatsapp:+31611111111", "hoi"))
    assert output.sent == [{"to": "whatsapp:+31611111111", "body": "hoi", "from_": "whatsapp:+31600000000"}]


def test_a_form_keeps_its_empty_fields_for_every_later_read():
    from sanic.request import Request

    from hulpwijzer.rasa_server.compat.sanic_form import keep_blank_form_fields

    def request():
        made = Request(b"/webhook", {"content-type": "application/x-www-form-urlencoded"}, "1.1", "POST", None, None)
        made.body = b"Body=&From=whatsapp%3A%2B31611111111"
        return made

    assert "Body" not in request().form  # Sanic's own reading drops it
    kept = request()
    keep_blank_form_fields(kept)
    assert kept.form.get("Body") == "" and kept.form.get("From") == "whatsapp:+31611111111"


def _compat_modules():
    import pkgutil

    from hulpwijzer.rasa_server import compat

    return sorted(m.name for m in pkgutil.iter_modules(compat.__path__) if m.name != "versions")


@pytest.mark.parametrize("module", _compat_modules())
def test_each_compat_module_names_the_version_it_was_checked_against(module):
    """A new pin in compat/versions.py fails here until each module has been checked again."""
    import importlib
    import re

    from hulpwijzer.rasa_server.compat.versions import CHECKED_AGAINST

    doc = importlib.import_module(f"hulpwijzer.rasa_server.compat.{module}").__doc__
    named = re.findall(r"\b(Rasa|Sanic) (\d+\.\d+\.\d+)", doc)
    assert named, f"{module}: say which Rasa or Sanic version it touches"
    for package, version in named:
        assert version == CHECKED_AGAINST[package.lower()], f"{module}: checked against {package} {version}"
