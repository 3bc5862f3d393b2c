"""Structures behind facts the importer missed on notes it had never seen, each in a
fixture of our own words, in Chinese and English: a label with nothing under it, a line
that points at the text after it, an arrow between a name and what it leads to."""

from __future__ import annotations

import pytest

from tcpquiz.cards import CardKind as K
from tcpquiz.notes.blocks import Fence
from tcpquiz.notes.classify import prose_lines
from tcpquiz.notes.coverage import coverage

from .conftest import back, cards, front, parse


def kept(text: str) -> float:
    return coverage(parse(text)).share


# -- a label with nothing under it -------------------------------------------------------------

ZH_EMPTY_LABELS = """## 重传超时

**超时时间：平滑往返时间再加一段余量**

* **往返时间抖动越大 -> 余量越大**



**超时时间 = 平滑往返时间 + 4 × 往返时间偏差**

## 下一节

慢开始让拥塞窗口从一个报文段开始增长。
"""

EN_EMPTY_LABELS = """## Retransmission timeout

**Timeout: the smoothed round trip plus a margin**

* **more jitter in the round trip -> a wider margin**



**Timeout = SRTT + 4 × RTTVAR**

## Next

Slow start grows the window from one segment.
"""


@pytest.mark.parametrize("note, said, formula", [
    (ZH_EMPTY_LABELS, "平滑往返时间再加一段余量", "超时时间 = 平滑往返时间 + 4 × 往返时间偏差"),
    (EN_EMPTY_LABELS, "the smoothed round trip plus a margin", "Timeout = SRTT + 4 × RTTVAR"),
])
def test_labels_with_nothing_under_them_are_text(note: str, said: str, formula: str) -> None:
    # Bold lines that look like headings but head nothing (the next thing is a heading)
    # are what the section says: before, all three lines were in no card.
    found = cards(note)
    backs = [back(c) for c in found]
    assert [b for b in backs if said in b], backs
    assert [b for b in backs if formula in b], backs
    assert [b for b in backs if "->" in b], backs
    assert kept(note) == 1.0


def test_a_label_with_text_under_it_still_heads_it() -> None:
    found = cards("## 重传\n\n**超时重传**\n\n发送方在计时器到期前没有收到确认，就重发这个报文段。\n")
    assert any(front(c).startswith("超时重传") for c in found), [front(c) for c in found]


# -- a line pointing at the text after it ---------------------------------------------------------

ZH_POINTER = """## 拥塞窗口

慢开始让拥塞窗口从一个报文段开始，每收到一个确认就加一。

下面的例子说明了在一次传输中拥塞窗口是怎样变化的

一开始门限设为 16 个报文段，窗口从 1 开始每轮翻倍。

窗口到 16 以后改为每轮只加 1，按线性规律增长。
"""

EN_POINTER = """## Congestion window

Slow start begins with one segment and adds one for every ACK received.

The following example shows how the window changes over one transfer:

The threshold starts at 16 segments and the window doubles every round.

Past 16 segments the window grows by one segment per round trip.
"""


@pytest.mark.parametrize("note, pointer, later", [
    (ZH_POINTER, "下面的例子说明了", "窗口到 16 以后改为每轮只加 1"),
    (EN_POINTER, "The following example shows", "Past 16 segments the window grows"),
])
def test_a_line_pointing_at_what_follows_heads_nothing(note: str, pointer: str, later: str) -> None:
    found = cards(note)
    # it is no heading: the facts after it are asked under the section's own heading
    assert not [c for c in found if front(c).startswith(pointer) or f"· {pointer}" in front(c)], \
        [front(c) for c in found]
    # and no card of its own: alone it states nothing
    assert not [c for c in found if back(c).startswith(pointer)]
    assert [c for c in found if later in back(c)]
    report = coverage(parse(note))
    assert [d for d in report.dropped if d.text.startswith(pointer) and d.reason == "lead-in of a list or table"]
    assert report.share == 1.0


def test_a_question_that_does_not_point_on_is_still_a_heading() -> None:
    found = cards("## 拥塞窗口\n\n窗口是怎样变化的\n\n每个往返时间翻一倍，直到门限为止。\n")
    assert [c for c in found if front(c).startswith("窗口是怎样变化的")], [front(c) for c in found]


