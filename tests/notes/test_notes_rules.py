"""One test (or a few) per free-form extraction rule, on small notes in Chinese and English."""

from __future__ import annotations

import pytest

from tcpquiz.cards import CardKind as K
from tcpquiz.notes.draft import fits

from .conftest import back, cards, find, front, summary

# -- question headings -------------------------------------------------------------------------


@pytest.mark.parametrize(("heading", "expected"), [
    ("## 为什么是三次握手？", "为什么是三次握手？"),
    ("## TCP 为什么需要三次握手", "TCP 为什么需要三次握手？"),  # an interrogative anywhere; the ？ is added
    ("## 如何防御 SYN 洪泛", "如何防御 SYN 洪泛？"),
    ("## 哪些应用使用 UDP", "哪些应用使用 UDP？"),
    ("## 是否可以在第三次握手时携带数据", "是否可以在第三次握手时携带数据？"),
    ("## Why does TCP need three handshakes?", "Why does TCP need three handshakes?"),
    ("## What happens when recv returns 0", "What happens when recv returns 0"),
    ("## When is a RST sent", "When is a RST sent"),
    ("## 1. 为什么要等待 2MSL？", "为什么要等待 2MSL？"),  # section numbering is not part of the question
])
def test_question_heading_gives_a_basic_card(heading: str, expected: str) -> None:
    found = cards(f"{heading}\n\nBecause the answer is here, 因为答案在这里。\n")
    card = find(found, K.BASIC, expected)
    assert back(card) == "Because the answer is here, 因为答案在这里。"


def test_question_heading_answer_is_its_own_section_only() -> None:
    found = cards("# TCP\n\n## Why three handshakes?\n\nTo sync both sequence numbers.\n\n"
                  "### Detail\n\nA subsection has its own card.\n")
    assert back(find(found, K.BASIC, "Why three handshakes?")) == "To sync both sequence numbers."


def test_ambiguous_heading_gets_its_parent_as_context() -> None:
    found = cards("## 三次握手\n\n### 第一次握手\n\n客户端发送 SYN，进入 SYN-SENT。\n\n"
                  "### 原理\n\n双方都要确认对方能收能发。\n\n### 为什么不是两次？\n\n旧的 SYN 会建立连接。\n")
    assert back(find(found, K.EXPLAIN, "三次握手 · 第一次握手")).startswith("客户端发送 SYN")
    find(found, K.EXPLAIN, "三次握手的原理是什么？")  # an aspect heading is asked about its parent
    find(found, K.BASIC, "为什么不是两次？")  # says what it asks: no context needed


def test_ambiguous_english_heading_gets_context() -> None:
    found = cards("## TIME-WAIT\n\n### Purpose\n\nLets old duplicates die out and re-sends a lost final ACK.\n")
    find(found, K.EXPLAIN, "What is the purpose of TIME-WAIT?")


# -- labels written as text ----------------------------------------------------------------------


def test_bold_line_is_a_heading() -> None:
    found = cards("**连接释放阶段：**\n\n客户端发送 FIN，进入 FIN-WAIT-1 状态。\n\n"
                  "**TCP 为什么是三次握手？**\n\n为了防止已失效的连接请求突然又传到服务端。\n")
    assert back(find(found, K.EXPLAIN, "连接释放阶段")).startswith("客户端发送 FIN")
    find(found, K.BASIC, "TCP 为什么是三次握手？")


def test_bold_label_on_the_first_line_of_a_paragraph() -> None:
    found = cards("**TCP 报文中的重要字段：**\n序号：标识发送的字节流\n确认号：期待收到的下一个字节的序号\n")
    assert back(find(found, K.DEFINITION, "TCP 报文中的重要字段 · 序号是什么？")) == "标识发送的字节流"
    assert back(find(found, K.DEFINITION, "TCP 报文中的重要字段 · 确认号是什么？")) == "期待收到的下一个字节的序号"
    assert not [c for c in found if c.kind == K.EXPLAIN]  # the definitions say it all


def test_bold_sentence_is_emphasis_not_a_heading() -> None:
    found = cards("## 半关闭\n\n**这一点很重要，一定要记住。**\n\nTCP 是全双工的，每个方向单独关闭。\n")
    card = find(found, K.EXPLAIN, "半关闭")
    assert "全双工" in back(card) and "一定要记住" in back(card)


