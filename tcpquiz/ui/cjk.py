"""Line breaking for Chinese text in rich.

rich breaks lines only at whitespace, so a Chinese paragraph with a Latin word in
it ("先发 FIN 的叫主动关闭方…") is one long "word" after the Latin one and jumps to
the next line, leaving half a line empty. Chinese may break between any two
characters, except before closing punctuation (，。、…), which stays with the
character before it. No library does this for rich, so tcpquiz teaches rich's
word splitter those two rules. If rich's private splitter ever changes shape,
this does nothing and text still renders, only wrapped less well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tcpquiz.text import word_pattern

# On text with no character from U+1100 on (ASCII, and Latin-1 such as the "·" between the
# parts of the review's header) the rule of word_pattern is rich's own: runs of non-space
# with their spaces, as the wide scripts (Hangul Jamo, U+1100, is the first) and the opening
# brackets (from U+2018) are all above it. Compiling its large character classes takes a
# tenth of the time importing typer does, so the review's first card, in English, is drawn
# without it.
_RICH_WORD = re.compile(r"\s*\S+\s*")
_FIRST_WIDE = "\u1100"

_enabled = False


def words(text: str) -> Iterable[tuple[int, int, str]]:
    """Like rich's splitter, but each Chinese character (with its punctuation) is a word."""
    word = _RICH_WORD if text.isascii() or max(text) < _FIRST_WIDE else word_pattern()
    position = 0
    match = word.match(text, position)
    while match is not None and match.end() > position:
        yield match.start(), match.end(), match.group(0)
        position = match.end()
        match = word.match(text, position)


def enable_cjk_wrapping() -> None:
    global _enabled
    if _enabled:
        return
    from rich import _wrap

    if callable(getattr(_wrap, "words", None)) and callable(getattr(_wrap, "divide_line", None)):
        _wrap.words = words
    _enabled = True
