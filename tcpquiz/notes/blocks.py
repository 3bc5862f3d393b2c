"""markdown-it tokens -> a small tree of blocks whose lines are already rendered.

Every extraction rule works on these blocks, never on the raw text. A paragraph is
kept as its visual lines (split at soft and hard breaks and `<br>`), because notes
written in Typora put one fact per line. Each line is rendered twice: `md`, the
markdown a card shows, and `plain`, the bare text the rules classify.

Rendering makes notes readable where their markdown is not: `$SYN=1$` becomes `SYN=1`,
remote images become links, local images that do not exist are dropped (and counted,
for one warning per file), text inside HTML blocks is kept, Typora's tab-indented text
is read as prose instead of code, and stray `****` left by emphasis that CommonMark
could not pair next to Chinese punctuation disappears.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from tcpquiz.notes.text import display_width, is_cjk, letters, meaningful, split_definition

if TYPE_CHECKING:
    from markdown_it.token import Token

# Private-use characters mark places in a line while it is rendered (a cloze, a `::`);
# they are stripped from the note's text first, so they cannot come from the note.
CLOZE_OPEN, CLOZE_CLOSE, SPLIT_OPEN, SPLIT_CLOSE = "\ue000", "\ue001", "\ue002", "\ue003"
SENTINELS = CLOZE_OPEN + CLOZE_CLOSE + SPLIT_OPEN + SPLIT_CLOSE
HARD_BREAK = "  \n"  # lines of one paragraph stay lines: notes put one fact on each

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\ue000-\ue00f]")
_SPACE_OR_INVISIBLE = re.compile(f"{_SPACES.pattern}|{_INVISIBLE.pattern}")
_STRAY_STARS = re.compile(r"\*{2,}")
# No bracket inside a wikilink's parts: a run of `[[[[` then tries each start once, not
# each start against the whole rest of the text (quadratic).
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")
# What would start a heading, quote or list at the start of a line of a card's back.
_BLOCK_START = re.compile(r"^(\d{0,9})([#>]|[-+](?=\s)|(?<=\d)[.)](?=\s|$))")
_REMOTE = re.compile(r"^(?:https?|ftp)://|^//", re.IGNORECASE)
_WEB_LINK = re.compile(r"^(?:https?|ftp|mailto):", re.IGNORECASE)
_IMG_ATTR = re.compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def clean_source(text: str) -> str:
    """Whitespace-only lines (NBSP, ideographic spaces) become blank, so they separate blocks."""
    text = _INVISIBLE.sub("", text)
    return "\n".join("" if not _SPACES.sub("", line).strip() else line for line in text.split("\n"))


# Obsidian's image embed: ![[diagram.png]], ![[attachments/d.png|300]], ![[d.png|the handshake]].
_OBSIDIAN_EMBED = re.compile(
    r"!\[\[(?P<target>[^\]|\n]+?\.(?:png|jpe?g|gif|svg|webp|bmp|avif))(?:\|(?P<label>[^\]\n]*))?\]\]",
    re.IGNORECASE)


def obsidian_embeds(text: str) -> str:
    """Obsidian image embeds as markdown images, so they are found, checked and packed like
    any other local image (a size such as `|300` is not alt text)."""

    def image(match: re.Match[str]) -> str:
        label = (match["label"] or "").strip()
        alt = "" if label.isdigit() or re.fullmatch(r"\d+x\d+", label) else label
        return f"![{alt}](<{match['target'].strip()}>)"

    return _OBSIDIAN_EMBED.sub(image, text) if "![[" in text else text


_ESCAPING_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~])")  # a backslash that would escape: C:\Windows is fine
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_SENTINEL = re.compile(f"[{SENTINELS}]")


def escape_text(text: str) -> str:
    """Text as markdown: escape what would otherwise start emphasis, code or an HTML tag."""
    if "\\" in text:
        text = _ESCAPING_BACKSLASH.sub(r"\\\\", text)
    text = text.replace("*", "\\*").replace("`", "\\`")
    return _TAG_START.sub(r"\\<", text) if "<" in text else text


# -- images -------------------------------------------------------------------------


@dataclass
class ImagePolicy:
    """What to do with an image: remote ones stay as links, local ones only if they exist."""

    base_dir: Path | None
    chinese: bool
    missing: list[str] = field(default_factory=list)

    def render(self, src: str, alt: str) -> str:
        src = src.strip().strip("<>")
        if not src or src.lower().startswith("data:"):
            return ""  # inline data: unreadable in a terminal, and huge
        label = alt.strip() or ("图片" if self.chinese else "image")
        if _REMOTE.match(src):
            return f"[{escape_text(label)}]({_destination(src)})"
        if self._exists(src):
            return f"![{escape_text(alt.strip())}]({_destination(src)})"
        shown = unquote(src)  # markdown-it percent-encodes destinations: E:%5Cimg -> E:\img
        if shown not in self.missing:
            self.missing.append(shown)
        return ""

    def _exists(self, src: str) -> bool:
        path = Path(unquote(src[7:] if src.lower().startswith("file://") else src))
        if not path.is_absolute():  # E:\img\a.png is relative on Linux, and found nowhere
            if self.base_dir is None:
                return False
            path = self.base_dir / path
        try:
            return path.is_file()
        except (OSError, ValueError):
            return False


def _destination(url: str) -> str:
    return f"<{url}>" if any(ch in url for ch in " ()") else url


# -- lines ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cloze:
    start: int  # the hidden text is md[start:end]
    end: int
    number: int | None  # {{c2::...}} -> 2; None for ==highlight==
    hint: str | None


@dataclass(frozen=True)
class Line:
    number: int  # 0-based line in the note
    md: str
    plain: str
    bold: bool = False  # the whole line is bold (or italic): a label written as emphasis
    split: tuple[int, int] | None = None  # where `::` or `:::` sits in md
    clozes: tuple[Cloze, ...] = ()
    link_only: bool = False  # all its text is the text of links: a table of contents, a reference
    soft_end: bool = False  # ended by a plain newline (a soft break), not by a hard break or <br>


class _LineBuilder:
    def __init__(self, number: int) -> None:
        self.number = number
        self.md: list[str] = []
        self.plain: list[str] = []
        self.stack: list[tuple[str, int, str]] = []  # (kind, index into md, href)
        self.emphasis = 0
        self.links = 0
        # Whether any letter or digit has been seen in bold, inside a link, outside links.
        self.bold_letters = False
        self.linked_letters = False
        self.unlinked_letters = False
        self.other_content = False
        self.split = False
        self.clozes: list[tuple[int | None, str | None]] = []

    def add(self, md: str, plain: str, content: bool = True) -> None:
        self.md.append(md)
        self.plain.append(plain)
        if not content:
            return
        has_letters = meaningful(plain)
        if self.links:
            self.linked_letters |= has_letters
        else:
            self.unlinked_letters |= has_letters
        if self.emphasis:
            self.bold_letters |= has_letters
        elif plain.strip(" ：:") or (md and not plain):
            self.other_content = True

    def open(self, kind: str, href: str = "") -> None:
        self.stack.append((kind, len(self.md), href))
        if kind in ("strong", "em"):
            self.emphasis += 1
        elif kind == "link":
            self.links += 1

    def close(self, kind: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == kind:
                break
        else:
            return
        _kind, start, href = self.stack.pop(index)
        inner = "".join(self.md[start:])
        del self.md[start:]
        if kind in ("strong", "em"):
            self.emphasis -= 1
            # Emphasis inside emphasis is CommonMark pairing `**` wrongly around Chinese
            # punctuation: keep the words, drop the marks.
            nested = any(k in ("strong", "em") for k, _i, _h in self.stack)
            self.md.append(inner if nested else _emphasis(inner, "**" if kind == "strong" else "*"))
        elif kind == "s":
            self.md.append(f"~~{inner}~~" if _hugs(inner) and "~" not in inner else inner)
        elif kind == "link":
            self.links -= 1
            text = inner.strip()
            if not _WEB_LINK.match(href):
                self.md.append(inner)  # anchors and links to other notes: the text is what matters
            elif not text or _strip_sentinels(text) == href:
                self.md.append(f"<{href}>")
            else:
                self.md.append(f"[{text}]({_destination(href)})")

    def finish(self, soft_end: bool = False) -> Line:
        md = "".join(self.md).strip()
        if start := _BLOCK_START.match(md):
            md = f"{start[1]}\\{start[2]}{md[start.end():]}"
        plain = " ".join("".join(self.plain).split())
        split: tuple[int, int] | None = None
        clozes: tuple[Cloze, ...] = ()
        if _SENTINEL.search(md):  # most lines have no `::` and no cloze to place
            md, split, clozes = self._take_marks(md)
        return Line(
            self.number, md, plain, bold=self.bold_letters and not self.other_content,
            split=split, clozes=clozes,
            link_only=self.linked_letters and not self.unlinked_letters, soft_end=soft_end,
        )

    def _take_marks(self, md: str) -> tuple[str, tuple[int, int] | None, tuple[Cloze, ...]]:
        """`md` without the sentinels, and where they marked the `::` and the clozes."""
        split: tuple[int, int] | None = None
        clozes: list[Cloze] = []
        clean: list[str] = []
        cloze_start = None
        for ch in md:
            if ch == SPLIT_OPEN:
                split_start = len(clean)
            elif ch == SPLIT_CLOSE:
                split = (split_start, len(clean))
            elif ch == CLOZE_OPEN:
                cloze_start = len(clean)
            elif ch == CLOZE_CLOSE and cloze_start is not None and len(clozes) < len(self.clozes):
                number, hint = self.clozes[len(clozes)]
                clozes.append(Cloze(cloze_start, len(clean), number, hint))
                cloze_start = None
            else:
                clean.append(ch)
        return "".join(clean), split, tuple(clozes)


def _strip_sentinels(text: str) -> str:
    return _SENTINEL.sub("", text)


def _hugs(inner: str) -> bool:
    """True when emphasis marks around `inner` will pair again when the card is rendered.

    CommonMark pairs `**` by the characters beside it; next to Chinese punctuation
    (`**FIN-WAIT-1（终止等待1）**状态`) it does not. Such emphasis is dropped, not
    left as stray asterisks.
    """
    text = _strip_sentinels(inner)
    if not text or text != text.strip():
        return False
    return not any(unicodedata.category(ch).startswith("P") or ch == "\\" for ch in (text[0], text[-1]))


def _emphasis(inner: str, mark: str) -> str:
    if _hugs(inner) and "*" not in _strip_sentinels(inner).replace("\\*", ""):
        return f"{mark}{inner}{mark}"
    return inner


class InlineRenderer:
    def __init__(self, images: ImagePolicy) -> None:
        self.images = images

    def lines(self, children: list[Token], first: int) -> list[Line]:
        """The visual lines of one inline token, rendered."""
        out: list[Line] = []
        line = _LineBuilder(first)
        for token in children:
            kind = token.type
            if kind == "text":  # most tokens: tested first
                self._text(line, token.content)
            elif kind in ("softbreak", "hardbreak") or (kind == "html_inline" and _is_br(token.content)):
                out.append(line.finish(soft_end=kind == "softbreak"))
                line = _LineBuilder(line.number + (kind != "html_inline"))
            elif kind == "code_inline":
                fence = "`" * (_longest_run(token.content, "`") + 1)
                pad = " " if token.content.startswith("`") or token.content.endswith("`") else ""
                line.add(f"{fence}{pad}{token.content}{pad}{fence}", token.content)
            elif kind in ("math_inline", "math_inline_double"):
                # The card keeps the formula as written: the Anki export typesets it with
                # MathJax and the terminal shows it as code (tcpquiz.formulas); its words
                # are what the card is judged and keyed by.
                content = " ".join(token.content.split())
                dollars = "$$" if kind == "math_inline_double" else "$"
                line.add(f"{dollars}{content}{dollars}", content)
            elif kind == "cloze":
                content = re.sub(r"(\*\*|__|\*|_)(.+?)\1", r"\2", token.content)
                line.clozes.append((token.meta.get("number"), token.meta.get("hint")))
                line.add(f"{CLOZE_OPEN}{escape_text(content)}{CLOZE_CLOSE}", content)
            elif kind in ("strong_open", "em_open", "s_open"):
                line.open(kind[:-5])
            elif kind in ("strong_close", "em_close", "s_close"):
                line.close(kind[:-6])
            elif kind == "link_open":
                line.open("link", str(token.attrs.get("href", "")))
            elif kind == "link_close":
                line.close("link")
            elif kind == "image":
                line.add(self.images.render(str(token.attrs.get("src", "")), token.content), "")
            elif kind == "html_inline" and token.content.lstrip().lower().startswith("<img"):
                attrs = _img_attrs(token.content)
                line.add(self.images.render(attrs.get("src", ""), attrs.get("alt", "")), "")
            # other inline HTML (<font>, <sup>, comments) goes; the text between the tags stays
        out.append(line.finish())
        return out

    def line(self, children: list[Token], first: int) -> Line:
        """All of an inline token on one line (a heading, a table cell)."""
        parts = self.lines(children, first)
        if len(parts) == 1:
            return parts[0]
        return Line(first, " ".join(p.md for p in parts if p.md), " ".join(p.plain for p in parts if p.plain),
                    bold=all(p.bold for p in parts if p.plain))

    def _text(self, line: _LineBuilder, content: str) -> None:
        if _SPACE_OR_INVISIBLE.search(content):  # rare: one search instead of two substitutions
            content = _SPACES.sub(" ", _INVISIBLE.sub("", content))
        if "**" in content:
            content = _STRAY_STARS.sub("", content)
        if "[[" in content:
            content = _WIKILINK.sub(lambda m: "" if m[1] else (m[3] or m[2]), content)
        md = escape_text(content)
        if not line.split and "::" in md:
            index = md.find("::")
            width = 3 if md.startswith(":::", index) else 2
            md = f"{md[:index]}{SPLIT_OPEN}{md[index:index + width]}{SPLIT_CLOSE}{md[index + width:]}"
            line.split = True
        line.add(md, content)


def _is_br(html: str) -> bool:
    return bool(re.fullmatch(r"\s*<br\s*/?>\s*", html, re.IGNORECASE))


def _img_attrs(html: str) -> dict[str, str]:
    return {m[1].lower(): next(v for v in m.groups()[1:] if v is not None) for m in _IMG_ATTR.finditer(html)}


def _longest_run(text: str, ch: str) -> int:
    runs = re.findall(f"{re.escape(ch)}+", text)
    return max((len(r) for r in runs), default=0)


# -- blocks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    start: int  # first line, 0-based
    end: int  # one past the last non-blank line


@dataclass(frozen=True)
class Para(Block):
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Heading(Block):
    level: int
    line: Line
    relative: bool = False  # a `<summary>`: one level below the markdown heading above it, whatever that is


@dataclass(frozen=True)
class Item(Block):
    blocks: tuple[Block, ...]
    number: int | None  # ordered lists: the item's number


@dataclass(frozen=True)
class ListBlock(Block):
    ordered: bool
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Row:
    number: int
    cells: tuple[Line, ...]


@dataclass(frozen=True)
class Table(Block):
    header: tuple[Line, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Fence(Block):
    info: str
    text: str


@dataclass(frozen=True)
class MathBlock(Block):
    text: str


@dataclass(frozen=True)
class Quote(Block):
    blocks: tuple[Block, ...]


class _HtmlText(HTMLParser):
    """The text of an HTML block, its <img> as markdown images, its structure as blank lines."""

    BLOCK_TAGS = frozenset({"p", "div", "li", "tr", "summary", "details", "blockquote", "ul", "ol", "table",
                  "section", "center", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag == "br":
            self.out.append("\n")
        elif tag == "img":
            values = {k: v or "" for k, v in attrs}
            self.out.append(f"![{values.get('alt', '')}](<{values.get('src', '')}>)")
        elif tag in self.BLOCK_TAGS:
            self.out.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCK_TAGS:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.append(data)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """`<![...]>` outside CDATA: CPython before 3.13 raises AssertionError on a
        keyword it does not know (`<div><![x]></div>`); its `<![` is read as text and
        parsing goes on after it."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            self.handle_data(self.rawdata[i:i + 3])
            return i + 3


