"""Rapporter: every loaded report, also those without goals (a memo, a unit's report),
with its narrative text and what the reader noted while reading it."""

import polars as pl
import streamlit as st

from tertial.visual import escape_markdown, swedish_date
from tertial.webapp import filter_choices, organisations, period_label, query, show_table, sidebar_filters

st.title("Rapporter")
st.caption(
    "Organisationens alla inlästa rapporter. Välj en rapport nedan för att läsa dess text och vad inläsningen "
    "noterade: rader som hoppades över (sidhuvuden, tomma formulärfält) och tolkningar."
)

if len(organisations()) > 1:  # the organisation's choice; the list keeps to it, as every page does
    sidebar_filters(filter_choices(), shown=())
reports = query("reports")
show_table(
    reports.select(
        pl.col("period").alias("Period"),
        pl.col("title").alias("Titel"),
        pl.col("kind").alias("Typ"),
        pl.concat_str(pl.col("body"), pl.col("unit"), separator=" – ", ignore_nulls=True).alias("Organ / enhet"),
        pl.col("as_of").dt.to_string("%Y-%m-%d").alias("Avstämd"),
        pl.col("file_name").alias("Fil"),
        pl.format(
            "{} mål, {} aktiviteter, {} textavsnitt, {} noteringar",
            "goal_count", "activity_count", "section_count", "note_count",
        ).alias("Innehåll"),
    )
)
gaps = query("period_coverage").filter(pl.col("report_count") == 0)["period"].to_list()
if gaps:
    st.caption("Tertialer utan inläst rapport: " + ", ".join(gaps) + ".")

if reports.is_empty():
    st.stop()
by_id = {row["report_id"]: row for row in reports.iter_rows(named=True)}
report = by_id[
    st.selectbox(
        "Rapport", list(by_id), key="report_choice",
        format_func=lambda report_id: f"{by_id[report_id]['period']} · {by_id[report_id]['title']}",
    )
]

st.header(report["title"])
unit = f", {report['unit']}" if report["unit"] else ""
st.markdown(
    escape_markdown(
        f"{report['kind']} · {report['body']}{unit} · {period_label(report['period'])}, "
        f"avstämd {swedish_date(report['as_of'])} · fil {report['file_name']} ({report['line_count']} rader)"
    )
)
if report["period_note"]:
    st.info(f"**Varför {report['period']}:** {escape_markdown(report['period_note'])}", icon="🗓️")

st.subheader("Rapportens text")
sections = query("report_sections", report_id=report["report_id"])
if sections.is_empty():
    st.write("Inläsningen fann inga textavsnitt utöver mål och aktiviteter.")
for section in sections.iter_rows(named=True):
    st.markdown(f"##### {escape_markdown(section['heading'] or 'Utan rubrik')}")
    st.caption(f"Rad {section['source_line']}")
    if section["text"]:
        for paragraph in section["text"].split("\n\n"):
            st.markdown(escape_markdown(paragraph))
    else:
        st.caption("Rubrik utan egen löptext; målen under den visas på Översikt.")

st.subheader("Noteringar från inläsningen")
notes = query("reading_notes", report_id=report["report_id"])
if notes.is_empty():
    st.write("Varje rad i rapporten placerades; inget hoppades över eller tolkades.")
else:
    show_table(
        notes.select(
            pl.col("source_line").alias("Rad"),
            pl.col("kind").alias("Slag"),
            pl.col("message").alias("Notering"),
            pl.col("line_text").alias("Radens text"),
        )
    )

st.subheader("Beslutade statusord")
aliases = query("status_aliases")
if aliases.is_empty():
    st.write("Inga statusord utanför de sex statusarna har beslutats.")
else:
    st.caption(
        "Ord som rapporterna skriver i stället för en av de sex statusarna, beslutade en gång och använda vid varje "
        "senare inläsning av kommunens rapporter. Varje användning står bland inläsningens noteringar som tolkning."
    )
    show_table(
        aliases.select(
            pl.col("organisation").alias("Organisation"),
            pl.col("printed").alias("Statusord"),
            pl.col("status").alias("Läses som"),
            pl.col("source").alias("Beslutat i"),
            pl.col("decided_by").alias("Beslutat av"),
            pl.col("decided_at").dt.to_string("%Y-%m-%d %H:%M").alias("När"),
        )
    )
