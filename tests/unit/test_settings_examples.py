"""The two env examples (.env.example for make run, deploy/production.env.example for the
containers) name only settings the code or the endpoint files really read."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from dotenv import dotenv_values

from hulpwijzer import config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [ROOT / ".env.example", ROOT / "deploy" / "production.env.example"]
# Where a setting's name is written when it is read: the code, and the files Rasa, compose and
# Helm fill from the environment.
READ_IN_CODE = re.compile(r'(?:setting|number|_setting)\(\s*"([A-Z][A-Z_0-9]+)"|\[\s*"([A-Z][A-Z_0-9]+)"\s*\]')
FILLED_FROM_ENVIRONMENT = re.compile(r"\$\{([A-Z][A-Z_0-9]+)")
ENVIRONMENT_FILES = ["endpoints.yml", "bot/credentials.yml", "deploy/endpoints.production.yml",
                     "deploy/docker-compose.yml", "deploy/helm-values.yml"]


def settings_read() -> set:
    names = set(config.DEFAULTS)
    for path in [*ROOT.glob("hulpwijzer/**/*.py"), *ROOT.glob("actions/**/*.py")]:
        names |= {a or b for a, b in READ_IN_CODE.findall(path.read_text(encoding="utf-8"))}
    for name in ENVIRONMENT_FILES:
        names |= set(FILLED_FROM_ENVIRONMENT.findall((ROOT / name).read_text(encoding="utf-8")))
    return names


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_setting_in_the_example_is_read_somewhere(example):
    named = set(dotenv_values(example))
    assert named, f"{example.name} names no settings"
    assert sorted(named - settings_read()) == []


def test_the_check_finds_a_setting_nobody_reads(tmp_path):
    stale = tmp_path / "example.env"
    stale.write_text("RASA_PORT=5005\nOLD_UNUSED_SETTING=1\n")
    assert sorted(set(dotenv_values(stale)) - settings_read()) == ["OLD_UNUSED_SETTING"]
