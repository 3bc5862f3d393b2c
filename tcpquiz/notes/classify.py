"""The classify pass: which parts of a note are content, and why the others are not.

Content is what a card should teach. The rest is named, so that "nothing lost" can be
measured (coverage.py) and `tcpquiz import --report` can say why a line is in no card:

* contents: a table of contents (`# 目录`, `[TOC]`, a list of links to headings);
* references: a "References"/"参考资料" section, a "详细资料可以参考：" lead-in, link lines;
* image: a picture or its caption ("如下图所示：" with nothing else to say);
* study log: progress lines such as "读 60 遍" or "TCP 章听 5 遍 完成 1 遍";
* placeholder: "TODO", "略", "待补充": a gap the author means to fill;
* code: a program in a code block (prose written in a fence is content);
* lead-in: "The control bits:" above a table whose rows make the cards;
* questions without answers: a list of the questions a note goes on to answer.

Pure string and block work; every pattern here is linear in the text it reads.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from tcpquiz.notes.blocks import Block, Fence, Item, ListBlock, Para, Quote
from tcpquiz.notes.text import (
    Definition,
    fold,
    is_figure_ref,
    is_question,
    is_toc_title,
    letters,
    points_forward,
    split_gloss,
)


class NotContent(StrEnum):
    CONTENTS = "contents"
    REFERENCES = "references"
    IMAGE = "image or caption"
    STUDY_LOG = "study log"
    PLACEHOLDER = "placeholder"
    CODE = "code"
    QUESTIONS = "questions without answers"
    LEAD_IN = "lead-in of a list or table"
    FRONT_MATTER = "front matter"


# Headings of the sections that list sources rather than teach: their text is references.
REFERENCE_TITLES = {fold(t) for t in (
    "参考", "参考资料", "参考文献", "参考链接", "参考文章", "相关链接", "链接", "延伸阅读", "扩展阅读", "推荐阅读",
    "巨人的肩膀", "资料", "来源", "出处", "致谢",
    "reference", "references", "source", "sources", "links", "further reading", "see also", "resources",
    "bibliography", "credits", "acknowledgements", "acknowledgments",
)}
# A line that introduces a list of sources: "详细资料可以参考：", "Sources:", "图片来自：".
_REFERENCE_LEAD = re.compile(
    r"(参考|来源|出处|来自|引用|转载|原文|资料)[^。！？]{0,12}[：:]?\s*$|^(sources?|references?|see|via|from|credits?)\s*[:：]",
    re.IGNORECASE,
)
# An image credit or a source given as a link: "图片来自：https://…", "Source: https://…".
_CREDIT = re.compile(r"(来自|来源|出处|参考|引用|转载|source|credit|via|from)[^：:\n]{0,8}[：:]\s*(?:https?://|www\.)",
                     re.IGNORECASE)


def _credits(text: str) -> bool:
    """_CREDIT, tried only on a line with a link in it: its words are in most lines of a
    note, its link in few, and a case-blind alternation of words is slow to scan for."""
    return ("://" in text or "www." in text.lower()) and _CREDIT.search(text) is not None


# A pointer to another note: "See TCP Handshake", "参见《拥塞控制》".
_SEE = re.compile(r"^(?:see(?: also)?|参见|详见|请见|见)\s*\S[^。.!?！？]{0,40}[.。]?$", re.IGNORECASE)
# Progress notes: "读 60 遍", "听 5 遍 完成 1 遍", "read it 3 times".
_STUDY_LOG = re.compile(r"(?<!\d)\d+\s*遍|\b(read|listened|reviewed)\b[^.]{0,20}\b\d+\s*times\b", re.IGNORECASE)
PLACEHOLDERS = {fold(word) for word in (
    "略", "无", "暂无", "待补充", "待定", "待续", "未完", "展开", "收起", "TODO", "TBD", "FIXME", "WIP", "N/A",
)}
_PLACEHOLDER_MARK = re.compile(r"^\W*(todo|tbd|fixme)\b", re.IGNORECASE)
# A short line that ends by pointing at a picture or table below it ("TCP 的拥塞控制可以归纳为
# 以下流程图", "The whole procedure is summed up in the diagram below:") is its caption.
_FIGURE_BELOW = re.compile(
    r"(?:以下|下面|下列|如下)的?[^，,。；;]{0,8}(?:图|图示|表格?)[。.：:]?$"
    r"|\b(?:figure|diagram|picture|chart|flowchart|image) below[.:]?$",
    re.IGNORECASE,
)
# A sentence end before the last character: a line that says something before it points on.
_SENTENCE_INSIDE = re.compile(r"[。！？!?；;]\s*\S|\.\s+\S")
# A progress note, a placeholder, a pointer or a caption is short: a line with more letters
# than this is content, whatever words it holds ("3 遍" said in passing is not a study log).
STUDY_LOG_LETTERS = 40
# A line that points at the text after it is one clause ("The following example shows how the
# window grows:"): with more letters than this it says something of its own as well.
POINTER_LETTERS = 64


def section_reason(title: str) -> NotContent | None:
    """Why a whole section is not content, judged by its title."""
    if is_toc_title(title):
        return NotContent.CONTENTS
    if fold(title) in REFERENCE_TITLES:
        return NotContent.REFERENCES
    return None


@lru_cache(maxsize=1024)  # every pass that skips what is not content asks it of the same lines again
def line_reason(plain: str, link_only: bool = False) -> NotContent | None:
    """Why one line of text is not content (None: it is)."""
    text = plain.strip()
    if link_only:
        return NotContent.REFERENCES
    count = letters(text)
    if not count:
        return NotContent.IMAGE  # only an image (or nothing a reader can read)
    if count <= POINTER_LETTERS and points_forward(text) and (is_question(text) or text.endswith(("：", ":"))) \
            and not _SENTENCE_INSIDE.search(text):
        return NotContent.LEAD_IN  # "下面的例子说明了窗口是怎样变化的": the text after it says that
    if count <= POINTER_LETTERS and _FIGURE_BELOW.search(text) and not _SENTENCE_INSIDE.search(text):
        return NotContent.IMAGE  # "…可以归纳为以下流程图": it only says a picture follows
    # Every rule below is for short lines: a long line is content (and costs no regex).
    if count > STUDY_LOG_LETTERS:
        return NotContent.REFERENCES if _credits(text) else None
    if is_toc_title(text):
        return NotContent.CONTENTS  # Typora's "[toc]"
    if fold(text) in PLACEHOLDERS or _PLACEHOLDER_MARK.match(text):
        return NotContent.PLACEHOLDER
    if (count <= 16 and _REFERENCE_LEAD.search(text)) or _credits(text) or _SEE.match(text):
        return NotContent.REFERENCES
    if _STUDY_LOG.search(text):
        return NotContent.STUDY_LOG
    if count <= 12 and is_figure_ref(text):
        return NotContent.IMAGE  # "如下图所示：", "See the figure below"
    return None


# Placeholders that can be the answer itself ("缺点：无", "Options: N/A"): kept where they stand.
ANSWERING_PLACEHOLDERS = {fold(word) for word in ("无", "暂无", "N/A")}


def is_gap(plain: str) -> bool:
    """A line that only marks a gap the author means to fill ("TODO read up on this",
    "待补充"): no answer shows it, though it stays in the tree, so the structure around
    it reads as written, and coverage counts it as a placeholder."""
    text = plain.strip()
    if letters(text) > STUDY_LOG_LETTERS:
        return False  # a long line says more than that a gap is there
    folded = fold(text)
    return (folded in PLACEHOLDERS or _PLACEHOLDER_MARK.match(text) is not None) and folded not in ANSWERING_PLACEHOLDERS


def block_reason(block: Block) -> NotContent | None:
    """Why a whole block is not content: a list of links, a program, an empty quote."""
    if isinstance(block, Para):
        if block.lines and line_reason(block.lines[0].plain, block.lines[0].link_only) is None:
            return None  # its first line is content: neither rule below can hold, so the rest need not be read
        reasons = [line_reason(line.plain, line.link_only) for line in block.lines]
        if reasons and all(reasons):
            return reasons[0]
        if reasons and reasons[0] == NotContent.REFERENCES and all(
            r == NotContent.REFERENCES or line.link_only for r, line in zip(reasons, block.lines, strict=True)
        ):
            return NotContent.REFERENCES
        return None
    if isinstance(block, ListBlock):
        if block.items and all(_head_reason(item) == NotContent.REFERENCES for item in block.items):
            return NotContent.REFERENCES
        if len(block.items) >= 2 and all(_bare_question(item) for item in block.items):
            return NotContent.QUESTIONS  # the questions a note goes on to answer: an outline, not facts
        return None
    if isinstance(block, Quote):
        inner = [block_reason(b) for b in block.blocks]
        return inner[0] if inner and all(inner) else None
    if isinstance(block, Fence):
        return None if prose_fence(block) else NotContent.CODE
    return None


def _bare_question(item: Item) -> bool:
    first = item.blocks[0] if item.blocks else None
    if not isinstance(first, Para) or len(item.blocks) > 1 or len(first.lines) > 1:
        return False
    text = first.lines[0].plain.strip()
    return is_question(text) and text[-1:] in "？?" and text.count("？") + text.count("?") == 1


def _head_reason(item: Item) -> NotContent | None:
    first = item.blocks[0] if item.blocks else None
    if isinstance(first, Para) and len(item.blocks) == 1:
        return block_reason(first)
    return None


PROSE_FENCES = {"", "txt", "text", "plain", "plaintext", "md", "markdown", "note", "notes", "qa", "q&a"}
_COMMENT = re.compile(r"^\s*(?://+|#+(?!\w)|--)\s?")
MIN_COMMENTS = 2  # one comment over one line of code annotates it; notes explained in comments run longer
CODE_SHARE = 0.3  # lines that end like code (`;`, `{`, `}`) past this share make an untagged fence a program


def prose_lines(block: Fence) -> list[tuple[int, str]]:
    """The prose in a code fence, as (line offset in the fence, text): every line of an
    untagged fence that reads as sentences (Typora and CSDN exports), or the comments of
    code explained mostly in `//` comments. Empty for a program."""
    lines = block.text.split("\n")
    filled = [ln.strip() for ln in lines if ln.strip()]
    if not filled:
        return []
    comments = [(i, text) for i, ln in enumerate(lines) if (text := comment_text(ln))]
    if len(comments) >= MIN_COMMENTS and (len(comments) * 2 > len(filled) or _numbers_parts(comments)):
        return comments
    if block.info.lower() not in PROSE_FENCES or not reads_as_prose(lines):
        return []
    return [(i, ln.strip()) for i, ln in enumerate(lines) if ln.strip()]


# A comment that numbers a part of the code under it: "// 1. 固定长度", "// 方案2：使用成熟的协议",
# "# Option 2: a length prefix".
_PART_NUMBER = re.compile(r"^(?:(\d{1,2})\s*[.、)）]|[^\W\d_]{1,8}\s?(\d{1,2})\s*[：:])\s*\S")


def _numbers_parts(comments: list[tuple[int, str]]) -> bool:
    """Comments that number the parts of a fence one after another (1, 2, …): the author's
    outline of the options the code shows, written between the code. The comments are
    read as prose; the code under each only illustrates it."""
    numbers = [int(found[1] or found[2]) for _i, text in comments if (found := _PART_NUMBER.match(text))]
    return numbers[:2] == [1, 2]


def reads_as_prose(lines: list[str]) -> bool:
    """Lines of sentences rather than code or a diagram: mostly letters, few lines ending
    like code, and at least one sentence end."""
    filled = [ln.strip() for ln in lines if ln.strip()]
    if not filled:
        return False
    code_like = sum(1 for ln in filled if ln.endswith((";", "{", "}", ")")) or ln.startswith(("$", "#include")))
    joined = "".join(filled)
    return (code_like <= CODE_SHARE * len(filled) and letters(joined) * 2 >= len(joined)
            and any(ch in joined for ch in "。.！!？?"))


def prose_fence(block: Fence) -> bool:
    return bool(prose_lines(block))


def comment_text(line: str) -> str | None:
    """The text of a `//` or `#` comment line, None for a line of code."""
    if not _COMMENT.match(line):
        return None
    return _COMMENT.sub("", line, count=1).strip()


# A list of at least this many one-line items, most of them a term and its gloss
# ("RTO （Retransmission TimeOut） 重传超时时间", "cwnd 拥塞窗口"), is a glossary: each such
# item is a definition. Fewer items, or fewer glosses, are as likely remarks in brackets.
GLOSSARY_ITEMS = 3
GLOSSARY_SHARE = 0.6


def glossary_list(block: ListBlock) -> list[Definition | None] | None:
    """The gloss of each item of a glossary list (None for an item of another shape);
    None when the list is not a glossary."""
    glosses: list[Definition | None] = []
    for item in block.items:
        first = item.blocks[0] if item.blocks else None
        if len(item.blocks) != 1 or not isinstance(first, Para) or len(first.lines) != 1:
            return None
        glosses.append(split_gloss(first.lines[0].plain))
    if len(glosses) < GLOSSARY_ITEMS or sum(1 for g in glosses if g) < GLOSSARY_SHARE * len(glosses):
        return None
    return glosses
