"""How a block is split into one-fact cards, each structure in a fixture of our own words,
in Chinese and in English: a paragraph of several facts, a heading used twice, a process
written as bullets with an aside after its steps."""

from __future__ import annotations

import pytest

from tcpquiz.cards import CardDraft
from tcpquiz.cards import CardKind as K
from tcpquiz.notes.coverage import coverage
from tcpquiz.notes.draft import fits
from tcpquiz.notes.sentences import fact_runs, fact_sentences, leans_back

from .conftest import back, cards, front, parse


def holding(found: tuple[CardDraft, ...], words: str) -> list[CardDraft]:
    return [card for card in found if words in back(card)]


# -- a paragraph of several facts -------------------------------------------------------------

ZH_FACTS = (
    "## 保活\n\n"
    "保活计时器在连接空闲两个小时以后才开始工作，默认是关闭的，需要应用自己打开。"
    "探测报文段不带任何数据，对方的应答只是一个普通的确认报文段而已。"
    "连续九次探测都得不到应答时，本端就认为对方已经不可达了，于是把连接关掉。\n"
)
EN_FACTS = (
    "## Keepalive\n\n"
    "The keepalive timer starts only after the connection has been idle for two hours. "
    "A probe segment carries no data and is answered by an ordinary acknowledgment. "
    "After nine probes go unanswered the peer is taken to be unreachable, so the connection is dropped.\n"
)


@pytest.mark.parametrize("note, first, second, third", [
    (ZH_FACTS, "空闲两个小时", "探测报文段不带任何数据", "连续九次探测"),
    (EN_FACTS, "idle for two hours", "A probe segment carries no data", "After nine probes"),
])
def test_each_sentence_of_a_paragraph_is_a_card_of_its_own(note: str, first: str, second: str, third: str) -> None:
    found = cards(note)
    for words, others in ((first, (second, third)), (second, (first, third)), (third, (first, second))):
        facts = [c for c in holding(found, words) if c.kind is not K.EXPLAIN]
        assert facts, [back(c) for c in found]
        # the card that asks this sentence asks nothing else of the paragraph
        assert any(not any(other in back(c) for other in others) for c in facts), [back(c) for c in facts]
    assert coverage(parse(note)).share == 1.0


@pytest.mark.parametrize("paragraph, count", [
    ("发送方为每个连接维持一个拥塞窗口变量。窗口的大小随着网络的拥塞程度动态变化。发送窗口取拥塞窗口和接收窗口中较小的一个。", 3),
    ("The sender keeps a congestion window. The window grows with every new ACK. "
     "The send window is the smaller of it and the receive window.", 3),
    ("The sender keeps a congestion window. Its size follows how congested the path is. "
     "The send window is the smaller of it and the receive window.", 1),  # "Its" leans back: two runs
    ("发送方为每个连接维持一个拥塞窗口变量。窗口的大小随着网络的拥塞程度动态变化。", 1),  # two breaths of one thought
])
def test_a_short_paragraph_of_three_facts_is_three_cards(paragraph: str, count: int) -> None:
    assert len(fact_runs(paragraph, short=True)) == count
    assert len(fact_runs(paragraph, short=False)) == len(fact_sentences(paragraph))