def test_colon_label_and_question_line_are_headings() -> None:
    found = cards("三次握手原理：\n\n双方交换初始序号，并确认对方收到。\n\n"
                  "为什么不用两次？\n\n旧的重复 SYN 会被当成新连接。\n")
    find(found, K.EXPLAIN, "三次握手原理")
    assert back(find(found, K.BASIC, "为什么不用两次？")) == "旧的重复 SYN 会被当成新连接。"


def test_short_line_without_punctuation_is_a_heading() -> None:
    found = cards("TCP和UDP的区别\n\nTCP 面向连接、可靠；UDP 无连接、尽力而为。\n\nIPV4和IPV6\n")
    find(found, K.EXPLAIN, "TCP和UDP的区别")
    assert len(found) == 1  # IPV4和IPV6 heads nothing


def test_too_short_line_is_not_a_heading() -> None:
    found = cards("## 复习\n\n每 2 天\n\n每两天读一遍笔记，直到全部记住为止。\n")
    assert "每 2 天" in back(find(found, K.EXPLAIN, "复习"))


def test_one_item_list_holding_a_question_is_a_heading() -> None:
    found = cards("8. 为什么是四次挥手\n\n因为服务器收到 FIN 时可能还有数据要发。\n\n"
                  "9. Why wait 2MSL?\n\n- To re-send a lost ACK.\n"
                  "- To let old segments die.\n")
    assert back(find(found, K.BASIC, "为什么是四次挥手？")).startswith("因为服务器收到 FIN")
    assert "re-send a lost ACK" in back(find(found, K.BASIC, "Why wait 2MSL?"))


def test_intro_words_are_not_headings() -> None:
    found = cards("## SYN 洪泛\n\n攻击者只发 SYN，不回 ACK。\n\n例如：\n\n- 伪造源地址\n- 大量半连接\n")
    card = find(found, K.EXPLAIN, "SYN 洪泛")
    assert "伪造源地址" in back(card)


def test_three_blank_lines_end_an_answer() -> None:
    found = cards("## 为什么要等待 2MSL\n\n让最后的 ACK 有机会重传。\n\n\n\n读 60 遍\n\n《某本书》听 5 遍\n")
    card = find(found, K.BASIC, "为什么要等待 2MSL？")
    assert back(card) == "让最后的 ACK 有机会重传。"
    assert len(found) == 1


def test_two_blank_lines_do_not() -> None:
    found = cards("为什么不用两次？\n\n第一段回答，\n\n \n但回答还在继续。\n")
    assert "但回答还在继续" in back(find(found, K.BASIC, "为什么不用两次？"))


# -- numbered steps --------------------------------------------------------------------------------

STEP_FORMS = {
    "list": "1. 客户端发送 SYN\n2. 服务器回复 SYN+ACK\n3. 客户端回复 ACK\n",
    "parens": "(1) 客户端发送 SYN\n(2) 服务器回复 SYN+ACK\n(3) 客户端回复 ACK\n",
    "full-width parens": "（1）客户端发送 SYN\n（2）服务器回复 SYN+ACK\n（3）客户端回复 ACK\n",
    "circled": "① 客户端发送 SYN\n② 服务器回复 SYN+ACK\n③ 客户端回复 ACK\n",
    "bold circled": "**①** 客户端发送 SYN  \n**②** 服务器回复 SYN+ACK  \n**③** 客户端回复 ACK\n",
    "顿号": "1、客户端发送 SYN\n2、服务器回复 SYN+ACK\n3、客户端回复 ACK\n",
    "paragraphs": "(1) 客户端发送 SYN\n\n(2) 服务器回复 SYN+ACK\n\n(3) 客户端回复 ACK\n",
}


@pytest.mark.parametrize("form", STEP_FORMS)
def test_numbered_steps_give_a_sequence_and_a_card_per_step(form: str) -> None:
    found = cards(f"## 三次握手\n\n{STEP_FORMS[form]}")
    sequence = find(found, K.SEQUENCE, "三次握手")
    assert sequence.extra == {"steps": 3}
    assert [back(c) for c in found if c.kind == K.STEP] == ["客户端发送 SYN", "服务器回复 SYN+ACK", "客户端回复 ACK"]
    # a step that opens with who acts is asked by its place and that actor: "step 2 of 3" alone
    # asks nothing a learner can recall, "step 2 of 3: what does the server do?" does
    assert front(found[1]) == "三次握手 · 第 1 步（共 3 步），客户端做什么？"
    assert front(found[2]) == "三次握手 · 第 2 步（共 3 步），服务器做什么？"
    assert found[2].extra == {"step": 2, "steps": 3, "sequence": "三次握手"}
    assert back(sequence).split("\n")[0].endswith("客户端发送 SYN")


