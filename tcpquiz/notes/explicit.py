"""The explicit card syntax the built-in decks are written in.

    Q: What does the first segment of the handshake carry?
    A: SYN=1 and the client's initial sequence number.

A line starting `Q:` begins a card (the question may run over several lines); a
line starting `A:` begins its answer, which runs until the next `Q:`, the next
heading or the end of the file, and may hold lists, code and tables. Markers
inside code blocks are ignored: markdown-it's tokens say which lines are code.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

MARKER = re.compile(r"^ {0,3}(?P<tag>[QA])[:：][ \t]?(?P<rest>.*)$")
TRAILING_RULE = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")


@dataclass(frozen=True)
class ExplicitCard:
    question: str
    answer: str
    line: int  # 1-based line of the `Q:` marker
    headings: tuple[str, ...]  # the headings the card sits under, outermost first


def opaque_and_heading_lines(tokens: list) -> tuple[set[int], dict[int, tuple[int, str]]]:
    """Lines inside code/HTML blocks, and heading lines with (level, text), 0-based."""
    opaque: set[int] = set()
    headings: dict[int, tuple[int, str]] = {}
    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        if token.type in ("fence", "code_block", "html_block"):
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


def extract_explicit(lines: list[str], tokens: list) -> list[ExplicitCard]:
    opaque, heading_lines = opaque_and_heading_lines(tokens)
    cards: list[ExplicitCard] = []
    stack: list[tuple[int, str]] = []
    question: list[str] | None = None
    answer: list[str] | None = None
    start = 0
    start_headings: tuple[str, ...] = ()

    def finish() -> None:
        nonlocal question, answer
        if question is not None:
            text = " ".join(part.strip() for part in question if part.strip())
            body = _clean_answer(answer or [])
            if text and body:
                cards.append(ExplicitCard(text, body, start + 1, start_headings))
        question = answer = None

    for number, line in enumerate(lines):
        if number in heading_lines:
            finish()
            level, title = heading_lines[number]
            stack = [h for h in stack if h[0] < level] + [(level, title)]
            continue
        match = None if number in opaque else MARKER.match(line)
        if match and match["tag"] == "Q":
            finish()
            question, answer, start = [match["rest"]], None, number
            start_headings = tuple(title for _level, title in stack)
        elif match and match["tag"] == "A" and question is not None and answer is None:
            answer = [match["rest"]]
        elif answer is not None:
            answer.append(line)
        elif question is not None:
            question.append(line)
    finish()
    return cards
