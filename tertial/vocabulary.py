"""The canonical vocabularies of goal grades and activity statuses, and how the
reports' many spellings of them map onto those names."""

from __future__ import annotations

import re
import unicodedata

GRADES = ("Uppfyllt", "Delvis uppfyllt", "Knappt uppfyllt", "Ej uppfyllt")
NOT_GRADED = "Ej bedömd"
GRADE_SYMBOLS = {"Uppfyllt": "●", "Delvis uppfyllt": "▲", "Knappt uppfyllt": "◆", "Ej uppfyllt": "■"}
SYMBOL_GRADES = {symbol: grade for grade, symbol in GRADE_SYMBOLS.items()}

STATUSES = (
    "Avslutad enligt plan",
    "Avslutad med avvikelse",
    "Pågående enligt plan",
    "Pågående med avvikelse",
    "Vänteläge",
    "Ej påbörjad",
)
FINISHED_STATUSES = ("Avslutad enligt plan", "Avslutad med avvikelse")
DEVIATION_STATUSES = ("Avslutad med avvikelse", "Pågående med avvikelse", "Vänteläge")

# The first words of every status, used to tell a mistyped status from ordinary text.
STATUS_OPENING_WORDS = ("avslutad", "avslutat", "pågående", "pågår", "vänteläge", "ej påbörja", "ej startad")

# Month names and their usual abbreviations, as activity tables print a month ("dec 2024").
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

_GRADE_SPELLINGS = {
    "uppfyllt": "Uppfyllt",
    "uppfylld": "Uppfyllt",
    "delvis uppfyllt": "Delvis uppfyllt",
    "delvis uppfylld": "Delvis uppfyllt",
    "knappt uppfyllt": "Knappt uppfyllt",
    "knappt uppfylld": "Knappt uppfyllt",
    "ej uppfyllt": "Ej uppfyllt",
    "ej uppfylld": "Ej uppfyllt",
    "inte uppfyllt": "Ej uppfyllt",
}

_STATUS_SPELLINGS = {status.lower(): status for status in STATUSES}
_STATUS_SPELLINGS.update(
    {
        "avslutad med avvikelser": "Avslutad med avvikelse",
        "pågående med avvikelser": "Pågående med avvikelse",
        "avslutat enligt plan": "Avslutad enligt plan",
        "avslutat med avvikelse": "Avslutad med avvikelse",
        "ej påbörjat": "Ej påbörjad",
    }
)

# At most one qualifier before the verb: "nästan uppfyllt" is a (bad) grade line,
# "målet bedöms som uppfyllt" is a sentence.
_GRADE_LIKE = re.compile(r"^(?:(?:ej|inte)\s+)?(?:[a-zåäö]+\s+)?uppfyll[a-zåäö]*$")

# Symbols, bullets and markup residue that reports put before a status or grade.
_LEADING_MARKS = re.compile(r"^[\W_]+", re.UNICODE)


