"""The CJK font the HTML cheat sheet carries inside it, so that Chinese shows on a machine
with no CJK font of its own: WenQuanYi Micro Hei (the PDF's font), cut down to the glyphs
the sheet uses and embedded as a WOFF data URL (a few tens of KB instead of 5 MB)."""

from __future__ import annotations

import base64
import io
import logging
import re

from tcpquiz.text import CJK_TEXT, code_ranges

FAMILY = "tcpquiz-cjk"  # the name the sheet's CSS gives the embedded font


# CJK ideographs and punctuation, kana, Hangul and full-width forms: what a Latin font lacks.
# The font is declared for these alone (unicode-range), so it can come first in the font stack
# without touching Latin text: Chromium on Linux shows a box for a CJK character when a Latin
# font it found through fontconfig (Arial, say) comes before the font that has the glyph.
WIDE_RANGES = code_ranges(CJK_TEXT)
_WIDE = re.compile(f"[{CJK_TEXT}]")


def font_face(text: str) -> str:
    """An @font-face rule embedding the glyphs of `text`'s CJK characters, or "" when it has none."""
    wide = sorted(set(_WIDE.findall(text)))
    if not wide:
        return ""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from tcpquiz.export.cheatsheet.pdf import font_path

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM NOT subset" and the like: not news
    options = subset.Options()
    options.flavor = "woff"  # zlib-compressed; WOFF2 would need brotli
    options.hinting = False
    options.layout_features = []
    options.notdef_outline = True
    # The font keeps its own "modified" time, so the same sheet gives the same bytes.
    font = TTFont(font_path(), fontNumber=0, lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(wide))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    ranges = ", ".join(f"U+{low:X}-{high:X}" for low, high in WIDE_RANGES)
    return (f'@font-face {{ font-family: "{FAMILY}"; src: url(data:font/woff;base64,{data}) format("woff"); '
            f"unicode-range: {ranges}; }}\n")
