"""Near-duplicate cards across decks (issue 3).

Every set of notes explains "why three handshakes". Cards from different decks whose
questions say nearly the same thing form a group: review shows at most one card of
a group a day, and shows where else the question appears.

Similarity is the Dice coefficient of two questions' token sets: English words,
and bigrams of Chinese characters (Chinese has no spaces, and single characters
carry too little meaning). Filler such as 的/吗/呢, "the" and "TCP" itself is
dropped first, and a few synonyms (为何 -> 为什么) are folded together.

Pairs are found with prefix filtering (the "all-pairs" similarity join): with tokens
sorted rarest first, two sets that reach the threshold must share a token among the
first few of each, so only those short posting lists are compared. That keeps
regrouping fast at 100,000 cards, where comparing every pair would not be.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DICE_THRESHOLD = 0.7
# Dice >= d is Jaccard >= d / (2 - d); the prefix bound is stated for Jaccard.
_JACCARD = DICE_THRESHOLD / (2 - DICE_THRESHOLD)

SYNONYMS = {"为何": "为什么", "为啥": "为什么", "怎样": "怎么", "如何": "怎么"}
STOP_CHARS = set("的了吗呢吧啊呀是要在和与及请问一下")
STOP_WORDS = {
    "tcp", "the", "a", "an", "is", "are", "was", "does", "do", "did", "of", "to", "in", "on", "for",
    "and", "or", "it", "its", "be", "by", "with", "this", "that", "at",
}
_LATIN = re.compile(r"[0-9a-z]+(?:[-'][0-9a-z]+)*")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def question_tokens(text: str) -> frozenset[str]:
    """The tokens two phrasings of the same question have in common."""
    text = unicodedata.normalize("NFKC", text).casefold()
    for variant, canonical in SYNONYMS.items():
        text = text.replace(variant, canonical)
    tokens: set[str] = set()
    for word in _LATIN.findall(text):
        for part in word.split("-"):
            if part and part not in STOP_WORDS:
                tokens.add(part)
    for run in _CJK.findall(text):
        run = "".join(ch for ch in run if ch not in STOP_CHARS)
        if len(run) == 1:
            tokens.add(run)
        tokens.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(tokens)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


@dataclass(frozen=True)
class Candidate:
    card_id: int
    key: str
    deck_id: int
    tokens: frozenset[str]


def similar_pairs(cards: Sequence[Candidate]) -> list[tuple[int, int]]:
    """Index pairs (i, j) of cards from different decks whose questions are alike."""
    frequency = Counter(token for card in cards for token in card.tokens)
    index: dict[str, list[int]] = defaultdict(list)
    pairs: list[tuple[int, int]] = []
    for i, card in enumerate(cards):
        if len(card.tokens) < 2:
            continue  # one token says too little to call two questions the same
        ordered = sorted(card.tokens, key=lambda t: (frequency[t], t))
        prefix = ordered[: len(ordered) - math.ceil(_JACCARD * len(ordered)) + 1]
        seen: set[int] = set()
        for token in prefix:
            for j in index[token]:
                if j in seen:
                    continue
                seen.add(j)
                other = cards[j]
                if other.deck_id != card.deck_id and dice(card.tokens, other.tokens) >= DICE_THRESHOLD:
                    pairs.append((j, i))
            index[token].append(i)
    return pairs


def group_keys(cards: Sequence[Candidate]) -> dict[int, str | None]:
    """card_id -> group key (the smallest card key in its group), or None when alone."""
    parent = list(range(len(cards)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in similar_pairs(cards):
        parent[find(i)] = find(j)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(cards)):
        members[find(i)].append(i)
    keys: dict[int, str | None] = {}
    for group in members.values():
        key = min(cards[i].key for i in group) if len(group) > 1 else None
        for i in group:
            keys[cards[i].card_id] = key
    return keys


def candidates(rows: Iterable[tuple[int, str, int, str]]) -> list[Candidate]:
    return [Candidate(card_id, key, deck_id, question_tokens(front)) for card_id, key, deck_id, front in rows]
