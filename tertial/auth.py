"""Who may change data: the editor role.

Two ways to be an editor, whichever is configured:
- Streamlit's built-in login (st.login, OIDC, e.g. the municipality's Entra ID), when
  .streamlit/secrets.toml has an [auth] section; editors are the e-mail addresses in
  [tertial] editors = [...] (everyone who logs in, if that list is absent).
- A shared editor password, from [tertial] editor_password in secrets or the environment
  variable TERTIAL_EDITOR_PASSWORD; the editor gives a name for the audit log.
With neither configured the app is read-only and says how to enable editing. Viewers
never see write controls: pages call require_editor() before drawing any.
"""

from __future__ import annotations

import hmac
import math
import os
import threading
import time
from collections import deque
from dataclasses import dataclass, field

import streamlit as st

ENV_PASSWORD = "TERTIAL_EDITOR_PASSWORD"
_SESSION_EDITOR = "editor_name"


@dataclass(frozen=True)
class Editor:
    name: str  # as written in the audit log
    method: str  # 'oidc' | 'lösenord'


def _secret(section: str, key: str):
    try:
        return st.secrets.get(section, {}).get(key)
    except (FileNotFoundError, KeyError, AttributeError):
        return None
    except Exception:  # no secrets file at all
        return None


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:
        return False


def editor_password() -> str | None:
    return os.environ.get(ENV_PASSWORD) or _secret("tertial", "editor_password")


def editing_enabled() -> bool:
    return oidc_configured() or bool(editor_password())


def current_editor() -> Editor | None:
    """The signed-in editor of this session, or None for a viewer."""
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        email = st.user.get("email") or st.user.get("name") or "okänd"
        allowed = _secret("tertial", "editors")
        if allowed is None or email in allowed:
            return Editor(name=str(email), method="oidc")
        return None
    name = st.session_state.get(_SESSION_EDITOR)
    if name and editor_password():
        return Editor(name=name, method="lösenord")
    return None


@dataclass
class FailedAttempts:
    """Wrong passwords within a window, per session and over all sessions: a guesser
    gets a few tries, then waits; many sessions guessing at once make everyone wait."""

    per_session: int = 5
    all_sessions: int = 50
    window_seconds: float = 600
    _times: dict[str, deque] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, times: deque, now: float) -> deque:
        while times and times[0] <= now - self.window_seconds:
            times.popleft()
        return times

    def wait_seconds(self, session: str, now: float | None = None) -> float:
        """How long the session must wait before it may try again; 0 when it may now."""
        now = time.monotonic() if now is None else now
        with self._lock:
            everyone = self._recent(self._times.setdefault("", deque()), now)
            own = self._recent(self._times.setdefault(session, deque()), now)
            waits = [times[0] + self.window_seconds - now
                     for times, limit in ((own, self.per_session), (everyone, self.all_sessions)) if len(times) >= limit]
            return max(waits, default=0.0)

    def failed(self, session: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in (session, ""):
                self._times.setdefault(key, deque()).append(now)


# One per server process: the sessions share it.
FAILED_ATTEMPTS = FailedAttempts()


def _session_key() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    return context.session_id if context is not None else "utan-session"


def password_matches(given: str) -> bool:
    """Whether given is the shared editor password, compared in constant time."""
    expected = editor_password()
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def sidebar_editor_login() -> Editor | None:
    """Sign-in and sign-out controls for editors in the sidebar; the editor, if any."""
    editor = current_editor()
    with st.sidebar:
        st.divider()
        if editor:
            st.caption(f"Inloggad som redigerare: {editor.name}")
            if st.button("Logga ut", key="editor_logout"):
                st.session_state.pop(_SESSION_EDITOR, None)
                if editor.method == "oidc":
                    st.logout()
                st.rerun()
        elif oidc_configured():
            if st.button("Logga in som redigerare", key="editor_login"):
                st.login()
        elif editor_password():
            with st.form("editor_password_form", border=False):
                st.caption("Redigerare")
                name = st.text_input("Ditt namn (för ändringsloggen)", key="editor_name_input")
                password = st.text_input("Lösenord", type="password", key="editor_password_input")
                if st.form_submit_button("Logga in"):
                    if not name.strip():
                        st.error("Skriv ditt namn; det står i ändringsloggen vid varje ändring.")
                    elif (wait := FAILED_ATTEMPTS.wait_seconds(_session_key())) > 0:
                        st.error(f"För många felaktiga lösenord. Försök igen om {math.ceil(wait / 60)} minuter.")
                    elif password_matches(password):
                        st.session_state[_SESSION_EDITOR] = name.strip()
                        st.rerun()
                    else:
                        FAILED_ATTEMPTS.failed(_session_key())
                        st.error("Fel lösenord.")
    return editor


HOW_TO_ENABLE = (
    "Appen är i läsläge: ingen redigerare är konfigurerad. För att kunna läsa in och rätta "
    "rapporter, ange ett lösenord för redigerare i miljövariabeln `TERTIAL_EDITOR_PASSWORD` "
    "(eller `editor_password` under `[tertial]` i `.streamlit/secrets.toml`), eller konfigurera "
    "kommunens inloggning (OIDC, t.ex. Entra ID) under `[auth]` i samma fil."
)


def require_editor() -> Editor:
    """The editor of this session; for a viewer the page stops here, with no write
    controls drawn, and says how to sign in (or how to enable editing)."""
    editor = sidebar_editor_login()
    if editor:
        return editor
    if editing_enabled():
        st.info("Den här sidan är för redigerare. Logga in i sidomenyn för att läsa in eller rätta rapporter.")
    else:
        st.info(HOW_TO_ENABLE)
    st.stop()
