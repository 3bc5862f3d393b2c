"""The data-transfer decks: every card ends with its source, and the Chinese and English
decks cite the same sources card by card (they state the same facts)."""

from __future__ import annotations

import re

import pytest

from tcpquiz.cards import CardDraft
from test_decks import DECKS, parse

FILES = ("08-retransmission.md", "09-congestion-flow.md")
SOURCE = {"en": "Source: ", "zh": "来源："}


def cards(lang: str, name: str) -> list[CardDraft]:
    return list(parse(DECKS / lang / name).cards)


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_answer_ends_with_its_source(lang: str, name: str) -> None:
    for card in cards(lang, name):
        last = card.back.strip().splitlines()[-1]
        assert last.startswith(SOURCE[lang]) and re.search(r"RFC \d+|Linux|Xie Xiren|谢希仁", last), card.front


@pytest.mark.parametrize("name", FILES)
def test_both_languages_cite_the_same_sources(name: str) -> None:
    def rfcs(card: CardDraft) -> list[str]:
        return re.findall(r"RFC \d+", card.back.strip().splitlines()[-1])

    en, zh = cards("en", name), cards("zh", name)
    assert len(en) == len(zh) >= 10
    assert [rfcs(c) for c in en] == [rfcs(c) for c in zh]
