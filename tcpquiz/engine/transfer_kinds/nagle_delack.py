"""`nagle`: Nagle's algorithm, delayed ACKs, and the write-write-read stall they make together.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from tcpquiz.engine import nagle
from tcpquiz.engine.question import Spec
from tcpquiz.engine.text import pick
from tcpquiz.engine.transfer_kinds.common import (
    Built,
    Template,
    fixed_spec,
    fmt_number,
    numeric_spec,
)

NAGLE_REF = {"en": "RFC 1122 sections 4.2.3.2 and 4.2.3.4; RFC 9293 sections 3.7.4 and 3.8.6.3.",
             "zh": "RFC 1122 第 4.2.3.2、4.2.3.4 节；RFC 9293 第 3.7.4、3.8.6.3 节。"}


def _stall(nagle_on: bool, delack_on: bool, asked: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        rtt = rng.choice((2, 10, 20, 40, 60, 100))
        delack = rng.choice((40, 200, 100))
        ex = nagle.write_write_read(rtt, delack, nagle=nagle_on, delayed_ack=delack_on)
        value = ex.request_complete if asked == "request" else ex.reply_received
        settings = pick(lang, f"Nagle {'on' if nagle_on else 'off (TCP_NODELAY)'}; the server "
                              f"{'delays ACKs by ' + str(delack) + ' ms' if delack_on else 'ACKs at once'}",
                        f"Nagle {'开启' if nagle_on else '关闭（TCP_NODELAY）'}；"
                        f"服务器{'延迟 ACK ' + str(delack) + ' ms' if delack_on else '立即确认'}")
        what = pick(lang, "does the whole request reach the server" if asked == "request" else
                    "does the reply reach the client", "完整请求到达服务器" if asked == "request" else "响应回到客户端")
        prompt = pick(lang, f"A client writes a request as two small pieces (a header, then a body, each far below "
                            f"the MSS) and then waits for the reply; the server replies as soon as it has both. RTT "
                            f"= {rtt} ms, transmission time negligible; {settings}. How many ms after the "
                            f"first write {what}?",
                      f"客户端把请求分两次小写入发出（先首部后正文，都远小于 MSS），然后等待响应；"
                      f"服务器收齐后立即响应。RTT = {rtt} ms，发送时延忽略；{settings}。"
                      f"第一次写入之后多少 ms，{what}？")
        half = rtt / 2
        if nagle_on:
            ack = f"{fmt_number(half)} + {delack if delack_on else 0}"
            steps = pick(lang, f"The header goes at once and arrives at {fmt_number(half)} ms. Nagle holds the body "
                               f"until the header is ACKed; the server, with half a request, has nothing to send, so "
                               f"its ACK leaves at {ack} and reaches the client at {fmt_number(ex.second_sent)} ms. "
                               f"The body arrives at {fmt_number(ex.request_complete)} ms",
                         f"首部立即发出，{fmt_number(half)} ms 到达。Nagle 把正文扣住直到首部被确认；"
                         f"服务器只有半个请求，无数据可捎带，ACK 在 {ack} ms 发出，{fmt_number(ex.second_sent)} ms "
                         f"到达客户端。正文在 {fmt_number(ex.request_complete)} ms 到达")
        else:
            steps = pick(lang, f"Without Nagle both pieces leave at once and the request is complete at "
                               f"{fmt_number(ex.request_complete)} ms", f"关闭 Nagle 后两段立即发出，请求在 "
                                                                        f"{fmt_number(ex.request_complete)} ms 到齐")
        tail = pick(lang, f"; the reply takes another {fmt_number(half)} ms, back at {fmt_number(ex.reply_received)} ms"
                          if asked == "reply" else "", f"；响应再过 {fmt_number(half)} ms，于 "
                                                       f"{fmt_number(ex.reply_received)} ms 回到"
                          if asked == "reply" else "")
        explanation = pick(lang, f"{steps}{tail}. {NAGLE_REF[lang]}", f"{steps}{tail}。{NAGLE_REF[lang]}")
        wrong = [value + delack, value - half, value + rtt, float(rtt), value + half, value * 2]
        return prompt, fmt_number(value), [fmt_number(w) for w in wrong], explanation

    return build


def _sends_now(case: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        mss = rng.choice((536, 1460))
        unacked = 0 if case == "idle" else rng.randint(1, 3) * rng.choice((10, 100, 200))
        size = mss * rng.randint(1, 3) if case == "full" else rng.randint(1, mss // 2)
        nodelay = case == "nodelay"
        now = nagle.nagle_sends_now(size, mss, unacked, nodelay)
        prompt = pick(lang, f"MSS = {mss}. The application writes {size} bytes; {unacked} bytes sent earlier are "
                            f"still unacknowledged; the window is "
                            f"open{'; the socket has TCP_NODELAY set' if nodelay else ''}. Does TCP send the "
                            f"new data at once?",
                      f"MSS = {mss}。应用写入 {size} 字节；之前发出的 {unacked} 字节尚未确认；"
                      f"窗口是打开的{'；套接字设置了 TCP_NODELAY' if nodelay else ''}。TCP 会立即发送这些新数据吗？")
        yes_full = pick(lang, "Yes: a full segment is always sent", "会：满一个 MSS 的报文段总是立即发送")
        yes_idle = pick(lang, "Yes: nothing is unacknowledged, so even a small segment goes",
                        "会：没有未确认的数据，小报文段也立即发送")
        yes_nodelay = pick(lang, "Yes: TCP_NODELAY turns Nagle off", "会：TCP_NODELAY 关闭了 Nagle 算法")
        no_wait = pick(lang, "No: Nagle holds it until the outstanding data is ACKed or a full segment gathers",
                       "不会：Nagle 算法把它扣住，直到未确认数据被确认或攒满一个 MSS")
        right = no_wait if not now else {"full": yes_full, "idle": yes_idle, "nodelay": yes_nodelay}[case]
        wrong = [c for c in (yes_full, yes_idle, yes_nodelay, no_wait,
                             pick(lang, "No: it waits for the delayed-ACK timer", "不会：等延迟 ACK 计时器到期"))
                 if c != right]
        explanation = pick(lang, f"Nagle: if there is unacknowledged data, buffer a small write until it is "
                                 f"acknowledged or a full-sized segment can be sent; a full segment, or a small one "
                                 f"with nothing outstanding, goes at once. TCP_NODELAY disables it. "
                                 f"{NAGLE_REF[lang]}",
                           f"Nagle 算法：有未确认数据时，小数据先缓存，直到数据被确认或能发送满长报文段；满长报文段，"
                           f"或没有未确认数据时的小报文段，立即发送。TCP_NODELAY 可关闭它。{NAGLE_REF[lang]}")
        return prompt, right, wrong, explanation

    return build


NAGLE_FIXED = (
    ("nagle/purpose",
     ("What problem does Nagle's algorithm solve?",
      "Many tiny segments (\"tinygrams\") whose 40-byte headers dwarf their data, e.g. one per keystroke",
      ("Lost segments on wireless links", "Receivers advertising tiny windows", "SYN floods"),
      "RFC 896 named it: a Telnet keystroke costs a 41-byte packet. Holding small writes while data is outstanding "
      "sends at most one small segment per RTT. RFC 1122 section 4.2.3.4. (Tiny windows from the receiver are silly "
      "window syndrome, handled by the receiver's rule.)"),
     ("Nagle 算法解决什么问题？",
      "大量小报文段（tinygram）：40 字节的首部远大于数据，例如每敲一次键发一个包",
      ("无线链路上的丢包", "接收方通告很小的窗口", "SYN 洪泛"),
      "RFC 896 提出：一次 Telnet 按键要发 41 字节的包。有未确认数据时扣住小写入，每个 RTT 至多一个小报文段。RFC 1122 "
      "第 4.2.3.4 节。（接收方通告小窗口属于糊涂窗口综合征，由接收方规则处理。）")),
    ("nagle/delack-limit",
     ("How long may a receiver delay an ACK, by the RFCs?",
      "Less than 0.5 s, and it should ACK at least every second full-sized segment",
      ("Up to 2 s", "Up to one RTO", "As long as it has no data to send"),
      "RFC 9293 section 3.8.6.3 (from RFC 1122 section 4.2.3.2): the delay MUST be less than 0.5 s, and in a stream "
      "of full-sized segments there SHOULD be an ACK for at least every second one. Linux waits 40 ms to 200 ms."),
     ("按 RFC，接收方最多能把 ACK 延迟多久？",
      "少于 0.5 秒，且对满长报文段至少每两个确认一次",
      ("最多 2 秒", "最多一个 RTO", "只要它没有数据要发就可以一直等"),
      "RFC 9293 第 3.8.6.3 节（源自 RFC 1122 第 4.2.3.2 节）：延迟必须小于 0.5 秒；"
      "连续的满长报文段至少每两个应有一个 ACK。Linux 等待 40 ms 到 200 ms。")),
    ("nagle/fix",
     ("A request/response protocol stalls 40 ms at each request because of Nagle and delayed ACKs. Which fix is best?",
      "Write each request in one call (or set TCP_NODELAY on the writer)",
      ("Make the receive buffer larger", "Turn on window scaling", "Lower the MSS"),
      "The stall needs a small second write held by Nagle while the peer delays its ACK; one write per request, "
      "writev, or TCP_NODELAY removes it. TCP_QUICKACK on the receiver helps only until Linux re-enters delayed-ACK "
      "mode. RFC 1122 section 4.2.3.4."),
     ("一个请求/响应协议因 Nagle 与延迟 ACK 每个请求都卡 40 ms。最好的解决办法是？",
      "每个请求用一次写入发出（或在写方设置 TCP_NODELAY）",
      ("增大接收缓存", "开启窗口扩大", "减小 MSS"),
      "卡顿需要 Nagle 扣住的第二次小写入，加上对端延迟 ACK；每个请求一次写入、用 writev、或设置 TCP_NODELAY "
      "都能消除。接收方的 TCP_QUICKACK 只在 Linux 重新进入延迟 ACK 模式之前有效。RFC 1122 第 4.2.3.4 节。")),
    ("nagle/why-delack",
     ("Why do receivers delay ACKs at all?",
      "To send fewer segments: the ACK can ride on a reply or cover two segments, and the window update can grow",
      ("To measure the RTT more precisely", "To slow the sender down on purpose",
       "Because the RFC forbids immediate ACKs"),
      "An ACK sent a moment later can be piggybacked on data the application is about to write, or acknowledge two "
      "segments at once. RFC 1122 section 4.2.3.2."),
     ("接收方为什么要延迟发送 ACK？",
      "为了少发报文：ACK 可以捎带在响应数据上，或一次确认两个报文段，窗口更新也能更大",
      ("为了更准确地测量 RTT", "故意让发送方慢下来", "因为 RFC 禁止立即确认"),
      "稍晚发出的 ACK 可以捎带在应用即将写出的数据上，或一次确认两个报文段。RFC 1122 第 4.2.3.2 节。")),
    ("nagle/cork",
     ("How does TCP_CORK (Linux) differ from Nagle's algorithm?",
      "It holds all partial segments until uncorked or full (at most 200 ms), whether or not data is outstanding",
      ("It is the same as TCP_NODELAY", "It delays the receiver's ACKs", "It disables the retransmission timer"),
      "Nagle holds a small write only while data is unacknowledged; a corked socket holds partial frames regardless "
      "and sends them when uncorked or after 200 ms (tcp(7))."),
     ("Linux 的 TCP_CORK 与 Nagle 算法有什么不同？",
      "不论有无未确认数据，都扣住不满的报文段，直到解除 cork 或攒满（最多 200 ms）",
      ("它与 TCP_NODELAY 相同", "它延迟接收方的 ACK", "它关闭重传计时器"),
      "Nagle 只在有未确认数据时扣住小写入；设置了 cork 的套接字无论如何都扣住不满的帧，解除 cork 或 200 ms "
      "后才发送（tcp(7)）。")),
)


def nagle_kind(lang: str) -> Iterator[Spec]:
    for nagle_on in (True, False):
        for delack_on in (True, False):
            for asked in ("request", "reply"):
                name = f"nagle-{'on' if nagle_on else 'off'}/delack-{'on' if delack_on else 'off'}/{asked}"
                yield numeric_spec(f"nagle/stall/{name}", "nagle", lang, _stall(nagle_on, delack_on, asked))
    for case in ("small", "full", "idle", "nodelay"):
        yield numeric_spec(f"nagle/sends-now/{case}", "nagle", lang, _sends_now(case))
    for key, en, zh in NAGLE_FIXED:
        yield fixed_spec(key, "nagle", lang, en, zh)
