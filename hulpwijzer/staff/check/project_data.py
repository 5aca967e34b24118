"""What the domain and the training data contain, with file and line for each item:
intents, example questions, responses, forms and the actions used in rules and stories.
Read from the YAML (no Rasa import), so every message can point at a line."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

import yaml

from hulpwijzer.staff.check.tree import Tree, line_of, mapping_key, mapping_value, sequence_items
from hulpwijzer.staff.check.yaml_syntax import Documents

# `[Oss](plaats)`, `[Oss]{"entity": "plaats"}` -> `Oss`
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


@dataclass(frozen=True)
class Located:
    file: str
    line: Optional[int]


@dataclass(frozen=True)
class Example:
    intent: str
    text: str
    where: Located

    @property
    def plain(self) -> str:
        return _ANNOTATION.sub(r"\1", self.text)


@dataclass(frozen=True)
class Response:
    name: str
    texts: tuple
    where: Located


@dataclass
class ProjectData:
    intents: Dict[str, List[Located]] = field(default_factory=dict)
    examples: List[Example] = field(default_factory=list)
    responses: Dict[str, List[Response]] = field(default_factory=dict)
    form_slots: Dict[str, List[str]] = field(default_factory=dict)
    actions_in_training: Set[str] = field(default_factory=set)
    intent_blocks: Dict[str, Located] = field(default_factory=dict)


def _domain(tree: Tree, documents: Documents, data: ProjectData) -> None:
    for document in documents.in_folder(tree.domain):
        rel = tree.rel(document.path)
        for item in sequence_items(mapping_value(document.node, "intents")):
            name = item.value if isinstance(item, yaml.ScalarNode) else (
                item.value[0][0].value if isinstance(item, yaml.MappingNode) and item.value else None)
            if name:
                data.intents.setdefault(str(name), []).append(Located(rel, line_of(item)))
        responses = mapping_value(document.node, "responses")
        if isinstance(responses, yaml.MappingNode):
            raw = document.data.get("responses") or {}
            for key_node, _ in responses.value:
                variants = raw.get(key_node.value) or []
                texts = tuple(v.get("text", "") for v in variants if isinstance(v, dict) and v.get("text"))
                data.responses.setdefault(key_node.value, []).append(Response(key_node.value, texts, Located(rel, line_of(key_node))))
        forms = (document.data or {}).get("forms") if isinstance(document.data, dict) else None
        for form, spec in (forms or {}).items():
            data.form_slots[form] = list((spec or {}).get("required_slots") or [])


def _examples(document, rel: str, data: ProjectData) -> None:
    for block in sequence_items(mapping_value(document.node, "nlu")):
        intent_node = mapping_value(block, "intent")
        if intent_node is None:
            continue  # lookup tables, synonyms and regexes are no example questions
        intent = str(intent_node.value)
        data.intent_blocks.setdefault(intent, Located(rel, line_of(intent_node)))
        examples = mapping_value(block, "examples")
        if isinstance(examples, yaml.ScalarNode):
            # A `|` block: its lines start on the line after the key.
            first_line = line_of(mapping_key(block, "examples")) + 1
            for offset, line in enumerate(examples.value.split("\n")):
                text = line.strip()
                if text.startswith("- "):
                    data.examples.append(Example(intent, text[2:].strip(), Located(rel, first_line + offset)))
        for item in sequence_items(examples):
            text_node = mapping_value(item, "text")
            if isinstance(text_node, yaml.ScalarNode):
                data.examples.append(Example(intent, text_node.value.strip(), Located(rel, line_of(text_node))))


def _steps_actions(node, found: Set[str]) -> None:
    """Every `action: name` anywhere in rules and stories."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "action" and isinstance(value, yaml.ScalarNode):
                found.add(value.value)
            else:
                _steps_actions(value, found)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _steps_actions(item, found)


def read(tree: Tree, documents: Documents) -> ProjectData:
    data = ProjectData()
    _domain(tree, documents, data)
    for folder in tree.training_data:
        for document in documents.in_folder(folder):
            _examples(document, tree.rel(document.path), data)
            for key in ("rules", "stories"):
                _steps_actions(mapping_value(document.node, key), data.actions_in_training)
    return data


def code_strings(tree: Tree) -> str:
    """The Python source of the actions and NLU components (to see which names they use)."""
    texts = []
    for folder in tree.code_folders:
        if folder.is_dir():
            texts.extend(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.py")))
    return "\n".join(texts)
