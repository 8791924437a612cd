"""Goal models per organisation (issue 9): an organisation's areas come from its own
reports. Granåker's report (tests/fixtures/municipalities) groups its goals in two
målområden and never in focus areas; those are its areas on every page, while Ånge's
focus areas, crosswalk and rows stay exactly as they were."""

import json
from pathlib import Path

import polars as pl

from dbfiles import rows
from tertial.importing import commit_import, plan_import
from tertial.queries import run_query
from tertial.db import connect
from tertial.trend_charts import goal_model_text, years_without_focus_areas, years_text
from test_new_organisation import ange_rows

GRANAKER = Path(__file__).parent / "fixtures" / "municipalities" / "granaker_tertialuppfoljning.txt"
OWN_AREAS = ["Trygg och nära omsorg", "Växande Granåker"]


def add_granaker(path: Path) -> None:
    plan = plan_import(GRANAKER.read_bytes(), GRANAKER.name, db_path=path)
    commit_import(plan, actor="test", db_path=path, new_organisation="Granåkers kommun")


def test_an_organisation_without_focus_areas_is_followed_by_its_own_areas(db):
    before = ange_rows(db)
    add_granaker(db)
    assert rows(db, "SELECT goal_code, vision_focus_area, vision_focus_area_source FROM goal_assessments "
                    "WHERE organisation = 'Granåkers kommun' ORDER BY goal_code") == [
        ("1.1", "Trygg och nära omsorg", "rapport"), ("1.1.1", "Trygg och nära omsorg", "rapport"),
        ("1.1.2", "Trygg och nära omsorg", "rapport"), ("2.1", "Växande Granåker", "rapport"),
        ("2.1.1", "Växande Granåker", "rapport"),
    ]
    with connect(db) as con:
        assert run_query(con, "focus_areas", {"organisation": "Granåkers kommun"})["focus_area"].to_list() == OWN_AREAS
        models = run_query(con, "goal_models", {"organisation": "Granåkers kommun"})
        ange_models = run_query(con, "goal_models", {"organisation": "Ånge kommun"})
    assert goal_model_text(models) == (
        "Rapporterna grupperar målen i två målområden (Trygg och nära omsorg, Växande Granåker).")
    assert years_without_focus_areas(models) == []
    assert years_without_focus_areas(ange_models) == [2024]
    assert ange_rows(db) == before  # Ånge's focus areas and crosswalk untouched


def test_the_goal_model_text_says_each_years_grouping():
    models = pl.DataFrame([
        {"year": 2023, "kind": "fokusområde", "areas": ["A", "B"]},
        {"year": 2024, "kind": "målområde", "areas": ["C"]},
        {"year": 2024, "kind": "verksamhetsmål", "areas": ["D"]},
        {"year": 2025, "kind": "målområde", "areas": ["C"]},
        {"year": 2025, "kind": "verksamhetsmål", "areas": ["D"]},
    ])
    assert goal_model_text(models) == ("Rapporterna grupperar målen 2023 i två fokusområden (A, B); 2024–2025 i ett "
                                       "målområde (C) och ett verksamhetsmål (D).")
    assert goal_model_text(models.clear()) == "Rapporterna grupperar inte målen i områden."
    assert years_text([2024]) == "2024" and years_text([2024, 2026]) == "2024 och 2026"
    assert years_text([2024, 2025, 2026]) == "2024–2026"


def test_trender_shows_the_organisations_own_areas_and_says_how_it_groups_its_goals(app, db_copy):
    add_granaker(db_copy)
    at = app.switch_page("pages/trends.py")
    at.query_params["organisation"] = "Granåkers kommun"
    at.run()
    assert not at.exception, at.exception
    assert at.sidebar.selectbox(key="filter_focus_area").options[1:] == OWN_AREAS
    assert any("Rapporterna grupperar målen i två målområden" in caption.value for caption in at.caption)
    assert not [info for info in at.info if "korsreferens" in info.value.lower()]  # no crosswalk to speak of
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    facets = [trace["meta"]["focus_area"] for trace in spec["data"] if "focus_area" in trace.get("meta", {})]
    assert sorted(set(facets)) == OWN_AREAS
    # From Granåker's first report on: the tertials before it are no missing reports.
    assert spec["layout"]["xaxis"]["categoryarray"] == ["2024-T2", "2024-T3"]
