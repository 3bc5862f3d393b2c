"""The store: the one interface to tcpquiz's database.

Every method runs in its own short transaction. Writers commit before returning,
so an answer is on disk the moment `record_answer` returns (DESIGN.md, "How data flows").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tcpquiz.cards import DeckDraft
from tcpquiz.errors import BackupError, TcpquizError, UnknownDeckError, UnknownGoalError
from tcpquiz.scheduler import sm2
from tcpquiz.scheduler.clock import due_day, study_day
from tcpquiz.store import models as m
from tcpquiz.store.backup import Backup
from tcpquiz.store.db import READ_ONLY, make_engine
from tcpquiz.store.migrate import ensure_current
from tcpquiz.store.views import (
    Answer,
    CardState,
    CardView,
    DeckRef,
    DeckView,
    GoalView,
    Limits,
    SyncResult,
    WeakCard,
)

# Recalled at least this many times in a row: the card is past learning (see CardState).
REVIEW_REPETITIONS = 2


class Store:
    """Open with `Store.open(path)`; close with `close()` or use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating or upgrading as needed) the database at `path`."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TcpquizError(f"Cannot create the data directory {path.parent}: {exc.strerror}.") from exc
        store = cls(path)
        try:
            store.upgrade_copy = ensure_current(path, store.engine)
        except OperationalError as exc:
            store.close()
            raise TcpquizError(f"Cannot open the database {path}: {exc.orig}.") from exc
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions -------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self.engine.connect() as conn, Session(bind=conn) as session:
            with conn.begin():
                yield session
                session.flush()

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self.engine.connect() as conn:
            conn = conn.execution_options(**{READ_ONLY: True})
            with conn.begin(), Session(bind=conn) as session:
                yield session

    # -- decks and cards ------------------------------------------------------

    def sync(self, deck: DeckDraft, now: datetime) -> SyncResult:
        """Upsert a deck's cards by key; retire the ones that vanished (never delete)."""
        from tcpquiz.store.sync import sync_deck

        with self._write() as session:
            return sync_deck(session, deck, now)

    def decks(self) -> list[DeckView]:
        """Every deck with its active cards and reads counted (a scan of the cards: use
        deck_refs() where the counts are not shown)."""
        with self._read() as session:
            return _deck_views(session)

    def deck_refs(self) -> list[DeckRef]:
        with self._read() as session:
            return [_deck_ref(d) for d in session.scalars(select(m.Deck).order_by(m.Deck.name))]

    def read_count(self, deck_id: int) -> int:
        with self._read() as session:
            return session.scalar(select(func.count()).select_from(m.Read).where(m.Read.deck_id == deck_id)) or 0

    def resolve_decks(self, names: Sequence[str]) -> list[DeckRef]:
        """The decks a list of names selects. `TCP` also selects `TCP::握手`, its sub-deck.

        Raises UnknownDeckError, listing the known decks, for a name that matches none.
        """
        decks = self.deck_refs()
        chosen: dict[int, DeckRef] = {}
        for name in names:
            wanted = name.strip().casefold()
            matches = [
                d for d in decks
                if d.name.casefold() == wanted or d.name.casefold().startswith(wanted + "::")
            ]
            if not matches:
                known = ", ".join(sorted({d.name for d in decks})) or "none yet"
                raise UnknownDeckError(f"There is no deck named {name!r}; the known decks are: {known}.")
            chosen.update((d.id, d) for d in matches)
        return list(chosen.values())

    def cards(self, deck_ids: Iterable[int] | None = None, *, include_retired: bool = False) -> list[CardView]:
        with self._read() as session:
            query = _card_query()
            if deck_ids is not None:
                query = query.where(m.Card.deck_id.in_(list(deck_ids)))
            if not include_retired:
                query = query.where(m.Card.retired_at.is_(None))
            query = query.order_by(m.Deck.name, m.Card.position, m.Card.id)
            return [_card_view(*row) for row in session.execute(query)]

    def card(self, card_id: int) -> CardView:
        with self._read() as session:
            row = session.execute(_card_query().where(m.Card.id == card_id)).one()
            return _card_view(*row)

    def regroup(self) -> int:
        """Recompute the near-duplicate groups across decks; returns how many cards are grouped."""
        from tcpquiz.store.groups import candidates, group_keys

        with self._write() as session:
            rows = session.execute(
                select(m.Card.id, m.Card.key, m.Card.deck_id, m.Card.front, m.Card.group_key)
                .where(m.Card.retired_at.is_(None), m.Card.kind.not_in(GENERATED_KINDS))
                .order_by(m.Card.id)
            ).all()
            keys = group_keys(candidates((r.id, r.key, r.deck_id, r.front) for r in rows))
            changed = [{"id": r.id, "group_key": keys[r.id]} for r in rows if keys[r.id] != r.group_key]
            if changed:
                session.execute(update(m.Card), changed)
            # A retired card leaves its group, so its old partners are not held back by it.
            session.execute(
                update(m.Card).where(m.Card.retired_at.is_not(None), m.Card.group_key.is_not(None))
                .values(group_key=None)
            )
        return sum(1 for key in keys.values() if key)

    def group_siblings(self, card: CardView) -> list[CardView]:
        """The other active cards in a card's near-duplicate group (other decks, same question)."""
        if not card.group_key:
            return []
        with self._read() as session:
            rows = session.execute(
                _card_query().where(m.Card.group_key == card.group_key, m.Card.id != card.id,
                                    m.Card.retired_at.is_(None)).order_by(m.Deck.name)
            ).all()
        return [_card_view(*row) for row in rows]

    # -- the daily queue ------------------------------------------------------

    def review_queue(self, today: date, deck_ids: Iterable[int], limits: Limits) -> list[CardView]:
        """Due cards first (most overdue first), then new cards in the order of their notes.

        The daily limits count what was already done today, so quitting and coming
        back does not hand out another 20 new cards. At most one card of a
        near-duplicate group is shown a day (issue 3); the others wait.
        """
        deck_ids = list(deck_ids)
        with self._read() as session:
            new_today, reviewed_today = _done_today(session, today)
            review_room = max(0, limits.reviews_per_day - reviewed_today)
            new_room = max(0, limits.new_per_day - new_today)
            # `deck_id + 0` keeps SQLite on the schedules.due index: a day's due cards are
            # few, while the studied decks hold nearly every card. A little more than room
            # is fetched, because grouped cards may be skipped below.
            due_rows = session.execute(
                _card_query()
                .where((m.Card.deck_id + 0).in_(deck_ids), m.Card.retired_at.is_(None), m.Schedule.due <= today)
                .order_by(m.Schedule.due, m.Card.id).limit(review_room + GROUP_SLACK)
            ).all()
            new_rows = _new_cards(session, deck_ids, new_room + GROUP_SLACK) if new_room else []
            groups_done = set(session.scalars(
                select(m.Card.group_key).join(m.Review, m.Review.card_id == m.Card.id)
                .where(m.Review.study_day == today, m.Card.group_key.is_not(None), _not_undone())
            ))
        due = _one_per_group([_card_view(*row) for row in due_rows], groups_done, review_room)
        new = _one_per_group([_card_view(*row) for row in new_rows], groups_done, new_room)
        return due + new

    def record_answer(
        self,
        card_id: int,
        quality: int,
        *,
        now: datetime,
        session_id: str,
        scheduled: bool,
        duration_ms: int = 0,
    ) -> Answer:
        """Log one answer and, when `scheduled`, move the card's schedule, in one transaction.

        `scheduled` is False for a session's extra rounds of a card already answered
        today (DESIGN.md: they do not change the schedule).
        """
        if not 0 <= quality <= 5:
            raise ValueError(f"quality must be 0..5, not {quality}")
        today = study_day(now.astimezone())
        with self._write() as session:
            row = session.get(m.Schedule, card_id)
            before = _schedule_state(row)
            current = before or sm2.SM2State()
            if scheduled:
                after = sm2.review(current, quality)
                due_after = due_day(today, after.interval)
            else:
                after = current
                due_after = row.due if row else today
            review = m.Review(
                card_id=card_id, session_id=session_id, reviewed_at=now, study_day=today,
                quality=quality, duration_ms=duration_ms, scheduled=scheduled, was_new=before is None,
                repetitions_before=current.repetitions, easiness_before=current.easiness,
                interval_before=current.interval, due_before=row.due if row else None,
                repetitions_after=after.repetitions, easiness_after=after.easiness,
                interval_after=after.interval, due_after=due_after,
            )
            session.add(review)
            if scheduled:
                if row is None:
                    row = m.Schedule(card_id=card_id)
                    session.add(row)
                row.repetitions, row.easiness, row.interval = after.repetitions, after.easiness, after.interval
                row.due, row.last_reviewed_at = due_after, now
            session.flush()
            return Answer(review.id, card_id, quality, scheduled, before, after, due_after)

    def undo(self, answer: Answer, *, now: datetime) -> None:
        """Take an answer back: log the undo and restore the schedule it replaced."""
        with self._write() as session:
            session.add(m.ReviewUndo(review_id=answer.review_id, undone_at=now))
            if not answer.scheduled:
                return
            review = session.get(m.Review, answer.review_id)
            row = session.get(m.Schedule, answer.card_id)
            if answer.before is None:
                if row is not None:
                    session.delete(row)
                return
            assert row is not None and review is not None
            row.repetitions, row.easiness = answer.before.repetitions, answer.before.easiness
            row.interval, row.due = answer.before.interval, review.due_before
            previous = session.scalar(
                select(func.max(m.Review.reviewed_at)).where(
                    m.Review.card_id == answer.card_id, m.Review.scheduled.is_(True),
                    m.Review.id != answer.review_id, _not_undone(),
                )
            )
            row.last_reviewed_at = previous or row.last_reviewed_at

    def replay_schedule(self, card_id: int) -> sm2.SM2State | None:
        """Recompute a card's schedule from its review log alone (None: never answered)."""
        with self._read() as session:
            qualities = session.scalars(
                select(m.Review.quality)
                .where(m.Review.card_id == card_id, m.Review.scheduled.is_(True), _not_undone())
                .order_by(m.Review.id)
            ).all()
        if not qualities:
            return None
        state = sm2.SM2State()
        for quality in qualities:
            state = sm2.review(state, quality)
        return state

    def weakest_cards(self, deck_ids: Iterable[int], limit: int) -> list[WeakCard]:
        """The active cards of these decks the learner finds hardest: most lapses first, then
        lowest easiness, among cards answered at least once. A lapse is an answer graded
        below 3 that moved the schedule (SM-2 starts the card over), not undone; the extra
        rounds of a session do not count, as they do not count for the schedule."""
        with self._read() as session:
            counts = (
                select(m.Review.card_id, func.count().label("reviews"),
                       func.sum(case((m.Review.quality < sm2.PASSING_QUALITY, 1), else_=0)).label("lapses"))
                .where(m.Review.scheduled.is_(True), _not_undone())
                .group_by(m.Review.card_id).subquery()
            )
            rows = session.execute(
                _card_query().add_columns(counts.c.lapses, counts.c.reviews)
                .join(counts, counts.c.card_id == m.Card.id)
                .where(m.Card.deck_id.in_(list(deck_ids)), m.Card.retired_at.is_(None),
                       m.Schedule.card_id.is_not(None))  # always there once a scheduled answer stands
                .order_by(counts.c.lapses.desc(), m.Schedule.easiness, m.Card.id)
                .limit(limit)
            ).all()
        return [WeakCard(_card_view(card, deck, key, schedule), lapses, reviews)
                for card, deck, key, schedule, lapses, reviews in rows]

    def review_counts(self) -> dict[int, int]:
        """How many answers moved each card's schedule, by card id: undone answers and a
        session's extra rounds do not count. Cards never answered are left out."""
        with self._read() as session:
            rows = session.execute(
                select(m.Review.card_id, func.count())
                .where(m.Review.scheduled.is_(True), _not_undone())
                .group_by(m.Review.card_id)
            ).all()
        return {card_id: count for card_id, count in rows}

    def next_due(self, deck_ids: Iterable[int], after: date) -> date | None:
        """The first study day after `after` on which a card of these decks is due."""
        with self._read() as session:
            return session.scalar(  # `+ 0`: walk the due index, as in review_queue
                select(func.min(m.Schedule.due))
                .join(m.Card, m.Card.id == m.Schedule.card_id)
                .where((m.Card.deck_id + 0).in_(list(deck_ids)), m.Card.retired_at.is_(None),
                       m.Schedule.due > after)
            )

    def streak(self, today: date) -> int:
        from tcpquiz.store.stats import streak

        with self._read() as session:
            return streak(session, today)

    # -- reads and goals ------------------------------------------------------

    def add_read(self, deck_id: int, now: datetime) -> int:
        """Count one full reading of a deck's note; returns the deck's read count."""
        with self._write() as session:
            session.add(m.Read(deck_id=deck_id, read_at=now, study_day=study_day(now.astimezone())))
            session.flush()
            return session.scalar(select(func.count()).select_from(m.Read).where(m.Read.deck_id == deck_id)) or 0

    def deck_text(self, deck_id: int) -> str:
        with self._read() as session:
            return session.get(m.Deck, deck_id).text

    def set_read_goal(self, deck_id: int, reads: int) -> None:
        with self._write() as session:
            session.get(m.Deck, deck_id).read_goal = reads

    def add_goal(self, text: str, target: int, now: datetime) -> GoalView:
        text = text.strip()
        with self._write() as session:
            if session.scalar(select(m.Goal).where(m.Goal.text == text)) is not None:
                raise TcpquizError(f"There is already a goal {text!r}; tick it with `tcpquiz goal tick`.")
            session.add(m.Goal(text=text, target=target, created_at=now))
        return GoalView(text, target, 0)

    def tick_goal(self, text: str, now: datetime) -> GoalView:
        """Count one more towards a goal, found by its exact text or an unambiguous part of it."""
        with self._write() as session:
            goal = _find_goal(session, text)
            session.add(m.GoalTick(goal_id=goal.id, ticked_at=now, study_day=study_day(now.astimezone())))
            session.flush()
            done = session.scalar(select(func.count()).select_from(m.GoalTick).where(m.GoalTick.goal_id == goal.id))
            return GoalView(goal.text, goal.target, done or 0)

    def remove_goal(self, text: str) -> str:
        with self._write() as session:
            goal = _find_goal(session, text)
            for tick in session.scalars(select(m.GoalTick).where(m.GoalTick.goal_id == goal.id)):
                session.delete(tick)
            session.delete(goal)
            return goal.text

    def goals(self) -> list[GoalView]:
        with self._read() as session:
            rows = session.execute(
                select(m.Goal.text, m.Goal.target, func.count(m.GoalTick.id), func.min(m.GoalTick.study_day))
                .outerjoin(m.GoalTick, m.GoalTick.goal_id == m.Goal.id)
                .group_by(m.Goal.id).order_by(m.Goal.id)
            ).all()
        return [GoalView(text, target, done, first) for text, target, done, first in rows]

    # -- settings ---------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        with self._read() as session:
            return {row.key: json.loads(row.value) for row in session.scalars(select(m.Setting))}

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self._read() as session:
            row = session.get(m.Setting, key)
            return default if row is None else json.loads(row.value)

    def set_setting(self, key: str, value: Any) -> None:
        with self._write() as session:
            row = session.get(m.Setting, key)
            if row is None:
                session.add(m.Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
            else:
                row.value = json.dumps(value, ensure_ascii=False)

    def delete_setting(self, key: str) -> None:
        with self._write() as session:
            row = session.get(m.Setting, key)
            if row is not None:
                session.delete(row)

    # -- backup and restore -------------------------------------------------------

    def backup(self, now: datetime) -> dict[str, Any]:
        """Everything in the database as JSON-ready data, read in one transaction."""
        from tcpquiz import __version__
        from tcpquiz.store.backup import dump

        with self._read() as session:
            return dump(session, now=now, app_version=__version__)

    def restore(self, backup: Backup, *, replace: bool, now: datetime) -> Path | None:
        """Replace the whole database with a checked backup, in one transaction.

        A database holding progress of its own is refused unless `replace`; then a copy
        of it is written beside it first, and its path returned. Anything wrong with
        the backup's rows rolls the whole restore back.
        """
        from sqlalchemy.exc import IntegrityError

        from tcpquiz.store.backup import replace_all, user_data
        from tcpquiz.store.migrate import copy_database

        copy = None
        try:
            with self._write() as session:  # BEGIN IMMEDIATE: no other writer until it commits
                found = user_data(session)
                if found and not replace:
                    raise BackupError(
                        f"The database {self.path} already holds {_listing(found)}; pass --replace to "
                        "overwrite it (a copy of it is kept first)."
                    )
                if found:
                    copy = copy_database(self.path, self.path.with_name(
                        f"{self.path.name}.before-restore-{now.astimezone().strftime('%Y%m%d-%H%M%S')}.bak"))
                replace_all(session, backup)
        except IntegrityError as exc:
            if copy is not None:
                copy.unlink(missing_ok=True)  # the database was left as it was
            raise BackupError(f"The backup is damaged: its rows do not fit together ({exc.orig}).") from None
        return copy

    # -- stats -----------------------------------------------------------------

    def stats(self, today: date, deck_ids: Iterable[int] | None = None):  # noqa: ANN201 - Stats
        from tcpquiz.store.stats import compute_stats

        with self._read() as session:
            return compute_stats(session, today, None if deck_ids is None else list(deck_ids))


# -- helpers -------------------------------------------------------------------

# Engine cards are generated, not written: they never duplicate a note's question.
GENERATED_KINDS = ("choice", "numeric")
GROUP_SLACK = 50


def _new_cards(session: Session, deck_ids: list[int], wanted: int) -> list:
    """Up to `wanted` new cards in the order of their files (01-basics before
    02-handshake) and of the note, read deck by deck so that a library of 100,000
    cards is not sorted to find the first twenty."""
    rows: list = []
    ordered = session.scalars(select(m.Deck.id).where(m.Deck.id.in_(deck_ids)).order_by(m.Deck.source, m.Deck.id))
    for deck_id in ordered.all():
        if len(rows) >= wanted:
            break
        rows += session.execute(
            _card_query()
            .where(m.Card.deck_id == deck_id, m.Card.retired_at.is_(None), m.Schedule.card_id.is_(None))
            .order_by(m.Card.position, m.Card.id).limit(wanted - len(rows))
        ).all()
    return rows


def _one_per_group(cards: list[CardView], groups_done: set[str], room: int) -> list[CardView]:
    """Up to `room` cards, keeping the first of each group and none of a group already
    answered today. `groups_done` is updated, so due cards passed first hold back new ones."""
    kept: list[CardView] = []
    for card in cards:
        if len(kept) >= room:
            break
        if card.group_key:
            if card.group_key in groups_done:
                continue
            groups_done.add(card.group_key)
        kept.append(card)
    return kept


def _not_undone():  # noqa: ANN202
    return m.Review.id.not_in(select(m.ReviewUndo.review_id))


def _card_query():  # noqa: ANN202
    return (
        select(m.Card, m.Deck.name, m.Deck.key, m.Schedule)
        .join(m.Deck, m.Card.deck_id == m.Deck.id)
        .outerjoin(m.Schedule, m.Schedule.card_id == m.Card.id)
    )


def _schedule_state(row: m.Schedule | None) -> sm2.SM2State | None:
    if row is None:
        return None
    return sm2.SM2State(row.repetitions, row.easiness, row.interval)


def card_state(retired: bool, schedule: sm2.SM2State | None) -> CardState:
    if retired:
        return CardState.RETIRED
    if schedule is None:
        return CardState.NEW
    return CardState.REVIEW if schedule.repetitions >= REVIEW_REPETITIONS else CardState.LEARNING


def _card_view(card: m.Card, deck_name: str, deck_key: str, schedule: m.Schedule | None) -> CardView:
    state = _schedule_state(schedule)
    return CardView(
        id=card.id, key=card.key, deck=deck_name, deck_key=deck_key, kind=card.kind,
        front=card.front, back=card.back, source=card.source, extra=dict(card.extra or {}),
        tags=tuple(card.tags or ()), state=card_state(card.retired_at is not None, state),
        schedule=state, due=schedule.due if schedule else None, group_key=card.group_key,
    )


def _deck_ref(d: m.Deck) -> DeckRef:
    return DeckRef(d.id, d.key, d.name, d.source, d.lang, d.builtin, d.read_goal)


def _deck_views(session: Session) -> list[DeckView]:
    card_counts = (
        select(m.Card.deck_id, func.count().label("n"))
        .where(m.Card.retired_at.is_(None)).group_by(m.Card.deck_id).subquery()
    )
    read_counts = select(m.Read.deck_id, func.count().label("n")).group_by(m.Read.deck_id).subquery()
    rows = session.execute(
        select(m.Deck, func.coalesce(card_counts.c.n, 0), func.coalesce(read_counts.c.n, 0))
        .outerjoin(card_counts, card_counts.c.deck_id == m.Deck.id)
        .outerjoin(read_counts, read_counts.c.deck_id == m.Deck.id)
        .order_by(m.Deck.name)
    ).all()
    return [
        DeckView(d.id, d.key, d.name, d.source, d.lang, d.builtin, d.read_goal, cards=cards, reads=reads)
        for d, cards, reads in rows
    ]


def _done_today(session: Session, today: date) -> tuple[int, int]:
    """(new cards introduced today, reviews of older cards today), not counting undone answers."""
    rows = session.execute(
        select(m.Review.was_new, func.count())
        .where(m.Review.study_day == today, m.Review.scheduled.is_(True), _not_undone())
        .group_by(m.Review.was_new)
    ).all()
    counts = {bool(was_new): n for was_new, n in rows}
    return counts.get(True, 0), counts.get(False, 0)


def _listing(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _find_goal(session: Session, text: str) -> m.Goal:
    goals = session.scalars(select(m.Goal)).all()
    wanted = text.strip().casefold()
    exact = [g for g in goals if g.text.casefold() == wanted]
    matches = exact or [g for g in goals if wanted and wanted in g.text.casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        known = "; ".join(g.text for g in goals) or "none yet"
        raise UnknownGoalError(f"There is no goal matching {text!r}; the goals are: {known}.")
    names = "; ".join(g.text for g in matches)
    raise UnknownGoalError(f"{text!r} matches several goals ({names}); give more of its text.")
