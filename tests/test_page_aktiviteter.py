"""The Aktiviteter page through Streamlit's AppTest, on the database built from the
bundled reports: key figures as read in the reports, each filter narrowing the table,
overdue as of the report's date and as of a chosen date, and the view and date in the URL
both ways. Expected figures that depend on a date are computed here with SQL from the
public view, not copied from the page."""

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest


PAGE = "pages/activities.py"
T2_FILE = "001_2318b0fccc3d977e.txt"
REPORT_DATE_T2 = "⏰ Försenade per rapportdatum (2023-08-31)"





def open_page(app: AppTest, **params: str) -> AppTest:
    """The page opened from a link with these query parameters."""
    for key, value in params.items():
        app.query_params[key] = value
    app.switch_page(PAGE)
    return app.run()


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def metric(at, prefix: str) -> int:
    """The one metric whose label starts with prefix."""
    [value] = [value for label, value in metrics(at).items() if label.startswith(prefix)]
    return int(value)


def table(at):
    """The activity table as shown (pandas, Swedish headers)."""
    [frame] = [d.value for d in at.dataframe]
    return frame


def notices(at) -> list[str]:
    return [info.value for info in at.info]


def expected_overdue_on(con, period: str, day: date, **where) -> int:
    """Activities of the period overdue on day, counted from the public view."""
    sql = ("SELECT count(*) FROM activity_statuses WHERE period = $period "
           "AND end_date < $day AND status NOT LIKE 'Avslutad%'")
    params = {"period": period, "day": day}
    for column, value in where.items():
        sql += f" AND {column} = ${column}"
        params[column] = value
    return con.execute(sql, params).fetchone()[0]


def count_rows(con, period: str, **where) -> int:
    sql = "SELECT count(*) FROM activity_statuses WHERE period = $period"
    params = {"period": period}
    for column, value in where.items():
        sql += f" AND {column} = ${column}"
        params[column] = value
    return con.execute(sql, params).fetchone()[0]


def test_the_page_shows_t2_2023_with_the_reports_figures(app, bundled_con):
    at = open_page(app)
    assert not at.exception
    assert at.title[0].value == "Aktiviteter"
    assert at.sidebar.selectbox(key="filter_period").value == "2023-T2"
    # 001: 57 activity rows; overdue on 2023-08-31 only "Ta fram en metod …" (line 111);
    # "Övningskolor/förskolor" med avvikelse(r), "LSS yrkesresan" Vänteläge.
    assert metric(at, "Aktiviteter") == 57
    assert metric(at, REPORT_DATE_T2) == 1
    assert metric(at, "▶! Med avvikelse") == 1
    assert metric(at, "⏸ Vänteläge") == 1
    today = date.today()
    assert metric(at, f"⏰ Försenade per valt datum ({today.isoformat()})") == expected_overdue_on(bundled_con, "2023-T2", today)
    shown = table(at)
    assert len(shown) == 57
    assert {"Målnummer", "Mål", "Aktivitet", "Status", "Startdatum", "Slutdatum", "Ansvarig enhet", "Kommentar",
            "Försenad", "Dagar försenad", f"Försenad per {today.isoformat()}", f"Dagar försenad per {today.isoformat()}",
            "Rapportfil", "Rad"} == set(shown.columns)
    assert "▶! Pågående med avvikelse" in set(shown["Status"]) and "⏸ Vänteläge" in set(shown["Status"])
    captions = " ".join(caption.value for caption in at.caption)
    assert T2_FILE in captions and "31 augusti 2023" in captions
    assert "senast kända" in captions  # today is after the report: the status may be old
    assert len(at.get("plotly_chart")) == 1
    chart_data = next(t.value for t in at.table if "Antal aktiviteter" in t.value.columns)
    assert chart_data["Antal aktiviteter"].tolist() == [7, 0, 41, 1, 1, 7]
    assert at.segmented_control(key="aktiviteter_visa").value == "alla"
    assert "visa" not in at.query_params and "datum" not in at.query_params


def test_overdue_as_of_the_report_date_is_the_one_activity_the_report_shows(app):
    at = open_page(app, period="2023-T2", visa="forsenade")
    assert not at.exception
    shown = table(at)
    assert len(shown) == 1
    row = shown.iloc[0]
    assert (row["Målnummer"], row["Aktivitet"], row["Status"]) == (
        "2.3.1", "Ta fram en metod för att genomföra medborgardialog", "■ Ej påbörjad"
    )
    assert str(row["Slutdatum"])[:10] == "2023-08-21"
    assert (row["Dagar försenad"], row["Rapportfil"], row["Rad"]) == (10, T2_FILE, 111)
    assert bool(row["Försenad"]) is True


