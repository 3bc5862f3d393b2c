"""Progress numbers for `tcpquiz stats`, computed with aggregate SQL (no per-card loops)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, and_, case, func, select, true

from tcpquiz.cards import GENERATED_SOURCE
from tcpquiz.store import schema as t
from tcpquiz.store.queries import goal_rows, not_undone
from tcpquiz.store.reading import REVIEW_REPETITIONS

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
    reads: Progress | None  # None: a generated deck, with no note to read


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
                    "reads": d.reads.done if d.reads else 0, "read_goal": d.reads.target if d.reads else None,
                    "reads_eta": d.reads.eta.isoformat() if d.reads and d.reads.eta else None,
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


# Counts back from a study day while each earlier day has an answer that was not
# undone: one query, each step a seek on the study_day index (a streak of years is
# hundreds of days, and a query per day would cost more than the rest of `stats`).
STREAK_SQL = """
WITH RECURSIVE studied(day) AS (
    SELECT :start WHERE EXISTS (SELECT 1 FROM reviews r WHERE r.study_day = :start
        AND NOT EXISTS (SELECT 1 FROM review_undos u WHERE u.review_id = r.id))
    UNION ALL
    SELECT date(day, '-1 day') FROM studied WHERE EXISTS (
        SELECT 1 FROM reviews r WHERE r.study_day = date(day, '-1 day')
        AND NOT EXISTS (SELECT 1 FROM review_undos u WHERE u.review_id = r.id))
)
SELECT count(*) FROM studied
"""


def streak(conn: Connection, today: date) -> int:
    """Consecutive study days with an answer (in any deck), ending today, or yesterday
    when today has none yet."""
    from sqlalchemy import text

    query = text(STREAK_SQL)
    count = conn.scalar(query, {"start": today.isoformat()}) or 0
    if count == 0:
        count = conn.scalar(query, {"start": (today - timedelta(days=1)).isoformat()}) or 0
    return count


def _reviews_total(conn: Connection, deck_ids: list[int] | None) -> int:
    """Answers ever given in these decks, undone ones left out.

    Counting the whole log is quick; filtering a million rows by deck is not. So the
    total is the whole log minus the answers in the decks left out (usually a few
    built-in decks in the other language), found through the card_id index.
    """
    total = conn.scalar(select(func.count()).select_from(t.reviews)) or 0
    undone = conn.scalar(select(func.count()).select_from(t.review_undos)) or 0
    if deck_ids is None:
        return total - undone
    left_out = select(t.cards.c.id).where(t.cards.c.deck_id.not_in(deck_ids))
    in_left_out = conn.scalar(
        select(func.count()).select_from(t.reviews).where(t.reviews.c.card_id.in_(left_out))
    ) or 0
    undone_in_left_out = conn.scalar(
        select(func.count()).select_from(t.review_undos).join(t.reviews, t.reviews.c.id == t.review_undos.c.review_id)
        .where(t.reviews.c.card_id.in_(left_out))
    ) or 0
    return total - undone - in_left_out + undone_in_left_out


@dataclass
class _CardTally:
    """Per-deck counts gathered from the one pass over cards and schedules."""

    cards: int = 0
    due: int = 0
    new: int = 0


def compute_stats(conn: Connection, today: date, deck_ids: list[int] | None) -> Stats:
    in_decks = t.cards.c.deck_id.in_(deck_ids) if deck_ids is not None else true()
    chosen = None if deck_ids is None else set(deck_ids)

    # One pass over cards and their schedules, grouped into a few hundred rows, gives
    # the states, each deck's counts and the forecast (three scans would cost three times).
    horizon = today + timedelta(days=FORECAST_DAYS - 1)
    retired = t.cards.c.retired_at.is_not(None)
    state = case(
        (retired, "retired"), (t.schedules.c.card_id.is_(None), "new"),
        (t.schedules.c.repetitions < REVIEW_REPETITIONS, "learning"), else_="review",
    )
    due_day = case((and_(t.schedules.c.due <= horizon, ~retired), func.max(t.schedules.c.due, today)), else_=None)
    rows = conn.execute(
        select(t.cards.c.deck_id, state, due_day, func.count())
        .outerjoin(t.schedules, t.schedules.c.card_id == t.cards.c.id)
        .group_by(t.cards.c.deck_id, state, due_day)
    ).all()
    cards = {"new": 0, "learning": 0, "review": 0, "retired": 0}
    forecast_counts = {today + timedelta(days=i): 0 for i in range(FORECAST_DAYS)}
    tallies: dict[int, _CardTally] = {}
    for deck_id, card_state, due, count in rows:
        tally = tallies.setdefault(deck_id, _CardTally())
        if card_state != "retired":
            tally.cards += count
            tally.new += count if card_state == "new" else 0
            tally.due += count if due is not None and due <= today else 0
        if chosen is not None and deck_id not in chosen:
            continue
        cards[card_state] += count
        if due is not None:
            forecast_counts[due] += count
    forecast = sorted(forecast_counts.items())
    due_today = forecast_counts[today]

    # The log can hold millions of rows: only the recent days (heatmap, retention, today)
    # are read row by row, narrowed first by the study_day index; the all-time total is
    # counted without a per-row deck filter (see _reviews_total).
    live = not_undone()
    # `card_id + 0`: without it SQLite walks the card_id index through the whole log
    # (seconds at a million rows) instead of narrowing by study_day first.
    in_scope = (t.reviews.c.card_id + 0).in_(select(t.cards.c.id).where(in_decks))
    review_scope = and_(live, in_scope) if deck_ids is not None else live
    since = today - timedelta(days=HEATMAP_WEEKS * 7 - 1)
    per_day: dict[date, int] = dict(
        conn.execute(
            select(t.reviews.c.study_day, func.count())
            .where(t.reviews.c.study_day >= min(since, today - timedelta(days=RETENTION_DAYS)), review_scope)
            .group_by(t.reviews.c.study_day)
        ).all()
    )
    passed, graded = conn.execute(
        select(func.sum(case((t.reviews.c.quality >= 3, 1), else_=0)), func.count())
        .where(t.reviews.c.study_day > today - timedelta(days=RETENTION_DAYS), review_scope,
               t.reviews.c.scheduled.is_(True))
    ).one()
    retention = (passed or 0) / graded if graded else None
    heatmap = [(since + timedelta(days=i), per_day.get(since + timedelta(days=i), 0)) for i in range(HEATMAP_WEEKS * 7)]

    return Stats(
        today=today,
        cards=cards,
        due_today=due_today,
        new_available=cards["new"],
        forecast=forecast,
        reviews_today=per_day.get(today, 0),
        reviews_total=_reviews_total(conn, deck_ids),
        retention=retention,
        streak=streak(conn, today),
        heatmap=heatmap,
        decks=_deck_stats(conn, today, chosen, tallies),
        goals=_goal_progress(conn, today),
    )


def _deck_stats(conn: Connection, today: date, chosen: set[int] | None,
                tallies: dict[int, _CardTally]) -> list[DeckStats]:
    reads = (
        select(t.reads.c.deck_id, func.count().label("n"), func.min(t.reads.c.study_day).label("first"))
        .group_by(t.reads.c.deck_id).subquery()
    )
    query = (
        select(t.decks.c.id, t.decks.c.name, t.decks.c.read_goal, t.decks.c.source, reads.c.n, reads.c.first)
        .outerjoin(reads, reads.c.deck_id == t.decks.c.id)
        .where(t.decks.c.removed_at.is_(None))
        .order_by(t.decks.c.name)
    )
    result = []
    for deck_id, name, goal, source, n_reads, first in conn.execute(query):
        if chosen is not None and deck_id not in chosen:
            continue
        tally = tallies.get(deck_id, _CardTally())
        n_reads = n_reads or 0
        result.append(DeckStats(
            name=name, cards=tally.cards, due=tally.due, new=tally.new,
            reads=None if source == GENERATED_SOURCE else Progress(name, n_reads, goal,
                                                                   eta(n_reads, goal, first, today)),
        ))
    return result


def _goal_progress(conn: Connection, today: date) -> list[Progress]:
    return [Progress(text, done, target, eta(done, target, first, today))
            for text, target, done, first in goal_rows(conn)]
