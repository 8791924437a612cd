"""A two-glyph font for the marks DejaVu Sans lacks: ⏸ (Vänteläge) and ⏰ (försenad).

The PDF is drawn with DejaVu Sans, bundled in tertial/fonts, which has the grades' and
the other statuses' marks (● ▲ ◆ ■ ○ ✓ ▶) but not these two; the only font on a Debian
machine that has them is a colour emoji font, which a PDF library cannot embed as text.
So the two glyphs are drawn here, as plain outlines the size of DejaVu's ■ and ●, and
the PDF writer uses this font as its fallback: the marks stay text (a reader's search,
copy and screen reader get ⏸ and ⏰), not pictures.
"""

from __future__ import annotations

import functools
import io
import math

FAMILY = "TertialSymbols"
UNITS_PER_EM = 2048  # as DejaVu Sans, so the metrics below read as DejaVu's
ASCENT, DESCENT = 1901, -483  # DejaVu Sans's line metrics
# DejaVu's ▶ and ■ stand on -252 and reach 1316: the marks share that box.
BOTTOM, TOP = -252, 1316
PAUSE = 0x23F8
ALARM_CLOCK = 0x23F0


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
