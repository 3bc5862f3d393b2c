"""SQLAlchemy conditions and queries that the store and its statistics share (a module of
their own, so that neither imports the other)."""

from __future__ import annotations

from sqlalchemy import select

from tcpquiz.store import schema as t


def not_undone():
    """The condition for answers that were not undone (stats uses it too)."""
    return t.reviews.c.id.not_in(select(t.review_undos.c.review_id))
