"""The partner directory: a sourced route usable today for every gemeente, topic and asker,
honest labels per service, and bad files that stop everything with an error naming file,
entry and field."""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

import datetime as dt

from hulpwijzer.core import concepts, replies
from hulpwijzer.core.directory.lookup import compose, find_help, national_lines
from hulpwijzer.core.directory.schema import DirectoryError, is_dutch_phone_number
from hulpwijzer.core.directory.store import DEFAULT_PATH, DirectoryStore, load_directory

SERVICES = load_directory(DEFAULT_PATH)
DOELGROEPEN = ("ouder", "jongere", None)


def _answer(topic, gemeente, doelgroep):
    cards = compose(SERVICES, topic, gemeente, doelgroep)
    return cards, "\n\n".join(card.text for card in cards)


def _usable_today_without_school(card, gemeente):
    """A local service (or the gemeente's own route) that one may contact without the school,
    with a shown phone number, website or chat written in the answer."""
    service = card.service
    return (
        service.organization.gemeente == gemeente
        and service.access in ("vrij-toegankelijk", "afspraak")
        and any(c.type in ("phone", "website", "chat") and c.value in card.text for c in service.organization.shown_contacts())
    )


@pytest.mark.parametrize("gemeente", concepts.gemeente_names())
@pytest.mark.parametrize("topic", concepts.topic_ids())
@pytest.mark.parametrize("doelgroep", DOELGROEPEN)
def test_every_gemeente_topic_and_asker_gets_a_sourced_route_usable_today(gemeente, topic, doelgroep):
    cards, text = _answer(topic, gemeente, doelgroep)
    assert 1 <= len(cards) <= 4
    assert any(_usable_today_without_school(card, gemeente) for card in cards), text
    for card in cards:
        assert card.service.organization.shown_contacts(), f"{card.service.id} is shown without a sourced contact"
        if card.route_for is not None:
            assert "Vraag naar" in card.text
    assert "zoek op internet" not in text.lower()


def test_a_gemeente_route_says_what_to_ask_for():
    cards, text = _answer("verzuim", "Maashorst", "ouder")
    assert "https://www.rblbno.nl" in text  # the RBL's own site: no route via the gemeente needed
    cards, text = _answer("opvoeding", "Oss", "ouder")
    route = next(card for card in cards if card.route_for is not None)
    assert route.route_for.id == "oss-cjg" and "14 0412" in route.text
    assert "Vraag naar het Centrum voor Jeugd & Gezin (CJG)." in route.text


def test_each_asker_gets_the_national_line_that_fits():
    for gemeente in concepts.gemeente_names():
        _, young = _answer("pesten", gemeente, "jongere")
        _, parent = _answer("pesten", gemeente, "ouder")
        _, unknown = _answer("pesten", gemeente, None)
        assert "0800-0432" in young and "oudertelefoon.nl" not in young  # De Kindertelefoon, 8-18
        assert "oudertelefoon.nl" in parent and "0800-0432" not in parent  # De Oudertelefoon, for parents
        assert "0800-0432" in unknown and "oudertelefoon.nl" in unknown
    _, parent = _answer("psychisch", "Oss", "ouder")
    assert "0800-0113" in parent  # 113 is more specific than a general line


def test_a_minor_gets_kentra24_not_the_adult_addiction_line():
    for gemeente in ("Oss", "Maashorst", "Meierijstad", "Bernheze"):
        _, text = _answer("middelen", gemeente, "jongere")
        assert "0413-48 58 58" in text and "073-689 90 90" not in text
        assert "verwijsbrief van de huisarts" in text


def test_smw_is_only_for_parents_last_and_said_to_go_through_the_school():
    for gemeente in ("Den Haag", "Rijswijk", "Leidschendam-Voorburg"):
        cards, text = _answer("pesten", gemeente, "ouder")
        assert cards[-1].service.access == "via-school" and "via de school" in cards[-1].text
        assert "basisschool" in cards[-1].text
        for doelgroep in ("jongere", None):
            cards, _ = _answer("pesten", gemeente, doelgroep)
            assert all(card.service.access != "via-school" for card in cards)


