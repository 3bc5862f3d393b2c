"""Near-duplicate groups across decks: found exactly, one per day in review, shown as "Also in"."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tcpquiz.store.groups import DICE_THRESHOLD, Candidate, dice, group_keys, question_tokens, similar_pairs

from conftest import write_deck


def test_same_question_in_other_words_is_alike() -> None:
    assert dice(question_tokens("为什么要三次握手"), question_tokens("TCP 为什么是三次握手？")) >= DICE_THRESHOLD
    assert dice(question_tokens("为何要等待2MSL"), question_tokens("为什么要等待 2MSL 时间？")) >= DICE_THRESHOLD
    assert dice(question_tokens("Why does TCP use a three-way handshake?"),
                question_tokens("Why is the handshake three-way?")) >= DICE_THRESHOLD


def test_different_questions_are_not_alike() -> None:
    assert dice(question_tokens("第一次握手"), question_tokens("第二次握手")) < DICE_THRESHOLD
    assert dice(question_tokens("为什么是三次握手？"), question_tokens("为什么是四次挥手？")) < DICE_THRESHOLD
    assert dice(question_tokens("What does SYN mean?"), question_tokens("What does FIN mean?")) < DICE_THRESHOLD


words = st.sampled_from(["为什么", "三次", "握手", "四次", "挥手", "等待", "2MSL", "TIME-WAIT", "why", "close",
                         "handshake", "state", "SYN", "FIN", "ACK", "时间", "状态", "客户端"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.lists(words, min_size=1, max_size=6).map(" ".join)),
                max_size=25))
def test_prefix_filtering_finds_exactly_the_brute_force_pairs(cards: list[tuple[int, str]]) -> None:
    items = [Candidate(i, f"k{i}", deck, question_tokens(text)) for i, (deck, text) in enumerate(cards)]
    expected = {
        (i, j) for i, j in itertools.combinations(range(len(items)), 2)
        if items[i].deck_id != items[j].deck_id and len(items[i].tokens) >= 2 and len(items[j].tokens) >= 2
        and dice(items[i].tokens, items[j].tokens) >= DICE_THRESHOLD
    }
    assert set(similar_pairs(items)) == expected


def brute_force_groups(items: list[Candidate]) -> dict[int, str | None]:
    """The groups by definition: connected components of all alike pairs from different decks."""
    component = {item.card_id: {item.card_id} for item in items}
    for a, b in itertools.combinations(items, 2):
        if (a.deck_id != b.deck_id and len(a.tokens) >= 2 and len(b.tokens) >= 2
                and dice(a.tokens, b.tokens) >= DICE_THRESHOLD and component[a.card_id] is not component[b.card_id]):
            merged = component[a.card_id] | component[b.card_id]
            for card_id in merged:
                component[card_id] = merged
    key = {item.card_id: item.key for item in items}
    return {c: min(key[m] for m in members) if len(members) > 1 else None for c, members in component.items()}


# Few words and few decks, so that copies of one question, in one deck and in several, are common.
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.lists(words, min_size=1, max_size=4).map(" ".join)),
                max_size=30))
def test_group_keys_are_the_components_of_all_alike_pairs(cards: list[tuple[int, str]]) -> None:
    items = [Candidate(i, f"k{i:02d}", deck, question_tokens(text)) for i, (deck, text) in enumerate(cards)]
    assert group_keys(items) == brute_force_groups(items)


def test_groups_are_transitive_and_keyed_by_smallest_key() -> None:
    items = [Candidate(1, "b", 1, question_tokens("why three way handshake")),
             Candidate(2, "a", 2, question_tokens("why three way handshake")),
             Candidate(3, "c", 3, question_tokens("why three way handshake")),
             Candidate(4, "d", 1, question_tokens("what is time wait"))]
    assert group_keys(items) == {1: "a", 2: "a", 3: "a", 4: None}


def test_same_deck_never_groups() -> None:
    items = [Candidate(1, "a", 1, question_tokens("why three way handshake")),
             Candidate(2, "b", 1, question_tokens("why three way handshake"))]
    assert group_keys(items) == {1: None, 2: None}


def two_decks(tmp_path: Path) -> Path:
    write_deck(tmp_path / "notes" / "mine.md", "Mine", [
        ("为什么要三次握手？", "防止已失效的连接请求报文段又传到服务器，建立错误的连接。"),
        ("TIME-WAIT 持续多久？", "2MSL。"),
    ])
    write_deck(tmp_path / "notes" / "book.md", "Book", [
        ("TCP 为什么是三次握手", "双方都要确认对方的初始序号；还要防止旧的重复 SYN。"),
        ("什么是半关闭？", "一方发了 FIN 后仍能接收对方的数据。"),
    ])
    return tmp_path / "notes"


def test_review_shows_one_card_of_a_group_a_day(cli, tmp_path: Path, db_path: Path) -> None:
    assert cli("import", str(two_decks(tmp_path))).exit_code == 0
    cards = json.loads(cli("cards", "--deck", "notes", "--json").stdout)
    assert len(cards) == 4
    result = cli("review", "--deck", "notes", input="5\n5\n5\n5\n", env={"TCPQUIZ_NOW": "2026-11-20T10:00"})
    assert result.exit_code == 0
    assert "3 cards seen" in result.stdout  # the second "why three handshakes" waits
    assert "Also in: notes::Book" in result.stdout or "Also in: notes::Mine" in result.stdout
    with sqlite3.connect(db_path) as conn:
        fronts = [r[0] for r in conn.execute("SELECT c.front FROM reviews r JOIN cards c ON c.id = r.card_id")]
    assert sum("三次握手" in f for f in fronts) == 1
    # The next day the other card of the group comes (the first is due again too, but it waits).
    nxt = cli("review", "--deck", "notes", "--new", "5", input="5\n5\n5\n5\n", env={"TCPQUIZ_NOW": "2026-11-21T10:00"})
    with sqlite3.connect(db_path) as conn:
        fronts = [r[0] for r in conn.execute(
            "SELECT c.front FROM reviews r JOIN cards c ON c.id = r.card_id WHERE r.study_day = '2026-11-21'")]
    assert sum("三次握手" in f for f in fronts) == 1, nxt.output


def test_retired_card_leaves_its_group(cli, tmp_path: Path, db_path: Path) -> None:
    notes = two_decks(tmp_path)
    cli("import", str(notes))
    write_deck(notes / "book.md", "Book", [("什么是半关闭？", "一方发了 FIN 后仍能接收对方的数据。")])
    cli("import", str(notes))
    with sqlite3.connect(db_path) as conn:
        grouped = conn.execute(
            "SELECT c.front FROM cards c JOIN decks d ON d.id = c.deck_id"
            " WHERE c.group_key IS NOT NULL AND d.name LIKE 'notes::%'"
        ).fetchall()
    # "为什么要三次握手？" may still match a built-in deck's question, but no longer Book's retired card.
    assert ("TCP 为什么是三次握手",) not in grouped
    siblings = json.loads(cli("cards", "--deck", "notes::Book", "--json", "--retired").stdout)
    assert [c["state"] for c in siblings if "三次握手" in c["front"]] == ["retired"]
