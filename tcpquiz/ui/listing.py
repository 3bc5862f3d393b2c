"""Card text for one-line listings: markdown reduced to plain words, cut at a word with "…"."""

from __future__ import annotations

import re

from rich.cells import cell_len

# Markdown that says how text looks, not what it says (CommonMark emphasis, code, links,
# headings, quotes and list markers; Obsidian highlights; Anki cloze deletions).
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HTML = re.compile(r"</?[A-Za-z][^>]*>")
_LINE_START = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_EMPHASIS = re.compile(r"(\*\*|__|==|~~|\*|`)")
_SPACES = re.compile(r"\s+")
_ELLIPSIS = "…"


def plain_text(markdown: str) -> str:
    """The words of a card's markdown on one line, without the marks around them."""
    from tcpquiz.formulas import as_words

    lines = [_LINE_START.sub("", line) for line in as_words(markdown).splitlines()]
    text = " ".join(lines)
    text = _CLOZE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _HTML.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("\\", "")
    return _SPACES.sub(" ", text).strip()


def _breaks_after(char: str) -> bool:
    """Whether a line may end after this character: a space, or a CJK character (each is a word)."""
    return char.isspace() or cell_len(char) == 2


def cut(text: str, width: int) -> str:
    """`text` in at most `width` cells: whole if it fits, else cut after its last whole word
    that leaves room for "…" (a word cut in the middle only when it alone is too long)."""
    if cell_len(text) <= width:
        return text
    room = max(width - 1, 0)
    kept, used, last_break = [], 0, 0
    for char in text:
        size = cell_len(char)
        if used + size > room:
            break
        kept.append(char)
        used += size
        if _breaks_after(char):
            last_break = len(kept)
    head = "".join(kept[:last_break] if last_break else kept).rstrip()
    return head + _ELLIPSIS
