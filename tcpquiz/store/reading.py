"""The review's reads in plain SQL over the standard library's sqlite3: the daily queue,
a card's near-duplicates, the decks and the settings.

`Store` runs these on its own connection (inside its read transaction), and the review
runs them before SQLAlchemy is even imported (`QuickReader`), so that the first card is
on screen in the time Python takes to start: importing SQLAlchemy alone costs twice
that. One implementation serves both, so the two cannot drift apart.

Column encodings are SQLAlchemy's for SQLite (store/schema.py): dates as ISO text,
JSON columns as JSON text, booleans as 0/1.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from tcpquiz.errors import UnknownDeckError
from tcpquiz.scheduler.sm2 import SM2State
from tcpquiz.store.views import CardState, CardView, DeckRef, Limits, WeakCard

if TYPE_CHECKING:
    from tcpquiz.store.stats import Stats

# Recalled at least this many times in a row: the card is past learning (see CardState).
REVIEW_REPETITIONS = 2
# A little more than the day's room is read, because cards of a group already shown are skipped.
GROUP_SLACK = 50
# The review names the other decks that ask a card's question; a few are enough to read,
# and a group is never read whole (a library can hold thousands of alike questions).
MAX_SIBLINGS = 20

CARD_COLUMNS = (
    "cards.id, cards.key, cards.kind, cards.front, cards.back, cards.source, cards.extra, cards.tags, "
    "cards.group_key, cards.retired_at, decks.name, decks.key, schedules.card_id, schedules.repetitions, "
    "schedules.easiness, schedules.interval, schedules.due, cards.anki_guid, cards.updated_at"
)
GROUP_KEY_COLUMN = CARD_COLUMNS.split(", ").index("cards.group_key")
CARD_FROM = "cards JOIN decks ON decks.id = cards.deck_id LEFT JOIN schedules ON schedules.card_id = cards.id"
CARD_SELECT = f"SELECT {CARD_COLUMNS} FROM {CARD_FROM}"
NOT_UNDONE = "reviews.id NOT IN (SELECT review_id FROM review_undos)"
DECK_SELECT = "SELECT id, key, name, source, lang, builtin, read_goal FROM decks"


def card_state(retired: bool, schedule: SM2State | None) -> CardState:
    if retired:
        return CardState.RETIRED
    if schedule is None:
        return CardState.NEW
    return CardState.REVIEW if schedule.repetitions >= REVIEW_REPETITIONS else CardState.LEARNING


@lru_cache(maxsize=4096)
def _json_value(text: str) -> Any:
    """A JSON column's value, parsed once per distinct text: most cards share their tags
    and their (empty) extra, and listing 100,000 cards would parse them 200,000 times."""
    return json.loads(text)


def card_view(row: Sequence[Any]) -> CardView:
    """A CardView from a row of CARD_SELECT's columns."""
    (card_id, key, kind, front, back, source, extra, tags, group_key, retired_at, deck, deck_key,
     scheduled, repetitions, easiness, interval, due, anki_guid, updated_at) = row[:19]
    schedule = SM2State(repetitions, easiness, interval) if scheduled is not None else None
    return CardView(
        id=card_id, key=key, deck=deck, deck_key=deck_key, kind=kind, front=front, back=back, source=source,
        extra=dict(_json_value(extra) or {}) if extra else {}, tags=tuple(_json_value(tags) or ()) if tags else (),
        state=card_state(retired_at is not None, schedule), schedule=schedule,
        due=date.fromisoformat(due) if schedule and due else None, group_key=group_key, anki_guid=anki_guid,
        # Stored as naive UTC text (tcpquiz.store.schema.UTCDateTime).
        updated_at=datetime.fromisoformat(updated_at).replace(tzinfo=UTC) if updated_at else None,
    )


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def settings(conn: sqlite3.Connection) -> dict[str, Any]:
    return {key: json.loads(value) for key, value in conn.execute("SELECT key, value FROM settings")}


def get_setting(conn: sqlite3.Connection, key: str) -> Any:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else json.loads(row[0])


def deck_refs(conn: sqlite3.Connection, *, removed: bool = False) -> list[DeckRef]:
    """The decks present (or, with `removed`, those `decks remove` took out), by name."""
    where = "removed_at IS NOT NULL" if removed else "removed_at IS NULL"
    rows = conn.execute(f"{DECK_SELECT} WHERE {where} ORDER BY name").fetchall()
    return [DeckRef(id, key, name, source, lang, bool(builtin), read_goal)
            for id, key, name, source, lang, builtin, read_goal in rows]


