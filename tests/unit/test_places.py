"""The place table: every place in the region resolves to its gemeente; others honestly not."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from hulpwijzer.core import concepts
from hulpwijzer.core.places import find, resolve

REGIO_MD = Path(__file__).resolve().parents[3] / "shared" / "reference" / "regio.md"


def _all_places():
    for gemeente in concepts.gemeenten():
        for name in gemeente.all_names:
            yield name, gemeente.name


@pytest.mark.parametrize("place,gemeente", list(_all_places()))
def test_every_place_in_the_concepts_file_resolves_to_its_gemeente(place, gemeente):
    for variant in (place, place.lower(), place.upper(), f"ik woon in {place}"):
        match = resolve(variant)
        assert match is not None and match.gemeente == gemeente, variant


def test_every_place_named_in_the_reference_table_is_covered():
    if not REGIO_MD.exists():
        pytest.skip(f"reference file not found at {REGIO_MD}")
    rows = [line for line in REGIO_MD.read_text().splitlines() if re.match(r"\| (Oss|Maashorst|Meierijstad|Bernheze|Den Haag|Rijswijk|Leidschendam-Voorburg) \|", line)]
    assert len(rows) == 7
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        gemeente, places = cells[0], cells[2].split(",")
        for place in places:
            assert resolve(place.strip()).gemeente == gemeente, place


@pytest.mark.parametrize("text,gemeente", [
    ("den haag", "Den Haag"), ("'s-Gravenhage", "Den Haag"), ("s Gravenhage", "Den Haag"),
    ("Scheveningen", "Den Haag"), ("Uden", "Maashorst"), ("Rooi", "Meierijstad"),
    ("Heeswijk Dinther", "Bernheze"), ("heeswijk-dinther", "Bernheze"), ("Landerd", "Maashorst"),
    ("St. Oedenrode", "Meierijstad"), ("leidschendam voorburg", "Leidschendam-Voorburg"),
    ("waar kan ik opvoedondersteuning krijgen in Oss?", "Oss"),
    ("hulp bij opvoeden in veghel pls", "Meierijstad"),
])
def test_spellings_and_places_inside_sentences(text, gemeente):
    assert resolve(text).gemeente == gemeente


@pytest.mark.parametrize("typo,gemeente", [
    ("Veghl", "Meierijstad"), ("schijndl", "Meierijstad"), ("Scheveninge", "Den Haag"),
    ("Nistelroode", "Bernheze"), ("Leidschendamm", "Leidschendam-Voorburg"), ("Ravensteijn", "Oss"),
])
def test_common_typos(typo, gemeente):
    assert resolve(typo).gemeente == gemeente


@pytest.mark.parametrize("place", ["Amsterdam", "ik woon in Eindhoven", "Tilburg", "Den Bosch", "Utrecht", "ik woon in Best"])
def test_places_outside_the_region_are_recognised_as_outside(place):
    match = resolve(place)
    assert match is not None and match.gemeente is None and not match.in_region


@pytest.mark.parametrize("text", [
    "waar is het centrum voor jeugd en gezin", "ik ga naar zeeland op vakantie",
    "mijn zoon wordt gepest", "ik wil hulp", "ouders", "", "😀😀", "<script>alert(1)</script>",
    "ik doe mijn best", "ik ben best bang, mijn kind wordt gepest", "my son is bullied", "het is best graven",
    # Everyday words close to a place name are not typos of it.
    "waarvoor kan ik bij het cjg terecht", "wat is het jeugdteam van de gemeente", "leest de gemeente mee",
    "ik wil een keukentafelgesprek met de gemeente", "ik maak me zorgen om het kind van de buren",
    "ik snap niks van wiskunde en haal onvoldoendes",
])
def test_ordinary_words_are_not_places(text):
    assert resolve(text) is None


def test_an_ambiguous_name_counts_as_a_whole_answer_or_after_a_preposition():
    assert resolve("Zeeland").gemeente == "Maashorst"
    assert resolve("ik woon in zeeland").gemeente == "Maashorst"
    assert resolve("Zeeland", allow_ambiguous=False) is None


def test_an_ambiguous_name_counts_after_van():
    assert resolve("waar is het jeugdteam van Megen").gemeente == "Oss"


@pytest.mark.parametrize("text,named", [
    ("waar kan ik opvoedondersteuning krijgen in Oss?", "Oss"),
    ("ik woon in 's-Gravenhage en mijn zoon wordt gepest", "'s-Gravenhage"),
    ("hulp in Heeswijk-Dinther graag", "Heeswijk-Dinther"),
    ("we wonen in leidschendam voorburg", "leidschendam voorburg"),
    ("mijn dochter in veghl wordt gepest", "veghl"),
    ("Rooi", "Rooi"),
])
def test_find_gives_where_the_place_is_written(text, named):
    mention = find(text)
    assert text[mention.start:mention.end] == named
    assert mention.match == resolve(text)


def test_the_nlu_place_extractor_marks_the_place_as_written():
    from rasa.shared.nlu.training_data.message import Message

    from hulpwijzer.rasa_server.nlu.places import PlaceExtractor

    messages = [Message(data={"text": text}) for text in (
        "hulp bij opvoeden in Veghl pls", "mijn zoon wordt gepest", "/hulp_pesten", "wat doet de gemeente")]
    PlaceExtractor.create({}, None, None, None).process(messages)
    found = [message.get("entities", []) for message in messages]
    assert [(e["entity"], e["value"], e["start"], e["end"], e["extractor"]) for e in found[0]] == [
        ("plaats", "Veghl", 21, 26, "PlaceExtractor")]
    assert found[1:] == [[], [], []]
