"""Hand entry: a spreadsheet template for a new tertial, filled in by staff and loaded back.

template_frame() gives one row per goal (its grade) and one per activity under a goal
(status, dates, comment), prefilled with the previous period's values, with Swedish
column names and two key columns (mål_id, aktivitet_id) that tie each row to the goal
and activity it is about. parse_template() reads a filled-in CSV (Swedish Excel:
semicolons, UTF-8 with byte-order mark; also Excel's own "CSV (semikolonavgränsad)" in
Windows-1252) or XLSX and checks every row; any problem means nothing is loaded.
apply_template() loads the rows as one new report of kind "Handinmatning", like an
import: one new version of the database file, with the file itself and an audit entry
(action 'import', so tertial.importing.undo can take it back); the same file again
changes nothing (content hash).

Everything here is one organisation's: each function takes the organisation (its name or
id) and reads, checks and writes only that organisation's reports, goals and activities;
there is no default organisation.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import polars as pl

from tertial.audit import record_change
from tertial.db import connect, database_path
from tertial.export import FORMULA_TRIGGERS, slug, to_csv_bytes, to_xlsx_bytes
from tertial.file_names import uploaded_file_name
from tertial.organisations import resolve_organisation
from tertial.periods import Period, parse_period, periods_between
from tertial.roles import VIEWER_REFUSAL, viewer_session
from tertial.slots import usual_unit
from tertial.store import new_version
from tertial.text import comparable_title
from tertial.vocabulary import GRADES, NOT_GRADED, STATUSES, normalise_grade, normalise_status

KIND = "Handinmatning"
GOAL, ACTIVITY = "Mål", "Aktivitet"
GOAL_ID, ACTIVITY_ID = "mål_id", "aktivitet_id"
COLUMNS = ["Typ", "Målnummer", "Mål", "Aktivitet", "Bedömning", "Status", "Startdatum", "Slutdatum", "Kommentar",
           GOAL_ID, ACTIVITY_ID]
SCHEMA = {"Typ": pl.String, "Målnummer": pl.String, "Mål": pl.String, "Aktivitet": pl.String,
          "Bedömning": pl.String, "Status": pl.String, "Startdatum": pl.Date, "Slutdatum": pl.Date,
          "Kommentar": pl.String, GOAL_ID: pl.Int64, ACTIVITY_ID: pl.Int64}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class TemplateRefused(Exception):
    """The filled-in template cannot be loaded; the Swedish message says why. Nothing changed."""


@dataclass(frozen=True)
class Problem:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        return f"Rad {self.row}, kolumn {self.column}: {self.message}"


@dataclass(frozen=True)
class TemplateRow:
    line: int
    kind: str  # GOAL | ACTIVITY
    goal_id: int
    activity_id: int | None
    goal_code: str | None
    goal_title: str | None
    activity_title: str | None
    grade: str | None
    grade_as_printed: str | None
    status: str | None
    status_as_printed: str | None
    start_date: date | None
    end_date: date | None
    comment: str | None


@dataclass(frozen=True)
class TemplateResult:
    action: str  # 'import' | 'oförändrad'
    audit_id: int | None
    report_id: int | None
    message: str


# ---------------------------------------------------------------- the organisation


def organisation_of(con: duckdb.DuckDBPyConnection, organisation: str | int) -> tuple[int, str]:
    """(id, name) of the stored organisation ORGANISATION names (a name, matched as
    tertial.organisations says, or an id); refused when it is none of them."""
    known = dict(con.execute("SELECT name, organisation_id FROM organisations ORDER BY organisation_id").fetchall())
    try:
        name, organisation_id = resolve_organisation(organisation, known)
    except ValueError as error:
        raise TemplateRefused(str(error)) from None
    return organisation_id, name


def _for(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """' för NAME' in a message when the database holds several organisations, else ''
    (with one, the messages stay as they were)."""
    several = con.execute("SELECT count(*) > 1 FROM organisations").fetchone()[0]
    return f" för {name}" if several else ""


# ---------------------------------------------------------------- the template


def previous_period_with_data(con: duckdb.DuckDBPyConnection, period: str, *, organisation: str | int) -> str | None:
    """The latest period before this one in which some report of the organisation has goals."""
    organisation_id, _ = organisation_of(con, organisation)
    found = con.execute(
        """SELECT max(r.period_key) FROM reports r
           WHERE r.organisation_id = ? AND r.period_key < ?
             AND EXISTS (SELECT 1 FROM goal_reports g WHERE g.report_id = r.report_id)""",
        [organisation_id, parse_period(period).key],
    ).fetchone()[0]
    return found


def template_frame(con: duckdb.DuckDBPyConnection, period: str, previous_period: str | None = None, *,
                   organisation: str | int) -> pl.DataFrame:
    """The organisation's hand entry template for PERIOD, prefilled from its reports of
    PREVIOUS_PERIOD (by default the latest earlier period in which it has goals): each
    goal, followed by its activities."""
    parse_period(period)
    organisation_id, _ = organisation_of(con, organisation)
    previous = previous_period or previous_period_with_data(con, period, organisation=organisation_id)
    if previous is None:
        return pl.DataFrame(schema=SCHEMA)
    # A goal or activity reported twice in a period (two reports) is taken from the later one.
    goals = con.execute(
        """SELECT gr.goal_id, gr.goal_code, g.title, gr.grade, gr.comment, gr.source_line
           FROM goal_reports gr JOIN reports r USING (report_id) JOIN goals g USING (goal_id)
           WHERE r.period_key = ? AND r.organisation_id = ? AND g.organisation_id = r.organisation_id
           QUALIFY row_number() OVER (PARTITION BY gr.goal_id ORDER BY r.as_of DESC, r.report_id DESC) = 1
           ORDER BY gr.source_line, gr.goal_id""",
        [previous, organisation_id],
    ).fetchall()
    activities = con.execute(
        """SELECT ar.goal_id, ar.activity_id, a.title, ar.status, ar.start_date, ar.end_date, ar.comment
           FROM activity_reports ar JOIN reports r USING (report_id) JOIN activities a USING (activity_id)
           WHERE r.period_key = ? AND r.organisation_id = ? AND a.organisation_id = r.organisation_id
           QUALIFY row_number() OVER (PARTITION BY ar.goal_id, ar.activity_id
                                      ORDER BY r.as_of DESC, r.report_id DESC) = 1
           ORDER BY ar.source_line, ar.activity_id""",
        [previous, organisation_id],
    ).fetchall()
    by_goal: dict[int, list] = {}
    for row in activities:
        by_goal.setdefault(row[0], []).append(row)
    rows = []
    for goal_id, code, title, grade, comment, _ in goals:
        rows.append([GOAL, code, title, None, grade, None, None, None, comment, goal_id, None])
        for _, activity_id, activity, status, start, end, note in by_goal.pop(goal_id, []):
            rows.append([ACTIVITY, code, title, activity, None, status, start, end, note, goal_id, activity_id])
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def template_file_name(period: str, extension: str, organisation: str | None = None) -> str:
    """'tertial_handinmatning_2023-t3.csv'; with an organisation (the page gives it when
    the database holds several) 'tertial_handinmatning_storvik-kommun_2023-t3.csv'."""
    named = f"{slug(organisation)}_" if organisation and slug(organisation) else ""
    return f"tertial_handinmatning_{named}{parse_period(period).key.lower()}.{extension}"


def template_csv_bytes(frame: pl.DataFrame) -> bytes:
    """The template as CSV that Swedish Excel opens correctly (semicolons, UTF-8 with BOM)."""
    return to_csv_bytes(frame)


def template_xlsx_bytes(frame: pl.DataFrame) -> bytes:
    """The template as XLSX: key columns hidden, drop-down lists for grade and status."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = load_workbook(io.BytesIO(to_xlsx_bytes(frame, sheet="Handinmatning")))
    sheet = workbook.active
    last = max(frame.height + 1, 500)
    for name, values in (("Bedömning", [*GRADES, NOT_GRADED]), ("Status", list(STATUSES))):
        letter = get_column_letter(COLUMNS.index(name) + 1)
        validation = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle=name,
                                    error=f"Välj en av: {', '.join(values)}.")
        validation.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(validation)
    for name in (GOAL_ID, ACTIVITY_ID):
        sheet.column_dimensions[get_column_letter(COLUMNS.index(name) + 1)].hidden = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- reading it back


