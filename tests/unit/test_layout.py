"""The layout keeps its promises (docs/architecture.md):

- hulpwijzer/core runs without Rasa, rasa-sdk or Sanic;
- nothing that runs in production (hulpwijzer/, actions/) imports the developer tools or tests;
- no Python file a parent or pupil meets (hulpwijzer/ but staff/ and beheer/, actions/) holds a
  sentence they can see: those live in
  YAML staff can edit (bot/domain responses, data/concepts/hulpteksten.yml, kanaalteksten.yml).
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from typing import Iterator, List, Tuple

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
