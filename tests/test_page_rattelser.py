"""The Rättelser page through Streamlit's AppTest, on a copy of the bundled database:
viewers see only the info text; a signed-in editor gets the template downloads, the
upload and the correction form, and a correction made there lands in the data and the log."""

import re
from pathlib import Path

from tertial.auth import ENV_PASSWORD
from tertial.db import connect
from tertial.template import template_csv_bytes, template_frame
from dbfiles import rows

PAGE = "pages/corrections.py"
T2 = "001_2318b0fccc3d977e.txt"
STORVIK = Path(__file__).parent / "fixtures" / "reports" / "storvik_kommun_t2_2023.txt"






def texts(elements) -> str:
    return re.sub(r"\\(.)", r"\1", "\n".join(str(element.value) for element in elements))


def write_controls(at) -> dict[str, int]:
    return {
        "uploaders": len(at.get("file_uploader")),
        "downloads": len(at.get("download_button")),
        "buttons": len([b for b in at.button if b.label in ("Spara", "Spara rättelse")]),
        "selectboxes": len([s for s in at.selectbox if (s.key or "").startswith(("template_", "correction_"))]),
    }


def sign_in(at, name="Anna Controller", password="hemligt"):
    at.sidebar.text_input(key="editor_name_input").input(name)
    at.sidebar.text_input(key="editor_password_input").input(password)
    next(b for b in at.sidebar.button if b.label == "Logga in").click()
    return at.run()


NO_CONTROLS = {"uploaders": 0, "downloads": 0, "buttons": 0, "selectboxes": 0}


def test_a_viewer_sees_only_the_info_text(app, db_copy, monkeypatch):
    monkeypatch.delenv(ENV_PASSWORD, raising=False)
    at = app.switch_page(PAGE).run()
    assert not at.exception
    assert "TERTIAL_EDITOR_PASSWORD" in texts(at.info)
    assert write_controls(at) == NO_CONTROLS

    monkeypatch.setenv(ENV_PASSWORD, "hemligt")  # editing enabled, but not signed in
    at = app.switch_page(PAGE).run()
    assert "Logga in i sidomenyn" in texts(at.info)
    assert write_controls(at) == NO_CONTROLS
    at = sign_in(at, password="fel")
    assert write_controls(at) == NO_CONTROLS


def test_a_signed_in_editor_gets_the_controls_and_can_correct_a_grade(app, db_copy, monkeypatch):
    monkeypatch.setenv(ENV_PASSWORD, "hemligt")
    at = sign_in(app.switch_page(PAGE).run())
    assert not at.exception, at.exception
    assert at.title[0].value == "Rättelser"
    controls = write_controls(at)
    assert controls["uploaders"] == 1 and controls["downloads"] == 2 and controls["buttons"] == 1
    assert at.selectbox(key="template_period").value == "2024-T2"  # the first after the latest with goals
    # Periods without goals, and the one after the last: 2023-T2 has its goals already.
    assert at.selectbox(key="template_period").options == [
        "Tertial 3 2023 (2023-T3)", "Tertial 2 2024 (2024-T2)", "Tertial 3 2024 (2024-T3)", "Tertial 1 2025 (2025-T1)"]

    # A single correction: 2.15.1 in T2 2023 from Knappt uppfyllt to Delvis uppfyllt.
    report = at.selectbox(key="correction_report")
    report.set_value(T2).run()
    [(goal_id,)] = rows(db_copy, "SELECT goal_id FROM goal_assessments WHERE report_file = ? AND goal_code = '2.15.1'", T2)
    at.selectbox(key="correction_goal").set_value(goal_id).run()
    suffix = f"{T2}_{goal_id}_None"
    assert at.selectbox(key=f"correction_grade_{suffix}").value == "Knappt uppfyllt"
    at.selectbox(key=f"correction_grade_{suffix}").set_value("Delvis uppfyllt").run()
    at.button(key="correction_save").click().run()
    assert not at.exception, at.exception
    assert "Rättade bedömningen för mål 2.15.1: Knappt uppfyllt → Delvis uppfyllt" in texts(at.success)
    assert rows(db_copy, "SELECT grade FROM goal_assessments WHERE goal_id = ? AND period = '2023-T2'", goal_id) == [
        ("Delvis uppfyllt",)]
    assert rows(db_copy, "SELECT actor, action FROM audit_log ORDER BY audit_id DESC LIMIT 1") == [
        ("Anna Controller", "rättelse")]
    # After the rerun the form shows the corrected value as the current one.
    assert at.selectbox(key=f"correction_grade_{suffix}").value == "Delvis uppfyllt"


