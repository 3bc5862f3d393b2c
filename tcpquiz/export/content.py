"""What a tcpquiz card shows once it leaves tcpquiz: shared by the Anki and CSV exports."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tcpquiz.cards import CardKind
from tcpquiz.store.views import CardView

ROOT_DECK = "TCP"  # every exported deck sits under this one in Anki (issue 5)
ENGINE_KINDS = {CardKind.CHOICE.value, CardKind.NUMERIC.value}

# A cloze deletion as the notes write it: Anki's own `{{c1::text}}` or `{{c1::text::hint}}`,
# or a highlight `==text==`.
# A deletion's text holds no `::`, `{{` or `}}`, its hint no `{{` or `}}`, and a mark no
# `==`: each attempt then stops where the next deletion could start. (`.*?` for each
# backtracked in cubic time over a run of `{{c1::` with no `}}`.)
CLOZE = re.compile(
    r"\{\{c\d+::(?P<text>(?:[^{}:]|:(?!:)|\{(?!\{)|\}(?!\}))*?)"
    r"(?:::(?P<hint>(?:[^{}]|\{(?!\{)|\}(?!\}))*?))?\}\}"
    r"|==(?P<mark>[^=\s](?:(?:[^=]|=(?!=))*?[^=\s])?)==",
    re.S,
)


def anki_deck_name(deck: str) -> str:
    """`TCP::<deck>`; a folder deck `notes::握手::x` becomes `TCP::notes::握手::x`."""
    return f"{ROOT_DECK}::{deck}"


def anki_tags(card: CardView) -> list[str]:
    """The note's tags and the card kind (`tcpquiz::choice`). Anki splits tags on
    spaces, so spaces inside a tag become underscores."""
    tags: list[str] = []
    for tag in (*card.tags, f"tcpquiz::{card.kind}"):
        clean = re.sub(r"\s+", "_", tag.strip())
        if clean and clean not in tags:
            tags.append(clean)
    return tags


@dataclass(frozen=True)
class Shown:
    """A card's markdown as shown: front and back, and for multiple choice the choices,
    the index of the right one and the explanation."""

    front: str
    back: str
    choices: tuple[str, ...] = ()
    answer: int | None = None
    explanation: str = ""


def shown(card: CardView) -> Shown:
    """The card as it is shown outside tcpquiz.

    Engine cards are materialized from their `extra`, as review does. A seq/ack card gets
    fresh numbers at every showing in review; an exported deck cannot, so it gets one
    fixed instance, seeded by the card key: every export shows the same numbers, and a
    re-import does not churn the note (issue 5).
    """
    if card.kind in ENGINE_KINDS and card.extra:
        from tcpquiz.engine.questions import materialize

        question = materialize(card.extra, random.Random(card.key))
        if question.choices:
            return Shown(question.prompt, question.right, tuple(question.choices), question.answer,
                         question.explanation)
        return Shown(question.prompt, question.explanation)
    return Shown(card.front, card.back)


def marked_cloze(card: CardView, front: str) -> str | None:
    """The text of a cloze card with its deletion marked: the notes importer keeps it in
    `extra["anki"]` (its front already shows the blank); else the front itself. None for a
    card that is not a cloze card, or whose text has no deletion to mark."""
    if card.kind != CardKind.CLOZE:
        return None
    marked = str(card.extra.get("anki") or front)
    return marked if CLOZE.search(marked) is not None else None


def cloze_to_anki(text: str) -> str:
    """Every deletion as `{{c1::...}}`. One tcpquiz card is one Anki card, so all the
    deletions of a card share the number 1 and are hidden together."""

    def one(match: re.Match[str]) -> str:
        if match["mark"] is not None:
            return "{{c1::" + match["mark"] + "}}"
        hint = f"::{match['hint']}" if match["hint"] is not None else ""
        return "{{c1::" + match["text"] + hint + "}}"

    return CLOZE.sub(one, text)


def cloze_question(text: str) -> str:
    """The text with each deletion shown as a blank (its hint, if it has one)."""
    return CLOZE.sub(lambda m: f"[{m['hint']}]" if m["hint"] else "[...]", text)


def cloze_answer(text: str) -> str:
    """The text with every deletion filled in."""
    return CLOZE.sub(lambda m: m["mark"] if m["mark"] is not None else m["text"], text)


def source_dir(card: CardView) -> Path | None:
    """The directory of the notes file a card came from: relative images start there.

    Built-in decks record their source relative to the shipped `decks/` folder's parent.
    """
    path_text, _, line = card.source.rpartition(":")
    if not path_text or not line.isdigit():
        return None
    return _folder(path_text)


def notes_root(card: CardView) -> Path | None:
    """The folder whose tree a card's media must lie in: the folder that was imported.

    An import names a deck after the folders between the imported folder and the note
    (`tcp::handshake::Title` for tcp/handshake/note.md), so the imported folder is
    where the note's folder path and the start of its deck name agree the longest.
    A note imported as a single file has its own folder as its tree.
    """
    folder = source_dir(card)
    if folder is None:
        return None
    names, parts = card.deck.split("::")[:-1], folder.parts
    for depth in range(min(len(names), len(parts)), 1, -1):
        if tuple(names[:depth]) == parts[-depth:]:
            return Path(*parts[:len(parts) - depth + 1])
    return folder


@lru_cache(maxsize=1024)  # the cards of one note share it
def _folder(path_text: str) -> Path:
    path = Path(path_text)
    if not path.is_absolute():
        from tcpquiz.resources import decks_dir

        path = decks_dir().parent / path
    return path.parent
