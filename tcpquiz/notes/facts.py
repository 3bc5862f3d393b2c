"""One card per fact: the finest grain of the generate pass.

The section rules (freeform.py) make a card per heading, question, step and definition.
What they leave, every sentence of a paragraph, list item, quote and comparison-table
row (prose in fences is already markdown in the tree), becomes a card of its own here,
so that nothing a note says is lost and no card asks five things at once:

* `term：definition`, `term - definition` and a short item over an indented
  explanation are definitions;
* a short sentence with words the author marked in bold becomes a cloze: the marked
  words are hidden, the rest of the sentence asks for them;
* any other sentence asks the question its shape names (questions.py: "什么是 X？",
  "为什么……？", "当……时，会怎样？", "What is X used for?"), led by the heading when the
  question does not name what it is about;
* a sentence of no known shape is a cloze of its quantity, else of its end: its opening
  clauses (at least MIN_LEAD_LETTERS), led by the heading when they do not name it, ask
  for the rest; a sentence too short to split asks by its heading;
* a list of short items (each a phrase, not a sentence), or a list under a line that
  says what it lists, is one fact: that line, or the heading, asks for the whole list;
* a row of a comparison table ("| 连接 | 无连接 | 面向连接 |") asks for its cells.

Fronts are built from the heading path and the block itself, so each stands alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from tcpquiz.cards import CardKind
from tcpquiz.formulas import MATH, might_hold_math, replace_math
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
)
from tcpquiz.notes.classify import block_reason, glossary_list, line_reason
from tcpquiz.notes.draft import Candidate, fits, plainish
from tcpquiz.notes.sentences import (
    NAMED_MARK,
    SENTENCE_END,
    fact_runs,
    leans_back,
    named_term,
    named_together,
    split_at_names,
)
from tcpquiz.notes.text import (
    ANSWER_PREFIX,
    SEPARATOR,
    Definition,
    display_width,
    fold,
    has_cjk,
    is_ambiguous,
    is_figure_ref,
    is_question,
    letters,
    meaningful,
    names_lines_below,
    names_only_an_aspect,
    only_points_ahead,
    split_dash_definition,
    split_definition,
    split_formula,
    split_named_equal,
    strip_numbering,
)
from tcpquiz.text import HAN_RANGES

CLOZE_BLANK = "[…]"
# A sentence needs this many letters to state a fact (a CJK ideograph counts as one):
# "展开", "Timeout" and "见下图" say nothing alone.
MIN_FACT_LETTERS = 8
# A list whose items are all phrases this short (display columns) names the parts of one
# fact ("Segment full / Timeout / Pushed"): one card asks for the whole list.
SHORT_ITEM = 36
MAX_HINT_LETTERS = 24  # a lead-in longer than this is a sentence, not a name for what a list lists
# A paragraph of at most this many letters (an ideograph counts as one) is one fact, asked
# whole; a longer one is asked in runs of sentences this long: about two lines of a terminal.
FACT_LETTERS = 80
# A cloze hides words in the sentence it shows: past this many characters the front is a
# paragraph to read rather than a question to answer, and asks by its opening instead.
MAX_CLOZE_FRONT = 60
# The opening that asks for the rest of a fact: one clause, at most this many characters.
MAX_LEAD = 36
# The widest marked span worth hiding: hiding more than most of a sentence leaves nothing to ask with.
MAX_HIDDEN_SHARE = 0.6
# A completion front keeps at most this many characters of the opening clause: a front
# is read at a glance.
# The opening that asks says at least this much: "B 收到报文，" alone does not say which fact
# of the handshake is meant; the next clause does.
MIN_LEAD_LETTERS = 12
MIN_ANSWER_LETTERS = 4  # what the hidden rest of a sentence must hold to be worth asking for

_BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")
# A quantity: digits with a unit or a percent sign; "M1", "2MSL" and "RFC 793" are names, not amounts.
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.\-/第])\d+(?:\.\d+)?\s?(?:%|字节|个|次|秒|毫秒|分钟|小时|位|比特|bytes?|bits?|ms|seconds?|minutes?|s\b)"
)
_CLAUSE = re.compile(r"[，,：:]")
# Latin words of at least four letters, then a space and Chinese: where a mixed line turns from its term to its point.
_SCRIPT_CHANGE = re.compile(r"^[A-Za-z][A-Za-z0-9_\- ]{3,34}?[A-Za-z0-9](?= ?[" + HAN_RANGES + r"])")


@dataclass(frozen=True)
class Unit:
    """One place a fact can sit: a sentence of a paragraph, a list item, a table row."""

    md: str
    line: int
    # the run this unit was cut from (sentences.split_at_names): its card keeps the key the
    # whole run's card had, the same fact asked more narrowly
    keyed_as: str | None = None
    # the term a unit cut off after an earlier name names (split_at_names): asked by it
    names: str | None = None
    # the name a run cut at its names gives them together ("两者合在一起就是AIMD算法"): the
    # whole run is asked by it (sentences.named_together)
    sums: str | None = None


def fact_cards(
    blocks: tuple[Block, ...] | list[Block], context: list[str], path: tuple[str, ...], taken: set[int]
) -> list[Candidate]:
    """The one-fact cards of a section's blocks; `taken`: first lines other rules made cards of."""
    return _one_card_per_heading(_block_facts(blocks, context, path, taken))


def _block_facts(
    blocks: tuple[Block, ...] | list[Block], context: list[str], path: tuple[str, ...], taken: set[int]
) -> list[Candidate]:
    cards: list[Candidate] = []
    for index, block in enumerate(blocks):
        if block.start in taken and not isinstance(block, ListBlock | Quote | Table):
            continue  # a list, quote or table is looked into: only some of its parts may have cards
        if isinstance(block, Para) and len(block.lines) == 1 and _lead_in_used(blocks, index + 1, taken):
            continue  # "The main tasks are:" asks for the list below it (_list_cards), not a card of its own
        if isinstance(block, Fence) or (isinstance(block, ListBlock | Quote) and block_reason(block) is not None):
            continue  # a program, a list of sources: not content (classify.py); a line is judged alone
        intro = _intro(blocks, index)
        cards.extend(_block_cards(block, context, path, taken, intro))
    return cards


def asked_by_heading(card: Candidate) -> bool:
    """Whether a card is the one its heading asks for the sentences of no shape under it
    (keyed by the heading, or by the one sentence it holds: _heading_parts)."""
    if card.kind is not CardKind.EXPLAIN:
        return False
    return card.key_kind is CardKind.CLOZE or HEADING_PART.sub("", card.front) == escape_text(card.ident.split("#part-")[0])


