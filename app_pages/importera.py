"""Importera: an editor loads one report file. A preview first (what would change,
nothing written), then all or nothing through tertial.importing, which writes a new
version of the database file under a lock; this page never opens the file for writing.
Below: undo of the latest imports and replacements."""

import hashlib

import polars as pl
import streamlit as st

from tertial.auth import require_editor
from tertial.importing import ImportRefused, commit_import, plan_import, undo
from tertial.periods import parse_period, periods_between
from tertial.store import StoreError
from tertial.visual import escape_markdown
from tertial.webapp import database_file, period_label, query, show_table

DOCUMENT_PERIOD = "Läs ur dokumentet"
PERIOD_OPTIONS = [DOCUMENT_PERIOD] + [p.key for p in periods_between(parse_period("2023-T1"), parse_period("2025-T3"))]
_PLAN = "import_plan"  # {"key": (file sha, options…), "plan": ImportPlan | None, "refused": str | None}
_RESULT = "import_result"  # (kind, message) of the last commit or undo, shown once after the rerun


def _after_write(kind: str, message: str) -> None:
    """Show the result after a rerun, which reads the new version of the file (its data
    version changed, so the cached connection and results are new ones)."""
    st.session_state.pop(_PLAN, None)
    st.session_state.pop("import_confirm_replace", None)
    st.session_state[_RESULT] = (kind, message)
    st.rerun()

st.title("Importera rapport")
editor = require_editor()

st.caption(
    "Läs in en tertialrapport (txt, md, docx eller pdf). Du ser först vad som skulle ändras; "
    "inget sparas förrän du väljer »Spara i databasen«. Varje inläsning står i ändringsloggen "
    f"med ditt namn ({editor.name}) och kan ångras."
)

if _RESULT in st.session_state:
    kind, message = st.session_state.pop(_RESULT)
    (st.success if kind == "ok" else st.info)(message)

uploaded = st.file_uploader(
    "Rapportfil", type=["txt", "md", "docx", "pdf"], key="import_file",
    help="Filer över 20 MB avvisas med ett meddelande om storleken.",
)
left, middle, right = st.columns(3)
period = left.selectbox(
    "Period", PERIOD_OPTIONS, key="import_period",
    format_func=lambda key: key if key == DOCUMENT_PERIOD else period_label(key),
    help="Normalt läses tertialen ur dokumentet. Anger du en period som dokumentet motsäger avvisas filen.",
)
as_of = middle.date_input(
    "Avstämningsdatum (valfritt)", value=None, key="import_as_of", format="YYYY-MM-DD",
    help="Utan datum gäller dokumentets datum eller periodens sista dag.",
)
goal_level = right.radio(
    "Målnivå", ["KS", "KF"], key="import_goal_level", horizontal=True,
    help="KS: kommunstyrelsens mål. KF: kommunfullmäktiges mål.",
)
unit = left.text_input("Enhet (valfritt)", key="import_unit", help="För en enhets egen rapport, t.ex. Socialtjänsten.")
title = middle.text_input("Titel (valfritt)", key="import_title", help="Utan titel används dokumentets egen.")

if uploaded is None:
    st.info("Välj en rapportfil för att förhandsgranska den.")
