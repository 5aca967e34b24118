"""Turns directory records into short, warm B1 Dutch messages and web-chat cards.

The words come from data/concepts/hulpteksten.yml (staff edit them there); this module only
puts them together. Only shown contact details (verified, with a source and an assured_date)
are ever written. A service says for itself whether it is free, needs a referral or goes
through the school: there is no blanket promise at the top of the answer.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from hulpwijzer.core.texts import answer_texts
from hulpwijzer.core.directory import hours
from hulpwijzer.core.directory.schema import NATIONAL, Contact, Organization, Service, tel_uri

CONTACT_ORDER = ("phone", "chat", "website", "email", "address", "hours")

texts = answer_texts  # the answer words (re-read when staff change the file)


# Kept for callers that write a contact line themselves (hulpwijzer/rasa_server/channels/degraded_answer.py).
class _ContactLines(dict):
    def __missing__(self, kind):
        return texts()["contact"][kind].replace("{waarde}", "{value}")


CONTACT_LINES = _ContactLines()


def contact_line(contact: Contact) -> str:
    return texts()["contact"][contact.type].format(waarde=contact.value)


def _sorted(contacts) -> List[Contact]:
    # Phone numbers first: a person in a hurry wants to call.
    return sorted(contacts, key=lambda c: CONTACT_ORDER.index(c.type))


def labels(service: Service) -> List[str]:
    words = texts()["labels"]
    out = []
    if service.free:
        out.append(words["gratis"])
    if service.access in ("vrij-toegankelijk", "afspraak"):
        out.append(words["zonder_school"])
    if service.access == "afspraak":
        out.append(words["afspraak"])
    if service.access == "verwijzing":
        out.append(words["verwijzing"])
    if service.access == "via-school":
        out.append(words["via_school"])
    if service.anonymous:
        out.append(words["anoniem"])
    return out


def _honesty_lines(service: Service) -> List[str]:
    words = texts()
    lines = [words["cost"][service.cost]]
    if service.cost_note:
        lines.append(service.cost_note)
    if service.anonymous:
        lines.append(words["anonymous"])
    if service.school_level == "basisschool":
        lines.append(words["basisschool"])
    if service.access_note:
        lines.append(service.access_note)
    elif service.organization.gemeente == NATIONAL and service.access == "vrij-toegankelijk":
        lines.append(words["national_self"])
    else:
        lines.append(words["access"][service.access])
    return [line for line in lines if line]


def _open_line(contacts: List[Contact], now: Optional[dt.datetime]) -> str:
    status = hours.status([c for c in contacts if c.type == "hours"], now)
    return {"always": texts()["always_open"], "open": texts()["open_now"], "closed": texts()["closed_now"]}.get(status, "")


def _hours_line(contacts: List[Contact], now: Optional[dt.datetime]) -> List[str]:
    lines = []
    for contact in contacts:
        if contact.type != "hours":
            continue
        status = _open_line([contact], now)
        if status == texts()["always_open"]:
            lines.append(status)
        else:
            lines.append(f"{contact_line(contact)}. {status}".strip().replace("..", "."))
    return lines


@dataclass
class Card:
    """One organisation in the answer: the text for messengers and the data for a web-chat card."""

    service: Service
    text: str
    data: Dict = field(default_factory=dict)
    route_for: Optional[Organization] = None  # set when this is the gemeente's route for another organisation


def _card_data(service: Service, contacts: List[Contact], now, ask_for: str = "", about: str = "") -> Dict:
    organization = service.organization
    status = _open_line(contacts, now)
    return {
        "type": "hulpkaart",
        "uitleg": " ".join(_honesty_lines(service)),
        "id": service.id,
        "naam": organization.name,
        "wat": about or service.description,
        "labels": labels(service),
        "telefoon": [{"nummer": c.value, "href": tel_uri(c.value)} for c in contacts if c.type == "phone"],
        "web": [{"url": c.value, "soort": c.type} for c in contacts if c.type in ("website", "chat")],
        "mail": [c.value for c in contacts if c.type == "email"],
        "tijden": [c.value for c in contacts if c.type == "hours"],
        "nu": status,
        "vraag_naar": ask_for,
    }


def service_card(service: Service, now: Optional[dt.datetime] = None) -> Card:
    organization = service.organization
    contacts = _sorted(organization.shown_contacts())
    lines = [organization.name, service.description]
    lines += [contact_line(c) for c in contacts if c.type != "hours"]
    lines += _hours_line(contacts, now)
    lines += _honesty_lines(service)
    return Card(service, "\n".join(lines), _card_data(service, contacts, now))


def gemeente_route_card(general: Service, wanted: Organization, now: Optional[dt.datetime] = None) -> Card:
    """The gemeente's own number or website, for help whose own contact is not known yet."""
    words = texts()
    organization = general.organization
    contacts = _sorted(organization.shown_contacts())
    about = words["gemeente_route"].format(naam=wanted.name, gemeente=organization.gemeente)
    ask = words["vraag_naar"].format(vraag_naar=wanted.ask_for_text)
    lines = [organization.name, about]
    lines += [contact_line(c) for c in contacts if c.type != "hours"]
    lines += _hours_line(contacts, now)
    lines.append(ask)
    lines += _honesty_lines(general)
    return Card(general, "\n".join(lines), _card_data(general, contacts, now, ask_for=ask, about=about), route_for=wanted)


def service_message(service: Service, gemeente: Optional[str] = None, now: Optional[dt.datetime] = None) -> str:
    """The text for one service (messengers, REST, the degraded answer)."""
    return service_card(service, now).text


def intro_message(topic_label: str, gemeente: Optional[str], doelgroep: Optional[str] = None) -> str:
    words = texts()
    where = words["intro_waar"].format(gemeente=gemeente) if gemeente else ""
    intro = words["intro"].format(onderwerp=topic_label.lower(), waar=where)
    # A parent or a pupil hears who the help is for (the routes differ too: actions/directory).
    for_whom = (words.get("intro_voor") or {}).get(doelgroep or "")
    return f"{intro}\n{for_whom}" if for_whom else intro


def outside_region_message(place: str, region: List[str]) -> str:
    gemeenten = f"{', '.join(region[:-1])} en {region[-1]}"
    return texts()["outside_region"].format(plaats=place, gemeenten=gemeenten)
