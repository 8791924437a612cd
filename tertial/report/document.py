"""The tertial report's content, from the database: which organisation, period, level and
focus area it covers, the committee's sentence, Översikt's charts, and every goal with
its grade, analysis and activity table, grouped by the vision's focus areas as the
municipality's own reports are.

Everything is read through named queries (queries/report_*.sql and those Översikt uses),
and the figures and sentences come from the same functions as on Översikt
(tertial.sentence, tertial.charts), so the report and the page cannot disagree. The
result is a neutral ReportDocument (tertial/report/model.py) that the writers draw.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from tertial import changes, charts
from tertial.export import slug
from tertial.periods import parse_period
from tertial.queries import run_query
from tertial.report.case import CaseDetails, CaseError
from tertial.report.chart_images import ChartImageError, PendingPng, for_print, render_pngs
from tertial.report.decision import decision_sections
from tertial.report.deviations import Deviations, deviation_blocks
from tertial.report.model import (
    BODY, CAPTION, GRADE, LEAD, META, NOTE, Cover, Image, Marked, Paragraph, ReportDocument, Section, Table, Text,
)
from tertial.report.own_text import CLOSING, INTRODUCTION, own_text_sections
from tertial.report.since_previous import since_previous
from tertial.sentence import CommitteeCounts, committee_sentence
from tertial.visual import (
    GOAL_LEVEL_NAMES, GRADE_COLOURS, GRADE_ORDER, GRADE_SYMBOLS, OVERDUE_COLOUR, OVERDUE_MARK, STATUS_COLOURS,
    STATUS_ORDER, STATUS_SYMBOLS, goal_level_label, swedish_date,
)
from tertial.vocabulary import NOT_GRADED

REPORT_TITLE = "Tertialuppföljning"
GOAL_LEVELS = ("KS", "KF")
WITHOUT_FOCUS_AREA = "Utan fokusområde"  # as queries/report_goals.sql names it

# The legend explains only what is Tertial's own; the grades and statuses are the reports' words.
GRADE_REMARKS = {NOT_GRADED: "Rapporten ger ingen bedömning; det är ingen femte bedömning, utan att bedömning saknas."}
STATUS_REMARKS = {
    "Avslutad med avvikelse": "Utropstecknet markerar avvikelse från planen.",
    "Pågående med avvikelse": "Utropstecknet markerar avvikelse från planen.",
}


class ReportError(ValueError):
    """The report cannot be made as asked; the message says what was wrong, in Swedish."""


@dataclass(frozen=True)
class ReportRequest:
    """What a user asks for: a period, and optionally a focus area, an organisation (None:
    the database's default, the one with the most reports) and a goal level (None: as
    Översikt chooses, KS when the period has KS goals, else KF)."""

    period: str
    focus_area: str | None = None
    organisation: str | None = None
    goal_level: str | None = None
    case: CaseDetails = CaseDetails()  # the decision part's details; defaults where not given


@dataclass(frozen=True)
class Selection:
    """A request checked against the database, every choice made."""

    organisation: str
    period: str
    focus_area: str | None
    goal_level: str | None  # None: the period presents no goals
    level_is_default: bool
    case: CaseDetails = CaseDetails()

    def file_stem(self) -> str:
        """'tertialrapport-ange-kommun-2023-T2' (+ focus area, + a level not the default)."""
        parts = ["tertialrapport", slug(self.organisation), self.period]
        if self.focus_area:
            parts.append(slug(self.focus_area))
        if self.goal_level and not self.level_is_default:
            parts.append(self.goal_level.lower())
        return "-".join(part for part in parts if part)


def _listed(values: Sequence[str]) -> str:
    return ", ".join(values) if values else "(inga)"


def resolve(con, request: ReportRequest) -> Selection:
    """The request's choices checked against the database; ReportError names what is
    unknown and what there is to choose from."""
    organisations = run_query(con, "organisations")["organisation"].to_list()
    if not organisations:
        raise ReportError("Databasen innehåller inga rapporter; bygg den med python -m tertial build.")
    organisation = request.organisation or organisations[0]
    if organisation not in organisations:
        raise ReportError(f"Organisationen »{organisation}« finns inte i databasen. Välj bland: {_listed(organisations)}.")
    try:
        period = parse_period(request.period.strip().upper()).key
    except ValueError as error:
        raise ReportError(str(error)) from None
    periods = run_query(con, "periods", {"organisation": organisation})["period"].to_list()
    if period not in periods:
        raise ReportError(
            f"Perioden »{request.period}« har ingen inläst rapport för {organisation}. "
            f"Perioder med rapporter: {_listed(sorted(periods))}."
        )
    focus_area = request.focus_area or None
    if focus_area is not None:
        areas = run_query(con, "focus_areas", {"organisation": organisation})["focus_area"].to_list()
        if focus_area not in areas:
            raise ReportError(f"Fokusområdet »{focus_area}« finns inte för {organisation}. Välj bland: {_listed(areas)}.")
    levels = run_query(con, "goal_levels", {"organisation": organisation, "period": period})["goal_level"].to_list()
    default_level = levels[0] if levels else None  # KS first, as Översikt's choice
    goal_level = request.goal_level.upper() if request.goal_level else default_level
    if request.goal_level and goal_level not in GOAL_LEVELS:
        raise ReportError(f"Målnivån »{request.goal_level}« finns inte; välj KS (kommunstyrelsen) eller KF "
                          "(kommunfullmäktige).")
    if request.goal_level and goal_level not in levels:
        raise ReportError(f"Perioden {period} redovisar inga mål på nivån {goal_level}. "
                          f"Nivåer med mål: {_listed(levels)}.")
    try:
        case = request.case.checked()
    except CaseError as error:
        raise ReportError(str(error)) from None
    return Selection(organisation, period, focus_area, goal_level, goal_level == default_level, case)


# -- the charts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """One of Översikt's charts: its figure, its data as a table and its text alternative."""

    title: str
    figure: Any
    table: pl.DataFrame
    description: str


