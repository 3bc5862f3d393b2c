"""More structures real notes share, each in a fixture of our own words, in Chinese and in
English: sentences split by a blank line, asides in brackets, HTML tables, numbered
processes. What each becomes, and that nothing of it is lost."""

from __future__ import annotations

import pytest

from tcpquiz.cards import CardDraft
from tcpquiz.cards import CardKind as K
from tcpquiz.notes.coverage import coverage

from .conftest import back, cards, front, parse


def kept(text: str) -> float:
    return coverage(parse(text)).share


def with_back(found: tuple[CardDraft, ...], words: str) -> list[CardDraft]:
    return [card for card in found if words in back(card)]


# -- a sentence split by a blank line ------------------------------------------------------------


@pytest.mark.parametrize("note, whole", [
    ("## 建立连接\n\n- 客户端发出连接请求，SYN = 1，选一个初始序号，\n\n  随后进入 SYN-SENT 状态\n"
     "- 服务端回复 SYN 和 ACK，\n\n  随后进入 SYN-RCVD 状态\n",
     "客户端发出连接请求，SYN = 1，选一个初始序号，随后进入 SYN-SENT 状态"),
    ("## Opening\n\n- The client sends a SYN with its initial sequence number,\n\n  and moves to SYN-SENT\n"
     "- The server answers with SYN and ACK,\n\n  and moves to SYN-RECEIVED\n",
     "The client sends a SYN with its initial sequence number, and moves to SYN-SENT"),
])
def test_a_sentence_split_by_a_blank_line_is_one_fact(note: str, whole: str) -> None:
    found = cards(note)
    assert with_back(found, whole), [back(c) for c in found]
    ending = whole.rsplit("，" if "，" in whole else ",", 1)[1].strip()
    # the end of the sentence is never a card of its own, asked by the start of it
    assert not [c for c in found if back(c) == ending]
    assert kept(note) == 1.0


def test_a_paragraph_ending_a_sentence_stays_a_paragraph() -> None:
    found = cards("## 计时器\n\n重传计时器在发送数据时启动。\n\n坚持计时器在对方窗口为零时启动。\n")
    assert not with_back(found, "启动。坚持")


@pytest.mark.parametrize("note, line, aside", [
    ("## 拥塞控制\n\n1. 窗口从 1 开始，每收到一个确认加 1；  \n   (这个阶段叫慢开始)\n"
     "2. 过了门限以后每个往返时间只加 1\n\n   (这个阶段叫拥塞避免)\n",
     "窗口从 1 开始，每收到一个确认加 1；", "(这个阶段叫慢开始)"),
    ("## Congestion\n\n1. The window starts at one segment and grows by one per ACK;  \n"
     "   (this phase is slow start)\n2. Past the threshold it grows by one per round trip\n\n"
     "   (this phase is congestion avoidance)\n",
     "grows by one per ACK;", "(this phase is slow start)"),
])
def test_an_aside_in_brackets_stays_with_its_line(note: str, line: str, aside: str) -> None:
    found = cards(note)
    # the card that holds the step holds its aside on the step's own line, not as a card of its own
    assert [c for c in found if any(line in text and aside in text for text in back(c).split("\n"))]
    assert not [c for c in found if back(c) in (aside, aside.replace("慢开始", "拥塞避免"),
                                                 aside.replace("slow start", "congestion avoidance"))]
    assert kept(note) == 1.0


# -- HTML tables ------------------------------------------------------------------------------------

ZH_HTML_TABLE = """## 四次挥手

关闭以后各方还能做什么：

<table>
  <thead>
    <tr><th rowspan="2">序号</th><th rowspan="2">报文</th><th colspan="2">主动方</th><th colspan="2">被动方</th></tr>
    <tr><td>能发</td><td>能收</td><td>能发</td><td>能收</td></tr>
  </thead>
  <tbody>
    <tr><td>1</td><td>FIN</td><td>✘</td><td>✔</td><td>✔</td><td>✔</td></tr>
    <tr><td>2</td><td>ACK</td><td>✘</td><td>✔</td><td>✔</td><td></td></tr>
  </tbody>
</table>
"""

EN_HTML_TABLE = """## Flags

<table>
<tr><th>Flag</th><th>Meaning</th></tr>
<tr><td><code>SYN</code></td><td>synchronise &amp; pick an initial sequence number</td></tr>
<tr><td>RST</td><td>abort the connection<br>at once</td></tr>
</table>

After the table, a sentence of its own that says RST needs no reply.
"""


