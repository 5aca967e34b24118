"""Finds the 1-3 services that best answer a topic, for a gemeente and an audience.

Local help that people may use on their own comes first, the most specific first; help that
goes through the school comes last. A national line is added when it fits, and always when
the local services have no checked contact details, so every answer has a way to reach help.
"""
from __future__ import annotations

from typing import List, Optional, Sequence

from actions import concepts
from actions.directory.schema import NATIONAL, Service

AUDIENCE_OF = {"ouder": "ouders", "jongere": "jongeren"}
ACCESS_ORDER = {"vrij-toegankelijk": 0, "afspraak": 1, "verwijzing": 2, "via-school": 3}


def _fits(service: Service, topic: str, audience: Optional[str]) -> bool:
    return topic in service.topics and (audience is None or audience in service.audience)


def _local_rank(service: Service):
    return (ACCESS_ORDER[service.access], len(service.topics), service.id)


def _reachable(service: Service) -> bool:
    return bool(service.organization.shown_contacts())


def find_help(
    services: Sequence[Service], topic: str, gemeente: Optional[str], doelgroep: Optional[str] = None, limit: int = 3
) -> List[Service]:
    audience = AUDIENCE_OF.get(doelgroep)
    local = sorted(
        (s for s in services if s.organization.gemeente == gemeente and _fits(s, topic, audience)),
        key=_local_rank,
    )
    national = [
        s for s in services
        if s.organization.gemeente == NATIONAL and not s.emergency_only and _fits(s, topic, audience)
    ]
    # Most specific line first (Halt for halt, 113 for psychisch); lines only for adults (18+) last.
    national.sort(key=lambda s: ((s.minimum_age or 0) >= 18, len(s.topics), ACCESS_ORDER[s.access]))
    chosen: List[Service] = local[: limit - 1] if national else local[:limit]
    if concepts.topic(topic).national_first:
        chosen = national[:1] + local[: limit - 1]
    elif national:
        chosen.append(national[0])
    if not any(_reachable(s) for s in chosen):
        reachable = [s for s in national if _reachable(s) and s not in chosen]
        if reachable:
            chosen = chosen[: limit - 1] + reachable[:1]
    return chosen[:limit]


def national_lines(services: Sequence[Service], doelgroep: Optional[str] = None) -> List[Service]:
    """The national lines that help everywhere (for places outside the region)."""
    audience = AUDIENCE_OF.get(doelgroep)
    return [
        s for s in services
        if s.organization.gemeente == NATIONAL and _reachable(s) and not s.emergency_only
        and (audience is None or audience in s.audience) and s.access == "vrij-toegankelijk"
    ]
