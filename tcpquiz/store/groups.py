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
MAX_POSTING = 500
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


@dataclass
class _Question:
    """One distinct set of tokens, and the cards (in one deck or several) that ask it."""

    tokens: frozenset[str]
    members: list[int]  # indexes into the candidates
    decks: set[int]


def _questions(cards: Sequence[Candidate]) -> list[_Question]:
    by_tokens: dict[frozenset[str], _Question] = {}
    for i, card in enumerate(cards):
        if len(card.tokens) < 2:
            continue  # one token says too little to call two questions the same
        question = by_tokens.setdefault(card.tokens, _Question(card.tokens, [], set()))
        question.members.append(i)
        question.decks.add(card.deck_id)
    return list(by_tokens.values())


def similar_pairs(cards: Sequence[Candidate]) -> list[tuple[int, int]]:
    """Index pairs (i, j) of cards from different decks whose questions are alike.

    Exact and complete, for tests and small sets: `group_keys` does not list pairs."""
    pairs = []
    questions = _questions(cards)
    for a, b in _alike(questions):
        pairs += [(i, j) if i < j else (j, i) for i in questions[a].members for j in questions[b].members
                  if cards[i].deck_id != cards[j].deck_id]
    for question in questions:
        members = question.members
        pairs += [(members[x], members[y]) for x in range(len(members)) for y in range(x + 1, len(members))
                  if cards[members[x]].deck_id != cards[members[y]].deck_id]
    return pairs


def _alike(questions: list[_Question], joined=None) -> list[tuple[int, int]]:  # noqa: ANN001
    """Pairs of distinct questions at least DICE_THRESHOLD alike (prefix filtering).

    `joined(a, b)`, when given, says whether two questions are already in one group,
    which spares the comparison. A token shared by more than MAX_POSTING questions is
    left out of the probing: it says little, and walking its list for every question
    would make the join quadratic on a library of tens of thousands of cards."""
    frequency = Counter(token for q in questions for token in q.tokens)
    index: dict[str, list[int]] = defaultdict(list)
    pairs: list[tuple[int, int]] = []
    for a, question in enumerate(questions):
        ordered = sorted(question.tokens, key=lambda token: (frequency[token], token))
        prefix = ordered[: len(ordered) - math.ceil(_JACCARD * len(ordered)) + 1]
        seen: set[int] = set()
        for token in prefix:
            postings = index[token]
            if len(postings) > MAX_POSTING:
                continue
            for b in postings:
                if b in seen:
                    continue
                seen.add(b)
                if joined is not None and joined(a, b):
                    continue
                if dice(question.tokens, questions[b].tokens) >= DICE_THRESHOLD:
                    pairs.append((b, a))
            postings.append(a)
    return pairs


def group_keys(cards: Sequence[Candidate]) -> dict[int, str | None]:
    """card_id -> group key (the smallest card key in its group), or None when alone.

    Cards asking the same question in different decks form a group; so do questions
    alike enough (see _alike). Cards of one deck are never grouped for being alike
    to each other alone."""
    parent = list(range(len(cards)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    questions = _questions(cards)
    for question in questions:
        if len(question.decks) > 1:  # the same question in several decks
            for i in question.members[1:]:
                union(question.members[0], i)

    def joined(a: int, b: int) -> bool:
        return find(questions[a].members[0]) == find(questions[b].members[0])

    for a, b in _alike(questions, joined):
        first, second = questions[a], questions[b]
        if len(first.decks | second.decks) > 1:
            union(first.members[0], second.members[0])
            for i in (*first.members, *second.members):  # every member: one deck's copy joins too
                union(first.members[0], i)

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
