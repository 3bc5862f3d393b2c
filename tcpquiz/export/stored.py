"""The cards of an Anki export read straight from the library, with the fields earlier
exports rendered.

Rendering a card's markdown as HTML was most of an export's time, and a card's fields
change only when the card does. So each export keeps what it rendered in the
`anki_html` table (a cache: not in backups, rebuilt by any export), beside a digest of
everything the fields are made from (tcpquiz.export.anki.fields_digest), and the next
export uses a stored rendering only while that digest still matches.

The cards are read with the standard library's sqlite3 (the same SQL the store runs,
tcpquiz.store.reading), a thousand rows at a time, so an export neither imports
SQLAlchemy nor holds a large library in memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from tcpquiz.store.reading import CARD_COLUMNS, CARD_FROM, card_view
from tcpquiz.store.views import CardView

FLUSH_ROWS = 5000  # renderings written per transaction
FIELD_SEPARATOR = "\x1f"
WRITE_WAIT_MS = 2000  # a library busy for longer than this is left without the new renderings


class StoredFields:
    """The fields earlier exports stored, as the cards are read, and the ones rendered now,
    written back in batches on a connection of their own (the reading one has a query
    open on the same table)."""

    def __init__(self, path: Path | None) -> None:
        self._path = path  # None: nothing is written back
        # card id -> (digest, note type, fields): the fields joined by the separator Anki's own
        # notes table uses, which a field cannot hold.
        self._found: dict[int, tuple[str, str, str]] = {}
        self._pending: list[tuple[int, str, str, str]] = []
        self._writer: sqlite3.Connection | None = None
        self.written = 0

    def found(self, card_id: int, digest: str, note_type: str, fields: str) -> None:
        self._found[card_id] = (digest, note_type, fields)

    def lookup(self, card_id: int, digest: str) -> tuple[str, list[str]] | None:
        """The note type's name and the fields stored for a card, if they were rendered
        from what the card holds now. Each is looked up once, so it is let go here."""
        entry = self._found.pop(card_id, None)
        if entry is None or entry[0] != digest:
            return None
        return entry[1], entry[2].split(FIELD_SEPARATOR)

    def keep(self, card_id: int, digest: str, note_type: str, fields: list[str]) -> None:
        if self._path is None:
            return
        self._pending.append((card_id, digest, note_type, FIELD_SEPARATOR.join(fields)))
        if len(self._pending) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write what was rendered since the last flush. A library that is busy, read-only
        or full keeps its old renderings: the export itself does not depend on them."""
        rows, self._pending = self._pending, []
        if not rows or self._path is None:
            return
        try:
            if self._writer is None:
                self._writer = sqlite3.connect(f"{self._path.resolve().as_uri()}?mode=rw", uri=True,
                                               timeout=WRITE_WAIT_MS / 1000, isolation_level=None)
                # A cache: a power cut may lose the last renderings, never the library (WAL).
                self._writer.execute("PRAGMA synchronous = NORMAL")
            self._writer.execute("BEGIN IMMEDIATE")
            try:
                self._writer.executemany(
                    "INSERT OR REPLACE INTO anki_html (card_id, digest, note_type, fields) VALUES (?, ?, ?, ?)", rows)
                self._writer.execute("COMMIT")
            except BaseException:
                self._writer.execute("ROLLBACK")
                raise
            self.written += len(rows)
        except (OSError, sqlite3.Error):
            self._path = None  # do not try again in this export

    def close(self) -> None:
        self.flush()
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def export_cards(conn: sqlite3.Connection, deck_ids: Iterable[int], stored: StoredFields) -> Iterator[CardView]:
    """Every card of these decks, retired ones too, in deck and note order (as
    Store.cards gives them), read a deck at a time, a thousand rows at a time; each card's
    stored fields go to `stored` as it is read. (One query ordered by deck name sorted
    every card's text in SQLite's sorter; a deck's cards come off the deck_id index.)"""
    ids = list(deck_ids)
    in_order = [deck_id for (deck_id,) in conn.execute(
        f"SELECT id FROM decks WHERE id IN ({', '.join('?' * len(ids))}) ORDER BY name, id", ids)]
    query = (f"SELECT {CARD_COLUMNS}, anki_html.digest, anki_html.note_type, anki_html.fields FROM {CARD_FROM} "
             "LEFT JOIN anki_html ON anki_html.card_id = cards.id "
             "WHERE cards.deck_id = ? ORDER BY cards.position, cards.id")
    for deck_id in in_order:
        cursor = conn.execute(query, (deck_id,))
        while batch := cursor.fetchmany(1000):
            for row in batch:
                card = card_view(row)
                if row[19] is not None:
                    stored.found(card.id, row[19], row[20], row[21])
                yield card


def count_cards(conn: sqlite3.Connection, deck_ids: Iterable[int]) -> tuple[int, int]:
    """How many cards these decks hold, and how many of them are active (not retired)."""
    ids = list(deck_ids)
    total, active = conn.execute(
        f"SELECT count(*), count(*) - count(retired_at) FROM cards WHERE deck_id IN ({', '.join('?' * len(ids))})",
        ids).fetchone()
    return total, active
