"""The benchmark's own arithmetic and report (the benchmark itself runs with `make bench`)."""
from __future__ import annotations

from tools.measure.bench.load import LoadResult
from tools.measure.bench.report import END, START, write_docs


def test_percentiles_are_nearest_rank_in_milliseconds():
    result = LoadResult(concurrency=1, latencies=[i / 1000 for i in range(1, 101)], wall_seconds=2.0)
    assert result.percentile(0.50) == 50
    assert result.percentile(0.95) == 95
    assert result.percentile(0.99) == 99
    assert result.throughput == 50


def test_the_table_replaces_only_the_block_between_the_markers(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Speed\n\nintro\n\n{START}\nold table\n{END}\n\nanalysis stays\n")
    write_docs(doc, "| new | table |")
    text = doc.read_text()
    assert "old table" not in text and "| new | table |" in text
    assert text.startswith("# Speed\n\nintro") and text.rstrip().endswith("analysis stays")


def test_every_profile_stage_names_a_function_that_exists():
    """A stage whose frame no longer exists (a renamed file, a replaced component) would show 0%
    in the profile instead of an error."""
    import re
    import sysconfig
    from pathlib import Path

    from tools.measure.bench.profile import MAIN_THREAD, STAGES

    root = Path(__file__).resolve().parents[2]
    site_packages = Path(sysconfig.get_paths()["purelib"])
    for label, frame in [*STAGES, ("main thread", MAIN_THREAD)]:
        function, path = re.fullmatch(r"(\w+) \((.+)\)", frame).groups()
        source = root / path if (root / path).exists() else site_packages / path
        assert source.exists(), f"{label}: {path} not found"
        assert re.search(rf"def {function}\(", source.read_text(encoding="utf-8")), f"{label}: no {function} in {path}"


def test_stage_shares_count_main_thread_samples_with_the_stage_on_the_stack(tmp_path):
    from tools.measure.bench.profile import MAIN_THREAD, stage_shares

    main = MAIN_THREAD.replace(")", ":10)")
    collapsed = tmp_path / "rasa.collapsed"
    collapsed.write_text(
        f"{main};handle_message (rasa/core/processor.py:1);write_new_events (hulpwijzer/rasa_server/stores/redacting_tracker_store.py:5) 3\n"
        f"{main};handle_message (rasa/core/processor.py:1) 1\n"
        "worker (tensorflow/thread.py:3);write_new_events (hulpwijzer/rasa_server/stores/redacting_tracker_store.py:5) 50\n"
    )
    shares = stage_shares(collapsed)
    assert shares["a message in all"] == 1.0
    assert shares["tracker store: write"] == 0.75
    assert shares["tracker store: read"] == 0.0


def test_latency_is_kept_per_kind_of_message_and_a_slow_kind_shows_in_the_table():
    from types import SimpleNamespace

    from tools.measure.bench.report import kinds_table

    result = LoadResult(concurrency=10)
    for i in range(100):
        result.add("greeting", 0.010, ok=True)
        result.add("form filled", 0.050, ok=i != 0)
    assert result.messages == 200 and result.errors == 1
    assert result.kind_percentile("greeting", 0.95) == 10
    assert result.kind_percentile("form filled", 0.50) == 50
    one = LoadResult(concurrency=1, cpu_by_kind={"greeting": [0.004, 0.006], "form filled": [0.02]})
    figures = SimpleNamespace(name="bot", script=[("greeting", "hoi"), ("form filled", "Oss")], loads={1: one, 10: result})
    table = kinds_table(figures, [10])
    assert "| greeting | 10 / 10 / 10 ms | 5.0 ms |" in table
    assert "| form filled | 50 / 50 / 50 ms | 20.0 ms |" in table


def test_targets_compare_p95_at_10_and_p99_at_50_with_the_stock_bot_and_count_errors():
    from types import SimpleNamespace

    from tools.measure.bench.report import targets

    def load(ms, errors=0):
        return LoadResult(concurrency=1, latencies=[ms / 1000] * 100, errors=errors)

    ours = SimpleNamespace(loads={10: load(100), 50: load(500, errors=2)}, peak_mb={"Rasa server": 800})
    stock = SimpleNamespace(loads={10: load(300), 50: load(600)}, peak_mb={"stock Rasa server": 1000})
    lines = "\n".join(targets(ours, stock))
    assert "p95 at 10 at once is 0.33 x" in lines and "(target: at most 0.50): met" in lines
    assert "p99 at 50 at once is 0.83 x the stock bot's (target: at most 0.80): NOT met" in lines
    assert "errors at all levels: 2 (target: 0): NOT met" in lines


def test_soak_windows_and_targets():
    from tools.measure.bench.soak import SoakResult, render

    result = SoakResult(rate=5, window_seconds=300, seconds=900)
    result.samples = [(t, 0.050, True) for t in range(0, 300)] + [(t, 0.100, True) for t in range(300, 600)]
    result.samples += [(t, 0.054, t != 700) for t in range(600, 900)]
    result.errors_by_kind = {"bad input": 1}
    result.memory_start = {"Rasa server": 800.0, "action server": 100.0}
    result.memory_end = {"Rasa server": 810.0, "action server": 106.0}
    # A probe every 100 s: load average, CPU seconds of the Rasa server so far (10 ms a message).
    result.probes = [(t, 1.5, t * 0.010) for t in range(0, 901, 100)]
    assert [len(w) for w in result.windows()] == [300, 300, 300]
    text = render(result)
    assert "| 5-10 min | 300 | 0 | 100 ms | 100 ms | 10.0 ms | 1.5 |" in text
    assert "| 10-15 min | 300 | 1 | 54 ms | 54 ms | 10.0 ms | 1.5 |" in text
    assert "- errors: 1 of 900 (target: 0): NOT met (bad input: 1)" in text
    assert "largest memory growth of a process: +6.0% (target: under 5%): NOT met" in text
    assert "p95 in the last window against the first: +8.0% (target: within 10%): met" in text
    assert "CPU time per message, last window against the first: +0.0% (load average 1.5 then 1.5)" in text


def test_the_soak_rate_limiter_spaces_messages_evenly():
    import asyncio
    import time

    from tools.measure.bench.soak import RateLimiter

    async def starts():
        limiter = RateLimiter(rate=50)
        times = []
        for _ in range(10):
            await limiter.wait()
            times.append(time.monotonic())
        return times

    times = asyncio.run(starts())
    assert times[-1] - times[0] >= 9 / 50 * 0.95
