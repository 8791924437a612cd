"""Who may change data: the editor role.

Two ways to be an editor, whichever is configured:

- Sign-in through the municipality's identity provider (OpenID Connect, e.g. Entra ID),
  with Streamlit's st.login, when the secrets have an [auth] section. Who may edit is
  said under [tertial]: e-mail addresses in `editors` (compared whole and without regard
  to case), and/or a claim of the ID token (`editor_claim`, e.g. "groups" or "roles" as
  Entra ID sends them) holding one of `editor_claim_values`. With neither, nobody who
  signs in is an editor, and the editor pages say so. A sign-in counts for
  `session_hours` (default 8) from the time the provider authenticated the person (the
  ID token's auth_time, else its iat); then the person must sign in again. While [auth]
  is configured, the shared password is not offered.
- A shared editor password, from [tertial] editor_password in secrets or the environment
  variable TERTIAL_EDITOR_PASSWORD, for a small installation without an identity
  provider; the editor gives a name for the audit log. Wrong guesses are slowed down per
  session and per client address (PasswordThrottle), never for everyone: nobody can lock
  the rightful editor out from elsewhere. It is weaker than the identity provider: one
  secret shared by all editors, and the name in the log is what the editor typed.

With neither configured the app is read-only and says how to enable editing. Viewers
never see write controls: pages call require_editor() before drawing any, and the write
functions check again (tertial.roles). Sign-ins, sign-outs and refused attempts are
recorded in the sign-in log (tertial.signin_log), shown on Ändringslogg.
"""

from __future__ import annotations

import hmac
import json
import math
import os
import threading
import time
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import streamlit as st

from tertial import signin_log
from tertial.visual import escape_markdown

ENV_PASSWORD = "TERTIAL_EDITOR_PASSWORD"
_SESSION_EDITOR = "editor_name"
_SESSION_SIGN_IN_SEEN = "auth_sign_in_seen"  # the token whose sign-in this session has handled
_SESSION_FORGET_RETURN = "auth_forget_return"  # the return cookie is to be cleared in this run
DEFAULT_SESSION_HOURS = 8.0
SHORT_PASSWORD = 12  # a shared password shorter than this is warned about
RETURN_COOKIE = "tertial_return"
PROVIDER_TIMEOUT_SECONDS = 3.0

PROVIDER_DOWN = (
    "Kommunens inloggning svarar inte just nu, så det går inte att logga in som redigerare. "
    "Försök igen om en stund; kvarstår felet, kontakta den som sköter Tertial. "
    "Allt annat i appen fungerar som vanligt."
)

# Before leaving for the identity provider, the browser remembers the page the sign-in
# started from (its address's last part) for a quarter of an hour: Streamlit brings
# everyone back to the start page after the sign-in, and return_after_sign_in() takes
# them on from there. Text fixed here (tests/test_no_user_html.py).
_REMEMBER_PAGE = """<script>
document.cookie = "tertial_return=" + encodeURIComponent(
  window.location.pathname.split("/").filter(Boolean).pop() || "") + "; path=/; max-age=900; samesite=lax";
</script>"""
_FORGET_PAGE = """<script>
document.cookie = "tertial_return=; path=/; max-age=0; samesite=lax";
</script>"""


@dataclass(frozen=True)
class Editor:
    name: str  # as written in the audit log: the e-mail address the provider vouches for, or the typed name
    method: str  # 'oidc' | 'lösenord'


# --- configuration -------------------------------------------------------------------

def _secret(section: str, key: str):
    try:
        return st.secrets.get(section, {}).get(key)
    except Exception:  # no secrets file at all, or one that is not TOML
        return None


def _tertial_section() -> Mapping:
    try:
        section = st.secrets.get("tertial", {})
    except Exception:
        return {}
    return section if isinstance(section, Mapping) else {}


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:
        return False


def editor_password() -> str | None:
    return os.environ.get(ENV_PASSWORD) or _secret("tertial", "editor_password")