HEADING_PART = re.compile(r"(?:（\d+/\d+）| \(\d+/\d+\))$")  # "（1/2）": a part of a heading's card


# _by_heading's note, in a candidate's `extra` until _heading_parts takes it out: the key
# the sentence had when it was asked by its opening (a completion)
_WAS = "asked by its opening as"


# A heading's card holds at most this many display columns (an ideograph takes two), about
# six lines of a terminal as a section card asked whole (freeform.WHOLE_LETTERS, 240
# ideographs): past that it is asked in numbered parts. Columns, not letters: an English
# word of five letters says about what one ideograph does.
HEADING_CARD_WIDTH = 480


def _one_card_per_heading(cards: list[Candidate]) -> list[Candidate]:
    """The sentences asked by the same heading (_by_heading) as one card, at the first of
    them: the heading asks for all it says that no question of its own asks; more than
    HEADING_CARD_WIDTH columns of it, in parts ("拥塞控制（1/2）"), each keyed by its number."""
    groups: dict[str, list[Candidate]] = {}
    out: list[Candidate | str] = []  # a heading's front stands where its first sentence was
    for card in cards:
        if not asked_by_heading(card):
            out.append(card)
            continue
        if card.front not in groups:
            groups[card.front] = []
            out.append(card.front)
        groups[card.front].append(card)
    merged: dict[str, list[Candidate]] = {front: _heading_parts(group) for front, group in groups.items()}
    return [part for item in out for part in (merged[item] if isinstance(item, str) else [item])]


def _heading_parts(group: list[Candidate]) -> list[Candidate]:
    """One heading's sentences as its card, or its numbered parts."""
    chunks: list[list[Candidate]] = [[]]
    size = 0
    for card in group:
        grown = size + display_width(plainish(card.back))
        if chunks[-1] and grown > HEADING_CARD_WIDTH:
            chunks.append([])
            grown = display_width(plainish(card.back))
        chunks[-1].append(card)
        size = grown
    first = group[0]
    if len(group) == 1 and first.extra.get(_WAS):
        # One sentence once asked by its opening, now by its heading: the same fact asked
        # better, so it keeps that card's key and history. Several share no one's history.
        return [replace(first, ident=first.extra[_WAS], key_kind=CardKind.CLOZE, extra={})]
    if len(chunks) == 1:
        return [replace(first, back="\n\n".join(card.back.strip() for card in group), extra={})]
    label = "（{}/{}）" if has_cjk(first.front) else " ({}/{})"
    return [replace(chunk[0], front=first.front + label.format(number, len(chunks)),
                    back="\n\n".join(card.back.strip() for card in chunk), extra={},
                    ident=first.ident if number == 1 else f"{first.ident}#part-{number}")
            for number, chunk in enumerate(chunks, start=1)]


def _intro(blocks: tuple[Block, ...] | list[Block], index: int) -> str | None:
    """The lead-in line right above a list or table ("TCP 发送报文段的时机："), if any."""
    if index == 0 or index >= len(blocks) or not isinstance(blocks[index], ListBlock | Table):
        return None
    previous = blocks[index - 1]
    if isinstance(previous, Para):
        text = previous.lines[-1].plain.strip()
        if text.endswith(("：", ":", "？", "?")):
            return text.rstrip("：:").strip()
    return None


def _lead_in_used(blocks: tuple[Block, ...] | list[Block], index: int, taken: set[int]) -> bool:
    """Whether the list or glossary at `index` makes the line above it the front of its cards' question."""
    if _intro(blocks, index) is None:
        return False
    following = blocks[index]
    if isinstance(following, Table):
        from tcpquiz.notes.freeform import _glossary

        return _glossary(following)
    assert isinstance(following, ListBlock)
    heads = [_item_head(item) for item in following.items]
    back = "\n".join(HARD_BREAK.join(ln.md for ln in head.lines) for head in heads if head)
    return not any(item.start in taken for item in following.items) and fits(back)


def _block_cards(
    block: Block, context: list[str], path: tuple[str, ...], taken: set[int], intro: str | None
) -> Iterator[Candidate]:
    if isinstance(block, Para):
        for unit in _sentences(_joined(block.lines)):
            yield from _sentence_card(unit, context, path)
    elif isinstance(block, Quote):
        yield from _block_facts(block.blocks, context, path, taken)
    elif isinstance(block, ListBlock):
        yield from _list_cards(block, context, path, taken, intro)
    elif isinstance(block, Table):
        yield from _table_cards(block, context, path, intro)


# -- paragraphs and sentences ----------------------------------------------------------------


def _joined(lines: tuple[Line, ...]) -> list[Unit]:
    """A paragraph's lines as units (lines wrapped mid-sentence were joined when the tree was
    built). A line that opens by leaning on the one before it ("这样将窗口的增长速率…",
    "But only…": sentences.leans_back) goes on with that line's fact, as a sentence would
    within one line."""
    units: list[Unit] = []
    for line in lines:
        if not line.md or line.link_only:
            continue
        if units and leans_back(line.md) and not units[-1].md.rstrip().endswith(("：", ":")):
            last = units[-1]
            glue = "" if not last.md[-1:].isascii() else " "
            units[-1] = Unit(f"{last.md.rstrip()}{glue}{line.md.lstrip()}", last.line)
        else:
            units.append(Unit(line.md, line.number))
    return units


def _sentences(units: list[Unit]) -> Iterator[Unit]:
    """Each unit as facts, sentence by sentence, each with the sentences that lean on it;
    a short unit of one or two sentences whole (sentences.py)."""
    for unit in units:
        short = letters(plainish(unit.md)) <= FACT_LETTERS
        for run in fact_runs(unit.md, short=short, asks_alone=_asks_alone):
            first, *later = split_at_names(run)
            yield Unit(first, unit.line, keyed_as=run if later else None)
            for part in later:
                yield Unit(part, unit.line, names=next(filter(None, map(named_term, SENTENCE_END.split(part))), None))
            if later and (together := named_together(run)):
                yield Unit(run, unit.line, sums=together)


# "**拥塞控制**是指……", "**Flow control** is a ……": the marked words are the term the sentence
# defines. Hidden, the card would ask for the term by its definition, the wrong way round:
# the sentence is asked by its shape instead ("什么是拥塞控制？").
_DEFINED_MARK = re.compile(r"^\*\*[^*\n]{1,40}\*\*\s*(?:是指|指的是|就是|是|即|表示|代表|is|are|means|refers to)(?![A-Za-z])")
# Words that point at a figure or block the card does not show ("如下图所示，", "As shown
# above,"): a front that keeps them leans on what is not on the card, so it asks without them.
_POINTER = re.compile(
    r"(?:如(?:下|上)?图(?:所示|中)?|(?:从|由)(?:上|下)(?:面的?)?图(?:中)?(?:可以)?(?:看到|看出|可知)|见(?:上|下)图|"
    r"(?:as )?shown (?:above|below|in the (?:figure|diagram|picture)(?: above| below)?)|"
    r"in the (?:figure|diagram|picture) (?:above|below)|as the (?:figure|diagram) (?:above|below) shows)"
    r"\s*[，,：:]\s*",
    re.IGNORECASE,
)


