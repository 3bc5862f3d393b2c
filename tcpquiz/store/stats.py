"""Progress numbers for `tcpquiz stats`, computed with aggregate SQL (no per-card loops)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from tcpquiz.store import models as m

FORECAST_DAYS = 7
HEATMAP_WEEKS = 12
RETENTION_DAYS = 30


@dataclass(frozen=True)
class Progress:
    """Progress towards a count: deck reads, or a goal of the user's own."""

    name: str
    done: int
    target: int
    eta: date | None  # when the target is reached at the current pace; None: no pace yet

    @property
    def reached(self) -> bool:
        return self.done >= self.target


@dataclass(frozen=True)
class DeckStats:
    name: str
    cards: int
    due: int
    new: int
    reads: Progress


@dataclass(frozen=True)
class Stats:
    today: date
    cards: dict[str, int]
    due_today: int
    new_available: int
    forecast: list[tuple[date, int]]
    reviews_today: int
    reviews_total: int
    retention: float | None
    streak: int
    heatmap: list[tuple[date, int]]
    decks: list[DeckStats]
    goals: list[Progress] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "cards": self.cards,
            "due_today": self.due_today,
            "new_available": self.new_available,
            "forecast": [{"date": d.isoformat(), "due": n} for d, n in self.forecast],
            "reviews_today": self.reviews_today,
            "reviews_total": self.reviews_total,
            "retention_30d": None if self.retention is None else round(self.retention, 4),
            "streak": self.streak,
            "heatmap": [{"date": d.isoformat(), "reviews": n} for d, n in self.heatmap],
            "decks": [
                {
                    "name": d.name, "cards": d.cards, "due": d.due, "new": d.new,
                    "reads": d.reads.done, "read_goal": d.reads.target,
                    "reads_eta": d.reads.eta.isoformat() if d.reads.eta else None,
                }
                for d in self.decks
            ],
            "goals": [
                {"text": g.name, "done": g.done, "target": g.target, "eta": g.eta.isoformat() if g.eta else None}
                for g in self.goals
            ],
        }


def eta(done: int, target: int, first_day: date | None, today: date) -> date | None:
    """The day `target` is reached at the average pace since `first_day`."""
    if done >= target:
        return today
    if done == 0 or first_day is None:
        return None
    days = (today - first_day).days + 1
    per_day = done / days
    return today + timedelta(days=math.ceil((target - done) / per_day))


def _live_reviews():  # noqa: ANN202
    return m.Review.id.not_in(select(m.ReviewUndo.review_id))


def streak_from(days_with_reviews: set[date], today: date) -> int:
    """Consecutive study days with reviews, ending today (or yesterday, if today has none yet)."""
    day = today if today in days_with_reviews else today - timedelta(days=1)
    count = 0
    while day in days_with_reviews:
        count += 1
        day -= timedelta(days=1)
    return count


