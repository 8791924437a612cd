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

from tertial import charts
from tertial.export import slug
from tertial.periods import parse_period
from tertial.queries import run_query
from tertial.report.chart_images import ChartImageError, PendingPng, for_print, render_pngs
from tertial.report.model import (
    BODY, CAPTION, GRADE, LEAD, META, NOTE, Cover, Image, Marked, Paragraph, ReportDocument, Section, Table,
)
from tertial.sentence import CommitteeCounts, committee_sentence, source_note
from tertial.visual import (
    GOAL_LEVEL_NAMES, GRADE_COLOURS, GRADE_ORDER, GRADE_SYMBOLS, OVERDUE_MARK, STATUS_COLOURS, STATUS_ORDER,
    STATUS_SYMBOLS, goal_level_label,
)
from tertial.vocabulary import NOT_GRADED

REPORT_TITLE = "Tertialuppföljning"
GOAL_LEVELS = ("KS", "KF")
ACTIVITY_COLUMNS = ("Aktivitet", "Status", "Startdatum", "Slutdatum", "Ansvarig enhet", "Kommentar")
# In millimetres of an A4 page's 170 (relative for Word): the titles and comments wrap, the
# dates, their headers and a unit's words never ("2023-12-31", "Kommunikation" whole in DejaVu
# Sans 7.5 pt with the padding).
ACTIVITY_WIDTHS = (33.5, 21, 20.5, 19, 24.5, 51.5)
OVERDUE_TEXT = f"{OVERDUE_MARK} Försenad"
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


@dataclass(frozen=True)
class Selection:
    """A request checked against the database, every choice made."""

    organisation: str
    period: str
    focus_area: str | None
    goal_level: str | None  # None: the period presents no goals
    level_is_default: bool

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
    return Selection(organisation, period, focus_area, goal_level, goal_level == default_level)


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


def status_mark(status: str, overdue: bool) -> Marked:
    return Marked(STATUS_SYMBOLS[status], status + (f"\n{OVERDUE_TEXT}" if overdue else ""), STATUS_COLOURS[status])


def activity_table(rows: Sequence[Mapping]) -> Table:
    """A goal's activities as the report lists them, status with its symbol, overdue marked."""
    return Table(
        ACTIVITY_COLUMNS,
        tuple(
            (
                row["activity_title"],
                status_mark(row["status"], bool(row["overdue"])),
                _cell(row["start_date"]),
                _cell(row["end_date"]),
                _cell(row["responsible_unit"]),
                _cell(row["comment"]),
            )
            for row in rows
        ),
        ACTIVITY_WIDTHS,
        dense=True,
    )


def goal_heading(goal: Mapping) -> str:
    """'2.15.1 Kommunen upplevs som attraktiv …'; a goal printed without a number, its title."""
    return f"{goal['goal_code']} {goal['goal_title']}" if goal["goal_code"] else goal["goal_title"]


def analysis_paragraphs(comment: str | None) -> list[Paragraph]:
    """The report's analysis, paragraph by paragraph as the report has them."""
    if not comment or not comment.strip():
        return [Paragraph("Rapporten ger ingen analys för målet.", META)]
    return [Paragraph(part.strip()) for part in comment.split("\n\n") if part.strip()]


def goal_section(goal: Mapping, activities: Sequence[Mapping]) -> Section:
    blocks: list = []
    if goal["parent_goal_title"]:
        code = f" {goal['parent_goal_code']}" if goal["parent_goal_code"] else ""
        blocks.append(Paragraph(f"Kommunfullmäktiges mål{code}: {goal['parent_goal_title']}", META))
    if goal["vision_focus_area_source"] == "korsreferens":
        blocks.append(Paragraph(
            f"{goal['area_kind'].capitalize()} {goal['focus_area']}, placerat i fokusområdet "
            f"{goal['vision_focus_area']} genom korsreferensen (data/crosswalk.csv).", META))
    blocks.append(Paragraph(grade_mark(goal["grade"]), GRADE))
    blocks.extend(analysis_paragraphs(goal["comment"]))
    if activities:
        blocks.append(activity_table(activities))
    else:
        blocks.append(Paragraph("Rapporten redovisar inga aktiviteter under målet.", META))
    where = f"rad {goal['source_line']}" + (f", bedömningen rad {goal['grade_line']}" if goal["grade_line"] else "")
    blocks.append(Paragraph(f"Källa: {goal['report_file']}, {where}.", META))
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
        (*((status_mark(status, False), STATUS_REMARKS.get(status, "")) for status in STATUS_ORDER),
         (OVERDUE_TEXT, "Slutdatum före rapportens avstämningsdatum, och aktiviteten är inte avslutad.")),
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
            "efter visionens fokusområden, och översiktens diagram.")


def _counts(con, selection: Selection, focus_area: str | None) -> CommitteeCounts:
    row = run_query(con, "committee_counts", {
        "organisation": selection.organisation, "period": selection.period, "goal_level": selection.goal_level,
        "focus_area": focus_area,
    }).row(0, named=True)
    return CommitteeCounts.from_row(row, period=selection.period, focus_area=focus_area)