def _asks_alone(md: str) -> bool:
    """Whether a sentence names what it is about in a question of its own shape (questions.py)."""
    from tcpquiz.notes.questions import NAMED_FORMS, Form, ask

    question = ask(md)
    if question is None:
        return False
    if question.form in (Form.CONDITION, Form.CAUSE):
        return True  # "当……时，……", "因为……所以……": a definite question, its heading says of what
    return question.form in NAMED_FORMS and question.subject is not None and not is_ambiguous(question.subject)


_WHOLLY_BOLD = re.compile(r"^\*\*([^*]+)\*\*([。！？；.!?;]?)$")


def _unbolded(md: str) -> str:
    """A sentence set in bold as a whole is emphasis, not a part to hide: asked as plain text."""
    match = _WHOLLY_BOLD.match(md.strip())
    return f"{match[1]}{match[2]}" if match else md


def _unbalanced(md: str) -> bool:
    return md.count("**") % 2 == 1 or md.count("`") % 2 == 1


def _sentence_card(
    unit: Unit, context: list[str], path: tuple[str, ...], front_hint: str | None = None
) -> Iterator[Candidate]:
    if unit.keyed_as is not None:  # cut from a run that names two terms: keyed as the whole run was
        card = next(_sentence_card(Unit(unit.md, unit.line), context, path, front_hint), None)
        before = next(_sentence_card(Unit(unit.keyed_as, unit.line), context, path, front_hint), None)
        if before is not None and asked_by_heading(before):
            before = _completion(Unit(unit.keyed_as, unit.line), context, path, front_hint)
        if card is not None and before is not None and not asked_by_heading(card):
            card = replace(card, ident=before.ident, key_kind=before.key_kind or before.kind)
        if card is not None:
            yield card
        return
    if unit.sums is not None:  # all the run describes, asked by the name its last sentence gives it
        from tcpquiz.notes.freeform import _term_front

        yield Candidate(CardKind.DEFINITION, escape_text(_term_front(unit.sums, context)), unit.md, unit.line, path,
                        unit.sums, extra={"term": unit.sums})
        return
    named = unit.names
    unit = Unit(_unbolded(unit.md), unit.line)
    plain = plainish(unit.md)
    if letters(plain) < MIN_FACT_LETTERS or _unbalanced(unit.md) or line_reason(plain) is not None:
        return
    if plain.rstrip()[-1:] in "？?":
        return  # a question is asked by the question rules, with its answer; alone it states no fact
    if context and ANSWER_PREFIX.match(plain):
        # "答：TCP是全双工的，……" under a heading: the marker says the paragraph answers the
        # heading, so its opening is no definition of its subject ("什么是TCP？") but part of
        # the heading's own card (which keeps its key when it is the heading's only sentence)
        opening = _completion(unit, context, path, front_hint)
        was = opening.ident if opening is not None and opening.kind is CardKind.CLOZE else None
        yield from filter(None, [_by_heading(unit, context, path, was)])
        return
    pointer = _POINTER.match(unit.md)
    if named is not None:  # what a name describes, cut off after an earlier name: asked by its name
        card = _term_card(plainish(named), unit, context, path, front_hint, named=True)
    elif pointer is None:
        card = _fact_card(unit, context, path, front_hint)
    else:  # asked without the pointer; the answer keeps the note's words, the key its old front
        card = _fact_card(Unit(unit.md[pointer.end():], unit.line), context, path, front_hint)
        before = _fact_card(unit, context, path, front_hint)
        if before is not None and asked_by_heading(before):
            before = _completion(unit, context, path, front_hint)  # the card it was before it was asked better
        if card is not None and before is not None and not asked_by_heading(card):
            back = f"{pointer[0]}{card.back}" if card.back.startswith(unit.md[pointer.end():][:MIN_FACT_LETTERS]) \
                else card.back
            card = replace(card, back=back, ident=before.ident, key_kind=before.key_kind or before.kind)
    if card is not None:
        yield card


def _fact_card(unit: Unit, context: list[str], path: tuple[str, ...], front_hint: str | None) -> Candidate | None:
    card = _formula(unit, context, path) or _definition(unit, context, path)
    marked = _BOLD.search(unit.md) is not None
    # The same term named at the end of what describes it ("……，这就是**快速重传**。", "……; this
    # is called **slow start**.", sentences.NAMED_MARK): hidden, it would be asked for by its
    # description, so the sentence is asked by its shape too ("什么是快速重传？").
    defined = marked and (_DEFINED_MARK.match(unit.md) is not None or NAMED_MARK.search(unit.md) is not None)
    if card is None and marked and not defined:
        card = _cloze(unit, context, path)  # the words the author marked are what to recall
    if card is None:
        # A defined term is asked by its sentence's shape; the cloze it was once asked as
        # still names the card's key (_asked), so its history stays.
        card = _asked(unit, context, path, front_hint, marked and not defined)
    return card


def _formula(unit: Unit, context: list[str], path: tuple[str, ...]) -> Candidate | None:
    """A formula on a line of its own asks for what the quantity it names equals:
    "拥塞控制 · 发送方窗口的上限值 = ?" (text.split_formula)."""
    found = split_formula(plainish(unit.md))
    if found is None:
        return None
    quantity = found[0]
    return Candidate(CardKind.DEFINITION, _led(f"{escape_text(quantity)} = ?", context), unit.md, unit.line, path,
                     f"formula:{quantity}", extra={"term": quantity})


