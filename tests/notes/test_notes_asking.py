"""What a card asks: the question a learner would ask of the text it holds, not the text
seen from another angle (questions.py, facts.py, freeform.py). Each note and sentence
here is written for these tests; each expected front is worked out by hand from the rule."""

from __future__ import annotations

import pytest

from tcpquiz.cards import CardKind
from tcpquiz.notes.questions import Form, ask, lead_in_question

from .conftest import back, cards, front

# A second paragraph: a section of one short paragraph is asked whole, by its heading.
OTHER_ZH = "接收方对按序到达的报文段逐个发送确认，告诉发送方下一个期望的序号。\n"
OTHER_EN = "The receiver acknowledges each segment that arrives in order with the next byte it expects.\n"

# -- a condition that sets a variable asks how it is set ----------------------------------------

# (sentence, the question a learner asks of it): what the condition changes is named.
SETTINGS = [
    ("当发生超时时，将门限 ssthresh 设为当前窗口的一半，并置 cwnd 为 1。", "当发生超时时，ssthresh 和 cwnd 如何设置？"),
    ("如果收到三个重复确认，则 ssthresh 被设置为 cwnd 的一半。", "如果收到三个重复确认，ssthresh 如何设置？"),
    ("当收到一个新的确认时，把拥塞窗口增加一个报文段。", "当收到一个新的确认时，拥塞窗口如何变化？"),
    ("If the retransmission timer expires, ssthresh is set to half the flight size and cwnd is set to one segment.",
     "If the retransmission timer expires, how are ssthresh and cwnd set?"),
    ("When a new ACK arrives in slow start, cwnd is increased by one segment.",
     "When a new ACK arrives in slow start, how does cwnd change?"),
]


@pytest.mark.parametrize(("sentence", "question"), SETTINGS)
def test_a_condition_that_sets_a_variable_asks_how_it_is_set(sentence: str, question: str) -> None:
    asked = ask(sentence)
    assert asked is not None and asked.text == question and asked.form is Form.CONDITION


def test_a_condition_that_sets_nothing_named_still_asks_what_happens() -> None:
    asked = ask("当接收窗口为零时，发送方停止发送并启动坚持计时器。")
    assert asked is not None and asked.text == "当接收窗口为零时，会怎样？"
    asked = ask("If the peer stops answering, the connection is reset by the sender.")
    assert asked is not None and asked.text == "What happens if the peer stops answering?"
    # three variables are a procedure to recite, not one fact: asked as before
    asked = ask("当发生超时时，将 ssthresh 设为一半，将 cwnd 设为 1，将 RTO 加倍。")
    assert asked is not None and asked.text == "当发生超时时，会怎样？"


def test_a_reworded_condition_keeps_its_key() -> None:
    note = f"## 拥塞处理\n\n当发生超时时，将门限 ssthresh 设为当前窗口的一半，并置 cwnd 为 1。\n\n{OTHER_ZH}"
    card = next(c for c in cards(note) if c.kind is CardKind.BASIC)
    assert front(card) == "拥塞处理 · 当发生超时时，ssthresh 和 cwnd 如何设置？"
    # the key names the sentence as it was first asked, by its opening: the history stays
    assert "如何设置" not in card.key and "当发生超时时" in card.key


# -- a marked name asks what it means, not for the name -----------------------------------------


@pytest.mark.parametrize(("note", "question"), [
    (f"## 重传\n\n发送方一连收到三个重复确认就立刻重传缺失的报文段，不等计时器到期。这种做法叫做**快重传**。\n\n{OTHER_ZH}",
     "什么是快重传？"),
    ("## Retransmission\n\nThe sender resends the missing segment as soon as three duplicate ACKs arrive. "
     f"This is called **fast retransmit**.\n\n{OTHER_EN}", "What is fast retransmit?"),
])
def test_a_name_in_bold_is_asked_by_its_meaning(note: str, question: str) -> None:
    found = cards(note)
    card = next(c for c in found if front(c) == question)
    assert "三个重复确认" in back(card) or "three duplicate ACKs" in back(card)
    assert not [c for c in found if "[…]" in c.front]  # no cloze shows the paragraph and hides the name


def test_a_bold_word_that_is_not_the_name_is_still_a_cloze() -> None:
    found = cards(f"## 重传\n\n重传计时器到期后，发送方把 RTO **加倍**再重传。\n\n{OTHER_ZH}")
    assert [c.kind for c in found if "[…]" in c.front] == [CardKind.CLOZE]