def test_2024_t1_counts_34_rows_one_overdue_by_30_days_and_two_with_deviation(app):
    at = open_page(app, period="2024-T1", visa="forsenade")
    assert not at.exception
    assert metric(at, "Aktiviteter") == 34
    assert metric(at, "⏰ Försenade per rapportdatum (2024-04-30)") == 1
    assert metric(at, "▶! Med avvikelse") == 2
    shown = table(at)
    assert shown[["Aktivitet", "Dagar försenad"]].values.tolist() == [["Att utforma och bilda ett Samskapanderåd", 30]]
    assert str(shown.iloc[0]["Slutdatum"])[:10] == "2024-03-31"

    at.segmented_control(key="aktiviteter_visa").set_value("avvikelse").run()
    assert not at.exception
    assert set(table(at)["Aktivitet"]) == {"Skapa Storytelling med temat friskvårdsbidrag", "Öppna ny badplats i Alby"}
    assert set(table(at)["Status"]) == {"▶! Pågående med avvikelse"}
    assert at.query_params["visa"] == "avvikelse"


def test_deviation_or_waiting_in_t2_2023(app):
    at = open_page(app, visa="avvikelse")
    assert not at.exception
    assert dict(zip(table(at)["Aktivitet"], table(at)["Status"])) == {
        "Övningskolor/förskolor": "▶! Pågående med avvikelse",  # printed "avvikelser" in 001
        "LSS yrkesresan": "⏸ Vänteläge",
    }


def test_the_focus_area_filter_narrows_the_table(app, bundled_con):
    at = open_page(app)
    assert len(table(at)) == count_rows(bundled_con, "2023-T2") == 57
    at.sidebar.selectbox(key="filter_focus_area").select("Hållbar hälsa").run()
    assert not at.exception
    expected = count_rows(bundled_con, "2023-T2", vision_focus_area="Hållbar hälsa")
    assert 0 < expected < 57
    assert len(table(at)) == metric(at, "Aktiviteter") == expected
    assert at.query_params["fokusomrade"] == "Hållbar hälsa"


def test_the_unit_filter_narrows_the_table(app, bundled_con):
    at = open_page(app, period="2024-T1")
    assert len(table(at)) == 34
    units = at.sidebar.selectbox(key="filter_unit").options
    assert {"HR och Kommunikation", "Fritid Kultur Turism", "Arbetsmarknad"} <= set(units)
    at.sidebar.selectbox(key="filter_unit").select("Fritid Kultur Turism").run()
    assert not at.exception
    expected = count_rows(bundled_con, "2024-T1", responsible_unit="Fritid Kultur Turism")
    assert 0 < expected < 34
    assert len(table(at)) == expected
    assert set(table(at)["Ansvarig enhet"]) == {"Fritid Kultur Turism"}
    assert at.query_params["enhet"] == "Fritid Kultur Turism"


def test_the_status_filter_narrows_the_table_and_the_figures(app, bundled_con):
    at = open_page(app)
    at.sidebar.multiselect(key="filter_statuses").select("Ej påbörjad").run()
    assert not at.exception
    expected = count_rows(bundled_con, "2023-T2", status="Ej påbörjad")
    assert 0 < expected < 57
    assert len(table(at)) == metric(at, "Aktiviteter") == expected
    assert set(table(at)["Status"]) == {"■ Ej påbörjad"}
    assert metric(at, REPORT_DATE_T2) == 1  # the one overdue is Ej påbörjad
    assert at.query_params["status"] == "Ej påbörjad"  # a single value reads back as a str

    at.sidebar.multiselect(key="filter_statuses").set_value(["Avslutad enligt plan"]).run()
    at.segmented_control(key="aktiviteter_visa").set_value("forsenade").run()
    assert not at.exception
    assert any("Inga aktiviteter i den här visningen" in notice for notice in notices(at))  # finished is never overdue
    assert len(at.dataframe) == 0


def test_the_chosen_date_changes_the_overdue_count(app, bundled_con):
    at = open_page(app)
    chosen = date(2023, 12, 31)
    at.date_input(key="aktiviteter_datum").set_value(chosen).run()
    assert not at.exception
    expected = expected_overdue_on(bundled_con, "2023-T2", chosen)
    assert expected > 1  # many entries end before the year's end and are not Avslutad
    assert metric(at, "⏰ Försenade per valt datum (2023-12-31)") == expected
    assert metric(at, REPORT_DATE_T2) == 1  # the report's own date does not move
    assert at.query_params["datum"] == "2023-12-31"

    at.segmented_control(key="aktiviteter_visa").set_value("forsenade_datum").run()
    shown = table(at)
    assert len(shown) == expected
    assert shown["Försenad per 2023-12-31"].all()
    for _, row in shown.iterrows():
        end = date.fromisoformat(str(row["Slutdatum"])[:10])
        assert row["Dagar försenad per 2023-12-31"] == (chosen - end).days
        assert not row["Status"].endswith("Avslutad enligt plan")
    assert list(shown["Dagar försenad per 2023-12-31"]) == sorted(shown["Dagar försenad per 2023-12-31"], reverse=True)
    assert at.query_params["visa"] == "forsenade_datum"
    chart_data = next(t.value for t in at.table if "Antal aktiviteter" in t.value.columns)
    assert chart_data["Varav försenade per 2023-12-31"].sum() == expected


