"""Importera: an editor loads one report file. A preview first (what would change,
nothing written), then all or nothing through tertial.importing, which writes a new
version of the database file under a lock; this page never opens the file for writing.
Below: undo of the latest imports and replacements."""

import hashlib

import polars as pl
import streamlit as st

from tertial.auth import require_editor
from tertial.importing import ImportRefused, UnknownStatuses, commit_import, plan_import, undo
from tertial.organisations import same_name, tidy_name
from tertial.periods import parse_period, periods_between
from tertial.status_aliases import FROM_PREVIEW
from tertial.store import StoreError
from tertial.visual import escape_markdown
from tertial.vocabulary import STATUSES
from tertial.webapp import database_file, organisations, period_label, query, show_table

DOCUMENT_PERIOD = "Läs ur dokumentet"
DOCUMENT_ORGANISATION = "Den som dokumentet nämner"
NEW_ORGANISATION = "Ny organisation …"
PERIOD_OPTIONS = [DOCUMENT_PERIOD] + [p.key for p in periods_between(parse_period("2023-T1"), parse_period("2025-T3"))]
_PLAN = "import_plan"  # {"key": (file sha, options…), "plan": ImportPlan | None, "refused": str | None}
_DECIDED = "import_status_aliases"  # status words decided in the preview: printed → status
_RESULT = "import_result"  # (kind, message) of the last commit or undo, shown once after the rerun
_NEW_NAME = "import_new_organisation"  # the name of a new organisation, prefilled from the preview


def _after_write(kind: str, message: str) -> None:
    """Show the result after a rerun, which reads the new version of the file (its data
    version changed, so the cached connection and results are new ones)."""
    st.session_state.pop(_PLAN, None)
    st.session_state.pop(_DECIDED, None)
    st.session_state.pop("import_confirm_replace", None)
    st.session_state.pop("import_accept_unplaced", None)
    st.session_state.pop("import_accept_level_differences", None)
    st.session_state.pop(_NEW_NAME, None)
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
    help="KS: kommunstyrelsens mål. KF: kommunfullmäktiges mål. Gäller mål som rapporten inte anger nivå för och "
         "som inte redan finns bland årets mål; ett känt mål behåller sin nivå.",
)
body = left.text_input("Organ (valfritt)", key="import_body",
                       help="Nämnd eller styrelse som rapporterar. Utan organ används det som de flesta rapporter kommer från.")
unit = middle.text_input(
    "Enhet (valfritt)", key="import_unit",
    help="För en enhets egen rapport, t.ex. Socialtjänsten. Utan enhet används den enhet dokumentet nämner eller "
         "liknar; förhandsgranskningen säger vilken och varför.",
)
title = right.text_input("Titel (valfritt)", key="import_title", help="Utan titel används dokumentets egen.")
known_organisations = organisations()
organisation = left.selectbox(
    "Organisation", [DOCUMENT_ORGANISATION, *known_organisations, NEW_ORGANISATION], key="import_organisation",
    help="Vilken organisation rapporten gäller. Normalt den som dokumentet nämner; en organisation som inte finns "
         "i databasen läggs till när du bekräftar dess namn.",
)
if organisation == NEW_ORGANISATION:
    organisation = tidy_name(middle.text_input(
        "Den nya organisationens namn", key="import_organisation_name",
        help="För ett dokument som inte nämner sin kommun. Namnet bekräftas i förhandsgranskningen.",
    )) or None
elif organisation == DOCUMENT_ORGANISATION:
    organisation = None


def _status_choices(words: dict[str, list[int]]) -> dict[str, str] | None:
    """A choice among the six statuses for each unknown word; None until all are chosen."""
    st.warning(
        "Rapporten använder statusord som inte finns bland de sex statusarna. Välj vad varje ord betyder; "
        "valet gäller den här rapporten och sparas för kommunens senare rapporter när du sparar."
    )
    chosen: dict[str, str] = {}
    for number, (word, lines) in enumerate(words.items()):
        choice = st.selectbox(
            f"»{word}« (rad {', '.join(map(str, lines))})", STATUSES, index=None, key=f"import_alias_{number}",
            placeholder="Välj status",
        )
        if choice:
            chosen[word] = choice
    return chosen if len(chosen) == len(words) else None


