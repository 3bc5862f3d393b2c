"""The fronts of generated cards ask the question their sentence answers (questions.py),
in the note's language, without giving the answer away; each card keeps its key when
its question is reworded. The sentences here are written for these tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tcpquiz.cards import CardKind
from tcpquiz.notes.questions import Form, ask, lead_in_question, term_question
from tcpquiz.store import Store

from .conftest import back, cards, front, parse

# (sentence, the question a learner would ask of it, its form): each worked out by hand.
CHINESE = [
    ("在一段时间里发出的报文多于网络能承载的量，时延和丢包都会上升。这种状况就称为拥塞。", "什么是拥塞？", Form.NAMING),
    ("坚持计时器是发送方在收到零窗口通告后启动的计时器。", "什么是坚持计时器？", Form.DEFINITION),
    ("接收方通告的窗口又称为接收窗口 rwnd。", "接收方通告的窗口又称为什么？", Form.NAMING),
    ("窗口字段表示接收方还能接收的字节数。", "窗口字段表示什么？", Form.DEFINITION),
    ("慢开始的思路是先发少量数据，再按确认逐步加大窗口。", "慢开始的思路是什么？", Form.DEFINITION),
    ("保活计时器用于发现对端已经崩溃的空闲连接。", "保活计时器的作用是什么？", Form.PURPOSE),
    ("TCP 首部分为固定部分和选项部分。", "TCP 首部分为哪些？", Form.PARTS),
    ("TCP 与 UDP 的区别在于是否建立连接。", "TCP 与 UDP 有什么区别？", Form.COMPARISON),
    ("SYN 报文消耗一个序号，ACK 报文不消耗序号。", "SYN 报文消耗一个序号，会怎样？", None),
    ("当发送方连续收到三个重复确认时，立即重传缺失的报文段。", "当发送方连续收到三个重复确认时，会怎样？", Form.CONDITION),
    ("如果接收窗口降为零，发送方暂停发送并定时探测。", "如果接收窗口降为零，会怎样？", Form.CONDITION),
    ("因为旧连接的报文可能还在网络中游荡，所以主动关闭方要等待 2MSL。", "为什么主动关闭方要等待 2MSL？", Form.CAUSE),
    ("TCP 首部的固定部分长 20 字节。", "TCP 首部的固定部分长多少字节？", Form.QUANTITY),
    ("接收方维护一个接收缓存，用来暂存失序到达的报文段。", "接收方维护什么？", Form.ACTION),
]
ENGLISH = [
    ("Segments that arrive out of order wait in a buffer. This is called reassembly.", "What is reassembly?",
     Form.NAMING),
    ("The persist timer is a timer that probes a peer which advertised a zero window.", "What is the persist timer?",
     Form.DEFINITION),
    ("The urgent pointer is used to mark where urgent data ends.", "What is the urgent pointer used for?",
     Form.PURPOSE),
    ("A TCP header consists of a fixed part and optional fields.", "What does a TCP header consist of?", Form.PARTS),
    ("Unlike UDP, TCP keeps state for every connection.", "How does TCP differ from UDP?", Form.COMPARISON),
    ("When the sender sees three duplicate ACKs, it retransmits the missing segment.",
     "What happens when the sender sees three duplicate ACKs?", Form.CONDITION),
    ("The sender halves its window because a loss signals congestion.", "Why does the sender halve its window?",
     Form.CAUSE),
    ("The client must wait because old segments may still be in flight.",
     "Why must the client wait?", Form.CAUSE),
    ("The fixed TCP header is 20 bytes long.", "The fixed TCP header is how many bytes long?", Form.QUANTITY),
    ("The receiver advertises a window of free buffer space.", "What does the receiver advertise?", Form.ACTION),
    ("Retransmissions are triggered by a timeout.", "What are retransmissions triggered by?", Form.ACTION),
]


@pytest.mark.parametrize(("sentence", "question", "form"), CHINESE + ENGLISH)
def test_a_sentence_asks_the_question_of_its_shape(sentence: str, question: str, form: Form | None) -> None:
    asked = ask(sentence)
    if form is None:  # no shape: "SYN 报文消耗……" states, it gives no reason, condition or name
        assert asked is None
        return
    assert asked is not None and (asked.text, asked.form) == (question, form)


@pytest.mark.parametrize("sentence", [
    "它是发送方维护的一个变量。",  # a pronoun names nothing to ask about
    "但是接收方总是有足够大的缓存空间。",  # "总是" is no definition
    "数据是单向传送的。",  # "是……的" describes; it does not define
    "It is a timer that probes the peer.",
    "Sliding window that allows W bytes in flight",  # a subject with a clause in it
    "Get the average throughput over N flows.",  # an instruction has no subject
    "The spacing between acks tells the sender the bottleneck rate.",  # "acks" here is a noun
    "The weight of old samples decreases exponentially.",  # no object to ask for
    "On average, the window sits at three quarters of its peak.",  # "on average" is no condition
    "Since the sender keeps no copy, it needs the receiver to say what arrived.",  # a reason clause first
])
def test_sentences_without_a_subject_to_ask_about_are_not_asked(sentence: str) -> None:
    assert ask(sentence) is None


def test_a_subject_that_names_only_an_aspect_is_led_by_its_heading() -> None:
    asked = ask("The main idea is to keep segments in flight while a loss is repaired.")
    assert asked is not None and asked.text == "What is the main idea?" and asked.subject is None
    asked = ask("Transmission Control Protocol is a reliable byte-stream protocol.")
    assert asked is not None and asked.text == "What is Transmission Control Protocol?"


def test_asides_and_answers_stay_out_of_the_question() -> None:
    asked = ask("重传超时（RTO，由平滑往返时间和偏差算出）是发送方等待确认的最长时间。")
    assert asked is not None and asked.text == "什么是重传超时？"
    asked = ask("当拥塞窗口达到门限值时（此时窗口已翻倍多次），改用拥塞避免。")
    assert asked is not None and asked.text == "当拥塞窗口达到门限值时，会怎样？"
    assert "拥塞避免" not in asked.text


def test_a_later_sentence_asks_only_when_it_names_what_came_before() -> None:
    # the first sentence has no shape; the second defines something else: not asked by it
    assert ask("报文在网络里逗留。滑动窗口是发送方可以连续发送的范围。") is None
    asked = ask("丢失的报文段在三个重复确认后立即重传。这就是快速重传。")
    assert asked is not None and asked.text == "什么是快速重传？"


NOTE = """# 传输层笔记

