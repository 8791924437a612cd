"""The Mål page's logic: the goal list and its grade filter, the goal named in the URL
(?mal=<goal key>, from the view goal_keys), and one goal's own view – its chain from the vision's focus area to
the KS goal, its grade in every tertial, its analysis texts, its activities over time –
each figure with the report file and line it was read from.

Pure functions over the rows of queries/goal_*.sql (polars frames); no Streamlit, so
tests call them directly and the page only draws what they return.

A goal without a grade is "Ej bedömd", never guessed. Where there is no grade, a second
column says why: the report presents the goal without a grade, or the period's reports
do not present it, or the period has no report at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import polars as pl

from tertial.charts import FONT, GRID_COLOUR, figure
from tertial.filters import URL_KEYS, first_value, shown
from tertial.periods import parse_period
from tertial.visual import (
    GRADE_COLOURS,
    GRADE_ORDER,
    OVERDUE_MARK,
    PLOTLY_SEPARATORS,
    STATUS_ORDER,
    escape_markdown,
    grade_label,
    status_label,
    swedish_date,
)
from tertial.vocabulary import GRADES, NOT_GRADED

# The page's own URL key, beside the shared filter keys: short, Swedish, ASCII.
URL_GOAL = "mal"
_GOAL_ID = re.compile(r"^\d{1,9}$")
GOAL_PAGE = "mal"  # the Mål page's url_path in app.py

# Swedish names for the columns this page adds to the views' columns. The shared table
# (tertial.webapp.data_table) names view columns through tertial.export.SWEDISH_COLUMNS;
# until these are added there, the page's frames are renamed here.
PAGE_COLUMNS = {
    "activities": "Aktiviteter",
    "overdue_activities": "Försenade aktiviteter",
    "presentation": "Redovisning",
    "reading_note": "Läsanteckning",
}

# How a period stands for a goal, in the grade table's second column.
GRADED = "Bedömd i rapporten"
PRESENTED_WITHOUT_GRADE = "Redovisad utan bedömning"
NOT_PRESENTED = "Inte redovisad i periodens rapport"
NOT_PRESENTED_SEVERAL = "Inte redovisad i periodens rapporter"
NOT_PRESENTED_NO_GOALS = "Inte redovisad – periodens rapport redovisar inga mål"
NO_REPORT = "Ingen rapport för perioden"

# Plotly marker shapes that mirror the reports' symbols ● ▲ ◆ ■, and ○ for Ej bedömd.
GRADE_MARKERS: dict[str, str] = {
    "Uppfyllt": "circle",
    "Delvis uppfyllt": "triangle-up",
    "Knappt uppfyllt": "diamond",
    "Ej uppfyllt": "square",
    NOT_GRADED: "circle-open",
}

AREA_KIND_LABELS = {"fokusområde": "Fokusområde", "målområde": "Målområde", "verksamhetsmål": "Verksamhetsmål"}
NO_CODE = "utan nummer"


# The labels as a lookup for polars, which applies it to a whole column at once.
GRADE_LABELS = {grade: grade_label(grade) for grade in GRADE_ORDER} | {"": grade_label(None)}
STATUS_LABELS = {status: status_label(status) for status in STATUS_ORDER}


def _labelled_grade(column: str = "grade") -> pl.Expr:
    """The grade with its symbol; a missing grade is '○ Ej bedömd' (as grade_label)."""
    grade = pl.col(column).cast(pl.String).fill_null(NOT_GRADED)
    return grade.replace_strict(GRADE_LABELS, return_dtype=pl.String).alias(column)


# --- The goal in the URL -----------------------------------------------------------


def goal_link(goal_key: str, period: str | None = None, organisation: str | None = None) -> str:
    """The link to a goal's own view on Mål, relative to the app: mal?mal=ks-2023-1a2b3c4d.
    The key survives a rebuild or an import, where goal_id may not. period: the period the
    goal was seen in (the goal list's filter); organisation: named when the database holds
    several (a link opened in a new tab starts a new session, with the default one)."""
    params: dict[str, object] = {URL_GOAL: goal_key}
    if period:
        params[URL_KEYS["period"]] = period
    if organisation:
        params[URL_KEYS["organisation"]] = organisation
    return f"{GOAL_PAGE}?{urlencode(params)}"


def parse_goal_param(raw: str | Sequence[str] | None, keys: Mapping[str, int]) -> tuple[int | None, str | None]:
    """The goal a link names (?mal=ks-2023-1a2b3c4d; keys: goal_key → goal_id, from
    queries/goal_catalogue.sql) and, when it names none the data knows, a gentle Swedish
    notice. A link from before the keys (?mal=36, a goal_id) still opens its goal, with a
    notice that such a number may point elsewhere after a rebuild. Never raises: a
    hostile value is quoted only in its harmless part."""
    value = first_value(raw)
    if value is None:
        return None, None
    if value.lower() in keys:
        return keys[value.lower()], None
    if _GOAL_ID.match(value) and int(value) in set(keys.values()):
        return int(value), (
            "Länken anger målet med ett internt nummer, som kan peka på ett annat mål när databasen byggs om. "
            "Adressfältet har nu målets beständiga länk."
        )
    quoted = shown(value)
    named = f"Målet »{quoted}« i länken" if quoted else "Målet i länken"
    return None, f"{named} finns inte i uppgifterna. Välj ett mål i listan."


# --- The goal list -------------------------------------------------------------------


def filter_grades(goals: pl.DataFrame, grades: Sequence[str]) -> pl.DataFrame:
    """The goals with one of the chosen grades; 'Ej bedömd' chooses goals without a grade.
    No grades chosen: every goal."""
    if not grades:
        return goals
    real = [grade for grade in grades if grade in GRADES]
    keep = pl.col("grade").is_in(real)
    if NOT_GRADED in grades:
        keep = keep | pl.col("grade").is_null()
    return goals.filter(keep.fill_null(False))


def _swedish(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.rename({column: name for column, name in PAGE_COLUMNS.items() if column in frame.columns})


def goal_table(goals: pl.DataFrame) -> pl.DataFrame:
    """The goal list as shown and downloaded: view column names (Swedish in the table),
    the grade with its symbol, activities and overdue activities, file and lines."""
    table = goals.select(
        "goal_code",
        "goal_title",
        "goal_level",
        _labelled_grade(),
        "activities",
        "overdue_activities",
        "focus_area",
        "vision_focus_area",
        "vision_focus_area_source",
        "report_file",
        "source_line",
        "grade_line",
        "goal_key",  # picking the row opens the goal (tertial.webapp.OPENS_GOAL); not shown
    )
    return _swedish(table)


def _as_of_text(dates: Iterable) -> str:
    days = sorted({day for day in dates if day is not None})
    return " och ".join(swedish_date(day) for day in days)


def combination_note(reports_in_period: int) -> str:
    """How the list combines a period's reports, when there are several (one per unit)."""
    if reports_in_period < 2:
        return ""
    return (f"Perioden har {reports_in_period} rapporter, en per enhet: ett mål som flera rapporter redovisar står "
            "en gång, med den senast avstämda rapportens bedömning; aktiviteterna räknas från alla rapporterna.")


def list_summary(goals: pl.DataFrame) -> str:
    """One honest sentence over the listed goals: how many, how many activities they
    have in the period and how many of those are overdue, as of which report date."""
    if goals.is_empty():
        return "Inga mål i urvalet."
    count = goals.height
    activities = int(goals["activities"].sum())
    overdue = int(goals["overdue_activities"].sum())
    as_of = _as_of_text(goals["as_of"].to_list())
    goals_text = "1 mål" if count == 1 else f"{count} mål"
    if activities == 0:
        return f"{goals_text} i urvalet. Rapporten redovisar inga aktiviteter under dem."
    return (
        f"{goals_text} i urvalet, med {activities} {'aktivitet' if activities == 1 else 'aktiviteter'} under sig, "
        f"varav {overdue} {'försenad' if overdue == 1 else 'försenade'} "
        f"per rapportens avstämningsdatum {as_of}."
    )


def overdue_under(activities: pl.DataFrame, goals: pl.DataFrame) -> pl.DataFrame:
    """The listed goals' overdue activities in the list's period, for a table.
    activities: queries/goal_activity_history.sql; goals: the listed goal rows."""
    if goals.is_empty():
        return activity_table(activities.clear())
    period = goals["period"][0]
    rows = activities.filter(
        pl.col("goal_id").is_in(goals["goal_id"].to_list()) & (pl.col("period") == period) & pl.col("overdue")
    )
    return activity_table(rows, with_goal=True)


def goal_label(code: str | None, title: str, level: str | None = None, limit: int = 90) -> str:
    """'2.15.1 Kommunen upplevs som attraktiv … (KS)' for a choice list."""
    text = title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
    prefix = code or f"({NO_CODE})"
    return f"{prefix} {text}" + (f" ({level})" if level else "")


def code_in(listed: pl.DataFrame, catalogue: pl.DataFrame, goal_id: int) -> str | None:
    """A goal's number as the list's period prints it, else as its newest report does
    (the same KF goal is 1.1.3 in T1 2023 and 2.15 in T2 2023)."""
    for frame in (listed, catalogue):
        found = frame.filter(pl.col("goal_id") == goal_id)
        if found.height:
            return found["goal_code"][0]
    return None


def goal_options(listed: pl.DataFrame, catalogue: pl.DataFrame, chosen: int | None = None) -> dict[int, str]:
    """The goals to choose from: the listed ones, numbered as in the list's period, and
    the chosen goal (from a link) even when the filters leave it out – listed last."""
    options = {
        row["goal_id"]: goal_label(row["goal_code"], row["goal_title"], row["goal_level"])
        for row in listed.iter_rows(named=True)
    }
    if chosen is not None and chosen not in options:
        found = catalogue.filter(pl.col("goal_id") == chosen)
        if found.height:
            row = found.row(0, named=True)
            options[chosen] = goal_label(row["goal_code"], row["goal_title"], row["goal_level"])
    return options


# --- One goal's chain ----------------------------------------------------------------


@dataclass(frozen=True)
class ChainStep:
    """One step from the vision's focus area down to the KS goal."""

    kind: str  # Swedish: Fokusområde, Målområde, KF-mål, KS-mål
    text: str
    note: str | None = None  # where it comes from, when that needs saying
    is_goal: bool = False  # the goal the view is about


def goal_row(catalogue: pl.DataFrame, goal_id: int | None) -> dict | None:
    """The catalogue's row of a goal (queries/goal_catalogue.sql); None for no such goal."""
    if goal_id is None:
        return None
    found = catalogue.filter(pl.col("goal_id") == goal_id)
    return found.row(0, named=True) if found.height else None


def _coded(code: str | None, title: str) -> str:
    return f"{code} {title}" if code else title


def chain(catalogue: pl.DataFrame, goal_id: int) -> list[ChainStep]:
    """Vision focus area → own area (målområde 2024) → KF goal → KS goal(s).

    The focus area of a 2024 goal comes from the user-editable crosswalk, and says so;
    a 2023 goal's own area is a focus area, so it is named once."""
    goal = goal_row(catalogue, goal_id)
    if goal is None:
        return []
    steps: list[ChainStep] = []
    if goal["vision_focus_area_source"] == "korsreferens":
        where = f"{goal['crosswalk_file']}, rad {goal['crosswalk_line']}" if goal["crosswalk_file"] else "korsreferensen"
        reason = f": {goal['crosswalk_reason']}" if goal["crosswalk_reason"] else ""
        steps.append(ChainStep("Fokusområde", goal["vision_focus_area"], f"via korsreferens ({where}{reason})"))
    elif goal["vision_focus_area"]:
        steps.append(ChainStep("Fokusområde", goal["vision_focus_area"], "enligt rapporten"))
    else:
        steps.append(ChainStep("Fokusområde", "inget angivet", "varken rapporten eller korsreferensen placerar målet"))
    if goal["focus_area"] and goal["area_kind"] != "fokusområde":
        steps.append(ChainStep(AREA_KIND_LABELS.get(goal["area_kind"], "Område"), goal["focus_area"],
                               f"{goal['model_year']} års målmodell"))
    own = _coded(goal["goal_code"], goal["goal_title"])
    if goal["goal_level"] == "KF":
        steps.append(ChainStep("KF-mål", own, is_goal=True))
        children = children_of(catalogue, goal_id)
        if children.height:
            codes = ", ".join(code or NO_CODE for code in children["goal_code"].to_list())
            steps.append(ChainStep("KS-mål", f"{children.height} st: {codes}", "kommunstyrelsens mål under detta mål"))
        else:
            steps.append(ChainStep("KS-mål", "inget", "rapporterna redovisar inget KS-mål under detta mål"))
    else:
        if goal["parent_goal_id"] is not None:
            steps.append(ChainStep("KF-mål", _coded(goal["parent_goal_code"], goal["parent_goal_title"])))
        else:
            steps.append(ChainStep("KF-mål", "inget angivet", "rapporten knyter inte målet till något KF-mål"))
        steps.append(ChainStep("KS-mål", own, is_goal=True))
    return steps


def chain_markdown(steps: Sequence[ChainStep]) -> str:
    """The chain as Markdown lines, report text escaped, the goal itself marked."""
    lines = []
    for depth, step in enumerate(steps):
        arrow = "→ " if depth else ""
        note = f" *({escape_markdown(step.note)})*" if step.note else ""
        marker = " ← **det här målet**" if step.is_goal else ""
        lines.append(f"{arrow}**{step.kind}:** {escape_markdown(step.text)}{note}{marker}")
    return "  \n".join(lines)


def children_of(catalogue: pl.DataFrame, goal_id: int) -> pl.DataFrame:
    """The KS goals under a KF goal, in the order of their numbers."""
    return catalogue.filter(pl.col("parent_goal_id") == goal_id).sort("goal_id")


def related_goals(catalogue: pl.DataFrame, goal_id: int) -> tuple[str, list[int]]:
    """The goals next to this one in the chain, with a heading: a KS goal's KF goal, or
    the KS goals under a KF goal. No heading and no goals when there are none."""
    goal = goal_row(catalogue, goal_id)
    if goal is None:
        return "", []
    if goal["parent_goal_id"] is not None:
        return "Kommunfullmäktiges mål över detta mål", [goal["parent_goal_id"]]
    children = children_of(catalogue, goal_id)["goal_id"].to_list()
    return ("Kommunstyrelsens mål under detta mål", children) if children else ("", [])


def related_goals_table(catalogue: pl.DataFrame, history: pl.DataFrame, goal_ids: Sequence[int]) -> pl.DataFrame:
    """Each given goal's newest reported grade, with its period, file and lines: for the
    KS goals under a KF goal, or a KS goal's KF goal."""
    rows = (
        history.filter(pl.col("goal_id").is_in(list(goal_ids)) & pl.col("presented"))
        .sort("period")
        .group_by("goal_id", maintain_order=True)
        .last()
    )
    titles = catalogue.select("goal_id", "goal_key", "goal_title", "goal_level")
    joined = rows.join(titles, on="goal_id", how="left").sort("goal_id")
    return joined.select(
        "goal_code",
        "goal_title",
        "goal_level",
        "period",
        _labelled_grade(),
        "report_file",
        "source_line",
        "grade_line",
        "goal_key",
    )


# --- One goal's grades over time -------------------------------------------------------


def presentation(row: Mapping) -> str:
    """Why a period shows the grade it does: graded, presented without a grade, not
    presented by the period's reports, or no report at all."""
    if row["presented"]:
        return GRADED if row["grade"] else PRESENTED_WITHOUT_GRADE
    if not row["report_count"]:
        return NO_REPORT
    if not row["period_goal_count"]:
        return NOT_PRESENTED_NO_GOALS
    several = row["report_count"] > 1
    not_presented = NOT_PRESENTED_SEVERAL if several else NOT_PRESENTED
    years = [y.strip() for y in (row["report_model_years"] or "").split(",") if y.strip()]
    if years and str(row["model_year"]) not in years:
        return f"{not_presented} – {'de' if several else 'den'} följer {' och '.join(years)} års målmodell"
    return not_presented


def grade_history(history: pl.DataFrame, goal_id: int) -> pl.DataFrame:
    """One goal's rows of queries/goal_grade_history.sql, oldest period first, with
    grade_text (symbol and grade, 'Ej bedömd' where none) and presentation."""
    rows = history.filter(pl.col("goal_id") == goal_id)
    rows = rows.with_columns(
        _labelled_grade().alias("grade_text"),
        pl.struct("presented", "grade", "report_count", "period_goal_count", "report_model_years", "model_year")
        .map_elements(presentation, return_dtype=pl.String)
        .alias("presentation"),
    )
    return rows.sort("period", maintain_order=True)


def grade_history_table(rows: pl.DataFrame) -> pl.DataFrame:
    """The grade chart's data as a table: every period, its grade or 'Ej bedömd', why,
    and the file and lines (goal heading, grade line) it was read from."""
    table = rows.select(
        "period",
        pl.col("grade_text").alias("grade"),
        "presentation",
        "goal_code",
        "report_file",
        "source_line",
        "grade_line",
        "reading_note",
    )
    return _swedish(table)


def _coloured_tick(grade: str) -> str:
    """An axis label whose symbol has the grade's colour, as in the other grade charts."""
    symbol, _, name = grade_label(grade).partition(" ")
    return f"<span style='color:{GRADE_COLOURS[grade]}'>{symbol}</span> {name}"


def grade_history_chart(rows: pl.DataFrame, title: str | None = None) -> go.Figure:
    """The goal's grade in every period as markers: x the periods (all tertials, gaps
    included), y the grade scale best on top with 'Ej bedömd' apart at the foot. Colours
    and labels from tertial.visual, marker shapes after the reports' symbols; points are
    not joined, because nothing is known between them."""
    periods = rows["period"].to_list()
    labels = [grade_label(grade) for grade in GRADE_ORDER]
    markers = []
    for grade in GRADE_ORDER:
        if grade == NOT_GRADED:
            chosen = rows.filter(pl.col("grade").is_null())
        else:
            chosen = rows.filter(pl.col("grade") == grade)
        hover = [
            f"{row['period']}: {grade_label(grade)}<br>{row['presentation']}"
            + (f"<br>{row['report_file']}, rad {row['grade_line'] or row['source_line']}" if row["report_file"] else "")
            for row in chosen.iter_rows(named=True)
        ]
        markers.append(dict(
            type="scatter",
            name=grade_label(grade),
            x=chosen["period"].to_list(),
            y=[grade_label(grade)] * chosen.height,
            mode="markers",
            marker=dict(
                symbol=GRADE_MARKERS[grade],
                size=20 if grade != NOT_GRADED else 16,
                color=GRADE_COLOURS[grade],
                line=dict(color="#595959" if grade != NOT_GRADED else GRADE_COLOURS[grade], width=1.5),
            ),
            hovertext=hover,
            hoverinfo="text",
        ))
    # One figure() call, rather than processing the figure again after every step.
    return figure(
        data=markers,
        layout=dict(
            xaxis=dict(
                type="category", categoryorder="array", categoryarray=periods, range=[-0.5, len(periods) - 0.5],
                title=dict(text="Period"), gridcolor=GRID_COLOUR, showgrid=True,
            ),
            yaxis=dict(
                type="category", categoryorder="array", categoryarray=labels, range=[len(labels) - 0.5, -0.5],
                tickmode="array", tickvals=labels, ticktext=[_coloured_tick(grade) for grade in GRADE_ORDER],
                gridcolor=GRID_COLOUR, showgrid=True,
            ),
            **({"title": dict(text=title, x=0, xanchor="left")} if title else {}),
            font=FONT,
            height=360,
            margin=dict(l=10, r=20, t=50 if title else 20, b=90),
            legend=dict(orientation="h", yref="container", yanchor="bottom", y=0.01, xanchor="left", x=0),
            plot_bgcolor="white",
            paper_bgcolor="white",
            separators=PLOTLY_SEPARATORS,
            hoverlabel=dict(font=FONT),
        ),
    )


def grade_history_description(rows: pl.DataFrame, goal: str) -> str:
    """A text alternative for the grade chart, for screen readers."""
    listed = "; ".join(f"{row['period']}: {row['grade_text']} ({row['presentation']})" for row in rows.iter_rows(named=True))
    return f"Diagram över bedömningen av målet {goal} per period. {listed}."


def period_text(period: str) -> str:
    """'2023-T2' → 'Tertial 2 2023 (2023-T2)'."""
    try:
        return f"{parse_period(period).label} ({period})"
    except ValueError:
        return period


def source_text(report_file: str, line: int, grade_line: int | None = None) -> str:
    """'Källa: 001_….txt, rad 317 (bedömningen rad 319)'."""
    text = f"Källa: {report_file}, rad {line}"
    return text + (f" (bedömningen rad {grade_line})" if grade_line else "")


@dataclass(frozen=True)
class Analysis:
    """The analysis a report gives for the goal in one period."""

    period: str
    heading: str  # 'Tertial 2 2023 (2023-T2) – ◆ Knappt uppfyllt'
    text: str | None  # the report's own words; None: the report gives no analysis
    source: str  # 'Källa: <file>, rad N …'
    reading_note: str | None = None


def analyses(rows: pl.DataFrame) -> list[Analysis]:
    """One entry per period whose report presents the goal, oldest first."""
    found = []
    for row in rows.filter(pl.col("presented")).iter_rows(named=True):
        comment = (row["comment"] or "").strip() or None
        found.append(
            Analysis(
                period=row["period"],
                heading=f"{period_text(row['period'])} – {row['grade_text']}",
                text=comment,
                source=source_text(row["report_file"], row["source_line"], row["grade_line"]),
                reading_note=row["reading_note"],
            )
        )
    return found


# --- One goal's activities over time -------------------------------------------------


def _overdue_text(value: bool | None) -> str:
    return f"{OVERDUE_MARK} Ja" if value else "Nej"


def activity_table(rows: pl.DataFrame, with_goal: bool = False) -> pl.DataFrame:
    """Activity entries as shown and downloaded: activity, period, status with its
    symbol, dates, overdue (as of the report's date) with the mark, file and line.
    rows: queries/goal_activity_history.sql, in the reports' order; with_goal adds the
    goal's number (for a table over several goals)."""
    goal_columns = ["goal_code"] if with_goal else []
    # Over several goals, picking a row opens its goal (tertial.webapp.OPENS_GOAL).
    key_column = ["goal_key"] if with_goal else []
    table = rows
    if not with_goal:  # an activity's periods together, activities in the report's order
        table = (
            rows.with_row_index("_order")
            .with_columns(pl.col("_order").min().over("activity_id").alias("_first"))
            .sort("_first", "_order")
        )
    return table.select(
        *goal_columns,
        "activity_title",
        "period",
        pl.col("status").cast(pl.String).replace_strict(STATUS_LABELS, return_dtype=pl.String),
        "start_date",
        "end_date",
        pl.when(pl.col("overdue")).then(pl.lit(_overdue_text(True))).otherwise(pl.lit(_overdue_text(False)))
        .alias("overdue"),
        "responsible_unit",
        "comment",
        "report_file",
        "source_line",
        *key_column,
    )


def goal_activities(activities: pl.DataFrame, goal_id: int) -> pl.DataFrame:
    """One goal's activity entries, oldest period first, in the report's order."""
    return activities.filter(pl.col("goal_id") == goal_id).sort("as_of", "report_file", "source_line")


def presented_periods(rows: pl.DataFrame) -> list[str]:
    """The periods, oldest first, whose reports present the goal (grade history rows)."""
    return rows.filter(pl.col("presented"))["period"].to_list()


def activity_matrix(rows: pl.DataFrame, periods: Sequence[str]) -> pd.DataFrame:
    """Activity × period: each cell the status with its symbol (and the overdue mark),
    '–' where that period's report does not list the activity under the goal.
    rows: one goal's activity entries; periods: the columns, oldest first."""
    by_activity: dict[int, dict] = {}
    for row in rows.iter_rows(named=True):
        entry = by_activity.setdefault(row["activity_id"], {"Aktivitet": row["activity_title"]})
        cell = status_label(row["status"]) + (f" {OVERDUE_MARK}" if row["overdue"] else "")
        entry[row["period"]] = cell
    data = [{"Aktivitet": entry["Aktivitet"], **{period: entry.get(period, "–") for period in periods}} for entry in by_activity.values()]
    return pd.DataFrame(data, columns=["Aktivitet", *periods])


def activity_summary(rows: pl.DataFrame) -> str:
    """'1 aktivitet i 2023-T2, varav 0 försenade per 31 augusti 2023.'"""
    if rows.is_empty():
        return "Rapporterna redovisar inga aktiviteter under målet."
    parts = []
    for (period,), group in rows.group_by("period", maintain_order=True):
        count = group["activity_id"].n_unique()
        overdue = group.filter(pl.col("overdue"))["activity_id"].n_unique()
        noun = "aktivitet" if count == 1 else "aktiviteter"
        late = "försenad" if overdue == 1 else "försenade"
        parts.append(f"{count} {noun} i {period}, varav {overdue} {late} per {_as_of_text(group['as_of'].to_list())}")
    return "; ".join(parts) + "."
