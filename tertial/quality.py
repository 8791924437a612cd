"""Datakvalitet: what a careful reader of the reports would flag, as a registry of rules.

Each rule names its query in queries/ (quality_*.sql; every one binds $organisation,
$period and $focus_area, so a page keeps to the organisation shown and can narrow the
findings to one tertial and one of the vision's focus areas), a Swedish title and the
reason the finding matters. The pure builders here turn a rule's rows into the page's
table: one sentence per finding, the report file and line it was read from, and a link
to its goal on Mål (?mal=<goal_id>). No Streamlit, so tests call them directly and the
page (pages/data_quality.py) only draws what they return.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import duckdb
import polars as pl

from tertial.filters import first_value, shown
from tertial.goal_view import goal_link
from tertial.periods import parse_period
from tertial.queries import run_query
from tertial.visual import GRADE_ORDER, STATUS_ORDER, grade_label, status_label
from tertial.vocabulary import NOT_GRADED

# How long after a date a status may lag before it contradicts the date: "Pågående
# enligt plan" at least this many days after the end date, "Ej påbörjad" at least this
# many days after the start date, both as of the report's own as-of date. A month: a
# report written at the end of a tertial may well be a few weeks behind its own dates.
GRACE_DAYS = 30

# The page's own URL key for the tertial (absent: every tertial), beside the shared
# filter keys. Not the shared "period" key: this page shows every tertial by default.
URL_PERIOD = "tertial"
ALL_PERIODS = "alla"

STATUS_LABELS = {status: status_label(status) for status in STATUS_ORDER}
GRADE_LABELS = {grade: grade_label(grade) for grade in GRADE_ORDER}

# The page's link to a goal's own view on Mål.
LINK_COLUMN = "Länk"
LINK_TEXT = "Öppna målet"

# Swedish names of the table's columns (the views' names where they have one).
COLUMNS = {
    "period": "Period",
    "goal_code": "Målnummer",
    "goal_title": "Mål",
    "activity_title": "Aktivitet",
    "finding": "Fynd",
    "status": "Status",
    "start_date": "Startdatum",
    "end_date": "Slutdatum",
    "vision_focus_area": "Fokusområde",
    "report_file": "Rapportfil",
    "source_line": "Rad",
}


def _date(day) -> str:
    return day.isoformat() if day is not None else "inget"


def _goal_name(code: str | None, title: str | None) -> str:
    return code or f"»{(title or '')[:50]}«"


# --- One sentence per finding, per rule -------------------------------------------------


def _without_activities(row: Mapping) -> str:
    if row["goal_level"] == "KF" and row["ks_goals"]:
        count = row["ks_goals"]
        return f"Varken KF-målet eller dess {count} KS-mål har några aktiviteter i {row['period']}."
    if row["goal_level"] == "KF":
        return f"KF-målet har inga KS-mål och inga aktiviteter i {row['period']}."
    return f"Inga aktiviteter redovisas under målet i {row['period']}."


def _without_ks_goals(row: Mapping) -> str:
    return ("Inget av kommunstyrelsens mål ligger under kommunfullmäktiges mål i rapporten, som bryter ner "
            "de andra KF-målen i KS-mål.")


def _end_before_start(row: Mapping) -> str:
    days = (row["start_date"] - row["end_date"]).days
    return f"Slutdatum {_date(row['end_date'])} ligger {days} dagar före startdatum {_date(row['start_date'])}."


def _end_dates_differ(row: Mapping) -> str:
    others = [
        f"{_date(other['end_date'])} under {_goal_name(other['goal_code'], other['goal_title'])} "
        f"(rad {other['source_line']})"
        for other in row["others"] or []
    ]
    listed = ", ".join(others[:-1]) + (" och " if len(others) > 1 else "") + others[-1] if others else "inget"
    return f"Slutdatum {_date(row['end_date'])} under det här målet, men {listed} i samma rapport."


def _status_against_dates(row: Mapping) -> str:
    passed = row["start_date"] if row["passed_date"] == "startdatum" else row["end_date"]
    return (f"»{row['status']}« {row['days_past']} dagar efter {row['passed_date']} {_date(passed)}, "
            f"per rapportens datum {_date(row['as_of'])}.")


def _grade_against_text(row: Mapping) -> str:
    return row["message"]


def _moved_on_plan(row: Mapping) -> str:
    return (f"Slutdatum {_date(row['previous_end_date'])} i {row['previous_period']} ({row['previous_report_file']}, "
            f"rad {row['previous_source_line']}), nu {_date(row['end_date'])}: {row['days_moved']} dagar senare, "
            f"men status »{row['status']}«.")


@dataclass(frozen=True)
class Rule:
    """One check a careful reader makes: the query that finds it, how the page names it
    and why it matters, what one row is, and the sentence that describes a finding."""

    key: str
    label: str  # short, for the count at the top
    title: str
    why: str
    query: str  # queries/<query>.sql
    counted: str  # what a row is, in Swedish
    describe: Callable[[Mapping], str]
    activity: bool  # the rows are activities (they have a title, status and dates)
    columns: tuple[str, ...] = ()  # the query's own columns shown beside the shared ones
    extra_columns: Mapping[str, str] = field(default_factory=dict)  # their Swedish names, when not in COLUMNS
    bound: Mapping[str, object] = field(default_factory=dict)  # parameters beyond the filters

    def parameters(self, period: str | None, focus_area: str | None) -> dict[str, object]:
        """What the rule's query binds besides $organisation (tertial.webapp.query adds it)."""
        return {"period": period, "focus_area": focus_area, **self.bound}

    @property
    def export_name(self) -> str:
        """The table's name in its download's file name (tertial.export.export_file_name
        makes it tertial_datakvalitet-mal-utan-aktiviteter_….csv)."""
        return f"datakvalitet {self.title.lower()}"


