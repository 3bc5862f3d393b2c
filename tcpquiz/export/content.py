"""What a tcpquiz card shows once it leaves tcpquiz: shared by the Anki and CSV exports."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tcpquiz.cards import CardKind
from tcpquiz.facts.flags import flag_lines
from tcpquiz.store.views import CardState, CardView

RETIRED_TAG = "tcpquiz::retired"
ROOT_DECK = "TCP"  # every exported deck sits under this one in Anki, apart from the user's own decks
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
    """The note's tags, the card kind (`tcpquiz::choice`) and, for a card gone from its
    notes, `tcpquiz::retired`. Anki splits tags on spaces, so spaces inside a tag become
    underscores."""
    return list(clean_tags(card.tags, str(card.kind), card.state == CardState.RETIRED))


@lru_cache(maxsize=4096)  # most cards share their tags: an export of 100,000 cards cleans a few sets
def clean_tags(tags: tuple[str, ...], kind: str, retired: bool) -> tuple[str, ...]:
    """anki_tags() of a card with these tags, kind and state."""
    cleaned: list[str] = []
    for tag in (*tags, f"tcpquiz::{kind}", *((RETIRED_TAG,) if retired else ())):
        clean = _SPACES.sub("_", tag.strip())
        if clean and clean not in cleaned:
            cleaned.append(clean)
    return tuple(cleaned)


_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Shown:
    """A card's markdown as shown: front and back, and for multiple choice the choices,
    the index of the right one and the explanation."""

    front: str
    back: str
    choices: tuple[str, ...] = ()
    answer: int | None = None  # set exactly when `choices` is
    explanation: str = ""

    @property
    def right_number(self) -> int:
        """The right choice's number as the choices are listed (from 1); only a
        multiple-choice card, one with `choices`, has it."""
        if self.answer is None:
            raise ValueError("a card without choices has no right choice")
        return self.answer + 1


def shown(card: CardView) -> Shown:
    """The card as it is shown outside tcpquiz.

    Engine cards are materialized from their `extra`, as review does. A seq/ack card gets
    fresh numbers at every showing in review; an exported deck cannot, so it gets one
    fixed instance, seeded by the card key: every export shows the same numbers, and a
    re-import does not churn the note.
    """
    if card.kind in ENGINE_KINDS and card.extra:
        from tcpquiz.engine.questions import materialize

        question = materialize(card.extra, random.Random(card.key))
        if question.choices:
            return Shown(question.prompt, question.right, tuple(question.choices), question.answer,
                         question.explanation)
        return Shown(question.prompt, question.explanation)
    return Shown(card.front, with_flags(card.back, card.extra))


def with_flags(back: str, extra: Mapping[str, Any]) -> str:
    """The answer, followed by what tcpquiz.facts found wrong in it (a card from the
    learner's notes that repeats a known mistake), each as a paragraph of its own."""
    lines = flag_lines(extra.get("flags"))
    return "\n\n".join([back, *(f"**{line}**" for line in lines)]) if lines else back


def marked_cloze(card: CardView, front: str) -> str | None:
    """The text of a cloze card with its deletion marked: the notes importer keeps it in
    `extra["anki"]` (its front already shows the blank); else the front itself. None for a
    card that is not a cloze card, or whose text has no deletion to mark."""
    if card.kind != CardKind.CLOZE:
        return None
    marked = str(card.extra.get("anki") or front)
    return marked if CLOZE.search(marked) is not None else None


def cloze_to_anki(text: str, *, keep_numbers: bool = False) -> str:
    """Every deletion as `{{c1::...}}`: a card of its own has all its deletions hidden
    together. With `keep_numbers`, `{{c2::...}}` stays c2: the cards of one paragraph
    exported as one Anki note (see anki_notes)."""

    def one(match: re.Match[str]) -> str:
        if match["mark"] is not None:
            return "{{c1::" + match["mark"] + "}}"
        hint = f"::{match['hint']}" if match["hint"] is not None else ""
        opening = match[0][:match[0].index("::") + 2] if keep_numbers else "{{c1::"
        return opening + match["text"] + hint + "}}"

    return CLOZE.sub(one, text)


# -- Anki notes: one per card, or one per paragraph of deletions ---------------------------------

_C1 = re.compile(r"\{\{c1::(?P<text>.*?)(?:::(?P<hint>.*?))?\}\}", re.S)


@dataclass(frozen=True)
class AnkiNote:
    """One Anki note and the tcpquiz cards it holds, by Anki card ordinal (0 for c1)."""

    guid: str
    cards: dict[int, CardView]
    cloze_text: str | None = None  # several deletions: the text with each one's {{cN::...}}

    @property
    def lead(self) -> CardView:
        return self.cards[min(self.cards)]

    @property
    def retired(self) -> bool:
        return all(card.state == CardState.RETIRED for card in self.cards.values())


def _deletions(anki: str) -> tuple[str, list[tuple[int, int, str | None]]]:
    """A card's Anki cloze text as its plain text and the places of its deletions."""
    plain, spans, last = [], [], 0
    for match in _C1.finditer(anki):
        plain.append(anki[last:match.start()])
        start = sum(map(len, plain))
        plain.append(match["text"])
        spans.append((start, start + len(match["text"]), match["hint"]))
        last = match.end()
    plain.append(anki[last:])
    return "".join(plain), spans


def anki_notes(cards: Sequence[CardView], guid: Callable[[CardView], str]) -> list[AnkiNote]:
    """The Anki notes for these cards, in the order of their first cards.

    The notes importer makes one cloze card per deletion group of a paragraph (c1, c2 or
    each ==highlight==); Anki users expect one Cloze note with a card per deletion. The
    cards of one paragraph (same deck, same text) become one note whose GUID is that of
    its oldest card, and card N of the note is tcpquiz's card for deletion N.
    """
    groups: dict[tuple[str, str], list[tuple[int, CardView, list[tuple[int, int, str | None]]]]] = {}
    for card in cards:
        anki, number = card.extra.get("anki"), card.extra.get("cloze")
        if card.kind == CardKind.CLOZE and isinstance(anki, str) and isinstance(number, int) and number >= 1:
            plain, spans = _deletions(anki)
            if spans:
                groups.setdefault((card.deck_key, plain), []).append((number, card, spans))
    grouped: dict[int, AnkiNote] = {}
    for (_deck, plain), members in groups.items():
        numbers = [number for number, _card, _spans in members]
        if len(members) < 2 or len(set(numbers)) != len(numbers):
            continue
        marks = sorted((start, end, hint, number) for number, _card, spans in members for start, end, hint in spans)
        text, last = [], 0
        for start, end, hint, number in marks:
            if start < last:
                break  # overlapping deletions: keep the cards apart
            text += [plain[last:start], f"{{{{c{number}::{plain[start:end]}{'::' + hint if hint else ''}}}}}"]
            last = end
        else:
            text.append(plain[last:])
            lead = min((card for _n, card, _s in members), key=lambda c: c.id)
            note = AnkiNote(guid(lead), {number - 1: card for number, card, _s in members}, "".join(text))
            grouped.update((card.id, note) for _n, card, _s in members)
    notes: list[AnkiNote] = []
    seen: set[str] = set()
    for card in cards:
        group = grouped.get(card.id)
        if group is None:
            notes.append(AnkiNote(guid(card), {0: card}))
        elif group.guid not in seen:
            seen.add(group.guid)
            notes.append(group)
    return notes


def anki_places(notes: Sequence[AnkiNote]) -> dict[int, tuple[str, int]]:
    """Where each card is in Anki: card id -> (note GUID, card ordinal)."""
    return {card.id: (note.guid, ordinal) for note in notes for ordinal, card in note.cards.items()}



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


def shown_source(card: CardView) -> str:
    """Where a card comes from, as the Anki note's Source field shows it: the notes file by
    its path below the imported folder (never the absolute path, which names the user's
    home), and the line. A note with an `id:` is shown by its file name."""
    path_text, _, line = card.source.rpartition(":")
    if not path_text or not line.isdigit():
        return card.source  # engine cards: no file
    if card.deck_key.startswith("file:"):
        path_text = card.deck_key.removeprefix("file:")
    elif Path(path_text).is_absolute():
        path_text = Path(path_text).name
    return f"{path_text}:{line}"


_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src><[^>]*>|[^)\s]*)[^)]*\)")


def readable_front(front: str) -> str:
    """A question for a front that showed nothing but images that are missing: what the
    images were (their alt text, else their file names)."""
    names = [m["alt"].strip() or Path(m["src"].strip("<>")).name for m in _IMAGE.finditer(front)]
    rest = re.sub(r"[ \t]{2,}", " ", _IMAGE.sub("", front)).strip()
    if not names:
        return rest
    shown = ", ".join(name for name in names if name)
    return f"{rest} [image missing: {shown}]".strip()