def build_report(con, request: ReportRequest, *, database_name: str, made_on: date | None = None,
                 draw: Callable[[Sequence[Any]], list[bytes]] | None = render_pngs) -> ReportDocument:
    """The report for a request, read from the database on con.

    database_name: what the cover says the report was made from. draw: figures → PNG
    bytes (default: kaleido in Chromium); None, or a ChartImageError from it, puts the
    charts' tables in their place with a note saying why."""
    selection = resolve(con, request)
    org, period, focus_area, level = (selection.organisation, selection.period, selection.focus_area,
                                      selection.goal_level)
    period_name = parse_period(period).label
    period_text = f"{period_name} ({period})"
    level_text = goal_level_label(level) if level else "Perioden redovisar inga mål"
    scope = f"{period_text}" + (f", {focus_area}" if focus_area else "")
    base = {"organisation": org, "period": period}
    sources = source_note(run_query(con, "period_reports", base).iter_rows(named=True))
    counts = _counts(con, selection, focus_area)
    sentence = committee_sentence(counts)

    about = Section("Om rapporten", 1, [Paragraph(about_text(org, period_name, level, focus_area)),
                                        Paragraph(sources, META)], new_page=True)

    summary = Section("Sammanfattning", 1, [Paragraph(sentence, LEAD), Paragraph(f"{level_text} – {scope}", META)],
                      new_page=True)
    if counts.via_crosswalk:
        summary.blocks.append(Paragraph(
            "Målen för 2024 hör till målområden, inte till visionens fokusområden. Fokusområdet kommer från "
            "korsreferensen i data/crosswalk.csv – en bedömning som går att ändra, inte rapportens egen indelning.",
            NOTE))
    chart_note = None
    if level is not None and counts.total:
        selected = {**base, "goal_level": level, "focus_area": focus_area}
        chart_list = summary_charts(
            run_query(con, "grade_distribution", selected),
            run_query(con, "grade_distribution_by_focus_area", selected),
            run_query(con, "activity_status_distribution", {**base, "focus_area": focus_area, "unit": None}),
            scope,
        )
        blocks, chart_note = chart_blocks(chart_list, f"{level_text}, {scope}", draw)
        summary.blocks.extend(blocks)

    sections = [about, *legend_sections(), summary]
    if level is not None:
        sections.extend(focus_area_sections(con, selection))
    cover = Cover(
        organisation=org, title=REPORT_TITLE, period=period_text, goal_level=level_text, focus_area=focus_area,
        made_on=made_on or date.today(), made_by=f"Skapad av Tertial från databasen {database_name}.",
        sources=sources,
    )
    return ReportDocument(
        cover=cover, sections=sections, file_stem=selection.file_stem(),
        footer=f"{org} · {REPORT_TITLE} {period_name}" + (f" · {focus_area}" if focus_area else ""),
        charts_as_images=chart_note is None, chart_note=chart_note,
    )


def focus_area_sections(con, selection: Selection) -> list[Section]:
    """One section per focus area (every one of the vision's, so an area without goals
    shows as such; only the chosen one under a filter), each goal a subsection."""
    params = {"organisation": selection.organisation, "period": selection.period,
              "goal_level": selection.goal_level, "focus_area": selection.focus_area}
    goals = run_query(con, "report_goals", params)
    activities = run_query(con, "report_activities", params)
    by_goal: dict[int, list[dict]] = {}
    for row in activities.iter_rows(named=True):
        by_goal.setdefault(row["goal_id"], []).append(row)
    areas = ([selection.focus_area] if selection.focus_area else
             run_query(con, "focus_areas", {"organisation": selection.organisation})["focus_area"].to_list())
    for area in goals["vision_focus_area"].unique(maintain_order=True).to_list():
        if area not in areas:  # goals without a focus area come last
            areas.append(area)
    level_name = GOAL_LEVEL_NAMES.get(selection.goal_level or "", "")
    # KF goals the period's report breaks down into KS goals but gives none (001's 2.13): the
    # municipality's report says so under the goal, so the KS report says so too.
    without_ks = (run_query(con, "quality_kf_goals_without_ks_goals", {
        "organisation": selection.organisation, "period": selection.period, "focus_area": selection.focus_area,
    }) if selection.goal_level == "KS" else pl.DataFrame(schema={"vision_focus_area": pl.String}))
    sections = []
    for area in areas:
        area_goals = goals.filter(pl.col("vision_focus_area") == area)
        section = Section(area, 1, new_page=True)
        if area == WITHOUT_FOCUS_AREA:
            section.blocks.append(Paragraph("Mål som varken rapporten eller korsreferensen placerar i ett fokusområde."))
        else:
            section.blocks.append(Paragraph(committee_sentence(_counts(con, selection, area)), LEAD))
        for kf_goal in without_ks.filter(pl.col("vision_focus_area") == area).iter_rows(named=True):
            section.blocks.append(Paragraph(
                f"Kommunfullmäktiges mål {goal_heading(kf_goal)} har inget utvecklingsmål från kommunstyrelsen och "
                f"därför inga aktiviteter ({kf_goal['report_file']}, rad {kf_goal['source_line']}).", META))
        if area_goals.is_empty():
            section.blocks.append(Paragraph(f"Perioden redovisar inga mål som {level_name} antagit inom fokusområdet.",
                                            BODY))
        sections.append(section)
        sections.extend(goal_section(goal, by_goal.get(goal["goal_id"], []))
                        for goal in area_goals.iter_rows(named=True))
    return sections
