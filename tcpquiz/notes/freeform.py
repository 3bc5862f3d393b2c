"""Cards from notes written without any card syntax: most notes are plain headings, lists
and paragraphs, and what they teach should become cards all the same.

Per section (see outline.py):

* a titled section whose body holds numbered steps -> one SEQUENCE card for the whole
  list and one STEP card per step (or one DEFINITION per step when every step is a
  `term：definition`, like a numbered list of TCP flags);
* else a question title -> BASIC card, a statement title with a real answer -> EXPLAIN
  card (none when every block of the body already gives cards of its own);
* in any section: definitions (`term：definition` lines, `- **term**: definition`
  items, table rows), questions answered in the same paragraph or list item, and
  question/answer text held in a plain-text code fence.

Fronts are plain text; a title that means little alone gets its parent in front of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tcpquiz.cards import CardKind
from tcpquiz.notes.blocks import (
    HARD_BREAK,
    Block,
    Fence,
    Item,
    Line,
    ListBlock,
    Para,
    Quote,
    Table,
    escape_text,
    plain_text,
    render_blocks,
    strip_lead,
)
from tcpquiz.notes.classify import (
    PROSE_FENCES,
    NotContent,
    block_reason,
    section_reason,
)
from tcpquiz.notes.draft import SCREEN_LINES, Candidate, fits, plainish, shorten
from tcpquiz.notes.facts import FACT_LETTERS, HEADING_PART, asked_by_heading, fact_cards
from tcpquiz.notes.outline import Section, Title, is_aspect
from tcpquiz.notes.text import (
    ANSWER_PREFIX,
    QUESTION_PREFIX,
    SEPARATOR,
    Definition,
    Marker,
    as_question,
    clean_title,
    display_width,
    fold,
    has_cjk,
    is_question,
    leading_question,
    letters,
    meaningful,
    names_only_an_aspect,
    only_points_ahead,
    question_label,
    split_definition,
    split_named_equal,
    step_marker,
    with_context,
)
from tcpquiz.text import HAN_RANGES, char_width

_LINKS = re.compile(r"!?\[[^\[\]]*\]\([^()]*\)")  # no nested brackets: linear (see draft._LINK)
# A section card is asked whole only up to this many letters (an ideograph is one), about six
# lines of a terminal: past that it asks several facts at once, and they are asked one by one.
WHOLE_LETTERS = 240
ANSWERS_NOTHING = {NotContent.CONTENTS, NotContent.REFERENCES, NotContent.STUDY_LOG, NotContent.PLACEHOLDER,
                   NotContent.QUESTIONS}
WHOLE_SHARE = 0.7  # of a section card's answer: a fact card holding this much of it repeats it
MIN_EXPLANATION = 6  # letters and digits an answer needs before a statement heading earns a card


def extract_freeform(sections: list[Section], topic: str | None = None) -> list[Candidate]:
    """The cards of a note's sections; `topic`, the note's own name, leads a section whose
    title names only an aspect ("概述", "Overview") and has no heading above it to say of what."""
    cards: list[Candidate] = []
    repeated = repeated_titles(sections)
    for section in sections:
        titles = [*section.path, *([section.title] if section.title else [])]
        if any(section_reason(t.text) for t in titles):
            continue  # a table of contents or a list of sources: it teaches nothing (classify.py)
        cards.extend(_section_cards(section, repeated, topic))
    return cards


def repeated_titles(sections: list[Section]) -> frozenset[str]:
    """Titles (folded) that head sections under different parents: "首部格式" under both
    "UDP 协议" and "TCP 协议". The note itself shows such a title says not which one is
    meant, so what is asked under it is led by its parent too ("TCP 协议 · 首部格式 · 序号")."""
    parents: dict[str, set[str]] = {}
    for section in sections:
        if section.title is not None and section.path:
            parents.setdefault(fold(section.title.text), set()).add(fold(section.path[-1].text))
    return frozenset(title for title, above in parents.items() if len(above) > 1)


def _qualified(context: list[str], repeated: frozenset[str]) -> list[str]:
    """The context with a repeated title (repeated_titles) joined to its parent."""
    if len(context) < 2 or fold(context[-1]) not in repeated:
        return context
    title, parent = fold(context[-1]), fold(context[-2])
    if title in parent or parent in title:
        return context  # "三次握手四次挥手" over "四次挥手": the parent adds nothing the title says not
    return [*context[:-2], f"{context[-2]}{SEPARATOR}{context[-1]}"]


# -- numbered steps -------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    number: int
    line: int
    label: str | None  # "第一次握手": the step names itself
    body: str  # markdown, without the marker (and the label)
    full: str  # markdown as the step reads in the whole sequence
    head: str  # plain text of its first line, without the marker


@dataclass(frozen=True)
class Run:
    steps: tuple[Step, ...]
    intro: str  # markdown before the first step in the same paragraph
    used: frozenset[tuple[str, int, int]]  # ("line", block, line) and ("item", block, item) the steps take
    # one per step when every step is "term：definition", each term different; else None
    definitions: tuple[Definition, ...] | None

    @property
    def definitional(self) -> bool:
        return self.definitions is not None


@dataclass
class _Unit:
    """A place a step can start: a line of a paragraph, or an item of a list."""

    block: int
    index: int  # line index in a paragraph, item index in a list
    marker: Marker | None
    line: Line | None = None  # the line (for an item: its first line)
    item: Item | None = None

    @property
    def id(self) -> tuple[str, int, int]:
        return ("item" if self.item else "line", self.block, self.index)


def _units(blocks: list[Block], bullets: bool = False) -> list[_Unit]:
    """Where steps can start; `bullets`: a bulleted list's items count as numbered ones."""
    units: list[_Unit] = []
    for b, block in enumerate(blocks):
        if isinstance(block, Para):
            units.extend(_Unit(b, i, step_marker(line.plain), line=line) for i, line in enumerate(block.lines))
        elif isinstance(block, ListBlock):
            for i, item in enumerate(block.items):
                head = _head(item)
                marker: Marker | None = (
                    Marker("list", item.number if item.number is not None else i + 1, "")
                    if block.ordered or (bullets and head is not None)
                    else step_marker(head.plain) if head else None
                )
                units.append(_Unit(b, i, marker, line=head, item=item))
        else:
            units.append(_Unit(b, 0, None))
    return units


