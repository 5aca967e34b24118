"""The layout keeps its promises (docs/architecture.md):

- hulpwijzer/core runs without Rasa, rasa-sdk or Sanic;
- nothing that runs in production (hulpwijzer/, actions/) imports the developer tools or tests;
- no Python file a parent or pupil meets (hulpwijzer/ but staff/ and beheer/, actions/) holds a
  sentence they can see: those live in
  YAML staff can edit (bot/domain responses, data/concepts/hulpteksten.yml, kanaalteksten.yml);
- Rasa and Sanic internals are touched in hulpwijzer/rasa_server/compat/ only: no other module
  reads a private attribute of anything but itself and our own modules, overrides or calls a
  private method of a Rasa, rasa_sdk or Sanic base class, or uses the agent on the Sanic app.
"""
from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "hulpwijzer" / "core"
RUNTIME = [ROOT / "hulpwijzer", ROOT / "actions"]
RASA_PACKAGES = ("rasa", "rasa_sdk", "sanic")
NOT_AT_RUNTIME = ("tools", "tests")
# Staff-facing processes: make check / report / reload (hulpwijzer/staff) and the beheer web app
# (hulpwijzer/beheer, Django: its page texts are in its templates and views). Their Dutch is for
# staff, not for parents and pupils, so the sentence rule below does not cover them.
STAFF_FACING = [ROOT / "hulpwijzer" / "staff", ROOT / "hulpwijzer" / "beheer"]

# Short Dutch words that almost every Dutch sentence has and English text does not.
DUTCH_WORDS = {
    "je", "jij", "jou", "jouw", "jullie", "ik", "mij", "mijn", "we", "wij", "u", "uw", "het", "een",
    "de", "niet", "en", "van", "naar", "bij", "voor", "met", "kan", "kun", "wat", "waar", "hier",
    "bel", "zeg", "stuur", "typ", "dat", "dit", "is", "zijn", "ook", "of", "maar", "nu", "even",
    "geen", "wel", "om", "op", "te", "er", "hoe", "welke", "na", "veel", "dan", "als", "nog", "mee",
    "hulp", "gratis", "sorry", "gevaar", "direct", "alleen", "ook", "hebt", "heb", "wilt", "wil",
}
LOG_CALLS = {"debug", "info", "warning", "error", "exception", "critical", "log"}


def python_files(*folders: Path) -> Iterator[Path]:
    for folder in folders:
        yield from (p for p in sorted(folder.rglob("*.py")) if "__pycache__" not in p.parts)


def imported_modules(path: Path) -> Iterator[Tuple[int, str]]:
    """Every module a file imports, also inside functions."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def is_dutch_sentence(text: str) -> bool:
    """A sentence a person reads: a capital, three words or more, common Dutch words, an end mark."""
    text = text.strip()
    words = re.findall(r"[A-Za-zÀ-ÿ']+", text)
    if len(words) < 3 or not text[:1].isupper() or not re.search(r"[.?!:]$", text):
        return False
    dutch = sum(word.lower() in DUTCH_WORDS for word in words)
    return dutch >= 2 and dutch / len(words) >= 0.25


def _docstrings(tree: ast.AST) -> set:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _log_arguments(tree: ast.AST) -> set:
    """Strings given to logger.x(...), parser.error(...) or raised: for developers and logs."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in LOG_CALLS:
            found.update(id(n) for arg in node.args for n in ast.walk(arg))
    return found


def dutch_sentences(source: str) -> List[Tuple[int, str]]:
    tree = ast.parse(source)
    skip = _docstrings(tree) | _log_arguments(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
        else:
            continue
        for part in re.split(r"(?<=[.?!:])\s+|\n", text):
            if is_dutch_sentence(part):
                found.append((node.lineno, part))
    return found


def test_the_sentence_finder_finds_dutch_and_leaves_english_logs_and_docstrings():
    source = '''
"""Module docstring. Dit is een zin die je niet ziet."""
import logging
logger = logging.getLogger(__name__)
ANSWER = "Ik kan alleen tekst lezen. Typ je vraag in een bericht."
NAMED = f"Bel {number} als je hulp wilt."
logger.warning("Could not register the webhook (%s); retrying.", error)
ERROR = "The action server is down; added the degraded answer."
PLACES = ["Den Haag", "Bergen op Zoom"]
'''
    found = [text for _, text in dutch_sentences(source)]
    assert found == ["Ik kan alleen tekst lezen.", "Typ je vraag in een bericht.", "Bel x als je hulp wilt."]


def test_no_python_file_a_parent_or_pupil_meets_holds_a_dutch_sentence():
    found = [f"{path.relative_to(ROOT)}:{line}: {text}"
             for path in python_files(*RUNTIME) if not any(path.is_relative_to(folder) for folder in STAFF_FACING)
             for line, text in dutch_sentences(path.read_text(encoding="utf-8"))]
    assert not found, "put these sentences in bot/domain or data/concepts/kanaalteksten.yml:\n" + "\n".join(found)


def test_core_imports_no_rasa_in_its_code():
    found = [f"{path.relative_to(ROOT)}:{line}: {module}"
             for path in python_files(CORE) for line, module in imported_modules(path)
             if module.split(".")[0] in RASA_PACKAGES]
    assert not found, "hulpwijzer/core must run without Rasa:\n" + "\n".join(found)


def test_core_loads_without_rasa_or_sanic():
    """Also through what core imports itself (the config, third-party libraries)."""
    modules = [".".join(p.relative_to(ROOT).with_suffix("").parts).replace(".__init__", "") for p in python_files(CORE)]
    script = ("import importlib, sys\n"
              f"for name in {modules!r}: importlib.import_module(name)\n"
              f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(RASA_PACKAGES)!r}))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"importing hulpwijzer.core loaded {result.stdout.strip()}"