def select_decks(decks: Sequence[DeckRef], names: Sequence[str],
                 removed: Callable[[], Sequence[DeckRef]] = tuple) -> list[DeckRef]:
    """The decks a list of names selects (see decks_named). `TCP` also selects `TCP::握手`,
    its sub-deck.

    Raises UnknownDeckError for a name that matches none: naming the removed deck it
    matches (`removed` gives those), else naming the known decks closest to it.
    """
    chosen: dict[int, DeckRef] = {}
    for name in names:
        matches = decks_named(decks, name)
        if not matches:
            gone = decks_named(removed(), name)
            if gone:
                raise UnknownDeckError(f"The deck {gone[0].name} was removed; `tcpquiz decks restore "
                                       f"{gone[0].id}` brings it back.")
            raise UnknownDeckError.no_deck_named(name, (d.name for d in decks))
        chosen.update((d.id, d) for d in matches)
    return list(chosen.values())


def decks_named(decks: Iterable[DeckRef], name: str) -> list[DeckRef]:
    """The decks `name` selects: by name (with sub-decks), else by the id `tcpquiz decks` shows,
    the note's front matter `id:`, or the note's path."""
    wanted = name.strip().casefold()
    decks = list(decks)
    by_name = [d for d in decks if d.name.casefold() == wanted or d.name.casefold().startswith(wanted + "::")]
    if by_name:
        return by_name
    stripped = name.strip()
    path = _resolved(stripped)
    # A front matter `id:` is stored as the deck's key with a prefix (tcpquiz.notes.parse_note).
    return [d for d in decks
            if stripped == str(d.id) or d.key in (stripped, f"id:{stripped}", f"builtin:{stripped}")
            or d.source == stripped or (path is not None and _resolved(d.source) == path)]


def _resolved(text: str) -> Path | None:
    """A path's absolute form, for comparing a path typed by the user with a deck's source."""
    if not text or ("/" not in text and "\\" not in text and not text.endswith((".md", ".markdown"))):
        return None
    try:
        return Path(text).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def done_today(conn: sqlite3.Connection, today: date) -> tuple[int, int]:
    """(new cards introduced today, reviews of older cards today), not counting undone answers."""
    rows = conn.execute(
        f"SELECT was_new, count(*) FROM reviews WHERE study_day = ? AND scheduled = 1 AND {NOT_UNDONE} "
        "GROUP BY was_new", (today.isoformat(),)).fetchall()
    counts = {bool(was_new): n for was_new, n in rows}
    return counts.get(True, 0), counts.get(False, 0)


def review_queue(conn: sqlite3.Connection, today: date, deck_ids: Iterable[int], limits: Limits) -> list[CardView]:
    """Due cards first (most overdue first), then new cards in the order of their notes.

    The daily limits count what was already done today, so quitting and coming back
    does not hand out another 20 new cards. At most one card of a near-duplicate group
    is shown a day; the others wait.
    """
    deck_ids = list(deck_ids)
    day = today.isoformat()
    new_today, reviewed_today = done_today(conn, today)
    review_room = max(0, limits.reviews_per_day - reviewed_today)
    new_room = max(0, limits.new_per_day - new_today)
    # `deck_id + 0` keeps SQLite on the schedules.due index: a day's due cards are few,
    # while the studied decks hold nearly every card.
    due_rows = conn.execute(
        f"{CARD_SELECT} WHERE cards.deck_id + 0 IN ({_marks(deck_ids)}) AND cards.retired_at IS NULL "
        "AND schedules.due <= ? ORDER BY schedules.due, cards.id LIMIT ?",
        (*deck_ids, day, review_room + GROUP_SLACK)).fetchall()
    new_rows = _new_cards(conn, deck_ids, new_room + GROUP_SLACK) if new_room else []
    groups_done = {key for (key,) in conn.execute(
        "SELECT cards.group_key FROM cards JOIN reviews ON reviews.card_id = cards.id "
        f"WHERE reviews.study_day = ? AND cards.group_key IS NOT NULL AND {NOT_UNDONE}", (day,))}
    # Grouped as rows, so that only the cards kept are made into CardViews: the rows read
    # include GROUP_SLACK more of each kind, and building a view costs more than reading it.
    kept = one_per_group(due_rows, groups_done, review_room) + one_per_group(new_rows, groups_done, new_room)
    return [card_view(row) for row in kept]


