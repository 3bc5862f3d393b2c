"""Near-duplicate cards across decks: the same question in several decks is studied once a day.

Every set of notes explains "why three handshakes". Cards from different decks whose
questions say nearly the same thing form a group: review shows at most one card of
a group a day, and shows where else the question appears.

Only questions and statements (basic and explain cards) are grouped. Steps,
definitions and sequences have fronts made from a template ("SACK · item 3 of 6"),
alike in form whatever they ask.

Similarity is the Dice coefficient of two questions' token sets: English words (a
name such as SYN-RECEIVED or tcp_syn_retries whole, see _LATIN), and bigrams of Chinese characters (Chinese has no spaces, and single characters
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
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from tcpquiz.text import HAN_RANGES

# Raised whenever the tokens or the join give other groups for the same cards, so that
# libraries grouped before are regrouped (tcpquiz.store.sync.GROUPS_CURRENT). 2: names whole.
GROUPING_RULES = 2
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
_WITHOUT_STOP_CHARS = str.maketrans("", "", "".join(STOP_CHARS))
STOP_WORDS = {
    "tcp", "the", "a", "an", "is", "are", "was", "does", "do", "did", "of", "to", "in", "on", "for",
    "and", "or", "it", "its", "be", "by", "with", "this", "that", "at",
}
# A name is one token, matched whole: a word in capitals joined by hyphens or underscores
# (the states of RFC 9293 §3.3.2, SYN-RECEIVED, and Linux's TIME_WAIT, one spelling for
# both), or any word joined by "_" or "." (tcp_syn_retries, net.ipv4.tcp_fin_timeout).
# Split, "why send PSH in SYN-RECEIVED?" held "syn" and so asked about SYN. Other words
# joined by hyphens are split ("three-way" is "three way").
_LATIN = re.compile(r"[0-9a-z]+(?:[-_.'][0-9a-z]+)*", re.IGNORECASE)


def _latin_tokens(text: str) -> Iterator[str]:
    """The Latin-script tokens of `text` (NFKC-normalised, not yet case-folded)."""
    for word in _LATIN.findall(text):
        if "_" in word or "." in word or ("-" in word and word.isupper()):
            yield word.casefold().replace("_", "-")
        else:
            yield from word.casefold().split("-")


_CJK = re.compile(f"[{HAN_RANGES}]+")


def question_tokens(text: str) -> frozenset[str]:
    """The tokens two phrasings of the same question have in common."""
    text = unicodedata.normalize("NFKC", text)
    tokens = {word for word in _latin_tokens(text) if word not in STOP_WORDS}
    text = text.casefold()  # tcpquiz.text.normalize(), in two steps: names are told by their capitals
    for variant, canonical in SYNONYMS.items():
        text = text.replace(variant, canonical)
    for run in _CJK.findall(text):
        run = run.translate(_WITHOUT_STOP_CHARS)
        if len(run) == 1:
            tokens.add(run)
        tokens.update(map(str.__add__, run, run[1:]))  # its bigrams
    return frozenset(tokens)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


class Candidate(NamedTuple):  # a tuple: regroup makes one for every question card in the library
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


def _ranks(frequency: Counter[str]) -> dict[str, int]:
    """Each token's place rarest first (by frequency, then by the token): sorting by the
    rank gives the order of sorting by (frequency, token), with one look-up per token."""
    return {token: n for n, token in enumerate(sorted(frequency, key=lambda token: (frequency[token], token)))}


def _prefix(ordered: list[str]) -> list[str]:
    """The first tokens of `ordered` (rarest first) that two sets reaching the threshold must share one of."""
    return ordered[: len(ordered) - math.ceil(_JACCARD * len(ordered)) + 1]


_NONE: frozenset[int] = frozenset()


class _LeaderIndex:
    """The groups' first questions ("leaders"), indexed three ways, so that a question is
    compared only with the leaders it could join (see cluster):

    * by the tokens of their prefix (prefix filtering): those that can reach the threshold;
    * by every term they hold: those that hold all of a question's terms;
    * by two of their terms, the first in the prefix's order and a later one: those whose
      terms a question may hold all of.
    """

    def __init__(self, rank: dict[str, int]) -> None:
        self.rank = rank
        self.by_prefix: dict[str, list[int]] = defaultdict(list)  # lists: a third of a set's memory
        self.prefixes: dict[int, frozenset[str]] = {}  # leader -> its prefix
        self.holding: dict[str, set[int]] = defaultdict(set)
        # first term -> a later term ("" when it has one) -> leaders
        self.by_first_terms: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.termless: set[int] = set()

    def order(self, tokens: Iterable[str]) -> list[str]:
        """Rarest first: the order the prefix is taken in."""
        return sorted(tokens, key=self.rank.__getitem__)

    def add(self, leader: int, prefix: list[str], terms: frozenset[str]) -> None:
        for token in prefix:
            self.by_prefix[token].append(leader)
        self.prefixes[leader] = frozenset(prefix)
        for token in terms:  # same_subject() asks only for terms
            self.holding[token].add(leader)
        if terms:
            ordered = self.order(terms)
            # Rare bigrams next to each other in this order mostly come from one word
            # (流量, 量控 of 流量控制): the second key is taken two terms further on.
            self.by_first_terms[ordered[0]][ordered[min(2, len(ordered) - 1)] if len(ordered) > 1 else ""].add(leader)
        else:
            self.termless.add(leader)

    def reachable(self, prefix: list[str], among: set[int] | None = None) -> set[int]:
        """The leaders sharing a token of `prefix` through a list of at most MAX_POSTING
        leaders; with `among`, only those of `among`. Either the lists are walked or each
        leader of `among` is tested, whichever takes fewer steps: the same leaders either way."""
        tokens, postings = [], []
        for token in prefix:
            leaders = self.by_prefix.get(token)
            if leaders and len(leaders) <= MAX_POSTING:
                tokens.append(token)
                postings.append(leaders)
        if among is not None and len(among) < sum(map(len, postings)):
            return {leader for leader in among if not self.prefixes[leader].isdisjoint(tokens)}
        found: set[int] = set()
        for leaders in postings:
            found.update(leaders)
        return found if among is None else found & among

    def same_subject(self, terms: frozenset[str], ordered: list[str]) -> set[int]:
        """Every leader that holds all of `terms` (a question's terms, `ordered` rarest
        first), and every leader whose terms the question holds all of, with a few more: all
        that different_subjects() may let through."""
        holding_all = set(self.holding.get(ordered[0], ()))
        for term in ordered[1:]:
            if not holding_all:
                break
            holding_all &= self.holding.get(term, _NONE)
        found = holding_all | self.termless
        # A term is a term in every question, so a leader's terms the question holds are among
        # `terms`; a leader's second key comes after its first in the one order all share, so
        # it is among the question's terms after `first` exactly when it is among its terms.
        for first in self.by_first_terms.keys() & terms:  # a union: the order does not matter
            by_second = self.by_first_terms[first]
            if len(by_second) <= len(terms):
                for second, of_pair in by_second.items():
                    if not second or second in terms:
                        found |= of_pair
            else:
                for second in ("", *terms):
                    of_second = by_second.get(second)
                    if of_second:
                        found |= of_second
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
    leaders = _LeaderIndex(_ranks(frequency))
    leader_terms: dict[int, frozenset[str]] = {}  # kept for the groups' first questions only
    decks: dict[int, set[int]] = {}  # group -> the decks its questions come from
    leader: list[int] = []
    all_terms = frozenset(token for token, count in frequency.items() if count >= TERM_QUESTIONS)
    token_sets = [question.tokens for question in questions]
    sizes = [len(tokens) for tokens in token_sets]
    for i, question in enumerate(questions):
        tokens, size = question.tokens, len(question.tokens)
        terms = tokens & all_terms
        ordered = leaders.order(tokens)
        prefix = _prefix(ordered)
        # The leaders the prefix reaches that may have the same subject: the second set is
        # usually the smaller, so the first is tested only on its members.
        if terms:  # its terms rarest first: the tokens' order, filtered, needs no second sort
            ordered_terms = ordered if len(terms) == size else [token for token in ordered if token in terms]
            alike = leaders.reachable(prefix, leaders.same_subject(terms, ordered_terms))
        else:
            alike = leaders.reachable(prefix)
        best, best_score, needed = None, 0.0, DICE_THRESHOLD
        own_deck = next(iter(question.decks)) if len(question.decks) == 1 else None
        for g in alike:
            other_size = sizes[g]
            # A bound from the sizes alone first (the intersection is at most the smaller
            # set): a leader it rules out is skipped without building the intersection.
            if 2 * (size if size < other_size else other_size) / (size + other_size) < needed:
                continue
            other = token_sets[g]
            score = 2 * len(tokens & other) / (size + other_size)  # dice()
            if score < needed or (score == best_score and best is not None and g > best):
                continue
            if own_deck is not None and len(decks[g]) == 1 and own_deck in decks[g]:
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
