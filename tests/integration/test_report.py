"""`make report`: anonymous counts per gemeente and ISO week, from a tracker store filled by
a scripted set of real conversations.

The conversations run through the session bot (REST channel); their events are then written
by the project's own tracker store class (Rasa's SQLTrackerStore underneath) into a fresh
SQLite file, so the report counts exactly this set and nothing from other tests. One
conversation is moved back one week, to see the weeks apart. `make report` reads that file
through endpoints.yml, with TRACKER_DB pointing at it, as in production.
"""
from __future__ import annotations

import asyncio
import csv
import io
import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from hulpwijzer.staff.report import iso_week

ROOT = Path(__file__).resolve().parents[2]
WEEK = 7 * 24 * 3600

# (name, messages, metadata, weeks ago). Every message is a sentence of its own, so the
# privacy check can look for it in the output.
CONVERSATIONS = [
    ("oss_opvoeding", ["waar kan ik opvoedondersteuning krijgen in Oss?"], None, 0),
    ("rijswijk_pesten_plaats_later", ["mijn zoon wordt gepest", "we wonen in Rijswijk"], None, 0),
    ("den_haag_van_de_pagina", ["ik heb vragen over de opvoeding van mijn dochter"], {"gemeente": "Den Haag"}, 0),
    ("oss_fallback", ["blorp flap zweem"], {"gemeente": "Oss"}, 0),
    ("meierijstad_crisis", ["ik wil niet meer leven"], {"gemeente": "Meierijstad"}, 0),
    ("zonder_plaats_crisis", ["ik word thuis geslagen"], None, 0),
    ("buiten_de_regio", ["ik zoek hulp bij opvoeden in Amsterdam"], None, 0),
    ("oss_verzuim_vorige_week", ["mijn kind spijbelt, we wonen in Oss"], None, 1),
]


def _expected(this_week: str, last_week: str) -> set:
    return {
        ("Oss", this_week, "opvoeding", "1"),
        ("Oss", this_week, "fallback", "1"),
        ("Oss", last_week, "verzuim", "1"),
        ("Meierijstad", this_week, "crisisnet", "1"),
        ("Den Haag", this_week, "opvoeding", "1"),
        ("Rijswijk", this_week, "pesten", "1"),
        ("buiten de regio", this_week, "opvoeding", "1"),
        ("onbekend", this_week, "crisisnet", "1"),
    }


def _store_events(db: Path, trackers: dict) -> None:
    """Write the conversations' events with the store the Rasa server uses (endpoints.yml)."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from hulpwijzer.rasa_server.stores.redacting_tracker_store import RedactingSQLTrackerStore

    domain = Domain.load(str(ROOT / "bot" / "domain"))
    store = RedactingSQLTrackerStore(domain, dialect="sqlite", db=str(db))
    for sender, events in trackers.items():
        asyncio.run(store.save(DialogueStateTracker.from_dict(sender, events, domain.slots)))


@pytest.fixture(scope="module")
def filled_store(bot, tmp_path_factory):
    """(db file, sender ids, message texts, this week, last week)."""
    now = time.time()
    trackers, senders, texts = {}, [], []
    for name, messages, metadata, weeks_ago in CONVERSATIONS:
        sender = bot.new_sender()
        for text in messages:
            bot.send(sender, text, metadata)
        events = bot.tracker(sender)["events"]
        for event in events:
            event["timestamp"] -= weeks_ago * WEEK
        trackers[sender] = events
        senders.append(sender)
        texts.extend(messages)
    db = tmp_path_factory.mktemp("report") / "tracker.db"
    _store_events(db, trackers)
    return db, senders, texts, iso_week(now), iso_week(now - WEEK)


def make_report(db: Path, *options: str) -> str:
    env = dict(os.environ, TRACKER_DB=str(db), ENDPOINTS_FILE="endpoints.yml")
    env.pop("MAKEFLAGS", None)
    result = subprocess.run(["make", "--no-print-directory", "report", f"ARGS={' '.join(options)}"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_counts_per_gemeente_week_and_topic(filled_store):
    db, _, _, this_week, last_week = filled_store
    rows = list(csv.reader(io.StringIO(make_report(db, "--csv"))))
    assert rows[0] == ["gemeente", "week", "wat", "aantal"]
    assert {tuple(row) for row in rows[1:]} == _expected(this_week, last_week)


def test_the_text_report_reads_per_gemeente_and_week(filled_store):
    db, _, _, this_week, last_week = filled_store
    report = make_report(db)
    lines = [line.strip() for line in report.splitlines()]
    oss = lines.index("Gemeente Oss")
    assert lines[oss + 1:oss + 3] == [
        f"week {last_week}: 1 hulpvraag (verzuim 1); niet begrepen (fallback) 0; crisisnet 0",
        f"week {this_week}: 1 hulpvraag (opvoeding 1); niet begrepen (fallback) 1; crisisnet 0",
    ]
    meierijstad = lines.index("Gemeente Meierijstad")
    assert lines[meierijstad + 1] == f"week {this_week}: 0 hulpvragen; niet begrepen (fallback) 0; crisisnet 1"


@pytest.mark.parametrize("options", [(), ("--csv",)])
def test_no_message_text_or_sender_id_in_the_report(filled_store, options):
    db, senders, texts, _, _ = filled_store
    report = make_report(db, *options)
    assert report.strip()
    for secret in senders + texts:
        assert secret not in report
    # The store does hold them: the report leaves them out, they are not simply missing.
    # Read through SQLite: the store writes ahead to a log file before the database file.
    with sqlite3.connect(db) as connection:
        stored = {sender for (sender,) in connection.execute("select distinct sender_id from events")}
    assert set(senders) <= stored