# -- an arrow between a name and what it leads to -------------------------------------------------


@pytest.mark.parametrize("note, asked, nested", [
    ("## 套接字\n\n- 服务端：\n    - 打开套接字 -> int socket(int domain, int type, int protocol);\n"
     "        - domain：地址族，IPv4 用 AF_INET。\n        - type：套接字类型，流式用 SOCK_STREAM。\n"
     "- 客户端：\n    - 连上服务端 -> int connect(int fd, const struct sockaddr *addr, socklen_t len);\n"
     "        - addr：服务端的地址和端口。\n        - len：地址结构的长度。\n",
     "服务端 · 打开套接字 → ?", "打开套接字 · domain 是什么？"),
    ("## Congestion control\n\n- Congestion avoidance:\n    - No loss -> grow CWND by one MSS every round trip\n"
     "        - step: add MSS × MSS / CWND for every ACK received\n"
     "        - cost: one division per ACK received\n"
     "- Recovery:\n    - Three duplicate ACKs -> halve CWND and resend the missing segment\n"
     "        - cost: the window shrinks by half\n        - gain: no wait for the timer\n",
     "Congestion avoidance · No loss → ?", "No loss · What is step?"),
])
def test_an_arrow_is_not_a_dash_definition(note: str, asked: str, nested: str) -> None:
    found = cards(note)
    fronts = [front(c) for c in found]
    card = next((c for c in found if front(c) == asked), None)
    assert card is not None and card.kind == K.DEFINITION, fronts
    assert "->" in back(card)  # the whole line answers: name, arrow and what it leads to
    assert not [b for b in map(back, found) if b.startswith(">")]  # the arrow's head is never an answer
    assert nested in fronts, fronts  # the nested items are led by the name, not the whole line


# -- comments that number the parts of a code fence -----------------------------------------------

ZH_NUMBERED_FENCE = """## 消息边界

**划分方法：**

```javascript
// 1. 定长消息
// 每条消息补齐到同一长度
const SIZE = 512;
const padded = text.padEnd(SIZE, ' ');

// 2. 分隔符
// 每条消息之后写一个换行符
const parts = buffer.split('\\n');

// 3. 长度前缀
// 先写四个字节的长度，再写消息本身
function frame(body) {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}
```
"""

EN_NUMBERED_FENCE = """## Message boundaries

**Ways to frame messages:**

```python
# 1. Fixed size
# every message is padded to the same length
SIZE = 512
padded = text.ljust(SIZE)

# 2. Delimiter
# a newline is written after every message
parts = data.split(b"\\n")

# 3. Length prefix
# four bytes of length come before the message itself
def frame(body):
    return len(body).to_bytes(4, "big") + body
```
"""


@pytest.mark.parametrize("note, part, said", [
    (ZH_NUMBERED_FENCE, "长度前缀", "先写四个字节的长度，再写消息本身"),
    (EN_NUMBERED_FENCE, "Length prefix", "four bytes of length come before the message itself"),
])
def test_comments_numbering_the_parts_of_a_fence_are_read(note: str, part: str, said: str) -> None:
    # Most lines are code, so the fence is a program; but its comments number the options
    # the code shows, and what they say was in no card before.
    found = cards(note)
    backs = [back(c) for c in found]
    assert [c for c in found if said in back(c) and len(back(c)) < 2 * len(said)], [(front(c), back(c)) for c in found]
    # the whole list of parts is asked under the label that names them
    assert [b for b in backs if "1. " in b and "3. " in b and part in b], backs
    assert not [c for c in found if "frame(" in back(c) or "padEnd" in back(c)]  # the code stays code


@pytest.mark.parametrize("comments", [
    ["// 1. 打开套接字"],  # one numbered comment: a note on the line under it
    ["// 2. 连上服务端", "// 3. 写入请求"],  # numbers that do not start at 1: not an outline
])
def test_a_program_with_stray_numbered_comments_stays_code(comments: list[str]) -> None:
    code = ["int fd = socket(AF_INET, SOCK_STREAM, 0);", "connect(fd, addr, len);", "write(fd, buf, n);",
            "close(fd);", "free(buf);"]
    fence = Fence(0, 8, "c", "\n".join(comments + code))
    assert prose_lines(fence) == []


