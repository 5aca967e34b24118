"""Load over the REST channel: N conversations at once, each a fixed script of messages.

A conversation sends its next message only after the answer to the previous one, as a person
does. Every message's latency is kept, also per kind of message (the first message of a
conversation, the start of the help form, ...), so a slow kind shows up by itself. A message
counts as an error when the answer is not HTTP 200 with at least one text.
"""
from __future__ import annotations

import asyncio
import math
import time
import uuid
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import aiohttp

from tools.measure.bench.cpu import cpu_seconds

REQUEST_TIMEOUT_SECONDS = 120
# A script: (kind of message, text) pairs, one conversation.
Script = Sequence[Tuple[str, str]]


def percentile_ms(latencies: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of latencies in seconds, in milliseconds."""
    ordered = sorted(latencies)
    if not ordered:
        return float("nan")
    rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered))))
    return ordered[rank - 1] * 1000


@dataclass
class LoadResult:
    concurrency: int
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    wall_seconds: float = 0.0
    by_kind: Dict[str, List[float]] = field(default_factory=dict)
    # CPU seconds the server spent per message, per kind (one conversation at a time only).
    cpu_by_kind: Dict[str, List[float]] = field(default_factory=dict)

    @property
    def messages(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.messages / self.wall_seconds if self.wall_seconds else 0.0

    def percentile(self, fraction: float) -> float:
        """Nearest-rank percentile in milliseconds."""
        return percentile_ms(self.latencies, fraction)

    def kind_percentile(self, kind: str, fraction: float) -> float:
        return percentile_ms(self.by_kind.get(kind, []), fraction)

    def kind_cpu_ms(self, kind: str) -> float:
        """Mean CPU time of the server per message of this kind, in milliseconds."""
        values = self.cpu_by_kind.get(kind, [])
        return sum(values) / len(values) * 1000 if values else float("nan")

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        self.latencies.append(seconds)
        self.by_kind.setdefault(kind, []).append(seconds)
        self.errors += 0 if ok else 1


async def send(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> bool:
    """One message over REST; True when the answer is HTTP 200 with at least one text."""
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            if response.status != 200:
                return False
            body = await response.json(content_type=None)
            return isinstance(body, list) and any(m.get("text") for m in body)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        return False


async def _worker(session, url: str, script: Script, until: int, result: LoadResult, cpu_pid: Optional[int]) -> None:
    while result.messages < until:
        sender = f"bench-{uuid.uuid4().hex[:12]}"
        for kind, text in script:
            cpu_before = cpu_seconds(cpu_pid) if cpu_pid else 0.0
            started = time.perf_counter()
            ok = await send(session, url, sender, text)
            result.add(kind, time.perf_counter() - started, ok)
            if cpu_pid:
                result.cpu_by_kind.setdefault(kind, []).append(cpu_seconds(cpu_pid) - cpu_before)


async def _run(url: str, script: Script, concurrency: int, messages: int, cpu_pid: Optional[int]) -> LoadResult:
    result = LoadResult(concurrency)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    connector = aiohttp.TCPConnector(limit=concurrency * 2)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(_worker(session, url, script, messages, result, cpu_pid if concurrency == 1 else None)
                                     for _ in range(concurrency)))
        result.wall_seconds = time.perf_counter() - started
    return result


def run_load(url: str, script: Script, concurrency: int, messages: int, cpu_pid: Optional[int] = None) -> LoadResult:
    """At least `messages` messages in conversations of `script`, `concurrency` at a time.

    With `cpu_pid` and one conversation at a time, the CPU time that process spent on each
    message is kept too (with more at once it cannot be told apart per message).
    """
    return asyncio.run(_run(url, script, concurrency, messages, cpu_pid))


def warm_up(url: str, script: Script, conversations: int = 3) -> None:
    """First messages load TensorFlow graphs and caches; they are not measured."""
    run_load(url, script, 1, conversations * len(script))
