"""The review session: what to ask next, recording answers, undo, and the summary.

It knows nothing of terminals: the front ends in `tcpquiz.review.tty` (single
keypress, rich) and `tcpquiz.review.script` (one line per card) drive it.

Every answer is written to the store the moment it is given, in its own
transaction, so quitting, Ctrl-C or a crash never loses an answer already given.
A card graded below 4 comes back later in the same session until it scores 4 or
more; those extra rounds are logged but do not move the schedule (DESIGN.md).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from tcpquiz.scheduler.sm2 import PASSING_QUALITY, SESSION_PASS_QUALITY

if TYPE_CHECKING:
    from tcpquiz.store.views import Answer, CardView


class ReviewStore(Protocol):
    """What a session and its front ends need of the store: a `Store`, or the review's
    quick start (tcpquiz.review.quickstart), which has the first card before SQLAlchemy loads."""

    def record_answer(self, card_id: int, quality: int, *, now: datetime, session_id: str, scheduled: bool,
                      duration_ms: int = 0) -> Answer: ...

    def undo(self, answer: Answer, *, now: datetime) -> None: ...

    def group_siblings(self, card: CardView) -> list[CardView]: ...


# A failed card comes back after this many other cards (or at the end, if fewer are left):
# soon enough to relearn it, late enough not to be answered from short-term memory.
REQUEUE_GAP = 4


class Outcome(Enum):
    """How a session ended."""

    FINISHED = "finished"  # the queue ran out
    QUIT = "quit"  # q, or the end of input
    INTERRUPTED = "interrupted"  # Ctrl-C


@dataclass(frozen=True)
class Item:
    card: CardView
    repeat: bool  # an extra round: logged, but the schedule does not move


@dataclass(frozen=True)
class Summary:
    seen: int  # distinct cards answered
    answers: int  # all answers, extra rounds included
    correct: int  # first answers graded 3 or more
    first_answers: int
    seconds: float
    streak: int
    next_due: date | None
    left: int  # cards still in the queue when the session ended

    @property
    def share_correct(self) -> float | None:
        return self.correct / self.first_answers if self.first_answers else None


@dataclass
class _Step:
    answer: Answer
    item: Item
    requeued: Item | None


@dataclass
class ReviewSession:
    store: ReviewStore
    queue: list[Item]
    clock: Callable[[], datetime]
    # 32 random hex digits, as uuid4().hex has them: the uuid module (and the platform
    # module it loads) would cost the review's start more than the rest of this module.
    session_id: str = field(default_factory=lambda: os.urandom(16).hex())
    started: float = field(default_factory=time.monotonic)
    history: list[_Step] = field(default_factory=list)

    @classmethod
    def start(cls, store: ReviewStore, cards: list[CardView], clock: Callable[[], datetime]) -> ReviewSession:
        return cls(store=store, queue=[Item(card, repeat=False) for card in cards], clock=clock)

    @property
    def current(self) -> Item | None:
        return self.queue[0] if self.queue else None

    @property
    def remaining(self) -> int:
        """Cards still to answer at least once more, extra rounds included."""
        return len(self.queue)

    @property
    def done(self) -> int:
        return len(self.history)

    def answer(self, quality: int, duration_ms: int = 0) -> Answer:
        """Grade the current card (0..5), commit it, and move on."""
        item = self.queue.pop(0)
        try:
            answer = self.store.record_answer(
                item.card.id, quality, now=self.clock(), session_id=self.session_id,
                scheduled=not item.repeat, duration_ms=duration_ms,
            )
        except BaseException:
            self.queue.insert(0, item)  # nothing was written: the card stays on screen
            raise
        requeued = None
        if quality < SESSION_PASS_QUALITY:
            requeued = Item(item.card, repeat=True)
            self.queue.insert(min(REQUEUE_GAP, len(self.queue)), requeued)
        self.history.append(_Step(answer, item, requeued))
        return answer

    def undo(self) -> Item | None:
        """Take back the last answer; its card is asked again. None if nothing to undo."""
        if not self.history:
            return None
        step = self.history.pop()
        self.store.undo(step.answer, now=self.clock())
        if step.requeued is not None:
            self.queue.remove(step.requeued)
        self.queue.insert(0, step.item)
        return step.item

    def summary(self, streak: int, next_due: date | None) -> Summary:
        first = [s.answer for s in self.history if not s.item.repeat]
        return Summary(
            seen=len({s.item.card.id for s in self.history}),
            answers=len(self.history),
            correct=sum(1 for a in first if a.quality >= PASSING_QUALITY),
            first_answers=len(first),
            seconds=time.monotonic() - self.started,
            streak=streak,
            next_due=next_due,
            left=len(self.queue),
        )