## 流量控制

接收方维护一个接收缓存，用来暂存失序到达的报文段。

如果接收窗口降为零，发送方暂停发送并定时探测。

## Timers

The persist timer is a timer that probes a peer which advertised a zero window.

If three duplicate ACKs arrive, the sender retransmits the missing segment at once.
"""


def test_fact_cards_ask_in_the_note_language_and_stand_alone() -> None:
    found = {front(card): card for card in cards(NOTE)}
    # a question that does not name its subject is led by its heading; one that names it stands alone
    assert "流量控制 · 如果接收窗口降为零，会怎样？" in found
    assert "流量控制 · 接收方维护什么？" in found
    assert "What is the persist timer?" in found
    assert "Timers · What happens if three duplicate ACKs arrive?" in found
    asked = [card for card in found.values() if card.kind is not CardKind.EXPLAIN]  # the section cards aside
    assert len(asked) == 4 and all(card.kind is CardKind.BASIC for card in asked)
    assert all(back(card) not in front(card) for card in asked)  # the front never holds the answer
    assert back(found["What is the persist timer?"]).startswith("The persist timer is a timer")


def test_a_question_keeps_the_key_its_sentence_had() -> None:
    """The key names the sentence by its opening and the kind it was first asked as, as
    before fronts were questions: a deck imported with the old fronts keeps each card's history."""
    card = next(c for c in cards(NOTE) if "会怎样" in c.front)
    assert card.key.startswith("file:note.md::/传输层笔记/流量控制::cloze::流量控制 · 如果接收窗口降为零")
    assert "会怎样" not in card.key


