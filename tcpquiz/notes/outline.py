"""The note as sections: a title (a heading, or a label written as text) and the blocks under it.

People head their notes with `#`, but just as often with a bold line (`**标志位：**`),
a short line ending in a colon (`三次握手原理：`), a question on its own line, a
one-item list (`8. 为什么是四次挥手`) or a short line with no punctuation at all
(`TCP和UDP的区别`). Each of these opens a section like a heading one level below the
current one; a label with nothing under it but more labels is their parent, and a
line ending in a colon right under a heading ("Two reasons:") opens that heading's
answer instead. Three or more blank lines end a section's answer: a Typora habit for
"new topic", and the reason `读 60 遍` is not read as part of the answer about 2MSL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tcpquiz.notes.blocks import Block, Heading, Line, ListBlock, Para, strip_lead
from tcpquiz.notes.text import (
    bare_label,
    bold_label,
    clean_title,
    colon_label,
    is_question,
    is_toc_title,
    leading_question,
    letters,
    names_lines_below,
    question_label,
)

GAP_LINES = 3  # blank lines that end a section's answer


@dataclass(frozen=True)
class Title:
    text: str  # plain text, numbering and trailing colon removed
    line: int
    question: bool
    level: int  # 1-6 for a markdown heading, 0 for a label found in the text

    @property
    def heading(self) -> bool:
        return self.level > 0

    @property
    def toc(self) -> bool:
        return is_toc_title(self.text)


@dataclass(frozen=True)
class Section:
    title: Title | None
    path: tuple[Title, ...]  # the titles above it, outermost first
    blocks: tuple[Block, ...]


def heading_titles(blocks: list[Block]) -> dict[int, str]:
    """Line -> cleaned title of every markdown heading."""
    return {b.start: clean_title(b.line.plain) for b in blocks if isinstance(b, Heading)}


def _title(text: str, line: int, level: int) -> Title:
    cleaned = clean_title(text)
    return Title(cleaned, line, is_question(cleaned), level)


@dataclass(frozen=True)
class Label:
    title: Title
    rest: Block | None  # what is left of the block after the label line
    introduces: bool  # ends with a colon: "Two reasons:" may just introduce the text under a heading


def split_label(block: Block) -> Label | None:
    """The label a block opens with, and what is left of the block after it."""
    if isinstance(block, Para):
        first, rest = block.lines[0], block.lines[1:]
        text = first.plain
        if first.link_only or not text:
            return None
        is_label = (
            (first.bold and bold_label(text))
            or colon_label(text)
            or (not rest and (question_label(text) or bare_label(text)))
            # a question line over its answer; several questions make a Q&A paragraph instead
            or (rest and question_label(text) and not any(leading_question(ln.plain) for ln in rest))
            # a short name over the lines that explain it: "零窗口问题" / "当接收方窗口为 0 时…"
            or (rest and names_lines_below(text) and not first.bold and not any(ln.bold for ln in rest))
        )
        if not is_label:
            return None
        remainder = Para(rest[0].number, block.end, rest) if rest else None
        return Label(_title(text, first.number, 0), remainder, _introduces(text))
    if isinstance(block, ListBlock) and len(block.items) == 1:
        item = block.items[0]
        if len(item.blocks) == 1 and isinstance(item.blocks[0], Para) and len(item.blocks[0].lines) == 1:
            line = item.blocks[0].lines[0]
            if not line.link_only and (
                question_label(line.plain) or colon_label(line.plain) or (line.bold and bold_label(line.plain))
            ):
                return Label(_title(line.plain, line.number, 0), None, False)
    return None


def _introduces(text: str) -> bool:
    text = text.strip()
    return text.endswith(("：", ":")) and not is_question(text)


def links_only(block: Block) -> bool:
    """A paragraph or list of links and nothing else: a table of contents, a reading list."""
    if isinstance(block, Para):
        return all(line.link_only or not line.plain for line in block.lines)
    if isinstance(block, ListBlock):
        return all(links_only(inner) for item in block.items for inner in item.blocks)
    return False


# An aspect label ("原理", "检测", "防范", "Cause") names a part of what the heading above
# it is about, in at most this many letters (an ideograph is one), or one English word.
ASPECT_LETTERS = 4
_INLINE_ASPECT = re.compile(r"^\s*([^\s，,。：:]{1,16})\s*[：:]\s*(\S.*)$")


def is_aspect(text: str) -> bool:
    """A label that names only a part or an aspect of what the heading above is about."""
    if any(ch.isascii() and ch.isalpha() for ch in text):
        return len(text.split()) == 1
    return letters(text) <= ASPECT_LETTERS


def inline_aspect(block: Block) -> Label | None:
    """A one-line paragraph "检测：当在服务器上看到…" read as the aspect label it opens and
    the text after it: after "原理：" and its list, the next aspect of the same answer."""
    if not isinstance(block, Para) or len(block.lines) != 1:
        return None
    line = block.lines[0]
    match = _INLINE_ASPECT.match(line.plain)
    # an acronym ("ACK：…") is a term being defined, not an aspect of the answer
    if match is None or not is_aspect(match[1]) or not any(ch.isalpha() for ch in match[1]) or match[1].isupper():
        return None
    rest = strip_lead(line.md, match[1])
    if not rest:
        return None
    text = Line(line.number, rest, match[2].strip())
    return Label(_title(match[1], line.number, 0), Para(line.number, block.end, (text,)), False)


def _bold_label(block: Block) -> bool:
    if not isinstance(block, Para) or not block.lines[0].bold:
        return False
    label = split_label(block)
    return label is not None and label.introduces


def _bold_label_runs(blocks: list[Block]) -> set[int]:
    """Blocks that open with a bold label ending in a colon ("**服务端：**") followed, under the
    same heading, by another of the kind ("**客户端：**"): parts of one answer, side by side,
    so the first is a part like the others rather than the heading's whole answer."""
    runs: set[int] = set()
    found: list[int] = []
    for index, block in enumerate([*blocks, None]):
        if block is None or isinstance(block, Heading):
            if len(found) > 1:
                runs.update(found)
            found = []
        elif _bold_label(block):
            found.append(index)
    return runs


