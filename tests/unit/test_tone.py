"""Every answer is B1 Dutch: easy to read (Flesch-Douma) with short sentences."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hulpwijzer.core import concepts, replies
from hulpwijzer.core.directory.lookup import compose, national_lines
from hulpwijzer.core.directory.store import DEFAULT_PATH, load_directory
from hulpwijzer.staff.readability import MAX_WORDS_PER_SENTENCE, MIN_READING_EASE, measure

DOMAIN = Path(__file__).resolve().parents[2] / "bot" / "domain"


def _domain_responses():
    for file in sorted(DOMAIN.glob("*.yml")):
        for name, variants in (yaml.safe_load(file.read_text()).get("responses") or {}).items():
            for variant in variants:
                yield f"{file.name}:{name}", variant["text"]


def _action_replies():
    services = load_directory(DEFAULT_PATH)
    seen = set()
    for gemeente in concepts.gemeente_names():
        for topic in concepts.topics():
            yield f"intro {topic.id}", replies.intro_message(topic.label, gemeente)
            for doelgroep in ("ouder", "jongere", None):
                for card in compose(services, topic.id, gemeente, doelgroep):
                    key = card.service.id + (f" for {card.route_for.id}" if card.route_for else "")
                    if key not in seen:
                        seen.add(key)
                        yield key, card.text
    yield "outside region", replies.outside_region_message("Amsterdam", list(concepts.gemeente_names()))
    for service in national_lines(services):
        yield service.id, replies.service_message(service, None)


ALL_TEXTS = list(_domain_responses()) + list(_action_replies())


@pytest.mark.parametrize("name,text", ALL_TEXTS, ids=[n for n, _ in ALL_TEXTS])
def test_every_answer_is_easy_to_read(name, text):
    assert measure(text).problems() == [], text


def test_the_bound_catches_hard_official_language():
    hard = (
        "Indien u gebruik wenst te maken van de voorzieningen van de gemeentelijke jeugdgezondheidszorg, "
        "dient u voorafgaand aan de intake een ondertekende toestemmingsverklaring in te dienen bij de "
        "verantwoordelijke contactpersoon van de desbetreffende organisatie."
    )
    result = measure(hard)
    assert result.reading_ease < MIN_READING_EASE
    assert result.longest_sentence > MAX_WORDS_PER_SENTENCE
