"""Ändringslogg: every change to the database, newest first – when, what, which file with
which content hash, and whether a later change undid it. Everyone may read it; who made a
change (a name or an e-mail address) only a signed-in editor sees, as well as the sign-in
log (sign-ins, sign-outs and refused attempts, tertial.signin_log)."""

import json

import polars as pl
import streamlit as st

from tertial import signin_log
from tertial.audit import shown_actor, without_people
from tertial.auth import sidebar_editor_login
from tertial.filters import Filters
from tertial.visual import escape_markdown
from tertial.webapp import data_table, database_file, query

ACTIONS = {"bygge": "Bygge", "import": "Inläsning", "ersättning": "Ersättning", "ångra": "Ångrad", "rättelse": "Rättelse"}
SHOWN_IN_DETAIL = 20  # entries with an expander for before and after
SIGN_INS_SHOWN = 200
METHODS = {"oidc": "Kommunens inloggning", "lösenord": "Lösenord"}

st.title("Ändringslogg")
editor = sidebar_editor_login() is not None
st.caption(
    "Varje ändring av databasen, senaste först: när den gjordes, vad, vilken rapportfil och dess innehållshash "
    "(de första 12 tecknen av SHA-256). Inläsningar och ersättningar kan ångras på sidan Importera; ångringen står "
    "då själv i loggen. "
    + ("Som redigerare ser du vem som gjorde varje ändring." if editor else
       "Vem som gjorde en ändring ser bara inloggade redigerare.")
)

log = query("audit_log")
people = [] if editor else [actor for actor in log["actor"].unique().to_list() if actor]
if not editor:
    log = log.with_columns(
        pl.col("actor").map_elements(lambda actor: shown_actor(actor, editor=False), return_dtype=pl.String),
        pl.col("summary").map_elements(lambda text: without_people(text, people), return_dtype=pl.String),
    )
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
    """The JSON of a before or after, without the stored file's bytes, and for a viewer
    without the people in it."""
    if not value:
        return None
    data = json.loads(value)
    if isinstance(data, dict) and "content_base64" in data:
        size = len(data.pop("content_base64")) * 3 // 4
        data["content"] = f"(filens innehåll, cirka {size:,} byte, sparat i databasen)".replace(",", " ")
    return data if editor else without_people(data, people)


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

st.subheader("Inloggningar")
if not editor:
    st.caption("Inloggningar, utloggningar och nekade försök som redigerare visas för inloggade redigerare.")
else:
    entries = signin_log.recent(SIGN_INS_SHOWN, database_file())
    st.caption(
        f"De senaste {SIGN_INS_SHOWN} inloggningarna, utloggningarna och nekade försöken som redigerare, senaste "
        "först. Vid inloggning med kommunens konto står identiteten som identitetsleverantören intygat "
        "(utfärdare, subjekt och e-post); vid lösenord det namn som skrevs. Loggen sparas bredvid databasen, i "
        f"{signin_log.log_path(database_file()).name}."
    )
    if not entries:
        st.write("Ingen har loggat in ännu.")
    else:
        data_table(
            pl.DataFrame(
                [{"Tidpunkt": entry.get("time"), "Händelse": entry.get("event"),
                  "Sätt": METHODS.get(entry.get("method"), entry.get("method")),
                  "Vem": entry.get("email") or entry.get("name"), "Namn": entry.get("name"),
                  "Utfärdare": entry.get("issuer"), "Subjekt": entry.get("subject"),
                  "Klientadress": entry.get("client"), "Varför nekad": entry.get("reason")}
                 for entry in entries],
                schema={name: pl.String for name in ("Tidpunkt", "Händelse", "Sätt", "Vem", "Namn", "Utfärdare",
                                                     "Subjekt", "Klientadress", "Varför nekad")},
            ),
            "inloggningar", Filters(), key="signin_log_table",
        )
