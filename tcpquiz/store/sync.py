"""Deck sync: upsert cards by their stable key, keep history, retire what vanished.

A card's history belongs to its key (DESIGN.md, "Identity and history"):

* same key, new text: the card is updated in place and keeps its schedule;
* a key that disappeared while a new one appeared with a recognisably similar
  question (same kind, fronts at least FUZZY_MATCH_RATIO alike): the question was
  edited, so the old card takes the new key and keeps its history;
* a key that disappeared: the card is retired, never deleted;
* a retired key that reappears: the card comes back with its history.
"""

from __future__ import annotations

import difflib
import itertools
import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import Connection, Dialect, Table, bindparam, select, update

from tcpquiz.cards import CardDraft, DeckDraft
from tcpquiz.store import schema as t
from tcpquiz.store.guids import first_guid
from tcpquiz.store.views import SyncResult
from tcpquiz.text import fold

FUZZY_MATCH_RATIO = 0.75
# A settings row saying that the near-duplicate groups are those of the cards as they are,
# by the rules of tcpquiz.store.groups.GROUPING_RULES: written by Store.regroup, deleted in
# the same transaction as any change to the cards. So an import stopped between its last
# deck and its regroup still leaves the next one the work, and a library grouped by older
# rules (or by a tcpquiz from before this row) is regrouped at its next import.
GROUPS_CURRENT = "groups-current"


def mark_groups_stale(conn: Connection) -> None:
    conn.exec_driver_sql("DELETE FROM settings WHERE key = ?", (GROUPS_CURRENT,))


def changes_cards(result: SyncResult) -> bool:
    """Whether a deck's sync added, changed, retired or brought back a card (the groups may move)."""
    return bool(result.new or result.updated or result.retired or result.restored)


def _values(draft: CardDraft, position: int, now: datetime) -> dict[str, Any]:
    """The columns a draft sets on its card."""
    return {
        "key": draft.key, "kind": str(draft.kind), "front": draft.front, "back": draft.back,
        "extra": dict(draft.extra), "tags": list(draft.tags), "source": draft.source,
        "position": position, "updated_at": now,
    }


def _bind_processor(conn: Connection, name: str, table: Table = t.cards) -> Callable[[Any], Any]:
    """What the column `name` turns a value into before SQLite stores it."""
    return _dialect_bind_processor(conn.dialect, table, name)


@cache  # asked for every deck of an import; SQLAlchemy adapts the type anew each time
def _dialect_bind_processor(dialect: Dialect, table: Table, name: str) -> Callable[[Any], Any]:
    # dialect_impl: SQLite's own DateTime writes the text; the generic one leaves a datetime.
    column_type = table.c[name].type.dialect_impl(dialect)
    return column_type.bind_processor(dialect) or (lambda value: value)


class _StoredJson:
    """Whether a card's stored JSON (`extra`, `tags`) holds what a draft says. Compared as
    text first, as the column writes it: a deck imported again is mostly unchanged cards,
    and parsing every card's JSON cost more than the rest of the comparison."""

    def __init__(self, conn: Connection) -> None:
        self.extra_json, self.tags_json = _bind_processor(conn, "extra"), _bind_processor(conn, "tags")

    def same(self, card: sqlite3.Row, draft: CardDraft) -> bool:
        extra, tags = dict(draft.extra), list(draft.tags)
        return ((card["extra"] == self.extra_json(extra) or (json.loads(card["extra"]) or {}) == extra)
                and (card["tags"] == self.tags_json(tags) or list(json.loads(card["tags"]) or []) == tags))


def _edited(card: sqlite3.Row, draft: CardDraft, stored_json: _StoredJson) -> bool:
    """Whether the card's text (kind, question, answer, extra, tags) differs from the draft's."""
    return ((card["kind"], card["front"], card["back"]) != (str(draft.kind), draft.front, draft.back)
            or not stored_json.same(card, draft))


def _pair_edited_questions(
    drafts: list[tuple[int, CardDraft]], vanished: list[sqlite3.Row]
) -> list[tuple[int, CardDraft, sqlite3.Row]]:
    """Pair new drafts with vanished cards whose question is nearly the same, best pairs first."""
    if not drafts or not vanished:  # a new deck, or nothing removed: nothing to pair
        return []
    candidates = []
    for index, (position, draft) in enumerate(drafts):
        wanted = fold(draft.front)
        for card in vanished:
            if card["kind"] != str(draft.kind):
                continue
            ratio = difflib.SequenceMatcher(None, wanted, fold(card["front"])).ratio()
            if ratio >= FUZZY_MATCH_RATIO:
                candidates.append((ratio, index, card["id"], position, draft, card))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    pairs, used_drafts, used_cards = [], set(), set()
    for _ratio, index, card_id, position, draft, card in candidates:
        if index in used_drafts or card_id in used_cards:
            continue
        used_drafts.add(index)
        used_cards.add(card_id)
        pairs.append((position, draft, card))
    return pairs


