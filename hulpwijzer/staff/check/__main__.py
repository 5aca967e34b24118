"""python -m hulpwijzer.staff.check [--gemeente NAAM] [--zonder-overzicht] [--zonder-rasa] [--map MAP]"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hulpwijzer.staff.check import CheckResult, run


def print_result(result: CheckResult, overview: bool = True) -> None:
    if overview:
        print("OVERZICHT PER GEMEENTE: wie helpt bij welk onderwerp, en wat ontbreekt nog\n")
        for gemeente in result.gemeenten:
            print("\n".join(gemeente.lines()), end="\n\n")
    warnings = [f for f in result.findings if not f.is_error]
    # Errors last: they are closest to the prompt, where people look first.
    for finding in warnings + result.errors:
        print(finding.format(), end="\n\n")
    gaps = sum(g.warnings for g in result.gemeenten)
    if result.ok:
        print(f"Alles in orde: geen fouten. {len(warnings)} keer 'let op'"
              + (f", {gaps} aandachtspunten in het overzicht." if overview else "."))
    else:
        print(f"{len(result.errors)} fout(en) gevonden, {len(warnings)} keer 'let op'. "
              "Los de fouten hierboven op en draai daarna opnieuw: make check")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="make check", description="Controleer de bestanden van de Hulpwijzer.")
    parser.add_argument("--gemeente", help="toon het overzicht alleen voor deze gemeente")
    parser.add_argument("--zonder-overzicht", action="store_true", help="toon alleen fouten en 'let op'")
    parser.add_argument("--zonder-rasa", action="store_true", help="sla de (tragere) controle door Rasa over")
    parser.add_argument("--map", type=Path, help="controleer een kopie van het project in deze map")
    args = parser.parse_args(argv)
    print("Bezig met controleren...", flush=True)
    result = run(args.map, with_rasa=not args.zonder_rasa, gemeente=args.gemeente)
    print_result(result, overview=not args.zonder_overzicht)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
