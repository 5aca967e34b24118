"""Security of the running bot: token on the HTTP API, CORS only for configured origins,
bounded message size, one flooding sender cannot crowd out others.

Uses the session bot (no extra server start). The checks read the real HTTP responses of
Rasa's --auth-token and --cors handling and of the guarded REST channel.
"""
from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request
from typing import Dict, Optional, Tuple

import pytest

from hulpwijzer.core.texts import channel_text
from hulpwijzer.rasa_server.channels.guarded import MAX_MESSAGE_CHARS

OTHER_ORIGIN = "https://andere-site.example"


def request(url: str, method: str = "GET", headers: Optional[Dict[str, str]] = None,
            body: Optional[bytes] = None) -> Tuple[int, Dict[str, str], bytes]:
    """Status, headers (lower-case names) and body of one HTTP request; errors included."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


@pytest.fixture(scope="module")
def allowed_origin(bot_stack) -> str:
    """An origin the running bot is configured to allow (CORS_ORIGINS or the demo page)."""
    return bot_stack[1].settings.cors_origins[0]


# --- token ---------------------------------------------------------------------------------

def test_the_http_api_needs_the_token(bot, sender):
    bot.send(sender, "hoi")
    tracker_url = f"{bot.url}/conversations/{sender}/tracker"
    assert request(tracker_url)[0] == 401
    assert request(f"{tracker_url}?token=wrong-{bot.token}")[0] == 401
    status, _, body = request(f"{tracker_url}?token={bot.token}")
    assert status == 200 and json.loads(body)["sender_id"] == sender
    # The other API routes too (status, model), not only the tracker.
    assert request(f"{bot.url}/status")[0] == 401
    assert request(f"{bot.url}/status?token={bot.token}")[0] == 200


def test_the_chat_itself_needs_no_token(bot, sender):
    status, _, body = request(f"{bot.url}/webhooks/rest/webhook", "POST", {"Content-Type": "application/json"},
                              json.dumps({"sender": sender, "message": "hoi"}).encode())
    assert status == 200 and json.loads(body)


# --- CORS ------------------------------------------------------------------------------------

WEBHOOK = "/webhooks/rest/webhook"


@pytest.mark.parametrize("path", [WEBHOOK, "/status"])
def test_preflight_allows_only_the_configured_origin(bot, allowed_origin, path):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    status, headers, _ = request(bot.url + path, "OPTIONS", {"Origin": allowed_origin, **preflight})
    assert status in (200, 204)
    assert headers.get("access-control-allow-origin") == allowed_origin
    assert "POST" in headers.get("access-control-allow-methods", "")

    _, headers, _ = request(bot.url + path, "OPTIONS", {"Origin": OTHER_ORIGIN, **preflight})
    assert "access-control-allow-origin" not in headers


def test_answers_carry_the_cors_header_only_for_the_configured_origin(bot, sender, allowed_origin):
    body = json.dumps({"sender": sender, "message": "hoi"}).encode()
    for origin, allowed in ((allowed_origin, True), (OTHER_ORIGIN, False)):
        status, headers, _ = request(bot.url + WEBHOOK, "POST", {"Origin": origin, "Content-Type": "application/json"}, body)
        assert status == 200
        assert (headers.get("access-control-allow-origin") == origin) is allowed
        assert headers.get("access-control-allow-origin") != "*"
    # The HTTP API as well (with the token).
    _, headers, _ = request(f"{bot.url}/conversations/{sender}/tracker?token={bot.token}", headers={"Origin": OTHER_ORIGIN})
    assert "access-control-allow-origin" not in headers
    _, headers, _ = request(f"{bot.url}/conversations/{sender}/tracker?token={bot.token}", headers={"Origin": allowed_origin})
    assert headers.get("access-control-allow-origin") == allowed_origin


# --- message size ----------------------------------------------------------------------------

def test_a_100_kb_message_is_cut_and_still_answered_with_its_end_kept(bot, sender):
    story = "We hebben thuis al lang veel ruzie en het gaat niet goed met school. " * 1500
    message = story + "Ik wil niet meer leven."
    assert len(message.encode()) > 100_000
    answer = bot.texts(sender, message)
    assert "113" in answer  # the cry for help at the end still reaches the crisis net
    stored = [e["text"] for e in bot.tracker(sender)["events"] if e["event"] == "user"][-1]
    assert len(stored) <= MAX_MESSAGE_CHARS
    assert stored.startswith("We hebben thuis") and stored.endswith("Ik wil niet meer leven.")


# --- flooding --------------------------------------------------------------------------------

def test_one_sender_flooding_gets_slow_down_while_another_is_answered(bot):
    flooder, other = bot.new_sender(), bot.new_sender()
    flood_size = 12
    replies, errors = [], []
    start = threading.Barrier(flood_size)

    def flood() -> None:
        try:
            start.wait()
            replies.append(bot.texts(flooder, "hallo hallo hallo"))
        except Exception as error:
            errors.append(repr(error))

    threads = [threading.Thread(target=flood) for _ in range(flood_size)]
    for thread in threads:
        thread.start()
    others_answer = bot.texts(other, "moet de school het weten?")
    for thread in threads:
        thread.join()

    assert not errors
    assert len(replies) == flood_size and all(r.strip() for r in replies), "a flood message got no answer"
    throttled = [r for r in replies if r == channel_text("te_veel_berichten")]
    assert throttled, "no flood message was told to slow down"
    assert len(throttled) < flood_size, "the first messages of the flood were answered normally"
    assert "school hoeft het niet te weten" in others_answer and channel_text("te_veel_berichten") not in others_answer
    # A slowed-down message is not processed: it never reaches the conversation history.
    stored = [e for e in bot.tracker(flooder)["events"] if e["event"] == "user"]
    assert len(stored) == flood_size - len(throttled)


# --- socket.io (the web chat): the Origin is checked for WebSockets too -----------------------

def websocket_handshake_status(bot_url: str, origin: str) -> int:
    """The HTTP status a browser on `origin` gets when it opens the chat's WebSocket."""
    host, port = bot_url.split("//", 1)[1].split(":")
    request_lines = [
        "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1",
        f"Host: {host}:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
        f"Origin: {origin}",
    ]
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(("\r\n".join(request_lines) + "\r\n\r\n").encode())
        status_line = connection.makefile("rb").readline().decode()
    return int(status_line.split()[1])


def test_the_web_chat_connection_is_refused_for_other_origins(bot, allowed_origin):
    assert websocket_handshake_status(bot.url, allowed_origin) == 101
    assert websocket_handshake_status(bot.url, OTHER_ORIGIN) == 400
    polling = f"{bot.url}/socket.io/?EIO=4&transport=polling"
    status, headers, _ = request(polling, headers={"Origin": allowed_origin})
    assert status == 200 and headers.get("access-control-allow-origin") == allowed_origin
    status, headers, _ = request(polling, headers={"Origin": OTHER_ORIGIN})
    assert status == 400 and "access-control-allow-origin" not in headers


def test_a_request_body_over_the_limit_is_refused_and_the_server_stays_healthy(bot_stack, sender):
    bot, stack = bot_stack
    limit = int(stack.settings["SANIC_REQUEST_MAX_SIZE"])
    body = json.dumps({"sender": sender, "message": "x" * (limit + 1000)}).encode()
    try:
        status = request(bot.url + WEBHOOK, "POST", {"Content-Type": "application/json"}, body)[0]
    except (ConnectionError, urllib.error.URLError):
        status = 413  # Sanic may close the connection before the whole body was sent
    assert status == 413
    assert "Hulpwijzer" in bot.texts(sender, "hoi")
