"""Who may edit after signing in through the identity provider, and what the pages say.

The rules themselves (tertial.auth.editor_rules, decide) on ID-token claims as Entra ID
and other providers send them; then the editor pages through Streamlit's AppTest with a
signed-in user given to the run (AppTest.user), for what a person who may not edit sees.
The sign-in itself, through a real provider and browser, is tests/test_oidc.py.
"""

import time

import pytest

from tertial import signin_log
from tertial.auth import Decision, decide, editor_rules, provider_answers, signed_in
from test_page_importera import texts

NOW = 1_800_000_000.0
AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "tertial",
        "client_secret": "hemlig", "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def person(email="anna@ange.se", iat=NOW - 60, **claims):
    return signed_in({"is_logged_in": True, "iss": "https://login.microsoftonline.com/ange/v2.0", "sub": "abc123",
                      "email": email, "name": "Anna Andersson", "iat": iat, **claims})


def may_edit(section: dict, who=None) -> bool:
    return decide(who or person(), editor_rules(section), now=NOW).editor


def test_editors_are_compared_whole_and_without_regard_to_case():
    listed = {"editors": ["Anna@Ange.se", "bo@ange.se"]}
    assert may_edit(listed, person("anna@ange.se"))
    assert may_edit(listed, person("ANNA@ANGE.SE"))
    assert not may_edit(listed, person("a@ange.se"))  # part of a listed address is not one
    assert not may_edit(listed, person("anna@ange.se.evil.example"))
    assert not may_edit(listed, person("nna@ange.se"))


def test_a_single_string_is_one_address_never_a_substring_and_a_list_in_a_string_is_refused():
    assert may_edit({"editors": "anna@ange.se"}, person("Anna@ange.se"))
    assert not may_edit({"editors": "anna@ange.se"}, person("a@ange.se"))
    rules = editor_rules({"editors": "anna@ange.se, bo@ange.se"})
    assert rules.emails == frozenset() and not rules.anyone
    assert "inte en e-postadress" in rules.problems[0] and "lista" in rules.problems[0]
    assert not may_edit({"editors": "anna@ange.se, bo@ange.se"}, person("anna@ange.se"))


def test_a_group_or_role_claim_as_entra_id_sends_it_makes_an_editor():
    group = "9f0c2b1e-5a7d-4c3b-8e21-0d6f4a1b7c55"
    by_group = {"editor_claim": "groups", "editor_claim_values": [group.upper()]}
    assert may_edit(by_group, person("x@ange.se", groups=["11111111-0000-0000-0000-000000000000", group]))
    assert not may_edit(by_group, person("x@ange.se", groups=["11111111-0000-0000-0000-000000000000"]))
    assert not may_edit(by_group, person("x@ange.se"))  # no groups claim at all
    by_role = {"editor_claim": "roles", "editor_claim_values": ["Tertial.Redigerare"]}
    assert may_edit(by_role, person("x@ange.se", roles=["Tertial.Redigerare"]))
    assert may_edit(by_role, person("x@ange.se", roles="Tertial.Redigerare"))  # one value as a string
    assert not may_edit(by_role, person("x@ange.se", roles=["Tertial.Läsare"]))
    assert not may_edit(by_role, person("x@ange.se", groups=["Tertial.Redigerare"]))  # another claim
    # A claim without values, or values without a claim, gives no one the right, and says so.
    assert editor_rules({"editor_claim": "groups"}).problems and not editor_rules({"editor_claim": "groups"}).anyone
    assert editor_rules({"editor_claim_values": [group]}).problems


def test_with_nothing_configured_nobody_who_signs_in_is_an_editor_and_is_told_why():
    decision = decide(person(), editor_rules({}), now=NOW)
    assert decision == Decision(False, decision.reason)
    assert "ingen får redigera" in decision.reason and "editors" in decision.reason and "editor_claim" in decision.reason


def test_an_unlisted_person_is_told_which_rule_refused_them():
    reason = decide(person("cecilia@ange.se"), editor_rules(
        {"editors": ["anna@ange.se"], "editor_claim": "groups", "editor_claim_values": ["g"]}), now=NOW).reason
    assert reason.startswith("Du är inloggad som cecilia@ange.se, men får inte redigera:")
    assert "e-postadressen finns inte bland redigerarna" in reason and "anspråket »groups«" in reason
    assert "logga ut" in reason


