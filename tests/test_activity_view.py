"""The Aktiviteter page's pure logic and its query: the view and date a link names, the
two meanings of overdue, which rows each view shows, the key figures, and the status
chart in the one visual language. Figures are checked against the bundled reports
(001_… for 2023-T2, 002_… for 2024-T1)."""

from datetime import date

import polars as pl
import pytest

from tertial import activity_view as av
from tertial.queries import query_parameters, run_query
from tertial.visual import OVERDUE_MARK, STATUS_COLOURS, STATUS_ORDER, status_label

T2_FILE = "001_2318b0fccc3d977e.txt"
T1_2024_FILE = "002_b08c0454ff5f1aaf.txt"
TODAY = date(2026, 11, 23)


def activities(con, period, on_date, focus_area=None, unit=None) -> pl.DataFrame:
    return run_query(con, "activity_list", dict(organisation="Ånge kommun", period=period, focus_area=focus_area, unit=unit, on_date=on_date))


# --- the link: ?visa=…&datum=… ---------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("alla", "alla"),
        ("forsenade", "forsenade"),
        ("forsenade_datum", "forsenade_datum"),
        ("avvikelse", "avvikelse"),
        (" Försenade ", "forsenade"),  # retyped by hand: case, Swedish letters, spaces
        ("FORSENADE-DATUM", "forsenade_datum"),
        (["avvikelse", "alla"], "avvikelse"),  # a repeated key: the first value counts
    ],
)
def test_a_known_view_is_read_without_a_notice(raw, expected):
    assert av.parse_view(raw) == (expected, None)


def test_no_view_in_the_link_is_the_default_without_a_notice():
    assert av.parse_view(None) == ("alla", None)
    assert av.parse_view([]) == ("alla", None)
    assert av.parse_view(["", "  "]) == ("alla", None)


@pytest.mark.parametrize("raw", ["forsenat", "<script>alert(1)</script>", "alla' OR '1'='1", "x" * 500])
def test_an_unknown_or_hostile_view_gives_a_gentle_notice_and_the_default(raw):
    view, notice = av.parse_view(raw)
    assert view == "alla"
    assert notice is not None and notice.startswith("Visningen »") and "visar Alla i stället" in notice
    assert "<" not in notice and "'" not in notice  # quoted safely, no markup
    assert len(notice) < 200  # a long value is shortened


def test_a_date_in_the_link_is_read_and_today_is_the_default():
    assert av.parse_date("2023-12-31", TODAY) == (date(2023, 12, 31), None)
    assert av.parse_date([" 2024-04-30 "], TODAY) == (date(2024, 4, 30), None)
    assert av.parse_date(None, TODAY) == (TODAY, None)
    assert av.parse_date("idag", TODAY) == (TODAY, None)


@pytest.mark.parametrize(
    "raw, words",
    [
        ("31/12/2023", "ÅÅÅÅ-MM-DD"),
        ("2023-02-30", "almanackan"),
        ("2023-13-45", "almanackan"),
        ("1899-12-31", "utanför"),
        ("20233-01-01", "ÅÅÅÅ-MM-DD"),
        ("<img src=x onerror=alert(1)>", "ÅÅÅÅ-MM-DD"),
    ],
)
def test_a_bad_date_gives_a_notice_and_today(raw, words):
    day, notice = av.parse_date(raw, TODAY)
    assert day == TODAY
    assert words in notice and "2026-11-23 i stället" in notice
    assert "<" not in notice


def test_read_link_collects_both_notices_and_ignores_other_keys():
    state = av.read_link({"visa": ["nonsens"], "datum": ["igår"], "period": ["2023-T2"]}, TODAY)
    assert (state.view, state.day) == ("alla", TODAY)
    assert len(state.notices) == 2
    assert av.read_link({"period": ["2023-T2"]}, TODAY) == av.LinkState("alla", TODAY, ())


