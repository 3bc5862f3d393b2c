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
from collections.abc import Iterable, Iterator, Sequence
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


def _candidate_pairs(token_sets: Sequence[frozenset[str]]) -> Iterator[tuple[int, int]]:
    """Index pairs (j, i), j < i, of token sets of two tokens or more that share a token
    among the first few of each, rarest first: every pair alike enough does."""
    frequency = Counter(token for tokens in token_sets for token in tokens)
    index: dict[str, list[int]] = defaultdict(list)
    for i, tokens in enumerate(token_sets):
        if len(tokens) < 2:
            continue  # one token says too little to call two questions the same
        ordered = sorted(tokens, key=lambda t: (frequency[t], t))
        prefix = ordered[: len(ordered) - math.ceil(_JACCARD * len(ordered)) + 1]
        seen: set[int] = set()
        for token in prefix:
            for j in index[token]:
                if j not in seen:
                    seen.add(j)
                    yield j, i
            index[token].append(i)


def similar_pairs(cards: Sequence[Candidate]) -> list[tuple[int, int]]:
    """Index pairs (i, j) of cards from different decks whose questions are alike."""
    return [
        (j, i) for j, i in _candidate_pairs([card.tokens for card in cards])
        if cards[j].deck_id != cards[i].deck_id and dice(cards[i].tokens, cards[j].tokens) >= DICE_THRESHOLD
    ]


def group_keys(cards: Sequence[Candidate]) -> dict[int, str | None]:
    """card_id -> group key (the smallest card key in its group), or None when alone.

    The groups are the connected components of `similar_pairs`, found without listing
    every pair, which grows with the square of how often a question recurs: a label
    such as "标志位" in a thousand notes is half a million pairs. Instead, the copies of
    one question (the same tokens) are one node: copies in two decks or more are a group
    already, and a card alike to one copy is alike to all of them, in a deck other than
    at least one. And a pair already in one group is not compared again.
    """
    copies: dict[frozenset[str], list[Candidate]] = defaultdict(list)
    for card in cards:
        copies[card.tokens].append(card)
    nodes = list(copies)
    decks = [{card.deck_id for card in copies[tokens]} for tokens in nodes]
    parent = list(range(len(nodes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for j, i in _candidate_pairs(nodes):
        root_i, root_j = find(i), find(j)
        if root_i == root_j:
            continue
        two_decks = len(decks[i]) > 1 or decks[i] != decks[j]  # some copy of i and some copy of j differ in deck
        if two_decks and dice(nodes[i], nodes[j]) >= DICE_THRESHOLD:
            parent[root_i] = root_j
    members: dict[int, list[int]] = defaultdict(list)
    for n in range(len(nodes)):
        members[find(n)].append(n)
    keys: dict[int, str | None] = {}
    for group in members.values():
        alone = len(group) == 1 and (len(nodes[group[0]]) < 2 or len(decks[group[0]]) == 1)
        grouped = [card for n in group for card in copies[nodes[n]]]
        key = None if alone else min(card.key for card in grouped)
        for card in grouped:
            keys[card.card_id] = key
    return keys


def candidates(rows: Iterable[tuple[int, str, int, str]]) -> list[Candidate]:
    return [Candidate(card_id, key, deck_id, question_tokens(front)) for card_id, key, deck_id, front in rows]