@pytest.mark.parametrize("paragraph, runs", [
    # "它" and "但" go on from the sentence before: read alone they say not what they are about
    ("UDP 是一种无连接的传输层协议，没有握手也没有确认。它只在 IP 之上加了端口号和校验和，几乎什么也不做。"
     "但正因如此，它的首部只有 8 个字节。",
     ["UDP 是一种无连接的传输层协议，没有握手也没有确认。它只在 IP 之上加了端口号和校验和，几乎什么也不做。"
      "但正因如此，它的首部只有 8 个字节。"]),
    # "这就是…" names what the sentence before described
    ("发送方连续收到三个重复的确认时，不等计时器超时就重传丢失的报文段。这就是快速重传。"
     "接收方收到失序的报文段时要立刻发出重复确认，不能等到有数据要发时再捎带。",
     ["发送方连续收到三个重复的确认时，不等计时器超时就重传丢失的报文段。这就是快速重传。",
      "接收方收到失序的报文段时要立刻发出重复确认，不能等到有数据要发时再捎带。"]),
    ("A simultaneous close happens when both ends send a FIN at the same moment. It needs four segments too. "
     "This method is rare on the open internet because applications seldom close at once.",
     ["A simultaneous close happens when both ends send a FIN at the same moment. It needs four segments too.",
      "This method is rare on the open internet because applications seldom close at once."]),
    # clauses joined by a semicolon are one sentence
    ("An RST segment is never acknowledged; unread data is thrown away at once. "
     "A FIN is acknowledged like any data byte because it takes one sequence number.",
     ["An RST segment is never acknowledged; unread data is thrown away at once.",
      "A FIN is acknowledged like any data byte because it takes one sequence number."]),
    ("复位报文段从不被确认；缓冲区里没读的数据立刻丢弃。FIN 像一个数据字节一样被确认，因为它占一个序号。",
     ["复位报文段从不被确认；缓冲区里没读的数据立刻丢弃。", "FIN 像一个数据字节一样被确认，因为它占一个序号。"]),
    # a sentence too short to state a fact stays with the one before it
    ("The retransmission timer is restarted whenever new data is acknowledged by the peer. Always. "
     "The persist timer probes a peer that has advertised a zero window for a while.",
     ["The retransmission timer is restarted whenever new data is acknowledged by the peer. Always.",
      "The persist timer probes a peer that has advertised a zero window for a while."]),
])
def test_sentences_that_lean_back_stay_with_the_one_before(paragraph: str, runs: list[str]) -> None:
    assert fact_sentences(paragraph) == runs


@pytest.mark.parametrize("sentence, leans", [
    ("但只要出现超时，窗口就回到一个报文段。", True),
    ("于是发送方把门限减半。", True),
    ("**这就是**快速恢复。", True),
    ("它只提供最低限度的功能。", True),
    ("与慢启动的指数增长比起来，这是一种加性增长。", True),  # pointing after an opening phrase
    ("Compared with slow start, this is additive increase.", True),
    ("当窗口为零时，这个计时器开始工作。", False),
    ("TCP 是全双工的，这就意味着两个方向要分别关闭。", False),  # "这" names the clause before it
    ("这对防止网络拥塞是一个很好的办法。", True),  # "这" before a verb points back
    ("这3个分组已经离开了网络。", False),
    ("这个重复的确认不应该被推迟。", False),  # names its thing again
    ("而且这个值可以由应用修改。", False),  # "而且" adds a fact of its own, unlike "而"
    ("此外，保活默认是关闭的。", False),
    ("这样做的理由是：三个分组已经离开了网络。", True),  # a label that points back explains the sentence before
    ("慢开始门限：一个状态变量，决定用哪种算法。", False),
    ("However, the window never shrinks.", True),
    ("The reason for this: three segments have left the network.", True),
    ("Note: the URL https://example.org/this is kept.", False),
    ("It takes four segments.", True),
    ("i.e. the window is closed.", True),
    ("This method is rarely used.", False),
    ("Items are acknowledged cumulatively.", False),  # "it" inside a word is no pronoun
])
def test_what_leans_back(sentence: str, leans: bool) -> None:
    assert leans_back(sentence) is leans


# -- a heading used twice -----------------------------------------------------------------------

ZH_TWICE = """## UDP

### 首部

- **长度**：首部加数据的字节数，最小为 8
- **检验和**：覆盖伪首部、首部和数据

## TCP

### 首部

- **数据偏移**：首部的长度，以 4 字节为单位
- **窗口**：接收方还能收下的字节数
"""
EN_TWICE = """## UDP

### Header

- **Length**: bytes of header and data, at least 8
- **Checksum**: covers the pseudo-header, the header and the data

## TCP

### Header

- **Data offset**: the header's length in 32-bit words
- **Window**: how many more bytes the receiver can take
"""


