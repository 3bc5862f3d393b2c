"""Keys from the terminal, one at a time, with the terminal always given back.

While a `KeyReader` is open the terminal is in cbreak mode (no echo, no line editing;
Ctrl-C still interrupts) and every byte typed is kept in a buffer: keys typed or pasted
together (" 3") are each answered in turn, and nothing the user typed is ever flushed
(modes change with TCSANOW, never TCSAFLUSH). Leaving the block, however it is left
(an exception, Ctrl-C, SIGTERM or SIGHUP turned into `Terminated`), restores the
terminal's settings as they were. A resize is reported as the key RESIZE, so the
caller can redraw; after a suspend (Ctrl-Z, then `fg`) cbreak mode is set again and
RESIZE asks for a redraw too.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import select
import signal
import sys
import termios
import tty
from collections import deque
from types import FrameType, TracebackType

RESIZE = "<resize>"  # not a key anyone can type: several characters
ESCAPE_WAIT_SECONDS = 0.05  # a lone ESC, or the start of an arrow key's sequence still arriving
_EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while keys were read; the terminal has been restored.
    A BaseException, as KeyboardInterrupt is: no `except Exception` may swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def split_keys(text: str) -> tuple[list[str], str]:
    """The keys in `text`, and what is left when it ends inside an escape sequence.

    A key is one character, or an escape sequence as terminals send for arrow and
    function keys: ESC [ parameters final (CSI) or ESC O final (SS3).
    """
    keys: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char != "\x1b":
            keys.append(char)
            index += 1
            continue
        if index + 1 == len(text):
            return keys, text[index:]  # ESC alone so far: the caller waits a moment
        kind = text[index + 1]
        if kind == "O":
            if index + 2 == len(text):
                return keys, text[index:]
            keys.append(text[index:index + 3])
            index += 3
        elif kind == "[":
            end = index + 2
            while end < len(text) and not "@" <= text[end] <= "~":
                end += 1
            if end == len(text):
                return keys, text[index:]
            keys.append(text[index:end + 1])
            index = end + 1
        else:
            keys.append(char)  # ESC, then another key
            index += 1
    return keys, ""


class KeyReader:
    """Read keys one at a time from the terminal on `fd` (standard input by default)."""

    def __init__(self, fd: int | None = None) -> None:
        self.fd = sys.stdin.fileno() if fd is None else fd
        self._keys: deque[str] = deque()
        self._partial = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._saved: list | None = None  # termios attributes to give back
        self._handlers: dict[int, object] = {}
        self._wake_read, self._wake_write = -1, -1
        self._redraw = False

    def __enter__(self) -> KeyReader:
        self._saved = termios.tcgetattr(self.fd)
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_write, False)
        for signum in _EXIT_SIGNALS:
            self._handlers[signum] = signal.signal(signum, self._terminate)
        self._handlers[signal.SIGWINCH] = signal.signal(signal.SIGWINCH, self._wake)
        self._handlers[signal.SIGCONT] = signal.signal(signal.SIGCONT, self._wake)
        self._cbreak()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.restore()

    def restore(self) -> None:
        """Give the terminal back as it was; safe to call twice."""
        if self._saved is not None:
            with contextlib.suppress(termios.error):  # the terminal is gone (SIGHUP): nothing to restore
                termios.tcsetattr(self.fd, termios.TCSANOW, self._saved)
            self._saved = None
        for signum, handler in self._handlers.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        self._handlers.clear()
        for fd in (self._wake_read, self._wake_write):
            if fd >= 0:
                os.close(fd)
        self._wake_read = self._wake_write = -1

    def _cbreak(self) -> None:
        tty.setcbreak(self.fd, termios.TCSANOW)

    def _terminate(self, signum: int, frame: FrameType | None) -> None:
        raise Terminated(signum)

    def _wake(self, signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGCONT and self._saved is not None:
            self._cbreak()  # the shell set its own modes while we were stopped
        self._redraw = True
        with contextlib.suppress(OSError):  # the pipe is full: a wake-up is already waiting
            os.write(self._wake_write, b"!")

    def read_key(self) -> str:
        """The next key typed (waiting for one), or RESIZE. Raises EOFError when the
        terminal closes."""
        while True:
            if self._keys:
                return self._keys.popleft()
            if self._redraw:
                self._redraw = False
                return RESIZE
            timeout = ESCAPE_WAIT_SECONDS if self._partial else None
            ready, _, _ = select.select([self.fd, self._wake_read], [], [], timeout)
            if self._wake_read in ready:
                os.read(self._wake_read, 64)
            if self.fd in ready:
                data = os.read(self.fd, 1024)
                if not data:
                    raise EOFError
                self._take(self._decoder.decode(data))
            elif not ready and self._partial:  # nothing followed the ESC: it was the key itself
                self._keys.extend(self._partial)
                self._partial = ""

    def _take(self, text: str) -> None:
        keys, self._partial = split_keys(self._partial + text)
        self._keys.extend(keys)