def summary_charts(by_grade: pl.DataFrame, by_focus_area: pl.DataFrame, activities: pl.DataFrame,
                   scope: str) -> list[Chart]:
    """Översikt's three charts from the rows of its queries, by the same builders."""
    chosen = [
        Chart(charts.GRADE_CHART_TITLE, charts.grade_distribution_chart(by_grade, charts.GRADE_CHART_TITLE),
              charts.grade_table(by_grade), charts.grade_chart_description(by_grade, scope)),
        Chart(charts.FOCUS_AREA_CHART_TITLE,
              charts.grade_by_focus_area_chart(by_focus_area, charts.FOCUS_AREA_CHART_TITLE),
              charts.focus_area_grade_table(by_focus_area), charts.focus_area_chart_description(by_focus_area, scope)),
    ]
    if not activities.is_empty():  # Översikt draws no status chart for a period without activities
        chosen.append(Chart(charts.STATUS_CHART_TITLE,
                            charts.status_distribution_chart(activities, charts.STATUS_CHART_TITLE),
                            charts.status_table(activities), charts.status_chart_description(activities, scope)))
    return chosen


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def frame_table(frame: pl.DataFrame, caption: str | None = None) -> Table:
    """A chart's data table (Swedish headers already) as a document table; the first
    column, the names, gets the room."""
    widths = (3.0, *([1.2] * (frame.width - 1)))
    rows = tuple(tuple(_cell(value) for value in row) for row in frame.iter_rows())
    # Shares ('43 %') are set flush right with the counts.
    numeric = tuple(dtype.is_numeric() or name == "Andel" for name, dtype in frame.schema.items())
    return Table(tuple(frame.columns), rows, widths, caption=caption, numeric=numeric)


