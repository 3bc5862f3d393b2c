"""tcpquiz's review log in Anki's terms: the grade mapping, revlog rows and lapses.

The mapping between SM-2's grades (0-5) and Anki's four answer buttons:

    SM-2 0, 1, 2 (wrong)                  -> Again (1)
    SM-2 3 (right, serious difficulty)    -> Hard (2)
    SM-2 4 (right, after hesitation)      -> Good (3)
    SM-2 5 (perfect)                      -> Easy (4)

    Again -> 1, Hard -> 3, Good -> 4, Easy -> 5

Every wrong grade moves an SM-2 schedule the same way (start over, easiness kept), so
Again -> 1 loses nothing the schedule uses; the other three buttons keep their meaning.
An answer tcpquiz sent to Anki is never read back as an Anki answer (its revlog id is
known), so no grade makes the round trip.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from tcpquiz.scheduler.sm2 import PASSING_QUALITY
from tcpquiz.store.views import LoggedReview

ANKI_BUTTON_FOR_QUALITY = {0: 1, 1: 1, 2: 1, 3: 2, 4: 3, 5: 4}
QUALITY_FOR_ANKI_BUTTON = {1: 1, 2: 3, 3: 4, 4: 5}

# revlog.type: how Anki classes an answer.
REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN = 0, 1, 2
MAX_ANSWER_MS = 60_000  # Anki's own cap on the time an answer took


@dataclass(frozen=True)
class RevlogRow:
    """One row of Anki's revlog table for one tcpquiz answer."""

    id: int  # milliseconds since the epoch: when the answer was given
    guid: str  # the note's
    ord: int  # which card of the note
    ease: int
    interval: int
    last_interval: int
    factor: int
    time_ms: int
    type: int


def _numbered(log: Sequence[LoggedReview]) -> Iterator[tuple[int, LoggedReview]]:
    """tcpquiz's own answers, oldest first, with their revlog ids."""
    last = 0
    for review in sorted(log, key=lambda r: (r.reviewed_at, r.review_id)):
        if review.anki_revlog_id is None:
            last = max(int(review.reviewed_at.timestamp() * 1000), last + 1)
            yield last, review


def known_revlog_ids(log: Sequence[LoggedReview]) -> set[int]:
    """The revlog ids of every answer in the log: tcpquiz's own, as revlog_rows numbers
    them, and those that came from Anki."""
    return {revlog_id for revlog_id, _review in _numbered(log)} | {
        review.anki_revlog_id for review in log if review.anki_revlog_id is not None}


def is_lapse(review: LoggedReview) -> bool:
    """A lapse, as Anki counts them: a card once recalled, now forgotten."""
    return review.quality < PASSING_QUALITY and review.repetitions_before > 0


def lapses(log: Iterable[LoggedReview]) -> dict[int, int]:
    """Lapses per card id."""
    counts: dict[int, int] = {}
    for review in log:
        if is_lapse(review):
            counts[review.card_id] = counts.get(review.card_id, 0) + 1
    return counts


def revlog_rows(log: Sequence[LoggedReview], places: Mapping[int, tuple[str, int]]) -> list[RevlogRow]:
    """The revlog rows of tcpquiz's own answers (not those that came from Anki) to the cards
    in `places` (card id -> note GUID and card ordinal), oldest first.

    A row's id is the moment of the answer in milliseconds, which is also Anki's primary
    key: answers in the same millisecond take the next free one. Ids are numbered over the
    whole log (pass all of it), so they depend only on it, and a repeated export or sync
    writes the same rows.
    """
    rows: list[RevlogRow] = []
    for last, review in _numbered(log):
        place = places.get(review.card_id)
        if place is None:
            continue
        kind = REVLOG_LEARN if review.was_new else REVLOG_RELEARN if review.repetitions_before == 0 else REVLOG_REVIEW
        rows.append(RevlogRow(
            id=last, guid=place[0], ord=place[1], ease=ANKI_BUTTON_FOR_QUALITY[review.quality],
            interval=review.interval_after, last_interval=review.interval_before,
            factor=round(review.easiness_after * 1000), time_ms=min(review.duration_ms, MAX_ANSWER_MS), type=kind,
        ))
    return rows
