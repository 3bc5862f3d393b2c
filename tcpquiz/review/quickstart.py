"""The review's start, before the heavy stack loads.

Importing SQLAlchemy (and alembic's checks) takes twice as long as Python itself takes to
start, and a review needs none of it to show its first card. So when the database needs
nothing done to it first (current schema, built-in decks loaded), the review reads its
queue through tcpquiz.store.reading on a read-only stdlib connection, and the full
`Store` opens in a background thread while the first card is on screen. The first write
(an answer, an undo) waits for it, so every answer is still one Store transaction.

Nothing here may open the database file other than through SQLite while the reader's
connection is open: closing such a file drops the process's POSIX locks on it, and
another process closing its last connection would then delete the WAL this one writes to.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tcpquiz.store.api import Store
    from tcpquiz.store.reading import QuickReader
    from tcpquiz.store.views import Answer, CardView, DeckRef, Limits


class QuickStartStore:
    """What a review needs of the store: reads from a QuickReader at once, writes through
    the full Store, which `load_in_background()` opens in a thread of its own."""

    def __init__(self, reader: QuickReader, open_store: Callable[[], Store]) -> None:
        self._reader = reader
        self._open_store = open_store
        self._store: Store | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def open(cls, path: Path, open_store: Callable[[], Store]) -> QuickStartStore | None:
        """A quick start for the database at `path`, or None when it needs the full store first."""
        from tcpquiz.app import builtin_deck_files, builtin_fingerprint
        from tcpquiz.store.reading import QuickReader

        reader = QuickReader.open(path, builtin_fingerprint(builtin_deck_files()))
        return None if reader is None else cls(reader, open_store)

    def load_in_background(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._load, name="tcpquiz-store")
            self._thread.start()

    def _load(self) -> None:
        try:
            store = self._open_store()
            # Answers go to the library whose cards the reader showed: a restore in between
            # makes the store refuse them (Store.record_answer checks the generation).
            store.generation = self._reader.generation
            self._store = store
        except BaseException as exc:  # handed to the main thread, which reports it
            self._error = exc

    @property
    def store(self) -> Store:
        """The full store, once it is open (waiting for it if need be)."""
        self.load_in_background()
        assert self._thread is not None
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._store is not None
        return self._store

    def close(self) -> None:
        self._reader.close()
        if self._thread is not None:
            self._thread.join()
        if self._store is not None:
            self._store.close()

    # -- reads: the stdlib reader -------------------------------------------------

    def settings(self) -> dict[str, Any]:
        return self._reader.settings()

    def deck_refs(self) -> list[DeckRef]:
        return self._reader.deck_refs()

    def resolve_decks(self, names: Sequence[str]) -> list[DeckRef]:
        return self._reader.resolve_decks(names)

    def review_queue(self, today: date, deck_ids: Iterable[int], limits: Limits) -> list[CardView]:
        return self._reader.review_queue(today, deck_ids, limits)

    def group_siblings(self, card: CardView) -> list[CardView]:
        return self._reader.group_siblings(card)

    def next_due(self, deck_ids: Iterable[int], after: date) -> date | None:
        return self._reader.next_due(deck_ids, after)

    # -- the rest: the full store ---------------------------------------------------

    def streak(self, today: date) -> int:
        return self.store.streak(today)

    def new_waiting(self, today: date, deck_ids: Iterable[int]) -> tuple[int, int]:
        return self.store.new_waiting(today, deck_ids)

    def record_answer(self, card_id: int, quality: int, *, now: datetime, session_id: str, scheduled: bool,
                      duration_ms: int = 0) -> Answer:
        return self.store.record_answer(card_id, quality, now=now, session_id=session_id, scheduled=scheduled,
                                        duration_ms=duration_ms)

    def undo(self, answer: Answer, *, now: datetime) -> None:
        self.store.undo(answer, now=now)
