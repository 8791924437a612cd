"""The text of a report file, from what staff upload: plain text, Word (.docx) or PDF.

The reader (tertial.reader) reads text: markdown or plain headings, tab-separated
activity tables, blank lines between paragraphs. This module turns an uploaded file
into exactly that text and says, in Swedish, what it did on the way (notes) or why it
cannot (ExtractError: what, and where – file, line, byte or page).

- Text (.txt, .md): UTF-8 with or without BOM, UTF-16/32 with BOM (UTF-16 also without),
  Windows-1252 when the bytes are not UTF-8 but read as Swedish text in Windows-1252.
  Line ends become \\n.
- Word (.docx): the body in document order – paragraphs, and tables in their place with
  one line per row and the cells joined by tabs (a cell of several paragraphs as HTML
  paragraphs, <p>…</p>, as the text export writes them; a cell merged down over rows
  in each row it spans). Heading styles become markdown headings
  ('#' per level), Word's automatic numbering is written out (2.1.1, •), and headers,
  footers, footnotes, comments, deleted text and the table of contents are left out.
- PDF: the text by the page layout (tertial.pdf_layout, on pdfplumber): paragraphs with
  a blank line between them, headings, and tables – found by their ruling lines or by
  their aligned columns – as tab-separated rows like the Word path gives, also where a
  table runs over a page break; running headers, footers and page numbers are left out
  (a note says which), as in the Word path.

detect_period and detect_organisation say what the document itself states about its
period and its municipality; they suggest, a person decides.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from tertial.model import Note
from tertial.periods import Period, parse_period, period_of
from tertial.split_words import SplitWord, WordJoin, join_with_word_list
from tertial.vocabulary import MONTHS

ACCEPTED_EXTENSIONS = (".txt", ".md", ".docx", ".pdf")
MAX_BYTES = 20 * 1024 * 1024

# A text file with more control characters than this share is no text file.
_CONTROL_SHARE = 0.02
_CONTROL_TOLERATED = 4  # stray ones in a short text are no sign of a binary file
# A PDF with fewer letters and digits than this per page has no text layer to speak of.
_MIN_CHARS_PER_PAGE = 25
# Swedish letters whose presence makes a Windows-1252 reading credible.
_SWEDISH_LETTERS = set("åäöÅÄÖéÉ")
# UTF-8 read as Windows-1252 ("Ã¥" for "å"): the marks of double-encoded text.
_MOJIBAKE = re.compile("Ã[¥¤¶…„–©]")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}

# Called with (pages done, pages in all) as a file is read: after each page of a PDF,
# once (1, 1) for a text or Word file.
Progress = Callable[[int, int], None]


@dataclass
class Reading:
    """Another way to take the same file's text (tertial.readings chooses among them)."""

    label: str  # Swedish, for the preview: "textlagret i läsordning"
    text: str
    line_pages: list[int] | None = None


# The labels of a PDF's two readings, as the preview says which was used.
PDF_LAYOUT_READING = "sidornas layout"
PDF_TEXT_LAYER_READING = "textlagret i läsordning"


@dataclass
class ExtractedText:
    text: str
    kind: str  # 'text' | 'docx' | 'pdf'
    encoding: str | None = None  # text files only
    pages: int | None = None  # PDF only
    notes: list[str] = field(default_factory=list)
    # PDF only: line breaks in table cells between two words that are still two words, and
    # the words a narrow column broke that were joined (tertial.split_words).
    split_words: list[SplitWord] = field(default_factory=list)
    word_joins: list[WordJoin] = field(default_factory=list)
    # PDF only: notes on lines the layout reading had to read beyond what a page shows
    # (a merged cell read on over a page break), as reading notes of kind 'tolkning'.
    layout_notes: list[Note] = field(default_factory=list)
    line_pages: list[int] | None = None  # PDF only: the page each line of text stands on
    reading_label: str | None = None  # where the file has other readings: this one's
    alternatives: list[Reading] = field(default_factory=list)

    def page_of(self, line: int) -> int | None:
        """The PDF page of a (1-based) line of the text, for messages a person checks
        against the document; None for other formats."""
        if not self.line_pages or not 1 <= line <= len(self.line_pages):
            return None
        return self.line_pages[line - 1]


class ExtractError(Exception):
    """A file whose text cannot be taken out; the message (Swedish) says what and where."""

    def __init__(self, message: str, *, file_name: str | None = None, line: int | None = None,
                 byte: int | None = None, page: int | None = None):
        super().__init__(message)
        self.message = message
        self.file_name = file_name
        self.line = line
        self.byte = byte
        self.page = page

    def __str__(self) -> str:
        return self.message


def extract_text(
    data: bytes, file_name: str, *, max_bytes: int = MAX_BYTES, progress: Progress | None = None
) -> ExtractedText:
    """The text of an uploaded report file. Raises ExtractError for anything unreadable.

    progress: told (pages done, pages in all) after each page of a PDF, and (1, 1) once
    a text or Word file is read, for a progress bar.
    """
    name = file_name or "filen"
    extension = _extension(name)
    if extension not in ACCEPTED_EXTENSIONS:
        shown = f"filtypen {extension}" if extension else "en fil utan filändelse"
        hint = " Spara Word-filen som .docx och ladda upp den igen." if extension in (".doc", ".rtf", ".odt") else ""
        raise ExtractError(
            f"{name}: {shown} kan inte läsas. Tillåtna filtyper är {', '.join(ACCEPTED_EXTENSIONS)}.{hint}",
            file_name=name,
        )
    if len(data) > max_bytes:
        raise ExtractError(
            f"{name}: filen är för stor ({_megabytes(len(data))} MB, {_thousands(len(data))} byte). "
            f"Största tillåtna storlek är {_megabytes(max_bytes)} MB.",
            file_name=name,
        )
    if not data.strip():
        raise ExtractError(f"{name}: Filen är tom.", file_name=name)

    kind = "text" if extension in (".txt", ".md") else extension[1:]
    notes: list[str] = []
    sniffed = _sniff(data)
    if sniffed and sniffed != kind and sniffed in ("pdf", "docx"):
        label = {"pdf": "en PDF-fil", "docx": "en Word-fil (.docx)"}[sniffed]
        notes.append(f"Filen heter {extension} men är {label} och har lästs som en sådan.")
        kind = sniffed

    if kind == "text":
        result = _extract_plain(data, name)
    elif kind == "docx":
        result = _extract_docx(data, name, max_bytes)
    else:
        result = _extract_pdf(data, name, progress)
    if progress and kind != "pdf":
        progress(1, 1)
    result.notes[:0] = notes
    if not result.text.strip():
        raise ExtractError(f"{name}: Filen är tom – den innehåller ingen text.", file_name=name)
    return result