def test_each_service_says_for_itself_if_it_is_free_and_needs_the_school():
    intro = replies.intro_message("Opvoeden", "Den Haag")
    assert "gratis" not in intro and "school" not in intro
    cards, _ = _answer("opvoeding", "Den Haag", "ouder")
    assert "gratis" in cards[0].text.lower() and "De school hoeft het niet te weten" in cards[0].text
    assert "gratis" in cards[0].data["labels"] and "zonder school" in cards[0].data["labels"]
    cards, _ = _answer("middelen", "Oss", "jongere")
    kentra = next(card for card in cards if card.service.id == "oss-kentra24-behandeling")
    assert "verwijzing nodig" in kentra.data["labels"] and "zonder school" not in kentra.data["labels"]


def test_leerplicht_is_described_as_advice_and_enforcement():
    _, text = _answer("verzuim", "Oss", "jongere")
    assert "advies" in text and "straf" in text


def test_unverified_or_undated_details_are_never_shown():
    hidden = {c.value for s in SERVICES for c in s.organization.contacts if not c.shown}
    assert {"0900-463 64 43", "073-54 32 196"} <= hidden, "unconfirmed numbers must stay hidden"
    for gemeente in concepts.gemeente_names():
        for topic in concepts.topic_ids():
            for doelgroep in DOELGROEPEN:
                _, text = _answer(topic, gemeente, doelgroep)
                for value in hidden:
                    assert value not in text


def test_a_contact_without_assured_date_is_not_shown(directory_copy):
    _edit(directory_copy / "oss.yml", lambda d: d["organizations"][0]["contacts"][0].pop("assured_date"))
    oss = next(s for s in load_directory(directory_copy) if s.id == "oss-gemeente-vragen")
    assert "14 0412" not in {c.value for c in oss.organization.shown_contacts()}


def test_opening_hours_say_open_or_closed_now():
    kindertelefoon = next(s for s in SERVICES if s.id == "kindertelefoon-praten")
    evening = dt.datetime(2026, 11, 28, 20, 30)
    night = dt.datetime(2026, 11, 28, 23, 30)
    assert "Nu open." in replies.service_card(kindertelefoon, evening).text
    assert "Nu gesloten." in replies.service_card(kindertelefoon, night).text
    veilig_thuis = next(s for s in SERVICES if s.id == "veilig-thuis-advies")
    assert "Dag en nacht open." in replies.service_card(veilig_thuis, night).text


def test_cards_have_tel_links_and_web_links():
    cards, _ = _answer("pesten", "Oss", "jongere")
    kindertelefoon = next(card for card in cards if card.service.id == "kindertelefoon-praten")
    assert {"nummer": "0800-0432", "href": "tel:08000432"} in kindertelefoon.data["telefoon"]
    assert kindertelefoon.data["web"][0]["url"].startswith("https://")


@pytest.mark.parametrize("number,ok", [
    ("0800-0432", True), ("073-689 90 90", True), ("14 0412", True), ("14 070", True), ("112", True), ("113", True),
    ("06-12", False), ("0800-04", False), ("1234", False), ("073-689 90 9O", False),
])
def test_phone_numbers_are_checked_with_the_phone_number_library(number, ok):
    assert is_dutch_phone_number(number) is ok


def test_honest_exceptions_halt_and_referrals():
    _, halt = _answer("halt", "Oss", "jongere")
    assert "geen hulp die je zelf aanvraagt" in halt
    _, drugs = _answer("middelen", "Oss", "ouder")
    assert "verwijzing" in drugs


def test_geweld_puts_veilig_thuis_first():
    cards, _ = _answer("geweld", "Rijswijk", None)
    assert cards[0].service.organization.id == "veilig-thuis"


def test_the_route_tables_in_the_docs_are_made_from_the_data():
    from tools.staff import directory_table

    assert directory_table.up_to_date(), "run: python -m tools.staff.directory_table"
    tables = directory_table.tables()
    assert "0900-463 64 43 (NIET getoond" in tables  # unconfirmed numbers are listed as such
    for gemeente in concepts.gemeente_names():
        assert f"### {gemeente}" in tables


