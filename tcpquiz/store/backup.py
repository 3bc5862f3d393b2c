"""A full backup of the database as JSON, and its restore.

The backup holds every row of every table (decks with their text and read goals, cards
including retired ones, schedules, the whole review log and its undos, reads, goals and
their ticks, settings), with row ids kept so that the rows still point at each other.
Restoring gives back the same database, so the same `tcpquiz stats` and the same due cards.

The format is versioned. Bump FORMAT_VERSION whenever the tables change, and keep
reading the older versions; a backup from a newer version is refused, not guessed at.

Both directions stream, so memory stays flat on a log of a million answers: the backup
is written a row a line as the rows are read, and a restore reads the file a piece at a
time, once, checking every field of a row before inserting it, all in one transaction:
a fault anywhere rolls the whole restore back, so the database is never half restored.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from itertools import islice
from operator import call, itemgetter
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    Float,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    select,
)

from tcpquiz.errors import BackupError, InvalidValueError
from tcpquiz.settings import SETTINGS
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

# Columns a backup may leave out or null within its format: an older tcpquiz did not write
# the card's Anki GUID, which is then the one its exports gave the card (see _check_row).
OPTIONAL_COLUMNS = {("cards", "anki_guid")}

# Parents before children: rows are inserted in this order and deleted in reverse.
TABLES = (t.decks, t.cards, t.schedules, t.reviews, t.review_undos, t.reads, t.goals, t.goal_ticks, t.settings)
TABLE_NAMES = {table.name: table for table in TABLES}
# Not backed up: a cache any export rebuilds (tcpquiz.export.stored), emptied with the cards.
CACHE_TABLES = (t.anki_html,)

# JSON columns hold these shapes; anything else would break the code that reads them.
JSON_SHAPES: dict[tuple[str, str], type] = {
    ("decks", "tags"): list,
    ("cards", "extra"): dict,
    ("cards", "tags"): list,
}

# Settings tcpquiz keeps for itself: not the user's, so not a reason to refuse a restore.
INTERNAL_SETTINGS = ("builtin-fingerprint",  # tcpquiz.app.BUILTIN_FINGERPRINT
                     "anki-sync",  # tcpquiz.export.ankisync.SYNC_SETTING
                     "groups-current")  # tcpquiz.store.sync.GROUPS_CURRENT
DEFAULT_READ_GOAL = t.DEFAULT_READ_GOAL  # what a new deck gets: a different goal is the user's choice


@dataclass(frozen=True)
class BackupInfo:
    """A backup file whose every row has been checked and restored: its format version and rows per table."""

    path: Path
    version: int
    counts: dict[str, int]


# -- writing -------------------------------------------------------------------------


def write(conn: sqlite3.Connection, out: TextIO, *, now: datetime, app_version: str) -> dict[str, int]:
    """Write every row of every table to `out` as JSON, one row a line, reading in batches
    on the caller's connection (inside its read transaction); returns the rows per table.
    Memory stays flat however long the review log grows."""
    header = {"format": FORMAT, "version": FORMAT_VERSION, "tcpquiz": app_version, "created_at": now.isoformat()}
    out.write("{\n" + ",\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in header.items()))
    counts: dict[str, int] = {}
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for table in TABLES:
        names = [column.name for column in table.columns]
        converters = [(i, _STORED_TO_JSON[type(column.type)]) for i, column in enumerate(table.columns)
                      if type(column.type) in _STORED_TO_JSON]
        order = ", ".join(column.name for column in table.primary_key.columns)
        cursor = conn.execute(f"SELECT {', '.join(names)} FROM {table.name} ORDER BY {order}")
        out.write(f",\n{json.dumps(table.name)}: [")
        count = 0
        while batch := cursor.fetchmany(BATCH_ROWS):
            lines = []
            for row in batch:
                values = list(row)
                for i, convert in converters:
                    if values[i] is not None:
                        values[i] = convert(values[i])
                lines.append(dumps(dict(zip(names, values))))
            out.write(("\n" if not count else ",\n") + ",\n".join(lines))
            count += len(batch)
        out.write("\n]" if count else "]")
        counts[table.name] = count
    out.write("\n}\n")
    return counts


def _stored_time_to_json(value: str) -> str:
    """SQLAlchemy's naive-UTC text ("2026-11-18 09:00:00.000000") as an aware ISO time
    ("2026-11-18T09:00:00.000000+00:00"). Text, not datetime objects: a million of those
    would be a third of the backup's time."""
    return value.replace(" ", "T", 1) + "+00:00"


_STORED_TO_JSON: dict[type, Callable[[Any], Any]] = {
    t.UTCDateTime: _stored_time_to_json,
    Boolean: bool,
    JSON: json.loads,
}