def compute_stats(session: Session, today: date, deck_ids: list[int] | None) -> Stats:
    in_decks = m.Card.deck_id.in_(deck_ids) if deck_ids is not None else True
    active = and_(in_decks, m.Card.retired_at.is_(None))

    # Cards by state (CardState), in one pass.
    state_rows = session.execute(
        select(
            func.sum(case((m.Card.retired_at.is_not(None), 1), else_=0)),
            func.sum(case((and_(m.Card.retired_at.is_(None), m.Schedule.card_id.is_(None)), 1), else_=0)),
            func.sum(case((and_(m.Card.retired_at.is_(None), m.Schedule.repetitions < 2), 1), else_=0)),
            func.sum(case((and_(m.Card.retired_at.is_(None), m.Schedule.repetitions >= 2), 1), else_=0)),
        ).select_from(m.Card).outerjoin(m.Schedule, m.Schedule.card_id == m.Card.id).where(in_decks)
    ).one()
    retired, new, learning, review = (int(x or 0) for x in state_rows)
    cards = {"new": new, "learning": learning, "review": review, "retired": retired}

    horizon = today + timedelta(days=FORECAST_DAYS - 1)
    due_rows = session.execute(
        select(m.Schedule.due, func.count())
        .join(m.Card, m.Card.id == m.Schedule.card_id)
        .where(active, m.Schedule.due <= horizon)
        .group_by(m.Schedule.due)
    ).all()
    forecast_counts = {today + timedelta(days=i): 0 for i in range(FORECAST_DAYS)}
    for due, count in due_rows:
        forecast_counts[max(due, today)] += count
    forecast = sorted(forecast_counts.items())
    due_today = forecast_counts[today]

    live = _live_reviews()
    review_scope = and_(live, m.Review.card_id.in_(select(m.Card.id).where(in_decks))) if deck_ids is not None else live
    since = today - timedelta(days=HEATMAP_WEEKS * 7 - 1)
    per_day = dict(
        session.execute(
            select(m.Review.study_day, func.count())
            .where(review_scope, m.Review.study_day >= min(since, today - timedelta(days=RETENTION_DAYS)))
            .group_by(m.Review.study_day)
        ).all()
    )
    reviews_total = session.scalar(select(func.count()).select_from(m.Review).where(review_scope)) or 0
    passed, graded = session.execute(
        select(func.sum(case((m.Review.quality >= 3, 1), else_=0)), func.count())
        .where(review_scope, m.Review.scheduled.is_(True),
               m.Review.study_day > today - timedelta(days=RETENTION_DAYS))
    ).one()
    retention = (passed or 0) / graded if graded else None
    review_days = set(session.scalars(select(m.Review.study_day).where(review_scope).distinct()))
    heatmap = [(since + timedelta(days=i), per_day.get(since + timedelta(days=i), 0)) for i in range(HEATMAP_WEEKS * 7)]

    return Stats(
        today=today,
        cards=cards,
        due_today=due_today,
        new_available=new,
        forecast=forecast,
        reviews_today=per_day.get(today, 0),
        reviews_total=reviews_total,
        retention=retention,
        streak=streak_from(review_days, today),
        heatmap=heatmap,
        decks=_deck_stats(session, today, deck_ids),
        goals=_goal_progress(session, today),
    )


def _deck_stats(session: Session, today: date, deck_ids: list[int] | None) -> list[DeckStats]:
    card_counts = (
        select(
            m.Card.deck_id,
            func.count().label("cards"),
            func.sum(case((m.Schedule.due <= today, 1), else_=0)).label("due"),
            func.sum(case((m.Schedule.card_id.is_(None), 1), else_=0)).label("new"),
        )
        .outerjoin(m.Schedule, m.Schedule.card_id == m.Card.id)
        .where(m.Card.retired_at.is_(None))
        .group_by(m.Card.deck_id)
        .subquery()
    )
    reads = (
        select(m.Read.deck_id, func.count().label("n"), func.min(m.Read.study_day).label("first"))
        .group_by(m.Read.deck_id).subquery()
    )
    query = (
        select(m.Deck.name, m.Deck.read_goal, card_counts.c.cards, card_counts.c.due, card_counts.c.new,
               reads.c.n, reads.c.first)
        .outerjoin(card_counts, card_counts.c.deck_id == m.Deck.id)
        .outerjoin(reads, reads.c.deck_id == m.Deck.id)
        .order_by(m.Deck.name)
    )
    if deck_ids is not None:
        query = query.where(m.Deck.id.in_(deck_ids))
    result = []
    for name, goal, n_cards, due, new, n_reads, first in session.execute(query):
        n_reads = n_reads or 0
        result.append(DeckStats(
            name=name, cards=n_cards or 0, due=int(due or 0), new=int(new or 0),
            reads=Progress(name, n_reads, goal, eta(n_reads, goal, first, today)),
        ))
    return result


def _goal_progress(session: Session, today: date) -> list[Progress]:
    rows = session.execute(
        select(m.Goal.text, m.Goal.target, func.count(m.GoalTick.id), func.min(m.GoalTick.study_day))
        .outerjoin(m.GoalTick, m.GoalTick.goal_id == m.Goal.id)
        .group_by(m.Goal.id).order_by(m.Goal.id)
    ).all()
    return [Progress(text, done, target, eta(done, target, first, today)) for text, target, done, first in rows]
