"""The table of screen words: every entry in both languages, with the same blanks to fill."""

from __future__ import annotations

import re

import pytest

from tcpquiz.i18n import TEXTS, tr, tr_n

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_each_entry_has_both_languages_with_the_same_blanks(key: str) -> None:
    english, chinese = TEXTS[key]
    assert english.strip() and chinese.strip()
    assert not CJK.search(english)
    blanks = set(re.findall(r"\{(\w+)\}", chinese))
    for form in english.split("|"):
        assert set(re.findall(r"\{(\w+)\}", form)) == blanks, form


def test_plural_forms_follow_the_count_in_english_only() -> None:
    assert tr_n("en", "summary.seen", 1) == "1 card"
    assert tr_n("en", "summary.seen", 2) == "2 cards"
    assert tr_n("en", "summary.seen", 0) == "0 cards"
    assert tr_n("zh", "summary.seen", 2) == "2 张卡片"
    assert tr("fr", "review.question") == "Question"  # a language tcpquiz lacks reads English