# -- reading and checking -----------------------------------------------------------------

# Rows are written and read in batches of this many: few enough to keep memory flat,
# many enough that executemany and fetchmany run at full speed.
BATCH_ROWS = 1000
# SQLite's INTEGER is a signed 64-bit number; a larger one cannot be stored.
MIN_INTEGER, MAX_INTEGER = -(2**63), 2**63 - 1
# A row of a backup is never near this long (a deck's note text is the longest field);
# a parse error further than this from the end of what was read is not a cut-off row.
MAX_ROW_CHARS = 64 * 1024 * 1024
READ_CHARS = 1 << 16


def read_header(path: Path) -> int:
    """The backup format version of a file, once its header shows it is a tcpquiz backup;
    BackupError, in one sentence, if it is not one (the rows are checked as they are restored)."""
    with _open(path) as reader:
        return reader.version


@contextmanager
def _open(path: Path) -> Iterator[_BackupReader]:
    # The file is read while the caller iterates, so a read error can come at any row.
    try:
        with path.open("r", encoding="utf-8") as handle:
            yield _BackupReader(_JsonStream(handle, str(path)), str(path))
    except FileNotFoundError:
        raise BackupError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise BackupError(f"{path} is a directory, not a backup file.") from None
    except UnicodeDecodeError:
        raise BackupError(f"{path} is not a tcpquiz backup: it is not UTF-8 text.") from None
    except OSError as exc:
        raise BackupError(f"Cannot read {path}: {exc.strerror}.") from exc


class _JsonStream:
    """The values of a JSON document read piece by piece: the top-level object's keys and
    scalars, and its lists one element at a time, each element parsed by the json module."""

    def __init__(self, handle: TextIO, name: str) -> None:
        self.handle, self.name = handle, name
        self.text, self.pos, self.line, self.eof = "", 0, 1, False
        self.decode = json.JSONDecoder().raw_decode

    def _more(self, at_least: int = 0) -> bool:
        chunk = self.handle.read(max(at_least, READ_CHARS))
        if not chunk:
            self.eof = True
            return False
        self.line += self.text.count("\n", 0, self.pos)
        self.text = self.text[self.pos:] + chunk
        self.pos = 0
        return True

    def error(self, at: int | None = None) -> BackupError:
        line = self.line + self.text.count("\n", 0, self.pos if at is None else at)
        return BackupError(f"{self.name} is not a tcpquiz backup: it is not valid JSON (line {line}).")

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self._more():
                return ""

    def take(self, char: str) -> None:
        if self.peek() != char:
            raise self.error()
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                # A value longer than what is read is decoded again once it may be whole:
                # reading as much again as is held keeps a long row from being decoded
                # once for every piece of it.
                held = len(self.text) - self.pos
                if self.eof or held > MAX_ROW_CHARS or not self._more(at_least=held):
                    raise self.error(exc.pos) from None
                continue
            # A number or a literal cut off where the text read so far ends may go on.
            if end == len(self.text) and self.text[self.pos] not in '{["' and self._more():
                continue
            self.pos = end
            return value


class _BackupReader:
    """A backup's header, then its tables row by row, each row checked."""

    def __init__(self, stream: _JsonStream, name: str) -> None:
        self.stream, self.name = stream, name
        if stream.peek() != "{":
            stream.value()  # JSON of another shape is not a backup; text that is no JSON says so
            raise self._no_header()
        stream.take("{")
        header: dict[str, Any] = {}
        self.first_key: str | None = None
        while stream.peek() != "}":
            key = stream.value()
            if not isinstance(key, str):
                raise stream.error()
            stream.take(":")
            if key in TABLE_NAMES:
                self.first_key = key
                break
            header[key] = stream.value()
            if not self._comma():
                break
        if header.get("format") != FORMAT:
            raise self._no_header()
        self.version = _check_version(header.get("version"), name)

    def _no_header(self) -> BackupError:
        return BackupError(f"{self.name} is not a tcpquiz backup: it lacks the tcpquiz backup header.")

    def _comma(self) -> bool:
        """Past a `,` (True) or at the `}` or `]` that ends the object or list (False)."""
        if self.stream.peek() == ",":
            self.stream.pos += 1
            return True
        if self.stream.peek() not in "}]" or not self.stream.peek():
            raise self.stream.error()
        return False

    def tables(self) -> Iterator[tuple[Table, Iterator[tuple[Any, ...]]]]:
        stream, seen = self.stream, set()
        key = self.first_key
        while key is not None:
            if key in TABLE_NAMES:
                if key in seen:
                    raise BackupError(f"{self.name} is damaged: it has two lists of {key}.")
                seen.add(key)
                table = TABLE_NAMES[key]
                if stream.peek() != "[":
                    raise BackupError(f"{self.name} is damaged: it has no list of {key}.")
                stream.take("[")
                rows = self._rows(table)
                yield table, rows
                for _rest in rows:  # the caller stopped early: still read past the list
                    pass
            else:
                stream.value()  # a field tcpquiz does not know: left alone
            key = None
            if self._comma():
                key = stream.value()
                if not isinstance(key, str):
                    raise stream.error()
                stream.take(":")
        stream.take("}")
        if stream.peek():
            raise stream.error()
        for table in TABLES:
            if table.name not in seen:
                raise BackupError(f"{self.name} is damaged: it has no list of {table.name}.")

    def _rows(self, table: Table) -> Iterator[tuple[Any, ...]]:
        stream, index = self.stream, 0
        if stream.peek() == "]":
            stream.pos += 1
            return
        while True:
            index += 1
            yield _check_row(table, index, stream.value(), self.name, self.version)
            if not self._comma():
                stream.take("]")
                return


