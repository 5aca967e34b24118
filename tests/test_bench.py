"""The benchmark's own arithmetic and report (the benchmark itself runs with `make bench`)."""
from __future__ import annotations

from scripts.bench.load import LoadResult
from scripts.bench.report import END, START, write_docs


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

    from scripts.bench.profile import MAIN_THREAD, STAGES

    root = Path(__file__).resolve().parent.parent
    site_packages = Path(sysconfig.get_paths()["purelib"])
    for label, frame in [*STAGES, ("main thread", MAIN_THREAD)]:
        function, path = re.fullmatch(r"(\w+) \((.+)\)", frame).groups()
        source = root / path if (root / path).exists() else site_packages / path
        assert source.exists(), f"{label}: {path} not found"
        assert re.search(rf"def {function}\(", source.read_text(encoding="utf-8")), f"{label}: no {function} in {path}"


def test_stage_shares_count_main_thread_samples_with_the_stage_on_the_stack(tmp_path):
    from scripts.bench.profile import MAIN_THREAD, stage_shares

    main = MAIN_THREAD.replace(")", ":10)")
    collapsed = tmp_path / "rasa.collapsed"
    collapsed.write_text(
        f"{main};handle_message (rasa/core/processor.py:1);save (stores/redacting_tracker_store.py:5) 3\n"
        f"{main};handle_message (rasa/core/processor.py:1) 1\n"
        "worker (tensorflow/thread.py:3);save (stores/redacting_tracker_store.py:5) 50\n"
    )
    shares = stage_shares(collapsed)
    assert shares["a message in all"] == 1.0
    assert shares["tracker store: write"] == 0.75
    assert shares["tracker store: read"] == 0.0
