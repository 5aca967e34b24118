"""`make check`: checks everything staff can edit and says, in Dutch, what is wrong, where
(file, line, entry) and how to fix it. Exit code 1 when there are errors; gaps in the
directory (missing or unchecked details) are shown as a report but do not fail.

Each step lives in its own module:
  yaml_syntax      can every file be read (YAML syntax, with line)
  directory        partner directory, through the project's own validator (actions/directory)
  nlu              example questions: duplicates, conflicts, intents without examples
  responses        answers that are never used, answers that are not B1 (scripts/readability)
  rasa_validation  Rasa's own `rasa data validate`, in Dutch
  completeness     per gemeente and topic: who helps, what is missing or not checked
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from scripts.check import completeness, directory, nlu, project_data, rasa_validation, responses
from scripts.check.findings import Finding, errors
from scripts.check.tree import Tree
from scripts.check.yaml_syntax import Documents


@dataclass
class CheckResult:
    findings: List[Finding]
    gemeenten: List[completeness.GemeenteReport]

    @property
    def errors(self) -> List[Finding]:
        return errors(self.findings)

    @property
    def ok(self) -> bool:
        return not self.errors


def run(root: Optional[Path] = None, with_rasa: bool = True, gemeente: Optional[str] = None) -> CheckResult:
    tree = Tree.at(root)
    documents = Documents(tree)
    result = directory.check(tree, documents)
    data = project_data.read(tree, documents)
    code = project_data.code_strings(tree)
    findings = documents.findings + result.findings + nlu.check(data, code) + responses.check(data, code)
    if with_rasa and not documents.findings:
        findings += rasa_validation.check(tree)
    return CheckResult(findings, completeness.report(result, only=gemeente))
