"""The place a message means, corrections included (hulpwijzer/core/place_mentions.py)."""
from __future__ import annotations

import pytest

from hulpwijzer.core.place_mentions import meant_place, mentions


@pytest.mark.parametrize("text, gemeente", [
    ("nee joh, ik bedoel Oss", "Oss"),
    ("niet Heesch maar Rosmalen", None),          # Rosmalen is outside the region: said honestly
    ("niet Schijndel maar Nistelrode", "Bernheze"),
    ("we zitten niet in Den Haag, in Rijswijk", "Rijswijk"),
    ("sorry verkeerd getypt, Voorburg", "Leidschendam-Voorburg"),
    ("wij wonen in Oss en hij zit op school in Uden", "Oss"),  # no correction: the first place
    ("hallo vanuit Zeeland", None),                # 'Zeeland' without in/uit/te: the province, not the village
])
def test_the_meant_place(text, gemeente):
    match = meant_place(text)
    assert (match.gemeente if match else None) == gemeente


def test_every_place_is_found_in_order_also_after_a_longer_name():
    found = [m.match.place for m in mentions("eerst Rijswijk, toen Den Haag, nu Heeswijk-Dinther")]
    assert found == ["Rijswijk", "Den Haag", "Heeswijk-Dinther"]


def test_a_button_payload_names_no_place():
    assert meant_place('/doelgroep_kiezen{"doelgroep": "ouder"}') is None
