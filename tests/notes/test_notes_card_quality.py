"""Every card one a learner would keep: a front that determines its answer. No front is a
statement cut short ("TCP 使用……"), no heading path is a sentence cut mid-phrase, no bare
"概述" asks without a topic, and no label of a worked example ("接收方回复：") is taken for a
term. The notes here are written for these tests; each expected question is the one a
learner would ask of its sentence, worked out by hand."""

from __future__ import annotations

import pytest

from tcpquiz.cards import CardKind as K
from tcpquiz.notes.facts import HEADING_CARD_WIDTH
from tcpquiz.notes.questions import Form, ask
from tcpquiz.notes.text import display_width

from .conftest import back, cards, find, front

# -- sentences of a shape are asked by it ------------------------------------------------------

SHAPES = [
    # what X rests on
    ("接收窗口的大小取决于接收缓存里还剩多少空间。", "接收窗口的大小取决于什么？", Form.DEPENDENCE),
    ("The retransmission timeout depends on the smoothed round-trip time.",
     "What does the retransmission timeout depend on?", Form.DEPENDENCE),
    ("TCP 的可靠交付是基于序号、确认和重传的。", "TCP 的可靠交付基于什么？", Form.DEPENDENCE),
    # how X does it: the means is the answer
    ("接收方通过窗口字段来限制发送方的速率。", "接收方如何限制发送方的速率？", Form.MEANS),
    ("TCP views the application's data as an ordered stream of bytes.", "How does TCP view the application's data?",
     Form.MEANS),
    # a bound
    ("发送窗口不能超过拥塞窗口和接收窗口中较小的那个。", "发送窗口不能超过什么？", Form.LIMIT),
    ("The retransmission timeout should be larger than the round-trip time.",
     "What should the retransmission timeout be larger than?", Form.LIMIT),
    # whether: a statement that says not
    ("UDP 不保证报文按序到达，乱序要由应用自己处理。", "UDP 是否保证报文按序到达？", Form.YES_NO),
    ("在 TIME_WAIT 期间，同一个四元组不能再被新连接使用。", "在 TIME_WAIT 期间，同一个四元组能否再被新连接使用？", Form.YES_NO),
    ("UDP does not keep any state for a connection.", "Does UDP keep any state for a connection?", Form.YES_NO),
    # a reason named as such, and a claim explained after a colon
    ("主动关闭方要等待 2MSL 的原因是让最后一个 ACK 有机会重传。", "为什么主动关闭方要等待 2MSL？", Form.CAUSE),
    ("TCP mistakes corruption for congestion: every loss halves the window, whatever caused it.",
     "Why does TCP mistake corruption for congestion?", Form.CAUSE),
    # when X acts
    ("坚持计时器在收到零窗口通告以后才开始工作。", "坚持计时器何时开始工作？", Form.CONDITION),
    ("The persist timer starts when the peer advertises a zero window.", "When does the persist timer start?",
     Form.CONDITION),
    ("发送方收到三个重复确认后立即重传丢失的报文段。", "发送方收到三个重复确认后，会怎样？", Form.CONDITION),
    ("If the final ACK is lost the passive closer sends its FIN again.", "What happens if the final ACK is lost?",
     Form.CONDITION),
    ("An attacker could inject a segment if the sequence numbers are predictable.",
     "What could an attacker do if the sequence numbers are predictable?", Form.CONDITION),
    ("发送方只要收到一个新的确认，拥塞窗口就加一。", "发送方只要收到一个新的确认，会怎样？", Form.CONDITION),
    # what kind of thing, said in the plural without an article
    ("Nagle and delayed ACK are sender-side mechanisms that batch small writes.",
     "What are Nagle and delayed ACK?", Form.DEFINITION),
    # how long X goes on
    ("发送方会一直重传到收到对方的确认为止。", "发送方重传到什么时候？", Form.CONDITION),
    ("The probing continues until the peer opens its window again.", "How long does the probing continue?",
     Form.CONDITION),
    # what the signs tell, what something lies in, what else besides
    ("半连接数量猛增而且源地址各不相同，就可以判断服务器正遭受 SYN 洪泛。", "如何判断服务器正遭受 SYN 洪泛？", Form.MEANS),
    ("对重传来说，难点在于如何选择超时时间。", "对重传来说，难点在于什么？", Form.DEPENDENCE),
    ("除了平滑后的往返时间，还需要跟踪往返时间的偏差。", "除了平滑后的往返时间，还需要什么？", Form.ACTION),
    # who said it opens the sentence; what was said is asked
    ("我们注意到，当收到失序的报文段时，接收方立刻发出重复确认。", "当收到失序的报文段时，会怎样？", Form.CONDITION),
]


