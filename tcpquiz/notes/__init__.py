"""Markdown notes -> cards. Pure: knows nothing of the database, the CLI or rich.

`parse_note()` turns the text of one note into a DeckDraft; `load_note()` reads a
file first. Both return plain values (tcpquiz.cards).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from tcpquiz.cards import CardDraft, CardKind, DeckDraft
from tcpquiz.notes.explicit import extract_explicit
from tcpquiz.notes.frontmatter import split_front_matter
from tcpquiz.notes.source import NoteFile, read_note

__all__ = ["parse_note", "load_note", "question_key"]


@lru_cache(maxsize=1)
def markdown_parser():  # noqa: ANN201 - markdown_it.MarkdownIt
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def question_key(text: str) -> str:
    """The normalized form of a question used in card keys: width, case and spacing folded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip("?？:：。. ")


def deck_name(front_title: str | None, tokens: list, default: str) -> str:
    """Front matter `title:`, else the first `# ` heading, else the file name."""
    if front_title:
        return front_title
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            title = tokens[index + 1].content.strip()
            if title:
                return title
    return default


def parse_note(
    text: str,
    *,
    source: str,
    deck_key: str,
    default_name: str,
    name_prefix: tuple[str, ...] = (),
    lang: str | None = None,
    builtin: bool = False,
) -> DeckDraft:
    """Parse one note. `source` is the path shown in card sources (`source:line`)."""
    front = split_front_matter(text)
    lines = text.split("\n")
    # Blank the front matter instead of cutting it, so token line numbers stay file line numbers.
    body = "\n".join([""] * front.lines + lines[front.lines:])
    tokens = markdown_parser().parse(body)
    # `id:` pins a deck's identity, so renaming or moving the file keeps its cards.
    # Built-in decks have a namespace of their own: a user's copy of a built-in
    # file never takes over the built-in deck's cards.
    key = deck_key
    if front.deck_id:
        key = f"{'builtin' if builtin else 'id'}:{front.deck_id}"
    name = "::".join((*name_prefix, deck_name(front.title, tokens, default_name)))

    cards: list[CardDraft] = []
    seen: dict[str, int] = {}
    for card in extract_explicit(body.split("\n"), tokens):
        card_key = f"{key}::{CardKind.BASIC}::{question_key(card.question)}"
        seen[card_key] = seen.get(card_key, 0) + 1
        if seen[card_key] > 1:  # the same question twice in one note: keep both, apart
            card_key += f"#{seen[card_key]}"
        cards.append(CardDraft(
            key=card_key, deck=key, kind=CardKind.BASIC, front=card.question, back=card.answer,
            source=f"{source}:{card.line}", tags=front.tags,
        ))
    warnings = (front.warning,) if front.warning else ()
    return DeckDraft(
        key=key, name=name, source=source, text=text, cards=tuple(cards), tags=front.tags,
        lang=lang, builtin=builtin, warnings=warnings,
    )


def load_note(note: NoteFile | Path) -> DeckDraft:
    """Read and parse a notes file from disk (raises ImportFailed for unreadable files)."""
    if isinstance(note, Path):
        note = NoteFile(note)
    path = note.path.resolve()
    decoded = read_note(path)
    deck = parse_note(
        decoded.text, source=str(path), deck_key=f"file:{path}", default_name=path.stem,
        name_prefix=note.folders,
    )
    if decoded.warning:
        from dataclasses import replace

        deck = replace(deck, warnings=(decoded.warning, *deck.warnings))
    return deck
