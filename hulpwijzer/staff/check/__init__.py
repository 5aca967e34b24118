"""`make check`: checks everything staff can edit and says, in Dutch, what is wrong, where
(file, line, entry) and how to fix it. Exit code 1 when there are errors; gaps in the
directory (missing or unchecked details) are shown as a report but do not fail.

Each step lives in its own module:
  yaml_syntax      can every file be read (YAML syntax, with line)
  concept_files    topics and gemeenten (data/concepts), which the directory is checked against
  directory        partner directory, through the project's own validator (hulpwijzer/core/directory)
  nlu              example questions: duplicates, conflicts, intents without examples
  responses        answers that are never used, answers and channel texts that are not B1 (tools/staff/readability),
                   phone numbers and web addresses in answers that the directory does not hold
  rasa_validation  Rasa's own `rasa data validate`, in Dutch: its conditions worked out from what
                   Rasa parsed (rasa_conditions) and told with file and line (rasa_findings)
  completeness     per gemeente and topic: who helps, what is missing or not checked
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from hulpwijzer.staff.check import completeness, concept_files, directory, nlu, project_data, rasa_validation, responses
from hulpwijzer.staff.check.findings import Finding, errors, warning
from hulpwijzer.staff.check.tree import Tree
from hulpwijzer.staff.check.yaml_syntax import Documents


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
    findings = list(documents.findings)
    findings += concept_files.check(tree, documents)
    concepts_usable = concept_files.use(tree, documents)
    result = directory.DirectoryResult([], [])
    if concepts_usable:
        result = directory.check(tree, documents)
        findings += result.findings
        if not errors(findings):  # with a broken file or entry every route check would be a false alarm
            findings += completeness.missing_routes(result)
        findings += completeness.old_checks(result)
    data = project_data.read(tree, documents)
    code = project_data.code_strings(tree)
    findings += nlu.duplicates(data) + responses.hard_to_read(data) + responses.channel_texts_hard_to_read(tree, documents)
    findings += responses.contacts_not_in_directory(data, tree, documents)
    if documents.unreadable:
        # With a file unreadable, every 'never used' or 'not in the domain' would be a false alarm.
        findings.append(warning(
            "make check", "Een deel van de controles is overgeslagen, omdat niet alle bestanden te lezen zijn.",
            "Herstel eerst de fouten 'geen geldige YAML' en draai dan opnieuw: make check",
        ))
    else:
        findings += nlu.cross_references(data, code) + responses.unused(data, code)
        if with_rasa:
            findings += rasa_validation.check(tree, documents)
    # Without topics and gemeenten there is nothing to check the directory against.
    overview = completeness.report(result, only=gemeente) if concepts_usable else []
    return CheckResult(findings, overview)
