"""The benchmark table: our figures, the stock bot's, and ours as a ratio of theirs."""
from __future__ import annotations

import math
import platform
import os
import re
import time
from pathlib import Path
from typing import Sequence

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def _ratio(ours: float, stock: float) -> str:
    if not stock or math.isnan(ours) or math.isnan(stock):
        return "-"
    return f"{ours / stock:.2f}"


def _row(label: str, ours: float, stock: float, unit: str, digits: int = 0) -> str:
    return f"| {label} | {ours:.{digits}f} {unit} | {stock:.{digits}f} {unit} | {_ratio(ours, stock)} |"


def render(ours, stock, levels: Sequence[int], load_before: float = float("nan")) -> str:
    rows = [
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores ({platform.machine()}), "
        f"at each level the stock bot first, ours right after. Conversations of {len(ours.script)} messages (ours, with the "
        f"action server round trips) and {len(stock.script)} (the stock mood bot), sent over REST. "
        f"Load average of the machine (1 minute) before the run: {load_before:.1f}, after: {os.getloadavg()[0]:.1f}.",
        "",
        f"| figure | {ours.name} | {stock.name} | ratio |",
        "|---|---|---|---|",
    ]
    for level in levels:
        o, s = ours.loads[level], stock.loads[level]
        for name, fraction in (("p50", 0.50), ("p95", 0.95), ("p99", 0.99)):
            rows.append(_row(f"{name} latency, {level} at once", o.percentile(fraction), s.percentile(fraction), "ms"))
        rows.append(_row(f"throughput, {level} at once", o.throughput, s.throughput, "msg/s", 1))
        rows.append(f"| errors, {level} at once | {o.errors} of {o.messages} | {s.errors} of {s.messages} | - |")
    our_rasa = ours.peak_mb.get("Rasa server", float("nan"))
    stock_rasa = stock.peak_mb.get("stock Rasa server", float("nan"))
    rows.append(_row("peak memory, Rasa server", our_rasa, stock_rasa, "MB"))
    for name, value in ours.peak_mb.items():
        if name != "Rasa server":
            rows.append(f"| peak memory, {name} | {value:.0f} MB | - | - |")
    rows.append(_row("peak memory, all processes", sum(ours.peak_mb.values()), sum(stock.peak_mb.values()), "MB"))
    rows.append(_row("training time", ours.train_seconds, stock.train_seconds, "s"))
    rows.append(_row("model size", ours.model_mb, stock.model_mb, "MB", 1))
    rows += ["", *targets(ours, stock)]
    for figures in (ours, stock):
        rows += ["", kinds_table(figures, levels)]
    return "\n".join(rows)


def kinds_table(figures, levels: Sequence[int]) -> str:
    """p50 / p95 / p99 per kind of message at each level, and the Rasa server's CPU time per
    message of that kind (one conversation at a time): a slow kind stands out here."""
    cpu = 1 in figures.loads and figures.loads[1].cpu_by_kind
    header = f"| kind of message ({figures.name}) | " + " | ".join(f"p50 / p95 / p99, {level} at once" for level in levels)
    header += " | Rasa server CPU per message |" if cpu else " |"
    rows = [header, "|---|" + "---|" * (len(levels) + (1 if cpu else 0))]
    for kind, _ in figures.script:
        cells = []
        for level in levels:
            load = figures.loads[level]
            cells.append(" / ".join(f"{load.kind_percentile(kind, f):.0f}" for f in (0.50, 0.95, 0.99)) + " ms")
        if cpu:
            cells.append(f"{figures.loads[1].kind_cpu_ms(kind):.1f} ms")
        rows.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def targets(ours, stock) -> list:
    """The targets of the performance issues, checked on this run's figures."""
    lines = []
    for level, name, fraction, limit in ((10, "p95", 0.95, 0.5), (50, "p99", 0.99, 0.8)):
        if level in ours.loads and level in stock.loads:
            ratio = ours.loads[level].percentile(fraction) / stock.loads[level].percentile(fraction)
            lines.append(f"- {name} at {level} at once is {ratio:.2f} x the stock bot's (target: at most {limit:.2f}): "
                         f"{'met' if ratio <= limit else 'NOT met'}")
    errors = sum(load.errors for load in ours.loads.values())
    lines.append(f"- errors at all levels: {errors} (target: 0): {'met' if errors == 0 else 'NOT met'}")
    our_rasa = ours.peak_mb.get("Rasa server", float("nan"))
    stock_rasa = stock.peak_mb.get("stock Rasa server", float("nan"))
    lines.append(f"- peak memory of the Rasa server is {our_rasa / stock_rasa:.2f} x the stock bot's (target: at most 1.00): "
                 f"{'met' if our_rasa <= stock_rasa else 'NOT met'}")
    return lines


def write_docs(path: Path, table: str, start: str = START, end: str = END) -> None:
    """Replace the block between the markers in the doc (the rest is hand-written)."""
    text = path.read_text(encoding="utf-8")
    block = f"{start}\n{table}\n{end}"
    if start in text and end in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.DOTALL)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