def _asked(
    unit: Unit, context: list[str], path: tuple[str, ...], hint: str | None, marked: bool
) -> Candidate | None:
    """The question the sentence answers (questions.py); else a cloze of its quantity; else
    its heading asks for it, with the sentences around it (_one_card_per_heading). Its opening
    does not ask for the rest: "TCP 使用……" does not say which of the words after it are
    wanted, so a learner cannot know the answer. A sentence once asked another way keeps
    that card's key: the same fact asked better is the same card, so its history stays."""
    from tcpquiz.notes.questions import NAMED_FORMS, ask, counts_only

    # `marked`: its bold was tried as a cloze already
    cloze = None if marked else _cloze(unit, context, path)
    question = ask(unit.md)
    if question is None:
        if cloze is not None:
            return cloze
        if (term := _leading_term(plainish(unit.md))) is not None:
            return _term_card(term, unit, context, path, hint)
        opening = _completion(unit, context, path, hint)
        if not context:
            return opening  # text above every heading has no topic to be asked by: its opening asks for the rest
        return _by_heading(unit, context, path, opening.ident if opening and opening.kind is CardKind.CLOZE else None)
    earlier = cloze or _completion(unit, context, path, hint)

    def front(text: str, keyed: bool = False) -> str:
        asked = escape_text(text)
        # "主要有两个原因" only counts what follows, "按如下过程" only points at it: shown, either
        # tells nothing; the count still keys the card
        if (hint and fold(hint) not in fold(asked) and not only_points_ahead(hint)
                and (keyed or not counts_only(hint))):
            asked = f"{escape_text(hint)}{SEPARATOR}{asked}"  # an item under a lead-in: the lead-in says what it lists
        if question.form not in NAMED_FORMS or not question.subject or is_ambiguous(question.subject):
            asked = _led(asked, context)  # "当……时，会怎样？" says not what it is about: its heading does
        return asked

    asked = front(question.text)
    # A sentence asked by its heading alone shared one card with its neighbours: asked by
    # its own question it is a new card, not theirs; keyed by the question's first wording.
    if earlier is None or earlier.kind is CardKind.EXPLAIN:
        return Candidate(CardKind.BASIC, asked, unit.md, unit.line, path,
                         plainish(front(question.keyed or question.text, keyed=True)), extra={"form": str(question.form)})
    return Candidate(CardKind.BASIC, asked, unit.md, unit.line, path, earlier.ident,
                     extra={"form": str(question.form)}, key_kind=earlier.key_kind or earlier.kind)


# "创建socket -> int socket(…)", "No loss -> grow CWND": an arrow leads on to a result or a
# signature. Markup stripped, its "-" would read as the spaced dash of `term - definition`.
_ARROW = re.compile(r"\s[-=]+>")


def _definition(unit: Unit, context: list[str], path: tuple[str, ...]) -> Candidate | None:
    """`**URG**：紧急标志…` nested in a list item, or `LISTEN - waiting for a connection`."""
    from tcpquiz.notes.blocks import strip_lead
    from tcpquiz.notes.freeform import _term_front

    plain = plainish(unit.md)
    arrow = _ARROW.search(unit.md)
    found = split_definition(plain) or (None if arrow else split_dash_definition(plain)) or split_named_equal(plain)
    if found is None and arrow is not None:
        return _arrow_card(unit, arrow, context, path)
    if found is None:
        return None
    back = strip_lead(unit.md, found.term)
    back = (back or escape_text(found.definition)).lstrip("-–—:：= ").strip()
    if not meaningful(back, 2):
        return None
    return Candidate(CardKind.DEFINITION, escape_text(_term_front(found.term, context, back)), back, unit.line, path,
                     found.term, extra={"term": found.term})


def _arrow_from(text: str) -> bool:
    """Whether what stands before an arrow names something ("No loss", "创建socket"), rather than
    being a sentence with an arrow in a bracket at its end ("服务器发送 FIN。（服 -> LAST_ACK）")."""
    text = text.strip()
    return meaningful(text, 2) and display_width(text) <= TERM_WIDTH and not re.search(r"[。！？；.!?;（(]", text)


def _arrow_card(unit: Unit, arrow: re.Match[str], context: list[str], path: tuple[str, ...]) -> Candidate | None:
    """"No loss -> grow CWND by 1 MSS": what the arrow leads from asks for the whole line."""
    term = plainish(unit.md[:arrow.start()]).strip()
    if not _arrow_from(term) or not meaningful(plainish(unit.md[arrow.end():]), 2):
        return None
    return Candidate(CardKind.DEFINITION, _led(f"{escape_text(term)} → ?", context), unit.md, unit.line, path, term,
                     extra={"term": term})


@lru_cache(maxsize=1024)  # a sentence said twice, or asked again without its pointer, is tried again
def _hidden_spans(md: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _BOLD.finditer(md)]
    if not spans:
        spans = [(m.start(), m.end()) for m in _NUMBER.finditer(md)][:1]
    return sorted(spans)


def _cloze(unit: Unit, context: list[str], path: tuple[str, ...]) -> Candidate | None:
    md = unit.md
    spans = _hidden_spans(md)
    if not spans:
        return None
    hidden = sum(e - s for s, e in spans)
    if hidden > MAX_HIDDEN_SHARE * len(md) or len(plainish(md)) > MAX_CLOZE_FRONT:
        return None  # a sentence in bold is emphasis: nothing is left to ask with
    front_parts, back_parts, anki_parts, answers, cursor = [], [], [], [], 0
    for start, end in spans:
        answer = md[start:end]
        inner = answer[2:-2] if answer.startswith("**") else answer
        front_parts += [md[cursor:start], CLOZE_BLANK]
        back_parts += [md[cursor:start], f"**{inner}**"]
        anki_parts += [md[cursor:start], "{{c1::" + inner + "}}"]
        answers.append(_words(inner))
        cursor = end
    for parts in (front_parts, back_parts, anki_parts):
        parts.append(md[cursor:])
    front = "".join(front_parts).strip()
    if letters(plainish(front)) < MIN_FACT_LETTERS // 2 or not any(meaningful(a) for a in answers):
        return None
    led = _led(front, context)
    # The same card in Anki's cloze markup, for the export (explicit.py does the same).
    anki = f"{led[:len(led) - len(front)]}{''.join(anki_parts).strip()}"
    return Candidate(CardKind.CLOZE, led, "".join(back_parts).strip(), unit.line, path, _words(led),
                     extra={"answers": answers, "anki": anki})


# "URG，不用在缓存区保留": a flag or field named in Latin letters, then what the note says of it.
_LATIN_TERM_COMMA = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]{1,19}(?=\s?[，,]\s?[" + HAN_RANGES + r"])")


def _leading_term(plain: str) -> str | None:
    """The term a sentence of no shape opens with, in Latin letters before its Chinese
    ("sequence number 解决乱序问题", "URG，不用在缓存区保留"): what the rest tells about."""
    found = _SCRIPT_CHANGE.search(plain) or _LATIN_TERM_COMMA.search(plain)
    if found is None or letters(plain[found.end():]) < MIN_ANSWER_LETTERS:
        return None
    if not plain[found.end():found.end() + 1].isspace() and plain[found.end():].lstrip()[:1] not in "，,":
        return None  # "server由于收不到确认": a word of the sentence, not a term set apart from it
    return found[0].strip()


