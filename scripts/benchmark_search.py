"""Speed of Sök on one database: building an organisation's search index, and each of a
list of realistic queries (one-letter prefixes as a person starts typing, whole words,
words typed without å/ä/ö, several words), as the page runs them: the hits ranked, the
best 50 with their snippets and links.

Run: .venv/bin/python scripts/benchmark_search.py [--runs N] [--db PATH] [--organisation NAME]
Target: every query ≤ 100 ms median and p95 on the bundled data. Each run of a query
starts from an index that has not seen it (the index keeps the prefixes it was asked
for, which typing a word asks again and again), so the figures are those of a first
search. Prints a markdown table; the machine is shared, so expect noise.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tertial.build import build_database  # noqa: E402
from tertial.db import connect  # noqa: E402
from tertial.queries import run_query  # noqa: E402
from tertial.report_view import forget_report_lines  # noqa: E402
from tertial.search_documents import build_corpus, hit_link, run_search  # noqa: E402

QUERIES = [
    "a", "s", "ö", "be", "besöksm", "försenad", "forsenad", "ÖVERTURINGEN", "sjukfrånvaro",
    "kompetensförsörjning", "hallbar halsa", "hållbar hälsa", "samverkan skola", "barn och unga",
    "pågående enligt plan", "aktiviteter som inte påbörjats", "e-avrop", "näringsliv", "2024",
    "inget sådant ord",
]
TARGET_MS = 100.0


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the value at or below which share of them lie."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="runs of each query (default 50)")
    parser.add_argument("--db", type=Path, help="a database file (default: built from data/raw in a temporary folder)")
    parser.add_argument("--organisation", help="whose documents (default: the one with the most reports)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        path = args.db
        if path is None:
            path = Path(folder) / "tertial.duckdb"
            build_database(path)
        con = connect(path, read_only=True)
        try:
            organisation = args.organisation or run_query(con, "organisations")["organisation"][0]
            params = {"organisation": organisation}
            builds, corpus = [], None
            for _ in range(max(3, min(args.runs, 10))):
                forget_report_lines()  # every report file is read again, as on a first start
                started = time.perf_counter()
                rows = run_query(con, "search_corpus", params)
                files = run_query(con, "search_report_files", params)
                queried = time.perf_counter()
                corpus = build_corpus(rows, files)
                builds.append((queried - started, time.perf_counter() - queried))
        finally:
            con.close()

    table = []
    for text in QUERIES:
        times, total = [], 0
        for _ in range(args.runs):
            corpus.index._prefix_cache.clear()
            started = time.perf_counter()
            result = run_search(corpus, text)
            for hit in result.hits:
                hit_link(hit)
            times.append(time.perf_counter() - started)
            total = result.total
        table.append((text, total, statistics.median(times) * 1000, percentile(times, 0.95) * 1000))

    print(f"Sök on {path.name if args.db else 'the bundled data'}, {organisation}: {len(corpus.documents)} documents, "
          f"{len(corpus.index.vocabulary)} distinct words, {args.runs} runs per query.\n")
    query_ms = statistics.median(b[0] for b in builds) * 1000
    build_ms = statistics.median(b[1] for b in builds) * 1000
    print(f"Index: the two queries {query_ms:.0f} ms, building the index {build_ms:.0f} ms (median of {len(builds)}).\n")
    print("| query | hits | median ms | p95 ms |")
    print("|---|---|---|---|")
    for text, total, median, p95 in table:
        print(f"| {text} | {total} | {median:.1f} | {p95:.1f} |")
    worst = max(p95 for *_, p95 in table)
    verdict = "met" if worst <= TARGET_MS else "missed"
    print(f"\nTarget ≤ {TARGET_MS:.0f} ms per query: {verdict} (slowest p95 {worst:.1f} ms).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
