"""Card markdown -> HTML for Anki fields, collecting the local images it shows as media.

Raw HTML in a note is escaped, not passed through: notes are text, and a stray
`<div>` must not break a card's layout. Remote images stay links (Anki shows them when
online); local images that exist are carried as media under a name derived from their
content; local images that are missing are left out, with a warning. A Chinese sentence
wrapped over two lines in the source stays one sentence, with no space in the middle.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from tcpquiz.export.media import check_media
from tcpquiz.formulas import CODE, replace_math
from tcpquiz.text import NO_SPACES

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

REMOTE_SCHEMES = {"http", "https", "data"}
# Text written without spaces: Chinese characters, kana, CJK punctuation and full-width forms.
CJK = re.compile(f"[{NO_SPACES}]")

# Text in which markdown can find nothing but paragraphs: no character that opens inline
# markup (escapes, code, emphasis, links, autolinks, entities, tables), no whitespace but
# spaces and newlines, and no line that could open a block (heading, quote, list, rule,
# code, setext underline) or be read as indented.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]<&|~]|[^\S \n]|[\x00-\x09\x0b-\x1f\x7f]")
_BLOCK_START = re.compile(r"^(?:[#>+\-=*_|~` ]|\d{1,9}[.)])", re.MULTILINE)
_LIST_ITEM = re.compile(r"(?:-|(?P<number>\d{1,9})\.) (?P<content>.*)")


class HtmlRenderer:
    """Renders fields for one export; `media` and `warnings` fill up as it goes."""

    def __init__(self) -> None:
        self._parser: MarkdownIt | None = None  # made when first needed: an export whose fields were all kept needs none
        self.media: dict[str, Path] = {}  # media name in the package -> file on disk
        self.warnings: list[str] = []
        self.local_images = 0  # met so far: HTML that shows one depends on files as well as on the text
        self._names: dict[Path, str] = {}
        self._refused: set[Path] = set()

    def render(self, text: str, *, base: Path | None = None, where: str = "", root: Path | None = None) -> str:
        """HTML for a markdown text. `base` is the directory relative image paths start
        from; `root` the notes' folder media must lie in (default: `base`); `where`
        names the card in warnings."""
        if not text.strip():
            return ""
        if "<img" in text.lower():
            text = img_tags_as_markdown(text)
        text, formulas = _set_math_aside(text)
        plain = plain_html(text)
        rendered = plain if plain is not None else self.render_markdown(text, base=base, where=where, root=root)
        return _put_math_back(rendered, formulas) if formulas else rendered

    def render_markdown(self, text: str, *, base: Path | None = None, where: str = "",
                        root: Path | None = None) -> str:
        """`render` through markdown-it, for any text."""
        md = self._markdown()
        tokens = md.parse(text)
        for token in tokens:
            if token.type == "inline" and token.children:
                children = [child for child in token.children
                            if self._resolve_image(child, base, where, root or base)]
                token.children = _join_chinese_lines(children)
        return md.renderer.render(tokens, md.options, {}).strip()

    def _markdown(self) -> MarkdownIt:
        if self._parser is None:
            from markdown_it import MarkdownIt

            # The notes importer parses with tables enabled, so cards may hold tables.
            self._parser = MarkdownIt("commonmark", {"html": False}).enable("table")
        return self._parser

    def _resolve_image(self, token, base: Path | None, where: str, root: Path | None) -> bool:
        """Point a local image at its media file. False: the image is missing or may not
        be packed (tcpquiz.export.media), drop it."""
        if token.type != "image":
            return True
        src = str(token.attrs.get("src", ""))
        parts = urlsplit(src)
        if parts.scheme.lower() in REMOTE_SCHEMES:
            return True
        self.local_images += 1
        # markdown-it percent-encodes link targets (Chinese file names, spaces, backslashes).
        raw = unquote(parts.path if parts.scheme.lower() == "file" else src)
        path = Path(raw).expanduser()
        if not path.is_absolute() and base is not None:
            path = base / path
        prefix = f"{where}: " if where else ""
        if not path.is_file():
            self.warnings.append(f"{prefix}the image {raw} was not found, so it was left out.")
            return False
        checked = check_media(path, root)
        if checked.path is None:
            if path not in self._refused:  # one warning per file, however many cards show it
                self._refused.add(path)
                self.warnings.append(f"{prefix}the file {raw} was left out: {checked.reason}.")
            return False
        try:
            token.attrs["src"] = self._media_name(checked.path)
        except OSError as exc:
            self.warnings.append(f"{prefix}the image {raw} cannot be read ({exc.strerror}), so it was left out.")
            return False
        return True

    def _media_name(self, path: Path) -> str:
        name = self._names.get(path)
        if name is None:
            # Anki's media folder is flat: two notes' "diagram.png" must not collide, and a
            # changed image must not be mistaken for the old one. The content hash does both
            # and keeps the name the same from one export to the next.
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            stem = re.sub(r"[^\w.-]+", "_", path.stem)
            name = f"{stem}-{digest}{path.suffix.lower()}"
            self._names[path] = name
            self.media[name] = path
        return name


def _set_math_aside(text: str) -> tuple[str, list[str]]:
    r"""The text with each formula (outside code) replaced by a mark, and the formulas as
    MathJax, which Anki renders: \(...\) inline, \[...\] on a line of its own. Markdown would
    otherwise take `\(` for an escaped parenthesis and `_` or `*` in a formula for emphasis."""
    formulas: list[str] = []

    def mark(formula: str) -> str:
        formulas.append(formula)
        return f"\ue000{len(formulas) - 1}\ue001"

    kept = replace_math(text, lambda f: mark(f"\\({f}\\)"), lambda f: mark(f"\\[{f}\\]"))
    return kept, formulas


_MATH_MARK = re.compile("\ue000(\\d+)\ue001")  # private-use characters, which notes do not use


def _put_math_back(rendered: str, formulas: list[str]) -> str:
    def formula(match: re.Match[str]) -> str:
        index = int(match[1])
        return escape_html(formulas[index]) if index < len(formulas) else match[0]  # a mark the note itself held

    return _MATH_MARK.sub(formula, rendered)


_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def img_tags_as_markdown(text: str) -> str:
    """`<img src alt>` written in a note as a markdown image, so that it is found, checked
    and packed like one (raw HTML is otherwise shown as text); code is left alone."""

    def image(match: re.Match[str]) -> str:
        attrs = {m[1].lower(): m[2] if m[2] is not None else m[3] if m[3] is not None else m[4]
                 for m in _ATTRIBUTE.finditer(match[0])}
        src = attrs.get("src", "").strip()
        if not src or any(ch in src for ch in "<>\n"):
            return match[0]
        alt = attrs.get("alt", "").replace("[", "").replace("]", "")
        return f"![{alt}](<{src}>)"

    parts = CODE.split(text)
    return "".join(part if index % 2 else _IMG_TAG.sub(image, part) for index, part in enumerate(parts))


def escape_html(raw: str) -> str:
    """Text as markdown-it escapes it (markdown_it.common.utils.escapeHtml, which importing
    markdown-it would cost): &, <, > and ", not ' (html.escape escapes ' too)."""
    return raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def plain_html(text: str) -> str | None:
    """The HTML markdown-it renders for plain text, or None for text with any markup.

    Plain text is paragraphs of plain words, or a list of one-line plain items (`- a`,
    or `1. a`). Most card fields are that, and parsing each of 10,000 cards' fields with
    markdown-it was most of an export's time (benchmarks/run.py measures it). A test
    checks this against `render_markdown` on generated text.
    """
    if _INLINE_MARKUP.search(text):
        return None
    if not _BLOCK_START.search(text):
        return "\n".join(_paragraph(block.split("\n")) for block in re.split(r"\n\n+", text.strip("\n")))
    items = _list_items(text.strip("\n").split("\n"))
    if items is None or len({item["number"] is None for item in items}) > 1:
        return None  # not a list, or a bulleted list next to a numbered one
    contents = [item["content"].rstrip(" ") for item in items]
    if not all(contents) or any(_BLOCK_START.match(content) for content in contents):
        return None  # an empty item, or one that opens a block of its own
    number = items[0]["number"]
    tag = "ul" if number is None else "ol"
    start = f' start="{int(number)}"' if number is not None and int(number) != 1 else ""
    return f"<{tag}{start}>\n" + "".join(f"<li>{escape_html(content)}</li>\n" for content in contents) + f"</{tag}>"


