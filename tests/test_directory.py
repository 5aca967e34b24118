"""The partner directory: real contact routes for every gemeente and topic, honest gaps,
and bad files that stop everything with an error naming file, entry and field."""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

from actions import concepts, replies
from actions.directory.lookup import find_help, national_lines
from actions.directory.schema import DirectoryError
from actions.directory.store import DEFAULT_PATH, DirectoryStore, load_directory

SERVICES = load_directory(DEFAULT_PATH)
DOELGROEPEN = ("ouder", "jongere", None)
# Gemeenten whose own youth-help contact details are not verified yet (see docs/directory.md).
# For parents there, only topics with a national line for parents (psychisch: 113, geweld:
# Veilig Thuis) or a verified regional service (middelen: Novadic-Kentron) have a number.
UNVERIFIED_LOCAL = {"Oss", "Maashorst", "Meierijstad", "Bernheze"}
UNCHECKED_NOTICE = "nog niet gecontroleerd"


def _answer(topic, gemeente, doelgroep):
    found = find_help(SERVICES, topic, gemeente, doelgroep)
    return found, "\n\n".join(replies.service_message(s, gemeente) for s in found)


def _verified_routes():
    routes = set()
    for service in SERVICES:
        routes.update(c.value for c in service.organization.shown_contacts() if c.type in ("phone", "website", "chat"))
    return routes


@pytest.mark.parametrize("gemeente", concepts.gemeente_names())
@pytest.mark.parametrize("topic", concepts.topic_ids())
@pytest.mark.parametrize("doelgroep", DOELGROEPEN)
def test_every_gemeente_and_topic_gets_help_with_a_way_to_reach_it(gemeente, topic, doelgroep):
    found, text = _answer(topic, gemeente, doelgroep)
    assert 1 <= len(found) <= 3
    routes = [r for r in _verified_routes() if r in text]
    for service in found:
        if not service.organization.shown_contacts():
            assert UNCHECKED_NOTICE in text, "a service without checked contacts must say so"
    if doelgroep == "ouder" and gemeente in UNVERIFIED_LOCAL and topic not in {"psychisch", "geweld", "middelen"}:
        assert UNCHECKED_NOTICE in text and found[0].organization.gemeente == gemeente
    else:
        assert routes, f"no checked phone, website or chat for {topic} in {gemeente} ({doelgroep})"


@pytest.mark.parametrize("gemeente", ["Den Haag", "Rijswijk", "Leidschendam-Voorburg"])
def test_haaglanden_answers_give_the_gemeentes_own_website(gemeente):
    for topic in concepts.topic_ids():
        found, text = _answer(topic, gemeente, "ouder")
        local = [s for s in found if s.organization.gemeente == gemeente]
        assert local and any(c.type == "website" and c.value in text for s in local for c in s.organization.shown_contacts())


def test_unverified_details_are_never_shown():
    hidden = {c.value for s in SERVICES for c in s.organization.contacts if not c.verified}
    assert hidden, "the data has unverified details (municipal websites, hours): they must stay hidden"
    for gemeente in concepts.gemeente_names():
        for topic in concepts.topic_ids():
            for doelgroep in DOELGROEPEN:
                _, text = _answer(topic, gemeente, doelgroep)
                for value in hidden:
                    assert value not in text


def test_answers_say_it_is_free_and_that_the_school_is_not_needed():
    _, text = _answer("opvoeding", "Den Haag", "ouder")
    assert "gratis" in text.lower()
    assert "school niet nodig" in text


def test_honest_exceptions_halt_novadic_and_smw():
    _, halt = _answer("halt", "Oss", "jongere")
    assert "geen hulp die je zelf aanvraagt" in halt
    _, drugs = _answer("middelen", "Oss", "ouder")
    assert "verwijzing" in drugs and "073-689 90 90" in drugs
    _, pesten = _answer("pesten", "Den Haag", "ouder")
    assert "via de school" in pesten  # SMW+ is offered, and said to go through the school


