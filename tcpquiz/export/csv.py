"""`tcpquiz export csv`: one row per card with its front, back, deck and tags.

The file is plain RFC 4180 CSV in UTF-8 (commas, every field in double quotes, CRLF line
ends), which spreadsheets and flashcard apps read. The fields are the
cards' markdown text: readable as it is, and what markdown-aware apps expect.

It opens with Anki's file headers, lines starting with `#`: without them Anki guesses the
separator (a deck name's `::` makes it guess a colon) and ignores the deck and tags
columns. Other apps show those few lines as rows of their own; the README says so.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tcpquiz.export.content import (
    anki_deck_name,
    anki_tags,
    cloze_answer,
    cloze_question,
    marked_cloze,
    shown,
)
from tcpquiz.export.files import atomic_output
from tcpquiz.store.views import CardView

COLUMNS = ("Front", "Back", "Deck", "Tags")
ANKI_HEADERS = (
    "#separator:comma",
    "#html:false",  # the fields are text: Anki escapes any <...> and keeps line breaks
    f"#columns:{','.join(COLUMNS)}",
    "#deck column:3",
    "#tags column:4",
)


@dataclass(frozen=True)
class CsvSummary:
    decks: int
    cards: int


def export_csv(cards: Sequence[CardView], path: Path, *, force: bool = False) -> CsvSummary:
    with atomic_output(path, force=force) as temp, temp.open("w", encoding="utf-8", newline="") as out:
        for header in ANKI_HEADERS:
            out.write(header + "\r\n")
        # Every field quoted: a row must never begin with `#`, or Anki takes it for a comment.
        writer = csv.writer(out, quoting=csv.QUOTE_ALL)
        for card in cards:
            front, back = front_and_back(card)
            fields = (front, back, anki_deck_name(card.deck), " ".join(anki_tags(card)))
            writer.writerow([inert(field) for field in fields])
    return CsvSummary(decks=len({card.deck for card in cards}), cards=len(cards))


# A spreadsheet reads a cell that starts with one of these as a formula (`=HYPERLINK(...)`,
# `@SUM(...)`, `-2+3`), which can fetch URLs or run commands: CSV injection (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(field: str) -> str:
    """`field` as a spreadsheet will not run it: OWASP's remedy, a leading `'`, which
    spreadsheets read as "this cell is text" and do not show."""
    return f"'{field}" if field.startswith(FORMULA_STARTS) else field


def front_and_back(card: CardView) -> tuple[str, str]:
    """The card as two texts: multiple choice lists its numbered choices on the front;
    a cloze card shows its blanks on the front and the filled-in text on the back."""
    content = shown(card)
    if content.choices:
        choices = "\n".join(f"{n}. {choice}" for n, choice in enumerate(content.choices, start=1))
        back = f"{content.right_number}. {content.back}"
        if content.explanation.strip():
            back += f"\n\n{content.explanation}"
        return f"{content.front}\n\n{choices}", back
    if (marked := marked_cloze(card, content.front)) is not None:
        return cloze_question(marked), content.back.strip() or cloze_answer(marked)
    return content.front, content.back
