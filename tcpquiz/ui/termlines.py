"""Errors and warnings laid out for the terminal they are printed on.

A terminal wraps a long line at its last column, wherever that falls: in the middle of a
deck's name ("TCP three-wa|y handshake"). So a message printed to a terminal is wrapped
here first, at spaces and, in Chinese, between characters (tcpquiz.text.wrap), at the
terminal's width. Printed to a file or a pipe it stays one line, as scripts expect.
Stdlib only: the review's quick start prints its errors through this.
"""

from __future__ import annotations

import os
import re
from typing import TextIO


def terminal_columns(stream: TextIO) -> int | None:
    """The width of the terminal `stream` writes to, or None when it is not a terminal.
    COLUMNS, when set, wins, as it does for rich and click."""
    try:
        if not stream.isatty():
            return None
        fileno = stream.fileno()
    except (AttributeError, OSError, ValueError):  # closed, or a stand-in with no file descriptor
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        size = os.get_terminal_size(fileno).columns
    except OSError:
        return None
    return size or None  # a pseudo-terminal nobody sized says 0


def fit_to_terminal(message: str, stream: TextIO) -> str:
    """`message` as it should be printed on `stream`: each of its lines wrapped at the
    terminal's width when `stream` is a terminal, unchanged otherwise."""
    width = terminal_columns(stream)
    if width is None or all(len(line) <= width // 2 for line in message.splitlines()):
        return message  # no line is that wide, even in double-width characters
    from tcpquiz.text import display_width, wrap

    def wrapped(line: str) -> str:
        if _KEEP in line:  # the stand-in is the message's own: nothing is kept together
            return "\n".join(wrap(line, width))
        # A command to type (`tcpquiz decks`) is kept on one line where it fits half of one.
        kept = _COMMAND.sub(lambda found: found.group(0).replace(" ", _KEEP)
                            if display_width(found.group(0)) <= width // 2 else found.group(0), line)
        return "\n".join(wrap(kept, width)).replace(_KEEP, " ")

    # A line that fits is left as it is (its indent, its spacing).
    return "\n".join(line if display_width(line) <= width else wrapped(line) for line in message.split("\n"))


_COMMAND = re.compile(r"`[^`\n]+`")
_KEEP = "\ue000"  # a private-use character standing in for a space no line may break at
