"""`make report`: how often each topic was asked, and how often the fallback or the crisis
net fired, per gemeente and ISO week. Anonymous: counts only, never a message text, a
sender id or a place the user typed.

Read from the tracker store the Rasa server writes (the `events` table of Rasa's
SQLTrackerStore), found through the same endpoints file and environment as the server
(ENDPOINTS_FILE, TRACKER_DB, ...), or from an SQLite file given with --db.

How the events are counted, per conversation session:
  asked a topic    the slot `topic` becomes a topic id (again after an answer counts again)
  fallback         a user message with intent nlu_fallback, or Rasa's action_default_fallback
  crisis net       a user message with intent crisis, or the crisis answer utter_crisis
Each counts under the gemeente known at that moment, or else the first gemeente named
later in the same session; 'buiten de regio' when only a place outside the region was
named; 'onbekend' when no place was named.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Tuple
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]  # run as a script too: put the project on the path
sys.path.insert(0, str(ROOT))

from hulpwijzer.core import concepts  # noqa: E402

TIMEZONE = ZoneInfo("Europe/Amsterdam")
UNKNOWN = "onbekend"
OUTSIDE = "buiten de regio"
FALLBACK = "fallback"
CRISIS = "crisisnet"
FALLBACK_INTENT, FALLBACK_ACTION = "nlu_fallback", "action_default_fallback"
CRISIS_INTENT, CRISIS_ACTION = "crisis", "utter_crisis"

Key = Tuple[str, str, str]  # (gemeente, ISO week, what: a topic id, FALLBACK or CRISIS)


@dataclass(frozen=True)
class Row:
    """One stored event, reduced to what the report needs (no text)."""
    conversation: str
    type_name: str
    timestamp: float
    intent: Optional[str]
    action: Optional[str]
    slot: Optional[str] = None
    value: Optional[str] = None


def iso_week(timestamp: float) -> str:
    year, week, _ = dt.datetime.fromtimestamp(timestamp, TIMEZONE).isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class _Session:
    """Counting state of one conversation session; the sender id stays in here."""
    gemeente: Optional[str] = None
    outside: bool = False
    topic: Optional[str] = None
    waiting: List[Tuple[str, str]] = field(default_factory=list)  # (week, what) without gemeente
    turn_counted: set = field(default_factory=set)

    def note(self, counts: Counter, week: str, what: str) -> None:
        if self.gemeente:
            counts[(self.gemeente, week, what)] += 1
        else:
            self.waiting.append((week, what))

    def place_known(self, counts: Counter) -> None:
        for week, what in self.waiting:
            counts[(self.gemeente, week, what)] += 1
        self.waiting.clear()

    def close(self, counts: Counter) -> None:
        for week, what in self.waiting:
            counts[(OUTSIDE if self.outside else UNKNOWN, week, what)] += 1
        self.waiting.clear()


def count(rows: Iterable[Row]) -> Counter:
    """Counts per (gemeente, week, what). `rows` must be ordered by conversation, then time."""
    counts: Counter = Counter()
    gemeenten, topics = set(concepts.gemeente_names()), set(concepts.topic_ids())
    conversation, session = None, _Session()
    for row in rows:
        if row.conversation != conversation or row.type_name == "session_started":
            session.close(counts)
            conversation, session = row.conversation, _Session()
        week = iso_week(row.timestamp)
        if row.type_name == "user":
            session.turn_counted = set()
            if row.intent == FALLBACK_INTENT:
                _once(session, counts, week, FALLBACK)
            elif row.intent == CRISIS_INTENT:
                _once(session, counts, week, CRISIS)
        elif row.type_name == "action":
            if row.action == FALLBACK_ACTION:
                _once(session, counts, week, FALLBACK)
            elif row.action == CRISIS_ACTION:
                _once(session, counts, week, CRISIS)
        elif row.type_name == "slot":
            if row.slot == "gemeente" and row.value in gemeenten:
                session.gemeente = row.value
                session.place_known(counts)
            elif row.slot == "plaats_buiten_regio" and row.value:
                session.outside = True
            elif row.slot == "topic":
                if row.value in topics and row.value != session.topic:
                    session.note(counts, week, row.value)
                session.topic = row.value
    session.close(counts)
    return counts


def _once(session: _Session, counts: Counter, week: str, what: str) -> None:
    """Once per user turn: nlu_fallback followed by action_default_fallback is one miss."""
    if what not in session.turn_counted:
        session.turn_counted.add(what)
        session.note(counts, week, what)


# --- reading the tracker store ---------------------------------------------------------

def _endpoint_settings() -> dict:
    """The tracker_store section of the endpoints file, with ${...} filled in like Rasa does."""
    from hulpwijzer import config as settings_module

    settings = settings_module.load()
    for key, value in settings.values.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("ACTION_ENDPOINT_URL", "http://127.0.0.1/webhook")
    from rasa.shared.utils.io import read_config_file

    path = Path(settings["ENDPOINTS_FILE"])
    config = read_config_file(str(path if path.is_absolute() else ROOT / path))
    return config.get("tracker_store") or {}


def database_url(db: Optional[Path] = None):
    """The SQLAlchemy URL of the tracker store: --db, else the endpoints file."""
    if db is not None:
        return f"sqlite:///{Path(db).resolve()}"
    import sqlalchemy as sa

    store = _endpoint_settings()
    if not store:
        raise SystemExit("Er is geen tracker store ingesteld in het endpoints-bestand: er is niets om te tellen.")
    dialect = store.get("dialect", "sqlite")
    name = str(store.get("db", "rasa.db"))
    if dialect == "sqlite" and not Path(name).is_absolute():
        name = str(ROOT / name)  # the Rasa server runs in the project folder
    if dialect == "sqlite" and not Path(name).exists():
        raise SystemExit(f"De gespreksgegevens ({name}) bestaan nog niet: er zijn nog geen gesprekken gevoerd.")
    host = store.get("host")
    if host and "://" in str(host):
        return host  # a complete database URL, as Rasa's SQLTrackerStore also accepts
    return sa.engine.url.URL.create(
        dialect, store.get("username"), store.get("password"), host,
        int(store["port"]) if store.get("port") else None, name, store.get("query") or {},
    )


def read_rows(url) -> Iterator[Row]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    query = sa.text(
        "SELECT sender_id, type_name, timestamp, intent_name, action_name, data FROM events "
        "WHERE type_name IN ('user', 'action', 'slot', 'session_started') ORDER BY sender_id, id"
    )
    try:
        with engine.connect() as connection:
            for sender, type_name, timestamp, intent, action, data in connection.execute(query):
                slot = value = None
                if type_name == "slot":
                    event = json.loads(data or "{}")
                    slot, value = event.get("name"), event.get("value")
                    value = value if isinstance(value, str) else None
                yield Row(sender, type_name, float(timestamp), intent, action, slot, value)
    finally:
        engine.dispose()


# --- output ------------------------------------------------------------------------------

def _ordered_places(counts: Counter) -> List[str]:
    present = {key[0] for key in counts}
    return [g for g in (*concepts.gemeente_names(), OUTSIDE, UNKNOWN) if g in present]


def text_report(counts: Counter) -> str:
    if not counts:
        return "Nog geen gesprekken om te tellen."
    lines = ["Hoe vaak werd wat gevraagd, per gemeente en week (alleen aantallen, geen teksten).", ""]
    for place in _ordered_places(counts):
        lines.append(place if place in (OUTSIDE, UNKNOWN) else f"Gemeente {place}")
        for week in sorted({k[1] for k in counts if k[0] == place}):
            asked = {t: counts[(place, week, t)] for t in concepts.topic_ids() if counts[(place, week, t)]}
            topics = ", ".join(f"{t} {n}" for t, n in sorted(asked.items(), key=lambda item: -item[1]))
            lines.append(
                f"  week {week}: {sum(asked.values())} {'hulpvraag' if sum(asked.values()) == 1 else 'hulpvragen'}"
                + (f" ({topics})" if topics else "")
                + f"; niet begrepen (fallback) {counts[(place, week, FALLBACK)]}"
                + f"; crisisnet {counts[(place, week, CRISIS)]}"
            )
        lines.append("")
    return "\n".join(lines).rstrip()


def csv_report(counts: Counter, out) -> None:
    writer = csv.writer(out)
    writer.writerow(["gemeente", "week", "wat", "aantal"])
    for place in _ordered_places(counts):
        for (gemeente, week, what), number in sorted(counts.items()):
            if gemeente == place:
                writer.writerow([gemeente, week, what, number])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="make report", description="Anonieme telling per gemeente en week.")
    parser.add_argument("--db", type=Path, help="lees dit SQLite-bestand in plaats van de ingestelde tracker store")
    parser.add_argument("--csv", action="store_true", help="schrijf CSV (voor een spreadsheet)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # library deprecation notes are not for the reader
    counts = count(read_rows(database_url(args.db)))
    if args.csv:
        csv_report(counts, sys.stdout)
    else:
        print(text_report(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
