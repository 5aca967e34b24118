"""`make soak` (python -m tools.measure.bench.soak): a long run at a steady rate of mixed conversations.

Starts our bot as `make run` does (action server + Rasa server, fresh SQLite tracker store,
free ports on 127.0.0.1), warms it up, then sends messages at a steady rate (default 5 per
second) for a fixed time (default 30 minutes) and stops by itself. Conversations are mixed:
the help form with the directory lookup, frequent questions, the crisis net and bad input.
A conversation sends its next message only after the answer to the previous one; several run
side by side and share the rate.

Reported: messages and errors (an answer that is not HTTP 200 with at least one text), p50 and
p95 latency per window (default 5 minutes), and the memory (resident set) of each process at
the start (after the warm-up) and at the end. Per window also the machine's load average and
the Rasa server's CPU time per message: on a shared machine latency follows what others run,
the CPU time per message shows whether our server itself got slower. Targets: zero errors, memory growth under 5%,
p95 in the last window within 10% of the first. --write-docs puts the table into
docs/performance.md.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shutil
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import aiohttp

from tools.measure.bench.memory import rss_mb
from tools.measure.bench.cpu import cpu_seconds
from tools.measure.bench.load import REQUEST_TIMEOUT_SECONDS, percentile_ms, send, warm_up
from tools.measure.bench.report import write_docs
from hulpwijzer.config import ROOT
from hulpwijzer.ops.stack import Stack, action_server, rasa_server
from hulpwijzer.ops.train_if_changed import MODEL_FILE

START, END = "<!-- soak:start -->", "<!-- soak:end -->"
WORKDIR = ROOT / "var" / "bench" / "soak"

# (kind, messages): test sentences only, no personal data. Per round of 10 conversations:
# 4 help requests, 3 with frequent questions, 1 crisis, 2 with bad input.
CONVERSATIONS: Sequence[Tuple[str, Sequence[str]]] = (
    ("routing", ("hoi", "mijn zoon wordt gepest", "we wonen in Oss", "dank je", "doei")),
    ("faq", ("wat is het cjg?", "is het gratis?", "doei")),
    ("routing", ("mijn dochter spijbelt, we wonen in Den Haag", "nee dank je")),
    ("bad input", ("", "🙂🙂🙂", "krakel snurf blubber")),
    ("routing", ("ik zoek hulp bij opvoeden", "Meierijstad", "doei")),
    ("faq", ("mag ik anoniem blijven?", "kunnen mijn ouders dit zien", "dank je")),
    ("crisis", ("hoi", "ik wil niet meer leven")),
    ("routing", ("ik voel me somber", "ik woon in Amsterdam", "dank je")),
    ("bad input", ("<script>alert(1)</script>", "x" * 3000, "'; DROP TABLE events; --", "hello, I need help")),
    ("faq", ("wat doet een jeugdverpleegkundige", "weet school hiervan?", "doei")),
)


@dataclass
class SoakResult:
    rate: float
    window_seconds: float
    seconds: float = 0.0
    # (seconds since the start, latency in seconds, answered well)
    samples: List[Tuple[float, float, bool]] = field(default_factory=list)
    memory_start: Dict[str, float] = field(default_factory=dict)
    memory_end: Dict[str, float] = field(default_factory=dict)
    errors_by_kind: Dict[str, int] = field(default_factory=dict)
    # (seconds since the start, 1-minute load average, CPU seconds of the Rasa server so far)
    probes: List[Tuple[float, float, float]] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for _, _, ok in self.samples if not ok)

    def window_probes(self, index: int) -> Tuple[float, float]:
        """Mean load average, and the Rasa server's CPU ms per message, in window `index`."""
        start, end = index * self.window_seconds, (index + 1) * self.window_seconds
        inside = [p for p in self.probes if start <= p[0] <= end]
        if len(inside) < 2:
            return float("nan"), float("nan")
        load = sum(p[1] for p in inside) / len(inside)
        messages = sum(1 for s in self.samples if inside[0][0] <= s[0] < inside[-1][0])
        cpu_ms = (inside[-1][2] - inside[0][2]) / messages * 1000 if messages else float("nan")
        return load, cpu_ms

    def windows(self) -> List[List[Tuple[float, float, bool]]]:
        count = max(1, int(round(self.seconds / self.window_seconds)))
        buckets: List[List[Tuple[float, float, bool]]] = [[] for _ in range(count)]
        for sample in self.samples:
            buckets[min(count - 1, int(sample[0] // self.window_seconds))].append(sample)
        return buckets


class RateLimiter:
    """At most `rate` starts per second, evenly spaced, shared by all conversations."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate
        self.next_slot = time.monotonic()

    async def wait(self) -> None:
        now = time.monotonic()
        slot = max(now, self.next_slot)
        self.next_slot = slot + self.interval
        await asyncio.sleep(slot - now)


async def _conversations(session, url: str, limiter: RateLimiter, deadline: float, started: float,
                         plan, result: SoakResult) -> None:
    while True:
        kind, messages = next(plan)
        sender = f"soak-{uuid.uuid4().hex[:12]}"
        for text in messages:
            await limiter.wait()
            if time.monotonic() >= deadline:
                return
            sent = time.monotonic()
            ok = await send(session, url, sender, text)
            result.samples.append((sent - started, time.monotonic() - sent, ok))
            if not ok:
                result.errors_by_kind[kind] = result.errors_by_kind.get(kind, 0) + 1


async def _probe(pid: int, started: float, deadline: float, result: SoakResult, every: float = 5.0) -> None:
    while True:
        now = time.monotonic()
        result.probes.append((now - started, os.getloadavg()[0], cpu_seconds(pid)))
        if now >= deadline:
            return
        await asyncio.sleep(min(every, deadline - now))


async def _soak(url: str, rate: float, seconds: float, parallel: int, result: SoakResult, rasa_pid: int) -> None:
    plan = itertools.cycle(CONVERSATIONS)  # shared: the mix stays the same whatever finishes first
    limiter = RateLimiter(rate)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=parallel * 2)) as session:
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(_probe(rasa_pid, started, deadline, result),
                             *(_conversations(session, url, limiter, deadline, started, plan, result)
                               for _ in range(parallel)))
        result.seconds = time.monotonic() - started


def soak(stack: Stack, rate: float, seconds: float, window: float, parallel: int = 6) -> SoakResult:
    url = f"http://127.0.0.1:{stack.settings['RASA_PORT']}/webhooks/rest/webhook"
    result = SoakResult(rate, window)
    for kind, messages in CONVERSATIONS:
        warm_up(url, [(kind, text) for text in messages], conversations=2)
    result.memory_start = {s.name: rss_mb(s.process.pid) for s in stack.services}
    rasa_pid = stack.services[-1].process.pid  # the Rasa server is started last
    asyncio.run(_soak(url, rate, seconds, parallel, result, rasa_pid))
    result.memory_end = {s.name: rss_mb(s.process.pid) for s in stack.services}
    return result


def render(result: SoakResult) -> str:
    minutes = result.window_seconds / 60
    lines = [
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores, {result.seconds / 60:.0f} minutes at "
        f"{result.rate:g} messages per second (sent: {len(result.samples) / result.seconds:.2f} per second), "
        f"mixed conversations (help form with directory lookup, frequent questions, crisis, bad input). "
        f"Load average of the machine (1 minute) at the end: {os.getloadavg()[0]:.1f}.",
        "",
        f"| window ({minutes:g} min) | messages | errors | p50 | p95 | Rasa server CPU per message | load average |",
        "|---|---|---|---|---|---|---|",
    ]
    windows = result.windows()
    for index, samples in enumerate(windows):
        latencies = [latency for _, latency, _ in samples]
        errors = sum(1 for _, _, ok in samples if not ok)
        load, cpu_ms = result.window_probes(index)
        lines.append(f"| {index * minutes:g}-{(index + 1) * minutes:g} min | {len(samples)} | {errors} | "
                     f"{percentile_ms(latencies, 0.5):.0f} ms | {percentile_ms(latencies, 0.95):.0f} ms | "
                     f"{cpu_ms:.1f} ms | {load:.1f} |")
    lines += ["", "| process | memory at the start | at the end | growth |", "|---|---|---|---|"]
    for name, start in result.memory_start.items():
        end = result.memory_end.get(name, float("nan"))
        lines.append(f"| {name} | {start:.0f} MB | {end:.0f} MB | {(end - start) / start:+.1%} |")
    lines += ["", *targets(result)]
    return "\n".join(lines)


def targets(result: SoakResult) -> List[str]:
    lines = [f"- errors: {result.errors} of {len(result.samples)} (target: 0): {'met' if result.errors == 0 else 'NOT met'}"]
    if result.errors_by_kind:
        lines[-1] += " (" + ", ".join(f"{kind}: {count}" for kind, count in sorted(result.errors_by_kind.items())) + ")"
    growth = max(((result.memory_end.get(name, float("nan")) - start) / start for name, start in result.memory_start.items()),
                 default=float("nan"))
    lines.append(f"- largest memory growth of a process: {growth:+.1%} (target: under 5%): {'met' if growth < 0.05 else 'NOT met'}")
    windows = [w for w in result.windows() if w]
    if len(windows) >= 2:
        first = percentile_ms([latency for _, latency, _ in windows[0]], 0.95)
        last = percentile_ms([latency for _, latency, _ in windows[-1]], 0.95)
        change = (last - first) / first
        lines.append(f"- p95 in the last window against the first: {change:+.1%} (target: within 10%): "
                     f"{'met' if abs(change) <= 0.10 else 'NOT met'}")
        first_load, first_cpu = result.window_probes(0)
        last_load, last_cpu = result.window_probes(len(result.windows()) - 1)
        if first_cpu == first_cpu and last_cpu == last_cpu:  # not NaN
            lines.append(f"- the Rasa server's CPU time per message, last window against the first: "
                         f"{(last_cpu - first_cpu) / first_cpu:+.1%} (load average {first_load:.1f} then {last_load:.1f})")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Long run at a steady rate of mixed conversations.")
    parser.add_argument("--minutes", type=float, default=30, help="how long to send (default 30)")
    parser.add_argument("--rate", type=float, default=5, help="messages per second (default 5)")
    parser.add_argument("--window", type=float, default=5, help="minutes per window of the report (default 5)")
    parser.add_argument("--write-docs", action="store_true", help="put the table into docs/performance.md")
    args = parser.parse_args(argv)
    from tools.measure.bench.__main__ import _settings  # the benchmark's settings: free ports, own token

    shutil.rmtree(WORKDIR, ignore_errors=True)
    WORKDIR.mkdir(parents=True)
    settings = _settings(WORKDIR)
    stack = Stack([action_server(settings, WORKDIR), rasa_server(settings, MODEL_FILE, WORKDIR)], settings)
    print(f"Soak: {args.minutes:g} minutes at {args.rate:g} messages per second (logs in {WORKDIR})...", flush=True)
    stack.start()
    try:
        result = soak(stack, args.rate, args.minutes * 60, args.window * 60)
    finally:
        stack.stop()
    table = render(result)
    print("\n" + table)
    (WORKDIR / "report.md").write_text(table + "\n")
    if args.write_docs:
        write_docs(ROOT / "docs" / "performance.md", table, START, END)
        print("Written to docs/performance.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