if uploaded is None:
    st.info("Välj en rapportfil för att förhandsgranska den.")
else:
    data = uploaded.getvalue()
    decided = st.session_state.get(_DECIDED, {})
    options = (
        hashlib.sha256(data).hexdigest(), uploaded.name, period, str(as_of or ""), goal_level,
        body.strip(), unit.strip(), title.strip(), organisation, tuple(sorted(decided.items())),
    )
    stored = st.session_state.get(_PLAN)
    current = stored if stored and stored["key"] == options else None
    if stored and not current:
        st.caption("Filen eller valen har ändrats sedan förhandsgranskningen; förhandsgranska igen.")

    def plan_for(organisation_name: str | None, progress=None):
        """The plan of the uploaded file with the choices above (and an organisation)."""
        return plan_import(
            data, uploaded.name, db_path=database_file(),
            period=None if period == DOCUMENT_PERIOD else period, as_of=as_of, goal_level=goal_level,
            body=body.strip() or None, unit=unit.strip() or None, title=title.strip() or None,
            status_aliases=decided, alias_source=FROM_PREVIEW, progress=progress,
            organisation=organisation_name,
        )

    if st.button("Förhandsgranska", key="import_preview", icon=":material/preview:", type="primary" if not current else "secondary"):
        with st.status("Förhandsgranskar …", expanded=True) as status:
            progress = st.progress(0, text="Läser filen")

            def show_progress(done: int, pages: int) -> None:
                progress.progress(min(done / max(pages, 1), 1.0) * 0.9,
                                  text=f"Läser sida {done} av {pages}" if pages > 1 else "Läser filen")

            try:
                plan = plan_for(organisation, show_progress)
            except UnknownStatuses as error:
                current = {"key": options, "plan": None, "refused": str(error), "words": error.words}
                status.update(label="Okända statusord – välj vad de betyder", state="error", expanded=False)
            except ImportRefused as error:
                current = {"key": options, "plan": None, "refused": str(error)}
                status.update(label="Filen kan inte läsas in", state="error", expanded=False)
            else:
                progress.progress(1.0, text="Läst, tolkad och jämförd med databasen")
                current = {"key": options, "plan": plan, "refused": None}
                if plan.new_organisation:
                    st.session_state[_NEW_NAME] = plan.new_organisation  # prefilled, editable below
                status.update(label="Förhandsgranskning klar – inget har sparats", state="complete", expanded=False)
        st.session_state[_PLAN] = current

    if current and current.get("words"):
        choices = _status_choices(current["words"])
        if st.button("Förhandsgranska med valen", key="import_apply_aliases", disabled=choices is None,
                     icon=":material/rule:"):
            st.session_state[_DECIDED] = {**decided, **(choices or {})}
            st.session_state.pop(_PLAN, None)
            st.rerun()
        with st.expander("Vad inläsningen säger"):
            st.code(current["refused"], language=None)
        st.caption("Inget har ändrats i databasen.")
    elif current and current["refused"]:
        st.error(current["refused"])
        st.caption("Inget har ändrats i databasen.")
    elif current:
        plan = current["plan"]
        st.subheader("Förhandsgranskning")
        st.markdown(escape_markdown(plan.summary()))
        st.info(f"**Period {plan.period.key}.** {escape_markdown(plan.period_note)}", icon="🗓️")
        st.info(f"**Rapportplats:** {escape_markdown(plan.slot.label())}. Organisationen: "
                f"{escape_markdown(plan.organisation_reason)}. Enheten: {escape_markdown(plan.unit_reason)}.",
                icon="📍")
        if plan.reading:
            st.info(f"**Läsning:** filen lästes efter {escape_markdown(plan.reading)}.", icon="📄")
        if plan.reading_disagreement:
            st.warning(escape_markdown(plan.reading_disagreement_message()), icon="⚠️")
        for note in plan.notes:
            st.caption(escape_markdown(note))
        if plan.report.unplaced:
            # First, before the differences: a report that yields nothing is not read yet.
            st.warning(escape_markdown(plan.report.unplaced_summary()), icon="⚠️")
            show_table(
                pl.DataFrame({"Rad": [n.line for n in plan.report.unplaced],
                              "Vad som inte placerades, och varför": [n.message for n in plan.report.unplaced],
                              "Raden": [n.line_text or "" for n in plan.report.unplaced]}),
                caption=f"Inte placerat ({len(plan.report.unplaced)})",
            )
        if plan.kept_levels:
            show_table(
                pl.DataFrame([{"Rad": kept.line, "Mål": kept.title, "Nivå": kept.known_level, "Som i": kept.period}
                              for kept in plan.kept_levels]),
                caption=f"Mål som behåller sin nivå ({len(plan.kept_levels)}): rapporten anger ingen nivå, och "
                        f"målet har den här nivån i en tidigare rapport under {plan.period.year}",
            )
        if plan.aliases_used:
            show_table(pl.DataFrame([
                {"Statusord": alias.printed, "Läses som": alias.status, "Beslut": alias.describe(),
                 "Rader": ", ".join(map(str, lines))}
                for alias, lines in plan.aliases_used
            ]), caption="Statusord som läses enligt beslut")
        if plan.report.notes:
            with st.expander(f"Noteringar från inläsningen ({len(plan.report.notes)})"):
                show_table(pl.DataFrame([
                    ({"Sida": plan.line_pages[n.line - 1]} if plan.line_pages else {})
                    | {"Rad": n.line, "Slag": n.kind, "Notering": n.message}
                    for n in plan.report.notes
                ]))

        if plan.already_loaded:
            st.warning(
                f"Filen har samma innehåll som den redan inlästa rapporten {plan.already_loaded}. "
                "Det finns inget att spara."
            )
        elif plan.same_content_as:
            st.warning(
                f"Dokumentet har samma innehåll som den inlästa rapporten {plan.same_content_as} på samma plats, "
                "i ett annat format: samma mål, bedömningar, aktiviteter, datum och kommentarer. "
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
                ("Ändrad numrering", [{"Mål": t, "Före": b or "–", "Efter": a or "–"} for t, b, a in diff.renumbered_goals]),
                ("Ändrad nivå", [{"Mål": t, "Före": b, "Efter": a} for t, b, a in diff.level_changes]),
                ("Ändrad analys", [{"Mål": t} for t in diff.changed_analyses]),
                ("Nya aktiviteter", [{"Aktivitet": t} for t in diff.new_activities]),
                ("Aktiviteter som inte finns med", [{"Aktivitet": t} for t in diff.removed_activities]),
                ("Statusändringar", [{"Aktivitet": t, "Före": b, "Efter": a} for t, b, a in diff.status_changes]),
                ("Flyttade startdatum", [{"Aktivitet": t, "Före": str(b or "–"), "Efter": str(a or "–")}
                                         for t, b, a in diff.moved_start_dates]),
                ("Flyttade slutdatum", [{"Aktivitet": t, "Före": str(b or "–"), "Efter": str(a or "–")}
                                        for t, b, a in diff.moved_end_dates]),
                ("Ändrad ansvarig enhet", [{"Aktivitet": t, "Före": b or "–", "Efter": a or "–"}
                                           for t, b, a in diff.unit_changes]),
                ("Ändrad beskrivning eller kommentar", [{"Aktivitet": t} for t in diff.changed_activity_texts]),
            ]
            for heading, rows in tables:
                if rows:
                    show_table(pl.DataFrame(rows), caption=f"{heading} ({len(rows)})")

            confirm = True
            new_name = None
            if plan.new_organisation:
                st.warning(
                    f"Organisationen »{plan.new_organisation}« finns inte i databasen (finns: "
                    f"{plan.known_organisations or 'ingen'}). Rapporten läses in som en ny organisation först när du "
                    "bekräftar namnet nedan. Kontrollera det: namnet står på alla sidor och i länkarna. Gäller "
                    "rapporten en organisation som redan finns? Välj den under Organisation och förhandsgranska igen."
                )
                new_name = tidy_name(st.text_input(
                    "Den nya organisationens namn", key=_NEW_NAME,
                    help="Som dokumentet nämner den; rätta namnet om det behövs. Stora och små bokstäver, "
                         "»kommun« och genitivets s skiljer inte organisationer åt.",
                ))
                confirm = bool(new_name)
            accept_unplaced = False
            if plan.report.unplaced:
                st.warning("Rapporten har delar som ser ut som mål eller aktivitetstabeller men inte lästes som "
                           "sådana (listan överst i förhandsgranskningen).", icon="⚠️")
                accept_unplaced = st.checkbox(
                    "Inget av detta är mål eller aktiviteter – läs in rapporten som den lästes",
                    key="import_accept_unplaced",
                )
                confirm = confirm and accept_unplaced
            accept_level_differences = False
            if plan.level_differences:
                st.warning(
                    f"Rapporten anger en annan nivå (KF/KS) för {len(plan.level_differences)} mål än tidigare "
                    f"rapporter under {plan.period.year}. Sparar du läses målen in med rapportens nivå, som egna mål "
                    "på den nivån bredvid de tidigare. Stämmer den tidigare nivån, rätta dokumentet och "
                    "förhandsgranska igen.", icon="⚠️",
                )
                show_table(pl.DataFrame([
                    {"Rad": d.line, "Mål": d.title, "Nivå i rapporten": d.report_level, "Tidigare nivå": d.known_level,
                     "Som i": d.period}
                    for d in plan.level_differences
                ]), caption=f"Nivåskillnader ({len(plan.level_differences)})")
                accept_level_differences = st.checkbox(
                    "Ja, läs in målen med den nivå rapporten anger", key="import_accept_level_differences",
                )
                confirm = confirm and accept_level_differences
            if plan.replaces:
                st.warning(
                    f"Platsen är redan fylld: {plan.period.key} har rapporten »{plan.replaces['title']}« "
                    f"({plan.replaces['file_name']}) från {plan.unit or plan.body}. Sparar du ersätter dokumentet "
                    "den rapporten – det blir aldrig två rapporter för samma plats. Ersättningen kan ångras. "
                    "Är det en annan enhets rapport? Ange enheten ovan och förhandsgranska igen."
                )
                confirm = st.checkbox("Ja, ersätt den inlästa rapporten", key="import_confirm_replace") and confirm
            label = ("Lägg till organisationen och läs in" if plan.new_organisation
                     else "Ersätt i databasen" if plan.replaces else "Spara i databasen")
            if st.button(label, key="import_commit", type="primary", icon=":material/save:", disabled=not confirm):
                try:
                    with st.spinner("Sparar …"):
                        confirmed = plan
                        if plan.new_organisation and not same_name(new_name, plan.new_organisation):
                            confirmed = plan_for(new_name)  # the name was edited: the plan for that name
                        if plan.new_organisation and not confirmed.new_organisation:
                            raise ImportRefused(
                                f"»{new_name}« är organisationen {confirmed.organisation}, som redan finns i "
                                "databasen. Välj den under Organisation och förhandsgranska igen; inget har ändrats."
                            )
                        result = commit_import(confirmed, actor=editor.name, db_path=database_file(),
                                               confirm_replace=bool(plan.replaces) and confirm,
                                               new_organisation=new_name, accept_unplaced=accept_unplaced,
                                               accept_level_differences=accept_level_differences)
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
