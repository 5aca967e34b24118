"""Step 1: can every file be read at all? A YAML syntax error is named with its line; the
other checks then skip that file (they would only repeat the same problem). A key written
twice in one block is an error too: YAML would silently keep only the last one."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

import yaml

from hulpwijzer.staff.check.findings import Finding, error
from hulpwijzer.staff.check.tree import Tree, YamlDocument, line_of, read_yaml, syntax_problem, walk_mappings

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
        self.unreadable: List[Path] = []
        for path in tree.staff_files():
            self._documents[path.resolve()] = self._read(path)

    def _read(self, path: Path) -> Optional[YamlDocument]:
        try:
            document = read_yaml(path)
            self.findings.extend(self._repeated_keys(document))
            return document
        except yaml.YAMLError as problem:
            self.unreadable.append(path)
            line, text = syntax_problem(problem)
            self.findings.append(error(
                self.tree.rel(path), f"Dit is geen geldige YAML, het bestand kan niet gelezen worden: {text}.",
                SYNTAX_FIX, line,
            ))
        except UnicodeDecodeError:
            self.unreadable.append(path)
            self.findings.append(error(self.tree.rel(path), "Het bestand is niet in UTF-8 opgeslagen.",
                                       "Sla het bestand op als UTF-8 (in de meeste editors: 'Opslaan als', codering UTF-8)."))
        return None

    def _repeated_keys(self, document: YamlDocument) -> List[Finding]:
        """YAML quietly keeps only the last of two equal keys in one block: say so."""
        findings = []
        for mapping in walk_mappings(document.node):
            first_line: Dict[str, int] = {}
            for key_node, _ in mapping.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                if key_node.value in first_line:
                    findings.append(error(
                        self.tree.rel(document.path),
                        f"'{key_node.value}' staat twee keer in hetzelfde blok (ook op regel {first_line[key_node.value]}). "
                        "Alleen de laatste telt, de eerste wordt stil genegeerd.",
                        "Haal er een weg, of voeg de twee samen.", line_of(key_node), f"'{key_node.value}'",
                    ))
                first_line.setdefault(key_node.value, line_of(key_node))
        return findings

    def get(self, path: Path) -> Optional[YamlDocument]:
        path = path.resolve()
        if path not in self._documents:
            self._documents[path] = self._read(path)
        return self._documents[path]

    def broken(self, path: Path) -> bool:
        return self.get(path) is None

    def in_folder(self, folder: Path) -> List[YamlDocument]:
        return [d for d in (self.get(p) for p in self.tree.yaml_files(folder)) if d is not None]
