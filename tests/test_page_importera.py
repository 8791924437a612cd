"""The Importera page through Streamlit's AppTest, on a copy of the bundled database:
viewers get no write controls, an editor signs in, previews a T3 2023 report (period
read from the document, the difference shown, nothing written), saves it (rows and an
audit entry with the editor's name) and undoes it (the rows are gone again); a report
of an organisation the database does not hold adds it only after its name is confirmed."""

import re
from pathlib import Path


from tertial import RAW_DIR
from tertial.auth import ENV_PASSWORD
from dbfiles import digest, rows

PAGE = "pages/import_reports.py"
T2_2023 = RAW_DIR / "001_2318b0fccc3d977e.txt"


GRADE_T2 = "### ◆ Knappt uppfyllt\n\nArbete bedrivs enligt plan. Målet bedöms därför som Delvis uppfyllt."
GRADE_T3 = "### ● Uppfyllt\n\nArbete bedrivs enligt plan. Målet bedöms därför som Uppfyllt."


def t3_2023_report() -> bytes:
    """The T2 2023 report retitled as T3 2023, with one goal graded one step up."""
    text = T2_2023.read_text(encoding="utf-8")
    assert text.count("tertiälrapport 2 2023") == 1 and text.count(GRADE_T2) == 1
    return text.replace("tertiälrapport 2 2023", "tertialrapport 3 2023").replace(GRADE_T2, GRADE_T3).encode("utf-8")