@pytest.mark.parametrize("note, fronts", [
    (ZH_TWICE, ["UDP · 首部 · 长度是什么？", "UDP · 首部 · 检验和是什么？", "TCP · 首部 · 数据偏移是什么？",
                "TCP · 首部 · 窗口是什么？"]),
    (EN_TWICE, ["UDP · Header · What is Length?", "UDP · Header · What is Checksum?",
                "TCP · Header · What is data offset?", "TCP · Header · What is Window?"]),
])
def test_a_title_used_under_two_parents_is_led_by_its_parent(note: str, fronts: list[str]) -> None:
    found = cards(note)
    definitions = [front(c) for c in found if c.kind is K.DEFINITION]
    assert definitions == fronts, definitions


def test_a_title_used_once_is_not_led_by_its_parent() -> None:
    note = "## TCP\n\n### 首部\n\n- **窗口**：接收方还能收下的字节数\n- **检验和**：覆盖伪首部、首部和数据\n"
    assert [front(c) for c in cards(note) if c.kind is K.DEFINITION] == ["首部 · 窗口是什么？", "首部 · 检验和是什么？"]


# -- a process written as bullets, with an aside after its steps ---------------------------------

ZH_PROCESS = """## 四次挥手

- 主动方发出 FIN，进入 FIN-WAIT-1
- 被动方回复 ACK，进入 CLOSE-WAIT
- 主动方收到 ACK，进入 FIN-WAIT-2
- 被动方发完数据后发出 FIN，进入 LAST-ACK
- 异常情况：最后的 ACK 丢了，被动方会重发 FIN
"""
EN_PROCESS = """## Connection teardown

- The closing side sends a FIN and enters FIN-WAIT-1
- The other side acknowledges it and enters CLOSE-WAIT
- The closing side gets that ACK and enters FIN-WAIT-2
- The other side sends its own FIN and enters LAST-ACK
- Note: if the last ACK is lost the other side sends its FIN again
"""


@pytest.mark.parametrize("note, aside", [
    (ZH_PROCESS, "异常情况"),
    (EN_PROCESS, "Note"),
])
def test_an_aside_after_bulleted_steps_is_no_step(note: str, aside: str) -> None:
    found = cards(note)
    steps = [c for c in found if c.kind is K.STEP]
    assert len(steps) == 4, [(c.kind, front(c)) for c in found]
    sequence = [c for c in found if c.kind is K.SEQUENCE]
    assert len(sequence) == 1 and "LAST-ACK" in back(sequence[0]) and aside not in back(sequence[0])
    # the aside is a card of its own, not part of any step
    assert [c for c in found if c.kind not in (K.STEP, K.SEQUENCE) and ("重发" in back(c) or "again" in back(c))]
    assert not [c for c in steps if "重发" in back(c) or "again" in back(c)]
    assert coverage(parse(note)).share == 1.0


def test_a_label_between_bullets_keeps_them_points() -> None:
    note = ("## 四次挥手\n\n- 主动方发出 FIN\n- 注意：被动方可能还有数据要发\n- 被动方回复 ACK\n"
            "- 被动方发出 FIN\n")
    assert not [c for c in cards(note) if c.kind in (K.STEP, K.SEQUENCE)]


def test_a_parent_that_holds_the_title_adds_nothing() -> None:
    note = ("## 握手与挥手\n\n### 挥手\n\n- **FIN_WAIT_1**：发出 FIN 以后等对方的确认\n\n"
            "## 复习\n\n### 挥手\n\n- **TIME_WAIT**：收到对方的 FIN 并确认以后等 2MSL\n")
    fronts = [front(c) for c in cards(note) if c.kind is K.DEFINITION]
    assert fronts == ["挥手 · FIN_WAIT_1 是什么？", "复习 · 挥手 · TIME_WAIT 是什么？"]


# -- a prose fence opened twice ------------------------------------------------------------------


