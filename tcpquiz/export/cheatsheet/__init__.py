"""`tcpquiz cheatsheet`: a printable A4 sheet, PDF or HTML, to study from away from the terminal.

    content   what the sheet says, in one language, from the engine and the weakest cards
    svg       the state diagram and the sequence diagrams, as SVG
    pdf       the PDF (fpdf2, with an embedded subset of a CJK font)
    html      one self-contained HTML file

The file is written whole or not at all, by `tcpquiz.export.files.atomic_output`.
"""

from __future__ import annotations

from pathlib import Path

from tcpquiz.errors import OutputError
from tcpquiz.export.cheatsheet.content import Sheet
from tcpquiz.export.files import atomic_output, check_output

FORMATS = {".pdf": "pdf", ".html": "html"}


def output_format(path: Path, *, force: bool) -> str:
    """"pdf" or "html", from the file name; raises OutputError when `path` has neither
    extension or cannot be written (see `files.check_output`). Cheap: call it first."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise OutputError(f"The cheat sheet is written as PDF or HTML, so {path} must end in .pdf or .html.")
    check_output(path, force=force)
    return fmt


def render(sheet: Sheet, fmt: str) -> bytes:
    if fmt == "pdf":
        from tcpquiz.export.cheatsheet.pdf import render_pdf

        return render_pdf(sheet)
    from tcpquiz.export.cheatsheet.html import render_html

    return render_html(sheet).encode("utf-8")


def write(path: Path, data: bytes, *, force: bool) -> None:
    with atomic_output(path, force=force) as temp:
        temp.write_bytes(data)