def test_outside_the_region_gets_national_lines_that_help_everywhere():
    lines = national_lines(SERVICES)
    names = {s.organization.name for s in lines}
    assert {"De Kindertelefoon", "Veilig Thuis", "113 Zelfmoordpreventie"} <= names
    assert all(s.organization.shown_contacts() for s in lines)


def _domain_responses():
    for file in (Path(__file__).parents[2] / "bot" / "domain").glob("*.yml"):
        for name, variants in (yaml.safe_load(file.read_text()).get("responses") or {}).items():
            for variant in variants:
                yield name, variant["text"]


def test_every_number_in_an_answer_is_a_verified_number_in_the_directory():
    phones = {c.value for s in SERVICES for c in s.organization.shown_contacts() if c.type == "phone"}
    phones |= {c.value.replace("-", "") for c in (c for s in SERVICES for c in s.organization.shown_contacts()) if c.type == "phone"}
    for name, text in _domain_responses():
        for number in re.findall(r"\b\d{3,4}(?:[- ]?\d{2,4})*\b", text):
            if re.fullmatch(r"\d{1,2}(:\d{2})?|24/7|18|24", number):
                continue
            assert number in phones, f"{number} in {name} is not a verified number in the directory"


def test_the_crisis_answer_without_a_known_kind_has_all_four_lines():
    from tests.safety_answers import RESPONSES

    crisis = next(v["text"] for v in RESPONSES["utter_crisis"] if not v.get("condition"))
    for needed in ("112", "113", "0800-0113", "0800-2000", "0800-0432", "https://www.113.nl", "https://www.kindertelefoon.nl"):
        assert needed in crisis


# --- bad files ------------------------------------------------------------------------

@pytest.fixture
def directory_copy(tmp_path):
    target = tmp_path / "directory"
    shutil.copytree(DEFAULT_PATH, target)
    return target


def _edit(path: Path, change):
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def _first_service(data):
    return data["organizations"][0]["services"][0]


@pytest.mark.parametrize("change,entry,field,problem", [
    (lambda d: _first_service(d).pop("topics"), "oss-gemeente-vragen", "topics", "is missing"),
    (lambda d: _first_service(d).update(topics=["dansen"]), "oss-gemeente-vragen", "topics", "'dansen' is not one of"),
    (lambda d: _first_service(d).update(minimum_age="twaalf"), "oss-gemeente-vragen", "minimum_age", "must be a whole number"),
    (lambda d: _first_service(d).update(verified="ja"), "oss-gemeente-vragen", "verified", "must be true or false"),
    (lambda d: d.update(service_area="GM9999"), "(file)", "service_area", "'GM9999' is not a known CBS code"),
    (lambda d: d["organizations"][0]["contacts"][0].update(value="06-12"), "oss-gemeente contact 1", "value", "is not a Dutch phone number"),
    (lambda d: d["organizations"][0]["contacts"][1].update(value="oss dot nl"), "oss-gemeente contact 2", "value", "is not a web address"),
    (lambda d: d["organizations"][0]["contacts"][1].update(verified="ja"), "oss-gemeente contact 2", "verified", "must be true or false"),
    (lambda d: d["organizations"][0]["contacts"][1].update(assured_date="gisteren"), "oss-gemeente contact 2", "assured_date", "is not a date"),
    (lambda d: d["organizations"][0]["contacts"][1].pop("source"), "oss-gemeente contact 2", "source", "is missing"),
    (lambda d: d["organizations"][0].pop("source"), "oss-gemeente", "source", "is missing"),
    (lambda d: _first_service(d).update(access="misschien"), "oss-gemeente-vragen", "access", "is not one of"),
    (lambda d: _first_service(d).update(school_level="kleuterklas"), "oss-gemeente-vragen", "school_level", "is not one of"),
])
def test_a_bad_entry_names_file_entry_and_field(directory_copy, change, entry, field, problem):
    _edit(directory_copy / "oss.yml", change)
    with pytest.raises(DirectoryError) as error:
        load_directory(directory_copy)
    assert (error.value.file, error.value.entry, error.value.field) == ("oss.yml", entry, field)
    assert problem in error.value.problem