def test_named_steps_are_fronted_by_their_names() -> None:
    found = cards("#### 三次握手\n第一次握手：客户端发送 SYN，进入 SYN_SENT；\n第二次握手：服务器回复 SYN+ACK；\n"
                  "第三次握手：客户端回复 ACK，双方进入 ESTABLISHED。\n")
    assert summary(found) == [
        (K.SEQUENCE, "三次握手"), (K.STEP, "三次握手 · 第一次握手"), (K.STEP, "三次握手 · 第二次握手"),
        (K.STEP, "三次握手 · 第三次握手"),
    ]
    assert back(found[1]) == "客户端发送 SYN，进入 SYN_SENT；"


def test_bold_named_steps() -> None:
    found = cards("## 三次握手\n\n**第一次握手**：客户端发送 SYN。\n**第二次握手**：服务器回复 SYN+ACK。\n")
    assert back(find(found, K.STEP, "三次握手 · 第二次握手")) == "服务器回复 SYN+ACK。"


def test_english_steps() -> None:
    found = cards("## The handshake\n\nStep 1: the client sends SYN.\nStep 2: the server answers SYN+ACK.\n"
                  "Step 3: the client sends ACK.\n")
    assert back(find(found, K.STEP, "The handshake · Step 2")) == "the server answers SYN+ACK."
    found = cards("## Closing\n\n1. The client sends FIN.\n2. The server ACKs it.\n")
    assert back(find(found, K.STEP, "Closing · step 2 of 2: what does the server do?")) == "The server ACKs it."


def test_step_keeps_its_continuation_lines() -> None:
    found = cards("## 握手\n\n首先双方都处于 CLOSED：\n① 客户端发送报文：\n标志位 SYN=1，序号 seq=x\n② 服务器回复：\n"
                  "SYN=1，ACK=1，ack=x+1\n")
    first = find(found, K.STEP, "握手 · 第 1 步（共 2 步），客户端做什么？")
    assert back(first) == "客户端发送报文：\n标志位 SYN=1，序号 seq=x"
    assert back(find(found, K.SEQUENCE, "握手")).startswith("首先双方都处于 CLOSED：")


def test_points_under_a_question_answer_it_and_are_not_steps() -> None:
    # "第 2 点（共 2 点）" asks nothing a learner can answer: the points are the question's answer.
    found = cards("## 为什么需要三次握手？\n\n1. 防止旧的重复连接\n2. 同步双方的初始序号\n")
    assert summary(found) == [(K.BASIC, "为什么需要三次握手？")]
    assert back(found[0]) == "1. 防止旧的重复连接\n2. 同步双方的初始序号"


def test_numbers_out_of_order_are_not_steps() -> None:
    found = cards("## 计时器\n\n(2) 重传计时器\n(5) 保活计时器\n")
    assert not [c for c in found if c.kind in (K.SEQUENCE, K.STEP)]


def test_long_sequence_is_shortened_but_each_step_is_whole() -> None:
    step = "这是一个很长的步骤说明，" * 12 + "最后结束。"
    found = cards("## 过程很长的流程\n\n" + "".join(f"{n}. 第{n}件事。{step}\n" for n in range(1, 8)))
    sequence = find(found, K.SEQUENCE, "过程很长的流程")
    assert fits(sequence.back) and back(sequence).count("\n") == 6
    assert back(find(found, K.STEP, "过程很长的流程 · 「第6件事」之后是哪一步？")).startswith("第7件事。")


def test_numbered_definitions_are_definitions() -> None:
    found = cards("**标志位：**\n① URG：紧急指针有效\n② ACK：确认号有效\n③ SYN：发起新连接\n")
    find(found, K.SEQUENCE, "标志位")
    assert back(find(found, K.DEFINITION, "标志位 · ACK 是什么？")) == "确认号有效"
    assert not [c for c in found if c.kind == K.STEP]


# -- definitions --------------------------------------------------------------------------------------


def test_term_colon_definition_lines() -> None:
    found = cards("## 各层\n\n应用层：为应用程序提供服务\n传输层: 端到端的连接\nTransport layer: process to process\n")
    assert back(find(found, K.DEFINITION, "各层 · 应用层是什么？")) == "为应用程序提供服务"
    assert back(find(found, K.DEFINITION, "各层 · 传输层是什么？")) == "端到端的连接"
    assert back(find(found, K.DEFINITION, "各层 · Transport layer 是什么？")) == "process to process"


