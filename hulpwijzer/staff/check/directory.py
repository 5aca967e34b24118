"""The partner directory: every entry is checked by the project's own validator
(hulpwijzer/core/directory/schema.py, the one the action server uses), which returns every
problem at once with a code, file, entry, field and values; here each is located (line) and
told in Dutch from the one table (data/concepts/gidsfouten.yml, hulpwijzer.core.texts).
On top: duplicate entries, dates of the last check, and whether the answers read at B1 level.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from hulpwijzer.core import replies
from hulpwijzer.core.directory.schema import NATIONAL, Problem, Service, duplicate_ids, validate_file
from hulpwijzer.core.texts import directory_problem
from hulpwijzer.staff import readability
from hulpwijzer.staff.check import verification_dates
from hulpwijzer.staff.check.findings import Finding, error
from hulpwijzer.staff.check.tree import Tree, YamlDocument, find_by_id, field_line, line_of, mapping_value, sequence_items
from hulpwijzer.staff.check.yaml_syntax import Documents

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
    """Finds the line of a validator problem (entry + field) in one file's node tree."""

    def __init__(self, tree: Tree, file: DirectoryFile):
        self.rel = tree.rel(file.path)
        self.node = file.document.node
        self.organizations = sequence_items(mapping_value(self.node, "organizations"))

    def finding(self, problem: Problem) -> Finding:
        dutch, fix = directory_problem(problem.code, problem.field, problem.values)
        index = problem.organization_index
        organization = self.organizations[index] if index is not None and index < len(self.organizations) else None
        entry_node, entry_label = self._entry(problem.entry, organization)
        line = field_line(entry_node, problem.field) if entry_node is not None else None
        return error(self.rel, dutch, fix, line, entry_label)

    def _entry(self, entry: str, organization):
        if entry == "(file)":
            return self.node, "bovenaan het bestand"
        contact = re.fullmatch(r"(?P<owner>.*) contact (?P<n>\d+)", entry)
        if contact:
            owner = find_by_id(self.node, contact["owner"]) or organization
            items = sequence_items(mapping_value(owner, "contacts"))
            index = int(contact["n"]) - 1
            node = items[index] if 0 <= index < len(items) else owner
            return node, f"organisatie '{contact['owner']}', contactgegeven {contact['n']}"
        if entry == "?":
            # An entry without an id: point at the organisation it belongs to.
            owner_id = mapping_value(organization, "id")
            owner = f" in organisatie '{owner_id.value}'" if owner_id is not None else ""
            return organization, f"een item zonder id{owner}"
        return find_by_id(organization, entry) or find_by_id(self.node, entry) or organization, f"item '{entry}'"


def _parse_file(tree: Tree, file: DirectoryFile) -> List[Finding]:
    """Every problem in the file, from the project's validator in one pass."""
    services, problems = validate_file(file.path.name, file.document.data)
    file.services.extend(services)
    locator = _Locator(tree, file)
    return [locator.finding(problem) for problem in problems]


def _duplicate_service_ids(tree: Tree, files: List[DirectoryFile]) -> List[Finding]:
    """All duplicate service ids, from the project's validator; each is pointed out where it
    appears again (the first one is where it belongs)."""
    by_name = {f.path.name: f for f in files}
    first_seen: Dict[str, str] = {}
    for file in files:
        for service in file.services:
            first_seen.setdefault(service.id, file.path.name)
    findings = []
    for problem in duplicate_ids({f.path.name: f.services for f in files}):
        file = by_name[problem.file]
        occurrence = 1 if first_seen.get(problem.entry) == problem.file else 0
        node = find_by_id(file.document.node, problem.entry, occurrence)
        dutch, fix = directory_problem(problem.code, problem.field, problem.values)
        findings.append(error(tree.rel(file.path), dutch, fix, field_line(node, "id"), f"item '{problem.entry}'"))
    return findings


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
