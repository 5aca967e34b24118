"""Finds the services that best answer a topic, for a gemeente and an asker, and makes sure
every answer holds a way to reach help today.

Local help that people may use on their own comes first, the most specific first; help that
needs a referral next; help that goes through the school last, and only where it fits the
asker (SMW+ on the primary school: for parents). A service is only shown when its
organisation has a checked, sourced contact. When no local service for the question can be
reached without the school, the gemeente's own number or website is given, with what to ask
for. The national line that fits the asker (De Kindertelefoon for young people, 113 or
Veilig Thuis where it fits a parent too) is added.
"""
from __future__ import annotations

import datetime as dt
from typing import List, Optional, Sequence

from hulpwijzer.core import concepts
from hulpwijzer.core.directory.schema import NATIONAL, Organization, Service

AUDIENCE_OF = {"ouder": "ouders", "jongere": "jongeren"}
ACCESS_ORDER = {"vrij-toegankelijk": 0, "afspraak": 1, "verwijzing": 2, "via-school": 3}
DIRECT_ACCESS = ("vrij-toegankelijk", "afspraak")
ADULT_AGE = 18
MAX_LOCAL = 2


def _fits(service: Service, topic: str, doelgroep: Optional[str]) -> bool:
    audience = AUDIENCE_OF.get(doelgroep)
    if topic not in service.topics or (audience is not None and audience not in service.audience):
        return False
    if service.school_level == "basisschool" and doelgroep != "ouder":
        return False  # SMW+ on the primary school: not for a pupil or an unknown asker
    if doelgroep != "ouder" and service.organization.gemeente != NATIONAL and (service.minimum_age or 0) >= ADULT_AGE:
        return False  # adult care (for a parent's own problem) is not offered to a pupil or an unknown asker
    return True


def _local_rank(service: Service):
    return (ACCESS_ORDER[service.access], len(service.topics), service.id)


def _reachable(service: Service) -> bool:
    return service.organization.reachable()


def general_service(services: Sequence[Service], gemeente: Optional[str]) -> Optional[Service]:
    """The gemeente's own general route (an organisation with `general: true` and a contact)."""
    for service in services:
        organization = service.organization
        if organization.gemeente == gemeente and organization.general and organization.reachable():
            return service
    return None


def local_candidates(services: Sequence[Service], topic: str, gemeente: Optional[str], doelgroep: Optional[str]) -> List[Service]:
    return sorted(
        (s for s in services if s.organization.gemeente == gemeente and not s.organization.general and _fits(s, topic, doelgroep)),
        key=_local_rank,
    )


def national_for(services: Sequence[Service], topic: str, doelgroep: Optional[str]) -> List[Service]:
    national = [
        s for s in services
        if s.organization.gemeente == NATIONAL and not s.emergency_only and _fits(s, topic, doelgroep) and _reachable(s)
    ]
    # Most specific line first (Halt for halt, 113 for psychisch); lines only for adults (18+) last.
    national.sort(key=lambda s: ((s.minimum_age or 0) >= ADULT_AGE, len(s.topics), ACCESS_ORDER[s.access]))
    return national


class Route:
    """One entry of an answer: a service shown with its own contacts, or the gemeente's general
    route standing in for a local organisation whose own contact is not known."""

    def __init__(self, service: Service, instead_of: Optional[Organization] = None):
        self.service = service
        self.instead_of = instead_of

    @property
    def is_gemeente_route(self) -> bool:
        return self.instead_of is not None

    def __repr__(self):
        return f"Route({self.service.id}{' for ' + self.instead_of.id if self.instead_of else ''})"


def find_routes(services: Sequence[Service], topic: str, gemeente: Optional[str], doelgroep: Optional[str] = None) -> List[Route]:
    local = local_candidates(services, topic, gemeente, doelgroep)
    shown_local = [s for s in local if _reachable(s)][:MAX_LOCAL]
    routes: List[Route] = []
    direct = [s for s in shown_local if s.access in DIRECT_ACCESS]
    if not direct:
        general = general_service(services, gemeente)
        wanted = next((s for s in local if s.access in DIRECT_ACCESS and not _reachable(s)), None)
        if general is not None:
            instead_of = wanted.organization if wanted else general.organization
            routes.append(Route(general, instead_of))
    national = national_for(services, topic, doelgroep)[:1]
    if doelgroep is None:
        # Who asks is not known: the line that fits a young person and the one that fits a parent.
        for asker in ("jongere", "ouder"):
            best = national_for(services, topic, asker)[:1]
            national += [s for s in best if s not in national]
    direct_local = [Route(s) for s in shown_local if s.access in DIRECT_ACCESS] + routes
    lines = [Route(s) for s in national]
    if national and concepts.topic(topic).national_first:
        direct_local, lines = lines[:1] + direct_local, lines[1:]
    # Help one may use without the school first, then a referral, then through the school.
    return (direct_local + lines + [Route(s) for s in shown_local if s.access == "verwijzing"]
            + [Route(s) for s in shown_local if s.access == "via-school"])


def find_help(
    services: Sequence[Service], topic: str, gemeente: Optional[str], doelgroep: Optional[str] = None, limit: int = 5
) -> List[Service]:
    """The services of the answer, in order (the gemeente's route counts as its service)."""
    return [route.service for route in find_routes(services, topic, gemeente, doelgroep)][:limit]


def national_lines(services: Sequence[Service], doelgroep: Optional[str] = None) -> List[Service]:
    """The national lines that help everywhere (for places outside the region)."""
    audience = AUDIENCE_OF.get(doelgroep)
    return [
        s for s in services
        if s.organization.gemeente == NATIONAL and _reachable(s) and not s.emergency_only
        and (audience is None or audience in s.audience) and s.access == "vrij-toegankelijk"
    ]


def compose(services: Sequence[Service], topic: str, gemeente: Optional[str], doelgroep: Optional[str] = None,
            now: Optional[dt.datetime] = None):
    """The cards of the answer: text for messengers and data for the web chat."""
    from hulpwijzer.core import replies

    cards = []
    for route in find_routes(services, topic, gemeente, doelgroep):
        if route.is_gemeente_route:
            cards.append(replies.gemeente_route_card(route.service, route.instead_of, now))
        else:
            cards.append(replies.service_card(route.service, now))
    return cards
