"""The files staff can touch, found from one root folder (the project, or a copy in a test),
and YAML reading that keeps line numbers, so every message can say where to look."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, List, Optional, Tuple

import yaml

from hulpwijzer.config import ROOT, setting

PROJECT_ROOT = ROOT


@dataclass(frozen=True)
class Tree:
    root: Path
    directory: Path

    @classmethod
    def at(cls, root: Optional[Path] = None) -> "Tree":
        """The project tree; the directory folder follows DIRECTORY_PATH like the action server."""
        if root is None:
            root = PROJECT_ROOT
            directory = Path(setting("DIRECTORY_PATH") or root / "data" / "directory")
        else:
            directory = root / "data" / "directory"
        return cls(Path(root).resolve(), Path(directory).resolve())

    @property
    def config(self) -> Path:
        return self.root / "bot" / "config.yml"

    @property
    def domain(self) -> Path:
        return self.root / "bot" / "domain"

    @property
    def nlu(self) -> Path:
        return self.root / "data" / "nlu"

    @property
    def training_data(self) -> List[Path]:
        return [self.root / "data" / name for name in ("nlu", "rules")]

    @property
    def concepts(self) -> Path:
        return self.root / "data" / "concepts"

    @property
    def code_folders(self) -> List[Path]:
        """Python code that may send responses or set intents itself."""
        return [self.root / "actions", self.root / "hulpwijzer"]

    def rel(self, path: Path) -> str:
        path = Path(path).resolve()
        for base in (self.root, self.directory.parent):
            try:
                return str(path.relative_to(base))
            except ValueError:
                continue
        return str(path)

    def staff_files(self) -> List[Path]:
        """Every YAML file staff may edit: domain, training data, concepts, directory, config."""
        folders = [self.domain, *self.training_data, self.concepts, self.directory]
        files = [self.config] if self.config.exists() else []
        for folder in folders:
            if folder.is_dir():
                files.extend(sorted(p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml")))
        return files

    def yaml_files(self, folder: Path) -> List[Path]:
        return sorted(p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml")) if folder.is_dir() else []


class YamlDocument:
    """A parsed YAML file: the data and the node tree (for line numbers)."""

    def __init__(self, path: Path):
        self.path = path
        loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
        try:
            self.node = loader.get_single_node()
            self.data = loader.construct_document(self.node) if self.node is not None else None
        finally:
            loader.dispose()


def read_yaml(path: Path) -> YamlDocument:
    """Raises yaml.YAMLError on a syntax error (see syntax_problem)."""
    return YamlDocument(path)


# PyYAML's problem texts -> what it usually means, in Dutch (first match wins).
_SYNTAX_MEANINGS = [
    (r"found character '\\t'", "er staat een tab; YAML wil spaties"),
    (r"found character '(.)' that cannot start any token", "een tekst begint met het teken {0}; zet de tekst tussen aanhalingstekens"),
    (r"found undefined alias", "een tekst begint met *; zet de tekst tussen aanhalingstekens"),
    (r"mapping values are not allowed here", "hier staat een dubbele punt die YAML niet verwacht: "
                                             "zet de tekst tussen aanhalingstekens, of kijk of de inspringing klopt"),
    (r"expected ',' or '\]'", "een lijst die begint met [ is niet goed afgesloten met ]"),
    (r"expected ',' or '\}'", "een blok dat begint met { is niet goed afgesloten met }"),
    (r"found unexpected end of stream", "een aanhalingsteken is niet afgesloten"),
    (r"could not find expected ':'", "er ontbreekt een dubbele punt na een veldnaam"),
    (r"expected <block end>|did not find expected", "de inspringing klopt niet, of een tekst met ' of \" is niet goed afgesloten"),
]


def syntax_problem(error: yaml.YAMLError) -> Tuple[Optional[int], str]:
    """The line and a Dutch description of a YAML syntax error (PyYAML's own words added)."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark else None
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    technical = f"{context}, {problem}" if context else problem
    for pattern, meaning in _SYNTAX_MEANINGS:
        match = re.search(pattern, problem)
        if match:
            if match.groups():
                meaning = meaning.replace("{0}", match.group(1))
            return line, f"{meaning}; technische melding: {technical}"
    return line, f"technische melding: {technical}"


def line_of(node: Optional[yaml.Node]) -> Optional[int]:
    return node.start_mark.line + 1 if node is not None else None


def mapping_value(node: Optional[yaml.Node], key: str) -> Optional[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return value_node
    return None


def mapping_key(node: Optional[yaml.Node], key: str) -> Optional[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node
    return None


def sequence_items(node: Optional[yaml.Node]) -> List[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def walk_mappings(node: Optional[yaml.Node]) -> Iterator[yaml.MappingNode]:
    """Every mapping node in the tree, depth first."""
    if isinstance(node, yaml.MappingNode):
        yield node
        for _, value in node.value:
            yield from walk_mappings(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from walk_mappings(item)


def find_all_by_id(node: Optional[yaml.Node], entry_id: str) -> List[yaml.MappingNode]:
    """Every block with `id: <entry_id>`, in file order."""
    found = []
    for mapping in walk_mappings(node):
        value = mapping_value(mapping, "id")
        if isinstance(value, yaml.ScalarNode) and value.value == entry_id:
            found.append(mapping)
    return found


def find_by_id(node: Optional[yaml.Node], entry_id: str, occurrence: int = 0) -> Optional[yaml.MappingNode]:
    found = find_all_by_id(node, entry_id)
    return found[occurrence] if -len(found) <= occurrence < len(found) else None


def field_line(entry: Optional[yaml.Node], field: str) -> Optional[int]:
    """The line of `field:` inside an entry, else the entry's own line."""
    return line_of(mapping_key(entry, field)) or line_of(entry)
