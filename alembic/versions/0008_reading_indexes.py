"""Indexes for reading a large library: each deck's cards by state and in note order, and
the answers that make a card weak.

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-02

`stats` counts each deck's active, new, learning and retired cards in one pass over the
cards in deck order: with (deck_id, retired_at) in one index that pass never reads the
cards' rows (their text is most of the database). `cards` lists the cards by deck name
and note order: with (deck_id, position) SQLite reads them in that order instead of
sorting 100,000 cards' text. The cheat sheet's weakest cards are those with answers
graded 3 or below that moved the schedule: a partial index holds just those, a fifth of
the log, so the query never walks the whole log.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006_anki_html"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cards_deck_id_retired_at", "cards", ["deck_id", "retired_at"])
    op.create_index("ix_cards_deck_id_position", "cards", ["deck_id", "position"])
    op.create_index("ix_reviews_weak", "reviews", ["card_id", "scheduled", "quality"],
                    sqlite_where=sa.text("scheduled = 1 AND quality <= 3"))


def downgrade() -> None:
    op.drop_index("ix_reviews_weak", table_name="reviews")
    op.drop_index("ix_cards_deck_id_position", table_name="cards")
    op.drop_index("ix_cards_deck_id_retired_at", table_name="cards")
