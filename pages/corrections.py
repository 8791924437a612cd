"""Rättelser: an editor enters a tertial by hand through a template (download it
prefilled with the previous period, fill it in, upload it: checked row by row, a
preview, then saved as one report) or corrects one value in a loaded report. The logic
is in tertial.template and tertial.corrections; both write a new version of the
database file with an audit entry. Both keep to the organisation the page shows (the
sidebar's choice, kept in the link, when the database holds several)."""

import streamlit as st

from tertial.auth import require_editor

st.title("Rättelser")
editor = require_editor()

from datetime import date  # noqa: E402  (nothing else is loaded for a viewer)

from tertial import corrections, template  # noqa: E402
from tertial.periods import parse_period  # noqa: E402
from tertial.store import StoreError  # noqa: E402
from tertial.visual import escape_markdown  # noqa: E402
from tertial.vocabulary import GRADES, NOT_GRADED, STATUSES  # noqa: E402
from tertial.webapp import (  # noqa: E402
    database_file, filter_choices, organisations, period_label, read_cursor, selected_organisation, sidebar_filters,
)

_RESULT = "rattelser_result"  # (kind, message) of the last write, shown once after the rerun


def _after_write(kind: str, message: str) -> None:
    st.session_state[_RESULT] = (kind, message)
    st.session_state["template_upload_round"] = st.session_state.get("template_upload_round", 0) + 1
    st.rerun()


path = database_file()
con = read_cursor()
several = len(organisations()) > 1
if several:  # the organisation's choice; the template and the corrections keep to it
    sidebar_filters(filter_choices(), shown=())
organisation = selected_organisation()
# The organisation in the texts and the template's file name, where there is a choice.
named = organisation if several else None

if organisation is None:
    st.write("Databasen har inga organisationer ännu.")
    st.stop()
st.caption(
    (f"Organisation: {organisation} (välj en annan under Organisation i sidomenyn). " if several else "")
    + "Mata in en tertial för hand med en mall, eller rätta ett enstaka värde i en inläst rapport. "
    f"Varje ändring står i ändringsloggen med ditt namn ({editor.name})."
)
if _RESULT in st.session_state:
    kind, message = st.session_state.pop(_RESULT)
    (st.success if kind == "ok" else st.info)(escape_markdown(message))

hand_entry, single = st.tabs(["Handinmatning med mall", "Enstaka rättelse"])

with hand_entry:
    choices, default = template.template_periods(con, organisation=organisation)
    if not choices:
        st.write("Databasen har inga perioder ännu.")
    else:
        period = st.selectbox("Tertial att mata in", choices, index=choices.index(default), key="template_period",
                              format_func=period_label)
        previous = template.previous_period_with_data(con, period, organisation=organisation)
        frame = template.template_frame(con, period, organisation=organisation)
        whose = f" för {organisation}" if several else ""
        st.caption(
            f"Mallen är ifylld med värdena{whose} från {previous} ({frame.height} rader): ändra det som har ändrats. "
            "Kolumnerna mål_id och aktivitet_id knyter raderna till målen; ändra dem inte. Datum skrivs ÅÅÅÅ-MM-DD."
            if previous else (f"{organisation} har ingen tidigare period att fylla i mallen från." if several
                              else "Det finns ingen tidigare period att fylla i mallen från.")
        )
        left, right = st.columns(2)
        left.download_button("Ladda ned mallen (CSV)", template.template_csv_bytes(frame),
                             template.template_file_name(period, "csv", named), "text/csv", key="template_csv",
                             icon=":material/download:")
        right.download_button("Ladda ned mallen (XLSX)", template.template_xlsx_bytes(frame),
                              template.template_file_name(period, "xlsx", named),
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              key="template_xlsx", icon=":material/download:")

        st.subheader("Läs in en ifylld mall")
        uploaded = st.file_uploader("Ifylld mall (CSV eller XLSX)", type=["csv", "xlsx"],
                                    key=f"template_upload_{st.session_state.get('template_upload_round', 0)}")
        if uploaded is not None:
            data = uploaded.getvalue()
            rows, problems = template.parse_template(data, uploaded.name, con=con, organisation=organisation)
            if problems:
                st.error(f"{len(problems)} problem i {uploaded.name}; inget läses in förrän alla är rättade.")
                st.dataframe(template.problems_frame(problems), hide_index=True)
            else:
                goals = sum(1 for r in rows if r.kind == template.GOAL)
                st.markdown(escape_markdown(
                    f"{uploaded.name}: {goals} mål (bedömda {sum(1 for r in rows if r.grade)}), "
                    f"{len(rows) - goals} aktiviteter, för {period_label(period)}"
                    + (f", {organisation}." if several else ".")
                ))
                st.dataframe(template.rows_frame(rows), hide_index=True)
                as_of = st.date_input("Avstämningsdatum", value=parse_period(period).end, key="template_as_of",
                                      format="YYYY-MM-DD")
                if st.button("Spara", key="template_save", type="primary", icon=":material/save:"):
                    try:
                        with st.spinner("Sparar …"):
                            result = template.apply_template(path, rows, organisation=organisation, period=period,
                                                             as_of=as_of, actor=editor.name, file_name=uploaded.name,
                                                             data=data)
                    except (template.TemplateRefused, StoreError) as error:
                        st.error(str(error))
                    else:
                        _after_write("ok" if result.action == "import" else "info", result.message)