# -- an arrow item with items nested under it ----------------------------------------------------


@pytest.mark.parametrize("note, asked, nested", [
    ("## 拥塞避免\n\n- 没有丢包 -> 每个往返时间把窗口加一个报文段\n"
     "\t- 做法：每收到一个确认，窗口加 MSS × MSS / 窗口\n"
     "- 三个重复确认 -> 窗口减半\n\t- 做法：记下重复确认的个数，到三个就减半\n",
     "拥塞避免 · 没有丢包 → ?", "每收到一个确认，窗口加 MSS × MSS / 窗口"),
    ("## Congestion avoidance\n\n- No loss -> add one segment to the window every round trip\n"
     "\t- How: on every ACK add MSS × MSS / window\n"
     "- Three duplicate ACKs -> halve the window\n\t- How: count duplicates and halve at the third\n",
     "Congestion avoidance · No loss → ?", "on every ACK add MSS × MSS / window"),
])
def test_an_arrow_item_answers_with_the_items_under_it(note: str, asked: str, nested: str) -> None:
    found = cards(note)
    card = next((c for c in found if front(c) == asked), None)
    assert card is not None, [front(c) for c in found]
    assert nested in back(card)  # what happens, and how it is done, in one answer
    # a nested list of one item is not asked a second time as a list under its parent
    assert not [c for c in found if c.kind == K.EXPLAIN and back(c).count("\n") == 0 and nested in back(c)]


# -- the other half of a contrast -------------------------------------------------------------


@pytest.mark.parametrize("paragraph, second", [
    ("如果往返时间的样本变化很小，偏差就很小，超时也就贴近平均值；另一方面，如果样本起伏很大，偏差就很大，超时也会放宽很多。",
     "另一方面"),
    ("If the round-trip samples barely change, the deviation stays small and the timeout stays close to the mean; "
     "on the other hand, if they swing widely, the deviation grows and the timeout widens with it.",
     "on the other hand"),
])
def test_the_other_half_of_a_contrast_stays_with_the_first(paragraph: str, second: str) -> None:
    found = cards(f"## 超时\n\n平滑往返时间之外还要估计它的偏差。\n\n{paragraph}\n")
    # "另一方面，…" alone does not say what it is set against: no card asks it by itself
    assert not [c for c in found if back(c).startswith(second)], [back(c) for c in found]
    assert [c for c in found if second in back(c) and back(c).index(second) > 0]


# -- a question item over its bullets -------------------------------------------------------------


@pytest.mark.parametrize("note, question", [
    ("## 传输层\n\n1. 流量控制的原理？\n    - 接收方在首部的窗口字段里告诉发送方自己还能收多少字节。\n\n"
     "    - 发送方发出但没确认的数据不能超过这个窗口。\n\n2. 拥塞控制的原理？\n"
     "    - 发送方自己估计网络能承受多少，用拥塞窗口限制发送。\n\n    - 出现超时就把门限减半。\n",
     "流量控制的原理？"),
    ("## Transport\n\n1. How does flow control work?\n    - The receiver puts how many bytes it can still take in the window field.\n\n"
     "    - The sender keeps its unacknowledged data within that window.\n\n2. How does congestion control work?\n"
     "    - The sender estimates what the network can carry and limits itself with a congestion window.\n\n"
     "    - On a timeout it halves the threshold.\n",
     "How does flow control work?"),
])
def test_a_question_item_is_asked_once(note: str, question: str) -> None:
    found = cards(note)
    asking = [c for c in found if front(c).endswith(question)]
    # the question's own card answers with its bullets; no second card asks the same question
    assert len(asking) == 1, [(front(c), back(c)) for c in asking]
    assert back(asking[0]).count("\n") >= 1


# -- a sentence ending in a colon and the line it introduces ---------------------------------------


