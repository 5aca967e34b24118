"""Open or closed now, from the opening hours in the directory (HSDS schedule: byday,
opens_at, closes_at), in Dutch local time. Only hours with a schedule count: free text
like "alleen op afspraak" never turns into "open"."""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional

from hulpwijzer.core.directory.schema import DAYS, Contact

try:
    from zoneinfo import ZoneInfo

    DUTCH_TIME = ZoneInfo("Europe/Amsterdam")
except Exception:  # no time zone data on this machine: use the machine's clock
    DUTCH_TIME = None


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def dutch_now() -> dt.datetime:
    return dt.datetime.now(DUTCH_TIME) if DUTCH_TIME else dt.datetime.now()


def status(contacts: Iterable[Contact], now: Optional[dt.datetime] = None) -> str:
    """'always' (24/7), 'open', 'closed', or '' when no schedule is known."""
    spans = [span for contact in contacts for span in contact.schedule]
    if not spans:
        return ""
    if all(set(span.days) == set(DAYS) and span.opens == "00:00" and span.closes == "24:00" for span in spans):
        return "always"
    now = now or dutch_now()
    if DUTCH_TIME and now.tzinfo is not None:
        now = now.astimezone(DUTCH_TIME)
    day = DAYS[now.weekday()]
    minute = now.hour * 60 + now.minute
    for span in spans:
        if day in span.days and _minutes(span.opens) <= minute < _minutes(span.closes):
            return "open"
    return "closed"