def test_view_and_date_in_the_link_set_the_widgets(app, bundled_con):
    at = open_page(app, period="2023-T2", visa="forsenade_datum", datum="2024-06-30")
    assert not at.exception
    assert not notices(at)
    assert at.segmented_control(key="aktiviteter_visa").value == "forsenade_datum"
    assert at.date_input(key="aktiviteter_datum").value == date(2024, 6, 30)
    expected = expected_overdue_on(bundled_con, "2023-T2", date(2024, 6, 30))
    assert len(table(at)) == metric(at, "⏰ Försenade per valt datum (2024-06-30)") == expected
    # The link keeps saying so (the period is the default and is left out).
    assert (at.query_params["visa"], at.query_params["datum"]) == ("forsenade_datum", "2024-06-30")


def test_widgets_write_the_view_and_date_into_the_link_and_defaults_leave_it(app):
    at = open_page(app)
    at.segmented_control(key="aktiviteter_visa").set_value("avvikelse").run()
    at.date_input(key="aktiviteter_datum").set_value(date(2024, 1, 15)).run()
    assert (at.query_params["visa"], at.query_params["datum"]) == ("avvikelse", "2024-01-15")
    at.segmented_control(key="aktiviteter_visa").set_value("alla").run()
    at.date_input(key="aktiviteter_datum").set_value(date.today()).run()
    assert not at.exception
    assert "visa" not in at.query_params and "datum" not in at.query_params


def test_the_view_survives_changing_filters_and_the_filters_survive_each_other(app):
    at = open_page(app, period="2024-T1", visa="forsenade_datum", datum="2024-12-31")
    at.sidebar.selectbox(key="filter_focus_area").select("Hållbar hälsa").run()
    at.sidebar.selectbox(key="filter_unit").select("Fritid Kultur Turism").run()
    assert not at.exception
    # Each filter stays as chosen, and so do the page's view and date.
    assert at.sidebar.selectbox(key="filter_focus_area").value == "Hållbar hälsa"
    assert at.sidebar.selectbox(key="filter_unit").value == "Fritid Kultur Turism"
    assert at.segmented_control(key="aktiviteter_visa").value == "forsenade_datum"
    assert dict(at.query_params) == {
        "period": "2024-T1", "fokusomrade": "Hållbar hälsa", "enhet": "Fritid Kultur Turism",
        "visa": "forsenade_datum", "datum": "2024-12-31",
    }


def test_filters_chosen_on_oversikt_come_along(app, bundled_con):
    app.query_params["period"] = "2024-T1"
    at = app.run()
    at.sidebar.selectbox(key="filter_focus_area").select("Hållbar hälsa").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.sidebar.selectbox(key="filter_period").value == "2024-T1"
    assert at.sidebar.selectbox(key="filter_focus_area").value == "Hållbar hälsa"
    assert metric(at, "Aktiviteter") == count_rows(bundled_con, "2024-T1", vision_focus_area="Hållbar hälsa")


@pytest.mark.parametrize(
    "visa, datum, quoted",
    [
        ("<script>alert(1)</script>", None, "scriptalert1/script"),
        ("försenat", None, "försenat"),
        (None, "2023-13-45", "2023-13-45"),
        (None, "'; DROP TABLE activities; --", "DROP TABLE activities"),
        (None, "1899-12-31", "1899-12-31"),
    ],
)
def test_unknown_or_hostile_values_in_the_link_give_a_notice_and_the_default(app, visa, datum, quoted):
    params = {key: value for key, value in (("visa", visa), ("datum", datum)) if value is not None}
    at = open_page(app, **params)
    assert not at.exception
    assert any(quoted in notice and "i stället" in notice for notice in notices(at))
    assert at.segmented_control(key="aktiviteter_visa").value == "alla"
    assert at.date_input(key="aktiviteter_datum").value == date.today()
    assert len(table(at)) == 57
    assert "visa" not in at.query_params and "datum" not in at.query_params  # the link is put right


def test_search_narrows_the_table_but_not_the_figures(app):
    at = open_page(app)
    at.text_input(key="aktiviteter_sok").input("medborgardialog").run()
    assert not at.exception
    shown = table(at)
    assert 0 < len(shown) < 57
    assert all("medborgardialog" in " ".join(map(str, row)).lower() for row in shown.values.tolist())
    assert metric(at, "Aktiviteter") == 57


def test_a_period_without_activities_says_so(app):
    at = open_page(app, period="2024-T3")
    assert not at.exception
    assert any("inga aktiviteter" in notice for notice in notices(at))
    assert len(at.dataframe) == 0 and len(at.get("plotly_chart")) == 0
