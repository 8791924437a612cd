"""Swedish spelling: whether a string is a correctly spelled Swedish word, compounds
included, by the hunspell dictionary LibreOffice and Firefox use (Debian's
hunspell-sv-se, /usr/share/hunspell/sv_SE.dic and .aff; TERTIAL_HUNSPELL names another
dictionary's path without its ending), read by spylls, a hunspell written in Python.

The word list (tertial.split_words, wswedish) lists words; hunspell also knows how
Swedish makes new ones: which words may begin, go on and end a compound, and with which
linking letters. It knows "kontaktmannaskap" and "marknadsföringsinsatser", which no
list has, and refuses "enhetschefernasroll". It is lax about short strings: single
letters and a few abbreviations are words to it ("d", "et"), so the caller decides what
a piece of one or two letters is.

Loading takes 1.5 s, so it is done once per process and only when a reading needs it.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path

DEFAULT_DICTIONARY = Path("/usr/share/hunspell/sv_SE")
DICTIONARY_ENV = "TERTIAL_HUNSPELL"

MISSING_DICTIONARY_NOTE = (
    "Stavningsordlistan ({path}.dic, Debian-paketet hunspell-sv-se) saknas: ord som en smal tabellkolumn bröt "
    "mitt i fogas ihop bara efter ordlistan, organisationens tidigare rapporter och dokumentets egen text."
)


class Speller:
    """One hunspell dictionary; each answer kept (a report asks about the same pieces
    in many rows)."""

    def __init__(self, dictionary):
        self._dictionary = dictionary
        self._answers: dict[str, bool] = {}

    def accepts(self, word: str) -> bool:
        """Whether the word is spelled right, as printed or in lower case ("Kommun" at
        the start of a title is "kommun")."""
        answer = self._answers.get(word)
        if answer is None:
            answer = bool(self._dictionary.lookup(word)) or (
                word != word.lower() and bool(self._dictionary.lookup(word.lower())))
            self._answers[word] = answer
        return answer


def dictionary_path() -> Path:
    return Path(os.environ.get(DICTIONARY_ENV) or DEFAULT_DICTIONARY)


def available(path: Path | None = None) -> bool:
    """Whether the speller can be loaded, found without loading it."""
    path = path or dictionary_path()
    return (path.with_name(path.name + ".dic").is_file() and path.with_name(path.name + ".aff").is_file()
            and importlib.util.find_spec("spylls") is not None)


def speller(path: Path | None = None) -> Speller | None:
    """The Swedish speller, or None where the dictionary (or spylls) is missing."""
    return _load(str(path or dictionary_path()))


@lru_cache(maxsize=2)
def _load(path: str) -> Speller | None:
    if not available(Path(path)):
        return None
    from spylls.hunspell import Dictionary

    return Speller(Dictionary.from_files(path))
