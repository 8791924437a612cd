"""The report's own words: the administration's introduction and closing analysis, as the
period's reports print them (queries/report_own_text.sql), so the committee reads them in
Tertial's report too (seed 001's "Det kvarstår fyra månader …").

The report's own section numbers ("1 Inledning") belong to its layout, not this one's, so
headings are given without them; each section says which file and line it comes from.
Pure functions; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from tertial.report.model import META, Paragraph, Section

INTRODUCTION = "inledning"
CLOSING = "avslutning"
_NUMBERING = re.compile(r"^\d+(?:\.\d+)*\.?\s+")


def heading_text(heading: str | None, report_title: str) -> str:
    """'1.14 Rapportering och uppföljning' → 'Rapportering och uppföljning'; a section
    without a heading (a memo's opening lines) is named after its report."""
    if not heading or not heading.strip():
        return f"Ur »{report_title}«"
    return _NUMBERING.sub("", heading.strip()) or heading.strip()


def own_text_sections(rows: Sequence[Mapping], place: str, title: str) -> list[Section]:
    """One level-1 section titled title holding each of the rows at place as a level-2 part;
    none when there is nothing to say."""
    chosen = [row for row in rows if row["place"] == place]
    if not chosen:
        return []
    files = {row["report_file"] for row in chosen}
    section = Section(title, 1, [Paragraph(
        "Rapportens egen text, som förvaltningen skrev den." if len(files) == 1 else
        "Rapporternas egna texter, som förvaltningen och enheterna skrev dem.", META)])
    parts = [section]
    for row in chosen:
        part = Section(heading_text(row["heading"], row["report_title"]), 2)
        part.blocks.extend(Paragraph(text.strip()) for text in re.split(r"\n\s*\n", row["text"]) if text.strip())
        part.blocks.append(Paragraph(f"Ur {row['report_file']}, rad {row['source_line']}.", META))
        parts.append(part)
    return parts