def _new_cards(conn: sqlite3.Connection, deck_ids: list[int], wanted: int) -> list[Any]:
    """Up to `wanted` new cards in the order of their files (01-basics before 02-handshake)
    and of the note, read deck by deck so that a library of 100,000 cards is not sorted
    to find the first twenty."""
    rows: list[Any] = []
    ordered = conn.execute(f"SELECT id FROM decks WHERE id IN ({_marks(deck_ids)}) ORDER BY source, id",
                           deck_ids).fetchall()
    for (deck_id,) in ordered:
        if len(rows) >= wanted:
            break
        rows += conn.execute(
            f"{CARD_SELECT} WHERE cards.deck_id = ? AND cards.retired_at IS NULL AND schedules.card_id IS NULL "
            "ORDER BY cards.position, cards.id LIMIT ?", (deck_id, wanted - len(rows))).fetchall()
    return rows


def one_per_group(rows: list[Any], groups_done: set[str], room: int) -> list[Any]:
    """Up to `room` rows of CARD_SELECT, keeping the first card of each group and none of a
    group already answered today. `groups_done` is updated, so due cards passed first hold
    back new ones."""
    kept: list[Any] = []
    for row in rows:
        if len(kept) >= room:
            break
        group_key = row[GROUP_KEY_COLUMN]
        if group_key:
            if group_key in groups_done:
                continue
            groups_done.add(group_key)
        kept.append(row)
    return kept


def group_siblings(conn: sqlite3.Connection, card: CardView, limit: int = MAX_SIBLINGS) -> list[CardView]:
    """Up to `limit` other active cards in a card's near-duplicate group, by deck name."""
    if not card.group_key:
        return []
    rows = conn.execute(
        f"{CARD_SELECT} WHERE cards.group_key = ? AND cards.id != ? AND cards.retired_at IS NULL "
        "ORDER BY decks.name, cards.id LIMIT ?", (card.group_key, card.id, limit)).fetchall()
    return [card_view(row) for row in rows]


def iter_cards(conn: sqlite3.Connection, deck_ids: Iterable[int] | None = None, *,
               include_retired: bool = False) -> Iterator[CardView]:
    """The cards of these decks (all decks: None) in deck and note order, read in batches,
    so that listing a library of 100,000 cards does not hold it all."""
    condition, params = _cards_where(deck_ids, include_retired)
    cursor = conn.execute(f"{CARD_SELECT}{condition} ORDER BY decks.name, cards.position, cards.id", params)
    while batch := cursor.fetchmany(1000):
        yield from map(card_view, batch)


def _cards_where(deck_ids: Iterable[int] | None, include_retired: bool) -> tuple[str, list[int]]:
    """The listing's condition. `+`: SQLite then walks the decks by name and each deck's
    cards by the (deck_id, position) index, already in the listing's order, instead of
    sorting every card's text."""
    where, params = [], []
    if deck_ids is not None:
        ids = list(deck_ids)
        where.append(f"+cards.deck_id IN ({_marks(ids)})")
        params += ids
    if not include_retired:
        where.append("cards.retired_at IS NULL")
    return (f" WHERE {' AND '.join(where)}" if where else ""), params


# A card as `cards --json` prints it (CardView.as_json), made by SQLite's JSON functions:
# listing 100,000 cards through Python objects would cost several times the reading.
# The easiness is written by Python (its shortest exact form: SQLite rounds to 15 digits).
# Stored JSON is tcpquiz's own, so text starting with `[` is a list, and most cards' extra
# is `{}`: neither is parsed more than it must be.
CARD_JSON_HEAD = f"""json_object(
    'key', cards.key, 'deck', decks.name, 'kind', cards.kind, 'front', cards.front, 'back', cards.back,
    'source', cards.source, 'due', CASE WHEN schedules.card_id IS NOT NULL THEN schedules.due END,
    'state', CASE WHEN cards.retired_at IS NOT NULL THEN 'retired' WHEN schedules.card_id IS NULL THEN 'new'
                  WHEN schedules.repetitions >= {REVIEW_REPETITIONS} THEN 'review' ELSE 'learning' END,
    'tags', CASE WHEN substr(cards.tags, 1, 1) = '[' THEN json(cards.tags) ELSE json_array() END,
    'repetitions', coalesce(schedules.repetitions, 0))"""