@dataclass
class _HtmlCell:
    text: str
    line: int  # 0-based, in the table's HTML
    header: bool  # a <th>, or a cell of <thead>
    columns: int
    rows: int


class _HtmlTable(HTMLParser):
    """The rows of an HTML `<table>` as cells with their spans; markup inside a cell is
    read as its text (`2<sup>32</sup>` is "232" in a terminal anyway)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[_HtmlCell]] = []
        self.cell: _HtmlCell | None = None
        self.parts: list[str] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "thead":
            self.in_head = True
        elif tag == "tr":
            self._end_cell()
            self.rows.append([])
        elif tag in ("td", "th"):
            self._end_cell()
            if not self.rows:
                self.rows.append([])
            values = dict(attrs)
            self.cell = _HtmlCell("", self.getpos()[0] - 1, tag == "th" or self.in_head,
                                  _span(values.get("colspan")), _span(values.get("rowspan")))
            self.parts = []
        elif tag == "br" and self.cell is not None:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th", "tr"):
            self._end_cell()
        elif tag == "thead":
            self.in_head = False

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.parts.append(data)

    def _end_cell(self) -> None:
        if self.cell is not None:
            self.cell.text = " ".join("".join(self.parts).split())
            self.rows[-1].append(self.cell)
            self.cell = None


# Spans past this are a broken attribute, not a table this wide: a card could not show it.
MAX_SPAN = 50


def _span(value: str | None) -> int:
    return min(MAX_SPAN, int(value)) if value and value.strip().isdigit() and int(value) > 0 else 1


# Places a table may fill, spans counted: far more than a card can show, and a bound on
# the work a note of spanning cells (`<td colspan=50 rowspan=50>` repeated) can cause.
MAX_TABLE_PLACES = 20_000


def _grid(rows: list[list[_HtmlCell]]) -> list[list[_HtmlCell | None]] | None:
    """The cells placed in columns, each spanning cell repeated over the places it covers;
    None for a table larger than MAX_TABLE_PLACES (it is read as text)."""
    grid: list[list[_HtmlCell | None]] = [[] for _ in rows]
    places = 0
    for r, row in enumerate(rows):
        column = 0
        for cell in row:
            places += cell.columns * min(cell.rows, len(rows) - r) + len(grid[r])
            if places > MAX_TABLE_PLACES:
                return None
            while column < len(grid[r]) and grid[r][column] is not None:
                column += 1  # taken by a cell spanning down from a row above
            for down in range(r, min(len(rows), r + cell.rows)):
                line = grid[down]
                line.extend([None] * (column + cell.columns - len(line)))
                for across in range(column, column + cell.columns):
                    line[across] = cell
            column += cell.columns
    return grid


def html_table(html: str, start: int) -> Table | None:
    """An HTML `<table>` as the Table block a markdown table would give, so that each row
    becomes a card. Header rows (`<thead>`, leading rows of `<th>`, and the rows a header cell
    spans down into) give each column one name, the names of a cell spanning several columns
    and of the cell under it joined ("A确认 · A发送"). None for a table with no row to read."""
    parser = _HtmlTable()
    parser.feed(html)
    parser.close()
    rows = [row for row in parser.rows if row]
    if not rows:
        return None
    grid = _grid(rows)
    if grid is None:
        return None
    heads = 0
    # A header row is one of `<th>` cells, or a row a header cell above spans down into
    # (`<th rowspan="2">序号</th>` over a row of `<td>` naming the columns under a group).
    while heads < len(rows) and (all(cell.header for cell in rows[heads])
                                 or any(r + cell.rows > heads for r in range(heads) for cell in rows[r])):
        heads += 1
    width = max(len(line) for line in grid)
    header: list[Line] = []
    if heads:
        for column in range(width):
            names: list[str] = []
            for line in grid[:heads]:
                cell = line[column] if column < len(line) else None
                if cell is not None and cell.text and cell.text not in names:
                    names.append(cell.text)
            name = " · ".join(names)
            header.append(Line(start, escape_text(name), name))
    body: list[Row] = []
    for row, line in zip(rows[heads:], grid[heads:], strict=True):
        number = start + row[0].line
        cells = [Line(number, escape_text(cell.text), cell.text) if cell is not None and cell.text
                 else Line(number, "", "") for cell in line]
        if any(cell.plain for cell in cells):
            body.append(Row(number, tuple(cells)))
    if not body:
        return None
    return Table(start, body[-1].number + 1, tuple(header), tuple(body))


def html_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.split("\n"))).strip("\n")


def _prose_code(content: str, first_line: str) -> bool:
    """Indented "code" that is really prose: Typora indents paragraphs with a tab."""
    if first_line.startswith("\t"):
        return True
    text = "".join(content.split())
    if bool(text) and sum(1 for ch in text if is_cjk(ch)) >= 0.3 * len(text):
        return True
    from tcpquiz.notes.classify import reads_as_prose

    return reads_as_prose(content.split("\n"))  # CSDN's 4-space-indented English paragraphs


# An indented block right under a list item is the item's explanation, indented one column
# short, when it is this many lines at most and reads as words: no code punctuation, and
# letters for most of it.
ITEM_EXPLANATION_LINES = 3
MIN_EXPLANATION_LETTERS = 8  # an ideograph is one
_CODE_MARKS = re.compile(r"[;{}=<>|\\]|//|^\s*[#$]")


def _item_explanation(content: str) -> bool:
    lines = [ln.strip() for ln in content.split("\n") if ln.strip()]
    if not lines or len(lines) > ITEM_EXPLANATION_LINES or any(_CODE_MARKS.search(ln) for ln in lines):
        return False
    text = " ".join(lines)
    filled = "".join(text.split())
    return (letters(text) >= MIN_EXPLANATION_LETTERS and lines[0][:1].isalpha()
            and sum(ch.isalpha() for ch in filled) >= 0.7 * len(filled))


class Builder:
    def __init__(self, lines: list[str], images: ImagePolicy, offset: int = 0, depth: int = 0) -> None:
        self.lines = lines
        self.images = images
        self.inline = InlineRenderer(images)
        self.offset = offset
        self.depth = depth

    def build(self, tokens: list[Token]) -> list[Block]:
        blocks, _ = self._blocks(tokens, 0, frozenset())
        return blocks

    def _span(self, token: Token) -> tuple[int, int]:
        start, end = token.map if token.map else (0, 0)
        while end > start and not (end - 1 < len(self.lines) and self.lines[end - 1].strip()):
            end -= 1
        return start + self.offset, max(end, start + 1) + self.offset

    def _blocks(self, tokens: list[Token], i: int, stop: frozenset[str]) -> tuple[list[Block], int]:
        out: list[Block] = []
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind in stop:
                return _rejoined(out), i
            start, end = self._span(token)
            if kind == "paragraph_open":
                inline = tokens[i + 1]
                children = inline.children or []
                # An HTML tag's `<` is in the paragraph's source: most have none to look for.
                summary = _summary(children) if "<" in inline.content else None
                if summary is not None:  # `<b><details><summary>Q66</summary></b>` is a paragraph to markdown-it
                    title = self.inline.line(children[summary[0] + 1:summary[1]], start)
                    if title.plain:
                        out.append(Heading(start, start + 1, 6, title, relative=True))
                    children = children[summary[1] + 1:]
                lines = _with_introduced(_with_asides(_unwrapped(
                    [ln for ln in self.inline.lines(children, start) if ln.md or ln.plain])))
                if lines:
                    out.append(Para(start, end, tuple(lines)))
                i += 3
            elif kind == "heading_open":
                inline = tokens[i + 1]
                out.append(Heading(start, end, int(token.tag[1:]), self.inline.line(inline.children or [], start)))
                i += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                block, i = self._list(tokens, i, start, end)
                if block.items:
                    out.append(block)
            elif kind == "blockquote_open":
                inner, i = self._blocks(tokens, i + 1, frozenset({"blockquote_close"}))
                inner = _without_callout(inner)
                if inner:
                    out.append(Quote(start, end, tuple(inner)))
                i += 1
            elif kind == "table_open":
                table, i = self._table(tokens, i, start, end)
                if table.rows:  # a header alone holds no card
                    out.append(table)
            elif kind == "fence":
                fence = Fence(start, end, token.info.strip(), token.content)
                out.extend(self._prose_fence(fence) or [fence])
                i += 1
            elif kind == "code_block":
                first = self.lines[token.map[0]] if token.map and token.map[0] < len(self.lines) else ""
                previous = out[-1] if out else None
                if self.depth == 0 and isinstance(previous, ListBlock) and _item_explanation(token.content):
                    # "*    **options field** 选项字段", a blank line, then its explanation indented
                    # four spaces: one column short of the item's text, so markdown reads code
                    last = previous.items[-1]
                    explained = replace(last, end=end, blocks=(*last.blocks, *self._fragment(token.content, start)))
                    out[-1] = replace(previous, end=end, items=(*previous.items[:-1], explained))
                elif self.depth == 0 and _prose_code(token.content, first):
                    out.extend(self._fragment(token.content, start))
                else:
                    out.append(Fence(start, end, "", token.content))
                i += 1
            elif kind == "html_block":
                if self.depth == 0:
                    out.extend(self._html(token.content, start))
                i += 1
            elif kind in ("math_block", "math_block_label"):
                if token.content.strip():
                    out.append(MathBlock(start, end, token.content.strip()))
                i += 1
            else:
                i = _skip(tokens, i)  # footnotes, rules, front matter: no cards in them
        return _rejoined(out), i

    def _list(self, tokens: list[Token], i: int, start: int, end: int) -> tuple[ListBlock, int]:
        ordered = tokens[i].type == "ordered_list_open"
        i += 1
        items: list[Item] = []
        while i < len(tokens) and tokens[i].type == "list_item_open":
            item = tokens[i]
            item_start, item_end = self._span(item)
            inner, i = self._blocks(tokens, i + 1, frozenset({"list_item_close"}))
            i += 1
            number = int(item.info) if ordered and item.info.isdigit() else None
            if inner:
                items.append(Item(item_start, item_end, tuple(inner), number))
        if items:
            end = items[-1].end
        return ListBlock(start, end, ordered, tuple(items)), i + 1

    def _table(self, tokens: list[Token], i: int, start: int, end: int) -> tuple[Table, int]:
        header: tuple[Line, ...] = ()
        rows: list[Row] = []
        cells: list[Line] = []
        row_line = start
        in_head = False
        i += 1
        while i < len(tokens) and tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                cells, row_line = [], self._span(token)[0]
            elif token.type == "inline":
                cells.append(self.inline.line(token.children or [], row_line))
            elif token.type == "tr_close":
                if in_head:
                    header = tuple(cells)
                elif any(cell.md for cell in cells):
                    rows.append(Row(row_line, tuple(cells)))
            i += 1
        if rows:
            end = rows[-1].number + 1
        return Table(start, end, header, tuple(rows)), i + 1

    def _prose_fence(self, fence: Fence) -> list[Block]:
        """A fence that holds prose (classify.prose_lines) read as the markdown it is, each
        line at its own line of the note; code lines become blank lines between its blocks."""
        from tcpquiz.notes.classify import prose_lines

        if self.depth > 0:
            return []
        # A fence marker among prose lines is the author's next fence, opened before this one
        # was closed: read as markdown it would fence the prose again, as code.
        prose = {i: text for i, text in prose_lines(fence) if not _FENCE_MARK.match(text)}
        if not prose:
            return []
        prose = _nested_under_numbers(prose)
        count = fence.text.count("\n") + 1
        return self._fragment("\n".join(prose.get(i, "") for i in range(count)), fence.start + 1)

    def _html(self, html: str, start: int) -> list[Block]:
        """An HTML block as markdown blocks; a `<details>`' `<summary>` heads what follows it,
        the way notes written as collapsible Q&A use it."""
        lower = html.lower()
        table_at = lower.find("<table")
        table_end = lower.find("</table>", table_at) if table_at >= 0 else -1
        if table_end >= 0 and lower.find("<table", table_at + 1, table_end) < 0:  # nested tables are read as text
            end_at = table_end + len("</table>")
            table = html_table(html[table_at:end_at], start + html.count("\n", 0, table_at))
            if table is not None:
                return (self._html(html[:table_at], start) + [table]
                        + self._html(html[end_at:], start + html.count("\n", 0, end_at)))
        open_at = lower.find("<summary")
        close_at = lower.find("</summary>", open_at) if open_at >= 0 else -1
        if close_at < 0:
            return self._fragment(html_text(html), start)
        title = " ".join(html_text(html[open_at:close_at]).split())
        line = start + html.count("\n", 0, open_at)
        blocks = self._fragment(html_text(html[:open_at]), start)
        if title:
            blocks.append(Heading(line, line + 1, 6, Line(line, escape_text(title), title), relative=True))
        rest = html[close_at + len("</summary>"):]
        return blocks + self._fragment(html_text(rest), start + html.count("\n", 0, close_at))

    def _fragment(self, text: str, start: int) -> list[Block]:
        """Text taken out of an HTML block or a prose "code" block, parsed as markdown in place."""
        from tcpquiz.notes.markdown import markdown_parser

        text = clean_source(text)
        if not text.strip():
            return []
        sub = Builder(text.split("\n"), self.images, start, self.depth + 1)
        return sub.build(markdown_parser(html=False).parse(text))


# A comment that numbers a part as markdown would ("// 1. 固定长度", "# 2) Delimiter").
_PART_MARKER = re.compile(r"^(\d{1,2}[.)])\s+\S")
_BULLET = re.compile(r"^[-*+]\s+\S")


def _nested_under_numbers(prose: dict[int, str]) -> dict[int, str]:
    """Comments that number the parts of a fence ("// 1. 实时性要求高的场景", "// - 视频直播",
    code, "// 2. …") as markdown: the bullets after a number are indented under it, so they
    are read as that part's, not as a list of their own between the parts."""
    if sum(1 for text in prose.values() if _PART_MARKER.match(text)) < 2:
        return prose
    out: dict[int, str] = {}
    indent = ""
    for i in sorted(prose):
        text = prose[i]
        if marker := _PART_MARKER.match(text):
            indent = " " * (len(marker[1]) + 1)
        elif indent and _BULLET.match(text):
            text = indent + text
        else:
            indent = ""  # a line of its own ("解决方案（服务器端）") ends the part above it
        out[i] = text
    return out