def editing_enabled() -> bool:
    return oidc_configured() or bool(editor_password())


@dataclass(frozen=True)
class EditorRules:
    """Who may edit after signing in through the identity provider ([tertial] in the secrets)."""

    emails: frozenset[str] = frozenset()  # casefolded
    claim: str | None = None
    claim_values: frozenset[str] = frozenset()  # casefolded
    session_hours: float = DEFAULT_SESSION_HOURS
    problems: tuple[str, ...] = ()  # Swedish: settings that were refused, and why

    @property
    def anyone(self) -> bool:
        """Whether the rules can make anyone an editor."""
        return bool(self.emails) or bool(self.claim and self.claim_values)


def _one_address(text: str) -> bool:
    return text.count("@") == 1 and not any(sign in text for sign in ",; \t\n") and not text.startswith("@") \
        and not text.endswith("@")


def _strings(value: object, key: str, problems: list[str]) -> list[str]:
    """A setting that is a list of strings, or one string standing for a list of one."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence):
        kept = []
        for item in value:
            if isinstance(item, str) and item.strip():
                kept.append(item)
            else:
                problems.append(f"{key}: värdet {item!r} är ingen text och räknas inte.")
        return kept
    problems.append(f"{key} ska vara en lista med texter, t.ex. {key} = [\"…\"]; {value!r} räknas inte.")
    return []


def editor_rules(section: Mapping | None = None) -> EditorRules:
    """The rules from a [tertial] section (from the secrets when none is given). A setting
    that cannot be meant as written is refused, with a Swedish reason, never read loosely:
    editors = "anna@ange.se" is the one address, but editors = "anna@ange.se, bo@ange.se"
    is refused rather than matched piece by piece."""
    section = _tertial_section() if section is None else section
    problems: list[str] = []
    emails = set()
    for address in _strings(section.get("editors"), "editors", problems):
        address = address.strip()
        if _one_address(address):
            emails.add(address.casefold())
        else:
            problems.append(
                f"editors: »{address}« är inte en e-postadress. Skriv adresserna som en lista, "
                "en adress i varje citattecken: editors = [\"anna@ange.se\", \"bo@ange.se\"]."
            )
    claim = section.get("editor_claim")
    if claim is not None and (not isinstance(claim, str) or not claim.strip()):
        problems.append(f"editor_claim ska vara namnet på ett anspråk i ID-token, t.ex. \"groups\" eller \"roles\"; "
                        f"{claim!r} räknas inte.")
        claim = None
    claim = claim.strip() if claim else None
    values = {value.strip().casefold() for value in _strings(section.get("editor_claim_values"),
                                                                  "editor_claim_values", problems)}
    if claim and not values:
        problems.append(f"editor_claim = \"{claim}\" är angivet men inte editor_claim_values, de värden som "
                        "ger rätt att redigera; anspråket ger därför ingen rätt.")
    if values and not claim:
        problems.append("editor_claim_values är angivet men inte editor_claim, vilket anspråk de gäller; "
                        "värdena ger därför ingen rätt.")
    hours = section.get("session_hours", DEFAULT_SESSION_HOURS)
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 < hours <= 24 * 30:
        problems.append(f"session_hours ska vara ett antal timmar (över 0, högst 720); {hours!r} räknas inte, "
                        f"inloggningen gäller {DEFAULT_SESSION_HOURS:g} timmar.")
        hours = DEFAULT_SESSION_HOURS
    return EditorRules(frozenset(emails), claim, frozenset(values), float(hours), tuple(problems))


# --- sign-in through the identity provider ---------------------------------------------

@dataclass(frozen=True)
class SignedIn:
    """A person signed in through the identity provider, as its ID token says."""

    issuer: str
    subject: str
    email: str | None  # the e-mail claim, else preferred_username or upn (Entra ID)
    name: str | None
    authenticated_at: float | None  # auth_time, else iat (seconds since the epoch)
    claims: Mapping = field(repr=False, default_factory=dict)

    @property
    def label(self) -> str:
        """How the audit log names the person: the e-mail address, else the name, else the subject."""
        return self.email or self.name or self.subject

    @property
    def token(self) -> str:
        return signin_log.token_key(self.issuer, self.subject, self.claims.get("iat", self.authenticated_at))

    def log_fields(self) -> dict:
        return {"issuer": self.issuer, "subject": self.subject, "email": self.email, "name": self.name,
                "token": self.token}


def signed_in(user: Mapping) -> SignedIn | None:
    """The person in st.user's claims, or None when nobody is signed in."""
    if not user or not user.get("is_logged_in"):
        return None
    email = None
    if user.get("email") and user.get("email_verified", True) is not False:
        email = str(user["email"])
    else:
        email = user.get("preferred_username") or user.get("upn")
        email = str(email) if email and "@" in str(email) else None
    moment = user.get("auth_time") or user.get("iat")
    try:
        moment = float(moment) if moment is not None else None
    except (TypeError, ValueError):
        moment = None
    return SignedIn(issuer=str(user.get("iss") or ""), subject=str(user.get("sub") or ""), email=email,
                    name=str(user["name"]) if user.get("name") else None, authenticated_at=moment, claims=dict(user))