CARD_JSON_TAIL = ("schedules.easiness, coalesce(schedules.interval, 0), "
                  "CASE WHEN cards.extra != '{}' AND json_type(cards.extra, '$.flags') = 'array' "
                  "THEN json_extract(cards.extra, '$.flags') "
                  "ELSE '[]' END")


def iter_cards_json(conn: sqlite3.Connection, deck_ids: Iterable[int] | None = None, *,
                    include_retired: bool = False) -> Iterator[str]:
    """What iter_cards gives, each card as the JSON text of its CardView.as_json() (the
    same values, not the same spacing), read in batches."""
    condition, params = _cards_where(deck_ids, include_retired)
    cursor = conn.execute(f"SELECT {CARD_JSON_HEAD}, {CARD_JSON_TAIL} FROM {CARD_FROM}{condition} "
                          "ORDER BY decks.name, cards.position, cards.id", params)
    while batch := cursor.fetchmany(1000):
        for head, easiness, interval, flags in batch:
            yield (f'{head[:-1]},"easiness":{"null" if easiness is None else repr(float(easiness))},'
                   f'"interval":{interval},"flags":{flags}}}')


# Each card's lapses (answers graded below 3 that moved the schedule: SM-2 starts the card
# over) and hard answers (graded exactly 3), undone answers left out, most of both first.
# Only answers graded 3 or below are read, through a partial index that holds just them;
# the few undone ones are subtracted (looking up every answer's undo would double the cost).
WEAK_COUNTS = """
WITH bad AS (
    SELECT card_id, sum(quality < 3) AS lapses, sum(quality = 3) AS hard FROM reviews
    WHERE scheduled = 1 AND quality <= 3 GROUP BY card_id),
bad_undone AS (
    SELECT reviews.card_id, sum(reviews.quality < 3) AS lapses, sum(reviews.quality = 3) AS hard
    FROM review_undos CROSS JOIN reviews ON reviews.id = review_undos.review_id  -- CROSS: the undos first
    WHERE reviews.scheduled = 1 AND reviews.quality <= 3 GROUP BY reviews.card_id)
SELECT * FROM (
    SELECT bad.card_id, bad.lapses - coalesce(bad_undone.lapses, 0) AS lapses,
        bad.hard - coalesce(bad_undone.hard, 0) AS hard
    FROM bad LEFT JOIN bad_undone ON bad_undone.card_id = bad.card_id)
WHERE lapses + hard > 0
ORDER BY lapses DESC, hard DESC
"""


def weakest_cards(conn: sqlite3.Connection, deck_ids: Iterable[int], limit: int) -> list[WeakCard]:
    """Up to `limit` active cards of these decks with a lapse or a hard answer: most lapses
    first, then most hard answers, then lowest easiness, then the oldest card (see
    Store.weakest_cards).

    The cards are read a rank (equal lapses and hard answers) at a time, best first, until
    `limit` are found: the ranks at the top are small, and a million answers hold tens
    of thousands of weak cards whose text need not be read."""
    deck_ids = list(deck_ids)
    found: list[WeakCard] = []
    if limit <= 0:
        return found
    ranked = conn.execute(WEAK_COUNTS)  # read only as far as needed
    for (lapses, _hard), rank in groupby(ranked, key=itemgetter(1, 2)):
        ids = json.dumps([row[0] for row in rank])
        rows = conn.execute(
            f"{CARD_SELECT} WHERE cards.id IN (SELECT value FROM json_each(?)) AND cards.deck_id IN "
            f"({_marks(deck_ids)}) AND cards.retired_at IS NULL AND schedules.card_id IS NOT NULL "
            "ORDER BY schedules.easiness, cards.id LIMIT ?", (ids, *deck_ids, limit - len(found))).fetchall()
        found += [WeakCard(card_view(row), lapses, _scheduled_answers(conn, row[0])) for row in rows]
        if len(found) >= limit:
            break
    ranked.close()  # the ranks below are never read
    return found


def _scheduled_answers(conn: sqlite3.Connection, card_id: int) -> int:
    """A card's answers that moved its schedule, undone ones left out."""
    return int(conn.execute(f"SELECT count(*) FROM reviews WHERE card_id = ? AND scheduled = 1 AND {NOT_UNDONE}",
                            (card_id,)).fetchone()[0])


