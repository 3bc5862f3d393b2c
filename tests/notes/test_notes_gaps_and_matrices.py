"""Structures read since the importer last missed them, each in a fixture of our own words,
in Chinese and English: a "TODO" item left in a list, a table of check marks."""

from __future__ import annotations

import pytest

from tcpquiz.notes.coverage import coverage

from .conftest import back, cards, front, parse

# -- a gap the author means to fill ------------------------------------------------------------

ZH_GAP = """## 初始序号

为什么初始序号要随机选取？
- 让旧连接的报文段难以落进新连接的窗口
- 待补充

初始序号：
- 由时钟驱动，每四微秒加一
  - TODO 查一下 RFC 6528
"""

EN_GAP = """## Initial sequence number

Why is the initial sequence number chosen at random?
- so that segments of an old connection rarely fall into the new window
- TODO

Initial sequence number:
- driven by a clock that ticks every four microseconds
  - TODO look up RFC 6528
"""


@pytest.mark.parametrize("note, asked, said, gap", [
    (ZH_GAP, "为什么初始序号要随机选取？", "让旧连接的报文段难以落进新连接的窗口", "待补充"),
    (EN_GAP, "Why is the initial sequence number chosen at random?",
     "so that segments of an old connection rarely fall into the new window", "TODO"),
])
def test_a_gap_in_a_list_is_no_part_of_any_answer(note: str, asked: str, said: str, gap: str) -> None:
    found = cards(note)
    question = [c for c in found if front(c) == asked]
    assert question and said in back(question[0]), [(front(c), back(c)) for c in found]
    assert not [c for c in found if gap in back(c) or "RFC 6528" in back(c)], [back(c) for c in found]
    # the clock fact is still asked, without the reminder nested under it
    assert [c for c in found if ("四微秒" in back(c) or "four microseconds" in back(c))]
    # the gap is not content: leaving it out costs nothing of what the note keeps
    assert coverage(parse(note)).share == 1.0


def test_an_explicit_answer_keeps_its_gap_as_written() -> None:
    note = "Which flag opens a connection?\n?\nSYN\nTODO check the RFC\n"
    (card,) = cards(note)
    assert back(card) == "SYN\nTODO check the RFC"


@pytest.mark.parametrize("answer", ["无", "N/A"])
def test_a_placeholder_that_answers_stays(answer: str) -> None:
    note = f"## UDP\n\nUDP 的拥塞控制：\n- {answer}\n"
    assert [c for c in cards(note) if answer in back(c)], [(front(c), back(c)) for c in cards(note)]