def test_geweld_puts_veilig_thuis_first():
    found, _ = _answer("geweld", "Rijswijk", None)
    assert found[0].organization.id == "veilig-thuis"


def test_outside_the_region_gets_national_lines_that_help_everywhere():
    lines = national_lines(SERVICES)
    names = {s.organization.name for s in lines}
    assert {"De Kindertelefoon", "Veilig Thuis", "113 Zelfmoordpreventie"} <= names
    assert all(s.organization.shown_contacts() for s in lines)


def _domain_responses():
    for file in (Path(__file__).parents[1] / "bot" / "domain").glob("*.yml"):
        for name, variants in (yaml.safe_load(file.read_text()).get("responses") or {}).items():
            for variant in variants:
                yield name, variant["text"]


def test_every_number_in_an_answer_is_a_verified_number_in_the_directory():
    phones = {c.value for s in SERVICES for c in s.organization.shown_contacts() if c.type == "phone"}
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
    (lambda d: _first_service(d).pop("topics"), "oss-cjg-jeugdhulp", "topics", "is missing"),
    (lambda d: _first_service(d).update(topics=["dansen"]), "oss-cjg-jeugdhulp", "topics", "'dansen' is not one of"),
    (lambda d: _first_service(d).update(minimum_age="twaalf"), "oss-cjg-jeugdhulp", "minimum_age", "must be a whole number"),
    (lambda d: _first_service(d).update(verified="ja"), "oss-cjg-jeugdhulp", "verified", "must be true or false"),
    (lambda d: d.update(service_area="GM9999"), "(file)", "service_area", "'GM9999' is not a known CBS code"),
    (lambda d: d["organizations"][0]["contacts"][0].update(type="phone", value="06-12"), "oss-cjg contact 1", "value", "is not a Dutch phone number"),
    (lambda d: d["organizations"][0]["contacts"][0].update(value="oss dot nl"), "oss-cjg contact 1", "value", "is not a web address"),
    (lambda d: d["organizations"][0].pop("source"), "oss-cjg", "source", "is missing"),
    (lambda d: _first_service(d).update(access="misschien"), "oss-cjg-jeugdhulp", "access", "is not one of"),
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
    _edit(directory_copy / "maashorst.yml", lambda d: _first_service(d).update(id="oss-cjg-jeugdhulp"))
    with pytest.raises(DirectoryError, match="used twice"):
        load_directory(directory_copy)


def test_the_store_reloads_a_changed_file_without_restart(directory_copy, monkeypatch):
    monkeypatch.setattr("actions.directory.store.CHECK_INTERVAL_SECONDS", 0.0)
    store = DirectoryStore(directory_copy)
    before = find_help(store.services, "opvoeding", "Rijswijk", "ouder")[0]
    time.sleep(0.01)
    _edit(directory_copy / "rijswijk.yml", lambda d: _first_service(d).update(description="Nieuwe beschrijving."))
    after = find_help(store.services, "opvoeding", "Rijswijk", "ouder")[0]
    assert before.description != after.description == "Nieuwe beschrijving."


def test_a_file_broken_while_running_keeps_the_last_good_directory(directory_copy, monkeypatch):
    monkeypatch.setattr("actions.directory.store.CHECK_INTERVAL_SECONDS", 0.0)
    store = DirectoryStore(directory_copy)
    count = len(store.services)
    _edit(directory_copy / "oss.yml", lambda d: _first_service(d).update(topics=["onbekend"]))
    assert len(store.services) == count


def test_a_broken_directory_refuses_to_start(directory_copy):
    _edit(directory_copy / "oss.yml", lambda d: _first_service(d).pop("cost"))
    with pytest.raises(DirectoryError, match="oss.yml: entry 'oss-cjg-jeugdhulp', field 'cost'"):
        DirectoryStore(directory_copy)
