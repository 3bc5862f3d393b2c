"""Helpers for the notes importer's tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tcpquiz.cards import CardDraft, CardKind, DeckDraft
from tcpquiz.notes import parse_note

SHARED_NOTES = Path(__file__).resolve().parents[2] / ".." / "shared" / "notes"


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TCPQUIZ_HOME", str(tmp_path / "home"))


def parse(text: str, **options) -> DeckDraft:
    options.setdefault("source", "note.md")
    options.setdefault("deck_key", "file:note.md")
    options.setdefault("default_name", "note")
    return parse_note(text, **options)


def cards(text: str, **options) -> tuple[CardDraft, ...]:
    return parse(text, **options).cards


def front(card: CardDraft) -> str:
    """A card's front as the learner reads it (markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", card.front).strip()


def back(card: CardDraft) -> str:
    """A card's back as words: bold marks and markdown escapes removed."""
    text = re.sub(r"(?<!\\)\*\*", "", card.back).replace("  \n", "\n")
    return re.sub(r"\\(.)", r"\1", text).strip()


def summary(found: tuple[CardDraft, ...]) -> list[tuple[CardKind, str]]:
    return [(card.kind, front(card)) for card in found]


def find(found: tuple[CardDraft, ...], kind: CardKind, text: str) -> CardDraft:
    """The card of this kind whose front reads `text`; fails listing what there is."""
    for card in found:
        if card.kind == kind and front(card) == text:
            return card
    raise AssertionError(f"no {kind} card {text!r}; the cards are:\n" + "\n".join(
        f"  {kind_}: {text_}" for kind_, text_ in summary(found)))