def test_an_html_table_with_spanning_headers_asks_a_row_at_a_time() -> None:
    found = cards(ZH_HTML_TABLE)
    by_front = {front(c): back(c) for c in found}
    # the numbered column names nothing a learner recalls: the next cell names the row, and a
    # matrix of marks asks which hold under the spanning headers; a column under a spanning header is named by both ("主动方 · 能发")
    assert by_front["关闭以后各方还能做什么 · 报文 FIN：主动方、被动方各有哪些为 ✔，哪些为 ✘？"] == (
        "主动方 · 能发：✘\n主动方 · 能收：✔\n被动方 · 能发：✔\n被动方 · 能收：✔")
    assert by_front["关闭以后各方还能做什么 · 报文 ACK：主动方、被动方各有哪些为 ✔，哪些为 ✘？"] == (
        "主动方 · 能发：✘\n主动方 · 能收：✔\n被动方 · 能发：✔")  # an empty cell says nothing
    assert not [c for c in found if "<td>" in c.back or "<tr>" in c.back]
    assert kept(ZH_HTML_TABLE) == 1.0


def test_an_html_table_of_terms_gives_definitions() -> None:
    found = cards(EN_HTML_TABLE)
    by_front = {front(c): back(c) for c in found}
    assert by_front["Flags · What is SYN?"] == "synchronise & pick an initial sequence number"
    assert by_front["Flags · What is RST?"] == "abort the connection at once"
    assert with_back(found, "RST needs no reply")  # text after the table is read as text
    assert kept(EN_HTML_TABLE) == 1.0


def test_an_html_table_reports_its_rows_at_their_lines() -> None:
    lines = ZH_HTML_TABLE.split("\n")
    row_line = next(i for i, line in enumerate(lines, start=1) if "<td>2</td>" in line)
    row = next(c for c in parse(ZH_HTML_TABLE).cards if "报文 ACK" in front(c))
    assert row.source == f"note.md:{row_line}"


def test_broken_html_tables_are_read_as_text() -> None:
    fact = "The SYN segment opens a connection and carries the initial sequence number."
    for html in (f"<table><tr><td>{fact}</td>\n",  # never closed
                 f"<table><tr><td><table><tr><td>{fact}</td></tr></table></td></tr></table>\n",  # nested
                 f'<table><tr><td colspan="99999999">SYN</td><td>{fact}</td></tr></table>\n'):
        note = f"## Opening a connection\n\n{html}"
        assert with_back(cards(note), fact), note


# -- the steps of a process -------------------------------------------------------------------------


def test_each_step_of_a_process_is_asked_by_its_place_and_who_acts() -> None:
    found = cards("## 关闭连接\n\n1. 主动方发送 FIN，进入 FIN-WAIT-1\n2. 被动方回复 ACK，进入 CLOSE-WAIT\n"
                  "3. 被动方发送 FIN，进入 LAST-ACK\n")
    by_front = {front(c): back(c) for c in found if c.kind == K.STEP}
    assert by_front == {
        "关闭连接 · 第 1 步（共 3 步），主动方做什么？": "主动方发送 FIN，进入 FIN-WAIT-1",
        "关闭连接 · 第 2 步（共 3 步），被动方做什么？": "被动方回复 ACK，进入 CLOSE-WAIT",
        "关闭连接 · 第 3 步（共 3 步），被动方做什么？": "被动方发送 FIN，进入 LAST-ACK",
    }
    assert kept("## 关闭连接\n\n1. 主动方发送 FIN\n2. 被动方回复 ACK\n") == 1.0


def test_a_step_that_names_its_trigger_is_asked_by_it() -> None:
    found = cards("## Connection close\n\n1. The client sends FIN and enters FIN-WAIT-1.\n"
                  "2. When the server receives the FIN, it answers with an ACK and enters CLOSE-WAIT.\n"
                  "3. The server later sends its own FIN and waits in LAST-ACK for the final acknowledgement.\n")
    fronts = [front(c) for c in found if c.kind == K.STEP]
    assert fronts == [
        "Connection close · step 1 of 3: what does the client do?",
        "Connection close · When the server receives the FIN, what happens?",
        "Connection close · step 3 of 3: what does the server do?",
    ]
    # a step without an actor is asked by the step before it, quoted by its opening cut at a whole word
    found = cards("## Connection close\n\n1. When the server receives the FIN, it answers with an ACK at once.\n"
                  "2. Later its own FIN goes out.\n")
    assert "Connection close · what comes after “When the server receives the FIN, it answers…”?" in \
        [front(c) for c in found]
    found = cards("## 快速恢复过程\n\n1. 收到第 3 个重复确认时，门限设为窗口的一半\n2. 每收到一个重复确认，窗口加 1\n")
    assert "快速恢复过程 · 收到第 3 个重复确认时，怎么做？" in [front(c) for c in found]


