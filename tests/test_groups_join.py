"""The indexed join behind the near-duplicate groups finds exactly the groups that comparing
every question with every leader its prefix reaches finds (the join as it was before it
was indexed), on the development corpus, on the benchmark's notes and on random questions."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchscripts import benchmark_module
from conftest import coverage_paused
from tcpquiz.notes import load_note
from tcpquiz.store import groups
from tcpquiz.store.groups import GROUPED_KINDS, Candidate, _Question, _questions, candidates, cluster, group_keys

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def pairwise_cluster(questions: list[_Question]) -> list[int]:
    """The join the indexed one replaced: every leader sharing a prefix token (through a
    list of at most MAX_POSTING leaders) is compared with the question, one by one."""
    frequency = Counter(token for q in questions for token in q.tokens)
    index: dict[str, list[int]] = defaultdict(list)
    decks: dict[int, set[int]] = {}
    leader: list[int] = []
    for i, question in enumerate(questions):
        ordered = sorted(question.tokens, key=lambda token: (frequency[token], token))
        prefix = ordered[: len(ordered) - math.ceil(groups._JACCARD * len(ordered)) + 1]
        best, best_score, seen = None, 0.0, set()
        for token in prefix:
            if len(index[token]) > groups.MAX_POSTING:
                continue
            for g in index[token]:
                if g in seen:
                    continue
                seen.add(g)
                if len(decks[g] | question.decks) < 2:
                    continue
                score = groups.dice(question.tokens, questions[g].tokens)
                if score < groups.DICE_THRESHOLD or groups.different_subjects(
                        question.tokens, questions[g].tokens, frequency):
                    continue
                if score > best_score or (score == best_score and best is not None and g < best):
                    best, best_score = g, score
        if best is None:
            leader.append(i)
            decks[i] = set(question.decks)
            for token in prefix:
                index[token].append(i)
        else:
            leader.append(best)
            decks[best] |= question.decks
    return leader


def candidates_of(paths: list[Path]) -> list[Candidate]:
    """The grouped cards of these notes, each note a deck, as the store hands them to the join."""
    rows = []
    for deck_id, path in enumerate(paths):
        for card in load_note(path).cards:
            if str(card.kind) in GROUPED_KINDS:
                rows.append((len(rows), card.key, deck_id, card.front))
    return candidates(rows)


def assert_same_groups(items: list[Candidate]) -> int:
    questions = _questions(items)
    with coverage_paused():  # the reference is the test's own; the join it checks runs traced
        expected = pairwise_cluster(questions)
    assert cluster(questions) == expected
    return sum(1 for key in group_keys(items).values() if key)


@pytest.mark.skipif(not (SHARED / "corpus" / "notes").is_dir(), reason="../shared is absent")
def test_same_groups_on_the_corpus_and_the_learners_notes() -> None:
    notes = sorted((SHARED / "corpus" / "notes").glob("*.md")) + sorted((SHARED / "notes").glob("*.md"))
    decks = sorted((ROOT / "decks").glob("*/*.md"))
    assert assert_same_groups(candidates_of(notes + decks)) > 0


def test_same_groups_on_the_benchmarks_notes(tmp_path: Path) -> None:
    """A sample of the benchmark's notes (benchmarks/generate.py, its seed): questions cut
    from shared frames, the shape that makes the join's work. The whole 1,000 notes were
    checked the same way when the index was made (benchmarks/HISTORY.md, "Export and import speed")."""
    benchmark_module("generate").write_notes(tmp_path, count=120, total_bytes=1_200_000)
    items = candidates_of(sorted(tmp_path.rglob("*.md")))
    assert len(_questions(items)) > 500
    assert assert_same_groups(items) > 0


# Words many questions share (they become terms) and words few do (they stay rare).
words = st.one_of(
    st.sampled_from(["why", "how", "does", "need", "work", "solve", "sack", "nagle", "mss", "rto", "cwnd",
                     "三次", "握手", "为什么", "需要", "怎么", "工作", "缺点", "问题"]),
    st.integers(0, 40).map(lambda n: f"rare{n}"),
)


# Small libraries have no terms and no long posting lists; these limits give random ones both.
@pytest.mark.parametrize(("term_questions", "max_posting"), [(2, 3), (3, 1000), (1000, 2)])
@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.lists(words, min_size=2, max_size=6).map(" ".join)),
                max_size=60))
def test_same_groups_on_random_questions(term_questions: int, max_posting: int, cards: list[tuple[int, str]]) -> None:
    previous = groups.TERM_QUESTIONS, groups.MAX_POSTING
    groups.TERM_QUESTIONS, groups.MAX_POSTING = term_questions, max_posting
    try:
        rng = random.Random(len(cards))
        items = candidates((i, f"k{rng.randrange(10**6):06d}", deck, text) for i, (deck, text) in enumerate(cards))
        assert_same_groups(items)
    finally:
        groups.TERM_QUESTIONS, groups.MAX_POSTING = previous


@pytest.mark.parametrize(("leader", "question"), [
    # The leader has no term: the question's own term does not keep it out.
    ("rare1 rare2 rare3 rare4 rare5", "rare1 rare2 rare3 rare4 rare5 common"),
    # The question holds all the leader's terms, and one more.
    ("term1 term2 term3 term4 term5", "term1 term2 term3 term4 term5 common"),
    # The leader holds all the question's terms, and one more.
    ("term1 term2 term3 term4 term5 common", "term1 term2 term3 term4 term5"),
])
def test_each_way_a_question_joins_a_group_whose_terms_fit(
        monkeypatch: pytest.MonkeyPatch, leader: str, question: str) -> None:
    monkeypatch.setattr(groups, "TERM_QUESTIONS", 3)
    fillers = ["common filler1", "common filler2", "common filler3",
               "term1 term2 term3 term4 term5 filler4", "term1 term2 term3 term4 term5 filler5"]
    rows = [(0, "a", 1, leader), (1, "b", 2, question)]
    rows += [(2 + n, f"z{n}", 10 + n, text) for n, text in enumerate(fillers)]
    items = candidates(rows)
    keys = group_keys(items)
    assert keys[0] == keys[1] == "a"
    assert_same_groups(items)
