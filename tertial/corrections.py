"""Single corrections: one value of one goal or activity in one loaded report.

Each correction is one new version of the database file (tertial.store.new_version)
with an audit entry (action 'rättelse') that holds the value before and after, who made
it, the report file and its content hash. The correction changes the report's own rows
(goal_reports, activity_reports), so it survives in the data and shows in every view;
what the document printed stays in the *_as_printed columns, and the log says why they
differ. A value equal to the current one writes nothing.

A correction is one organisation's: the functions take the organisation (its name or id)
and find the report, and through it the goal and activity, only among that organisation's
reports, so a report file of another organisation is never touched. There is no default
organisation.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date

import duckdb

from tertial.audit import record_change
from tertial.db import connect, database_path
from tertial.organisations import resolve_organisation
from tertial.roles import VIEWER_REFUSAL, viewer_session
from tertial.store import StoreError, new_version
from tertial.vocabulary import GRADES, NOT_GRADED, STATUSES, normalise_grade, normalise_status

ACTION = "rättelse"

# field → (table, column, Swedish name)
FIELDS = {
    "grade": ("goal_reports", "grade", "bedömningen"),
    "status": ("activity_reports", "status", "statusen"),
    "start_date": ("activity_reports", "start_date", "startdatumet"),
    "end_date": ("activity_reports", "end_date", "slutdatumet"),
    "goal_comment": ("goal_reports", "comment", "kommentaren"),
    "activity_comment": ("activity_reports", "comment", "kommentaren"),
}


class CorrectionRefused(Exception):
    """The correction cannot be made; the Swedish message says why. Nothing has changed."""


@dataclass(frozen=True)
class CorrectionResult:
    changed: bool
    audit_id: int | None
    before: object
    after: object
    message: str


def allowed_grades_text() -> str:
    return ", ".join([*GRADES, NOT_GRADED])


def allowed_statuses_text() -> str:
    return ", ".join(STATUSES)


def parse_grade(value: str | None) -> str | None:
    """A grade word as one of GRADES, None for not graded; refuse anything else."""
    if value is None or not str(value).strip() or str(value).strip().lower() == NOT_GRADED.lower():
        return None
    grade = normalise_grade(str(value))
    if grade is None:
        raise CorrectionRefused(f"Okänd bedömning »{value}«. Tillåtna: {allowed_grades_text()}.")
    return grade


def parse_status(value: str | None) -> str:
    status = normalise_status(str(value or ""))
    if status is None:
        raise CorrectionRefused(f"Okänd status »{value or ''}«. Tillåtna: {allowed_statuses_text()}.")
    return status


def _organisation(con: duckdb.DuckDBPyConnection, organisation: str | int) -> tuple[int, str]:
    """(id, name) of the stored organisation ORGANISATION names (name or id); refused otherwise."""
    known = dict(con.execute("SELECT name, organisation_id FROM organisations ORDER BY organisation_id").fetchall())
    try:
        name, organisation_id = resolve_organisation(organisation, known)
    except ValueError as error:
        raise CorrectionRefused(str(error)) from None
    return organisation_id, name


def _named(con: duckdb.DuckDBPyConnection, organisation_id: int) -> str | None:
    """The organisation's name for a message when the database holds several, else None
    (with one, the messages stay as they were)."""
    [(name, several)] = con.execute(
        "SELECT name, (SELECT count(*) FROM organisations) > 1 FROM organisations WHERE organisation_id = ?",
        [organisation_id]).fetchall()
    return name if several else None


def _for(con: duckdb.DuckDBPyConnection, organisation_id: int) -> str:
    """' för NAME' in a message when the database holds several organisations, else ''."""
    name = _named(con, organisation_id)
    return f" för {name}" if name else ""


@dataclass(frozen=True)
class _Target:
    organisation_id: int
    report_id: int
    report_file: str
    sha256: str
    period: str
    goal_id: int
    goal_code: str | None
    activity_id: int | None
    activity_title: str | None

    def describe(self) -> str:
        goal = f"mål {self.goal_code}" if self.goal_code else f"mål (id {self.goal_id})"
        if self.activity_id is None:
            return goal
        return f"aktiviteten »{self.activity_title}« under {goal}"


def _locate(con: duckdb.DuckDBPyConnection, organisation_id: int, report_file: str, goal_id: int,
            activity_id: int | None, need_activity: bool, *, report_id: int | None = None) -> _Target:
    """The row to correct: in the organisation's report REPORT_FILE (the one with
    REPORT_ID, when it still has that name), under GOAL_ID, and ACTIVITY_ID's row there."""
    reports = con.execute(
        """SELECT report_id, content_sha256, period_key FROM reports WHERE file_name = ? AND organisation_id = ?
           ORDER BY report_id = ? DESC, report_id DESC""",
        [report_file, organisation_id, report_id],
    ).fetchall()
    if not reports:
        raise CorrectionRefused(f"Rapporten {report_file} finns inte i databasen{_for(con, organisation_id)}.")
    report_id, sha, period = reports[0]
    goal = con.execute(
        "SELECT goal_code FROM goal_reports WHERE report_id = ? AND goal_id = ?", [report_id, goal_id]
    ).fetchall()
    activity_title = None
    if need_activity and activity_id is None:
        raise CorrectionRefused("Välj en aktivitet: det här fältet hör till en aktivitet.")
    if activity_id is not None:
        found = con.execute(
            "SELECT title_as_printed FROM activity_reports WHERE report_id = ? AND goal_id = ? AND activity_id = ?",
            [report_id, goal_id, activity_id],
        ).fetchall()
        if not found:
            raise CorrectionRefused(
                f"Aktiviteten (id {activity_id}) finns inte under mål (id {goal_id}) i rapporten {report_file}."
            )
        activity_title = found[0][0]
    elif not goal:
        raise CorrectionRefused(f"Målet (id {goal_id}) finns inte i rapporten {report_file}.")
    return _Target(organisation_id, report_id, report_file, sha, period, goal_id, goal[0][0] if goal else None,
                   activity_id, activity_title)


