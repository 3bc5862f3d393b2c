"""`tcpquiz cheatsheet`: a printable A4 sheet, PDF or HTML (issue 6).

    content   what the sheet says, in one language, from the engine and the weakest cards
    svg       the state diagram and the sequence diagrams, as SVG
    pdf       the PDF (fpdf2, with an embedded subset of a CJK font)
    html      one self-contained HTML file

The file is written whole or not at all: into a temporary file beside the target, then
moved over it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tcpquiz.errors import OutputError
from tcpquiz.export.cheatsheet.content import Sheet

FORMATS = {".pdf": "pdf", ".html": "html"}


def check_output(path: Path, force: bool) -> str:
    """The format to write `path` in ("pdf" or "html"); raises OutputError if it cannot be written."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise OutputError(f"The cheat sheet is written as PDF or HTML, so {path} must end in .pdf or .html.")
    if not path.parent.is_dir():
        raise OutputError(f"The directory {path.parent} does not exist; create it first or write somewhere else.")
    if path.is_dir():
        raise OutputError(f"{path} is a directory; give the name of a file ending in .{fmt}.")
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; add --force to replace it.")
    return fmt


def render(sheet: Sheet, fmt: str) -> bytes:
    if fmt == "pdf":
        from tcpquiz.export.cheatsheet.pdf import render_pdf

        return render_pdf(sheet)
    from tcpquiz.export.cheatsheet.html import render_html

    return render_html(sheet).encode("utf-8")


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically: a reader sees the old file or the new one, never half."""
    try:
        handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    except OSError as exc:
        raise OutputError(f"Cannot write in {path.parent}: {exc.strerror}.") from exc
    temporary = Path(handle.name)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # a new document, not a private temporary file
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"Cannot write {path}: {exc.strerror}.") from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