def test_a_card_imported_with_its_old_front_keeps_its_history(tmp_path: Path) -> None:
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    deck = parse(NOTE)
    asked = next(c for c in deck.cards if "会怎样" in c.front)
    # the same card as the importer wrote it before: a cloze asking by the sentence's opening
    old = replace(asked, kind=CardKind.CLOZE, front="流量控制 · 如果接收窗口降为零，……")
    earlier = replace(deck, cards=tuple(old if c.key == asked.key else c for c in deck.cards))
    with Store.open(tmp_path / "t.db") as store:
        store.sync(earlier, now)
        card_id = next(c.id for c in store.cards() if c.key == asked.key)
        store.record_answer(card_id, 5, now=now, session_id="s", scheduled=True)
        result = store.sync(deck, now)
        assert (result.new, result.updated, result.retired) == (0, 1, 0)
        card = next(c for c in store.cards() if c.key == asked.key)
        assert card.id == card_id and card.schedule.repetitions == 1
        assert card.front.endswith("会怎样？") and card.kind == CardKind.BASIC


def test_steps_ask_what_they_answer() -> None:
    note = "## 快速恢复的过程\n\n1. 当收到第三个重复确认时，把门限设为窗口的一半。\n2. 窗口减半后继续发送新数据。\n"
    steps = [front(card) for card in cards(note) if card.kind is CardKind.STEP]
    # A step of a process is asked by its trigger, else by the step before it (freeform._step_by_content).
    assert steps == ["快速恢复的过程 · 当收到第三个重复确认时，怎么做？",
                     "快速恢复的过程 · 「当收到第三个重复确认时，把门限设为窗口的一半」之后是哪一步？"]


# (term, the question a learner asks of `term：definition`): each worked out by hand.
@pytest.mark.parametrize(("term", "chinese", "question"), [
    ("保活计时器", True, "保活计时器是什么？"),
    ("RST", True, "RST 是什么？"),  # a Latin name is spaced from the Chinese after it
    ("若接收窗口为 0", True, "若接收窗口为 0，会怎样？"),  # a case asks what happens in it
    ("重传的判断依据是", True, "重传的判断依据是什么？"),  # a term that ends in its verb lacks its object
    ("检测", True, "如何检测？"),  # a label naming an action asks how it is done
    ("persist timer", False, "What is the persist timer?"),
    ("SACK blocks", False, "What are SACK blocks?"),
    ("Solution", False, "What is the solution?"),
    ("Detection", False, "How is it detected?"),
    ("If the window is zero", False, "What happens if the window is zero?"),
    ("3 dupACKs", False, "3 dupACKs"),  # a case named by a count: not a term with a meaning
    ("确认客户机与服务器的接收与发送功能都正常", True, "确认客户机与服务器的接收与发送功能都正常"),  # a clause
    ("为什么要等待？", True, "为什么要等待？"),  # already a question
])
def test_a_term_is_asked_as_a_question(term: str, chinese: bool, question: str) -> None:
    assert term_question(term, chinese) == question


def test_definition_cards_ask_about_their_term_and_keep_their_keys() -> None:
    note = "## 计时器\n\n- 坚持计时器：收到零窗口通告后定时探测对端\n\n## Timers\n\n- keepalive timer: probes an idle peer\n"
    found = {front(card): card for card in cards(note)}
    assert back(found["坚持计时器是什么？"]) == "收到零窗口通告后定时探测对端"  # its heading is in its name
    english = found["Timers · What is the keepalive timer?"]
    assert back(english) == "probes an idle peer"
    # the key names the term, not the question: a note imported before keeps each card's history
    assert english.key.endswith("::definition::keepalive timer")


@pytest.mark.parametrize(("table", "question", "answer"), [
    ("|  | 流量控制 | 拥塞控制 |\n|---|---|---|\n| 对象 | 接收方 | 网络 |\n",
     "流量控制和拥塞控制在对象上有何区别？", "流量控制：接收方\n拥塞控制：网络"),
    ("| 特性 | TCP | UDP |\n|---|---|---|\n| 首部 | 20 字节起 | 8 字节 |\n",
     "TCP 和 UDP 在首部上有何区别？", "TCP：20 字节起\nUDP：8 字节"),
    ("| Aspect | Go-Back-N | Selective Repeat |\n|---|---|---|\n| Receiver buffer | none | per packet |\n",
     "How do Go-Back-N and Selective Repeat differ in receiver buffer?", "Go-Back-N：none\nSelective Repeat：per packet"),
])
def test_a_row_of_a_side_by_side_table_asks_how_the_columns_differ(table: str, question: str, answer: str) -> None:
    found = {front(card): card for card in cards(table)}
    assert back(found[question]) == answer