def _term_card(
    term: str, unit: Unit, context: list[str], path: tuple[str, ...], hint: str | None, named: bool = False
) -> Candidate:
    """A sentence that tells about a term, asked by the term: "sequence number 是什么？". It was
    once asked by its opening (_completion), whose key it keeps, so its history stays.
    A term the sentences `named` is asked what it is, not by what they do with it."""
    from tcpquiz.notes.freeform import _term_front

    earlier = _completion(unit, context, path, hint)
    # a named term is asked without what the sentences say of it, which only tells the
    # note's language when neither the term nor its headings do
    said = "" if named and has_cjk(term + "".join(context)) == has_cjk(unit.md) else unit.md
    front = escape_text(_term_front(term, context, said))
    if earlier is None or earlier.kind is not CardKind.CLOZE:
        return Candidate(CardKind.DEFINITION, front, unit.md, unit.line, path, term, extra={"term": term})
    return Candidate(CardKind.DEFINITION, front, unit.md, unit.line, path, earlier.ident, extra={"term": term},
                     key_kind=CardKind.CLOZE)


def _by_heading(unit: Unit, context: list[str], path: tuple[str, ...], was: str | None = None) -> Candidate | None:
    """A sentence of no shape asked by its heading: the sentences under one heading are
    joined into one card (_one_card_per_heading), a section card. `was`: the key the
    sentence had when it was asked by its opening."""
    if not context:
        return None
    return Candidate(CardKind.EXPLAIN, escape_text(_topic(context)), unit.md, unit.line, path, _topic(context),
                     extra={_WAS: was} if was else {})


def _completion(unit: Unit, context: list[str], path: tuple[str, ...], hint: str | None) -> Candidate | None:
    """The card a sentence was asked as before it was asked by its shape or its heading: its
    opening clause (or opening words) asking for the rest. Its key names the card that
    replaced it, so that card keeps its history; shown only for text above every heading."""
    md = unit.md
    cut = _lead_cut(md)
    if cut is None:
        return _by_heading(unit, context, path)
    lead, rest = md[:cut].rstrip(), md[cut:].strip()
    asked = f"{escape_text(hint)}{SEPARATOR}" if hint else ""  # an item under a lead-in: the lead-in says what it lists
    front = _led(f"{asked}{lead}……", context)
    # The rest of the sentence is hidden: a cloze, as Anki would show it ("{{c1::…}}").
    anki = f"{front[:-len('……')]}{'' if not lead[-1:].isascii() else ' '}{{{{c1::{rest}}}}}"
    return Candidate(CardKind.CLOZE, front, md, unit.line, path, _words(front),
                     extra={"answers": [_words(rest)], "anki": anki})


@lru_cache(maxsize=1024)  # a sentence said twice is keyed and answered again
def _words(md: str) -> str:
    """`plainish`, with each formula read as its words: a card shows `$x+1$` as written
    (tcpquiz.formulas), but its key and the answers typed for it hold `x+1`, as they did
    before cards kept formulas, so re-imports find the same cards."""
    return plainish(replace_math(md, escape_text, escape_text) if might_hold_math(md) else md)


LEAD_SHARE = 0.5  # of a sentence of one clause, the share its front shows at most
# An opening cut at a word says at least this much: "Avoid……" or "Providing……" does not say
# which fact is meant, so the answer is not determined by the front.
MIN_OPENING_LETTERS = 8


@lru_cache(maxsize=1024)  # a sentence said twice, or asked again without its pointer, is cut again
def _lead_cut(md: str) -> int | None:
    """Where the opening that asks ends: after the first clauses that say what the fact is
    about (MIN_LEAD_LETTERS to MAX_LEAD characters, leaving MIN_ANSWER_LETTERS to answer), else at a
    word (a character in Chinese) about LEAD_SHARE of the way in; never inside markup."""
    total = letters(plainish(md))
    formulas = [(m.start(), m.end()) for m in MATH.finditer(md)] if might_hold_math(md) else []

    def in_formula(cut: int) -> bool:
        return any(start < cut < end for start, end in formulas)

    for match in _CLAUSE.finditer(md):
        lead = md[:match.start()]
        if len(plainish(lead)) > MAX_LEAD:
            break
        said = letters(plainish(lead))
        if (said >= MIN_LEAD_LETTERS and total - said >= MIN_ANSWER_LETTERS and not _unbalanced(lead)
                and not in_formula(match.end())):
            return match.end()
    script = _SCRIPT_CHANGE.search(md)
    if (script and script.end() <= MAX_LEAD and letters(plainish(md[script.end():])) >= MIN_ANSWER_LETTERS
            and not in_formula(script.end())):
        return script.end()  # "sequence number 解决乱序问题": the English term is what the Chinese tells about
    if total < 2 * MIN_FACT_LETTERS:
        return None  # too short to split into a question and an answer
    target = min(int(len(md) * LEAD_SHARE), MAX_LEAD)
    for cut in range(target, 0, -1):
        lead = md[:cut]
        at_word = has_cjk(md[cut - 1:cut + 1]) or md[cut:cut + 1] == " "
        if at_word and not _unbalanced(lead) and not in_formula(cut) and letters(plainish(lead)) >= MIN_OPENING_LETTERS:
            return cut
    return None


def _led(front: str, context: list[str]) -> str:
    """The front, led by the nearest heading when the heading's words are not in it already:
    a sentence read alone often leaves out what it is about. `_led("", context)` is the lead alone."""
    if not context:
        return front
    topic = _folded(context[-1])
    if topic and front and topic in fold(plainish(front)):
        return front
    return f"{escape_text(_topic(context))}{SEPARATOR}{front}"


@lru_cache(maxsize=1024)  # every fact under a heading asks for it
def _folded(title: str) -> str:
    return fold(title)


def _topic(context: list[str]) -> str:
    """The nearest heading, led by its parent when it means little alone ("原理")."""
    topic = context[-1]
    if is_ambiguous(topic) and len(context) > 1:
        topic = f"{context[-2]}{SEPARATOR}{topic}"
    return topic


# -- lists -------------------------------------------------------------------------------------


def _item_head(item: Item) -> Para | None:
    first = item.blocks[0] if item.blocks else None
    return first if isinstance(first, Para) else None


def _short_list(block: ListBlock) -> bool:
    for item in block.items:
        head = _item_head(item)
        if head is None or len(item.blocks) > 1 or len(head.lines) > 1:
            return False
        text = head.lines[0].plain
        if display_width(text) > SHORT_ITEM or re.search(r"[。！；.!;]\s*\S", text):
            return False
    return len(block.items) >= 2


