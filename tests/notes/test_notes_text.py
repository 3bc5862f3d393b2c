"""The small judgements the rules rest on (tcpquiz.notes.text)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tcpquiz.notes.text import (
    bare_label,
    bold_label,
    clean_title,
    cn_number,
    colon_label,
    fold,
    is_ambiguous,
    is_question,
    leading_question,
    question_label,
    split_definition,
    step_marker,
    with_context,
)


@pytest.mark.parametrize("text", [
    "为什么不用两次？", "为什么是四次挥手", "TCP 为什么可靠", "如何防御 SYN 洪泛", "哪些应用用 UDP", "是否能携带数据",
    "连接断开了吗", "Why four?", "How does TCP close", "what is MSL", "Is the header 20 bytes?", "RST?",
])
def test_questions(text: str) -> None:
    assert is_question(text)


@pytest.mark.parametrize("text", ["三次握手原理", "TCP和UDP的区别", "The handshake", "Is it so.", "Do not close", ""])
def test_not_questions(text: str) -> None:
    assert not is_question(text)


@pytest.mark.parametrize(("text", "family", "number", "label"), [
    ("(1) 发送 SYN", "paren", 1, None),
    ("（2）发送 ACK", "paren", 2, None),
    ("（三）释放", "paren", 3, None),
    ("① URG：紧急", "circled", 1, None),
    ("❷ second", "circled", 2, None),
    ("第一次握手：客户端发送 SYN", "ordinal", 1, "第一次握手"),
    ("第十二步：完成", "ordinal", 12, "第十二步"),
    ("第二：防止旧报文", "ordinal", 2, "第二"),
    ("3、回复 ACK", "digit", 3, None),
    ("4. 进入 CLOSED", "digit", 4, None),
    ("Step 2: the server answers", "step", 2, "Step 2"),
    ("Secondly, the server answers", "step", 2, "Secondly"),
])
def test_step_markers(text: str, family: str, number: int, label: str | None) -> None:
    marker = step_marker(text)
    assert (marker.family, marker.number, marker.label) == (family, number, label)
    assert text.startswith(marker.prefix)


@pytest.mark.parametrize("text", [
    "2MSL 是两倍的最长报文段寿命", "1.5 倍", "(TCP协议)传输控制协议", "第三次握手时就可以携带数据了，因为…",
    "10 个探测报文",
])
def test_not_step_markers(text: str) -> None:
    assert step_marker(text) is None


def test_chinese_numbers() -> None:
    assert [cn_number(t) for t in ("一", "十", "十二", "二十", "二十三", "两", "7", "百", "")] == [
        1, 10, 12, 20, 23, 2, 7, None, None]


@pytest.mark.parametrize(("text", "term", "definition"), [
    ("应用层：为应用程序提供服务", "应用层", "为应用程序提供服务"),
    ("TCP:可靠的、面向连接的", "TCP", "可靠的、面向连接的"),
    ("序号(sequence number)：标识字节流", "序号(sequence number)", "标识字节流"),
    ("Keepalive timer: probes an idle peer", "Keepalive timer", "probes an idle peer"),
])
def test_definitions(text: str, term: str, definition: str) -> None:
    found = split_definition(text)
    assert (found.term, found.definition) == (term, definition)


@pytest.mark.parametrize("text", [
    "第一：保证 ACK 到达", "例如：检测", "Note: this matters", "TCP规定：FIN 消耗序号", "客户端发送 SYN，然后：等待",
    "见 https://example.com", "10:30 开会", "a :: b", "URG：", "（MSL指的是Maximum Segment Lifetime：最大寿命）",
])
def test_not_definitions(text: str) -> None:
    assert split_definition(text) is None


def test_labels() -> None:
    assert colon_label("三次握手原理：") and colon_label("1. 连接释放阶段:")
    assert not colon_label("所谓四次挥手即是断开的过程，下图为图解：")
    assert not colon_label("首先双方都处于 CLOSED：") and not colon_label("过程如下：") and not colon_label("例如：")
    assert question_label("为什么不用两次？") and question_label("10. 如果已建立连接后，客户端突发故障要怎么办？")
    assert not question_label("应用层如何知道对端关闭？通常返回 0")
    assert not question_label("这是为什么。然后呢？")
    assert bare_label("TCP和UDP的区别") and bare_label("TCP/IP体系分为4/5层") and bare_label("IPV4和IPV6")
    assert not bare_label("读 60 遍") and not bare_label("再看一张图。") and not bare_label("如图所示")
    assert not bare_label("首先建立连接")
    assert bold_label("连接释放阶段：") and bold_label("TCP 为什么是三次握手？")
    assert not bold_label("这一点很重要，一定要记住。") and not bold_label("①")


@pytest.mark.parametrize(
    "title",
    ["第一次握手", "原理", "区别总结", "Purpose", "它的作用", "Step 1", "为什么？", "TCP", "防御方法", "如何发现？",
     "Two reasons"],
)
def test_ambiguous_titles(title: str) -> None:
    assert is_ambiguous(title)


@pytest.mark.parametrize("title", ["四次挥手", "应用层", "SYN-SENT", "为什么不用两次？", "什么是 MSL？", "Half-close"])
def test_clear_titles(title: str) -> None:
    assert not is_ambiguous(title)


def test_context() -> None:
    assert with_context("第一次握手", ["TCP", "三次握手"]) == "三次握手 · 第一次握手"
    assert with_context("第一次", ["三次握手", "原理"]) == "三次握手 · 原理 · 第一次"
    assert with_context("四次挥手", ["三次握手"]) == "四次挥手"
    assert with_context("原理", []) == "原理"


def test_clean_title() -> None:
    assert clean_title("  1.2 三次握手： ") == "三次握手"
    assert clean_title("一、TCP 基础") == "TCP 基础"
    assert clean_title("2MSL 是什么") == "2MSL 是什么"
    assert clean_title("三次握手") == "三次握手"


def test_leading_question() -> None:
    assert leading_question("应用层如何知道对端关闭？通常 recv 返回 0。") == (
        "应用层如何知道对端关闭？", "通常 recv 返回 0。",
    )
    assert leading_question("问：什么是 MSL？") == ("问：什么是 MSL？", "")
    assert leading_question("TCP 是全双工的。那么为什么？") is None
    assert leading_question("没有问号") is None


def folded_by_definition(text: str) -> str:
    return "".join(filter(str.isalnum, unicodedata.normalize("NFKC", text).casefold()))


# Letters, digits, punctuation and spaces of any script, full-width forms included; no
# symbols (™ is dropped rather than spelled out) and no combining marks.
note_text = st.text(st.characters(blacklist_categories=("Cs", "Co", "Cn", "Sc", "Sk", "Sm", "So",
                                                        "Mn", "Mc", "Me")), max_size=30)


@given(note_text)
def test_fold_is_nfkc_casefold_and_letters_only(text: str) -> None:
    assert fold(text) == folded_by_definition(text)


@pytest.mark.parametrize("text", ["为什么需要三次握手？……", "ＳＹＮ＋ＡＣＫ，序号 ｘ＋１", "cafe\u0301 café",
                                  "İstanbul", "か\u3099"])
def test_fold_of_chinese_full_width_and_accents(text: str) -> None:
    assert fold(text) == folded_by_definition(text)
