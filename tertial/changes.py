"""Förändringar: what changed between two periods – each goal's grade, each activity's
status, new, finished and dropped activities, moved end dates and the newly overdue –
and which two periods to compare (by default, and as a link gives them).

Pure functions over the rows of queries/change_periods.sql, queries/goal_changes.sql and
queries/activity_changes.sql (polars frames); no Streamlit, so tests call them directly
and the page only draws what they return.

How the two periods' rows are paired:
- a goal with itself (goal_id). goal_id is stable within one goal model only: two
  periods that follow different goal models (Ånge's 2023 and 2024) have no goal in
  common, and the page says so rather than listing every goal as new and dropped;
- an activity under the same goal with itself (activity_id, goal_id); an activity left
  over on both sides exactly once (moved to another goal, or a new goal model) with
  itself alone. The rest are new (only in the later period) or dropped (only in the
  earlier). Entries are counted as everywhere in Tertial: once per activity and goal.

'Ej bedömd' is no grade: a goal graded in one period only has a new grade ('Ny
bedömning') or lacks one ('Bedömning saknas'), never a higher or lower one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from tertial.filters import first_value, shown
from tertial.visual import STATUS_ORDER, grade_label, status_label, swedish_date, swedish_list
from tertial.vocabulary import FINISHED_STATUSES, GRADES

# URL keys of the page, beside the shared filter keys: short, Swedish, ASCII.
URL_FRAN = "fran"
URL_TILL = "till"

# The side a row of goal_changes / activity_changes comes from.
EARLIER = "from"
LATER = "to"

# What happened to a goal's grade, in the order the page lists them.
LOWERED = "↓ Sänkt"
RAISED = "↑ Höjd"
NEWLY_GRADED = "Ny bedömning"
GRADE_MISSING = "Bedömning saknas"
NEW_GOAL = "Nytt mål"
DROPPED_GOAL = "Redovisas inte längre"
UNCHANGED = "Oförändrad"
NOT_GRADED_EITHER = "Ej bedömd i båda"
GOAL_CHANGES = (LOWERED, RAISED, NEWLY_GRADED, GRADE_MISSING, NEW_GOAL, DROPPED_GOAL, UNCHANGED, NOT_GRADED_EITHER)
# What the page lists unless asked for every goal.
CHANGED = GOAL_CHANGES[:6]

# How an activity entry of one period pairs with the other's.
BOTH = "both"
NEW = "new"
DROPPED = "dropped"

_GRADE_RANK = {grade: rank for rank, grade in enumerate(GRADES)}  # 0 is best


# --- Which two periods --------------------------------------------------------------------


def _levels(periods: pl.DataFrame) -> dict[str, set[str]]:
    return {row["period"]: set(row["goal_levels"] or ()) for row in periods.iter_rows(named=True)}


def _models(periods: pl.DataFrame) -> dict[str, list[int]]:
    return {row["period"]: list(row["goal_models"] or ()) for row in periods.iter_rows(named=True)}


def period_keys(periods: pl.DataFrame) -> list[str]:
    """The periods one can choose, newest first (queries/change_periods.sql's order)."""
    return periods["period"].to_list()


def previous_comparable(periods: pl.DataFrame, later: str) -> str | None:
    """The newest period before later whose goals share a goal level with later's; None
    when later has no goals or no earlier period shares a level."""
    levels = _levels(periods)
    keys = period_keys(periods)
    if later not in keys or not levels[later]:
        return None
    for earlier in keys[keys.index(later) + 1:]:
        if levels[earlier] & levels[later]:
            return earlier
    return None


def default_pair(periods: pl.DataFrame) -> tuple[str, str] | None:
    """(earlier, later): the latest two periods with goals at the same goal level under
    the same goal model, whose goals can be matched; else the latest two with goals at the
    same level; else the latest two periods with a report; None with fewer than two."""
    keys = period_keys(periods)
    models = _models(periods)
    comparable = [(earlier, later) for later in keys
                  if (earlier := previous_comparable(periods, later)) is not None]
    for earlier, later in comparable:
        if set(models[earlier]) & set(models[later]):
            return earlier, later
    if comparable:
        return comparable[0]
    return (keys[1], keys[0]) if len(keys) >= 2 else None


def in_order(first: str, second: str) -> tuple[str, str]:
    """The two period keys, the earlier first (YYYY-Tn keys sort in time order)."""
    return (first, second) if first <= second else (second, first)


@dataclass(frozen=True)
class LinkState:
    """The two periods as a link gives them, with notices for what was ignored."""

    earlier: str | None
    later: str | None
    notices: tuple[str, ...] = ()


def read_link(params: Mapping[str, str | Sequence[str]], keys: Sequence[str],
              default: tuple[str, str] | None) -> LinkState:
    """?fran=2023-T1&till=2023-T2 → the two periods; a period the data does not have gives
    a notice and the default, two named the wrong way round are put in order."""
    notices = []
    chosen = []
    for url_key, fallback, word in ((URL_FRAN, default[0] if default else None, "Från-perioden"),
                                    (URL_TILL, default[1] if default else None, "Till-perioden")):
        value = first_value(params.get(url_key))
        if value is None:
            chosen.append(fallback)
            continue
        found = next((key for key in keys if key.casefold() == value.casefold()), None)
        if found is None:
            instead = f"; visar {fallback} i stället" if fallback else ""
            notices.append(f"{word} »{shown(value)}« har ingen rapport{instead}.")
            found = fallback
        chosen.append(found)
    earlier, later = chosen
    if earlier is not None and later is not None and earlier > later:
        earlier, later = later, earlier
        notices.append(f"Perioderna stod i omvänd ordning; jämför {earlier} med {later}.")
    return LinkState(earlier, later, tuple(notices))


def period_option_label(periods: pl.DataFrame, key: str, label: str) -> str:
    """'Tertial 2 2023 (2023-T2) – 36 mål, 57 aktiviteter' for the period choice."""
    row = periods.filter(pl.col("period") == key)
    if row.is_empty():
        return label
    goals, activities = row["goal_count"][0], row["activity_count"][0]
    return f"{label} – {goals} mål, {activities} aktiviteter"


def model_note(periods: pl.DataFrame, earlier: str, later: str) -> str | None:
    """The plain sentence for two periods whose goals follow different goal models, so
    that no goal can be paired; None when they share a model (or one has no goals)."""
    models = _models(periods)
    first, second = models.get(earlier, []), models.get(later, [])
    if not first or not second or set(first) & set(second):
        return None

    def named(years: list[int]) -> str:
        return " och ".join(f"{year} års" for year in years) + (" målmodeller" if len(years) > 1 else " målmodell")

    return (f"{earlier} följer {named(first)} och {later} {named(second)}. Målen i olika målmodeller är olika "
            "mål, så deras bedömningar kan inte paras ihop och jämföras. Välj två perioder med samma målmodell "
            "för att se bedömningarnas förändring; Trender visar fokusområdena över båda modellerna.")


# --- Goals ---------------------------------------------------------------------------------


def grade_change(before: str | None, after: str | None, in_earlier: bool = True, in_later: bool = True) -> str:
    """What happened to a goal's grade; None is Ej bedömd (no grade, not a fifth one)."""
    if not in_earlier:
        return NEW_GOAL
    if not in_later:
        return DROPPED_GOAL
    if before is None and after is None:
        return NOT_GRADED_EITHER
    if before is None:
        return NEWLY_GRADED
    if after is None:
        return GRADE_MISSING
    if _GRADE_RANK[after] < _GRADE_RANK[before]:
        return RAISED
    if _GRADE_RANK[after] > _GRADE_RANK[before]:
        return LOWERED
    return UNCHANGED


_GOAL_SIDE_COLUMNS = ("period", "goal_key", "goal_code", "goal_title", "goal_level", "vision_focus_area", "grade", "report_file",
                      "source_line", "as_of")


def _side(rows: pl.DataFrame, side: str, key: Sequence[str], columns: Sequence[str]) -> pl.DataFrame:
    suffix = "_from" if side == EARLIER else "_to"
    return rows.filter(pl.col("side") == side).select(
        *key, *[pl.col(column).alias(f"{column}{suffix}") for column in columns])


def _either(column: str) -> pl.Expr:
    """The later period's value, else the earlier's."""
    return pl.coalesce(f"{column}_to", f"{column}_from").alias(column)


def goal_changes(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per goal of either period: its grade in each (None: Ej bedömd, or not
    presented: in_from/in_to), its number in each and what changed (GOAL_CHANGES), in
    that order and then the later report's order."""
    earlier = _side(rows, EARLIER, ["goal_id"], _GOAL_SIDE_COLUMNS).with_columns(in_from=pl.lit(True))
    later = _side(rows, LATER, ["goal_id"], _GOAL_SIDE_COLUMNS).with_columns(in_to=pl.lit(True))
    paired = earlier.join(later, on="goal_id", how="full", coalesce=True).with_columns(
        pl.col("in_from").fill_null(False), pl.col("in_to").fill_null(False))
    change = pl.struct("grade_from", "grade_to", "in_from", "in_to").map_elements(
        lambda row: grade_change(row["grade_from"], row["grade_to"], row["in_from"], row["in_to"]),
        return_dtype=pl.String,
    )
    order = {kind: rank for rank, kind in enumerate(GOAL_CHANGES)}
    return (
        paired.with_columns(
            change.alias("change"),
            _either("goal_key"), _either("goal_title"), _either("goal_level"), _either("vision_focus_area"),
            _either("report_file"), _either("source_line"), _either("as_of"),
        )
        .with_columns(pl.col("change").replace_strict(order, return_dtype=pl.Int32).alias("_order"))
        .sort("_order", "as_of", "report_file", "source_line", "goal_id")
        .drop("_order")
        .select("goal_id", "goal_key", "change", "goal_level", "goal_title", "goal_code_from", "goal_code_to", "grade_from",
                "grade_to", "vision_focus_area", "in_from", "in_to", "report_file", "source_line", "as_of")
    )


@dataclass(frozen=True)
class GoalSummary:
    """How many goals changed how between two periods."""

    lowered: int = 0
    raised: int = 0
    newly_graded: int = 0
    grade_missing: int = 0
    new_goals: int = 0
    new_goals_graded: int = 0
    dropped_goals: int = 0
    unchanged: int = 0
    not_graded_either: int = 0
    renumbered: int = 0  # goals in both periods whose number changed

    @classmethod
    def of(cls, changes: pl.DataFrame) -> GoalSummary:
        counts = dict(changes.group_by("change").len().iter_rows())
        both = changes.filter(pl.col("in_from") & pl.col("in_to"))
        return cls(
            lowered=counts.get(LOWERED, 0),
            raised=counts.get(RAISED, 0),
            newly_graded=counts.get(NEWLY_GRADED, 0),
            grade_missing=counts.get(GRADE_MISSING, 0),
            new_goals=counts.get(NEW_GOAL, 0),
            new_goals_graded=changes.filter((pl.col("change") == NEW_GOAL) & pl.col("grade_to").is_not_null()).height,
            dropped_goals=counts.get(DROPPED_GOAL, 0),
            unchanged=counts.get(UNCHANGED, 0),
            not_graded_either=counts.get(NOT_GRADED_EITHER, 0),
            renumbered=both.filter(pl.col("goal_code_from").ne_missing(pl.col("goal_code_to"))).height,
        )


def _goals(count: int) -> str:
    return "Inget mål" if count == 0 else f"{count} mål"


def goal_sentence(summary: GoalSummary, earlier: str, later: str) -> str:
    """'3 mål har sänkt bedömning sedan 2023-T2, 1 har höjd och 2 har fått en ny
    bedömning. 4 mål är nya i 2024-T1.' – Översikt's link and the page's heading."""
    others = []
    if summary.raised:
        others.append(f"{summary.raised} har höjd")
    if summary.newly_graded:
        others.append(f"{summary.newly_graded} har fått en ny bedömning")
    if summary.grade_missing:
        others.append(f"{summary.grade_missing} saknar bedömning")
    sentence = f"{_goals(summary.lowered)} har sänkt bedömning sedan {earlier}"
    if others:
        sentence += ", " + swedish_list(others)
    sentence += "."
    if summary.new_goals:
        graded = summary.new_goals_graded
        of_which = "" if not graded else (", alla bedömda" if graded == summary.new_goals else f", {graded} bedömda")
        sentence += f" {summary.new_goals} mål är nya i {later}{of_which}."
    if summary.dropped_goals:
        sentence += f" {summary.dropped_goals} mål från {earlier} redovisas inte längre."
    return sentence


def overview_sentence(summary: GoalSummary | None, earlier: str, later: str, models_differ: bool) -> str:
    """Översikt's sentence linking to Förändringar for (earlier, later)."""
    if models_differ:
        return (f"{later} följer en annan målmodell än {earlier}: se vad som ändrats i aktiviteterna "
                f"sedan {earlier}.")
    return goal_sentence(summary or GoalSummary(), earlier, later)


def _graded(column: str) -> pl.Expr:
    return pl.col(column).map_elements(grade_label, return_dtype=pl.String, skip_nulls=False)


def goal_table(goals: pl.DataFrame, earlier: str, later: str, only_changed: bool = True) -> pl.DataFrame:
    """The goals as shown and downloaded, Swedish columns named with their periods; a
    goal a period does not present has '–' for its number and grade there."""
    rows = goals.filter(pl.col("change").is_in(CHANGED)) if only_changed else goals
    missing = "–"
    return rows.select(
        pl.col("change").alias("Förändring"),
        pl.when(pl.col("in_from")).then(_graded("grade_from")).otherwise(pl.lit(missing))
        .alias(f"Bedömning {earlier}"),
        pl.when(pl.col("in_to")).then(_graded("grade_to")).otherwise(pl.lit(missing)).alias(f"Bedömning {later}"),
        pl.when(pl.col("in_from")).then(pl.col("goal_code_from").fill_null("")).otherwise(pl.lit(missing))
        .alias(f"Målnummer {earlier}"),
        pl.when(pl.col("in_to")).then(pl.col("goal_code_to").fill_null("")).otherwise(pl.lit(missing))
        .alias(f"Målnummer {later}"),
        pl.col("goal_title").alias("Mål"),
        pl.col("goal_level").alias("Målnivå"),
        pl.col("vision_focus_area").alias("Fokusområde"),
        pl.col("report_file").alias("Rapportfil"),
        pl.col("source_line").alias("Rad"),
        "goal_key",  # picking the row opens the goal (tertial.webapp.OPENS_GOAL); not shown
    )


def goal_change_counts(goals: pl.DataFrame) -> pl.DataFrame:
    """Goals per kind of change, every kind in order (the table beside the figures)."""
    counts = dict(goals.group_by("change").len().iter_rows())
    return pl.DataFrame({"Förändring": list(GOAL_CHANGES), "Antal mål": [counts.get(k, 0) for k in GOAL_CHANGES]})


# --- Activities ----------------------------------------------------------------------------


_ACTIVITY_SIDE_COLUMNS = ("period", "as_of", "activity_title", "goal_id", "goal_key", "goal_code", "goal_title", "status",
                          "start_date", "end_date", "responsible_unit", "overdue", "report_file", "source_line")


def activity_pairs(rows: pl.DataFrame) -> pl.DataFrame:
    """Each activity entry of either period with its twin in the other, if any: one row
    with the _from and _to columns of each side and match (BOTH, NEW or DROPPED).
    goal_moved marks a pair whose goal differs (paired by the activity alone)."""
    earlier = _side(rows, EARLIER, ["activity_id"], _ACTIVITY_SIDE_COLUMNS).with_columns(
        pl.col("goal_id_from").alias("_goal"))
    later = _side(rows, LATER, ["activity_id"], _ACTIVITY_SIDE_COLUMNS).with_columns(
        pl.col("goal_id_to").alias("_goal"))
    key = ["activity_id", "_goal"]
    same_goal = earlier.join(later, on=key, how="inner").with_columns(goal_moved=pl.lit(False))
    left_earlier = earlier.join(same_goal.select(key), on=key, how="anti")
    left_later = later.join(same_goal.select(key), on=key, how="anti")
    once = (
        left_earlier.group_by("activity_id").len().filter(pl.col("len") == 1).select("activity_id")
        .join(left_later.group_by("activity_id").len().filter(pl.col("len") == 1).select("activity_id"),
              on="activity_id", how="inner")
    )
    moved = (left_earlier.join(once, on="activity_id", how="semi").drop("_goal")
             .join(left_later.join(once, on="activity_id", how="semi").drop("_goal"), on="activity_id", how="inner")
             .with_columns(goal_moved=pl.lit(True)))
    dropped = left_earlier.join(once, on="activity_id", how="anti").drop("_goal").with_columns(match=pl.lit(DROPPED))
    new = left_later.join(once, on="activity_id", how="anti").drop("_goal").with_columns(match=pl.lit(NEW))
    pairs = pl.concat([same_goal.drop("_goal"), moved], how="diagonal_relaxed").with_columns(match=pl.lit(BOTH))
    every = pl.concat([pairs, new, dropped], how="diagonal_relaxed")
    return (
        every.with_columns(
            _either("activity_title"), _either("goal_key"), _either("goal_code"), _either("goal_title"),
            _either("responsible_unit"),
            _either("report_file"), _either("source_line"), _either("as_of"),
            pl.col("goal_moved").fill_null(False),
        )
        .sort("as_of", "report_file", "source_line", "activity_id")
    )


def is_finished(status: pl.Expr) -> pl.Expr:
    return status.is_in(FINISHED_STATUSES).fill_null(False)


def status_changes(pairs: pl.DataFrame) -> pl.DataFrame:
    return pairs.filter((pl.col("match") == BOTH) & (pl.col("status_from") != pl.col("status_to")))


def finished(pairs: pl.DataFrame) -> pl.DataFrame:
    """Entries in both periods whose status became Avslutad (enligt plan or med avvikelse)."""
    return pairs.filter((pl.col("match") == BOTH) & is_finished(pl.col("status_to"))
                        & ~is_finished(pl.col("status_from")))


def new_entries(pairs: pl.DataFrame) -> pl.DataFrame:
    return pairs.filter(pl.col("match") == NEW)


def dropped_entries(pairs: pl.DataFrame) -> pl.DataFrame:
    return pairs.filter(pl.col("match") == DROPPED).sort("as_of_from", "report_file_from", "source_line_from")


def moved_end_dates(pairs: pl.DataFrame) -> pl.DataFrame:
    """Entries in both periods whose end date moved (both dates given), with days
    (later end date minus earlier; negative: earlier), the biggest slip first."""
    return (
        pairs.filter((pl.col("match") == BOTH) & pl.col("end_date_from").is_not_null()
                     & pl.col("end_date_to").is_not_null() & (pl.col("end_date_from") != pl.col("end_date_to")))
        .with_columns(days_moved=(pl.col("end_date_to") - pl.col("end_date_from")).dt.total_days().cast(pl.Int64))
        .sort("days_moved", descending=True, maintain_order=True)
    )


def newly_overdue(pairs: pl.DataFrame) -> pl.DataFrame:
    """Entries overdue in the later period (its report's own as-of date, the view's
    overdue) that were not in the earlier: overdue there, or not reported at all."""
    return (
        pairs.filter((pl.col("match") != DROPPED) & pl.col("overdue_to").fill_null(False)
                     & ~pl.col("overdue_from").fill_null(False))
        .with_columns(days_overdue=(pl.col("as_of_to") - pl.col("end_date_to")).dt.total_days().cast(pl.Int64))
        .sort("days_overdue", descending=True, maintain_order=True)
    )


def status_transitions(pairs: pl.DataFrame) -> pl.DataFrame:
    """From → to, counted: every pair of statuses that occurs, most frequent first."""
    changed = status_changes(pairs)
    order = {status: rank for rank, status in enumerate(STATUS_ORDER)}
    counted = (
        changed.group_by("status_from", "status_to").len()
        .with_columns(pl.col("status_from").replace_strict(order, return_dtype=pl.Int32).alias("_from"),
                      pl.col("status_to").replace_strict(order, return_dtype=pl.Int32).alias("_to"))
        .sort(["len", "_from", "_to"], descending=[True, False, False])
    )
    return counted.select(
        pl.col("status_from").map_elements(status_label, return_dtype=pl.String).alias("Från status"),
        pl.col("status_to").map_elements(status_label, return_dtype=pl.String).alias("Till status"),
        pl.col("len").cast(pl.Int64).alias("Antal aktiviteter"),
    )


@dataclass(frozen=True)
class ActivitySummary:
    """The activity figures between two periods; entries are counted once per goal."""

    entries_from: int = 0
    entries_to: int = 0
    paired: int = 0
    status_changed: int = 0
    finished: int = 0
    new: int = 0
    new_finished: int = 0  # new entries already Avslutad when first reported
    dropped: int = 0
    moved_later: int = 0
    moved_earlier: int = 0
    newly_overdue: int = 0

    @classmethod
    def of(cls, pairs: pl.DataFrame) -> ActivitySummary:
        moved = moved_end_dates(pairs)
        new = new_entries(pairs)
        return cls(
            entries_from=pairs.filter(pl.col("match") != NEW).height,
            entries_to=pairs.filter(pl.col("match") != DROPPED).height,
            paired=pairs.filter(pl.col("match") == BOTH).height,
            status_changed=status_changes(pairs).height,
            finished=finished(pairs).height,
            new=new.height,
            new_finished=new.filter(is_finished(pl.col("status_to"))).height,
            dropped=dropped_entries(pairs).height,
            moved_later=moved.filter(pl.col("days_moved") > 0).height,
            moved_earlier=moved.filter(pl.col("days_moved") < 0).height,
            newly_overdue=newly_overdue(pairs).height,
        )


def activity_note(summary: ActivitySummary, earlier: str, later: str, models_differ: bool) -> str:
    """What the activity comparison rests on, in a sentence or two."""
    text = (f"{earlier} redovisar {summary.entries_from} och {later} {summary.entries_to} aktiviteter (en per "
            f"aktivitet och mål); {summary.paired} finns i båda.")
    if models_differ:
        text += (" Perioderna följer olika målmodeller: en aktivitet jämförs med sig själv (samma titel) "
                 "oavsett mål.")
    if summary.entries_from and summary.entries_to and not summary.paired:
        text += " Ingen aktivitet finns i båda perioderna, så ingen status eller inget datum kan jämföras."
    return text


def _goal_label(code: str, title: str) -> pl.Expr:
    return pl.concat_str([pl.col(code).fill_null(""), pl.col(title)], separator=" ").str.strip_chars().alias("Mål")


def _status(column: str) -> pl.Expr:
    return pl.col(column).map_elements(status_label, return_dtype=pl.String)


def _source() -> list[pl.Expr]:
    """The file and line, and the goal's key: picking the row opens the goal
    (tertial.webapp.OPENS_GOAL), the key itself is not shown."""
    return [pl.col("report_file").alias("Rapportfil"), pl.col("source_line").alias("Rad"), pl.col("goal_key")]


def status_change_table(pairs: pl.DataFrame, earlier: str, later: str) -> pl.DataFrame:
    return status_changes(pairs).select(
        pl.col("activity_title").alias("Aktivitet"),
        _status("status_from").alias(f"Status {earlier}"), _status("status_to").alias(f"Status {later}"),
        pl.col("end_date_to").alias(f"Slutdatum {later}"), _goal_label("goal_code", "goal_title"),
        pl.col("responsible_unit").alias("Ansvarig enhet"), *_source(),
    )


def finished_table(pairs: pl.DataFrame, earlier: str, later: str) -> pl.DataFrame:
    return finished(pairs).select(
        pl.col("activity_title").alias("Aktivitet"),
        _status("status_from").alias(f"Status {earlier}"), _status("status_to").alias(f"Status {later}"),
        pl.col("end_date_to").alias("Slutdatum"), _goal_label("goal_code", "goal_title"),
        pl.col("responsible_unit").alias("Ansvarig enhet"), *_source(),
    )


def new_table(pairs: pl.DataFrame, later: str) -> pl.DataFrame:
    return new_entries(pairs).select(
        pl.col("activity_title").alias("Aktivitet"), _status("status_to").alias(f"Status {later}"),
        pl.col("start_date_to").alias("Startdatum"), pl.col("end_date_to").alias("Slutdatum"),
        _goal_label("goal_code", "goal_title"), pl.col("responsible_unit").alias("Ansvarig enhet"), *_source(),
    )


def dropped_table(pairs: pl.DataFrame, earlier: str) -> pl.DataFrame:
    return dropped_entries(pairs).select(
        pl.col("activity_title").alias("Aktivitet"), _status("status_from").alias(f"Status {earlier}"),
        pl.col("end_date_from").alias("Slutdatum"), _goal_label("goal_code_from", "goal_title_from"),
        pl.col("responsible_unit_from").alias("Ansvarig enhet"),
        pl.col("report_file_from").alias("Rapportfil"), pl.col("source_line_from").alias("Rad"),
        pl.col("goal_key_from").alias("goal_key"),
    )


def moved_table(pairs: pl.DataFrame, earlier: str, later: str) -> pl.DataFrame:
    return moved_end_dates(pairs).select(
        pl.col("activity_title").alias("Aktivitet"),
        pl.col("end_date_from").alias(f"Slutdatum {earlier}"), pl.col("end_date_to").alias(f"Slutdatum {later}"),
        pl.col("days_moved").alias("Dagar"),
        pl.when(pl.col("days_moved") > 0).then(pl.lit("senare")).otherwise(pl.lit("tidigare")).alias("Flyttat"),
        _status("status_to").alias(f"Status {later}"), _goal_label("goal_code", "goal_title"),
        pl.col("responsible_unit").alias("Ansvarig enhet"), *_source(),
    )


def overdue_table(pairs: pl.DataFrame, earlier: str, later: str) -> pl.DataFrame:
    return newly_overdue(pairs).select(
        pl.col("activity_title").alias("Aktivitet"), _status("status_to").alias(f"Status {later}"),
        pl.col("end_date_to").alias("Slutdatum"), pl.col("days_overdue").alias("Dagar försenad"),
        pl.when(pl.col("match") == NEW).then(pl.lit(f"fanns inte i {earlier}"))
        .otherwise(pl.col("status_from").map_elements(status_label, return_dtype=pl.String))
        .alias(f"Status {earlier}"),
        _goal_label("goal_code", "goal_title"), pl.col("responsible_unit").alias("Ansvarig enhet"), *_source(),
    )


def overdue_note(pairs: pl.DataFrame, earlier: str, later: str) -> str:
    """What 'newly overdue' counts on: each report's own as-of date."""
    days = sorted({day for day in pairs["as_of_to"].to_list() if day is not None})
    on = " och ".join(swedish_date(day) for day in days) or "rapportens avstämningsdatum"
    return (f"Försenad: slutdatum före den senare rapportens avstämningsdatum ({on}) och inte avslutad. Nyss "
            f"försenad: försenad i {later} men inte i {earlier}, eller ny i {later}. Dagar försenad räknas till "
            "avstämningsdatumet.")


def goal_summary(rows: pl.DataFrame) -> GoalSummary:
    """The figures of goal_changes(rows), for Översikt's sentence."""
    return GoalSummary.of(goal_changes(rows))


def download_period(earlier: str, later: str) -> str:
    """The two periods as a download's file name says them ('2023-t1-2023-t2')."""
    return f"{earlier}-{later}"