else:
    data = uploaded.getvalue()
    options = (
        hashlib.sha256(data).hexdigest(), uploaded.name, period, str(as_of or ""), goal_level,
        unit.strip(), title.strip(),
    )
    stored = st.session_state.get(_PLAN)
    current = stored if stored and stored["key"] == options else None
    if stored and not current:
        st.caption("Filen eller valen har ändrats sedan förhandsgranskningen; förhandsgranska igen.")

    if st.button("Förhandsgranska", key="import_preview", icon=":material/preview:", type="primary" if not current else "secondary"):
        with st.status("Förhandsgranskar …", expanded=True) as status:
            progress = st.progress(0, text="Läser filen och tolkar rapporten")
            try:
                plan = plan_import(
                    data, uploaded.name, db_path=database_file(),
                    period=None if period == DOCUMENT_PERIOD else period, as_of=as_of, goal_level=goal_level,
                    unit=unit.strip() or None, title=title.strip() or None,
                )
            except ImportRefused as error:
                current = {"key": options, "plan": None, "refused": str(error)}
                status.update(label="Filen kan inte läsas in", state="error", expanded=False)
            else:
                progress.progress(100, text="Läst, tolkad och jämförd med databasen")
                current = {"key": options, "plan": plan, "refused": None}
                status.update(label="Förhandsgranskning klar – inget har sparats", state="complete", expanded=False)
        st.session_state[_PLAN] = current

    if current and current["refused"]:
        st.error(current["refused"])
        st.caption("Inget har ändrats i databasen.")
    elif current:
        plan = current["plan"]
        st.subheader("Förhandsgranskning")
        st.markdown(escape_markdown(plan.summary()))
        st.info(f"**Period {plan.period.key}.** {escape_markdown(plan.period_note)}", icon="🗓️")
        for note in plan.notes:
            st.caption(escape_markdown(note))
        if plan.report.notes:
            with st.expander(f"Noteringar från inläsningen ({len(plan.report.notes)})"):
                show_table(pl.DataFrame(
                    [{"Rad": n.line, "Slag": n.kind, "Notering": n.message} for n in plan.report.notes]
                ))

        if plan.already_loaded:
            st.warning(
                f"Filen har samma innehåll som den redan inlästa rapporten {plan.already_loaded}. "
                "Det finns inget att spara."
            )
        else:
            diff = plan.diff
            st.markdown(f"**Skillnader jämfört med {escape_markdown(diff.baseline)}**")
            if diff.is_empty():
                st.write("Inga skillnader i mål, bedömningar eller aktiviteter.")
            tables = [
                ("Nya mål", [{"Mål": t} for t in diff.new_goals]),
                ("Mål som inte finns med", [{"Mål": t} for t in diff.removed_goals]),
                ("Ändrade bedömningar", [{"Mål": t, "Före": b or "Ej bedömd", "Efter": a or "Ej bedömd"}
                                         for t, b, a in diff.grade_changes]),
                ("Nya aktiviteter", [{"Aktivitet": t} for t in diff.new_activities]),
                ("Aktiviteter som inte finns med", [{"Aktivitet": t} for t in diff.removed_activities]),
                ("Statusändringar", [{"Aktivitet": t, "Före": b, "Efter": a} for t, b, a in diff.status_changes]),
                ("Flyttade slutdatum", [{"Aktivitet": t, "Före": str(b or "–"), "Efter": str(a or "–")}
                                        for t, b, a in diff.moved_end_dates]),
            ]
            for heading, rows in tables:
                if rows:
                    show_table(pl.DataFrame(rows), caption=f"{heading} ({len(rows)})")

            confirm = True
            if plan.replaces:
                st.warning(
                    f"En rapport med filnamnet {plan.replaces['file_name']} är redan inläst "
                    f"({plan.replaces['period']}) med annat innehåll. Sparar du ersätts den versionen; "
                    "ersättningen kan ångras."
                )
                confirm = st.checkbox("Ja, ersätt den inlästa versionen", key="import_confirm_replace")
            if st.button("Spara i databasen", key="import_commit", type="primary", icon=":material/save:",
                         disabled=not confirm):
                try:
                    with st.spinner("Sparar …"):
                        result = commit_import(plan, actor=editor.name, db_path=database_file(),
                                               confirm_replace=bool(plan.replaces) and confirm)
                except (ImportRefused, StoreError) as error:
                    st.error(str(error))
                else:
                    _after_write("ok" if result.action != "oförändrad" else "info", result.message)

st.divider()
st.subheader("Ångra en inläsning")
log = query("audit_log")
undoable = log.filter(pl.col("undoable"))
if undoable.is_empty():
    st.write("Det finns ingen inläsning eller ersättning att ångra.")
else:
    entries = {row["audit_id"]: row for row in undoable.iter_rows(named=True)}
    chosen = st.selectbox(
        "Ändring", list(entries), key="undo_choice",
        format_func=lambda audit_id: (
            f"Nr {audit_id} · {entries[audit_id]['changed_at']:%Y-%m-%d %H:%M} · {entries[audit_id]['actor']} · "
            f"{entries[audit_id]['action']} av {entries[audit_id]['report_file']}"
        ),
        help="Senaste först. En ångrad ersättning tar tillbaka den tidigare versionen.",
    )
    st.caption(escape_markdown(entries[chosen]["summary"]))
    if st.button("Ångra", key="undo_button", icon=":material/undo:"):
        try:
            with st.spinner("Ångrar …"):
                result = undo(chosen, actor=editor.name, db_path=database_file())
        except StoreError as error:
            st.error(str(error))
        else:
            _after_write("ok", f"{result.message} (ändring {result.audit_id})")
