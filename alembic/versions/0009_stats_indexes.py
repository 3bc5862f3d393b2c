"""Indexes that let `stats` count without reading rows: the answers of each study day with
whether they moved a schedule and their grade, and each card's deck and state by its key.

Revision ID: 0009_stats_indexes
Revises: 0008
Create Date: 2026-12-02

`stats` counts the answers of the heatmap's twelve weeks by day and the last thirty days'
scheduled answers by grade (retention). With (study_day, scheduled, quality) in one
index, both read the index alone, never the log's rows; it replaces the index on
study_day alone, which it serves as well. The forecast finds the schedules due in the
next seven days through the due index, then each card's deck and whether it is retired:
(id, deck_id, retired_at) gives both without reading the card's row, whose text is most
of the database.
"""

from __future__ import annotations

from alembic import op

revision = "0009_stats_indexes"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_reviews_study_day_scheduled_quality", "reviews", ["study_day", "scheduled", "quality"])
    op.drop_index("ix_reviews_study_day", table_name="reviews")
    op.create_index("ix_cards_id_deck_id_retired_at", "cards", ["id", "deck_id", "retired_at"])


def downgrade() -> None:
    op.drop_index("ix_cards_id_deck_id_retired_at", table_name="cards")
    op.create_index("ix_reviews_study_day", "reviews", ["study_day"])
    op.drop_index("ix_reviews_study_day_scheduled_quality", table_name="reviews")
