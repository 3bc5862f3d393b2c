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


# -- a table of check marks --------------------------------------------------------------------

ZH_MARKS = """## 握手之后

每一步之后，双方各确认了哪些能力：

<table>
  <thead>
  <tr><th rowspan="2">步</th><th rowspan="2">方向</th><th colspan="2">客户端确认</th><th colspan="2">服务器确认</th></tr>
  <tr><td>自己能发</td><td>对方能发</td><td>自己能发</td><td>对方能发</td></tr>
  </thead>
  <tr><td>1</td><td>C -&gt; S</td><td></td><td></td><td></td><td>✔</td></tr>
  <tr><td>2</td><td>S -&gt; C</td><td>✔</td><td>✔</td><td></td><td></td></tr>
</table>
"""

EN_MARKS = """## After the close

<table>
  <tr><th rowspan="2">#</th><th rowspan="2">Segment</th><th colspan="2">Active side</th><th colspan="2">Passive side</th></tr>
  <tr><td>sends</td><td>receives</td><td>sends</td><td>receives</td></tr>
  <tr><td>1</td><td>FIN</td><td>✘</td><td>✔</td><td>✔</td><td>✔</td></tr>
</table>
"""


@pytest.mark.parametrize("note, asked, answer", [
    (ZH_MARKS, "每一步之后，双方各确认了哪些能力 · 第 2 步（方向 S -> C）之后，客户端确认了哪些、服务器确认了哪些？",
     "客户端确认 · 自己能发：✔\n客户端确认 · 对方能发：✔"),
    (EN_MARKS, "After the close · Segment FIN: which hold under Active side, Passive side, and which do not?",
     "Active side · sends：✘\nActive side · receives：✔\nPassive side · sends：✔\nPassive side · receives：✔"),
])
def test_a_row_of_marks_is_asked_by_its_row_and_the_headers_over_its_columns(note: str, asked: str, answer: str) -> None:
    # the front says which columns the marks are chosen from; before, it asked only "which hold?"
    found = {front(c): back(c) for c in cards(note)}
    assert found.get(asked) == answer, found


# A step table whose spanning headers are sides, not someone learning: a step is still asked
# by what holds after it, but under each side by the mark.
ZH_STEP_SIDES = """## 四次挥手

<table>
  <tr><th rowspan="2">步骤</th><th rowspan="2">报文</th><th colspan="2">主动方</th><th colspan="2">被动方</th></tr>
  <tr><td>能发</td><td>能收</td><td>能发</td><td>能收</td></tr>
  <tr><td>1</td><td>FIN</td><td></td><td>✔</td><td>✔</td><td>✔</td></tr>
</table>
"""

EN_STEP_LEARNT = """## Handshake steps

<table>
  <tr><th rowspan="2">Step</th><th rowspan="2">Segment</th><th colspan="2">Client confirms</th><th colspan="2">Server confirms</th></tr>
  <tr><td>it can send</td><td>peer can send</td><td>it can send</td><td>peer can send</td></tr>
  <tr><td>1</td><td>SYN</td><td></td><td></td><td></td><td>✔</td></tr>
</table>
"""


@pytest.mark.parametrize("note, asked, answer", [
    (ZH_STEP_SIDES, "四次挥手 · 第 1 步（报文 FIN）之后，主动方、被动方各有哪些为 ✔？",
     "主动方 · 能收：✔\n被动方 · 能发：✔\n被动方 · 能收：✔"),
    (EN_STEP_LEARNT, "Handshake steps · Step 1 (Segment SYN), once done: which hold under Client confirms, Server confirms?",
     "Server confirms · peer can send：✔"),
])
def test_a_step_of_marks_asks_what_holds_after_it(note: str, asked: str, answer: str) -> None:
    # only headers that name someone learning ("客户端确认") are asked in words: "主动方了哪些" is no sentence
    found = {front(c): back(c) for c in cards(note)}
    assert found.get(asked) == answer, found


def test_a_row_under_many_spanning_headers_does_not_list_them_all() -> None:
    groups = [f"第{i}组" for i in range(1, 6)]  # more headers than a front holds at a glance
    head = "".join(f'<th colspan="2">{g}</th>' for g in groups)
    under = "<td>甲</td><td>乙</td>" * len(groups)
    marks = "<td>✔</td><td></td>" * len(groups)
    note = (f'## 检查\n\n<table>\n<tr><th rowspan="2">序号</th><th rowspan="2">名称</th>{head}</tr>\n'
            f"<tr>{under}</tr>\n<tr><td>1</td><td>丙</td>{marks}</tr>\n</table>\n")
    found = {front(c) for c in cards(note)}
    assert "检查 · 名称 丙：哪些为 ✔？" in found, found


# -- a term in bold named at the end of what describes it --------------------------------------

ZH_NAMED = """## 重传

发送方连续收到三个重复的确认就立即重传缺失的报文段，不等重传计时器到期，这就是**快速重传**。

重传计时器到期时，发送方把拥塞窗口降到一个报文段，再从慢开始重新增长。
"""

