"""`make check` (hulpwijzer/staff/check/): the clean project passes; a copy of the project with one
mistake of each kind fails, with a Dutch message that names the file, the line and the entry.

Each test breaks a copy (never the project's own files) and runs the real command line,
`python -m hulpwijzer.staff.check --map <copy>`, as a subprocess. Rasa's own validation (a few
seconds) only runs where the mistake is one that only Rasa finds.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("bot", "data", "actions", "hulpwijzer")


def _env() -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false")
    env.pop("DIRECTORY_PATH", None)  # the check must read the tree it is given
    return env


def run_check(root: Path, *options: str, rasa: bool = False):
    command = [sys.executable, "-m", "hulpwijzer.staff.check", "--map", str(root), *options]
    if not rasa:
        command.append("--zonder-rasa")
    result = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, text=True)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout


def blocks(output: str) -> List[str]:
    """The findings in the output: each starts with FOUT or LET OP and ends at a blank line."""
    return [b for b in output.split("\n\n") if b.lstrip().startswith(("FOUT", "LET OP"))]


def errors(output: str) -> List[str]:
    return [b for b in blocks(output) if b.lstrip().startswith("FOUT")]


def assert_error(output: str, where: str, *problem: str, label: str = "FOUT") -> None:
    """One error names this place (file, line, entry) and says all of `problem`."""
    matching = [b for b in blocks(output) if b.lstrip().startswith(f"{label}  {where}")]
    assert matching, f"no {label} at '{where}' in:\n{output}"
    assert any(all(p in b for p in problem) for b in matching), f"expected {problem} at '{where}':\n{matching}"


def assert_warning(output: str, where: str, *problem: str) -> None:
    assert_error(output, where, *problem, label="LET OP")


@pytest.fixture
def copy(tmp_path) -> Path:
    root = tmp_path / "project"
    for name in COPIED:
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}: the test would break nothing"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_with(path: Path, text: str, occurrence: int = 0, whole_line: bool = False) -> int:
    """The line number where `text` appears (or, with whole_line, the line that is exactly it)."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if (line.strip() == text if whole_line else text in line)]
    return lines[occurrence]


# --- the clean project -----------------------------------------------------------------

def test_the_project_passes_make_check_with_an_overview_per_gemeente():
    env = _env()
    env.pop("MAKEFLAGS", None)
    result = subprocess.run(["make", "--no-print-directory", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert errors(result.stdout) == []
    assert "Alles in orde: geen fouten." in result.stdout
    assert "OVERZICHT PER GEMEENTE" in result.stdout
    for gemeente in ("Oss (GM0828)", "Den Haag (GM0518)", "Leidschendam-Voorburg (GM1916)"):
        assert gemeente in result.stdout


def test_an_unchanged_copy_passes_including_rasas_own_validation(copy):
    code, output = run_check(copy, "--zonder-overzicht", rasa=True)
    assert code == 0, output
    assert errors(output) == []


# --- the partner directory -----------------------------------------------------------

def test_a_wrong_phone_number(copy):
    oss = copy / "data/directory/oss.yml"
    replace(oss, 'value: "073-689 90 90"', 'value: "073-68"')
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"data/directory/oss.yml, regel {line_with(oss, '073-68')}, organisatie 'oss-novadic-kentron', contactgegeven 1",
                 "'073-68' is geen geldig Nederlands telefoonnummer", "Oplossing:")


def test_an_unknown_topic(copy):
    oss = copy / "data/directory/oss.yml"
    replace(oss, "topics: [gezondheid, middelen, psychisch]", "topics: [gezondheid, dansen]")
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"data/directory/oss.yml, regel {line_with(oss, 'dansen')}, item 'oss-ggd-jgz'",
                 "'dansen' is geen geldige waarde voor 'topics'", "data/concepts/topics.yml")


def test_an_unknown_cbs_code(copy):
    rijswijk = copy / "data/directory/rijswijk.yml"
    replace(rijswijk, "service_area: GM0603", "service_area: GM9999")
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"data/directory/rijswijk.yml, regel {line_with(rijswijk, 'GM9999')}",
                 "'GM9999' is geen bekende CBS-gemeentecode")


