"""What a rule of `tcpquiz check` is. The rules themselves are in `catalogue` (common
misconceptions) and `derived` (checks derived from the engine's tables).

Each rule says what a wrong statement looks like in each language, the correct fact in
that language, and where the fact comes from. A rule fires only when its pattern matches
and nothing in the sentence suggests the writer is discussing the mistake rather than
making it (see DISCUSSION). Every rule has a test: it fires on a wrong statement and is
silent on the right one and on a nearby correct sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# Words that show a sentence is about a mistake, not making it. A rule whose wrong
# statement is itself a negation ("SYN 不消耗序号") ignores the plain negations.
_DISCUSS_ZH = r"误以为|误认为|误区|误解|错误|谬误|(?<!可)以为|说法|混淆|常见的?错"
_DISCUSS_EN = r"\b(?:myths?|misconceptions?|mistakes?|mistaken|wrong|incorrect|confus\w*|misread)\b"
_NEGATE_ZH = (r"不(是|对|等于|会|能|可|经过|进入|处于|需要?|必|用|要|再|基于|使用|支持|包括|包含|消耗|占用|保留|提供|具有)"
              r"|并非|而非|并不|没有|无需|无须|跳过|避免|免去|绕过|省去")
_NEGATE_EN = r"\b(?:not|no|never|no longer|rather than|instead of|avoids?|skips?|bypass(es)?)\b|n't\b"
DISCUSSION = {"zh": re.compile(_DISCUSS_ZH), "en": re.compile(_DISCUSS_EN, re.I)}
NEGATION = {"zh": re.compile(_NEGATE_ZH), "en": re.compile(_NEGATE_EN, re.I)}
NEGATION_REACH = 12  # characters before a match that a negation may stand in

Judge = Callable[[re.Match[str]], "dict[str, str] | None"]


def always(_match: re.Match[str]) -> dict[str, str]:
    return {}


@dataclass(frozen=True)
class Rule:
    id: str
    needles: tuple[str, ...]  # casefolded; the sentence must hold one (a cheap first test)
    wrong: Mapping[str, re.Pattern[str]]  # by language
    fact: Mapping[str, str]  # by language; may name the {found} text and what is {right}
    source: str
    unless: Mapping[str, re.Pattern[str]] = field(default_factory=dict)  # a sentence with this is fine
    negated: bool = False  # the wrong statement is itself a negation
    judge: Judge = always  # for a match: the words to put in the fact when it is wrong, None when right

    def fires(self, sentence: str, lang: str) -> dict[str, str] | None:
        """The words for the fact when `sentence` makes this mistake, else None. The caller
        has checked that the sentence holds a needle and is not a discussion of mistakes."""
        pattern = self.wrong.get(lang)
        if pattern is None:
            return None
        for match in pattern.finditer(sentence):
            # A negation just before or inside the match turns the statement round
            # ("不是 75 分钟"); one elsewhere in the sentence says nothing about it.
            near = sentence[max(0, match.start() - NEGATION_REACH):match.end()]
            if not self.negated and NEGATION[lang].search(near):
                continue
            unless = self.unless.get(lang)
            if unless is not None and unless.search(sentence):
                return None
            words = self.judge(match)
            if words is not None:
                return words
        return None


def rule(id: str, needles: str, zh: str, en: str, fact_zh: str, fact_en: str, source: str, *,
         unless_zh: str | None = None, unless_en: str | None = None, negated: bool = False,
         judge: Judge = always, case: bool = False) -> Rule:
    """A rule from its patterns, needles |-separated. Patterns ignore case unless `case`."""
    flags = 0 if case else re.I
    unless: dict[str, re.Pattern[str]] = {}
    if unless_zh:
        unless["zh"] = re.compile(unless_zh, re.I)
    if unless_en:
        unless["en"] = re.compile(unless_en, re.I)
    return Rule(id, tuple(n.casefold() for n in needles.split("|")),
                {"zh": re.compile(zh, flags), "en": re.compile(en, flags)}, {"zh": fact_zh, "en": fact_en},
                source, unless, negated, judge)

