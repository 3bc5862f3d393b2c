"""Bring a database file to the newest schema, cheaply when it already is.

Every start calls `ensure_current()`. It reads the stored alembic revision with the
stdlib sqlite3 module, so a current database never pays for importing alembic.
Anything that is not a tcpquiz database, or was written by a newer tcpquiz, is
refused with one sentence and left untouched. Before an existing database is
upgraded, a copy of it is written beside it.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from tcpquiz.errors import NewerDatabaseError, NotADatabaseError, TcpquizError

# Every revision in alembic/versions, oldest first. A test checks this against
# alembic's own script directory, so a new migration cannot be forgotten here.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0005", "0006_anki_html", "0008", "0009_stats_indexes")
HEAD = REVISIONS[-1]

SQLITE_HEADER = b"SQLite format 3\x00"


class DbState(Enum):
    MISSING = "missing"  # no file, or an empty one: create the schema
    CURRENT = "current"
    OUTDATED = "outdated"  # an older tcpquiz's database: upgrade it


@dataclass(frozen=True)
class Inspection:
    state: DbState
    revision: str | None = None


def inspect_database(path: Path) -> Inspection:
    """Classify a database file without changing it."""
    if not path.exists() or path.stat().st_size == 0:
        return Inspection(DbState.MISSING)
    if path.is_dir():
        raise NotADatabaseError(f"{path} is a directory, not a tcpquiz database file.")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise TcpquizError(f"Cannot read the database {path}: {exc.strerror}.") from exc
    if header != SQLITE_HEADER:
        raise NotADatabaseError(f"{path} is not a tcpquiz database; it was left untouched.")
    wal_missing = _wal_missing(path)  # before SQLite opens the file: it may tidy away a stray -shm
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "full" in str(exc) or "disk i/o" in str(exc).lower():
            raise _unreadable(path, exc) from exc
        if "unable to open" not in str(exc) and "readonly" not in str(exc):
            raise _damaged(path, exc, wal_missing) from exc
        # A database in WAL mode needs its directory writable even to be read (for the -shm file).
        raise TcpquizError(
            f"The database {path} cannot be opened: its directory is read-only or not accessible; "
            "check the permissions of the data directory."
        ) from exc
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, exc, wal_missing) from exc
    if revision is None:
        if tables - {"alembic_version"}:
            raise NotADatabaseError(f"{path} is an SQLite file but not a tcpquiz database; it was left untouched.")
        return Inspection(DbState.MISSING)
    if revision == HEAD:
        return Inspection(DbState.CURRENT, revision)
    if revision in REVISIONS:
        return Inspection(DbState.OUTDATED, revision)
    raise NewerDatabaseError(
        f"{path} was written by a newer tcpquiz (schema {revision}); upgrade tcpquiz to use it."
    )


# Below this much free space, SQLite cannot make the -shm file (32 KiB) or grow the -wal.
LOW_DISK_BYTES = 1024 * 1024


def _unreadable(path: Path, exc: Exception) -> TcpquizError:
    """An I/O failure while opening: most often a full disk (WAL mode must make or grow
    its -shm and -wal files even to read), which is not damage to the file."""
    import shutil

    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        free = None
    if "full" in str(exc) or (free is not None and free < LOW_DISK_BYTES):
        return TcpquizError(
            f"The disk holding {path} is full, so the database cannot be opened; it was left untouched: "
            "free some space and try again."
        )
    return TcpquizError(
        f"The database {path} could not be read because of a disk I/O error (a failing disk or a lost "
        "network share); it was left untouched: check the disk and try again."
    )


def _damaged(path: Path, exc: Exception, wal_missing: bool) -> NotADatabaseError:
    if wal_missing:
        return NotADatabaseError(
            f"{path} is damaged ({exc}) and its {path.name}-wal file, which holds the latest changes, is missing; "
            "it was left untouched: if it was copied or moved without that file, copy the file too "
            "(`tcpquiz backup` is the safe way to copy the library), else restore a backup with `tcpquiz restore`."
        )
    return NotADatabaseError(
        f"{path} is damaged ({exc}); it was left untouched, and a backup made with "
        "`tcpquiz backup` can be restored with `tcpquiz restore`."
    )


def _wal_missing(path: Path) -> bool:
    """Whether the file is in WAL mode (header bytes 18 and 19 are 2, per SQLite's file
    format) and its -shm file is there without its -wal file. SQLite removes both when
    the last connection closes cleanly; the -shm alone means the -wal was deleted, or
    not copied with the rest while a tcpquiz was running."""
    try:
        with path.open("rb") as fh:
            header = fh.read(20)
    except OSError:
        return False
    return (header[18:20] == b"\x02\x02" and path.with_name(f"{path.name}-shm").exists()
            and not path.with_name(f"{path.name}-wal").exists())


def copy_before_upgrade(path: Path, revision: str) -> Path:
    return copy_database(path, path.with_name(f"{path.name}.before-{HEAD}-from-{revision}.bak"))


def copy_database(path: Path, target: Path) -> Path:
    """Write a consistent copy of the database (SQLite's backup API, so WAL content is included).

    The copy is made under a temporary name and renamed when complete: a copy that fails
    (a full disk) leaves no empty or partial .bak file that would pass for a good one.
    """
    partial = target.with_name(f"{target.name}.partial")
    try:
        source = sqlite3.connect(path)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
        os.replace(partial, target)
    except BaseException:
        # The copy's own rollback journal goes too: SQLite leaves it when a write fails.
        for leftover in (partial, partial.with_name(f"{partial.name}-journal")):
            leftover.unlink(missing_ok=True)
        raise
    return target


def upgrade(engine) -> None:
    """Run alembic's upgrade to head on an open engine."""
    from alembic.config import Config

    from alembic import command
    from tcpquiz.resources import migrations_dir

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def ensure_current(path: Path, engine) -> Path | None:
    """Make the database current. Returns the path of the pre-upgrade copy, if one was made."""
    inspection = inspect_database(path)
    if inspection.state is DbState.CURRENT:
        return None
    copy = None
    if inspection.state is DbState.OUTDATED:
        copy = copy_before_upgrade(path, inspection.revision or "unknown")
    upgrade(engine)
    return copy
