"""The shared vocabulary (data/concepts/topics.yml, gemeenten.yml): the directory is checked
against it, so it is read from the tree being checked and must be whole first. Rules here:
every topic has an id and a label, every gemeente a name and a CBS code (GM + 4 digits),
and no id, name or code appears twice."""
from __future__ import annotations

import re
from typing import List, Optional

from hulpwijzer.core import concepts
from hulpwijzer.staff.check.findings import Finding, error
from hulpwijzer.staff.check.tree import Tree, line_of, mapping_value, sequence_items
from hulpwijzer.staff.check.yaml_syntax import Documents

CBS_CODE = re.compile(r"^GM\d{4}$")

# file -> (list key, the field that names an item, the fields every item needs)
_FILES = {
    "topics.yml": ("topics", "id", ("id", "label")),
    "gemeenten.yml": ("gemeenten", "name", ("name", "cbs")),
}


def _items(tree: Tree, documents: Documents, file_name: str) -> Optional[List[Finding]]:
    path = tree.concepts / file_name
    rel = tree.rel(path)
    if not path.exists():
        return [error(rel, "Dit bestand ontbreekt.", "Zet het terug uit git (vraag een ontwikkelaar).")]
    document = documents.get(path)
    if document is None:
        return []  # the syntax error is already reported
    key, label_field, required = _FILES[file_name]
    items = sequence_items(mapping_value(document.node, key))
    raw = document.data.get(key) if isinstance(document.data, dict) else None
    if not isinstance(raw, list) or not raw:
        return [error(rel, f"Bovenaan moet '{key}:' staan met daaronder een lijst.",
                      "Kijk naar de inspringing: elk item begint met '- ' onder de regel '" + key + ":'.", line_of(document.node))]
    findings, seen = [], {}
    for item, node in zip(raw, items):
        if not isinstance(item, dict):
            findings.append(error(rel, "Dit item is geen blok met velden.", "Schrijf elk veld als 'naam: waarde'.", line_of(node)))
            continue
        name = str(item.get(label_field, ""))
        for field_name in required:
            if not str(item.get(field_name) or "").strip():
                findings.append(error(rel, f"Het veld '{field_name}' ontbreekt of is leeg.",
                                      f"Vul '{field_name}: ...' in (kijk naar een ander item als voorbeeld).", line_of(node), name))
        if name and name in seen:
            findings.append(error(rel, f"'{name}' staat twee keer in dit bestand (ook op regel {seen[name]}).",
                                  "Laat er één staan.", line_of(node), name))
        seen.setdefault(name, line_of(node))
        cbs = item.get("cbs")
        if file_name == "gemeenten.yml" and cbs and not CBS_CODE.match(str(cbs)):
            findings.append(error(rel, f"'{cbs}' is geen CBS-gemeentecode.",
                                  "Een CBS-code is GM met vier cijfers, bijvoorbeeld GM0828 (Oss). Zoek hem op bij het CBS.",
                                  line_of(mapping_value(node, "cbs")), name))
    return findings


def check(tree: Tree, documents: Documents) -> List[Finding]:
    findings: List[Finding] = []
    for file_name in _FILES:
        findings += _items(tree, documents, file_name)
    return findings


def use(tree: Tree, documents: Documents) -> bool:
    """Read the concepts from this tree; False when they cannot be used (a problem is reported)."""
    if any(documents.broken(tree.concepts / name) for name in _FILES) or check(tree, documents):
        return False
    concepts.use_folder(tree.concepts)
    return True
