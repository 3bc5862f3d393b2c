"""Check the learner's notes against established facts about TCP.

Pure: text in, findings out. It imports nothing above `tcpquiz.cards` except the
engine's table of state names, so the store, the CLI and the exports can all use it.

    check_text(text)     every statement in a note that contradicts a known fact
    card_flags(f, b)     the same for one card's question and answer, as JSON-safe dicts
    flag_lines(flags)    those flags as one sentence each, in the language of the statement

A statement is one sentence of a line. A rule fires on a sentence only when it can
tell: the sentence asserts the wrong fact (its pattern matches), it is not a question,
and it is not discussing the mistake ("a common myth is ...", "不是 75 分钟").
Precision comes first: a false alarm costs the learner's trust in every other one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tcpquiz.facts.catalogue import CATALOGUE
from tcpquiz.facts.derived import DERIVED
from tcpquiz.facts.rule import Rule

RULES: tuple[Rule, ...] = CATALOGUE + DERIVED

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Markup that does not change what a sentence says.
MARKUP = re.compile(r"\*\*|__|`|\$|<br\s*/?>|^\s{0,3}(?:#{1,6}\s|>\s?|[-*+]\s|\d+[.)、]\s?)")
# A sentence ends at Chinese or English end punctuation (an English full stop only when a
# space or the line's end follows, so "2.5" and "e.g." stay whole), or at a table cell.
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=\.)(?=\s|$)|\|")


@dataclass(frozen=True)
class Finding:
    """A statement that contradicts an established fact."""

    line: int  # 1-based
    statement: str
    rule: str
    lang: str  # the statement's language, and so the fact's
    fact: str  # the correct fact, one sentence
    source: str

    def as_flag(self) -> dict[str, str]:
        return {"rule": self.rule, "lang": self.lang, "statement": self.statement, "fact": self.fact,
                "source": self.source}


def sentences(line: str) -> Iterator[str]:
    for piece in SENTENCE_END.split(MARKUP.sub("", line)):
        piece = piece.strip(" \t|·")
        if piece:
            yield piece


def language(sentence: str) -> str:
    return "zh" if CJK.search(sentence) else "en"


def check_sentence(sentence: str) -> Iterator[tuple[Rule, str]]:
    """The rules a sentence breaks, each with its correct fact in the sentence's language."""
    if sentence.rstrip().endswith(("?", "？")):  # a question asserts nothing
        return
    lang = language(sentence)
    folded = sentence.casefold()
    for rule in RULES:
        words = rule.fires(sentence, folded, lang)
        if words is not None:
            yield rule, rule.fact[lang].format(**words)


def check_text(text: str) -> list[Finding]:
    """The statements in `text` (a note) that contradict a rule, in line order."""
    findings: list[Finding] = []
    fenced = False
    for number, line in enumerate(text.split("\n"), start=1):
        if re.match(r"^\s{0,3}(```|~~~)", line):  # code is not prose
            fenced = not fenced
            continue
        if fenced:
            continue
        for sentence in sentences(line):
            for rule, fact in check_sentence(sentence):
                findings.append(Finding(number, sentence, rule.id, language(sentence), fact, rule.source))
    return findings


def card_flags(front: str, back: str) -> list[dict[str, str]]:
    """What a card made from the learner's notes says wrongly, one flag per rule."""
    flags: dict[str, dict[str, str]] = {}
    for finding in check_text(f"{front}\n{back}"):
        flags.setdefault(finding.rule, finding.as_flag())
    return list(flags.values())


FLAG_WORDING = {
    "en": "Your note disagrees with this: {fact} (Source: {source})",
    "zh": "你的笔记与此不符：{fact}（来源：{source}）",
}


def flag_lines(flags: Any) -> list[str]:
    """Each stored flag as one sentence for the answer side; nothing for anything malformed."""
    lines = []
    for flag in flags if isinstance(flags, list) else ():
        if isinstance(flag, dict) and all(isinstance(flag.get(k), str) for k in ("fact", "source")):
            wording = FLAG_WORDING["zh" if flag.get("lang") == "zh" else "en"]
            lines.append(wording.format(fact=flag["fact"], source=flag["source"]))
    return lines
