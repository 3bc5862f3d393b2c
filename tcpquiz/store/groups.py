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

import itertools
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


def _candidates(token_sets: Sequence[frozenset[str]]) -> Iterator[tuple[int, Iterable[int]]]:
    """Each token set of two tokens or more, as its index i with the indexes j < i of the
    sets before it that share a token among the first few of each, rarest first: every
    set alike enough to it does."""
    frequency = Counter(token for tokens in token_sets for token in tokens)
    index: dict[str, list[int]] = defaultdict(list)
    for i, tokens in enumerate(token_sets):
        if len(tokens) < 2:
            continue  # one token says too little to call two questions the same
        ordered = sorted(tokens, key=lambda t: (frequency[t], t))
        prefix = ordered[: len(ordered) - math.ceil(_JACCARD * len(ordered)) + 1]
        yield i, dict.fromkeys(itertools.chain.from_iterable(index[token] for token in prefix))
        for token in prefix:
            index[token].append(i)


def similar_pairs(cards: Sequence[Candidate]) -> list[tuple[int, int]]:
    """Index pairs (i, j) of cards from different decks whose questions are alike."""
    return [
        (j, i) for i, earlier in _candidates([card.tokens for card in cards]) for j in earlier
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
    only_deck = [next(iter(d)) if len(d) == 1 else None for d in decks]  # None: copies in several decks
    parent = list(range(len(nodes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, earlier in _candidates(nodes):
        root = i  # only nodes before i have been joined so far: i is alone
        for j in earlier:
            root_j = find(j)
            if root_j == root:
                continue
            # Some copy of i and some copy of j are in different decks?
            two_decks = only_deck[i] is None or only_deck[i] != only_deck[j]
            if two_decks and dice(nodes[i], nodes[j]) >= DICE_THRESHOLD:
                parent[root] = root_j  # i's group joins j's, whose root (often a big group's) stays
                root = root_j
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
    tokens: dict[str, frozenset[str]] = {}  # many cards ask the same question word for word
    found = []
    for card_id, key, deck_id, front in rows:
        if front not in tokens:
            tokens[front] = question_tokens(front)
        found.append(Candidate(card_id, key, deck_id, tokens[front]))
    return found