def chart_blocks(chart_list: Sequence[Chart], caption_scope: str,
                 draw: Callable[[Sequence[Any]], list[bytes | PendingPng]] | None) -> tuple[list, str | None]:
    """The charts as images, or, when they cannot be drawn, a note saying why and each
    chart's data table in its place. Returns (blocks, the note or None). draw may return
    PendingPng (chart_images.ChartDrawer): the images then hold them, and their size, until
    drawn."""
    if not chart_list:
        return [], None
    try:
        if draw is None:
            raise ChartImageError("rapporten skapades utan diagrambilder")
        pngs = draw([for_print(chart.figure) for chart in chart_list])
        if len(pngs) != len(chart_list):
            raise ChartImageError(f"webbläsaren ritade {len(pngs)} av {len(chart_list)} diagram")
        sizes = [png_size(png) for png in pngs]
    except ChartImageError as error:
        note = (f"Diagrammen kunde inte ritas som bilder: {error}. Varje diagram står i stället som sin tabell, "
                "med samma siffror som på Översikt.")
        blocks: list = [Paragraph(note, NOTE)]
        for number, chart in enumerate(chart_list, start=1):
            blocks.append(frame_table(chart.table, caption=f"Tabell {number}. {chart.title}, {caption_scope}."))
        return blocks, note
    blocks = []
    for number, (chart, png, (width, height)) in enumerate(zip(chart_list, pngs, sizes), start=1):
        blocks.append(Image(png, width, height, alt=chart.description,
                            caption=f"Figur {number}. {chart.title}, {caption_scope}."))
    return blocks, None


def png_size(png: bytes | PendingPng) -> tuple[int, int]:
    """(width, height) in pixels, from the PNG's header (its IHDR chunk comes first), or
    the size a PendingPng will have (known from its figure's layout)."""
    if isinstance(png, PendingPng):
        return png.width_px, png.height_px
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ChartImageError("webbläsaren gav ingen PNG-bild")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


# -- the goals -------------------------------------------------------------------------------


def grade_mark(grade: str | None) -> Marked:
    grade = grade or NOT_GRADED
    return Marked(GRADE_SYMBOLS[grade], grade, GRADE_COLOURS[grade])


def status_mark(status: str) -> Marked:
    return Marked(STATUS_SYMBOLS[status], status, STATUS_COLOURS[status])


def end_date_cell(end_date: date | None, days_overdue: int | None) -> Text:
    """The end date; an overdue one marked ⏰ in red with its days overdue."""
    if end_date is None:
        return ""
    if not days_overdue:
        return end_date.isoformat()
    return Marked(OVERDUE_MARK, f"{end_date.isoformat()}\n{days_overdue} {'dag' if days_overdue == 1 else 'dagar'} sen",
                  OVERDUE_COLOUR)


# Activity table columns: (header, row key, relative width). The comment takes the room of
# any column the whole report leaves empty.
_ACTIVITY_COLUMNS = (
    ("Aktivitet", "title_as_printed", 33.5), ("Status", "status", 24), ("Startdatum", "start_date", 19),
    ("Slutdatum", "end_date", 21), ("Ansvarig enhet", "responsible_unit", 23.5), ("Kommentar", "comment", 49),
)
_OPTIONAL_COLUMNS = ("start_date", "responsible_unit", "comment")


def used_columns(activities: Sequence[Mapping]) -> tuple[str, ...]:
    """The row keys of the activity columns the report has any value in."""
    def filled(key: str) -> bool:
        return any(row[key] not in (None, "") and str(row[key]).strip() for row in activities)

    return tuple(key for _, key, _ in _ACTIVITY_COLUMNS if key not in _OPTIONAL_COLUMNS or filled(key))