@pytest.mark.parametrize("view", list(av.VIEWS))
@pytest.mark.parametrize("day", [date(2023, 12, 31), TODAY, date(2000, 1, 1)])
def test_view_and_date_round_trip_through_the_link(view, day):
    params = av.link_params(view, day, TODAY)
    state = av.read_link({key: [value] for key, value in params.items()}, TODAY)
    assert (state.view, state.day, state.notices) == (view, day, ())


def test_the_link_leaves_out_defaults():
    assert av.link_params("alla", TODAY, TODAY) == {}
    assert av.link_params("forsenade", TODAY, TODAY) == {"visa": "forsenade"}
    assert av.link_params("alla", date(2023, 12, 31), TODAY) == {"datum": "2023-12-31"}


# --- overdue --------------------------------------------------------------------------


def test_days_overdue_follows_the_definition():
    # 001 line 111: "Ta fram en metod för att genomföra medborgardialog", Ej påbörjad, 2023-08-21.
    assert av.days_overdue(date(2023, 8, 21), date(2023, 8, 31), "Ej påbörjad") == 10
    # 002: "Att utforma och bilda ett Samskapanderåd", ends 2024-03-31, report as of 2024-04-30.
    assert av.days_overdue(date(2024, 3, 31), date(2024, 4, 30), "Pågående enligt plan") == 30
    assert av.days_overdue(date(2023, 8, 21), date(2023, 8, 21), "Ej påbörjad") is None  # ends that day
    assert av.days_overdue(date(2023, 8, 21), date(2023, 8, 22), "Ej påbörjad") == 1
    assert av.days_overdue(date(2023, 3, 31), date(2023, 8, 31), "Avslutad enligt plan") is None
    assert av.days_overdue(date(2023, 3, 31), date(2023, 8, 31), "Avslutad med avvikelse") is None
    assert av.days_overdue(date(2023, 3, 31), date(2023, 8, 31), "Vänteläge") == 153
    assert av.days_overdue(None, date(2023, 8, 31), "Ej påbörjad") is None


@pytest.mark.parametrize("period", ["2023-T2", "2024-T1"])
@pytest.mark.parametrize("on_date", [date(2023, 8, 31), date(2023, 12, 31), date(2024, 4, 30), date(2025, 6, 1)])
def test_the_query_and_the_view_agree_with_days_overdue_on_every_row(bundled_con, period, on_date):
    rows = activities(bundled_con, period, on_date)
    assert rows.height > 0
    for row in rows.iter_rows(named=True):
        expected = av.days_overdue(row["end_date"], on_date, row["status"])
        assert row["days_overdue_on_date"] == expected, row["activity_title"]
        assert row["overdue_on_date"] is (expected is not None)
        # As of the report's own date, the query's figures are the view's overdue column.
        as_of = av.days_overdue(row["end_date"], row["as_of"], row["status"])
        assert row["days_overdue"] == as_of
        assert row["overdue"] is (as_of is not None)


def test_the_query_binds_the_chosen_date_as_a_parameter():
    assert query_parameters("activity_list") == {"organisation", "period", "focus_area", "unit", "on_date"}


# --- the query against the reports ----------------------------------------------------


def test_t2_2023_has_57_activity_rows_and_one_overdue_as_of_31_august(bundled_con):
    rows = activities(bundled_con, "2023-T2", date(2023, 8, 31))
    assert rows.height == 57
    overdue = rows.filter(pl.col("overdue"))
    assert overdue.select(
        "goal_code", "activity_title", "status", "end_date", "days_overdue", "report_file", "source_line"
    ).rows() == [
        ("2.3.1", "Ta fram en metod för att genomföra medborgardialog", "Ej påbörjad", date(2023, 8, 21), 10, T2_FILE, 111)
    ]
    # On the report's own date both meanings agree.
    assert rows["overdue_on_date"].to_list() == rows["overdue"].to_list()