@pytest.mark.parametrize("sentence", ["等待 2MSL 是为了让最后一个确认有机会重发。", "Waiting 2MSL lets the last ACK be sent again."])
def test_a_fence_opened_inside_a_prose_fence_is_read_as_prose(sentence: str) -> None:
    # the author opened a second fence before closing the first: the prose is still prose,
    # split into cards that fit a screen rather than one fenced block of code
    note = "## 为什么要等待 2MSL\n\n```txt\n```txt\n" + (" ".join([sentence] * 6) + "\n") * 12
    found = cards(note)
    assert found and not [c for c in found if "```" in c.back]
    assert all(fits(c.back) for c in found)
    assert coverage(parse(note)).share == 1.0


# -- bare labels under a question heading --------------------------------------------------------

ZH_PARTS = """## 三次握手的最后一个 ACK 丢了会怎样？

**服务端：**

服务端停在 SYN_RCVD，按超时重传的规则重发 SYN+ACK，重发几次仍无应答就关闭连接。

**客户端：**

客户端以为连接已经建立，它发来的数据会收到服务端的 RST。
"""
EN_PARTS = """## What if the last ACK of the handshake is lost?

**Server:**

The server stays in SYN-RECEIVED and sends its SYN+ACK again until it gives up.

**Client:**

The client takes the connection as open, and the data it sends is answered with a RST.
"""


@pytest.mark.parametrize("note, fronts", [
    (ZH_PARTS, ["三次握手的最后一个 ACK 丢了会怎样？ · 服务端", "三次握手的最后一个 ACK 丢了会怎样？ · 客户端"]),
    (EN_PARTS, ["What if the last ACK of the handshake is lost? · Server",
                "What if the last ACK of the handshake is lost? · Client"]),
])
def test_a_bare_label_under_a_question_is_asked_with_the_question(note: str, fronts: list[str]) -> None:
    found = cards(note)
    assert [front(c) for c in found if c.kind is K.EXPLAIN] == fronts
    assert coverage(parse(note)).share == 1.0


def test_a_label_that_names_its_subject_stands_alone() -> None:
    note = ("## HTTP/3 为什么用 QUIC？\n\n**QUIC 的优势：**\n\nQUIC 在 UDP 上实现了可靠传输，连接建立只要一个往返。\n\n"
            "**QUIC 的代价：**\n\n每个报文都要在用户态加密和确认，CPU 开销比内核里的 TCP 大。\n")
    assert [front(c) for c in cards(note) if c.kind is K.EXPLAIN] == ["QUIC 的优势", "QUIC 的代价"]


# -- a paragraph that leads into the next one ----------------------------------------------------


@pytest.mark.parametrize("note, whole", [
    ("## 慢开始\n\n每收到一个新的确认，拥塞窗口最多增加一个 SMSS，具体来说就是\n\n"
     "cwnd 的增加量 = min(N, SMSS)\n\n其中 N 是这个确认新确认的字节数。\n",
     "每收到一个新的确认，拥塞窗口最多增加一个 SMSS，具体来说就是cwnd 的增加量 = min(N, SMSS)"),
    ("## Slow start\n\nFor every new ACK the window grows by at most one SMSS; the increase is\n\n"
     "cwnd increase = min(N, SMSS)\n\nwhere N is the number of bytes the ACK newly acknowledges.\n",
     "the increase is cwnd increase = min(N, SMSS)"),
])
def test_a_paragraph_ending_on_a_leading_word_runs_on(note: str, whole: str) -> None:
    found = cards(note)
    assert holding(found, whole), [back(c) for c in found]
    # no card's answer stops at the word that leads into the formula
    assert not [c for c in found if back(c).rstrip().endswith(("就是", "is"))]
    assert coverage(parse(note)).share == 1.0


# -- aspects of one answer, some over a list and some inline --------------------------------------

