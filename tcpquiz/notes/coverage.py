"""How much of a note its cards keep: the measure behind "nothing lost".

Every line of the note is either content or not (classify.py says why not). A content
sentence is kept when some card holds it: its words, width, case and punctuation folded
away, are found in the card's front and back together. The share kept is counted in
letters (an ideograph is one), so a long sentence weighs more than a short one.

`tcpquiz import --report` prints this per file. It parses the note again, so an
ordinary import pays nothing for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tcpquiz.cards import DeckDraft
from tcpquiz.notes.blocks import (
    Block,
    Fence,
    Heading,
    ListBlock,
    MathBlock,
    Para,
    Quote,
    Table,
)
from tcpquiz.notes.classify import NotContent, block_reason, line_reason, section_reason
from tcpquiz.notes.draft import plainish
from tcpquiz.notes.text import ANSWER_PREFIX, fold, letters

# Sentence ends, for checking a line sentence by sentence: a card may hold one sentence of
# a line and another card the next.
_SENTENCES = re.compile(r"(?<=[。！？；!?;])|(?<=\.)\s+")
_EXPLICIT_MARK = re.compile(r"^\s*(?:[QA][:：]|\?{1,2}\s*$)")
KEPT_ENOUGH = 0.98  # the share of content every note's cards keep for "nothing lost" to hold (README's bar)


@dataclass(frozen=True)
class Dropped:
    line: int  # 1-based, as an editor shows it
    reason: str  # a NotContent value, or "in no card"
    text: str


@dataclass
class Coverage:
    source: str
    content: int = 0  # letters of content
    kept: int = 0  # letters of content some card holds
    dropped: list[Dropped] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.kept / self.content if self.content else 1.0

    @property
    def lost(self) -> list[Dropped]:
        return [d for d in self.dropped if d.reason == LOST]


LOST = "in no card"


def note_coverage(deck: DeckDraft) -> Coverage:
    """coverage() of a deck read from a file, its images looked for beside it."""
    return coverage(deck, Path(deck.source).parent)


def coverage(deck: DeckDraft, base_dir: Path | None = None) -> Coverage:
    """The share of `deck`'s note that its cards keep, and every line in no card with why."""
    from tcpquiz.notes.document import read_document
    from tcpquiz.notes.outline import outline

    document = read_document(deck.text, base_dir)
    # A definition's front asks about its term ("URG 是什么？"): the line "URG：紧急标志" is
    # kept when the term and the back hold it.
    cards = "\x00".join(fold(plainish(f"{card.front}\n{card.back}")) for card in deck.cards)
    cards += "\x00" + "\x00".join(fold(plainish(f"{card.extra['term']}\n{card.back}")) for card in deck.cards
                                  if isinstance(card.extra.get("term"), str))
    result = Coverage(deck.source)
    if document.front.lines:
        result.dropped.append(Dropped(1, NotContent.FRONT_MATTER, f"{document.front.lines} lines"))
    for section in outline(document.blocks):
        labels = {t.line for t in (*section.path, *([section.title] if section.title else [])) if not t.heading}
        titles = [*section.path, *([section.title] if section.title else [])]
        reason = next((r for t in titles if (r := section_reason(t.text))), None)
        for index, block in enumerate(section.blocks):
            following = section.blocks[index + 1] if index + 1 < len(section.blocks) else None
            lead_in = _lead_in(block, following)
            for line, text, why in _lines(block, reason):
                if why is None and lead_in and fold(text) not in cards:
                    why = NotContent.LEAD_IN  # "The control bits:" over a glossary the rows' cards ask
                if line not in labels:  # a label written as text heads a section, as a heading does
                    _count(result, cards, line, text, why)
    result.dropped.sort(key=lambda d: d.line)
    return result


def _count(result: Coverage, cards: str, line: int, text: str, why: NotContent | None) -> None:
    # "答：" / "A:" before an answer marks it, as `Q:` does: cards show the answer without it.
    text = ANSWER_PREFIX.sub("", _EXPLICIT_MARK.sub("", text), count=1).strip()
    if not letters(text):
        if why is not None and why != NotContent.IMAGE:
            result.dropped.append(Dropped(line + 1, why, text))
        return
    if why is not None:
        result.dropped.append(Dropped(line + 1, why, text))
        return
    for sentence in _SENTENCES.split(text):
        weight = letters(sentence)
        if not weight:
            continue
        result.content += weight
        if fold(sentence) in cards:
            result.kept += weight
        else:
            result.dropped.append(Dropped(line + 1, LOST, sentence.strip()))


def _lead_in(block: Block, following: Block | None) -> bool:
    """A one-line paragraph ending in a colon right above a list or table: it names what follows."""
    return (isinstance(block, Para) and len(block.lines) == 1 and isinstance(following, ListBlock | Table)
            and block.lines[0].plain.rstrip().endswith(("：", ":")))


def _lines(block: Block, reason: NotContent | None) -> Iterator[tuple[int, str, NotContent | None]]:
    """(line, plain text, why not content) for each line of a block."""
    reason = reason or block_reason(block)
    if isinstance(block, Heading):
        return
    if isinstance(block, Para):
        for line in block.lines:
            yield line.number, line.plain, reason or line_reason(line.plain, line.link_only)
    elif isinstance(block, ListBlock):
        for item in block.items:
            for inner in item.blocks:
                yield from _lines(inner, reason)
    elif isinstance(block, Quote):
        for inner in block.blocks:
            yield from _lines(inner, reason)
    elif isinstance(block, Table):
        for row in block.rows:
            for cell in row.cells:  # a card may show a row's cells with their column names between
                yield row.number, cell.plain, reason
    elif isinstance(block, Fence):
        yield block.start, f"({block.text.count(chr(10)) + 1} lines)", reason or NotContent.CODE
    elif isinstance(block, MathBlock):
        yield block.start, block.text, reason