def test_t1_2024_has_34_rows_one_overdue_and_three_units(bundled_con):
    rows = activities(bundled_con, "2024-T1", date(2024, 4, 30))
    assert rows.height == 34
    assert rows.filter(pl.col("overdue")).select("activity_title", "end_date", "days_overdue", "report_file").rows() == [
        ("Att utforma och bilda ett Samskapanderåd", date(2024, 3, 31), 30, T1_2024_FILE)
    ]
    assert set(rows["responsible_unit"].drop_nulls()) == {"HR och Kommunikation", "Fritid Kultur Turism", "Arbetsmarknad"}
    assert activities(bundled_con, "2024-T1", date(2024, 4, 30), unit="HR och Kommunikation").height == 9


def test_the_same_activity_under_three_goals_is_three_rows_with_their_own_end_dates(bundled_con):
    rows = activities(bundled_con, "2023-T2", date(2023, 8, 31)).filter(
        pl.col("activity_title") == "1000+ Näringslivsutvecklare"
    )
    assert rows.select("goal_code", "end_date").rows() == [
        ("2.4.1", date(2024, 10, 31)), ("2.7.1", date(2024, 12, 31)), ("2.9.1", date(2024, 10, 31)),
    ]
    # On 2024-11-30 it is overdue under two goals, not under the third.
    later = activities(bundled_con, "2023-T2", date(2024, 11, 30)).filter(pl.col("activity_title") == "1000+ Näringslivsutvecklare")
    assert later["days_overdue_on_date"].to_list() == [30, None, 30]


def test_a_later_date_makes_more_activities_overdue(bundled_con):
    counts = [activities(bundled_con, "2023-T2", day)["overdue_on_date"].sum() for day in
              (date(2023, 8, 31), date(2023, 12, 31), date(2024, 1, 1), date(2030, 1, 1))]
    assert counts == sorted(counts) and counts[0] == 1 and counts[1] > 1
    # By 2030 every entry not Avslutad is overdue: 57 − 7 Avslutad enligt plan.
    assert counts[-1] == 50


# --- views, filters and key figures ---------------------------------------------------


def test_each_view_selects_its_rows(bundled_con):
    rows = activities(bundled_con, "2023-T2", date(2023, 12, 31))
    assert av.select_view(rows, "alla").height == 57
    assert av.select_view(rows, "forsenade")["activity_title"].to_list() == ["Ta fram en metod för att genomföra medborgardialog"]
    on_date = av.select_view(rows, "forsenade_datum")
    assert on_date.height == rows["overdue_on_date"].sum() and on_date["overdue_on_date"].all()
    days = on_date["days_overdue_on_date"].to_list()
    assert days == sorted(days, reverse=True)  # longest overdue first
    deviation = av.select_view(rows, "avvikelse")
    assert dict(zip(deviation["activity_title"], deviation["status"])) == {
        "Övningskolor/förskolor": "Pågående med avvikelse",
        "LSS yrkesresan": "Vänteläge",
    }
    # 001 line 50 prints "avvikelser"; the status is read as the canonical one.
    assert deviation.filter(pl.col("source_line") == 50)["status_as_printed"].item() == "Pågående med avvikelser"
    t1 = av.select_view(activities(bundled_con, "2024-T1", date(2024, 4, 30)), "avvikelse")
    assert set(t1["activity_title"]) == {"Skapa Storytelling med temat friskvårdsbidrag", "Öppna ny badplats i Alby"}
    assert set(t1["status"]) == {"Pågående med avvikelse"}