with single:
    reports = dict(corrections.report_choices(con, organisation=organisation))
    if not reports:
        st.write(f"{organisation} har ingen rapport med mål att rätta." if several
                 else "Det finns ingen rapport med mål att rätta.")
    else:
        report_file = st.selectbox("Rapport", list(reports), format_func=reports.get, key="correction_report")
        goals = {g["goal_id"]: g for g in corrections.goal_choices(con, report_file, organisation=organisation)}
        goal_id = st.selectbox(
            "Mål", list(goals), key="correction_goal",
            format_func=lambda g: f"{goals[g]['goal_code'] or '–'} {goals[g]['title'][:120]}",
        )
        activities = {a["activity_id"]: a for a in corrections.activity_choices(con, report_file, goal_id,
                                                                                organisation=organisation)}
        activity_id = st.selectbox(
            "Aktivitet (valfritt)", [None, *activities], key="correction_activity",
            format_func=lambda a: "– målet självt –" if a is None else activities[a]["title"][:120],
        )
        if activity_id is not None and activity_id not in activities:
            activity_id = None
        current = goals[goal_id] if activity_id is None else activities[activity_id]
        fields = ["Bedömning", "Kommentar"] if activity_id is None else ["Status", "Startdatum", "Slutdatum", "Kommentar"]
        field = st.radio("Fält", fields, horizontal=True, key="correction_field")
        suffix = f"{report_file}_{goal_id}_{activity_id}"  # each row's own widgets, starting at its value
        keys = {"organisation": organisation, "report_file": report_file, "goal_id": goal_id, "actor": editor.name}
        if field == "Bedömning":
            options = [*GRADES, NOT_GRADED]
            value = st.selectbox("Ny bedömning", options, index=options.index(current["grade"] or NOT_GRADED),
                                 key=f"correction_grade_{suffix}")
            change = lambda: corrections.correct_grade(path, grade=value, **keys)  # noqa: E731
        elif field == "Status":
            value = st.selectbox("Ny status", STATUSES, index=STATUSES.index(current["status"]), key=f"correction_status_{suffix}")
            change = lambda: corrections.correct_status(path, activity_id=activity_id, status=value, **keys)  # noqa: E731
        elif field in ("Startdatum", "Slutdatum"):
            column = "start_date" if field == "Startdatum" else "end_date"
            value: date | None = st.date_input(f"Nytt {field.lower()} (tomt: inget datum)", value=current[column],
                                               key=f"correction_{column}_{suffix}", format="YYYY-MM-DD")
            function = corrections.correct_start_date if column == "start_date" else corrections.correct_end_date
            change = lambda: function(path, activity_id=activity_id, **{column: value}, **keys)  # noqa: E731
        else:
            value = st.text_area("Ny kommentar (tomt: ingen kommentar)", value=current["comment"] or "",
                                 key=f"correction_comment_{suffix}")
            change = lambda: corrections.correct_comment(path, activity_id=activity_id, comment=value, **keys)  # noqa: E731
        if st.button("Spara rättelse", key="correction_save", type="primary", icon=":material/save:"):
            try:
                result = change()
            except (corrections.CorrectionRefused, StoreError) as error:
                st.error(str(error))
            else:
                if result.changed:
                    _after_write("ok", result.message)
                else:
                    st.info(result.message)
