"""Golden tests over the user's real notes (../shared/notes): the questions each must
yield, and the junk it must not. Skipped when the folder is absent."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tcpquiz.cards import CardDraft
from tcpquiz.cards import CardKind as K
from tcpquiz.formulas import as_words
from tcpquiz.notes import load_note
from tcpquiz.notes.draft import fits

from .conftest import SHARED_NOTES, back, find, front

pytestmark = pytest.mark.skipif(not SHARED_NOTES.is_dir(), reason="../shared/notes is absent")


def note(prefix: str):
    matches = sorted(SHARED_NOTES.glob(f"{prefix}_*.md"))
    if not matches:
        pytest.skip(f"note {prefix} is absent")
    return load_note(matches[0])


def step(found: tuple[CardDraft, ...], text: str) -> CardDraft:
    """The step card of this front; a step that answers a question of its own asks it after
    its ordinal ("第 4 步（共 5 步）：……，会怎样？")."""
    asked = [card for card in found if card.kind == K.STEP and front(card).startswith((f"{text}：", f"{text}: "))]
    return asked[0] if asked else find(found, K.STEP, text)


def all_notes() -> list[Path]:
    return sorted(SHARED_NOTES.glob("*_*.md")) if SHARED_NOTES.is_dir() else []


# -- 000: no headings at all; labels, numbered lists, questions as list items -----------------


def test_000_yields_the_questions_a_learner_needs() -> None:
    deck = note("000")
    found = deck.cards
    layers = find(found, K.EXPLAIN, "TCP/IP体系分为4/5层")
    assert "网络接口层" in back(layers) and "应用层" in back(layers)

    handshake = find(found, K.SEQUENCE, "三次握手原理")
    assert handshake.extra["steps"] == 5
    steps = sorted((card for card in found if card.kind == K.STEP and card.extra["sequence"] == "三次握手原理"),
                   key=lambda card: card.extra["step"])
    assert front(steps[0]) == "三次握手原理 · 第一步是什么？"
    # each later step opens with who acts, and is asked by its place and that actor
    assert front(steps[1]) == "三次握手原理 · 第 2 步（共 5 步），客户端做什么？"
    assert "CLOSE" in back(steps[0])
    assert "SYN=1" in back(steps[2]) and "SYN-SENT" in back(steps[2])  # $SYN=1$ unwrapped
    assert "客户端进程同样也要建立" in back(steps[2])  # the step's second line stays with it
    assert "ESTABLISHED" in back(steps[4])

    why_not_two = find(found, K.BASIC, "为什么不用两次？")
    assert back(why_not_two).startswith("主要是为了防止已经失效的连接请求报文")
    assert "如果采用三次握手" in back(why_not_two)  # the answer runs past the stray blank lines

    close = find(found, K.SEQUENCE, "四次握手原理")
    assert close.extra["steps"] == 7
    sixth = find(found, K.STEP, "四次握手原理 · 第 6 步（共 7 步），客户端做什么？")
    assert "TIME-WAIT" in back(sixth) and "2*MSL" in back(sixth).replace("\\", "")

    assert "仅代表客户端不在发送信息" in back(find(found, K.BASIC, "为什么是四次挥手？"))
    two_msl = find(found, K.SEQUENCE, "为什么要等待2*MSL时间？")
    assert "保证最后一个确认报文" in back(two_msl) and "防止类似三次握手" in back(two_msl)
    assert back(find(found, K.STEP, "为什么要等待2*MSL时间？ · 第一")).startswith("保证最后一个确认报文")
    assert "保活计时器" in back(find(found, K.BASIC, "如果已建立连接后，客户端突发故障要怎么办？"))

    differences = find(found, K.EXPLAIN, "TCP和UDP的区别")
    assert "UDP" in back(differences) and "区别总结" in back(differences)
    assert back(find(found, K.DEFINITION, "TCP和UDP的区别 · UDP 是什么？")).startswith("速度快、面向报文")
    find(found, K.DEFINITION, "TCP和UDP的区别 · TCP 是什么？")


def test_000_has_no_junk() -> None:
    found = note("000").cards
    fronts = [front(card) for card in found]
    assert not any("IPV4" in f for f in fronts)  # a heading with nothing under it
    assert not any("再看一张图" in f for f in fronts)
    assert not any(f.startswith(("第一", "第二")) for f in fronts)  # reasons are not terms
    assert all("****" not in card.back and "***" not in card.back for card in found)
    counts = Counter(card.kind for card in found if "form" not in card.extra)  # "form": a fact asked by its shape
    assert {kind: counts[kind] for kind in (K.STEP, K.SEQUENCE, K.BASIC, K.DEFINITION)} == {
        K.STEP: 14, K.SEQUENCE: 3, K.BASIC: 3, K.DEFINITION: 3}
    # facts that open with a condition ask what happens then, led by the heading they answer
    asked = [front(card) for card in found if "form" in card.extra]
    # the question names what the condition acts on, when the clause after it says
    assert "如果已建立连接后，客户端突发故障要怎么办？ · 如果2小时后没有收到客户端的数据，服务端会怎样？" in asked
    assert "为什么不用两次？ · 如果采用两次握手，会怎样？" in asked
    # the two section cards; the facts of the answers too long to be asked whole are clozes
    explains = [card for card in found if card.kind == K.EXPLAIN]
    assert [front(card) for card in explains] == ["TCP/IP体系分为4/5层", "TCP和UDP的区别"]
    assert all(fits(card.back) for card in found)


# -- 001: real headings, "第一次握手：" lines, a loose tail after three blank lines -------------


def test_001_yields_the_questions_a_learner_needs() -> None:
    deck = note("001")
    assert deck.name == "TCP/IP 协议"
    found = deck.cards

    assert find(found, K.SEQUENCE, "三次握手").extra["steps"] == 3
    first = find(found, K.STEP, "三次握手 · 第一次握手")
    assert back(first).startswith("客户端发送连接请求报文段") and "SYN_SEND" in back(first)
    assert "SYN+ACK" in back(find(found, K.STEP, "三次握手 · 第二次握手"))
    assert "ESTABLISHED" in back(find(found, K.STEP, "三次握手 · 第三次握手"))

    assert find(found, K.SEQUENCE, "四次挥手").extra["steps"] == 4
    for ordinal, state in (("一", "FIN_WAIT_1"), ("二", "FIN_WAIT_2"), ("三", "LAST_ACK"), ("四", "TIME_WAIT")):
        assert state in back(find(found, K.STEP, f"四次挥手 · 第{ordinal}次挥手"))

    why_three = find(found, K.BASIC, "为什么要三次握手？")
    assert "已失效的连接请求报文段" in back(why_three)
    # "四次挥手" asks for the steps; the prose under the same heading is told apart by the heading above
    assert "全双工" in back(find(found, K.EXPLAIN, "三次握手四次挥手 · 四次挥手"))

    two_msl = find(found, K.BASIC, "为什么要等待 2MSL？")
    assert "TIME-WAIT" in back(two_msl) and "CLOSED" in back(two_msl)


def test_001_keeps_the_loose_tail_out_of_the_answers() -> None:
    found = note("001").cards
    for card in found:
        # the reading plan after three blank lines is a study log, not content (classify.py)
        assert "读 60 遍" not in card.back and "《" not in card.back
        assert "读 60 遍" not in card.front and "《" not in card.front
        assert "URG" not in card.back or "不用在缓存区保留" in card.back  # the loose facts are cards of their own
    # "URG，不用在缓存区保留": a flag named, then what it does: asked by the flag, not by a cut opening
    assert "不用在缓存区保留" in back(find(found, K.DEFINITION, "三次握手四次挥手 · URG 是什么？"))
    fronts = [front(card) for card in found]
    assert "HTTP 协议" not in fronts  # a heading with nothing under it
    counts = Counter(card.kind for card in found if "form" not in card.extra)  # "form": a fact asked by its shape
    assert {kind: counts[kind] for kind in (K.STEP, K.SEQUENCE, K.BASIC)} == {K.STEP: 7, K.SEQUENCE: 2, K.BASIC: 2}
    asked = [front(card) for card in found if "form" in card.extra]
    assert "TCP/IP 协议 · IP 与 TCP 有什么区别？" in asked  # "IP 是……，TCP 是……": two things side by side
    assert "为什么要三次握手 · 假设不采用“三次握手”，会怎样？" in asked
    # one section card ("四次挥手", told apart from the sequence card by its heading); the
    # other facts are asked by the question their sentence answers, else by their heading,
    # with the other sentences of no shape under it (the note's title asks for its intro)
    explains = [front(card) for card in found if card.kind == K.EXPLAIN]
    assert explains == ["TCP/IP 协议", "三次握手四次挥手 · 四次挥手", "三次握手四次挥手"]
    assert not any(front(card).endswith("……") for card in found)


# -- 002: bold labels, circled steps inside one paragraph, a malformed table -------------------


def test_002_yields_the_definitions() -> None:
    found = note("002").cards
    for layer in ("应用层", "表示层", "会话层", "传输层", "网络层", "数据链路层", "物理层"):
        find(found, K.DEFINITION, f"各层简单解释 · {layer}是什么？")
    assert "HTTP" in back(find(found, K.DEFINITION, "各层简单解释 · 应用层是什么？"))
    fields = "TCP报文中较为重要的字段"
    assert back(find(found, K.DEFINITION, f"{fields} · 序号(sequencenumber) 是什么？")).startswith("用来标识从源端到目的端")
    find(found, K.DEFINITION, f"{fields} · 确认号(acknowledgement number) 是什么？")

    flags = find(found, K.SEQUENCE, "标志位")
    assert flags.extra["steps"] == 6
    for flag in ("URG", "ACK", "PSH", "RST", "SYN", "FIN"):
        assert flag in back(flags)
        find(found, K.DEFINITION, f"标志位 · {flag} 是什么？")
    assert back(find(found, K.DEFINITION, "标志位 · SYN 是什么？")).startswith("发起新连接")


def test_002_reads_the_malformed_state_table() -> None:
    found = note("002").cards
    states = {
        "CLOSED": "关闭状态，表示当前主机没有正在运行的传输连接",
        "LISTEN": "监听状态", "SYN-RCVD": "已收到一个连接请求", "SYN-SENT": "已经发出一个连接请求",
        "ESTABLISHED": "传输连接建立", "FIN-WAIT-1": "已经发送关闭连接请求", "FIN-WAIT-2": "已收到对方关闭连接确认",
        "TIMED WAIT": "等待所有分组消失", "CLOSING": "双方同时尝试关闭", "CLOSE WAIT": "收到对方发来的关闭连接请求",
        "LAST ACK": "等待最后一个关闭连接确认",
    }
    for state, meaning in states.items():
        card = find(found, K.DEFINITION, f"TCP连接状态解释 · {state} 是什么？")
        assert meaning in back(card)
        assert card.key.split("::")[1].endswith("/tcp连接状态解释")  # the caption row heads the rows below it
    assert not any(front(card) == "TCP连接状态解释" for card in found)


def test_002_yields_the_handshake_and_close_step_by_step() -> None:
    found = note("002").cards
    handshake = find(found, K.SEQUENCE, "TCP三次握手")
    assert handshake.extra["steps"] == 3 and "LISTEN" in back(handshake)  # the intro line comes along
    first = find(found, K.STEP, "TCP三次握手 · 第 1 步（共 3 步），客户端做什么？")
    assert back(first).startswith("客户端向服务端发送一段TCP报文") and "SYN=1" in back(first)
    assert "SYN-SENT" in back(first) and "①" not in first.back
    third = find(found, K.STEP, "TCP三次握手 · 第 3 步（共 3 步），客户端做什么？")
    assert "ack=y+1" in back(third)
    assert back(find(found, K.BASIC, "为何两次握手不可以呢？")).startswith("原因是为了防止服务端开启一些无用的连接")

    close = find(found, K.SEQUENCE, "TCP四次挥手")
    assert close.extra["steps"] == 4 and "img-blog" not in close.back  # a picture says nothing here
    fourth = find(found, K.STEP, "TCP四次挥手 · 第 4 步（共 4 步），客户端做什么？")
    assert "TIME-WAIT" in back(fourth) and "ack=w+1" in back(fourth)


def test_002_keeps_remote_images_as_links() -> None:
    model = find(note("002").cards, K.EXPLAIN, "TCP/IP协议模型")
    assert "[图片](https://img-blog.csdnimg.cn/20210104212813942.png" in model.back
    assert "TCP/IP是一个协议族" in back(model)


# -- all notes --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", all_notes(), ids=lambda p: p.name[:3])
def test_every_card_is_clean(path: Path) -> None:
    deck = load_note(path)
    assert deck.cards
    assert len({card.key for card in deck.cards}) == len(deck.cards)
    for card in deck.cards:
        assert front(card) and back(card)
        assert fits(card.back), card.front  # no back longer than a screen
        # Every dollar belongs to a whole formula, which the export typesets and the terminal shows as code.
        assert "$" not in as_words(card.back) and "$" not in as_words(card.front)
        assert "****" not in card.back and "E:\\" not in card.back
        assert back(card) != front(card)
        assert card.source.startswith(str(path.resolve()) + ":")
        assert card.key.startswith(f"file:{path.name}::/")  # the path below the imported folder


@pytest.mark.parametrize("path", all_notes(), ids=lambda p: p.name[:3])
def test_reimport_is_identical(path: Path) -> None:
    assert load_note(path) == load_note(path)