def next_due(conn: sqlite3.Connection, deck_ids: Iterable[int], after: date) -> date | None:
    """The first study day after `after` on which a card of these decks is due."""
    deck_ids = list(deck_ids)
    (due,) = conn.execute(  # `+ 0`: walk the due index, as in review_queue
        "SELECT min(schedules.due) FROM schedules JOIN cards ON cards.id = schedules.card_id "
        f"WHERE cards.deck_id + 0 IN ({_marks(deck_ids)}) AND cards.retired_at IS NULL AND schedules.due > ?",
        (*deck_ids, after.isoformat())).fetchone()
    return date.fromisoformat(due) if due else None


class QuickReader:
    """The review's reads on a stdlib connection, for a database that needs
    nothing done to it first (current schema, built-in decks loaded)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # The library's generation (SQLite's user_version, which `restore` bumps) as this
        # reader found it: the full store opened later writes only to this same library.
        self.generation = int(conn.execute("PRAGMA user_version").fetchone()[0] or 0)

    @classmethod
    def open(cls, path: Path, builtin_fingerprint: str) -> Self | None:
        """A reader, or None when the database must first be created, upgraded or have its
        built-in decks loaded (the full store does that) or cannot be read here. None also
        when the file's -wal is missing beside its -shm: SQLite opening it would tidy the
        -shm away, and the full store's check, which says what is wrong, would no longer see it."""
        from tcpquiz.store.migrate import HEAD, _wal_missing

        try:
            if not path.is_file() or _wal_missing(path):  # before any connection: it reads the file's header
                return None
            # mode=rw (it only reads, but never creates a file): a read-only connection that
            # finds no -shm file keeps a private WAL index and would not see the answers
            # the full store commits beside it.
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error):
            return None
        try:
            version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            fingerprint = conn.execute("SELECT value FROM settings WHERE key = 'builtin-fingerprint'").fetchone()
        except sqlite3.Error:
            conn.close()
            return None
        if version != (HEAD,) or fingerprint is None or json.loads(fingerprint[0]) != builtin_fingerprint:
            conn.close()
            return None
        return cls(conn)

    def close(self) -> None:
        self.conn.close()

    def settings(self) -> dict[str, Any]:
        return settings(self.conn)

    def deck_refs(self) -> list[DeckRef]:
        return deck_refs(self.conn)

    def resolve_decks(self, names: Sequence[str]) -> list[DeckRef]:
        return select_decks(self.deck_refs(), names, removed=lambda: deck_refs(self.conn, removed=True))

    def review_queue(self, today: date, deck_ids: Iterable[int], limits: Limits) -> list[CardView]:
        self.conn.execute("BEGIN")  # one read transaction: the counts and the cards agree
        try:
            return review_queue(self.conn, today, deck_ids, limits)
        finally:
            self.conn.execute("COMMIT")

    def group_siblings(self, card: CardView) -> list[CardView]:
        return group_siblings(self.conn, card)

    def next_due(self, deck_ids: Iterable[int], after: date) -> date | None:
        return next_due(self.conn, deck_ids, after)


class LibraryReader(QuickReader):
    """The reads of the commands that only show the library (`stats`, `cards`, `cheatsheet`)
    on a stdlib connection: the same functions `Store` runs, without importing SQLAlchemy
    (which alone costs more than `stats` on a million answers). Each call is one read
    transaction, so the numbers it returns agree with each other."""

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        finally:
            self.conn.execute("COMMIT")

    def stats(self, today: date, deck_ids: Iterable[int] | None = None) -> Stats:
        from tcpquiz.store.stats import compute_stats

        with self._transaction() as conn:
            return compute_stats(conn, today, None if deck_ids is None else list(deck_ids))

    def iter_cards(self, deck_ids: Iterable[int] | None = None, *,
                   include_retired: bool = False) -> Iterator[CardView]:
        with self._transaction() as conn:
            yield from iter_cards(conn, deck_ids, include_retired=include_retired)

    def iter_cards_json(self, deck_ids: Iterable[int] | None = None, *,
                        include_retired: bool = False) -> Generator[str, None, None]:
        with self._transaction() as conn:
            yield from iter_cards_json(conn, deck_ids, include_retired=include_retired)

    def weakest_cards(self, deck_ids: Iterable[int], limit: int) -> list[WeakCard]:
        with self._transaction() as conn:
            return weakest_cards(conn, deck_ids, limit)
