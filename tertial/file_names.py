"""The name of a file a user uploads or names, as Tertial stores and shows it.

A browser sends whatever name the user's system had, and a hostile client anything at
all: folders ("../../etc/passwd.txt", "C:\\Users\\x\\rapport.txt"), control characters,
thousands of characters. The stored name is the last part of the path, without control
characters, with runs of whitespace as one space, at most MAX_CHARS long with its
extension kept. The file's bytes are never written under this name (backups name their
copies themselves), so it is a label, not a path.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 150


def uploaded_file_name(name: str | None) -> str:
    """'../../etc/passwd.txt' → 'passwd.txt'; '' stays '' (the reader says what is missing)."""
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" and ch != " " else ch for ch in text)
    text = " ".join(text.split())
    if len(text) <= MAX_CHARS:
        return text
    stem, dot, extension = text.rpartition(".")
    if dot and 0 < len(extension) <= 10:
        return stem[: MAX_CHARS - len(extension) - 2].rstrip() + "…." + extension
    return text[: MAX_CHARS - 1].rstrip() + "…"
