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

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    Float,
    Integer,
    String,
    Text,
    delete,
    func,
    insert,
    select,
)

from tcpquiz.errors import BackupError
from tcpquiz.store import schema as t
from tcpquiz.store.guids import first_guid
from tcpquiz.wording import plural

FORMAT = "tcpquiz-backup"
FORMAT_VERSION = 2

# Columns a later format added, with the value a backup of an older format means by leaving them
# out: version 2 added deck removal and names the user chose.
ADDED_COLUMNS: dict[tuple[str, str], tuple[int, Any]] = {
    ("decks", "removed_at"): (2, None),
    ("decks", "renamed"): (2, False),
}

# Parents before children: rows are inserted in this order and deleted in reverse.
TABLES = (t.decks, t.cards, t.schedules, t.reviews, t.review_undos, t.reads, t.goals, t.goal_ticks, t.settings)

# JSON columns hold these shapes; anything else would break the code that reads them.
JSON_SHAPES: dict[tuple[str, str], type] = {
    ("decks", "tags"): list,
    ("cards", "extra"): dict,
    ("cards", "tags"): list,
}

# Columns added after format 1 was fixed: a backup without them still restores (no bump of
# FORMAT_VERSION, so an older tcpquiz still reads a newer backup and ignores them).
OPTIONAL_COLUMNS = {("cards", "anki_guid")}

# Settings tcpquiz keeps for itself: not the user's, so not a reason to refuse a restore.
INTERNAL_SETTINGS = ("builtin-fingerprint",  # tcpquiz.app.BUILTIN_FINGERPRINT
                     "anki-sync")  # tcpquiz.export.ankisync.SYNC_SETTING
DEFAULT_READ_GOAL = t.DEFAULT_READ_GOAL  # what a new deck gets: a different goal is the user's choice


@dataclass(frozen=True)
class Backup:
    """A checked backup: rows per table name, as Python values ready to insert."""

    version: int
    rows: dict[str, list[dict[str, Any]]]

    def count(self, table: str) -> int:
        return len(self.rows[table])


# -- writing -------------------------------------------------------------------------


def dump(conn: Connection, *, now: datetime, app_version: str) -> dict[str, Any]:
    """Every row of every table, as JSON-ready values, read in one transaction."""
    data: dict[str, Any] = {"format": FORMAT, "version": FORMAT_VERSION, "tcpquiz": app_version,
                            "created_at": now.isoformat()}
    for table in TABLES:
        query = select(table).order_by(*table.primary_key.columns)
        data[table.name] = [
            {column: _to_json(value) for column, value in row.items()}
            for row in conn.execute(query).mappings()
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
        rows[table.name] = [_check_row(table, index, entry, name, version)
                            for index, entry in enumerate(entries, start=1)]
    return Backup(version, rows)


def _check_row(table: Any, index: int, entry: Any, name: str, version: int = FORMAT_VERSION) -> dict[str, Any]:
    where = f"{name} is damaged: entry {index} of {table.name}"
    if not isinstance(entry, dict):
        raise BackupError(f"{where} is not an object.")
    row = {}
    for column in table.columns:
        added = ADDED_COLUMNS.get((table.name, column.name))
        if column.name not in entry and added is not None and version < added[0]:
            row[column.name] = added[1]
            continue
        if (table.name, column.name) in OPTIONAL_COLUMNS and entry.get(column.name) is None:
            continue
        if column.name not in entry:
            raise BackupError(f"{where} has no {column.name!r}.")
        value = entry[column.name]
        try:
            row[column.name] = _from_json(column, value, table.name)
        except ValueError as exc:
            shown = json.dumps(value, ensure_ascii=False)
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            raise BackupError(f"{where} has a wrong {column.name!r}: {shown} is {exc}.") from None
    if table is t.cards and row.get("anki_guid") is None:
        # A backup from before GUIDs were stored: the GUID its exports gave the card.
        row["anki_guid"] = first_guid(row["key"])
    return row


def _from_json(column: Any, value: Any, table: str) -> Any:
    """The Python value for a column; ValueError("not ...") if the JSON value cannot be one."""
    if value is None:
        if column.nullable and not column.primary_key:
            return None
        raise ValueError("not allowed here")
    kind = column.type
    if isinstance(kind, t.UTCDateTime):
        moment = _parsed(datetime.fromisoformat, value, "not a time")
        if moment.tzinfo is None:
            raise ValueError("a time without its timezone")
        return moment
    if isinstance(kind, Date):
        return _parsed(date.fromisoformat, value, "not a date")
    if isinstance(kind, Boolean):
        return _typed(value, bool, "not true or false")
    if isinstance(kind, Integer):
        return _typed(value, int, "not a whole number")
    if isinstance(kind, Float):
        return float(_typed(value, (int, float), "not a number"))
    if isinstance(kind, (String, Text)):
        return _typed(value, str, "not text")
    if isinstance(kind, JSON):
        shape = JSON_SHAPES.get((table, column.name))
        return value if shape is None else _typed(value, shape, f"not a JSON {'list' if shape is list else 'object'}")
    raise TypeError(f"no rule for column type {kind!r}")  # a new column type: teach this function


def _typed(value: Any, kind: type | tuple[type, ...], reason: str) -> Any:
    # JSON true and false are Python bools, and bool is a kind of int: keep them apart.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ValueError(reason)
    return value


def _parsed(parse: Any, value: Any, reason: str) -> Any:
    try:
        return parse(_typed(value, str, reason))
    except ValueError:
        raise ValueError(reason) from None


# -- restoring ----------------------------------------------------------------------------


def user_data(conn: Connection) -> list[str]:
    """What a restore would lose here, as phrases ("12 answers"); empty if nothing.

    Built-in decks nobody has studied are not counted: tcpquiz loads them again by itself.
    """
    counts = (
        ("answer", select(func.count()).select_from(t.reviews)),
        ("read", select(func.count()).select_from(t.reads)),
        ("goal", select(func.count()).select_from(t.goals)),
        ("imported deck", select(func.count()).select_from(t.decks).where(t.decks.c.builtin.is_(False))),
        ("changed read goal", select(func.count()).select_from(t.decks).where(t.decks.c.read_goal != DEFAULT_READ_GOAL)),
        ("setting", select(func.count()).select_from(t.settings).where(t.settings.c.key.not_in(INTERNAL_SETTINGS))),
    )
    found = []
    for noun, query in counts:
        n = conn.scalar(query) or 0
        if n:
            found.append(plural(n, noun))
    return found


def replace_all(conn: Connection, backup: Backup) -> None:
    """Delete every row and insert the backup's, in the caller's transaction."""
    for table in reversed(TABLES):
        conn.execute(delete(table))
    for table in TABLES:
        rows = backup.rows[table.name]
        if rows:
            conn.execute(insert(table), rows)
