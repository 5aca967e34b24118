"""Privacy (AVG): personal data is redacted before anything is stored or logged, and old
conversations are deleted by the retention command."""
from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from hulpwijzer.core.redaction import redact

ROOT = Path(__file__).resolve().parents[2]

PERSONAL = {
    "phone": ("Bel me op 06-12345678 alsjeblieft", "06-12345678"),
    "phone with country code": ("mijn nummer: +31 6 1234 5678", "1234 5678"),
    "landline": ("ons nummer is 073 123 45 67", "123 45 67"),
    "e-mail": ("mail naar jan.de.vries@example.nl", "jan.de.vries@example.nl"),
    "bsn": ("mijn bsn is 111222333", "111222333"),
    "bsn in groups": ("BSN 1112.22.333", "1112.22.333"),
    "postcode": ("we wonen in 5341 AB Oss", "5341 AB"),
    "postcode lower case": ("postcode 5341ab", "5341ab"),
    "house number": ("ik woon op de Kerkstraat 12a", "12a"),
    "long street name": ("Laan van Meerdervoort 123 in Den Haag", "123"),
    "house number word": ("huisnummer 7", "7"),
    "iban": ("NL91 ABNA 0417 1643 00 is mijn rekening", "0417 1643 00"),
}

# Numbers that are not personal data stay, or the bot would lose what people tell it.
HARMLESS = [
    "mijn zoon is 15 en zit in groep 8",
    "sinds 2020 al gepest",
    "in 2023 is het begonnen",
    "ik heb 3 kinderen",
    "hulp bij pesten in Oss",
    "hoi",
]


@pytest.mark.parametrize("name", list(PERSONAL))
def test_personal_data_is_replaced_by_a_placeholder(name):
    text, secret = PERSONAL[name]
    result = redact(text)
    assert secret not in result
    assert "[" in result and "]" in result, result


@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_text_is_left_alone(text):
    assert redact(text) == text


def test_bsn_needs_a_valid_check_digit():
    # 123456789 fails the elfproef: it is no BSN (but 9 digits still look like a number).
    assert "[bsn]" not in redact("code 123456789")
    assert redact("bsn 123456782") == "bsn [bsn]"


# --- the store -----------------------------------------------------------------------

def _store(db: Path):
    from rasa.shared.core.domain import Domain
    from hulpwijzer.rasa_server.stores.redacting_tracker_store import RedactingSQLTrackerStore

    domain = Domain.load(str(ROOT / "bot" / "domain"))
    return RedactingSQLTrackerStore(domain=domain, dialect="sqlite", db=str(db))


def test_the_store_writes_no_personal_data_whatever_the_channel(tmp_path):
    """Even a message that bypasses the channels (HTTP API) is stored redacted."""
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    db = tmp_path / "tracker.db"
    store = _store(db)
    tracker = DialogueStateTracker("privacy-unit", store.domain.slots)
    text = "bel 06-12345678 of mail a@b.nl, ik woon op Dorpsstraat 3 in 5462 GA Veghel"
    tracker.update(UserUttered(text, {"name": "hulp_vragen", "confidence": 1.0}, [], {"text": text}))
    tracker.update(SlotSet("plaats_buiten_regio", "Dorpsstraat 3 5462 GA"))
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))

    raw = "\n".join(row[0] for row in sqlite3.connect(db).execute("select data from events"))
    for secret in ("06-12345678", "a@b.nl", "5462 GA", "Dorpsstraat 3"):
        assert secret not in raw
    assert "[telefoonnummer]" in raw and "Veghel" in raw

    # Everything was stored, in order, and the tracker still loads.
    loaded = asyncio.run(store.retrieve("privacy-unit"))
    assert [e.type_name for e in loaded.events] == ["user", "slot", "action"]
    assert loaded.events[0].text.startswith("bel [telefoonnummer] of mail [e-mailadres]")


# --- through the running bot ----------------------------------------------------------

def test_stored_conversation_and_log_hold_no_personal_data(bot, sender):
    message = "Mijn dochter wordt gepest. Bel me op 06-98765432 of mail ouder@example.nl. Postcode 5341 AB."
    assert bot.texts(sender, message).strip()

    # 1. the tracker as the HTTP API returns it
    user_events = [e for e in bot.tracker(sender)["events"] if e["event"] == "user"]
    assert user_events, "the message was not stored"
    stored = user_events[-1]
    for secret in ("06-98765432", "ouder@example.nl", "5341 AB"):
        assert secret not in stored["text"]
        assert secret not in stored["parse_data"]["text"]
    assert "[telefoonnummer]" in stored["text"] and "gepest" in stored["text"]

    # 2. the database file itself
    raw = "\n".join(r[0] for r in sqlite3.connect(bot.tracker_db).execute("select data from events where sender_id = ?", (sender,)))
    assert "06-98765432" not in raw and "ouder@example.nl" not in raw and "gepest" in raw

    # 3. the server logs: neither the data nor the message itself
    logs = "\n".join(p.read_text(errors="replace") for p in bot.tracker_db.parent.glob("*.log"))
    assert "06-98765432" not in logs and "ouder@example.nl" not in logs
    assert "Mijn dochter wordt gepest" not in logs