def _check_version(version: Any, name: str) -> int:
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BackupError(f"{name} is damaged: its format version is missing or not a positive whole number.")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"{name} was made by a newer tcpquiz (backup format {version}; this one reads up to "
            f"{FORMAT_VERSION}); upgrade tcpquiz to restore it."
        )
    return version


def _check_row(table: Table, index: int, entry: Any, name: str, version: int = FORMAT_VERSION) -> tuple[Any, ...]:
    """A row's values as SQLite stores them, in column order, once each is checked."""
    take, converters = _row_reader(table.name)
    if table.name in _TABLES_GROWN and isinstance(entry, dict):  # a million answers need no look
        entry = _with_later_columns(table.name, entry, version)
    try:
        values = tuple(map(call, converters, take(entry)))
    except (KeyError, TypeError, ValueError):
        raise _what_is_wrong(table, index, entry, name) from None
    if table is t.settings:
        _check_setting(values[0], values[1], f"{name} is damaged: entry {index} of {table.name}")
    if table is t.cards and values[_GUID] is None:
        # A backup from before GUIDs were stored: the GUID its exports gave the card.
        values = (*values[:_GUID], first_guid(values[_KEY]), *values[_GUID + 1:])
    return values


_GUID = [column.name for column in t.cards.columns].index("anki_guid")
_KEY = [column.name for column in t.cards.columns].index("key")


_TABLES_GROWN = {table for table, _column in (*ADDED_COLUMNS, *OPTIONAL_COLUMNS)}


def _with_later_columns(table_name: str, entry: dict[str, Any], version: int) -> dict[str, Any]:
    """The row with the columns its format did not have yet, as that format means them."""
    missing = {column: default for (table, column), (added, default) in ADDED_COLUMNS.items()
               if table == table_name and version < added and column not in entry}
    missing.update({column: None for table, column in OPTIONAL_COLUMNS
                    if table == table_name and column not in entry})
    return {**entry, **missing} if missing else entry


def _what_is_wrong(table: Table, index: int, entry: Any, name: str) -> BackupError:
    """The sentence for a row that failed its check: the first field at fault, and why."""
    where = f"{name} is damaged: entry {index} of {table.name}"
    if not isinstance(entry, dict):
        return BackupError(f"{where} is not an object.")
    for column, convert in zip(table.columns, _row_reader(table.name)[1]):
        if column.name not in entry:
            return BackupError(f"{where} has no {column.name!r}.")
        value = entry[column.name]
        try:
            convert(value)
        except ValueError as exc:
            shown = json.dumps(value, ensure_ascii=False)
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            return BackupError(f"{where} has a wrong {column.name!r}: {shown} is {exc}.")
    raise AssertionError("a row that failed its check passed every field")


@cache
def _row_reader(table_name: str) -> tuple[Callable[[Any], tuple[Any, ...]], tuple[Callable[[Any], Any], ...]]:
    """How to take a table's fields from a row (in column order) and the converter of each,
    chosen once per table: a restore converts some twenty million values, so the per-row
    work runs in C (itemgetter, map) apart from the converters themselves."""
    columns = list(TABLE_NAMES[table_name].columns)
    names = [column.name for column in columns]
    take = itemgetter(*names) if len(names) > 1 else (lambda entry: (entry[names[0]],))
    return take, tuple(_converter(column, table_name) for column in columns)