_DECK_ID = select(t.decks.c.id).where(t.decks.c.key == bindparam("deck_key"))
# The columns sync compares, from the driver: no row objects, no JSON or dates parsed.
_CARDS_OF_DECK = ("SELECT id, key, kind, front, back, extra, tags, source, position, "
                  "retired_at IS NOT NULL AS retired FROM cards WHERE deck_id = ?")


def _cards_of_deck(conn: Connection, deck_id: int) -> dict[str, sqlite3.Row]:
    cursor = _driver(conn).cursor()
    cursor.row_factory = sqlite3.Row
    return {row["key"]: row for row in cursor.execute(_CARDS_OF_DECK, (deck_id,))}


def _driver(conn: Connection) -> sqlite3.Connection:
    return conn.connection.dbapi_connection  # type: ignore[return-value]


# A deck's row, written straight to the driver as _insert_cards writes cards: an import
# upserts every deck, and SQLAlchemy's work per statement cost several times SQLite's.
_DECK_BY_KEY = "SELECT id, name, renamed FROM decks WHERE key = ?"
_NEW_DECK_COLUMNS = ("key", "name", "source", "text", "tags", "lang", "builtin", "read_goal", "renamed",
                     "created_at", "updated_at")
_INSERT_DECK = (f"INSERT INTO decks ({', '.join(_NEW_DECK_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(_NEW_DECK_COLUMNS))})")
_UPDATE_DECK = ("UPDATE decks SET name = ?, source = ?, text = ?, tags = ?, lang = ?, builtin = ?, updated_at = ?, "
                "removed_at = NULL WHERE id = ?")


def unique_name(conn: Connection, name: str, source: str, deck_id: int | None) -> str:
    """`name`, or, when another deck has it, the name followed by its file's name (then by a number):
    every command finds a deck by its name, so two notes titled alike must not share one."""
    # Plain SQL on the driver: an import asks this of every deck, and SQLAlchemy's own
    # work per statement cost several times SQLite's.
    driver = _driver(conn)
    others = "SELECT 1 FROM decks WHERE lower(name) = ? AND id IS NOT ? LIMIT 1"
    stem = PurePosixPath(source.replace("\\", "/")).stem
    # Made one at a time: the first is free for nearly every deck.
    candidates = itertools.chain([name, f"{name} ({stem})"] if stem and stem != name else [name],
                                 (f"{name} ({stem or 'deck'} {n})" for n in range(2, 1000)))
    for candidate in candidates:
        if driver.execute(others, (candidate.lower(), deck_id)).fetchone() is None:
            return candidate
    raise ValueError(f"no free name for the deck {name!r}")


def _upsert_deck(conn: Connection, deck: DeckDraft, now: datetime) -> tuple[int, bool, str]:
    """The deck's id, whether the deck is new, and its name (unique among the decks)."""
    driver = _driver(conn)
    row = driver.execute(_DECK_BY_KEY, (deck.key,)).fetchone()
    if row is None and deck.key.startswith(FILE_KEY) and _adopt_absolute_key(conn, deck) is not None:
        row = driver.execute(_DECK_BY_KEY, (deck.key,)).fetchone()
    # The values as the columns' own bind processors write them (tests/test_import_store.py
    # compares the row with SQLAlchemy's insert and update of the same deck).
    tags = _bind_processor(conn, "tags", t.decks)(list(deck.tags))
    builtin = _bind_processor(conn, "builtin", t.decks)(deck.builtin)
    stamp = _bind_processor(conn, "updated_at", t.decks)(now)
    if row is None:
        name = unique_name(conn, deck.name, deck.source, None)
        cursor = driver.execute(_INSERT_DECK, (deck.key, name, deck.source, deck.text, tags, deck.lang, builtin,
                                               t.DEFAULT_READ_GOAL, False, stamp, stamp))
        assert cursor.lastrowid is not None  # SQLite gives every inserted row its id
        return cursor.lastrowid, True, name
    deck_id, name, renamed = row
    # A name the user chose stays; importing a note again brings its removed deck back.
    if not renamed:
        name = unique_name(conn, deck.name, deck.source, deck_id)
    driver.execute(_UPDATE_DECK, (name, deck.source, deck.text, tags, deck.lang, builtin, stamp, deck_id))
    return deck_id, False, name


FILE_KEY = "file:"  # a deck without `id:`: keyed by its path relative to the imported folder


def _adopt_absolute_key(conn: Connection, deck: DeckDraft) -> int | None:
    """A deck stored by an older tcpquiz under its absolute path (`file:/home/.../a.md`)
    takes its relative key, and so do its cards' keys, which start with the deck's key:
    the cards keep their history and their GUIDs."""
    old_key = FILE_KEY + deck.source
    deck_id = conn.scalar(_DECK_ID, {"deck_key": old_key})
    if deck_id is None:
        return None
    conn.execute(update(t.decks).where(t.decks.c.id == deck_id).values(key=deck.key))
    conn.exec_driver_sql(
        "UPDATE cards SET key = ? || substr(key, ?) WHERE deck_id = ? AND substr(key, 1, ?) = ?",
        (deck.key, len(old_key) + 1, deck_id, len(old_key), old_key),
    )
    mark_groups_stale(conn)  # a group is named by its smallest card key
    return deck_id