def _list_cards(
    block: ListBlock, context: list[str], path: tuple[str, ...], taken: set[int], intro: str | None
) -> Iterator[Candidate]:
    asks = intro or (context[-1] if context else None)
    if (glosses := glossary_list(block)) is not None:
        yield from _glossary_cards(block, glosses, asks, context, path, taken, intro)
        return
    if _short_list(block) and not any(item.start in taken for item in block.items):
        if asks:
            yield _whole_list(block, asks, context, intro)
        return
    cards: list[Candidate] = []
    alone = False  # an item that says too little to be asked about by itself
    # under a sentence, "- solution: …" asked alone says not of what: the list asked by it holds it
    under_sentence = intro is not None and _item_topic(intro) is None
    for item in block.items:
        made = [card for card in _item_cards(item, context, path, taken, intro)
                if not (under_sentence and _asks_an_aspect(card))]
        alone |= not made and item.start not in taken and len(item.blocks) == 1
        cards.extend(made)
    whole = _whole_list(block, asks, context, intro) if asks else None
    # one item that is a card of its own is not asked again as a list of one
    several = len(block.items) > 1 or alone
    if whole is not None and several and (alone or (intro and fits(whole.back)
                                                    and not any(i.start in taken for i in block.items))):
        # Items too short to ask about one by one ("慢启动 (Slow Start)") are asked together,
        # and so is a list under a line that says what it lists ("The main tasks are:"):
        # the list as a whole answers what the line above it, or the heading, names.
        yield whole
    yield from cards


def _glossary_cards(
    block: ListBlock, glosses: list[Definition | None], asks: str | None, context: list[str],
    path: tuple[str, ...], taken: set[int], intro: str | None,
) -> Iterator[Candidate]:
    """A glossary list (classify.glossary_list): the whole list as one card, and each
    term and its gloss as a definition; an item of another shape is read as usual."""
    from tcpquiz.notes.freeform import _term_front

    whole = bool(asks) and not any(item.start in taken for item in block.items)
    if asks and whole:
        yield _whole_list(block, asks, context, intro)
    for item, gloss in zip(block.items, glosses, strict=True):
        if item.start in taken:
            continue
        if gloss is None:
            if not whole:  # "Duplicate SACK" alone asks nothing: the whole list holds it
                yield from _item_cards(item, context, path, taken, intro)
            continue
        named_by = [*context, intro] if intro else context  # "选择 TCP 的场景：" says what the terms are
        yield Candidate(CardKind.DEFINITION, escape_text(_term_front(gloss.term, named_by, gloss.definition)),
                        escape_text(gloss.definition), item.start, path, gloss.term, extra={"term": gloss.term})


def _with_nested(card: Candidate, head: Para, rest: tuple[Block, ...]) -> Candidate:
    """An item "No loss -> grow CWND by 1 MSS" asked by its arrow, with the items nested under
    it ("Implementation: …") in its answer: they tell how what it leads to is done, as the
    items under a `term: definition` item do (freeform._definitions)."""
    if card.kind != CardKind.DEFINITION or len(head.lines) != 1 or not rest or not _ARROW.search(head.lines[0].md):
        return card
    from tcpquiz.notes.blocks import render_blocks

    back = f"{card.back}\n\n{render_blocks(rest)}"
    return replace(card, back=back) if fits(back) else card


def _whole_list(block: ListBlock, asks: str, context: list[str], intro: str | None) -> Candidate:
    from tcpquiz.notes.blocks import render
    from tcpquiz.notes.questions import counts_only, lead_in_question, term_question

    heads = [_item_head(item) for item in block.items]
    back = "\n".join(f"- {text}" for head in heads if head and (text := render(head)))  # a "TODO" item is left out
    front = _led(escape_text(asks), context) if intro else escape_text(asks)
    # the key keeps the lead-in as written, so a list asked as a question keeps its history
    ident = f"list:{plainish(front)}"
    if intro and context and counts_only(asks) and context[-1].rstrip().endswith(("？", "?")):
        # "为什么……？ · 主要有三个原因" leads with a remark: the heading asks, the count is a hint
        count = asks.strip().rstrip("：:。.").strip()
        front = escape_text(f"{_topic(context)}（{count}）" if has_cjk(asks) else f"{_topic(context)} ({count})")
    elif intro:
        front = _led(escape_text(lead_in_question(asks)), context)
        if (label := _shared_aspect_label(heads)) is not None and not is_question(asks):
            # "Delays can be large …" over "- solution: BBR": the sentence states a problem, the
            # items one aspect of it; asked alone, the sentence does not say what is wanted
            asked = f"{label}是什么？" if has_cjk(label) else term_question(label, False)  # not "如何解决办法？"
            front = f"{front}{SEPARATOR}{escape_text(asked)}"
    return Candidate(CardKind.EXPLAIN, front, back, block.start, (), ident)


def _shared_aspect_label(heads: list[Para | None]) -> str | None:
    """The aspect label ("solution", "解决办法") every item opens with, when they all open
    with the same one; else None."""
    from tcpquiz.notes.questions import names_an_aspect

    labels = {m[1].strip().casefold() if (m := re.match(r"^\s*([^:：]{2,20})[:：]", head.lines[0].plain)) else None
              for head in heads if head is not None}
    label = labels.pop() if len(labels) == 1 else None
    # a label of aspect words only ("解决方案", "solution") is one; any other that says not of
    # what ("第一步", "它的作用") is not
    return label if label is not None and names_an_aspect(label) and (
        names_only_an_aspect(label) or not is_ambiguous(label)) else None


# Where an item's opening turns from the topic it names to what it says about it:
# "超时重传：发送端……", "创建socket -> int socket(……)", "SampleRTT (……)", "LISTEN - waiting……".
_TOPIC_END = re.compile(r"\s*(?:[：:（(]|->|→|\s[-–—]\s)")


@lru_cache(maxsize=1024)  # an item's lead is asked for its topic, then again as the lead-in of the list under it
def _item_topic(lead: str) -> str | None:
    """What an item that heads nested items names, to lead their fronts: the item whole when
    it is a name (MAX_HINT_LETTERS), else the topic before its colon, arrow or bracket. An item
    that is a sentence with no such topic heads nothing: a front never shows a phrase cut short
    ("Once the IP datagram containing the…")."""
    text = lead.strip().rstrip("：:").strip()
    if _names_a_topic(text):
        return text
    # the longest opening that ends where the item turns and still names a topic
    ends = [m.start() for m in _TOPIC_END.finditer(text)]
    if script := _SCRIPT_CHANGE.search(text):
        ends = sorted({*ends, script.end()})  # "source and destination port numbers 源端口号和目的端口号"
    return next((topic for end in reversed(ends) if _names_a_topic(topic := text[:end].strip())), None)


