"""The channels file Rasa gets: bot/credentials.yml without the channels that are not set up.

bot/credentials.yml is the one list of channels. A channel that names ${VARIABLES} (the
messengers: their tokens) is switched on only when every variable it names has a value in
the environment or `.env`; otherwise it is left out, so Rasa does not fail on an unset
variable and its webhook URL does not exist. The written file keeps the ${VARIABLES} as they
are: Rasa fills them in from its environment, so no secret is ever written to disk.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping

import yaml

from hulpwijzer.config import CREDENTIALS_FILE, ROOT

SOURCE = CREDENTIALS_FILE
VARIABLE = re.compile(r"\$\{(\w+)\}")


@dataclass
class Channels:
    on: Dict[str, Any] = field(default_factory=dict)
    # channel -> the variables it still needs (only channels with some of them set)
    half_set_up: Dict[str, List[str]] = field(default_factory=dict)

    @property
    def names(self) -> List[str]:
        """Short names for messages: 'hulpwijzer.rasa_server.channels.telegram.GuardedTelegramInput' -> 'telegram'."""
        return [path.split(".")[-2] if "." in path else path for path in self.on]


def variables_in(config: Any) -> List[str]:
    if isinstance(config, dict):
        return [v for value in config.values() for v in variables_in(value)]
    if isinstance(config, list):
        return [v for value in config for v in variables_in(value)]
    return VARIABLE.findall(config) if isinstance(config, str) else []


def select(values: Mapping[str, str], source: Path = SOURCE) -> Channels:
    """The channels of `source` whose variables all have a (non-empty) value in `values`."""
    result = Channels()
    for channel, config in (yaml.safe_load(source.read_text(encoding="utf-8")) or {}).items():
        needed = variables_in(config)
        missing = [name for name in needed if not values.get(name)]
        if not missing:
            result.on[channel] = config
        elif len(missing) < len(needed):
            result.half_set_up[channel] = missing
    return result


def write(values: Mapping[str, str], target: Path, source: Path = SOURCE) -> Channels:
    channels = select(values, source)
    target.parent.mkdir(parents=True, exist_ok=True)
    shown = source.relative_to(ROOT) if source.is_relative_to(ROOT) else source
    header = f"# Made from {shown} at start-up; edit that file, not this one.\n"
    target.write_text(header + yaml.safe_dump(channels.on, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return channels
