"""The partner directory: every entry is checked by the project's own validator
(hulpwijzer/core/directory/schema.py, the one the action server uses), one organisation at a time so
that all problems are shown at once; here they are only located (line) and told in Dutch.
On top: duplicate entries, dates of the last check, and whether the answers read at B1 level.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from hulpwijzer.core import replies
from hulpwijzer.core.directory.schema import NATIONAL, DirectoryError, Service, check_unique_ids, parse_file
from tools.staff import readability
from tools.staff.check import verification_dates
from tools.staff.check.findings import Finding, error
from tools.staff.check.tree import Tree, YamlDocument, find_by_id, field_line, line_of, mapping_value, sequence_items
from tools.staff.check.yaml_syntax import Documents

TOPICS_FILE = "data/concepts/topics.yml"
GEMEENTEN_FILE = "data/concepts/gemeenten.yml"

# The validator's problem texts (English, for developers) -> Dutch, with a fix for staff.
# Each pattern gets the match and the field name; unknown texts are shown as they are.
_FIELD_HELP = {
    "topics": f"Gebruik alleen onderwerpen uit {TOPICS_FILE}: {{allowed}}. Een nieuw onderwerp zet je eerst daar.",
    "audience": "Kies uit: ouders, jongeren.",
    "cost": "Kies uit: gratis, betaald, onbekend.",
    "access": "Kies uit: vrij-toegankelijk, afspraak, verwijzing, via-school.",
    "type": "Kies uit: phone, website, email, chat, hours, address.",
    "verified": "Schrijf true (gecontroleerd) of false (nog niet gecontroleerd).",
    "school_level": "Kies uit: basisschool, voortgezet.",
}
_TRANSLATIONS: List[Tuple[str, str, str]] = [
    (r"is missing", "Het veld '{field}' ontbreekt.", "Voeg '{field}: ...' toe aan dit item (kijk naar een ander item als voorbeeld)."),
    (r"is empty", "Het veld '{field}' is leeg.", "Vul '{field}' in, of haal het veld weg als het niet verplicht is."),
    (r"must be a block of fields.*", "Dit item is geen blok met velden.", "Schrijf elk veld op een eigen regel als 'naam: waarde', net zo ingesprongen als de andere items."),
    (r"must be text, not (?P<v>.*)", "'{field}' moet tekst zijn, niet {v}.", "Zet de tekst tussen aanhalingstekens."),
    (r"must be a whole number, not (?P<v>.*)", "'{field}' moet een heel getal zijn, niet {v}.", "Schrijf alleen cijfers, bijvoorbeeld 12."),
    (r"must be true or false, not (?P<v>.*)", "'{field}' moet true of false zijn, niet {v}.", "Schrijf true (gecontroleerd) of false (nog niet gecontroleerd)."),
    (r"must be a list, not (?P<v>.*)", "'{field}' moet een lijst zijn, niet {v}.", "Schrijf een lijst tussen blokhaken, bijvoorbeeld [ouders, jongeren]."),
    (r"must be a block, not (?P<v>.*)", "'{field}' moet een blok met velden zijn, niet {v}.", ""),
    (r"needs at least one value", "'{field}' is een lege lijst.", "Zet er minstens één waarde in."),
    (r"needs at least one service", "Deze organisatie heeft geen diensten (services).", "Voeg minstens één dienst toe onder 'services:'."),
    (r"'(?P<v>[^']*)' is not one of: (?P<allowed>.*)", "'{v}' is geen geldige waarde voor '{field}'.", "Kies uit: {allowed}."),
    (r"(?P<v>-?\d+) is not an age between 0 and 30", "Leeftijd {v} in '{field}' kan niet: kies een leeftijd van 0 tot en met 30.", "Schrijf de leeftijd in jaren, bijvoorbeeld 12."),
    (r"(?P<v>\d+) is higher than maximum_age (?P<m>\d+)", "De minimale leeftijd ({v}) is hoger dan de maximale leeftijd ({m}).", "Controleer minimum_age en maximum_age; misschien zijn ze omgedraaid."),
    (r"must be NL for the national lines", "In het bestand met landelijke lijnen moet service_area NL zijn.", "Schrijf: service_area: NL"),
    (r"'(?P<v>[^']*)' is not a known CBS code.*", "'{v}' is geen bekende CBS-gemeentecode.", f"Gebruik de code uit {GEMEENTEN_FILE}, bijvoorbeeld GM0828 voor Oss."),
    (r"'(?P<v>[^']*)' does not match CBS code (?P<c>\S+) \((?P<n>[^)]*)\)", "Gemeente '{v}' past niet bij CBS-code {c}: die code hoort bij {n}.", f"Schrijf de naam precies zoals in {GEMEENTEN_FILE}."),
    (r"'(?P<v>[^']*)' is not a Dutch phone number.*", "'{v}' is geen geldig Nederlands telefoonnummer.",
     "Schrijf het nummer zoals 0800-0432 of 073-689 90 90 (alleen cijfers, spaties en een streepje). Weet je het nummer niet zeker? Zet verified: false."),
    (r"'(?P<v>[^']*)' is not a web address.*", "'{v}' is geen geldig webadres.", "Schrijf het volledige adres, beginnend met https://, bijvoorbeeld https://www.cjgdenhaag.nl"),
    (r"'(?P<v>[^']*)' is not an e-mail address", "'{v}' is geen geldig e-mailadres.", "Schrijf het zoals info@voorbeeld.nl"),
    (r"'(?P<v>[^']*)' is not a date like .*", "'{v}' is geen datum.", "Schrijf de dag van je controle als jaar-maand-dag, bijvoorbeeld 2026-11-28."),
    (r"(?P<v>\S+) is in the future", "De datum {v} ligt in de toekomst.", "Schrijf bij assured_date de dag waarop je het echt hebt gecontroleerd."),
    (r"'(?P<v>[^']*)' is not a time like .*", "'{v}' is geen tijd.", "Schrijf een tijd als 09:00 of 17:30 (24:00 voor middernacht)."),
    (r"only a contact of type hours has a schedule", "Alleen openingstijden (type: hours) kunnen een schedule hebben.", "Zet de schedule bij het contactgegeven met type: hours."),
    (r"is used twice \(also in (?P<f>[^)]*)\)", "Deze id wordt twee keer gebruikt (ook in {f}).", "Elke id moet uniek zijn. Geef een van de twee een andere id, of haal het dubbele item weg."),
    (r"is not valid YAML.*", "Dit is geen geldige YAML.", ""),
    (r"no directory files.*", "Er staan geen bestanden (*.yml) in de map.", ""),
]


def translate(problem: str, field_name: str) -> Tuple[str, str]:
    """The validator's message in Dutch, and how to fix it."""
    for pattern, dutch, fix in _TRANSLATIONS:
        match = re.fullmatch(pattern, problem.strip())
        if match:
            values = {"field": field_name, **match.groupdict()}
            fix_text = fix.format(**values)
            if not fix_text or pattern.startswith("'(?P<v>[^']*)' is not one of"):
                fix_text = _FIELD_HELP.get(field_name, fix_text).format(allowed=values.get("allowed", ""))
            return dutch.format(**values), fix_text
    return f"Probleem in veld '{field_name}': {problem}", _FIELD_HELP.get(field_name, "").format(allowed="")


