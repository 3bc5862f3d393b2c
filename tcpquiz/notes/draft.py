"""Card candidates -> CardDrafts: stable keys, no junk, no duplicates, nothing past a screen.

Every rule (explicit or free-form) yields `Candidate`s; `assemble()` turns them into
the CardDrafts of one deck, in the order of the note.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from tcpquiz.cards import CardDraft, CardKind
from tcpquiz.notes.text import (
    CLAUSE,
    QUESTION_MARKS,
    SENTENCE_END,
    SEPARATOR,
    char_width,
    display_width,
    fold,
    meaningful,
)
from tcpquiz.text import has_han, question_key

# A back is meant to be read at a glance: at most this many lines of an 80-column terminal.
SCREEN_COLUMNS = 80
SCREEN_LINES = 20

# Backs that say nothing: placeholders people leave in notes.
TRIVIAL = {fold(word) for word in (
    "略", "无", "暂无", "同上", "见上", "见下", "见图", "如图", "如上", "如下", "待补充", "待定", "待续", "未完",
    "TODO", "TBD", "N/A", "none", "same", "see above", "see below", "...", "…",
    "展开", "收起", "点击展开", "查看答案", "答案", "详见", "见链接", "show", "hide", "click to expand", "answer",
)}

# No bracket inside a link's text and no parenthesis inside its target: each `[` or `(`
# of a long run then fails at the next one, not at the end of the text (quadratic).
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)|<(?:https?|ftp|mailto):[^>]*>|(?:https?|ftp)://\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """A card a rule found, before keys, filtering and de-duplication."""

    kind: CardKind
    front: str  # markdown
    back: str  # markdown
    line: int  # 0-based line of the note it comes from
    path: tuple[str, ...]  # the headings (and labels) above it, outermost first
    ident: str  # what names it under `path`: the question, the term, "step-2"; never the answer
    extra: dict[str, Any] = field(default_factory=dict)
    explicit: bool = False  # written in a card syntax: the author asked for exactly this card
    # The kind its key was first made with, when a rule now asks the same fact in another form
    # (a sentence once asked as a cloze, now as a question): the key, and so the history, stay.
    key_kind: CardKind | None = None


_ESCAPE = re.compile(r"\\(.)")
_MARKUP = re.compile(r"[*_`~#>|]")


def _has_link(md: str) -> bool:
    """Whether `_LINK` can match at all: a cheap test that saves most texts the regex."""
    return "[" in md or "<" in md or "://" in md


@lru_cache(maxsize=1024)  # each text is reduced by several passes (4 times on average)
def plainish(md: str) -> str:
    """Markdown reduced to its words, for comparing and keying (not for showing)."""
    text = _LINK.sub(lambda m: m[1] or "", md) if _has_link(md) else md
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    return _MARKUP.sub("", text)


def card_key(deck_key: str, path: tuple[str, ...], kind: CardKind, ident: str) -> str:
    """deck + heading path + kind + the normalized question (DESIGN.md, "Identity and history")."""
    return f"{deck_key}::/{'/'.join(question_key(p) for p in path)}::{kind}::{question_key(ident)}"


def screen_lines(md: str) -> int:
    return sum(max(1, math.ceil(display_width(line) / SCREEN_COLUMNS)) for line in md.split("\n"))


def fits(md: str) -> bool:
    # A line takes at most 1 + width/80 screen lines and a character is at most two columns
    # wide: most texts are too short not to fit, which is cheaper to see than to measure.
    if md.count("\n") + 1 + 2 * len(md) / SCREEN_COLUMNS <= SCREEN_LINES:
        return True
    return screen_lines(md) <= SCREEN_LINES


def shorten(md: str, lines: int = SCREEN_LINES) -> str:
    """The opening of `md` that fits in `lines` screen lines, cut at the end of a sentence."""
    out: list[str] = []
    used = 0
    fence: str | None = None
    for line in md.split("\n"):
        need = max(1, math.ceil(display_width(line) / SCREEN_COLUMNS))
        stripped = line.strip()
        is_fence = stripped.startswith(("```", "~~~"))
        closing = fence is not None and is_fence and stripped.startswith(fence)
        # Inside a code block, keep a line for the fence that closes it.
        budget = lines - 1 if (fence is not None and not closing) or (fence is None and is_fence) else lines
        if used + need > budget:
            room = (lines - used) * SCREEN_COLUMNS
            prose = fence is None and room > 0 and not line.lstrip().startswith("|")
            cut = _cut_sentence(line, room - 2) if prose else ""
            if cut:
                out.append(cut + "…")
            elif out and fence is None:
                out[-1] = out[-1].rstrip() + "…"  # the last line that fits says there is more
            break
        out.append(line)
        used += need
        if is_fence:
            fence = None if closing else (fence or stripped[:3])
    if fence:
        out.append(fence)
    return _balance("\n".join(out).rstrip().removesuffix("  "))


def _cut_sentence(line: str, width: int) -> str:
    used, end, clause = 0, 0, 0
    for index, ch in enumerate(line):
        used += char_width(ch)
        if used > width:
            break
        if ch in SENTENCE_END or ch in QUESTION_MARKS or (ch == "." and line[index + 1:index + 2] in ("", " ")):
            end = index + 1
        elif ch in CLAUSE:
            clause = index
    cut = line[:end] if end else line[:clause]
    return cut.rstrip(" " + CLAUSE) if meaningful(cut, 2) else ""


def _balance(md: str) -> str:
    for mark in ("**", "`"):
        if md.count(mark) % 2:
            index = md.rfind(mark)
            md = md[:index] + md[index + len(mark):]
    return md


@dataclass(frozen=True)
class _Side:
    """One side of a card, with the forms `assemble` judges it by, each computed once."""

    md: str
    plain: str  # plainish(md)
    words: str  # fold(plain): for comparing

    @classmethod
    def of(cls, md: str) -> _Side:
        plain = plainish(md)
        return cls(md, plain, fold(plain))


def is_junk(front: _Side, back: _Side) -> bool:
    """A card not worth reviewing: nothing to ask, nothing to answer, or the answer is the question."""
    visible = plainish(_LINK.sub("", back.md)) if _has_link(back.md) else back.plain
    if not meaningful(front.plain) or not meaningful(visible, 2):
        return True  # empty, or only an image or a link
    if back.words in TRIVIAL:
        return True
    return back.words == front.words or (len(back.words) <= len(front.words) and back.words in front.words)


def assemble(
    candidates: list[Candidate], *, deck_key: str, source: str, tags: tuple[str, ...] = ()
) -> tuple[CardDraft, ...]:
    """The deck's cards in the order of the note; keys unique within the deck."""
    cards: list[CardDraft] = []
    seen: set[tuple[str, str, str]] = set()
    keys: set[str] = set()
    sides: dict[str, _Side] = {}  # each text judged once, however many rules hand it in

    def side(md: str) -> _Side:
        found = sides.get(md)
        if found is None:
            found = sides[md] = _Side.of(md)
        return found

    # sorted() is stable: rules keep their order on a line
    for candidate in _distinct_fronts(sorted(candidates, key=lambda c: c.line), side):
        front_md, back_md = candidate.front.strip(), candidate.back.strip()
        if not front_md or not back_md:
            continue
        front, back = side(front_md), side(back_md)
        parts = [(candidate, front, back)]
        if not candidate.explicit:
            if is_junk(front, back):
                continue
            if not fits(back.md):
                parts = _parts(candidate, front_md, back_md)
        for candidate, front, back in parts:
            _add(cards, seen, keys, candidate, front, back, deck_key, source, tags)
    return tuple(cards)