# -- helpers -------------------------------------------------------------------------


def _extension(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[1].lower().strip() if "." in base.strip(".") else ""


def _megabytes(size: int) -> str:
    """A size in MB the Swedish way: 20, 1,5, 0,001."""
    value = size / (1024 * 1024)
    if value >= 1:
        text = f"{value:.1f}".removesuffix(".0")
    else:
        text = f"{max(value, 0.001):.3f}".rstrip("0")
    return text.replace(".", ",")


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")


def _sniff(data: bytes) -> str | None:
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except Exception:  # zipfile raises many kinds on damaged archives (a later zip version, …)
            return None
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return None


def _tidy(text: str) -> str:
    """One form for extracted text: LF line ends, NFC, no BOM, no soft hyphens or ligatures."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\f", "\n").replace("\v", "\n").replace("\ufeff", "").replace("\u00ad", "")
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    if any("\uf000" <= ch <= "\uf0ff" for ch in text):
        text = "".join(_PRIVATE_SYMBOLS.get(ch, ch) for ch in text)
    return unicodedata.normalize("NFC", text)


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v"


def _line_of(data: bytes, position: int) -> int:
    return data[:position].count(b"\n") + 1


# -- plain text ------------------------------------------------------------------------

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8 med BOM"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


def _extract_plain(data: bytes, name: str) -> ExtractedText:
    notes: list[str] = []
    text: str | None = None
    encoding: str | None = None
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as error:
                position = len(bom) + error.start
                raise ExtractError(
                    f"{name}: filen börjar som {label}-text men innehåller ogiltiga tecken vid byte {position}.",
                    file_name=name, byte=position,
                ) from None
            encoding = codec
            if codec != "utf-8":
                notes.append(f"Texten var kodad som {label} och har konverterats.")
            break
    if text is None:
        if b"\x00" in data:
            codec = _utf16_without_bom(data)
            if codec is None:
                raise _binary(name)
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise _binary(name) from None
            encoding = codec
            notes.append("Texten var kodad som UTF-16 (utan byte-ordningsmärke) och har konverterats.")
        else:
            controls = sum(1 for b in data if (b < 0x20 and b not in b"\t\n\r\f\v") or b == 0x7F)
            if controls > max(_CONTROL_SHARE * len(data), _CONTROL_TOLERATED):
                raise _binary(name)
            text, encoding, note = _decode_8bit(data, name)
            if note:
                notes.append(note)
    controls = sum(1 for ch in text if _is_control(ch))
    if controls > max(_CONTROL_SHARE * len(text), _CONTROL_TOLERATED):
        raise _binary(name)
    if controls:
        text = "".join(ch for ch in text if not _is_control(ch))
        notes.append(f"{controls} osynliga styrtecken togs bort ur texten.")
    if _MOJIBAKE.search(text):
        try:
            repaired = text.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            notes.append("Texten innehåller tecken som ser felkodade ut (t.ex. »Ã¥« för »å«); kontrollera å, ä och ö.")
        else:
            text = repaired
            notes.append("Texten var dubbelkodad (UTF-8 sparad som Windows-1252) och har rättats.")
    return ExtractedText(text=_tidy(text), kind="text", encoding=encoding, notes=notes)


def _binary(name: str) -> ExtractError:
    return ExtractError(
        f"{name}: filen ser ut att vara en binärfil, inte text. Ladda upp rapporten som .txt, .md, .docx eller .pdf.",
        file_name=name,
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes sit in every other position, as in UTF-16
    text of mostly Latin letters; None otherwise."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _decode_8bit(data: bytes, name: str) -> tuple[str, str, str | None]:
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _SWEDISH_LETTERS & set(text):
        return text, "cp1252", "Texten var kodad som Windows-1252 och har konverterats."
    position = utf8_error.start
    line = _line_of(data, position)
    raise ExtractError(
        f"{name}, rad {line}: texten är inte UTF-8 (ogiltig byte 0x{data[position]:02X} vid byte {position}) "
        "och inte heller svensk text i Windows-1252. Spara filen som UTF-8 och ladda upp den igen.",
        file_name=name, line=line, byte=position,
    )


# -- Word ----------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _TR, _TC, _R, _T, _SDT = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t"), _w("sdt")
_SKIPPED_SUBTREES = {
    _w("del"), _w("moveFrom"), _w("rPr"), _w("pPr"), _w("drawing"), _w("pict"), _w("object"),
    _w("footnoteReference"), _w("endnoteReference"), _w("commentReference"), f"{{{_MC}}}AlternateContent",
}
# Characters of symbol fonts as Word stores them (w:sym, or text in a symbol font),
# for the marks reports use for grades, statuses and bullets.
_SYMBOL_FONTS = {
    "wingdings": {0x6C: "●", 0x6E: "■", 0x75: "◆", 0x6F: "□", 0x71: "❑", 0x76: "❖", 0x77: "⬥",
                  0x9F: "•", 0xA7: "▪", 0xA1: "○", 0xD8: "➢", 0xE8: "➔", 0xFB: "✗", 0xFC: "✓"},
    "symbol": {0xB7: "•"},
}
# Symbol-font characters that reach the text as private-use code points (U+F0xx), as
# Word's PDF export and some .docx runs leave them: Symbol's bullet, Wingdings' marks.
_PRIVATE_SYMBOLS = {chr(0xF000 + code): char for code, char in _SYMBOL_FONTS["wingdings"].items()}
_PRIVATE_SYMBOLS[chr(0xF0B7)] = "•"
_HEADING_STYLE = re.compile(r"^(?:heading|rubrik|überschrift|titre)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|rubrik|titel)$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(?:toc|innehåll|innehållsförteckning)\s*\d|^(?:toc heading|innehållsförteckningsrubrik)$", re.IGNORECASE)


def _val(element, tag: str) -> str | None:
    if element is None:
        return None
    child = element.find(_w(tag))
    return child.get(_w("val")) if child is not None else None


@dataclass
class _Style:
    name: str
    based_on: str | None
    outline: int | None
    num_id: str | None
    num_level: int | None
    symbol_font: str | None


class _Styles:
    def __init__(self, styles_element):
        self.by_id: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        if styles_element is None:
            return
        for style in styles_element.findall(_w("style")):
            style_id = style.get(_w("styleId"))
            if not style_id:
                continue
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true", "on"):
                self.default_paragraph = style_id
            ppr = style.find(_w("pPr"))
            numpr = ppr.find(_w("numPr")) if ppr is not None else None
            outline = _val(ppr, "outlineLvl")
            level = _val(numpr, "ilvl")
            self.by_id[style_id] = _Style(
                name=_val(style, "name") or style_id,
                based_on=_val(style, "basedOn"),
                outline=int(outline) if outline and outline.isdigit() else None,
                num_id=_val(numpr, "numId"),
                num_level=int(level) if level and level.isdigit() else None,
                symbol_font=_symbol_font(style.find(_w("rPr"))),
            )

    def chain(self, style_id: str | None) -> list[tuple[str, _Style]]:
        chain, seen = [], set()
        current = style_id or self.default_paragraph
        while current and current in self.by_id and current not in seen and len(chain) < 10:
            seen.add(current)
            chain.append((current, self.by_id[current]))
            current = self.by_id[current].based_on
        return chain

    def heading_level(self, style_id: str | None, ppr) -> int | None:
        for sid, style in self.chain(style_id):
            for candidate in (style.name, sid):
                match = _HEADING_STYLE.match(candidate.strip())
                if match:
                    return int(match.group(1))
                if _TITLE_STYLE.match(candidate.strip()):
                    return 1
        direct = _val(ppr, "outlineLvl")
        if direct and direct.isdigit():
            return int(direct) + 1 if int(direct) < 9 else None
        for _, style in self.chain(style_id):
            if style.outline is not None:
                return style.outline + 1 if style.outline < 9 else None
        return None

    def is_toc(self, style_id: str | None) -> bool:
        return any(_TOC_STYLE.match(style.name.strip()) or _TOC_STYLE.match(sid) for sid, style in self.chain(style_id)[:2])

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, styleId that carries it) from the style chain."""
        for sid, style in self.chain(style_id):
            if style.num_id is not None:
                return style.num_id, style.num_level, sid
        return None, None, None

    def symbol_font(self, style_id: str | None) -> str | None:
        for _, style in self.chain(style_id):
            if style.symbol_font:
                return style.symbol_font
        return None


def _symbol_font(rpr) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        return None
    for attribute in ("ascii", "hAnsi", "cs"):
        value = (fonts.get(_w(attribute)) or "").strip().lower()
        if value in _SYMBOL_FONTS:
            return value
    return None


def _symbol_char(font: str | None, code: int) -> str | None:
    table = _SYMBOL_FONTS.get(font or "")
    if not table:
        return None
    return table.get(code & 0xFF if code >= 0xF000 else code)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    style: str | None = None


class _Numbering:
    """Word's automatic numbering (numbering.xml), counted through the document so that
    '2.1.1' and '•' appear in the text as they do on the page."""

    def __init__(self, element, styles: _Styles):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.used_nums: set[str] = set()
        self.styles = styles
        if element is None:
            return
        links: dict[str, str] = {}
        for abstract in element.findall(_w("abstractNum")):
            abstract_id = abstract.get(_w("abstractNumId"))
            self.abstract[abstract_id] = {int(lvl.get(_w("ilvl"), "0")): self._level(lvl) for lvl in abstract.findall(_w("lvl"))}
            link = _val(abstract, "numStyleLink")
            if link:
                links[abstract_id] = link
        for num in element.findall(_w("num")):
            num_id = num.get(_w("numId"))
            abstract_id = _val(num, "abstractNumId")
            starts: dict[int, int] = {}
            levels: dict[int, _Level] = {}
            for override in num.findall(_w("lvlOverride")):
                ilvl = int(override.get(_w("ilvl"), "0"))
                start = _val(override, "startOverride")
                if start and start.lstrip("-").isdigit():
                    starts[ilvl] = int(start)
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    levels[ilvl] = self._level(lvl)
            self.nums[num_id] = (abstract_id, starts, levels)
        # A list defined by a numbering style points at the style, the style at a num.
        for abstract_id, style_id in links.items():
            style = styles.by_id.get(style_id)
            if style and style.num_id in self.nums:
                target = self.nums[style.num_id][0]
                if target in self.abstract and target != abstract_id:
                    self.abstract[abstract_id] = self.abstract[target]

    @staticmethod
    def _level(lvl) -> _Level:
        start = _val(lvl, "start")
        text = _val(lvl, "lvlText")
        return _Level(
            start=int(start) if start and start.lstrip("-").isdigit() else 1,
            fmt=_val(lvl, "numFmt") or "decimal",
            text=text if text is not None else "",
            style=_val(lvl, "pStyle"),
        )

    def label(self, ppr, style_id: str | None) -> str | None:
        numpr = ppr.find(_w("numPr")) if ppr is not None else None
        num_id = _val(numpr, "numId")
        level_text = _val(numpr, "ilvl")
        ilvl = int(level_text) if level_text and level_text.isdigit() else None
        carrier = None
        if num_id is None:
            num_id, style_level, carrier = self.styles.numbering(style_id)
            ilvl = ilvl if ilvl is not None else style_level
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        abstract_id, starts, overrides = self.nums[num_id]
        levels = dict(self.abstract.get(abstract_id, {}))
        levels.update(overrides)
        if not levels:
            return None
        if ilvl is None:
            ilvl = next((i for i, lvl in levels.items() if lvl.style and lvl.style in (carrier, style_id)), 0)
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.used_nums:
            self.used_nums.add(num_id)
            for level, start in starts.items():
                counters[level] = start - 1
                for deeper in [k for k in counters if k > level]:
                    del counters[deeper]
        level = levels.get(ilvl, _Level())
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return "•"
        if level.fmt == "none" and "%" not in level.text:
            return level.text.strip() or None

        def number(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            at = levels.get(index, _Level())
            value = counters.get(index, at.start)
            return _format_number(value, at.fmt)

        return re.sub(r"%([1-9])", number, level.text).strip() or None


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        n = max(value, 1)
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        numerals = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
        n, roman = max(value, 1), ""
        for amount, numeral in numerals:
            while n >= amount:
                roman += numeral
                n -= amount
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "none":
        return ""
    return str(value)


class _DocxBody:
    def __init__(self, document):
        part = document.part
        self.styles = _Styles(document.styles.element)
        try:
            numbering = part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            numbering = None
        self.numbering = _Numbering(numbering, self.styles)
        self.blocks: list[tuple[str, object]] = []  # ('p', text) | ('table', rows)
        self.toc_paragraphs = 0
        self.text_box_paragraphs = 0
        self.tracked_changes = False

    # The body: paragraphs and tables, in order, through content controls.
    def walk(self, container) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self.paragraph(child)
            elif tag == _TBL:
                rows = self.table(child)
                if rows:
                    self.blocks.append(("table", rows))
            elif tag == _SDT:
                content = child.find(_w("sdtContent"))
                if content is None:
                    continue
                gallery = child.find(f"{_w('sdtPr')}/{_w('docPartObj')}/{_w('docPartGallery')}")
                if gallery is not None and "contents" in (gallery.get(_w("val")) or "").lower():
                    self.toc_paragraphs += sum(1 for _ in content.iter(_P))
                    continue
                self.walk(content)
            elif tag in (_w("customXml"), _w("ins"), _w("moveTo")):
                self.walk(child)

    def paragraph(self, p) -> None:
        ppr = p.find(_w("pPr"))
        style_id = _val(ppr, "pStyle")
        if self.styles.is_toc(style_id):
            self.toc_paragraphs += 1
            return
        text = self.paragraph_text(p, style_id, in_table=False)
        label = self.numbering.label(ppr, style_id)
        level = self.styles.heading_level(style_id, ppr)
        text = text.strip()
        if not text:
            return
        if label:
            if level and re.fullmatch(r"\d+(?:\.\d+)*\.", label):
                label = label[:-1]  # "2." on a heading is chapter 2
            text = f"{label} {text}"
        if level:
            text = "#" * min(level, 6) + " " + " ".join(text.split())
        self.blocks.append(("p", text))

    def paragraph_text(self, p, style_id: str | None, *, in_table: bool) -> str:
        parts: list[str] = []
        style_font = self.styles.symbol_font(style_id)
        self._runs(p, parts, style_font, in_table)
        text = "".join(parts)
        if in_table:
            text = " ".join(text.split())
        else:
            text = "\n".join(line.rstrip() for line in text.split("\n"))
        return text

    def _runs(self, element, parts: list[str], font: str | None, in_table: bool) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED_SUBTREES:
                if tag in (_w("del"), _w("moveFrom")):
                    self.tracked_changes = True
                if tag in (_w("drawing"), _w("pict"), f"{{{_MC}}}AlternateContent"):
                    if any((t.text or "").strip() for t in child.iter(_T)):
                        self.text_box_paragraphs += 1
                continue
            if tag == _R:
                rpr = child.find(_w("rPr"))
                vanish = rpr.find(_w("vanish")) if rpr is not None else None
                if vanish is not None and vanish.get(_w("val")) not in ("0", "false", "off"):
                    continue  # hidden text
                run_font = _symbol_font(rpr) or font
                self._run(child, parts, run_font, in_table)
            elif tag == _w("ins"):
                self.tracked_changes = True
                self._runs(child, parts, font, in_table)
            elif tag == _P:  # paragraphs nested in a content control inside a paragraph
                parts.append(" " if in_table else "\n")
                self._runs(child, parts, font, in_table)
            else:  # hyperlinks, simple fields, smart tags, content controls, ...
                self._runs(child, parts, font, in_table)

    def _run(self, run, parts: list[str], font: str | None, in_table: bool) -> None:
        for child in run:
            tag = child.tag
            if tag == _T:
                text = child.text or ""
                if font:
                    text = "".join(_symbol_char(font, ord(ch)) or ch for ch in text)
                parts.append(text)
            elif tag == _w("tab"):
                parts.append(" " if in_table else "\t")
            elif tag in (_w("br"), _w("cr")):
                parts.append(" " if in_table else "\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag == _w("sym"):
                code = child.get(_w("char")) or ""
                sym_font = (child.get(_w("font")) or "").strip().lower()
                try:
                    char = _symbol_char(sym_font, int(code, 16))
                except ValueError:
                    char = None
                if char:
                    parts.append(char)
            elif tag in (_w("ins"), _w("smartTag"), _w("hyperlink")):
                self._runs(child, parts, font, in_table)

    # Tables: one line per row, cells joined by tabs; merged cells keep their columns; a
    # cell's paragraphs as HTML paragraphs (cell_text).
    def table(self, tbl) -> list[str]:
        rows: list[str] = []
        # A cell merged down over rows (w:vMerge) is one value a person reads in each row
        # it spans, as if written in each: the text of the cell that starts the merge,
        # by the grid column it starts in.
        merged_down: dict[int, str] = {}
        for tr in self._children(tbl, _TR):
            cells: list[str] = []
            trpr = tr.find(_w("trPr"))
            before = _val(trpr, "gridBefore")
            if before and before.isdigit():
                cells.extend([""] * int(before))
            for tc in self._children(tr, _TC):
                tcpr = tc.find(_w("tcPr"))
                span = _val(tcpr, "gridSpan")
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                continued = vmerge is not None and vmerge.get(_w("val")) in (None, "continue")
                column = len(cells)
                if continued:
                    cells.append(merged_down.get(column, ""))
                else:
                    cells.append(self.cell_text(tc))
                    if vmerge is not None:
                        merged_down[column] = cells[-1]
                    else:
                        merged_down.pop(column, None)
                if span and span.isdigit() and int(span) > 1:
                    cells.extend([""] * (int(span) - 1))
            if any(cell for cell in cells):
                rows.append("\t".join(cells))
        return rows

    def _children(self, element, tag: str):
        for child in element:
            if child.tag == tag:
                yield child
            elif child.tag in (_SDT, _w("customXml")):
                content = child.find(_w("sdtContent")) if child.tag == _SDT else child
                if content is not None:
                    yield from self._children(content, tag)

    def cell_text(self, tc) -> str:
        pieces: list[str] = []
        for child in tc.iter(_P):
            ppr = child.find(_w("pPr"))
            style_id = _val(ppr, "pStyle")
            text = self.paragraph_text(child, style_id, in_table=True)
            label = self.numbering.label(ppr, style_id)
            if text and label:
                text = f"{label} {text}"
            if text:
                pieces.append(text)
        if len(pieces) <= 1:
            return "".join(pieces)
        # A cell of several paragraphs (an activity's title, unit, text, status and
        # comment in one cell) keeps them apart the way the text export writes them, as
        # HTML paragraphs the reader knows; one paragraph stays plain text.
        return "".join(f"<p>{html.escape(piece, quote=False)}</p>" for piece in pieces)

    def text(self) -> str:
        out: list[str] = []
        for kind, content in self.blocks:
            if out:
                out.append("")
            if kind == "p":
                out.append(content)
            else:
                out.extend(content)
        return "\n".join(out) + "\n" if out else ""


def _extract_docx(data: bytes, name: str, max_bytes: int) -> ExtractedText:
    import docx  # python-docx

    sniffed = _sniff(data)
    if sniffed == "ole":
        raise ExtractError(
            f"{name}: filen är en äldre Word-fil (.doc) eller en lösenordsskyddad Word-fil. "
            "Öppna den i Word, ta bort eventuellt lösenord och spara som .docx.",
            file_name=name,
        )
    if sniffed != "docx":
        other = ""
        if sniffed == "zip":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
            if any(n.startswith("xl/") for n in names):
                other = " Det är en Excel-fil."
            elif any(n.startswith("ppt/") for n in names):
                other = " Det är en PowerPoint-fil."
        raise ExtractError(
            f"{name}: filen är ingen giltig Word-fil (.docx); den är skadad eller av en annan typ.{other}",
            file_name=name,
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist() if info.filename.endswith(".xml"))
    if unpacked > max(10 * max_bytes, 100 * 1024 * 1024):
        raise ExtractError(
            f"{name}: Word-filens innehåll är för stort uppackat ({_megabytes(unpacked)} MB).", file_name=name
        )
    try:
        document = docx.Document(io.BytesIO(data))
        body = _DocxBody(document)
        body.walk(document.element.body)
    except Exception as error:  # python-docx, zipfile and lxml raise many kinds; none may escape
        raise ExtractError(f"{name}: Word-filen är skadad och kan inte läsas ({_reason(error)}).", file_name=name) from None
    notes: list[str] = []
    if body.toc_paragraphs:
        notes.append(f"Innehållsförteckningen ({body.toc_paragraphs} rader) är inte med i texten.")
    if body.tracked_changes:
        notes.append("Dokumentet har spårade ändringar; texten är läst som om alla ändringar vore godkända.")
    if body.text_box_paragraphs:
        notes.append(f"{body.text_box_paragraphs} textrutor eller figurer med text är inte med i texten.")
    text = _tidy(body.text())
    return ExtractedText(text=text, kind="docx", notes=notes)


# -- PDF ------------------------------------------------------------------------------------


def _extract_pdf(data: bytes, name: str, progress: Progress | None = None) -> ExtractedText:
    """A PDF's text by its layout (tertial.pdf_layout): paragraphs, headings, and tables
    as tab-separated rows, whether the tables have rules or only aligned columns."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    from tertial import pdf_layout

    if b"%PDF-" not in data[:1024]:
        raise ExtractError(f"{name}: filen är ingen giltig PDF-fil (PDF-huvudet saknas).", file_name=name)
    notes: list[str] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data), password="")
        pages = pdf.pages
    except Exception as error:  # pdfminer raises many kinds on broken files; none may escape
        cause = _cause(error)
        if isinstance(cause, PDFPasswordIncorrect):
            raise ExtractError(
                f"{name}: PDF-filen är lösenordsskyddad. Ladda upp en kopia utan lösenord.", file_name=name
            ) from None
        if isinstance(cause, (PDFEncryptionError, NotImplementedError)):
            raise ExtractError(
                f"{name}: PDF-filen är krypterad och kan inte läsas här. Spara en kopia utan kryptering "
                "(t.ex. »Skriv ut som PDF«) och ladda upp den.",
                file_name=name,
            ) from None
        raise ExtractError(
            f"{name}: PDF-filen är skadad och kan inte läsas ({_reason(cause)}).", file_name=name
        ) from None
    with pdf:
        if getattr(pdf.doc, "encryption", None):
            notes.append("PDF-filen var krypterad utan lösenord för läsning; texten har lästs ändå.")
        if not pages:
            raise ExtractError(f"{name}: PDF-filen innehåller inga sidor.", file_name=name)
        page_texts: list[pdf_layout.PageText] = []
        for number, page in enumerate(pages, start=1):
            try:
                page_texts.append(pdf_layout.read_page(page, number))
            except Exception as error:  # broken content streams, fonts, images: none may escape
                raise ExtractError(
                    f"{name}, sida {number}: texten på sidan kan inte läsas; PDF-filen är skadad "
                    f"({_reason(_cause(error))}).",
                    file_name=name, page=number,
                ) from None
            finally:
                page.close()  # its parsed objects are not needed again
            if progress:
                progress(number, len(pages))

    letters = [page.letters for page in page_texts]
    if sum(letters) < _MIN_CHARS_PER_PAGE * len(page_texts):
        raise ExtractError(
            f"{name}: PDF-filen innehåller ingen text (skannad bild?) – ladda upp en textbaserad PDF eller Word-filen.",
            file_name=name,
        )
    try:
        composed = pdf_layout.compose(page_texts)
    except Exception as error:  # positions a damaged file gives that no layout can have
        raise ExtractError(
            f"{name}: PDF-filen är skadad och kan inte läsas ({_reason(error)}).", file_name=name
        ) from None
    empty = [str(n) for n, count in enumerate(letters, start=1) if count < _MIN_CHARS_PER_PAGE // 5]
    if empty:
        shown = ", ".join(empty[:10]) + (" …" if len(empty) > 10 else "")
        notes.append(f"{'Sidan' if len(empty) == 1 else 'Sidorna'} {shown} har ingen text (bild eller tom sida?).")
    if composed.toc_lines:
        notes.append(f"Innehållsförteckningen ({composed.toc_lines} rader med sidnummer) är inte med i texten.")
    if composed.running_lines:
        examples: dict[str, str] = {}  # one of each: "Sida 1 av 5" stands for "Sida 2 av 5" and the rest
        for _, text in composed.running_lines:
            examples.setdefault(re.sub(r"\d+", "#", text), _tidy(text))
        texts = list(examples.values())
        shown = ", ".join(f"»{text}«" for text in texts[:3]) + (" …" if len(texts) > 3 else "")
        pages_with = len({page for page, _ in composed.running_lines})
        notes.append(f"Sidhuvud och sidfot ({shown}) på {pages_with} sidor är inte med i texten.")
    if composed.flattened_tables:
        pages_shown = ", ".join(str(n) for n in dict.fromkeys(composed.flattened_tables))
        notes.append(
            f"{'Sidan' if len(set(composed.flattened_tables)) == 1 else 'Sidorna'} {pages_shown} har en "
            "aktivitetstabell utan linjer eller kolumner att läsa den efter; aktiviteterna kan inte läsas säkert "
            "– ladda hellre upp Word-filen."
        )
    text_layer, text_layer_pages = pdf_layout.reading_order_text(page_texts)
    text, word_joins, splits = _join_split_words(_tidy(composed.text) + "\n", composed, notes)
    lines = text.split("\n")
    layout_notes = [Note(index + 1, "tolkning", message, lines[index].strip() if index < len(lines) else None)
                    for index, message in composed.carried_cells]
    return ExtractedText(text=text, kind="pdf", pages=len(page_texts), notes=notes,
                         split_words=splits, word_joins=word_joins, layout_notes=layout_notes,
                         line_pages=composed.line_pages, reading_label=PDF_LAYOUT_READING,
                         alternatives=[Reading(PDF_TEXT_LAYER_READING, _tidy(text_layer) + "\n", text_layer_pages)])


def _join_split_words(text: str, composed, notes: list[str]) -> tuple[str, list[WordJoin], list[SplitWord]]:
    """The text with the words a narrow table column broke mid-word joined where the
    word list knows them (tertial.split_words); the line breaks in cells left go on to
    the import, which knows the organisation and its words."""
    composed_lines = composed.text.split("\n")
    if len(text.split("\n")) != len(composed_lines) + 1:
        return text, [], []  # tidying broke a line in two: the places no longer hold
    def tidied(index: int, column: int) -> tuple[int, int]:
        before = _tidy(composed_lines[index][:column])  # where the break is once the text is tidied
        return index + 1, len(before)

    breaks = [tidied(index, column) for index, column in composed.cell_breaks]
    full = [tidied(index, column) for index, column in composed.full_breaks]
    text, joins, left, more_notes = join_with_word_list(text, breaks, full)
    notes.extend(more_notes)
    return text, joins, left


def _cause(error: Exception) -> Exception:
    """The library's own exception under pdfplumber's wrapper."""
    inner = error.args[0] if error.args else None
    return inner if isinstance(inner, Exception) else error


def _reason(error: Exception) -> str:
    """The technical cause, short, for the person who gets the file fixed."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if len(message) > 80:
        message = message[:80].rsplit(" ", 1)[0] + " …"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


# -- what the document says about itself ----------------------------------------------------

_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"((?:19|20)\d{2})"
_TO = r"\s*(?:–|—|-|−|till(?:\s+och\s+med)?|t\.\s?o\.\s?m\.?|tom)\s*"
_ORDINALS = {"första": 1, "andra": 2, "tredje": 3}

_TERTIAL_NUMBER = re.compile(
    rf"\bterti[aä]l\w*\s*(?:nr\.?\s*)?([1-3])(?:\s*[,/:]\s*|\s*[-–]\s*|\s+)(?:år\s+)?{_YEAR}\b", re.IGNORECASE
)
_T_KEY = re.compile(rf"\bT([1-3])\s*[-/ ]\s*{_YEAR}\b|\b{_YEAR}\s*[-/ ]\s*T([1-3])\b")
_TERTIAL_ORDINAL = re.compile(rf"\b(första|andra|tredje)\s+terti[aä]let\s*(?:[,]\s*)?(?:år\s+)?{_YEAR}\b", re.IGNORECASE)
_ORDINAL_INTRO = re.compile(r"\b(?:avser|gäller|omfattar|per|för)\s+(?:det\s+)?$", re.IGNORECASE)
# What introduces a range as a period. "period" also as the end of a report's compound
# ("Uppföljningsperiod:", "Rapporteringsperiod"), but not of any compound: a
# "mandatperiod" or "projektperiod" is not the report's.
_RANGE_INTRO = re.compile(
    r"\b(?:(?:rapport\w*|redovisnings|uppföljnings|tertial|delårs)?period\w*|avser|omfattar|tiden|gäller)\b",
    re.IGNORECASE,
)
_ISO_RANGE = re.compile(rf"\b{_YEAR}-(\d{{1,2}})-(\d{{1,2}}){_TO}{_YEAR}-(\d{{1,2}})-(\d{{1,2}})\b", re.IGNORECASE)
_DAY_RANGE = re.compile(
    rf"\b(\d{{1,2}})\s+{_MONTH}(?:\s+{_YEAR})?{_TO}(\d{{1,2}})\s+{_MONTH}\s+{_YEAR}\b", re.IGNORECASE
)
_MONTH_RANGE = re.compile(rf"\b{_MONTH}(?:\s+{_YEAR})?{_TO}{_MONTH}\s+{_YEAR}\b", re.IGNORECASE)
# A report names itself also in compounds: "Delårsrapport", "Tertialuppföljning", "Årsredovisning".
_REPORT_WORDS = re.compile(r"\b(?:\w*(?:rapport|redovisning|uppföljning)\w*|avser|omfattar)\b", re.IGNORECASE)
# A report as of a day, a delårsrapport's way: "per den 31 augusti 2024", "per 2024-08-31".
# Not a day that starts a range ("per 2024-05-01 – 2024-08-31"): the ranges read that.
_AS_OF = re.compile(
    rf"\bper\s+(?:den\s+)?(?:{_YEAR}-(\d{{1,2}})-(\d{{1,2}})|(\d{{1,2}})\s+{_MONTH}\s+{_YEAR})\b(?!{_TO}\d)",
    re.IGNORECASE,
)
_TITLE_LINES = 10
_EVIDENCE_LENGTH = 160


@dataclass(frozen=True)
class PeriodHint:
    """What a document says about its period, and where.

    period: 'YYYY-Tn'; as_of: the last day the statement covers (the tertial's last day
    when only the tertial is named, the day itself for a report "per" a day); start: the
    first day, where stated (not for a report as of a day); line: 1-based line of the
    evidence; evidence: that line's text (cut around the statement when long); note:
    Swedish remark where the statement does not name a whole tertial or its last day;
    conflicts: the document's other statements that name another period.
    """

    period: str
    as_of: date
    line: int
    evidence: str
    start: date | None = None
    note: str | None = None
    conflicts: tuple[PeriodHint, ...] = ()

    @property
    def exact(self) -> bool:
        """True when the document names one whole tertial; False for a date range that
        is no whole tertial (the period is then only the suggestion from its end date)."""
        return self.note is None

    def consistent_with(self, period: str) -> bool:
        """Whether a person's choice of period (YYYY-Tn) agrees with what the document
        says: the same tertial, or, for a range that is no whole tertial, any tertial
        the range overlaps (004's 2023-01-01 – 2023-05-31 allows 2023-T1 and 2023-T2)."""
        if period == self.period:
            return True
        if self.exact or self.start is None:
            return False
        chosen = parse_period(period)
        return chosen.start <= self.as_of and self.start <= chosen.end


def detect_period(text: str) -> PeriodHint | None:
    """The first clear statement of the document's period (title lines first), or None."""
    lines = _tidy(text).split("\n")
    title_lines = []
    non_empty = 0
    for index, raw in enumerate(lines):
        if not raw.strip():
            continue
        non_empty += 1
        if non_empty <= _TITLE_LINES or raw.lstrip().startswith("#"):
            title_lines.append(index)
    in_title = set(title_lines)
    order = title_lines + [i for i in range(len(lines)) if i not in in_title]
    hints: list[PeriodHint] = []
    for index in order:
        hint = _period_in_line(lines[index], index + 1, in_title=index in in_title)
        if hint is None and _wraps_onto_next(lines, index):
            # A title or statement the page width broke in two ("… tertiälrapport" /
            # "2 2023"): read as one line, the first line its place.
            following = lines[index + 1]
            if _period_in_line(following, index + 2, in_title=index + 1 in in_title) is None:
                joined = f"{_plain_line(lines[index])} {_plain_line(following)}"
                hint = _period_in_line(joined, index + 1, in_title=index in in_title)
        if hint:
            hints.append(hint)
    if not hints:
        return None
    first = hints[0]
    conflicts = tuple(h for h in hints[1:] if h.period != first.period)
    if conflicts:
        return PeriodHint(first.period, first.as_of, first.line, first.evidence, first.start, first.note, conflicts)
    return first


def _wraps_onto_next(lines: list[str], index: int) -> bool:
    """Whether a line may go on on the next: both hold text, neither is a table row or
    starts a heading of its own, and the first does not end its sentence."""
    if index + 1 >= len(lines):
        return False
    line, following = lines[index].strip(), lines[index + 1].strip()
    return (
        bool(line) and bool(following)
        and "\t" not in lines[index] and "\t" not in lines[index + 1]
        and not following.startswith("#")
        and not line.endswith((".", "!", "?"))
    )


def _period_in_line(raw: str, number: int, *, in_title: bool) -> PeriodHint | None:
    if "\t" in raw and not in_title:
        return None  # a table row speaks of an activity, not of the report
    line = _plain_line(raw)
    if not line:
        return None

    def shown(position: int) -> str:
        if len(line) <= _EVIDENCE_LENGTH:
            return line
        start = max(0, position - _EVIDENCE_LENGTH // 3)
        piece = line[start:start + _EVIDENCE_LENGTH]
        return ("…" if start else "") + piece + ("…" if start + _EVIDENCE_LENGTH < len(line) else "")

    def from_tertial(tertial: int, year: int, position: int) -> PeriodHint:
        period = Period(year, tertial)
        return PeriodHint(period.key, period.end, number, shown(position), start=period.start)

    found: list[tuple[int, PeriodHint]] = []
    for match in _TERTIAL_NUMBER.finditer(line):
        found.append((match.start(), from_tertial(int(match.group(1)), int(match.group(2)), match.start())))
    for match in _T_KEY.finditer(line):
        tertial, year = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        found.append((match.start(), from_tertial(int(tertial), int(year), match.start())))
    for match in _TERTIAL_ORDINAL.finditer(line):
        if in_title or _ORDINAL_INTRO.search(line[: match.start()]):
            found.append((match.start(), from_tertial(_ORDINALS[match.group(1).lower()], int(match.group(2)), match.start())))
    # A date range or a day in a title line names the report's period as it stands. In the
    # body, where deadlines and decisions are dated all the time, only when the line says
    # it is the report's period ("Rapporten avser perioden …", "Uppföljning per …"). A
    # table row among the title lines may be an activity's: there a range needs its
    # introduction (a cover table's "Period\t…"), a day the report's word, as in the body.
    plain_title = in_title and "\t" not in raw
    for pattern in (_ISO_RANGE, _DAY_RANGE, _MONTH_RANGE):
        for match in pattern.finditer(line):
            if not plain_title:
                before = line[max(0, match.start() - 60): match.start()]
                if not _RANGE_INTRO.search(before):
                    continue
                if not in_title and not _REPORT_WORDS.search(line[: match.start()]):
                    continue
            span = _range_dates(pattern, match)
            if span is None:
                continue
            start, end = span
            period = period_of(end)
            note = None
            if start != period.start or end != period.end:
                note = (
                    f"Perioden {start.isoformat()} – {end.isoformat()} är ingen hel tertial; "
                    f"slutdatumet ligger i tertial {period.tertial} {period.year}, som föreslås."
                )
            found.append((match.start(), PeriodHint(period.key, end, number, shown(match.start()), start=start, note=note)))
    for match in _AS_OF.finditer(line):
        if not plain_title and not _REPORT_WORDS.search(line[: match.start()]):
            continue  # "per" introduces a day as weakly as any deadline's "klar per …"
        day = _as_of_day(match)
        if day is None:
            continue
        period = period_of(day)
        note = None
        if day != period.end:
            note = (
                f"Rapporten gäller per {day.isoformat()}, som inte är sista dagen i en tertial; "
                f"dagen ligger i tertial {period.tertial} {period.year}, som föreslås."
            )
        found.append((match.start(), PeriodHint(period.key, day, number, shown(match.start()), note=note)))
    if not found:
        return None
    return min(found, key=lambda item: item[0])[1]


_CELL_PARAGRAPH_MARK = re.compile(r"</?p>")


def _plain_line(raw: str) -> str:
    if "\t" in raw and "<p>" in raw:
        # A table cell's paragraphs (a title on a cover table: "Tertialrapport 2" / "2024")
        # read on as one line.
        raw = html.unescape(_CELL_PARAGRAPH_MARK.sub(" ", raw))
    line = re.sub(r"^\s*#{1,6}\s+", "", raw)
    line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
    return " ".join(line.split())


def _as_of_day(match: re.Match) -> date | None:
    year, month, day, day_of_month, month_name, year_of_month = match.groups()
    try:
        if year:
            return date(int(year), int(month), int(day))
        return date(int(year_of_month), MONTHS[month_name.lower()], int(day_of_month))
    except (ValueError, KeyError):
        return None


def _range_dates(pattern: re.Pattern, match: re.Match) -> tuple[date, date] | None:
    g = match.groups()
    try:
        if pattern is _ISO_RANGE:
            start = date(int(g[0]), int(g[1]), int(g[2]))
            end = date(int(g[3]), int(g[4]), int(g[5]))
        elif pattern is _DAY_RANGE:
            end_year = int(g[5])
            start_year = int(g[2]) if g[2] else end_year
            start = date(start_year, MONTHS[g[1].lower()], int(g[0]))
            end = date(end_year, MONTHS[g[4].lower()], int(g[3]))
        else:
            end_year = int(g[3])
            start_year = int(g[1]) if g[1] else end_year
            start = date(start_year, MONTHS[g[0].lower()], 1)
            end_month = MONTHS[g[2].lower()]
            end = (date(end_year + 1, 1, 1) if end_month == 12 else date(end_year, end_month + 1, 1)) - timedelta(days=1)
    except (ValueError, KeyError):
        return None
    if end < start:
        return None
    return start, end


# Words that can stand capitalised before "kommun" without being its name.
_NOT_NAMES = {
    "den", "denna", "detta", "det", "varje", "en", "ett", "vår", "var", "hela", "annan", "annat", "egen",
    "samma", "vilken", "vilket", "hur", "som", "att", "per", "och", "i", "vid", "för", "till", "från",
    "med", "om", "av", "på", "inom", "mellan", "under", "efter", "före", "ny", "nya", "alla", "övriga",
    "närmaste", "aktuell", "berörd", "respektive", "sveriges", "svensk", "svenska", "rapport", "kommun",
}
# First words of two-word municipality names (Upplands Väsby, Lilla Edet, Östra Göinge).
_NAME_PREFIXES = {"upplands", "lilla", "östra", "västra", "norra", "södra", "övre", "nedre", "stora"}
_CAP = r"[A-ZÅÄÖÉÜ][a-zåäöéüA-ZÅÄÖÉÜ]*(?:-[A-ZÅÄÖÉÜ][a-zåäöéü]*)?"
_KOMMUN = re.compile(rf"(?<![\w-])((?:{_CAP}\s+)?{_CAP})\s+kommuns?\b")
_KOMMUN_UPPER = re.compile(r"(?<![\w-])([A-ZÅÄÖ]{2,}(?:-[A-ZÅÄÖ]{2,})?)\s+KOMMUNS?\b")


def detect_organisation(text: str) -> str | None:
    """The municipality the document is about: the most frequent "<Name> kommun"."""
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    text = _tidy(text)
    candidates = [(m.start(), m.group(1)) for m in _KOMMUN.finditer(text)]
    candidates += [(m.start(), m.group(1).capitalize()) for m in _KOMMUN_UPPER.finditer(text)]
    for position, phrase in candidates:
        words = phrase.split()
        if len(words) == 2 and words[0].lower() not in _NAME_PREFIXES:
            words = words[1:]
        if not words or words[0].lower() in _NOT_NAMES or (len(words) == 1 and words[0].lower() in _NAME_PREFIXES):
            continue
        name = " ".join(words)
        counts[name] += 1
        first_seen.setdefault(name, position)
    if not counts:
        return None
    best = max(counts, key=lambda n: (counts[n], -first_seen[n]))
    return f"{best} kommun"
