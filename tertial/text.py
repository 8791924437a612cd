"""Plain text out of what Word/PDF exports leave in reports: HTML in table cells,
markdown emphasis and escapes, lines wrapped at the page width, paragraphs torn
apart by page breaks."""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from html.parser import HTMLParser

_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
_SENTENCE_END = re.compile(r"[.!?:;)\]\"”%]$")


class _PlainTextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._href: str | None = None
        self._link_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._link_text = []

    def handle_endtag(self, tag):
        if tag == "a":
            text = "".join(self._link_text).strip()
            href = (self._href or "").strip()
            # Keep a link's target when its text does not already say it.
            if href and href not in text and not href.startswith("#"):
                self.parts.append(f" ({href})")
            self._href = None
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)
        if self._href is not None:
            self._link_text.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: tags gone, entities decoded, one paragraph a line."""
    if "<" not in fragment and "&" not in fragment:
        return collapse_spaces(fragment)
    parser = _PlainTextParser()
    parser.feed(fragment)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = [collapse_spaces(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def collapse_spaces(text: str) -> str:
    return re.sub(r"[ \t\u00a0\u2009\u202f]+", " ", text).strip()


def strip_markdown(text: str) -> str:
    """Text of a line without markdown emphasis, escapes and links."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text)
    return text


def normalise_document(text: str) -> str:
    """One form for every text a report arrives in: NFC, LF line ends, no BOM."""
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def join_paragraphs(paragraphs: list[str]) -> str:
    """Paragraphs as one text; a paragraph that stops mid-sentence and is followed by one
    that starts in lower case is one paragraph torn by a page break or double spacing."""
    merged: list[str] = []
    for paragraph in (p.strip() for p in paragraphs):
        if not paragraph:
            continue
        if merged and not ends_sentence(merged[-1]) and paragraph[:1].islower():
            merged[-1] = f"{merged[-1]} {paragraph}"
        else:
            merged.append(paragraph)
    return "\n\n".join(merged)


def shortened(text: str | None, most: int) -> str:
    """text on one line, cut to at most `most` characters with an ellipsis: a long title
    in a message or a heading."""
    text = " ".join((text or "").split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def comparable_title(title: str) -> str:
    """A title reduced for matching the same goal or activity across reports."""
    title = strip_markdown(unicodedata.normalize("NFC", title)).lower()
    title = re.sub(r"[\s\u00a0]+", " ", title)
    title = re.sub(r"[\s*.:;,!]+$", "", title.strip())
    return title


# Titles this similar are one goal spelled twice ("präglat"/"präglad"); below it they
# may be two goals ("Arbetslösheten …" and "Ungdomsarbetslösheten …" score 0.92).
SAME_TITLE_RATIO = 0.95


def title_similarity(a: str, b: str) -> float:
    a, b = comparable_title(a), comparable_title(b)
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# Goal and activity titles run to a few hundred characters; beyond this they are alike
# enough, or not, by their beginning.
COMPARED_CHARS = 500


def pair_titles(lefts: list[str], rights: list[str]) -> dict[int, int]:
    """One-to-one pairs (left index → right index) of titles naming the same thing,
    closest first, so a near miss never takes the place of an exact match."""
    left_keys = [comparable_title(title) for title in lefts]
    right_keys = [comparable_title(title) for title in rights]
    # difflib's ratio is quadratic in the length: a title is compared on its beginning
    # (a damaged report once put a 200,000-character line in a title: minutes per pair).
    left_short = [key[:COMPARED_CHARS] for key in left_keys]
    right_short = [key[:COMPARED_CHARS] for key in right_keys]
    candidates = []
    for i, a in enumerate(left_keys):
        for j, b in enumerate(right_keys):
            if a == b:
                candidates.append((-1.0, i, j))
                continue
            # A ratio is at most 2·min/(sum) of the lengths: skip pairs that cannot reach it.
            if 2 * min(len(a), len(b)) < SAME_TITLE_RATIO * (len(a) + len(b)):
                continue
            matcher = difflib.SequenceMatcher(None, left_short[i], right_short[j], autojunk=False)
            if matcher.quick_ratio() < SAME_TITLE_RATIO:
                continue
            score = matcher.ratio()
            if score >= SAME_TITLE_RATIO:
                candidates.append((-score, i, j))
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in sorted(candidates):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs
