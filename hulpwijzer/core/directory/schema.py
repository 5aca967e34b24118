"""The partner directory's schema: turns one YAML file into checked records, or says exactly
which file, entry and field is wrong. Nothing is skipped silently: a wrong entry stops
training and the action server, because a wrong phone number shown to a child is worse
than no answer.

Field names follow Open Referral HSDS 3.0 where they fit (organization, service,
service_area, minimum_age, maximum_age, assured_date, schedule opens_at/closes_at/byday, ...);
`access`, `audience`, `verified`, `general`, `ask_for` and `school_level` are ours.
Every entry is a pydantic model (FileModel, OrganizationModel, ServiceModel, ContactModel,
ScheduleModel); their errors become a DirectoryError naming file, entry and field. Phone
numbers are checked with the `phonenumbers` library (Google's libphonenumber metadata).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

import phonenumbers
from phonenumbers import shortnumberinfo
from pydantic import BaseModel, StrictBool, StrictInt, StrictStr, ValidationError, validator

from hulpwijzer.core import concepts

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


class _Entry(BaseModel):
    """Common settings: fields of HSDS we do not use are allowed (and ignored)."""

    class Config:
        extra = "ignore"
        anystr_strip_whitespace = True


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty")
    return value.strip()


def _one_of(value: str, allowed) -> str:
    if value not in allowed:
        raise ValueError(f"'{value}' is not one of: {', '.join(allowed)}")
    return value


def _all_of(values: List[str], allowed) -> List[str]:
    if not values:
        raise ValueError("needs at least one value")
    for value in values:
        _one_of(value, allowed)
    return values


class ServiceModel(_Entry):
    """One service (HSDS service + eligibility), in the order its fields are checked."""

    topics: List[StrictStr]
    minimum_age: Optional[StrictInt] = None
    maximum_age: Optional[StrictInt] = None
    id: StrictStr
    name: StrictStr
    description: StrictStr
    audience: List[StrictStr]
    cost: StrictStr
    access: StrictStr
    source: StrictStr
    verified: StrictBool
    access_note: Optional[StrictStr] = ""
    anonymous: Optional[StrictBool] = False
    emergency_only: Optional[StrictBool] = False
    school_level: Optional[StrictStr] = None
    cost_note: Optional[StrictStr] = ""

    _texts = validator("id", "name", "description", "source", allow_reuse=True)(_text)

    @validator("topics")
    def _topics(cls, value):
        return _all_of(value, concepts.topic_ids())

    @validator("audience")
    def _audience(cls, value):
        return _all_of(value, AUDIENCES)

    @validator("cost")
    def _cost(cls, value):
        return _one_of(value, COSTS)

    @validator("access")
    def _access(cls, value):
        return _one_of(value, ACCESS)

    @validator("school_level")
    def _school_level(cls, value):
        return None if value is None else _one_of(value, SCHOOL_LEVELS)

    @validator("minimum_age", "maximum_age")
    def _age(cls, value):
        if value is not None and not 0 <= value <= 30:
            raise ValueError(f"{value} is not an age between 0 and 30")
        return value

    @validator("maximum_age")
    def _ages_in_order(cls, value, values):
        minimum = values.get("minimum_age")
        if value is not None and minimum is not None and minimum > value:
            raise ValueError(f"{minimum} is higher than maximum_age {value}")
        return value

    def record(self, organization: "Organization") -> Service:
        return Service(
            id=self.id, name=self.name, description=self.description, topics=tuple(self.topics),
            audience=tuple(self.audience), cost=self.cost, access=self.access, source=self.source,
            verified=self.verified, organization=organization, minimum_age=self.minimum_age,
            maximum_age=self.maximum_age, access_note=self.access_note or "", anonymous=bool(self.anonymous),
            emergency_only=bool(self.emergency_only), school_level=self.school_level or "", cost_note=self.cost_note or "",
        )


class OrganizationModel(_Entry):
    """One organisation (HSDS organization); its contacts and services are checked one by one."""

    id: StrictStr
    contacts: Optional[List[Any]] = None
    name: StrictStr
    description: StrictStr
    source: StrictStr
    verified: StrictBool
    general: Optional[StrictBool] = False
    ask_for: Optional[StrictStr] = ""
    services: List[Any]

    _texts = validator("id", "name", "description", "source", allow_reuse=True)(_text)

    @validator("services")
    def _services(cls, value):
        if not value:
            raise ValueError("needs at least one service")
        return value


class FileModel(_Entry):
    """The head of a directory file: which gemeente (CBS code) it is about."""

    gemeente: StrictStr
    service_area: StrictStr
    organizations: List[Any]

    _texts = validator("gemeente", "service_area", allow_reuse=True)(_text)


_TYPE_WORDS = {
    "type_error.str": "must be text",
    "type_error.integer": "must be a whole number",
    "type_error.bool": "must be true or false",
    "value_error.strictbool": "must be true or false",
    "type_error.list": "must be a list",
}


def _checked(model, file: str, entry: str, data: Any):
    """The model for `data`, or DirectoryError naming file, entry, field and problem (the first)."""
    if not isinstance(data, dict):
        raise DirectoryError(file, entry, "(entry)", "must be a block of fields (key: value)")
    try:
        return model(**data)
    except ValidationError as problem:
        first = problem.errors()[0]
        location = [str(part) for part in first["loc"]]
        name = location[0] if location else "(entry)"
        kind, message = first["type"], first["msg"]
        if kind in ("value_error.missing", "type_error.none.not_allowed"):
            message = "is missing"
        elif kind in _TYPE_WORDS:
            value = data.get(name)
            if isinstance(value, list) and len(location) > 1 and location[1].isdigit():
                value = value[int(location[1])]
            message = f"{_TYPE_WORDS[kind]}, not {value!r}"
        order = re.fullmatch(r"(\d+) is higher than maximum_age (\d+)", message)
        if order:
            name = "minimum_age"
        raise DirectoryError(file, entry, name, message) from None


def parse_file(file: str, data: Any) -> List[Service]:
    """All services of one directory file, checked; raises DirectoryError on the first problem."""
    head = _checked(FileModel, file, "(file)", data)
    gemeente, area = head.gemeente, head.service_area
    if gemeente == NATIONAL:
        if area != NATIONAL_AREA:
            raise DirectoryError(file, "(file)", "service_area", f"must be {NATIONAL_AREA} for the national lines")
    else:
        known = concepts.gemeente_by_cbs()
        if area not in known:
            raise DirectoryError(file, "(file)", "service_area", f"'{area}' is not a known CBS code ({', '.join(known)})")
        if known[area].name != gemeente:
            raise DirectoryError(file, "(file)", "gemeente", f"'{gemeente}' does not match CBS code {area} ({known[area].name})")
    services: List[Service] = []
    for raw in head.organizations:
        entry = str(raw.get("id", "?")) if isinstance(raw, dict) else "?"
        if isinstance(raw, dict) and isinstance(raw.get("contacts"), list):
            # Contacts first: a wrong number is named even when the organisation has other problems.
            org_id = raw.get("id") if isinstance(raw.get("id"), str) and raw.get("id").strip() else entry
            contacts = tuple(_contact(file, org_id.strip(), i, c) for i, c in enumerate(raw["contacts"]))
        else:
            contacts = ()
        model = _checked(OrganizationModel, file, entry, raw)
        organization = Organization(
            id=model.id, name=model.name, description=model.description, source=model.source,
            verified=model.verified, contacts=contacts, gemeente=gemeente,
            general=bool(model.general), ask_for=model.ask_for or "",
        )
        for raw_service in model.services:
            service_entry = str(raw_service.get("id", "?")) if isinstance(raw_service, dict) else "?"
            services.append(_checked(ServiceModel, file, service_entry, raw_service).record(organization))
    return services


def check_unique_ids(services_by_file: Dict[str, List[Service]]) -> None:
    """A service id names one service in the whole directory (staff and logs refer to it)."""
    seen: Dict[str, str] = {}
    for file, services in services_by_file.items():
        for service in services:
            if service.id in seen:
                raise DirectoryError(file, service.id, "id", f"is used twice (also in {seen[service.id]})")
            seen[service.id] = file
