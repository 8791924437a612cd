"""Build the database from the bundled reports, all or nothing.

Every report is read before anything is written; the database is written to a new file
beside the target and moved over it in one rename, so a failed build leaves the old
database exactly as it was, and a reader never sees half a build.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from tertial import CROSSWALK_PATH, MANIFEST_PATH, RAW_DIR, SHARED_AREAS_DIR, SHARED_AREAS_PATH
from tertial.audit import record_change
from tertial.db import database_path
from tertial.store import fresh_file
from tertial.extract import ExtractError, extract_text
from tertial.manifest import CrosswalkRow, Manifest, ManifestError, ReportEntry, load_crosswalk, load_manifest
from tertial.model import Area, ReadReport, ReportReadError
from tertial.periods import Period, parse_period, periods_between
from tertial.readings import read_extracted
from tertial.shared_areas import SharedAreasError, load_into
from tertial.status_aliases import FROM_MANIFEST
from tertial.text import comparable_title, pair_titles, shortened
from tertial.vocabulary import status_alias_key


class BuildError(Exception):
    """The bundled data cannot be built; the message lists what and where, in Swedish."""


@dataclass(frozen=True)
class LoadedReport:
    entry: ReportEntry
    sha256: str
    content: ReadReport
    data: bytes = b""


@dataclass(frozen=True)
class ReportSummary:
    file: str
    period: str
    goals: int
    graded_goals: int
    activities: int
    sections: int
    unplaced_lines: int
    notes: int


def read_bundle(manifest: Manifest, raw_dir: Path) -> list[LoadedReport]:
    """Read every report in the manifest; all problems of all reports in one error."""
    listed = {entry.file for entry in manifest.reports}
    unlisted = sorted(p.name for p in raw_dir.iterdir() if p.is_file() and p.name not in listed and not p.name.startswith("."))
    errors: list[str] = [f"{name}: filen ligger i {raw_dir.name}/ men saknas i manifestet." for name in unlisted]
    loaded: list[LoadedReport] = []
    for entry in manifest.reports:
        path = raw_dir / entry.file
        if not path.exists():
            errors.append(f"{entry.file}: står i manifestet men finns inte i {raw_dir.name}/.")
            continue
        data = path.read_bytes()
        try:
            # The same extraction as an import: the bundle may hold Word and PDF files too.
            chosen = read_extracted(extract_text(data, entry.file), entry.file, goal_level=entry.goal_level,
                                    status_aliases=entry.status_aliases)
        except ExtractError as error:
            errors.append(str(error))
            continue
        except ReportReadError as error:
            errors.append(str(error))
            continue
        loaded.append(LoadedReport(entry=entry, sha256=hashlib.sha256(data).hexdigest(), content=chosen.report,
                                   data=data))
    slots = Counter((r.entry.body, r.entry.unit or "", r.entry.period.key) for r in loaded)
    for (body, unit, period), count in slots.items():
        if count > 1:
            names = [r.entry.file for r in loaded if (r.entry.body, r.entry.unit or "", r.entry.period.key) == (body, unit, period)]
            errors.append(f"{', '.join(names)}: samma rapportplats ({body}, {unit or 'ingen enhet'}, {period}); "
                          "en period har en rapport per organ och enhet. Ange olika enheter i manifestet.")
    duplicates = [sha for sha, count in Counter(r.sha256 for r in loaded).items() if count > 1]
    for sha in duplicates:
        names = [r.entry.file for r in loaded if r.sha256 == sha]
        errors.append(f"{', '.join(names)}: samma innehåll i flera filer.")
    if errors:
        raise BuildError("Databasen byggdes inte; inget har ändrats.\n" + "\n".join(errors))
    return loaded


_INSERT_ORDER = (
    "organisations", "periods", "reports", "areas", "area_texts", "goals", "focus_area_crosswalk",
    "goal_reports", "activities", "activity_reports", "report_sections", "reading_notes", "report_files",
    "status_aliases",
)


def area_name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def areas_with_text_twice(file_name: str, areas: list[Area]) -> list[str]:
    """Why a report's areas cannot be stored: one area's text under two headings of its
    name (case and spacing aside); a report has one text per area. A heading listed again
    without text of its own adds nothing to store."""
    seen: dict[tuple[str, str], Area] = {}
    problems = []
    for area in areas:
        if not area.text:
            continue
        key = (area.kind, area_name_key(area.name))
        first = seen.setdefault(key, area)
        if first is not area:
            problems.append(f"{file_name}, rad {first.line} och {area.line}: området »{shortened(first.name, 80)}« "
                            "står två gånger med text under; ett område har en text per rapport.")
    return problems


class _Writer:
    """Inserts read reports into a database, assigning stable identities: a goal is one
    goal across reports when its year, level, parent and title agree; an activity is one
    activity when its title agrees. Works on a fresh database (a build) and on one that
    already holds reports (an import), where it continues from what is stored."""

    def __init__(self, con: duckdb.DuckDBPyConnection, organisation: str):
        self.con = con
        self.rows: dict[str, list[list]] = {table: [] for table in _INSERT_ORDER}
        self.organisation_id = 1
        self.add("organisations", [self.organisation_id, organisation])
        self.areas: dict[tuple[int, str, str], int] = {}
        self.goals: dict[int, dict] = {}  # id → model_year, level, parent, title, area, new
        self.activities: dict[str, int] = {}
        self.periods: set[str] = set()
        self.next_ids = {"areas": 1, "goals": 1, "activities": 1, "reports": 1}

    @classmethod
    def continuing(cls, con: duckdb.DuckDBPyConnection, organisation_id: int | None = None) -> "_Writer":
        """A writer that adds to what the database already holds for one organisation
        (default: the first); goals, activities and areas of others are not its own."""
        writer = cls.__new__(cls)
        writer.con = con
        writer.rows = {table: [] for table in _INSERT_ORDER}
        writer.organisation_id = organisation_id or con.execute("SELECT min(organisation_id) FROM organisations").fetchone()[0]
        own = [writer.organisation_id]
        writer.areas = {
            (year, kind, name): area_id
            for area_id, year, kind, name in con.execute(
                "SELECT area_id, model_year, kind, name FROM areas WHERE organisation_id = ?", own).fetchall()
        }
        writer.goals = {
            goal_id: {"id": goal_id, "model_year": year, "level": level, "parent": parent, "title": title,
                      "area": area, "new": False}
            for goal_id, year, level, parent, title, area in con.execute(
                "SELECT goal_id, model_year, level, parent_goal_id, title, area_id FROM goals WHERE organisation_id = ?",
                own,
            ).fetchall()
        }
        writer.activities = {
            comparable_title(title): activity_id
            for activity_id, title in con.execute(
                "SELECT activity_id, title FROM activities WHERE organisation_id = ?", own).fetchall()
        }
        writer.periods = {key for (key,) in con.execute("SELECT period_key FROM periods").fetchall()}
        writer.next_ids = {
            table: con.execute(f"SELECT coalesce(max({column}), 0) + 1 FROM {table}").fetchone()[0]
            for table, column in (("areas", "area_id"), ("goals", "goal_id"), ("activities", "activity_id"),
                                  ("reports", "report_id"))
        }
        return writer

    def new_id(self, table: str) -> int:
        self.next_ids[table] += 1
        return self.next_ids[table] - 1

    def add(self, table: str, row: list) -> None:
        self.rows[table].append(row)

    def flush(self) -> None:
        """Insert everything, referenced tables first (foreign keys are checked per row)."""
        for table in _INSERT_ORDER:
            rows = self.rows[table]
            if table == "goals":
                rows = sorted(rows, key=lambda row: row[0])
            if rows:
                placeholders = ", ".join("?" * len(rows[0]))
                self.con.executemany(f"INSERT INTO {table} VALUES ({placeholders})", rows)

    def area_id(self, model_year: int, kind: str, name: str) -> int:
        # One area however a report cases or spaces its name ("Barn och Unga", "Barn och
        # unga"): the first spelling stored is kept.
        same = area_name_key(name)
        key = next((known for known in self.areas if known[:2] == (model_year, kind) and area_name_key(known[2]) == same),
                   (model_year, kind, name))
        if key not in self.areas:
            self.areas[key] = self.new_id("areas")
            self.add("areas", [self.areas[key], self.organisation_id, model_year, kind, name]
            )
        return self.areas[key]

    def write_periods(self, loaded: list[LoadedReport]) -> None:
        """Every tertial from the first to the last year, so that gaps show."""
        keys = sorted([r.entry.period for r in loaded] + [parse_period(key) for key in self.periods])
        first, last = Period(keys[0].year, 1), Period(keys[-1].year, 3)
        for period in periods_between(first, last):
            if period.key not in self.periods:
                self.periods.add(period.key)
                self.add("periods", [period.key, period.year, period.tertial, period.start, period.end])

    def goal_ids(self, report: ReadReport, model_year: int) -> list[int]:
        """The identity of each goal in a report, matching goals already known."""
        ids: list[int | None] = [None] * len(report.goals)
        # Parents first, so children can be matched under their parent's identity.
        for depth_pass in (True, False):
            indexes = [i for i, g in enumerate(report.goals) if (g.parent is None) == depth_pass]
            groups: dict[tuple, list[int]] = {}
            for i in indexes:
                goal = report.goals[i]
                parent_id = ids[goal.parent] if goal.parent is not None else None
                groups.setdefault((goal.level, parent_id), []).append(i)
            for (level, parent_id), members in groups.items():
                known = [g for g in self.goals.values()
                         if g["model_year"] == model_year and g["level"] == level and g["parent"] == parent_id]
                pairs = pair_titles([report.goals[i].title for i in members], [g["title"] for g in known])
                for position, i in enumerate(members):
                    if position in pairs:
                        ids[i] = known[pairs[position]]["id"]
                    else:
                        goal_id = self.new_id("goals")
                        self.goals[goal_id] = {"id": goal_id, "model_year": model_year, "level": level,
                                               "parent": parent_id, "title": report.goals[i].title, "area": None,
                                               "new": True}
                        ids[i] = goal_id
        return ids  # type: ignore[return-value]

    def goals_listed_twice(self, file: str, content: ReadReport, ids: list[int]) -> list[str]:
        """One goal listed twice in a report: paired twice with one known goal, or one
        title twice under one parent. Two goals by one title would share a link key
        (migration 010) and be told apart by nobody."""
        listed: dict[tuple, list[int]] = {}  # positions in content.goals
        for position, (goal, goal_id) in enumerate(zip(content.goals, ids)):
            record = self.goals[goal_id]
            listed.setdefault((record["level"], record["parent"], comparable_title(goal.title)), []).append(position)
        for goal_id, count in Counter(ids).items():
            if count > 1:
                listed.setdefault(("paired", goal_id), [p for p, i in enumerate(ids) if i == goal_id])
        problems = []
        for positions in sorted({tuple(positions) for positions in listed.values() if len(positions) > 1}):
            lines = ", ".join(str(content.goals[p].line) for p in positions)
            shown = shortened(content.goals[positions[0]].title, 80)
            problems.append(f"{file}, rad {lines}: samma mål står flera gånger i rapporten (»{shown}«).")
        return problems

    def activity_id(self, title: str) -> int:
        key = comparable_title(title)
        if key not in self.activities:
            self.activities[key] = self.new_id("activities")
            self.add("activities", [self.activities[key], self.organisation_id, title]
            )
        return self.activities[key]

    def write_report(self, report_id: int, loaded: LoadedReport) -> None:
        entry, content = loaded.entry, loaded.content
        self.add("reports", [report_id, self.organisation_id, entry.file, loaded.sha256, entry.title, entry.body, entry.unit,
             entry.kind, entry.period.key, entry.as_of, entry.period_note, entry.goal_model_year, content.line_count],
        )
        self.add("report_files", [report_id, entry.file, loaded.data, entry.period.key, entry.as_of, entry.goal_level,
                                  json.dumps(entry.status_aliases, ensure_ascii=False)])
        area_kinds = {}
        problems = areas_with_text_twice(entry.file, content.areas)
        for area in content.areas:
            area_id = self.area_id(entry.goal_model_year, area.kind, area.name)
            area_kinds[area.name] = area.kind
            if area.text and not problems:
                self.add("area_texts", [area_id, report_id, area.line, area.text])
        ids = self.goal_ids(content, entry.goal_model_year)
        problems += self.goals_listed_twice(entry.file, content, ids)
        for goal, goal_id in zip(content.goals, ids):
            record = self.goals[goal_id]
            if goal.area and record["area"] is None and record["new"]:
                record["area"] = self.area_id(entry.goal_model_year, area_kinds.get(goal.area, "fokusområde"), goal.area)
            self.add("goal_reports", [goal_id, report_id, goal.code, goal.title, goal.line, goal.grade, goal.grade_as_printed,
                 goal.grade_line, goal.comment or None],
            )
        seen: dict[tuple[int, int], int] = {}
        for activity in content.activities:
            activity_id = self.activity_id(activity.title)
            goal_id = ids[activity.goal]
            if (activity_id, goal_id) in seen:
                problems.append(
                    f"{entry.file}, rad {seen[(activity_id, goal_id)]} och {activity.line}: aktiviteten "
                    f"»{activity.title}« står två gånger under samma mål."
                )
                continue
            seen[(activity_id, goal_id)] = activity.line
            self.add("activity_reports", [activity_id, goal_id, report_id, activity.title_as_printed, activity.line, activity.status,
                 activity.status_as_printed, activity.start_date, activity.end_date, activity.responsible_unit,
                 activity.description or None, activity.comment or None],
            )
        for position, section in enumerate(content.sections, start=1):
            self.add("report_sections", [report_id, position, section.heading, section.text, section.line],
            )
        for note in content.notes:
            self.add("reading_notes", [report_id, note.line, note.kind, note.message, note.line_text],
            )
        if problems:
            raise BuildError("Databasen byggdes inte; inget har ändrats.\n" + "\n".join(problems))

    def write_goals(self) -> None:
        # A KS goal sits in its KF goal's area.
        new_goals = [record for record in self.goals.values() if record["new"]]
        for record in new_goals:
            if record["area"] is None and record["parent"] is not None:
                record["area"] = self.goals[record["parent"]]["area"]
        for record in new_goals:
            self.add("goals", [record["id"], self.organisation_id, record["model_year"], record["level"], record["title"],
                 record["parent"], record["area"]],
            )

    def write_status_aliases(self, manifest: Manifest, source: str, decided_at: datetime) -> None:
        """The manifest's status words, kept for the organisation so that later imports
        read them the same way (tertial.status_aliases)."""
        decided: dict[str, tuple[str, str, str]] = {}
        errors = []
        for entry in manifest.reports:
            for printed, status in entry.status_aliases.items():
                key = status_alias_key(printed)
                if key in decided and decided[key][1] != status:
                    errors.append(f"{source}: statusordet »{printed}« är {status} för {entry.file} men "
                                  f"{decided[key][1]} för {decided[key][2]}.")
                decided.setdefault(key, (printed, status, entry.file))
        if errors:
            raise BuildError("Databasen byggdes inte; inget har ändrats.\n" + "\n".join(errors))
        for key, (printed, status, _) in sorted(decided.items()):
            self.add("status_aliases", [self.organisation_id, key, printed, status, FROM_MANIFEST, source, decided_at, None])

    def write_crosswalk(self, rows: list[CrosswalkRow], source: str) -> None:
        focus_areas = sorted({name for (_, kind, name) in self.areas if kind == "fokusområde"})
        errors = []
        placed: dict[int, int] = {}
        for row in rows:
            if row.focus_area not in focus_areas:
                errors.append(f"{source}, rad {row.line}: »{row.focus_area}« är inget fokusområde "
                              f"(finns: {', '.join(focus_areas)}).")
                continue
            candidates = [g for g in self.goals.values() if g["model_year"] == row.year]
            pairs = pair_titles([row.goal_title], [g["title"] for g in candidates])
            if not pairs:
                errors.append(f"{source}, rad {row.line}: inget mål för {row.year} heter »{row.goal_title}«.")
                continue
            goal_id = candidates[pairs[0]]["id"]
            if goal_id in placed:
                errors.append(f"{source}, rad {row.line}: målet står redan på rad {placed[goal_id]}.")
                continue
            placed[goal_id] = row.line
            self.add("focus_area_crosswalk", [goal_id, self.area_id(row.year, "fokusområde", row.focus_area), row.reason or None, source, row.line],
            )
        if errors:
            raise BuildError("Korsreferensen till fokusområden kunde inte läsas; inget har ändrats.\n" + "\n".join(errors))


def summarise(loaded: list[LoadedReport]) -> list[ReportSummary]:
    return [
        ReportSummary(
            file=r.entry.file,
            period=r.entry.period.key,
            goals=len(r.content.goals),
            graded_goals=r.content.goals_graded(),
            activities=len(r.content.activities),
            sections=len(r.content.sections),
            unplaced_lines=sum(1 for n in r.content.notes if n.kind == "ej placerad"),
            notes=len(r.content.notes),
        )
        for r in loaded
    ]


def build_database(
    db_path: str | os.PathLike | None = None,
    *,
    raw_dir: Path = RAW_DIR,
    manifest_path: Path = MANIFEST_PATH,
    crosswalk_path: Path = CROSSWALK_PATH,
    shared_areas_path: Path = SHARED_AREAS_PATH,
    shared_areas_dir: Path = SHARED_AREAS_DIR,
    actor: str = "system",
    force: bool = False,
) -> list[ReportSummary]:
    """Build the database file from the reports; the old file is replaced only on success.
    The shared areas (tertial.shared_areas) are loaded with them: the list and the file of
    each organisation built, where it exists; files of other organisations are left alone."""
    target = database_path(db_path)
    try:
        manifest = load_manifest(manifest_path)
        crosswalk = load_crosswalk(crosswalk_path)
    except ManifestError as error:
        raise BuildError(f"Databasen byggdes inte; inget har ändrats.\n{error}") from None
    loaded = read_bundle(manifest, raw_dir)
    if target.exists() and not force:
        changes = changes_since_build(target)
        if changes:
            raise BuildError(
                "Databasen byggdes inte; inget har ändrats.\n"
                f"{target.name} innehåller ändringar gjorda efter bygget som ett nytt bygge skulle ta bort: "
                f"{'; '.join(changes[:5])}{' …' if len(changes) > 5 else ''}. "
                "Bygg till en annan fil med --db, eller med --force om ändringarna ska bort."
            )
    with fresh_file(target) as con:
        writer = _Writer(con, manifest.organisation)
        writer.write_periods(loaded)
        for report_id, report in enumerate(loaded, start=1):
            writer.write_report(report_id, report)
        writer.write_goals()
        writer.write_crosswalk(crosswalk, crosswalk_path.name)
        writer.write_status_aliases(manifest, manifest_path.name, datetime.now().replace(microsecond=0))
        writer.flush()
        try:
            load_into(con, list_path=shared_areas_path, folder=shared_areas_dir)
        except SharedAreasError as error:
            raise BuildError("Databasen byggdes inte; inget har ändrats.\n" + "\n".join(error.problems)) from None
        fingerprint = hashlib.sha256("".join(sorted(r.sha256 for r in loaded)).encode()).hexdigest()
        con.execute("INSERT INTO build_info VALUES ('reports_fingerprint', ?)", [fingerprint])
        record_change(
            con, actor=actor, action="bygge", report_file=None, sha256=fingerprint,
            summary=f"Databasen byggd från {len(loaded)} rapporter i {raw_dir.name}/.",
        )
    return summarise(loaded)


def changes_since_build(path: Path) -> list[str]:
    """Imports, replacements and corrections in a database that a rebuild would lose."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return []
    try:
        tables = {name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "audit_log" not in tables:
            return []
        rows = con.execute(
            """SELECT audit_id, action, coalesce(report_file, '') FROM audit_log
               WHERE action IN ('import', 'ersättning', 'rättelse') AND undone_by IS NULL ORDER BY audit_id"""
        ).fetchall()
    finally:
        con.close()
    return [f"ändring {audit_id} ({action} {file_name})".strip() for audit_id, action, file_name in rows]


def ensure_database(db_path: str | os.PathLike | None = None) -> Path:
    """The database file, built from the bundled reports first if it does not exist."""
    target = database_path(db_path)
    if not target.exists():
        build_database(target)
    return target