MIN_TOPIC_LETTERS = 2  # "A：" or "1." names nothing
# An English name may run to a few words ("source and destination port numbers"); a whole
# clause ("Once the IP datagram containing the SYN arrives") is a sentence, not a topic.
MAX_TOPIC_WORDS = 6


def _names_a_topic(text: str) -> bool:
    if letters(text) < MIN_TOPIC_LETTERS or text.count("(") != text.count(")") or text.count("（") != text.count("）"):
        return False
    if has_cjk(text):
        return letters(text) <= MAX_HINT_LETTERS
    return letters(text) <= MAX_HINT_LETTERS or len(text.split()) <= MAX_TOPIC_WORDS
TERM_WIDTH = 48  # display columns: a list item this short over an indented explanation names a term


def _item_cards(
    item: Item, context: list[str], path: tuple[str, ...], taken: set[int], intro: str | None
) -> Iterator[Candidate]:
    head = _item_head(item)
    rest = item.blocks[1:] if head is not None else item.blocks
    lead: str | None = None
    if head is not None and item.start in taken:
        lead = head.lines[0].plain  # its own card is made: what is nested under it still asks its parts
    elif head is not None and len(head.lines) > 1 and names_lines_below(head.lines[0].plain):
        # "1. 慢启动 (Slow Start)" over lines that explain it, in the same item: a name and its meaning
        from tcpquiz.notes.blocks import render_blocks
        from tcpquiz.notes.freeform import _term_front

        term = strip_numbering(head.lines[0].plain).strip()
        explained = "\n\n".join(part for part in (HARD_BREAK.join(ln.md for ln in head.lines[1:]),
                                                     render_blocks(rest)) if part)
        yield Candidate(CardKind.DEFINITION, escape_text(_term_front(term, context, explained)), explained,
                        item.start, path, term, extra={"term": term})
        return
    elif head is not None:
        text = " ".join(line.plain for line in head.lines)
        if rest and all(isinstance(b, Para) and not split_definition(b.lines[0].plain) for b in rest) \
                and display_width(text) <= TERM_WIDTH and not is_question(text) \
                and not re.search(r"[。！？；.!?;]", text):
            # "*   **checksum field** 检查和字段" over an indented explanation: a term and its meaning
            from tcpquiz.notes.blocks import render_blocks
            from tcpquiz.notes.freeform import _term_front

            term = text.rstrip("：: ")
            yield Candidate(CardKind.DEFINITION, escape_text(_term_front(term, context, render_blocks(rest))),
                            render_blocks(rest),
                            item.start, path, term, extra={"term": term})
            return
        units = list(_sentences(_joined(head.lines)))
        # "Segment sent when one of the following holds:" over a nested list is its lead-in:
        # the list's card asks it, and a card of its own would ask for a colon's worth of nothing.
        leads_in = bool(rest) and isinstance(rest[0], ListBlock) and text.rstrip().endswith((":", "："))
        for position, unit in enumerate(units):
            if leads_in and position == len(units) - 1:
                continue
            hint = intro if position == 0 and intro and letters(intro) <= MAX_HINT_LETTERS else None
            for card in _sentence_card(unit, context, path, hint):
                yield _with_nested(card, head, rest)
        lead = head.lines[0].plain if units else None
    inner_context = context
    if lead and (arrow := _ARROW.search(lead)) and _arrow_from(lead[:arrow.start()]):
        lead = lead[:arrow.start()].strip()  # "创建socket -> int socket(…)" heads its parameters as "创建socket"
    topic = _item_topic(lead) if lead else None
    if topic:  # an item heads the items nested under it by the topic it names
        inner_context = [*context, topic]
    # A question item with its own card ("1. 怎么知道网络发生了拥塞？" over "答：…") whose answer
    # is one short paragraph: that card asks it, a fact card of it would ask the same again.
    paragraphs: list[Block] = [sub for sub in rest if isinstance(sub, Para)]
    answered = (head is not None and item.start in taken and is_question(head.lines[0].plain)
                and len(paragraphs) == 1 and letters(plain_text(paragraphs)) <= FACT_LETTERS)
    # A question item with its own card ("9. 流量控制原理？" over its bullets): that card asks for
    # the list under it, so the list is not asked a second time under the same question.
    asked = head is not None and item.start in taken and is_question(head.lines[0].plain)
    for index, sub in enumerate(rest):
        if answered and isinstance(sub, Para):
            continue
        nested_intro = lead.rstrip("：:") if index == 0 and lead and isinstance(sub, ListBlock) else None
        nested = _block_cards(sub, inner_context, path, taken, nested_intro)
        if lead and not topic:
            # Under an item that is a sentence ("since TCP fills up queues …, delays can be
            # large" over "- solution: …"), "What is the solution?" says not of what: the
            # list card asked by that sentence holds it (_list_cards).
            nested = (card for card in nested if not _asks_an_aspect(card))
        for card in nested:
            if asked and (asked_by_heading(card) or (nested_intro and card.kind == CardKind.EXPLAIN
                                                     and card.line == sub.start and card.ident.startswith("list:"))):
                continue  # the question's own card holds it: a sentence of no shape, or the list itself
            yield card


def _asks_an_aspect(card: Candidate) -> bool:
    from tcpquiz.notes.questions import names_an_aspect

    return card.kind is CardKind.DEFINITION and names_an_aspect(str(card.extra.get("term", "")))


# -- tables ------------------------------------------------------------------------------------


# The first header cell of a table that sets things side by side: empty, or a word for
# "the aspect compared" ("| 特性 | TCP | UDP |"); the other header cells name the things.
ASPECT_HEADINGS = {"", "对比项", "对比", "比较", "区别", "特性", "特点", "方面", "项目", "aspect", "feature",
                   "features", "property", "comparison", "criterion"}


def compared_columns(header: list[str]) -> list[str] | None:
    """The things a table compares row by row ("| | UDP | TCP |"), or None when its columns
    are a term and what it means (a glossary: "| 状态 | 含义 |")."""
    from tcpquiz.notes.freeform import MEANING_HEADINGS

    names = [cell.strip() for cell in header]
    if len(names) < 3 or names[0].casefold() not in ASPECT_HEADINGS:
        return None
    compared = names[1:]
    if not all(compared) or any(name.casefold() in MEANING_HEADINGS for name in compared):
        return None
    return compared


