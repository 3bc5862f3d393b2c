"""Fronts a learner can answer from the front alone, for structures many notes share:
a verb-noun idiom is asked whole ("keeps track of"), a plural subject is not read as a verb,
a label that opens with a preposition ("对于握手") is no term, and a lead-in that only
counts ("主要有两个原因") is no topic. Each keeps the key the card had before it was asked
better, so its history stays. The notes are written for these tests; the expected
questions are worked out by hand."""

from __future__ import annotations

import pytest

from tcpquiz.cards import CardKind as K
from tcpquiz.notes.questions import ask, counts_only, gloss_question, term_question

from .conftest import back, cards, find, front

# -- idioms -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "asked", "keyed"), [
    ("The receiver keeps track of segments that arrived out of order.",
     "What does the receiver keep track of?", "What does the receiver keep?"),
    ("The receiver will keep track of gaps in the sequence space.",
     "What will the receiver keep track of?", "What will the receiver keep?"),
    ("接收方负责把乱序到达的报文段按序号排好再交给应用。", "接收方负责什么？", "接收方的作用是什么？"),
])
def test_an_idiom_is_asked_whole(sentence: str, asked: str, keyed: str) -> None:
    question = ask(sentence)
    assert question is not None and question.text == asked
    assert question.keyed == keyed  # the wording it was keyed by before: its history stays


def test_a_verb_with_its_own_object_is_not_an_idiom() -> None:
    question = ask("The sender keeps a copy of every segment until it is acknowledged.")
    assert question is not None and question.text == "What does the sender keep?" and question.keyed is None


def test_idiom_cards_in_a_note() -> None:
    found = cards("# Reliable delivery\n\nThe receiver keeps track of segments that arrived out of order. "
                  "The sender keeps track of the bytes it has sent but not yet seen acknowledged.\n")
    card = find(found, K.BASIC, "Reliable delivery · What does the receiver keep track of?")
    assert back(card) == "The receiver keeps track of segments that arrived out of order."
    find(found, K.BASIC, "Reliable delivery · What does the sender keep track of?")


# -- a plural subject is not a verb ----------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "asked"), [
    ("The ISN is hard to guess, because operating systems pick it from a clock and a secret.",
     "Why is the ISN hard to guess?"),
    ("Operating systems pick the ISN from a clock, because a fixed ISN would let old segments be accepted.",
     "Why do operating systems pick the ISN from a clock?"),
    ("Short flows never leave slow start, because they end before the window grows.",
     "Why do short flows never leave slow start?"),
    # a verb in "-s" before its object is still read as the verb
    ("The sender halves its window, because a loss signals congestion.", "Why does the sender halve its window?"),
    ("The sender uses send buffers, because the data may have to be sent again.",
     "Why does the sender use send buffers?"),
])
def test_a_plural_subject_is_asked_with_do(sentence: str, asked: str) -> None:
    question = ask(sentence)
    assert question is not None and question.text == asked


# -- labels that open with a preposition ---------------------------------------------------------


@pytest.mark.parametrize(("label", "chinese", "asked"), [
    ("对于握手", True, "关于握手，要点是什么？"),
    ("关于重传", True, "关于重传，要点是什么？"),
    ("Regarding the handshake", False, "What is the key point about the handshake?"),
    ("For retransmission", False, "What is the key point about retransmission?"),
    # a term that only starts like a preposition is still a term
    ("就绪队列", True, "就绪队列是什么？"),
    ("Forward ACK", False, "What is Forward ACK?"),
])
def test_a_preposition_label_is_no_term(label: str, chinese: bool, asked: str) -> None:
    assert term_question(label, chinese) == asked


def test_preposition_labels_in_a_note_keep_their_keys() -> None:
    found = cards("# 传输层\n\n- 对于重传：发送方在计时器到期后重发最早那个未确认的报文段。\n"
                  "- 对于窗口：接收方在每个确认里通告自己还能收多少字节。\n")
    card = find(found, K.DEFINITION, "传输层 · 关于重传，要点是什么？")
    assert back(card) == "发送方在计时器到期后重发最早那个未确认的报文段。"
    assert card.key.endswith("::definition::对于重传")  # keyed by the label as written, as before


# -- a lead-in that only counts ------------------------------------------------------------------