def _cells(data: bytes, file_name: str) -> list[list]:
    extension = os.path.splitext(file_name.lower())[1]
    if extension == ".xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # not a workbook at all
            raise TemplateRefused(f"{file_name} kunde inte läsas som XLSX-fil ({error}).") from None
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    if extension in (".csv", ".txt"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")  # Excel's "CSV (semikolonavgränsad)" on Swedish Windows
        first = text.split("\n", 1)[0]
        delimiter = max(";\t,", key=first.count)
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    raise TemplateRefused(f"{file_name}: okänt filformat; ladda upp mallen som CSV eller XLSX.")


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_TRIGGERS):
        text = text[1:]  # the guard the export put before a would-be formula
    return text or None


def parse_template(data: bytes, file_name: str, *, con: duckdb.DuckDBPyConnection | None = None,
                   organisation: str | int | None = None) -> tuple[list[TemplateRow], list[Problem]]:
    """The rows of a filled-in template and every problem found in it. With a database
    connection the goal and activity keys are also checked against it: they must be the
    ORGANISATION's goals and activities (required with a connection). When there is any
    problem, load nothing."""
    if con is not None and organisation is None:
        raise TypeError("parse_template: with a connection, name the organisation the template is for")
    try:
        cells = _cells(data, file_name)
    except TemplateRefused as error:
        return [], [Problem(1, "–", str(error))]
    if not any(any(_text(value) for value in row) for row in cells):
        return [], [Problem(1, "–", "filen är tom.")]
    header = [(_text(value) or "").lower() for value in cells[0]]
    positions = {}
    problems: list[Problem] = []
    for column in COLUMNS:
        if column.lower() in header:
            positions[column] = header.index(column.lower())
        else:
            problems.append(Problem(1, column, f"kolumnen {column} saknas; använd mallen som den laddades ned."))
    if problems:
        return [], problems

    known_goals = known_activities = None
    others: dict[str, dict[int, str]] = {GOAL_ID: {}, ACTIVITY_ID: {}}
    organisation_name = None
    if con is not None:
        organisation_id, organisation_name = organisation_of(con, organisation)
        known_goals, others_goals = _keys_of(con, "goals", "goal_id", organisation_id,
                                             _ids_in(cells[1:], positions[GOAL_ID]))
        known_activities, others_activities = _keys_of(con, "activities", "activity_id", organisation_id,
                                                       _ids_in(cells[1:], positions[ACTIVITY_ID]))
        others = {GOAL_ID: others_goals, ACTIVITY_ID: others_activities}

    rows: list[TemplateRow] = []
    goal_rows: set[int] = set()  # goals with a row of their own, whether or not it has problems
    for line, raw in enumerate(cells[1:], start=2):
        values = {column: raw[index] if index < len(raw) else None for column, index in positions.items()}
        if not any(_text(value) for value in values.values()):
            continue
        found: list[Problem] = []

        def problem(column: str, message: str) -> None:
            found.append(Problem(line, column, message))

        kind_text = _text(values["Typ"])
        kind = {"mål": GOAL, "aktivitet": ACTIVITY}.get((kind_text or "").lower())
        if kind is None:
            problem("Typ", f"okänd typ »{kind_text or ''}«; skriv Mål eller Aktivitet.")

        def key(column: str, known: set[int] | None, what: str) -> int | None:
            text = _text(values[column])
            if text is None:
                return None
            if not re.fullmatch(r"\d+", text):
                problem(column, f"»{text}« är inget id; lämna kolumnen som mallen fyllde i den.")
                return None
            if known is not None and int(text) not in known:
                other = others[column].get(int(text))
                if other is not None:  # a key of another organisation's template
                    problem(column, f"{what} {text} hör till {other}, inte till {organisation_name}; använd mallen "
                                    f"för {organisation_name}.")
                else:
                    problem(column, f"okänt {what} {text}; lämna kolumnen som mallen fyllde i den.")
                return None
            return int(text)

        goal_id = key(GOAL_ID, known_goals, "mål_id")
        if goal_id is None and _text(values[GOAL_ID]) is None:
            problem(GOAL_ID, "mål_id saknas; varje rad hör till ett mål ur mallen.")
        activity_id = key(ACTIVITY_ID, known_activities, "aktivitet_id")
        if kind == GOAL and goal_id is not None:
            goal_rows.add(goal_id)
        goal_title = _text(values["Mål"])
        activity_title = _text(values["Aktivitet"])
        grade = grade_printed = status = status_printed = start = end = None

        if kind == GOAL:
            if goal_title is None:
                problem("Mål", "målraden saknar Mål.")
            grade_printed = _text(values["Bedömning"])
            if grade_printed and grade_printed.lower() != NOT_GRADED.lower():
                grade = normalise_grade(grade_printed)
                if grade is None:
                    problem("Bedömning", f"okänd bedömning »{grade_printed}«; tillåtna: "
                                         f"{', '.join([*GRADES, NOT_GRADED])} (eller tomt).")
        elif kind == ACTIVITY:
            if activity_title is None:
                problem("Aktivitet", "aktivitetsraden saknar Aktivitet.")
            status_printed = _text(values["Status"])
            status = normalise_status(status_printed or "")
            if status is None:
                said = f"okänd status »{status_printed}«" if status_printed else "status saknas"
                problem("Status", f"{said}; tillåtna: {', '.join(STATUSES)}.")
            start = _date(values["Startdatum"], "Startdatum", problem)
            end = _date(values["Slutdatum"], "Slutdatum", problem)
            if start and end and end < start:
                problem("Slutdatum", f"slutdatum {end} ligger före startdatum {start}.")
        problems.extend(found)
        if found:
            continue
        rows.append(TemplateRow(
            line=line, kind=kind, goal_id=goal_id, activity_id=activity_id, goal_code=_text(values["Målnummer"]),
            goal_title=goal_title, activity_title=activity_title, grade=grade, grade_as_printed=grade_printed,
            status=status, status_as_printed=status_printed, start_date=start, end_date=end,
            comment=_text(values["Kommentar"]),
        ))
    problems.extend(_cross_row_problems(rows, goal_rows))
    if not rows and not problems:
        problems.append(Problem(2, "–", "filen har inga rader att läsa in."))
    problems.sort(key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else -1))
    return ([] if problems else rows), problems