def test_a_table_of_terms_and_meanings_is_not_a_comparison() -> None:
    found = {front(card): card for card in cards("| 状态 | 含义 |\n|---|---|\n| LISTEN | 等待连接请求 |\n")}
    assert back(found["LISTEN 是什么？"]) == "等待连接请求"


@pytest.mark.parametrize(("table", "question", "answer"), [
    # the rows are the steps of a process: the number says which step, the next cell names it
    ("## 四次挥手\n\n| # | 报文 | 状态 |\n|---|---|---|\n| 1 | FIN | FIN-WAIT-1 |\n| 2 | ACK | CLOSE-WAIT |\n",
     "四次挥手 · 第 2 步（报文 ACK）：状态是什么？", "状态：CLOSE-WAIT"),
    ("## Handshake\n\n| Step | Sender | Flags |\n|---|---|---|\n| 1 | client | SYN |\n| 2 | server | SYN, ACK |\n",
     "Handshake · Step 2 (Sender server): what is its Flags?", "Flags：SYN, ACK"),
    # not a process: the number names nothing, and it is left out of the question
    ("## Ports\n\n| No. | Service | Port |\n|---|---|---|\n| 1 | SSH | 22 |\n| 2 | HTTP | 80 |\n",
     "Ports · Service HTTP: what is its Port?", "Port：80"),
    # a matrix of marks asks which of its columns hold once the step is done
    ("## 三次握手\n\n| 序号 | 方向 | 客户端能发 | 服务器能收 |\n|---|---|---|---|\n| 1 | C -> S |  | ✔ |\n",
     "三次握手 · 第 1 步（方向 C -> S）之后，哪些为 ✔？", "服务器能收：✔"),
])
def test_a_numbered_row_is_asked_by_the_cell_that_names_it(table: str, question: str, answer: str) -> None:
    found = {front(card): card for card in cards(table)}
    assert back(found[question]) == answer
    assert not any("序号 1" in text or "No. 1" in text for text in found)


@pytest.mark.parametrize(("sentence", "question"), [
    ("The receiver repeats its last ACK because a segment arrived out of order.", "Why does the receiver repeat its last ACK?"),
    ("The listener has a backlog limit because each half-open connection costs memory.",
     "Why does the listener have a backlog limit?"),
    # no subject to ask about: "Why is it that you might think……?" would only restate the sentence
    ("You might find this odd because nothing was sent yet.", None),
    ("This segment carries a number because every segment needs one.", None),  # "this" leans on another sentence
])
def test_a_reason_is_asked_by_its_subject_and_verb(sentence: str, question: str | None) -> None:
    asked = ask(sentence)
    assert (asked.text if asked else None) == question
    assert asked is None or not asked.text.startswith("Why is it that")


def test_a_description_is_not_asked_as_a_definition() -> None:
    # "X 是……的" in the first clause describes X; the clause after it does not make it a definition
    assert ask("报文是按序交付的，接收方会丢弃重复的报文。") is None
    asked = ask("拥塞窗口是发送方维护的一个变量，随网络的拥塞程度变化。")
    assert asked is not None and asked.text == "什么是拥塞窗口？"


def test_a_term_marked_in_the_sentence_that_defines_it_is_asked_not_hidden() -> None:
    note = ("## 控制\n\n**拥塞控制**是防止过多的数据注入到网络中的机制。\n\n"
            "流量控制让发送方的速率与接收方的处理能力相匹配，避免接收缓存溢出。\n\n"
            "## Control\n\n**Flow control** is a speed-matching service between sender and receiver.\n\n"
            "Congestion control keeps senders from overwhelming the routers between them.\n")
    found = {front(card): card for card in cards(note)}
    assert back(found["什么是拥塞控制？"]) == "拥塞控制是防止过多的数据注入到网络中的机制。"
    assert back(found["What is flow control?"]).startswith("Flow control is a speed-matching service")
    assert not [text for text in found if text.startswith("[…]") or "· […]" in text]  # the term is not hidden