@pytest.mark.parametrize("note, first, second", [
    ("## 定时器\n\n- 在一个用 UDP 传文件的例子里，客户自己实现了最简单的超时重传：\n"
     "  假定 5 秒是合适的间隔，每隔 5 秒重发一次；\n- 建立连接时，SYN 的两次重传之间隔得越来越长。\n",
     "客户自己实现了最简单的超时重传：", "假定 5 秒是合适的间隔"),
    ("## Timers\n\n- In a file transfer over UDP, the client builds the simplest retransmission of its own:\n"
     "  it assumes 5 seconds is a fair interval and resends every 5 seconds;\n"
     "- While a connection opens, the gap between two SYN retransmissions keeps growing.\n",
     "the simplest retransmission of its own:", "it assumes 5 seconds is a fair interval"),
])
def test_a_sentence_ending_in_a_colon_keeps_the_line_it_introduces(note: str, first: str, second: str) -> None:
    found = cards(note)
    # the colon says the next line completes it: one fact, never the completion alone
    assert [c for c in found if any(first in line and second in line for line in back(c).splitlines())], \
        [back(c) for c in found]
    assert not [c for c in found if back(c).startswith(second)]


def test_a_colon_over_several_lines_introduces_each_of_them() -> None:
    found = cards("## 重传\n\n发生重传的原因通常有下面这几种情况，各自的处理不同：\n数据段在路上丢了；\n"
                  "确认在回来的路上丢了；\n接收方收到了但把它丢弃了。\n")
    assert not [c for c in found if "各自的处理不同：数据段" in back(c).replace("\n", "")]


@pytest.mark.parametrize("first, second", [
    ("拥塞避免把窗口从每个往返时间翻一倍改为每个往返时间只加一。", "这样窗口的增长就从指数变成了线性。"),
    ("Congestion avoidance grows the window by one segment per round trip instead of doubling it.",
     "This way the growth turns from exponential into linear."),
])
def test_a_line_leaning_on_the_line_before_goes_on_with_its_fact(first: str, second: str) -> None:
    found = cards(f"## 拥塞控制\n\n慢开始每收到一个确认就把窗口加一个报文段。\n\n{first}\n{second}\n")
    assert not [c for c in found if back(c).startswith(second)], [back(c) for c in found]
    assert [c for c in found if first in back(c) and second in back(c)]


# -- a long list of ways under a label --------------------------------------------------------


ZH_WAYS = """## 连接太多处于 TIME_WAIT 怎么办？

服务器短时间内主动关闭大量连接时，会留下大量 TIME_WAIT 连接，占着内存和端口。

**解决办法：**

- 服务器设置 SO_REUSEADDR 套接字选项，让内核在端口仍处于 TIME_WAIT 时也允许重新绑定它，这样重启的服务不必等两个 MSL 才能再监听同一个端口，上线和回滚都不会因为端口被占用而失败。
- 调整内核参数，打开 net.ipv4.tcp_tw_reuse，让新的出站连接可以复用处于 TIME_WAIT 的套接字，前提是两端都开启了时间戳选项，用来区分新旧连接的报文，否则迟到的旧报文可能被误当成新连接的数据。
- 让客户端而不是服务器主动关闭连接，这样 TIME_WAIT 留在客户端，分散在许多机器上，而服务器上的端口和内存就不会被它们占满，这也是许多协议让客户端先发关闭请求的原因。
"""

EN_WAYS = """## Too many connections in TIME_WAIT?

A server that actively closes many connections in a short time is left with many TIME_WAIT entries holding memory and ports.

**Remedies:**

- Set SO_REUSEADDR on the listening socket so that the kernel lets a restarted server bind its port again while old connections on it still sit in TIME_WAIT.
- Turn on net.ipv4.tcp_tw_reuse so that new outgoing connections may reuse a socket in TIME_WAIT, provided both ends send timestamps to tell old segments from new ones.
- Let the clients close first, so that TIME_WAIT stays with them, spread over many machines, instead of piling up on the one server.
"""


