"""Who may write, checked where the writing happens, not only where the controls are drawn.

The pages draw no write controls for a viewer (tertial.auth.require_editor). The write
functions check again: called in a dashboard session whose user is no signed-in editor,
they refuse, so that a page that forgot its check, or a crafted request, still changes
nothing. Outside a dashboard session (the command line, a script, a test) the caller
has the database file in hand and is trusted with it.
"""

from __future__ import annotations

import sys

VIEWER_REFUSAL = "Bara en inloggad redigerare kan ändra uppgifterna; logga in som redigerare. Inget ändrades."


def viewer_session() -> bool:
    """Whether this call runs in a dashboard session of someone who is no editor."""
    if "streamlit" not in sys.modules:  # the command line never loads it
        return False
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return False
    from tertial.auth import current_editor

    return current_editor() is None
