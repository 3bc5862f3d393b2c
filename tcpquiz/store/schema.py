"""The database schema, as SQLAlchemy Core tables.

The store queries these tables directly rather than through ORM classes: the
daily review starts by reading a few rows, and declaring and configuring ORM
mappers cost more than the rest of that work together. Datetimes are
stored as timezone-aware UTC; study days as dates.

The review log (`reviews`) is append-only: an undo appends a row to `review_undos`
instead of deleting the answer, and a card's schedule can be replayed from the log.
The migrations in alembic/versions create exactly this schema (a test compares them).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    text,
)

DEFAULT_READ_GOAL = 60  # the notes' own target: read them 60 times


class UTCDateTime(TypeDecorator[datetime]):
    """A datetime stored as naive UTC text and always read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("tcpquiz stores timezone-aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


metadata = MetaData()

decks = Table(
    "decks", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String, nullable=False, unique=True),
    Column("name", String, nullable=False, index=True, unique=True),  # every command finds a deck by it
    Column("source", String, nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("tags", JSON, nullable=False, default=list),
    Column("lang", String(8)),
    Column("builtin", Boolean, nullable=False, default=False),
    Column("read_goal", Integer, nullable=False, default=DEFAULT_READ_GOAL),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # `tcpquiz decks remove`: when, so that restoring un-retires exactly the cards it retired.
    Column("removed_at", UTCDateTime),
    Column("renamed", Boolean, nullable=False, default=False, server_default="0"),  # a re-import keeps the name
)

cards = Table(
    "cards", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String, nullable=False, unique=True),
    Column("deck_id", Integer, ForeignKey("decks.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("front", Text, nullable=False),
    Column("back", Text, nullable=False),
    Column("extra", JSON, nullable=False, default=dict),
    Column("source", String, nullable=False),
    Column("tags", JSON, nullable=False, default=list),
    Column("position", Integer, nullable=False, default=0),  # order within its deck
    Column("group_key", String, index=True),  # near-duplicates across decks
    Column("retired_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # The Anki note's GUID, fixed when the card is first stored (tcpquiz.store.guids).
    Column("anki_guid", String, unique=True, index=True),
    # Covers `stats`' count of each deck's cards by state (tcpquiz.store.stats).
    Index("ix_cards_deck_id_retired_at", "deck_id", "retired_at"),
    # A deck's cards in note order: `cards` lists them without sorting (tcpquiz.store.reading).
    Index("ix_cards_deck_id_position", "deck_id", "position"),
    # A card's deck and state by its key, without its row: `stats`' forecast (tcpquiz.store.stats).
    Index("ix_cards_id_deck_id_retired_at", "id", "deck_id", "retired_at"),
)

# A card's SM-2 state. A card without a row here is new.
schedules = Table(
    "schedules", metadata,
    Column("card_id", Integer, ForeignKey("cards.id"), primary_key=True),
    Column("repetitions", Integer, nullable=False),
    Column("easiness", Float, nullable=False),
    Column("interval", Integer, nullable=False),
    Column("due", Date, nullable=False, index=True),
    Column("last_reviewed_at", UTCDateTime, nullable=False),
)

# One answer. `scheduled` is False for the extra rounds of a session, which do not move
# the schedule. The state before and after makes undo and replay exact.
reviews = Table(
    "reviews", metadata,
    Column("id", Integer, primary_key=True),
    Column("card_id", Integer, ForeignKey("cards.id"), nullable=False),
    Column("session_id", String(32), nullable=False),
    Column("reviewed_at", UTCDateTime, nullable=False),
    Column("study_day", Date, nullable=False),
    Column("quality", Integer, nullable=False),
    Column("duration_ms", Integer, nullable=False, default=0),
    Column("scheduled", Boolean, nullable=False),
    Column("was_new", Boolean, nullable=False),
    Column("repetitions_before", Integer, nullable=False),
    Column("easiness_before", Float, nullable=False),
    Column("interval_before", Integer, nullable=False),
    Column("due_before", Date),
    Column("repetitions_after", Integer, nullable=False),
    Column("easiness_after", Float, nullable=False),
    Column("interval_after", Integer, nullable=False),
    Column("due_after", Date, nullable=False),
    Index("ix_reviews_card_id_id", "card_id", "id"),
    # The answers of a study day; with what `stats` counts of them, so that it never reads the rows.
    Index("ix_reviews_study_day_scheduled_quality", "study_day", "scheduled", "quality"),
    # Covers the weakest-cards query (Store.weakest_cards): per card, its answers and lapses.
    Index("ix_reviews_card_id_scheduled_quality", "card_id", "scheduled", "quality"),
    # Only the answers that make a card weak (graded 3 or below, moving the schedule): the
    # weakest-cards query reads these alone, a fifth of the log (tcpquiz.store.reading).
    Index("ix_reviews_weak", "card_id", "scheduled", "quality",
          sqlite_where=text("scheduled = 1 AND quality <= 3")),
)

# An answer taken back with `u` during review.
review_undos = Table(
    "review_undos", metadata,
    Column("review_id", Integer, ForeignKey("reviews.id"), primary_key=True),
    Column("undone_at", UTCDateTime, nullable=False),
)

# One full reading of a deck's note (`tcpquiz read`).
reads = Table(
    "reads", metadata,
    Column("id", Integer, primary_key=True),
    Column("deck_id", Integer, ForeignKey("decks.id"), nullable=False, index=True),
    Column("read_at", UTCDateTime, nullable=False),
    Column("study_day", Date, nullable=False),
)

# A goal of the user's own, such as "listen to the TCP chapter 5 times".
goals = Table(
    "goals", metadata,
    Column("id", Integer, primary_key=True),
    Column("text", String, nullable=False, unique=True),
    Column("target", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

goal_ticks = Table(
    "goal_ticks", metadata,
    Column("id", Integer, primary_key=True),
    Column("goal_id", Integer, ForeignKey("goals.id"), nullable=False, index=True),
    Column("ticked_at", UTCDateTime, nullable=False),
    Column("study_day", Date, nullable=False),
)

settings = Table(
    "settings", metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),  # JSON
)

# The Anki fields a card was last exported with and a digest of what they were rendered
# from (tcpquiz.export.stored): a cache, which backups leave out.
anki_html = Table(
    "anki_html", metadata,
    Column("card_id", Integer, ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True),
    Column("digest", String, nullable=False),
    Column("note_type", String, nullable=False),
    Column("fields", Text, nullable=False),
)