def _converter(column: Any, table: str) -> Callable[[Any], Any]:
    """The function giving the value SQLite stores for a column (as SQLAlchemy would write
    it) from a JSON value; it raises ValueError("not ...") if the value cannot be one."""
    convert = _KINDS.get(type(column.type))
    if convert is None:
        raise TypeError(f"no rule for column type {column.type!r}")  # a new column type: teach this function
    if isinstance(column.type, JSON):
        shape = JSON_SHAPES.get((table, column.name))
        if shape is not None:
            convert = _json_of(shape)
    if not column.nullable or column.primary_key:
        return convert
    return lambda value: None if value is None else convert(value)


def _required(value: Any) -> None:
    if value is None:
        raise ValueError("not allowed here")


def _time(value: Any) -> str:
    _required(value)
    moment = _parsed(datetime.fromisoformat, value, "not a time")
    if moment.tzinfo is None:
        raise ValueError("a time without its timezone")
    if len(value) == 32 and value[19] == "." and value.endswith("+00:00"):  # as `backup` writes it
        return f"{value[:10]} {value[11:26]}"
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _date(value: Any) -> str:
    _required(value)
    day = _parsed(date.fromisoformat, value, "not a date")
    return value if len(value) == 10 else day.isoformat()


def _boolean(value: Any) -> int:
    # JSON true and false are Python bools, and bool is a kind of int: keep them apart.
    if value is True or value is False:
        return int(value)
    _required(value)
    raise ValueError("not true or false")


def _integer(value: Any) -> int:
    if type(value) is not int:
        _required(value)
        raise ValueError("not a whole number")
    if not MIN_INTEGER <= value <= MAX_INTEGER:
        raise ValueError("too large a whole number to store")
    return value


def _float(value: Any) -> float:
    if type(value) is not float and type(value) is not int:
        _required(value)
        raise ValueError("not a number")
    return float(value)


def _text(value: Any) -> str:
    if type(value) is not str:
        _required(value)
        raise ValueError("not text")
    return value


def _json(value: Any) -> str:
    _required(value)
    return json.dumps(value)


def _json_of(shape: type) -> Callable[[Any], str]:
    reason = f"not a JSON {'list' if shape is list else 'object'}"

    def convert(value: Any) -> str:
        if type(value) is not shape:
            _required(value)
            raise ValueError(reason)
        return json.dumps(value)

    return convert


_KINDS: dict[type, Callable[[Any], Any]] = {
    t.UTCDateTime: _time, Date: _date, Boolean: _boolean, Integer: _integer, Float: _float,
    String: _text, Text: _text, JSON: _json,
}


def _check_setting(key: str, text: str, where: str) -> None:
    """A setting's value is JSON text, and a setting tcpquiz knows holds what `tcpquiz
    config` would have accepted (the review reads them without asking again)."""
    try:
        value = json.loads(text)
    except ValueError:
        raise BackupError(f"{where} has a wrong 'value': it is not JSON text.") from None
    known = SETTINGS.get(key)
    if known is None:
        return
    default = known.default()
    expected: tuple[type, ...] = (int, float) if isinstance(default, float) else (type(default),)
    try:
        if not isinstance(value, expected) or isinstance(value, bool):
            raise InvalidValueError(f"{json.dumps(value, ensure_ascii=False)[:40]} is not a {_kind_name(default)}.")
        if known.parse(str(value)) != value:
            raise InvalidValueError(f"{value!r} is not how tcpquiz writes it.")
    except InvalidValueError as exc:
        raise BackupError(f"{where} has a wrong value for the setting {key!r}: {str(exc).rstrip('.')}.") from None


def _kind_name(default: Any) -> str:
    return "number" if isinstance(default, float) else "whole number" if isinstance(default, int) else "text"


def _parsed(parse: Any, value: Any, reason: str) -> Any:
    if type(value) is not str:
        raise ValueError(reason)
    try:
        return parse(value)
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


def replace_all(conn: Connection, path: Path) -> BackupInfo:
    """Delete every row and insert the backup's, in the caller's transaction, a batch at
    a time straight to the driver, checking every row as it is read (one pass over the
    file: a BackupError or a row that does not fit the others, such as a dangling id or a
    repeated key, fails the transaction, so nothing is changed). Returns what was restored."""
    for table in reversed(TABLES):
        conn.execute(delete(table))
    # Rows pointing at rows not there are found at COMMIT, once the whole file has been read
    # and checked: a file that lacks a table says so, rather than which row broke a key.
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    driver = conn.connection.dbapi_connection
    assert driver is not None
    cursor = driver.cursor()
    counts = {table.name: 0 for table in TABLES}
    with _open(path) as reader:
        for table, rows in reader.tables():
            names = [column.name for column in table.columns]
            statement = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            while batch := list(islice(rows, BATCH_ROWS)):
                cursor.executemany(statement, batch)
                counts[table.name] += len(batch)
        return BackupInfo(path, reader.version, counts)