@dataclass
class DirectoryFile:
    path: Path
    document: YamlDocument
    services: List[Service] = field(default_factory=list)


@dataclass
class DirectoryResult:
    findings: List[Finding]
    files: List[DirectoryFile]

    @property
    def services(self) -> List[Service]:
        return [s for f in self.files for s in f.services]

    def raw_entry(self, entry_id: str) -> Tuple[Optional[DirectoryFile], Optional[dict]]:
        """The YAML block (as data) of an organisation or service, by id."""
        for file in self.files:
            for organization in _organizations(file.document.data):
                if organization.get("id") == entry_id:
                    return file, organization
                for service in organization.get("services") or []:
                    if isinstance(service, dict) and service.get("id") == entry_id:
                        return file, service
        return None, None


def _organizations(data) -> List[dict]:
    if not isinstance(data, dict) or not isinstance(data.get("organizations"), list):
        return []
    return [o for o in data["organizations"] if isinstance(o, dict)]


class _Locator:
    """Finds the line of a validator error (entry + field) in one file's node tree."""

    def __init__(self, tree: Tree, file: DirectoryFile, organization_index: Optional[int] = None):
        self.rel = tree.rel(file.path)
        self.node = file.document.node
        organizations = sequence_items(mapping_value(self.node, "organizations"))
        self.organization = organizations[organization_index] if organization_index is not None else None

    def finding(self, problem: DirectoryError) -> Finding:
        dutch, fix = translate(problem.problem, problem.field)
        entry_node, entry_label = self._entry(problem.entry)
        line = field_line(entry_node, problem.field) if entry_node is not None else None
        return error(self.rel, dutch, fix, line, entry_label)

    def _entry(self, entry: str):
        if entry == "(file)":
            return self.node, "bovenaan het bestand"
        contact = re.fullmatch(r"(?P<owner>.*) contact (?P<n>\d+)", entry)
        if contact:
            owner = find_by_id(self.node, contact["owner"])
            items = sequence_items(mapping_value(owner, "contacts"))
            index = int(contact["n"]) - 1
            node = items[index] if 0 <= index < len(items) else owner
            return node, f"organisatie '{contact['owner']}', contactgegeven {contact['n']}"
        if entry == "?":
            # An entry without an id: point at the organisation it belongs to.
            owner_id = mapping_value(self.organization, "id")
            owner = f" in organisatie '{owner_id.value}'" if owner_id is not None else ""
            return self.organization, f"een item zonder id{owner}"
        return find_by_id(self.organization, entry) or find_by_id(self.node, entry) or self.organization, f"item '{entry}'"


