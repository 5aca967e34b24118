"""make eval's short summary of one trained model, for the beheer's model job: the model parses
the real questions and the crisis and harmless messages of the held-out sets once (no
cross-validation: about a thousand short messages, some 15 seconds of the bot's time), and
four figures are set against their targets.

The figures come from running this model, every time: the running bot parses the messages
right after it has swapped the model in (or, when no bot runs, the model is loaded here). The
summary file is written by the job that measured it and read only while that job is the last
one (hulpwijzer/beheer/modeljob.py).
Staff see figures only, never a held-out sentence: national editors write training data.
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

from hulpwijzer.config import HELDOUT_DIR, HELDOUT_QUESTIONS, HELDOUT_SAFETY_DIR, ROOT
from hulpwijzer.staff import heldout


@dataclass(frozen=True)
class Target:
    key: str
    label: str      # for staff, in Dutch
    goal: float
    at_least: bool  # the figure must be at least the goal (else: at most)

    def met(self, value: float) -> bool:
        return value >= self.goal if self.at_least else value <= self.goal


TARGETS = (
    Target("topic", "Echte vragen met het goede onderwerp", heldout.TARGETS["topic"], True),
    Target("no_topic", "Echte vragen waarbij de bot geen onderwerp vindt", heldout.TARGETS["no_topic"], False),
    Target("crisis_recall", "Crisisberichten die het crisisantwoord krijgen", heldout.TARGET_RECALL, True),
    Target("false_alarms", "Gewone berichten die toch het crisisantwoord krijgen", heldout.TARGET_FALSE_ALARMS, False),
)


class Unavailable(Exception):
    """The summary cannot be made here; the message says why, for staff."""


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def score(questions: Sequence[heldout.Question], question_parses: Sequence[dict],
          messages: Sequence[heldout.HeldOut], message_parses: Sequence[dict]) -> Dict[str, float]:
    """The four figures (shares from 0 to 1) and how many messages each is over."""
    readings = [heldout.read(p) for p in question_parses]
    levels = [heldout.crisis_level(p) for p in message_parses]
    crisis = [level for m, level in zip(messages, levels) if m.expect == heldout.CRISIS]
    harmless = [level for m, level in zip(messages, levels) if m.expect == heldout.NONE]
    return {
        "topic": _share(sum(heldout.topic_right(q, r) for q, r in zip(questions, readings)), len(questions)),
        "no_topic": _share(sum(r.no_topic for r in readings), len(questions)),
        "crisis_recall": _share(crisis.count(heldout.CRISIS), len(crisis)),
        "false_alarms": _share(harmless.count(heldout.CRISIS), len(harmless)),
        "questions": len(questions), "crisis_messages": len(crisis), "harmless_messages": len(harmless),
    }


def measure(model: Path, parse_texts: Optional[Callable[[List[str]], List[dict]]] = None) -> Dict[str, float]:
    """Load `model`, parse the held-out sets with it, and score them (plus the seconds it took)."""
    if not HELDOUT_QUESTIONS.exists() or not any(HELDOUT_SAFETY_DIR.glob("*.yml")):
        raise Unavailable(f"de testvragen staan niet in deze installatie ({HELDOUT_DIR.relative_to(ROOT)}/ ontbreekt).")
    started = time.monotonic()
    questions = heldout.load_questions()
    # The concern messages count in neither figure, so they are not parsed.
    messages = [m for m in heldout.load_heldout() if m.expect in (heldout.CRISIS, heldout.NONE)]
    parses = (parse_texts or _parser(model))([q.text for q in questions] + [m.text for m in messages])
    figures = score(questions, parses[:len(questions)], messages, parses[len(questions):])
    figures["seconds"] = round(time.monotonic() - started)
    return figures


def running_bot_parser(url: str, token: str) -> Callable[[List[str]], List[dict]]:
    """Parse with the model the running bot has just loaded (POST /model/parse, Rasa's HTTP API):
    no second copy of the model in memory, and no minute of loading it. It writes no
    conversation, so the figures page and make report do not count these messages."""
    import urllib.request

    def parse(text: str) -> dict:
        request = urllib.request.Request(f"{url}/model/parse?token={token}", data=json.dumps({"text": text}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read().decode())

    return lambda texts: [parse(text) for text in texts]


def _parser(model: Path) -> Callable[[List[str]], List[dict]]:
    """Load the model here (when no bot runs)."""
    import asyncio
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    from hulpwijzer.known_warnings import hide_known_harmless

    hide_known_harmless()
    logging.disable(logging.WARNING)
    configure_structlog(logging.WARNING)  # Rasa logs every parse at debug level otherwise
    agent = Agent.load(str(model))

    async def parse_all(texts: List[str]) -> List[dict]:
        return [await agent.parse_message(text) for text in texts]

    return lambda texts: asyncio.run(parse_all(texts))


# --- the summary, in Dutch for staff ------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    label: str
    value: str   # "91,2 %"
    goal: str    # "minstens 90 %"
    met: bool

    @property
    def verdict(self) -> str:
        return "gehaald" if self.met else "niet gehaald"


@dataclass(frozen=True)
class Summary:
    headline: str
    rows: List[Row]
    basis: str  # what it was measured on, and how long it took


def percent(share: float) -> str:
    """0.912 -> "91,2 %" (Dutch: a comma, no ",0" on whole numbers, a space that never breaks)."""
    text = f"{100 * share:.1f}".replace(".", ",")
    return (text[:-2] if text.endswith(",0") else text) + "\u00a0%"


def summarise(figures: Dict[str, float]) -> Summary:
    rows = [Row(t.label, percent(figures[t.key]), f"{'minstens' if t.at_least else 'hoogstens'} {percent(t.goal)}",
                t.met(figures[t.key])) for t in TARGETS]
    missed = [r.label.lower() for r in rows if not r.met]
    if not missed:
        headline = "Het model haalt alle doelen."
    else:
        headline = f"Het model haalt {len(missed)} van de {len(rows)} doelen niet: {', '.join(missed)}."
    basis = (f"Gemeten met het model zelf op {int(figures['questions'])} echte vragen, {int(figures['crisis_messages'])} "
             f"crisisberichten en {int(figures['harmless_messages'])} gewone berichten die niemand van ons schreef "
             f"(in {int(figures.get('seconds', 0))} seconden).")
    return Summary(headline, rows, basis)


def lines(summary: Summary) -> List[str]:
    return [summary.headline, *(f"- {r.label}: {r.value} (doel: {r.goal}): {r.verdict}." for r in summary.rows), summary.basis]


# --- the job's file -----------------------------------------------------------------------------

def measure_and_write(model: Path, out: Path, parse_texts: Optional[Callable[[List[str]], List[dict]]] = None) -> None:
    """Measure `model` (with `parse_texts`, else by loading it) and write the figures, or why
    there are none, to `out`; print the summary."""
    print(f"Het model wordt nu gemeten op de testvragen (make eval, kort): {model.name}...", flush=True)
    try:
        with _without_library_noise():
            result = {"model": model.name, "figures": measure(model, parse_texts)}
    except Unavailable as reason:
        result = {"model": model.name, "unavailable": str(reason)}
    except Exception as problem:  # the swap is done; a failed measurement must say so, not hide it
        result = {"model": model.name, "unavailable": f"het meten lukte niet ({type(problem).__name__}: {problem})."}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    if "figures" in result:
        print("\n".join(lines(summarise(result["figures"]))), flush=True)
    else:
        print(f"Geen samenvatting: {result['unavailable']}", flush=True)


@contextlib.contextmanager
def _without_library_noise():
    """Loading a model prints dozens of library warnings (TensorFlow writes straight to file 2):
    they would push the progress and the summary off the model page's log. A failure still
    says what went wrong, from the exception."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as nothing:
            os.dup2(nothing.fileno(), 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def read_result(path: Path) -> Optional[dict]:
    """What a job wrote: {"figures": ...} or {"unavailable": reason}; None when there is nothing."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def main(argv=None) -> int:
    import argparse

    from hulpwijzer.config import MODEL_FILE

    parser = argparse.ArgumentParser(description="De korte samenvatting van make eval voor een getraind model.")
    parser.add_argument("--model", type=Path, default=MODEL_FILE)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    measure_and_write(args.model, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
