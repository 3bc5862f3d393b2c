"""The Anki fields each card was last exported with, so that an export renders only the
cards that changed.

Revision ID: 0006_anki_html
Revises: 0005
Create Date: 2026-12-02

Rendering every card's markdown as HTML was most of `tcpquiz export anki`'s time. Each
export now stores what it rendered, with a digest of what it was rendered from
(tcpquiz.export.stored); a later export uses a row only while the digest matches. The
table is a cache: backups leave it out, and losing it costs one slower export.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_anki_html"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "anki_html",
        sa.Column("card_id", sa.Integer, sa.ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("digest", sa.String, nullable=False),
        sa.Column("note_type", sa.String, nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("anki_html")
