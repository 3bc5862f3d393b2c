"""An item that leads into the list nested under it is asked once, by that list's card, and
a heading that names only a way out of a problem ("解决方案", "Solutions") is asked with the
problem above it. The notes are written for these tests; the expected fronts by hand."""

from __future__ import annotations

import pytest

from .conftest import cards, front

LEAD_INS = [
    ("# Retransmission\n\n- Segment retransmitted when one of the following is true:\n"
     "  - its timer expires\n  - three duplicate ACKs arrive\n",
     "Segment retransmitted when one of the following is true", "three duplicate ACKs arrive"),
    ("# 重传\n\n- 报文段在下列情况之一出现时重传：\n  - 重传计时器超时\n  - 收到三个重复的 ACK\n",
     "报文段在下列情况之一出现时重传", "收到三个重复的 ACK"),
    ("# 重传\n\n- 满足以下条件之一时，发送方重传报文段：\n  - 重传计时器超时\n  - 收到三个重复的 ACK\n",
     "满足以下条件之一时，发送方重传报文段", "收到三个重复的 ACK"),
]


@pytest.mark.parametrize(("note", "lead_in", "listed"), LEAD_INS)
def test_an_item_leading_into_its_list_is_asked_once_by_the_list(note: str, lead_in: str, listed: str) -> None:
    found = cards(note)
    # one card, the list's: no card whose answer is the lead-in itself, a colon's worth of nothing
    assert len(found) == 1, [(front(card), card.back) for card in found]
    assert lead_in in front(found[0]) and listed in found[0].back


@pytest.mark.parametrize("note", [
    "# Retransmission\n\n- TCP recovers lost data. A segment is sent again when one of these holds:\n"
    "  - its timer expires\n  - three duplicate ACKs arrive\n",
])
def test_a_sentence_before_the_lead_in_is_still_asked(note: str) -> None:
    fronts = [front(card) for card in cards(note)]
    assert any("recover" in text for text in fronts), fronts


@pytest.mark.parametrize(("note", "expected"), [
    ("# 网络\n\n## 粘包问题\n\nTCP 是字节流，消息之间没有边界。\n\n**解决方案：**\n\n"
     "- 固定长度：每条消息补齐到同一长度\n- 分隔符：用特殊字符结束每条消息\n", "粘包问题 · 解决方案"),
    ("# Networks\n\n## Sticky packets\n\nTCP is a byte stream with no message boundaries.\n\n"
     "### Solutions\n\n- Fixed length: every message is padded to one size.\n"
     "- Delimiter: a special character ends each message.\n", "Sticky packets · Solutions"),
])
def test_a_solutions_heading_is_asked_with_its_problem(note: str, expected: str) -> None:
    fronts = [front(card) for card in cards(note)]
    assert any(text.startswith(expected) for text in fronts), fronts
    assert not any(text.startswith(("解决方案", "Solutions")) for text in fronts), fronts
