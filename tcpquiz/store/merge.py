"""The review log as Anki sees it, and reviews made in Anki merged into it.

Reviews pulled from Anki are appended to the same append-only log, marked by their
session id (`anki:<revlog id>`), so pulling them again finds them already there. Each
card that gained a review has its schedule replayed from its whole log in time order
(DESIGN.md, "Identity and history"): both sides' answers count, in the order they were
given, and the stored before/after states of every answer are rewritten to match.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, bindparam, insert, select, update

from tcpquiz.scheduler import sm2
from tcpquiz.scheduler.clock import due_day, study_day
from tcpquiz.store import schema as t
from tcpquiz.store.views import LoggedReview, PulledReview

ANKI_SESSION = "anki:"  # session_id prefix of an answer given in Anki; the revlog id follows

# Builds the WHERE condition that keeps answers which were not undone (store.api.not_undone).
NotUndone = Callable[[], ColumnElement[bool]]


def review_log(conn: Connection, not_undone: NotUndone) -> list[LoggedReview]:
    """Every answer that moved a schedule and was not undone, oldest first."""
    reviews = t.reviews.c
    rows = conn.execute(
        select(reviews.id, reviews.card_id, reviews.session_id, reviews.reviewed_at,
               reviews.quality, reviews.duration_ms, reviews.was_new, reviews.repetitions_before,
               reviews.interval_before, reviews.easiness_after, reviews.interval_after)
        .where(reviews.scheduled.is_(True), not_undone())
        .order_by(reviews.reviewed_at, reviews.id)
    ).all()
    return [
        LoggedReview(review_id=r.id, card_id=r.card_id, reviewed_at=r.reviewed_at,
                     quality=r.quality, duration_ms=r.duration_ms, was_new=r.was_new,
                     repetitions_before=r.repetitions_before, interval_before=r.interval_before,
                     easiness_after=r.easiness_after, interval_after=r.interval_after,
                     anki_revlog_id=_revlog_id(r.session_id))
        for r in rows
    ]


def _revlog_id(session_id: str) -> int | None:
    if session_id.startswith(ANKI_SESSION) and session_id[len(ANKI_SESSION):].isdigit():
        return int(session_id[len(ANKI_SESSION):])
    return None


def merge_reviews(conn: Connection, pulled: Sequence[PulledReview], not_undone: NotUndone) -> int:
    """Append the answers not yet in the log and replay the schedule of each card that
    gained one. Returns how many answers were added."""
    reviews = t.reviews.c
    have = {_revlog_id(s) for s in conn.scalars(select(reviews.session_id).where(
        reviews.session_id.like(ANKI_SESSION + "%")))}
    fresh = sorted((p for p in pulled if p.revlog_id not in have), key=lambda p: (p.reviewed_at, p.revlog_id))
    if not fresh:
        return 0
    days_answered = {(r.card_id, r.study_day) for r in conn.execute(
        select(reviews.card_id, reviews.study_day).where(reviews.scheduled.is_(True), not_undone()))}
    rows = []
    for review in fresh:
        day = study_day(review.reviewed_at.astimezone())
        # As in a tcpquiz session, only a card's first answer of a study day moves its
        # schedule; Anki's learning steps that day are the extra rounds.
        scheduled = (review.card_id, day) not in days_answered
        days_answered.add((review.card_id, day))
        rows.append(dict(
            card_id=review.card_id, session_id=f"{ANKI_SESSION}{review.revlog_id}", reviewed_at=review.reviewed_at,
            study_day=day, quality=review.quality, duration_ms=review.duration_ms, scheduled=scheduled,
            was_new=False, repetitions_before=0, easiness_before=sm2.START_EASINESS, interval_before=0,
            due_before=None, repetitions_after=0, easiness_after=sm2.START_EASINESS, interval_after=0, due_after=day,
        ))
    conn.execute(insert(t.reviews), rows)
    for card_id in sorted({review.card_id for review in fresh}):
        replay(conn, card_id, not_undone)
    return len(fresh)


_UPDATE_REVIEW = update(t.reviews).where(t.reviews.c.id == bindparam("review_id"))


def replay(conn: Connection, card_id: int, not_undone: NotUndone) -> None:
    """Recompute a card's schedule, and the states its answers record, from its log in time order."""
    reviews = t.reviews.c
    rows = conn.execute(
        select(reviews.id, reviews.reviewed_at, reviews.study_day, reviews.quality)
        .where(reviews.card_id == card_id, reviews.scheduled.is_(True), not_undone())
        .order_by(reviews.reviewed_at, reviews.id)
    ).all()
    state: sm2.SM2State | None = None
    due: date | None = None
    changes: list[dict[str, Any]] = []
    for row in rows:
        before = state or sm2.SM2State()
        state = sm2.review(before, row.quality)
        due_before, due = due, due_day(row.study_day, state.interval)
        changes.append(dict(
            review_id=row.id, was_new=not changes, repetitions_before=before.repetitions,
            easiness_before=before.easiness, interval_before=before.interval, due_before=due_before,
            repetitions_after=state.repetitions, easiness_after=state.easiness, interval_after=state.interval,
            due_after=due,
        ))
    if not changes or state is None or due is None:
        return
    conn.execute(_UPDATE_REVIEW, changes)
    values = dict(repetitions=state.repetitions, easiness=state.easiness, interval=state.interval, due=due,
                  last_reviewed_at=rows[-1].reviewed_at)
    if conn.scalar(select(t.schedules.c.card_id).where(t.schedules.c.card_id == card_id)) is None:
        conn.execute(insert(t.schedules).values(card_id=card_id, **values))
    else:
        conn.execute(update(t.schedules).where(t.schedules.c.card_id == card_id).values(**values))
