"""Swedish spelling: whether a string is a correctly spelled Swedish word, compounds
included, by hunspell (Debian's `hunspell`) with the Swedish dictionary LibreOffice and
Firefox use (Debian's `hunspell-sv-se`, /usr/share/hunspell/sv_SE.dic and .aff;
TERTIAL_HUNSPELL names another dictionary's path without its ending).

The word list (tertial.split_words, wswedish) lists words; hunspell also knows how
Swedish makes new ones: which words may begin, go on and end a compound, and with which
linking letters. It knows "kontaktmannaskap" and "marknadsföringsinsatser", which no
list has, and refuses "enhetschefernasroll". It is lax about short strings: single
letters and a few abbreviations are words to it ("d", "et"), so the caller decides what
a piece of one or two letters is.

hunspell runs as a command, given many words at once (`hunspell -l` prints those it
does not know): one run takes a tenth of a second, and its 100 MB of dictionary is gone
when it ends. A reading asks for all its words in one run (Speller.check) and the answers
are kept for the process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

DEFAULT_DICTIONARY = Path("/usr/share/hunspell/sv_SE")
DICTIONARY_ENV = "TERTIAL_HUNSPELL"
# A run over a report's few hundred words takes 0.1 s; this is for a hung one.
TIMEOUT_SECONDS = 60
# Answers kept per process; past this the oldest half is dropped.
MAX_ANSWERS = 200_000

MISSING_DICTIONARY_NOTE = (
    "Stavningskontrollen ({path}.dic med hunspell; Debian-paketen hunspell och hunspell-sv-se) saknas: ord som "
    "en smal tabellkolumn bröt mitt i fogas ihop bara efter ordlistan, organisationens tidigare rapporter och "
    "dokumentets egen text."
)


class Speller:
    """hunspell with one dictionary; each answer kept (a report asks about the same
    pieces in many rows)."""

    def __init__(self, command: list[str]):
        self._command = command
        self._answers: dict[str, bool] = {}

    def check(self, words: Iterable[str]) -> None:
        """Ask hunspell about the words not yet asked about (as printed and in lower
        case), in one run. A run that fails answers no for each: no word is joined on
        its say."""
        asked = sorted({form for word in words for form in (word, word.lower())
                        if form and form not in self._answers})
        if not asked:
            return
        try:
            result = subprocess.run(self._command, input="\n".join(asked) + "\n", capture_output=True,
                                    encoding="utf-8", timeout=TIMEOUT_SECONDS, check=True,
                                    env={**os.environ, "LC_ALL": "C.UTF-8"})
            unknown = set(result.stdout.split("\n"))
        except (OSError, subprocess.SubprocessError, UnicodeError):
            unknown = set(asked)
        if len(self._answers) + len(asked) > MAX_ANSWERS:
            for word in list(self._answers)[: len(self._answers) // 2]:
                del self._answers[word]
        self._answers.update((word, word not in unknown) for word in asked)

    def accepts(self, word: str) -> bool:
        """Whether the word is spelled right, as printed or in lower case ("Kommun" at
        the start of a title is "kommun")."""
        if word not in self._answers or word.lower() not in self._answers:
            self.check([word])
        return self._answers.get(word, False) or self._answers.get(word.lower(), False)


def dictionary_path() -> Path:
    return Path(os.environ.get(DICTIONARY_ENV) or DEFAULT_DICTIONARY)


def available(path: Path | None = None) -> bool:
    """Whether hunspell and the dictionary are there."""
    path = path or dictionary_path()
    return (shutil.which("hunspell") is not None and path.with_name(path.name + ".dic").is_file()
            and path.with_name(path.name + ".aff").is_file())


def speller(path: Path | None = None) -> Speller | None:
    """The Swedish speller, or None where hunspell or its dictionary is missing."""
    return _speller(str(path or dictionary_path()))


@lru_cache(maxsize=2)
def _speller(path: str) -> Speller | None:
    if not available(Path(path)):
        return None
    return Speller([shutil.which("hunspell"), "-l", "-i", "utf-8", "-d", path])