def texts(elements) -> str:
    """The elements' text as a person reads it (markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(str(element.value) for element in elements))


def sign_in(at, name="Anna Controller", password="hemligt"):
    at.sidebar.text_input(key="editor_name_input").input(name)
    at.sidebar.text_input(key="editor_password_input").input(password)
    next(b for b in at.sidebar.button if b.label == "Logga in").click()
    return at.run()


def open_as_editor(app, monkeypatch):
    monkeypatch.setenv(ENV_PASSWORD, "hemligt")
    at = app.switch_page(PAGE).run()
    return sign_in(at)


def test_a_viewer_without_configured_editing_sees_how_to_enable_it_and_no_write_controls(app, db_copy, monkeypatch):
    monkeypatch.delenv(ENV_PASSWORD, raising=False)
    at = app.switch_page(PAGE).run()
    assert not at.exception
    assert "TERTIAL_EDITOR_PASSWORD" in texts(at.info)
    assert len(at.get("file_uploader")) == 0
    assert not [b for b in at.button if b.label in ("Förhandsgranska", "Spara i databasen", "Ångra")]
    assert len(at.sidebar.text_input) == 0  # no sign-in form when nobody can sign in


def test_a_wrong_password_is_refused_and_the_right_one_shows_the_upload_controls(app, db_copy, monkeypatch):
    monkeypatch.setenv(ENV_PASSWORD, "hemligt")
    at = app.switch_page(PAGE).run()
    assert "Logga in i sidomenyn" in texts(at.info)
    assert len(at.get("file_uploader")) == 0
    at = sign_in(at, password="fel")
    assert "Fel lösenord." in texts(at.sidebar.error)
    assert len(at.get("file_uploader")) == 0
    at = sign_in(at)
    assert not at.exception
    assert len(at.get("file_uploader")) == 1
    assert "Inloggad som redigerare: Anna Controller" in texts(at.sidebar.caption)
    assert at.selectbox(key="import_period").options[0] == "Läs ur dokumentet"


def test_preview_commit_and_undo_of_a_t3_2023_report(app, db_copy, monkeypatch):
    at = open_as_editor(app, monkeypatch)
    before = digest(db_copy)
    at.get("file_uploader")[0].set_value(("t3_2023.txt", t3_2023_report(), "text/plain"))
    at.run()
    next(b for b in at.button if b.label == "Förhandsgranska").click()
    at.run()
    assert not at.exception, at.exception
    shown = texts(at.markdown)
    assert "t3_2023.txt: 2023-T3" in shown and "bedömda 21" in shown
    assert "Period 2023-T3" in texts(at.info) and "rad 3" in texts(at.info)
    assert "Skillnader jämfört med perioden 2023-T2" in shown
    [grades] = [t for t in at.table if "Före" in t.value.columns and "Mål" in t.value.columns]
    assert grades.value.to_dict("records") == [{
        "Mål": "2.15.1 Kommunen upplevs som attraktiv och har välvårdade besöksmål. Under 2023 förbättras "
               "standarden kring minst tre av kommunens prioriterade besöksmål.",
        "Före": "Knappt uppfyllt", "Efter": "Uppfyllt",
    }]
    assert digest(db_copy) == before  # a preview writes nothing
    assert rows(db_copy, "SELECT count(*) FROM goal_assessments WHERE period = '2023-T3'") == [(0,)]

    save = next(b for b in at.button if b.label == "Spara i databasen")
    assert not save.disabled
    save.click()
    at.run()
    assert not at.exception, at.exception
    assert "Läste in t3_2023.txt (ändring 2)." in texts(at.success)
    assert rows(db_copy, "SELECT count(*), count(grade) FROM goal_assessments WHERE period = '2023-T3' AND goal_level = 'KS'") == [(21, 21)]
    assert rows(db_copy, "SELECT audit_id, actor, action, report_file FROM audit_log WHERE action <> 'bygge'") == [
        (2, "Anna Controller", "import", "t3_2023.txt"),
    ]
    assert not [b for b in at.button if b.label == "Spara i databasen"]  # the preview is done with
    assert at.selectbox(key="undo_choice").options[0].startswith("Nr 2 ·")

    # The same file again: already loaded, nothing to save.
    next(b for b in at.button if b.label == "Förhandsgranska").click()
    at.run()
    assert "samma innehåll som den redan inlästa rapporten t3_2023.txt" in texts(at.warning)
    assert not [b for b in at.button if b.label == "Spara i databasen"]

    at.selectbox(key="undo_choice").set_value(2)
    at.button(key="undo_button").click()
    at.run()
    assert not at.exception, at.exception
    assert "Ångrade ändring 2 (import av t3_2023.txt)." in texts(at.success)
    assert rows(db_copy, "SELECT count(*) FROM goal_assessments WHERE period = '2023-T3'") == [(0,)]
    assert rows(db_copy, "SELECT actor, action, undoes FROM audit_log WHERE audit_id = 3") == [("Anna Controller", "ångra", 2)]
    assert rows(db_copy, "SELECT undone_by FROM audit_log WHERE audit_id = 2") == [(3,)]
    assert "Det finns ingen inläsning eller ersättning att ångra." in texts(at.markdown)


def test_a_refused_file_shows_the_swedish_reason_and_writes_nothing(app, db_copy, monkeypatch):
    at = open_as_editor(app, monkeypatch)
    before = digest(db_copy)
    at.get("file_uploader")[0].set_value(("t3.txt", t3_2023_report(), "text/plain"))
    at.selectbox(key="import_period").set_value("2024-T1")
    at.run()
    next(b for b in at.button if b.label == "Förhandsgranska").click()
    at.run()
    assert not at.exception
    assert "perioden 2024-T1 motsäger dokumentet, som på rad 3 anger 2023-T3" in texts(at.error)
    assert not [b for b in at.button if b.label == "Spara i databasen"]
    assert digest(db_copy) == before


def test_a_replacement_needs_the_confirmation_before_it_can_be_saved(app, db_copy, monkeypatch):
    at = preview_and_save(open_as_editor(app, monkeypatch), "t3_2023.txt", t3_2023_report())
    corrected = t3_2023_report().replace(GRADE_T3.encode(), GRADE_T2.encode())
    assert corrected != t3_2023_report()
    at.get("file_uploader")[0].set_value(("t3_2023.txt", corrected, "text/plain"))
    at.run()
    next(b for b in at.button if b.label == "Förhandsgranska").click()
    at.run()
    assert "Platsen är redan fylld: 2023-T3 har rapporten" in texts(at.warning)
    assert "Skillnader jämfört med den inlästa rapporten t3_2023.txt" in texts(at.markdown)
    at = confirm_then_save(at, "import_confirm_replace", db_copy, "Ersätt i databasen")
    assert not at.exception, at.exception
    assert "Ersatte t3_2023.txt (ändring 3)." in texts(at.success)
    assert rows(db_copy, "SELECT actor, action FROM audit_log WHERE audit_id = 3") == [("Anna Controller", "ersättning")]
    assert rows(db_copy, "SELECT count(*) FROM reports WHERE file_name = 't3_2023.txt'") == [(1,)]
    assert rows(db_copy, "SELECT grade FROM goal_assessments WHERE period = '2023-T3' AND goal_code = '2.15.1'") == [
        ("Knappt uppfyllt",),
    ]


def preview(at, name: str, data: bytes):
    at.get("file_uploader")[0].set_value((name, data, "application/octet-stream"))
    at.run()
    next(b for b in at.button if b.label == "Förhandsgranska").click()
    return at.run()


def preview_and_save(at, name: str, data: bytes):
    """Upload, Förhandsgranska, then Spara i databasen, as an editor does for a new slot."""
    preview(at, name, data)
    next(b for b in at.button if b.label == "Spara i databasen").click()
    return at.run()


def confirm_then_save(at, confirmation: str, db, label: str = "Spara i databasen"):
    """The save button waits for the confirmation (the checkbox of that key): disabled
    before it; after it enabled, with nothing written yet; then clicked."""
    assert next(b for b in at.button if b.label == label).disabled
    before = digest(db)
    at.checkbox(key=confirmation).check()
    at.run()
    save = next(b for b in at.button if b.label == label)
    assert not save.disabled and digest(db) == before
    save.click()
    return at.run()


def test_the_word_version_of_a_loaded_report_shows_no_change_and_nothing_to_save(app, db_copy, monkeypatch):
    from test_extract import docx_from_report_text

    at = open_as_editor(app, monkeypatch)
    before = digest(db_copy)
    at = preview(at, "T2 2023.docx", docx_from_report_text(T2_2023.read_text(encoding="utf-8")))
    assert not at.exception, at.exception
    assert "Rapportplats:** Ånge kommun · Kommunstyrelsen · Kommunförvaltningen · 2023-T2" in texts(at.info)
    assert f"samma innehåll som den inlästa rapporten {T2_2023.name} på samma plats" in texts(at.warning)
    assert not [b for b in at.button if b.label in ("Spara i databasen", "Ersätt i databasen")]
    assert digest(db_copy) == before


def test_an_unknown_status_word_is_decided_in_the_preview_and_kept(app, db_copy, monkeypatch):
    at = open_as_editor(app, monkeypatch)
    report = t3_2023_report().replace("Mental hälsa tillsammans med skolan\t▶ Pågående enligt plan".encode(),
                                      "Mental hälsa tillsammans med skolan\t▶ Rullar på".encode())
    at = preview(at, "t3_2023.txt", report)
    assert not at.exception, at.exception
    assert "statusord som inte finns bland de sex statusarna" in texts(at.warning)
    choice = at.selectbox(key="import_alias_0")
    assert choice.label.startswith("»Rullar på« (rad ") and len(choice.options) == 6
    assert at.button(key="import_apply_aliases").disabled
    choice.set_value("Pågående enligt plan")
    at.run()
    at.button(key="import_apply_aliases").click()
    at.run()
    next(b for b in at.button if b.label == "Förhandsgranska").click()
    at.run()
    assert not at.exception, at.exception
    [used] = [t for t in at.table if "Statusord" in t.value.columns]
    assert used.value.to_dict("records")[0]["Läses som"] == "Pågående enligt plan"
    next(b for b in at.button if b.label == "Spara i databasen").click()
    at.run()
    assert "Läste in t3_2023.txt (ändring 2)." in texts(at.success)
    assert rows(db_copy, "SELECT printed, status, source, decided_by FROM status_aliases WHERE printed_key = 'rullar på'") == [
        ("Rullar på", "Pågående enligt plan", "förhandsgranskning", "Anna Controller")]


def test_the_published_pdf_of_a_loaded_report_is_read_page_by_page_and_shows_no_change(app, db_copy, monkeypatch):
    from documents import document

    data, name = document(T2_2023.name, "html-pdf")
    at = open_as_editor(app, monkeypatch)
    before = digest(db_copy)
    at = preview(at, name, data)
    assert not at.exception, at.exception
    shown = texts(at.markdown)
    assert "2023-T2" in shown and "mål 36 (bedömda 21), aktiviteter 57" in shown
    assert f"samma innehåll som den inlästa rapporten {T2_2023.name} på samma plats" in texts(at.warning)
    assert any("Sidhuvud och sidfot" in caption.value for caption in at.caption)
    assert "Läsning: filen lästes efter sidornas layout." in texts(at.info).replace("**", "")
    assert digest(db_copy) == before


STORVIK = Path(__file__).parent / "fixtures" / "reports" / "storvik_kommun_t2_2023.txt"
ADD_ORGANISATION = "Lägg till organisationen och läs in"


def test_a_new_organisation_is_shown_for_confirmation_and_added_only_after_the_click(app, db_copy, monkeypatch):
    at = open_as_editor(app, monkeypatch)
    before = digest(db_copy)
    at = preview(at, STORVIK.name, STORVIK.read_bytes())
    assert not at.exception, at.exception
    assert ("Organisationen »Storvik kommun« finns inte i databasen (finns: Ånge kommun). Rapporten läses in som en "
            "ny organisation först när du bekräftar namnet nedan.") in texts(at.warning)
    assert "Rapportplats:** Storvik kommun · Kommunstyrelsen · ingen enhet angiven · 2023-T2" in texts(at.info)
    assert "Skillnader jämfört med ingenting (organisationen Storvik kommun är ny" in texts(at.markdown)
    assert at.text_input(key="import_new_organisation").value == "Storvik kommun"  # prefilled, editable
    assert not [b for b in at.button if b.label in ("Spara i databasen", "Ersätt i databasen")]
    add = next(b for b in at.button if b.label == ADD_ORGANISATION)
    assert not add.disabled
    # Without a name there is nothing to confirm.
    at.text_input(key="import_new_organisation").input("  ").run()
    assert next(b for b in at.button if b.label == ADD_ORGANISATION).disabled
    at.text_input(key="import_new_organisation").input("Storvik kommun").run()
    assert digest(db_copy) == before  # the preview and the name wrote nothing
    assert rows(db_copy, "SELECT name FROM organisations") == [("Ånge kommun",)]

    next(b for b in at.button if b.label == ADD_ORGANISATION).click()
    at.run()
    assert not at.exception, at.exception
    assert (f"Läste in {STORVIK.name} (ändring 2). Organisationen Storvik kommun lades till i databasen."
            in texts(at.success))
    assert rows(db_copy, "SELECT organisation_id, name FROM organisations ORDER BY 1") == [
        (1, "Ånge kommun"), (2, "Storvik kommun")]
    assert rows(db_copy, "SELECT count(*) FROM goal_assessments WHERE organisation = 'Storvik kommun'") == [(8,)]
    assert rows(db_copy, "SELECT actor, action FROM audit_log WHERE audit_id = 2") == [("Anna Controller", "import")]
    assert not [b for b in at.button if b.label == ADD_ORGANISATION]  # the preview is done with


def test_the_new_organisations_name_can_be_corrected_but_not_turned_into_a_stored_one(app, db_copy, monkeypatch):
    at = open_as_editor(app, monkeypatch)
    before = digest(db_copy)
    at = preview(at, STORVIK.name, STORVIK.read_bytes())
    at.text_input(key="import_new_organisation").input("ånge").run()
    next(b for b in at.button if b.label == ADD_ORGANISATION).click()
    at.run()
    assert not at.exception, at.exception
    assert "rapporten gäller Storvik kommun, inte Ånge kommun" in texts(at.error)
    assert digest(db_copy) == before

    at.text_input(key="import_new_organisation").input("Storvik").run()
    next(b for b in at.button if b.label == ADD_ORGANISATION).click()
    at.run()
    assert not at.exception, at.exception
    assert "Organisationen Storvik lades till i databasen." in texts(at.success)
    assert rows(db_copy, "SELECT name FROM organisations ORDER BY organisation_id") == [("Ånge kommun",), ("Storvik",)]


def test_a_document_that_names_no_organisation_can_be_given_a_new_one(app, db_copy, monkeypatch):
    at = open_as_editor(app, monkeypatch)
    unnamed = STORVIK.read_bytes().replace("Storvik kommun".encode(), "kommunen".encode())
    at.selectbox(key="import_organisation").set_value("Ny organisation …")
    at.run()
    at.text_input(key="import_organisation_name").input("Storvik kommun")
    at = preview(at, "unnamed.txt", unnamed)
    assert not at.exception, at.exception
    assert at.text_input(key="import_new_organisation").value == "Storvik kommun"
    next(b for b in at.button if b.label == ADD_ORGANISATION).click()
    at.run()
    assert "Organisationen Storvik kommun lades till i databasen." in texts(at.success)
    assert rows(db_copy, "SELECT r.file_name FROM reports r JOIN organisations o USING (organisation_id) "
                         "WHERE o.name = 'Storvik kommun'") == [("unnamed.txt",)]


def test_wrong_passwords_slow_down_their_own_session_and_address_and_the_right_one_then_gets_in(app, db_copy, monkeypatch):
    """Three wrong passwords are free; the fourth try must wait, in this session and from
    this address, and is not even checked while it waits. The right password after the wait
    gets in; the sign-in log holds the three wrong ones and the sign-in."""
    from tertial import auth, signin_log

    throttle = auth.PasswordThrottle(first_wait=0.5)
    monkeypatch.setattr(auth, "PASSWORD_THROTTLE", throttle)
    monkeypatch.setenv(ENV_PASSWORD, "hemligt")
    at = app.switch_page(PAGE).run()
    for attempt in range(3):
        at = sign_in(at, password=f"gissning{attempt}")
        assert "Fel lösenord." in texts(at.sidebar.error)
    at = sign_in(at)  # the right password, while the wait lasts: not checked
    assert "För många felaktiga lösenord härifrån. Vänta 1 sekund och försök igen." in texts(at.sidebar.error)
    assert len(at.get("file_uploader")) == 0
    import time

    time.sleep(0.6)
    at = sign_in(at)
    assert not at.exception
    assert len(at.get("file_uploader")) == 1
    entries = signin_log.recent(10, db_copy)
    assert [(e["event"], e["method"], e["name"]) for e in entries] == [
        ("inloggning", "lösenord", "Anna Controller")] + [("fel lösenord", "lösenord", "Anna Controller")] * 3
    assert {e["client"] for e in entries} == {"lokal"}  # AppTest has no address: a local browser


def test_the_password_throttle_slows_only_the_keys_that_guessed_and_never_locks_anyone_out():
    from tertial.auth import PasswordThrottle

    throttle = PasswordThrottle(free=3, first_wait=5, longest_wait=60, forget_after=3600)
    guesser = ["session a", "adress 10.0.0.9"]
    for second in range(3):
        assert throttle.wait_seconds(guesser, now=second) == 0
        throttle.failed(guesser, now=second)
    assert throttle.wait_seconds(guesser, now=2) == 5  # after the third: 5 s
    assert throttle.wait_seconds(["session b", "adress 10.0.0.9"], now=2) == 5  # a new session, same address
    assert throttle.wait_seconds(["session c", "adress 10.0.0.7"], now=2) == 0  # the editor elsewhere: no wait
    throttle.failed(guesser, now=7)
    assert throttle.wait_seconds(guesser, now=7) == 10  # doubling
    for step in range(10):
        throttle.failed(guesser, now=20 + step)
    assert throttle.wait_seconds(guesser, now=29) == 60  # up to the ceiling, never more
    assert throttle.wait_seconds(["session c", "adress 10.0.0.7"], now=29) == 0
    assert throttle.wait_seconds(guesser, now=29 + 3601) == 0  # an hour without guessing: forgotten
    throttle.failed(["session d"], now=5000)
    throttle.succeeded(["session d"])
    assert throttle.wait_seconds(["session d"], now=5000) == 0