def _ids_in(rows: list[list], index: int) -> list[int]:
    """The whole numbers in one column of the sheet's rows: the keys to look up."""
    found = set()
    for row in rows:
        text = _text(row[index]) if index < len(row) else None
        if text is not None and re.fullmatch(r"\d{1,18}", text):
            found.add(int(text))
    return sorted(found)


def _keys_of(con: duckdb.DuckDBPyConnection, table: str, key: str, organisation_id: int,
             ids: list[int]) -> tuple[set[int], dict[int, str]]:
    """Of IDS, those that are the organisation's rows of TABLE (goals or activities), and
    the others' organisation names by id (ids of no organisation are in neither)."""
    assert (table, key) in (("goals", "goal_id"), ("activities", "activity_id"))
    if not ids:
        return set(), {}
    found = con.execute(
        f"""SELECT t.{key}, t.organisation_id, o.name FROM {table} t JOIN organisations o USING (organisation_id)
            WHERE list_contains(?::BIGINT[], t.{key})""", [ids]
    ).fetchall()
    own = {found_id for found_id, owner, _ in found if owner == organisation_id}
    return own, {found_id: name for found_id, owner, name in found if owner != organisation_id}


def _date(value, column: str, problem) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if text is None:
        return None
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    problem(column, f"»{text}« är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2023-12-31.")
    return None