@dataclass(frozen=True)
class Decision:
    editor: bool
    reason: str  # Swedish, for a person who may not edit (empty for an editor)
    expired: bool = False


def _claim_values(claims: Mapping, name: str) -> set[str]:
    value = claims.get(name)
    if isinstance(value, str):
        return {value.strip().casefold()}
    if isinstance(value, Sequence):
        return {str(item).strip().casefold() for item in value}
    return set()


def _hours(hours: float) -> str:
    return f"{hours:g} timme" if hours == 1 else f"{hours:g} timmar"


def decide(person: SignedIn, rules: EditorRules, now: float | None = None) -> Decision:
    """Whether a signed-in person may edit now, and if not, why (in Swedish)."""
    now = time.time() if now is None else now
    if person.authenticated_at is None or now - person.authenticated_at > rules.session_hours * 3600:
        return Decision(False, f"Din inloggning gäller i {_hours(rules.session_hours)} och har gått ut. "
                               "Logga in igen för att fortsätta redigera.", expired=True)
    who = person.email or person.name or "kontot"
    if not rules.anyone:
        return Decision(False, (
            f"Du är inloggad som {who}, men ingen får redigera: konfigurationen anger varken redigerarnas "
            "e-postadresser (editors) eller en grupp eller roll som får redigera (editor_claim) under "
            "[tertial]. Be den som sköter Tertial att lägga till dig."))
    if person.email and person.email.strip().casefold() in rules.emails:
        return Decision(True, "")
    if rules.claim and rules.claim_values & _claim_values(person.claims, rules.claim):
        return Decision(True, "")
    reasons = []
    if rules.emails:
        reasons.append("e-postadressen finns inte bland redigerarna" if person.email
                       else "inloggningen gav ingen e-postadress att jämföra med redigerarnas")
    if rules.claim and rules.claim_values:
        reasons.append(f"kontot har inget av de värden i anspråket »{rules.claim}« (grupper eller roller) "
                       "som ger rätt att redigera")
    return Decision(False, (
        f"Du är inloggad som {who}, men får inte redigera: {' och '.join(reasons)}. Be den som sköter Tertial "
        "att lägga till dig, eller logga ut och logga in med ett annat konto."))


def _user_claims() -> dict:
    try:
        return st.user.to_dict()
    except Exception:
        return {}


def oidc_person() -> tuple[SignedIn, Decision] | None:
    """The person signed in through the identity provider in this session, and whether
    they may edit; None when nobody is (or sign-in is not configured)."""
    if not oidc_configured():
        return None
    person = signed_in(_user_claims())
    if person is None:
        return None
    return person, decide(person, editor_rules())


