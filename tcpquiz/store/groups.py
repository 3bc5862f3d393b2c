"""Near-duplicate cards across decks: the same question in several decks is studied once a day.

Every set of notes explains "why three handshakes". Cards from different decks whose
questions say nearly the same thing form a group: review shows at most one card of
a group a day, and shows where else the question appears.

Only questions and statements (basic and explain cards) are grouped. Steps,
definitions and sequences have fronts made from a template ("SACK · item 3 of 6"),
alike in form whatever they ask.

Similarity is the Dice coefficient of two questions' token sets: English words,
and bigrams of Chinese characters (Chinese has no spaces, and single characters
carry too little meaning). Filler such as 的/吗/呢, "the" and "TCP" itself is
dropped first, and a few synonyms (为何 -> 为什么) are folded together.

A group is a question and the questions alike to it: each question joins the group
whose first question it is most alike to, or starts one. Grouping by "alike to
something in the group" would chain A ~ B ~ C into one group although A and C ask
different things, and on a large library such chains swallow everything.

Alike token sets are not enough on their own. Questions cut from one frame ("X 在 Linux 上由哪
个参数控制？", "What is the downside of X?") share the frame's many tokens and differ in the
few that name their subject, so Dice calls "MSS" and "超时重传" the same question: on a
library of 100,000 cards that made groups of thousands of cards from 133 decks, and the
one-a-day rule held back due cards that asked different things. So two questions that each hold a term the other lacks
ask about different things: a term is a token that recurs across the library (in at
least TERM_QUESTIONS distinct questions), unlike the rare bigrams that a rewording
leaves at a word's edge (为什么需要 / 为什么).

Candidates come from prefix filtering (the "all-pairs" similarity join): with tokens
sorted rarest first, two sets that reach the threshold must share a token among the
first few of each, so only short posting lists are compared. On a large library most
questions are made of terms, and two questions pass the subject test only when the
terms of one are all in the other: an index of every token and one of two terms of
each group narrow the candidates to those (by set operations) before any pair is
scored. The 1,000 benchmark notes (29,400 questions) went from 2.5 million scored pairs
to 0.2 million, with the same groups (tests/test_groups_join.py).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tcpquiz.text import HAN_RANGES, normalize

DICE_THRESHOLD = 0.7
# Dice >= d is Jaccard >= d / (2 - d); the prefix bound is stated for Jaccard.
_JACCARD = DICE_THRESHOLD / (2 - DICE_THRESHOLD)
# A token in more groups than this says little; walking its list for every question
# would make the join quadratic on a library of tens of thousands of cards.
MAX_POSTING = 500
GROUPED_KINDS = ("basic", "explain")
# A token in at least this many distinct questions is a term of the library (a subject
# such as "mss" or 重传), not a bigram that a rewording leaves behind.
TERM_QUESTIONS = 10

SYNONYMS = {"为何": "为什么", "为啥": "为什么", "怎样": "怎么", "如何": "怎么"}
STOP_CHARS = set("的了吗呢吧啊呀是要在和与及请问一下")
STOP_WORDS = {
    "tcp", "the", "a", "an", "is", "are", "was", "does", "do", "did", "of", "to", "in", "on", "for",
    "and", "or", "it", "its", "be", "by", "with", "this", "that", "at",
}
# A word joined by - _ . or ' is one token, matched whole: "SYN-RECEIVED" (RFC 9293 §3.3.2),
# "tcp_syn_retries" and "net.ipv4.tcp_fin_timeout" name one thing each, and split into parts
# they would make "why send PSH in SYN-RECEIVED?" hold "syn" and so ask about SYN.
_LATIN = re.compile(r"[0-9a-z]+(?:[-_.'][0-9a-z]+)*")
_CJK = re.compile(f"[{HAN_RANGES}]+")


def question_tokens(text: str) -> frozenset[str]:
    """The tokens two phrasings of the same question have in common."""
    text = normalize(text)
    for variant, canonical in SYNONYMS.items():
        text = text.replace(variant, canonical)
    tokens: set[str] = set()
    tokens.update(word for word in _LATIN.findall(text) if word not in STOP_WORDS)
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
    members: list[int] = field(default_factory=list)  # indexes into the candidates
    decks: set[int] = field(default_factory=set)


def _questions(cards: Sequence[Candidate]) -> list[_Question]:
    """The distinct questions, in the order their first card comes."""
    by_tokens: dict[frozenset[str], _Question] = {}
    for i, card in enumerate(cards):
        if len(card.tokens) < 2:
            continue  # one token says too little to call two questions the same
        question = by_tokens.get(card.tokens)
        if question is None:
            question = by_tokens[card.tokens] = _Question(card.tokens)
        question.members.append(i)
        question.decks.add(card.deck_id)
    return list(by_tokens.values())


def different_subjects(a: frozenset[str], b: frozenset[str], frequency: Counter[str]) -> bool:
    """Whether each question holds a term the other lacks: one frame, two subjects."""
    return (any(frequency[token] >= TERM_QUESTIONS for token in a - b)
            and any(frequency[token] >= TERM_QUESTIONS for token in b - a))


def _prefix(tokens: frozenset[str], frequency: Counter[str]) -> list[str]:
    ordered = sorted(tokens, key=lambda token: (frequency[token], token))
    return ordered[: len(ordered) - math.ceil(_JACCARD * len(ordered)) + 1]


class _LeaderIndex:
    """The groups' first questions ("leaders"), indexed three ways, so that a question is
    compared only with the leaders it could join (see cluster):

    * by the tokens of their prefix (prefix filtering): those that can reach the threshold;
    * by every term they hold: those that hold all of a question's terms;
    * by two of their terms, the first in the prefix's order and a later one: those whose
      terms a question may hold all of.
    """

    def __init__(self, frequency: Counter[str]) -> None:
        self.frequency = frequency
        self.by_prefix: dict[str, list[int]] = defaultdict(list)  # lists: a third of a set's memory
        self.holding: dict[str, set[int]] = defaultdict(set)
        # first term -> a later term ("" when it has one) -> leaders
        self.by_first_terms: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.termless: set[int] = set()

    def order(self, tokens: Iterable[str]) -> list[str]:
        """Rarest first: the order the prefix is taken in."""
        return sorted(tokens, key=lambda token: (self.frequency[token], token))

    def add(self, leader: int, prefix: list[str], terms: frozenset[str]) -> None:
        for token in prefix:
            self.by_prefix[token].append(leader)
        for token in terms:  # same_subject() asks only for terms
            self.holding[token].add(leader)
        if terms:
            ordered = self.order(terms)
            # Rare bigrams next to each other in this order mostly come from one word
            # (流量, 量控 of 流量控制): the second key is taken two terms further on.
            self.by_first_terms[ordered[0]][ordered[min(2, len(ordered) - 1)] if len(ordered) > 1 else ""].add(leader)
        else:
            self.termless.add(leader)

    def reachable(self, prefix: list[str]) -> set[int]:
        """The leaders sharing a token of `prefix`, leaving out the tokens listed by more
        than MAX_POSTING of them."""
        found: set[int] = set()
        for token in prefix:
            leaders = self.by_prefix.get(token)
            if leaders and len(leaders) <= MAX_POSTING:
                found.update(leaders)
        return found

    def same_subject(self, terms: frozenset[str]) -> set[int]:
        """Every leader that holds all of `terms` (a question's terms), and every leader whose
        terms the question holds all of, with a few more: all that different_subjects() may
        let through."""
        ordered = self.order(terms)
        holding_all = set(self.holding.get(ordered[0], ()))
        for term in ordered[1:]:
            if not holding_all:
                break
            holding_all &= self.holding.get(term, set())
        found = holding_all | self.termless
        # A term is a term in every question, so a leader's terms the question holds are among `terms`.
        for n, first in enumerate(ordered):
            by_second = self.by_first_terms.get(first)
            if not by_second:
                continue
            for second in ("", *ordered[n + 1:]):
                leaders = by_second.get(second)
                if leaders:
                    found |= leaders
        return found


def cluster(questions: list[_Question]) -> list[int]:
    """For each question, the index of the question whose group it is in (itself when it
    starts one). A question joins the group whose first question it is most alike to
    (the earliest, on a tie) when the two come from more than one deck between them and
    do not name different subjects.

    Two questions that do not name different subjects are rare in a large library, so the
    leaders a question is compared with are those its prefix reaches that also pass that
    test or may (_LeaderIndex): set operations find them, and each is compared once."""
    frequency = Counter(token for q in questions for token in q.tokens)
    leaders = _LeaderIndex(frequency)
    leader_terms: dict[int, frozenset[str]] = {}  # kept for the groups' first questions only
    decks: dict[int, set[int]] = {}  # group -> the decks its questions come from
    leader: list[int] = []
    for i, question in enumerate(questions):
        tokens, size = question.tokens, len(question.tokens)
        terms = frozenset(token for token in tokens if frequency[token] >= TERM_QUESTIONS)
        prefix = _prefix(tokens, frequency)
        alike = leaders.reachable(prefix)
        if terms and alike:
            alike &= leaders.same_subject(terms)
        best, best_score, needed = None, 0.0, DICE_THRESHOLD
        for g in alike:
            other = questions[g].tokens
            score = 2 * len(tokens & other) / (size + len(other))  # dice()
            if score < needed or (score == best_score and best is not None and g > best):
                continue
            if len(decks[g] | question.decks) < 2:
                continue  # alike questions of one deck are that deck's own affair
            if (terms - other) and (leader_terms[g] - tokens):
                continue  # different_subjects()
            best, best_score, needed = g, score, max(score, DICE_THRESHOLD)
        if best is None:
            leader.append(i)
            decks[i] = set(question.decks)
            leader_terms[i] = terms
            leaders.add(i, prefix, terms)
        else:
            leader.append(best)
            decks[best] |= question.decks
    return leader


def group_keys(cards: Sequence[Candidate]) -> dict[int, str | None]:
    """card_id -> group key (the smallest card key in its group), or None when alone.

    A group holds cards of at least two decks: the same question asked in several
    decks, or questions alike enough (see cluster)."""
    questions = _questions(cards)
    groups: dict[int, list[int]] = defaultdict(list)  # first question -> member cards
    for question, first in zip(questions, cluster(questions)):
        groups[first].extend(question.members)
    keys: dict[int, str | None] = {card.card_id: None for card in cards}
    for members in groups.values():
        if len({cards[i].deck_id for i in members}) < 2:
            continue
        key = min(cards[i].key for i in members)
        for i in members:
            keys[cards[i].card_id] = key
    return keys


def candidates(rows: Iterable[tuple[int, str, int, str]]) -> list[Candidate]:
    """Candidates from (card id, key, deck id, front) rows, each distinct front tokenized once."""
    tokens: dict[str, frozenset[str]] = {}
    result = []
    for card_id, key, deck_id, front in rows:
        if front not in tokens:
            tokens[front] = question_tokens(front)
        result.append(Candidate(card_id, key, deck_id, tokens[front]))
    return result