def _cross_row_problems(rows: list[TemplateRow], goal_rows: set[int]) -> list[Problem]:
    problems = []
    goal_lines: dict[int, int] = {}
    for row in rows:
        if row.kind == GOAL:
            if row.goal_id in goal_lines:
                problems.append(Problem(row.line, GOAL_ID, f"målet står redan på rad {goal_lines[row.goal_id]}."))
            else:
                goal_lines[row.goal_id] = row.line
    activity_lines: dict[tuple, int] = {}
    for row in rows:
        if row.kind != ACTIVITY:
            continue
        if row.goal_id not in goal_rows:
            problems.append(Problem(row.line, GOAL_ID, "aktivitetens mål har ingen målrad i filen."))
        key = (row.activity_id if row.activity_id is not None else comparable_title(row.activity_title), row.goal_id)
        if key in activity_lines:
            problems.append(Problem(row.line, "Aktivitet",
                                    f"aktiviteten står redan under samma mål på rad {activity_lines[key]}."))
        else:
            activity_lines[key] = row.line
    return problems


def problems_frame(problems: list[Problem]) -> pl.DataFrame:
    return pl.DataFrame({"Rad": [p.row for p in problems], "Kolumn": [p.column for p in problems],
                         "Problem": [p.message for p in problems]}, schema={"Rad": pl.Int64, "Kolumn": pl.String,
                                                                             "Problem": pl.String})