@pytest.mark.parametrize(("sentence", "question"), [
    ("主动方发送 FIN 只是代表它不再发送数据，仍然可以接收。", "主动方发送 FIN 代表什么？"),  # "只是代表" is "代表"
    ("当接收方的窗口降为零时：发送方停止发送并启动坚持计时器。", "当接收方的窗口降为零时，会怎样？"),  # a colon ends it too
    ("服务器并不知道客户端是否还需要连接，因此要等待。", None),  # a clause is no subject to ask about
])
def test_chinese_shapes_written_in_other_words(sentence: str, question: str | None) -> None:
    asked = ask(sentence)
    assert (asked.text if asked else None) == question


def test_a_sentence_of_its_own_shape_is_not_hidden_behind_the_one_before_it() -> None:
    # two sentences short enough to share a card, but the second states its own fact
    note = ("## 关闭\n\n连接的两个方向由双方各自关闭，一方说完了另一方可能还有数据要发，所以关闭要分开进行，需要四次报文交换。"
            "主动方发送 FIN 只是代表它不再发送数据，仍然可以接收。被动方的应用读完数据并关闭后，它才发出自己的 FIN。\n")
    found = {front(card): card for card in cards(note)}
    assert back(found["主动方发送 FIN 代表什么？"]) == "主动方发送 FIN 只是代表它不再发送数据，仍然可以接收。"


def test_a_front_does_not_point_at_a_picture_it_does_not_show() -> None:
    note = ("## 快重传\n\n如下图所示，接收方收到失序的报文段后立即发出重复确认，不等待捎带。\n\n"
            "发送方一连收到三个重复确认，就立即重传对方尚未收到的报文段，而不必等待重传计时器到期。\n\n"
            "## Fast retransmit\n\nAs shown below, the sender resends the segment after three duplicate ACKs arrive.\n\n"
            "The receiver sends a duplicate ACK for every segment that arrives out of order, at once.\n")
    found = cards(note)
    asked = [card for card in found if card.kind is not CardKind.EXPLAIN]
    assert asked and not [c for c in asked if "如下图" in c.front or "shown below" in c.front.lower()]
    assert any(back(card).startswith("如下图所示，接收方") for card in asked)  # the answer keeps the note's words


def test_a_sentence_that_points_back_stays_with_the_one_it_points_at() -> None:
    note = ("## Duplex\n\nA TCP connection carries data in both directions at once between its two endpoints. "
            "This means that each side can send application data while it also receives data from the other.\n")
    fronts = [front(card) for card in cards(note)]
    assert not [text for text in fronts if "This means" in text]


@pytest.mark.parametrize(("sentence", "question"), [
    # what a mechanism can do, or makes happen, is its role
    ("坚持计时器使零窗口之后的窗口通告不会永远丢失。", "坚持计时器的作用是什么？"),
    ("保活计时器可检测到空闲连接的对端已经崩溃。", "保活计时器的作用是什么？"),
    ("重传计时器使用于等待对端确认的报文段。", "重传计时器的作用是什么？"),  # "使用于" is "用于", not "使用"
    ("往返时间估计器测量报文段发出到确认返回的时间。", "往返时间估计器测量什么？"),
    ("发送方可以在收到确认之前继续发送窗口内的数据。", None),  # a side acting is no mechanism's role
])
def test_a_role_is_asked_as_what_the_mechanism_is_for(sentence: str, question: str | None) -> None:
    asked = ask(sentence)
    assert (asked.text if asked else None) == question


@pytest.mark.parametrize(("sentence", "question"), [
    ("It takes four packets to clear a TCP connection.", "How many packets does it take to clear a TCP connection?"),
    # "In this method," leans on the heading, which leads the front: the count is asked
    ("In this method, three packets are required to open a connection.", "How many packets are required to open a connection?"),
    ("A connection is half-open when one host has closed it without the other knowing.", "When is a connection half-open?"),
    ("To keep old duplicates out of a new connection, the closer waits for twice the MSL.",
     "Why does the closer wait for twice the MSL?"),
])
def test_english_counts_states_and_goals(sentence: str, question: str) -> None:
    asked = ask(sentence)
    assert asked is not None and asked.text == question