def test_an_uploaded_template_with_a_mistake_shows_the_row_and_writes_nothing(app, db_copy, monkeypatch):
    monkeypatch.setenv(ENV_PASSWORD, "hemligt")
    at = sign_in(app.switch_page(PAGE).run())
    at.selectbox(key="template_period").set_value("2023-T3").run()
    with connect(db_copy) as con:  # the file the page offers for download (AppTest serves no downloads)
        csv = template_csv_bytes(template_frame(con, "2023-T3", organisation="Ånge kommun"))
    lines = csv.decode("utf-8-sig").split("\r\n")
    lines[4] = lines[4].replace("Pågående enligt plan", "Klar typ").replace("Ej påbörjad", "Klar typ") \
        .replace("Avslutad enligt plan", "Klar typ")
    bad = "\ufeff".encode() + "\r\n".join(lines).encode()
    before = db_copy.read_bytes()
    at.get("file_uploader")[0].set_value(("mall.csv", bad, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    assert "1 problem i mall.csv" in texts(at.error)
    [problems] = [frame.value for frame in at.dataframe]
    assert problems.to_dict("records")[0]["Rad"] == 5 and problems.to_dict("records")[0]["Kolumn"] == "Status"
    assert not [b for b in at.button if b.label == "Spara"]
    assert db_copy.read_bytes() == before

    at.get("file_uploader")[0].set_value(("mall.csv", csv, "text/csv"))
    at.run()
    at.button(key="template_save").click().run()
    assert not at.exception, at.exception
    assert "Läste in handinmatning mall.csv: 2023-T3" in texts(at.success)
    assert rows(db_copy, "SELECT count(*) FROM goal_assessments WHERE period = '2023-T3'") == [(36,)]


def offered_downloads(monkeypatch) -> dict[str, bytes]:
    """The files the page's download buttons offer, by file name, as the page makes them
    (AppTest serves no downloads; Streamlit's media file manager is handed each one)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    offered: dict[str, bytes] = {}
    add = MediaFileManager.add

    def recording(self, data, *args, **kwargs):
        offered[kwargs.get("file_name")] = data
        return add(self, data, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", recording)
    return offered


def test_with_two_organisations_the_page_offers_the_template_of_the_one_shown(app, db_copy, monkeypatch):
    from tertial.importing import commit_import, plan_import

    commit_import(plan_import(STORVIK.read_bytes(), STORVIK.name, db_path=db_copy), actor="anna", db_path=db_copy,
                  new_organisation="Storvik kommun")
    ange_before = {view: rows(db_copy, f"SELECT * FROM {view} WHERE organisation = 'Ånge kommun' ORDER BY ALL")
                   for view in ("goal_assessments", "activity_statuses")}
    offered = offered_downloads(monkeypatch)
    monkeypatch.setenv(ENV_PASSWORD, "hemligt")
    at = app.switch_page(PAGE)
    at.query_params["organisation"] = "Storvik kommun"  # as a link to the page names it
    at = sign_in(at.run())
    assert not at.exception, at.exception
    [choice] = [s for s in at.sidebar.selectbox if s.label == "Organisation"]
    assert choice.value == "Storvik kommun"
    assert "Organisation: Storvik kommun" in texts(at.caption)
    # Storvik's periods: it has goals in 2023-T2 only, so 2023-T3 comes first.
    period = at.selectbox(key="template_period")
    assert period.value == "2023-T3"
    assert period.options == ["Tertial 1 2023 (2023-T1)", "Tertial 3 2023 (2023-T3)", "Tertial 1 2024 (2024-T1)",
                              "Tertial 2 2024 (2024-T2)", "Tertial 3 2024 (2024-T3)", "Tertial 1 2025 (2025-T1)"]
    assert "Mallen är ifylld med värdena för Storvik kommun från 2023-T2 (20 rader)" in texts(at.caption)
    name = "tertial_handinmatning_storvik-kommun_2023-t3.csv"
    assert {name, name.replace(".csv", ".xlsx")} <= set(offered)
    storvik_goals = {goal_id for (goal_id,) in rows(db_copy, "SELECT goal_id FROM goals WHERE organisation_id = 2")}
    with connect(db_copy) as con:
        assert offered[name] == template_csv_bytes(template_frame(con, "2023-T3", organisation="Storvik kommun"))
    offered_goals = {int(line.split(";")[-2]) for line in offered[name].decode("utf-8-sig").split("\r\n")[1:] if line}
    assert offered_goals and offered_goals <= storvik_goals
    # The single corrections offer Storvik's report only.
    assert at.selectbox(key="correction_report").options == [
        f"2023-T2 · Storvik kommun – måluppföljning kommunstyrelsen tertialrapport 2 2023 ({STORVIK.name})"]

    # The template downloaded, loaded back: Storvik's 2023-T3, Ånge as it was.
    at.get("file_uploader")[0].set_value((name, offered[name], "text/csv"))
    at.run()
    assert not at.exception, at.exception
    assert "8 mål (bedömda 4), 12 aktiviteter, för Tertial 3 2023 (2023-T3), Storvik kommun." in texts(at.markdown)
    at.button(key="template_save").click().run()
    assert not at.exception, at.exception
    assert f"Läste in handinmatning {name} för Storvik kommun: 2023-T3" in texts(at.success)
    assert rows(db_copy, """SELECT r.organisation_id, count(*) FROM goal_reports g JOIN reports r USING (report_id)
                            WHERE r.period_key = '2023-T3' GROUP BY ALL""") == [(2, 8)]
    assert {view: rows(db_copy, f"SELECT * FROM {view} WHERE organisation = 'Ånge kommun' ORDER BY ALL")
            for view in ("goal_assessments", "activity_statuses")} == ange_before

    # Ånge in the sidebar: Ånge's template, periods and reports, as with Ånge alone.
    offered.clear()
    [choice] = [s for s in at.sidebar.selectbox if s.label == "Organisation"]
    choice.set_value("Ånge kommun").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="template_period").options == [
        "Tertial 3 2023 (2023-T3)", "Tertial 2 2024 (2024-T2)", "Tertial 3 2024 (2024-T3)", "Tertial 1 2025 (2025-T1)"]
    assert at.selectbox(key="template_period").value == "2024-T2"
    assert set(offered) == {"tertial_handinmatning_ange-kommun_2024-t2.csv",
                            "tertial_handinmatning_ange-kommun_2024-t2.xlsx"}
    assert STORVIK.name not in " ".join(at.selectbox(key="correction_report").options)


def test_with_one_organisation_the_template_is_named_as_before(app, db_copy, monkeypatch):
    offered = offered_downloads(monkeypatch)
    monkeypatch.setenv(ENV_PASSWORD, "hemligt")
    at = sign_in(app.switch_page(PAGE).run())
    assert not at.exception, at.exception
    assert not [s for s in at.sidebar.selectbox if s.label == "Organisation"]
    assert set(offered) == {"tertial_handinmatning_2024-t2.csv", "tertial_handinmatning_2024-t2.xlsx"}
    assert "Organisation:" not in texts(at.caption)