# -- a step of a protocol asks what its actor does ------------------------------------------------


def test_a_step_that_opens_with_its_actor_asks_what_the_actor_does() -> None:
    found = cards("## 连接释放\n\n1. A 发出 FIN 报文，进入 FIN-WAIT-1\n2. B 回复 ACK，进入 CLOSE-WAIT\n"
                  "3. B 发出自己的 FIN，进入 LAST-ACK\n")
    steps = [(front(c), back(c)) for c in found if c.kind is CardKind.STEP]
    assert steps == [
        ("连接释放 · 第 1 步（共 3 步），A 做什么？", "A 发出 FIN 报文，进入 FIN-WAIT-1"),
        ("连接释放 · 第 2 步（共 3 步），B 做什么？", "B 回复 ACK，进入 CLOSE-WAIT"),
        ("连接释放 · 第 3 步（共 3 步），B 做什么？", "B 发出自己的 FIN，进入 LAST-ACK"),
    ]
    found = cards("## Connection setup\n\n1. The client sends a SYN.\n2. The server (passive side) answers with SYN+ACK.\n")
    assert [front(c) for c in found if c.kind is CardKind.STEP] == [
        "Connection setup · step 1 of 2: what does the client do?",
        "Connection setup · step 2 of 2: what does the server do?",
    ]


def test_a_step_keeps_its_key_when_asked_by_its_actor() -> None:
    found = cards("## 连接释放\n\n1. A 发出 FIN 报文\n2. B 回复 ACK\n")
    assert [c.key.rsplit("::", 1)[1] for c in found if c.kind is CardKind.STEP] == ["step-1", "step-2"]


# -- a purpose is not asked as a cause; an assumption is no topic ----------------------------------


def test_a_purpose_is_not_asked_for_the_harm_it_averts() -> None:
    # "防止 X，因而 Y": Y is the harm X would do, not an effect the sentence explains
    assert ask("防止迟到的旧连接请求又被服务器接受，因而白白占用服务器的资源。") is None
    asked = ask("旧的请求可能迟到，所以服务器要先确认对方确实想建立连接。")
    assert asked is not None and asked.text == "为什么服务器要先确认对方确实想建立连接？"


@pytest.mark.parametrize("word", ["Assume", "Suppose", "假设"])
def test_an_assumption_line_is_no_section_title(word: str) -> None:
    note = (f"## Throughput\n\nWe derive the average rate of one flow.\n\n{word}:\n\n- losses happen at the peak window\n"
            "- no timeouts occur\n\nThe window swings between half the peak and the peak, so it averages three quarters of it.\n")
    titles = {c.front.split(" · ")[0] for c in cards(note)}
    assert titles == {"Throughput"}, titles


# -- a procedure named by a term asks what it sets; a means asks for its goal ----------------------


@pytest.mark.parametrize(("note", "question"), [
    ("## 拥塞控制的方法\n\n- 慢开始：先将 cwnd 置为 1 个报文段，每收到一个确认就把 cwnd 加 1\n"
     "- 快恢复：收到三个重复确认后，将 ssthresh 直接减半，设置 cwnd = ssthresh\n", "拥塞控制的方法 · 慢开始如何设置 cwnd？"),
    ("## 拥塞控制的方法\n\n- 慢开始：先将 cwnd 置为 1 个报文段，每收到一个确认就把 cwnd 加 1\n"
     "- 快恢复：收到三个重复确认后，将 ssthresh 直接减半，设置 cwnd = ssthresh\n",
     "拥塞控制的方法 · 快恢复如何设置 ssthresh 和 cwnd？"),
    ("## Congestion control\n\n- Slow start: cwnd is set to one segment, then doubled every round trip\n"
     "- Congestion avoidance: cwnd grows by one segment every round trip\n",
     "Congestion control · How does slow start set cwnd?"),
])
def test_a_term_over_a_procedure_asks_what_it_sets(note: str, question: str) -> None:
    assert question in [front(c) for c in cards(note)]


def test_a_term_over_a_definition_is_still_asked_what_it_is() -> None:
    found = [front(c) for c in cards("## 标志位\n\n- URG：紧急指针字段有效\n- ACK：确认号字段有效\n")]
    assert "标志位 · URG 是什么？" in found


def test_a_means_to_an_end_asks_how_the_end_is_reached() -> None:
    asked = ask("The receiver uses the window field to tell the sender how much it may send.")
    assert asked is not None and asked.text == "How does the receiver tell the sender how much it may send?"
    assert asked.form is Form.MEANS
    asked = ask("TCP uses sequence numbers to be reliable.")  # "How does TCP be reliable?" is no question
    assert asked is None or not asked.text.startswith("How does TCP be")