def test_nothing_that_runs_imports_the_tools_or_the_tests():
    found = [f"{path.relative_to(ROOT)}:{line}: {module}"
             for path in python_files(*RUNTIME) for line, module in imported_modules(path)
             if module.split(".")[0] in NOT_AT_RUNTIME]
    assert not found, "tools/ and tests/ are not installed; move what these need into hulpwijzer/:\n" + "\n".join(found)


def test_each_part_of_the_package_is_in_the_architecture_doc():
    """A new folder or module under hulpwijzer/ gets its line in docs/architecture.md."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    parts = [p.name + ("/" if p.is_dir() else "") for p in sorted((ROOT / "hulpwijzer").iterdir())
             if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.name != "__init__.py")]
    assert {"config.py", "core/", "rasa_server/", "ops/"} <= set(parts)
    missing = [part for part in parts if not re.search(rf"^\s+{re.escape(part)}\s", doc, re.M)]
    assert not missing, f"describe these in the tree of docs/architecture.md: {missing}"


def test_only_the_config_reads_the_environment():
    found = [f"{path.relative_to(ROOT)}:{node.lineno}"
             for path in python_files(*RUNTIME) if path != ROOT / "hulpwijzer" / "config.py"
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv")
             and isinstance(node.value, ast.Name) and node.value.id == "os"
             and node.lineno not in _default_setters(path)]
    assert not found, "read settings through hulpwijzer.config:\n" + "\n".join(found)


def _default_setters(path: Path) -> set:
    """Lines with os.environ.setdefault(...): a default handed to a library (Django's settings
    module, TensorFlow's log level), which writes the environment and reads no setting."""
    return {node.lineno for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "setdefault"
            and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "environ"}


# --- Rasa and Sanic internals are touched in hulpwijzer/rasa_server/compat/ only -------------

COMPAT = ROOT / "hulpwijzer" / "rasa_server" / "compat"
OWN_PACKAGES = ("hulpwijzer", "actions")
OWN_NAMES = ("self", "cls")


def _is_private(name: str) -> bool:
    """One leading underscore: private by convention (a dunder like __dict__ is public protocol)."""
    return name.startswith("_") and not name.startswith("__")


def _dotted(node: ast.AST) -> Optional[str]:
    """`a.b.c` for a chain of names, else None (a call, a subscript, ...)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def _is_own(dotted: str) -> bool:
    return dotted.split(".")[0] in OWN_PACKAGES


class _Names:
    """What the names of one file stand for: its imports, its module-level definitions, and
    `name = a.b.c` assignments (each followed back to an import where it can be)."""

    def __init__(self, tree: ast.Module, module: str) -> None:
        self.bound = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:  # `import a.b` binds a; `import a.b as c` binds c to a.b
                    name = alias.asname or alias.name.split(".")[0]
                    self.bound[name] = alias.name if alias.asname else name
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(module.split(".")[: -node.level] + ([base] if base else []))
                for alias in node.names:
                    self.bound[alias.asname or alias.name] = f"{base}.{alias.name}"
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.bound[node.name] = f"{module}.{node.name}"
        assigned = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                assigned.setdefault(node.targets[0].id, set()).add(_dotted(node.value))
        for name, values in assigned.items():
            if name not in self.bound and len(values) == 1 and None not in values:
                self.bound[name] = next(iter(values))

    def resolve(self, dotted: str, depth: int = 0) -> str:
        """The full dotted path a chain stands for, as far as the file tells."""
        root, _, rest = dotted.partition(".")
        target = self.bound.get(root)
        if target is None or target == root or depth > 5:
            return dotted
        full = f"{target}.{rest}" if rest else target
        return self.resolve(full, depth + 1) if full.split(".")[0] in self.bound else full


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).replace(".__init__", "")


def _class_node(dotted: str) -> Optional[Tuple[ast.ClassDef, "_Names"]]:
    """Our own class `hulpwijzer.x.Y` as written in its source file (not imported: importing our
    channels installs the compat fixes, and our Django forms need Django's settings)."""
    module, _, name = dotted.rpartition(".")
    for path in (ROOT.joinpath(*module.split(".")).with_suffix(".py"), ROOT.joinpath(*module.split("."), "__init__.py")):
        if path.is_file():
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                if isinstance(node, ast.ClassDef) and node.name == name:
                    return node, _Names(tree, module)
    return None


def _foreign_bases(node: ast.ClassDef, names: "_Names", depth: int = 0) -> List[type]:
    """The Rasa, rasa_sdk and Sanic classes a class of ours builds on, imported, through any
    classes of our own in between."""
    found = []
    for base in node.bases:
        dotted = _dotted(base)
        if dotted is None or depth > 10:
            continue
        full = names.resolve(dotted)
        if _is_own(full):
            own = _class_node(full)
            if own:
                found += _foreign_bases(*own, depth=depth + 1)
        elif full.split(".")[0] in RASA_PACKAGES:
            module, _, name = full.rpartition(".")
            found.append(getattr(importlib.import_module(module), name))
    return found


def _private_name_used(node: ast.AST) -> Optional[Tuple[ast.AST, str]]:
    """(the object, the private name) for `x._name` and getattr/setattr/hasattr(x, "_name")."""
    if isinstance(node, ast.Attribute) and _is_private(node.attr):
        return node.value, node.attr
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "setattr", "hasattr")
            and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)
            and _is_private(node.args[1].value)):
        return node.args[0], node.args[1].value
    return None