RULES: tuple[Rule, ...] = (
    Rule(
        key="goals_without_activities",
        label="Mål utan aktiviteter",
        title="Mål utan aktiviteter",
        why=(
            "Ett mål som ingen aktivitet tjänar har ingen plan för hur det ska nås, och dess bedömning vilar bara på "
            "analystexten. Räknas per tertial, i tertialer vars rapporter redovisar aktiviteter; ett KF-mål vars KS-mål "
            "har aktiviteter räknas inte. I en enhets rapport kan ett mål utan aktiviteter betyda att enheten inte "
            "arbetar med målet."
        ),
        query="quality_goals_without_activities",
        counted="mål per tertial",
        describe=_without_activities,
        activity=False,
    ),
    Rule(
        key="kf_goals_without_ks_goals",
        label="KF-mål utan KS-mål",
        title="Kommunfullmäktiges mål utan kommunstyrelsens mål",
        why=(
            "Kommunstyrelsen bryter ner kommunfullmäktiges mål i egna utvecklingsmål, som bedöms och följs upp. Ett "
            "KF-mål utan KS-mål bedöms inte och finns inte med i kommunstyrelsens sammanfattning. Räknas bara i "
            "rapporter som bryter ner KF-målen i KS-mål."
        ),
        query="quality_kf_goals_without_ks_goals",
        counted="KF-mål per rapport",
        describe=_without_ks_goals,
        activity=False,
    ),
    Rule(
        key="end_before_start",
        label="Slutdatum före start",
        title="Aktiviteter som slutar innan de börjar",
        why=(
            "Ett slutdatum före startdatumet är ett skrivfel i något av datumen; aktiviteten räknas då som försenad, "
            "eller inte, på fel grund."
        ),
        query="quality_end_before_start",
        counted="aktivitetsrader",
        describe=_end_before_start,
        activity=True,
        columns=("status", "start_date", "end_date"),
    ),
    Rule(
        key="end_dates_differ_between_goals",
        label="Olika slutdatum per mål",
        title="En aktivitet med olika slutdatum under olika mål",
        why=(
            "Samma aktivitet kan tjäna flera mål, men den slutar en gång. Olika slutdatum i samma rapport betyder att "
            "något av dem är inaktuellt, och om aktiviteten räknas som försenad beror på under vilket mål man läser. "
            "En rad för varje mål aktiviteten står under."
        ),
        query="quality_end_dates_differ_between_goals",
        counted="aktivitetsrader, en per mål",
        describe=_end_dates_differ,
        activity=True,
        columns=("status", "end_date"),
    ),
    Rule(
        key="status_contradicts_dates",
        label="Status som motsäger datum",
        title="Status som motsäger datumen",
        why=(
            f"»Pågående enligt plan« minst {GRACE_DAYS} dagar efter slutdatumet, eller »Ej påbörjad« minst "
            f"{GRACE_DAYS} dagar efter startdatumet (slutdatumet när rapporten inte anger något startdatum), per "
            "rapportens avstämningsdatum. Statusen säger att arbetet följer planen medan datumen säger något annat: "
            "statusen eller datumet är inaktuellt. »Med avvikelse« och »Vänteläge« säger själva att något avviker "
            "och räknas inte här; de försenade finns under Aktiviteter."
        ),
        query="quality_status_contradicts_dates",
        counted="aktivitetsrader",
        describe=_status_against_dates,
        activity=True,
        columns=("status", "start_date", "end_date", "days_past"),
        extra_columns={"days_past": "Dagar efter datumet"},
        bound={"grace_days": GRACE_DAYS},
    ),
    Rule(
        key="grade_contradicts_text",
        label="Rubrik som motsäger text",
        title="Bedömningsrubriker som motsäger texten under dem",
        why=(
            "Rubriken och analystexten under den anger olika bedömningar. Rubriken gäller som målets bedömning, "
            "också i kommunstyrelsens sammanfattning, men den som läser texten får en annan bild; en av dem behöver "
            "rättas. Inläsningen noterar dessa som avvikelser (Rapporter visar noteringarna)."
        ),
        query="quality_grade_contradicts_text",
        counted="mål per rapport",
        describe=_grade_against_text,
        activity=False,
        columns=("grade", "line_text"),
        extra_columns={"grade": "Bedömning enligt rubriken", "line_text": "Radens text"},
    ),
    Rule(
        key="end_date_moved_on_plan",
        label="Flyttat men »enligt plan«",
        title="Slutdatum som flyttats utan avvikelse",
        why=(
            "Ett slutdatum som skjutits upp sedan förra tertialen är en avvikelse från planen. Står aktiviteten ändå "
            "som »… enligt plan« syns förseningen inte i statusen, och aktiviteten blir aldrig försenad. Jämförs med "
            "den senaste tidigare tertialen som redovisar aktiviteten, under samma mål när den stod under det där."
        ),
        query="quality_end_date_moved_on_plan",
        counted="aktivitetsrader",
        describe=_moved_on_plan,
        activity=True,
        columns=("status", "end_date", "previous_period", "previous_end_date", "days_moved"),
        extra_columns={"previous_period": "Tidigare tertial", "previous_end_date": "Tidigare slutdatum",
                       "days_moved": "Dagar senare"},
    ),
)
RULES_BY_KEY = {rule.key: rule for rule in RULES}


