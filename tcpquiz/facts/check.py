"""The checker: sentences of a note against the rules of `catalogue` and `derived`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from tcpquiz.facts.catalogue import CATALOGUE
from tcpquiz.facts.derived import DERIVED
from tcpquiz.facts.rule import DISCUSSION, Rule
from tcpquiz.text import han_pattern, language_of

RULES: tuple[Rule, ...] = CATALOGUE + DERIVED

# Markup that does not change what a sentence says.
MARKUP = re.compile(r"\*\*|__|`|\$|<br\s*/?>|^\s{0,3}(?:#{1,6}\s|>\s?|[-*+]\s|\d+[.)、]\s?)")
# A sentence ends at Chinese or English end punctuation (an English full stop only when a
# space or the line's end follows, so "2.5" and "e.g." stay whole), or at a table cell.
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
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
    return _pieces(MARKUP.sub("", line))


def _pieces(plain: str) -> Iterator[str]:
    for piece in SENTENCE_END.split(plain):
        piece = piece.strip(" \t|·")
        if piece:
            yield piece


# One search finds which rules a sentence may break: the needles of every rule at once. It
# reports the longest needle at each place, so a needle also stands for the rules of the
# needles inside it ("一定要" for "一定").
_OWN_RULES: dict[str, set[int]] = {}
for _index, _rule in enumerate(RULES):
    for _needle in _rule.needles:
        _OWN_RULES.setdefault(_needle, set()).add(_index)
_RULES_BY_NEEDLE = {needle: set().union(*(rules for other, rules in _OWN_RULES.items() if other in needle))
                    for needle in _OWN_RULES}
NEEDLES = re.compile("|".join(re.escape(n) for n in sorted(_OWN_RULES, key=len, reverse=True)))


def check_sentence(sentence: str) -> Iterator[tuple[Rule, dict[str, str]]]:
    """The rules a sentence breaks, each with the words its fact names."""
    for index, words in _broken_rules(sentence):
        yield RULES[index], dict(words)


# A sentence is checked again for every card that holds it (flag_mistakes checks the note,
# then each of its cards), and notes repeat sentences: the verdict is kept, not worked out
# again. The rules are fixed, so a sentence's verdict never changes.
@lru_cache(maxsize=8192)
def _broken_rules(sentence: str) -> tuple[tuple[int, tuple[tuple[str, str], ...]], ...]:
    """check_sentence() as indexes into RULES with the words of each fact."""
    if sentence.rstrip().endswith(("?", "？")):  # a question asserts nothing
        return ()
    found = set(NEEDLES.findall(sentence.casefold()))
    if not found:
        return ()
    lang = language_of(sentence)
    if DISCUSSION[lang].search(sentence):  # it warns about a mistake rather than making it
        return ()
    broken = []
    for index in sorted({i for needle in found for i in _RULES_BY_NEEDLE[needle]}):
        words = RULES[index].fires(sentence, lang)
        if words is not None:
            broken.append((index, tuple(words.items())))
    return tuple(broken)


def note_language(text: str) -> str:
    """Chinese when Chinese characters outnumber English words (SYN, ACK and the like)."""
    return "zh" if len(han_pattern().findall(text)) >= len(re.findall(r"[A-Za-z]+", text)) else "en"


def check_text(text: str) -> list[Finding]:
    """The statements in `text` (a note) that contradict a rule, in line order. The fact
    is given in the statement's language, and for a statement without Chinese in it
    (a state name in a table cell) in the note's."""
    findings: list[Finding] = []
    note_lang = None
    fenced = False
    for number, line in enumerate(text.split("\n"), start=1):
        if FENCE.match(line):  # code is not prose
            fenced = not fenced
            continue
        if fenced:
            continue
        for sentence, index, words in _line_verdicts(line):
            rule = RULES[index]
            note_lang = note_lang or note_language(text)
            lang = "zh" if language_of(sentence) == "zh" else note_lang
            findings.append(Finding(number, sentence, rule.id, lang, rule.fact[lang].format(**dict(words)), rule.source))
    return findings


@lru_cache(maxsize=8192)  # the lines of a note come back in its cards (card_flags), and notes repeat lines
def _line_verdicts(line: str) -> tuple[tuple[str, int, tuple[tuple[str, str], ...]], ...]:
    """Each sentence of a line (not code) that breaks a rule: the sentence, the rule's
    index in RULES and the words of its fact."""
    plain = MARKUP.sub("", line)
    # A sentence breaks a rule only if it holds one of the needles, and every sentence
    # of the line is a piece of it: most lines (and most notes) end here.
    if not NEEDLES.search(plain.casefold()):
        return ()
    return tuple((sentence, index, words) for sentence in _pieces(plain) for index, words in _broken_rules(sentence))


def card_flags(front: str, back: str) -> list[dict[str, str]]:
    """What a card made from the learner's notes says wrongly, one flag per rule."""
    flags: dict[str, dict[str, str]] = {}
    for finding in check_text(f"{front}\n{back}"):
        flags.setdefault(finding.rule, finding.as_flag())
    return list(flags.values())
