"""Comparisons across organisations, for a database that holds more than one: one row
per organisation with its goals per grade for one period. No Streamlit here."""

from __future__ import annotations

import polars as pl

from tertial.visual import grade_label, swedish_percent
from tertial.vocabulary import GRADES, NOT_GRADED

FULFILLED = ("Uppfyllt", "Delvis uppfyllt")


def organisation_comparison_table(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows of queries/grade_distribution_by_organisation.sql as a table: organisation,
    a column per grade (symbol and word), the total, and the share Uppfyllt or Delvis
    uppfyllt; the highest share first, then by name."""
    if rows.is_empty():
        return pl.DataFrame({"Organisation": []}, schema={"Organisation": pl.String})
    wide = rows.pivot(on="grade", index="organisation", values="goal_count").fill_null(0)
    grades = [grade for grade in (*GRADES, NOT_GRADED) if grade in wide.columns]
    wide = wide.with_columns(
        pl.sum_horizontal(grades).alias("total"),
        pl.sum_horizontal([g for g in FULFILLED if g in wide.columns]).alias("fulfilled"),
    ).with_columns((pl.col("fulfilled") / pl.col("total")).alias("share"))
    wide = wide.sort(["share", "organisation"], descending=[True, False], nulls_last=True)
    return pl.DataFrame({
        "Organisation": wide["organisation"],
        **{grade_label(grade): wide[grade] for grade in grades},
        "Totalt": wide["total"],
        "Uppfyllt eller delvis": [swedish_percent(share) for share in wide["share"].to_list()],
    })
