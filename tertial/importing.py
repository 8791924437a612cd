"""Loading one report into the database: a preview first, then all or nothing.

plan_import() reads the file and says what would change, writing nothing.
commit_import() makes the change as one new version of the database file, with an
audit entry. The same content again changes nothing (content hash); a file with the
name of a loaded report but other content replaces it only when confirmed; every
import and replacement can be undone with undo().
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

import duckdb

from tertial.audit import record_change
from tertial.build import LoadedReport, _Writer
from tertial.db import connect, database_path
from tertial.diff import ReportDiff, report_diff
from tertial.extract import ExtractError, detect_organisation, detect_period, extract_text
from tertial.manifest import ReportEntry
from tertial.model import ReadReport, ReportReadError
from tertial.periods import Period, parse_period
from tertial.queries import run_query
from tertial.reader import read_report
from tertial.store import StoreError, new_version

# Tables that hold a report's rows, children before parents.
_REPORT_TABLES = ("activity_reports", "goal_reports", "area_texts", "report_sections", "reading_notes", "report_files")


class ImportRefused(Exception):
    """The file cannot be loaded as it stands; the Swedish message says what and where.
    Nothing in the database has changed."""


@dataclass
class ImportPlan:
    file_name: str
    sha256: str
    data: bytes
    file_kind: str
    period: Period
    as_of: date
    period_note: str
    title: str
    body: str
    unit: str | None
    kind: str
    goal_level: str
    status_aliases: dict[str, str]
    report: ReadReport
    already_loaded: str | None = None  # file name of the loaded report with this content
    replaces: dict | None = None  # the loaded report with this file name and other content
    diff: ReportDiff | None = None
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        report = self.report
        return (
            f"{self.file_name}: {self.period.key} (avstämt {self.as_of}), mål {len(report.goals)} "
            f"(bedömda {report.goals_graded()}), aktiviteter {len(report.activities)}, "
            f"textavsnitt {len(report.sections)}, ej placerade rader "
            f"{sum(1 for n in report.notes if n.kind == 'ej placerad')}"
        )


@dataclass(frozen=True)
class ImportResult:
    action: str  # 'import' | 'ersättning' | 'oförändrad'
    audit_id: int | None
    report_id: int | None
    message: str


def _resolve_period(text: str, file_name: str, period: str | None, as_of: date | None) -> tuple[Period, date, str]:
    hint = detect_period(text)
    if period:
        try:
            chosen = parse_period(period)
        except ValueError as error:
            raise ImportRefused(f"{file_name}: {error}") from None
        if hint and not hint.consistent_with(chosen.key):
            raise ImportRefused(
                f"{file_name}: perioden {chosen.key} motsäger dokumentet, som på rad {hint.line} anger "
                f"{hint.period} (»{hint.evidence.strip()[:80]}«). Ange rätt period eller ingen."
            )
        note = f"Perioden {chosen.key} angavs vid inläsningen."
        if hint and hint.note:
            note += f" Dokumentet: {hint.note}"
        if hint and hint.as_of and as_of is None:
            as_of = hint.as_of  # the report's own end date, as the manifest does for 004
    elif hint:
        chosen = parse_period(hint.period)
        note = f"Perioden läst ur dokumentet, rad {hint.line}: »{hint.evidence.strip()[:120]}«."
        as_of = as_of or hint.as_of
    else:
        raise ImportRefused(
            f"{file_name}: dokumentet anger inte vilken tertial det gäller. Ange perioden (ÅÅÅÅ-Tn, t.ex. 2024-T2)."
        )
    as_of = as_of or chosen.end
    if as_of < chosen.start:
        raise ImportRefused(f"{file_name}: avstämningsdatum {as_of} ligger före perioden {chosen.key}.")
    return chosen, as_of, note


def plan_import(
    data: bytes,
    file_name: str,
    *,
    db_path=None,
    period: str | None = None,
    as_of: date | None = None,
    goal_level: str = "KS",
    status_aliases: dict[str, str] | None = None,
    title: str | None = None,
    body: str = "Kommunstyrelsen",
    unit: str | None = None,
    kind: str = "Måluppföljning",
) -> ImportPlan:
    """Read a report file and say what loading it would change. Writes nothing."""
    try:
        extracted = extract_text(data, file_name)
    except ExtractError as error:
        raise ImportRefused(str(error)) from None
    chosen, as_of, period_note = _resolve_period(extracted.text, file_name, period, as_of)
    try:
        report = read_report(extracted.text, file_name, goal_level=goal_level, status_aliases=status_aliases or {})
    except ReportReadError as error:
        raise ImportRefused(str(error)) from None
    plan = ImportPlan(
        file_name=file_name, sha256=hashlib.sha256(data).hexdigest(), data=data, file_kind=extracted.kind,
        period=chosen, as_of=as_of, period_note=period_note, title=title or report.title, body=body, unit=unit,
        kind=kind, goal_level=goal_level, status_aliases=dict(status_aliases or {}), report=report,
        notes=list(extracted.notes),
    )
    with connect(database_path(db_path), read_only=True) as con:
        named_organisation = detect_organisation(extracted.text)
        [(organisation,)] = con.execute("SELECT name FROM organisations ORDER BY organisation_id LIMIT 1").fetchall()
        if named_organisation and named_organisation != organisation:
            raise ImportRefused(
                f"{file_name}: rapporten gäller {named_organisation}, men databasen är {organisation}s. "
                "Läs in den i den kommunens databas."
            )
        same = con.execute("SELECT file_name FROM reports WHERE content_sha256 = ?", [plan.sha256]).fetchall()
        if same:
            plan.already_loaded = same[0][0]
            return plan
        named = con.execute(
            "SELECT report_id, file_name, content_sha256, period_key FROM reports WHERE file_name = ?", [file_name]
        ).fetchall()
        if named:
            report_id, name, sha, period_key = named[0]
            plan.replaces = {"report_id": report_id, "file_name": name, "sha256": sha, "period": period_key}
        plan.diff = _diff(con, plan)
    return plan


def _diff(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> ReportDiff:
    params = {"report_file": plan.replaces["file_name"] if plan.replaces else None, "period": plan.period.key}
    goals = run_query(con, "import_baseline_goals", params).to_dicts()
    activities = run_query(con, "import_baseline_activities", params).to_dicts()
    if plan.replaces:
        baseline = f"den inlästa versionen av {plan.replaces['file_name']}"
    elif goals or activities:
        baseline = f"perioden {(goals or activities)[0]['period']}"
    else:
        baseline = "en tom databas (inga tidigare perioder)"
    return report_diff(plan.report, goals, activities, baseline)


def _report_snapshot(con: duckdb.DuckDBPyConnection, report_id: int) -> dict:
    """What it takes to load a report again exactly as it was: its file and metadata."""
    [(file_name, content, period_key, as_of, goal_level, aliases)] = con.execute(
        "SELECT file_name, content, period_key, as_of, goal_level, status_aliases FROM report_files WHERE report_id = ?",
        [report_id],
    ).fetchall()
    [(title, body, unit, kind, sha)] = con.execute(
        "SELECT title, body, unit, kind, content_sha256 FROM reports WHERE report_id = ?", [report_id]
    ).fetchall()
    return {
        "file_name": file_name, "content_base64": base64.b64encode(bytes(content)).decode("ascii"),
        "period": period_key, "as_of": str(as_of), "goal_level": goal_level,
        "status_aliases": json.loads(aliases) if aliases else {}, "title": title, "body": body, "unit": unit,
        "kind": kind, "sha256": sha,
    }


def remove_report(con: duckdb.DuckDBPyConnection, report_id: int) -> None:
    """A report's rows, and goals, activities and areas no other report uses."""
    for table in _REPORT_TABLES:
        con.execute(f"DELETE FROM {table} WHERE report_id = ?", [report_id])
    con.execute("DELETE FROM reports WHERE report_id = ?", [report_id])
    con.execute("DELETE FROM activities a WHERE NOT EXISTS (SELECT 1 FROM activity_reports r WHERE r.activity_id = a.activity_id)")
    while con.execute(
        """DELETE FROM goals g
           WHERE NOT EXISTS (SELECT 1 FROM goal_reports r WHERE r.goal_id = g.goal_id)
             AND NOT EXISTS (SELECT 1 FROM goals c WHERE c.parent_goal_id = g.goal_id)
             AND NOT EXISTS (SELECT 1 FROM focus_area_crosswalk x WHERE x.goal_id = g.goal_id)
           RETURNING goal_id"""
    ).fetchall():
        pass  # a KF goal is free only once its KS goals are gone
    con.execute(
        """DELETE FROM areas a
           WHERE NOT EXISTS (SELECT 1 FROM goals g WHERE g.area_id = a.area_id)
             AND NOT EXISTS (SELECT 1 FROM area_texts t WHERE t.area_id = a.area_id)
             AND NOT EXISTS (SELECT 1 FROM focus_area_crosswalk x WHERE x.area_id = a.area_id)"""
    )