def current_editor() -> Editor | None:
    """The signed-in editor of this session, or None for a viewer."""
    if oidc_configured():
        signed = oidc_person()
        if signed and signed[1].editor:
            return Editor(name=signed[0].label, method="oidc")
        return None
    name = st.session_state.get(_SESSION_EDITOR)
    if name and editor_password():
        return Editor(name=name, method="lösenord")
    return None


def provider_answers(url: str | None = None, timeout: float = PROVIDER_TIMEOUT_SECONDS) -> bool:
    """Whether the identity provider serves its OpenID configuration now. Checked before
    sending anyone there: Streamlit itself would answer a provider that is down with a
    bare "Authentication error" page."""
    url = url or _secret("auth", "server_metadata_url")
    if not url:
        return False
    try:
        with urllib.request.urlopen(str(url), timeout=timeout) as response:
            data = json.loads(response.read(1_000_000))
    except Exception:  # refused, timed out, not JSON: not answering
        return False
    return isinstance(data, dict) and "authorization_endpoint" in data


def _client_address() -> str:
    """The address the request came from: the connection's, or behind a proxy on this
    machine (nginx) the one the proxy added last to X-Forwarded-For (what came before it
    the client may have written itself), else X-Real-IP; "lokal" for a local browser."""
    try:
        address = st.context.ip_address
        headers = st.context.headers
    except Exception:
        return "lokal"
    if isinstance(address, str) and address:
        return address
    try:
        forwarded, real = headers.get("X-Forwarded-For"), headers.get("X-Real-Ip")
    except Exception:
        return "lokal"
    if isinstance(forwarded, str) and forwarded.split(",")[-1].strip():
        return forwarded.split(",")[-1].strip()
    return real.strip() if isinstance(real, str) and real.strip() else "lokal"


def _record(event: str, method: str, **details) -> None:
    """Into the sign-in log; a log that cannot be written never stops a sign-in or -out."""
    try:
        signin_log.record(event, method=method, client=_client_address(), **details)
    except OSError:
        pass


def _start_sign_in() -> None:
    """Send the person to the identity provider, or say in Swedish why not."""
    from streamlit.errors import StreamlitAuthError

    if not provider_answers():
        st.error(PROVIDER_DOWN)
        return
    try:
        st.login()
    except StreamlitAuthError as error:
        st.error(f"Inloggningen är felaktigt konfigurerad ({error}). Kontakta den som sköter Tertial.")


def _sign_out_oidc(person: SignedIn) -> None:
    """Record the sign-out and end the session: st.logout() clears this session's user,
    and its redirect (to Streamlit's /auth/logout, which deletes the identity cookie, and
    on to the provider's end-session endpoint) must reach the browser – so no st.rerun()
    after it, which would throw the redirect away."""
    _record(signin_log.SIGN_OUT, "oidc", **person.log_fields())
    st.logout()


def return_after_sign_in(pages: Sequence, current=None) -> None:
    """Called by app.py before every page: the first run that sees a new sign-in through
    the identity provider records it (or the refusal) in the sign-in log, and goes on to
    the page the sign-in started from (Streamlit brings everyone back to the start page)."""
    if st.session_state.pop(_SESSION_FORGET_RETURN, False):
        st.sidebar.html(_FORGET_PAGE, unsafe_allow_javascript=True)
    signed = oidc_person()
    if signed is None:
        return
    person, decision = signed
    if st.session_state.get(_SESSION_SIGN_IN_SEEN) == person.token:
        return
    st.session_state[_SESSION_SIGN_IN_SEEN] = person.token
    if decision.expired or not signin_log.claim_first_time(person.token):
        return  # an old sign-in, recorded when it was new (another tab, a reload)
    if decision.editor:
        _record(signin_log.SIGN_IN, "oidc", **person.log_fields())
    else:
        _record(signin_log.REFUSED, "oidc", reason=decision.reason, **person.log_fields())
    try:
        wanted = st.context.cookies.get(RETURN_COOKIE)
    except Exception:
        wanted = None
    target = next((page for page in pages if wanted and getattr(page, "url_path", None) == wanted), None)
    if target is not None and getattr(current, "url_path", None) != wanted:
        st.session_state[_SESSION_FORGET_RETURN] = True
        st.switch_page(target)


