"""Writes the 'routes per gemeente' tables in docs/directory.md from data/directory.

    python -m tools.staff.directory_table          # rewrite the tables in docs/directory.md
    python -m tools.staff.directory_table --check  # exit 1 when the tables are out of date

Every contact is listed with its source and the day it was checked; contacts that are not
shown to users (not verified, or without source or assured_date) are listed as such, so the
doc says what is known and what is not. The tables sit between two markers in the doc;
everything else in the doc is written by hand.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional

from hulpwijzer.config import ROOT
from hulpwijzer.core import concepts
from hulpwijzer.core.directory.schema import NATIONAL, Organization, Service
from hulpwijzer.core.directory.store import DEFAULT_PATH, load_directory

DOC = ROOT / "docs" / "directory.md"
START = "<!-- routes:start (made by python -m tools.staff.directory_table; do not edit by hand) -->"
END = "<!-- routes:end -->"
KIND = {"phone": "tel.", "website": "web", "chat": "chat", "email": "mail", "hours": "tijden", "address": "adres"}
ACCESS = {"vrij-toegankelijk": "zonder school", "afspraak": "afspraak, zonder school", "verwijzing": "verwijzing nodig",
          "via-school": "via school"}


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _service_summary(services: List[Service]) -> str:
    parts = []
    for s in services:
        bits = [s.cost, ACCESS[s.access]]
        if s.minimum_age is not None or s.maximum_age is not None:
            bits.append(f"{s.minimum_age or 0}-{s.maximum_age} jaar" if s.maximum_age is not None else f"{s.minimum_age}+ jaar")
        if s.school_level:
            bits.append(s.school_level)
        parts.append(f"{', '.join(s.topics) if len(s.topics) < len(concepts.topic_ids()) else 'alle onderwerpen'} "
                     f"({', '.join(bits)}; voor {'/'.join(s.audience)})")
    return "; ".join(parts)


def _rows(organization: Organization, services: List[Service]) -> List[str]:
    rows = []
    name = organization.name + (" (algemene route van de gemeente)" if organization.general else "")
    contacts = organization.contacts or ()
    if not contacts:
        rows.append(f"| {_cell(name)} | geen bekend contact: niet getoond{' (vraag naar: ' + organization.ask_for_text + ')' if organization.ask_for else ''} "
                    f"| {_cell(_service_summary(services))} | {_cell(organization.source)} | - |")
    for contact in contacts:
        shown = contact.shown and organization.verified
        value = f"{KIND.get(contact.type, contact.type)} {contact.value}" + ("" if shown else " (NIET getoond: niet bevestigd)")
        checked = contact.assured_date.isoformat() if contact.assured_date else "-"
        rows.append(f"| {_cell(name)} | {_cell(value)} | {_cell(_service_summary(services))} | {_cell(contact.source)} | {checked} |")
    return rows


def tables(services: Optional[List[Service]] = None) -> str:
    services = services if services is not None else load_directory(DEFAULT_PATH)
    out = [START, ""]
    for area in [g.name for g in concepts.gemeenten()] + [NATIONAL]:
        local = [s for s in services if s.organization.gemeente == area]
        out.append(f"### {'Landelijke lijnen' if area == NATIONAL else area}")
        out.append("")
        out.append("| organisatie | route | diensten | bron | gecontroleerd |")
        out.append("|---|---|---|---|---|")
        for organization in {s.organization.id: s.organization for s in local}.values():
            out.extend(_rows(organization, [s for s in local if s.organization.id == organization.id]))
        out.append("")
    out.append(END)
    return "\n".join(out)


def write(doc: Path = DOC) -> bool:
    """Rewrite the tables; True when the doc changed."""
    text = doc.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{doc}: the markers {START!r} and {END!r} are missing")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    new = before + tables() + after
    if new != text:
        doc.write_text(new, encoding="utf-8")
        return True
    return False


def up_to_date(doc: Path = DOC) -> bool:
    text = doc.read_text(encoding="utf-8")
    return START in text and tables() in text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the tables are up to date")
    args = parser.parse_args(argv)
    if args.check:
        if up_to_date():
            print("docs/directory.md: de tabellen kloppen met data/directory.")
            return 0
        print("docs/directory.md: de tabellen zijn verouderd. Draai: python -m tools.staff.directory_table")
        return 1
    print("docs/directory.md bijgewerkt." if write() else "docs/directory.md was al bij.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