def sync_deck(conn: Connection, deck: DeckDraft, now: datetime) -> SyncResult:
    keys = [draft.key for draft in deck.cards]
    if len(set(keys)) != len(keys):
        raise ValueError(f"deck {deck.name!r} has duplicate card keys")
    deck_id, is_new, name = _upsert_deck(conn, deck, now)
    existing = {} if is_new else _cards_of_deck(conn, deck_id)
    stored_json = _StoredJson(conn)

    counts = dict(new=0, updated=0, unchanged=0, retired=0, restored=0)
    changes: list[dict[str, Any]] = []  # updates of existing cards, by id
    unmatched: list[tuple[int, CardDraft]] = []
    for position, draft in enumerate(deck.cards):
        card = existing.get(draft.key)
        if card is None:
            unmatched.append((position, draft))
            continue
        retired = bool(card["retired"])
        edited = _edited(card, draft, stored_json)
        counts["restored" if retired else "updated" if edited else "unchanged"] += 1
        if retired or edited or (card["source"], card["position"]) != (draft.source, position):
            changes.append({"card_id": card["id"], **_values(draft, position, now)})

    seen = set(keys)
    vanished = [row for key, row in existing.items() if key not in seen and not row["retired"]]
    for position, draft, card in _pair_edited_questions(unmatched, vanished):
        changes.append({"card_id": card["id"], **_values(draft, position, now)})
        counts["updated"] += 1
        vanished.remove(card)
        unmatched.remove((position, draft))

    if changes:  # re-keyed cards first, so their new keys are free for nothing else
        columns: dict[str, Any] = {name: bindparam(name) for name in changes[0] if name != "card_id"}
        conn.execute(
            update(t.cards).where(t.cards.c.id == bindparam("card_id")).values(retired_at=None, **columns),
            changes,
        )
    if unmatched:
        _insert_cards(conn, deck_id, unmatched, now)
        counts["new"] = len(unmatched)
    if vanished:
        conn.execute(update(t.cards).where(t.cards.c.id.in_([row["id"] for row in vanished])).values(retired_at=now))
        counts["retired"] = len(vanished)
    return SyncResult(deck=name, **counts)


_NEW_CARD_COLUMNS = ("deck_id", "key", "kind", "front", "back", "extra", "tags", "source", "position",
                     "created_at", "updated_at", "anki_guid")
_INSERT_CARD = (f"INSERT INTO cards ({', '.join(_NEW_CARD_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(_NEW_CARD_COLUMNS))})")


def _insert_cards(conn: Connection, deck_id: int, drafts: list[tuple[int, CardDraft]], now: datetime) -> None:
    """Insert new cards, handing the rows to the driver in one executemany.

    On a large import, SQLAlchemy's per-row parameter handling cost more than SQLite's
    own work. The values still go through the columns' own bind processors, so a card
    is stored exactly as `conn.execute(insert(cards), rows)` would store it; what rows
    share (the time, the same tags, the same text-only extra such as {"form": "cause"}) is
    converted once.
    """
    extra_json, tags_json = _bind_processor(conn, "extra"), _bind_processor(conn, "tags")
    time_text = _bind_processor(conn, "created_at")
    stamp = time_text(now)
    tags: dict[tuple[str, ...], Any] = {}
    extras: dict[tuple[tuple[str, str], ...], Any] = {(): extra_json({})}
    guids = _new_guids(conn, [draft.key for _position, draft in drafts])
    rows = []
    for position, draft in drafts:
        if draft.tags not in tags:
            tags[draft.tags] = tags_json(list(draft.tags))
        extra = dict(draft.extra)
        if all(type(value) is str for value in extra.values()):  # text only: 1 and True would share a key
            shared = tuple(extra.items())
            if shared not in extras:
                extras[shared] = extra_json(extra)
            stored_extra = extras[shared]
        else:
            stored_extra = extra_json(extra)
        rows.append((deck_id, draft.key, str(draft.kind), draft.front, draft.back, stored_extra, tags[draft.tags],
                     draft.source, position, stamp, stamp, guids[draft.key]))
    _driver(conn).executemany(_INSERT_CARD, rows)


def _new_guids(conn: Connection, keys: list[str]) -> dict[str, str]:
    """The Anki GUID of each new card: derived from its key, unless a card that was re-keyed
    away from that key still holds it (a GUID is kept for life), then derived again."""
    guids = {key: first_guid(key) for key in keys}
    # All of them in one statement, as one JSON array (no limit on bound parameters), on
    # the anki_guid index.
    taken: set[str] = {guid for (guid,) in _driver(conn).execute(
        "SELECT anki_guid FROM cards WHERE anki_guid IN (SELECT value FROM json_each(?))",
        (json.dumps(list(guids.values())),))}
    for key, guid in guids.items():
        attempt = 0
        while guid in taken:
            attempt += 1
            guid = first_guid(key, attempt)
        taken.add(guid)
        guids[key] = guid
    return guids
