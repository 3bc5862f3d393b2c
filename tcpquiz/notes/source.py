"""Reading notes files from disk: discovery, size and encoding checks, deck identity."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tcpquiz.errors import ImportFailed

NOTE_SUFFIXES = (".md", ".markdown")
MAX_NOTE_BYTES = 5 * 1024 * 1024  # larger than any study note; past this, likely not a note


@dataclass(frozen=True)
class NoteFile:
    """A notes file found on disk; `folders` are its parent folders below the imported one."""

    path: Path
    folders: tuple[str, ...] = ()


def discover(paths: Iterable[Path]) -> Iterator[NoteFile | ImportFailed]:
    """Yield the notes files named by `paths`, recursing into folders in sorted order.

    A path that does not exist yields an ImportFailed instead of stopping the rest.
    """
    for path in paths:
        if not path.exists():
            yield ImportFailed(f"{path} does not exist.")
        elif path.is_dir():
            found = False
            for file in sorted(path.rglob("*")):
                if file.is_file() and file.suffix.lower() in NOTE_SUFFIXES:
                    if any(part.startswith(".") for part in file.relative_to(path).parts):
                        continue  # .git, .obsidian, .trash ...
                    found = True
                    yield NoteFile(file, (path.resolve().name, *file.relative_to(path).parent.parts))
            if not found:
                yield ImportFailed(f"{path} holds no .md or .markdown files.")
        else:
            yield NoteFile(path)


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    warning: str | None = None


def decode_note(data: bytes, name: str) -> DecodedText:
    """Decode a notes file: UTF-8 (with or without BOM) only, for now."""
    if b"\x00" in data[:8192]:
        raise ImportFailed(f"{name} is a binary file, not a markdown note.")
    if data.startswith(b"\xef\xbb\xbf"):
        return DecodedText(data[3:].decode("utf-8", errors="strict"), "utf-8-sig")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{name} is not UTF-8 text (byte {exc.start} is not valid UTF-8).") from exc


def read_note(path: Path) -> DecodedText:
    try:
        size = path.stat().st_size
        if size > MAX_NOTE_BYTES:
            raise ImportFailed(
                f"{path} is {size // (1024 * 1024)} MB, larger than the {MAX_NOTE_BYTES // (1024 * 1024)} MB "
                "a notes file may be; split it into smaller notes."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"Cannot read {path}: {exc.strerror}.") from exc
    if not data.strip():
        raise ImportFailed(f"{path} is empty.")
    decoded = decode_note(data, str(path))
    return DecodedText(decoded.text.replace("\r\n", "\n").replace("\r", "\n"), decoded.encoding, decoded.warning)
