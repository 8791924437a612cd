"""Comparisons across organisations, for a database that holds more than one: one row
per organisation with its goals per grade for one period, all goals or those placed in
one shared area (tertial.shared_areas), and how many of each organisation's goals are
placed in a shared area at all. No Streamlit here."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from tertial.shared_areas import COMMAND, placement_file_name
from tertial.visual import grade_label, swedish_percent
from tertial.vocabulary import GRADES, NOT_GRADED

FULFILLED = ("Uppfyllt", "Delvis uppfyllt")
PLACED_COLUMN = "Placerade i gemensamma områden"
# Where the organisations' files are, as the pages name them (the command's default).
SHARED_AREAS_FOLDER = "data/shared_areas"
# Organisations without placements named one by one in the caption; more are counted.
NAMED_AT_MOST = 5


def placed_text(placed: int, goals: int) -> str:
    """3, 5 → '3 av 5'."""
    return f"{placed} av {goals}"


def organisation_comparison_table(rows: pl.DataFrame, placement: pl.DataFrame | None = None) -> pl.DataFrame:
    """Rows of queries/grade_distribution_by_organisation.sql as a table: organisation,
    a column per grade (symbol and word), the total, and the share Uppfyllt or Delvis
    uppfyllt; the highest share first, then by name (an organisation with no goals
    counted, in a shared area say, last). With placement (rows of
    queries/shared_area_placement.sql), a last column says how many of each organisation's
    goals of the period are placed in a shared area: '3 av 5'."""
    if rows.is_empty():
        return pl.DataFrame({"Organisation": []}, schema={"Organisation": pl.String})
    wide = rows.pivot(on="grade", index="organisation", values="goal_count").fill_null(0)
    grades = [grade for grade in (*GRADES, NOT_GRADED) if grade in wide.columns]
    wide = wide.with_columns(
        pl.sum_horizontal(grades).alias("total"),
        pl.sum_horizontal([g for g in FULFILLED if g in wide.columns]).alias("fulfilled"),
    ).with_columns(
        # No share of no goals (an organisation with none in a shared area): '–', last.
        pl.when(pl.col("total") > 0).then(pl.col("fulfilled") / pl.col("total")).otherwise(None).alias("share"))
    wide = wide.sort(["share", "organisation"], descending=[True, False], nulls_last=True)
    table = pl.DataFrame({
        "Organisation": wide["organisation"],
        **{grade_label(grade): wide[grade] for grade in grades},
        "Totalt": wide["total"],
        "Uppfyllt eller delvis": [swedish_percent(share) for share in wide["share"].to_list()],
    })
    if placement is None:
        return table
    placed = {row["organisation"]: placed_text(row["placed_count"], row["goal_count"])
              for row in placement.iter_rows(named=True)}
    return table.with_columns(pl.Series(PLACED_COLUMN, [placed.get(name, "–") for name in table["Organisation"]],
                                        dtype=pl.String))


def _and_list(items: Sequence[str]) -> str:
    """['a', 'b', 'c'] → 'a, b och c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} och {items[-1]}"


def placement_caption(placement: pl.DataFrame, shared_areas: pl.DataFrame, shared_area: str | None = None,
                      folder: str = SHARED_AREAS_FOLDER) -> str:
    """What the comparison says about placements, from the rows of
    queries/shared_area_placement.sql and queries/shared_areas.sql: what is counted (every
    goal, or the goals placed in the chosen shared area, with its description), that
    unplaced goals are not counted in a shared area, and which organisations have no goal
    placed yet, with the file to fill in for each."""
    descriptions = dict(zip(shared_areas["shared_area"].to_list(), shared_areas["description"].to_list()))
    if shared_area:
        described = f" ({descriptions[shared_area].rstrip('.')})" if descriptions.get(shared_area) else ""
        parts = [f"Räknar bara mål vars eget område organisationens fil placerar i »{shared_area}«{described}; "
                 "mål som inte är placerade räknas inte."]
    elif descriptions:
        parts = ["Räknar alla mål. Välj ett gemensamt område för att jämföra de mål som placerats där."]
    else:
        parts = [f"Listan över gemensamma områden ({folder}.csv) är tom; fyll i den och läs in den med »{COMMAND}«."]
    parts.append(f"{PLACED_COLUMN}: hur många av organisationens mål för perioden som dess fil placerar i något "
                 "gemensamt område.")
    unplaced = [row for row in placement.iter_rows(named=True) if row["placed_count"] == 0]
    if len(unplaced) > NAMED_AT_MOST:
        parts.append(f"{len(unplaced)} organisationer har ännu inga mål placerade i gemensamma områden: fyll i "
                     f"kolumnen »gemensamt område« i deras filer i {folder}/ (en per organisation, t.ex. "
                     f"{unplaced[0]['placement_file'] or placement_file_name(unplaced[0]['organisation'])}) och "
                     f"läs in dem med »{COMMAND}«.")
    elif unplaced:
        names = _and_list([row["organisation"] for row in unplaced])
        files = _and_list([f"{folder}/{row['placement_file'] or placement_file_name(row['organisation'])}"
                           for row in unplaced])
        parts.append(f"{names} har ännu inga mål placerade i gemensamma områden: fyll i kolumnen »gemensamt "
                     f"område« i {files} och läs in {'den' if len(unplaced) == 1 else 'dem'} med »{COMMAND}«.")
    if any(row["placement_file"] is None for row in unplaced):
        parts.append("Kommandot skriver först en fil som saknas, med organisationens egna områden.")
    return " ".join(parts)


def unplaced_goals_table(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows of queries/shared_area_unplaced_goals.sql as a table: which goals of each
    organisation no shared area holds, with the own area its file would have to place."""
    return pl.DataFrame({
        "Organisation": rows["organisation"],
        "Mål": rows["goal_code"].fill_null(""),
        "Målets text": rows["goal_title"],
        "Eget område": rows["focus_area"].fill_null("(inget område)"),
    }, schema={"Organisation": pl.String, "Mål": pl.String, "Målets text": pl.String, "Eget område": pl.String})
