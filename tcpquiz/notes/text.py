"""Small judgements about one piece of text: is it a question, a label, a step marker,
a `term：definition` line? Chinese and English. Pure string work, no markdown here:
callers hand in the plain text of a line that markdown-it has already parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tcpquiz.text import HAN_RANGES, display_width
from tcpquiz.text import char_width as char_width
from tcpquiz.text import fold as fold
from tcpquiz.text import has_han as has_cjk
from tcpquiz.text import is_han as is_cjk

# -- characters ---------------------------------------------------------------

SENTENCE_END = "。！!；;"
CLAUSE = "，,、"
QUESTION_MARKS = "？?"
COLONS = "：:"
SEPARATOR = " · "  # between a parent heading and an ambiguous child: "三次握手 · 第一次握手"


# Character counts run over every line of every note: they are written with map() and
# regular expressions, which loop in C, rather than generator expressions, which run a
# Python step per character and made importing a large folder slow.


@lru_cache(maxsize=1024)  # the passes over a note count the same lines again (7 times each on average)
def letters(text: str) -> int:
    """How many letters (CJK ideographs count as letters; digits and punctuation do not)."""
    return sum(map(str.isalpha, text))


_LETTER_OR_DIGIT = re.compile(r"[^\W_]")  # what str.isalnum() accepts


@lru_cache(maxsize=1024)  # asked of the same texts by several passes
def meaningful(text: str, at_least: int = 1) -> bool:
    """Whether a text holds `at_least` letters and digits: what is left once markup and
    punctuation are gone. Stops counting there (answers can be long)."""
    if at_least == 1:
        return _LETTER_OR_DIGIT.search(text) is not None
    for count, _ in enumerate(_LETTER_OR_DIGIT.finditer(text), start=1):
        if count >= at_least:
            return True
    return at_least <= 0


# -- numbering ------------------------------------------------------------------

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CIRCLED = {**{chr(0x2460 + i): i + 1 for i in range(20)},  # ① .. ⑳
           **{chr(0x2776 + i): i + 1 for i in range(10)},  # ❶ .. ❿
           **{chr(0x2780 + i): i + 1 for i in range(10)},  # ➀ .. ➉
           **{chr(0x278A + i): i + 1 for i in range(10)}}  # ➊ .. ➓
ENGLISH_ORDINALS = {name: i + 1 for i, name in enumerate(
    ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"))}


def cn_number(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20; None for anything else."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


@dataclass(frozen=True)
class Marker:
    """A step marker at the start of a line: `(1)`, `①`, `第一次握手：`, `Step 2:` ..."""

    family: str  # markers of one family form one run: "paren", "circled", "ordinal", "digit", "step"
    number: int
    prefix: str  # the marker as written, including trailing spaces and a label's colon
    label: str | None = None  # "第一次握手" when the marker names the step


_PAREN = re.compile(r"^\s*[(（]\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]\s*")
_DIGIT = re.compile(r"^\s*(\d{1,2})\s*(?:[、．]|\.(?!\d)|\)(?!\)))\s*")
_ORDINAL = re.compile(
    r"^\s*(第\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:次|步|阶段|个阶段|轮|层|点|条)?[^\s：:，,。；;]{0,8}?)"
    r"\s*(?:[：:，,、]|$)\s*"
)
_STEP = re.compile(r"^\s*((?:step|phase|stage)\s*(\d{1,2}))\s*(?:[:.)\-–]|$)\s*", re.IGNORECASE)
_EN_ORDINAL = re.compile(r"^\s*((first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?:ly)?)\s*[,:]\s*",
                         re.IGNORECASE)


def _may_mark_a_step(first: str) -> bool:
    """Whether a line whose first character (after spaces) is `first` can start with a
    marker: a bracket, a circled number, 第, a digit, or a letter of "step"/"first"...
    ("ſ" is an "s" to a case-blind pattern). Most lines start otherwise and skip the patterns."""
    return first in "(（第ſ" or first in CIRCLED or first.isdigit() or (first.isascii() and first.isalpha())


def step_marker(text: str) -> Marker | None:
    """The step marker a line starts with, if any."""
    if not _may_mark_a_step(text.lstrip()[:1]):
        return None
    if m := _PAREN.match(text):
        number = cn_number(m[1])
        return Marker("paren", number, m[0]) if number else None
    stripped = text.lstrip()
    if stripped and stripped[0] in CIRCLED:
        rest = stripped[1:]
        return Marker("circled", CIRCLED[stripped[0]], text[: len(text) - len(rest)] + _lead_space(rest))
    if m := _ORDINAL.match(text):
        number = cn_number(m[2])
        return Marker("ordinal", number, m[0], m[1].strip()) if number else None
    if m := _STEP.match(text):
        return Marker("step", int(m[2]), m[0], m[1].strip())
    if m := _EN_ORDINAL.match(text):
        number = ENGLISH_ORDINALS.get(m[2].casefold())  # a case-blind match may be "ſecond" or "fırst", not ASCII
        return Marker("step", number, m[0], m[1].strip()) if number else None
    if m := _DIGIT.match(text):
        return Marker("digit", int(m[1]), m[0])
    return None


def _lead_space(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


# Section numbering in front of a heading: "1. ", "1.2 ", "一、", "（三）", "Step 3:" is kept.
_NUMBERING = re.compile(
    r"^\s*(?:\d{1,3}(?:\.\d{1,3})*(?:[.、．)]\s*|\s+(?![种个次条点步层位类大]))|[一二三四五六七八九十]{1,3}\s*[、.．]\s*"
    r"|[(（]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]\s*|[\u2460-\u2473\u2776-\u2793]\s*)"
)


@lru_cache(maxsize=1024)  # asked of the same lines by several passes
def strip_numbering(text: str) -> str:
    stripped = _NUMBERING.sub("", text, count=1)
    return stripped if letters(stripped) else text


def clean_title(text: str) -> str:
    """A heading or label as a card front: numbering, a trailing colon and spaces removed."""
    text = " ".join(text.split())
    text = strip_numbering(text).strip()
    return text.rstrip("：:").strip()


# -- questions --------------------------------------------------------------------

ZH_INTERROGATIVES = (
    "为什么", "为何", "为啥", "如何", "怎么", "怎样", "什么", "哪些", "哪个", "哪种", "哪里", "哪儿",
    "是否", "能否", "可否", "有没有", "是不是", "会不会", "能不能", "多少", "多久", "多长", "几种",
    "几个", "几次", "何时", "何为", "何谓", "何种",
)
_ZH_INTERROGATIVE = re.compile("|".join(map(re.escape, ZH_INTERROGATIVES)))
_EN_QUESTION = re.compile(r"^(why|what|how|when|where|which|who|whom|whose)\b", re.IGNORECASE)
_EN_AUX_QUESTION = re.compile(
    r"^(is|are|was|were|do|does|did|can|could|should|would|will|must|may|has|have)\b.*\?$", re.IGNORECASE
)


@lru_cache(maxsize=1024)  # asked of the same lines by several passes
def is_question(text: str) -> bool:
    """A question: ends with ？/?, or is Chinese holding an interrogative, or opens with Why/What/How..."""
    text = text.strip().rstrip("：:").strip()
    if not text:
        return False
    if text[-1] in QUESTION_MARKS:
        return True
    if has_cjk(text):
        return _ZH_INTERROGATIVE.search(text) is not None or text.endswith(("吗", "呢"))
    # "When the timer expires, the sender resends." opens like a question but ends as a statement
    return not text.endswith(".") and bool(_EN_QUESTION.match(text) or _EN_AUX_QUESTION.match(text))


def as_question(text: str) -> str:
    """A Chinese question written without its question mark gets one: "为什么是四次挥手" -> "...？"."""
    if text and text[-1] not in QUESTION_MARKS and has_cjk(text) and is_question(text):
        return text + "？"
    return text


QUESTION_PREFIX = re.compile(
    r"^\s*(?:(?:问题?|Q|Question)\s*\d{0,3}\s*[：:.、]\s*|\d{1,3}\s*[.、．)]\s*|[(（]\d{1,3}[)）]\s*)",
    re.IGNORECASE,
)
ANSWER_PREFIX = re.compile(r"^\s*(?:答案?|参考答案|解答|回答|A|Ans|Answer)\s*[：:]\s*", re.IGNORECASE)
_QUESTION_OR_SENTENCE_END = re.compile(f"[{QUESTION_MARKS}{SENTENCE_END}\n]")


@lru_cache(maxsize=1024)  # asked of the same lines by several passes
def leading_question(text: str) -> tuple[str, str] | None:
    """Split "应用层如何知道对端关闭？通常……" into the question and the rest.

    The question is the text up to the first ？/? when nothing before it ends a sentence,
    so a rhetorical question in the middle of an explanation is not mistaken for one.
    Returns (question as written, including any "问：" prefix; rest).
    """
    stop = _QUESTION_OR_SENTENCE_END.search(text)
    if stop is None or stop[0] not in QUESTION_MARKS:
        return None
    index = stop.start()
    question = text[: index + 1]
    while index + 1 < len(text) and text[index + 1] in QUESTION_MARKS + "”\"’'）)":
        index += 1
        question = text[: index + 1]
    core = QUESTION_PREFIX.sub("", question, count=1)
    if any(p in core for p in SENTENCE_END) or display_width(core) > 120 or letters(core) < 2:
        return None
    return question, text[index + 1:]


# -- labels and definitions -----------------------------------------------------------

# Words that introduce what follows rather than name a topic: "例如：", "Note:". Never a
# heading of their own, never a defined term.
INTRO_WORDS = {
    "例如", "比如", "譬如", "如下", "以下", "原因如下", "具体如下", "步骤如下", "过程如下", "流程如下",
    "注意", "注", "备注", "提示", "总之", "其中", "包括", "分别是", "另外", "此外", "补充", "答", "答案",
    "解", "解答", "参考答案", "回答", "问", "问题",
    "因为", "所以", "因此", "但是", "然后", "首先", "其次", "最后", "接着",
    "结论", "即", "也就是", "也就是说", "换句话说", "举例", "比方说", "或者", "或", "或是", "以及",
    "e.g", "eg", "i.e", "ie", "for example", "example", "note", "notes", "tip", "hint", "warning",
    "see", "see also", "such as", "as follows", "the following", "answer", "a", "q", "so", "because",
    "then", "first", "next", "finally", "also", "but", "however", "therefore", "thus",
    # an assumption opens a derivation, it names no topic: "Assume:" over the premises
    "assume", "assuming", "suppose", "given", "consider", "假设", "假定", "设",
}
# ...and the endings of lines that point at what follows ("过程如下：", "Call it like this:").
INTRO_ENDINGS = ("如下", "以下", "如下所示", "这样", "下面", "as follows", "the following", "like this", "below",
                 "here", "this", "these")
# Words that name an aspect of something rather than a thing: a heading made only of one
# of these ("原理", "Overview") means little without its parent.
GENERIC_WORDS = {
    "原理", "作用", "区别", "定义", "概念", "概述", "简介", "介绍", "总结", "小结", "步骤", "流程", "过程",
    "特点", "特性", "优点", "缺点", "优缺点", "原因", "目的", "例子", "示例", "举例", "注意事项", "解释",
    "说明", "用法", "方法", "实现", "应用", "场景", "应用场景", "分类", "类型", "格式", "结构", "组成",
    "功能", "意义", "含义", "参考", "问题", "答案", "细节", "图解", "详解", "补充", "总览", "背景",
    "解决方案", "解决办法", "解决方法", "方案", "办法", "措施", "对策",
    "overview", "summary", "definition", "purpose", "example", "examples", "steps", "process", "notes",
    "reasons", "advantages", "disadvantages", "pros and cons", "usage", "details", "structure",
    "format", "features", "introduction", "background", "explanation", "why", "how", "what",
    "solution", "solutions", "workaround", "workarounds",
}
_CJK_GENERIC = sorted((w for w in GENERIC_WORDS if has_cjk(w)), key=len, reverse=True)
_PRONOUN_START = re.compile(r"^(它|其|该|此|这|那|他们|它们|(this|that|it|they|these|those|its)\b)", re.IGNORECASE)
_FIGURE_REF = re.compile(r"(如|见|看|下|上|此|该|这|一张|附)图|^(see|the) (figure|picture|image|diagram)\b",
                         re.IGNORECASE)
# A "term" that is really the start of a reported sentence: "TCP规定：", "书上说：".
_SPEECH_END = re.compile(r"(说|表示|规定|认为|指出|发现|可知|得知|如下|所示|写道|提到)$")
# "接收方回复: ack=1100", "Client sends: SYN": a step of a worked example, what one side sends
# or gets there; asked "接收方回复是什么？" it leans on the example the card does not show.
_EXCHANGE_END = re.compile(r"(?:发送|回复|收到|返回|输出|应答|发出|响应|\b(?:sends?|replies|reply|receives?|returns?|responds?|gets?))"
                           r"(?:\s?[A-Z][A-Z+/]{1,11})?$", re.IGNORECASE)  # "服务器回复 ACK：知道了" too
_ENGLISH_CLAUSE = re.compile(
    r"\b(is|are|was|were|be|been|has|have|had|do|does|did|can|could|will|would|should|must|may|might|"
    r"it|this|that|they|we|you|i|there|here)\b",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"^(\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|some|main|key)\s+"
    r"|^(\d+|[一二两三四五六七八九十几]+)\s*(个|种|点|条|大)?(?=\S)",
    re.IGNORECASE,
)
_CONNECTIVE = re.compile(
    r"^(首先|然后|随后|接着|之后|此时|这时|因为|由于|所以|因此|如果|假如|但是|但|而且|而|并且|即|其中|另外|此外|同时|最后|"
    r"(then|first|next|when|if|because|so|but|and|while|after|before|finally)\b)",
    re.IGNORECASE,
)
_TOC = {"目录", "contents", "table of contents", "toc", "索引"}


def is_intro(text: str) -> bool:
    core = text.strip().rstrip("：:.。 ").strip().casefold()
    return core in INTRO_WORDS or core.endswith(INTRO_ENDINGS)


# A line that opens by pointing at what comes next ("下面的例子说明了窗口是怎样变化的",
# "The following example shows how the window grows"): it introduces the text below it
# and names no topic of its own, even when it words that as a question.
_POINTS_FORWARD = re.compile(
    r"^(?:下面|以下|接下来|下文|下图|下表|如下图)(?:的|通过|用|以|将|来|我们)?"
    r"|^(?:the following|below|in the (?:example|figure|table) below)\b",
    re.IGNORECASE,
)


def points_forward(text: str) -> bool:
    """Whether a line opens by pointing at the text after it (_POINTS_FORWARD)."""
    return bool(_POINTS_FORWARD.match(text.strip()))


def is_toc_title(text: str) -> bool:
    return text.strip().strip("[]@").casefold() in _TOC  # "[TOC]" too


# A lead-in that names nothing it lists, only says how the steps below it go ("这个算法按
# 如下过程实现", "It works as follows"): "TCP 的特点如下" names what it lists and is no such one.
_ONLY_POINTS_AHEAD = re.compile(
    r"(?:按|以|用|通过)(?:如下|以下|下面|下列)的?(?:过程|步骤|流程|方式|方法)"
    r"|\b(?:works|proceeds|runs|goes|operates|is (?:implemented|done|carried out)) as follows\b",
    re.IGNORECASE,
)


def only_points_ahead(text: str) -> bool:
    return _ONLY_POINTS_AHEAD.search(text) is not None


def is_figure_ref(text: str) -> bool:
    return bool(_FIGURE_REF.search(text))


@lru_cache(maxsize=4096)  # every fact under a heading asks it again
def is_ambiguous(title: str) -> bool:
    """True when a heading alone does not say what it is about: "第一次握手", "原理", "它的作用"."""
    text = title.strip().rstrip("？?：:。.").strip()
    if not text:
        return True
    if (marker := step_marker(text)) is not None and marker.family in ("ordinal", "step"):
        return True
    if _PRONOUN_START.match(text):
        return True
    core = text.casefold()
    for word in (*ZH_INTERROGATIVES, "的", "吗", "呢", "是", "有", "要"):
        core = core.replace(word, "")
    core = re.sub(r"\b(of|the|a|an|is|are|does|do)\b", " ", core)
    core = " ".join(core.split())
    core = _COUNT.sub("", core).strip()  # "Two reasons", "两个原因": how many says nothing of what
    if not core or _only_generic(core):
        return True
    latin = any(ch.isascii() and ch.isalpha() for ch in core)
    weight = sum(2 if is_cjk(ch) else 1 for ch in core if ch.isalpha())
    if is_question(text):
        # "什么是 MSL？" names what it asks about; "如何发现？" does not.
        return not latin and weight <= 4
    if not latin and weight <= 12 and core.endswith(tuple(_CJK_GENERIC)):
        return True  # "防御方法", "工作原理": an aspect of something the parent names
    # An ideograph says more than a Latin letter: "序号" names a thing, "TCP" under
    # "TCP和UDP的区别" is one side of a comparison.
    return weight <= 3


def names_only_an_aspect(title: str) -> bool:
    """"概述", "Overview", "区别总结": a title made only of words for an aspect of something."""
    core = " ".join(title.strip().rstrip("？?：:。.").casefold().split())
    return bool(core) and _only_generic(core)


def _only_generic(core: str) -> bool:
    """"原理", "区别总结", "pros and cons": words that name an aspect, and nothing else."""
    if core in GENERIC_WORDS:
        return True
    words = core.split()
    if len(words) > 1:
        return all(_only_generic(word) for word in words)
    rest = core
    while rest:
        for word in _CJK_GENERIC:
            if rest.startswith(word):
                rest = rest[len(word):]
                break
        else:
            return False
    return True


def with_context(title: str, parents: list[str] | tuple[str, ...]) -> str:
    """`title`, led by as many parent titles as it takes to make sense ("三次握手 · 第一次握手")."""
    parts = [title]
    for parent in reversed(parents):
        if not is_ambiguous(parts[0]) or parent in parts:
            break
        parts.insert(0, parent)
        if len(parts) == 3:
            break
    return SEPARATOR.join(parts)


@dataclass(frozen=True)
class Definition:
    term: str
    definition: str


@lru_cache(maxsize=1024)  # asked of the same lines by several passes
def split_definition(text: str) -> Definition | None:
    """`term：definition` or `term: definition` when the term looks like a term.

    A term is short, holds no clause or sentence punctuation, is not a step ("第一次握手")
    nor an introduction ("例如", "Note"), and is not a URL scheme or a time of day.
    """
    stripped = text.strip()
    cut = min((i for i in (stripped.find("："), stripped.find(":")) if i > 0), default=-1)
    if cut <= 0:
        return None
    if stripped[cut - 1].isdigit() and stripped[cut + 1:cut + 2].isdigit():
        return None  # 10:30 is a time of day
    term, definition = stripped[:cut].strip(), stripped[cut + 1:].strip()
    if stripped[cut] == ":" and cut + 1 < len(stripped) and stripped[cut + 1] == ":":
        return None  # "a :: b" is the explicit card syntax, not a definition
    if not term or letters(definition) < 2 or definition.startswith("//"):
        return None
    if any(p in term for p in SENTENCE_END + CLAUSE + QUESTION_MARKS) or term.count("(") != term.count(")"):
        return None
    if term.count("（") != term.count("）") or term.count("“") != term.count("”"):
        return None
    if display_width(term) > 40 or len(term.split()) > 6 or letters(term) < 1:
        return None
    if not has_cjk(term) and (len(term.split()) > 4 or _ENGLISH_CLAUSE.search(term)):
        return None  # "Each direction is closed separately:" is a sentence, not a term
    if step_marker(term) is not None or is_intro(term) or _SPEECH_END.search(term) or _EXCHANGE_END.search(term):
        return None
    if term.isdigit() or re.fullmatch(r"[\d\s:.\-/]+", term):
        return None
    return Definition(term, definition)


_DASH = re.compile(r"\s[-–—]{1,2}\s")
# "ISN = initial sequence number", "RTT = 往返时间": a short name set equal to words rather
# than to an expression spells the name out, as "ISN：initial sequence number" does.
# The name is one token: an abbreviation or identifier ("ISN", "RTO"), or a Chinese noun.
_NAMED_EQUAL = re.compile(r"^(?P<term>[A-Za-z][A-Za-z0-9_]{1,15}|[" + HAN_RANGES + r"]{2,8})\s*=\s*(?P<words>[^=]+)$")
# What it stands for is a phrase: no digits or operators (a formula), no clause punctuation (a sentence).
_NOT_WORDS = re.compile(r"[\d+*/×÷^()（）<>\[\]{}|%$\\，,。；;：:！？!?]|\s-\s")


def split_named_equal(text: str) -> Definition | None:
    """`ISN = initial sequence number`: a name and the words it stands for; None for a
    formula ("cwnd = cwnd + 1", "MSS = MTU - 40") or a sentence."""
    match = _NAMED_EQUAL.match(text.strip())
    if match is None:
        return None
    term, words = match["term"], match["words"].strip()
    if _NOT_WORDS.search(words) or starts_sentence(term):
        return None
    if letters(words) < 4 or (not has_cjk(words) and len(words.split()) < 2):
        return None  # "x = y" names nothing
    return Definition(term, words)


def split_dash_definition(text: str) -> Definition | None:
    """`LISTEN - waiting for a connection request`: a term, a spaced dash, its meaning.
    The term is held to what split_definition() accepts as a term."""
    match = _DASH.search(text)
    if match is None or match.start() == 0:
        return None
    return split_definition(f"{text[:match.start()].strip()}: {text[match.end():].strip()}")


def bare_label(text: str) -> bool:
    """A short line with no punctuation standing alone as a paragraph: a heading typed without `#`.

    "TCP和UDP的区别" is one; "读 60 遍" (too few letters to name a topic) and
    "再看一张图。" (a sentence) are not.
    """
    if step_marker(text) is not None and step_marker(text).family != "digit":  # type: ignore[union-attr]
        return False  # "(1) 客户端发送 SYN" is a step, not a heading
    text = strip_numbering(text.strip())  # "一、停止等待 ARQ 协议": the numbering is no clause
    if not text or any(p in text for p in SENTENCE_END + CLAUSE + QUESTION_MARKS + COLONS + "."):
        return False
    if starts_sentence(text):
        return False
    return (
        letters(text) >= 4 and display_width(text) <= 40 and len(text.split()) <= 6
        and step_marker(text) is None and not is_intro(text) and not is_figure_ref(text)
    )


def starts_sentence(text: str) -> bool:
    """Opens with a connective ("首先", "then"): the start of a sentence, not a name."""
    return bool(_CONNECTIVE.match(text.strip()))


def colon_label(text: str) -> bool:
    """"三次握手原理：" - a short name followed by a colon, introducing what comes next."""
    text = text.strip()
    if not text or text[-1] not in COLONS:
        return False
    core = strip_numbering(text[:-1].strip())
    if not core or any(p in core for p in SENTENCE_END + CLAUSE + COLONS) or starts_sentence(core):
        return False
    return (
        letters(core) >= 2 and display_width(core) <= 40 and len(core.split()) <= 8
        and not is_intro(core) and not is_figure_ref(core)
        and ((marker := step_marker(core)) is None or marker.family == "digit")
    )


def question_label(text: str) -> bool:
    """A question standing alone on its line: a heading typed without `#`."""
    text = text.strip()
    core = strip_numbering(text)
    if not is_question(core) or display_width(core) > 120 or letters(core) < 3 or points_forward(core):
        return False
    body = core.rstrip(QUESTION_MARKS)
    if any(p in body for p in SENTENCE_END):
        return False
    split = leading_question(core)
    return not (split and split[1].strip(" ”\"’'）)"))  # "X？answer" is a question with its answer


def bold_label(text: str) -> bool:
    """Bold text alone on its line, used as a heading: "**连接释放阶段：**", "**TCP 为什么是三次握手？**"."""
    text = text.strip()
    core = text.rstrip("：: ")
    if not core or letters(core) < 2 or display_width(core) > 80 or is_intro(core):
        return False
    if any(p in core for p in SENTENCE_END) or core[-1] == ".":
        return False  # a bold sentence is emphasis, not a heading
    if not is_question(core) and any(p in core for p in CLAUSE):
        return False
    marker = step_marker(core)
    return marker is None or marker.family == "digit"


# A glossary line: a term and, in brackets or in the other script, what it stands for:
# "RTO （Retransmission TimeOut） 重传超时时间", "指数退避(exponential backoff)", "cwnd 拥塞窗口",
# "慢启动 slow start". Brackets of either width, and 「」 as Chinese notes quote a name.
_GLOSS_BRACKET = re.compile(r"^(?P<term>[^()（）「」\[\]]+?)\s*[(（「](?P<gloss>[^()（）「」]+)[)）」]\s*(?P<rest>.*)$")
_GLOSS_LATIN_CJK = re.compile(r"^(?P<term>[A-Za-z][\w\-/.+ ]*?)\s+(?P<gloss>[" + HAN_RANGES + r"].*)$")
_GLOSS_CJK_LATIN = re.compile(r"^(?P<term>[" + HAN_RANGES + r"][" + HAN_RANGES + r"\w\-]*?)\s*(?P<gloss>[A-Za-z][A-Za-z\-' ]+)$")
_GLOSS_CJK_CJK = re.compile(r"^(?P<term>[" + HAN_RANGES + r"]{2,8})\s+(?P<gloss>[" + HAN_RANGES + r"].*)$")
GLOSS_TERM_WIDTH = 24  # display columns: a glossary's term is a name, not a phrase
GLOSS_WIDTH = 64  # display columns of a whole glossary line: longer is a sentence


def split_gloss(text: str) -> Definition | None:
    """A glossary line as a term and its gloss; None for a line of another shape.
    Only a list of such lines is read this way (classify.glossary_list): alone, "TCP (协议)"
    is as likely a remark as a definition."""
    text = " ".join(text.split())
    if display_width(text) > GLOSS_WIDTH or any(p in text for p in "。！？!?；;：:"):
        return None
    if m := _GLOSS_BRACKET.match(text):
        term, gloss, rest = m["term"].strip(), m["gloss"].strip(), m["rest"].strip()
        if rest and has_cjk(rest) and has_cjk(term) and not has_cjk(gloss):
            term, gloss_text = term + rest, gloss  # "快速重传（Fast Retransmit）机制": the word goes on
        else:
            gloss_text = f"{gloss} {rest}".strip()
    elif m := (_GLOSS_LATIN_CJK.match(text) or _GLOSS_CJK_LATIN.match(text) or _GLOSS_CJK_CJK.match(text)):
        term, gloss_text = m["term"].strip(), m["gloss"].strip()
    else:
        return None
    if not term or display_width(term) > GLOSS_TERM_WIDTH or letters(gloss_text) < 2 or letters(term) < 1:
        return None
    return Definition(term, gloss_text)


# A formula on a line of its own: "RTO = SRTT + 4 × RTTVAR", "发送方窗口的上限值 = Min[rwnd, cwnd]",
# "\text{Timeout} = 2 \cdot \text{EstimatedRTT}". The left side names a quantity (no clause
# in it); the right side is an expression: something to compute, not a sentence.
_FORMULA = re.compile(r"^(?P<lhs>[^=<>≤≥，。；：,;:!?！？]{1,60}?)\s*[=＝]\s*(?P<rhs>[^=].*)$")
_LATEX_TEXT = re.compile(r"\\?(?:text|mathrm|mathit|operatorname|textit|textbf)\{([^{}]*)\}")
_EXPRESSION = re.compile(r"[+\-*/×÷·^]|\\cdot|\\times|\\frac|\b(?:min|max|Min|Max|MIN|MAX)\s*[(\[{]|^\s*\d")
FORMULA_SIDE_WIDTH = 32  # display columns of the quantity a formula names: longer is a sentence
FORMULA_WIDTH = 96  # display columns of a whole formula line
FORMULA_TERMS = 12  # space-separated parts of an expression: "SRTT + 4 * RTTVAR" has five


def split_formula(text: str) -> tuple[str, str] | None:
    """The quantity a formula line defines and the expression it equals; None for a line
    that is not one formula (a sentence that mentions "cwnd = 1" in passing is not)."""
    if "=" not in text and "＝" not in text:
        return None  # every sentence is asked this first, and few hold an equals sign (_FORMULA needs one)
    plain = " ".join(_LATEX_TEXT.sub(r"\1", text).split()).strip("`$ ")
    if display_width(plain) > FORMULA_WIDTH:
        return None
    m = _FORMULA.match(plain)
    if m is None:
        return None
    lhs, rhs = m["lhs"].strip(), m["rhs"].strip()
    if not lhs or display_width(lhs) > FORMULA_SIDE_WIDTH or letters(lhs) < 1 or len(lhs.split()) > 4:
        return None
    outside = re.sub(r"[(（\[{][^()（）\[\]{}]*[)）\]}]", "", rhs)  # a remark in brackets may be words
    if has_cjk(outside) or not _EXPRESSION.search(rhs) or len(outside.split()) > FORMULA_TERMS:
        return None  # a sentence after "=", not an expression
    if re.search(rf"(?<!\w){re.escape(lhs)}(?!\w)", rhs):
        return None  # "cwnd = cwnd + 1" updates a value: "cwnd = ?" would not say which rule is asked
    return lhs, rhs


NAME_WIDTH = 12  # display columns: "零窗口问题", "超时重传"; a longer line without a gloss may be a sentence


def names_lines_below(text: str) -> bool:
    """A first line that names what the lines under it explain, in the same paragraph or
    list item: "零窗口问题" over "当接收方窗口为 0 时…", "1. 慢启动 (Slow Start)" over
    "初始 cwnd = 1 MSS". A name is a bare label (no punctuation, not a step or a
    connective) that is very short or glossed in brackets; "TCP是面向连接的" over a
    second line is two facts, not a name and its explanation."""
    text = strip_numbering(" ".join(text.split()))
    if not bare_label(text) and split_gloss(text) is None:
        return False
    if any(p in text for p in SENTENCE_END + CLAUSE + QUESTION_MARKS + COLONS) or starts_sentence(text):
        return False
    return display_width(text) <= NAME_WIDTH or (split_gloss(text) is not None and bool(re.search(r"[(（]", text)))