EN_NAMED = """## Retransmission

After three duplicate acknowledgements the sender resends the missing segment without waiting
for its timer to expire; this is called **fast retransmit**.

When the retransmission timer expires, the sender shrinks its window to one segment and starts slow start again.
"""


@pytest.mark.parametrize("note, asked, said", [
    (ZH_NAMED, "什么是快速重传？", "不等重传计时器到期"),
    (EN_NAMED, "What is fast retransmit?", "without waiting"),
])
def test_a_term_named_after_its_description_is_asked_by_name(note: str, asked: str, said: str) -> None:
    # hidden as a cloze, the term was asked for by its description: the wrong way round
    found = {front(c): back(c) for c in cards(note)}
    assert said in found.get(asked, ""), found
    assert not [f for f in found if "[…]" in f], found


@pytest.mark.parametrize("line, asks", [
    ("When the retransmission timer expires, the sender starts slow start again.", False),
    ("Where the window is zero, the sender probes it with one byte.", False),
    ("When does the sender start slow start again", True),  # a question without its mark
    ("What happens when the timer expires?", True),
])
def test_a_statement_opening_with_when_is_not_a_question(line: str, asks: bool) -> None:
    from tcpquiz.notes.text import is_question

    assert is_question(line) is asks


# -- an answer longer than a screen, split into its parts --------------------------------------


def _long_answer(question: str, sides: list[str], calls: list[str], note: str) -> str:
    """A question whose answer lists two sides, each with calls explained in nested lines:
    three screens long, so it is split."""
    lines = [f"## {question}", ""]
    for side in sides:
        lines.append(f"- {side}：")
        for call in calls:
            lines += [f"  - {call}", ""]
            lines += [f"    - {note} {call} {n}。" for n in range(1, 5)]
    return "\n".join(lines) + "\n"


ZH_LONG = _long_answer("套接字的调用顺序是什么？", ["服务器", "客户机"], ["socket()", "bind()", "listen()", "accept()", "close()"],
                       "这一步要先准备好参数，然后检查它返回的值，出错时按错误码处理，第")
EN_LONG = _long_answer("In what order are the socket calls made?", ["Server", "Client"],
                       ["socket()", "bind()", "listen()", "accept()", "close()"],
                       "prepare the arguments first, then check what it returns and handle the error code, case")


@pytest.mark.parametrize("note, sides", [(ZH_LONG, ["服务器", "客户机"]), (EN_LONG, ["Server", "Client"])])
def test_a_long_answer_is_split_between_its_items_and_each_part_names_its_item(note: str, sides: list[str]) -> None:
    from tcpquiz.notes.draft import fits

    found = [c for c in cards(note) if "/" in front(c) and ("（" in front(c) or "(" in front(c))]
    assert len(found) >= 3, [front(c) for c in cards(note)]
    for card in found:
        assert fits(card.back)
        named = [side for side in sides if f" · {side}" in front(card)]
        # a part inside one side names that side; it never reaches into the other side's lines
        if named:
            other = sides[1 - sides.index(named[0])]
            assert f"- {other}" not in back(card), (front(card), back(card))
    # every part of the second side starts a part of its own: the first side's parts end before it
    assert any(back(c).startswith(f"- {sides[1]}") for c in found), [back(c)[:40] for c in found]
    assert [c for c in found if f" · {sides[0]}" in front(c)] and [c for c in found if f" · {sides[1]}" in front(c)]
    assert coverage(parse(note)).share == 1.0


# -- bullets under the numbered comments of a code fence ---------------------------------------

ZH_FENCE_BULLETS = """## UDP 适合的场合

```javascript
// 1. 要求低延迟的场合
// - 语音通话
// - 多人游戏
const socket = dgram.createSocket('udp4');

// 2. 丢几个包也无妨的场合
// - 域名查询
// - 网络时间同步
socket.send(query, 53, server);
```
"""

EN_FENCE_BULLETS = """## Where UDP fits

```python
# 1. When latency matters most
# - voice calls
# - multiplayer games
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

# 2. When losing a packet is harmless
# - name lookups
# - clock synchronisation
sock.sendto(query, (server, 53))
```
"""


@pytest.mark.parametrize("note, part, bullet, next_part", [
    (ZH_FENCE_BULLETS, "要求低延迟的场合", "语音通话", "丢几个包也无妨的场合"),
    (EN_FENCE_BULLETS, "When latency matters most", "voice calls", "When losing a packet is harmless"),
])
def test_bullets_under_a_numbered_comment_belong_to_its_part(note: str, part: str, bullet: str, next_part: str) -> None:
    found = cards(note)
    # the whole answer keeps each part's bullets under its number, not between the parts
    whole = [back(c) for c in found if part in back(c) and next_part in back(c)]
    assert whole and whole[0].index(part) < whole[0].index(bullet) < whole[0].index(next_part), whole
    assert f"1. {part}" in whole[0] and f"2. {next_part}" in whole[0], whole
    assert not [c for c in found if "createSocket" in back(c) or "sendto" in back(c)]  # the code stays code