# -- a test between two cases asks which; a case label asks its case ------------------------------


@pytest.mark.parametrize(("sentence", "question"), [
    ("如果 cwnd 小于 ssthresh，则处于慢启动阶段，否则处于拥塞避免阶段。", "如何判断处于慢启动阶段还是拥塞避免阶段？"),
    ("如果收到确认，则发送下一个报文段，否则等待超时后重传。", "什么时候发送下一个报文段，什么时候等待超时后重传？"),
    ("If cwnd is below ssthresh, the sender is in slow start, otherwise it is in congestion avoidance.",
     "What decides whether the sender is in slow start or it is in congestion avoidance?"),
])
def test_an_either_or_condition_asks_which_case_holds(sentence: str, question: str) -> None:
    asked = ask(sentence)
    assert asked is not None and asked.text == question and asked.keyed is not None


@pytest.mark.parametrize(("label", "case"), [("异常情况", "如果 B 在 2MSL 内没有收到 A 的确认，会怎样？"),
                                             ("Edge case", "What happens if B gets no ACK within 2MSL?")])
def test_a_case_label_asks_the_case_it_names(label: str, case: str) -> None:
    said = ("如果 B 在 2MSL 内没有收到 A 的确认，就重发 FIN" if label == "异常情况"
            else "If B gets no ACK within 2MSL, it sends its FIN again")
    note = f"## 关闭\n\n- 正常情况下 A 等待 2MSL 后关闭，确保最后的 ACK 能到达\n- {label}：{said}\n"
    assert f"关闭 · {case}" in [front(c) for c in cards(note)]


# -- a lead-in that announces reasons asks why; a purpose verb opens no subject ---------------------


@pytest.mark.parametrize(("lead_in", "question"), [
    ("主动关闭方要等待 2MSL，主要有两个原因：", "为什么主动关闭方要等待 2MSL？"),
    ("Receivers delay their ACKs for two reasons:", "Why do receivers delay their ACKs?"),
    ("The receiver delays its ACK for two reasons:", "Why does the receiver delay its ACK?"),
    ("主要有三个原因：", "主要有三个原因："),  # what the reasons are for is in the heading, not here
])
def test_a_lead_in_that_announces_reasons_asks_why(lead_in: str, question: str) -> None:
    assert lead_in_question(lead_in) == question


def test_a_purpose_verb_opens_no_subject() -> None:
    # "确保最后的 ACK 报文能够到达": not "确保最后的 ACK 报文的作用是什么？"
    asked = ask("确保最后的 ACK 报文能够到达对方，使对方正常关闭连接。")
    assert asked is None or "确保" not in asked.text


def test_an_aspect_label_over_a_condition_asks_the_condition() -> None:
    note = ("## Fair sharing\n\n**Main idea:** if a flow cannot use its share, the spare capacity goes to the others.\n\n"
            "Each router keeps one queue per flow.\n")
    assert "Fair sharing · What happens if a flow cannot use its share?" in [front(c) for c in cards(note)]


def test_a_condition_whose_next_sentence_sets_variables_asks_how_they_are_set() -> None:
    asked = ask("当 cwnd 增长到 32 时，发生了超时。于是把 ssthresh 设为 16，同时把 cwnd 设为 1。")
    assert asked is not None and asked.text == "当 cwnd 增长到 32 时，ssthresh 和 cwnd 如何设置？"
    assert asked.keyed == "当 cwnd 增长到 32 时，会怎样？"  # the card keeps the key of its first wording


def test_a_rule_that_changes_a_variable_is_asked_by_it() -> None:
    asked = ask("慢开始规定，每收到一个新的确认，就把拥塞窗口增加一个报文段。")
    assert asked is not None and asked.text == "慢开始规定拥塞窗口如何变化？" and asked.keyed == "慢开始规定了什么？"


@pytest.mark.parametrize(("sentence", "question"), [
    ("慢开始的“慢”并不是指窗口增长得慢，而是指开始时只发送一个报文段。", "慢开始的“慢”指的是什么？"),
    ("Flow control does not mean limiting the network, but keeping the receiver from overflowing.",
     "What does flow control mean?"),
])
def test_a_meaning_set_against_a_wrong_one_asks_what_it_means(sentence: str, question: str) -> None:
    asked = ask(sentence)
    assert asked is not None and asked.text == question and asked.form is Form.DEFINITION