@pytest.mark.parametrize("old,new,problem", [
    ('{type: website, value: "https://www.cjgdenhaag.nl"', '{type: website, value: "www cjgdenhaag"',
     "'www cjgdenhaag' is geen geldig webadres"),
    ('{type: website, value: "https://www.cjgdenhaag.nl"', '{type: email, value: "info.cjgdenhaag.nl"',
     "'info.cjgdenhaag.nl' is geen geldig e-mailadres"),
])
def test_a_wrong_web_or_email_address(copy, old, new, problem):
    den_haag = copy / "data/directory/den-haag.yml"
    replace(den_haag, old, new)
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"data/directory/den-haag.yml, regel {line_with(den_haag, new)}, organisatie 'den-haag-cjg', contactgegeven 1", problem)


def test_an_impossible_age_and_a_missing_field_in_one_file_are_both_reported(copy):
    den_haag = copy / "data/directory/den-haag.yml"
    replace(den_haag, "minimum_age: 0", "minimum_age: 40")
    replace(den_haag, "        cost: gratis\n", "", count=2)  # the first two services lose 'cost'
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"data/directory/den-haag.yml, regel {line_with(den_haag, 'minimum_age: 40')}, item 'den-haag-cjg-jeugdhulp'",
                 "Leeftijd 40 in 'minimum_age' kan niet")
    # Every problem at once: the first service's missing cost beside its age, and the second's.
    missing_cost = [b for b in errors(output) if "Het veld 'cost' ontbreekt." in b]
    assert len(missing_cost) == 2
    assert any("item 'den-haag-cjg-jeugdhulp'" in b for b in missing_cost)


def test_two_wrong_contacts_of_one_partner_are_both_named_by_their_place(copy):
    landelijk = copy / "data/directory/landelijk.yml"
    replace(landelijk, '{type: phone, value: "0800-0113"', '{type: phone, value: "0800-01"')
    replace(landelijk, '{type: chat, value: "https://www.113.nl"', '{type: chat, value: "113 punt nl"')
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"data/directory/landelijk.yml, regel {line_with(landelijk, '0800-01')}, organisatie 'stichting-113', contactgegeven 1",
                 "'0800-01' is geen geldig Nederlands telefoonnummer")
    assert_error(output, f"data/directory/landelijk.yml, regel {line_with(landelijk, '113 punt nl')}, organisatie 'stichting-113', contactgegeven 3",
                 "'113 punt nl' is geen geldig webadres")


def test_a_partner_entered_twice(copy):
    oss = copy / "data/directory/oss.yml"
    text = oss.read_text(encoding="utf-8")
    start, end = text.index("  - id: oss-leerplicht\n"), text.index("  - id: oss-jongerenwerk\n")
    oss.write_text(text + text[start:end], encoding="utf-8")
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    first, again = (line_with(oss, "- id: oss-leerplicht", n, whole_line=True) for n in (0, 1))
    assert_error(output, f"data/directory/oss.yml, regel {again}, item 'oss-leerplicht'",
                 "staat er twee keer in", f"regel {first}")
    assert_error(output, f"data/directory/oss.yml, regel {line_with(oss, 'id: oss-leerplicht-advies', 1)}, item 'oss-leerplicht-advies'",
                 "twee keer gebruikt")


def test_a_field_written_twice_in_one_entry(copy):
    oss = copy / "data/directory/oss.yml"
    replace(oss, "        name: Jongerenwerk\n", "        name: Jongerenwerk\n        name: Jongerenwerk Oss\n")
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"data/directory/oss.yml, regel {line_with(oss, 'name: Jongerenwerk Oss')}", "'name' staat twee keer in hetzelfde blok")


def test_a_service_description_that_is_not_b1(copy):
    rijswijk = copy / "data/directory/rijswijk.yml"
    text = rijswijk.read_text(encoding="utf-8")
    old = re.search(r"\n        description: (.*)\n", text).group(1)
    hard = ("Multidisciplinaire ondersteuningsmogelijkheden betreffende opvoedingsvraagstukken, "
            "ontwikkelingsproblematiek en gezinsomstandigheden worden geïndiceerd na intakegesprekken "
            "met gekwalificeerde jeugdprofessionals conform gemeentelijke verwijzingsprotocollen.")
    replace(rijswijk, f"description: {old}", f"description: {hard}")
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"data/directory/rijswijk.yml, regel {line_with(rijswijk, 'Multidisciplinaire')}",
                 "niet op B1-niveau", "description")


