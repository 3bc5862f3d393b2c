"""Initial schema: decks, cards, schedules, the review log, reads, goals, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-21

Written with plain SQLAlchemy types, not the live models, so that this revision
keeps creating the same schema however the models change later.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String, nullable=False, unique=True),
        sa.Column("name", sa.String, nullable=False, index=True),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("lang", sa.String(8)),
        sa.Column("builtin", sa.Boolean, nullable=False),
        sa.Column("read_goal", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String, nullable=False, unique=True),
        sa.Column("deck_id", sa.Integer, sa.ForeignKey("decks.id"), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("front", sa.Text, nullable=False),
        sa.Column("back", sa.Text, nullable=False),
        sa.Column("extra", sa.JSON, nullable=False),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("group_key", sa.String, index=True),
        sa.Column("retired_at", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "schedules",
        sa.Column("card_id", sa.Integer, sa.ForeignKey("cards.id"), primary_key=True),
        sa.Column("repetitions", sa.Integer, nullable=False),
        sa.Column("easiness", sa.Float, nullable=False),
        sa.Column("interval", sa.Integer, nullable=False),
        sa.Column("due", sa.Date, nullable=False, index=True),
        sa.Column("last_reviewed_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("card_id", sa.Integer, sa.ForeignKey("cards.id"), nullable=False),
        sa.Column("session_id", sa.String(32), nullable=False),
        sa.Column("reviewed_at", sa.DateTime, nullable=False),
        sa.Column("study_day", sa.Date, nullable=False),
        sa.Column("quality", sa.Integer, nullable=False),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.Column("scheduled", sa.Boolean, nullable=False),
        sa.Column("was_new", sa.Boolean, nullable=False),
        sa.Column("repetitions_before", sa.Integer, nullable=False),
        sa.Column("easiness_before", sa.Float, nullable=False),
        sa.Column("interval_before", sa.Integer, nullable=False),
        sa.Column("due_before", sa.Date),
        sa.Column("repetitions_after", sa.Integer, nullable=False),
        sa.Column("easiness_after", sa.Float, nullable=False),
        sa.Column("interval_after", sa.Integer, nullable=False),
        sa.Column("due_after", sa.Date, nullable=False),
    )
    op.create_index("ix_reviews_card_id_id", "reviews", ["card_id", "id"])
    op.create_index("ix_reviews_study_day", "reviews", ["study_day"])
    op.create_table(
        "review_undos",
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), primary_key=True),
        sa.Column("undone_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "reads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("deck_id", sa.Integer, sa.ForeignKey("decks.id"), nullable=False, index=True),
        sa.Column("read_at", sa.DateTime, nullable=False),
        sa.Column("study_day", sa.Date, nullable=False),
    )
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text", sa.String, nullable=False, unique=True),
        sa.Column("target", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "goal_ticks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("goal_id", sa.Integer, sa.ForeignKey("goals.id"), nullable=False, index=True),
        sa.Column("ticked_at", sa.DateTime, nullable=False),
        sa.Column("study_day", sa.Date, nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("settings", "goal_ticks", "goals", "reads", "review_undos", "reviews",
                  "schedules", "cards", "decks"):
        op.drop_table(table)