def test_a_one_word_term_keeps_its_capital() -> None:
    assert term_question("Listen", False) == "What is Listen?"  # the name of a state, not the verb
    assert term_question("Persist timer", False) == "What is the persist timer?"


@pytest.mark.parametrize(("sentence", "question"), [
    ("UDP 不做拥塞控制，所以 UDP 的发送速率不受网络状况限制。", "为什么 UDP 的发送速率不受网络状况限制？"),
    # "为什么它……？" would lean on what is not asked: whether UDP does is asked instead
    ("UDP 不做拥塞控制，所以它的发送速率不受网络状况限制。", "UDP 是否做拥塞控制？"),
    ("通信双方都要确认对方能收能发，因此建立连接需要三次握手。", "为什么建立连接需要三次握手？"),
])
def test_a_reason_before_its_effect_is_asked_without_because(sentence: str, question: str | None) -> None:
    asked = ask(sentence)
    assert (asked.text if asked else None) == question


@pytest.mark.parametrize(("lead_in", "question"), [
    ("TCP 的特点包括", "TCP 的特点包括哪些？"),
    ("拥塞控制的方法有以下几种", "拥塞控制的方法有哪几种？"),
    ("它的用法如下", "它的用法是什么？"),
    ("The main tasks of the transport layer include", "What do the main tasks of the transport layer include?"),
    ("The timers TCP keeps are", "What are the timers TCP keeps?"),
    ("TCP 发送报文段的时机", "TCP 发送报文段的时机"),  # a name for the list: it stays as written
])
def test_a_lead_in_asks_what_its_list_answers(lead_in: str, question: str) -> None:
    assert lead_in_question(lead_in) == question


def test_a_list_asked_by_its_lead_in_keeps_its_key() -> None:
    note = "## 传输层\n\nTCP 的特点包括：\n\n- 面向连接\n- 可靠交付\n- 面向字节流\n"
    card = next(card for card in cards(note) if card.kind is CardKind.EXPLAIN and "哪些" in front(card))
    assert front(card) == "传输层 · TCP 的特点包括哪些？"
    assert card.key.endswith("::list:传输层 · tcp 的特点包括")  # the lead-in as written, as before


def test_a_reworded_front_keeps_the_key_of_the_card_it_was() -> None:
    """A defined term once hidden in a cloze, and a sentence once asked with its pointer at a
    picture, keep the keys those cards had: a deck imported before keeps their history."""
    note = ("## 控制\n\n**拥塞控制**是防止过多的数据注入到网络中的机制。\n\n"
            "如下图所示，接收方收到失序的报文段后立即发出重复确认，不等待捎带，发送方据此尽早重传。\n\n"
            "流量控制让发送方的速率与接收方的处理能力相匹配，避免接收缓存溢出。\n")
    found = {front(card): card for card in cards(note)}
    defined = found["什么是拥塞控制？"]
    # the keys the cards had before (as the previous importer made them)
    assert defined.key == "file:note.md::/控制::cloze::控制 · [...]是防止过多的数据注入到网络中的机制"
    pointed = next(card for text, card in found.items() if text.startswith("控制 · 接收方收到失序的报文段后"))
    assert pointed.key == "file:note.md::/控制::cloze::控制 · 如下图所示,接收方收到失序的报文段后立即发出重复确认,"


@pytest.mark.parametrize(("sentence", "question"), [
    ("对每一条新连接，设 rwnd 为 4 个报文段，cwnd 为 1 个报文段。", "对每一条新连接，设 rwnd 和 cwnd 各为多少？"),
    ("At the start rwnd is 4 segments and cwnd is 1 segment.", "At the start, what are rwnd and cwnd?"),
    # one value set: asked for that value by its unit, as before
    ("对每一条新连接，设 cwnd 为 1 个报文段。", "对每一条新连接，设 cwnd 为多少个报文段？"),
])
def test_two_variables_set_in_one_sentence_are_asked_together(sentence: str, question: str) -> None:
    # before, only the first value was asked ("rwnd 为多少个报文段？") and the second was in the answer unasked
    asked = ask(sentence)
    assert asked is not None and asked.text == question
