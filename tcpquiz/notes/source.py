"""Reading notes files from disk: discovery, size and encoding checks, deck identity."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tcpquiz.errors import ImportFailed
from tcpquiz.text import CJK_PUNCTUATION, FULL_WIDTH_FORMS, HAN_RANGES

NOTE_SUFFIXES = (".md", ".markdown")
MAX_NOTE_BYTES = 5 * 1024 * 1024  # larger than any study note; past this, likely not a note


@dataclass(frozen=True)
class NoteFile:
    """A notes file found on disk; `folders` are its parent folders below the imported one."""

    path: Path
    folders: tuple[str, ...] = ()
    max_bytes: int = MAX_NOTE_BYTES


def discover(paths: Iterable[Path], max_bytes: int = MAX_NOTE_BYTES) -> Iterator[NoteFile | ImportFailed]:
    """Yield the notes files named by `paths`, recursing into folders in sorted order.

    A path that does not exist yields an ImportFailed instead of stopping the rest.
    """
    for path in paths:
        if not path.exists():
            yield ImportFailed(f"{path} does not exist.")
        elif path.is_dir():
            found = False
            top = path.resolve().name
            for file in sorted(path.rglob("*")):
                if file.suffix.lower() in NOTE_SUFFIXES and file.is_file():
                    inside = file.relative_to(path).parts
                    if any(part.startswith(".") for part in inside):
                        continue  # .git, .obsidian, .trash ...
                    found = True
                    yield NoteFile(file, (top, *inside[:-1]), max_bytes)
            if not found:
                yield ImportFailed(f"{path} holds no .md or .markdown files.")
        else:
            yield NoteFile(path, max_bytes=max_bytes)


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    warning: str | None = None  # a clause for "<path>: <warning>." when the file is not plain UTF-8


GB18030_WARNING = "it is encoded in GB18030, not UTF-8; it was read as GB18030 (save it as UTF-8 to silence this)"
UTF16_WARNING = "it is encoded in UTF-16, not UTF-8; it was read as UTF-16 (save it as UTF-8 to silence this)"


_CONTROL = bytes(byte for byte in range(0x20) if byte not in b"\t\n\r\f\v\x1b")


def _control_characters(data: bytes) -> int:
    return len(data) - len(data.translate(None, _CONTROL))


# What a Chinese note holds besides ASCII: ideographs, CJK and full-width punctuation, general
# punctuation (“”…—) and Latin-1 (°, ×, non-breaking spaces).
_USUAL = re.compile(f"[{HAN_RANGES}{CJK_PUNCTUATION}{FULL_WIDTH_FORMS}\u2000-\u206f\u00a0-\u00ff]")


def _looks_chinese(text: str) -> bool:
    """GB18030 decodes many byte strings that are not Chinese; real notes are mostly
    ASCII, ideographs and full-width punctuation."""
    chars = [ch for ch in text if not ch.isspace() and not ch.isascii()]
    if not chars:
        return True
    usual = len(_USUAL.findall("".join(chars)))
    return usual >= 0.9 * len(chars)


def decode_note(data: bytes, name: str) -> DecodedText:
    """Decode a notes file: UTF-8 (with or without BOM), else UTF-16 with a BOM, else
    GB18030 (common for notes written on Chinese Windows), the last two with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16", UTF16_WARNING)
        except UnicodeDecodeError as exc:
            raise ImportFailed(f"{name} starts like UTF-16 text but is not valid UTF-16.") from exc
    head = data[:8192]
    if b"\x00" in head or _control_characters(head) > max(8, len(head) // 100):
        raise ImportFailed(f"{name} is a binary file, not a markdown note.")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return DecodedText(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFailed(f"{name} starts with a UTF-8 mark but byte {exc.start + 3} is not valid UTF-8.") from exc
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_chinese(text):
        return DecodedText(text, "gb18030", GB18030_WARNING)
    raise ImportFailed(f"{name} is neither UTF-8 nor GB18030 text; save it as UTF-8 and import it again.")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of `path`, refused unless it is a regular file of at most `max_bytes`.

    The file is opened without blocking and checked through its own descriptor, so a
    fifo (which would wait for a writer forever) or a device such as /dev/zero (which
    never ends) is refused, even one swapped in after a first look.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):
            raise ImportFailed(f"{path} is not a regular file (it is a device, a pipe or a socket), so it was skipped.")
        if info.st_size > max_bytes:
            raise _too_large(path, info.st_size, max_bytes)
        data = file.read(max_bytes + 1)  # the file may grow after the fstat
    if len(data) > max_bytes:
        raise _too_large(path, len(data), max_bytes)
    return data


def _too_large(path: Path, size: int, max_bytes: int) -> ImportFailed:
    return ImportFailed(
        f"{path} is {_megabytes(size)} MB, larger than the {_megabytes(max_bytes)} MB a notes file may be; "
        "split it into smaller notes, or raise the limit with `tcpquiz import --max-size`."
    )


def read_note(path: Path, max_bytes: int = MAX_NOTE_BYTES) -> DecodedText:
    """The text of a notes file, line endings made `\\n`. Raises ImportFailed with a
    one-sentence reason for a missing, unreadable, too large, empty or binary file, and
    for anything but a regular file."""
    try:
        data = _read_regular_file(path, max_bytes)
    except FileNotFoundError as exc:
        raise ImportFailed(f"{path} does not exist.") from exc
    except IsADirectoryError as exc:
        raise ImportFailed(f"{path} is a folder; import the folder itself to import the notes in it.") from exc
    except OSError as exc:
        raise ImportFailed(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if not data.strip():
        raise ImportFailed(f"{path} is empty.")
    decoded = decode_note(data, str(path))
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip().lstrip("\ufeff").strip():
        raise ImportFailed(f"{path} is empty.")
    return DecodedText(text, decoded.encoding, decoded.warning)
