"""Errors a user can cause. Each message is one sentence meant for the user;
the CLI prints it as `Error: ...` and exits 1, never with a traceback."""

from __future__ import annotations


class TcpquizError(Exception):
    """Base class: something the user can fix. `str(err)` is the message."""


class NotADatabaseError(TcpquizError):
    """The database file is not a tcpquiz database, or is damaged."""


class NewerDatabaseError(TcpquizError):
    """The database was written by a newer tcpquiz than this one."""


class UnknownDeckError(TcpquizError):
    """A deck name that matches no deck."""


class UnknownGoalError(TcpquizError):
    """A goal text that matches no goal."""


class ImportFailed(TcpquizError):
    """A notes file could not be read or parsed."""


class OutputError(TcpquizError):
    """An output file cannot be written where the user asked."""


class InvalidValueError(TcpquizError):
    """An option or setting with a value outside what it accepts."""