def _parse_file(tree: Tree, file: DirectoryFile) -> List[Finding]:
    """Check the file header, then each organisation on its own, with the project's validator."""
    data = file.document.data
    name = file.path.name
    try:
        parse_file(name, {**data, "organizations": []} if isinstance(data, dict) else data)
    except DirectoryError as problem:
        return [_Locator(tree, file).finding(problem)]
    findings = []
    organizations = data.get("organizations")
    if not isinstance(organizations, list):
        try:
            parse_file(name, data)
        except DirectoryError as problem:
            return [_Locator(tree, file).finding(problem)]
        return []
    for index, organization in enumerate(organizations):
        problems, services = _parse_organization(name, data, organization)
        findings.extend(_Locator(tree, file, index).finding(p) for p in problems)
        file.services.extend(services)
    return findings


_CONTACT_ENTRY = re.compile(r"(?P<owner>.*) contact (?P<n>\d+)")
MAX_PROBLEMS_PER_ORGANIZATION = 50


def _parse_organization(name: str, data: dict, organization) -> Tuple[List[DirectoryError], List[Service]]:
    """Every problem in one organisation, not just the first: the validator stops at the first,
    so the contact or service at fault is left out and the rest is checked again."""
    if not isinstance(organization, dict):
        try:
            return [], parse_file(name, {**data, "organizations": [organization]})
        except DirectoryError as problem:
            return [problem], []
    contacts = list(enumerate(organization["contacts"])) if isinstance(organization.get("contacts"), list) else None
    services = list(organization["services"]) if isinstance(organization.get("services"), list) else None
    problems: List[DirectoryError] = []
    while len(problems) < MAX_PROBLEMS_PER_ORGANIZATION:
        trial = dict(organization)
        if contacts is not None:
            trial["contacts"] = [contact for _, contact in contacts]
        if services is not None:
            trial["services"] = services
        try:
            return problems, parse_file(name, {**data, "organizations": [trial]})
        except DirectoryError as problem:
            contact = _CONTACT_ENTRY.fullmatch(problem.entry)
            if contact and contacts:
                original_index, _ = contacts.pop(int(contact["n"]) - 1)
                # Name the contact by its place in the file, not in the shortened list.
                problem = DirectoryError(problem.file, f"{contact['owner']} contact {original_index + 1}",
                                         problem.field, problem.problem)
                problems.append(problem)
                continue
            problems.append(problem)
            at_fault = _service_at_fault(services or [], organization.get("id"), problem.entry)
            if at_fault is None or len(services) == 1:
                return problems, []  # a problem in the organisation itself: its services are not used
            services.pop(at_fault)
    return problems, []


