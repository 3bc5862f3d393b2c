"""The explicit card syntaxes, and that they win over the free-form rules."""

from __future__ import annotations

from tcpquiz.cards import CardKind as K

from .conftest import back, cards, find, front, parse, summary


def test_q_a_blocks() -> None:
    found = cards("# TCP\n\nQ: What does the first segment\ncarry?\nA: SYN=1 and the client's ISN.\n\n"
                  "- and nothing else\n\nQ: 第二次握手发送什么？\nA：SYN+ACK。\n")
    assert summary(found) == [
        (K.BASIC, "What does the first segment carry?"), (K.BASIC, "第二次握手发送什么？"),
    ]
    assert found[0].back == "SYN=1 and the client's ISN.\n\n- and nothing else"
    assert found[0].key == "file:note.md::/tcp::basic::what does the first segment carry"
    assert found[0].source == "note.md:3"


def test_q_a_answer_is_kept_as_written() -> None:
    found = cards("Q: Header size?\nA: 20 bytes, `$x$` and $y$ stay as written.\n")
    assert found[0].back == "20 bytes, `$x$` and $y$ stay as written."


def test_q_markers_inside_code_are_not_cards() -> None:
    assert cards("```\nQ: not a card\nA: really\n```\n") == ()


def test_double_colon() -> None:
    found = cards("## Flags\n\nSYN :: synchronise sequence numbers\n- FIN::no more data from the sender\n")
    assert summary(found) == [(K.BASIC, "SYN"), (K.BASIC, "FIN")]
    assert back(found[0]) == "synchronise sequence numbers"
    assert found[0].key == "file:note.md::/flags::basic::syn"


def test_triple_colon_asks_both_ways() -> None:
    found = cards("RST ::: reset the connection\n")
    assert [(front(c), back(c)) for c in found] == [
        ("RST", "reset the connection"), ("reset the connection", "RST"),
    ]


def test_double_colon_in_code_is_not_a_card() -> None:
    assert [c.kind for c in cards("## C++\n\nCall `std::move` here; it casts to an rvalue.\n")] == [K.EXPLAIN]


def test_multiline_card_split_by_a_question_mark_line() -> None:
    found = cards("What are the three steps\nof the handshake?\n?\nSYN\nSYN+ACK\n- then ACK\n\nUnrelated text.\n")
    card = find(found, K.BASIC, "What are the three steps  \nof the handshake?")
    assert back(card) == "SYN\nSYN+ACK\n\n- then ACK"
    assert len(found) == 1


def test_multiline_card_both_ways() -> None:
    found = cards("三次握手\n??\n建立连接的三个报文段\n")
    assert [(front(c), back(c)) for c in found] == [
        ("三次握手", "建立连接的三个报文段"), ("建立连接的三个报文段", "三次握手"),
    ]


def test_highlight_cloze() -> None:
    found = cards("## 握手\n\nTCP 用 ==三次== 握手建立连接，用 ==四次== 挥手释放。\n")
    assert [c.kind for c in found] == [K.CLOZE, K.CLOZE]
    first, second = found
    assert first.front == "TCP 用 […] 握手建立连接，用 四次 挥手释放。"
    assert first.back == "TCP 用 **三次** 握手建立连接，用 四次 挥手释放。"
    assert second.front == "TCP 用 三次 握手建立连接，用 […] 挥手释放。"
    assert first.extra == {"cloze": 1, "answers": ["三次"],
                           "anki": "TCP 用 {{c1::三次}} 握手建立连接，用 四次 挥手释放。"}
    assert second.extra["anki"] == "TCP 用 三次 握手建立连接，用 {{c1::四次}} 挥手释放。"
    assert first.key == "file:note.md::/握手::cloze::tcp 用 [...] 握手建立连接,用 [...] 挥手释放。#c1"


def test_anki_cloze_groups_and_hints() -> None:
    found = cards("The header is {{c1::20}} bytes; UDP's is {{c2::8::a number}} and {{c1::fixed}}.\n")
    assert [c.front for c in found] == [
        "The header is […] bytes; UDP's is 8 and […].",
        "The header is 20 bytes; UDP's is [a number] and fixed.",
    ]
    assert found[0].extra == {"cloze": 1, "answers": ["20", "fixed"],
                              "anki": "The header is {{c1::20}} bytes; UDP's is 8 and {{c1::fixed}}."}
    assert found[1].extra["anki"] == "The header is 20 bytes; UDP's is {{c1::8::a number}} and fixed."


def test_cloze_key_ignores_the_hidden_text() -> None:
    before = cards("TCP uses a =={three}== way handshake.\n".replace("{three}", "three"))
    after = cards("TCP uses a ==3== way handshake.\n")
    assert before[0].key == after[0].key


def test_equals_in_prose_or_code_is_not_a_cloze() -> None:
    assert not [c for c in cards("## Seq\n\nack == seq + 1 holds, and `==x==` is code.\n") if c.kind == K.CLOZE]


def test_explicit_lines_are_not_read_again() -> None:
    text = ("## 为什么是三次握手？\n\nQ: 为什么是三次握手？\nA: 防止旧的 SYN。\n\n"
            "## 标志位\n\nSYN :: 同步序号\nACK：确认号有效\n")
    found = cards(text)
    assert summary(found) == [
        (K.BASIC, "为什么是三次握手？"),  # once, from Q:, not again from the heading
        (K.BASIC, "SYN"),
        (K.DEFINITION, "标志位 · ACK 是什么？"),  # the line the :: card did not take
    ]
    assert found[0].key == "file:note.md::/为什么是三次握手::basic::为什么是三次握手"


def test_cards_explicit_turns_free_form_off() -> None:
    text = "---\ntitle: 握手\ncards: explicit\n---\n\n## 为什么是三次握手？\n\n防止旧的 SYN。\n\nQ: 几次？\nA: 三次。\n"
    deck = parse(text)
    assert deck.name == "握手"
    assert summary(deck.cards) == [(K.BASIC, "几次？")]
    assert deck.warnings == ()


def test_unknown_cards_mode_warns_and_reads_everything() -> None:
    deck = parse("---\ncards: some\n---\n\n## 为什么是三次握手？\n\n防止旧的 SYN。\n")
    assert summary(deck.cards) == [(K.BASIC, "为什么是三次握手？")]
    assert deck.warnings == ("its front matter says cards: some, which is neither auto nor explicit, so auto was used",)


def test_front_matter_tags_and_id() -> None:
    deck = parse("---\nid: handshake-notes\ntags: [tcp, 握手]\n---\nQ: 几次？\nA: 三次。\n")
    assert deck.key == "id:handshake-notes"
    assert deck.tags == ("tcp", "握手")
    assert deck.cards[0].tags == ("tcp", "握手")
    assert deck.cards[0].key == "id:handshake-notes::/::basic::几次"
    assert deck.cards[0].source == "note.md:5"  # line numbers count the front matter
