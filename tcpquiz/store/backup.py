"""A full backup of the database as JSON, and its restore (issue 5).

The backup holds every row of every table (decks with their text and read goals, cards
including retired ones, schedules, the whole review log and its undos, reads, goals and
their ticks, settings), with row ids kept so that the rows still point at each other.
Restoring gives back the same database, so the same `tcpquiz stats` and the same due cards.

The format is versioned. Bump FORMAT_VERSION whenever the tables change, and keep
reading the older versions; a backup from a newer version is refused, not guessed at.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, Integer, String, Text, delete, func, insert, select
from sqlalchemy.orm import Session

from tcpquiz.errors import BackupError
from tcpquiz.store import models as m

FORMAT = "tcpquiz-backup"
FORMAT_VERSION = 1

# Parents before children: rows are inserted in this order and deleted in reverse.
MODELS = (m.Deck, m.Card, m.Schedule, m.Review, m.ReviewUndo, m.Read, m.Goal, m.GoalTick, m.Setting)
TABLES = tuple(model.__table__ for model in MODELS)

# JSON columns hold these shapes; anything else would break the code that reads them.
JSON_SHAPES: dict[tuple[str, str], type] = {
    ("decks", "tags"): list,
    ("cards", "extra"): dict,
    ("cards", "tags"): list,
}

# Settings tcpquiz keeps for itself: not the user's, so not a reason to refuse a restore.
INTERNAL_SETTINGS = ("builtin-fingerprint",)
DEFAULT_READ_GOAL = 60


@dataclass(frozen=True)
class Backup:
    """A checked backup: rows per table name, as Python values ready to insert."""

    version: int
    rows: dict[str, list[dict[str, Any]]]

    def count(self, table: str) -> int:
        return len(self.rows[table])


# -- writing -------------------------------------------------------------------------


def dump(session: Session, *, now: datetime, app_version: str) -> dict[str, Any]:
    """Every row of every table, as JSON-ready values, read in one transaction."""
    data: dict[str, Any] = {"format": FORMAT, "version": FORMAT_VERSION, "tcpquiz": app_version,
                            "created_at": now.isoformat()}
    for table in TABLES:
        query = select(table).order_by(*table.primary_key.columns)
        data[table.name] = [
            {column: _to_json(value) for column, value in row.items()}
            for row in session.execute(query).mappings()
        ]
    return data


def _to_json(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


# -- reading and checking -----------------------------------------------------------------


def read_backup(path: Path) -> Backup:
    """Read and check a backup file; BackupError, in one sentence, for anything wrong with it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BackupError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise BackupError(f"{path} is a directory, not a backup file.") from None
    except UnicodeDecodeError:
        raise BackupError(f"{path} is not a tcpquiz backup: it is not UTF-8 text.") from None
    except OSError as exc:
        raise BackupError(f"Cannot read {path}: {exc.strerror}.") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BackupError(f"{path} is not a tcpquiz backup: it is not valid JSON (line {exc.lineno}).") from None
    return check(data, str(path))


def check(data: Any, name: str) -> Backup:
    """Check a parsed backup's shape and turn its values into Python values."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{name} is not a tcpquiz backup: it lacks the tcpquiz backup header.")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BackupError(f"{name} is damaged: its format version is missing or not a positive whole number.")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"{name} was made by a newer tcpquiz (backup format {version}; this one reads up to "
            f"{FORMAT_VERSION}); upgrade tcpquiz to restore it."
        )
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        entries = data.get(table.name)
        if not isinstance(entries, list):
            raise BackupError(f"{name} is damaged: it has no list of {table.name}.")
        rows[table.name] = [_check_row(table, index, entry, name) for index, entry in enumerate(entries, start=1)]
    return Backup(version, rows)


def _check_row(table: Any, index: int, entry: Any, name: str) -> dict[str, Any]:
    where = f"{name} is damaged: entry {index} of {table.name}"
    if not isinstance(entry, dict):
        raise BackupError(f"{where} is not an object.")
    row = {}
    for column in table.columns:
        if column.name not in entry:
            raise BackupError(f"{where} has no {column.name!r}.")
        try:
            row[column.name] = _from_json(column, entry[column.name], table.name)
        except (TypeError, ValueError):
            raise BackupError(f"{where} has a wrong {column.name!r}: {entry[column.name]!r}.") from None
    return row


def _from_json(column: Any, value: Any, table: str) -> Any:
    """The Python value for a column, or TypeError/ValueError if the JSON value cannot be one."""
    if value is None:
        if column.nullable and not column.primary_key:
            return None
        raise ValueError("a value is required")
    kind = column.type
    if isinstance(kind, m.UTCDateTime):
        moment = datetime.fromisoformat(_text(value))
        if moment.tzinfo is None:
            raise ValueError("a time without its timezone")
        return moment
    if isinstance(kind, Date):
        return date.fromisoformat(_text(value))
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise TypeError("not true or false")
        return value
    if isinstance(kind, Integer):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("not a whole number")
        return value
    if isinstance(kind, Float):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise TypeError("not a number")
        return float(value)
    if isinstance(kind, (String, Text)):
        return _text(value)
    if isinstance(kind, JSON):
        shape = JSON_SHAPES.get((table, column.name))
        if shape is not None and not isinstance(value, shape):
            raise TypeError(f"not a {shape.__name__}")
        return value
    raise TypeError(f"no rule for column type {kind!r}")  # a new column type: teach this function


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


# -- restoring ----------------------------------------------------------------------------


def user_data(session: Session) -> list[str]:
    """What a restore would lose here, as phrases ("12 answers"); empty if nothing.

    Built-in decks nobody has studied are not counted: tcpquiz loads them again by itself.
    """
    def count(query: Any) -> int:
        return session.scalar(query) or 0

    found = []
    checks = (
        ("answer", select(func.count()).select_from(m.Review)),
        ("read", select(func.count()).select_from(m.Read)),
        ("goal", select(func.count()).select_from(m.Goal)),
        ("imported deck", select(func.count()).select_from(m.Deck).where(m.Deck.builtin.is_(False))),
        ("changed read goal", select(func.count()).select_from(m.Deck).where(m.Deck.read_goal != DEFAULT_READ_GOAL)),
        ("setting", select(func.count()).select_from(m.Setting).where(m.Setting.key.not_in(INTERNAL_SETTINGS))),
    )
    for noun, query in checks:
        n = count(query)
        if n:
            found.append(f"{n} {noun}{'s' if n != 1 else ''}")
    return found


def replace_all(session: Session, backup: Backup) -> None:
    """Delete every row and insert the backup's, in the caller's transaction."""
    for table in reversed(TABLES):
        session.execute(delete(table))
    for table in TABLES:
        rows = backup.rows[table.name]
        if rows:
            session.execute(insert(table), rows)
