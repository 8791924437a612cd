"""Rapporter: every loaded report, also those without goals (a memo, a unit's report),
with its narrative text and what the reader noted while reading it. A link may open one
report at one of its lines (?rapport=<file>&rad=<line>, report_view.report_link), as Sök's
hits in report text do."""

import polars as pl
import streamlit as st

from tertial import report_view
from tertial.audit import HIDDEN_ACTOR
from tertial.auth import current_editor
from tertial.filters import first_value
from tertial.visual import escape_markdown, swedish_date
from tertial.webapp import (
    filter_choices, made_from, organisations, period_label, query, query_identity, show_table, sidebar_filters,
)

REPORT_WIDGET = "report_choice"
# The ?rapport= value the choice was last seeded from, so an edited link re-seeds it.
REPORT_SEEDED_FROM = "report_seeded_from"

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
by_file = {row["file_name"]: report_id for report_id, row in by_id.items()}
linked_raw = first_value(st.query_params.get_all(report_view.URL_REPORT))
linked_file, notice = report_view.parse_report_param(linked_raw, list(by_file))
if notice:
    st.info(notice, icon="ℹ️")
if linked_raw != st.session_state.get(REPORT_SEEDED_FROM):
    st.session_state[REPORT_SEEDED_FROM] = linked_raw
    if linked_file is not None:
        st.session_state[REPORT_WIDGET] = by_file[linked_file]
if st.session_state.get(REPORT_WIDGET) not in by_id:
    st.session_state[REPORT_WIDGET] = next(iter(by_id))  # first sight, or chosen before a rebuild
report = by_id[
    st.selectbox(
        "Rapport", list(by_id), key=REPORT_WIDGET,
        format_func=lambda report_id: f"{by_id[report_id]['period']} · {by_id[report_id]['title']}",
    )
]
# The line a link names belongs to the report it names: choosing another report drops it.
line, line_notice = (None, None)
if linked_file == report["file_name"]:
    line, line_notice = report_view.parse_line_param(
        st.query_params.get_all(report_view.URL_LINE), report["line_count"])
if line_notice:
    st.info(line_notice, icon="ℹ️")
wanted = report_view.report_params(report["file_name"], reports["file_name"][0], line)
for key in (report_view.URL_REPORT, report_view.URL_LINE):
    if key in wanted:
        if st.query_params.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]
    elif key in st.query_params:
        del st.query_params[key]
st.session_state[REPORT_SEEDED_FROM] = wanted.get(report_view.URL_REPORT)

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

sections = query("report_sections", report_id=report["report_id"])
section_lines = sections["source_line"].to_list()
linked_section = None
if line is not None:
    # The linked line with the lines around it, from the stored file as the reader numbered it.
    stored_file = query_identity("report_file", report_id=report["report_id"])
    shown_line = made_from(report_view.linked_line_of, stored_file, line)
    linked_section = report_view.section_of_line(section_lines, line)
    st.subheader(f"Rad {line}", anchor=report_view.line_anchor(line))
    where = ""
    if linked_section is not None:
        heading = sections["heading"][linked_section] or "Utan rubrik"
        where = f" Den står i avsnittet »{heading}« (rad {section_lines[linked_section]}), nedan."
    st.caption(escape_markdown(f"Länken pekar på rad {line} i {report['file_name']}.{where}"))
    st.markdown("  \n".join(
        (f"**{number}\u2003{escape_markdown(text.strip())}**" if number == line and text.strip()
         else f"{number}\u2003{escape_markdown(text.strip())}")
        for number, text in shown_line.context
    ) or "Raden kunde inte visas: rapportfilen gick inte att läsa.")

st.subheader("Rapportens text")
if sections.is_empty():
    st.write("Inläsningen fann inga textavsnitt utöver mål och aktiviteter.")
for position, section in enumerate(sections.iter_rows(named=True)):
    st.markdown(f"##### {escape_markdown(section['heading'] or 'Utan rubrik')}")
    here = f" · här står rad {line} från länken" if position == linked_section else ""
    st.caption(f"Rad {section['source_line']}{here}")
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
            # Who decided it only an editor sees (as on Ändringslogg).
            (pl.col("decided_by") if current_editor() else pl.lit(HIDDEN_ACTOR)).alias("Beslutat av"),
            pl.col("decided_at").dt.to_string("%Y-%m-%d %H:%M").alias("När"),
        )
    )

