"""The scale benchmark runs at a tiny scale in the suite, so that it cannot rot: the
bundled data and one synthetic organisation × one year, one run each. The figures are
not judged here (the machines are shared); their presence and consistency are."""

import json
import sys

from tertial import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

import benchmark_scale  # noqa: E402


def test_the_scale_benchmark_measures_every_page_query_and_aggregation(tmp_path):
    assert benchmark_scale.main(["--scales", "1", "--years", "1", "--runs", "1", "--out", str(tmp_path)]) == 0
    document = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    bundled, synthetic = document["results"]
    assert bundled["scale"] == "Ånge (bundled)" and synthetic["scale"] == "1 × 1"
    # What a person counts in the bundled reports: 71 goal rows (15 + 36 + 20), 91 activity rows (57 + 34).
    assert (bundled["goal_rows"], bundled["activity_rows"], bundled["reports"]) == (71, 91, 5)
    assert synthetic["organisations"] == 1 and synthetic["goal_rows"] > 0
    pages = {page["page"] for page in bundled["pages"]}
    assert pages == {f"pages/{p.name}" for p in (PROJECT_ROOT / "pages").glob("*.py")}
    for result in (bundled, synthetic):
        assert set(result["queries"]) == {p.stem for p in (PROJECT_ROOT / "queries").glob("*.sql")}
        assert set(result["aggregations"]) == set(benchmark_scale.SCOPES)
        assert all(set(by_name) == set(benchmark_scale.AGGREGATIONS_SQL) for by_name in result["aggregations"].values())
        assert result["import"]["action"] == "ersättning"  # the organisation's main slot was filled
        assert result["app_peak_mb"] > 50
    markdown = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert "| Ånge (bundled) | 1 | 5 | 71 | 91 |" in markdown and "1 × 1" in markdown


def test_the_writes_alone_are_timed_without_touching_the_latest_results(tmp_path):
    assert benchmark_scale.main(["--writes", "--scales", "1", "--years", "1", "--runs", "1", "--out", str(tmp_path)]) == 0
    assert not (tmp_path / "latest.json").exists()
    [written] = tmp_path.glob("writes-*.json")
    bundled, synthetic = json.loads(written.read_text(encoding="utf-8"))["results"]
    for result in (bundled, synthetic):
        writes = result["import"]
        # A new organisation's report into an empty slot, the organisation's own into its filled one.
        assert (writes["import_action"], writes["action"]) == ("import", "ersättning")
        assert all(writes[f"{write}_ms"] > 0 for write in benchmark_scale.WRITES)
    assert "| 1 × 1 | 1 |" in next(tmp_path.glob("writes-*.md")).read_text(encoding="utf-8")
