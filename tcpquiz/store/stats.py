"""Progress numbers for `tcpquiz stats`, computed with aggregate SQL (no per-card loops).

Plain SQL over the standard library's sqlite3: `stats` on a library of a million answers
is a handful of aggregates, and importing SQLAlchemy would cost more than running them.
`Store.stats` runs the same functions on its own connection (see store.reading)."""

from __future__ import annotations

import math
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tcpquiz.cards import GENERATED_SOURCE
from tcpquiz.store.reading import NOT_UNDONE, REVIEW_REPETITIONS, _marks

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

# Each deck's cards by state, in one pass over the cards in deck order: the index on
# (deck_id, retired_at) holds all it needs of a card, and each card's schedule is found
# by its key.
DECK_TALLY_SQL = f"""
SELECT cards.deck_id,
    count(*) FILTER (WHERE cards.retired_at IS NULL),
    count(*) FILTER (WHERE cards.retired_at IS NULL AND schedules.card_id IS NULL),
    count(*) FILTER (WHERE cards.retired_at IS NULL AND schedules.repetitions < {REVIEW_REPETITIONS}),
    count(*) FILTER (WHERE cards.retired_at IS NOT NULL)
FROM cards LEFT JOIN schedules ON schedules.card_id = cards.id
GROUP BY cards.deck_id
"""

# Each deck's active cards due on each day of the forecast (an overdue card counts on its
# first day): only the schedules due by its last day, through the due index, and each
# one's deck through an index of the cards' keys that holds it (a card's row holds its
# text, and reading thousands of rows would cost three times as much). A count a day in
# the pass over every card above would cost more than this whole query.
FORECAST_SQL = """
SELECT cards.deck_id, max(schedules.due, :first) AS day, count(*)
FROM schedules JOIN cards INDEXED BY ix_cards_id_deck_id_retired_at ON cards.id = schedules.card_id
WHERE schedules.due <= :last AND cards.retired_at IS NULL
GROUP BY cards.deck_id, day
"""

# The undone answers from a study day on, by day: how many, how many moved a schedule, and
# how many of those were graded 3 or more. A few thousand in years of answers, each found by
# its key, to be subtracted from counts over the whole log.
UNDONE_BY_DAY_SQL = """
SELECT reviews.study_day, count(*), count(*) FILTER (WHERE reviews.scheduled = 1),
    count(*) FILTER (WHERE reviews.scheduled = 1 AND reviews.quality >= 3)
FROM review_undos CROSS JOIN reviews ON reviews.id = review_undos.review_id  -- CROSS: the undos first
WHERE reviews.study_day >= ?
GROUP BY reviews.study_day
"""

# The answers of each study day from one on, and the scheduled answers after one, by grade:
# both read from the (study_day, scheduled, quality) index alone, undone ones included.
ANSWERS_BY_DAY_SQL = "SELECT study_day, count(*) FROM reviews WHERE study_day >= ? GROUP BY study_day"
GRADED_AFTER_SQL = ("SELECT count(*) FILTER (WHERE quality >= 3), count(*) FROM reviews "
                    "WHERE study_day > ? AND scheduled = 1")

DECK_READS_SQL = """
SELECT decks.id, decks.name, decks.read_goal, decks.source, reads.n, reads.first
FROM decks LEFT JOIN (SELECT deck_id, count(*) AS n, min(study_day) AS first FROM reads GROUP BY deck_id) AS reads
    ON reads.deck_id = decks.id
WHERE decks.removed_at IS NULL
ORDER BY decks.name
"""

GOALS_SQL = """
SELECT goals.text, goals.target, count(goal_ticks.id), min(goal_ticks.study_day)
FROM goals LEFT JOIN goal_ticks ON goal_ticks.goal_id = goals.id
GROUP BY goals.id ORDER BY goals.id
"""


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def streak(conn: sqlite3.Connection, today: date) -> int:
    """Consecutive study days with an answer (in any deck), ending today, or yesterday
    when today has none yet."""
    for start in (today, today - timedelta(days=1)):
        (count,) = conn.execute(STREAK_SQL, {"start": start.isoformat()}).fetchone()
        if count:
            return int(count)
    return 0