def _where(target: _Target, table: str) -> tuple[str, list]:
    if table == "goal_reports":
        return "report_id = ? AND goal_id = ?", [target.report_id, target.goal_id]
    return "report_id = ? AND goal_id = ? AND activity_id = ?", [target.report_id, target.goal_id, target.activity_id]


def _current(con: duckdb.DuckDBPyConnection, target: _Target, field: str):
    table, column, _ = FIELDS[field]
    where, params = _where(target, table)
    return con.execute(f"SELECT {column} FROM {table} WHERE {where}", params).fetchone()[0]


def _shown(value) -> str:
    if value is None:
        return "(tomt)"
    return value.isoformat() if isinstance(value, date) else str(value)


def _record(field: str, target: _Target, value) -> dict:
    return {"field": field, "value": value.isoformat() if isinstance(value, date) else value,
            "organisation_id": target.organisation_id, "report_id": target.report_id, "goal_id": target.goal_id,
            "activity_id": target.activity_id}


def _apply(con, target: _Target, field: str, old, new, actor: str, *, undoes: int | None = None) -> int:
    table, column, _ = FIELDS[field]
    where, params = _where(target, table)
    con.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", [new, *params])
    _, _, swedish = FIELDS[field]
    verb = "Ångrade rättelsen av" if undoes else "Rättade"
    name = _named(con, target.organisation_id)
    summary = (f"{verb} {swedish} för {target.describe()} i {target.report_file} "
               f"({target.period}{', ' + name if name else ''}): {_shown(old)} → {_shown(new)}.")
    return record_change(con, actor=actor, action="ångra" if undoes else ACTION, report_file=target.report_file,
                         sha256=target.sha256, summary=summary, before=_record(field, target, old),
                         after=_record(field, target, new), undoes=undoes)


def _unchanged(target, field: str, value) -> CorrectionResult:
    return CorrectionResult(False, None, value, value,
                            f"Ingen ändring: {FIELDS[field][2]} för {target.describe()} är redan {_shown(value)}.")


