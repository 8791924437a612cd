"""Loading one report into the database: a preview first, then all or nothing.

plan_import() reads the file and says what would change, writing nothing.
commit_import() makes the change as one new version of the database file, with an
audit entry. A report fills a slot (organisation, body, unit, period; tertial.slots):
a document for a filled slot replaces the report there only when confirmed, and is
compared with that report, never added beside it. The same bytes again (content hash),
or the same content in another format (Word, PDF, text: no difference in any goal or
activity), changes nothing. A report of an organisation the database does not hold
adds that organisation, in the report's transaction, only when the user confirms its
name (tertial.organisations says when two names are one organisation). Every import and
replacement can be undone with undo(); undoing the import that added an organisation
removes it again when nothing else of it is left.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import duckdb

from tertial.audit import record_change
from tertial.build import BuildError, LoadedReport, _Writer, areas_with_text_twice
from tertial.db import connect, database_path
from tertial.diff import ReportDiff, report_diff
from tertial.extract import ExtractedText, ExtractError, detect_organisation, detect_period, extract_text
from tertial.file_names import uploaded_file_name
from tertial.known_levels import (KeptLevel, LevelDecisions, LevelDifference, decide_levels, known_goals,
                                  with_kept_levels)
from tertial.manifest import ReportEntry
from tertial.model import Goal, ReadReport, ReportReadError
from tertial.organisations import (AmbiguousOrganisation, find_organisation, listed, same_name, same_organisation,
                                   tidy_name)
from tertial.periods import Period, parse_period
from tertial.queries import run_query
from tertial.readings import ChosenReading, read_extracted
from tertial.roles import VIEWER_REFUSAL, viewer_session
from tertial.slots import Slot, choose_unit, previous_in_lineage, report_in_slot
from tertial.split_words import add_join_notes, join_with_vocabulary, organisation_vocabulary
from tertial.status_aliases import FROM_COMMAND_LINE, StatusAlias, merged, record_new, stored_aliases
from tertial.store import StoreError, new_version
from tertial.template import KIND as HAND_ENTRY
from tertial.template import restore_hand_entry
from tertial.text import comparable_title, html_to_text, shortened
from tertial.vocabulary import normalise_status, status_alias_key

# Tables that hold a report's rows, children before parents.
_REPORT_TABLES = ("activity_reports", "goal_reports", "area_texts", "report_sections", "reading_notes", "report_files")


class ImportRefused(Exception):
    """The file cannot be loaded as it stands; the Swedish message says what and where.
    Nothing in the database has changed."""


class UnknownStatuses(ImportRefused):
    """The report uses status words outside the vocabulary that nobody has decided yet.
    words: each word as printed, with its lines; a person picks a status for each (a
    choice in the Importera preview, --status-alias on the command line) and previews again."""

    def __init__(self, message: str, words: dict[str, list[int]]):
        super().__init__(message)
        self.words = words


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
    status_aliases: dict[str, str]  # every decided word the reading used or may use: printed → status
    report: ReadReport
    organisation: str = ""
    organisation_id: int | None = None  # None: a new organisation, added when the import is committed
    organisation_reason: str = ""  # Swedish: why this organisation
    new_organisation: str | None = None  # the name of the organisation the import adds (it is not stored yet)
    known_organisations: str = ""  # the stored organisations, for messages
    slot: Slot | None = None
    unit_reason: str = ""
    stored_name: str = ""  # the file name the report is stored under (file_name unless taken)
    aliases_used: list[tuple[StatusAlias, list[int]]] = field(default_factory=list)
    # Goals listed without a level that keep the level the year's model gives them, and
    # stated levels that differ from it (loaded only when confirmed): tertial.known_levels.
    kept_levels: tuple[KeptLevel, ...] = ()
    level_differences: tuple[LevelDifference, ...] = ()
    already_loaded: str | None = None  # file name of the loaded report with these very bytes
    same_content_as: str | None = None  # file name of the slot's report with the same content in another form
    replaces: dict | None = None  # the loaded report in the slot, which this one would replace
    diff: ReportDiff | None = None
    notes: list[str] = field(default_factory=list)
    line_pages: list[int] | None = None  # PDF: the page of each line of the read text
    reading: str | None = None  # which of the file's readings was used, where it has several
    reading_disagreement: list[str] = field(default_factory=list)  # another reading succeeded and differs
    other_reading: str | None = None  # that reading's label

    def reading_disagreement_message(self) -> str:
        """What the preview says when two readings of the file both succeed but differ."""
        return (
            f"Filen kan läsas på två sätt som båda lyckas men ger olika resultat: efter {self.reading} (används) "
            f"och efter {self.other_reading}. Skillnader: " + "; ".join(self.reading_disagreement) + ". "
            "Kontrollera mot dokumentet innan du sparar; läses den fel, ladda upp Word-filen i stället."
        )

    def summary(self) -> str:
        report = self.report
        return (
            f"{self.file_name}: {self.period.key} (avstämt {self.as_of}), mål {len(report.goals)} "
            f"(bedömda {report.goals_graded()}), aktiviteter {len(report.activities)}, "
            f"textavsnitt {len(report.sections)}, ej placerade rader "
            f"{sum(1 for n in report.notes if n.kind == 'ej placerad') + len(report.unplaced)}"
        )

    @property
    def unchanged(self) -> bool:
        """Loading it would change nothing: the same bytes, or the same content in another form."""
        return bool(self.already_loaded or self.same_content_as)

    def new_aliases(self) -> list[StatusAlias]:
        """Decisions made for this import, stored with it."""
        return [alias for alias, _ in self.aliases_used if alias.decided_by is None]

    def report_as_loaded(self) -> ReadReport:
        """The report as it would be stored: goals that keep a known level at that level."""
        return with_kept_levels(self.report, self.kept_levels)

    def level_differences_message(self) -> str:
        """What the preview says of levels the report states otherwise than the year's model,
        and how to confirm them."""
        count = len(self.level_differences)
        return (
            f"{self.file_name}: {'ett mål har' if count == 1 else f'{count} mål har'} en annan nivå i rapporten än "
            f"tidigare under {self.period.year}: " + " ".join(d.message() for d in self.level_differences)
            + " Läses in med rapportens nivå, som ett eget mål på den nivån, först när du bekräftar skillnaden "
            "(kryssrutan i Importera, --accept-level-differences på kommandoraden). Stämmer den tidigare nivån, "
            "rätta dokumentet. Inget har ändrats."
        )

    def new_organisation_message(self) -> str:
        """What the preview says of a new organisation: that it is new, and how to confirm it."""
        return (
            f"{self.file_name}: organisationen »{self.new_organisation}« finns inte i databasen "
            f"(finns: {self.known_organisations or 'ingen'}). Den läggs till som en ny organisation först när du "
            "bekräftar namnet: med »Lägg till organisationen och läs in« i Importera, eller med "
            f"--organisation {shlex.quote(self.new_organisation or '')} på kommandoraden. Inget har ändrats."
        )


@dataclass(frozen=True)
class ImportResult:
    action: str  # 'import' | 'ersättning' | 'oförändrad'
    audit_id: int | None
    report_id: int | None
    message: str
    created_organisation: str | None = None  # the organisation the import added, if any


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


def _read(extracted: ExtractedText, file_name: str, goal_level: str, aliases: dict[str, StatusAlias]) -> ChosenReading:
    try:
        return read_extracted(extracted, file_name, goal_level=goal_level,
                              status_aliases={alias.printed: alias.status for alias in aliases.values()})
    except ReportReadError as error:
        words = error.unknown_statuses
        if words:
            listed = ", ".join(f"»{word}« (rad {', '.join(map(str, lines))})" for word, lines in words.items())
            raise UnknownStatuses(
                f"{error}\nOkända statusord: {listed}. Välj vilken status varje ord betyder "
                "(i förhandsgranskningen, eller med --status-alias 'ORD=STATUS'); valet sparas för kommunens "
                "senare rapporter.",
                words,
            ) from None
        raise ImportRefused(str(error)) from None


def _aliases_used(report: ReadReport, aliases: dict[str, StatusAlias]) -> list[tuple[StatusAlias, list[int]]]:
    lines: dict[str, list[int]] = {}
    for activity in report.activities:
        if normalise_status(html_to_text(activity.status_as_printed)) is None:
            key = status_alias_key(html_to_text(activity.status_as_printed))
            if key in aliases:
                lines.setdefault(key, []).append(activity.status_line or activity.line)
    return [(aliases[key], sorted(found)) for key, found in lines.items()]


def _listed_twice(report: ReadReport, file_name: str) -> None:
    """A goal printed twice under one parent, an activity twice under one goal, or one
    area's text under two headings of the same name cannot be stored twice (two goals by
    one title would share a link key; a report has one text per area); say where."""
    problems = areas_with_text_twice(file_name, report.areas)
    goals_seen: dict[tuple[str, int | None, str], Goal] = {}
    for goal in report.goals:
        key = (goal.level, goal.parent, comparable_title(goal.title))
        if key in goals_seen:
            first = goals_seen[key]
            where = " under samma KF-mål" if goal.parent is not None else ""
            problems.append(f"{file_name}, rad {first.line} och {goal.line}: målet »{shortened(first.title, 80)}« "
                            f"står två gånger{where}.")
        else:
            goals_seen[key] = goal
    activities_seen: dict[tuple[int, str], int] = {}
    for activity in report.activities:
        key = (activity.goal, comparable_title(activity.title))
        if key in activities_seen:
            problems.append(f"{file_name}, rad {activities_seen[key]} och {activity.line}: aktiviteten "
                            f"»{activity.title}« står två gånger under samma mål.")
        else:
            activities_seen[key] = activity.line
    if problems:
        raise ImportRefused("Rapporten kan inte läsas in; inget har ändrats.\n" + "\n".join(problems))


def plan_import(
    data: bytes,
    file_name: str,
    *,
    db_path=None,
    period: str | None = None,
    as_of: date | None = None,
    goal_level: str = "KS",
    status_aliases: dict[str, str] | None = None,
    alias_source: str = FROM_COMMAND_LINE,
    title: str | None = None,
    body: str | None = None,
    unit: str | None = None,
    kind: str = "Måluppföljning",
    organisation: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Read a report file and say what loading it would change. Writes nothing.

    status_aliases: status words decided for this import (printed → status), on top of
    the organisation's stored decisions; alias_source says where they were decided.
    body, unit: the slot's reporting body and unit; None: worked out (tertial.slots).
    organisation: which organisation the report is; None: the one the document names,
    or the only one. Names are matched as tertial.organisations says. A name that is none
    of the database's organisations makes the plan's new_organisation: the plan is whole
    (what was read, the difference against nothing), but commit_import adds the
    organisation and loads the report only with the name confirmed.
    progress: called with (pages done, pages) while the file is read.
    """
    file_name = uploaded_file_name(file_name)  # a label: never a path, never control characters
    try:
        extracted = extract_text(data, file_name, progress=progress)
    except ExtractError as error:
        raise ImportRefused(str(error)) from None
    chosen, as_of, period_note = _resolve_period(extracted.text, file_name, period, as_of)
    sha256 = hashlib.sha256(data).hexdigest()
    with connect(database_path(db_path), read_only=True) as con:
        known = _stored_organisations(con)
        choice = _organisation_of(known, detect_organisation(extracted.text), organisation, file_name)
        organisation_id, organisation = choice.organisation_id, choice.name
        # A new organisation has nothing stored: no decided status words, no reports to
        # follow or replace. A stored one has only its own (every query below binds its id).
        aliases = merged(stored_aliases(con, organisation_id) if not choice.new else {}, status_aliases or {},
                         alias_source)
        # Words a narrow PDF column broke that the word list did not know: the
        # organisation's own words (its earlier reports) may.
        extracted = join_with_vocabulary(extracted, organisation_vocabulary(con, organisation_id))
        chosen_reading = _read(extracted, file_name, goal_level, aliases)
        report, extracted = chosen_reading.report, chosen_reading.extracted
        add_join_notes(report, extracted)
        _listed_twice(report, file_name)
        if body is None or not body.strip():
            bodies = [] if choice.new else con.execute(
                "SELECT body FROM reports WHERE organisation_id = ? GROUP BY body ORDER BY count(*) DESC, min(report_id)",
                [organisation_id],
            ).fetchall()
            body = bodies[0][0] if bodies else "Kommunstyrelsen"
        body = body.strip()
        reports = [] if choice.new else run_query(
            con, "import_slot_reports", {"organisation_id": organisation_id, "body": body}).to_dicts()
        titles = [goal.title for goal in report.goals] + [activity.title for activity in report.activities]
        unit_choice = choose_unit(unit, extracted.text, titles, reports)
        plan = ImportPlan(
            file_name=file_name, sha256=sha256, data=data, file_kind=extracted.kind,
            period=chosen, as_of=as_of, period_note=period_note, title=title or report.title, body=body,
            unit=unit_choice.unit, kind=kind, goal_level=goal_level,
            status_aliases={alias.printed: alias.status for alias in aliases.values()}, report=report,
            organisation=organisation, organisation_id=organisation_id, organisation_reason=choice.reason,
            new_organisation=organisation if choice.new else None,
            known_organisations=listed(list(known)),
            slot=Slot(organisation, body, unit_choice.unit, chosen.key), unit_reason=unit_choice.reason,
            aliases_used=_aliases_used(report, aliases), notes=list(extracted.notes) + chosen_reading.notes,
            line_pages=extracted.line_pages, reading=chosen_reading.label,
            reading_disagreement=chosen_reading.disagreement, other_reading=chosen_reading.other_label,
        )
        if choice.note:
            plan.notes.append(choice.note)
        same = con.execute("SELECT file_name FROM reports WHERE content_sha256 = ?", [sha256]).fetchall()
        if same:
            plan.already_loaded = same[0][0]
            return plan
        filled = report_in_slot(reports, unit_choice.unit, chosen.key)
        decisions = decide_levels(report, known_goals(con, organisation_id, chosen.year,
                                                      filled["report_id"] if filled else None))
        plan.kept_levels, plan.level_differences = decisions.kept, decisions.differences
        _listed_twice(plan.report_as_loaded(), file_name)
        if filled:
            plan.replaces = {"report_id": filled["report_id"], "file_name": filled["file_name"],
                             "sha256": filled["content_sha256"], "period": filled["period"], "title": filled["title"]}
            plan.diff = _diff(con, plan, [filled["report_id"]], f"den inlästa rapporten {filled['file_name']} "
                                                                  f"({filled['title']})", compare_texts=True)
            if plan.diff.is_empty():
                plan.same_content_as = filled["file_name"]
        else:
            previous = previous_in_lineage(reports, unit_choice.unit, chosen.key)
            if previous:
                ids, baseline = [previous["report_id"]], f"perioden {previous['period']} ({previous['file_name']})"
            elif choice.new:
                ids, baseline = [], f"ingenting (organisationen {organisation} är ny och har inga rapporter)"
            else:
                ids, baseline = [], "en tom databas (inga tidigare rapporter från enheten)"
            plan.diff = _diff(con, plan, ids, baseline, compare_texts=False)
        plan.stored_name = _free_name(con, file_name, chosen.key, plan.replaces)
        if plan.stored_name != file_name:
            plan.notes.append(f"Filnamnet {file_name} används redan av en annan rapport; rapporten sparas som "
                              f"{plan.stored_name}.")
    return plan