def rows_frame(rows: list[TemplateRow]) -> pl.DataFrame:
    """The parsed rows as a preview, in the template's columns."""
    return pl.DataFrame(
        [[r.kind, r.goal_code, r.goal_title, r.activity_title, r.grade or (NOT_GRADED if r.kind == GOAL else None),
          r.status, r.start_date, r.end_date, r.comment, r.goal_id, r.activity_id] for r in rows],
        schema=SCHEMA, orient="row",
    )


# ---------------------------------------------------------------- loading it


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _already_loaded(con: duckdb.DuckDBPyConnection, sha: str) -> str | None:
    found = con.execute("SELECT file_name FROM reports WHERE content_sha256 = ?", [sha]).fetchall()
    return found[0][0] if found else None


def apply_template(db_path: str | os.PathLike | None, rows: list[TemplateRow], *, organisation: str | int,
                   period: str, as_of: date | None, actor: str, file_name: str, data: bytes) -> TemplateResult:
    """Load parsed template rows as a new report of the ORGANISATION (its name or id), of
    kind Handinmatning, for PERIOD, all in one new version of the database file, or nothing.
    The rows must be the organisation's goals and activities."""
    if viewer_session():
        raise TemplateRefused(VIEWER_REFUSAL)
    file_name = uploaded_file_name(file_name)  # a label: never a path, never control characters
    if not (actor or "").strip():
        raise TemplateRefused("Ange vem som läser in filen; namnet står i ändringsloggen.")
    if not rows:
        raise TemplateRefused(f"{file_name}: inga rader att läsa in.")
    try:
        chosen = parse_period(period)
    except ValueError as error:
        raise TemplateRefused(str(error)) from None
    as_of = as_of or chosen.end
    if as_of < chosen.start:
        raise TemplateRefused(f"Avstämningsdatum {as_of} ligger före perioden {chosen.key}.")
    sha = _sha256(data)
    path = database_path(db_path)
    with connect(path, read_only=True) as con:
        organisation_of(con, organisation)  # an unknown organisation is refused before the lock
        same = _already_loaded(con, sha)
    if same:
        return TemplateResult("oförändrad", None, None,
                              f"{file_name} har samma innehåll som den redan inlästa {same}; inget ändrades.")
    with new_version(path) as con:
        same = _already_loaded(con, sha)
        if same:
            return TemplateResult("oförändrad", None, None, f"{file_name} lästes redan in av någon annan; inget ändrades.")
        organisation_id, name = organisation_of(con, organisation)
        report_id = _insert(con, rows, organisation_id, chosen, as_of, file_name, data, sha)
        goals = [r for r in rows if r.kind == GOAL]
        activities = [r for r in rows if r.kind == ACTIVITY]
        graded = sum(1 for r in goals if r.grade)
        summary = (f"Läste in handinmatning {file_name}{_for(con, name)}: {chosen.key} (avstämt {as_of}), "
                   f"mål {len(goals)} (bedömda {graded}), aktiviteter {len(activities)}")
        after = {"report_id": report_id, "organisation": name, "period": chosen.key, "as_of": str(as_of),
                 "goals": len(goals), "graded_goals": graded, "activities": len(activities), "kind": KIND}
        audit_id = record_change(con, actor=actor, action="import", report_file=file_name, sha256=sha,
                                 summary=summary, after=after)
    return TemplateResult("import", audit_id, report_id, f"{summary} (ändring {audit_id}).")