def _correct(db_path, *, organisation: str | int, report_file: str, goal_id: int, activity_id: int | None, field: str,
             value, actor: str, check=None) -> CorrectionResult:
    if viewer_session():
        raise CorrectionRefused(VIEWER_REFUSAL)
    if not (actor or "").strip():
        raise CorrectionRefused("Ange vem som gör rättelsen; namnet står i ändringsloggen.")
    path = database_path(db_path)
    if not path.exists():
        raise CorrectionRefused(f"Databasen {path} finns inte.")
    need_activity = FIELDS[field][0] == "activity_reports"
    with connect(path, read_only=True) as con:
        organisation_id, _ = _organisation(con, organisation)
        target = _locate(con, organisation_id, report_file, goal_id, activity_id, need_activity)
        old = _current(con, target, field)
        if check:
            check(con, target)
    if old == value:
        return _unchanged(target, field, value)
    with new_version(path) as con:
        # Another writer may have changed the row while this one waited for the lock.
        organisation_id, _ = _organisation(con, organisation)
        target = _locate(con, organisation_id, report_file, goal_id, activity_id, need_activity)
        old = _current(con, target, field)
        if check:
            check(con, target)
        if old == value:
            return _unchanged(target, field, value)
        audit_id = _apply(con, target, field, old, value, actor)
    return CorrectionResult(True, audit_id, old, value,
                            f"Rättade {FIELDS[field][2]} för {target.describe()}: {_shown(old)} → {_shown(value)} "
                            f"(ändring {audit_id}).")


def correct_grade(db_path: str | os.PathLike | None, *, organisation: str | int, report_file: str, goal_id: int,
                  grade: str | None, actor: str) -> CorrectionResult:
    """Set a goal's grade in one of the organisation's reports: one of GRADES, or None (Ej bedömd)."""
    return _correct(db_path, organisation=organisation, report_file=report_file, goal_id=goal_id, activity_id=None,
                    field="grade", value=parse_grade(grade), actor=actor)


def correct_status(db_path, *, organisation: str | int, report_file: str, activity_id: int, goal_id: int, status: str,
                   actor: str) -> CorrectionResult:
    return _correct(db_path, organisation=organisation, report_file=report_file, goal_id=goal_id,
                    activity_id=activity_id, field="status", value=parse_status(status), actor=actor)


def _date_order(field: str, value: date | None):
    def check(con, target: _Target) -> None:
        if value is None:
            return
        other = _current(con, target, "start_date" if field == "end_date" else "end_date")
        if other is None:
            return
        start, end = (other, value) if field == "end_date" else (value, other)
        if end < start:
            raise CorrectionRefused(f"Slutdatum {end} ligger före startdatum {start} för {target.describe()}.")
    return check


def _as_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise CorrectionRefused(f"»{value}« är inget datum; skriv det som ÅÅÅÅ-MM-DD, t.ex. 2023-12-31.") from None


def correct_end_date(db_path, *, organisation: str | int, report_file: str, activity_id: int, goal_id: int,
                     end_date: date | None, actor: str) -> CorrectionResult:
    value = _as_date(end_date)
    return _correct(db_path, organisation=organisation, report_file=report_file, goal_id=goal_id,
                    activity_id=activity_id, field="end_date", value=value, actor=actor,
                    check=_date_order("end_date", value))


def correct_start_date(db_path, *, organisation: str | int, report_file: str, activity_id: int, goal_id: int,
                       start_date: date | None, actor: str) -> CorrectionResult:
    value = _as_date(start_date)
    return _correct(db_path, organisation=organisation, report_file=report_file, goal_id=goal_id,
                    activity_id=activity_id, field="start_date", value=value, actor=actor,
                    check=_date_order("start_date", value))


def correct_comment(db_path, *, organisation: str | int, report_file: str, goal_id: int, activity_id: int | None,
                    comment: str | None, actor: str) -> CorrectionResult:
    """The comment of a goal (activity_id None) or of an activity under it; empty clears it."""
    value = (comment or "").strip() or None
    field = "goal_comment" if activity_id is None else "activity_comment"
    return _correct(db_path, organisation=organisation, report_file=report_file, goal_id=goal_id,
                    activity_id=activity_id, field=field, value=value, actor=actor)