def goal_rows(conn: sqlite3.Connection) -> list[tuple[str, int, int, date | None]]:
    """(text, target, ticks, first tick's study day) of every goal, oldest first."""
    return [(text, target, done, _day(first)) for text, target, done, first in conn.execute(GOALS_SQL)]


def _count(conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()) -> int:
    return int(conn.execute(sql, params).fetchone()[0] or 0)


@dataclass(frozen=True)
class _Answers:
    """What stats reads of the answers (undone ones left out) of some cards."""

    per_day: Counter[date]  # answers by study day, from the heatmap's first day on
    passed: int  # answers that moved a schedule in the retention window, graded 3 or more
    graded: int  # answers that moved a schedule in the retention window
    total: int  # answers ever

    def __sub__(self, other: _Answers) -> _Answers:
        return _Answers(self.per_day - other.per_day, self.passed - other.passed, self.graded - other.graded,
                        self.total - other.total)


def _answers(conn: sqlite3.Connection, since: date, retention_after: date,
             decks: list[int] | None) -> _Answers:
    """The answers of the cards of these decks (all cards: None).

    For some decks the answers are found through the card_id index, card by card:
    filtering the log's recent rows by deck would read each of them."""
    if decks is None:
        return _all_answers(conn, since, retention_after)
    where = f"card_id IN (SELECT id FROM cards WHERE deck_id IN ({_marks(decks)})) AND {NOT_UNDONE}"
    day = "+study_day"  # `+`: not the study_day index, the card_id one
    total = _count(conn, f"SELECT count(*) FROM reviews WHERE {where}", decks)
    per_day = Counter({date.fromisoformat(d): n for d, n in conn.execute(
        f"SELECT study_day, count(*) FROM reviews WHERE {day} >= ? AND {where} GROUP BY study_day",
        (since.isoformat(), *decks))})
    passed, graded = conn.execute(
        f"SELECT sum(quality >= 3), count(*) FROM reviews WHERE {day} > ? AND scheduled = 1 AND {where}",
        (retention_after.isoformat(), *decks)).fetchone()
    return _Answers(per_day, passed or 0, graded, total)


def _all_answers(conn: sqlite3.Connection, since: date, retention_after: date) -> _Answers:
    """_answers of every card: each count taken over the whole log through the (study_day,
    scheduled, quality) index alone, less the same count over the undone answers (looking
    up every answer's undo would double the cost)."""
    undone = {date.fromisoformat(day): counts for day, *counts in
              conn.execute(UNDONE_BY_DAY_SQL, (min(since, retention_after).isoformat(),))}
    total = _count(conn, "SELECT count(*) FROM reviews") - _count(conn, "SELECT count(*) FROM review_undos")
    per_day = Counter({date.fromisoformat(day): n for day, n in conn.execute(ANSWERS_BY_DAY_SQL,
                                                                             (since.isoformat(),))})
    per_day.subtract({day: counts[0] for day, counts in undone.items() if day >= since})
    passed, graded = conn.execute(GRADED_AFTER_SQL, (retention_after.isoformat(),)).fetchone()
    for day, (_, undone_graded, undone_passed) in undone.items():
        if day > retention_after:
            passed, graded = passed - undone_passed, graded - undone_graded
    return _Answers(+per_day, passed, graded, total)  # `+`: the days left with no answer dropped


