"""The structures real notes share (measured on ../shared/corpus), each in a fixture of our
own words, in Chinese and in English: what each becomes, and that nothing of it is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tcpquiz.cards import CardKind as K
from tcpquiz.cards import DeckDraft
from tcpquiz.notes.coverage import coverage

from .conftest import back, cards, find, front, parse, summary


def kept(text: str) -> float:
    deck: DeckDraft = parse(text)
    return coverage(deck).share


def fronts(text: str) -> list[str]:
    return [front(card) for card in cards(text)]


# -- definitions written as list items ---------------------------------------------------------


@pytest.mark.parametrize("note, term, meaning", [
    ("## TCP states\n\n* LISTEN - waiting for a connection request from any peer\n"
     "* SYN-SENT - waiting for a matching request after sending one\n",
     "TCP states · What is LISTEN?", "waiting for a connection request from any peer"),
    ("## 状态\n\n- **TIME_WAIT**：等待足够长的时间，确保对端收到最后的确认\n"
        "- **CLOSE_WAIT**：等待本地应用发出关闭请求\n",
     "状态 · TIME_WAIT 是什么？", "等待足够长的时间，确保对端收到最后的确认"),
    ("## Header\n\n*   **checksum field**\n\n    covers the header and the data, with a pseudo-header\n",
     "Header · What is the checksum field?", "covers the header and the data, with a pseudo-header"),
])
def test_definition_items(note: str, term: str, meaning: str) -> None:
    assert back(find(cards(note), K.DEFINITION, term)) == meaning
    assert kept(note) == 1.0


# -- questions where they sit ------------------------------------------------------------------------


@pytest.mark.parametrize("note, question, answer", [
    ("## Fast retransmit\n\n> Why wait for three duplicate ACKs?\n> One or two may only mean reordering.\n",
     "Why wait for three duplicate ACKs?", "One or two may only mean reordering."),
    ("## 快重传\n\n> 为什么要等三个重复确认？\n> 一两个重复确认可能只是乱序。\n",
     "为什么要等三个重复确认？", "一两个重复确认可能只是乱序。"),
    ("## Timers\n\n- What does the persist timer do? It probes a zero window.\n",
     "What does the persist timer do?", "It probes a zero window."),
    ("## 计时器\n\n- 保活计时器有什么用？探测空闲连接的对端是否还在。\n",
     "保活计时器有什么用？", "探测空闲连接的对端是否还在。"),
    ("<details><summary>为什么不是两次握手？</summary>\n\n两次握手不能防止失效的连接请求被接受。\n\n</details>\n",
     "为什么不是两次握手？", "两次握手不能防止失效的连接请求被接受。"),
    ("<b><details><summary>Why not two segments?</summary></b>\n\nThe server could not confirm its own ISN.\n\n"
     "</details>\n",
     "Why not two segments?", "The server could not confirm its own ISN."),
])
def test_questions_in_quotes_items_and_summaries(note: str, question: str, answer: str) -> None:
    assert back(find(cards(note), K.BASIC, question)) == answer
    assert kept(note) == 1.0


def test_a_summary_heads_the_headings_inside_its_details() -> None:
    note = ("<b><details><summary>12.传输层--UDP</summary></b>\n\n参考答案：\n\n### 特点\n\n"
            "UDP 不建立连接，发送前没有握手的时延。\n\n</details>\n\n"
            "<b><details><summary>13.传输层--TCP</summary></b>\n"
                "\n### 特点\n\nTCP 面向连接，通过三次握手建立连接。\n\n</details>\n")
    found = cards(note)
    udp = next(c for c in found if "没有握手的时延" in c.back)
    tcp = next(c for c in found if "通过三次握手建立连接" in c.back)
    assert front(udp) == "传输层--UDP 有哪些特点？" and front(tcp) == "传输层--TCP 有哪些特点？"
    assert udp.key.startswith("file:note.md::/传输层--udp::") and tcp.key.startswith("file:note.md::/传输层--tcp::")
    assert kept(note) == 1.0


def test_details_between_list_items() -> None:
    note = ("1. 三次握手\n\n<details><summary>第三次握手丢失会怎样？</summary>\n\n"
            "服务端超时重传 SYN+ACK，直到达到重试上限。\n\n</details>\n\n2. 四次挥手\n")
    assert back(find(cards(note), K.BASIC, "第三次握手丢失会怎样？")) == "服务端超时重传 SYN+ACK，直到达到重试上限。"


# -- tables, fences and indented prose ----------------------------------------------------------------


def test_a_table_after_a_lead_in_line() -> None:
    note = ("## Flags\n\nThe control bits:\n\n| Bit | Meaning |\n|---|---|\n"
        "| SYN | synchronise numbers |\n| FIN | no more data |\n")
    found = cards(note)
    assert back(find(found, K.DEFINITION, "Flags · What is SYN?")) == "synchronise numbers"
    assert "The control bits" not in [back(c) for c in found]  # a lead-in alone answers nothing
    assert kept(note) == 1.0


def test_a_comparison_table_asks_a_row_at_a_time() -> None:
    note = ("## 对比\n\n|  | UDP | TCP |\n|:---|:---|:---|\n"
        "| 连接 | 无连接 | 面向连接 |\n| 首部 | 8 字节 | 20 到 60 字节 |\n")
    found = cards(note)
    assert back(find(found, K.DEFINITION, "UDP 和 TCP 在首部上有何区别？")) == "UDP：8 字节\nTCP：20 到 60 字节"
    assert kept(note) == 1.0


@pytest.mark.parametrize("note, fact", [
    ("## 拥塞控制\n\n```\n慢启动阶段每经过一个往返时间拥塞窗口翻倍。\n"
        "达到门限以后改为线性增长。\n```\n", "达到门限以后改为线性增长。"),
    ("## 拥塞控制\n\n"
        "\t慢启动阶段每经过一个往返时间，拥塞窗口就翻倍。\n", "慢启动阶段每经过一个往返时间，拥塞窗口就翻倍。"),
    ("## Congestion\n\n    Slow start doubles the window every round trip, up to the threshold.\n",
     "Slow start doubles the window every round trip, up to the threshold."),
    ("## 为什么需要 TIME_WAIT？\n\n```javascript\n"
        "// 原因1：确保最后一个 ACK 能到达对方\n// 原因2：让旧连接的报文在网络中消失\n```\n",
     "确保最后一个 ACK 能到达对方"),
])
def test_prose_in_fences_and_indented_text_is_read(note: str, fact: str) -> None:
    assert any(fact in card.back for card in cards(note))
    assert kept(note) == 1.0


def test_code_stays_code() -> None:
    note = ("## 粘包\n\n```javascript\nfunction encode(msg) {\n"
        "  const body = Buffer.from(msg);\n  return body;\n}\n```\n")
    found = cards(note)
    assert summary(found) == [(K.EXPLAIN, "粘包")]  # the section shows its code; no line of it is a fact
    assert kept(note) == 1.0  # a program is not content to keep


@pytest.mark.parametrize("note, joined", [
    ("## 重传\n\n"
        "对任何实现而言，关键之处就在于超时和重传的策略，即怎样决定超时间隔和如何确定重传的频率，以及重新排\n序的报文段。\n",
     "如何确定重传的频率，以及重新排序的报文段。"),
    ("## Retransmission\n\nThe key to any implementation is the timeout and retransmission strategy, how the\n"
     "interval is chosen and how often to retransmit.\n", "how the interval is chosen"),
])
def test_lines_wrapped_mid_sentence_are_joined(note: str, joined: str) -> None:
    assert any(joined in card.back for card in cards(note))


def test_typora_lines_stay_lines() -> None:
    note = ("## 分层\n\n应用层：为应用程序提供服务，对应各种软件，包括访问网页的协议和传输文件的协议  \n"
            "传输层：建立、管理和维护端到端的连接\n")
    found = cards(note)
    assert back(find(found, K.DEFINITION, "分层 · 传输层是什么？")) == "建立、管理和维护端到端的连接"


# -- Obsidian -----------------------------------------------------------------------------------------------


def test_callouts_embeds_and_wikilinks() -> None:
    note = ("## Handshake\n\n> [!note] Why three segments?\n> Two cannot confirm both initial sequence numbers.\n\n"
            "![[handshake.png]]\n\nThe [[TCP header|header]] carries the ISN in its sequence number field.\n")
    found = cards(note)
    assert back(find(found, K.BASIC, "Why three segments?")) == "Two cannot confirm both initial sequence numbers."
    assert not any("[!note]" in card.front + card.back or "[[" in card.front + card.back for card in found)
    assert any("The header carries the ISN" in card.back for card in found)
    assert kept(note) == 1.0


# -- one fact per card ----------------------------------------------------------------------------------------


def test_each_sentence_of_a_long_section_is_a_card_and_none_is_cut() -> None:
    sentences = [f"第{n}条规则说明了拥塞窗口在第{n}种情况下如何变化，并给出了理由。" for n in range(1, 13)]
    note = "## 拥塞窗口\n\n" + "".join(sentences) + "\n"
    found = cards(note)
    assert not any(front(c) == "拥塞窗口" for c in found)  # too long to be answered whole
    for sentence in sentences:
        assert any(sentence in card.back for card in found)
    assert all(len(card.back) < 200 for card in found)
    assert kept(note) == 1.0


def test_a_fact_card_asks_by_its_heading_and_what_its_sentence_concludes() -> None:
    note = ("## SYN 攻击\n\n短时间内出现大量半连接，且源地址是随机的，就可以认定遭到了攻击。\n"
        "\n防御可以用 SYN cookies，不在收到 SYN 时分配资源。\n")
    found = fronts(note)
    assert "SYN 攻击 · 如何认定遭到了攻击？" in found  # the signs are the answer
    assert not any(text.endswith("……") for text in found)  # never an opening cut short


def test_bold_words_become_a_cloze() -> None:
    note = ("## 拥塞控制\n\nTCP 的拥塞控制算法有四种，即**慢开始**、**拥塞避免**、**快重传**和**快恢复**。\n"
        "\n判断网络拥塞的依据是出现了超时。\n")
    # the sentence names its heading's topic already, so no heading leads it
    card = find(cards(note), K.CLOZE, "TCP 的拥塞控制算法有四种，即[…]、[…]、[…]和[…]。")
    assert back(card) == "TCP 的拥塞控制算法有四种，即慢开始、拥塞避免、快重传和快恢复。"


def test_prose_around_a_list_is_kept() -> None:
    note = ("## Sending\n\nTCP sends a segment in three cases, decided by the sender alone:\n\n- the segment is full\n"
            "- a timer fires\n- the application pushes\n\nThe maximum segment size caps how full a segment can get.\n")
    found = cards(note)
    asked = "Sending · TCP sends a segment in three cases, decided by the sender alone"
    assert "the application pushes" in back(find(found, K.EXPLAIN, asked))
    assert any("caps how full a segment can get" in card.back for card in found)
    assert kept(note) == 1.0


# -- nothing lost -------------------------------------------------------------------------------------------


def test_a_table_of_contents_first_does_not_swallow_the_note() -> None:
    note = ("# 目录\n   * [拥塞控制](#拥塞控制)\n      * [慢开始](#慢开始)\n---\n\n"
            "若对网络中某一资源的需求超过了它所能提供的部分，网络性能就会变坏，这就是拥塞。\n"
                "\n# 拥塞控制\n\n拥塞控制防止过多的数据注入网络。\n")
    found = cards(note)
    assert any("网络性能就会变坏" in card.back for card in found)
    assert not any("慢开始" in card.back for card in found)  # the contents are not content
    assert kept(note) == 1.0


def test_a_missing_image_does_not_end_the_section(tmp_path: Path) -> None:
    note = ("## 慢开始\n\n发送方每收到一个确认，就把拥塞窗口加一。\n\n<div align=\"center\">\n"
            "<img src=\"./imgs/missing.jpg\" width=\"80%\">\n</div>\n\n\n\n"
            "慢开始的慢是指一开始只发送一个报文段，而不是增长得慢。\n")
    found = cards(note, base_dir=tmp_path)
    later = next(card for card in found if "而不是增长得慢" in card.back)
    assert "慢开始" in later.key


# -- junk ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("note", [
    "## Sources\n\n- Kurose and Ross, Computer Networking, chapter 3\n- RFC 9293, section 3.5\n",
    "## 参考资料\n\n详细资料可以参考：\n[TCP 详解](https://example.com/tcp)\n",
    "## 常见问题\n\n- 为什么是三次握手？\n- 为什么是四次挥手？\n- TIME_WAIT 为什么是 2MSL？\n",
    "## 第一次握手\n\n展开\n",
    "## 进度\n\n读 60 遍\n\n《TCP/IP 详解》TCP 章听 5 遍 完成 1 遍\n",
])
def test_not_content_makes_no_card(note: str) -> None:
    assert cards(note) == ()


def test_two_cards_never_ask_the_same_with_different_answers() -> None:
    note = ("## 三次握手\n\n### 作用\n\n同步双方的初始序号，确认双方的收发能力都正常。\n\n"
            "## 四次挥手\n\n### 作用\n\n让双方各自关闭自己的发送方向，已发出的数据都能被收到。\n")
    found = fronts(note)
    assert len(found) == len(set(found))


def test_the_report_says_why_a_line_is_in_no_card() -> None:
    deck = parse("---\ntags: [tcp]\n---\n## 握手\n\n三次握手同步双方的初始序号。\n\n"
                 "```c\nint fd = socket(AF_INET, SOCK_STREAM, 0);\n```\n\n## 参考\n\n- [RFC 9293](https://www.rfc-editor.org/rfc/rfc9293)\n")
    report = coverage(deck)
    assert report.share == 1.0 and report.lost == []
    reasons = {(d.line, d.reason) for d in report.dropped}
    assert reasons == {(1, "front matter"), (8, "code"), (14, "references")}


def test_the_report_names_a_sentence_in_no_card() -> None:
    # a sentence of six letters is too short to be asked alone, and the section is too long to be asked whole
    sentences = "".join(f"第{n}次交换确认了一方的发送能力和另一方的接收能力。" for n in range(1, 13))
    note = "## 握手\n\n" + sentences + "\n\n就这样。\n"
    report = coverage(parse(note))
    assert [(d.line, d.reason, d.text) for d in report.lost] == [(5, "in no card", "就这样。")]
    assert 0.9 < report.share < 1.0


def test_fact_clozes_carry_their_anki_form() -> None:
    note = ("## 拥塞控制\n\nTCP 的拥塞控制算法有四种，即**慢开始**、**拥塞避免**、**快重传**和**快恢复**。\n\n"
            "判断网络拥塞的依据是出现了超时。\n\n"
            "## Timers\n\nThe persist timer probes a zero window so that the connection never deadlocks.\n\n"
            "The keepalive timer finds out whether an idle peer is still there.\n")
    found = [card for card in cards(note) if card.kind == K.CLOZE]
    anki = [card.extra["anki"] for card in found]
    assert "TCP 的拥塞控制算法有四种，即{{c1::慢开始}}、{{c1::拥塞避免}}、{{c1::快重传}}和{{c1::快恢复}}。" in anki
    # a sentence of no known shape is asked by its heading, not as a cloze of its end; one
    # that gives a reason asks why (questions.py)
    assert not any(text.endswith("}}") and "{{c1::whether" in text for text in anki)
    assert "The keepalive timer finds out" in back(find(cards(note), K.EXPLAIN, "Timers"))
    assert not any("persist" in text for text in anki)