# An arrow or an equals sign relates two things: "往返时间抖动越大 -> 余量越大" says something.
_RELATION = re.compile(r"[-=]+>|→|=")


def _only_a_name(block: Block) -> bool:
    """A label block that only names a topic ("**TCP有限状态机**", "**TCP Sawtooth**"), as
    opposed to one that states something ("**Timeout: EstimatedRTT plus a margin**")."""
    label = split_label(block)
    return label is not None and bare_label(label.title.text) and not _RELATION.search(label.title.text)


def outline(blocks: list[Block]) -> list[Section]:
    sections: list[Section] = []
    stack: list[tuple[int, Title]] = []
    parent: Title | None = None  # a label with nothing under it but more labels: their parent
    title: Title | None = None
    path: tuple[Title, ...] = ()
    body: list[Block] = []
    previous_end: int | None = None
    base_level = 0  # the level of the last markdown heading: a <summary> sits one below it
    in_summary = False
    # The blocks the current label and its parent labels were read from: a label that ends
    # up with nothing under it ("**Timeout: EstimatedRTT plus a margin**" then a heading)
    # headed nothing, so what it says is text of the headings above.
    label_blocks: list[Block] = []

    def close() -> None:
        if title is not None and not title.heading and not title.question and not body and label_blocks:
            # a bare name ("**TCP有限状态机**" over a missing picture) says nothing of its own
            said = [b for b in label_blocks if not _only_a_name(b)]
            if said:
                sections.append(Section(None, tuple(t for _level, t in stack), tuple(said)))
        elif title is not None or body:
            sections.append(Section(title, path, tuple(body)))

    def above() -> tuple[Title, ...]:
        return tuple(t for _level, t in stack) + ((parent,) if parent else ())

    sibling_labels = _bold_label_runs(blocks)
    for index, block in enumerate(blocks):
        gap = block.start - previous_end if previous_end is not None else 0
        previous_end = block.end
        if isinstance(block, Heading):
            close()
            parent = None
            level = min(6, base_level + 1) if block.relative else block.level
            if block.relative:
                in_summary = True
            elif not in_summary or block.level <= base_level:
                base_level, in_summary = block.level, False  # headings inside a <details> nest under its summary
            heading = _title(block.line.plain, block.start, level)
            label_blocks = []
            stack = [(lv, t) for lv, t in stack if lv < level]
            path = tuple(t for _level, t in stack)
            stack.append((level, heading))
            title, body = (heading if heading.text else None), []
            continue
        if gap >= GAP_LINES and body:
            close()  # what follows is loose text under the same headings, not part of this answer
            parent, label_blocks = None, []
            title, path, body = None, above(), []
        if title is not None and title.toc and not links_only(block):
            # A table of contents holds links; the first text that is not one (the note's
            # introduction, under `# 目录` and a rule) is the note's own text again.
            close()
            stack = [(level, t) for level, t in stack if t is not title]
            parent, label_blocks = None, []
            title, path, body = None, above(), []
        label = split_label(block)
        if label is None and title is not None and not title.heading and is_aspect(title.text) and body \
                and isinstance(body[-1], ListBlock):
            label = inline_aspect(block)  # "原理：" over a list, then "检测：当…": the next aspect
        if (label is not None and label.introduces and title is not None and title.heading and not body
                and index not in sibling_labels):
            label = None  # "## TIME-WAIT" then "Two reasons:": the line opens the heading's own answer
        if label is not None:
            if title is not None and not title.heading and not body:
                parent = title  # "TCP与UDP对比" then "**区别：**": an empty label heads the labels after it
            else:
                close()
                label_blocks = []
            title, path = label.title, above()
            body = [label.rest] if label.rest is not None else []
            label_blocks.append(block)
            continue
        body.append(block)
    close()
    return sections
