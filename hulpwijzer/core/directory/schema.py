"""The partner directory's schema: turns one YAML file into checked records, or says exactly
which file, entry and field is wrong. Nothing is skipped silently: a wrong entry stops
training and the action server, because a wrong phone number shown to a child is worse
than no answer.

Field names follow Open Referral HSDS 3.0 where they fit (organization, service,
service_area, minimum_age, maximum_age, assured_date, schedule opens_at/closes_at/byday, ...);
`access`, `audience`, `verified`, `general`, `ask_for` and `school_level` are ours.
Every entry is a pydantic model (FileModel, OrganizationModel, ServiceModel, ContactModel,
ScheduleModel). `validate_file` returns every problem at once, each a Problem with a code,
the file, entry, field and the values involved (pydantic's own errors with their place);
`make check` and the action server's log say them in Dutch from one table
(data/concepts/gidsfouten.yml). Phone numbers are checked with the `phonenumbers` library.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

import phonenumbers
from phonenumbers import shortnumberinfo
from pydantic import BaseModel, PydanticValueError, StrictBool, StrictInt, StrictStr, ValidationError, validator

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


# Our problems as pydantic errors: a code, an English text for developers, and the values.
class _Problem(PydanticValueError):
    def __init_subclass__(cls, code: str = "", template: str = "", **kwargs):
        super().__init_subclass__(**kwargs)
        cls.code, cls.msg_template = code, template


class Empty(_Problem, code="empty", template="is empty"): pass
class NotOneOf(_Problem, code="not_one_of", template="'{value}' is not one of: {allowed}"): pass
class EmptyList(_Problem, code="empty_list", template="needs at least one value"): pass
class NoServices(_Problem, code="no_services", template="needs at least one service"): pass
class AgeRange(_Problem, code="age_range", template="{value} is not an age between 0 and 30"): pass
class AgesOrder(_Problem, code="ages_order", template="{value} is higher than maximum_age {maximum}"): pass
class NotPhone(_Problem, code="phone", template="'{value}' is not a Dutch phone number like 0800-0432 or 073-689 90 90"): pass
class NotWeb(_Problem, code="web", template="'{value}' is not a web address starting with https://"): pass
class NotEmail(_Problem, code="email", template="'{value}' is not an e-mail address"): pass
class NotDate(_Problem, code="date", template="'{value}' is not a date like 2026-11-28"): pass
class FutureDate(_Problem, code="future_date", template="{value} is in the future"): pass
class NotTime(_Problem, code="time", template="'{value}' is not a time like 09:00"): pass
class ScheduleNotHours(_Problem, code="schedule_not_hours", template="only a contact of type hours has a schedule"): pass


# pydantic's own error types -> our codes and English texts ({value} is the value found).
_PYDANTIC_CODES = {
    "value_error.missing": ("missing", "is missing"),
    "type_error.none.not_allowed": ("missing", "is missing"),
    "type_error.str": ("not_text", "must be text, not {value!r}"),
    "type_error.integer": ("not_whole_number", "must be a whole number, not {value!r}"),
    "type_error.bool": ("not_true_false", "must be true or false, not {value!r}"),
    "value_error.strictbool": ("not_true_false", "must be true or false, not {value!r}"),
    "type_error.list": ("not_list", "must be a list, not {value!r}"),
    "type_error.dict": ("field_not_block", "must be a block, not {value!r}"),
}
# Problems found outside the models.
_ENGLISH = {
    "not_block": "must be a block of fields (key: value)",
    "national_area": "must be {required} for the national lines",
    "unknown_cbs": "'{value}' is not a known CBS code ({known})",
    "cbs_mismatch": "'{value}' does not match CBS code {code} ({name})",
    "duplicate_id": "is used twice (also in {other_file})",
    "yaml": "is not valid YAML: {message}",
    "no_files": "no directory files (*.yml) found",
}


@dataclass(frozen=True)
class Problem:
    """One problem in the directory: what (code + values) and where (file, entry, field).
    make check adds the line from its own reading of the YAML."""

    code: str
    file: str
    entry: str  # "(file)", an organisation or service id, "<organisation> contact <n>", or "?"
    field: str
    values: Dict[str, Any] = field(default_factory=dict)
    english: str = ""
    organization_index: Optional[int] = None  # which organisation of the file it is in (from 0)

    def __str__(self) -> str:
        return f"{self.file}: entry '{self.entry}', field '{self.field}': {self.english}"


def problem(code: str, file: str, entry: str, field_name: str, **values) -> Problem:
    return Problem(code, file, entry, field_name, values, _ENGLISH[code].format(**values))


class DirectoryError(ValueError):
    """The directory has problems: all of them in `problems`; file/entry/field/problem name the first."""

    def __init__(self, problems: List[Problem]):
        self.problems = list(problems)
        first = self.problems[0]
        self.file, self.entry, self.field, self.problem = first.file, first.entry, first.field, first.english
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"{first}{more}")


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
            raise EmptyList()
        for day in days:
            if day not in DAYS:
                raise NotOneOf(value=day, allowed=", ".join(DAYS))
        return days

    @validator("opens", "closes")
    def _time(cls, value):
        if not TIME.match(value):
            raise NotTime(value=value)
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
            raise NotOneOf(value=value, allowed=", ".join(CONTACT_TYPES))
        return value

    @validator("value", "source")
    def _not_empty(cls, value):
        if not value.strip():
            raise Empty()
        return value.strip()

    @validator("value")
    def _value_fits_type(cls, value, values):
        kind = values.get("type")
        if kind == "phone" and not is_dutch_phone_number(value):
            raise NotPhone(value=value)
        if kind in ("website", "chat") and not URL.match(value):
            raise NotWeb(value=value)
        if kind == "email" and not EMAIL.match(value):
            raise NotEmail(value=value)
        return value

    @validator("assured_date", pre=True)
    def _date(cls, value):
        if value is None or isinstance(value, dt.date):
            if isinstance(value, dt.date) and value > dt.date.today():
                raise FutureDate(value=value.isoformat())
            return value
        raise NotDate(value=value)

    @validator("schedule")
    def _schedule_only_for_hours(cls, value, values):
        if value and values.get("type") != "hours":
            raise ScheduleNotHours()
        return value

    def record(self) -> Contact:
        spans = tuple(OpeningSpan(tuple(s.days), s.opens, s.closes) for s in self.schedule)
        return Contact(self.type, self.value, self.verified, self.source, self.assured_date, self.note.strip(), spans)


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


class _Entry(BaseModel):
    """Common settings: fields of HSDS we do not use are allowed (and ignored)."""

    class Config:
        extra = "ignore"
        anystr_strip_whitespace = True


def _text(value: str) -> str:
    if not value.strip():
        raise Empty()
    return value.strip()


def _one_of(value: str, allowed) -> str:
    if value not in allowed:
        raise NotOneOf(value=value, allowed=", ".join(allowed))
    return value


def _all_of(values: List[str], allowed) -> List[str]:
    if not values:
        raise EmptyList()
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
            raise AgeRange(value=value)
        return value

    @validator("maximum_age")
    def _ages_in_order(cls, value, values):
        minimum = values.get("minimum_age")
        if value is not None and minimum is not None and minimum > value:
            raise AgesOrder(value=minimum, maximum=value)
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
            raise NoServices()
        return value


class FileModel(_Entry):
    """The head of a directory file: which gemeente (CBS code) it is about."""

    gemeente: StrictStr
    service_area: StrictStr
    organizations: List[Any]

    _texts = validator("gemeente", "service_area", allow_reuse=True)(_text)


_OUR_CODES = {cls.code for cls in _Problem.__subclasses__()}


def _value_at(data: Any, location: List[Any]) -> Any:
    for part in location:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _problems_of(error: ValidationError, file: str, entry: str, data: dict) -> List[Problem]:
    """Every error pydantic found in one entry, as Problems with their field and values."""
    problems = []
    for found in error.errors():
        location = list(found["loc"])
        name = str(location[0]) if location else "(entry)"
        if name == "schedule" and len(location) > 2:
            name = f"schedule {int(location[1]) + 1} {location[2]}"
        kind = found["type"]
        if kind in _PYDANTIC_CODES:
            code, template = _PYDANTIC_CODES[kind]
            values = {"value": _value_at(data, location)}
            english = template.format(**values)
        elif kind.startswith("value_error.") and kind[len("value_error."):] in _OUR_CODES:
            code, values, english = kind[len("value_error."):], dict(found.get("ctx") or {}), found["msg"]
        else:
            code, values, english = "other", {"message": found["msg"]}, found["msg"]
        if code == "ages_order":
            name = "minimum_age"  # the minimum is the one to look at first
        problems.append(Problem(code, file, entry, name, values, english))
    return problems


def _validated(model, file: str, entry: str, data: Any, problems: List[Problem]):
    """The model for `data`, or None with its problems added to `problems`."""
    if not isinstance(data, dict):
        problems.append(problem("not_block", file, entry, "(entry)"))
        return None
    try:
        return model(**data)
    except ValidationError as error:
        problems.extend(_problems_of(error, file, entry, data))
        return None


def validate_file(file: str, data: Any) -> Tuple[List[Service], List[Problem]]:
    """The services of one directory file that are right, and every problem in it.

    A problem in the file's head stops there; a wrong contact is left out; an organisation
    with a problem of its own is left out with its services; a wrong service is left out."""
    problems: List[Problem] = []
    head = _validated(FileModel, file, "(file)", data, problems)
    if head is None:
        return [], problems
    gemeente, area = head.gemeente, head.service_area
    if gemeente == NATIONAL:
        if area != NATIONAL_AREA:
            problems.append(problem("national_area", file, "(file)", "service_area", required=NATIONAL_AREA, value=area))
    else:
        known = concepts.gemeente_by_cbs()
        if area not in known:
            problems.append(problem("unknown_cbs", file, "(file)", "service_area", value=area, known=", ".join(known)))
        elif known[area].name != gemeente:
            problems.append(problem("cbs_mismatch", file, "(file)", "gemeente", value=gemeente, code=area, name=known[area].name))
    if problems:
        return [], problems
    services: List[Service] = []
    for index, raw in enumerate(head.organizations):
        known_before = len(problems)
        services += _organization_services(file, gemeente, raw, problems)
        problems[known_before:] = [dataclasses.replace(p, organization_index=index) for p in problems[known_before:]]
    return services, problems


def _organization_services(file: str, gemeente: str, raw: Any, problems: List[Problem]) -> List[Service]:
    services: List[Service] = []
    entry = str(raw.get("id", "?")) if isinstance(raw, dict) else "?"
    contacts = []
    if isinstance(raw, dict) and isinstance(raw.get("contacts"), list):
        # Contacts first: a wrong number is named even when the organisation has other problems.
        owner = raw.get("id").strip() if isinstance(raw.get("id"), str) and raw.get("id").strip() else entry
        for index, data_contact in enumerate(raw["contacts"]):
            contact = _validated(ContactModel, file, f"{owner} contact {index + 1}", data_contact, problems)
            if contact is not None:
                contacts.append(contact.record())
    model = _validated(OrganizationModel, file, entry, raw, problems)
    if model is None:
        return []
    organization = Organization(
        id=model.id, name=model.name, description=model.description, source=model.source,
        verified=model.verified, contacts=tuple(contacts), gemeente=gemeente,
        general=bool(model.general), ask_for=model.ask_for or "",
    )
    for raw_service in model.services:
        service_entry = str(raw_service.get("id", "?")) if isinstance(raw_service, dict) else "?"
        service = _validated(ServiceModel, file, service_entry, raw_service, problems)
        if service is not None:
            services.append(service.record(organization))
    return services


def parse_file(file: str, data: Any) -> List[Service]:
    """All services of one directory file; raises DirectoryError with every problem in it."""
    services, problems = validate_file(file, data)
    if problems:
        raise DirectoryError(problems)
    return services


def duplicate_ids(services_by_file: Dict[str, List[Service]]) -> List[Problem]:
    """A service id names one service in the whole directory (staff and logs refer to it)."""
    seen: Dict[str, str] = {}
    problems = []
    for file, services in services_by_file.items():
        for service in services:
            if service.id in seen:
                problems.append(problem("duplicate_id", file, service.id, "id", other_file=seen[service.id]))
            seen.setdefault(service.id, file)
    return problems


def check_unique_ids(services_by_file: Dict[str, List[Service]]) -> None:
    problems = duplicate_ids(services_by_file)
    if problems:
        raise DirectoryError(problems)