def test_a_sign_in_counts_for_session_hours_from_when_the_provider_authenticated():
    rules = editor_rules({"editors": ["anna@ange.se"], "session_hours": 8})
    assert decide(person(iat=NOW - 8 * 3600 + 1), rules, now=NOW).editor
    late = decide(person(iat=NOW - 8 * 3600 - 1), rules, now=NOW)
    assert not late.editor and late.expired and "8 timmar och har gått ut" in late.reason
    # auth_time (when the person typed the password), not a later token's iat, counts.
    assert decide(person(iat=NOW - 60, auth_time=NOW - 9 * 3600), rules, now=NOW).expired
    short = editor_rules({"editors": ["anna@ange.se"], "session_hours": 0.5})
    assert decide(person(iat=NOW - 31 * 60), short, now=NOW).expired
    assert editor_rules({"session_hours": -1}).session_hours == 8 and editor_rules({"session_hours": -1}).problems
    assert decide(signed_in({"is_logged_in": True, "email": "anna@ange.se"}), rules, now=NOW).expired  # no time


def test_the_address_is_the_verified_email_or_entra_ids_preferred_username():
    assert person("anna@ange.se").email == "anna@ange.se"
    assert person(None, preferred_username="anna@ange.se").email == "anna@ange.se"
    assert person("anna@ange.se", email_verified=False).email is None  # the provider does not vouch for it
    assert person(None, preferred_username="anna").email is None
    assert signed_in({"is_logged_in": False, "email": "anna@ange.se"}) is None
    signed = person()
    assert (signed.issuer, signed.subject, signed.label) == (
        "https://login.microsoftonline.com/ange/v2.0", "abc123", "anna@ange.se")


def test_a_provider_that_does_not_answer_is_seen_as_down():
    import socket

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    started = time.monotonic()
    assert not provider_answers(f"http://127.0.0.1:{port}/.well-known/openid-configuration", timeout=1)
    assert time.monotonic() - started < 5


def test_the_sign_in_log_is_appended_and_read_newest_first(tmp_path):
    db = tmp_path / "tertial.duckdb"
    for number in range(5):
        signin_log.record("inloggning", method="oidc", db_path=db, email=f"n{number}@ange.se", token=f"t{number}")
    signin_log.log_path(db).open("a").write("inte json\n")
    assert [entry["email"] for entry in signin_log.recent(3, db)] == ["n4@ange.se", "n3@ange.se", "n2@ange.se"]
    assert signin_log.log_path(db).name == "tertial.duckdb.signins.jsonl"
    assert not signin_log.first_time("t1", db) and signin_log.first_time("t9", db)
    assert signin_log.claim_first_time("t9", db) and not signin_log.claim_first_time("t9", db)


# --- the editor pages, with a signed-in user given to the run ---------------------------

def _signed_in_app(app, tertial: dict, **claims):
    app.secrets["auth"] = AUTH
    app.secrets["tertial"] = tertial
    app.user = {"is_logged_in": True, "iss": "https://idp.ange.se", "sub": "sub-1", "email": "anna@ange.se",
                "name": "Anna Andersson", "iat": time.time() - 60, **claims}
    return app


def test_with_nobody_configured_a_signed_in_person_is_told_why_and_offered_to_sign_out(app, db_copy):
    # Back from the provider on the start page, as Streamlit brings everyone (app.py runs
    # first: AppTest runs a page alone when it is switched to before any run).
    at = _signed_in_app(app, {}).run()
    at.switch_page("pages/import_reports.py").run()
    assert not at.exception, at.exception
    assert "men ingen får redigera" in texts(at.warning)
    assert len(at.get("file_uploader")) == 0
    assert [b.label for b in at.main.button] == ["Logga ut"]
    assert "inte som redigerare" in texts(at.sidebar.caption)
    # The refusal is in the sign-in log once, with the provider's identity.
    at.run()
    refused = [e for e in signin_log.recent(10, db_copy) if e["event"] == "nekad"]
    assert len(refused) == 1 and refused[0]["issuer"] == "https://idp.ange.se" and refused[0]["subject"] == "sub-1"