def test_a_yaml_syntax_error_in_the_directory(copy):
    bernheze = copy / "data/directory/bernheze.yml"
    replace(bernheze, "topics: [", "topics: [[")
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, "data/directory/bernheze.yml, regel", "Dit is geen geldige YAML", "niet goed afgesloten")
    # Only that file is named: the rest is not flooded with follow-up errors.
    assert all("bernheze.yml" in b for b in errors(output)), output


def test_a_date_in_the_future(copy):
    rijswijk = copy / "data/directory/rijswijk.yml"
    replace(rijswijk, "    assured_date: 2026-11-28\n", "    assured_date: 2999-01-01\n")
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"data/directory/rijswijk.yml, regel {line_with(rijswijk, 'assured_date')}", "ligt in de toekomst")


# --- the completeness report ----------------------------------------------------------

def test_the_report_shows_entries_checked_more_than_12_months_ago(copy):
    rijswijk = copy / "data/directory/rijswijk.yml"
    old = dt.date.today() - dt.timedelta(days=400)
    recent = dt.date.today() - dt.timedelta(days=30)
    replace(rijswijk, "    assured_date: 2026-11-28\n", f"    assured_date: {old.isoformat()}\n")  # rijswijk-cjg
    replace(rijswijk, "        verified: true\n", f"        verified: true\n        assured_date: {recent.isoformat()}\n")
    code, output = run_check(copy, "--gemeente", "Rijswijk")
    assert code == 0, output  # a gap to fill, not an error
    report = output.split("LET OP")[0]
    assert "Rijswijk (GM0603)" in report and "Oss (GM0828)" not in report
    cjg = next(line for line in report.splitlines() if "(rijswijk-cjg)" in line)
    assert f"laatst gecontroleerd op {old.isoformat()}, langer dan 12 maanden geleden" in cjg
    assert recent.isoformat() not in report


def test_the_report_shows_topics_without_local_help_and_unchecked_services(copy):
    rijswijk = copy / "data/directory/rijswijk.yml"
    replace(rijswijk, "[opvoeding, jeugdhulp, gezondheid, psychisch,", "[opvoeding, jeugdhulp, psychisch,")
    replace(rijswijk, "topics: [gezondheid, opvoeding]", "topics: [opvoeding]")
    text = rijswijk.read_text(encoding="utf-8")
    leerplicht = text.index("- id: rijswijk-leerplicht-")
    rijswijk.write_text(text[:leerplicht] + text[leerplicht:].replace("verified: true", "verified: false", 1), encoding="utf-8")
    code, output = run_check(copy, "--gemeente", "Rijswijk")
    lines = output.splitlines()
    assert any(re.match(r"\s+gezondheid\s+GEEN lokale hulp", line) for line in lines), output
    verzuim = next(line for line in lines if re.match(r"\s+verzuim\s", line))
    assert "Leerplicht van de gemeente Rijswijk (niet gecontroleerd)" in verzuim
    assert any("rijswijk-leerplicht-" in line and "dienst niet gecontroleerd" in line for line in lines)
    # Rijswijk has no general route of its own, so a topic without local help is an error.
    assert code == 1
    assert_error(output, "data/directory/rijswijk.yml", "Rijswijk, onderwerp 'gezondheid'", "een ouder", "een jongere")


def test_a_gemeente_topic_and_asker_without_a_route_usable_today_fails(copy):
    maashorst = copy / "data/directory/maashorst.yml"
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 0, output
    # Without the gemeente's own website, a parent in Maashorst asking about opvoeding has no way
    # to reach anyone today: the local youth help has no checked contact yet.
    replace(maashorst, 'value: "https://www.gemeentemaashorst.nl"\n        verified: true', 'value: "https://www.gemeentemaashorst.nl"\n        verified: false')
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, "data/directory/maashorst.yml", "Maashorst, onderwerp 'opvoeding'", "een ouder",
                 "geen nummer of website die je vandaag zonder school kunt gebruiken")


