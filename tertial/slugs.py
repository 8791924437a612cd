"""One lower-case ASCII form of a name for file names, for every file Tertial names:
downloads, the hand-entry template, an organisation's shared-areas file, synthetic reports.

"Ånge kommun" → "ange-kommun", "Ærø" → "aero": letters lose their marks (NFKD), the few
that NFKD does not take apart are spelled out, and any run of other characters becomes
one hyphen.
"""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not take apart into a base letter and a mark.
_ASCII_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "ð": "d", "þ": "th", "ł": "l", "đ": "d"})


def slug(text: str, keep: str = "") -> str:
    """text in lower-case ASCII with hyphens; keep: other characters that stay as they are
    (a download keeps '+', so that "Äldre +65" stays told apart from "Äldre 65")."""
    letters = unicodedata.normalize("NFKD", text.casefold().translate(_ASCII_LETTERS))
    ascii_only = letters.encode("ascii", "ignore").decode("ascii")
    return re.sub(rf"[^a-z0-9{re.escape(keep)}]+", "-", ascii_only).strip("-")
