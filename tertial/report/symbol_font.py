"""A two-glyph font for the marks DejaVu Sans lacks: ⏸ (Vänteläge) and ⏰ (försenad).

The PDF is drawn with DejaVu Sans, bundled in tertial/fonts, which has the grades' and
the other statuses' marks (● ▲ ◆ ■ ○ ✓ ▶) but not these two; the only font on a Debian
machine that has them is a colour emoji font, which a PDF library cannot embed as text.
So the two glyphs are drawn here, as plain outlines the size of DejaVu's ■ and ●, and
the PDF writer uses this font as its fallback: the marks stay text (a reader's search,
copy and screen reader get ⏸ and ⏰), not pictures.

The Word file needs one font that has every mark, embedded in the file: Word on Windows
finds them in Segoe UI Symbol, but LibreOffice and Word elsewhere may have no font with
⏸ and ⏰ at all. mark_font_bytes() is that font, "Tertial Symbols": DejaVu Sans's glyphs
for the marks (its licence allows a modified copy under another name, with its notices,
which the name table keeps) and the two drawn here.
"""

from __future__ import annotations

import functools
import io
import math
from pathlib import Path

from tertial.visual import GRADE_SYMBOLS, OVERDUE_MARK, STATUS_SYMBOLS

FAMILY = "TertialSymbols"
UNITS_PER_EM = 2048  # as DejaVu Sans, so the metrics below read as DejaVu's
ASCENT, DESCENT = 1901, -483  # DejaVu Sans's line metrics
# DejaVu's ▶ and ■ stand on -252 and reach 1316: the marks share that box.
BOTTOM, TOP = -252, 1316
PAUSE = 0x23F8
ALARM_CLOCK = 0x23F0

MARK_FAMILY = "Tertial Symbols"
# Every character of every mark ("✓!" and "▶!" included), and the space after one.
MARK_CHARACTERS = frozenset("".join((*GRADE_SYMBOLS.values(), *STATUS_SYMBOLS.values(), OVERDUE_MARK, " ")))
DEJAVU = Path(__file__).resolve().parent.parent / "fonts" / "DejaVuSans.ttf"
# The DejaVu name records kept as they are: its copyright, trademark and licence notices
# (the licence asks them to go with every copy), and who made it.
_KEPT_NAMES = {0, 7, 8, 11, 13, 14}


def _rectangle(pen, x0: float, y0: float, x1: float, y1: float) -> None:
    # Clockwise: TrueType fills a clockwise contour.
    pen.moveTo((x0, y0))
    pen.lineTo((x0, y1))
    pen.lineTo((x1, y1))
    pen.lineTo((x1, y0))
    pen.closePath()


def _circle(pen, cx: float, cy: float, radius: float, clockwise: bool = True, segments: int = 16) -> None:
    """A circle of quadratic arcs; counter-clockwise inside a clockwise one cuts a hole."""
    step = (-1 if clockwise else 1) * 2 * math.pi / segments
    # An off-curve point at radius/cos(half a step) makes each arc touch the circle.
    control = radius / math.cos(step / 2)
    pen.moveTo((round(cx + radius), round(cy)))
    for index in range(segments):
        middle = (index + 0.5) * step
        end = (index + 1) * step
        off = (round(cx + control * math.cos(middle)), round(cy + control * math.sin(middle)))
        on = (round(cx + radius * math.cos(end)), round(cy + radius * math.sin(end)))
        pen.qCurveTo(off, on)
    pen.closePath()


def _pause(pen) -> int:
    """⏸: two upright bars. Returns the advance width (DejaVu's ▶)."""
    _rectangle(pen, 260, BOTTOM, 660, TOP)
    _rectangle(pen, 915, BOTTOM, 1315, TOP)
    return 1575


def _alarm_clock(pen) -> int:
    """⏰: a clock face (ring and two hands), two bells on top and two feet, filling the
    marks' box from BOTTOM to TOP as ■ does (a smaller face read as a dot beside ■ and ▶)."""
    cx, cy, outer, ring = 894, 470, 700, 150
    _circle(pen, cx, cy, outer)
    _circle(pen, cx, cy, outer - ring, clockwise=False)
    _rectangle(pen, cx - 60, cy - 45, cx + 60, cy + 400)  # the hour hand, to twelve
    _rectangle(pen, cx - 45, cy - 60, cx + 320, cy + 60)  # the minute hand, to three
    for side in (-1, 1):
        _circle(pen, cx + side * 560, cy + 640, 200)  # a bell, its top at TOP
        foot_x = cx + side * 470
        _rectangle(pen, min(foot_x, foot_x + side * 150), BOTTOM, max(foot_x, foot_x + side * 150), cy - 520)
    return 1787