def _list_items(lines: list[str]) -> list[re.Match[str]] | None:
    """Each line read as a one-line list item, or None when any line is not one."""
    items = []
    for line in lines:
        if (item := _LIST_ITEM.fullmatch(line)) is None:
            return None
        items.append(item)
    return items


def _paragraph(lines: list[str]) -> str:
    html = escape_html(lines[0].rstrip(" "))
    for before, line in itertools.pairwise(lines):
        after = line.rstrip(" ")
        if before.endswith("  "):
            html += "<br />\n"  # two spaces at the end of a line: a hard break
        elif not (CJK.match(before.rstrip(" ")[-1]) and CJK.match(after[0])):
            html += "\n"  # a soft break, except inside a Chinese sentence (see _join_chinese_lines)
        html += escape_html(after)
    return f"<p>{html}</p>"


def _join_chinese_lines(children: list) -> list:
    """Drop a soft line break between two Chinese characters.

    A browser (Anki's card view is one) shows a soft break as a space, which is right
    between English words and wrong inside a Chinese sentence that was wrapped in the
    source: "客户端\n发送" must read "客户端发送".
    """
    texts = [child.content for child in children]  # empty for markup such as **
    kept = []
    for index, child in enumerate(children):
        if child.type == "softbreak":
            before = next((text for text in reversed(texts[:index]) if text), "")
            after = next((text for text in texts[index + 1:] if text), "")
            if before and after and CJK.match(before[-1]) and CJK.match(after[0]):
                continue
        kept.append(child)
    return kept