# --- the shared password -----------------------------------------------------------------

@dataclass
class PasswordThrottle:
    """Wrong passwords slow down whoever makes them, never anyone else. Counted per key
    (this session, this client address): the first few are free, then each further wrong
    one doubles the wait before the next try, up to a ceiling; a right password clears the
    keys it was given under, and an hour without a wrong one forgets a key. Someone
    guessing from elsewhere slows down only themselves; the rightful editor in another
    session and from another address is never made to wait."""

    free: int = 3
    first_wait: float = 5.0
    longest_wait: float = 15 * 60
    forget_after: float = 3600
    most_keys: int = 10_000
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)  # key → (count, last)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, count: int) -> float:
        """The wait after count wrong passwords in a row."""
        if count < self.free:
            return 0.0
        return min(self.first_wait * 2 ** (count - self.free), self.longest_wait)

    def _forget_old(self, now: float) -> None:
        for key in [key for key, (_, last) in self._failures.items() if now - last > self.forget_after]:
            del self._failures[key]

    def wait_seconds(self, keys: Sequence[str], now: float | None = None) -> float:
        """How long before these keys may try again; 0 when they may now."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._forget_old(now)
            waits = [last + self.wait_for(count) - now
                     for count, last in (self._failures[key] for key in keys if key in self._failures)]
        return max([0.0, *waits])

    def failed(self, keys: Sequence[str], now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._forget_old(now)
            for key in keys:
                count, _ = self._failures.get(key, (0, now))
                self._failures[key] = (count + 1, now)
            while len(self._failures) > self.most_keys:  # a flood of addresses: drop the oldest
                del self._failures[min(self._failures, key=lambda k: self._failures[k][1])]

    def succeeded(self, keys: Sequence[str]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


# One per server process: the sessions share it.
PASSWORD_THROTTLE = PasswordThrottle()


def _session_key() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    return context.session_id if context is not None else "utan-session"


def _throttle_keys() -> list[str]:
    return [f"session {_session_key()}", f"adress {_client_address()}"]


def password_matches(given: str) -> bool:
    """Whether given is the shared editor password, compared in constant time."""
    expected = editor_password()
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _wait_text(seconds: float) -> str:
    if seconds < 90:
        whole = max(1, math.ceil(seconds))
        return f"{whole} sekund" if whole == 1 else f"{whole} sekunder"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minuter"


def _password_sidebar() -> Editor | None:
    editor = current_editor()
    if editor:
        st.caption(f"Inloggad som redigerare: {escape_markdown(editor.name)}")
        if len(editor_password() or "") < SHORT_PASSWORD:
            st.caption(f"Lösenordet för redigerare är kortare än {SHORT_PASSWORD} tecken och därför lätt att gissa; "
                       "byt till ett längre, eller logga in med kommunens konto (se README).")
        if st.button("Logga ut", key="editor_logout"):
            _record(signin_log.SIGN_OUT, "lösenord", name=editor.name)
            st.session_state.pop(_SESSION_EDITOR, None)
            st.rerun()
        return editor
    with st.form("editor_password_form", border=False):
        st.caption("Redigerare")
        name = st.text_input("Ditt namn (för ändringsloggen)", key="editor_name_input")
        password = st.text_input("Lösenord", type="password", key="editor_password_input")
        if st.form_submit_button("Logga in"):
            keys = _throttle_keys()
            if not name.strip():
                st.error("Skriv ditt namn; det står i ändringsloggen vid varje ändring.")
            elif (wait := PASSWORD_THROTTLE.wait_seconds(keys)) > 0:
                st.error(f"För många felaktiga lösenord härifrån. Vänta {_wait_text(wait)} och försök igen.")
            elif password_matches(password):
                PASSWORD_THROTTLE.succeeded(keys)
                st.session_state[_SESSION_EDITOR] = name.strip()
                _record(signin_log.SIGN_IN, "lösenord", name=name.strip())
                st.rerun()
            else:
                PASSWORD_THROTTLE.failed(keys)
                _record(signin_log.WRONG_PASSWORD, "lösenord", name=name.strip())
                st.error("Fel lösenord.")
    return None


# --- the sidebar and the editor pages ----------------------------------------------------------

def _oidc_sidebar() -> Editor | None:
    signed = oidc_person()
    if signed is None:
        st.caption("Redigerare loggar in med sitt konto i kommunen.")
        if st.button("Logga in med kommunens konto", key="editor_login", icon=":material/login:"):
            _start_sign_in()
        st.html(_REMEMBER_PAGE, unsafe_allow_javascript=True)
        return None
    person, decision = signed
    if decision.editor:
        st.caption(f"Inloggad som redigerare: {escape_markdown(person.label)}")
    else:
        st.caption(f"Inloggad som {escape_markdown(person.label)}, inte som redigerare.")
        if decision.expired and st.button("Logga in igen", key="editor_login_again", icon=":material/login:"):
            _start_sign_in()
    if st.button("Logga ut", key="editor_logout", icon=":material/logout:"):
        _sign_out_oidc(person)
        return None
    return Editor(name=person.label, method="oidc") if decision.editor else None


def sidebar_editor_login() -> Editor | None:
    """Sign-in and sign-out controls for editors in the sidebar; the editor, if any."""
    if oidc_configured():
        with st.sidebar:
            st.divider()
            return _oidc_sidebar()
    if editor_password():
        with st.sidebar:
            st.divider()
            return _password_sidebar()
    return None


HOW_TO_ENABLE = (
    "Appen är i läsläge: ingen redigerare är konfigurerad. För att kunna läsa in och rätta "
    "rapporter, konfigurera kommunens inloggning (OIDC, t.ex. Entra ID) under `[auth]` i "
    "`.streamlit/secrets.toml` och ange redigerarna under `[tertial]`, eller – för en liten "
    "installation – ange ett lösenord för redigerare i miljövariabeln `TERTIAL_EDITOR_PASSWORD` "
    "(eller `editor_password` under `[tertial]` i samma fil)."
)


def require_editor() -> Editor:
    """The editor of this session; for anyone else the page stops here, with no write
    controls drawn, and says why: how to sign in, why this account may not edit (with a
    way to sign out), or how to enable editing."""
    editor = sidebar_editor_login()
    if editor:
        return editor
    if oidc_configured():
        problems = editor_rules().problems
        if problems:
            st.error("Inställningarna för vem som får redigera har fel, som inte räknas:\n\n"
                     + "\n".join(f"- {escape_markdown(problem)}" for problem in problems))
        signed = oidc_person()
        if signed is None:
            st.info("Den här sidan är för redigerare. Logga in med kommunens konto i sidomenyn för att läsa in "
                    "eller rätta rapporter.")
        else:
            person, decision = signed
            st.warning(escape_markdown(decision.reason))
            if decision.expired:
                if st.button("Logga in igen", key="page_login_again", icon=":material/login:"):
                    _start_sign_in()
            if st.button("Logga ut", key="page_logout", icon=":material/logout:"):
                _sign_out_oidc(person)
    elif editing_enabled():
        st.info("Den här sidan är för redigerare. Logga in i sidomenyn för att läsa in eller rätta rapporter.")
    else:
        st.info(HOW_TO_ENABLE)
    st.stop()
