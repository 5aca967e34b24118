"""Benchmark of the partner directory: load time and lookup latency.

    python -m tools.measure.bench_directory [--lookups 20000]

Prints load time of all directory files and p50/p99 of one lookup (find_help over a random
gemeente, topic and audience), plus the cost of the change check that makes reloads work.
"""
from __future__ import annotations

import argparse
import random
import statistics
import time

from hulpwijzer.core import concepts
from hulpwijzer.core.directory.lookup import find_help
from hulpwijzer.core.directory.store import DEFAULT_PATH, DirectoryStore, load_directory


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lookups", type=int, default=20000)
    args = parser.parse_args()

    loads = []
    for _ in range(20):
        started = time.perf_counter()
        services = load_directory(DEFAULT_PATH)
        loads.append(time.perf_counter() - started)

    store = DirectoryStore(DEFAULT_PATH)
    rng = random.Random(1)
    requests = [
        (rng.choice(concepts.topic_ids()), rng.choice(concepts.gemeente_names()), rng.choice(["ouder", "jongere", None]))
        for _ in range(args.lookups)
    ]
    lookups, with_check = [], []
    for topic, gemeente, doelgroep in requests:
        started = time.perf_counter()
        find_help(services, topic, gemeente, doelgroep)
        lookups.append(time.perf_counter() - started)
        started = time.perf_counter()
        find_help(store.services, topic, gemeente, doelgroep)  # includes the file-change check
        with_check.append(time.perf_counter() - started)

    micro = 1e6
    print(f"directory: {len(services)} services in {len(list(DEFAULT_PATH.glob('*.yml')))} files")
    print(f"load (parse + check all files): median {statistics.median(loads) * 1000:.1f} ms")
    print(f"lookup: p50 {_percentile(lookups, .5) * micro:.0f} us, p99 {_percentile(lookups, .99) * micro:.0f} us")
    print(f"lookup incl. change check: p50 {_percentile(with_check, .5) * micro:.0f} us, "
          f"p99 {_percentile(with_check, .99) * micro:.0f} us")


if __name__ == "__main__":
    main()
