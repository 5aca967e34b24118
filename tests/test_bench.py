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
