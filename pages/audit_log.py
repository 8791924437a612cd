"""Ändringslogg: every change to the database, newest first – who, when, what, which
file with which content hash, and whether a later change undid it. Everyone may read it."""

import json

import polars as pl
import streamlit as st

from tertial.filters import Filters
from tertial.visual import escape_markdown
from tertial.webapp import data_table, query

ACTIONS = {"bygge": "Bygge", "import": "Inläsning", "ersättning": "Ersättning", "ångra": "Ångrad", "rättelse": "Rättelse"}
SHOWN_IN_DETAIL = 20  # entries with an expander for before and after

st.title("Ändringslogg")
st.caption(
    "Varje ändring av databasen, senaste först: vem som gjorde den, när, vad, vilken rapportfil "
    "och dess innehållshash (de första 12 tecknen av SHA-256). Inläsningar och ersättningar kan "
    "ångras på sidan Importera; ångringen står då själv i loggen."
)

log = query("audit_log")
shown = log.select(
    pl.col("audit_id").alias("Nr"),
    pl.col("changed_at").alias("Tidpunkt"),
    pl.col("actor").alias("Vem"),
    pl.col("action").alias("Vad"),
    pl.col("report_file").alias("Rapportfil"),
    pl.col("short_sha256").alias("Innehållshash"),
    pl.col("summary").alias("Sammanfattning"),
    pl.col("undone_by").alias("Ångrad av"),
)
data_table(
    shown, "andringslogg", Filters(), key="audit_log_table",
    column_config={"Tidpunkt": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm:ss")},
)


def _readable(value: str | None) -> object:
    """The JSON of a before or after, without the stored file's bytes."""
    if not value:
        return None
    data = json.loads(value)
    if isinstance(data, dict) and "content_base64" in data:
        size = len(data.pop("content_base64")) * 3 // 4
        data["content"] = f"(filens innehåll, cirka {size:,} byte, sparat i databasen)".replace(",", " ")
    return data


st.subheader("Före och efter")
st.caption(f"De senaste {min(SHOWN_IN_DETAIL, log.height)} ändringarna i detalj.")
for row in log.head(SHOWN_IN_DETAIL).iter_rows(named=True):
    label = f"Nr {row['audit_id']} · {row['changed_at']:%Y-%m-%d %H:%M} · {row['actor']} · {ACTIONS.get(row['action'], row['action'])}"
    if row["report_file"]:
        label += f" · {row['report_file']}"
    with st.expander(label):
        st.markdown(escape_markdown(row["summary"]))
        facts = []
        if row["content_sha256"]:
            facts.append(f"Innehållshash (SHA-256): `{row['content_sha256']}`")
        if row["undoes"]:
            facts.append(f"Ångrar ändring {row['undoes']}.")
        if row["undone_by"]:
            facts.append(f"Ångrad av ändring {row['undone_by']}.")
        for fact in facts:
            st.caption(fact)
        before, after = _readable(row["before"]), _readable(row["after"])
        if before is None and after is None:
            st.caption("Inga före- och efteruppgifter sparade för den här ändringen.")
        else:
            left, right = st.columns(2)
            left.markdown("**Före**")
            left.json(before if before is not None else {}, expanded=True)
            right.markdown("**Efter**")
            right.json(after if after is not None else {}, expanded=True)