def _service_at_fault(services: list, organization_id, entry: str) -> Optional[int]:
    """The index of the service a validator problem is about, or None if it is the organisation's."""
    if entry == str(organization_id):
        return None
    for index, service in enumerate(services):
        if not isinstance(service, dict):
            if entry == "?":
                return index
        elif str(service.get("id", "?")) == entry:
            return index
    return None


def _duplicate_service_ids(tree: Tree, files: List[DirectoryFile]) -> List[Finding]:
    """All duplicate service ids, found by the project's validator one at a time; each is
    pointed out where it appears again (the first one is where it belongs)."""
    by_name = {f.path.name: f for f in files}
    remaining = {f.path.name: list(f.services) for f in files}
    first_seen: Dict[str, str] = {}
    for file in files:
        for service in file.services:
            first_seen.setdefault(service.id, file.path.name)
    findings = []
    while True:
        try:
            check_unique_ids(remaining)
            return findings
        except DirectoryError as problem:
            file = by_name[problem.file]
            occurrence = 1 if first_seen.get(problem.entry) == problem.file else 0
            node = find_by_id(file.document.node, problem.entry, occurrence)
            dutch, fix = translate(problem.problem, problem.field)
            findings.append(error(tree.rel(file.path), dutch, fix, field_line(node, "id"), f"item '{problem.entry}'"))
            # Leave out one copy (the validator reports it again otherwise).
            services = remaining[problem.file]
            last = max(i for i, s in enumerate(services) if s.id == problem.entry)
            services.pop(last)


def _duplicate_entries(tree: Tree, files: List[DirectoryFile]) -> List[Finding]:
    """Organisations entered twice (same id, or same name in one file) and services twice."""
    findings = []
    seen_ids: Dict[str, str] = {}
    for file in files:
        rel = tree.rel(file.path)
        names: Dict[str, str] = {}
        occurrences: Dict[str, int] = {}
        for organization in _organizations(file.document.data):
            org_id, name = str(organization.get("id", "")), str(organization.get("name", "")).strip().lower()
            node = find_by_id(file.document.node, org_id, occurrences.get(org_id, 0))
            occurrences[org_id] = occurrences.get(org_id, 0) + 1
            if org_id and org_id in seen_ids:
                findings.append(error(rel, f"De organisatie-id '{org_id}' staat er twee keer in (ook in {seen_ids[org_id]}).",
                                      "Elke id moet uniek zijn. Voeg de twee samen of geef er een een andere id.", line_of(node), f"item '{org_id}'"))
            elif name and name in names:
                findings.append(error(rel, f"De organisatie '{organization.get('name')}' staat twee keer in dit bestand (ook als '{names[name]}').",
                                      "Voeg de diensten samen onder één organisatie en haal de dubbele weg.", line_of(node), f"item '{org_id}'"))
            seen_ids.setdefault(org_id, f"{rel} regel {line_of(node)}")
            names.setdefault(name, org_id)
            service_names: Dict[str, str] = {}
            for service in organization.get("services") or []:
                if not isinstance(service, dict):
                    continue
                service_name = str(service.get("name", "")).strip().lower()
                if service_name and service_name in service_names:
                    findings.append(error(rel, f"De dienst '{service.get('name')}' staat twee keer bij organisatie '{org_id}' (ook als '{service_names[service_name]}').",
                                          "Voeg de twee diensten samen (zet alle onderwerpen bij één dienst) en haal de dubbele weg.",
                                          line_of(find_by_id(node, str(service.get("id")), -1)), f"item '{service.get('id')}'"))
                service_names.setdefault(service_name, str(service.get("id")))
    return findings


