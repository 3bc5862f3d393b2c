"""Deck sync: upsert cards by their stable key, keep history, retire what vanished.

A card's history belongs to its key (DESIGN.md, "Identity and history"):

* same key, new text: the card is updated in place and keeps its schedule;
* a key that disappeared while a new one appeared with a recognisably similar
  question (same kind, fronts at least FUZZY_MATCH_RATIO alike): the question was
  edited, so the old card takes the new key and keeps its history;
* a key that disappeared: the card is retired, never deleted;
* a retired key that reappears: the card comes back with its history.
"""

from __future__ import annotations

import difflib
import unicodedata
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from tcpquiz.cards import CardDraft, DeckDraft
from tcpquiz.store import models as m
from tcpquiz.store.views import SyncResult

FUZZY_MATCH_RATIO = 0.75


def normalize_question(text: str) -> str:
    """Case, width and punctuation folded away, for comparing two versions of a question."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _content(draft: CardDraft) -> tuple:
    return (str(draft.kind), draft.front, draft.back, draft.extra, list(draft.tags))


def _row_content(card: m.Card) -> tuple:
    return (card.kind, card.front, card.back, card.extra or {}, list(card.tags or []))


def _values(draft: CardDraft, position: int, now: datetime) -> dict:
    """The columns a draft sets on its card."""
    return dict(key=draft.key, kind=str(draft.kind), front=draft.front, back=draft.back, extra=dict(draft.extra),
                tags=list(draft.tags), source=draft.source, position=position, updated_at=now)


def _apply(card: m.Card, draft: CardDraft, position: int, now: datetime) -> None:
    for name, value in _values(draft, position, now).items():
        setattr(card, name, value)


def _pair_edited_questions(
    drafts: list[tuple[int, CardDraft]], vanished: list[m.Card]
) -> list[tuple[int, CardDraft, m.Card]]:
    """Pair new drafts with vanished cards whose question is nearly the same, best pairs first."""
    if not vanished:
        return []  # a new deck, or nothing removed: nothing to pair (and no question to normalize)
    candidates = []
    for index, (position, draft) in enumerate(drafts):
        wanted = normalize_question(draft.front)
        for card in vanished:
            if card.kind != str(draft.kind):
                continue
            ratio = difflib.SequenceMatcher(None, wanted, normalize_question(card.front)).ratio()
            if ratio >= FUZZY_MATCH_RATIO:
                candidates.append((ratio, index, card.id, position, draft, card))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    pairs, used_drafts, used_cards = [], set(), set()
    for _ratio, index, card_id, position, draft, card in candidates:
        if index in used_drafts or card_id in used_cards:
            continue
        used_drafts.add(index)
        used_cards.add(card_id)
        pairs.append((position, draft, card))
    return pairs


def sync_deck(session: Session, deck: DeckDraft, now: datetime) -> SyncResult:
    row = session.scalar(select(m.Deck).where(m.Deck.key == deck.key))
    if row is None:
        row = m.Deck(key=deck.key, created_at=now, read_goal=60)
        session.add(row)
    row.name, row.source, row.text = deck.name, deck.source, deck.text
    row.tags, row.lang, row.builtin, row.updated_at = list(deck.tags), deck.lang, deck.builtin, now
    session.flush()

    existing = {card.key: card for card in session.scalars(select(m.Card).where(m.Card.deck_id == row.id))}
    seen_keys = {draft.key for draft in deck.cards}
    if len(seen_keys) != len(deck.cards):
        raise ValueError(f"deck {deck.name!r} has duplicate card keys")

    counts = dict(new=0, updated=0, unchanged=0, retired=0, restored=0)
    unmatched: list[tuple[int, CardDraft]] = []
    for position, draft in enumerate(deck.cards):
        card = existing.get(draft.key)
        if card is None:
            unmatched.append((position, draft))
            continue
        if card.retired_at is not None:
            card.retired_at = None
            counts["restored"] += 1
        elif _row_content(card) != _content(draft):
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        if _row_content(card) != _content(draft) or (card.source, card.position) != (draft.source, position):
            _apply(card, draft, position, now)

    vanished = [c for key, c in existing.items() if key not in seen_keys and c.retired_at is None]
    for position, draft, card in _pair_edited_questions(unmatched, vanished):
        _apply(card, draft, position, now)
        counts["updated"] += 1
        vanished.remove(card)
        unmatched.remove((position, draft))
    session.flush()  # re-keyed cards first, so their new keys are free for nothing else

    if unmatched:
        # One executemany, not the unit of work: new cards need no ORM bookkeeping, and
        # a thousand-note import spent most of its sync time in it (issue 7).
        session.execute(insert(m.Card.__table__), [
            dict(_values(draft, position, now), deck_id=row.id, created_at=now) for position, draft in unmatched
        ])
        counts["new"] += len(unmatched)
    for card in vanished:
        card.retired_at = now
        counts["retired"] += 1
    return SyncResult(deck=deck.name, **counts)