_CALLOUT = re.compile(r"^\\?\[!(\w+)\\?\][-+]?\s*")
_FENCE_MARK = re.compile(r"^(?:`{3,}|~{3,})")


def _without_callout(blocks: list[Block]) -> list[Block]:
    """An Obsidian callout, `> [!note] Title`, as the quote it is: the marker goes, the title stays."""
    first = blocks[0] if blocks else None
    if not isinstance(first, Para) or not _CALLOUT.match(first.lines[0].md):
        return blocks
    line = first.lines[0]
    title = replace(line, md=_CALLOUT.sub("", line.md, count=1), plain=_CALLOUT.sub("", line.plain, count=1).strip())
    lines = ((title,) if title.plain else ()) + first.lines[1:]
    return ([Para(lines[0].number, first.end, lines)] if lines else []) + blocks[1:]


# A line narrower than this (display columns) ended where its author ended it: notes
# hard-wrapped by an editor or an e-book export break at 60 columns or more.
WRAP_WIDTH = 56
_SENTENCE_STOP = "。！？；!?;：:.)）"
_LIST_LIKE = re.compile(r"^(?:[-*+>]|\d{1,2}[.、)]|[(（]?\d{1,2}[)）])")


def _unwrapped(lines: list[Line]) -> list[Line]:
    """A paragraph's lines with lines wrapped mid-sentence (or mid-word) joined again.

    Typora notes put one fact per line (ended by a hard break, or a short one); a note
    hard-wrapped at a fixed width (CSDN, e-book excerpts) breaks wherever the width ends:
    `重新排` / `序`. A line at least WRAP_WIDTH wide, ended by a plain newline, that does
    not end a sentence, followed by a line that does not start like a list item or a
    definition, is joined to it, with no space between two ideographs (the break was
    never a space in Chinese). Lines that carry a card syntax stay as written."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if (previous is not None and previous.soft_end and not previous.split and not previous.clozes
                and not line.split and not line.clozes
                and previous.md.rstrip()[-1:] not in _SENTENCE_STOP and display_width(previous.md) >= WRAP_WIDTH
                and not _LIST_LIKE.match(line.md.lstrip()) and not split_definition(line.plain)):
            out[-1] = _glue(previous, line)
        else:
            out.append(line)
    return out


# A line wholly in brackets is an aside on the line before it: "(这个阶段称为慢开始)",
# "(see RFC 6298)". Alone it states nothing a card could ask about.
_ASIDE = re.compile(r"^\s*(?:\([^()]*\)|（[^（）]*）)\s*$")
# A paragraph that ends on one of these stopped mid-sentence: notes written as loose lists
# put a blank line inside a sentence ("发送请求报文，seq = x，" / "进入 SYN-SENT 状态").
_CONTINUING_END = ("，", ",", "、")
# A paragraph that ends on a word that leads into what follows, with no colon ("具体来说就是",
# "The increase is"), stopped mid-sentence too: the next paragraph (often a formula) ends it.
_LEADING_END = re.compile(r"(?:就是|即|如下|称为|叫做|等于|\b(?:is|are|equals|namely|as follows))$", re.IGNORECASE)


def _glue(previous: Line, line: Line) -> Line:
    """Two lines as one: no space between two ideographs (a break was never a space in Chinese)."""
    glue = "" if is_cjk(previous.md[-1:] or " ") or is_cjk(line.md[:1] or " ") else " "
    return replace(previous, md=previous.md + glue + line.md, plain=f"{previous.plain}{glue}{line.plain}",
                   bold=previous.bold and line.bold, link_only=previous.link_only and line.link_only,
                   soft_end=line.soft_end)


def _marked(line: Line) -> bool:
    """A line that carries a card syntax (`::`, a cloze) stays as written."""
    return bool(line.split or line.clozes)


# A sentence ending in a colon says at least this much (letters; an ideograph is one): a
# shorter line ending in a colon is a label ("三次握手：") that heads the line after it.
MIN_INTRODUCING_LETTERS = 16
MIN_COMPLETING_LETTERS = 4  # "图片" under it is a picture's caption, not the rest of the sentence


def _with_introduced(lines: list[Line]) -> list[Line]:
    """A paragraph of two lines whose first is a sentence ending in a colon ("…看到 TFTP 客户
    实现了一个简单的超时重传机制：" / "假定 5 秒是一个适当的时间间隔…") as one line: the
    colon says the second line completes it, and apart neither states the whole fact.
    With more lines after it the colon introduces a list of lines, each a fact of its own."""
    if len(lines) != 2 or _marked(lines[0]) or _marked(lines[1]) or lines[0].bold:
        return lines
    first, second = lines
    text = first.plain.rstrip()
    if not text.endswith(("：", ":")) or letters(text) < MIN_INTRODUCING_LETTERS or not re.search(r"[，,]", text):
        return lines
    if (_LIST_LIKE.match(second.md.lstrip()) or split_definition(second.plain) or second.link_only
            or letters(second.plain) < MIN_COMPLETING_LETTERS):
        return lines  # a list item, a term, or a picture the colon points at: not a completion
    glue = "" if is_cjk(text[-1:]) or is_cjk(second.md[:1] or " ") or text[-1:] == "：" else " "
    return [replace(first, md=first.md.rstrip() + glue + second.md, plain=text + glue + second.plain,
                    link_only=False, soft_end=second.soft_end)]


def _with_asides(lines: list[Line]) -> list[Line]:
    """A paragraph's lines with each bracketed aside joined to the line it comments on."""
    out: list[Line] = []
    for line in lines:
        if out and _ASIDE.match(line.plain) and not _marked(out[-1]) and not _marked(line):
            out[-1] = _glue(out[-1], line)
        else:
            out.append(line)
    return out


def _rejoined(blocks: list[Block]) -> list[Block]:
    """Paragraphs split by a blank line in the middle of a sentence joined again: the first
    ends on a comma or a word that leads into the next, or the second is only a bracketed
    aside on the first."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (isinstance(previous, Para) and isinstance(block, Para) and block.start - previous.end <= 1
                and not _marked(previous.lines[-1]) and not _marked(block.lines[0])
                and (previous.lines[-1].md.rstrip().endswith(_CONTINUING_END) or _ASIDE.match(block.lines[0].plain)
                     or _LEADING_END.search(previous.lines[-1].plain.rstrip()))):
            joined = (*previous.lines[:-1], _glue(previous.lines[-1], block.lines[0]), *block.lines[1:])
            out[-1] = Para(previous.start, block.end, joined)
        else:
            out.append(block)
    return out


def _summary(children: list[Token]) -> tuple[int, int] | None:
    """Where `<summary>` and `</summary>` sit among a paragraph's inline tokens."""
    opening = next((i for i, t in enumerate(children) if t.type == "html_inline"
                    and t.content.lower().startswith("<summary")), None)
    if opening is None:
        return None
    closing = next((i for i in range(opening + 1, len(children)) if children[i].type == "html_inline"
                    and children[i].content.lower().startswith("</summary")), None)
    return (opening, closing) if closing is not None else None


def _skip(tokens: list[Token], i: int) -> int:
    """The index after a token and everything it opens."""
    depth = 0
    while i < len(tokens):
        depth += tokens[i].nesting
        i += 1
        if depth <= 0:
            return i
    return i


# -- rendering blocks back to markdown ------------------------------------------------------


def render(block: Block, keep_gaps: bool = False) -> str:
    """A block as markdown. A "TODO" line marks a gap, no part of an answer: left out
    unless `keep_gaps` (an explicit card's answer is kept exactly as written)."""
    from tcpquiz.notes.classify import is_gap

    if isinstance(block, Para):
        return HARD_BREAK.join(line.md for line in block.lines
                               if line.md and (keep_gaps or not is_gap(line.plain)))
    if isinstance(block, Heading):
        return f"**{block.line.md}**" if block.line.md else ""
    if isinstance(block, ListBlock):
        parts = []
        for index, item in enumerate(block.items):
            marker = f"{item.number if item.number is not None else index + 1}." if block.ordered else "-"
            if text := render_blocks(item.blocks, keep_gaps):
                parts.append(_indent(text, marker))
        return "\n".join(parts)
    if isinstance(block, Table):
        width = max([len(block.header)] + [len(row.cells) for row in block.rows])
        head = list(block.header) + [Line(0, "", "")] * (width - len(block.header))
        lines = [_row([c.md for c in head]), _row(["---"] * width)]
        for row in block.rows:
            lines.append(_row([c.md for c in row.cells] + [""] * (width - len(row.cells))))
        return "\n".join(lines)
    if isinstance(block, MathBlock):
        return f"$$\n{block.text.strip()}\n$$"
    if isinstance(block, Fence):
        text = block.text.rstrip("\n")
        fence = "`" * max(3, _longest_run(text, "`") + 1)
        return f"{fence}{block.info}\n{text}\n{fence}"
    if isinstance(block, Quote):
        return "\n".join(f"> {line}".rstrip() for line in render_blocks(block.blocks, keep_gaps).split("\n"))
    return ""


def render_blocks(blocks: list[Block] | tuple[Block, ...], keep_gaps: bool = False) -> str:
    return "\n\n".join(text for text in (render(block, keep_gaps) for block in blocks) if text.strip())


def _indent(text: str, marker: str) -> str:
    pad = " " * (len(marker) + 1)
    lines = text.split("\n")
    return "\n".join([f"{marker} {lines[0]}"] + [f"{pad}{line}" if line else "" for line in lines[1:]])


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") or " " for cell in cells) + " |"


def plain_text(blocks: list[Block] | tuple[Block, ...]) -> str:
    """The bare text of some blocks, for judging them (not for showing)."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            parts.extend(line.plain for line in block.lines)
        elif isinstance(block, Heading):
            parts.append(block.line.plain)
        elif isinstance(block, ListBlock):
            parts.extend(plain_text(item.blocks) for item in block.items)
        elif isinstance(block, Table):
            parts.extend(cell.plain for cell in block.header)
            parts.extend(cell.plain for row in block.rows for cell in row.cells)
        elif isinstance(block, Fence | MathBlock):
            parts.append(block.text)
        elif isinstance(block, Quote):
            parts.append(plain_text(block.blocks))
    return "\n".join(part for part in parts if part)


def strip_lead(md: str, lead: str) -> str | None:
    """`md` without its opening words `lead` (given as plain text) and the colon after them.

    `strip_lead("**UDP：速度快**的协议", "UDP")` is "速度快的协议": markup inside the lead
    is skipped over, and an emphasis the cut leaves unpaired is dropped. None when
    `md` does not start with `lead`.
    """
    i = 0
    skippable = "*_\\`~"
    for ch in lead:
        if ch.isspace():
            while i < len(md) and md[i].isspace():
                i += 1
            continue
        while i < len(md) and md[i] != ch and (md[i] in skippable or md[i].isspace()):
            i += 1
        if i >= len(md) or md[i] != ch:
            return None
        i += 1
    while i < len(md) and (md[i] in "*_~" or md[i] in " \t"):
        i += 1
    if i < len(md) and md[i] in "：:":
        i += 1
    while i < len(md) and (md[i] in "*_~" or md[i] in " \t"):
        i += 1
    head, rest = md[:i], md[i:]
    for mark in ("**", "~~", "`"):
        if head.count(mark) % 2 and mark in rest:
            rest = rest.replace(mark, "", 1)
    return rest.strip()


def bold(md: str) -> str:
    """`md` in bold where the marks will pair again; as it is where they would not."""
    return f"**{md}**" if _hugs(md) and "**" not in md else md


def without_lines(blocks: list[Block] | tuple[Block, ...], taken: set[int]) -> list[Block]:
    """The blocks with the lines in `taken` (0-based) removed: what explicit cards left over.

    Paragraphs lose just those lines; a list loses the items left empty; a table, a
    code block or a math block touched by `taken` goes as a whole.
    """
    if not taken:
        return list(blocks)
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(block)
        elif isinstance(block, Para):
            lines = tuple(line for line in block.lines if line.number not in taken)
            if len(lines) == len(block.lines):
                out.append(block)
            elif lines:
                out.append(Para(lines[0].number, lines[-1].number + 1, lines))
        elif isinstance(block, ListBlock):
            items = []
            for item in block.items:
                inner = without_lines(item.blocks, taken)
                if inner:
                    items.append(replace(item, blocks=tuple(inner)))
            if items:
                out.append(replace(block, items=tuple(items)))
        elif isinstance(block, Quote):
            inner = without_lines(block.blocks, taken)
            if inner:
                out.append(replace(block, blocks=tuple(inner)))
        elif isinstance(block, Table):
            if block.start in taken:
                continue
            rows = tuple(row for row in block.rows if row.number not in taken)
            if rows:
                out.append(replace(block, rows=rows))
        elif not any(line in taken for line in range(block.start, block.end)):
            out.append(block)
    return out
