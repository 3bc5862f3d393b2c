"""The store: the one interface to tcpquiz's database.

Every method runs in its own short transaction. Writers commit before returning,
so an answer is on disk the moment `record_answer` returns (DESIGN.md, "How data flows").
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from sqlalchemy import (
    Connection,
    RowMapping,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import OperationalError

from tcpquiz.cards import DeckDraft
from tcpquiz.errors import BackupError, LibraryReplacedError, TcpquizError, UnknownGoalError
from tcpquiz.scheduler import sm2
from tcpquiz.scheduler.clock import due_day, study_day
from tcpquiz.store import reading
from tcpquiz.store import schema as t
from tcpquiz.store.db import READ_ONLY, make_engine
from tcpquiz.store.migrate import ensure_current
from tcpquiz.store.queries import not_undone
from tcpquiz.store.views import (
    Answer,
    CardView,
    DeckRef,
    DeckView,
    GoalView,
    Limits,
    LoggedReview,
    PulledReview,
    SyncResult,
    WeakCard,
)

if TYPE_CHECKING:
    from tcpquiz.store.backup import BackupInfo



class Store:
    """Open with `Store.open(path)`; close with `close()` or use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)
        self.upgrade_copy: Path | None = None  # where open() kept the database before upgrading it
        self.generation = 0  # which library this is: restore gives the file a new one (see _same_library)

    @classmethod
    def open(cls, path: Path, *, known_current: bool = False) -> Store:
        """Open (creating or upgrading as needed) the database at `path`. `known_current`:
        the caller has just read the schema revision, so the file is not inspected again
        (the inspection reads the file's header with plain file I/O, and closing that file
        would drop the POSIX locks of every SQLite connection this process has open on it)."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TcpquizError(f"Cannot create the data directory {path.parent}: {exc.strerror}.") from exc
        store = cls(path)
        try:
            if not known_current:
                store.upgrade_copy = ensure_current(path, store.engine)
            with store._read() as conn:
                store.generation = _generation(conn)
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
    def _write(self) -> Iterator[Connection]:
        """A transaction that takes the write lock when it begins (see store.db)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn = conn.execution_options(**{READ_ONLY: True})
            with conn.begin():
                yield conn

    def _same_library(self, conn: Connection) -> None:
        """Refuse to write for a library that is no longer the one this Store opened.

        `restore --replace` swaps every row while a review in another terminal still
        holds card ids from before; the restored library reuses those ids for other
        cards, so an answer written now would land on the wrong card. A restore moves
        SQLite's user_version (a header field, written in the restore's own
        transaction); a writer that sees it moved stops instead.
        """
        if _generation(conn) != self.generation:
            raise LibraryReplacedError(
                f"The library in {self.path} was replaced by `tcpquiz restore` while this command was "
                "running, so nothing more was written; run the command again to work on the restored library."
            )

    # -- decks and cards ------------------------------------------------------

    def sync(self, deck: DeckDraft, now: datetime) -> SyncResult:
        """Upsert a deck's cards by key; retire the ones that vanished (never delete)."""
        return self.sync_decks([deck], now)[0]

    def sync_decks(self, decks: Sequence[DeckDraft], now: datetime) -> list[SyncResult]:
        """sync() several decks in one transaction: all of them or none, and one commit
        instead of one per deck, which is most of the cost of importing small notes."""
        from tcpquiz.store.sync import changes_cards, mark_groups_stale, sync_deck

        with self._write() as conn:
            results = [sync_deck(conn, deck, now) for deck in decks]
            if any(map(changes_cards, results)):
                mark_groups_stale(conn)
        return results

    def decks(self) -> list[DeckView]:
        """Every deck with its active cards and reads counted (a scan of the cards: use
        deck_refs() where the counts are not shown)."""
        card_counts = (
            select(t.cards.c.deck_id, func.count().label("n"))
            .where(t.cards.c.retired_at.is_(None)).group_by(t.cards.c.deck_id).subquery()
        )
        read_counts = select(t.reads.c.deck_id, func.count().label("n")).group_by(t.reads.c.deck_id).subquery()
        with self._read() as conn:
            rows = conn.execute(
                select(*DECK_COLUMNS, func.coalesce(card_counts.c.n, 0).label("cards"),
                       func.coalesce(read_counts.c.n, 0).label("reads"))
                .outerjoin(card_counts, card_counts.c.deck_id == t.decks.c.id)
                .outerjoin(read_counts, read_counts.c.deck_id == t.decks.c.id)
                .where(t.decks.c.removed_at.is_(None))
                .order_by(t.decks.c.name)
            ).mappings().all()
        return [DeckView(**row) for row in rows]

    def deck_refs(self, *, removed: bool = False) -> list[DeckRef]:
        """The decks present (or, with `removed`, those removed with `decks remove`), by name."""
        removed_at = t.decks.c.removed_at
        with self._read() as conn:
            rows = conn.execute(
                select(*DECK_COLUMNS).where(removed_at.is_not(None) if removed else removed_at.is_(None))
                .order_by(t.decks.c.name)
            ).mappings().all()
        return [DeckRef(**row) for row in rows]

    def has_deck(self, key: str) -> bool:
        """Whether a deck with this identity exists, present or removed."""
        with self._read() as conn:
            return conn.scalar(select(t.decks.c.id).where(t.decks.c.key == key)) is not None

    def remove_deck(self, deck: DeckRef, now: datetime) -> int:
        """Retire a deck's active cards and hide the deck; its history stays. Returns the cards retired."""
        with self._write() as conn:
            retired = conn.execute(
                update(t.cards).where(t.cards.c.deck_id == deck.id, t.cards.c.retired_at.is_(None))
                .values(retired_at=now)
            ).rowcount
            conn.execute(update(t.decks).where(t.decks.c.id == deck.id).values(removed_at=now))
            _groups_changed(conn)
        return retired

    def restore_deck(self, deck: DeckRef) -> int:
        """Bring back a removed deck with exactly the cards its removal retired. Returns their number."""
        decks = t.decks.c
        with self._write() as conn:
            removed_at = conn.scalar(select(decks.removed_at).where(decks.id == deck.id))
            if removed_at is None:
                return 0
            restored = conn.execute(
                update(t.cards).where(t.cards.c.deck_id == deck.id, t.cards.c.retired_at == removed_at)
                .values(retired_at=None)
            ).rowcount
            conn.execute(update(t.decks).where(decks.id == deck.id).values(removed_at=None))
            _groups_changed(conn)
        return restored

    def purge_deck(self, deck: DeckRef) -> int:
        """Delete a deck with its cards, schedules, answers and reads. Returns the cards deleted."""
        card_ids = select(t.cards.c.id).where(t.cards.c.deck_id == deck.id).scalar_subquery()
        review_ids = select(t.reviews.c.id).where(t.reviews.c.card_id.in_(card_ids)).scalar_subquery()
        with self._write() as conn:
            conn.execute(delete(t.review_undos).where(t.review_undos.c.review_id.in_(review_ids)))
            conn.execute(delete(t.reviews).where(t.reviews.c.card_id.in_(card_ids)))
            conn.execute(delete(t.schedules).where(t.schedules.c.card_id.in_(card_ids)))
            deleted = conn.execute(delete(t.cards).where(t.cards.c.deck_id == deck.id)).rowcount
            conn.execute(delete(t.reads).where(t.reads.c.deck_id == deck.id))
            conn.execute(delete(t.decks).where(t.decks.c.id == deck.id))
            _groups_changed(conn)
        return deleted

    def rename_deck(self, deck: DeckRef, name: str) -> str:
        """Give a deck a name of the user's choosing, kept when its note is imported again."""
        from tcpquiz.errors import InvalidValueError

        name = name.strip()
        if not name:
            raise InvalidValueError("A deck's name cannot be empty.")
        decks = t.decks.c
        with self._write() as conn:
            clash = conn.scalar(select(decks.name).where(func.lower(decks.name) == name.lower(), decks.id != deck.id))
            if clash is not None:
                raise InvalidValueError(f"There is already a deck named {clash!r}; choose another name.")
            conn.execute(update(t.decks).where(decks.id == deck.id).values(name=name, renamed=True))
        return name

    def read_count(self, deck_id: int) -> int:
        with self._read() as conn:
            return _count(conn, t.reads, t.reads.c.deck_id == deck_id)

    def resolve_decks(self, names: Sequence[str]) -> list[DeckRef]:
        """The decks a list of names selects (see reading.select_decks); a removed deck's
        name gets a sentence saying how to restore it."""
        return reading.select_decks(self.deck_refs(), names, removed=lambda: self.deck_refs(removed=True))

    def cards(self, deck_ids: Iterable[int] | None = None, *, include_retired: bool = False) -> list[CardView]:
        return list(self.iter_cards(deck_ids, include_retired=include_retired))

    def iter_cards(self, deck_ids: Iterable[int] | None = None, *,
                   include_retired: bool = False) -> Iterator[CardView]:
        """The cards of these decks (all decks: None) in deck and note order, read in
        batches (see reading.iter_cards)."""
        with self._read() as conn:
            yield from reading.iter_cards(_driver(conn), deck_ids, include_retired=include_retired)

    def iter_cards_json(self, deck_ids: Iterable[int] | None = None, *,
                        include_retired: bool = False) -> Generator[str, None, None]:
        """iter_cards(), each card as the JSON text of its as_json() (see reading.iter_cards_json)."""
        with self._read() as conn:
            yield from reading.iter_cards_json(_driver(conn), deck_ids, include_retired=include_retired)

    def regroup_if_stale(self) -> int | None:
        """regroup() unless the groups are current: computed by today's rules since the cards
        last changed (an import of notes that did not change needs none, and on a large
        library it is seconds of CPU); None when nothing needed it."""
        from tcpquiz.store.groups import GROUPING_RULES
        from tcpquiz.store.sync import GROUPS_CURRENT

        return None if self.get_setting(GROUPS_CURRENT) == GROUPING_RULES else self.regroup()

    def regroup(self) -> int:
        """Recompute the near-duplicate groups across decks; returns how many cards are grouped."""
        from tcpquiz.store.groups import GROUPED_KINDS, GROUPING_RULES, candidates, group_keys
        from tcpquiz.store.sync import GROUPS_CURRENT

        cards = t.cards.c
        with self._write() as conn:
            # Plain tuples from the driver: after a large import these are tens of thousands of rows.
            rows = _driver(conn).execute(
                "SELECT id, key, deck_id, front, group_key FROM cards WHERE retired_at IS NULL "
                f"AND kind IN ({', '.join('?' * len(GROUPED_KINDS))}) ORDER BY id", GROUPED_KINDS,
            ).fetchall()
            keys = group_keys(candidates((card_id, key, deck_id, front) for card_id, key, deck_id, front, _ in rows))
            changed = [(keys[card_id], card_id) for card_id, _, _, _, group_key in rows if keys[card_id] != group_key]
            if changed:  # plain text and ids: straight to the driver, as the first import changes thousands
                conn.exec_driver_sql("UPDATE cards SET group_key = ? WHERE id = ?", changed)
            # A retired card leaves its group, so its old partners are not held back by it;
            # so does a card of a kind not grouped (its kind may have changed).
            conn.execute(
                update(t.cards)
                .where(cards.group_key.is_not(None),
                       (cards.retired_at.is_not(None)) | (cards.kind.not_in(GROUPED_KINDS)))
                .values(group_key=None)
            )
            conn.exec_driver_sql("INSERT INTO settings (key, value) VALUES (?, ?) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                 (GROUPS_CURRENT, json.dumps(GROUPING_RULES)))
        return sum(1 for key in keys.values() if key)

    def group_siblings(self, card: CardView) -> list[CardView]:
        """Some of the other active cards in a card's near-duplicate group (other decks, same question)."""
        with self._read() as conn:
            return reading.group_siblings(_driver(conn), card)

    # -- the daily queue ------------------------------------------------------

    def review_queue(self, today: date, deck_ids: Iterable[int], limits: Limits) -> list[CardView]:
        """Due cards first, then new ones, within the day's limits (see reading.review_queue)."""
        with self._read() as conn:
            return reading.review_queue(_driver(conn), today, deck_ids, limits)

    def new_waiting(self, today: date, deck_ids: Iterable[int]) -> tuple[int, int]:
        """(new cards of these decks never studied, new cards introduced today): what `review --new`
        could still add today, and what today's limit already counted."""
        cards = t.cards.c
        with self._read() as conn:
            waiting = conn.scalar(
                select(func.count()).select_from(t.cards.outerjoin(t.schedules, t.schedules.c.card_id == cards.id))
                .where(cards.deck_id.in_(list(deck_ids)), cards.retired_at.is_(None), t.schedules.c.card_id.is_(None))
            ) or 0
            new_today, _ = reading.done_today(_driver(conn), today)
        return waiting, new_today

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
        schedules = t.schedules.c
        with self._write() as conn:
            self._same_library(conn)
            row = conn.execute(select(t.schedules).where(schedules.card_id == card_id)).mappings().first()
            before = _schedule_state(row)
            current = before or sm2.SM2State()
            due_before = row["due"] if row is not None else None
            if scheduled:
                after = sm2.review(current, quality)
                due_after = due_day(today, after.interval)
            else:
                after = current
                due_after = due_before or today
            inserted = conn.execute(insert(t.reviews).values(
                card_id=card_id, session_id=session_id, reviewed_at=now, study_day=today,
                quality=quality, duration_ms=duration_ms, scheduled=scheduled, was_new=before is None,
                repetitions_before=current.repetitions, easiness_before=current.easiness,
                interval_before=current.interval, due_before=due_before,
                repetitions_after=after.repetitions, easiness_after=after.easiness,
                interval_after=after.interval, due_after=due_after,
            ))
            assert inserted.inserted_primary_key is not None  # SQLite gives every inserted row its id
            review_id = inserted.inserted_primary_key[0]
            if scheduled:
                values = dict(repetitions=after.repetitions, easiness=after.easiness, interval=after.interval,
                              due=due_after, last_reviewed_at=now)
                if row is None:
                    conn.execute(insert(t.schedules).values(card_id=card_id, **values))
                else:
                    conn.execute(update(t.schedules).where(schedules.card_id == card_id).values(**values))
            return Answer(review_id, card_id, quality, scheduled, before, after, due_after)

    def undo(self, answer: Answer, *, now: datetime) -> None:
        """Take an answer back: log the undo and restore the schedule it replaced."""
        reviews, schedules = t.reviews.c, t.schedules.c
        with self._write() as conn:
            self._same_library(conn)
            conn.execute(insert(t.review_undos).values(review_id=answer.review_id, undone_at=now))
            if not answer.scheduled:
                return
            if answer.before is None:
                conn.execute(delete(t.schedules).where(schedules.card_id == answer.card_id))
                return
            due_before = conn.scalar(select(reviews.due_before).where(reviews.id == answer.review_id))
            previous = conn.scalar(
                select(func.max(reviews.reviewed_at)).where(
                    reviews.card_id == answer.card_id, reviews.scheduled.is_(True),
                    reviews.id != answer.review_id, not_undone(),
                )
            )
            restored = dict(repetitions=answer.before.repetitions, easiness=answer.before.easiness,
                            interval=answer.before.interval, due=due_before)
            if previous is not None:
                restored["last_reviewed_at"] = previous
            conn.execute(update(t.schedules).where(schedules.card_id == answer.card_id).values(**restored))

    def replay_schedule(self, card_id: int) -> sm2.SM2State | None:
        """Recompute a card's schedule from its review log alone (None: never answered)."""
        reviews = t.reviews.c
        with self._read() as conn:
            qualities = conn.scalars(
                select(reviews.quality)
                .where(reviews.card_id == card_id, reviews.scheduled.is_(True), not_undone())
                .order_by(reviews.id)
            ).all()
        if not qualities:
            return None
        state = sm2.SM2State()
        for quality in qualities:
            state = sm2.review(state, quality)
        return state

    def review_log(self) -> list[LoggedReview]:
        """Every answer that moved a schedule and was not undone, oldest first."""
        from tcpquiz.store.merge import review_log

        with self._read() as conn:
            return review_log(conn, not_undone)

    def merge_reviews(self, pulled: Sequence[PulledReview]) -> int:
        """Add answers given elsewhere (Anki) that the log lacks, and replay the schedule of
        each card that gained one from its whole log in time order; returns how many were added."""
        from tcpquiz.store.merge import merge_reviews

        with self._write() as conn:
            return merge_reviews(conn, pulled, not_undone)

    def weakest_cards(self, deck_ids: Iterable[int], limit: int) -> list[WeakCard]:
        """The active cards of these decks the learner struggled with: answered wrong (a lapse)
        or right only with serious difficulty (grade 3) at least once. Most lapses first, then
        most hard answers, then lowest easiness. A lapse is an answer graded below 3 that moved
        the schedule (SM-2 starts the card over), not undone; the extra rounds of a session do
        not count, as they do not count for the schedule. A card always recalled easily is not weak."""
        with self._read() as conn:
            return reading.weakest_cards(_driver(conn), deck_ids, limit)

    def review_counts(self) -> dict[int, int]:
        """How many answers moved each card's schedule, by card id: undone answers and a
        session's extra rounds do not count. Cards never answered are left out."""
        reviews = t.reviews.c
        with self._read() as conn:
            rows = conn.execute(
                select(reviews.card_id, func.count())
                .where(reviews.scheduled.is_(True), not_undone())
                .group_by(reviews.card_id)
            ).all()
        return dict(rows)

    def next_due(self, deck_ids: Iterable[int], after: date) -> date | None:
        """The first study day after `after` on which a card of these decks is due."""
        with self._read() as conn:
            return reading.next_due(_driver(conn), deck_ids, after)

    def streak(self, today: date) -> int:
        from tcpquiz.store.stats import streak

        with self._read() as conn:
            return streak(_driver(conn), today)

    # -- reads and goals ------------------------------------------------------

    def add_read(self, deck_id: int, now: datetime) -> int:
        """Count one full reading of a deck's note; returns the deck's read count."""
        with self._write() as conn:
            self._same_library(conn)  # `tcpquiz read` may page for a long time
            conn.execute(insert(t.reads).values(deck_id=deck_id, read_at=now, study_day=study_day(now.astimezone())))
            return _count(conn, t.reads, t.reads.c.deck_id == deck_id)

    def deck_text(self, deck_id: int) -> str:
        with self._read() as conn:
            return conn.scalar(select(t.decks.c.text).where(t.decks.c.id == deck_id)) or ""

    def set_read_goal(self, deck_id: int, reads: int) -> None:
        with self._write() as conn:
            conn.execute(update(t.decks).where(t.decks.c.id == deck_id).values(read_goal=reads))

    def add_goal(self, text: str, target: int, now: datetime) -> GoalView:
        text = text.strip()
        with self._write() as conn:
            if conn.scalar(select(t.goals.c.id).where(t.goals.c.text == text)) is not None:
                raise TcpquizError(f"There is already a goal {text!r}; tick it with `tcpquiz goal tick`.")
            conn.execute(insert(t.goals).values(text=text, target=target, created_at=now))
        return GoalView(text, target, 0)

    def tick_goal(self, text: str, now: datetime) -> GoalView:
        """Count one more towards a goal, found by its exact text or an unambiguous part of it."""
        with self._write() as conn:
            goal = _find_goal(conn, text)
            conn.execute(insert(t.goal_ticks).values(goal_id=goal["id"], ticked_at=now,
                                                     study_day=study_day(now.astimezone())))
            done = _count(conn, t.goal_ticks, t.goal_ticks.c.goal_id == goal["id"])
            return GoalView(goal["text"], goal["target"], done)

    def remove_goal(self, text: str) -> str:
        with self._write() as conn:
            goal = _find_goal(conn, text)
            conn.execute(delete(t.goal_ticks).where(t.goal_ticks.c.goal_id == goal["id"]))
            conn.execute(delete(t.goals).where(t.goals.c.id == goal["id"]))
            return goal["text"]

    def goals(self) -> list[GoalView]:
        from tcpquiz.store.stats import goal_rows

        with self._read() as conn:
            return [GoalView(text, target, done, first) for text, target, done, first in goal_rows(_driver(conn))]

    # -- settings ---------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        with self._read() as conn:
            return {key: json.loads(value) for key, value in conn.execute(select(t.settings))}

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self._read() as conn:
            value = conn.scalar(select(t.settings.c.value).where(t.settings.c.key == key))
        return default if value is None else json.loads(value)

    def set_setting(self, key: str, value: Any) -> None:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        encoded = json.dumps(value, ensure_ascii=False)
        upsert = sqlite_insert(t.settings).values(key=key, value=encoded)
        with self._write() as conn:
            conn.execute(upsert.on_conflict_do_update(index_elements=["key"], set_={"value": encoded}))

    def delete_setting(self, key: str) -> None:
        with self._write() as conn:
            conn.execute(delete(t.settings).where(t.settings.c.key == key))

    # -- backup and restore -------------------------------------------------------

    def backup(self, out: TextIO, now: datetime) -> dict[str, int]:
        """Write everything in the database to `out` as JSON, read in one transaction and
        streamed row by row; returns the rows per table."""
        from tcpquiz import __version__
        from tcpquiz.store.backup import write

        with self._read() as conn:
            return write(_driver(conn), out, now=now, app_version=__version__)

    def restore(self, path: Path, *, replace: bool, now: datetime) -> tuple[Path | None, BackupInfo]:
        """Replace the whole database with a backup file, in one transaction, checking each
        row as it is read (backup.replace_all); returns where the replaced database was
        copied (None: it held nothing to keep) and what was restored.

        A database holding progress of its own is refused unless `replace`; then a copy
        of it is written beside it first. Anything wrong with the backup's rows rolls the
        whole restore back and removes the copy.
        """
        from sqlalchemy.exc import IntegrityError

        from tcpquiz.store.backup import replace_all, user_data
        from tcpquiz.store.migrate import copy_database

        copy = None
        try:
            with self._write() as conn:  # BEGIN IMMEDIATE: no other writer until it commits
                found = user_data(conn)
                if found and not replace:
                    raise BackupError(
                        f"The database {self.path} already holds {_listing(found)}; pass --replace to "
                        "overwrite it (a copy of it is kept first)."
                    )
                if found:
                    copy = copy_database(self.path, self.path.with_name(
                        f"{self.path.name}.before-restore-{now.astimezone().strftime('%Y%m%d-%H%M%S')}.bak"))
                backup = replace_all(conn, path)
                self.generation = _generation(conn) + 1
                conn.exec_driver_sql(f"PRAGMA user_version = {self.generation}")
        except (IntegrityError, sqlite3.IntegrityError) as exc:
            if copy is not None:
                copy.unlink(missing_ok=True)  # the database was left as it was
            reason = exc.orig if isinstance(exc, IntegrityError) else exc
            raise BackupError(f"The backup is damaged: its rows do not fit together ({reason}).") from None
        except BaseException:
            if copy is not None:
                copy.unlink(missing_ok=True)
            raise
        return copy, backup

    # -- stats -----------------------------------------------------------------

    def stats(self, today: date, deck_ids: Iterable[int] | None = None):
        from tcpquiz.store.stats import compute_stats

        with self._read() as conn:
            return compute_stats(_driver(conn), today, None if deck_ids is None else list(deck_ids))


# -- helpers -------------------------------------------------------------------

DECK_COLUMNS = (t.decks.c.id, t.decks.c.key, t.decks.c.name, t.decks.c.source, t.decks.c.lang,
                t.decks.c.builtin, t.decks.c.read_goal)


def _groups_changed(conn: Connection) -> None:
    """Cards came or went outside a sync: the next import regroups (see store.sync.GROUPS_CURRENT)."""
    from tcpquiz.store.sync import mark_groups_stale

    mark_groups_stale(conn)


def _generation(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


def _count(conn: Connection, table, *where) -> int:
    return conn.scalar(select(func.count()).select_from(table).where(*where)) or 0


def _schedule_state(row: RowMapping | None) -> sm2.SM2State | None:
    if row is None:
        return None
    return sm2.SM2State(row["repetitions"], row["easiness"], row["interval"])


def _driver(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under a SQLAlchemy one, inside the transaction it began."""
    return conn.connection.dbapi_connection  # type: ignore[return-value]


def _listing(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _find_goal(conn: Connection, text: str) -> RowMapping:
    goals = conn.execute(select(t.goals).order_by(t.goals.c.id)).mappings().all()
    wanted = text.strip().casefold()
    exact = [g for g in goals if g["text"].casefold() == wanted]
    matches = exact or [g for g in goals if wanted and wanted in g["text"].casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        known = "; ".join(g["text"] for g in goals) or "none yet"
        raise UnknownGoalError(f"There is no goal matching {text!r}; the goals are: {known}.")
    names = "; ".join(g["text"] for g in matches)
    raise UnknownGoalError(f"{text!r} matches several goals ({names}); give more of its text.")
