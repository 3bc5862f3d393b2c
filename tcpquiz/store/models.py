"""SQLAlchemy models. Datetimes are stored as timezone-aware UTC; study days as dates.

The review log (`reviews`) is append-only: an undo appends a row to `review_undos`
instead of deleting the answer, and a card's schedule can be replayed from the log.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """A datetime stored as naive UTC text and always read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("tcpquiz stores timezone-aware datetimes only")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    pass


class Deck(Base):
    __tablename__ = "decks"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String, unique=True)
    name: Mapped[str] = mapped_column(String, index=True)
    source: Mapped[str] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    lang: Mapped[str | None] = mapped_column(String(8))
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    read_goal: Mapped[int] = mapped_column(Integer, default=60)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    cards: Mapped[list[Card]] = relationship(back_populates="deck")


class Card(Base):
    __tablename__ = "cards"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String, unique=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    front: Mapped[str] = mapped_column(Text)
    back: Mapped[str] = mapped_column(Text)
    extra: Mapped[dict] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)  # order within its deck
    group_key: Mapped[str | None] = mapped_column(String, index=True)  # near-duplicates
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    deck: Mapped[Deck] = relationship(back_populates="cards")
    schedule: Mapped[Schedule | None] = relationship(back_populates="card")


class Schedule(Base):
    """A card's SM-2 state. A card without a row here is new."""

    __tablename__ = "schedules"

    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"), primary_key=True)
    repetitions: Mapped[int] = mapped_column(Integer)
    easiness: Mapped[float] = mapped_column(Float)
    interval: Mapped[int] = mapped_column(Integer)
    due: Mapped[date] = mapped_column(Date, index=True)
    last_reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    card: Mapped[Card] = relationship(back_populates="schedule")


class Review(Base):
    """One answer. `scheduled` is False for the extra rounds of a session, which
    do not move the schedule. The state before and after makes undo and replay exact."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"))
    session_id: Mapped[str] = mapped_column(String(32))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    study_day: Mapped[date] = mapped_column(Date)
    quality: Mapped[int] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    scheduled: Mapped[bool] = mapped_column(Boolean)
    was_new: Mapped[bool] = mapped_column(Boolean)
    repetitions_before: Mapped[int] = mapped_column(Integer)
    easiness_before: Mapped[float] = mapped_column(Float)
    interval_before: Mapped[int] = mapped_column(Integer)
    due_before: Mapped[date | None] = mapped_column(Date)
    repetitions_after: Mapped[int] = mapped_column(Integer)
    easiness_after: Mapped[float] = mapped_column(Float)
    interval_after: Mapped[int] = mapped_column(Integer)
    due_after: Mapped[date] = mapped_column(Date)

    __table_args__ = (
        Index("ix_reviews_card_id_id", "card_id", "id"),
        Index("ix_reviews_study_day", "study_day"),
    )


class ReviewUndo(Base):
    """An answer taken back with `u` during review."""

    __tablename__ = "review_undos"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), primary_key=True)
    undone_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Read(Base):
    """One full reading of a deck's note (`tcpquiz read`)."""

    __tablename__ = "reads"

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id"), index=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime)
    study_day: Mapped[date] = mapped_column(Date)


class Goal(Base):
    """A goal of the user's own, such as "listen to the TCP chapter 5 times"."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String, unique=True)
    target: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GoalTick(Base):
    __tablename__ = "goal_ticks"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    ticked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    study_day: Mapped[date] = mapped_column(Date)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
