"""Frozen values the store hands out. Callers never see ORM objects or sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from tcpquiz.scheduler.sm2 import SM2State


class CardState(StrEnum):
    NEW = "new"  # never answered
    LEARNING = "learning"  # answered, but not yet recalled twice in a row
    REVIEW = "review"  # recalled at least twice in a row: on the growing intervals
    RETIRED = "retired"  # gone from its source; kept with its history


@dataclass(frozen=True)
class CardView:
    id: int
    key: str
    deck: str
    deck_key: str
    kind: str
    front: str
    back: str
    source: str
    extra: dict[str, Any]
    tags: tuple[str, ...]
    state: CardState
    schedule: SM2State | None
    due: date | None
    group_key: str | None = None
    anki_guid: str | None = None  # fixed when the card was first stored
    updated_at: datetime | None = None  # when the card's text last changed in tcpquiz

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "deck": self.deck,
            "kind": self.kind,
            "front": self.front,
            "back": self.back,
            "source": self.source,
            "due": self.due.isoformat() if self.due else None,
            "state": self.state.value,
            "tags": list(self.tags),
            "repetitions": self.schedule.repetitions if self.schedule else 0,
            "easiness": self.schedule.easiness if self.schedule else None,
            "interval": self.schedule.interval if self.schedule else 0,
            "flags": list(self.extra.get("flags") or []),  # what `tcpquiz check` found wrong in it
        }


@dataclass(frozen=True)
class WeakCard:
    """A card the learner keeps getting wrong (`Store.weakest_cards`)."""

    card: CardView
    lapses: int  # answers graded below 3 that moved the schedule, not undone
    reviews: int  # answers that moved the schedule, not undone


@dataclass(frozen=True)
class DeckRef:
    """A deck as commands select it: cheap to list, with no counts."""

    id: int
    key: str
    name: str
    source: str
    lang: str | None
    builtin: bool
    read_goal: int


@dataclass(frozen=True)
class DeckView(DeckRef):
    """A deck with its active cards and reads counted."""

    cards: int
    reads: int


@dataclass(frozen=True)
class SyncResult:
    deck: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    restored: int = 0


@dataclass(frozen=True)
class Answer:
    """One recorded answer, enough to undo it."""

    review_id: int
    card_id: int
    quality: int
    scheduled: bool
    before: SM2State | None  # None: the card was new
    after: SM2State
    due_after: date


@dataclass(frozen=True)
class GoalView:
    text: str
    target: int
    done: int
    first_day: date | None = None


@dataclass(frozen=True)
class Limits:
    new_per_day: int = 20
    reviews_per_day: int = 200


@dataclass(frozen=True)
class LoggedReview:
    """One answer that moved a card's schedule, as the Anki export and sync read it."""

    review_id: int
    card_id: int
    reviewed_at: datetime
    quality: int
    duration_ms: int
    was_new: bool
    repetitions_before: int
    interval_before: int
    easiness_after: float
    interval_after: int
    anki_revlog_id: int | None = None  # given in Anki: its revlog id there


@dataclass(frozen=True)
class PulledReview:
    """An answer given in Anki, to be merged into tcpquiz's log."""

    card_id: int
    revlog_id: int
    reviewed_at: datetime
    quality: int
    duration_ms: int
