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
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

# Anki's form is `{{c1::text}}` or `{{c1::text::hint}}`; the opening is matched here, the
# rest found with str.find (a regex with two lazy groups backtracked in cubic time).
_ANKI_OPENING = re.compile(r"\{\{c(\d{1,3})::")


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
        opening = _ANKI_OPENING.match(src, pos)
        if not opening:
            return False
        start = opening.end()
        end = _closing_braces(state, start + 1)  # the text is at least one character
        body = src[start:end] if end != -1 else ""
        # The text runs to the first `::` (a hint follows) or `}}`, on one line.
        split = body.find("::", 1)
        text, hint = (body, None) if split == -1 else (body[:split], body[split + 2:])
        if not body or "\n" in body or not text.strip():
            return False
        if not silent:
            token = state.push("cloze", "", 0)
            token.content = text
            token.meta = {"number": int(opening[1]), "hint": (hint or "").strip() or None}
        state.pos = end + 2
        return True
    return False


def _closing_braces(state: StateInline, start: int) -> int:
    """The first `}}` at or after `start` in the inline text, or -1.

    The answer is kept in the parse's env: text full of `{{c1::` with no `}}` would
    otherwise be searched to its end from each of them, quadratic in its length.
    """
    cached = state.env.get("_cloze_closing")
    if cached is not None and cached[0] is state.src and cached[1] <= start and (cached[2] == -1 or start <= cached[2]):
        return int(cached[2])
    found = state.src.find("}}", start)
    state.env["_cloze_closing"] = (state.src, start, found)
    return found


def markdown_parser(html: bool = True) -> MarkdownIt:
    """The parser for notes; `html=False` for text already taken out of an HTML block."""
    return _parser(html, tables=True, math=True, footnotes=True, clozes=True)


def parser_for(text: str, html: bool = True) -> MarkdownIt:
    """markdown_parser(html) for `text`, without the extensions that `text` lacks the marks
    of: the same tokens, but a rule that cannot match is not tried at every line and every
    mark of every note (tables need a `|`, math a `$`, footnotes `[^` or `^[`, clozes `==`
    or `{{c`): a tenth of the parse of notes with no footnotes and no clozes."""
    return _parser(html, tables="|" in text, math="$" in text, footnotes="[^" in text or "^[" in text,
                   clozes="==" in text or "{{c" in text)


@cache  # at most 32 parsers, each built once
def _parser(html: bool, *, tables: bool, math: bool, footnotes: bool, clozes: bool) -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": html})
    if tables:
        md.enable("table")
    if math:
        from mdit_py_plugins.dollarmath import dollarmath_plugin

        md.use(dollarmath_plugin, double_inline=True)
    if footnotes:
        from mdit_py_plugins.footnote import footnote_plugin

        md.use(footnote_plugin)
    if clozes:
        md.inline.ruler.before("emphasis", "cloze", _cloze_rule)
    return md