@pytest.mark.parametrize(("sentence", "question", "form"), SHAPES)
def test_a_sentence_of_a_shape_asks_its_question(sentence: str, question: str, form: Form) -> None:
    asked = ask(sentence)
    assert asked is not None, sentence
    assert (asked.text, asked.form) == (question, form)


@pytest.mark.parametrize("sentence", [
    "攻击者在短时间内伪造大量不存在的源地址。",  # 不 makes "不存在的" an adjective: no "是否"
    "服务器并不知道客户端是否还要连接。",  # "是否……是否……？" would ask two things
    "在这种情况下不执行慢开始的原因是数据仍在流动。",  # "这种情况" is on another card
    "Retransmission is choppy due to timer granularity: some flows stall.",  # the claim gives its own reason
])
def test_a_sentence_whose_question_would_not_stand_alone_is_not_asked(sentence: str) -> None:
    assert ask(sentence) is None


def test_a_condition_names_what_it_acts_on_and_keeps_its_key() -> None:
    # two paragraphs: too much for the section to be asked whole, so each is a fact of its own
    found = cards("## 拥塞\n\n当拥塞时，路由器就会丢包。\n\n"
                  "拥塞窗口由发送方自己维护，接收方并不知道它的值，也不在报文里通告它。\n")
    card = find(found, K.BASIC, "当拥塞时，路由器会怎样？")  # it names its heading: no lead
    # the key is the question as it was first worded, so the card's history stays
    assert card.key == "file:note.md::/拥塞::basic::当拥塞时,会怎样"


# -- a sentence of no shape is asked by its heading, never cut short ----------------------------

ZH_NO_SHAPE = ("## 滑动窗口\n\n窗口在收到确认后向右滑动一段距离。\n\n"
               "窗口内的报文段可以连续发出去而不必逐个等待确认。\n")
EN_NO_SHAPE = ("## Sliding window\n\nSegments inside the window go out back to back.\n\n"
               "The left edge moves right as acknowledgments come in.\n")


@pytest.mark.parametrize(("note", "heading", "first", "second"), [
    (ZH_NO_SHAPE, "滑动窗口", "向右滑动一段距离", "不必逐个等待确认"),
    (EN_NO_SHAPE, "Sliding window", "back to back", "The left edge moves right"),
])
def test_sentences_of_no_shape_are_asked_by_their_heading(note: str, heading: str, first: str, second: str) -> None:
    found = cards(note)
    assert not [front(card) for card in found if front(card).endswith(("……", "…"))]
    card = find(found, K.EXPLAIN, heading)
    assert first in back(card) and second in back(card)


def test_a_heading_asks_for_many_sentences_in_parts_of_a_section_size() -> None:
    sentences = [f"第{n}号路由器把队列里的分组按到达的先后次序逐个转发出去。" for n in range(1, 16)]
    found = cards("## 转发\n\n" + "\n\n".join(sentences) + "\n")
    parts = [card for card in found if front(card).startswith("转发（")]
    assert len(parts) > 1 and front(parts[0]) == f"转发（1/{len(parts)}）"
    assert all(display_width(back(card).replace("\n", "")) <= HEADING_CARD_WIDTH for card in parts)
    assert all(any(sentence in back(card) for card in parts) for sentence in sentences)
    assert parts[0].key.endswith("::explain::转发") and parts[1].key.endswith("::explain::转发#part-2")


def test_a_term_set_apart_in_latin_letters_is_asked_by_the_term() -> None:
    found = cards("## 首部字段\n\nwindow size 随接收缓存的占用而变大变小。\n\nPSH，要求接收方尽快交给应用。\n\n"
                  "server收到以后就回一个确认报文段给客户端。\n")
    assert "随接收缓存的占用" in back(find(found, K.DEFINITION, "首部字段 · window size 是什么？"))
    assert "尽快交给应用" in back(find(found, K.DEFINITION, "首部字段 · PSH 是什么？"))
    # "server收到": a word of the sentence, not a term set apart from it
    assert not [card for card in found if front(card).startswith("首部字段 · server")]


