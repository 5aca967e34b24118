"""Production set-up on real engines: two Rasa servers share PostgreSQL and a Redis lock.

One private stack for the whole module (PostgreSQL and Redis from Debian packages on
loopback, one action server, two Rasa servers with deploy/endpoints.production.yml), so
the scale-out and fault tests cost one start-up. Every fault test restarts what it stopped.
Without postgresql or redis-server installed the module skips and says which package.
"""
from __future__ import annotations

import json
import threading
from typing import Dict, List

import pytest

from own_stack import PRODUCTION_ENDPOINTS, own_stack, postgres_server, redis_server, wait_until_healthy

pytestmark = pytest.mark.slow

DEGRADED_INTRO = "Sorry, ik kan nu even niet alles voor je opzoeken."
NATIONAL_LINES = ("0800-0432", "0800-0113", "0800-2000", "112")  # Kindertelefoon, 113, Veilig Thuis


@pytest.fixture(scope="module")
def production(trained_model, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("production")
    with postgres_server() as database, redis_server() as lock_store:
        env = {"ENDPOINTS_FILE": PRODUCTION_ENDPOINTS, **database.env(), **lock_store.env()}
        with own_stack(trained_model, workdir, rasa_servers=2, env=env) as stack:
            yield stack, database, lock_store, workdir


def texts(messages: List[dict]) -> List[str]:
    return [m["text"] for m in messages if m.get("text")]


def stored_events(database, sender: str) -> List[dict]:
    """The sender's events as the database holds them, in the order they were written."""
    rows = database.query("select data from events where sender_id = %s order by id", sender)
    return [json.loads(data) for (data,) in rows]


def turns(events: List[dict]) -> Dict[str, List[str]]:
    """For every user message: the bot texts that follow it, up to the next user message."""
    result, current = {}, None
    for event in events:
        if event["event"] == "user":
            assert event["text"] not in result, f"user message stored twice: {event['text']!r}"
            current = result[event["text"]] = []
        elif event["event"] == "bot" and current is not None and event.get("text"):
            current.append(event["text"])
    return result


def assert_same_history(stack, database, sender: str) -> List[dict]:
    """Both servers and the database hold one identical history: nothing lost or doubled."""
    from_api = [bot.tracker(sender)["events"] for bot in stack.bots]
    assert from_api[0] == from_api[1], "the two Rasa servers see different histories"
    in_database = stored_events(database, sender)
    key = lambda e: (e["event"], e["timestamp"], e.get("text"), e.get("name"))  # noqa: E731
    assert [key(e) for e in in_database] == [key(e) for e in from_api[0]]
    assert len({key(e) for e in in_database}) == len(in_database), "an event was stored twice"
    return in_database


# --- scale-out ---------------------------------------------------------------------------

CONVERSATION = [
    ("hoi", "Hulpwijzer"),
    ("mijn zoon wordt gepest", "plaats"),
    ("Rijswijk", "https://www.cjgrijswijk.nl"),  # the form, started on the other server
    ("moet de school het weten?", "school hoeft het niet te weten"),
    ("is het gratis?", "gratis"),
    ("doei", "Dag"),
]


def test_one_conversation_alternating_between_two_servers_loses_nothing(production):
    stack, database, _, _ = production
    sender = stack.bot.new_sender()
    replies = {}
    for index, (message, expected) in enumerate(CONVERSATION):
        bot = stack.bots[index % 2]
        replies[message] = texts(bot.send(sender, message))
        assert expected in "\n".join(replies[message]), f"{message!r} on server {index % 2}"

    events = assert_same_history(stack, database, sender)
    # Every message, in the order sent, each followed by exactly the answer its sender got.
    assert [e["text"] for e in events if e["event"] == "user"] == [m for m, _ in CONVERSATION]
    assert turns(events) == replies
    slots = stack.bots[1].slots(sender)
    assert slots["gemeente"] == "Rijswijk" and slots["doelgroep"] == "ouder"


QUESTIONS = [
    "is het gratis?",
    "moet de school het weten?",
    "wat is een jeugdverpleegkundige?",
    "wat doet een leerplichtambtenaar?",
    "kan ik anoniem bellen?",
    "wat bewaren jullie van mij?",
]


def test_messages_sent_at_once_to_both_servers_are_handled_one_after_the_other(production):
    """The Redis lock: one conversation is never handled by two processes at the same time."""
    stack, database, lock_store, _ = production
    sender = stack.bot.new_sender()
    lock_calls_before = lock_store.command_calls("set")
    replies, errors = {}, []
    start = threading.Barrier(len(QUESTIONS))

    def send(index: int, question: str) -> None:
        try:
            start.wait()
            replies[question] = texts(stack.bots[index % 2].send(sender, question))
        except Exception as error:  # reported below, with the question
            errors.append(f"{question}: {error!r}")

    threads = [threading.Thread(target=send, args=(i, q)) for i, q in enumerate(QUESTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors

    events = assert_same_history(stack, database, sender)
    stored_turns = turns(events)
    assert sorted(stored_turns) == sorted(QUESTIONS), "a message was lost"
    # Each message's answer is stored right after it, not mixed with another message's.
    assert stored_turns == replies
    assert all(replies[q] for q in QUESTIONS), "a message got no answer"
    # The processes really took their turns through Redis (and left no lock behind).
    assert lock_store.command_calls("set") > lock_calls_before
    assert lock_store.keys("hulpwijzer*") == []


# --- faults ------------------------------------------------------------------------------

def test_without_the_action_server_the_answer_still_has_the_website_and_the_national_lines(production):
    stack, _, _, _ = production
    sender = stack.bot.new_sender()
    stack.action.stop()
    try:
        answer = "\n".join(texts(stack.bots[1].send(sender, "ik zoek hulp bij opvoeden in Den Haag")))
        assert DEGRADED_INTRO in answer
        assert "https://www.cjgdenhaag.nl" in answer
        for line in NATIONAL_LINES:
            assert line in answer
        # The next message, on the other server, is not left in silence either.
        again = "\n".join(texts(stack.bots[0].send(sender, "hallo?")))
        assert DEGRADED_INTRO in again and "0800-0432" in again
    finally:
        stack.start_again(stack.action)

    answer = "\n".join(texts(stack.bots[0].send(sender, "waar kan ik opvoedondersteuning krijgen in Den Haag?")))
    assert DEGRADED_INTRO not in answer
    assert "https://www.cjgdenhaag.nl" in answer


def test_without_the_database_the_bot_answers_and_storage_recovers(production):
    stack, database, _, workdir = production
    sender = stack.bot.new_sender()
    assert "Hulpwijzer" in "\n".join(texts(stack.bot.send(sender, "hoi")))
    stored_before = len(stored_events(database, sender))

    database.stop()
    try:
        # Not silence, not an error: a real answer, from the same servers.
        for bot in stack.bots:
            answer = "\n".join(texts(bot.send(sender, "moet de school het weten?")))
            assert "school hoeft het niet te weten" in answer
    finally:
        database.start()

    answer = "\n".join(texts(stack.bots[1].send(sender, "is het gratis?")))
    assert "gratis" in answer and DEGRADED_INTRO not in answer
    events = stored_events(database, sender)
    assert len(events) > stored_before
    assert [e["text"] for e in events if e["event"] == "user"][-1] == "is het gratis?"
    assert "is het gratis?" in [e.get("text") for e in stack.bots[0].tracker(sender)["events"]]

    # The outage is logged by type, without what people typed.
    logs = "\n".join(p.read_text(errors="replace") for p in workdir.rglob("*.log"))
    assert "TrackerStoreUnavailable" in logs or "reading failed" in logs
    assert "moet de school het weten" not in logs


def test_without_the_lock_store_the_user_still_gets_help_and_it_recovers(production):
    """Redis down: no message can be handled safely, so the guard's answer, not silence."""
    stack, _, lock_store, _ = production
    sender = stack.bot.new_sender()
    lock_store.stop()
    try:
        answer = "\n".join(texts(stack.bots[0].send(sender, "ik zoek hulp bij opvoeden in Den Haag")))
        assert DEGRADED_INTRO in answer and "https://www.cjgdenhaag.nl" in answer
        for line in NATIONAL_LINES:
            assert line in answer
    finally:
        lock_store.start()

    answer = "\n".join(texts(stack.bots[1].send(sender, "waar kan ik opvoedondersteuning krijgen in Den Haag?")))
    assert DEGRADED_INTRO not in answer and "https://www.cjgdenhaag.nl" in answer


def test_both_rasa_servers_are_healthy_after_the_faults(production):
    stack, _, _, _ = production
    for service in [stack.action, *stack.rasa]:
        wait_until_healthy(service, timeout=30)
    for bot in stack.bots:
        assert "Hulpwijzer" in "\n".join(texts(bot.send(bot.new_sender(), "hoi")))