ZH_ASPECTS = """## 什么是 SYN 洪泛攻击？如何防范？

SYN 洪泛攻击用大量伪造的 SYN 耗尽服务器的半连接队列。

原理：

- 服务器回复 SYN+ACK 以后等待第三个报文，这时的连接叫半连接
- 攻击者伪造源地址，第三个报文永远不会来

检测：服务器上出现大量半连接，而且源地址杂乱无章。

防范：

- 缩短半连接的超时时间
- 打开 SYN cookies
"""
EN_ASPECTS = """## What is a SYN flood, and how is it stopped?

A SYN flood fills the server's queue of half-open connections with forged SYNs.

Cause:

- The server answers a SYN and waits for the third segment of the handshake
- The attacker forges source addresses, so that segment never comes

Detection: many half-open connections from scattered source addresses.

Defence:

- Shorten the timeout of half-open connections
- Turn on SYN cookies
"""


@pytest.mark.parametrize("note, detect, words", [
    (ZH_ASPECTS, "什么是 SYN 洪泛攻击？如何防范？ · 检测", "服务器上出现大量半连接"),
    (EN_ASPECTS, "What is a SYN flood, and how is it stopped? · Detection", "many half-open connections"),
])
def test_an_inline_aspect_after_a_listed_one_is_its_sibling(note: str, detect: str, words: str) -> None:
    found = cards(note)
    asked = [c for c in found if front(c) == detect]
    assert asked and words in back(asked[0]), [(c.kind, front(c)) for c in found]
    # the detection is not asked as a term of the aspect before it
    assert not [c for c in found if front(c).endswith(("原理 · 检测", "Cause · Detection"))]
    # every card under an aspect is led by the question: "防范" alone asks nothing
    question = detect.split(" · ")[0]
    assert all(front(c).startswith(question) for c in found if "cookies" in back(c)), [front(c) for c in found]
    assert coverage(parse(note)).share == 1.0


def test_a_glossary_under_a_label_is_not_cut_into_aspects() -> None:
    note = ("## 首部\n\nTCP 首部至少 20 字节。\n\n标志位：\n\n- **SYN**：同步序号\n- **FIN**：发送方没有数据了\n\n"
            "ACK：确认号字段有效\n")
    fronts = [front(c) for c in cards(note) if c.kind is K.DEFINITION]
    assert fronts == ["标志位 · SYN 是什么？", "标志位 · FIN 是什么？", "标志位 · ACK 是什么？"], fronts


@pytest.mark.parametrize("note, asked", [
    ("## 面试题\n\n### 为什么要有慢启动？\n\n核心思想：先用小窗口试探网络的承载能力\n",
     "为什么要有慢启动？ · 核心思想是什么？"),
    ("## Interview questions\n\n### Why does TCP start slowly?\n\nReason: a small window probes what the path can carry\n",
     "Why does TCP start slowly? · What is the reason?"),
])
def test_an_aspect_label_under_a_question_is_asked_with_that_question(note: str, asked: str) -> None:
    # Under the headings above the question alone, "核心思想是什么？" would ask nothing.
    definitions = [front(c) for c in cards(note) if c.kind is K.DEFINITION]
    assert definitions == [asked]


def test_an_acronym_under_a_question_is_still_a_term_of_its_topic() -> None:
    note = "## 标志位\n\n### 哪些标志位最常见？\n\nSYN：请求建立连接\n\nFIN：发送方不再发送数据\n"
    definitions = [front(c) for c in cards(note) if c.kind is K.DEFINITION]
    assert definitions == ["标志位 · SYN 是什么？", "标志位 · FIN 是什么？"]


def test_a_code_block_longer_than_a_screen_is_split_between_its_lines() -> None:
    from tcpquiz.notes.draft import split_back

    program = [f"    send(segment_{number})  # 第 {number} 个报文段" for number in range(40)]
    parts = split_back("\n".join(["```python", *program, "```"]))
    assert len(parts) > 1 and all(fits(part) for part in parts)
    # each part is a fenced block of whole lines, and together they hold every line in order
    assert all(part.startswith("```python\n") and part.endswith("\n```") for part in parts)
    assert [line for part in parts for line in part.split("\n")[1:-1]] == program
    assert split_back("```\nx = 1\n```") == ["```\nx = 1\n```"]  # a short one stays whole