def _lead(item: Item) -> Para | None:
    """The paragraph an item opens with, if it opens with one: its first line is the item's head."""
    first = item.blocks[0] if item.blocks else None
    return first if isinstance(first, Para) else None


def _head(item: Item) -> Line | None:
    lead = _lead(item)
    return lead.lines[0] if lead is not None else None


@dataclass
class _Group:
    """One step of a run while it is found: the unit its marker starts, then its continuation lines."""

    marker: Marker
    start: _Unit
    continuation: list[_Unit]

    @property
    def units(self) -> list[_Unit]:
        return [self.start, *self.continuation]


def find_run(blocks: list[Block], bullets: bool = False) -> Run | None:
    """The first run of numbered steps in a section: at least two, numbered one after another.

    A run starts at step 1 (any number for a markdown ordered list), goes on while the
    next marker of the same kind has the next number, and takes the unmarked lines that
    follow a step in the same paragraph as part of that step.
    """
    steps: list[_Group] = []
    for unit in _units(blocks, bullets):
        marker = unit.marker
        last = steps[-1] if steps else None
        if (
            marker and last and marker.family == last.marker.family and marker.number == last.marker.number + 1
            and (marker.family != "list" or unit.block == last.start.block)
        ):
            steps.append(_Group(marker, unit, []))
        elif (not marker and steps and unit.item is None and unit.line is not None
              and unit.block == steps[-1].units[-1].block):
            steps[-1].continuation.append(unit)
        elif len(steps) >= 2:
            break
        else:
            steps = [_Group(marker, unit, [])] if marker and (marker.number == 1 or marker.family == "list") else []
    if len(steps) < 2 or sum(_asks(group.start) for group in steps) * 2 > len(steps):
        return None  # items that are mostly questions are a Q&A list: each item answers its own
    return _make_run(blocks, steps)


# Titles that name a process whose order is the point: a bulleted list under one is its steps.
# Narrower than PROCESS_WORDS: under "连接" or "机制" bullets are as often separate points.
SEQUENCE_TITLE_WORDS = ("握手", "挥手", "过程", "流程", "步骤", "handshake", "process", "procedure", "steps",
                        "teardown")
_SEQUENCE_TITLE = re.compile("|".join(map(re.escape, SEQUENCE_TITLE_WORDS)))
MIN_BULLETED_STEPS = 3  # two bullets are as often a pair of points as two steps


def bulleted_process(blocks: list[Block], title: Title) -> Run | None:
    """The steps of a process written as bullets under a title that names a process
    ("**三次握手**" over "- B 创建 TCB…", "- A 发送 SYN…"): each item an action, none a
    definition or a question, the list the first list of the section."""
    if title.question or not _SEQUENCE_TITLE.search(title.text.casefold()):
        return None
    index, first = next(((i, block) for i, block in enumerate(blocks) if isinstance(block, ListBlock)), (0, None))
    if first is None or first.ordered or len(first.items) < MIN_BULLETED_STEPS:
        return None
    actions = _leading_actions(first)
    if actions < MIN_BULLETED_STEPS:
        return None
    if actions < len(first.items):
        # "- 异常情况：…" after the steps is an aside on the process, not its next step:
        # the steps are the items before it, and the aside is read as what it is.
        blocks = [*blocks[:index], replace(first, items=first.items[:actions]), *blocks[index + 1:]]
    run = find_run(blocks, bullets=True)
    return run if run is not None and len(run.steps) == actions else None


# An aside after the steps: a short label, a colon, then what it says ("异常情况：…", "Note: …").
_STEP_ASIDE = re.compile(r"^[^，,。；;：:.!?！？/]{1,16}[：:]\s*\S")


def _action(head: Line | None) -> bool:
    return head is not None and not (is_question(head.plain) or split_definition(head.plain)
                                     or step_marker(head.plain) or _STEP_ASIDE.match(head.plain.strip()))


def _leading_actions(block: ListBlock) -> int:
    """How many items a bulleted process's steps take: all of them, or all but the asides
    after them (_STEP_ASIDE); 0 when an item of another shape breaks the run."""
    heads = [_head(item) for item in block.items]
    actions = next((i for i, head in enumerate(heads) if not _action(head)), len(heads))
    if any(head is None or not _STEP_ASIDE.match(head.plain.strip()) for head in heads[actions:]):
        return 0
    return actions


def _asks(unit: _Unit) -> bool:
    return unit.line is not None and is_question(unit.line.plain) and question_label(unit.line.plain)


def _make_step(group: _Group) -> Step:
    marker, unit = group.marker, group.start
    line, item = unit.line, unit.item
    if marker.family == "list" and item is not None:  # only a markdown ordered list's items are "list"
        body = render_blocks(item.blocks)
        head = line.plain if line else ""
        number = line.number if line else item.start
    elif line is not None:  # any other marker is read from a line: a paragraph's, or a bullet item's head
        head = line.plain[len(marker.prefix):].strip()
        first = strip_lead(line.md, marker.prefix.strip())
        lines = [escape_text(head) if first is None else first]
        rest = ""
        if item is not None:  # "- 第一次握手：…", a bullet item
            lead = _lead(item)  # the paragraph whose first line is `line`
            lines += [ln.md for ln in lead.lines[1:]] if lead is not None else []
            rest = render_blocks(item.blocks[1:])
        else:
            lines += [u.line.md for u in group.continuation if u.line is not None]  # continuations are lines
        body = "\n\n".join(part for part in (HARD_BREAK.join(x for x in lines if x), rest) if part)
        number = line.number
    else:
        raise ValueError("a step starts at a list item or a line")  # find_run starts steps only there
    label = marker.label if marker.family in ("ordinal", "step") else None
    full = f"{label}：{body}" if label and body else (label or body)
    return Step(marker.number, number, label, body, full, head)