def _distinct_fronts(candidates: list[Candidate], side: Callable[[str], _Side]) -> list[Candidate]:
    """No two cards of a deck ask the same with different answers: such a card cannot be
    graded honestly. The heading a later one sits under tells it apart; where none can,
    its answer joins the first card's."""
    out: list[Candidate] = []
    first: dict[str, int] = {}  # front words -> index in out
    for candidate in candidates:
        words = side(candidate.front.strip()).words
        if candidate.explicit or words not in first or (
            side(out[first[words]].back.strip()).words == side(candidate.back.strip()).words
        ):
            first.setdefault(words, len(out))
            out.append(candidate)
            continue
        where = next((p for p in reversed(candidate.path) if fold(p) and fold(p) not in words), None)
        if where is not None and fold(where) + words not in first:
            candidate = replace(candidate, front=f"{where}{SEPARATOR}{candidate.front}")
            first[side(candidate.front.strip()).words] = len(out)
            out.append(candidate)
            continue
        earlier = out[first[words]]
        if side(candidate.back.strip()).words in side(earlier.back.strip()).words:
            continue  # the first card's answer already holds it
        out[first[words]] = replace(earlier, back=f"{earlier.back.rstrip()}\n\n{candidate.back.strip()}")
    return out


def _parts(candidate: Candidate, front_md: str, back_md: str) -> list[tuple[Candidate, _Side, _Side]]:
    """A back longer than a screen as several cards, each holding whole lines of it, never
    cut: "…（1/3）". A part that lies within one item of a list says which ("… · 服务器（2/4）"):
    it is what that part asks about. The first part keeps the card's own key, so its
    history stays."""
    from tcpquiz.notes.blocks import escape_text

    chunks = _chunks(back_md)
    lines = back_md.split("\n")
    chinese = has_han(front_md)
    out = []
    for number, (chunk, start) in enumerate(chunks, start=1):
        label = f"（{number}/{len(chunks)}）" if chinese else f" ({number}/{len(chunks)})"
        within = _within_item(lines, start, chunk)
        if within and fold(within) not in fold(plainish(front_md)):
            label = f"{SEPARATOR}{escape_text(within)}{label}"
        ident = candidate.ident if number == 1 else f"{candidate.ident}#part-{number}"
        part = replace(candidate, ident=ident, extra={**candidate.extra, "part": number, "parts": len(chunks)})
        out.append((part, _Side.of(front_md + label), _Side.of(chunk)))
    return out