def test_an_unclosed_code_block_longer_than_a_screen_is_closed_in_each_part() -> None:
    from tcpquiz.notes.draft import split_back

    prose = "重传计时器到期后发送方重发最早未确认的报文段。" * 20  # 460 ideographs: 12 lines of 80 columns
    parts = split_back("\n".join(["```txt", prose, prose, "tail"]))
    # 12 + 12 lines and the fence do not fit 20; 12 + 1 and the fence do
    assert parts == ["\n".join(["```txt", prose, "```"]), "\n".join(["```txt", prose, "tail", "```"])]


# -- two terms named in one run of sentences ----------------------------------------------------

ZH_TWO_NAMES = """## 窗口的调整

发送方能发多少数据，取决于拥塞窗口和接收方通告的窗口中较小的那一个，这个上限每收到一个确认都会重新计算。

连接刚建立时，发送方并不知道路径能承受多大的流量，所以拥塞窗口从很小的值开始，每收到一个确认就增大，直到达到门限或者出现丢包为止，门限之后改用更谨慎的增长方式。

没有丢包时，发送方每个往返时间只把窗口加一个报文段，这种增长称为**线性增长**。而一旦发现丢包，就把窗口一下子砍掉一半，这常称为**减半退让**。两者交替出现，窗口呈锯齿形。
"""

EN_TWO_NAMES = """## Adjusting the window

How much a sender may have in flight is the smaller of its congestion window and the window the receiver advertises, worked out again on every acknowledgement.

When a connection starts, the sender does not know how much the path can carry, so its congestion window starts small and grows with every acknowledgement until it reaches the threshold or a loss is seen, after which it grows more carefully.

While nothing is lost, the sender adds one segment to its window each round trip; this is called **linear growth**. But once a loss is seen, it cuts the window in half at once; this is called **halving back-off**. They alternate, so the window looks like a saw tooth.
"""


@pytest.mark.parametrize("note, first, second, second_back", [
    (ZH_TWO_NAMES, "线性增长", "减半退让", "而一旦发现丢包，就把窗口一下子砍掉一半，这常称为减半退让。两者交替出现，窗口呈锯齿形。"),
    (EN_TWO_NAMES, "linear growth", "halving back-off",
     "But once a loss is seen, it cuts the window in half at once; this is called halving back-off. "
     "They alternate, so the window looks like a saw tooth."),
])
def test_each_term_a_run_names_is_asked_by_what_describes_it(note: str, first: str, second: str, second_back: str) -> None:
    # "而"/"But" leans on the sentence before, yet describes the second name: before, the run
    # was one card asking only the first name, with the second name's facts in its back
    found = cards(note)
    by_first = [c for c in found if first in back(c) and c.kind is not K.EXPLAIN]  # not the section's own card
    by_second = [c for c in found if second in front(c)]
    assert len(by_first) == 1 and len(by_second) == 1, [(front(c), back(c)) for c in found]
    assert second not in back(by_first[0])
    assert back(by_second[0]) == second_back


def test_a_run_naming_one_term_twice_in_a_row_is_not_cut() -> None:
    # an alias named right after the name adds no sentences of its own to describe
    paragraph = "窗口每轮只加一，这称为**线性增长**。这也叫作**加性增长**。两者是同一个意思，只是译名不同而已。"
    assert len(fact_runs(paragraph, short=False)) == len(fact_sentences(paragraph))
    from tcpquiz.notes.sentences import split_at_names
    assert split_at_names(paragraph) == [paragraph]


# -- an answer marked "答：" under a question heading -----------------------------------------