def test_a_contact_checked_more_than_12_months_ago_is_a_warning(copy):
    oss = copy / "data/directory/oss.yml"
    old = dt.date.today() - dt.timedelta(days=400)
    replace(oss, "        assured_date: 2026-11-28\n", f"        assured_date: {old.isoformat()}\n", count=1)
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 0, output
    warnings = [b for b in output.split("\n\n") if "LET OP  data/directory/oss.yml" in b]
    assert any("14 0412" in b and old.isoformat() in b and "langer dan 12 maanden" in b for b in warnings), output


# --- answers and example questions --------------------------------------------------------

def test_the_same_example_question_under_two_intents(copy):
    basics = copy / "data/nlu/basics.yml"
    replace(basics, "    - hallootjes\n", "    - hallootjes\n    - tot ziens\n")
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"data/nlu/basics.yml, regel {line_with(basics, '- tot ziens')}, intent 'begroeten'",
                 "'tot ziens' staat bij intent 'begroeten' en ook bij 'afscheid'")


def test_an_exact_conflict_is_an_error_and_not_told_again_as_a_near_duplicate(copy):
    help_topics = copy / "data/nlu/help_topics.yml"
    replace(help_topics, "    - ik word gepest\n", "    - ik word gepest\n    - hoi\n")  # also 'hoi' and 'hoi!' under begroeten
    code, output = run_check(copy, "--zonder-overzicht")
    where = f"data/nlu/help_topics.yml, regel {line_with(help_topics, '- hoi', whole_line=True)}, intent 'hulp_pesten'"
    assert code == 1
    assert_error(output, where, "'hoi' staat bij intent 'hulp_pesten' en ook bij 'begroeten'")
    assert not [b for b in blocks(output) if b.lstrip().startswith(f"LET OP  {where}")], output


def test_an_answer_that_is_not_b1(copy):
    domain = copy / "bot/domain/safety.yml"
    replace(domain, "Ik blijf hier. Je mag me alles vragen.",
            "Ik blijf hier en omdat de gemeentelijke jeugdgezondheidszorgorganisatie samenwerkt met verschillende "
            "maatschappelijke ketenpartners kunnen wij jou conform de geldende verwijzingsprocedures doorverwijzen.")
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"bot/domain/safety.yml, regel {line_with(domain, 'utter_crisis_vervolg:')}, antwoord 'utter_crisis_vervolg'",
                 "niet op B1-niveau", "zin te lang")


def test_a_channel_text_that_is_not_b1(copy):
    texts = copy / "data/concepts/kanaalteksten.yml"
    replace(texts, "Sorry, ik kan nu even niet alles voor je opzoeken.",
            "Sorry, doordat de gemeentelijke jeugdgezondheidszorgorganisatie haar informatievoorziening momenteel "
            "herstructureert kunnen wij de gevraagde gegevens conform de procedures niet opzoeken.")
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"data/concepts/kanaalteksten.yml, regel {line_with(texts, '  intro:')}, tekst 'storing.intro'",
                 "niet op B1-niveau", "moeilijk te lezen")


def test_a_help_line_in_an_answer_that_the_directory_does_not_hold(copy):
    """Each help line is defined once (the directory, with its source): answers must agree with it."""
    domain = copy / "bot/domain/safety.yml"
    line = line_with(domain, "utter_crisis:", whole_line=True)
    lines = domain.read_text(encoding="utf-8").splitlines(keepends=True)
    assert "0800-0432" in lines[line + 1]  # its first variant, after a comment line
    lines[line + 1] = lines[line + 1].replace("0800-0432", "0800-0433", 1)
    domain.write_text("".join(lines), encoding="utf-8")
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"bot/domain/safety.yml, regel {line}, antwoord 'utter_crisis'", "0800-0433", "niet in de gids")


def test_an_answer_that_is_never_used_and_an_intent_without_examples(copy):
    core = copy / "bot/domain/core.yml"
    domain = copy / "bot/domain/understanding.yml"
    domain.write_text(domain.read_text(encoding="utf-8") + '  utter_nieuw_antwoord:\n    - text: "Dit is een nieuw antwoord."\n',
                      encoding="utf-8")
    replace(core, "  - bevestigen\n", "  - bevestigen\n  - nieuwe_vraag\n")
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"bot/domain/understanding.yml, regel {line_with(domain, 'utter_nieuw_antwoord')}, antwoord 'utter_nieuw_antwoord'",
                 "wordt nooit gegeven")
    assert_error(output, f"bot/domain/core.yml, regel {line_with(core, 'nieuwe_vraag')}, intent 'nieuwe_vraag'",
                 "heeft geen voorbeeldvragen")


