"""When was a directory entry last checked? HSDS 3.0 calls this `assured_date`.

An entry (organisation, service or contact) may carry `assured_date: 2026-03-01`; a contact
without its own date inherits the organisation's. The directory validator (hulpwijzer/core/directory)
ignores unknown fields, so this module is the one place that reads and checks the date; it
can be called by that validator too (`date_problem`).
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Optional

DATE_FIELD = "assured_date"
MAX_AGE = dt.timedelta(days=365)


def _as_date(value: Any) -> Optional[dt.date]:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def checked_on(entry: Mapping[str, Any]) -> Optional[dt.date]:
    """The date an entry was last checked: `assured_date`, or `verified` written as a date."""
    for key in (DATE_FIELD, "verified"):
        found = _as_date(entry.get(key)) if isinstance(entry, Mapping) else None
        if found:
            return found
    return None


def date_problem(entry: Mapping[str, Any], today: Optional[dt.date] = None) -> Optional[str]:
    """A Dutch description of what is wrong with the entry's date, or None."""
    if not isinstance(entry, Mapping) or entry.get(DATE_FIELD) is None:
        return None
    value = entry[DATE_FIELD]
    found = _as_date(value)
    if found is None:
        return f"{DATE_FIELD} '{value}' is geen datum."
    if found > (today or dt.date.today()):
        return f"{DATE_FIELD} {found.isoformat()} ligt in de toekomst."
    return None


def is_outdated(checked: Optional[dt.date], today: Optional[dt.date] = None) -> bool:
    return checked is not None and (today or dt.date.today()) - checked > MAX_AGE