def test_a_yaml_syntax_error_names_file_and_line(directory_copy):
    path = directory_copy / "rijswijk.yml"
    path.write_text(path.read_text().replace("gemeente: Rijswijk", "gemeente: [Rijswijk"))
    with pytest.raises(DirectoryError) as error:
        load_directory(directory_copy)
    assert error.value.file == "rijswijk.yml" and error.value.entry.startswith("line ")


def test_a_duplicate_service_id_is_refused(directory_copy):
    _edit(directory_copy / "maashorst.yml", lambda d: _first_service(d).update(id="oss-gemeente-vragen"))
    with pytest.raises(DirectoryError, match="used twice"):
        load_directory(directory_copy)


def test_the_store_reloads_a_changed_file_without_restart(directory_copy, monkeypatch):
    monkeypatch.setattr("hulpwijzer.core.directory.store.CHECK_INTERVAL_SECONDS", 0.0)
    store = DirectoryStore(directory_copy)
    before = find_help(store.services, "opvoeding", "Rijswijk", "ouder")[0]
    time.sleep(0.01)
    _edit(directory_copy / "rijswijk.yml", lambda d: _first_service(d).update(description="Nieuwe beschrijving."))
    after = find_help(store.services, "opvoeding", "Rijswijk", "ouder")[0]
    assert before.description != after.description == "Nieuwe beschrijving."


def test_a_file_broken_while_running_keeps_the_last_good_directory(directory_copy, monkeypatch):
    monkeypatch.setattr("hulpwijzer.core.directory.store.CHECK_INTERVAL_SECONDS", 0.0)
    store = DirectoryStore(directory_copy)
    count = len(store.services)
    _edit(directory_copy / "oss.yml", lambda d: _first_service(d).update(topics=["onbekend"]))
    assert len(store.services) == count


def test_a_broken_directory_refuses_to_start(directory_copy):
    _edit(directory_copy / "oss.yml", lambda d: _first_service(d).pop("cost"))
    with pytest.raises(DirectoryError, match="oss.yml: entry 'oss-gemeente-vragen', field 'cost'"):
        DirectoryStore(directory_copy)


def test_every_problem_in_the_directory_comes_at_once_with_code_place_and_values(directory_copy):
    def break_three_things(data):
        data["organizations"][0]["contacts"][0].update(value="06-12")
        _first_service(data).update(access="misschien")
        _first_service(data).pop("cost")

    _edit(directory_copy / "oss.yml", break_three_things)
    rijswijk_id = _first_service(yaml.safe_load((directory_copy / "rijswijk.yml").read_text()))["id"]
    _edit(directory_copy / "maashorst.yml", lambda d: _first_service(d).update(id=rijswijk_id))
    with pytest.raises(DirectoryError) as error:
        load_directory(directory_copy)
    found = {(p.code, p.file, p.entry, p.field) for p in error.value.problems}
    assert found == {
        ("phone", "oss.yml", "oss-gemeente contact 1", "value"),
        ("not_one_of", "oss.yml", "oss-gemeente-vragen", "access"),
        ("missing", "oss.yml", "oss-gemeente-vragen", "cost"),
        ("duplicate_id", "rijswijk.yml", rijswijk_id, "id"),
    }
    values = {p.code: p.values for p in error.value.problems}
    assert values["phone"] == {"value": "06-12"}
    assert values["not_one_of"]["value"] == "misschien" and "vrij-toegankelijk" in values["not_one_of"]["allowed"]
    assert values["duplicate_id"] == {"other_file": "maashorst.yml"}  # files are read in name order


def test_each_problem_code_is_told_in_dutch_by_the_one_table():
    """Every code the validator can give has its line in data/concepts/gidsfouten.yml."""
    from hulpwijzer.core.directory import schema
    from hulpwijzer.core.texts import DIRECTORY_PROBLEMS

    table = yaml.safe_load((concepts.CONCEPTS_DIR / DIRECTORY_PROBLEMS).read_text(encoding="utf-8"))
    codes = {c.code for c in schema._Problem.__subclasses__()} | {code for code, _ in schema._PYDANTIC_CODES.values()} | set(schema._ENGLISH)
    assert codes - set(table) == set()
    assert all(table[code]["probleem"] for code in codes)
