"""The explicit card syntaxes. Explicit syntax always wins: the lines a card written in
one of these forms takes are not read again by the free-form rules.

`Q:`/`A:` blocks, the form the built-in decks are written in::

    Q: What does the first segment of the handshake carry?
    A: SYN=1 and the client's initial sequence number.

A line starting `Q:` begins a card (the question may run over several lines); a line
starting `A:` begins its answer, which runs until the next `Q:`, the next heading or
the end of the file, and may hold lists, code and tables. Markers inside code blocks
are ignored: markdown-it's tokens say which lines are code.

The forms of the Obsidian Spaced Repetition plugin, read from the parsed blocks:

* `question :: answer` on one line; `question ::: answer` makes a card each way;
* question lines, a line holding only `?`, answer lines (`??`: both ways); the card
  ends at the first blank line, as in the plugin;
* cloze deletions `==text==` and Anki's `{{c1::text}}` / `{{c1::text::hint}}`: the
  paragraph is the card, one card per deletion (per number for `{{cN::}}`).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from tcpquiz.cards import CardKind
from tcpquiz.notes.blocks import (
    HARD_BREAK,
    Block,
    Heading,
    Line,
    ListBlock,
    Para,
    Quote,
    bold,
    render,
)
from tcpquiz.notes.draft import Candidate, plainish
from tcpquiz.notes.text import meaningful

MARKER = re.compile(r"^ {0,3}(?P<tag>[QA])[:：][ \t]?(?P<rest>.*)$")
TRAILING_RULE = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")
CLOZE_BLANK = "[…]"


@dataclass(frozen=True)
class ExplicitCard:
    question: str
    answer: str
    line: int  # 0-based line of the `Q:` marker
    end: int  # one past the last line the card takes
    headings: tuple[str, ...]  # the headings the card sits under, outermost first


def opaque_and_heading_lines(tokens: list) -> tuple[set[int], dict[int, tuple[int, str]]]:
    """Lines inside code/HTML blocks, and heading lines with (level, text), 0-based."""
    opaque: set[int] = set()
    headings: dict[int, tuple[int, str]] = {}
    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        if token.type in ("fence", "code_block", "html_block", "math_block", "math_block_label"):
            opaque.update(range(*token.map))
        elif token.type == "heading_open":
            headings[token.map[0]] = (int(token.tag[1:]), tokens[index + 1].content.strip())
            opaque.update(range(token.map[0] + 1, token.map[1]))  # setext underline
    return opaque, headings


def _clean_answer(lines: list[str]) -> str:
    while lines and (not lines[-1].strip() or TRAILING_RULE.match(lines[-1])):
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return textwrap.dedent("\n".join(lines)).strip()


def extract_explicit(lines: list[str], tokens: list, titles: dict[int, str] | None = None) -> list[ExplicitCard]:
    """The `Q:`/`A:` cards of a note. `titles` gives cleaned heading text by line."""
    opaque, heading_lines = opaque_and_heading_lines(tokens)
    cards: list[ExplicitCard] = []
    stack: list[tuple[int, str]] = []
    question: list[str] | None = None
    answer: list[str] | None = None
    start = 0
    start_headings: tuple[str, ...] = ()

    def finish(end: int) -> None:
        nonlocal question, answer
        if question is not None:
            text = " ".join(part.strip() for part in question if part.strip())
            body = _clean_answer(answer or [])
            if text and body:
                cards.append(ExplicitCard(text, body, start, end, start_headings))
        question = answer = None

    for number, line in enumerate(lines):
        if number in heading_lines:
            finish(number)
            level, title = heading_lines[number]
            title = (titles or {}).get(number, title)
            stack = [h for h in stack if h[0] < level] + [(level, title)]
            continue
        match = None if number in opaque else MARKER.match(line)
        if match and match["tag"] == "Q":
            finish(number)
            question, answer, start = [match["rest"]], None, number
            start_headings = tuple(title for _level, title in stack)
        elif match and match["tag"] == "A" and question is not None and answer is None:
            answer = [match["rest"]]
        elif answer is not None:
            answer.append(line)
        elif question is not None:
            question.append(line)
    finish(len(lines))
    return cards


def qa_candidates(cards: list[ExplicitCard]) -> tuple[list[Candidate], set[int]]:
    candidates: list[Candidate] = []
    consumed: set[int] = set()
    for card in cards:
        candidates.append(Candidate(CardKind.BASIC, card.question, card.answer, card.line, card.headings,
                                    card.question, explicit=True))
        consumed.update(range(card.line, card.end))
    return candidates, consumed


# -- forms found in the parsed blocks --------------------------------------------------------


class _Marked:
    def __init__(self) -> None:
        self.cards: list[Candidate] = []
        self.consumed: set[int] = set()

    def scan(self, siblings: tuple[Block, ...] | list[Block], index: int, path: tuple[str, ...]) -> None:
        block = siblings[index]
        if isinstance(block, Para):
            self.paragraph(block, siblings, index, path)
        elif isinstance(block, ListBlock):
            for item in block.items:
                for j in range(len(item.blocks)):
                    self.scan(item.blocks, j, path)
        elif isinstance(block, Quote):
            for j in range(len(block.blocks)):
                self.scan(block.blocks, j, path)

    def paragraph(self, para: Para, siblings: tuple[Block, ...] | list[Block], index: int,
                  path: tuple[str, ...]) -> None:
        """`para` is siblings[index]: the blocks after it may carry a multi-line card's answer."""
        lines = [ln for ln in para.lines if ln.number not in self.consumed]
        separator = next((i for i, ln in enumerate(lines) if ln.plain.strip() in ("?", "??")), None)
        if separator:
            self.multiline(siblings, index, lines, separator, path)
            return
        rest: list[Line] = []
        for line in lines:
            if line.split and not line.clozes:
                start, end = line.split
                front, back = line.md[:start].strip(), line.md[end:].strip()
                if front and back:
                    self.add(front, back, line.number, path)
                    if end - start == 3:  # `:::` also asks the other way round
                        self.add(back, front, line.number, path)
                    self.consumed.add(line.number)
                    continue
            rest.append(line)
        if any(line.clozes for line in rest):
            self.cloze(rest, path)

    def multiline(self, siblings: tuple[Block, ...] | list[Block], index: int, lines: list[Line], separator: int,
                  path: tuple[str, ...]) -> None:
        both_ways = lines[separator].plain.strip() == "??"
        front = HARD_BREAK.join(ln.md for ln in lines[:separator] if ln.md)
        answer = [HARD_BREAK.join(ln.md for ln in lines[separator + 1:] if ln.md)]
        self.consumed.update(ln.number for ln in lines)
        previous = siblings[index]
        for block in siblings[index + 1:]:  # the answer runs on until a blank line
            if isinstance(block, Heading) or block.start > previous.end:
                break
            answer.append(render(block, keep_gaps=True))
            self.consumed.update(range(block.start, block.end))
            previous = block
        back = "\n\n".join(part for part in answer if part.strip())
        if front and back:
            self.add(front, back, lines[0].number, path)
            if both_ways:
                self.add(back, front, lines[0].number, path)

    def add(self, front: str, back: str, line: int, path: tuple[str, ...]) -> None:
        self.cards.append(Candidate(CardKind.BASIC, front, back, line, path, plainish(front), explicit=True))

    def cloze(self, lines: list[Line], path: tuple[str, ...]) -> None:
        text = ""
        spans: list[tuple[int, int, int | None, str | None]] = []
        for line in lines:
            offset = len(text)
            spans.extend((offset + c.start, offset + c.end, c.number, c.hint) for c in line.clozes)
            text += line.md + HARD_BREAK
        text = text[: -len(HARD_BREAK)]
        numbered = [s[2] for s in spans if s[2] is not None]
        next_number = max(numbered, default=0)
        groups: list[int] = []
        for i, (start, end, number, hint) in enumerate(spans):
            if number is None:  # each ==highlight== is a card of its own
                next_number += 1
                number = next_number
                spans[i] = (start, end, number, hint)
            if number not in groups:
                groups.append(number)
        every_blank = _replace(text, spans, lambda s: CLOZE_BLANK)
        if not meaningful(plainish(every_blank.replace(CLOZE_BLANK, ""))):
            return  # "==TODO==" alone on its line: a highlight with nothing left to ask by, not a cloze
        for group in sorted(groups):
            chosen = [s for s in spans if s[2] == group]
            front = _replace(text, chosen, lambda s: f"[{s[3]}]" if s[3] else CLOZE_BLANK)
            back = _replace(text, chosen, lambda s: bold(text[s[0]:s[1]]))
            # The same card in Anki's cloze markup, for the export: one tcpquiz card is one
            # Anki card, so this card's deletions become c1 and the others stay plain text.
            anki = _replace(text, chosen, lambda s: "{{c1::" + text[s[0]:s[1]] + (f"::{s[3]}" if s[3] else "") + "}}")
            self.cards.append(Candidate(
                CardKind.CLOZE, front, back, lines[0].number, path, f"{plainish(every_blank)}#c{group}",
                extra={"cloze": group, "answers": [plainish(text[s[0]:s[1]]) for s in chosen], "anki": anki},
                explicit=True,
            ))
        self.consumed.update(line.number for line in lines)


def _replace(text: str, spans: list[tuple], show) -> str:
    out, last = [], 0
    for span in sorted(spans):
        out.append(text[last:span[0]])
        out.append(show(span))
        last = span[1]
    out.append(text[last:])
    return "".join(out)


def extract_marked(blocks: list[Block], titles: dict[int, str]) -> tuple[list[Candidate], set[int]]:
    """`::` lines, `?`-split cards and clozes, with the lines they take.

    Their keys use the markdown headings above them only, never the labels the
    free-form rules guess at, so they stay put whatever those rules decide.
    """
    marked = _Marked()
    stack: list[tuple[int, str]] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            stack = [h for h in stack if h[0] < block.level] + [(block.level, titles[block.start])]
        else:
            marked.scan(blocks, index, tuple(title for _level, title in stack))
    return marked.cards, marked.consumed