def test_status_filter_and_search_narrow_the_rows(bundled_con):
    rows = activities(bundled_con, "2023-T2", date(2023, 8, 31))
    assert av.filter_statuses(rows, []).height == 57
    assert av.filter_statuses(rows, ["Pågående enligt plan"]).height == 41
    assert av.filter_statuses(rows, ["Vänteläge", "Pågående med avvikelse"]).height == 2
    found = av.search(rows, "MEDBORGARDIALOG")
    assert found.height >= 2 and "Ta fram en metod för att genomföra medborgardialog" in found["activity_title"].to_list()
    assert set(av.search(rows, "2.14.1")["goal_code"]) == {"2.14.1"}
    assert av.search(rows, "(.*")["activity_title"].to_list() == []  # taken literally, not as a pattern
    assert av.search(rows, "  ").height == 57


def test_key_figures_of_t2_2023(bundled_con):
    rows = activities(bundled_con, "2023-T2", date(2023, 12, 31))
    figures = av.KeyFigures.of(rows)
    assert (figures.total, figures.overdue, figures.deviation, figures.waiting) == (57, 1, 1, 1)
    assert figures.overdue_on_date == rows.filter(pl.col("overdue_on_date")).height > 1
    assert [figures.in_view(v) for v in av.VIEWS] == [57, 1, figures.overdue_on_date, 2]
    empty = av.KeyFigures.of(rows.clear())
    assert (empty.total, empty.overdue, empty.overdue_on_date) == (0, 0, 0)


# --- the chart and its table ----------------------------------------------------------


def test_the_status_chart_has_every_status_in_order_and_colour_and_marks_the_overdue(bundled_con):
    rows = activities(bundled_con, "2023-T2", date(2023, 12, 31))
    figure = av.status_chart(rows, "overdue_on_date", "per 2023-12-31", "Aktiviteterna efter status")
    labels = [status_label(status) for status in STATUS_ORDER]
    status_traces, overdue_trace = figure.data[:-1], figure.data[-1]
    assert [trace.name for trace in status_traces] == labels
    assert [trace.marker.color for trace in status_traces] == [STATUS_COLOURS[s] for s in STATUS_ORDER]
    # 2023-T2: 7 Avslutad enligt plan, 41 Pågående enligt plan, 1 med avvikelse, 1 Vänteläge, 7 Ej påbörjad.
    totals = dict(zip(STATUS_ORDER, (7, 0, 41, 1, 1, 7)))
    overdue = {status: rows.filter((pl.col("status") == status) & pl.col("overdue_on_date")).height for status in STATUS_ORDER}
    assert list(overdue_trace.x) == [overdue[s] for s in STATUS_ORDER]
    assert [trace.x[0] for trace in status_traces] == [totals[s] - overdue[s] for s in STATUS_ORDER]
    assert overdue_trace.name == f"{OVERDUE_MARK} Försenade per 2023-12-31"
    assert list(overdue_trace.marker.color) == [STATUS_COLOURS[s] for s in STATUS_ORDER]
    assert overdue_trace.marker.pattern.shape == "x"  # a second cue besides colour
    assert overdue["Avslutad enligt plan"] == 0  # finished is never overdue
    assert figure.layout.barmode == "stack"
    assert list(figure.layout.yaxis.categoryarray) == labels and figure.layout.yaxis.autorange == "reversed"
    assert [a.text for a in figure.layout.annotations][2].startswith(f"41 st · {OVERDUE_MARK} ")
    assert figure.layout.annotations[1].text == "0 st"
    assert figure.layout.title.text == "Aktiviteterna efter status"


def test_the_chart_table_holds_what_the_chart_shows(bundled_con):
    rows = activities(bundled_con, "2023-T2", date(2023, 8, 31))
    table = av.status_chart_table(rows)
    assert table.columns == ["Status", "Antal aktiviteter", "Varav försenade per rapportdatum"]
    assert table["Status"].to_list() == [status_label(s) for s in STATUS_ORDER]
    assert table["Antal aktiviteter"].to_list() == [7, 0, 41, 1, 1, 7]
    assert table["Varav försenade per rapportdatum"].to_list() == [0, 0, 0, 0, 0, 1]
    text = av.status_chart_description(rows, "Tertial 2 2023")
    assert "Ej påbörjad 7 varav 1 försenade" in text and "Pågående enligt plan 41," in text