def _answers_in(conn: sqlite3.Connection, since: date, retention_after: date, chosen: set[int] | None,
                cards_per_deck: dict[int, int]) -> _Answers:
    """The answers in the chosen decks (all: None): read directly when the chosen decks hold
    fewer cards than the rest, else as all the answers less those of the other decks (usually
    a few built-in decks in the other language)."""
    if chosen is None:
        return _answers(conn, since, retention_after, None)
    inside = sorted(d for d in cards_per_deck if d in chosen)
    outside = sorted(d for d in cards_per_deck if d not in chosen)
    if sum(cards_per_deck[d] for d in inside) <= sum(cards_per_deck[d] for d in outside):
        return _answers(conn, since, retention_after, inside)
    everything = _answers(conn, since, retention_after, None)
    return everything - _answers(conn, since, retention_after, outside) if outside else everything


@dataclass
class _CardTally:
    """A deck's active cards, those of them due today and those never studied."""

    cards: int = 0
    due: int = 0
    new: int = 0


def compute_stats(conn: sqlite3.Connection, today: date, deck_ids: list[int] | None) -> Stats:
    """The numbers `tcpquiz stats` shows, for these decks (all of them: None), read on the
    caller's connection (in one read transaction, so that they agree)."""
    chosen = None if deck_ids is None else set(deck_ids)
    cards = {"new": 0, "learning": 0, "review": 0, "retired": 0}
    forecast_counts = {today + timedelta(days=i): 0 for i in range(FORECAST_DAYS)}
    tallies: dict[int, _CardTally] = {}
    cards_per_deck: dict[int, int] = {}  # retired ones too: their answers count
    for deck_id, active, new, learning, retired in conn.execute(DECK_TALLY_SQL):
        tallies[deck_id] = _CardTally(cards=active, new=new)
        cards_per_deck[deck_id] = active + retired
        if chosen is None or deck_id in chosen:
            cards["new"] += new
            cards["learning"] += learning
            cards["review"] += active - new - learning
            cards["retired"] += retired
    last_day = today + timedelta(days=FORECAST_DAYS - 1)
    for deck_id, day, count in conn.execute(FORECAST_SQL, {"first": today.isoformat(),
                                                           "last": last_day.isoformat()}):
        if day == today.isoformat():
            tallies[deck_id].due = count
        if chosen is None or deck_id in chosen:
            forecast_counts[date.fromisoformat(day)] += count
    forecast = sorted(forecast_counts.items())

    # The log can hold millions of rows: only the recent days (heatmap, retention, today)
    # are read row by row, and only through an index (see _answers_in).
    since = today - timedelta(days=HEATMAP_WEEKS * 7 - 1)
    answers = _answers_in(conn, min(since, today - timedelta(days=RETENTION_DAYS)),
                          today - timedelta(days=RETENTION_DAYS), chosen, cards_per_deck)
    per_day = answers.per_day
    retention = answers.passed / answers.graded if answers.graded else None
    heatmap = [(since + timedelta(days=i), per_day.get(since + timedelta(days=i), 0)) for i in range(HEATMAP_WEEKS * 7)]

    return Stats(
        today=today,
        cards=cards,
        due_today=forecast_counts[today],
        new_available=cards["new"],
        forecast=forecast,
        reviews_today=per_day.get(today, 0),
        reviews_total=answers.total,
        retention=retention,
        streak=streak(conn, today),
        heatmap=heatmap,
        decks=_deck_stats(conn, today, chosen, tallies),
        goals=[Progress(text, done, target, eta(done, target, first, today))
               for text, target, done, first in goal_rows(conn)],
    )


def _deck_stats(conn: sqlite3.Connection, today: date, chosen: set[int] | None,
                tallies: dict[int, _CardTally]) -> list[DeckStats]:
    result = []
    for deck_id, name, goal, source, n_reads, first in conn.execute(DECK_READS_SQL):
        if chosen is not None and deck_id not in chosen:
            continue
        tally = tallies.get(deck_id, _CardTally())
        n_reads = n_reads or 0
        result.append(DeckStats(
            name=name, cards=tally.cards, due=tally.due, new=tally.new,
            reads=None if source == GENERATED_SOURCE else Progress(name, n_reads, goal,
                                                                   eta(n_reads, goal, _day(first), today)),
        ))
    return result
