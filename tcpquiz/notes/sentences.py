"""How a paragraph is cut into facts: one sentence, one fact, one card.

A paragraph of notes often states several facts in a row ("拥塞控制也叫做基于窗口的拥塞
控制。发送方维持一个叫做拥塞窗口的状态变量。…"): asked as one card, its front names the
first fact and the others are never asked. So every sentence that can stand alone is a
unit of its own. A sentence stays with the one before it when it cannot: when it is too
short to state a fact, when it goes on from it ("但只要…", "于是…", "then…"), points at
what it said as a whole ("这就是快速重传", "This is why…"), tells more of its subject with a
bare pronoun ("它只提供…", "It takes…"), explains it under a label that points back
("这样做的理由是：…"), or when the one before leaves a bold or code span open. Clauses
joined by a semicolon are one sentence; a short paragraph of one or two sentences is one
thought, asked whole (fact_runs).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

from tcpquiz.notes.text import letters
from tcpquiz.text import HAN_RANGES

# Where a sentence ends: after 。！？；!?; and after a full stop before the next sentence.
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=\.)(?=\s+[A-Z" + HAN_RANGES + r"])")
# A sentence needs about this many letters (an ideograph counts as one) to state a fact
# alone: "见下图。", "Not always." only comment on the sentence before them.
MIN_SENTENCE_LETTERS = 16
# Openings that go on from the sentence before ("但/而/于是/即/例如", "but/so/then/i.e."),
# set it against the one before ("另一方面/相反", "on the other hand": the other half of one contrast),
# point at what it said as a whole ("这就是…", "这时…", "This is why…") or go on telling
# about its subject with a bare pronoun ("它只提供…", "It takes…"): read alone, such a
# sentence does not say what it is about, so it is asked together with the one it leans on.
# "这" before a verb ("这对…很有用", "这使…") points back; "这个重复的 ACK…", "这 3 个分组…",
# "This method…" name their thing again: they stand alone.
_LEANS_BACK_ZH = re.compile(
    r"^(?:它|其|上述|以上|前者|后者|两者|二者|但|而(?!且)|然而|不过|于是|然后|接着|即|也就是说|换句话说|换言之|例如|比如|譬如|可见|否则|反之|因而|从而|"
    r"另一方面|相反|反过来|同理|"
    r"那么|那样|此时|这(?:种(?:情况|现象|问题|做法|方法|方式)|(?![个些种一二两三四五六七八九十几类位条项段0-9])))"
)
_LEANS_BACK_EN = re.compile(
    r"^(?:(?:it|its|they|their|but|however|so|thus|hence|then|otherwise|for example|for instance|in other words|"
    r"on the other hand|in contrast|conversely|"
    r"that is|this (?:is|was|means|makes|leads|way|happens)|which)\b|i\.e\.|e\.g\.)",
    re.IGNORECASE,
)
# A label that points back ("这样做的理由是：", "关于这个问题解释：", "The reason for this:")
# explains the sentence before it: it is no term of its own to define.
_POINTING_LABEL = re.compile(
    r"^[^，,。：:]{0,12}(?:这|此|上述|以上)[^，,。：:]{0,12}[：:]"
    r"|^[^,.:]{0,40}\b(?:this|that|these|those|above)\b[^,.:]{0,30}:(?!//)",
    re.IGNORECASE,
)
# The same pointing after an opening comparison ("与慢启动的指数增加比起来，这是一种加性增长",
# "Compared with slow start, this is additive increase"): what "这" names is the sentence
# before. After a clause of its own ("TCP 是全双工的，这就意味着…") it names that clause.
_POINTS_AFTER_OPENING = re.compile(
    r"^(?:与|和|跟|同|相比|比起|相对于|对比)[^，,。；;]{1,30}[，,]\s*这(?:就|便|也)?(?:是|叫|称为|表明|说明|意味着)"
    r"|^(?:compared|unlike|like|in contrast|relative)\b[^,.;]{1,40},\s*(?:this|that) (?:is|was|means)\b",
    re.IGNORECASE,
)
# A sentence that opens by pointing at the one before it as a whole ("这说明……", "This means
# that ……", "This way, ……") names nothing of its own.
_POINTS_BACK = re.compile(r"^(?:这(?:说明|表明|意味着|样|就是说)|(?:this|that|these|it|such) "
                          r"(?:means|shows|is why|implies|way)\b)", re.IGNORECASE)
_OPENING_MARKUP = re.compile(r"^[\s*_`\"“'‘(（「]+")


@lru_cache(maxsize=1024)  # asked of each line as a paragraph is joined and of each part as it is split
def leans_back(sentence: str) -> bool:
    """Whether a sentence opens by pointing back at, or going on from, the one before it."""
    text = _OPENING_MARKUP.sub("", sentence)
    return bool(_LEANS_BACK_ZH.match(text) or _LEANS_BACK_EN.match(text) or _POINTING_LABEL.match(text)
                or _POINTS_AFTER_OPENING.match(text) or _POINTS_BACK.match(text))


def _open_marks(md: str) -> int:
    """Which of bold (1) and code (2) `md` leaves open: XOR-ed over a run's parts."""
    return (md.count("**") % 2) | (md.count("`") % 2) << 1


def _plain(md: str) -> str:
    return md.replace("**", "").replace("`", "")