def test_an_unknown_status_is_an_error_not_a_silent_zero():
    rows = pl.DataFrame({"status": ["Klar"], "overdue": [False]})
    with pytest.raises(ValueError, match="Klar"):
        av.status_counts(rows)


def test_the_chart_marks_overdue_as_of_the_chosen_date_only_in_that_view():
    assert av.overdue_basis("forsenade_datum", date(2023, 12, 31)) == ("overdue_on_date", "per 2023-12-31")
    for view in ("alla", "forsenade", "avvikelse"):
        assert av.overdue_basis(view, date(2023, 12, 31)) == ("overdue", "per rapportdatum")


# --- the table ------------------------------------------------------------------------


def test_the_table_rows_have_the_columns_in_order_and_statuses_with_symbols(bundled_con):
    rows = activities(bundled_con, "2023-T2", date(2023, 12, 31))
    table = av.table_rows(av.select_view(rows, "forsenade"), date(2023, 12, 31))
    assert table.columns == [
        "goal_code", "goal_title", "activity_title", "status", "start_date", "end_date", "responsible_unit",
        "overdue", "days_overdue", "Försenad per 2023-12-31", "Dagar försenad per 2023-12-31",
        "comment", "report_file", "source_line", "goal_key",
    ]
    row = table.row(0, named=True)
    assert row["status"] == "■ Ej påbörjad"
    assert (row["days_overdue"], row["Dagar försenad per 2023-12-31"], row["source_line"]) == (10, 132, 111)
    assert set(av.table_rows(rows, date(2023, 12, 31))["status"]) <= {status_label(s) for s in STATUS_ORDER}


def test_export_names_say_which_view_and_date():
    assert av.export_name("alla", TODAY) == "aktiviteter"
    assert av.export_name("forsenade", TODAY) == "aktiviteter-forsenade"
    assert av.export_name("forsenade_datum", date(2023, 12, 31)) == "aktiviteter-forsenade-2023-12-31"
    assert av.export_name("avvikelse", TODAY) == "aktiviteter-avvikelse"


def test_notes_name_the_report_and_warn_that_the_status_may_be_old():
    reports = [(T2_FILE, date(2023, 8, 31))]
    assert av.source_note(reports) == f"Status, datum och kommentarer som rapporten anger: {T2_FILE} per 31 augusti 2023."
    later = av.status_age_note(reports, date(2023, 12, 31))
    assert "31 december 2023" in later and "senast kända" in later and "kan ha avslutats" in later
    assert "före rapportens datum" in av.status_age_note(reports, date(2023, 6, 1))
    assert av.status_age_note(reports, date(2023, 8, 31)) == "Valt datum är rapportens eget datum, 31 augusti 2023."
    assert av.source_note([]) == av.status_age_note([], TODAY) == ""
    assert av.report_date_label(reports) == "rapportdatum (2023-08-31)"
    assert av.report_date_label(reports + [("x.txt", date(2023, 5, 31))]) == "rapportdatum"
    two = av.source_note(reports + [("soc.pdf", date(2023, 8, 31))])
    assert two.startswith(f"Status, datum och kommentarer som rapporterna anger: {T2_FILE} per 31 augusti 2023 och soc.pdf")
    assert "en gång för varje rapport" in two


def test_status_counts_have_every_status_and_count_a_missing_overdue_as_not_overdue():
    rows = pl.DataFrame({"status": ["Vänteläge", "Vänteläge", "Ej påbörjad"], "overdue": [True, None, False]})
    counts = av.status_counts(rows)
    assert list(counts) == list(STATUS_ORDER)
    assert (counts["Vänteläge"], counts["Ej påbörjad"], counts["Avslutad enligt plan"]) == ((2, 1), (1, 0), (0, 0))