def activity_table(rows: Sequence[Mapping], columns: Sequence[str] | None = None) -> Table:
    """A goal's activities as the report lists them: status with its mark, an overdue end
    date marked. columns: the row keys to show (default all), as used_columns gives them."""
    columns = tuple(columns or (key for _, key, _ in _ACTIVITY_COLUMNS))
    chosen = [column for column in _ACTIVITY_COLUMNS if column[1] in columns]
    freed = sum(width for _, key, width in _ACTIVITY_COLUMNS if key not in columns)
    # The comment, the longest text, takes most of the room; the title a quarter of it.
    share = {"comment": 0.75, "title_as_printed": 0.25} if "comment" in columns else {"title_as_printed": 1.0}
    widths = tuple(width + freed * share.get(key, 0) for _, key, width in chosen)

    def cell(row: Mapping, key: str) -> Text:
        if key == "status":
            return status_mark(row["status"])
        if key == "end_date":
            return end_date_cell(row["end_date"], row.get("days_overdue") if row["overdue"] else None)
        if key == "title_as_printed":
            return row.get(key) or row["activity_title"]
        return _cell(row[key])

    return Table(tuple(header for header, _, _ in chosen),
                 tuple(tuple(cell(row, key) for _, key, _ in chosen) for row in rows), widths, dense=True)


def goal_heading(goal: Mapping) -> str:
    """'2.15.1 Kommunen upplevs som attraktiv …'; a goal printed without a number, its title."""
    return f"{goal['goal_code']} {goal['goal_title']}" if goal["goal_code"] else goal["goal_title"]


def analysis_paragraphs(comment: str | None) -> list[Paragraph]:
    """The report's analysis, paragraph by paragraph as the report has them."""
    if not comment or not comment.strip():
        return [Paragraph("Rapporten ger ingen analys för målet.", META)]
    return [Paragraph(part.strip()) for part in comment.split("\n\n") if part.strip()]


def goal_section(goal: Mapping, activities: Sequence[Mapping], source_number: int,
                 columns: Sequence[str] | None = None) -> Section:
    """A goal: its KF goal, its own area when the crosswalk placed it, its grade, the
    analysis and the activities, and a short reference to the sources appendix."""
    blocks: list = []
    if goal["parent_goal_title"]:
        code = f" {goal['parent_goal_code']}" if goal["parent_goal_code"] else ""
        blocks.append(Paragraph(f"Kommunfullmäktiges mål{code}: {goal['parent_goal_title']}", META))
    if goal["vision_focus_area_source"] == "korsreferens":
        blocks.append(Paragraph(f"{goal['area_kind'].capitalize()}: {goal['focus_area']}.", META))
    blocks.append(Paragraph(grade_mark(goal["grade"]), GRADE))
    blocks.extend(analysis_paragraphs(goal["comment"]))
    if activities:
        blocks.append(activity_table(activities, columns))
    else:
        blocks.append(Paragraph("Rapporten redovisar inga aktiviteter under målet.", META))
    blocks.append(Paragraph(f"Källa {source_number} i bilagan.", META))
    return Section(goal_heading(goal), 2, blocks)


# -- the whole report ------------------------------------------------------------------------


def legend_sections() -> list[Section]:
    grades = Table(
        ("Bedömning", "Anmärkning"),
        tuple((grade_mark(None if grade == NOT_GRADED else grade), GRADE_REMARKS.get(grade, ""))
              for grade in GRADE_ORDER),
        (1, 1.6),
    )
    statuses = Table(
        ("Status", "Anmärkning"),
        (*((status_mark(status), STATUS_REMARKS.get(status, "")) for status in STATUS_ORDER),
         (Marked(OVERDUE_MARK, "Försenad", OVERDUE_COLOUR),
          "Vid slutdatumet: det ligger före rapportens avstämningsdatum och aktiviteten är inte avslutad. "
          "Dagarna räknas till avstämningsdatumet.")),
        (1, 1.6),
    )
    return [Section("Teckenförklaring", 1, [
        Paragraph("Målens bedömning och aktiviteternas status står alltid med både symbol och ord. Bedömningarna "
                  "är kommunens egna, bäst först."),
        Paragraph("Bedömning av mål", CAPTION), grades,
        Paragraph("Aktiviteternas status", CAPTION), statuses,
    ])]