@pytest.mark.parametrize(("lead_in", "counts"), [
    ("主要有三个原因：", True), ("有两个原因", True), ("原因如下：", True),
    ("There are two reasons:", True), ("Three reasons", True),
    ("TCP 有三个特点", False), ("The reasons why TCP waits", False), ("The main tasks include", False),
    ("原因：", False), ("Reasons", False),  # a label, not a count
])
def test_counts_only(lead_in: str, counts: bool) -> None:
    assert counts_only(lead_in) is counts


ZH_REASONS = """# 挥手

## 为什么主动关闭方要等待 2MSL？

主要有两个原因：

1. 让最后一个 ACK 有机会被重传。

   如果这个 ACK 丢了，对方会在超时后重发 FIN。等待中的一方还在 TIME_WAIT，就能再回一次 ACK，对方才能正常进入 CLOSED 状态，而不是一直重发直到放弃。

   MSL 是报文段在网络中能存活的最长时间。等待两倍的 MSL，正好覆盖 ACK 过去、重发的 FIN 回来这一个来回，所以 2MSL 足够收到对方可能重发的 FIN。

2. 让本连接的旧报文段在网络中消失。

   这样以后用同一个四元组新建的连接，就不会收到上一个连接迟到的报文段。迟到的报文段如果被新连接当成自己的数据接收下来，数据就会错乱。

   2MSL 之后，上一个连接发出的报文段都已超过最长存活时间，在网络中不复存在，新连接可以放心使用同一对端口。
"""

EN_REASONS = """# Closing

## Why does the active closer wait for 2MSL?

There are two reasons:

1. The last ACK may need to be sent again.

   If that ACK is lost, the other side sends its FIN again after a timeout. The waiting side is still in TIME_WAIT, so it can answer with another ACK, and the other side reaches CLOSED instead of retrying until it gives up.

   The MSL is the longest time a segment can live in the network. Twice the MSL covers the ACK going out and a repeated FIN coming back, so 2MSL is long enough to see any FIN the other side sends again.

2. Old segments of this connection must die out first.

   A new connection between the same two sockets then cannot receive a late segment of the old one. A late segment taken as data of the new connection would corrupt its stream.

   After 2MSL every segment the old connection sent has outlived the longest lifetime, so the new connection can reuse the same pair of ports safely.
"""


@pytest.mark.parametrize(("note", "asked", "first"), [
    (ZH_REASONS, "为什么主动关闭方要等待 2MSL？（主要有两个原因）", "让最后一个 ACK 有机会被重传。"),
    (EN_REASONS, "Why does the active closer wait for 2MSL? (There are two reasons)",
     "The last ACK may need to be sent again."),
])
def test_a_counting_lead_in_under_a_question_hints_the_heading(note: str, asked: str, first: str) -> None:
    found = cards(note)
    whole = find(found, K.EXPLAIN, asked)
    assert back(whole).splitlines()[0] == f"- {first}"
    assert len(back(whole).splitlines()) == 2
    # no front shows the bare count as its topic
    shown = [front(card) for card in found]
    assert not any(" · 主要有两个原因" in text or " · There are two reasons" in text for text in shown), shown


# -- labels that name a task ---------------------------------------------------------------------


@pytest.mark.parametrize(("label", "chinese", "asked"), [
    ("调整内核参数", True, "如何调整内核参数？"),
    ("配置 SO_REUSEADDR", True, "如何配置 SO_REUSEADDR？"),
    ("Tuning the backlog", False, "How do you tune the backlog?"),
    ("Enabling window scaling", False, "How do you enable window scaling?"),
    # a thing named after a verb is still a thing
    ("设置项", True, "设置项是什么？"),
    ("Setting", False, "What is Setting?"),
])
def test_a_task_label_asks_how(label: str, chinese: bool, asked: str) -> None:
    assert term_question(label, chinese) == asked


# -- a heading that names an aspect of the heading above -------------------------------------------

ZH_ASPECT = """# 传输层

## UDP

### 特点

UDP 发送数据之前不需要建立连接，所以没有握手带来的时延。UDP 不保证可靠交付，也不做拥塞控制。

### 首部

UDP 首部只有 8 个字节，分为源端口、目的端口、长度和检验和四个字段。
"""