def _insert(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> int:
    writer = _Writer.continuing(con)
    report_id = writer.new_id("reports")
    entry = ReportEntry(
        file=plan.file_name, title=plan.title, body=plan.body, unit=plan.unit, kind=plan.kind, period=plan.period,
        as_of=plan.as_of, period_note=plan.period_note, goal_model_year=plan.period.year,
        goal_level=plan.goal_level, status_aliases=plan.status_aliases,
    )
    loaded = LoadedReport(entry=entry, sha256=plan.sha256, content=plan.report, data=plan.data)
    writer.write_periods([loaded])
    writer.write_report(report_id, loaded)
    writer.write_goals()
    writer.flush()
    return report_id


def commit_import(plan: ImportPlan, *, actor: str, db_path=None, confirm_replace: bool = False) -> ImportResult:
    """Load the planned report: all of it in one new version of the file, or nothing."""
    if plan.already_loaded:
        return ImportResult("oförändrad", None, None,
                            f"{plan.file_name} har samma innehåll som den redan inlästa {plan.already_loaded}; inget ändrades.")
    if plan.replaces and not confirm_replace:
        raise ImportRefused(
            f"{plan.file_name} är redan inläst med annat innehåll. Den nya versionen ersätter den gamla "
            "först när du bekräftar ersättningen."
        )
    with new_version(db_path) as con:
        # Another writer may have loaded the same content while this one waited.
        if con.execute("SELECT 1 FROM reports WHERE content_sha256 = ?", [plan.sha256]).fetchall():
            return ImportResult("oförändrad", None, None, f"{plan.file_name} lästes redan in av någon annan; inget ändrades.")
        before = None
        action = "import"
        if plan.replaces:
            current = con.execute("SELECT report_id FROM reports WHERE file_name = ?", [plan.file_name]).fetchall()
            if current:
                before = _report_snapshot(con, current[0][0])
                remove_report(con, current[0][0])
                action = "ersättning"
        report_id = _insert(con, plan)
        after = {"report_id": report_id, "period": plan.period.key, "as_of": str(plan.as_of),
                 "goals": len(plan.report.goals), "graded_goals": plan.report.goals_graded(),
                 "activities": len(plan.report.activities)}
        verb = "Ersatte" if action == "ersättning" else "Läste in"
        audit_id = record_change(con, actor=actor, action=action, report_file=plan.file_name, sha256=plan.sha256,
                                 summary=f"{verb} {plan.summary()}", before=before, after=after)
    return ImportResult(action, audit_id, report_id, f"{verb} {plan.file_name} (ändring {audit_id}).")


def undo(audit_id: int, *, actor: str, db_path=None) -> ImportResult:
    """Take back an import or a replacement: its report goes, a replaced one comes back."""
    with new_version(db_path) as con:
        rows = con.execute(
            "SELECT action, report_file, content_sha256, before, undone_by FROM audit_log WHERE audit_id = ?", [audit_id]
        ).fetchall()
        if not rows:
            raise StoreError(f"Det finns ingen ändring nummer {audit_id} i loggen.")
        action, file_name, sha, before, undone_by = rows[0]
        if action not in ("import", "ersättning"):
            raise StoreError(f"Ändring {audit_id} ({action}) kan inte ångras; bara inläsningar och ersättningar kan det.")
        if undone_by:
            raise StoreError(f"Ändring {audit_id} är redan ångrad (ändring {undone_by}).")
        current = con.execute("SELECT report_id FROM reports WHERE content_sha256 = ?", [sha]).fetchall()
        if not current:
            raise StoreError(f"Rapporten från ändring {audit_id} ({file_name}) finns inte längre i databasen.")
        remove_report(con, current[0][0])
        restored = None
        if action == "ersättning" and before:
            old = json.loads(before)
            data = base64.b64decode(old["content_base64"])
            old_plan = plan_from_snapshot(old, data)
            restored = _insert(con, old_plan)
        summary = f"Ångrade ändring {audit_id} ({action} av {file_name})" + (
            "; den tidigare versionen är tillbaka." if restored else "."
        )
        undo_id = record_change(con, actor=actor, action="ångra", report_file=file_name, sha256=sha,
                                summary=summary, undoes=audit_id)
        con.execute("UPDATE audit_log SET undone_by = ? WHERE audit_id = ?", [undo_id, audit_id])
    return ImportResult("ångra", undo_id, restored, summary)


def plan_from_snapshot(old: dict, data: bytes) -> ImportPlan:
    """The plan that loads a stored report again exactly as it was loaded before."""
    text = extract_text(data, old["file_name"]).text
    report = read_report(text, old["file_name"], goal_level=old["goal_level"], status_aliases=old["status_aliases"])
    return ImportPlan(
        file_name=old["file_name"], sha256=old["sha256"], data=data, file_kind="text",
        period=parse_period(old["period"]), as_of=date.fromisoformat(old["as_of"]),
        period_note="Återställd version.", title=old["title"], body=old["body"], unit=old["unit"], kind=old["kind"],
        goal_level=old["goal_level"], status_aliases=old["status_aliases"], report=report,
    )