@pytest.mark.parametrize("note, label, first", [
    (ZH_WAYS, "解决办法", "服务器设置 SO_REUSEADDR 套接字选项"),
    (EN_WAYS, "Remedies", "Set SO_REUSEADDR on the listening socket"),
])
def test_a_long_list_of_ways_is_asked_whole_by_its_openings(note: str, label: str, first: str) -> None:
    found = cards(note)
    whole = [c for c in found if front(c).endswith(label)]
    assert len(whole) == 1, [front(c) for c in found]
    lines = back(whole[0]).split("\n")
    # one line per way: which they are; a way held by another card is only opened
    # here ("…"), a way of no question's shape stands here in full (its heading asks it)
    assert len(lines) == 3 and lines[0].startswith(f"- {first}"), lines
    for line in lines:
        if line.endswith("…"):
            opening = line.removeprefix("- ").removesuffix("…")
            assert [c for c in found if opening in back(c) and c is not whole[0]], opening


@pytest.mark.parametrize("note, caption", [
    ("## 总结\n\n根据以上描述，拥塞控制的全过程可以归纳为以下流程图\n\n<img src=\"./imgs/missing.jpg\">\n",
     "可以归纳为以下流程图"),
    ("## Summary\n\nEverything above is summed up in the flowchart below:\n\n![flow](imgs/missing.png)\n",
     "summed up in the flowchart below"),
])
def test_a_line_pointing_at_a_picture_below_is_its_caption(note: str, caption: str) -> None:
    # alone, with the picture missing, it says only that there is a picture: no card
    assert not [c for c in cards(note) if caption in back(c)]
    report = coverage(parse(note))
    assert [d for d in report.dropped if caption in d.text and d.reason == "image or caption"]


# -- an item's explanation indented one column short -------------------------------------------------


@pytest.mark.parametrize("note, term, said", [
    ("## 首部字段\n\n*    **确认号字段**（32 位）\n\n    接收方期望收到的下一个字节的序号\n\n"
     "*    **窗口字段**（16 位）\n\n    接收方还能接收多少字节，用于流量控制\n",
     "确认号字段", "接收方期望收到的下一个字节的序号"),
    ("## Header fields\n\n*    **acknowledgment number field** (32 bit)\n\n    the next byte the receiver expects to get\n\n"
     "*    **receive window field** (16 bit)\n\n    how many more bytes the receiver can take, for flow control\n",
     "acknowledgment number field", "the next byte the receiver expects to get"),
])
def test_an_explanation_indented_one_column_short_belongs_to_its_item(note: str, term: str, said: str) -> None:
    # "*" and four spaces put an item's text in column 5: the explanation under it, indented
    # four, is read by markdown as code; it is the item's explanation
    found = cards(note)
    assert [c for c in found if c.kind == K.DEFINITION and term in front(c) and back(c) == said], \
        [(front(c), back(c)) for c in found]
    assert not [d for d in coverage(parse(note)).dropped if d.reason == "code"]


def test_code_indented_under_a_list_stays_code() -> None:
    note = "## 例子\n\n*    发送端：\n\n    sock.send(data);\n    sock.close();\n"
    assert [d for d in coverage(parse(note)).dropped if d.reason == "code"]


# -- a name set equal to the words it stands for ---------------------------------------------------


@pytest.mark.parametrize("note, asked, answer, nested", [
    ("## 序号\n\n序号的规则：\n- 每个字节都有一个序号\n- ISN = 初始序号\n\t- 随机选取\n- 序号 = ISN + 字节偏移\n",
     "序号 · ISN 是什么？", "初始序号", "随机选取"),
    ("## Sequence numbers\n\nThe rules:\n- every byte has a sequence number\n- ISN = initial sequence number\n"
     "\t- chosen at random\n- sequence number = ISN + offset of the byte\n",
     "Sequence numbers · What is ISN?", "initial sequence number", "chosen at random"),
])
def test_a_name_set_equal_to_words_is_a_definition(note: str, asked: str, answer: str, nested: str) -> None:
    found = cards(note)
    card = next((c for c in found if front(c) == asked), None)
    assert card is not None and card.kind == K.DEFINITION, [front(c) for c in found]
    assert back(card).startswith(answer) and nested in back(card)  # with what the note says under it
    # a formula is no definition: "序号 = ISN + 字节偏移" asks what the quantity equals
    assert not [c for c in found if c.kind == K.DEFINITION and "是什么" in front(c) and "偏移" in back(c)]
    assert not [c for c in found if "What is sequence number?" in front(c)]
