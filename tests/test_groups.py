"""Near-duplicate groups across decks: found exactly, one per day in review, shown as "Also in"."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write_deck
from tcpquiz.store.groups import (
    DICE_THRESHOLD,
    TERM_QUESTIONS,
    Candidate,
    dice,
    different_subjects,
    group_keys,
    question_tokens,
)


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


def reference_groups(items: list[Candidate]) -> dict[int, str | None]:
    """The groups by their definition, the slow way: each distinct question, in order,
    joins the group whose first question it is most alike to (the earliest on a tie),
    if the two come from more than one deck between them and do not name different
    subjects; else it starts a group."""
    questions: dict[frozenset[str], list[Candidate]] = {}
    for item in items:
        if len(item.tokens) >= 2:
            questions.setdefault(item.tokens, []).append(item)
    frequency = Counter(token for tokens in questions for token in tokens)
    firsts: list[frozenset[str]] = []
    members: dict[frozenset[str], list[Candidate]] = {}
    for tokens, cards in questions.items():
        decks = {card.deck_id for card in cards}
        best = None
        for first in firsts:
            group_decks = {card.deck_id for card in members[first]}
            score = dice(tokens, first)
            if different_subjects(tokens, first, frequency):
                continue
            if len(group_decks | decks) >= 2 and score >= DICE_THRESHOLD and (best is None or score > best[0]):
                best = (score, first)
        if best is None:
            firsts.append(tokens)
            members[tokens] = list(cards)
        else:
            members[best[1]].extend(cards)
    keys: dict[int, str | None] = {item.card_id: None for item in items}
    for cards in members.values():
        if len({card.deck_id for card in cards}) >= 2:
            for card in cards:
                keys[card.card_id] = min(c.key for c in cards)
    return keys


# Few words and few decks, so that copies of one question, in one deck and in several, are common.
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.lists(words, min_size=1, max_size=4).map(" ".join)),
                max_size=30))
def test_prefix_filtering_groups_exactly_as_the_definition(cards: list[tuple[int, str]]) -> None:
    items = [Candidate(i, f"k{i:02d}", deck, question_tokens(text)) for i, (deck, text) in enumerate(cards)]
    assert group_keys(items) == reference_groups(items)


def test_groups_are_keyed_by_smallest_key() -> None:
    items = [Candidate(1, "b", 1, question_tokens("why three way handshake")),
             Candidate(2, "a", 2, question_tokens("why three way handshake")),
             Candidate(3, "c", 3, question_tokens("why three way handshake")),
             Candidate(4, "d", 1, question_tokens("what is time wait"))]
    assert group_keys(items) == {1: "a", 2: "a", 3: "a", 4: None}


def test_alike_questions_do_not_chain() -> None:
    """A ~ B and B ~ C, but A and C ask different things: C does not join A's group."""
    a = question_tokens("alpha beta gamma delta epsilon")
    b = question_tokens("alpha beta gamma delta zeta")
    c = question_tokens("alpha beta gamma eta zeta")
    assert dice(a, b) >= DICE_THRESHOLD and dice(b, c) >= DICE_THRESHOLD and dice(a, c) < DICE_THRESHOLD
    keys = group_keys([Candidate(1, "a", 1, a), Candidate(2, "b", 2, b), Candidate(3, "c", 3, c)])
    assert keys[1] == keys[2] == "a" and keys[3] is None


def test_templated_fronts_are_not_grouped(cli, tmp_path: Path, db_path: Path) -> None:
    """Steps and definitions share the form "topic · item n": only questions and statements group."""
    for name in ("one", "two"):
        (tmp_path / "n" / f"{name}.md").parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "n" / f"{name}.md").write_text(
            f"# Deck {name}\n\n## Flags {name}\n\n- **SYN**: synchronise\n- **FIN**: finish\n\n"
            "## Why three handshakes?\n\nBoth sides must confirm the other's initial sequence number.\n")
    cli("import", str(tmp_path / "n"))
    with sqlite3.connect(db_path) as conn:
        grouped = conn.execute("SELECT c.kind, count(*) FROM cards c JOIN decks d ON d.id = c.deck_id "
                               "WHERE d.name LIKE 'n::%' AND c.group_key IS NOT NULL GROUP BY c.kind").fetchall()
    assert grouped == [("basic", 2)]


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