# How the privacy answer names each kind of data hulpwijzer/core/redaction.py removes.
REDACTED_KINDS_IN_THE_ANSWER = {
    "email": "mailadres", "iban": "rekeningnummer", "bsn": "BSN",
    "phone": "telefoonnummer", "postcode": "postcode", "house_number": "huisnummer",
}


def test_the_privacy_answer_says_what_is_stored_what_is_removed_and_for_how_long(bot, sender):
    from hulpwijzer.core.redaction import PLACEHOLDERS
    from hulpwijzer.ops.retention import DEFAULT_RETENTION_DAYS

    reply = bot.texts(sender, "wat bewaren jullie van mij? privacy")
    assert "Dit bewaar ik" in reply and "wat je typt" in reply
    # Every kind of personal data the redaction removes, and nothing it does not remove.
    assert set(REDACTED_KINDS_IN_THE_ANSWER) == set(PLACEHOLDERS)
    for word in REDACTED_KINDS_IN_THE_ANSWER.values():
        assert word in reply, word
    assert "naam" in reply  # names are not recognised: the answer asks not to type them
    # The retention period it promises is the one the retention job uses by default and
    # the one the production settings set.
    assert f"Na {DEFAULT_RETENTION_DAYS} dagen" in reply
    example = (ROOT / "deploy" / "production.env.example").read_text()
    assert f"RETENTION_DAYS={DEFAULT_RETENTION_DAYS}\n" in example


def test_a_message_through_the_http_api_is_stored_redacted_too(bot, sender):
    """POST /conversations/<id>/messages skips the channels (and their redaction)."""
    import json
    import urllib.request

    request = urllib.request.Request(
        f"{bot.url}/conversations/{sender}/messages?token={bot.token}",
        data=json.dumps({"text": "bel me op 06-11223344, postcode 5341 AB", "sender": "user"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
    raw = "\n".join(r[0] for r in sqlite3.connect(bot.tracker_db).execute("select data from events where sender_id = ?", (sender,)))
    assert "06-11223344" not in raw and "5341 AB" not in raw and "[telefoonnummer]" in raw


def test_the_bots_own_help_line_numbers_are_stored_as_sent(bot, sender):
    answer = bot.texts(sender, "my son is bullied at school")
    assert "0800-0113" in answer
    stored = [e["text"] for e in bot.tracker(sender)["events"] if e["event"] == "bot"]
    assert answer.split("\n") == "\n".join(stored).split("\n")


# --- retention ------------------------------------------------------------------------

def _insert(db: Path, sender: str, age_days: float, text: str) -> None:
    import json

    timestamp = time.time() - age_days * 86400
    data = {"event": "user", "timestamp": timestamp, "text": text, "parse_data": {"text": text}}
    con = sqlite3.connect(db)
    con.execute(
        "insert into events (sender_id, type_name, timestamp, intent_name, action_name, data) values (?, ?, ?, ?, ?, ?)",
        (sender, "user", timestamp, None, None, json.dumps(data)),
    )
    con.commit()


def test_retention_deletes_conversations_older_than_the_configured_days(tmp_path):
    db = tmp_path / "tracker.db"
    _store(db)  # creates the tables
    _insert(db, "old-conversation", 40, "oud")
    _insert(db, "mixed-conversation", 35, "oud deel")
    _insert(db, "mixed-conversation", 1, "nieuw deel")
    _insert(db, "new-conversation", 0.1, "nieuw")

    env = {**os.environ, "TRACKER_DB": str(db), "ENDPOINTS_FILE": "endpoints.yml", "RASA_TELEMETRY_ENABLED": "false"}
    # As staff run it (docs/production.md): make retention DAYS=30.
    result = subprocess.run(["make", "-s", "retention", "DAYS=30"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "deleted 2 events" in result.stdout and "1 conversations removed" in result.stdout
    assert "old-conversation" not in result.stdout  # no sender ids in its output

    rows = sqlite3.connect(db).execute("select sender_id, data from events order by id").fetchall()
    senders = [s for s, _ in rows]
    assert "old-conversation" not in senders
    assert senders.count("mixed-conversation") == 1 and "nieuw deel" in rows[0][1]
    assert "new-conversation" in senders