def test_bold_term_list() -> None:
    found = cards("## Timers\n\n- **Retransmission**: re-sends unacknowledged data\n"
                  "- **Keepalive**: probes an idle peer\n"
                  "- **TIME-WAIT**：等待 2MSL\n")
    assert back(find(found, K.DEFINITION, "Timers · What is Retransmission?")) == "re-sends unacknowledged data"
    assert back(find(found, K.DEFINITION, "Timers · TIME-WAIT 是什么？")) == "等待 2MSL"  # the note answers in Chinese


def test_bold_around_term_and_definition() -> None:
    found = cards("## 对比\n\n- **UDP：速度快、面向报文**的传输协议\n")
    assert back(find(found, K.DEFINITION, "对比 · UDP 是什么？")) == "速度快、面向报文的传输协议"


@pytest.mark.parametrize("line", [
    "第一：保证最后的 ACK 能到达",  # a reason, not a term
    "例如：数据报检测、流量控制",  # an introduction
    "注意：FIN 也消耗一个序号",
    "TCP规定：FIN 也消耗一个序号",  # reported speech
    "客户端发送 SYN，然后进入 SYN-SENT：接着等待",  # a sentence before the colon
    "详见 http://example.com/tcp",
    "会议时间 10:30 开始",
])
def test_not_definitions(line: str) -> None:
    found = cards(f"## 笔记\n\n{line}\n")
    assert not [c for c in found if c.kind == K.DEFINITION]


def test_repeated_term_is_not_a_glossary() -> None:
    found = cards("## 对话\n\n客户端：我要连接\n服务器：好的\n客户端：收到\n")
    assert [front(c) for c in found if c.kind == K.DEFINITION] == ["对话 · 服务器是什么？"]


def test_two_column_table() -> None:
    found = cards("## 状态\n\n| 状态 | 含义 |\n|---|---|\n| LISTEN | 等待连接请求 |\n| CLOSED | 没有连接 |\n")
    assert back(find(found, K.DEFINITION, "状态 · LISTEN 是什么？")) == "等待连接请求"
    assert back(find(found, K.DEFINITION, "状态 · CLOSED 是什么？")) == "没有连接"


def test_malformed_table_with_caption_row() -> None:
    found = cards("## 状态\n\n|   |   |\n|---|---|\nTCP连接状态解释\n|CLOSED|关闭状态|\n|LISTEN|监听状态|\n")
    closed = find(found, K.DEFINITION, "TCP连接状态解释 · CLOSED 是什么？")
    assert back(closed) == "关闭状态"
    assert "/tcp连接状态解释::" in closed.key
    assert len([c for c in found if c.kind == K.DEFINITION]) == 2


def test_wider_table_names_its_columns() -> None:
    found = cards("| | TCP | UDP |\n|---|---|---|\n| 连接 | 面向连接 | 无连接 |\n| 首部 | 20 字节 | 8 字节 |\n")
    assert back(find(found, K.DEFINITION, "TCP 和 UDP 在首部上有何区别？")) == "TCP：20 字节\nUDP：8 字节"


# -- questions answered in place ----------------------------------------------------------------------


def test_question_inside_a_list_item() -> None:
    found = cards("## 关闭\n\n- 应用层如何知道对端关闭？通常 recv 返回 0。\n- How does the app see a RST?\n"
                  "  recv fails with ECONNRESET.\n")
    assert back(find(found, K.BASIC, "应用层如何知道对端关闭？")) == "通常 recv 返回 0。"
    assert back(find(found, K.BASIC, "How does the app see a RST?")) == "recv fails with ECONNRESET."


def test_questions_inside_a_paragraph() -> None:
    found = cards("## 问答\n\n问：什么是 MSL？\n答：报文段的最长寿命。\n2、TIME_WAIT 持续多久？\n答：2MSL。\n")
    assert back(find(found, K.BASIC, "什么是 MSL？")) == "报文段的最长寿命。"
    assert back(find(found, K.BASIC, "TIME_WAIT 持续多久？")) == "2MSL。"


def test_rhetorical_question_mid_paragraph_is_not_a_card() -> None:
    found = cards("## 半关闭\n\nTCP 是全双工的。那么为什么要四次？因为两个方向分别关闭。\n")
    assert summary(found) == [(K.EXPLAIN, "半关闭")]


