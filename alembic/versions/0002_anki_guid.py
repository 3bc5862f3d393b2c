"""Cards keep their Anki note GUID for life.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

Existing cards get the GUID earlier exports gave them (genanki's guid_for("tcpquiz",
key)), so a collection that imported those exports keeps its notes. The function is
copied here rather than imported, so this revision keeps doing the same thing.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_BASE91 = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
           "!#$%&()*+,-./:;<=>?@[]^_`{|}~")


def _guid(key: str) -> str:
    number = int.from_bytes(hashlib.sha256(f"tcpquiz__{key}".encode()).digest()[:8], "big")
    digits = []
    while number > 0:
        number, digit = divmod(number, len(_BASE91))
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


def upgrade() -> None:
    op.add_column("cards", sa.Column("anki_guid", sa.String))
    connection = op.get_bind()
    rows = connection.exec_driver_sql("SELECT id, key FROM cards").fetchall()
    if rows:
        connection.exec_driver_sql("UPDATE cards SET anki_guid = ? WHERE id = ?",
                                   [(_guid(key), card_id) for card_id, key in rows])
    op.create_index("ix_cards_anki_guid", "cards", ["anki_guid"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_cards_anki_guid", "cards")
    op.drop_column("cards", "anki_guid")