@dataclass(frozen=True)
class OrganisationChoice:
    """The organisation a report belongs to: a stored one (organisation_id), or a new one
    (organisation_id None) that is added only when the user confirms its name."""
    organisation_id: int | None
    name: str
    reason: str  # Swedish, for the preview
    note: str | None = None

    @property
    def new(self) -> bool:
        return self.organisation_id is None


def _stored_organisations(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The database's organisations: name → id, in the order they were added."""
    return {row["name"]: row["organisation_id"] for row in run_query(con, "import_organisations").to_dicts()}


def _organisation_of(known: dict[str, int], named: str | None, given: str | None,
                     file_name: str) -> OrganisationChoice:
    """The organisation a report belongs to: the one the user gave, else the one the
    document names, else the only one. Never a guess between several. A name that is
    none of the database's organisations (tertial.organisations says when names are the
    same) is a new organisation, added only when the user confirms it (commit_import's
    new_organisation). A report is never read into a stored organisation other than
    the one the document names; a new organisation the user names may differ from the
    document's name when that is not in the database either (the user corrects it)."""
    given = tidy_name(given) or None
    named = tidy_name(named) or None
    try:
        chosen = find_organisation(given, known)
        named_stored = find_organisation(named, known)
    except AmbiguousOrganisation as error:
        raise ImportRefused(f"{file_name}: {error}") from None
    if given:
        if chosen is not None:
            if named and not same_organisation(named, chosen[0]):
                raise ImportRefused(f"{file_name}: rapporten gäller {named}, inte {chosen[0]}. Ange rätt organisation.")
            return OrganisationChoice(chosen[1], chosen[0], "angiven vid inläsningen")
        if named_stored is not None:
            raise ImportRefused(
                f"{file_name}: rapporten gäller {named_stored[0]}, som finns i databasen; den läses inte in som den "
                f"nya organisationen »{given}«. Ange {named_stored[0]} eller ingen organisation."
            )
        if named and not same_organisation(named, given):
            return OrganisationChoice(None, given, "angiven vid inläsningen",
                                      f"Dokumentet nämner {named}, men rapporten läses in som {given}, som du angav.")
        return OrganisationChoice(None, given, "angiven vid inläsningen")
    if named:
        if named_stored is not None:
            return OrganisationChoice(named_stored[1], named_stored[0], f"dokumentet nämner {named}")
        return OrganisationChoice(None, named, f"dokumentet nämner {named}")
    if len(known) == 1:
        only = next(iter(known))
        return OrganisationChoice(known[only], only, "dokumentet nämner ingen organisation; databasen har bara den här")
    raise ImportRefused(f"{file_name}: dokumentet säger inte vilken organisation det gäller och databasen har "
                        f"{'flera (' + listed(list(known)) + ')' if known else 'ingen'}. Ange organisationen "
                        "(under Organisation i Importera, eller med --organisation NAMN).")


def _free_name(con: duckdb.DuckDBPyConnection, file_name: str, period: str, replaces: dict | None) -> str:
    """The file name to store: the file's own, unless another report (not the one being
    replaced) already has it, as when every tertial's file is called 'Tertialrapport.docx'."""
    taken = {name for (name,) in con.execute("SELECT file_name FROM reports").fetchall()}
    if replaces:
        taken.discard(replaces["file_name"])
    if file_name not in taken:
        return file_name
    stem, dot, extension = file_name.rpartition(".")
    stem, extension = (stem, f".{extension}") if dot else (file_name, "")
    candidate, number = f"{stem} ({period}){extension}", 2
    while candidate in taken:
        candidate, number = f"{stem} ({period}, {number}){extension}", number + 1
    return candidate


def _diff(con: duckdb.DuckDBPyConnection, plan: ImportPlan, report_ids: list[int], baseline: str, *,
          compare_texts: bool) -> ReportDiff:
    params = {"report_ids": report_ids}
    goals = run_query(con, "import_baseline_goals", params).to_dicts()
    activities = run_query(con, "import_baseline_activities", params).to_dicts()
    return report_diff(plan.report_as_loaded(), goals, activities, baseline, compare_texts=compare_texts)


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
    """A report's rows, and the goals, activities and areas of its organisation that no
    other report uses (another organisation's are never touched)."""
    [(organisation_id,)] = con.execute("SELECT organisation_id FROM reports WHERE report_id = ?", [report_id]).fetchall()
    for table in _REPORT_TABLES:
        con.execute(f"DELETE FROM {table} WHERE report_id = ?", [report_id])
    con.execute("DELETE FROM reports WHERE report_id = ?", [report_id])
    con.execute("DELETE FROM activities a WHERE a.organisation_id = ? "
                "AND NOT EXISTS (SELECT 1 FROM activity_reports r WHERE r.activity_id = a.activity_id)", [organisation_id])
    while con.execute(
        """DELETE FROM goals g
           WHERE g.organisation_id = ?
             AND NOT EXISTS (SELECT 1 FROM goal_reports r WHERE r.goal_id = g.goal_id)
             AND NOT EXISTS (SELECT 1 FROM goals c WHERE c.parent_goal_id = g.goal_id)
             AND NOT EXISTS (SELECT 1 FROM focus_area_crosswalk x WHERE x.goal_id = g.goal_id)
           RETURNING goal_id""", [organisation_id]
    ).fetchall():
        pass  # a KF goal is free only once its KS goals are gone
    con.execute(
        """DELETE FROM areas a
           WHERE a.organisation_id = ?
             AND NOT EXISTS (SELECT 1 FROM goals g WHERE g.area_id = a.area_id)
             AND NOT EXISTS (SELECT 1 FROM area_texts t WHERE t.area_id = a.area_id)
             AND NOT EXISTS (SELECT 1 FROM focus_area_crosswalk x WHERE x.area_id = a.area_id)""", [organisation_id]
    )


def _insert(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> int:
    if plan.organisation_id is None:
        raise ValueError("a report is inserted for a stored organisation; add a new one first")
    writer = _Writer.continuing(con, plan.organisation_id)
    report_id = writer.new_id("reports")
    entry = ReportEntry(
        file=plan.stored_name or plan.file_name, title=plan.title, body=plan.body, unit=plan.unit, kind=plan.kind,
        period=plan.period, as_of=plan.as_of, period_note=plan.period_note, goal_model_year=plan.period.year,
        goal_level=plan.goal_level, status_aliases=plan.status_aliases,
    )
    # A goal listed without a level takes the one the year's model gives it, as the
    # preview said; a replaced report restored by an undo the same way.
    kept = _level_decisions(con, plan).kept
    loaded = LoadedReport(entry=entry, sha256=plan.sha256, content=with_kept_levels(plan.report, kept), data=plan.data)
    try:
        writer.write_periods([loaded])
        writer.write_report(report_id, loaded)
    except BuildError as error:
        raise ImportRefused(str(error).replace("Databasen byggdes inte", "Rapporten lästes inte in")) from None
    writer.write_goals()
    writer.flush()
    return report_id


def _slot_report(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> int | None:
    found = con.execute(
        """SELECT report_id FROM reports WHERE organisation_id = ? AND body = ? AND period_key = ?
           AND coalesce(unit, '') = coalesce(?, '')""",
        [plan.organisation_id, plan.body, plan.period.key, plan.unit],
    ).fetchall()
    return found[0][0] if found else None


def _add_organisation(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> int:
    """Add the plan's new organisation (in the caller's transaction) and return its id;
    refused when another writer added it, or one of the same name, since the preview."""
    stored = find_organisation(plan.new_organisation, _stored_organisations(con))
    if stored is not None:
        raise ImportRefused(
            f"{plan.file_name}: organisationen {stored[0]} har lagts till av någon annan sedan förhandsgranskningen. "
            "Förhandsgranska igen; inget har ändrats."
        )
    [(organisation_id,)] = con.execute("SELECT coalesce(max(organisation_id), 0) + 1 FROM organisations").fetchall()
    con.execute("INSERT INTO organisations VALUES (?, ?)", [organisation_id, plan.new_organisation])
    return organisation_id


def _level_decisions(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> LevelDecisions:
    """The plan's level decisions against what the database holds now (in a write, after
    the report the plan replaces is removed)."""
    return decide_levels(plan.report, known_goals(con, plan.organisation_id, plan.period.year))


def commit_import(plan: ImportPlan, *, actor: str, db_path=None, confirm_replace: bool = False,
                  new_organisation: str | None = None, accept_unplaced: bool = False,
                  accept_level_differences: bool = False) -> ImportResult:
    """Load the planned report: all of it in one new version of the file, or nothing.

    confirm_replace: the user confirmed that the report replaces the one in its slot.
    accept_unplaced: the user saw what looked like goals or activity tables but was not
    read as such (plan.report.unplaced) and loads the report as it was read all the same.
    new_organisation: for a plan with a new organisation, the user's confirmation of its
    name; it must be the same name (tertial.organisations.same_name: case and whitespace
    aside). The organisation is added in the report's transaction, so a load that fails
    leaves no organisation behind. Ignored when the organisation is stored already.
    accept_level_differences: the user saw the goals the report gives another level than
    the year's model (plan.level_differences) and loads them at the report's level.
    """
    if viewer_session():  # the status words decided with the report are part of the load
        raise ImportRefused(VIEWER_REFUSAL)
    if plan.already_loaded:
        return ImportResult("oförändrad", None, None,
                            f"{plan.file_name} har samma innehåll som den redan inlästa {plan.already_loaded}; inget ändrades.")
    if plan.same_content_as:
        return ImportResult("oförändrad", None, None,
                            f"{plan.file_name} har samma innehåll som den inlästa {plan.same_content_as} (i ett annat "
                            "format); inget ändrades.")
    if plan.new_organisation and not same_name(new_organisation, plan.new_organisation):
        message = plan.new_organisation_message()
        if tidy_name(new_organisation):
            message = (f"{plan.file_name}: bekräftelsen »{tidy_name(new_organisation)}« är inte namnet på "
                       f"organisationen som läggs till, »{plan.new_organisation}«. Inget har ändrats.")
        raise ImportRefused(message)
    if plan.report.unplaced and not accept_unplaced:
        raise ImportRefused(
            f"{plan.file_name}: {plan.report.unplaced_summary()} "
            + " ".join(f"Rad {note.line}: {note.message}" for note in plan.report.unplaced[:5])
            + (f" (och {len(plan.report.unplaced) - 5} till)" if len(plan.report.unplaced) > 5 else "")
            + " Läs in den ändå bara om de inte är mål eller aktiviteter (kryssrutan i Importera, "
            "--accept-unplaced på kommandoraden). Inget har ändrats."
        )
    if plan.level_differences and not accept_level_differences:
        raise ImportRefused(plan.level_differences_message())
    if plan.replaces and not confirm_replace:
        raise ImportRefused(
            f"{plan.file_name}: perioden {plan.period.key} har redan en rapport från {plan.unit or plan.body} "
            f"({plan.replaces['file_name']}). Den nya ersätter den gamla först när du bekräftar ersättningen."
        )
    with new_version(db_path) as con:
        # Another writer may have loaded the same content, or filled the slot, while this one waited.
        if con.execute("SELECT 1 FROM reports WHERE content_sha256 = ?", [plan.sha256]).fetchall():
            return ImportResult("oförändrad", None, None, f"{plan.file_name} lästes redan in av någon annan; inget ändrades.")
        created = None
        if plan.new_organisation:
            plan = dataclasses.replace(plan, organisation_id=_add_organisation(con, plan))
            created = {"organisation_id": plan.organisation_id, "name": plan.new_organisation}
        current = _slot_report(con, plan)
        expected = plan.replaces["report_id"] if plan.replaces else None
        if current != expected:
            raise ImportRefused(
                f"{plan.file_name}: rapportplatsen {plan.slot.label()} har ändrats sedan förhandsgranskningen "
                "(någon annan har läst in eller ångrat en rapport). Förhandsgranska igen; inget har ändrats."
            )
        before = None
        action = "import"
        if current is not None:
            before = _report_snapshot(con, current)
            remove_report(con, current)
            action = "ersättning"
        if _level_decisions(con, plan) != LevelDecisions(plan.kept_levels, plan.level_differences):
            raise ImportRefused(
                f"{plan.file_name}: målen för {plan.period.year} har ändrats sedan förhandsgranskningen (någon annan "
                "har läst in eller ångrat en rapport), så målnivåerna kan bli andra. Förhandsgranska igen; inget har "
                "ändrats."
            )
        replaced_aliases = [
            {"printed": old.printed, "status": old.status, "source": old.source, "decided_by": old.decided_by,
             "decided_at": old.decided_at}
            for old in stored_aliases(con, plan.organisation_id).values()
            if any(new.key == old.key and new.status != old.status for new in plan.new_aliases())
        ]
        report_id = _insert(con, plan)
        after = {"report_id": report_id, "period": plan.period.key, "as_of": str(plan.as_of),
                 "body": plan.body, "unit": plan.unit,
                 "goals": len(plan.report.goals), "graded_goals": plan.report.goals_graded(),
                 "activities": len(plan.report.activities),
                 "kept_levels": [decision.message() for decision in plan.kept_levels],
                 "accepted_level_differences": [difference.message() for difference in plan.level_differences],
                 "status_aliases": {alias.printed: alias.status for alias in plan.new_aliases()},
                 "replaced_status_aliases": replaced_aliases, "created_organisation": created}
        verb = "Ersatte" if action == "ersättning" else "Läste in"
        summary = f"{verb} {plan.summary()}"
        if created:
            summary += f"; ny organisation: {plan.new_organisation}"
        if plan.kept_levels:
            summary += f"; mål som behåller sin nivå från tidigare i året: {len(plan.kept_levels)}"
        if plan.level_differences:
            summary += f"; bekräftade nivåskillnader: {len(plan.level_differences)}"
        if plan.new_aliases():
            summary += "; nya statusord: " + ", ".join(f"»{a.printed}« = {a.status}" for a in plan.new_aliases())
        audit_id = record_change(con, actor=actor, action=action, report_file=plan.stored_name or plan.file_name,
                                 sha256=plan.sha256, summary=summary, before=before, after=after)
        record_new(con, plan.organisation_id, plan.new_aliases(), actor=actor, audit_id=audit_id)
    message = f"{verb} {plan.file_name} (ändring {audit_id})."
    if created:
        message += f" Organisationen {plan.new_organisation} lades till i databasen."
    return ImportResult(action, audit_id, report_id, message, created_organisation=plan.new_organisation if created else None)


def undo(audit_id: int, *, actor: str, db_path=None) -> ImportResult:
    """Take back an import or a replacement: its report goes, a replaced one comes back,
    and status words decided with it are undecided again."""
    if viewer_session():
        raise ImportRefused(VIEWER_REFUSAL)
    with new_version(db_path) as con:
        rows = con.execute(
            "SELECT action, report_file, content_sha256, before, after, undone_by FROM audit_log WHERE audit_id = ?",
            [audit_id],
        ).fetchall()
        if not rows:
            raise StoreError(f"Det finns ingen ändring nummer {audit_id} i loggen.")
        action, file_name, sha, before, after, undone_by = rows[0]
        if action not in ("import", "ersättning"):
            raise StoreError(f"Ändring {audit_id} ({action}) kan inte ångras; bara inläsningar och ersättningar kan det.")
        if undone_by:
            raise StoreError(f"Ändring {audit_id} är redan ångrad (ändring {undone_by}).")
        current = con.execute("SELECT report_id FROM reports WHERE content_sha256 = ?", [sha]).fetchall()
        if not current:
            raise StoreError(f"Rapporten från ändring {audit_id} ({file_name}) finns inte längre i databasen.")
        [(organisation_id,)] = con.execute("SELECT organisation_id FROM reports WHERE report_id = ?", [current[0][0]]).fetchall()
        remove_report(con, current[0][0])
        restored = None
        if action == "ersättning" and before:
            old = json.loads(before)
            data = base64.b64decode(old["content_base64"])
            if old["kind"] == HAND_ENTRY:
                # The replaced hand entry comes back in its own organisation's slot.
                restored = restore_hand_entry(con, old["file_name"], data, old["period"],
                                              date.fromisoformat(old["as_of"]), organisation=organisation_id)
            else:
                restored = _insert(con, plan_from_snapshot(old, data, organisation_id, con))
        con.execute("DELETE FROM status_aliases WHERE audit_id = ?", [audit_id])
        recorded = json.loads(after) if after else {}
        for alias in recorded.get("replaced_status_aliases", []):
            con.execute(
                "INSERT OR REPLACE INTO status_aliases VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
                [organisation_id, status_alias_key(alias["printed"]), alias["printed"], alias["status"],
                 alias["source"], alias["decided_by"], alias["decided_at"]],
            )
        removed = _remove_added_organisation(con, recorded.get("created_organisation"))
        summary = f"Ångrade ändring {audit_id} ({action} av {file_name})" + (
            "; den tidigare versionen är tillbaka." if restored else "."
        ) + (f" Organisationen {removed} som lades till med den togs bort igen." if removed else "")
        undo_id = record_change(con, actor=actor, action="ångra", report_file=file_name, sha256=sha,
                                summary=summary, undoes=audit_id)
        con.execute("UPDATE audit_log SET undone_by = ? WHERE audit_id = ?", [undo_id, audit_id])
    return ImportResult("ångra", undo_id, restored, summary)


def _remove_added_organisation(con: duckdb.DuckDBPyConnection, created: dict | None) -> str | None:
    """After an undo: the organisation the undone import added goes too, when nothing of
    it is left (a later import into it keeps it). Returns its name when it went. Its rows
    of shared areas go with it (read from its file, which stays: tertial.shared_areas)."""
    if not created:
        return None
    organisation_id = created["organisation_id"]
    for table in ("reports", "areas", "goals", "activities", "status_aliases"):
        if con.execute(f"SELECT 1 FROM {table} WHERE organisation_id = ? LIMIT 1", [organisation_id]).fetchall():
            return None
    con.execute("DELETE FROM shared_area_map WHERE organisation_id = ?", [organisation_id])
    con.execute("DELETE FROM organisations WHERE organisation_id = ?", [organisation_id])
    return created["name"]


def plan_from_snapshot(old: dict, data: bytes, organisation_id: int,
                       con: duckdb.DuckDBPyConnection | None = None) -> ImportPlan:
    """The plan that loads a stored report again exactly as it was loaded before.

    con: the database it goes back into, whose words of the organisation's other reports
    join the words a narrow PDF column broke, as the import joined them."""
    extracted = extract_text(data, old["file_name"])
    if con is not None:
        extracted = join_with_vocabulary(extracted, organisation_vocabulary(con, organisation_id))
    # The same choice among the file's readings as when it was loaded: the first that
    # places every line.
    chosen = read_extracted(extracted, old["file_name"], goal_level=old["goal_level"],
                            status_aliases=old["status_aliases"])
    report = chosen.report
    add_join_notes(report, chosen.extracted)
    return ImportPlan(
        file_name=old["file_name"], stored_name=old["file_name"], sha256=old["sha256"], data=data, file_kind="text",
        period=parse_period(old["period"]), as_of=date.fromisoformat(old["as_of"]),
        period_note="Återställd version.", title=old["title"], body=old["body"], unit=old["unit"], kind=old["kind"],
        goal_level=old["goal_level"], status_aliases=old["status_aliases"], report=report,
        organisation_id=organisation_id,
    )