# A list item's opening line, and how deep it sits: "- 服务器：", "  1. 创建 socket".
_ITEM_LINE = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,3}[.)])\s+(?P<head>\S.*)$")
# An item's head names its part when it is short: a label, not a sentence.
MAX_PART_NAME = 24


def _within_item(lines: list[str], start: int, chunk: str) -> str | None:
    """The head of the top-level list item that all of `chunk`, starting at line `start` of
    the answer's `lines`, belongs to, when it does."""
    if any(line and not line[0].isspace() for line in chunk.split("\n")[1:]):
        return None  # it reaches into the next top-level item or paragraph
    for line in reversed(lines[:start + 1]):
        found = _ITEM_LINE.match(line)
        if found and not found["indent"]:
            name = plainish(found["head"]).strip().rstrip("：:").strip()
            return name if 0 < display_width(name) <= MAX_PART_NAME else None
        if line and not line[0].isspace():
            return None  # a paragraph of the answer's own, outside every item
    return None


def split_back(md: str) -> list[str]:
    """`md` in chunks of at most a screen, split between paragraphs where it can, between
    lines where it must, and a line longer than a screen at its sentences."""
    return [text for text, _line in _chunks(md)]


def _chunks(md: str) -> list[tuple[str, int]]:
    """split_back(), each chunk with the line of `md` it starts in."""
    pieces: list[tuple[str, int]] = []  # each piece with the line it starts in
    fence: list[str] = []  # a code block is never cut inside a line (_fence_pieces)
    for number, line in enumerate(md.split("\n")):
        if fence or line.lstrip().startswith(("```", "~~~")):
            fence.append(line)
            if len(fence) > 1 and line.strip().startswith(fence[0].strip()[:3]):
                pieces.extend((piece, number - len(fence) + 1) for piece in _fence_pieces(fence))
                fence = []
            continue
        pieces.extend((piece, number) for piece in ([line] if fits(line) else _sentence_pieces(line)))
    if fence:
        pieces.extend((piece, len(md.split("\n")) - len(fence)) for piece in _fence_pieces(fence))
    chunks: list[list[tuple[str, int]]] = [[]]
    for piece in pieces:
        current = chunks[-1]
        if not current or fits("\n".join([text for text, _ in current] + [piece[0]])):
            current.append(piece)
            continue
        # Full: cut before the shallowest item or paragraph in it (the last of them), when
        # what stays is at least half a screen and what moves fits with this piece: a part
        # then holds whole items of the answer, and says which (_within_item).
        cut = _item_cut([text for text, _ in current], piece[0])
        if cut is not None:
            chunks[-1], moved = current[:cut], current[cut:]
            chunks.append([*moved, piece])
        else:
            chunks.append([piece])
    out = []
    for chunk in chunks:
        text = "\n".join(text for text, _ in chunk)
        if text.strip():
            skipped = len(text) - len(text.lstrip("\n"))  # blank lines the chunk opens with
            out.append((text.strip("\n"), chunk[0][1] + text[:skipped].count("\n")))
    return out


