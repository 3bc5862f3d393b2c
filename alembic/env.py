"""Alembic environment for tcpquiz.

tcpquiz runs migrations itself (tcpquiz.store.migrate) and hands alembic an open
connection through `config.attributes["connection"]`. Running `alembic` by hand
also works: set `sqlalchemy.url` in the config or TCPQUIZ_DB_URL.
"""

from __future__ import annotations

import os

from sqlalchemy import create_engine

from alembic import context
from tcpquiz.store.schema import metadata

config = context.config
target_metadata = metadata


def run_with(connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things, so later migrations copy tables.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("TCPQUIZ_DB_URL")
    if not url:
        raise SystemExit("Set sqlalchemy.url or TCPQUIZ_DB_URL to run alembic by hand.")
    with create_engine(url).connect() as conn:
        run_with(conn)


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
