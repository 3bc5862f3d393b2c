"""Errors a user can cause. Each message is one sentence meant for the user;
the CLI prints it as `Error: ...` and exits 1, never with a traceback."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class TcpquizError(Exception):
    """Base class: something the user can fix. `str(err)` is the message.

    `names`: the names (of decks, say) the message lists, joined with ", ", so that a
    translation can join them in its own language's way without splitting text that is the
    learner's (a deck's name may hold a comma)."""

    def __init__(self, *args: object, names: Sequence[str] = ()) -> None:
        super().__init__(*args)
        self.names = tuple(names)


class NotADatabaseError(TcpquizError):
    """The database file is not a tcpquiz database, or is damaged."""


class NewerDatabaseError(TcpquizError):
    """The database was written by a newer tcpquiz than this one."""


class UnknownDeckError(TcpquizError):
    """A deck name that matches no deck."""

    # Up to this many decks, the error lists them all; past it, the few closest to what was
    # typed (a library of notes can hold hundreds, and a list that long hides the answer).
    LIST_ALL_UP_TO = 8
    CLOSEST = 5

    @classmethod
    def no_deck_named(cls, name: str, known: Iterable[str]) -> UnknownDeckError:
        names = sorted(set(known))
        if len(names) <= cls.LIST_ALL_UP_TO:
            listed = ", ".join(names) or "none yet"
            return cls(f"There is no deck named {name!r}; the known decks are: {listed}.", names=names)
        closest = closest_names(name, names, cls.CLOSEST)
        if not closest:
            return cls(f"There is no deck named {name!r} among the {len(names)} decks; `tcpquiz decks` lists them.")
        return cls(f"There is no deck named {name!r}; close names among the {len(names)} decks: "
                   f"{', '.join(closest)} (`tcpquiz decks` lists them all).", names=closest)


def closest_names(typed: str, names: Sequence[str], most: int) -> list[str]:
    """Up to `most` of `names` close to `typed`: those that contain it (`handshake` for
    `TCP::handshake`), then those spelled most like it (difflib's ratio, letter by letter,
    so a Chinese name is compared character by character)."""
    import difflib

    wanted = typed.strip().casefold()
    if not wanted:
        return []
    folded = {name.casefold(): name for name in reversed(names)}
    containing = [name for name in names if wanted in name.casefold()]
    similar = [folded[match] for match in difflib.get_close_matches(wanted, list(folded), n=most, cutoff=0.6)]
    return list(dict.fromkeys(containing + similar))[:most]


class UnknownGoalError(TcpquizError):
    """A goal text that matches no goal."""


class ImportFailed(TcpquizError):
    """A notes file could not be read or parsed."""


class OutputError(TcpquizError):
    """An output file cannot be written where the user asked."""


class NothingToExportError(TcpquizError):
    """The decks chosen for an export hold no active cards."""


class BackupError(TcpquizError):
    """A backup that cannot be restored: damaged, from a newer tcpquiz, or refused."""


class LibraryReplacedError(TcpquizError):
    """The database was restored from a backup under a running command."""


class InvalidValueError(TcpquizError):
    """An option or setting with a value outside what it accepts."""


def database_error_message(exc: BaseException) -> str | None:
    """A sentence for an SQLite failure the user can act on, or None if it is not one.

    Works on sqlite3 errors and on SQLAlchemy's wrappers of them (their `.orig`)
    without importing SQLAlchemy.
    """
    import sqlite3

    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.Error):
        return None
    text = str(orig).lower()
    if "readonly" in text or "read-only" in text:
        return "The database is read-only here; check the permissions of the data directory and its files."
    if "full" in text:
        return "The disk is full, so the last change was not saved; free some space and try again."
    if "disk i/o error" in text:
        return ("The database could not be written (a disk I/O error: the disk may be full or failing), "
                "so the last change was not saved.")
    if "locked" in text or "busy" in text:
        return "The database stayed busy with another tcpquiz for too long; try again in a moment."
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return ("The database file is damaged; it was left as it is, and a backup made with "
                "`tcpquiz backup` can be restored with `tcpquiz restore`.")
    if "unable to open" in text:
        return "The database file cannot be opened; check that its directory exists and is writable."
    return f"The database reported an error: {orig}."
