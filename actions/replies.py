"""Turns directory records into short, warm B1 Dutch messages.

Only checked (verified) contact details are ever written. Where none are known, the reply
says so honestly instead of guessing.
"""
from __future__ import annotations

from typing import List, Optional

from actions.directory.schema import NATIONAL, Contact, Service

CONTACT_LINES = {
    "phone": "Bel {value}",
    "website": "Website: {value}",
    "chat": "Chat: {value}",
    "email": "Mail: {value}",
    "hours": "Open: {value}",
    "address": "Adres: {value}",
}

ACCESS_LINES = {
    "vrij-toegankelijk": "Je mag er zelf naartoe. Je hebt de school niet nodig.",
    "afspraak": "Maak eerst een afspraak. Je hebt de school niet nodig.",
    "verwijzing": "Hiervoor heb je een verwijzing nodig.",
    "via-school": "Dit gaat via de school. Vraag ernaar bij je mentor of de intern begeleider.",
}


def _contact_lines(contacts: List[Contact]) -> List[str]:
    # Phone numbers first: a person in a hurry wants to call.
    order = list(CONTACT_LINES)
    return [CONTACT_LINES[c.type].format(value=c.value) for c in sorted(contacts, key=lambda c: order.index(c.type))]


def service_message(service: Service, gemeente: Optional[str]) -> str:
    organization = service.organization
    lines = [f"{organization.name}", service.description]
    contacts = list(organization.shown_contacts())
    if contacts:
        lines.extend(_contact_lines(contacts))
    else:
        where = f"de gemeente {gemeente}" if gemeente else "je gemeente"
        lines.append(
            f"Het telefoonnummer en de website hebben we nog niet gecontroleerd. "
            f"Zoek op internet naar '{organization.name}', of vraag het aan {where}."
        )
    if service.free:
        lines.append("Het is gratis.")
    if service.anonymous:
        lines.append("Je mag anoniem blijven.")
    if service.access_note:
        lines.append(service.access_note)
    elif organization.gemeente == NATIONAL and service.access == "vrij-toegankelijk":
        lines.append("Je kunt zelf bellen of chatten. Je hebt niemand anders nodig.")
    else:
        lines.append(ACCESS_LINES[service.access])
    return "\n".join(lines)


def intro_message(topic_label: str, gemeente: Optional[str]) -> str:
    where = f" in {gemeente}" if gemeente else ""
    return (
        f"Voor '{topic_label.lower()}' kun je hier gratis hulp vragen{where}. "
        "Ouders en jongeren mogen dat zelf doen. De school hoeft het niet te weten."
    )


def outside_region_message(place: str, region: List[str]) -> str:
    return (
        f"{place} valt buiten mijn gebied. Sorry! Ik help alleen in deze zeven gemeenten: "
        f"{', '.join(region[:-1])} en {region[-1]}.\n"
        "Vraag je eigen gemeente naar hulp. Dat is gratis. Deze lijnen helpen ook, overal in het land:"
    )
