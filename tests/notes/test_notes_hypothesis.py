"""Random markdown: the importer never crashes, and the same input gives the same cards."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tcpquiz.notes.draft import fits

from .conftest import parse

# Pieces of the notes the importer meets, in both languages, plus the syntax it must survive.
PIECES = [
    "# 三次握手", "## Why three handshakes?", "### 第一次握手", "#### 为什么要等待 2MSL", "##", "Setext\n===",
    "三次握手原理：", "为什么不用两次？", "TCP和UDP的区别", "**标志位：**", "**TCP 为什么是三次握手？**",
    "1. 客户端发送 SYN", "2. 服务器回复 SYN+ACK", "(1) 发送", "（2）回复", "① URG：紧急", "② ACK：确认",
    "第一次握手：客户端发送 SYN", "第二次握手：服务器回复", "Step 1: send SYN", "- **SYN**: synchronise",
    "- 应用层如何知道对端关闭？通常 recv 返回 0。", "应用层：为应用程序提供服务", "TCP:可靠的", "问：什么是 MSL？",
    "答：最长报文段寿命。", "$SYN=1$ 与 $$x$$", "$", "![](E:\\img\\a.png)", "![](https://e.com/a.png)",
    "<details>", "<summary>为什么？</summary>", "</details>", "<br>", "<!-- c -->", "\t缩进的文字",
    "    indented code", "```txt", "```", "~~~", "|a|b|", "|---|---|", "|CLOSED|关闭|", "caption", "> 引用",
    "Q: 几次？", "A: 三次。", "SYN :: 同步", "RST ::: 复位", "?", "??", "==三次==", "{{c1::四次}}",
    "{{c2::x::hint}}", "****主要***", "**FIN-WAIT-1（终止等待1）**状态", "[TOC]", "- [a](#a)", "[^1]", "[^1]: note",
    "---", "title: x", "cards: explicit", "id: 1", "- ", "* * *", "\u3000", "\u00a0", "", "", "",
]

notes = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(alphabet="ab 中文：:？?*_=`$|-#>\\()（）①1.\t", max_size=12)),
    max_size=40,
).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes)
def test_random_notes_never_crash_and_are_stable(text: str) -> None:
    deck = parse(text)
    assert parse(text) == deck
    assert len({card.key for card in deck.cards}) == len(deck.cards)  # the store needs unique keys
    for card in deck.cards:
        assert card.front.strip() and card.back.strip()
        assert card.key.startswith("file:note.md::/")
    assert parse(text.replace("\n", "\r\n")).cards == deck.cards


EXPLICIT = ("Q:", "A:", "::", "==", "{{", "?", "cards:")
free_form_notes = st.lists(
    st.sampled_from([p for p in PIECES if not any(mark in p for mark in EXPLICIT)] + ["很长的一段解释。" * 60]),
    max_size=40,
).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(free_form_notes)
def test_free_form_backs_fit_a_screen(text: str) -> None:
    for card in parse(text).cards:
        assert fits(card.back)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_at_all(text: str) -> None:
    deck = parse(text)
    assert len({card.key for card in deck.cards}) == len(deck.cards)
