"""Decks: unique names, removal that can be undone, names the user chose.

Revision ID: 0005
Revises: 0001
Create Date: 2026-12-02

Two notes with the same title used to make two decks of the same name, which no
command could then tell apart. Later duplicates are renamed after their file, and the
name index becomes unique. `removed_at` marks a deck removed with `tcpquiz decks
remove` (its cards retired at that moment, so restoring brings back exactly those);
`renamed` keeps a name given with `tcpquiz decks rename` across re-imports.
"""

from __future__ import annotations

import posixpath

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def _unique_names(conn: sa.Connection) -> None:
    rows = conn.execute(sa.text("SELECT id, name, source FROM decks ORDER BY id")).all()
    taken: set[str] = set()
    for deck_id, name, source in rows:
        wanted = name
        if wanted.casefold() in taken:
            stem = posixpath.splitext(posixpath.basename(source.replace("\\", "/")))[0] or str(deck_id)
            wanted = f"{name} ({stem})"
            if wanted.casefold() in taken:
                wanted = f"{name} ({deck_id})"
            conn.execute(sa.text("UPDATE decks SET name = :name WHERE id = :id"), {"name": wanted, "id": deck_id})
        taken.add(wanted.casefold())


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: SQLite need not copy the decks table that cards point at.
    _unique_names(op.get_bind())
    op.add_column("decks", sa.Column("removed_at", sa.DateTime, nullable=True))
    op.add_column("decks", sa.Column("renamed", sa.Boolean, nullable=False, server_default=sa.text("0")))
    op.drop_index("ix_decks_name", table_name="decks")
    op.create_index("ix_decks_name", "decks", ["name"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_decks_name", table_name="decks")
    op.create_index("ix_decks_name", "decks", ["name"], unique=False)
    with op.batch_alter_table("decks") as batch:
        batch.drop_column("renamed")
        batch.drop_column("removed_at")
