"""The cheat sheet as an A4 PDF of three pages, made with fpdf2.

Why fpdf2: it is pure Python from pip. WeasyPrint, the other candidate, needs
the system's Pango library, which a fresh machine may not have.

Why this font: Chinese needs a CJK font, and a fresh machine may have none. The PyPI
package paperang-p2-fonts-cjk is a 2.3 MB data-only wheel with WenQuanYi Micro Hei,
whose TrueType outlines fpdf2 can subset: only the glyphs the sheet uses are embedded,
so a page comes out at a few tens of KB and shows the same on every machine. The same
font sets the English sheet, so both look alike and a Chinese card among the weakest
ones prints too.

The drawings are the SVGs of `svg.py`, placed with fpdf2's SVG support; their <text>
names the registered font, so it is embedded like the rest.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tcpquiz.errors import TcpquizError
from tcpquiz.export.cheatsheet.content import Sheet, Table
from tcpquiz.export.cheatsheet.svg import sequence_svg, state_diagram_svg

if TYPE_CHECKING:
    from fpdf import FPDF

FONT = "wqy"  # the name the font is registered under, and the SVGs' font-family
MARGIN = 28.0  # points, about 10 mm
PAGE_W, PAGE_H = 595.28, 841.89
WIDTH = PAGE_W - 2 * MARGIN
BODY = 7.8
SMALL = 7.0
INK = (0, 0, 0)
GREY = (85, 85, 85)
RULE = (160, 160, 160)
SHADE = (225, 225, 225)
ZEBRA = (243, 243, 243)


def font_path() -> str:
    """The WenQuanYi Micro Hei collection from the paperang-p2-fonts-cjk package."""
    from importlib import resources

    try:
        path = resources.files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"
    except ModuleNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise TcpquizError("The PDF needs the Chinese font package; install it with "
                           "`pip install paperang-p2-fonts-cjk` (or write .html instead).")
    return str(path)


def render_pdf(sheet: Sheet) -> bytes:
    try:
        from fpdf import FPDF
    except ModuleNotFoundError:
        raise TcpquizError("The PDF needs fpdf2; install it with `pip install fpdf2` (or write .html instead).") \
            from None
    pdf = FPDF(orientation="portrait", unit="pt", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, MARGIN)
    pdf.set_title(sheet.title)
    pdf.set_creator("tcpquiz")
    pdf.set_lang("zh-CN" if sheet.lang == "zh" else "en")
    # Only the glyphs used are embedded (a subset), so the file stays small.
    pdf.add_font(FONT, fname=font_path(), collection_font_number=0)
    page = _Page(pdf, _cmap(pdf))
    page.first(sheet)
    page.second(sheet)
    page.transfer(sheet)
    return bytes(pdf.output())


def _cmap(pdf: FPDF) -> set[int]:
    from fpdf.fonts import TTFFont

    pdf.set_font(FONT, size=BODY)
    font = pdf.current_font
    # FONT was added from a TrueType file, so it is a TTFFont (core fonts have no cmap).
    assert isinstance(font, TTFFont)
    return set(font.cmap)


class _Page:
    def __init__(self, pdf: FPDF, covered: set[int]) -> None:
        self.pdf = pdf
        self.covered = covered

    # -- the two pages ---------------------------------------------------------------------

    def first(self, sheet: Sheet) -> None:
        pdf = self.pdf
        pdf.add_page()
        with self.bold(15):
            self.line(sheet.title, 15, height=18)
        self.paragraph(sheet.subtitle, SMALL, GREY)
        self.rule()
        self.svg(state_diagram_svg(sheet.diagram, font=FONT), WIDTH)
        self.paragraph(sheet.diagram_note, SMALL, GREY)
        pdf.ln(6)
        top = pdf.get_y()  # the sequence diagrams have titles of their own
        half = (WIDTH - 12) / 2
        left = self.svg(sequence_svg(sheet.handshake, half, font=FONT), half, x=MARGIN, y=top)
        right = self.svg(sequence_svg(sheet.close, half, font=FONT), half, x=MARGIN + half + 12, y=top)
        pdf.set_y(top + max(left, right))
        self.paragraph(sheet.sequence_note, SMALL, GREY)
        pdf.ln(5)
        self.heading(sheet.headings["whys"])
        for question, answer in sheet.whys:
            with self.bold():
                self.paragraph(question, BODY)
            self.paragraph(answer, BODY, after=3)

    def second(self, sheet: Sheet) -> None:
        pdf = self.pdf
        pdf.add_page()
        self.heading(sheet.headings["states"])
        self.table(sheet.states, (78, 58, 0, 118))
        pdf.ln(6)
        top = pdf.get_y()
        half = (WIDTH - 14) / 2
        self.heading(sheet.headings["flags"], width=half)
        self.table(sheet.flags, (30, 0), width=half)
        bottom = pdf.get_y()
        pdf.set_xy(MARGIN + half + 14, top)
        self.heading(sheet.headings["numbers"], width=half, x=MARGIN + half + 14)
        self.table(sheet.numbers, (70, 0), width=half, x=MARGIN + half + 14)
        pdf.set_xy(MARGIN, max(bottom, pdf.get_y()) + 6)
        if sheet.weakest is not None:
            self.weakest(sheet)

    def weakest(self, sheet: Sheet) -> None:
        pdf = self.pdf
        self.heading(sheet.headings["weakest"])
        if not sheet.weakest:
            self.paragraph(sheet.weakest_empty, BODY, GREY)
            return
        room = PAGE_H - MARGIN
        for number, row in enumerate(sheet.weakest, start=1):
            question = f"{number}. {row.question}"
            needed = (self.height(question, BODY, WIDTH) + self.height(row.answer, BODY, WIDTH - 10)
                      + self.height(row.meta, SMALL, WIDTH - 10) + 4)
            if pdf.get_y() + needed > room - 12:
                self.paragraph(sheet.weakest_more.format(n=len(sheet.weakest) - number + 1), SMALL, GREY)
                return
            with self.bold():
                self.paragraph(question, BODY)
            self.paragraph(row.answer, BODY, x=MARGIN + 10)
            self.paragraph(row.meta, SMALL, GREY, x=MARGIN + 10, after=4)

    def transfer(self, sheet: Sheet) -> None:
        """The third page: the cwnd chart, the RTO formulas, congestion and flow control."""
        page = sheet.transfer
        if page is None:
            return
        from tcpquiz.export.cheatsheet.transfer import cwnd_chart_svg

        pdf = self.pdf
        pdf.add_page()
        with self.bold(13):
            self.line(page.heading, 13, height=16)
        self.rule()
        pdf.set_y(pdf.get_y() + self.svg(cwnd_chart_svg(page, WIDTH, font=FONT), WIDTH))
        self.paragraph(page.chart_note, SMALL, GREY)
        for heading, table in ((page.rto_heading, page.rto), (page.cc_heading, page.cc),
                               (page.flow_heading, page.flow)):
            pdf.ln(5)
            self.heading(heading)
            self.table(table, (92, 0))

    # -- pieces ------------------------------------------------------------------------------

    def printable(self, text: str) -> str:
        """`text` with characters the font lacks (an emoji in a card, say) shown as "?"."""
        return "".join(c if ord(c) in self.covered or c == "\n" else "?" for c in text)

    @contextmanager
    def bold(self, size: float = BODY) -> Iterator[None]:
        # WenQuanYi Micro Hei has no bold face: outline the glyphs as well as filling them.
        with self.pdf.local_context(text_mode="FILL_STROKE", line_width=size * 0.03, draw_color=INK):
            yield

    def line(self, text: str, size: float, height: float) -> None:
        self.pdf.set_font(FONT, size=size)
        self.pdf.cell(WIDTH, height, self.printable(text), new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str, *, width: float = WIDTH, x: float | None = None) -> None:
        pdf = self.pdf
        if x is not None:
            pdf.set_x(x)
        pdf.set_font(FONT, size=9.5)
        with self.bold(9.5):
            pdf.cell(width, 13, self.printable(text), new_x="LEFT", new_y="NEXT")
        y = pdf.get_y()
        with pdf.local_context(draw_color=RULE, line_width=0.5):
            pdf.line(pdf.get_x(), y, pdf.get_x() + width, y)
        pdf.set_y(y + 3)
        if x is not None:
            pdf.set_x(x)

    def rule(self) -> None:
        y = self.pdf.get_y() + 2
        with self.pdf.local_context(draw_color=RULE, line_width=0.5):
            self.pdf.line(MARGIN, y, MARGIN + WIDTH, y)
        self.pdf.set_y(y + 4)

    def wrap(self, text: str, size: float, width: float) -> str:
        self.pdf.set_font(FONT, size=size)
        return self.wrap_cell(text, width - 2 * self.pdf.c_margin)

    def height(self, text: str, size: float, width: float) -> float:
        return len(self.wrap(text, size, width).split("\n")) * size * 1.3

    def paragraph(self, text: str, size: float, color: tuple[int, int, int] = INK, *, x: float = MARGIN,
                  after: float = 0) -> None:
        pdf = self.pdf
        width = WIDTH - (x - MARGIN)
        pdf.set_x(x)
        pdf.set_text_color(*color)
        pdf.multi_cell(width, size * 1.3, self.wrap(text, size, width), align="L", new_x="LMARGIN",
                       new_y="NEXT")
        pdf.set_text_color(*INK)
        if after:
            pdf.ln(after)

    def svg(self, svg: str, width: float, *, x: float | None = None, y: float | None = None) -> float:
        """Place a drawing at its natural size (scaled to `width`); returns its height."""
        pdf = self.pdf
        info = pdf.image(io.BytesIO(svg.encode("utf-8")), x=MARGIN if x is None else x, y=y, w=width)
        return float(info.rendered_height)

    def table(self, table: Table, widths: tuple[float, ...], *, width: float = WIDTH, x: float | None = None
              ) -> None:
        """A table whose cells are wrapped by `wrap` (CJK-aware) before fpdf2 sees them.
        A width of 0 takes what the others leave."""
        from fpdf.fonts import FontFace

        pdf = self.pdf
        rest = width - sum(widths)
        widths = tuple(w or rest for w in widths)
        padding = 2.0
        pdf.set_font(FONT, size=BODY)
        if x is not None:
            pdf.set_x(x)
        header = bool(table.header)
        rows = [table.header, *table.rows] if header else list(table.rows)
        with pdf.table(
            col_widths=widths, width=width, align="LEFT", line_height=BODY * 1.3, text_align="LEFT",
            padding=(1.4, padding), borders_layout="NONE", first_row_as_headings=header,
            headings_style=FontFace(emphasis="", fill_color=SHADE), v_align="TOP",
            cell_fill_mode="ROWS", cell_fill_color=ZEBRA,  # every other row shaded: easy to follow, in grey too
        ) as out:
            for cells in rows:
                row = out.row()
                for cell, col_width in zip(cells, widths, strict=True):
                    row.cell(self.wrap_cell(cell, col_width - 2 * padding))

    def wrap_cell(self, text: str, width: float) -> str:
        return "\n".join(wrap(self.printable(text), width - 0.5, self.pdf.get_string_width))


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Break `text` into lines no wider than `width`: at spaces, and between Chinese
    characters, never before closing punctuation (the rules of tcpquiz.ui.cjk, which
    fpdf2 does not know: it would break only at spaces, or anywhere). A single word
    wider than the line is left for fpdf2 to split."""
    from tcpquiz.ui.cjk import words

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for _, _, word in words(paragraph):
            candidate = line + word
            if line.strip() and measure(candidate.rstrip()) > width:
                lines.append(line.rstrip())
                line = word.lstrip()
            else:
                line = candidate
        lines.append(line.rstrip())
    return lines

