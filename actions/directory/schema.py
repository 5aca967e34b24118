"""The partner directory's schema: turns one YAML file into checked records, or says exactly
which file, entry and field is wrong. Nothing is skipped silently: a wrong entry stops
training and the action server, because a wrong phone number shown to a child is worse
than no answer.

Field names follow Open Referral HSDS 3.0 where they fit (organization, service,
service_area, minimum_age, maximum_age, assured_date, schedule opens_at/closes_at/byday, ...);
`access`, `audience`, `verified`, `general`, `ask_for` and `school_level` are ours.
A contact detail is a pydantic model (`ContactModel`); phone numbers are checked with the
`phonenumbers` library (Google's libphonenumber metadata), not a pattern of our own.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

import phonenumbers
from phonenumbers import shortnumberinfo
from pydantic import BaseModel, StrictBool, StrictStr, ValidationError, validator

from actions import concepts

NATIONAL = "landelijk"
NATIONAL_AREA = "NL"

AUDIENCES = ("ouders", "jongeren")
COSTS = ("gratis", "betaald", "onbekend")
ACCESS = ("vrij-toegankelijk", "afspraak", "verwijzing", "via-school")
CONTACT_TYPES = ("phone", "website", "email", "chat", "hours", "address")
SCHOOL_LEVELS = ("basisschool", "voortgezet")
DAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")

# Short numbers the phone-number metadata does not know yet, each with its source.
# 113 (Zelfmoordpreventie) is free and national since October 2025 (ANP 2025-10-03, hulplijnen.md).
EXTRA_SHORT_NUMBERS = {"113": "hulplijnen.md (ANP 2025-10-03)"}

URL = re.compile(r"^https?://[a-z0-9.-]+\.[a-z]{2,}(/[^\s]*)?$", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s]+@[a-z0-9.-]+\.[a-z]{2,}$", re.IGNORECASE)
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")


def is_dutch_phone_number(value: str) -> bool:
    """A number a phone in the Netherlands can call: a valid Dutch number (including 0800, 0900
    and the 14 + netnummer gemeente numbers), 112, or a short number in EXTRA_SHORT_NUMBERS."""
    if not re.fullmatch(r"[\d +()-]+", value or ""):
        return False
    digits = re.sub(r"\D", "", value)
    if digits in EXTRA_SHORT_NUMBERS:
        return True
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        return False
    if phonenumbers.is_valid_number_for_region(number, "NL"):
        return True
    # Of the short numbers only the emergency number (112) and the ones named above: the
    # library's short-number patterns also let typos such as 1234 through.
    return shortnumberinfo.is_emergency_number(digits, "NL")


def tel_uri(value: str) -> str:
    """The `tel:` link of a Dutch number: the digits as a phone in the Netherlands dials them
    (0800-0432 -> tel:08000432, 14 0412 -> tel:140412, 113 -> tel:113)."""
    return "tel:" + re.sub(r"\D", "", value)


class DirectoryError(ValueError):
    """A problem in a directory file, with where it is and how to fix it."""

    def __init__(self, file: str, entry: str, field_name: str, problem: str):
        self.file, self.entry, self.field, self.problem = file, entry, field_name, problem
        super().__init__(f"{file}: entry '{entry}', field '{field_name}': {problem}")


@dataclass(frozen=True)
class OpeningSpan:
    """HSDS schedule: on these days (byday), from opens_at to closes_at (local time)."""
    days: Tuple[str, ...]
    opens: str
    closes: str


@dataclass(frozen=True)
class Contact:
    type: str
    value: str
    verified: bool
    source: str
    assured_date: Optional[dt.date] = None
    note: str = ""
    schedule: Tuple[OpeningSpan, ...] = ()

    @property
    def shown(self) -> bool:
        """Only a checked detail with its source and the day it was checked reaches a user."""
        return self.verified and bool(self.source.strip()) and self.assured_date is not None


class ScheduleModel(BaseModel):
    days: List[StrictStr]
    opens: StrictStr
    closes: StrictStr

    @validator("days")
    def _days(cls, days):
        if not days:
            raise ValueError("needs at least one value")
        for day in days:
            if day not in DAYS:
                raise ValueError(f"'{day}' is not one of: {', '.join(DAYS)}")
        return days

    @validator("opens", "closes")
    def _time(cls, value):
        if not TIME.match(value):
            raise ValueError(f"'{value}' is not a time like 09:00")
        return value


class ContactModel(BaseModel):
    """One contact detail as staff write it in YAML (HSDS phone / url / email / schedule)."""

    type: StrictStr
    value: StrictStr
    verified: StrictBool
    source: StrictStr
    assured_date: Optional[dt.date] = None
    note: StrictStr = ""
    schedule: List[ScheduleModel] = []

    @validator("type")
    def _type(cls, value):
        if value not in CONTACT_TYPES:
            raise ValueError(f"'{value}' is not one of: {', '.join(CONTACT_TYPES)}")
        return value

    @validator("value", "source")
    def _not_empty(cls, value):
        if not value.strip():
            raise ValueError("is empty")
        return value.strip()

    @validator("value")
    def _value_fits_type(cls, value, values):
        kind = values.get("type")
        if kind == "phone" and not is_dutch_phone_number(value):
            raise ValueError(f"'{value}' is not a Dutch phone number like 0800-0432 or 073-689 90 90")
        if kind in ("website", "chat") and not URL.match(value):
            raise ValueError(f"'{value}' is not a web address starting with https://")
        if kind == "email" and not EMAIL.match(value):
            raise ValueError(f"'{value}' is not an e-mail address")
        return value

    @validator("assured_date", pre=True)
    def _date(cls, value):
        if value is None or isinstance(value, dt.date):
            if isinstance(value, dt.date) and value > dt.date.today():
                raise ValueError(f"{value.isoformat()} is in the future")
            return value
        raise ValueError(f"'{value}' is not a date like 2026-11-28")

    @validator("schedule")
    def _schedule_only_for_hours(cls, value, values):
        if value and values.get("type") != "hours":
            raise ValueError("only a contact of type hours has a schedule")
        return value

    def record(self) -> Contact:
        spans = tuple(OpeningSpan(tuple(s.days), s.opens, s.closes) for s in self.schedule)
        return Contact(self.type, self.value, self.verified, self.source, self.assured_date, self.note.strip(), spans)


_PYDANTIC_MESSAGES = {
    "value_error.missing": "is missing",
    "type_error.bool": "must be true or false",
    "value_error.strictbool": "must be true or false",
    "type_error.str": "must be text",
    "type_error.list": "must be a list",
}


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    description: str
    topics: Tuple[str, ...]
    audience: Tuple[str, ...]
    cost: str
    access: str
    source: str
    verified: bool
    organization: "Organization" = field(compare=False, repr=False, default=None)
    minimum_age: Optional[int] = None
    maximum_age: Optional[int] = None
    access_note: str = ""
    anonymous: bool = False
    emergency_only: bool = False
    school_level: str = ""
    cost_note: str = ""

    @property
    def free(self) -> bool:
        return self.cost == "gratis"

    @property
    def without_school(self) -> bool:
        return self.access != "via-school"


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    description: str
    source: str
    verified: bool
    contacts: Tuple[Contact, ...]
    gemeente: str  # a gemeente name, or "landelijk"
    general: bool = False  # the gemeente's own general number / website (the fallback route)
    ask_for: str = ""  # what to ask for at the gemeente when this organisation has no contact

    def shown_contacts(self) -> Tuple[Contact, ...]:
        """Only checked, sourced and dated contact details ever reach a user."""
        return tuple(c for c in self.contacts if c.shown) if self.verified else ()

    def reachable(self) -> bool:
        """A phone number, web address or chat a user can use today."""
        return any(c.type in ("phone", "website", "chat") for c in self.shown_contacts())

    @property
    def ask_for_text(self) -> str:
        return self.ask_for or self.name


class _Reader:
    """Reads fields of one entry and raises DirectoryError naming file, entry and field."""

    def __init__(self, file: str, entry: str, data: Any):
        self.file, self.entry = file, entry
        if not isinstance(data, dict):
            self.fail("(entry)", "must be a block of fields (key: value)")
        self.data = data

    def fail(self, name: str, problem: str):
        raise DirectoryError(self.file, self.entry, name, problem)

    def get(self, name: str, kind, required: bool = True, default=None):
        if name not in self.data or self.data[name] is None:
            if required:
                self.fail(name, "is missing")
            return default
        value = self.data[name]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            self.fail(name, f"must be {_KIND_NAMES.get(kind, kind)}, not {value!r}")
        return value

    def text(self, name: str, required: bool = True) -> str:
        value = self.get(name, str, required, "")
        if required and not value.strip():
            self.fail(name, "is empty")
        return value.strip()

    def choice(self, name: str, allowed) -> str:
        value = self.text(name)
        if value not in allowed:
            self.fail(name, f"'{value}' is not one of: {', '.join(allowed)}")
        return value

    def choices(self, name: str, allowed) -> Tuple[str, ...]:
        values = self.get(name, list)
        if not values:
            self.fail(name, "needs at least one value")
        for value in values:
            if value not in allowed:
                self.fail(name, f"'{value}' is not one of: {', '.join(allowed)}")
        return tuple(values)

    def age(self, name: str) -> Optional[int]:
        value = self.get(name, int, required=False)
        if value is not None and not 0 <= value <= 30:
            self.fail(name, f"{value} is not an age between 0 and 30")
        return value


_KIND_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "a block"}


def _contact(file: str, owner: str, index: int, data: Any) -> Contact:
    entry = f"{owner} contact {index + 1}"
    if not isinstance(data, dict):
        raise DirectoryError(file, entry, "(entry)", "must be a block of fields (key: value)")
    try:
        return ContactModel(**data).record()
    except ValidationError as problem:
        first = problem.errors()[0]
        location = [str(part) for part in first["loc"]]
        name = location[0] if location else "(entry)"
        if name == "schedule" and len(location) > 2:
            name = f"schedule {int(location[1]) + 1} {location[2]}"
        message = first["msg"]
        if first["type"] in _PYDANTIC_MESSAGES:
            message = _PYDANTIC_MESSAGES[first["type"]]
            if first["type"] != "value_error.missing":
                value = data.get(location[0]) if location else None
                message += f", not {value!r}"
        raise DirectoryError(file, entry, name, message) from None


def _service(file: str, organization: Organization, data: Any) -> Service:
    reader = _Reader(file, str(data.get("id", "?")) if isinstance(data, dict) else "?", data)
    topics = reader.choices("topics", concepts.topic_ids())
    minimum, maximum = reader.age("minimum_age"), reader.age("maximum_age")
    if minimum is not None and maximum is not None and minimum > maximum:
        reader.fail("minimum_age", f"{minimum} is higher than maximum_age {maximum}")
    return Service(
        id=reader.text("id"),
        name=reader.text("name"),
        description=reader.text("description"),
        topics=topics,
        audience=reader.choices("audience", AUDIENCES),
        cost=reader.choice("cost", COSTS),
        access=reader.choice("access", ACCESS),
        source=reader.text("source"),
        verified=reader.get("verified", bool),
        organization=organization,
        minimum_age=minimum,
        maximum_age=maximum,
        access_note=reader.text("access_note", required=False),
        anonymous=reader.get("anonymous", bool, required=False, default=False),
        emergency_only=reader.get("emergency_only", bool, required=False, default=False),
        school_level=_optional_choice(reader, "school_level", SCHOOL_LEVELS),
        cost_note=reader.text("cost_note", required=False),
    )


def _optional_choice(reader: "_Reader", name: str, allowed) -> str:
    if reader.data.get(name) is None:
        return ""
    return reader.choice(name, allowed)


def parse_file(file: str, data: Any) -> List[Service]:
    """All services of one directory file, checked; raises DirectoryError on the first problem."""
    top = _Reader(file, "(file)", data)
    gemeente = top.text("gemeente")
    area = top.text("service_area")
    if gemeente == NATIONAL:
        if area != NATIONAL_AREA:
            top.fail("service_area", f"must be {NATIONAL_AREA} for the national lines")
    else:
        known = concepts.gemeente_by_cbs()
        if area not in known:
            top.fail("service_area", f"'{area}' is not a known CBS code ({', '.join(known)})")
        if known[area].name != gemeente:
            top.fail("gemeente", f"'{gemeente}' does not match CBS code {area} ({known[area].name})")
    services: List[Service] = []
    for raw in top.get("organizations", list):
        reader = _Reader(file, str(raw.get("id", "?")) if isinstance(raw, dict) else "?", raw)
        org_id = reader.text("id")
        contacts = tuple(_contact(file, org_id, i, c) for i, c in enumerate(reader.get("contacts", list, required=False, default=[])))
        organization = Organization(
            id=org_id, name=reader.text("name"), description=reader.text("description"),
            source=reader.text("source"), verified=reader.get("verified", bool),
            contacts=contacts, gemeente=gemeente,
            general=reader.get("general", bool, required=False, default=False),
            ask_for=reader.text("ask_for", required=False),
        )
        raw_services = reader.get("services", list)
        if not raw_services:
            reader.fail("services", "needs at least one service")
        services.extend(_service(file, organization, s) for s in raw_services)
    return services


def check_unique_ids(services_by_file: Dict[str, List[Service]]) -> None:
    """A service id names one service in the whole directory (staff and logs refer to it)."""
    seen: Dict[str, str] = {}
    for file, services in services_by_file.items():
        for service in services:
            if service.id in seen:
                raise DirectoryError(file, service.id, "id", f"is used twice (also in {seen[service.id]})")
            seen[service.id] = file
