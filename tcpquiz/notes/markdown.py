"""The markdown-it parser the notes are read with, and the two cloze forms as inline tokens.

CommonMark plus tables (GFM), `$...$` math (mdit-py-plugins dollarmath, so `$SYN=1$`
reads as `SYN=1`) and footnotes (so `[^1]` is not mistaken for a link). Cloze
deletions get their own inline token, `cloze`, so they are found the way everything
else is, and never inside code:

* `==text==`, a highlight, as the Obsidian Spaced Repetition plugin reads it;
* `{{c1::text}}` and `{{c1::text::hint}}`, Anki's form.

Imported lazily: `import tcpquiz.notes` must not pay for markdown-it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

_ANKI_CLOZE = re.compile(r"\{\{c(\d{1,3})::(.+?)(?:::(.*?))?\}\}")


def _cloze_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src.startswith("==", pos) and not src.startswith("===", pos) and (pos == 0 or src[pos - 1] != "="):
        end = src.find("==", pos + 2)
        while end != -1 and src.startswith("===", end):
            end = src.find("==", end + 3)
        inner = src[pos + 2:end] if end != -1 else ""
        # "a == b" in prose is a comparison, not a highlight: the text must hug the marks.
        if not inner or inner != inner.strip() or "\n" in inner:
            return False
        if not silent:
            token = state.push("cloze", "", 0)
            token.content = inner
            token.meta = {"number": None, "hint": None}
        state.pos = end + 2
        return True
    if src.startswith("{{c", pos):
        match = _ANKI_CLOZE.match(src, pos)
        if not match or "\n" in match[0] or not match[2].strip():
            return False
        if not silent:
            token = state.push("cloze", "", 0)
            token.content = match[2]
            token.meta = {"number": int(match[1]), "hint": (match[3] or "").strip() or None}
        state.pos = match.end()
        return True
    return False


@lru_cache(maxsize=2)
def markdown_parser(html: bool = True) -> MarkdownIt:
    """The parser for notes; `html=False` for text already taken out of an HTML block."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": html}).enable("table")
    md.use(dollarmath_plugin, double_inline=True).use(footnote_plugin)
    md.inline.ruler.before("emphasis", "cloze", _cloze_rule)
    return md