EN_ASPECT = """# Queueing

## Random early detection

The router drops or marks packets early, with a probability that grows with the average queue length.

### Disadvantages

- its parameters are hard to tune for every link
- it reacts to the average queue, so a short burst still fills the buffer
"""


def test_an_aspect_heading_asks_about_its_parent() -> None:
    zh = cards(ZH_ASPECT)
    card = find(zh, K.EXPLAIN, "UDP 有哪些特点？")
    assert back(card).startswith("UDP 发送数据之前不需要建立连接")
    assert card.key.endswith("::explain::特点")  # keyed by the heading as before: history stays
    en = cards(EN_ASPECT)
    card = find(en, K.EXPLAIN, "What are the disadvantages of Random early detection?")
    assert "hard to tune" in back(card)
    # the heading's own path is not asked a second time
    assert not [front(c) for c in [*zh, *en] if front(c) in ("UDP · 特点", "Random early detection · Disadvantages")]


# -- a gloss that is no definition ---------------------------------------------------------------


@pytest.mark.parametrize(("term", "said", "chinese", "asked"), [
    # a list of names: what the term includes
    ("拥塞控制", "慢启动、拥塞避免、快速重传、快速恢复", True, "拥塞控制包括哪些？"),
    # English commas join clauses as often as names: an English gloss is asked as before
    ("Checksum", "covers the header and the data, with a pseudo-header", False, None),
    # a Latin name for a Chinese term: that name
    ("坚持计时器", "persist timer", True, "坚持计时器的英文名是什么？"),
    # glosses that define, or name examples and acronyms, are asked as before (None here)
    ("表示层", "图像、视频的编码，数据加密。", True, None),
    ("不可靠", "不保证送达、不保证按序、不保证不重复", True, None),  # claims of what it means, not names
    ("远程登录", "SSH/Telnet", True, None),
    ("往返时延", "RTT", True, None),
    ("ssthresh", "the slow start threshold, set to half the window on a loss", False, None),
])
def test_a_gloss_that_is_no_definition(term: str, said: str, chinese: bool, asked: str | None) -> None:
    assert gloss_question(term, said, chinese) == asked


def test_gloss_cards_in_a_note_keep_their_keys() -> None:
    found = cards("# 可靠传输\n\n- 拥塞控制：慢启动、拥塞避免、快速重传、快速恢复\n- 坚持计时器：persist timer\n")
    listed = find(found, K.DEFINITION, "可靠传输 · 拥塞控制包括哪些？")
    assert back(listed) == "慢启动、拥塞避免、快速重传、快速恢复"
    assert listed.key.endswith("::definition::拥塞控制")
    find(found, K.DEFINITION, "可靠传输 · 坚持计时器的英文名是什么？")


# -- a problem stated over its solution ----------------------------------------------------------

ZH_PROBLEMS = """# 拥塞

- 发送方在检测到丢包之前会一直填满路由器的队列，所以瓶颈链路上每个连接的时延都会变大。
  - 解决办法：改用根据带宽和最小 RTT 估算发送速率的算法，比如 BBR。
- 短连接往往在慢启动阶段就结束了，丢包时凑不够三个重复 ACK。
  - 解决办法：调大初始拥塞窗口。
"""

EN_PROBLEMS = """# Congestion

- The sender fills the router queues before it ever sees a loss, so every flow through the bottleneck waits longer.
  - solution: pace by an estimate of the bottleneck bandwidth and the minimum RTT, as BBR does.
- Short flows finish while still in slow start and rarely collect three duplicate ACKs.
  - solution: start with a larger initial congestion window.
"""


@pytest.mark.parametrize(("note", "asked", "answer"), [
    (ZH_PROBLEMS, "拥塞 · 短连接往往在慢启动阶段就结束了，丢包时凑不够三个重复 ACK。 · 解决办法是什么？",
     "- 解决办法：调大初始拥塞窗口。"),
    (EN_PROBLEMS, "Congestion · Short flows finish while still in slow start and rarely collect three duplicate ACKs."
                  " · What is the solution?", "- solution: start with a larger initial congestion window."),
])
def test_a_problem_over_its_solution_asks_for_the_solution(note: str, asked: str, answer: str) -> None:
    card = find(cards(note), K.EXPLAIN, asked)
    assert back(card) == answer
    assert "::list:" in card.key and "解决办法是什么" not in card.key and "solution?" not in card.key  # keyed as before