def _dates(tree: Tree, files: List[DirectoryFile]) -> List[Finding]:
    findings = []
    for file in files:
        for mapping_node, data in _entries_with_nodes(file):
            problem = verification_dates.date_problem(data)
            if problem:
                entry = data.get("id") or data.get("value") or ""
                findings.append(error(tree.rel(file.path), problem,
                                      f"Schrijf bij {verification_dates.DATE_FIELD} de dag waarop je de gegevens echt hebt "
                                      "gecontroleerd, als jaar-maand-dag: bijvoorbeeld 2026-03-01.",
                                      field_line(mapping_node, verification_dates.DATE_FIELD),
                                      f"item '{entry}'" if entry else ""))
    return findings


def _entries_with_nodes(file: DirectoryFile):
    """(node, data) for every organisation, service and contact in the file."""
    organization_nodes = sequence_items(mapping_value(file.document.node, "organizations"))
    for organization, org_node in zip(_organizations(file.document.data), organization_nodes):
        yield org_node, organization
        for key in ("contacts", "services"):
            items = organization.get(key) if isinstance(organization.get(key), list) else []
            for item, node in zip(items, sequence_items(mapping_value(org_node, key))):
                if isinstance(item, dict):
                    yield node, item


def _readability(tree: Tree, files: List[DirectoryFile]) -> List[Finding]:
    """The answer a user gets for each service (built by the actions) must read at B1 level."""
    findings = []
    for file in files:
        for service in file.services:
            gemeente = None if service.organization.gemeente == NATIONAL else service.organization.gemeente
            texts = [replies.service_message(service, gemeente)]
            if service.organization.general:
                # The gemeente's route stands in for each local organisation without a contact.
                texts = [replies.gemeente_route_card(service, other.organization).text for other in file.services
                         if not other.organization.general and not other.organization.reachable()] or texts
            problems = sorted({p for text in texts for p in readability.measure(text).problems()})
            if problems:
                node = find_by_id(file.document.node, service.id)
                findings.append(error(
                    tree.rel(file.path),
                    f"Het antwoord met deze dienst is niet op B1-niveau: {'; '.join(problems)}.",
                    "Maak 'description' (en 'access_note') korter en eenvoudiger: korte zinnen, gewone woorden, "
                    "en schrijf liever hele zinnen dan opsommingen van lange woorden.",
                    field_line(node, "description"), f"item '{service.id}'",
                ))
    return findings


def check(tree: Tree, documents: Documents) -> DirectoryResult:
    files = [DirectoryFile(p, d) for p, d in ((p, documents.get(p)) for p in sorted(tree.directory.glob("*.yml"))) if d]
    if not any(True for _ in tree.directory.glob("*.yml")):
        return DirectoryResult([error(tree.rel(tree.directory), "Er staan geen bestanden (*.yml) in de map van de partnergids.")], [])
    findings: List[Finding] = []
    for file in files:
        findings.extend(_parse_file(tree, file))
    findings += _duplicate_service_ids(tree, files)
    findings += _duplicate_entries(tree, files)
    findings += _dates(tree, files)
    findings += _readability(tree, files)
    return DirectoryResult(findings, files)