_INDEX_CELL = re.compile(r"^\s*(?:#|No\.?|第)?\s*\d{1,3}\s*(?:步|行|\.)?\s*$", re.IGNORECASE)


# Marks that fill a matrix of yes and no ("| 1 | A -> B | ✔ |  | ✔ |"): such a row asks which hold.
CHECK_MARKS = frozenset("✔✓√✅☑✘✗×❌")
NO_MARKS = frozenset("✘✗×❌")
# Words in a table's topic or its number column that make its numbered rows the steps of a process.
STEP_WORDS = ("步", "握手", "挥手", "过程", "流程", "阶段", "step", "stage", "phase", "handshake", "process")


def _row_name(header: list[str], cells: list[Line], steps: bool) -> tuple[str, int]:
    """How a row is asked for, and how many of its first cells that takes.

    The first cell names the row ("SYN", "连接"); "| TCP | UDP |" has no column of row
    names, so the header says what the first cell is ("TCP：面向连接"). A first column
    that only numbers the rows names nothing a learner can recall: the next cell names
    the row, and the number says which step it is only where the rows are the steps of
    a process ("第 1 步（方向 A -> B）")."""

    def named(i: int) -> str:
        name = header[i] if i < len(header) and header[i] else ""
        return f"{name} {cells[i].plain}" if name else cells[i].plain

    if _INDEX_CELL.match(cells[0].plain) and len(cells) > 2 and cells[1].plain:
        chinese = has_cjk(cells[1].plain + "".join(header))
        if not steps:
            return named(1), 2
        number = re.sub(r"\D", "", cells[0].plain)
        return (f"第 {number} 步（{named(1)}）" if chinese else f"Step {number} ({named(1)})"), 2
    # "| TCP | UDP |" has no column of row names: the first cell is TCP's value, and says so.
    return (f"{header[0]}：{cells[0].plain}" if header and header[0] else cells[0].plain), 1


def _row_question(header: list[str], named: int, checks: str, chinese: bool, step: bool = False) -> str:
    """What a row named by its first cells asks for: which columns hold, in a matrix of
    check marks (`checks`: "yes", or "mixed" with crosses); else the columns it fills
    ("状态、序号是什么？"), when they are few. A row of marks that is a step of a process
    says what holds once that step is done, and is asked so ("第 1 步（…）之后，…")."""
    if checks:
        question = _marks_question(header[named:], mixed=checks == "mixed", chinese=chinese)
        if step:
            return f"之后，{question}" if chinese else f", once done: {question}"
        return f"：{question}" if chinese else f": {question}"
    columns = [name for name in header[named:] if name]
    if not columns or len(columns) > MAX_ASKED_COLUMNS:
        return ""
    if chinese:
        return f"：{'、'.join(columns)}是什么？"
    return f": what {'is' if len(columns) == 1 else 'are'} its {', '.join(columns)}?"


MAX_ASKED_COLUMNS = 3  # a question naming more columns than this is longer than the row
# A row of marks under spanning headers is asked by naming them; more of them than this do
# not fit on a front a learner takes in at a glance.
MAX_MARKED_GROUPS = 4


# A spanning header that ends in a verb of learning ("客户端确认", "B 知道") says who came
# to know what its columns name, so the row asks it in words: "客户端确认了哪些？".
_LEARNING_VERB = re.compile(r"(?:确认|知道|得知|获知|验证|确定)$")


def _marks_question(columns: list[str], mixed: bool, chinese: bool) -> str:
    """Which columns of a row of check marks hold, without the joint to the row's name.
    Columns grouped under spanning headers ("A确认 · A发送") are asked by those headers:
    a header that is someone learning is asked what each learnt ("A确认了哪些、B确认了
    哪些？"), any other one what holds under it ("主动方、被动方各有哪些为 ✔？"); the answer
    names the columns under them. Columns of their own are not named: the answer would be
    the front's own words, a choice to read rather than recall."""
    named = [name for name in columns if name]
    groups = list(dict.fromkeys(name.split(SEPARATOR)[0] for name in named if SEPARATOR in name))
    marks = "哪些为 ✔，哪些为 ✘" if mixed else "哪些为 ✔"
    do_not = ", and which do not" if mixed else ""
    if 2 <= len(groups) <= MAX_MARKED_GROUPS and len(groups) < len(named):
        if not chinese:
            return f"which hold under {', '.join(groups)}{do_not}?"
        if not mixed and all(_LEARNING_VERB.search(group) for group in groups):
            return "、".join(f"{group}了哪些" for group in groups) + "？"
        return f"{'、'.join(groups)}各有{marks}？"
    return f"{marks}？" if chinese else f"which hold{do_not}?"


def _table_cards(block: Table, context: list[str], path: tuple[str, ...], intro: str | None) -> Iterator[Candidate]:
    """A comparison table ("| | UDP | TCP |"): each row asks for its cells by the row's name."""
    from tcpquiz.notes.freeform import _glossary

    if _glossary(block):
        return  # a glossary table is read as definitions by the section rules
    header = [cell.plain for cell in block.header]
    # A lead-in names the table's rows only when it is a name, not a sentence or "如下图：".
    named_by_intro = intro and letters(intro) <= MAX_HINT_LETTERS and not is_figure_ref(intro)
    topic = (intro or "") if named_by_intro else (context[-1] if context else "")
    # the cells after a numbered row's number and name: a matrix of marks, or values with names
    values = {cell.plain.strip() for row in block.rows for cell in row.cells[2:] if cell.plain.strip()}
    checks = "" if not values or not values <= CHECK_MARKS else "mixed" if values & NO_MARKS else "yes"
    numbered = " ".join([topic, *context[-1:], *header[:1]]).casefold()
    steps = any(word in numbered for word in STEP_WORDS)
    for row in block.rows:
        cells = list(row.cells)
        if len(cells) < 2 or not cells[0].plain or not any(c.plain for c in cells[1:]):
            continue
        asked, named = _row_name(header, cells, steps)
        if named == 2:  # a numbered row: named by its next cell, it says what it asks for
            asked += _row_question(header, named, checks, has_cjk(asked + "".join(header)), steps)
        parts = []
        for i, cell in enumerate(cells[named:], start=named):
            name = header[i] if i < len(header) and header[i] else ""
            if cell.md:
                parts.append(f"{escape_text(name)}：{cell.md}" if name else cell.md)
        if not parts:
            continue
        front = f"{escape_text(topic)}{SEPARATOR}{escape_text(asked)}" if topic else escape_text(asked)
        yield Candidate(CardKind.DEFINITION, front, HARD_BREAK.join(parts), row.number, path,
                        f"row:{cells[0].plain}", extra={"term": cells[0].plain})