def test_a_yaml_syntax_error_in_the_domain_names_the_line_and_nothing_else(copy):
    domain = copy / "bot/domain/safety.yml"
    replace(domain, "  utter_crisis_vervolg:\n", "  utter_crisis_vervolg: [\n")
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert [b.splitlines()[0] for b in errors(output)] == [f"FOUT  bot/domain/safety.yml, regel {line_with(domain, 'utter_crisis_vervolg: [') + 1}"]
    assert "Dit is geen geldige YAML" in output
    assert "Een deel van de controles is overgeslagen" in output


def test_a_rule_that_uses_an_answer_that_does_not_exist(copy):
    rules = copy / "data/rules/help.yml"
    rules.write_text(rules.read_text(encoding="utf-8")
                     + "\n- rule: nieuwe regel\n  steps:\n  - intent: bedanken\n  - action: utter_bestaat_niet\n", encoding="utf-8")
    code, output = run_check(copy, "--zonder-overzicht", rasa=True)  # found by Rasa's own validation
    assert code == 1
    assert_error(output, f"data/rules/help.yml, regel {line_with(rules, 'utter_bestaat_niet')}, bij 'rule: nieuwe regel'",
                 "Antwoord 'utter_bestaat_niet'", "bestaat niet in het domein")
    assert "Rasa meldt" not in output, output  # told in Dutch, not in Rasa's words


# Rasa's own validation: each problem is worked out from what Rasa read, not from its English
# messages (hulpwijzer/staff/check/rasa_conditions.py), and told in Dutch with file and line.

def add_rule(rules: Path, *steps: str, name: str = "nieuwe regel") -> None:
    text = "".join(f"  - {step}\n" for step in steps)
    rules.write_text(rules.read_text(encoding="utf-8") + f"\n- rule: {name}\n  steps:\n{text}", encoding="utf-8")


def test_a_rule_with_an_intent_that_is_not_in_the_domain(copy):
    rules = copy / "data/rules/help.yml"
    add_rule(rules, "intent: hulp_bij_huiswerk", "action: utter_begroeten")
    code, output = run_check(copy, "--zonder-overzicht", rasa=True)
    assert code == 1
    assert_error(output, f"data/rules/help.yml, regel {line_with(rules, 'intent: hulp_bij_huiswerk')}, bij 'rule: nieuwe regel'",
                 "Intent 'hulp_bij_huiswerk' staat in een regel of verhaal, maar niet in het domein.",
                 "Zet '- hulp_bij_huiswerk' onder 'intents:'")
    assert "Rasa meldt" not in output, output


def test_a_rule_with_an_action_that_is_not_in_the_domain(copy):
    rules = copy / "data/rules/help.yml"
    add_rule(rules, "intent: bedanken", "action: action_bestaat_niet")
    code, output = run_check(copy, "--zonder-overzicht", rasa=True)
    assert code == 1
    assert_error(output, f"data/rules/help.yml, regel {line_with(rules, 'action: action_bestaat_niet')}, bij 'rule: nieuwe regel'",
                 "'action_bestaat_niet' wordt gebruikt in 'nieuwe regel', maar staat niet in het domein.")
    assert "Rasa meldt" not in output, output


def test_a_form_that_asks_for_a_slot_that_does_not_exist(copy):
    core = copy / "bot/domain/core.yml"
    replace(core, "      - topic\n      - gemeente\n", "      - topic\n      - gemeente\n      - leeftijd\n")
    code, output = run_check(copy, "--zonder-overzicht", rasa=True)
    assert code == 1
    assert_error(output, f"bot/domain/core.yml, regel {line_with(core, '- leeftijd', whole_line=True)}, formulier 'hulp_form'",
                 "Formulier 'hulp_form' vraagt naar 'leeftijd', maar dat slot bestaat niet.")
    assert "Rasa meldt" not in output, output


