"""How grades look, in one place, so that every chart, table and legend agrees.

Colours are Okabe-Ito (safe for the common colour-vision deficiencies) arranged as a
blue → orange ramp from best to worst grade; the reports' own symbols (● ▲ ◆ ■) go
with every label, so a grade never depends on colour alone. "Ej bedömd" is not a grade:
it is neutral grey, hatched, with a hollow symbol.
"""

from __future__ import annotations

from collections.abc import Sequence

import re

from tertial.vocabulary import GRADE_SYMBOLS as REPORT_GRADE_SYMBOLS
from tertial.vocabulary import GRADES, NOT_GRADED, STATUSES

GRADE_ORDER: tuple[str, ...] = (*GRADES, NOT_GRADED)

GRADE_SYMBOLS: dict[str, str] = {**REPORT_GRADE_SYMBOLS, NOT_GRADED: "○"}

GRADE_COLOURS: dict[str, str] = {
    "Uppfyllt": "#0072B2",  # Okabe-Ito blue
    "Delvis uppfyllt": "#56B4E9",  # sky blue
    "Knappt uppfyllt": "#E69F00",  # orange
    "Ej uppfyllt": "#D55E00",  # vermillion
    NOT_GRADED: "#A6A6A6",  # neutral grey: absence of a grade, not a grade
}

# Text drawn on a bar of that colour: the choice with the higher contrast (WCAG), at
# least 4.5:1 (WCAG 2.1 AA, 1.4.3): white on blue 5.2:1; #1A1A1A on sky blue 7.5:1, on
# orange 7.7:1, on grey 7.2:1; black on vermillion 5.4:1 (#1A1A1A there would be 4.50:1,
# with no margin at all).
GRADE_TEXT_COLOURS: dict[str, str] = {
    "Uppfyllt": "#FFFFFF",
    "Delvis uppfyllt": "#1A1A1A",
    "Knappt uppfyllt": "#1A1A1A",
    "Ej uppfyllt": "#000000",
    NOT_GRADED: "#1A1A1A",
}

# The charts' axis numbers and titles: Streamlit's grey (#808495, 3.7:1 on white) made
# darker in the same hue, 6.0:1 on the charts' white ground (WCAG 2.1 AA asks 4.5:1).
AXIS_TEXT_COLOUR = "#5F6373"

# A fill pattern as a second cue besides colour; grades stay solid.
GRADE_PATTERNS: dict[str, str] = {grade: "" for grade in GRADES} | {NOT_GRADED: "/"}

# Activity statuses: the reports' symbols (✓ ▶ ⏸ ■), "!" added for "med avvikelse";
# blue for finished, green for going to plan, orange/purple for deviation and waiting.
STATUS_ORDER: tuple[str, ...] = STATUSES
STATUS_COLOURS: dict[str, str] = {
    "Avslutad enligt plan": "#0072B2",  # blue
    "Avslutad med avvikelse": "#56B4E9",  # sky blue
    "Pågående enligt plan": "#009E73",  # bluish green
    "Pågående med avvikelse": "#E69F00",  # orange
    "Vänteläge": "#CC79A7",  # reddish purple
    "Ej påbörjad": "#A6A6A6",  # grey
}
STATUS_SYMBOLS: dict[str, str] = {
    "Avslutad enligt plan": "✓",
    "Avslutad med avvikelse": "✓!",
    "Pågående enligt plan": "▶",
    "Pågående med avvikelse": "▶!",
    "Vänteläge": "⏸",
    "Ej påbörjad": "■",
}
# Overdue activities are marked the same way everywhere.
OVERDUE_MARK = "⏰"
# Overdue is said in red as well as by its mark and words: 6.5:1 against white (WCAG AA for text).
OVERDUE_COLOUR = "#B91C1C"

GOAL_LEVEL_NAMES = {"KS": "kommunstyrelsen", "KF": "kommunfullmäktige"}
GOAL_LEVEL_LABELS = {"KS": "Kommunstyrelsens mål (KS)", "KF": "Kommunfullmäktiges mål (KF)"}

SWEDISH_MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip

# Plotly's number format: decimal comma, (non-breaking) space between thousands.
PLOTLY_SEPARATORS = ",\u00a0"


def grade_label(grade: str | None) -> str:
    """'● Uppfyllt'; a missing grade is 'Ej bedömd'."""
    grade = grade or NOT_GRADED
    return f"{GRADE_SYMBOLS[grade]} {grade}"


def status_label(status: str) -> str:
    """'▶! Pågående med avvikelse'."""
    return f"{STATUS_SYMBOLS[status]} {status}"


def goal_level_label(level: str) -> str:
    return GOAL_LEVEL_LABELS.get(level, level)


def swedish_percent(share: float | None) -> str:
    """0.333 → '33 %' (Swedish writes a space before the percent sign)."""
    if share is None:
        return "–"
    return f"{round(share * 100)}\u00a0%"


def whole_percents(counts: Sequence[int]) -> list[int]:
    """Each count's share of their sum in whole percent, adding up to exactly 100 (the
    largest-remainder method: everyone gets the floor, then the largest remainders a point
    each; ties go to the larger count, then the earlier). All zeros: all zeros."""
    total = sum(counts)
    if total <= 0:
        return [0] * len(counts)
    exact = [count * 100 / total for count in counts]
    shares = [int(value) for value in exact]
    by_remainder = sorted(range(len(counts)), key=lambda index: (-(exact[index] - shares[index]), -counts[index], index))
    for index in by_remainder[:100 - sum(shares)]:
        shares[index] += 1
    return shares


def swedish_percents(counts: Sequence[int]) -> list[str]:
    """whole_percents as Swedish writes them ('33\u00a0%'), '–' each when there is nothing to share."""
    if sum(counts) <= 0:
        return ["–"] * len(counts)
    return [f"{share}\u00a0%" for share in whole_percents(counts)]


def swedish_list(parts: Sequence[str]) -> str:
    """['a', 'b', 'c'] → 'a, b och c' (no comma before 'och', as Swedish writes it)."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


def swedish_date(day) -> str:
    """date(2023, 8, 31) → '31 augusti 2023'."""
    return f"{day.day} {SWEDISH_MONTHS[day.month - 1]} {day.year}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$^=])")


def escape_markdown(text: str) -> str:
    """Report text shown as Markdown exactly as written: no emphasis, lists, links or
    formulas ($ starts LaTeX in Streamlit) that the report's author did not intend."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