def undo_correction(db_path, audit_id: int, *, actor: str) -> CorrectionResult:
    """Put a corrected value back as it was, if nobody has changed it since."""
    if viewer_session():
        raise CorrectionRefused(VIEWER_REFUSAL)
    with new_version(database_path(db_path)) as con:
        rows = con.execute("SELECT action, report_file, before, after, undone_by FROM audit_log WHERE audit_id = ?",
                           [audit_id]).fetchall()
        if not rows:
            raise StoreError(f"Det finns ingen ändring nummer {audit_id} i loggen.")
        action, report_file, before, after, undone_by = rows[0]
        if action != ACTION:
            raise StoreError(f"Ändring {audit_id} ({action}) är ingen rättelse.")
        if undone_by:
            raise StoreError(f"Ändring {audit_id} är redan ångrad (ändring {undone_by}).")
        before, after = json.loads(before), json.loads(after)
        field = before["field"]
        # The corrected report's organisation: recorded with the correction, else (an entry
        # written before it was) the organisation of the report it names.
        organisation_id = before.get("organisation_id")
        if organisation_id is None:
            found = con.execute(
                "SELECT organisation_id FROM reports WHERE file_name = ? ORDER BY report_id = ? DESC, report_id DESC",
                [report_file, before.get("report_id")]).fetchall()
            if not found:
                raise CorrectionRefused(f"Rapporten {report_file} finns inte i databasen.")
            organisation_id = found[0][0]
        target = _locate(con, organisation_id, report_file, before["goal_id"], before["activity_id"],
                         FIELDS[field][0] == "activity_reports", report_id=before.get("report_id"))
        current = _current(con, target, field)
        shown_now = current.isoformat() if isinstance(current, date) else current
        if shown_now != after["value"]:
            raise StoreError(f"Värdet har ändrats sedan ändring {audit_id} ({_shown(shown_now)}); ångra de senare först.")
        old = date.fromisoformat(before["value"]) if field.endswith("_date") and before["value"] else before["value"]
        undo_id = _apply(con, target, field, current, old, actor, undoes=audit_id)
        con.execute("UPDATE audit_log SET undone_by = ? WHERE audit_id = ?", [undo_id, audit_id])
    return CorrectionResult(True, undo_id, current, old, f"Ångrade ändring {audit_id} (ändring {undo_id}).")


# ---------------------------------------------------------------- choices for a form


def report_choices(con: duckdb.DuckDBPyConnection, *, organisation: str | int) -> list[tuple[str, str]]:
    """(file name, label) of every report of the organisation with goals, newest period first."""
    organisation_id, _ = _organisation(con, organisation)
    return [(name, f"{period} · {title} ({name})") for name, period, title in con.execute(
        """SELECT r.file_name, r.period_key, r.title FROM reports r
           WHERE r.organisation_id = ? AND EXISTS (SELECT 1 FROM goal_reports g WHERE g.report_id = r.report_id)
           ORDER BY r.period_key DESC, r.as_of DESC, r.file_name""", [organisation_id]).fetchall()]


def goal_choices(con: duckdb.DuckDBPyConnection, report_file: str, *, organisation: str | int) -> list[dict]:
    organisation_id, _ = _organisation(con, organisation)
    return [dict(zip(("goal_id", "goal_code", "title", "grade", "comment"), row)) for row in con.execute(
        """SELECT g.goal_id, g.goal_code, g.title_as_printed, g.grade, g.comment
           FROM goal_reports g JOIN reports r USING (report_id) WHERE r.file_name = ? AND r.organisation_id = ?
           ORDER BY g.source_line""", [report_file, organisation_id]).fetchall()]


def activity_choices(con: duckdb.DuckDBPyConnection, report_file: str, goal_id: int, *,
                     organisation: str | int) -> list[dict]:
    organisation_id, _ = _organisation(con, organisation)
    return [dict(zip(("activity_id", "title", "status", "start_date", "end_date", "comment"), row))
            for row in con.execute(
        """SELECT a.activity_id, a.title_as_printed, a.status, a.start_date, a.end_date, a.comment
           FROM activity_reports a JOIN reports r USING (report_id)
           WHERE r.file_name = ? AND r.organisation_id = ? AND a.goal_id = ?
           ORDER BY a.source_line""", [report_file, organisation_id, goal_id]).fetchall()]