# Clauses joined by a semicolon are one sentence: they stay together up to this many letters
# (about two lines, as facts.FACT_LETTERS), past which a long chain of them is cut at one.
CLAUSE_RUN_LETTERS = 80


def _joined(parts: list[str]) -> str:
    # a Chinese sentence ends in "。", which takes no space after it
    return "".join(part if i == 0 or not parts[i - 1][-1:].isascii() else f" {part}" for i, part in enumerate(parts))


def fact_sentences(md: str) -> list[str]:
    """The sentences of a paragraph (markdown), each joined with those that lean on it.
    Linear in the paragraph: each run keeps its letters and open marks as it grows."""
    runs: list[list[str]] = []
    sizes: list[int] = []  # letters of each run
    marks: list[int] = []  # what each run leaves open (_open_marks)
    for part in (p.strip() for p in SENTENCE_END.split(md)):
        if not part:
            continue
        size = letters(_plain(part))
        if runs and (size < MIN_SENTENCE_LETTERS or marks[-1] or leans_back(part)
                     or (runs[-1][-1][-1:] in ";；" and sizes[-1] + size <= CLAUSE_RUN_LETTERS)):
            runs[-1].append(part)
            sizes[-1] += size
            marks[-1] ^= _open_marks(part)
        else:
            runs.append([part])
            sizes.append(size)
            marks.append(_open_marks(part))
    return [_joined(run) for run in runs]


# A sentence that ends by naming in bold what it describes ("……，这常称为**加法增大AI**。",
# "…; this is called **slow start**."): the marked words (group 1) are the term it defines.
NAMED_MARK = re.compile(
    r"(?:叫做|叫作|称为|称作|这就是|就是所谓的?|(?:is|are) (?:called|known as|termed))\s*\*\*([^*\n]{1,30})\*\*"
    r"\s*(?:[(（][^)）\n]{1,40}[)）])?\s*[。.！!]?$",
    re.IGNORECASE,
)


def named_term(sentence: str) -> str | None:
    """The term a sentence names at its end (NAMED_MARK), or None."""
    found = NAMED_MARK.search(sentence.strip())
    return found[1].strip() if found else None


def split_at_names(run: str) -> list[str]:
    """A run of sentences (fact_sentences) cut after a sentence that names a term when a
    later sentence names another one with sentences between ("……这常称为**加法增大**。而
    一旦……。这常称为**乘法减小**。"): "而" leans on the first name's sentence, but what it
    says is what the second name names, so each name is asked by what describes it."""
    if run.count("**") < 4:
        return [run]  # two names in bold take two pairs of marks: most runs end here
    parts = [part.strip() for part in SENTENCE_END.split(run) if part.strip()]
    names = [i for i, part in enumerate(parts) if named_term(part) is not None]

    def describes(first: int, second: int) -> bool:
        # what lies between the two names says something of its own: not an alias ("这也叫**…**")
        between = _joined(parts[first + 1:second + 1])
        naming = NAMED_MARK.search(between)
        return naming is not None and letters(_plain(between[:naming.start()])) >= MIN_SENTENCE_LETTERS

    cuts = [i + 1 for i, following in pairwise(names) if describes(i, following)]
    if not cuts:
        return [run]
    bounds = [0, *cuts, len(parts)]
    return [_joined(parts[start:end]) for start, end in pairwise(bounds)]


# A closing sentence that names what the sentences before it describe together ("两者合在
# 一起就是所谓的AIMD算法", "They are known together as AIMD."): group "name" or "en".
_NAMES_THEM_TOGETHER = re.compile(
    r"^(?:两者|二者|这两者|这两种|三者)(?:合在一起|合起来|结合起来|结合在一起|一起)?(?:就是|就叫|就称为|称为|叫做|合称|统称)(?:所谓的?)?"
    r"\s*(?P<name>[^，,。；;！!？?]{2,20}?)\s*[。.！!]?$"
    r"|^(?:together,?\s+)?(?:they|the two|both)(?:\s+together)?\s+are\s+(?:called|known(?:\s+together)?\s+as|termed)\s+"
    r"(?P<en>[^,.;!?]{2,30}?)\s*[.!]?$",
    re.IGNORECASE,
)


def named_together(run: str) -> str | None:
    """The name a run's last sentence gives all it describes (_NAMES_THEM_TOGETHER), or None."""
    parts = [part.strip() for part in SENTENCE_END.split(run) if part.strip()]
    found = _NAMES_THEM_TOGETHER.match(_plain(parts[-1])) if len(parts) > 1 else None
    return (found["name"] or found["en"]).strip() if found else None


# A short paragraph (facts.FACT_LETTERS) of two sentences is one thought said in two breaths,
# asked whole; one of this many sentences that each stand alone states as many facts, and a
# card asking the first of them would leave the others unasked.
SHORT_PARAGRAPH_FACTS = 3


def fact_runs(md: str, short: bool, asks_alone: Callable[[str], bool] = lambda _: False) -> list[str]:
    """What a paragraph's cards are asked about: its sentences (fact_sentences), or the
    whole paragraph when it is `short` and holds fewer than SHORT_PARAGRAPH_FACTS of them,
    unless a later one states a fact of a shape of its own (`asks_alone`: "X 代表……"),
    which would be hidden behind the question of the sentence before it."""
    runs = fact_sentences(md)
    if not short or len(runs) >= SHORT_PARAGRAPH_FACTS or any(asks_alone(run) for run in runs[1:]):
        return runs
    return [md]