def rule(key: str) -> Rule:
    return RULES_BY_KEY[key]


def find(con: duckdb.DuckDBPyConnection, organisation: str, period: str | None = None,
         focus_area: str | None = None) -> dict[str, pl.DataFrame]:
    """Every rule's rows for one organisation (outside Streamlit: tests, scripts)."""
    return {
        rule.key: run_query(con, rule.query, {"organisation": organisation, **rule.parameters(period, focus_area)})
        for rule in RULES
    }


# --- The page's tertial in the URL -----------------------------------------------------


def period_from_link(raw: str | Sequence[str] | None, periods: Iterable[str]) -> tuple[str, str | None]:
    """The tertial a link names (?tertial=2024-T1), ALL_PERIODS when it names none, and a
    notice when it names one the data does not have."""
    value = first_value(raw)
    if value is None or value.casefold() == ALL_PERIODS:
        return ALL_PERIODS, None
    known = {period.casefold(): period for period in periods}
    if value.casefold() in known:
        return known[value.casefold()], None
    return ALL_PERIODS, f"Tertialen »{shown(value)}« finns inte i uppgifterna; visar alla tertialer."


def chosen_period(choice: str) -> str | None:
    """The page's choice as the queries' $period (None: every tertial)."""
    return None if choice == ALL_PERIODS else choice


def period_option_label(choice: str) -> str:
    if choice == ALL_PERIODS:
        return "Alla tertialer"
    try:
        return f"{parse_period(choice).label} ({choice})"
    except ValueError:
        return choice


def scope_label(period: str | None, focus_area: str | None) -> str:
    """'alla tertialer' / '2024-T1, Hållbar hälsa': what the page's findings cover."""
    return ", ".join([period or "alla tertialer", *([focus_area] if focus_area else [])])


# --- Counts and tables ------------------------------------------------------------------


def counts(found: Mapping[str, pl.DataFrame]) -> dict[str, int]:
    """rule key → number of findings (rows), in the registry's order."""
    return {rule.key: found[rule.key].height for rule in RULES}


def findings_table(rule: Rule, rows: pl.DataFrame, goal_keys: Mapping[int, str],
                   organisation: str | None = None) -> pl.DataFrame:
    """A rule's findings as the page shows and exports them (Swedish column names): the
    period, the goal's number and the link to it, the activity or goal the finding is
    about, the finding in a sentence, the report file and line, the rule's own columns
    and the vision's focus area. goal_keys: goal_id → the goal's key for its link
(queries/goal_catalogue.sql); organisation: named in the links (goal_view.goal_link)."""
    findings = [rule.describe(row) for row in rows.iter_rows(named=True)]
    links = [goal_link(goal_keys[goal_id], period, organisation) for goal_id, period in zip(rows["goal_id"], rows["period"])]
    labelled = rows.with_columns(
        pl.Series("finding", findings, dtype=pl.String),
        pl.Series("link", links, dtype=pl.String),
        pl.Series("goal_key", [goal_keys[goal_id] for goal_id in rows["goal_id"]], dtype=pl.String),
        *([pl.col("status").replace(STATUS_LABELS)] if "status" in rows.columns else []),
        *([pl.col("grade").fill_null(NOT_GRADED).replace(GRADE_LABELS)] if "grade" in rows.columns else []),
    )
    # What identifies a finding first: its goal and the link to it, what the finding is
    # about (the activity, or the goal), the sentence, the file and line; then what the
    # rule adds. The table scrolls sideways for the rest.
    subject = ["activity_title", "finding", "goal_title"] if rule.activity else ["goal_title", "finding"]
    table = labelled.select(
        "period", "goal_code", "link", *subject, "report_file", "source_line", *rule.columns, "vision_focus_area",
        "goal_key",  # picking the row opens the goal (tertial.webapp.OPENS_GOAL); not shown
    )
    names = {**COLUMNS, "link": LINK_COLUMN, **rule.extra_columns}
    return table.rename({column: names.get(column, column) for column in table.columns})
