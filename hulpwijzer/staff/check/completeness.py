"""Completeness per gemeente: for each topic which services answer it, which details are
missing or not checked yet, and which entries were last checked more than 12 months ago.
These are gaps to fill, not errors: `make check` shows them but does not fail on them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Dict, List, Optional

from hulpwijzer.core import concepts
from hulpwijzer.core.directory.lookup import DIRECT_ACCESS, find_routes, general_service
from hulpwijzer.core.directory.schema import NATIONAL, Service
from hulpwijzer.staff.check import verification_dates
from hulpwijzer.staff.check.directory import DirectoryResult
from hulpwijzer.staff.check.findings import Finding, error, warning

ASKERS = {"ouder": "een ouder", "jongere": "een jongere", None: "iemand die niet zegt wie hij is"}

CONTACT_NAMES = {"phone": "telefoonnummer", "website": "website", "email": "e-mail", "chat": "chat",
                 "hours": "openingstijden", "address": "adres"}

MISSING_CONTACT = {"phone": "geen gecontroleerd telefoonnummer", "website": "geen gecontroleerde website"}
ACCESS_NOTES = {"verwijzing": " (verwijzing nodig)", "via-school": " (via school)"}


@dataclass
class GemeenteReport:
    name: str
    cbs: str
    by_topic: Dict[str, List[Service]]
    gaps: Dict[str, List[str]]  # organisation or service label -> what is missing
    warnings: int

    def lines(self) -> List[str]:
        out = [f"{self.name} ({self.cbs})", "  Onderwerp            Wie helpt (lokaal)"]
        for topic in concepts.topics():
            services = self.by_topic[topic.id]
            who = "; ".join(
                s.organization.name + ACCESS_NOTES.get(s.access, "") + ("" if s.verified else " (niet gecontroleerd)")
                for s in services
            )
            out.append(f"  {topic.id:<20} {who or 'GEEN lokale hulp: alleen een landelijke lijn'}")
        if self.gaps:
            out.append("  Wat ontbreekt of is niet gecontroleerd:")
            for label, missing in self.gaps.items():
                out.append(f"  - {label}: {'; '.join(missing)}")
        else:
            out.append("  Alle gegevens zijn compleet en gecontroleerd.")
        return out


def _organization_gaps(organization_data: dict, organization, today: dt.date) -> List[str]:
    missing = []
    if not organization.verified:
        missing.append("organisatie niet gecontroleerd (verified: false), dus geen contactgegevens zichtbaar")
    shown = {c.type for c in organization.shown_contacts()}
    for kind in ("phone", "website"):
        if kind not in shown:
            missing.append(MISSING_CONTACT[kind])
    for contact in organization.contacts:
        if not contact.verified:
            missing.append(f"{CONTACT_NAMES.get(contact.type, contact.type)} {contact.value} niet gecontroleerd")
    missing.extend(_date_gaps(organization_data, "organisatie", today))
    for contact_data in organization_data.get("contacts") or []:
        if isinstance(contact_data, dict) and verification_dates.DATE_FIELD in contact_data:
            missing.extend(_date_gaps(contact_data, f"{CONTACT_NAMES.get(contact_data.get('type'), 'contact')} {contact_data.get('value')}", today))
    return missing


def _date_gaps(entry: dict, what: str, today: dt.date) -> List[str]:
    checked = verification_dates.checked_on(entry)
    if checked is None:
        return [f"{what}: geen controledatum ({verification_dates.DATE_FIELD})"] if what == "organisatie" else []
    if verification_dates.is_outdated(checked, today):
        return [f"{what}: laatst gecontroleerd op {checked.isoformat()}, langer dan 12 maanden geleden"]
    return []


def report(result: DirectoryResult, today: Optional[dt.date] = None, only: Optional[str] = None) -> List[GemeenteReport]:
    today = today or dt.date.today()
    reports = []
    for gemeente in concepts.gemeenten():
        if only and gemeente.name.lower() != only.lower():
            continue
        local = [s for s in result.services if s.organization.gemeente == gemeente.name]
        by_topic = {t.id: [s for s in local if t.id in s.topics] for t in concepts.topics()}
        gaps: Dict[str, List[str]] = {}
        for organization in {s.organization.id: s.organization for s in local}.values():
            _, data = result.raw_entry(organization.id)
            missing = _organization_gaps(data or {}, organization, today)
            if missing:
                gaps[f"{organization.name} ({organization.id})"] = missing
        for service in local:
            _, data = result.raw_entry(service.id)
            missing = ([] if service.verified else ["dienst niet gecontroleerd (verified: false)"])
            missing += _date_gaps(data or {}, "dienst", today)
            if missing:
                gaps.setdefault(f"dienst {service.name} ({service.id})", []).extend(missing)
        empty_topics = sum(1 for services in by_topic.values() if not services)
        reports.append(GemeenteReport(gemeente.name, gemeente.cbs, by_topic, gaps, empty_topics + len(gaps)))
    return reports


def national_lines(result: DirectoryResult) -> List[str]:
    services = [s for s in result.services if s.organization.gemeente == NATIONAL]
    return [f"  {s.organization.name}: {', '.join(s.topics)}" for s in services]


def _usable_today(route, gemeente: str) -> bool:
    service = route.service
    return (service.organization.gemeente == gemeente and service.access in DIRECT_ACCESS
            and service.organization.reachable())


def missing_routes(result: DirectoryResult) -> List[Finding]:
    """An error for every gemeente x topic x asker whose answer has no local contact usable
    today without the school (a service's own, or the gemeente's general number or website)."""
    findings = []
    services = result.services
    for gemeente in concepts.gemeenten():
        file = next((f for f in result.files if any(s.organization.gemeente == gemeente.name for s in f.services)), None)
        where = str(file.path.relative_to(file.path.parents[2])) if file else "data/directory"
        has_general = general_service(services, gemeente.name) is not None
        for topic in concepts.topics():
            lacking = [ASKERS[asker] for asker in ASKERS
                       if not any(_usable_today(r, gemeente.name) for r in find_routes(services, topic.id, gemeente.name, asker))]
            if lacking:
                fix = ("Zet bij een lokale dienst voor dit onderwerp een gecontroleerd telefoonnummer of een website "
                       "(met source en assured_date).")
                if not has_general:
                    fix += (" Of geef de gemeente zelf een route: een organisatie met general: true en het algemene "
                            "nummer of de website van de gemeente.")
                findings.append(error(
                    where,
                    f"{gemeente.name}, onderwerp '{topic.id}': het antwoord voor {', '.join(lacking)} heeft geen "
                    "nummer of website die je vandaag zonder school kunt gebruiken.",
                    fix,
                ))
    return findings


def old_checks(result: DirectoryResult, today: Optional[dt.date] = None) -> List[Finding]:
    """A warning for every contact whose assured_date is more than 12 months ago."""
    today = today or dt.date.today()
    findings = []
    for file in result.files:
        rel = str(file.path.relative_to(file.path.parents[2]))
        for organization in {s.organization.id: s.organization for s in file.services}.values():
            for contact in organization.contacts:
                if contact.verified and verification_dates.is_outdated(contact.assured_date, today):
                    findings.append(warning(
                        rel,
                        f"{organization.name}: {CONTACT_NAMES.get(contact.type, contact.type)} {contact.value} is laatst "
                        f"gecontroleerd op {contact.assured_date.isoformat()}, langer dan 12 maanden geleden.",
                        "Kijk op de bron of het nog klopt. Klopt het? Zet dan de datum van vandaag bij assured_date. "
                        "Klopt het niet? Verbeter het, of zet verified: false.",
                        entry=f"organisatie '{organization.id}'",
                    ))
    return findings
