"""Which local files an export may carry as media: the one check every media path passes.

A note is untrusted, and an exported deck is made to be shared: an image link to
`/etc/passwd`, `~/.ssh/id_ed25519` or `../../.bash_history` must not pack that file.
A file is carried only when, with every symlink resolved, it lies inside the notes'
own folder tree, is a regular file no larger than MAX_MEDIA_BYTES, and its first bytes
say it is an image or a sound (its name may say anything).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_MEDIA_BYTES = 20 * 1024 * 1024  # a large photo or a few minutes of audio; past this, not card media

# Magic numbers of the image and audio formats Anki shows or plays (from each format's
# specification): (offset, bytes).
_SIGNATURES: tuple[tuple[int, bytes], ...] = (
    (0, b"\x89PNG\r\n\x1a\n"),
    (0, b"\xff\xd8\xff"),  # JPEG
    (0, b"GIF87a"), (0, b"GIF89a"),
    (0, b"BM"),  # BMP
    (0, b"II*\x00"), (0, b"MM\x00*"),  # TIFF
    (0, b"\x00\x00\x01\x00"),  # ICO
    (4, b"ftypavif"), (4, b"ftypheic"), (4, b"ftypmif1"),  # AVIF, HEIC
    (4, b"ftypM4A "),  # AAC audio in MP4
    (0, b"ID3"), (0, b"\xff\xfb"), (0, b"\xff\xf3"), (0, b"\xff\xf2"),  # MP3
    (0, b"OggS"), (0, b"fLaC"),
    (0, b"\x1a\x45\xdf\xa3"),  # WebM/Matroska
)
_RIFF_KINDS = (b"WEBP", b"WAVE")  # "RIFF", a length, then the kind: WebP images, WAV sound
_HEAD_BYTES = 1024


@dataclass(frozen=True)
class MediaCheck:
    """The outcome for one path: `path` (resolved) when it may be carried, else `reason`,
    a clause for "<file> was left out: <reason>"."""

    path: Path | None
    reason: str = ""


def looks_like_media(head: bytes) -> bool:
    """Whether a file's first bytes are those of an image or a sound."""
    if any(head.startswith(magic, offset) for offset, magic in _SIGNATURES):
        return True
    if head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS:
        return True
    # SVG is text: an <svg> element near the start (after an XML declaration or comments).
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith((b"<svg", b"<?xml", b"<!--")) and b"<svg" in head


def check_media(path: Path, root: Path | None, max_bytes: int = MAX_MEDIA_BYTES) -> MediaCheck:
    """May the file at `path` be packed as media, given the notes' folder `root`?"""
    if root is None:
        return MediaCheck(None, "its note's folder is not known, so no local file may be packed")
    try:
        real = path.expanduser().resolve(strict=True)
        inside = real.is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError, ValueError):  # missing, a symlink loop, a bad name
        return MediaCheck(None, "it was not found")
    if not inside:
        return MediaCheck(None, f"it is outside the notes' folder {root}, and only files inside it are packed")
    try:
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return MediaCheck(None, "it is not a regular file")
            if info.st_size > max_bytes:
                return MediaCheck(None, f"it is larger than the {max_bytes // (1024 * 1024)} MB a media file may be")
            head = file.read(_HEAD_BYTES)
    except OSError as exc:
        return MediaCheck(None, f"it cannot be read ({exc.strerror or exc})")
    if not looks_like_media(head):
        return MediaCheck(None, "it is not an image or a sound file by its content")
    return MediaCheck(real)