def restore_hand_entry(con: duckdb.DuckDBPyConnection, file_name: str, data: bytes, period: str, as_of: date, *,
                       organisation: str | int) -> int:
    """Load a stored hand entry of the ORGANISATION again, as it was (undoing the report
    that replaced it in the organisation's slot)."""
    organisation_id, _ = organisation_of(con, organisation)
    rows, problems = parse_template(data, file_name, con=con, organisation=organisation_id)
    if problems:
        raise TemplateRefused(f"{file_name} kunde inte läsas in igen: {problems[0]}")
    return _insert(con, rows, organisation_id, parse_period(period), as_of, file_name, data, _sha256(data))


def _insert(con: duckdb.DuckDBPyConnection, rows: list[TemplateRow], organisation_id: int, period: Period,
            as_of: date, file_name: str, data: bytes, sha: str) -> int:
    """Insert the rows as a report of the organisation; every check and look-up keeps to it."""
    [(name,)] = con.execute("SELECT name FROM organisations WHERE organisation_id = ?", [organisation_id]).fetchall()
    named = _for(con, name)
    others = con.execute(
        """SELECT DISTINCT r.file_name FROM reports r JOIN goal_reports g USING (report_id)
           WHERE r.period_key = ? AND r.organisation_id = ? ORDER BY 1""", [period.key, organisation_id]
    ).fetchall()
    if others:
        raise TemplateRefused(
            f"Perioden {period.key} har redan mål{named} från {', '.join(n for (n,) in others)}. Välj en annan period, "
            "rätta enstaka värden under Enstaka rättelse, eller ångra den tidigare inläsningen först."
        )
    goal_ids = sorted({r.goal_id for r in rows})
    model_years = dict(con.execute(
        f"SELECT goal_id, model_year FROM goals WHERE organisation_id = ? "
        f"AND goal_id IN ({', '.join('?' * len(goal_ids))})", [organisation_id, *goal_ids]
    ).fetchall())
    missing = [goal_id for goal_id in goal_ids if goal_id not in model_years]
    known_activities = {a for (a,) in con.execute(
        "SELECT activity_id FROM activities WHERE organisation_id = ?", [organisation_id]).fetchall()}
    missing_activities = sorted({r.activity_id for r in rows if r.activity_id is not None} - known_activities)
    if missing or missing_activities:
        raise TemplateRefused(
            f"Filen pekar på mål eller aktiviteter som inte finns i databasen{named} "
            f"(mål_id {missing or '–'}, aktivitet_id {missing_activities or '–'}); inget lästes in."
        )
    _ensure_period(con, period)
    # The hand entry stands for the body's own tertial report: its slot is the body's usual
    # unit, so that the document arriving later for the same tertial replaces it (after
    # confirmation) instead of being counted beside it.
    body = "Kommunstyrelsen"
    unit = usual_unit([{"unit": unit, "report_id": report_id} for unit, report_id in con.execute(
        "SELECT unit, report_id FROM reports WHERE organisation_id = ? AND body = ?", [organisation_id, body]
    ).fetchall()]).unit
    filled = con.execute(
        "SELECT file_name FROM reports WHERE organisation_id = ? AND body = ? AND coalesce(unit, '') = coalesce(?, '') "
        "AND period_key = ?", [organisation_id, body, unit, period.key]
    ).fetchall()
    if filled:
        raise TemplateRefused(
            f"Perioden {period.key} har redan en rapport{named} från {unit or body} ({filled[0][0]}). Ångra den först, "
            "eller rätta enstaka värden under Enstaka rättelse."
        )
    report_id = con.execute("SELECT coalesce(max(report_id), 0) + 1 FROM reports").fetchone()[0]
    con.execute(
        "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [report_id, organisation_id, file_name, sha, f"Handinmatning {period.label}", body, unit, KIND,
         period.key, as_of, f"Perioden {period.key} valdes vid inmatningen.", max(model_years.values()),
         max(r.line for r in rows)],
    )
    con.execute("INSERT INTO report_files VALUES (?, ?, ?, ?, ?, ?, ?)",
                [report_id, file_name, data, period.key, as_of, "KS", json.dumps({})])
    con.executemany(
        "INSERT INTO goal_reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[r.goal_id, report_id, r.goal_code, r.goal_title, r.line, r.grade, r.grade_as_printed,
          r.line if r.grade else None, r.comment] for r in rows if r.kind == GOAL],
    )
    # The organisation's own activities only: the same title elsewhere is another activity.
    by_title = {comparable_title(title): activity_id for activity_id, title in con.execute(
        "SELECT activity_id, title FROM activities WHERE organisation_id = ? ORDER BY activity_id",
        [organisation_id]).fetchall()}
    next_activity = con.execute("SELECT coalesce(max(activity_id), 0) + 1 FROM activities").fetchone()[0]
    activity_rows = []
    for r in rows:
        if r.kind != ACTIVITY:
            continue
        activity_id = r.activity_id
        if activity_id is None:  # a new activity, typed in by hand: the same title is the same activity
            activity_id = by_title.get(comparable_title(r.activity_title))
            if activity_id is None:
                activity_id = by_title[comparable_title(r.activity_title)] = next_activity
                next_activity += 1
                con.execute("INSERT INTO activities VALUES (?, ?, ?)", [activity_id, organisation_id, r.activity_title])
        activity_rows.append([activity_id, r.goal_id, report_id, r.activity_title, r.line, r.status,
                              r.status_as_printed, r.start_date, r.end_date, None, None, r.comment])
    keys = [(row[0], row[1]) for row in activity_rows]
    if len(set(keys)) != len(keys):
        raise TemplateRefused("Samma aktivitet står två gånger under samma mål; inget lästes in.")
    if activity_rows:
        con.executemany("INSERT INTO activity_reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", activity_rows)
    return report_id