def _item_cut(current: list[str], piece: str) -> int | None:
    """Where to end a full chunk of pieces before `piece`: at its shallowest item or
    paragraph start, the last such, keeping at least half a screen; None: at `piece`."""
    best: tuple[int, int] | None = None  # (depth, index)
    for i in range(len(current) - 1, 0, -1):
        line = current[i]
        depth = len(line) - len(line.lstrip())
        if not line.strip() or (depth and not _ITEM_LINE.match(line)) or (best and depth >= best[0]):
            continue
        if screen_lines("\n".join(current[:i])) * 2 >= SCREEN_LINES and fits("\n".join([*current[i:], piece])):
            best = (depth, i)
    return best[1] if best else None


def _fence_pieces(fence: list[str]) -> list[str]:
    """A code block as one piece, or, when it is longer than a screen, as blocks of whole
    lines each fenced again: a screen of it at a time, never a line of it cut."""
    whole = "\n".join(fence)
    if fits(whole):
        return [whole]
    opening = fence[0]
    closed = len(fence) > 1 and fence[-1].strip().startswith(opening.strip()[:3])
    body = fence[1:-1] if closed else fence[1:]
    closing = fence[-1] if closed else opening[:len(opening) - len(opening.lstrip())] + opening.strip()[:3]
    pieces: list[list[str]] = [[]]
    for line in body:
        if pieces[-1] and not fits("\n".join([opening, *pieces[-1], line, closing])):
            pieces.append([])
        pieces[-1].append(line)
    return ["\n".join([opening, *lines, closing]) for lines in pieces]


def _sentence_pieces(line: str) -> list[str]:
    pieces: list[str] = [""]
    for sentence in re.split(r"(?<=[。！？；!?;])", line):
        if pieces[-1] and not fits(pieces[-1] + sentence):
            pieces.append(sentence)
        else:
            pieces[-1] += sentence
    return pieces


def _add(cards: list[CardDraft], seen: set[tuple[str, str, str]], keys: set[str], candidate: Candidate,
         front: _Side, back: _Side, deck_key: str, source: str, tags: tuple[str, ...]) -> None:
    signature = (str(candidate.kind), front.words, back.words)
    if signature in seen:
        return
    seen.add(signature)
    base = key = card_key(deck_key, candidate.path, candidate.key_kind or candidate.kind, candidate.ident)
    number = 1
    while key in keys:  # the same question twice under one heading: keep both, apart
        number += 1
        key = f"{base}#{number}"
    keys.add(key)
    cards.append(CardDraft(
        key=key, deck=deck_key, kind=candidate.kind, front=front.md, back=back.md,
        source=f"{source}:{candidate.line + 1}", extra=dict(candidate.extra), tags=tags,
    ))