def test_a_listed_editor_gets_the_controls_and_loads_under_the_verified_address(app, db_copy):
    from dbfiles import rows
    from test_page_importera import preview_and_save, t3_2023_report

    at = _signed_in_app(app, {"editors": ["ANNA@ange.se"]}).run()
    at.switch_page("pages/import_reports.py").run()
    assert not at.exception, at.exception
    assert "Inloggad som redigerare: anna@ange.se" in texts(at.sidebar.caption)
    at = preview_and_save(at, "t3_2023.txt", t3_2023_report())
    assert not at.exception, at.exception
    assert rows(db_copy, "SELECT actor FROM audit_log WHERE action = 'import'") == [("anna@ange.se",)]
    assert [e["event"] for e in signin_log.recent(10, db_copy)] == ["inloggning"]


def test_an_expired_sign_in_gets_no_controls_and_is_asked_to_sign_in_again(app, db_copy):
    at = _signed_in_app(app, {"editors": ["anna@ange.se"], "session_hours": 1},
                        iat=time.time() - 3700).switch_page("pages/import_reports.py").run()
    assert not at.exception, at.exception
    assert "Din inloggning gäller i 1 timme och har gått ut." in texts(at.warning)
    assert len(at.get("file_uploader")) == 0
    assert [b.label for b in at.main.button] == ["Logga in igen", "Logga ut"]


def test_a_misconfigured_editor_list_is_shown_as_an_error_not_read_loosely(app, db_copy):
    at = _signed_in_app(app, {"editors": "anna@ange.se;bo@ange.se"}).switch_page("pages/corrections.py").run()
    assert not at.exception, at.exception
    assert "»anna@ange.se;bo@ange.se« är inte en e-postadress" in texts(at.error)
    assert len(at.tabs) == 0


@pytest.mark.parametrize("editor", [False, True])
def test_ändringslogg_shows_who_only_to_editors(app, db_copy, editor):
    """Viewers see the change and what changed, not who: not in the table, not in the
    expander's label, not in the before and after. Editors see the names and the sign-ins."""
    from tertial.importing import commit_import, plan_import
    from test_page_importera import t3_2023_report

    report = t3_2023_report().replace("Ej påbörjad".encode(), b"Klart")
    commit_import(plan_import(report, "t3_ord.txt", db_path=db_copy, status_aliases={"Klart": "Avslutad enligt plan"}),
                  actor="Bertil Berg", db_path=db_copy)
    signin_log.record("inloggning", method="lösenord", db_path=db_copy, name="Bertil Berg")
    tertial = {"editors": ["anna@ange.se"]} if editor else {}
    at = _signed_in_app(app, tertial).switch_page("pages/audit_log.py").run()
    assert not at.exception, at.exception
    tables = [frame.value for frame in at.dataframe]
    log = next(frame for frame in tables if "Nr" in frame.columns)
    shown = "\n".join([texts(at.markdown), texts(at.caption), *(e.label for e in at.expander),
                       *(str(j.value) for j in at.json), *(frame.to_csv() for frame in tables)])
    if editor:
        assert log["Vem"].tolist()[0] == "Bertil Berg"
        assert any("Händelse" in frame.columns for frame in tables)
    else:
        assert log["Vem"].tolist() == ["en redigerare", "system"]
        assert "Bertil" not in shown
        assert not any("Händelse" in frame.columns for frame in tables)
        assert "visas för inloggade redigerare" in texts(at.caption)
        at.switch_page("pages/reports.py").run()
        aliases = next(frame.value for frame in at.table if "Beslutat av" in frame.value.columns)
        assert set(aliases["Beslutat av"]) == {"en redigerare"} and len(aliases) >= 1


def test_without_people_takes_names_out_of_texts_and_person_keys():
    from tertial.audit import HIDDEN_ACTOR, shown_actor, without_people

    value = {"summary": "Ångrade Bertil Bergs ändring; bertil berg ringde", "decided_by": "Cecilia",
             "list": [{"actor": "x"}, "Bertil Berg"], "count": 3, "note": "Bertilsson"}
    assert without_people(value, ["Bertil Berg", "system"]) == {
        "summary": f"Ångrade {HIDDEN_ACTOR} ändring; {HIDDEN_ACTOR} ringde", "decided_by": HIDDEN_ACTOR,
        "list": [{"actor": HIDDEN_ACTOR}, HIDDEN_ACTOR], "count": 3, "note": "Bertilsson"}
    assert shown_actor("system", editor=False) == "system" and shown_actor("anna@ange.se", editor=False) == HIDDEN_ACTOR
    assert shown_actor("anna@ange.se", editor=True) == "anna@ange.se"