def _make_run(blocks: list[Block], groups: list[_Group]) -> Run:
    steps = tuple(_make_step(group) for group in groups)
    used = {unit.id for group in groups for unit in group.units}
    intro_lines: list[Line] = []
    first = groups[0].start
    block = blocks[first.block]
    previous = blocks[first.block - 1] if first.block > 0 else None
    if isinstance(block, Para) and first.index > 0:  # the run starts inside a paragraph: lines before it
        intro_lines = list(block.lines[: first.index])
        used.update(("line", first.block, i) for i in range(first.index))
    elif isinstance(previous, Para) and len(previous.lines) == 1 and previous.lines[0].plain.endswith(("：", ":")):
        intro_lines = list(previous.lines)  # "Two reasons:" on its own line, right above a list
        used.add(("line", first.block - 1, 0))
    # A picture of the sequence says nothing in a terminal: the intro keeps only words.
    intro = HARD_BREAK.join(ln.md for ln in intro_lines if meaningful(plainish(_LINKS.sub("", ln.md))))
    terms = [split_definition(step.head) for step in steps]
    definitions = tuple(d for d in terms if d)
    distinct = len({fold(d.term) for d in definitions}) == len(steps)
    return Run(steps, intro, frozenset(used), definitions if len(definitions) == len(terms) and distinct else None)