def _plain_words(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _LEADING_MARKS.sub("", text.strip())
    text = re.sub(r"\s+", " ", text).strip().rstrip(".").strip()
    return text.lower()


def normalise_status(text: str) -> str | None:
    """The canonical status for a cell or line as printed, or None if it is no status."""
    return _STATUS_SPELLINGS.get(_plain_words(text))


# The statuses without their spaces: a narrow table cell can break a word over two lines
# ("Vänteläg" / "e"), which the text of a PDF gives back as two words.
_STATUS_WITHOUT_SPACES = {spelling.replace(" ", ""): status for spelling, status in _STATUS_SPELLINGS.items()}


def status_broken_over_lines(text: str) -> str | None:
    """The canonical status a cell names once the breaks a narrow column put into its words
    are taken out ("Vänteläg e", "Pågåend e enligt plan"), or None."""
    return _STATUS_WITHOUT_SPACES.get(_plain_words(text).replace(" ", ""))


def status_alias_key(printed: str) -> str:
    """How a printed status word is compared with the words a person has decided
    (status aliases): without leading marks, spaces collapsed, lower case, no final dot."""
    return _plain_words(printed)


def looks_like_status(text: str) -> bool:
    """True for a short line that opens like a status, whether or not it is a known one."""
    words = _plain_words(text)
    return len(words) <= 40 and words.startswith(STATUS_OPENING_WORDS)


def leading_symbol(text: str) -> str | None:
    stripped = text.strip().lstrip("#").strip()
    return stripped[:1] if stripped[:1] in SYMBOL_GRADES else None


def normalise_grade(text: str) -> str | None:
    """The canonical grade for a grade line as printed (symbol and/or words), or None."""
    words = _plain_words(text)
    if words:
        return _GRADE_SPELLINGS.get(words)
    symbol = leading_symbol(text)
    return SYMBOL_GRADES.get(symbol) if symbol else None


def looks_like_grade(text: str) -> bool:
    """True for a short line that reads like a grade, known or not (to catch typos)."""
    words = _plain_words(text)
    if leading_symbol(text) and len(words) <= 40:
        return True
    return bool(_GRADE_LIKE.match(words))


# A grade given as a labelled line ("Bedömning: Delvis uppfyllt", "Måluppfyllelse: grönt").
_GRADE_LABEL = re.compile(
    r"^(?:bedömd\s+|samlad\s+)?(?:bedömning|måluppfyllelse|måluppfyllnad|målbedömning)\s*[:=–—-]\s*(\S.*)$",
    re.IGNORECASE,
)
# A grade inside a short phrase: "Målet är delvis uppfyllt", "bedöms inte bli uppfyllt".
_GRADE_PHRASE = re.compile(r"(?:\b(delvis|knappt|ej|inte)\s+(?:(?:bli|vara|helt)\s+)?)?\buppfyll[td]\b", re.IGNORECASE)
# Colour words that municipalities grade with, to the colour they name.
COLOURS = {"grönt": "grön", "grön": "grön", "gult": "gul", "gul": "gul", "rött": "röd", "röd": "röd",
           "orange": "orange", "grått": "grå", "grå": "grå"}
_LEGEND_ENTRY = re.compile(
    r"^[\W_]*(" + "|".join(sorted(COLOURS, key=len, reverse=True)) + r")\b\s*(?:=|:|–|—|-)\s*(\S.*)$",
    re.IGNORECASE,
)
# A legend of symbols a municipality grades with ("😊 = Målet är uppfyllt"): one symbol,
# neither letter nor digit, then what it means.
_SYMBOL_LEGEND_ENTRY = re.compile(r"^([^\w\s])\ufe0f?\s*(?:=|:|–|—|-)\s*(\S.*)$")
# Phrases longer than this are sentences about a grade, not a grade.
_SHORT_PHRASE_WORDS = 8


def labelled_grade(text: str) -> str | None:
    """What a labelled grade line says after its label, or None for any other line."""
    line = re.sub(r"\s+", " ", _LEADING_MARKS.sub("", unicodedata.normalize("NFC", text).strip()))
    match = _GRADE_LABEL.match(line)
    return match.group(1).strip().rstrip(".").strip() if match else None


def grade_in_phrase(text: str) -> str | None:
    """The grade a short phrase states ("Målet är delvis uppfyllt" → Delvis uppfyllt)."""
    words = _plain_words(text)
    if len(words.split()) > _SHORT_PHRASE_WORDS:
        return None
    matches = list(_GRADE_PHRASE.finditer(words))
    if len(matches) != 1:
        return None  # none, or two grades in one phrase: not one grade
    qualifier = (matches[0].group(1) or "").lower()
    return {"delvis": "Delvis uppfyllt", "knappt": "Knappt uppfyllt", "ej": "Ej uppfyllt",
            "inte": "Ej uppfyllt"}.get(qualifier, "Uppfyllt")


def colour_of(text: str) -> str | None:
    """The colour a grade given as a colour word names ("Grönt", "röd."), or a lone symbol
    outside the reports' own four (● ▲ ◆ ■) that a legend may explain ("😊"); else None."""
    colour = COLOURS.get(_plain_words(text))
    if colour:
        return colour
    symbol = unicodedata.normalize("NFC", text).strip().rstrip(".").replace("\ufe0f", "").strip()
    return symbol if len(symbol) == 1 and not symbol.isalnum() and symbol not in SYMBOL_GRADES else None


def legend_entry(line: str) -> tuple[str, str] | None:
    """(colour or symbol, grade) of a line of a legend ("Grönt = Målet är uppfyllt",
    "😊 = Delmålet bedöms bli uppfyllt")."""
    line = unicodedata.normalize("NFC", line.strip())
    match = _LEGEND_ENTRY.match(line)
    if match:
        key, meaning = COLOURS[match.group(1).lower()], match.group(2)
    else:
        match = _SYMBOL_LEGEND_ENTRY.match(line)
        if not match or match.group(1) in SYMBOL_GRADES:
            return None
        key, meaning = match.group(1), match.group(2)
    grade = normalise_grade(meaning) or grade_in_phrase(meaning)
    return (key, grade) if grade else None
