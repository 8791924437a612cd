"""Swedish hyphenation for the tertial report: soft hyphens (U+00AD) at the places the
Swedish hyphenation dictionary allows, so a writer breaks a long word there, with a
hyphen, and never inside a syllable without one ("kompetensförsörjnings-|plan", not
"kompetensförsörjnings|plan" or "medarbetarsamtalsma|llen").

The dictionary is hyph_sv.dic as pyphen bundles it (LibreOffice's Swedish patterns), so
nothing is read from the system. A soft hyphen is invisible where the line does not
break there: the words a reader searches for and copies stay whole.
"""

from __future__ import annotations

import functools
import re

SOFT_HYPHEN = "\u00ad"
# Shorter words fit any column the report draws.
SHORTEST_HYPHENATED = 7
# A word of letters; digits, dates and codes (2.15.1, 2023-12-31) are left as they are.
_WORD = re.compile(r"[^\W\d_]{%d,}" % SHORTEST_HYPHENATED)


@functools.lru_cache(maxsize=1)
def _dictionary():
    import pyphen

    # left/right: at least two letters stay on each side of a break, as Swedish typesetting has it.
    return pyphen.Pyphen(lang="sv_SE", left=2, right=3)


@functools.lru_cache(maxsize=65536)
def hyphenated_word(word: str) -> str:
    """The word with a soft hyphen at each place it may break."""
    return _dictionary().inserted(word, hyphen=SOFT_HYPHEN)


def hyphenate(text: str) -> str:
    """Text with soft hyphens in every run of letters of at least SHORTEST_HYPHENATED
    (the parts of "KF-mål" are hyphenated each on its own)."""
    if not text:
        return text
    return _WORD.sub(lambda match: hyphenated_word(match.group(0)), text)


def unhyphenate(text: str) -> str:
    """The text without the soft hyphens hyphenate() put in."""
    return text.replace(SOFT_HYPHEN, "")