def _ensure_period(con: duckdb.DuckDBPyConnection, period: Period) -> None:
    """Every tertial from the first to the last year stays in periods, so gaps show."""
    known = [parse_period(key) for (key,) in con.execute("SELECT period_key FROM periods").fetchall()]
    keys = sorted([period, *known])
    for each in periods_between(Period(keys[0].year, 1), Period(keys[-1].year, 3)):
        if each not in known:
            con.execute("INSERT INTO periods VALUES (?, ?, ?, ?, ?)",
                        [each.key, each.year, each.tertial, each.start, each.end])


def template_periods(con: duckdb.DuckDBPyConnection, *, organisation: str | int) -> tuple[list[str], str | None]:
    """Periods a template of the organisation can be made for (those in which it has no
    goals, and the one after the last known period), and the one to offer first: the
    first after the latest in which it has goals."""
    organisation_id, _ = organisation_of(con, organisation)
    known = [key for (key,) in con.execute("SELECT period_key FROM periods ORDER BY year, tertial").fetchall()]
    with_goals = {key for (key,) in con.execute(
        """SELECT DISTINCT r.period_key FROM reports r JOIN goal_reports g USING (report_id)
           WHERE r.organisation_id = ?""", [organisation_id]).fetchall()}
    if not known:
        return [], None
    last = parse_period(known[-1])
    following = Period(last.year + 1, 1) if last.tertial == 3 else Period(last.year, last.tertial + 1)
    choices = [key for key in known if key not in with_goals] + [following.key]
    latest = max(with_goals, key=parse_period, default=None)
    default = next((key for key in choices if latest is None or parse_period(key) > parse_period(latest)), choices[-1])
    return choices, default
