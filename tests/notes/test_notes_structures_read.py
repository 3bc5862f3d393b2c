"""More structures real notes share, each in a fixture of our own words, in Chinese and in
English: sentences split by a blank line, asides in brackets, HTML tables, numbered
processes. What each becomes, and that nothing of it is lost."""

from __future__ import annotations

import pytest

from tcpquiz.cards import CardDraft
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
    # the fact card of the step holds its aside: one line, not two cards
    assert [c for c in found if line in back(c) and aside in back(c) and "\n" not in back(c)]
    assert not [c for c in found if back(c) in (aside, aside.replace("慢开始", "拥塞避免"),
                                                 aside.replace("slow start", "congestion avoidance"))]
    assert kept(note) == 1.0