def _uses_ctx_agent(node: ast.AST) -> bool:
    """`x.ctx.agent` or getattr/setattr/hasattr(x.ctx, "agent"): the agent Rasa keeps on the Sanic app."""
    if isinstance(node, ast.Attribute) and node.attr == "agent":
        return isinstance(node.value, ast.Attribute) and node.value.attr == "ctx"
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "setattr", "hasattr")
            and len(node.args) >= 2 and isinstance(node.args[0], ast.Attribute) and node.args[0].attr == "ctx"
            and isinstance(node.args[1], ast.Constant) and node.args[1].value == "agent")


def internals_used(source: str, module: str) -> List[Tuple[int, str]]:
    """Where a file touches Rasa or Sanic internals: (line, what)."""
    tree = ast.parse(source)
    names = _Names(tree, module)
    found = []
    for node in ast.walk(tree):
        if _uses_ctx_agent(node):
            found.append((node.lineno, "uses the agent on the Sanic app's ctx"))
        used = _private_name_used(node)
        if used is None:
            continue
        owner, name = used
        dotted = _dotted(owner)
        if dotted in OWN_NAMES:
            continue  # our own object's private; a base class's is checked per class below
        if dotted is not None and _is_own(names.resolve(dotted)):
            continue  # a private of one of our own modules (or of something they hold)
        found.append((node.lineno, f"reads {name} of {dotted or ast.unparse(owner)}"))
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        bases = _foreign_bases(cls, names)
        if not bases:
            continue
        for item in cls.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_private(item.name):
                base = next((b for b in bases if hasattr(b, item.name)), None)
                if base is not None:
                    found.append((item.lineno, f"{cls.name}.{item.name} overrides {base.__name__}.{item.name}"))
        for node in ast.walk(cls):
            used = _private_name_used(node)
            if used and _dotted(used[0]) in OWN_NAMES:
                base = next((b for b in bases if hasattr(b, used[1])), None)
                if base is not None:
                    found.append((node.lineno, f"{cls.name} uses {base.__name__}.{used[1]}"))
    return sorted(set(found))


def test_the_internals_finder_finds_rasa_and_sanic_internals_and_leaves_our_own():
    source = '''
import json
from rasa.core.channels.rest import RestInput
from rasa.core.lock_store import RedisLockStore
from sanic import Sanic
from hulpwijzer.beheer import project
from hulpwijzer.rasa_server.compat.rest_input import RestInputWithPublicReaders

APPS = Sanic._app_registry
report = project.make_report


def agent(request, app):
    places = report._ordered_places({})
    hidden = getattr(app, "_private", None)
    current = request.app.ctx.agent
    return current or getattr(app.ctx, "agent", None) or request.ctx.guarded_body


class Channel(RestInput):
    def _extract_message(self, req):
        return self._body(req).__class__

    def _body(self, req):
        return json.loads(req.body)


class Guarded(RestInputWithPublicReaders):
    def _extract_sender(self, req):
        return super()._extract_sender(req)


class Locks(RedisLockStore):
    def cleanup(self, conversation_id, ticket):
        self._log_deletion(conversation_id, True)
'''
    found = [text for _, text in internals_used(source, "hulpwijzer.example")]
    assert found == [
        "reads _app_registry of Sanic",
        "reads _private of app",
        "uses the agent on the Sanic app's ctx",
        "uses the agent on the Sanic app's ctx",
        "Channel._extract_message overrides RestInput._extract_message",
        "Guarded._extract_sender overrides RestInput._extract_sender",
        "reads _extract_sender of super()",
        "Locks uses RedisLockStore._log_deletion",
    ]


def test_rasa_and_sanic_internals_are_touched_in_compat_only():
    found = [f"{path.relative_to(ROOT)}:{line}: {what}"
             for path in python_files(*RUNTIME) if not path.is_relative_to(COMPAT)
             for line, what in internals_used(path.read_text(encoding="utf-8"), _module_name(path))]
    assert not found, ("move these into hulpwijzer/rasa_server/compat/ (checked against the versions "
                       "in compat/versions.py):\n" + "\n".join(found))
