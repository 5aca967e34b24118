"""The partner directory's schema: turns one YAML file into checked records, or says exactly
which file, entry and field is wrong. Nothing is skipped silently: a wrong entry stops
training and the action server, because a wrong phone number shown to a child is worse
than no answer.

Field names follow Open Referral HSDS 3.0 where they fit (organization, service,
service_area, minimum_age, maximum_age, ...); `access`, `audience` and `verified` are ours.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from actions import concepts

NATIONAL = "landelijk"
NATIONAL_AREA = "NL"

AUDIENCES = ("ouders", "jongeren")
COSTS = ("gratis", "betaald", "onbekend")
ACCESS = ("vrij-toegankelijk", "afspraak", "verwijzing", "via-school")
CONTACT_TYPES = ("phone", "website", "email", "chat", "hours", "address")

# Dutch numbers as people write them: 112, 113, 0800-0113, 073-689 90 90, 088 123 4567.
PHONE = re.compile(r"^(11[23]|0800-?\d{4}|0900-?\d{4}|0\d{1,3}[- ]?\d[\d ]{4,9}\d)$")
URL = re.compile(r"^https?://[a-z0-9.-]+\.[a-z]{2,}(/[^\s]*)?$", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s]+@[a-z0-9.-]+\.[a-z]{2,}$", re.IGNORECASE)


class DirectoryError(ValueError):
    """A problem in a directory file, with where it is and how to fix it."""

    def __init__(self, file: str, entry: str, field_name: str, problem: str):
        self.file, self.entry, self.field, self.problem = file, entry, field_name, problem
        super().__init__(f"{file}: entry '{entry}', field '{field_name}': {problem}")


@dataclass(frozen=True)
class Contact:
    type: str
    value: str
    verified: bool
    source: str


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

    @property
    def free(self) -> bool:
        return self.cost == "gratis"


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    description: str
    source: str
    verified: bool
    contacts: Tuple[Contact, ...]
    gemeente: str  # a gemeente name, or "landelijk"

    def shown_contacts(self) -> Tuple[Contact, ...]:
        """Only checked contact details ever reach a user."""
        return tuple(c for c in self.contacts if c.verified) if self.verified else ()


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
    reader = _Reader(file, f"{owner} contact {index + 1}", data)
    kind = reader.choice("type", CONTACT_TYPES)
    value = reader.text("value")
    checks = {"phone": (PHONE, "is not a Dutch phone number like 0800-0432 or 073-689 90 90"),
              "website": (URL, "is not a web address starting with https://"),
              "chat": (URL, "is not a web address starting with https://"),
              "email": (EMAIL, "is not an e-mail address")}
    if kind in checks and not checks[kind][0].match(value):
        reader.fail("value", f"'{value}' {checks[kind][1]}")
    return Contact(kind, value, reader.get("verified", bool), reader.text("source"))


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
    )


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
