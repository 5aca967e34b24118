"""Step 1: can every file be read at all? A YAML syntax error is named with its line; the
other checks then skip that file (they would only repeat the same problem)."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

import yaml

from scripts.check.findings import Finding, error
from scripts.check.tree import Tree, YamlDocument, read_yaml, syntax_problem

SYNTAX_FIX = (
    "Kijk op deze regel en de regel erboven. Vaak is het: een dubbele punt of # in een tekst "
    "zonder aanhalingstekens eromheen, een vergeten ] of \", of een inspringing die niet klopt "
    "(gebruik spaties, geen tabs)."
)


class Documents:
    """Every staff file, parsed once; `get` gives None for a file that could not be read."""

    def __init__(self, tree: Tree):
        self.tree = tree
        self._documents: Dict[Path, Optional[YamlDocument]] = {}
        self.findings: List[Finding] = []
        for path in tree.staff_files():
            self._documents[path.resolve()] = self._read(path)

    def _read(self, path: Path) -> Optional[YamlDocument]:
        try:
            return read_yaml(path)
        except yaml.YAMLError as problem:
            line, text = syntax_problem(problem)
            self.findings.append(error(
                self.tree.rel(path), f"Dit is geen geldige YAML, het bestand kan niet gelezen worden ({text}).",
                SYNTAX_FIX, line,
            ))
        except UnicodeDecodeError:
            self.findings.append(error(self.tree.rel(path), "Het bestand is niet in UTF-8 opgeslagen.",
                                       "Sla het bestand op als UTF-8 (in de meeste editors: 'Opslaan als', codering UTF-8)."))
        return None

    def get(self, path: Path) -> Optional[YamlDocument]:
        path = path.resolve()
        if path not in self._documents:
            self._documents[path] = self._read(path)
        return self._documents[path]

    def broken(self, path: Path) -> bool:
        return self.get(path) is None

    def in_folder(self, folder: Path) -> List[YamlDocument]:
        return [d for d in (self.get(p) for p in self.tree.yaml_files(folder)) if d is not None]