def about_text(organisation: str, period_name: str, goal_level: str | None, focus_area: str | None) -> str:
    """What the report holds, in a sentence."""
    when = f"{period_name.lower()}" + (f" inom fokusområdet {focus_area}" if focus_area else "")
    if goal_level is None:
        return (f"Rapporten sammanställer uppföljningen i {organisation} för {when}. Perioden redovisar inga mål, "
                "så rapporten har bara sammanfattningen.")
    return (f"Rapporten sammanställer uppföljningen av {GOAL_LEVEL_NAMES[goal_level]}s mål i {organisation} för "
            f"{when}: varje måls bedömning, analys och aktiviteter som de inlästa rapporterna redovisar dem, ordnade "
            "efter visionens fokusområden, avvikelserna, förändringarna sedan förra tertialen och översiktens diagram.")


def _counts(con, selection: Selection, focus_area: str | None) -> CommitteeCounts:
    row = run_query(con, "committee_counts", {
        "organisation": selection.organisation, "period": selection.period, "goal_level": selection.goal_level,
        "focus_area": focus_area,
    }).row(0, named=True)
    return CommitteeCounts.from_row(row, period=selection.period, focus_area=focus_area)


def _number(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def sources_text(reports: Sequence[Mapping], goals: pl.DataFrame, activities: pl.DataFrame,
                 goal_level: str | None) -> str:
    """Which reports the figures come from, and how many of each report's goals and
    activities this report counts: the cover and every figure count the same."""
    if not reports:
        return "Ingen rapport är inläst för perioden."
    level = f"de {GOAL_LEVEL_NAMES[goal_level]} antagit" if goal_level else ""
    parts = []
    for report in reports:
        shown = goals.filter(pl.col("report_file") == report["file_name"]).height if goal_level else 0
        entries = activities.filter(pl.col("report_file") == report["file_name"]).height if goal_level else 0
        total = report["goal_count"] or 0
        if not total:
            counted = "inga mål"
        elif shown == total:
            counted = f"{_number(shown, 'mål', 'mål')} ({level}) med {_number(entries, 'aktivitet', 'aktiviteter')}"
        else:
            counted = (f"{shown} av rapportens {total} mål ({level}) med "
                       f"{_number(entries, 'aktivitet', 'aktiviteter')}")
        parts.append(f"»{report['title']}« (fil {report['file_name']}, avstämd {swedish_date(report['as_of'])}): "
                     f"{counted}")
    return ("Källa: " if len(parts) == 1 else "Källor: ") + "; ".join(parts) + "."


def based_on_text(reports: Sequence[Mapping]) -> str:
    """'Underlaget är rapporten »…«, avstämd 31 augusti 2023.' – for Ärendet i korthet."""
    if not reports:
        return "Ingen rapport är inläst för perioden."
    named = " och ".join(f"»{report['title']}«, avstämd {swedish_date(report['as_of'])}" for report in reports)
    return f"Underlaget är {'rapporten' if len(reports) == 1 else 'rapporterna'} {named}."


def left_out_text(left_out: pl.DataFrame, shown_level: str | None) -> str | None:
    """What the report's figures leave out: the period's goals at the other level that are
    no KF goal of a goal shown, named (or counted, when many) with their activities."""
    if left_out.is_empty() or shown_level is None:
        return None
    other = left_out["goal_level"][0]
    other_name = GOAL_LEVEL_NAMES.get(other, other)
    entries = int(left_out["activity_count"].sum())
    if left_out.height <= 3:
        named = "; ".join(f"{goal_heading(row)} ({_number(row['activity_count'], 'aktivitet', 'aktiviteter')})"
                          for row in left_out.iter_rows(named=True))
        goals_text = f"{other_name}s {'mål' if left_out.height == 1 else str(left_out.height) + ' mål'} {named}"
    else:
        goals_text = f"{left_out.height} av {other_name}s mål med {_number(entries, 'aktivitet', 'aktiviteter')}"
    they, them = ("det", "det") if left_out.height == 1 else ("de", "dem")
    return (f"Perioden redovisar också {goals_text}, som inte hör till något av målen här. {they.capitalize()} "
            f"räknas inte i rapportens mål, aktiviteter, avvikelser eller diagram; välj målnivån {other} för att "
            f"se {them}.")


def status_frame(activities: pl.DataFrame) -> pl.DataFrame:
    """The status chart's rows (as queries/activity_status_distribution.sql gives them) from
    the report's own activity rows, so the chart counts what the tables list."""
    if activities.is_empty():
        return pl.DataFrame(schema={"status": pl.String, "activities": pl.Int64, "overdue": pl.Int64})
    return (activities.group_by("status")
            .agg(pl.len().cast(pl.Int64).alias("activities"), pl.col("overdue").sum().cast(pl.Int64).alias("overdue"))
            .sort("status"))


@dataclass
class _Read:
    """What one report is made of, read once."""

    reports: list[dict]
    goals: pl.DataFrame
    activities: pl.DataFrame
    left_out: pl.DataFrame
    own_text: list[dict]
    change_periods: pl.DataFrame


def _read(con, selection: Selection) -> _Read:
    org, period, level, area = (selection.organisation, selection.period, selection.goal_level,
                                selection.focus_area)
    base = {"organisation": org, "period": period}
    reports = list(run_query(con, "period_reports", base).iter_rows(named=True))
    if level is not None:
        params = {**base, "goal_level": level, "focus_area": area}
        goals = run_query(con, "report_goals", params)
        activities = run_query(con, "report_activities", params)
        left_out = run_query(con, "report_other_level_goals", params)
    else:
        goals = activities = left_out = pl.DataFrame()
    own = list(run_query(con, "report_own_text", base).iter_rows(named=True))
    return _Read(reports, goals, activities, left_out, own, run_query(con, "change_periods", {"organisation": org}))


def _since(con, selection: Selection, read: _Read):
    earlier = (changes.previous_comparable(read.change_periods, selection.period)
               if selection.goal_level else None)
    goal_rows = activity_rows = None
    if earlier is not None:
        pair = {"organisation": selection.organisation, "from_period": earlier, "to_period": selection.period,
                "focus_area": selection.focus_area}
        goal_rows = run_query(con, "goal_changes", pair)
        activity_rows = run_query(con, "activity_changes", {**pair, "unit": None})
    shown = read.goals["goal_id"].to_list() if not read.goals.is_empty() else []
    return since_previous(read.change_periods, selection.period, selection.goal_level or "", shown, goal_rows,
                          activity_rows, earlier)


def build_report(con, request: ReportRequest, *, database_name: str, made_on: date | None = None,
                 draw: Callable[[Sequence[Any]], list[bytes]] | None = render_pngs) -> ReportDocument:
    """The report for a request, read from the database on con.

    database_name: what the sources appendix says the report was made from. draw:
    figures → PNG bytes (default: kaleido in Chromium); None, or a ChartImageError from it,
    puts the charts' tables in their place with a note saying why."""
    selection = resolve(con, request)
    org, period, focus_area, level = (selection.organisation, selection.period, selection.focus_area,
                                      selection.goal_level)
    made_on = made_on or date.today()
    the_period = parse_period(period)
    period_name = the_period.label
    period_text = f"{period_name} ({period})"
    level_text = goal_level_label(level) if level else "Perioden redovisar inga mål"
    scope = f"{period_text}" + (f", {focus_area}" if focus_area else "")
    read = _read(con, selection)
    sources = sources_text(read.reports, read.goals, read.activities, level)
    counts = _counts(con, selection, focus_area)
    sentence = committee_sentence(counts)
    activity_rows = list(read.activities.iter_rows(named=True)) if level else []
    deviations = Deviations.of(activity_rows)
    as_of_days = sorted({row["as_of"] for row in activity_rows})
    as_of_text = " och ".join(swedish_date(day) for day in as_of_days) or "rapportens avstämningsdatum"
    left_out = left_out_text(read.left_out, level)
    since = _since(con, selection, read) if level else None

    about = Section("Om rapporten", 1, [Paragraph(about_text(org, period_name, level, focus_area)),
                                        Paragraph(sources, META)], new_page=True)
    if left_out:
        about.blocks.append(Paragraph(left_out, NOTE))
    if counts.via_crosswalk:
        # Said once, here: every 2024 goal reaches its focus area through the crosswalk.
        about.blocks.append(Paragraph(
            "Målen för 2024 hör till målområden, inte till visionens fokusområden. Fokusområdet kommer från "
            "korsreferensen i data/crosswalk.csv – en bedömning som går att ändra, inte rapportens egen indelning. "
            "Under varje mål står dess eget målområde.", NOTE))

    summary = Section("Sammanfattning", 1, [Paragraph(sentence, LEAD), Paragraph(f"{level_text} – {scope}", META)],
                      new_page=True)
    chart_note = None
    if level is not None and counts.total:
        selected = {"organisation": org, "period": period, "goal_level": level, "focus_area": focus_area}
        chart_list = summary_charts(
            run_query(con, "grade_distribution", selected),
            run_query(con, "grade_distribution_by_focus_area", selected),
            status_frame(read.activities),
            scope,
        )
        blocks, chart_note = chart_blocks(chart_list, f"{level_text}, {scope}", draw)
        summary.blocks.extend(blocks)

    sections = [about, *own_text_sections(read.own_text, INTRODUCTION, "Förvaltningens inledning"),
                *legend_sections(), summary]
    goal_sections: list[Section] = []
    if level is not None:
        sections.append(Section("Avvikelser", 1, deviation_blocks(deviations, as_of_text), new_page=True))
        if since is not None:
            title = f"Sedan förra tertialen ({since.earlier})" if since.earlier else "Sedan förra tertialen"
            sections.append(Section(title, 1, since.blocks))
        goal_sections = focus_area_sections(con, selection, read)
        sections.extend(goal_sections)
    sections.extend(own_text_sections(read.own_text, CLOSING, "Förvaltningens sammanfattande analys"))
    sections.append(sources_appendix(read, database_name, sources))

    front = decision_sections(
        case=selection.case, period=the_period, organisation=org, goal_level=level, made_on=made_on,
        sources=based_on_text(read.reports), sentence=sentence, deviations=deviations.sentence() if level else "",
        since=since.sentence if since else None,
        goals=list(read.goals.iter_rows(named=True)) if level else [],
        goal_change=since.goal_change if since else {}, earlier=since.earlier if since else None,
        left_out=left_out,
    )
    cover = Cover(
        organisation=org, title=REPORT_TITLE, period=period_text, goal_level=level_text, focus_area=focus_area,
        made_on=made_on, made_by="Sammanställd av Tertial ur de inlästa rapporterna.", sources=sources,
    )
    return ReportDocument(
        cover=cover, sections=sections, file_stem=selection.file_stem(),
        footer=f"{org} · {REPORT_TITLE} {period_name}" + (f" · {focus_area}" if focus_area else ""),
        charts_as_images=chart_note is None, chart_note=chart_note, front=front,
        goal_count=read.goals.height if level else 0,
    )


def sources_appendix(read: _Read, database_name: str, sources: str) -> Section:
    """Bilaga: every goal's file and lines, numbered as the goals refer to them."""
    rows = []
    if not read.goals.is_empty():
        for number, goal in enumerate(read.goals.iter_rows(named=True), start=1):
            lines = str(goal["source_line"]) + (f", bedömningen {goal['grade_line']}" if goal["grade_line"] else "")
            rows.append((str(number), goal_heading(goal), goal["report_file"], lines))
    blocks: list = [Paragraph(sources, META),
                    Paragraph(f"Sammanställd ur databasen {database_name}. Raderna är rapportfilernas egna, som "
                              "sidan Rapporter i Tertial visar dem.", META)]
    if rows:
        blocks.append(Table(("Källa", "Mål", "Fil", "Rad"), tuple(rows), (10, 86, 46, 28), dense=True,
                            numeric=(True, False, False, False)))
    return Section("Bilaga: Källor", 1, blocks)


def focus_area_sections(con, selection: Selection, read: _Read) -> list[Section]:
    """One section per focus area (every one of the vision's, so an area without goals
    shows as such; only the chosen one under a filter), each goal a subsection."""
    goals, activities = read.goals, read.activities
    by_goal: dict[int, list[dict]] = {}
    for row in activities.iter_rows(named=True):
        by_goal.setdefault(row["goal_id"], []).append(row)
    columns = used_columns(list(activities.iter_rows(named=True)))
    areas = ([selection.focus_area] if selection.focus_area else
             run_query(con, "focus_areas", {"organisation": selection.organisation})["focus_area"].to_list())
    for frame in (goals, read.left_out):
        for area in (frame["vision_focus_area"].unique(maintain_order=True).to_list() if not frame.is_empty() else []):
            if area not in areas:  # goals without a focus area come last
                areas.append(area)
    level_name = GOAL_LEVEL_NAMES.get(selection.goal_level or "", "")
    numbers = {goal_id: number for number, goal_id in enumerate(goals["goal_id"].to_list(), start=1)}
    many_left_out = read.left_out.height > 5
    sections = []
    for area in areas:
        area_goals = goals.filter(pl.col("vision_focus_area") == area)
        section = Section(area, 1, new_page=True)
        if area == WITHOUT_FOCUS_AREA:
            section.blocks.append(Paragraph("Mål som varken rapporten eller korsreferensen placerar i ett fokusområde."))
        else:
            section.blocks.append(Paragraph(committee_sentence(_counts(con, selection, area)), LEAD))
        area_left_out = (read.left_out.filter(pl.col("vision_focus_area") == area)
                         if not read.left_out.is_empty() else read.left_out)
        if many_left_out and area_left_out.height:
            section.blocks.append(Paragraph(
                f"{area_left_out.height} mål på nivån {area_left_out['goal_level'][0]} inom fokusområdet ingår inte "
                "här (se Om rapporten).", META))
        elif area_left_out.height:
            for goal in area_left_out.iter_rows(named=True):
                section.blocks.append(Paragraph(_left_out_goal_note(goal, selection.goal_level), META))
        if area_goals.is_empty():
            section.blocks.append(Paragraph(f"Perioden redovisar inga mål som {level_name} antagit inom fokusområdet.",
                                            BODY))
        sections.append(section)
        sections.extend(goal_section(goal, by_goal.get(goal["goal_id"], []), numbers[goal["goal_id"]], columns)
                        for goal in area_goals.iter_rows(named=True))
    return sections


def _left_out_goal_note(goal: Mapping, shown_level: str | None) -> str:
    name = GOAL_LEVEL_NAMES.get(goal["goal_level"], goal["goal_level"]).capitalize()
    where = f"({goal['report_file']}, rad {goal['source_line']})"
    if goal["goal_level"] == "KF" and shown_level == "KS" and not goal["activity_count"]:
        return (f"{name}s mål {goal_heading(goal)} har inget utvecklingsmål från kommunstyrelsen och därför inga "
                f"aktiviteter {where}.")
    return (f"{name}s mål {goal_heading(goal)} redovisas i rapporten med "
            f"{_number(goal['activity_count'], 'aktivitet', 'aktiviteter')} {where}; det hör till nivån "
            f"{goal['goal_level']} och räknas inte här.")