@functools.lru_cache(maxsize=1)
def font_bytes() -> bytes:
    """The font as a TrueType file."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    glyphs, advances = {}, {}
    empty = TTGlyphPen(None)
    glyphs[".notdef"], advances[".notdef"] = empty.glyph(), 1000
    for name, draw in (("uni23F8", _pause), ("uni23F0", _alarm_clock)):
        pen = TTGlyphPen(None)
        advances[name] = draw(pen)
        glyphs[name] = pen.glyph()
    builder = FontBuilder(UNITS_PER_EM, isTTF=True)
    builder.setupGlyphOrder(list(glyphs))
    builder.setupCharacterMap({PAUSE: "uni23F8", ALARM_CLOCK: "uni23F0"})
    builder.setupGlyf(glyphs)
    metrics = {}
    for name, glyph in glyphs.items():
        glyph.recalcBounds(builder.font["glyf"])
        metrics[name] = (advances[name], getattr(glyph, "xMin", 0))
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    builder.setupNameTable({"familyName": FAMILY, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=ASCENT, sTypoDescender=DESCENT, usWinAscent=ASCENT, usWinDescent=-DESCENT)
    builder.setupPost()
    buffer = io.BytesIO()
    builder.save(buffer)
    return buffer.getvalue()


_DRAWN = {PAUSE: ("uni23F8", _pause), ALARM_CLOCK: ("uni23F0", _alarm_clock)}


@functools.lru_cache(maxsize=1)
def mark_font_bytes() -> bytes:
    """"Tertial Symbols" as a TrueType file: every character of MARK_CHARACTERS."""
    from fontTools import subset
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = ["*"]  # the notices; the names proper are replaced below
    options.name_languages = ["*"]
    options.hinting = False  # DejaVu's hinting is for its whole repertoire; the marks are plain shapes
    options.layout_features = []
    options.drop_tables += ["FFTM", "MATH", "kern"]
    options.notdef_outline = True
    font = TTFont(DEJAVU)
    has = font.getBestCmap()
    drawn = {code for code in map(ord, MARK_CHARACTERS) if code not in has}
    if missing := drawn - set(_DRAWN):
        raise ValueError("No glyph for the marks " + "".join(map(chr, sorted(missing))))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for code in map(ord, MARK_CHARACTERS) if code in has])
    subsetter.subset(font)

    order = font.getGlyphOrder()
    glyf, hmtx = font["glyf"], font["hmtx"]
    for code in sorted(drawn):
        name, draw = _DRAWN[code]
        pen = TTGlyphPen(None)
        advance = draw(pen)
        glyph = pen.glyph()
        glyph.recalcBounds(glyf)
        order.append(name)
        glyf[name] = glyph
        hmtx[name] = (advance, glyph.xMin)
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap[code] = name
    font.setGlyphOrder(order)
    font["post"].formatType = 3.0  # no glyph names: the cmap is all a reader needs
    os2 = font["OS/2"]
    codes = sorted(font.getBestCmap())
    os2.usFirstCharIndex, os2.usLastCharIndex = codes[0], min(codes[-1], 0xFFFF)
    os2.recalcUnicodeRanges(font)
    _rename(font["name"])
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _rename(names) -> None:
    """MARK_FAMILY's names in place of DejaVu Sans's: the Bitstream Vera and Arev licences
    let a modified copy go out under a name without "Bitstream", "Vera" or "Arev", and
    no reader should take this subset for DejaVu Sans itself."""
    names.names = [record for record in names.names if record.nameID in _KEPT_NAMES]
    postscript = MARK_FAMILY.replace(" ", "")
    for name_id, value in ((1, MARK_FAMILY), (2, "Regular"), (3, f"{postscript}-Regular"), (4, MARK_FAMILY),
                           (5, "Version 1.0"), (6, postscript)):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