def test_the_same_questions_across_hundreds_of_decks_form_one_group_each() -> None:
    """A library of years: each question asked in many decks. Identical questions collapse
    before the pairwise join (benchmarks/run.py measures the speed this buys)."""
    words = [f"alpha{n} beta{n} gamma{n}" for n in range(40)]
    items = [Candidate(i, f"k{i:06}", i % 300, question_tokens(f"Explain {words[i % 40]}."))
             for i in range(12_000)]
    keys = group_keys(items)
    groups: dict[str, set[int]] = {}
    for item in items:
        groups.setdefault(keys[item.card_id], set()).add(item.card_id % 40)
    assert None not in groups and len(groups) == 40
    assert all(len(questions) == 1 for questions in groups.values())  # no two questions merged


# One frame, many subjects: the shape of questions that made one group of 10,000 cards
# on a library of 100,000 (the frame's tokens outnumber the subject's).
FRAMES = ["Why does TCP need {t}?", "How does {t} work?", "What problem does {t} solve?",
          "What is the downside of {t}?", "What happens without {t}?", "Which Linux setting controls {t}?",
          "When do you see {t}?", "How do you debug {t}?", "How does {t} affect throughput?",
          "{t} 在 Linux 上由哪个参数控制？"]
SUBJECTS = ["sack", "nagle", "keepalive", "mss", "rto", "cwnd", "fastopen", "backlog", "timestamps", "syncookies"]


def test_one_frame_with_different_subjects_is_not_one_question() -> None:
    # Alike by Dice alone: the frame outweighs the subject.
    assert dice(question_tokens(FRAMES[5].format(t="sack")), question_tokens(FRAMES[5].format(t="mss"))) >= 0.7
    assert dice(question_tokens(FRAMES[9].format(t="sack")), question_tokens(FRAMES[9].format(t="mss"))) >= 0.7
    items, copies = [], {}
    for frame in FRAMES:
        for subject in SUBJECTS:
            text = frame.format(t=subject)
            pair = []
            for deck in (1, 2):  # the same question in two decks: a real near-duplicate
                card_id = len(items)
                items.append(Candidate(card_id, f"k{card_id:04d}", deck, question_tokens(text)))
                pair.append(card_id)
            copies[text] = pair
    keys = group_keys(items)
    # Each question is grouped with its own copy in the other deck, and with nothing else.
    assert keys == {card_id: f"k{min(pair):04d}" for pair in copies.values() for card_id in pair}


def test_a_hyphenated_state_name_is_one_token() -> None:
    """SYN-RECEIVED names a state (RFC 9293 §3.3.2), not the SYN flag: a name in capitals
    (and a sysctl's) is matched whole."""
    assert question_tokens("处于 SYN-RECEIVED 的一方为什么要发 PSH？") >= {"syn-received", "psh"}
    assert "syn" not in question_tokens("处于 SYN-RECEIVED 的一方为什么要发 PSH？")
    assert "syn" in question_tokens("处于 SYN-RECEIVED 的一方为什么要发 SYN？")
    assert question_tokens("TIME_WAIT 持续多久？") == question_tokens("TIME-WAIT 持续多久？")
    assert question_tokens("tcp_syn_retries 控制什么？") >= {"tcp-syn-retries"}
    # A word in lower case joined by hyphens is still its parts: "three-way" is "three way".
    assert question_tokens("Why a three-way handshake?") == question_tokens("Why a three way handshake?")


def test_a_flag_named_inside_a_state_name_does_not_make_two_questions_one() -> None:
    """"Why send PSH in SYN-RECEIVED?" and "why send SYN in SYN-RECEIVED?" ask about two
    flags. When SYN and PSH are terms of the library (each in TERM_QUESTIONS questions),
    the two differ in a term each and are not grouped; split at the hyphen, the first held
    "syn" as well, so the second's tokens were all in it and the two were one group."""
    psh, syn = "处于 SYN-RECEIVED 的一方为什么要发 PSH？", "处于 SYN-RECEIVED 的一方为什么要发 SYN？"
    library = [f"Question {n} about {flag}" for flag in ("SYN", "PSH") for n in range(TERM_QUESTIONS)]
    items = [Candidate(1, "psh", 1, question_tokens(psh)), Candidate(2, "syn", 2, question_tokens(syn))]
    items += [Candidate(10 + n, f"lib{n:02d}", 3, question_tokens(text)) for n, text in enumerate(library)]
    assert dice(items[0].tokens, items[1].tokens) >= DICE_THRESHOLD  # alike by Dice alone
    keys = group_keys(items)
    assert keys[1] is None and keys[2] is None
    # The same question in another deck still groups with each.
    keys = group_keys([*items, Candidate(3, "psh2", 4, question_tokens(psh.replace("？", "?")))])
    assert keys[1] == keys[3] == "psh" and keys[2] is None