def test_questions_in_a_text_fence() -> None:
    found = cards("## 面试题\n\n```txt\n1. 什么是三次握手？\n答：建立连接时交换的三个报文段。\n"
                  "2. Why not two?\nAn old duplicate SYN would open a connection.\n```\n")
    assert back(find(found, K.BASIC, "什么是三次握手？")) == "建立连接时交换的三个报文段。"
    assert back(find(found, K.BASIC, "Why not two?")) == "An old duplicate SYN would open a connection."


def test_code_fence_is_not_questions() -> None:
    found = cards("## 代码\n\n```python\n# why? because\nsock.close()\n```\n\n```\n// why?\nclose(fd);\n```\n")
    assert not [c for c in found if c.kind == K.BASIC]


# -- statements, empty sections, tables of contents ------------------------------------------------------


def test_statement_heading_with_an_answer_explains() -> None:
    found = cards("## 四次挥手\n\nTCP 是全双工的，每个方向都要单独关闭。\n")
    assert back(find(found, K.EXPLAIN, "四次挥手")) == "TCP 是全双工的，每个方向都要单独关闭。"


@pytest.mark.parametrize("body", [
    "",
    "![](https://example.com/handshake.png)",
    "[RFC 9293](https://www.rfc-editor.org/rfc/rfc9293)",
    "![](E:\\notes\\img\\a.png)",
    "略",
    "TODO",
    "四次挥手",  # the back repeats the front
])
def test_heading_without_a_real_answer_gives_nothing(body: str) -> None:
    assert cards(f"## 四次挥手\n\n{body}\n") == ()


def test_table_of_contents_gives_nothing() -> None:
    found = cards("[TOC]\n\n## 目录\n\n- [三次握手](#三次握手)\n- [四次挥手](#四次挥手)\n\n"
                  "- [Handshake](#handshake)\n- [Close](#close)\n\n## 三次握手\n\n建立连接的过程。\n")
    assert summary(found) == [(K.EXPLAIN, "三次握手")]


def test_a_long_answer_is_split_into_parts_never_cut() -> None:
    paragraph = "".join(f"第{n}句解释了一个细节。" for n in range(40))
    found = cards(f"## 为什么需要 TIME_WAIT？\n\n简短的回答在第一段。\n\n{paragraph}\n\n{paragraph}\n")
    parts = [c for c in found if c.kind == K.BASIC]
    assert [front(c) for c in parts] == [f"为什么需要 TIME_WAIT？（{n}/{len(parts)}）" for n in range(1, len(parts) + 1)]
    assert all(fits(c.back) for c in parts) and back(parts[0]).startswith("简短的回答在第一段。")
    joined = "".join(back(c) for c in parts).replace("\n", "")
    assert joined == f"简短的回答在第一段。{paragraph}{paragraph}"  # every sentence, once, in order
    # the first part keeps the question's key, so its history stays with it
    assert parts[0].key == "file:note.md::/::basic::为什么需要 time_wait"


def test_answer_stops_where_a_card_of_its_own_begins() -> None:
    found = cards("### 保活机制\n\n空闲 2 小时后发送探测，每 75 秒一次，10 次无响应就断开。\n\n"
                  "应用层如何知道对端关闭？recv 返回 0。\n\n```txt\n1、TCP 首部多长？\n20 字节。\n```\n")
    assert back(find(found, K.EXPLAIN, "保活机制")) == "空闲 2 小时后发送探测，每 75 秒一次，10 次无响应就断开。"
    find(found, K.BASIC, "应用层如何知道对端关闭？")
    find(found, K.BASIC, "TCP 首部多长？")


def test_comparison_table_is_not_a_glossary() -> None:
    found = cards("## TCP 与 UDP 的区别\n\n| TCP | UDP |\n|---|---|\n| 面向连接 | 无连接 |\n| 可靠 | 尽力而为 |\n")
    assert summary(found)[0] == (K.EXPLAIN, "TCP 与 UDP 的区别")
    assert "| 面向连接 | 无连接 |" in found[0].back
    # each row is a fact of its own: the first column's value asks for the other's
    assert back(find(found, K.DEFINITION, "TCP 与 UDP 的区别 · TCP：面向连接")) == "UDP：无连接"
    assert back(find(found, K.DEFINITION, "TCP 与 UDP 的区别 · TCP：可靠")) == "UDP：尽力而为"