def test_steps_keep_their_history_keys() -> None:
    # the front changed from "step 2 of 3"; the key (and so the review history) did not
    found = cards("## Closing\n\n1. The client sends FIN.\n2. The server ACKs it.\n")
    assert [c.key.rsplit("::", 1)[1] for c in found if c.kind == K.STEP] == ["step-1", "step-2"]


# -- glossary lists ---------------------------------------------------------------------------------


def test_a_glossary_list_gives_a_definition_per_term() -> None:
    note = ("## 术语\n\n- RTO（Retransmission Timeout）重传超时时间\n- 慢启动 (slow start)\n- cwnd 拥塞窗口\n"
            "- 零窗口探测\n")
    by_front = {front(c): back(c) for c in cards(note)}
    assert by_front["术语 · RTO 是什么？"] == "Retransmission Timeout 重传超时时间"
    assert by_front["术语 · 慢启动的英文名是什么？"] == "slow start"  # a name is no definition
    assert by_front["术语 · cwnd 是什么？"] == "拥塞窗口"
    assert "零窗口探测" in by_front["术语"]  # an item with no gloss is asked in the whole list only
    assert kept(note) == 1.0


def test_an_english_glossary_list() -> None:
    note = ("## Glossary\n\n- congestion window (cwnd)\n- SMSS (sender maximum segment size)\n"
            "- receiver window (rwnd)\n")
    by_front = {front(c): back(c) for c in cards(note)}
    assert by_front["Glossary · What is the congestion window?"] == "cwnd"
    assert by_front["Glossary · What is SMSS?"] == "sender maximum segment size"


def test_remarks_in_brackets_are_not_a_glossary() -> None:
    # two items, or items that are sentences, are not a glossary: no term is made up
    found = cards("## 重传\n\n- 超时后重传 (见下节)\n- 快速重传更早发现丢失\n")
    assert not [c for c in found if front(c) == "重传 · 超时后重传"]
    found = cards("## Retransmission\n\n- The sender waits for the timer (RTO).\n"
                  "- It then sends the oldest unacknowledged segment again.\n- The timer doubles (backoff).\n")
    assert not [c for c in found if front(c) == "Retransmission · The sender waits for the timer"]


# -- formulas ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("note, asked, formula", [
    ("## 流量与拥塞\n\n两种控制一起考虑时，发送窗口取两者中较小的一个：\n\n`发送窗口上限 = min(rwnd, cwnd)`\n",
     "流量与拥塞 · 发送窗口上限 = ?", "`发送窗口上限 = min(rwnd, cwnd)`"),
    ("## 流量与拥塞控制\n\n- 接收窗口由接收方的缓存决定，随确认报文告诉发送方。\n- 实际发送窗口 = min{接收窗口，拥塞窗口}。\n",
     "流量与拥塞控制 · 实际发送窗口 = ?", "实际发送窗口 = min{接收窗口，拥塞窗口}。"),
    ("## Retransmission timer\n\nThe sender keeps a smoothed round-trip time and its variation for each "
     "connection, and updates both with every new sample.\n\nRTO = SRTT + 4 * RTTVAR\n",
     "Retransmission timer · RTO = ?", "RTO = SRTT + 4 \\* RTTVAR"),
    ("## Estimating the round trip\n\nThe estimate is smoothed over many samples, so one slow segment moves it little.\n\n"
     "$\\text{Timeout} = 2 \\cdot \\text{EstimatedRTT}$ (twice, to be safe)\n",
     "Estimating the round trip · Timeout = ?", None),
])
def test_a_formula_asks_for_what_its_quantity_equals(note: str, asked: str, formula: str | None) -> None:
    found = cards(note)
    card = next((c for c in found if front(c) == asked), None)
    assert card is not None, [front(c) for c in found]
    if formula is not None:
        assert card.back == formula
    assert kept(note) == 1.0


def test_a_sentence_with_an_equals_sign_is_not_a_formula() -> None:
    found = cards("## 慢开始\n\n在一开始，发送方先设置 cwnd = 1，然后每收到一个确认就加一。\n\n"
                  "每经过一个往返时间：cwnd = cwnd + 1\n")
    assert not [c for c in found if front(c).endswith("= ?")]
    found = cards("## Windows\n\nThe usable window = the smaller of what the receiver offers and what the network allows.\n")
    assert not [c for c in found if front(c).endswith("= ?")]


# -- numbered questions with their answers nested ------------------------------------------------