def _sequence_back(run: Run, compact: bool = False) -> str:
    """The whole sequence as a list. `compact`: each step cut to its share of a screen,
    for sequences too long to show whole (the STEP cards hold every step in full)."""
    share = max(1, SCREEN_LINES // len(run.steps) - 1)
    labeled = all(step.label for step in run.steps)  # "第一次握手：…" numbers itself
    lines = []
    for index, step in enumerate(run.steps, start=1):
        text = shorten(step.full.replace(HARD_BREAK, " "), share) if compact else step.full
        marker = "-" if labeled else f"{index}."
        body = text.replace(HARD_BREAK, "\n").split("\n")
        pad = " " * (len(marker) + 1)
        lines.append(f"{marker} {body[0]}" + "".join(f"{HARD_BREAK}{pad}{part}" if part else "" for part in body[1:]))
    back = "\n".join(lines)
    return f"{run.intro}\n\n{back}" if run.intro and not compact else back


def _sequence_cards(run: Run, title: Title, parents: list[str], path: tuple[str, ...]) -> list[Candidate]:
    chinese = has_cjk(title.text)
    front = _front(title, parents)
    back = _sequence_back(run)
    if not fits(back):
        back = _sequence_back(run, compact=True)
    cards = [Candidate(CardKind.SEQUENCE, front, back, title.line, path, title.text,
                       extra={"steps": len(run.steps)})]
    inner = (*path, title.text)
    total = len(run.steps)
    for index, step in enumerate(run.steps, start=1):
        if run.definitions is not None:
            term = run.definitions[index - 1]
            back_md = strip_lead(step.body, term.term)
            cards.append(Candidate(
                CardKind.DEFINITION,
                escape_text(_term_front(term.term, [t for t in [*parents, title.text] if not is_question(t)],
                                        term.definition)),
                back_md or escape_text(term.definition), step.line, inner, term.term, extra={"term": term.term},
            ))
            continue
        if step.label:
            step_front = with_context(step.label, [*parents, title.text])
            ident = step.label
        else:
            previous = run.steps[index - 2] if index > 1 else None
            asked = _step_by_content(step, previous, chinese) if _PROCESS.search(title.text.casefold()) else None
            if asked and not asked.endswith(("怎么做？", "what happens?")) and (actor := step_actor(step.head)):
                asked = _actor_question(_ordinal(index, total, title, chinese), actor, chinese)
            # a step asked by what it says needs no lead-in that only points at the steps
            # ("这个算法按如下过程实现", "It works as follows"): its heading says of what
            led = f"{parents[-1]} · " if asked and parents and only_points_ahead(title.text) else f"{front} · "
            step_front = (f"{led}{asked}" if asked else
                          f"{front} · {_ordinal(index, total, title, chinese)}{_step_question(step, chinese)}")
            ident = f"step-{index}"  # the key: a better question keeps the step's history
        cards.append(Candidate(
            CardKind.STEP, escape_text(step_front) if step.label else step_front, step.body, step.line, inner, ident,
            extra={"step": index, "steps": total, "sequence": title.text},
        ))
    return cards


def _step_question(step: Step, chinese: bool) -> str:
    """What the step itself answers ("：当收到第 3 个重复的 ACK 时，会怎样？"), after its number
    when the step cannot be asked by its content (`_step_by_content`); "" when no question is found."""
    from tcpquiz.notes.questions import ask

    question = ask(step.body.split("\n")[0])
    if question is None:
        return ""
    return f"：{escape_text(question.text)}" if chinese else f": {escape_text(question.text)}"


PROCESS_WORDS = ("握手", "挥手", "过程", "流程", "步骤", "原理", "建立", "释放", "断开", "连接", "关闭", "阶段", "机制",
                 "handshake", "process", "procedure", "step", "sequence", "setup", "teardown", "clos", "open",
                 "establish", "connect")
_PROCESS = re.compile("|".join(map(re.escape, PROCESS_WORDS)))


def _points(run: Run, title: Title) -> bool:
    """Numbered points rather than the steps of a process: "第 2 条" asks nothing a learner
    can answer, so such a list is not read as steps. Steps that name themselves ("第一次握手：")
    and lists of terms stay what they are."""
    if run.definitional or all(step.label for step in run.steps):
        return False
    return title.question or not _PROCESS.search(title.text.casefold())


# A step that opens with what sets it off ("当收到第 3 个重复的 ACK 时，…", "When the server
# receives the FIN, …") is asked by that trigger: what it leads to is the fact to recall.
_TRIGGER_ZH = re.compile(r"^(?:(?:当|若|如果|每当|每次|一旦|等到)[^，,。；;：:]{2,40}?|[^，,。；;：:]{2,40}?(?:时|之后|以后))[，,]")
_TRIGGER_EN = re.compile(r"^(?:when|whenever|once|upon|after|if|as soon as|on receiving)\b[^,.;:]{3,80},", re.IGNORECASE)
# The step before, quoted in a front, is cut to this many display columns: enough to know
# it again, short enough that the front stays one line.
PREVIOUS_STEP_WIDTH = 48


def _step_by_content(step: Step, previous: Step | None, chinese: bool) -> str | None:
    """A step of a process asked by its content, not by its number ("step 2 of 3" asks
    nothing): by the trigger it opens with, else by the step before it ("what comes after
    “the client sends FIN”?"); the first step is asked as the first. None when the step
    has no words to ask by."""
    head = step.head.strip()
    if not head:
        return None
    if trigger := (_TRIGGER_ZH.match(head) or _TRIGGER_EN.match(head)):
        cue = escape_text(trigger[0][:-1].strip())
        return f"{cue}，怎么做？" if chinese else f"{cue}, what happens?"
    if previous is None:
        return "第一步是什么？" if chinese else "what happens first?"
    before = _cut(previous.head.strip(), PREVIOUS_STEP_WIDTH)
    if not before:
        return None
    return f"「{escape_text(before)}」之后是哪一步？" if chinese else f"what comes after “{escape_text(before)}”?"


# Who acts in a step of a protocol: "B 收到报文，发送确认报文", "The server replies with …".
# A step that opens with its actor is asked by its place and that actor ("第 2 步，B 做什么？"):
# the step before it, quoted, asks only "what next?", and its answer is a whole step to recite.
_ACTOR_ZH = re.compile(r"^(?P<actor>[A-Z][A-Za-z0-9]{0,2}(?=\s|[" + HAN_RANGES + r"])|[" + HAN_RANGES + r"]{1,4}(?:方|端|器))")
_ACTOR_EN = re.compile(
    r"^(?P<actor>(?:the\s+)?(?:[A-Za-z\-]+\s+){0,2}?(?:client|server|sender|receiver|opener|closer|host|peer|endpoint)s?"
    r"|[A-Z](?=\s+[a-z]))(?:\s*\([^()]{1,30}\))?\s+(?=[a-z]|ACKs\b)",
    re.IGNORECASE,
)

_POINTING_ACTOR = re.compile(r"^(?:对|这|那|该|此|其|每|另|一|双|两)")


def step_actor(head: str) -> str | None:
    """The one who acts in a step, when the step opens with it; else None."""
    head = head.strip()
    found = _ACTOR_ZH.match(head) if has_cjk(head[:8]) else _ACTOR_EN.match(head)
    if found is None or _POINTING_ACTOR.match(found["actor"]):
        return None  # "对方", "这一方": who is meant is said elsewhere
    return found["actor"].strip()


def _actor_question(ordinal: str, actor: str, chinese: bool) -> str:
    if chinese:
        return f"{ordinal}，{escape_text(actor)}{' ' if actor[-1:].isascii() else ''}做什么？"
    words = actor.split()
    # "The server" and "One host" are read mid-sentence in lower case; "A" and "Active Opener" are names
    named = actor[:1].lower() + actor[1:] if len(words) > 1 and words[0][:1].isupper() and words[0].lower() in (
        "the", "one", "each", "a", "an", "both") else actor
    plural = words[-1].endswith("s") and not words[-1].endswith("ss") and len(words) > 1
    return f"{ordinal}: what {'do' if plural else 'does'} {escape_text(named)} do?"


def _cut(text: str, width: int) -> str:
    """The first sentence of `text`, cut to `width` display columns with "…"."""
    sentence = re.split(r"(?<=[。！？；])|(?<=[.!?;])\s", text, maxsplit=1)[0].rstrip("。.；;，,：: ")
    if display_width(sentence) <= width:
        return sentence
    out, used = "", 0
    for ch in sentence:  # columns counted as they grow: measuring the whole cut again at each character was quadratic
        used += char_width(ch)
        if used > width - 1:
            break
        out += ch
    if not has_cjk(out) and " " in out:
        out = out.rsplit(" ", 1)[0]  # an English quote ends on a whole word
    # A Chinese quote ends at its last whole clause when that keeps at least half of it
    # ("B 收到报文，发送确认报文…", not "……B 进入 C…"): a cut inside a word says a wrong word.
    clause = max(out.rfind(mark) for mark in "，,；;")
    if has_cjk(out) and display_width(out[:clause]) >= width // 2:
        out = out[:clause]
    elif has_cjk(out) and re.search(r"[A-Za-z0-9_\-]$", out) and sentence[len(out):len(out) + 1].isalnum():
        out = re.sub(r"[A-Za-z0-9_\-]+$", "", out)  # never half a Latin word
    return out.rstrip("，, ") + "…"


def _ordinal(index: int, total: int, title: Title, chinese: bool) -> str:
    """"第 2 步（共 3 步）" for a process, "第 2 点" for the points answering a question,
    "第 2 条" for any other list."""
    if title.question:
        unit = ("点", "point")
    elif _PROCESS.search(title.text.casefold()):
        unit = ("步", "step")
    else:
        unit = ("条", "item")
    return f"第 {index} {unit[0]}（共 {total} {unit[0]}）" if chinese else f"{unit[1]} {index} of {total}"


# -- sections -------------------------------------------------------------------------------


def _front(title: Title, parents: list[str], part_of_question: bool = False) -> str:
    """The title led by as many parents as it takes to make sense; a part of a question's
    answer (_part_of_question) always by that question."""
    if part_of_question and parents:
        return escape_text(f"{as_question(parents[-1])}{SEPARATOR}{title.text}")
    text = with_context(title.text, parents)
    if not title.question and (asked := _aspect_question(title.text, parents)):
        return escape_text(asked)
    return escape_text(as_question(text) if title.question else text)


# A heading that is one word for an aspect ("特点", "Disadvantages") under a heading that names
# a thing is a question about that thing: "UDP 协议 · 特点" asks "UDP 协议有哪些特点？".
# The words that name several things (a list) ask "哪些" / "What are"; the rest "是什么" / "What is".
_ZH_ASPECTS_MANY = frozenset({"特点", "特性", "优点", "缺点", "优缺点", "步骤", "分类", "类型", "组成", "应用场景", "场景",
                              "功能", "注意事项", "应用"})
_ZH_ASPECTS_ONE = frozenset({"原理", "作用", "目的", "定义", "含义", "意义", "格式", "结构", "流程", "过程", "原因"})
_EN_ASPECTS_MANY = frozenset({"advantages", "disadvantages", "features", "steps", "reasons", "pros and cons",
                              "examples"})
_EN_ASPECTS_ONE = frozenset({"purpose", "definition", "structure", "format", "process"})


def _aspect_question(title: str, parents: list[str]) -> str | None:
    """"UDP 协议有哪些特点？" for the heading "特点" under "UDP 协议"; None for any other heading."""
    word = title.strip().rstrip("：:").strip()
    if not parents or is_question(parents[-1]) or names_only_an_aspect(parents[-1]):
        return None
    thing = parents[-1].strip()
    spaced = " " if thing[-1:].isascii() else ""  # "UDP 有哪些特点？"
    if word in _ZH_ASPECTS_MANY:
        return f"{thing}{spaced}有哪些{word}？"
    if word in _ZH_ASPECTS_ONE:
        return f"{thing}{spaced}的{word}是什么？"
    folded = word.casefold()
    if has_cjk(thing) or folded not in _EN_ASPECTS_MANY | _EN_ASPECTS_ONE:
        return None
    return f"What {'are' if folded in _EN_ASPECTS_MANY else 'is'} the {folded} of {thing}?"


def _part_of_question(section: Section) -> bool:
    """An aspect label (outline.is_aspect) right under a question heading ("**客户端：**"
    under "## 最后一个 ACK 丢失会怎样？", "Cause:" under "### Why does a RST arrive?") heads
    one part of that question's answer: alone ("客户端") it asks nothing."""
    title = section.title
    if title is None or title.heading or title.question or not section.path:
        return False
    above = section.path[-1]
    # "客户端", "防范", "Server" name only a part; "QUIC 的优势" names what it is about
    return above.heading and above.question and is_aspect(title.text)


def _section_cards(section: Section, repeated: frozenset[str] = frozenset(), topic: str | None = None) -> list[Candidate]:
    # Sources, study logs, placeholders are not content (classify.py); a picture or code still
    # illustrates the answer it sits in.
    blocks = [b for b in section.blocks if not _is_link_list(b)
              and (isinstance(b, Table | Fence) or block_reason(b) not in ANSWERS_NOTHING)]
    if blocks and all(block_reason(b) == NotContent.IMAGE for b in blocks) and not any(
            "](" in render_blocks([b]) for b in blocks):
        blocks = []  # only the caption of a picture that is not there (no image, no link): nothing to ask
    parents = [t.text for t in section.path]
    path = tuple(parents)  # the key's path stays the note's own headings
    title = section.title
    if title is not None and not parents and topic and names_only_an_aspect(title.text):
        parents = [topic]  # "概述" alone says not of what: "运输层 · 概述"
    run = find_run(blocks)
    if run is None and title is not None:
        run = bulleted_process(blocks, title)
    if run is not None and (title is None or _points(run, title)):
        run = None  # numbered points, not steps: each is asked about by what it says (facts.py)
    cards: list[Candidate] = []
    whole: list[Candidate] = []  # the section answered whole, when it is short enough
    if title is not None:
        if run is not None:
            cards.extend(_sequence_cards(run, title, parents, path))
        elif blocks:
            # The answer runs until a block that is a card of its own (a question answered in
            # place, a Q&A fence, a glossary table).
            end = next((i for i, block in enumerate(blocks) if i and _stands_alone(block)), len(blocks))
            answer = render_blocks(blocks[:end])
            if _only_lead_in(blocks[:end]):
                pass  # "The control bits:" above a glossary: the glossary's own cards answer
            elif title.question:
                # A long answer is split into cards of its parts when the deck is assembled.
                whole = [Candidate(CardKind.BASIC, _front(title, parents), answer, title.line, path, title.text)]
            elif _explains(title, blocks) and fits(answer):  # a longer section is asked about in its parts, below
                whole = [Candidate(CardKind.EXPLAIN, _front(title, parents, _part_of_question(section)), answer,
                                   title.line, path, title.text)]
    # A question above says nothing about a term or a question below it: context comes
    # from the statement titles only.
    context = _qualified([t for t in ([*parents, title.text] if title else parents) if not is_question(t)], repeated)
    if title is not None and _part_of_question(section) and context:
        context = [*context[:-1], _front(title, parents, part_of_question=True)]  # "防范" alone asks nothing
    inner = (*path, title.text) if title else path
    used = run.used if run else frozenset()
    cards.extend(_definitions(blocks, used, context, inner, title.text if title and title.question else None))
    cards.extend(_questions(blocks, used, context, inner))
    cards.extend(_fence_questions(blocks, context, inner))
    taken = {card.line for card in cards} | _run_lines(blocks, run)
    if whole and len(blocks) == 1 and isinstance(blocks[0], Para) and letters(plain_text(blocks)) <= FACT_LETTERS:
        facts: list[Candidate] = []  # one short paragraph is one fact: the section's own card asks it
    else:
        facts = fact_cards(blocks, context if not title or not title.question else [*context, title.text], inner,
                           taken)
    too_long = bool(whole) and letters(plainish(whole[0].back)) > WHOLE_LETTERS
    if too_long and whole[0].kind == CardKind.EXPLAIN and len(facts) > 1:
        # too much to be answered whole: its facts are asked one by one; a section that is
        # a list of ways or parts still asks which they are, each by its opening
        outline = _list_outline(blocks)
        if outline and title and not title.question:
            # sentences asked by the heading's path join the card its heading asks (draft: one
            # answer per front), also when the heading is asked as a question (_aspect_question)
            by_path = fold(plainish(with_context(title.text, parents)))
            facts = [replace(f, front=whole[0].front) if asked_by_heading(f) and fold(plainish(f.front)) == by_path
                     else f for f in facts]
        return ([replace(whole[0], back=outline)] if outline else []) + cards + facts  # the items say more
    if whole:
        # A fact that is most of a short section's answer would ask it twice: a definition
        # asks it more precisely than the heading does, any other fact card less.
        size, asked = len(plainish(whole[0].back)), fold(plainish(whole[0].front))
        # a heading asked as a question ("UDP 协议有哪些特点？") still leads its facts by its path
        by_path = fold(plainish(with_context(title.text, parents))) if title else asked
        repeats = [f for f in facts if len(plainish(f.back)) >= WHOLE_SHARE * size
                   or fold(plainish(f.front)) in (asked, by_path)]
        if len(repeats) == 1 and len(facts) == 1 and repeats[0].kind == CardKind.DEFINITION \
                and whole[0].kind == CardKind.EXPLAIN:
            whole = []
        else:
            # The section's own sentences that its heading asks for (facts.py), in one card or
            # in parts: the section's card asks for them already; those its answer stops short
            # of join it, so none is lost and none is asked twice.
            answered = fold(plainish(whole[0].back))
            own = [f for f in facts if asked_by_heading(f) and fold(plainish(HEADING_PART.sub("", f.front))) in (
                asked, by_path, fold(plainish(title.text)) if title else asked)]
            more = [piece for f in own for piece in f.back.split("\n\n") if fold(plainish(piece)) not in answered]
            facts = [f for f in facts if f not in repeats and f not in own]
            if more:
                whole = [replace(whole[0], back="\n\n".join([whole[0].back.rstrip(), *more]))]
    return whole + cards + facts


# Each item of a list asked as a whole, when the whole is too long, is shown by its first
# sentence cut to this many display columns: enough to tell the items apart.
OUTLINE_WIDTH = 60
MIN_OUTLINE_ITEMS = 2


def _list_outline(blocks: list[Block]) -> str | None:
    """A section whose text is one list ("**解决办法：**" over three long bullets) as the
    openings of its items; None for a section of another shape."""
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    others = [b for b in blocks if not isinstance(b, ListBlock)]
    if len(lists) != 1 or len(lists[0].items) < MIN_OUTLINE_ITEMS or not all(_only_lead_in([b]) for b in others):
        return None
    heads = [_head(item) for item in lists[0].items]
    if any(head is None or not meaningful(head.plain, 2) for head in heads):
        return None
    ordered = lists[0].ordered
    return "\n".join(f"{f'{i}.' if ordered else '-'} {escape_text(_cut(head.plain, OUTLINE_WIDTH))}"
                     for i, head in enumerate(heads, start=1) if head is not None)


def _run_lines(blocks: list[Block], run: Run | None) -> set[int]:
    """First lines of the blocks and items a run of steps took."""
    if run is None:
        return set()
    lines = set()
    for kind, b, i in run.used:
        block = blocks[b]
        if kind == "item" and isinstance(block, ListBlock):
            lines.add(block.items[i].start)
            lines.add(block.start)
        elif isinstance(block, Para):
            lines.add(block.lines[i].number)
            lines.add(block.start)
    return lines


def _explains(title: Title, blocks: list[Block]) -> bool:
    """A statement title earns an explain card when a real answer is under it, and not
    every part of it already makes cards of its own. A `# ` heading titles the whole
    note: the text under it introduces the note rather than explaining one thing."""
    return title.level != 1 and meaningful(plain_text(blocks), MIN_EXPLANATION) and not _covered(blocks)


def _only_lead_in(blocks: list[Block]) -> bool:
    return len(blocks) == 1 and isinstance(blocks[0], Para) and len(blocks[0].lines) == 1 \
        and blocks[0].lines[0].plain.rstrip().endswith(("：", ":"))


def _stands_alone(block: Block) -> bool:
    if isinstance(block, Quote):
        return bool(block.blocks) and _stands_alone(block.blocks[0])
    if isinstance(block, Para):
        return bool(leading_question(block.lines[0].plain))
    if isinstance(block, Fence):
        return bool(_fence_questions([block], [], ()))
    return isinstance(block, Table) and _glossary(block)


def _is_link_list(block: Block) -> bool:
    """A list of links only: a table of contents, a reading list."""
    if not isinstance(block, ListBlock):
        return False
    heads = [_head(item) for item in block.items]
    return all(h is not None and h.link_only for h in heads)


def _covered(blocks: list[Block]) -> bool:
    """True when every block already gives its own cards (definitions, questions answered
    in place, a Q&A fence): an EXPLAIN card would only repeat them."""
    found = False
    for block in blocks:
        if isinstance(block, Para):
            lines = [ln for ln in block.lines if ln.plain]
            if not lines:
                continue  # an image
            if not (leading_question(lines[0].plain) or all(split_definition(ln.plain) for ln in lines)):
                return False
        elif isinstance(block, ListBlock):
            heads = [_head(item) for item in block.items]
            if not all(h and (split_definition(h.plain) or leading_question(h.plain)) for h in heads):
                return False
        elif isinstance(block, Fence):
            if not _fence_questions([block], [], ()):
                return False
        elif isinstance(block, Quote):
            if not _stands_alone(block):
                return False
        elif not (isinstance(block, Table) and _glossary(block)):
            return False
        found = True
    return found


# -- definitions ------------------------------------------------------------------------------


def _definitions(blocks: list[Block], used: frozenset, context: list[str], path: tuple[str, ...],
                 question: str | None = None) -> list[Candidate]:
    """The terms the blocks define, each a card. `question`: the question heading the blocks
    answer, which leads an aspect label of its answer ("核心目的：…", "Cause: …")."""
    from tcpquiz.notes.questions import names_an_aspect

    # term, back, line, path, context, and the front when the term is not asked by itself
    found: list[tuple[str, str, int, tuple[str, ...], list[str], str | None]] = []

    def scan_list(block: ListBlock, b: int, depth: int) -> None:
        for i, item in enumerate(block.items):
            if ("item", b, i) in used:
                continue
            lead = _lead(item)
            head = lead.lines[0] if lead is not None else None
            definition = (split_definition(head.plain) or split_named_equal(head.plain)) if head else None
            if depth and definition and names_an_aspect(definition.term):
                continue  # "- solution: …" under an item that is a sentence: "What is the solution?" says not of what
            if lead is not None and head is not None and definition:
                first = (strip_lead(head.md, definition.term) or escape_text(definition.definition)).lstrip("= ")
                rest = [HARD_BREAK.join(ln.md for ln in lead.lines[1:] if ln.md), render_blocks(item.blocks[1:])]
                back = "\n\n".join(p for p in [first, *rest] if p)
                found.append((definition.term, back, head.number, path, context, None))
            elif depth == 0:
                for sub in item.blocks:
                    if isinstance(sub, ListBlock):
                        scan_list(sub, b, 1)

    for b, block in enumerate(blocks):
        if isinstance(block, Para):
            for i, line in enumerate(block.lines):
                if ("line", b, i) in used:
                    continue
                definition = split_definition(line.plain)
                if definition:
                    back = strip_lead(line.md, definition.term) or escape_text(definition.definition)
                    found.append((definition.term, back, line.number, path, context, None))
        elif isinstance(block, ListBlock):
            scan_list(block, b, 0)
        elif isinstance(block, Table):
            found.extend(_table_rows(block, context, path))

    counts: dict[tuple[tuple[str, ...], str], int] = {}
    for term, _back, _line, where, _context, _asked in found:
        counts[(where, fold(term))] = counts.get((where, fold(term)), 0) + 1
    answer = fold(plain_text(blocks)) if question is not None else ""  # what an aspect label is counted in
    cards = []
    for term, back, number, where, where_context, asked in found:
        if counts[(where, fold(term))] > 1:
            continue  # the same "term" twice is a dialogue or a list of cases, not a glossary
        if asked is None and question is not None and _aspect_of_answer(term, answer):
            # "核心目的" or "Reason" under "为什么握手是三次？" names a part of that question's
            # answer: led only by the headings above the question, it asks nothing.
            from tcpquiz.notes.questions import term_question

            chinese = has_cjk(term) or has_cjk(question) or has_cjk(back)
            asked = f"{as_question(question)}{SEPARATOR}{term_question(term, chinese)}"
        front = escape_text(asked or _term_front(term, where_context, back))
        cards.append(Candidate(CardKind.DEFINITION, front, back, number, where, term, extra={"term": term}))
    return cards


def _aspect_of_answer(term: str, answer: str) -> bool:
    """Whether a label names only an aspect of the `answer` it is in (folded plain text:
    "核心目的", "Reason"): short (outline.is_aspect), no acronym, and named nowhere else in
    the answer. A term the answer is about ("拥塞避免" over its own paragraph, after a list
    that names it) is named again, and asked as itself."""
    return is_aspect(term) and not term.isupper() and answer.count(fold(term)) <= 1


# Table headings that say "the first column names things, the others tell about them".
TERM_HEADINGS = {
    "状态", "字段", "名称", "术语", "概念", "标志", "标志位", "参数", "选项", "属性", "项目", "命令", "函数",
    "缩写", "名词", "关键字", "状态码", "错误码", "类型", "层", "层次", "分层", "协议", "特性", "特点", "对比项",
    "区别", "比较",
    "term", "name", "field", "flag", "state", "status", "option", "key", "parameter", "command", "function",
    "abbreviation", "acronym", "code", "type", "layer", "protocol", "feature", "aspect", "item", "concept",
}
MEANING_HEADINGS = {
    "含义", "意义", "说明", "解释", "作用", "描述", "定义", "备注", "用途", "意思", "功能",
    "meaning", "description", "purpose", "definition", "explanation", "use", "usage", "notes", "function",
}


def _glossary(table: Table) -> bool:
    """A table whose rows are terms and what they mean, not a side-by-side comparison
    ("| TCP | UDP |" has no term column). The malformed table in the notes, with an
    empty header row, counts as a glossary."""
    header = [cell.plain.strip().casefold() for cell in table.header]
    if not any(header) or not header[0]:
        return True
    return header[0] in TERM_HEADINGS or (len(header) > 1 and header[1] in MEANING_HEADINGS)


def _term_front(term: str, context: list[str], said: str = "") -> str:
    """A term asked about, led by the topic it belongs to: "标志位 · URG 是什么？",
    "聊天软件的设计 · 登录是什么？". What a term means depends on its topic, so unlike a
    heading it always gets one. `said`, what the note says of the term, tells its language
    when neither the term nor its headings do."""
    from tcpquiz.notes.questions import case_question, gloss_question, procedure_question, term_question

    chinese = has_cjk(term) or any(map(has_cjk, context)) or has_cjk(said)
    asked = case_question(term, said) or procedure_question(term, said, chinese) \
        or gloss_question(term, said, chinese) or term_question(term, chinese)
    if not context or fold(context[-1]) in fold(term):
        return asked
    if len(context) > 1 and names_only_an_aspect(context[-1]):
        return f"{context[-2]}{SEPARATOR}{context[-1]}{SEPARATOR}{asked}"  # "概述" alone says not of what
    return f"{context[-1]}{SEPARATOR}{asked}"


def _table_rows(table: Table, context: list[str], path: tuple[str, ...]):
    """One definition per row: first cell -> the others. A row with only its first cell
    filled is a caption for the rows below it (the malformed state table in the notes)."""
    if not _glossary(table):
        return []
    from tcpquiz.notes.facts import compared_columns
    from tcpquiz.notes.questions import comparison_question

    header = [cell.plain for cell in table.header]
    named = any(header[1:])
    compared = compared_columns(header)  # "| | UDP | TCP |": each row asks how they differ
    chinese = has_cjk("".join(header) + "".join(row.cells[0].plain for row in table.rows if row.cells))
    caption: str | None = None
    rows = []
    for row in table.rows:
        cells = list(row.cells)
        if not cells or not cells[0].plain:
            continue
        values = cells[1:]
        if not any(v.plain or v.md for v in values):
            caption = clean_title(cells[0].plain)
            continue
        if len(values) == 1:
            back = values[0].md
        else:
            parts = []
            for i, value in enumerate(values, start=1):
                if not value.md:
                    continue
                name = header[i] if named and i < len(header) and header[i] else ""
                parts.append(f"{escape_text(name)}：{value.md}" if name else value.md)
            back = HARD_BREAK.join(parts) if named else " · ".join(parts)
        where = (*path, caption) if caption else path
        where_context = [*context, caption] if caption else context
        asked = comparison_question(compared, cells[0].plain, chinese) if compared else None
        rows.append((cells[0].plain, back, row.number, where, where_context, asked))
    return rows


# -- questions answered in place ------------------------------------------------------------------


def _questions(blocks: list[Block], used: frozenset, context: list[str], path: tuple[str, ...]) -> list[Candidate]:
    cards: list[Candidate] = []
    for b, block in enumerate(blocks):
        if isinstance(block, Para):
            lines = [ln for i, ln in enumerate(block.lines) if ("line", b, i) not in used]
            if lines:
                cards.extend(_qa_lines(lines, context, path))
        elif isinstance(block, ListBlock):
            for i, item in enumerate(block.items):
                if ("item", b, i) not in used:
                    cards.extend(_item_question(item, context, path))
        elif isinstance(block, Quote):  # "> Why wait for 3 duplicate ACKs?" over its answer
            cards.extend(_questions(list(block.blocks), frozenset(), context, path))
    return cards


def _question_front(question: str, context: list[str]) -> str:
    text = QUESTION_PREFIX.sub("", question, count=1).strip()
    return escape_text(with_context(text, context))


def _question_card(question: str, answer: str, line: int, context: list[str], path: tuple[str, ...]):
    back = ANSWER_PREFIX.sub("", answer, count=1).strip()
    if not back:
        return None
    ident = QUESTION_PREFIX.sub("", question, count=1)
    return Candidate(CardKind.BASIC, _question_front(question, context), back, line, path, ident)


@dataclass
class _Asked:
    question: str
    line: int
    answer: list[str]  # markdown lines


def _asked(entries: list[tuple[int, tuple[str, str] | None, str]]) -> list[_Asked]:
    """(line, (question, rest of its line) or None, the line as markdown) -> each question
    with the lines after it, up to the next question."""
    asked: list[_Asked] = []
    for number, split, md in entries:
        if split:
            asked.append(_Asked(split[0], number, [split[1]] if split[1] else []))
        elif asked and md:
            asked[-1].answer.append(md)
    return asked


def _qa_lines(lines: list[Line], context: list[str], path: tuple[str, ...]) -> list[Candidate]:
    """A paragraph that opens with a question: each question line starts a card, the lines
    after it (and the rest of its own line) are its answer."""
    if not leading_question(lines[0].plain):
        return []
    entries = []
    for line in lines:
        split = leading_question(line.plain)
        if split:
            question = split[0].strip()
            rest = strip_lead(line.md, question)
            split = (question, escape_text(split[1].strip()) if rest is None else rest)
        entries.append((line.number, split, line.md))
    if len(entries) == 2 and entries[1][1] is not None:
        # "Why does ISN have to be random?" over "To prevent spoofing?": a tentative answer, not a second question
        entries[1] = (entries[1][0], None, entries[1][2])
    cards = (_question_card(a.question, HARD_BREAK.join(a.answer), a.line, context, path) for a in _asked(entries))
    return [card for card in cards if card]


def _item_question(item: Item, context: list[str], path: tuple[str, ...]) -> list[Candidate]:
    """A list item that opens with a question: the rest of the item answers it."""
    lead = _lead(item)
    head = lead.lines[0] if lead is not None else None
    split = leading_question(head.plain) if head else None
    if lead is None or head is None or not split:
        return []
    question = split[0].strip()
    rest = strip_lead(head.md, question)
    first = [escape_text(split[1].strip()) if rest is None else rest, *(ln.md for ln in lead.lines[1:])]
    answer = "\n\n".join(p for p in (HARD_BREAK.join(x for x in first if x), render_blocks(item.blocks[1:])) if p)
    card = _question_card(question, answer, head.number, context, path)
    return [card] if card else []


def _fence_questions(blocks: list[Block], context: list[str], path: tuple[str, ...]) -> list[Candidate]:
    """Q&A kept in a plain-text code fence: numbered questions, each followed by its answer."""
    cards: list[Candidate] = []
    for block in blocks:
        if not isinstance(block, Fence) or block.info.lower() not in PROSE_FENCES:
            continue
        entries = []
        for offset, raw in enumerate(block.text.split("\n")):
            text = raw.strip()
            split = _fence_question(text)
            if split:
                split = (split[0], escape_text(split[1].strip()))
            entries.append((block.start + 1 + offset, split, escape_text(text)))
        for asked in _asked(entries):
            card = _question_card(asked.question, HARD_BREAK.join(asked.answer), asked.line, context, path)
            if card:
                cards.append(card)
    return cards


def _fence_question(text: str) -> tuple[str, str] | None:
    if not text or not (text[0].isalnum() or text[0] in "(（"):
        return None  # "// why?" is a comment in code, not a question in notes
    split = leading_question(text)
    if split and meaningful(split[0], 3):
        return split[0].strip(), split[1]
    return None