def test_glossary_table_headings() -> None:
    found = cards("| Flag | Meaning |\n|---|---|\n| SYN | synchronise |\n\n| 端口 | 说明 |\n|---|---|\n| 80 | HTTP |\n")
    assert back(find(found, K.DEFINITION, "What is SYN?")) == "synchronise"
    find(found, K.DEFINITION, "80")


def test_a_question_above_is_no_context_for_what_is_below() -> None:
    found = cards("**TIME_WAIT 过多怎么办？**\n\n1. 开启端口复用\n2. 使用长连接\n\nMSL：报文最大生存时间\n")
    find(found, K.DEFINITION, "MSL 是什么？")
    assert "使用长连接" in back(find(found, K.BASIC, "TIME_WAIT 过多怎么办？"))


def test_titles_that_name_an_aspect_get_context() -> None:
    found = cards("### SYN 洪泛攻击\n\n攻击者只发 SYN 不回 ACK。\n\n如何发现？用 netstat 看大量 SYN_RECV。\n\n"
                  "防御方法：\n- SYN cookies\n- 增大 backlog\n")
    find(found, K.BASIC, "SYN 洪泛攻击 · 如何发现？")
    find(found, K.EXPLAIN, "SYN 洪泛攻击 · 防御方法")


def test_an_empty_label_heads_the_labels_after_it() -> None:
    found = cards("TCP与UDP对比\n\n\n\n**区别：**\n\n1. TCP 面向连接，UDP 无连接\n2. TCP 可靠，UDP 尽力而为\n\n"
                  "聊天软件的设计\n\n- 登录：用 TCP\n- 消息：用 UDP\n\n\n\n"
                  "半连接队列\n\n收到 SYN 后放入，等待第三次握手。\n")
    assert summary(found) == [
        (K.EXPLAIN, "TCP与UDP对比 · 区别"),  # numbered points, not steps
        (K.DEFINITION, "聊天软件的设计 · 登录是什么？"),
        (K.DEFINITION, "聊天软件的设计 · 消息是什么？"),
        (K.EXPLAIN, "半连接队列"),  # after three blank lines: a new topic
    ]
    assert found[1].key == "file:note.md::/tcp与udp对比/聊天软件的设计::definition::登录"
    assert found[3].key == "file:note.md::/::explain::半连接队列"


def test_a_colon_line_under_a_heading_introduces_its_answer() -> None:
    found = cards("## TIME-WAIT\n\nTwo reasons:\n1. A lost final ACK can be re-sent.\n2. Old duplicates die out.\n")
    answer = find(found, K.EXPLAIN, "TIME-WAIT")
    assert back(answer) == "Two reasons:\n\n1. A lost final ACK can be re-sent.\n2. Old duplicates die out."
    assert not [c for c in found if c.kind == K.STEP]  # reasons are points, not the steps of a process


def test_an_english_sentence_with_a_colon_is_not_a_definition() -> None:
    found = cards("## Why four segments?\n\nEach direction is closed separately: the ACK and the FIN go apart.\n")
    assert summary(found) == [(K.BASIC, "Why four segments?")]


def test_text_under_the_note_title_is_asked_by_its_facts() -> None:
    # The text under `# ` introduces the note: a sentence of no shape is asked by the title
    # it sits under, never by its opening cut short ("Drill · Some prose to read……").
    found = cards("# Drill\n\nSome prose to read before the cards.\n\n# 为什么是三次握手？\n\n防止旧的 SYN。\n")
    assert summary(found) == [(K.EXPLAIN, "Drill"), (K.BASIC, "为什么是三次握手？")]
    assert back(found[0]) == "Some prose to read before the cards."


def test_english_labels() -> None:
    found = cards("**Connection release:**\n\nThe active closer sends FIN and enters FIN-WAIT-1.\n\n"
                  "TCP versus UDP\n\nTCP is connection-oriented and reliable; UDP is neither.\n\n"
                  "Why not two handshakes?\n\nAn old duplicate SYN would open a connection nobody asked for.\n\n"
                  "Keepalive defaults:\n\nTwo hours idle, then a probe every 75 seconds, 10 probes at most.\n")
    assert summary(found) == [
        (K.EXPLAIN, "Connection release"), (K.EXPLAIN, "TCP versus UDP"), (K.BASIC, "Why not two handshakes?"),
        (K.EXPLAIN, "Keepalive defaults"),
    ]
