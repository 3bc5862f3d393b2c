"""The checker keeps each line's and each sentence's verdict: what it finds must be what a
check worked out afresh for every line finds, on the learner's notes, the corpus, the
built-in decks and every rule's examples, in any order and however often a line comes back."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tcpquiz.facts.check import (
    _RULES_BY_NEEDLE,
    DISCUSSION,
    MARKUP,
    NEEDLES,
    RULES,
    Finding,
    card_flags,
    check_text,
    note_language,
)
from tcpquiz.text import language_of

from .examples import EXAMPLES

REPO = Path(__file__).resolve().parents[2]
FOLDERS = [REPO / "decks", REPO.parent / "shared" / "notes", REPO.parent / "shared" / "corpus" / "notes"]
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=\.)(?=\s|$)|\|")


def check_afresh(text: str) -> list[Finding]:
    """check_text as it was before any verdict was kept: every line worked out again."""
    findings: list[Finding] = []
    note_lang = None
    fenced = False
    for number, line in enumerate(text.split("\n"), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        plain = MARKUP.sub("", line)
        if not NEEDLES.search(plain.casefold()):
            continue
        for piece in SENTENCE_END.split(plain):
            sentence = piece.strip(" \t|·")
            if not sentence or sentence.rstrip().endswith(("?", "？")):
                continue
            lang = language_of(sentence)
            if DISCUSSION[lang].search(sentence):
                continue
            found = set(NEEDLES.findall(sentence.casefold()))
            for index in sorted({i for needle in found for i in _RULES_BY_NEEDLE[needle]}):
                rule = RULES[index]
                words = rule.fires(sentence, lang)
                if words is not None:
                    note_lang = note_lang or note_language(text)
                    fact_lang = "zh" if lang == "zh" else note_lang
                    findings.append(Finding(number, sentence, rule.id, fact_lang, rule.fact[fact_lang].format(**words),
                                            rule.source))
    return findings


def texts() -> list[str]:
    found = [path.read_text(encoding="utf-8-sig", errors="replace")
             for folder in FOLDERS if folder.is_dir() for path in sorted(folder.rglob("*.md"))]
    examples = [sentence for by_lang in EXAMPLES.values() for triple in by_lang.values() for sentence in triple]
    return [*found, *examples, "\n".join(examples)]


def test_the_same_findings_as_a_check_afresh_of_every_line() -> None:
    every = texts()
    assert len(every) > 100
    expected = [check_afresh(text) for text in every]
    assert sum(map(len, expected)) >= len(RULES)  # the examples' wrong statements at least
    assert [check_text(text) for text in every] == expected
    assert [check_text(text) for text in reversed(every)] == expected[::-1]  # with every verdict kept


def test_a_card_is_flagged_the_same_after_its_note_was_checked() -> None:
    wrong = "\n".join(triple[0] for by_lang in EXAMPLES.values() for triple in by_lang.values())
    lines = wrong.split("\n")
    fresh = [[f.as_flag() for f in check_afresh(f"问题\n{line}")] for line in lines]
    check_text(wrong)  # the note first: its lines' verdicts are kept
    for line, flags in zip(lines, fresh, strict=True):
        unique = list({flag["rule"]: flag for flag in flags}.values())
        assert card_flags("问题", line) == unique


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([triple[i] for by_lang in EXAMPLES.values() for triple in by_lang.values()
                                 for i in range(3)] + ["```", "**SYN** 不消耗序号", "- ", "1. ", "`tcp_tw_recycle`"]),
                max_size=12))
def test_any_mix_of_lines_again_and_again(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert check_text(text) == check_afresh(text)