@pytest.mark.parametrize("note, question, answer", [
    ("## 白话\n\n1. 怎么知道网络拥塞了？\n\n   答：发出的分组迟迟收不到确认，出现了超时\n\n"
     "2. 为什么要慢开始？\n\n   答：一开始不知道网络能承受多少，先小后大地试探\n",
     "怎么知道网络拥塞了？", "发出的分组迟迟收不到确认，出现了超时"),
    ("## In plain words\n\n1. How does the sender notice congestion?\n\n   A: a segment goes unacknowledged until the timer"
     " expires\n\n2. Why start slowly?\n\n   A: the sender cannot know what the path carries, so it probes\n",
     "How does the sender notice congestion?", "a segment goes unacknowledged until the timer expires"),
])
def test_a_numbered_question_with_a_short_answer_is_asked_once(note: str, question: str, answer: str) -> None:
    found = cards(note)
    assert [back(c) for c in found if front(c) == question] == [answer]
    assert len([c for c in found if answer in back(c)]) == 1  # no second card asks the same
    assert kept(note) == 1.0


@pytest.mark.parametrize("note, title, first, second", [
    ("**四次挥手**\n\n- 主动方发送 FIN，进入 FIN-WAIT-1\n- 被动方回复 ACK，进入 CLOSE-WAIT\n"
     "- 被动方发送 FIN，进入 LAST-ACK\n- 主动方回复 ACK，进入 TIME-WAIT\n",
     "四次挥手", "主动方发送 FIN，进入 FIN-WAIT-1", "第 2 步（共 4 步），被动方做什么？"),
    ("## The handshake\n\n- The client sends SYN with its ISN\n- The server answers SYN+ACK\n"
     "- The client sends ACK and both are ESTABLISHED\n",
     "The handshake", "The client sends SYN with its ISN", "step 2 of 3: what does the server do?"),
])
def test_bullets_under_a_process_title_are_its_steps(note: str, title: str, first: str, second: str) -> None:
    found = cards(note)
    steps = [c for c in found if c.kind == K.STEP]
    assert back(steps[0]) == first and front(steps[1]) == f"{title} · {second}"
    assert [c for c in found if c.kind == K.SEQUENCE and front(c) == title]
    assert kept(note) == 1.0


@pytest.mark.parametrize("note", [
    "## 连接管理\n\n- 连接由四元组标识\n- 每个连接有自己的序号空间\n- 连接可以半关闭\n",  # points, not a process
    "## 挥手过程中的状态\n\n- FIN-WAIT-1：等对方确认\n- CLOSE-WAIT：等应用关闭\n- LAST-ACK：等最后的确认\n",  # terms
    "## The handshake\n\n- Why three segments?\n- Why not two?\n- Why random ISNs?\n",  # questions
])
def test_bullets_that_are_points_are_not_steps(note: str) -> None:
    assert not [c for c in cards(note) if c.kind in (K.STEP, K.SEQUENCE)]


# -- a short name over the lines that explain it ------------------------------------------------------


@pytest.mark.parametrize("note, asked, answer", [
    ("## 流量控制\n\n接收方用窗口字段告诉发送方还能收多少。\n\n零窗口问题  \n接收窗口为 0 时发送方暂停发送  \n"
     "发送方定时发探测报文询问窗口\n",
     "流量控制 · 零窗口问题", "接收窗口为 0 时发送方暂停发送\n发送方定时发探测报文询问窗口"),
    ("## 拥塞控制\n\n1. 慢启动 (Slow Start)  \n   窗口从 1 个 MSS 开始  \n   每个确认加 1 个 MSS\n"
     "2. 拥塞避免 (Congestion Avoidance)  \n   过了门限后每个往返时间加 1\n",
     "拥塞控制 · 慢启动 (Slow Start) 是什么？", "窗口从 1 个 MSS 开始\n每个确认加 1 个 MSS"),
    ("## Congestion control\n\n- Fast retransmit (FR)  \n  three duplicate ACKs trigger a resend  \n"
     "  without waiting for the timer\n- Fast recovery (FRR)  \n  the window is halved instead of reset\n",
     "Congestion control · What is fast retransmit (FR)?", "three duplicate ACKs trigger a resend\nwithout waiting for the timer"),
])
def test_a_short_name_over_lines_is_asked_by_the_name(note: str, asked: str, answer: str) -> None:
    by_front = {front(c): back(c) for c in cards(note)}
    assert by_front.get(asked) == answer, by_front
    assert kept(note) == 1.0


def test_a_sentence_over_lines_is_not_a_name() -> None:
    found = cards("## 连接\n\nTCP是面向连接的协议  \n每个连接有两个端点  \n连接可以半关闭\n")
    assert not [c for c in found if front(c) == "连接 · TCP是面向连接的协议"]


def test_a_glossary_under_a_lead_in_is_named_by_it() -> None:
    note = "## 如何选择？\n\n适合 TCP 的场景：\n\n- 文件传输 (FTP)\n- 邮件 (SMTP)\n- 远程登录 (SSH)\n"
    by_front = {front(c): back(c) for c in cards(note)}
    assert by_front["适合 TCP 的场景 · 文件传输是什么？"] == "FTP"
    assert kept(note) == 1.0