def test_a_number_after_a_chinese_word_is_hidden() -> None:
    found = cards("## 快重传\n\n启用快重传后网络的吞吐量大约能提高20%左右。\n\n"
                  "发送方一连收到三个重复确认，就立即重传对方尚未收到的报文段。\n")
    assert any(card.kind is K.CLOZE and "[…]" in card.front and "20%" in card.back for card in found)


# -- heading paths: a topic, never a phrase cut short --------------------------------------------

ZH_ITEMS = ("## 定时器\n\n"
            "- 超时重传：发送端发出报文段以后如果长时间收不到确认就再发一次\n"
            "    - 重传间隔每次翻倍，直到达到上限为止\n")
EN_ITEMS = ("## Fixes\n\n"
            "- when the sender keeps the queue full before any loss shows up, every flow waits longer\n"
            "    - solution: pace sending by the measured bottleneck rate\n")


def test_an_item_heads_its_nested_items_by_the_topic_it_names() -> None:
    found = cards(ZH_ITEMS)
    fronts = [front(card) for card in found]
    assert not [text for text in fronts if "…" in text]
    assert any(text.startswith("定时器 · 超时重传") for text in fronts), fronts


def test_an_item_that_is_a_sentence_heads_nothing_and_its_label_is_asked_with_it() -> None:
    found = cards(EN_ITEMS)
    fronts = [front(card) for card in found]
    assert not [text for text in fronts if "…" in text]
    # "What is the solution?" would say not of what: the card asked by the sentence holds it
    assert not [text for text in fronts if text.endswith("What is the solution?")]
    assert any("pace sending" in back(card) and "queue full" in front(card) for card in found)


# -- no bare aspect, no label taken for a term ---------------------------------------------------


@pytest.mark.parametrize(("note", "asked"), [
    ("## 概述\n\n运输层在两台主机的进程之间传送报文。\n", "运输层笔记 · 概述"),
    ("## Overview\n\nThe transport layer carries messages between processes on two hosts.\n", "transport · Overview"),
])
def test_a_top_heading_that_names_only_an_aspect_is_led_by_the_note_name(note: str, asked: str) -> None:
    name = asked.split(" · ")[0]
    found = cards(note, default_name=name)
    assert [front(card) for card in found if card.kind is K.EXPLAIN] == [asked]


def test_labels_of_a_worked_example_are_no_terms() -> None:
    found = cards("## 确认号\n\n发送方发出：seq=300，长度 100\n\n接收方回复：ack=400\n\n或者：ack=300（丢了）\n\n"
                  "服务器回复 ACK：收到了\n\nClient sends: SYN with seq=0\n")
    fronts = [front(card) for card in found]
    for label in ("发送方发出", "接收方回复", "或者", "服务器回复 ACK", "Client sends"):
        assert not [text for text in fronts if label in text], fronts
    assert all(value in "\n".join(back(card) for card in found) for value in ("seq=300", "ack=400", "seq=0"))


def test_one_sentence_now_asked_by_its_heading_keeps_the_key_it_had() -> None:
    # a section too long to be asked whole: its one sentence of no shape is its heading's card
    shaped = "".join(f"\n\n第{n}个计时器的超时时间取决于它最近测得的往返时间和偏差。" for n in range(1, 10))
    found = cards("## 滑动窗口\n\n窗口内的报文段可以连续发出去而不必逐个等待确认。" + shaped + "\n")
    card = find(found, K.EXPLAIN, "滑动窗口")
    assert back(card) == "窗口内的报文段可以连续发出去而不必逐个等待确认。"
    # the key of the card it was: its heading and the first half of it (12 of its 24
    # characters), asking for the rest; the same fact asked better keeps its history
    assert card.key == "file:note.md::/滑动窗口::cloze::滑动窗口 · 窗口内的报文段可以连续发"
    assert "asked by its opening as" not in card.extra


def test_a_step_quoted_in_the_next_front_is_cut_at_a_clause_never_inside_a_word() -> None:
    found = cards("## 四次挥手\n\n1. A 发送释放报文，FIN = 1，seq = u，随后 A 进入 FIN-WAIT-1 状态\n"
                  "2. B 收到报文，发送确认报文，ack = u + 1，随后 B 进入 CLOSE-WAIT 状态\n"
                  "3. 此时 A 进入 FIN-WAIT-2 状态\n")  # a step that opens without its actor quotes the one before
    fronts = [front(card) for card in found if card.kind is K.STEP]
    assert "四次挥手 · 「B 收到报文，发送确认报文，ack = u + 1…」之后是哪一步？" in fronts, fronts