ZH_MARKED_ANSWER = """## 为什么建立连接要交换初始序号？

答：TCP是一个面向字节流的协议，双方都要知道对方从哪个序号开始给字节编号，才能确认收到了哪些数据。因此每一方都在自己的SYN里带上初始序号，并等待对方确认它。

对方确认了这个序号以后，发送方才知道自己的编号已经被对方记住，之后发送的每个字节都按这个起点计数，重复的或者过期的报文段也能靠序号识别出来并丢弃。
"""

EN_MARKED_ANSWER = """## Why do both sides exchange initial sequence numbers?

Answer: TCP is a byte-stream protocol. Each side must know where the other starts numbering its bytes before it can acknowledge them. That is why each side puts its initial sequence number in its SYN and waits for it to be acknowledged.

Once the peer has acknowledged that number, the sender knows the peer has recorded where its numbering starts, and every byte sent afterwards counts from it, so duplicate or stale segments can be recognised by their numbers and dropped.
"""


@pytest.mark.parametrize("note, heading, opening, definition", [
    (ZH_MARKED_ANSWER, "为什么建立连接要交换初始序号？", "TCP是一个面向字节流的协议", "什么是TCP？"),
    (EN_MARKED_ANSWER, "Why do both sides exchange initial sequence numbers?", "TCP is a byte-stream protocol",
     "What is TCP?"),
])
def test_an_answer_marked_under_a_question_heading_answers_the_heading(
    note: str, heading: str, opening: str, definition: str
) -> None:
    # before, the marked sentence was asked as a definition of its subject ("… · 什么是TCP？"),
    # a question the sentence only gives as the reason the heading asks for
    found = cards(note)
    assert not [c for c in found if front(c).endswith(definition)], [front(c) for c in found]
    assert [c for c in found if front(c) == heading and opening in back(c)], [(front(c), back(c)) for c in found]


# -- steps under a lead-in that only points at them ---------------------------------------------

ZH_POINTED_STEPS = """## 快速恢复

发送方按如下过程处理：

1. 当收到第三个重复的确认时，把门限减为窗口的一半，并重传丢失的报文段。
2. 当确认新数据的确认到达时，把窗口设为门限，转入拥塞避免。
"""

EN_POINTED_STEPS = """## Fast recovery

The recovery procedure works as follows:

1. When the third duplicate acknowledgement arrives, halve the threshold and resend the missing segment.
2. When an acknowledgement of new data arrives, set the window to the threshold and go on with congestion avoidance.
"""


@pytest.mark.parametrize("note, asked", [
    (ZH_POINTED_STEPS, "快速恢复 · 当收到第三个重复的确认时，门限如何设置？"),
    (EN_POINTED_STEPS, "Fast recovery · What happens when the third duplicate acknowledgement arrives?"),
])
def test_a_step_asked_by_its_content_is_led_by_its_heading_not_a_pointing_lead_in(note: str, asked: str) -> None:
    # before, "发送方按如下过程处理" stood between the heading and the question, saying nothing
    found = [front(c) for c in cards(note)]
    assert asked in found, found


ZH_NAMED_TOGETHER = ZH_TWO_NAMES.replace("两者交替出现，窗口呈锯齿形。", "两者合在一起就是所谓的锯齿调整算法。")
EN_NAMED_TOGETHER = EN_TWO_NAMES.replace("They alternate, so the window looks like a saw tooth.",
                                         "They are known together as saw-tooth adjustment.")


@pytest.mark.parametrize("note, name, first, second", [
    (ZH_NAMED_TOGETHER, "锯齿调整算法", "线性增长", "减半退让"),
    (EN_NAMED_TOGETHER, "saw-tooth adjustment", "linear growth", "halving back-off"),
])
def test_a_name_given_to_two_named_terms_together_asks_for_both(note: str, name: str, first: str, second: str) -> None:
    # once the run is cut at its names, the sentence naming them together would otherwise
    # lean on only the second: it is asked by its own name with both parts in the answer
    found = [c for c in cards(note) if name in front(c) and c.kind is K.DEFINITION]
    assert len(found) == 1, [(front(c), back(c)) for c in cards(note)]
    assert first in back(found[0]) and second in back(found[0])
