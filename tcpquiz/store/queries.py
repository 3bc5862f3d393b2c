"""SQLAlchemy conditions and queries that the store and its statistics share (a module of
their own, so that neither imports the other)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from tcpquiz.store import schema as t


def not_undone():
    """The condition for answers that were not undone (stats uses it too)."""
    return t.reviews.c.id.not_in(select(t.review_undos.c.review_id))


def goal_rows(conn: Connection) -> Sequence[Any]:
    """(text, target, ticks, first tick's study day) of every goal, oldest first."""
    goals, ticks = t.goals.c, t.goal_ticks.c
    return conn.execute(
        select(goals.text, goals.target, func.count(ticks.id), func.min(ticks.study_day))
        .outerjoin(t.goal_ticks, ticks.goal_id == goals.id)
        .group_by(goals.id).order_by(goals.id)
    ).all()