def test_two_stories_that_do_something_else_after_the_same_message(copy):
    stories = copy / "data/rules/verhalen.yml"
    stories.write_text(
        'version: "3.1"\nstories:\n'
        "- story: groeten met een groet\n  steps:\n  - intent: begroeten\n  - action: utter_begroeten\n"
        "- story: groeten met een vraag\n  steps:\n  - intent: begroeten\n  - action: utter_nog_iets\n",
        encoding="utf-8")
    code, output = run_check(copy, "--zonder-overzicht", rasa=True)
    assert code == 1
    conflicts = [b for b in errors(output) if "spreken elkaar tegen" in b]
    assert len(conflicts) == 1, output
    # Named at the step of the first story Rasa lists; both stories and actions are in the text.
    assert conflicts[0].lstrip().startswith((
        f"FOUT  data/rules/verhalen.yml, regel {line_with(stories, 'action: utter_begroeten')}, bij 'story: groeten met een groet'",
        f"FOUT  data/rules/verhalen.yml, regel {line_with(stories, 'action: utter_nog_iets')}, bij 'story: groeten met een vraag'",
    )), conflicts[0]
    assert "Regels of verhalen spreken elkaar tegen na intent 'begroeten'" in conflicts[0]
    assert "'groeten met een groet' laat de bot 'utter_begroeten' doen" in conflicts[0]
    assert "'groeten met een vraag' laat de bot 'utter_nog_iets' doen" in conflicts[0]
    assert "Rasa meldt" not in output, output


def test_an_intent_that_no_rule_uses_is_a_warning(copy):
    core = copy / "bot/domain/core.yml"
    basics = copy / "data/nlu/basics.yml"
    replace(core, "  - bevestigen\n", "  - bevestigen\n  - huiswerk_vragen\n")
    basics.write_text(basics.read_text(encoding="utf-8")
                      + "\n- intent: huiswerk_vragen\n  examples: |\n    - help met huiswerk\n    - ik snap mijn huiswerk niet\n",
                      encoding="utf-8")
    code, output = run_check(copy, "--zonder-overzicht", rasa=True)
    assert code == 0, output  # the bot still works: a warning, not an error
    assert_warning(output, f"bot/domain/core.yml, regel {line_with(core, '- huiswerk_vragen', whole_line=True)}, intent 'huiswerk_vragen'",
                   "Intent 'huiswerk_vragen' staat in geen enkele regel of verhaal")
    assert "Rasa meldt" not in output, output


def test_a_name_in_two_domain_files_is_a_warning(copy):
    understanding = copy / "bot/domain/understanding.yml"
    replace(understanding, "  - faq  #", "  - begroeten\n  - faq  #")
    code, output = run_check(copy, "--zonder-overzicht", rasa=True)
    assert code == 0, output
    assert_warning(output, f"bot/domain/understanding.yml, regel {line_with(understanding, '- begroeten', whole_line=True)}, 'begroeten'",
                   "Dit staat in meer dan één domeinbestand: 'begroeten' (ook in bot/domain/core.yml)")
    assert "Rasa meldt" not in output, output


# --- the shared vocabulary ------------------------------------------------------------

def test_a_new_topic_is_read_from_the_tree_that_is_checked(copy):
    topics = copy / "data/concepts/topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + "  - id: proeftopic\n    label: een proef\n", encoding="utf-8")
    replace(copy / "data/directory/oss.yml", "topics: [jongerenwerk]", "topics: [jongerenwerk, proeftopic]")
    code, output = run_check(copy, "--zonder-overzicht")
    # The new topic is known (no 'geen geldige waarde'); only gemeenten without any route for it
    # (Rijswijk has no general route of its own) are reported.
    assert all("proeftopic" in b and "Rijswijk" in b for b in errors(output)), output


def test_a_wrong_cbs_code_in_the_gemeenten_list(copy):
    gemeenten = copy / "data/concepts/gemeenten.yml"
    replace(gemeenten, "cbs: GM0828", "cbs: 828")
    code, output = run_check(copy, "--zonder-overzicht")
    assert code == 1
    assert_error(output, f"data/concepts/gemeenten.yml, regel {line_with(gemeenten, 'cbs: 828')}", "'828' is geen CBS-gemeentecode")
