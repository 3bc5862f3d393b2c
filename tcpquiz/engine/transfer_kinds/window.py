"""`window`: flow control. The usable window, the window a receiver advertises, a zero window
and the persist timer, window scaling (RFC 7323), a window's throughput ceiling.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from tcpquiz.engine import transfer
from tcpquiz.engine.question import Spec
from tcpquiz.engine.text import pick
from tcpquiz.engine.transfer_kinds.common import (
    Built,
    Template,
    fixed_spec,
    numeric_spec,
)

FLOW_REF = {"en": "RFC 9293 section 3.8.6; RFC 5681 section 2.", "zh": "RFC 9293 第 3.8.6 节；RFC 5681 第 2 节。"}


def _usable(limit: str, unit: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        mss = rng.choice((1000, 1460)) if unit == "bytes" else 1
        small, big = sorted(rng.sample(range(4, 40), 2))
        cwnd, rwnd = (small, big) if limit == "cwnd" else (big, small)
        window = min(cwnd, rwnd)
        flight = rng.randint(window + 1, window + 6) if limit == "closed" else rng.randint(1, window - 1)
        cwnd, rwnd, flight = cwnd * mss, rwnd * mss, flight * mss
        if limit == "closed":
            cwnd, rwnd = (cwnd, rwnd) if rng.random() < 0.5 else (rwnd, cwnd)
        unit_word = pick(lang, "bytes", "字节") if unit == "bytes" else pick(lang, "segments", "个报文段")
        usable = transfer.usable_window(cwnd, rwnd, flight)
        prompt = pick(lang, f"A sender has cwnd = {cwnd} {unit_word}; the receiver advertises rwnd = {rwnd} "
                            f"{unit_word}; {flight} {unit_word} are sent and not yet acknowledged (SND.NXT - "
                            f"SND.UNA). How much more may it send now?",
                      f"发送方 cwnd = {cwnd} {unit_word}，接收方通告 rwnd = {rwnd} {unit_word}，已发送未确认 "
                      f"{flight} {unit_word}（SND.NXT - SND.UNA）。现在还能再发多少？")
        wrong = [str(max(cwnd, rwnd) - flight), str(min(cwnd, rwnd)), str(cwnd + rwnd - flight),
                 str(abs(min(cwnd, rwnd) - flight)) if usable == 0 else str(min(cwnd, rwnd) - flight + mss)]
        right = f"{usable} {unit_word}"
        wrong = [f"{w} {unit_word}" for w in wrong]
        steps = f"min({cwnd}, {rwnd}) - {flight} = {min(cwnd, rwnd)} - {flight}"
        result = pick(lang, f"{steps} = {min(cwnd, rwnd) - flight}, and a negative window means none: 0"
                            if usable == 0 and min(cwnd, rwnd) != flight else f"{steps} = {usable}",
                      f"{steps} = {min(cwnd, rwnd) - flight}，为负即不能再发：0"
                      if usable == 0 and min(cwnd, rwnd) != flight else f"{steps} = {usable}")
        explanation = pick(lang, f"The sender may have at most min(cwnd, rwnd) unacknowledged: {result}. "
                                 f"{FLOW_REF[lang]}",
                           f"发送方未确认的数据最多为 min(cwnd, rwnd)：{result}。{FLOW_REF[lang]}")
        return prompt, right, wrong, explanation

    return build


def _after_acks(acked: int) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        cwnd = rng.randint(6, 12)
        rwnd = rng.randint(4, 12)
        window = min(cwnd, rwnd)
        first = rng.randint(1, 50)
        prompt = pick(lang, f"Segments are numbered from {first}, one MSS each. The sender's cwnd is {cwnd} segments "
                            f"and the receiver's window {rwnd} segments, and it has sent as many as both allow. Then "
                            f"the first {acked} are acknowledged (the window advertised is unchanged). Counting all "
                            f"segments sent so far, what is the highest segment number it may have sent now? (Flow "
                            f"control only: cwnd does not grow in this question.)",
                      f"报文段从 {first} 开始编号，每个一个 MSS。发送方 cwnd 为 {cwnd} 个报文段，接收窗口为 {rwnd} "
                      f"个，已按两者允许的上限发满。随后前 {acked} 个被确认（通告窗口不变）。"
                      f"现在它最多可以发到第几号报文段？（只考虑流量控制：本题中 cwnd 不增长。）")
        right = first + acked + window - 1
        wrong = [first + window - 1, first + acked + max(cwnd, rwnd) - 1, first + acked + window, right - 1]
        explanation = pick(lang, f"The window is min({cwnd}, {rwnd}) = {window} segments and slides with the ACKs: "
                                 f"its left edge moves from {first} to {first + acked}, so it covers {first + acked} "
                                 f".. {first + acked} + {window} - 1 = {right}. {FLOW_REF[lang]}",
                           f"窗口为 min({cwnd}, {rwnd}) = {window} 个报文段，随确认向前滑动：左沿从 {first} 移到 "
                           f"{first + acked}，覆盖 {first + acked} .. {first + acked} + {window} - 1 = {right}。"
                           f"{FLOW_REF[lang]}")
        return prompt, str(right), [str(w) for w in wrong], explanation

    return build


def _advertised(case: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        buffer = rng.choice((4096, 8192, 16384, 65535, 32768))
        received = buffer if case == "full" else rng.randint(buffer // 4, buffer - 1)
        read = 0 if case in ("unread", "full") else rng.randint(1, received)
        window = transfer.advertised_window(buffer, received, read)
        prompt = pick(lang, f"A receiver's buffer holds {buffer} bytes. {received} bytes have arrived in order and "
                            f"the application has read {read} of them. What window does its next ACK advertise?",
                      f"接收缓存为 {buffer} 字节，按序到达了 {received} 字节，应用已读走其中 {read} 字节。它下一个 "
                      f"ACK 通告的窗口是多少？")
        wrong = [buffer - read, buffer - received, buffer, received - read]
        zero = pick(lang, " A zero window: the sender stops and starts its persist timer.",
                    "窗口为零：发送方停止发送，启动坚持计时器。") if window == 0 else ""
        explanation = pick(lang, f"The window is the free space: {buffer} - ({received} - {read}) = {window}.{zero} "
                                 f"RFC 9293 section 3.8.6.",
                           f"窗口就是剩余空间：{buffer} - ({received} - {read}) = {window}。{zero}RFC "
                           f"9293 第 3.8.6 节。")
        return prompt, str(window), [str(w) for w in wrong], explanation

    return build


SCALE_REF = {"en": "RFC 7323 section 2.", "zh": "RFC 7323 第 2 节。"}


def _scale_actual(low: int, high: int) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        shift = rng.randint(low, high)
        field = rng.randint(100, 65535)
        window = transfer.scaled_window(field, shift)
        prompt = pick(lang, f"In its SYN a host announced window scale {shift}. A later segment from it carries the "
                            f"window field {field}. How many bytes does that window grant?",
                      f"某主机在 SYN 中通告窗口扩大因子（shift）为 {shift}。之后它发出的报文段窗口字段为 {field}。"
                      f"这个窗口允许多少字节？")
        wrong = [field * shift, field << (shift + 1), field, field * 2 ** (shift - 1) if shift else field + 1]
        explanation = pick(lang, f"The field is shifted left by the scale: {field} × 2^{shift} = {window}. The scale "
                                 f"is sent only in SYNs and applies to every later segment (a SYN's own window is "
                                 f"never scaled). {SCALE_REF[lang]}",
                           f"窗口字段左移 shift 位：{field} × 2^{shift} = {window}。扩大因子只在 SYN 中通告，"
                           f"作用于之后的所有报文段（SYN 本身的窗口不扩大）。{SCALE_REF[lang]}")
        return prompt, str(window), [str(w) for w in wrong], explanation

    return build


def _scale_shift(rng: random.Random, lang: str) -> Built:
    window = rng.choice((1, 2, 3, 4, 6, 8, 12, 16, 32, 64)) * 2**20 + rng.choice((0, 2**19))
    shift = transfer.shift_needed(window)
    prompt = pick(lang, f"A receiver wants to advertise a {window}-byte window. What is the smallest window scale "
                        f"shift it can announce?",
                  f"接收方想通告 {window} 字节的窗口。它至少要通告多大的窗口扩大因子（shift）？")
    wrong = [shift + 1, shift - 1, 14, 16]
    explanation = pick(lang, f"The field holds at most 65535, so it needs 65535 × 2^s >= {window}: {window} / 65535 "
                             f"≈ {window / 65535:.2f}, and 2^{shift} = {2**shift} is the first power of two that "
                             f"large (2^{shift - 1} = {2 ** (shift - 1)} is not). The shift is at most 14. "
                             f"{SCALE_REF[lang]}",
                       f"窗口字段最大 65535，需要 65535 × 2^s >= {window}：{window} / 65535 ≈ {window / 65535:.2f}，"
                       f"第一个够大的 2 的幂是 2^{shift} = {2**shift}（2^{shift - 1} = {2 ** (shift - 1)} 不够）。"
                       f"shift 最大为 14。{SCALE_REF[lang]}")
    return prompt, str(shift), [str(w) for w in wrong], explanation


def _throughput(scaled: bool) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        rtt = rng.choice((10, 20, 40, 50, 80, 100, 200))
        window = 65535 if not scaled else rng.choice((2, 4, 8)) * 65536 * rng.choice((1, 2, 4))
        mbps = transfer.window_throughput(window, rtt) * 8 / 1e6
        prompt = pick(lang, f"A connection's window is {window} bytes and its RTT {rtt} ms. At most how fast can it "
                            f"send, in Mbit/s (10^6 bit/s), whatever the link's speed?",
                      f"某连接窗口为 {window} 字节，RTT 为 {rtt} ms。无论链路多快，它最多能以多少 "
                      f"Mbit/s（10^6 bit/s）发送？")
        right = f"{mbps:.2f}"
        wrong = [f"{mbps / 8:.2f}", f"{mbps * 2:.2f}", f"{mbps / 2:.2f}", f"{window / rtt / 1000:.3f}"]
        ceiling = "" if scaled else pick(lang, "Without window scaling 65535 bytes is the ceiling. ",
                                         "不用窗口扩大选项时窗口上限就是 65535 字节。")
        explanation = pick(lang, f"One window per round trip: {window} × 8 bit / {rtt} ms = {window * 8} / "
                                 f"{rtt / 1000} s = {mbps:.2f} Mbit/s. ",
                           f"每个往返时间最多发一个窗口：{window} × 8 bit / {rtt} ms = {window * 8} / {rtt / 1000} s "
                           f"= {mbps:.2f} Mbit/s。") + ceiling + SCALE_REF[lang]
        return prompt, right, wrong, explanation

    return build


def _bdp(rng: random.Random, lang: str) -> Built:
    mbps = rng.choice((10, 50, 100, 200, 1000))
    rtt = rng.choice((10, 20, 50, 100))
    bdp = mbps * 1_000_000 // 8 * rtt // 1000
    needs = bdp > 65535
    prompt = pick(lang, f"A {mbps} Mbit/s path has an RTT of {rtt} ms. What window (bytes) keeps it full, and does "
                        f"that need the window scale option?",
                  f"一条 {mbps} Mbit/s 的路径 RTT 为 {rtt} ms。要把它填满需要多大窗口（字节）？是否需要窗口扩大选项？")

    def choice(value: int, scale: bool) -> str:
        return pick(lang, f"{value} bytes; {'scaling needed' if scale else 'no scaling needed'}",
                    f"{value} 字节；{'需要窗口扩大' if scale else '不需要窗口扩大'}")

    wrong = [choice(bdp, not needs), choice(bdp * 8, True), choice(bdp // 2, bdp // 2 > 65535), choice(bdp * 2, True)]
    explanation = pick(lang, f"Bandwidth × delay: {mbps} × 10^6 / 8 bytes/s × {rtt / 1000} s = {bdp} bytes, "
                             f"{'more' if needs else 'no more'} than the 65535 the bare 16-bit field can say. "
                             f"{SCALE_REF[lang]}",
                       f"带宽时延积：{mbps} × 10^6 / 8 字节/秒 × {rtt / 1000} 秒 = {bdp} 字节，"
                       f"{'超过' if needs else '没有超过'}16 位窗口字段能表示的 65535。{SCALE_REF[lang]}")
    return prompt, choice(bdp, needs), wrong, explanation


ZERO_WINDOW = (
    ("window/zero/what-sender-does",
     ("The receiver advertises a window of 0. What does the sender do?",
      "It stops sending new data and, with its persist timer, sends window probes until the window opens",
      ("It keeps sending at the rate of its congestion window",
       "It closes the connection with a FIN", "It halves cwnd and retransmits everything unacknowledged"),
      "A zero window stops new data; the sender MUST keep probing it (RFC 9293 section 3.8.6.1), driven by the "
      "persist timer, because the ACK that reopens the window carries no data and is never retransmitted if lost."),
     ("接收方通告窗口为 0。发送方怎么做？",
      "停止发送新数据，由坚持计时器驱动周期性发送零窗口探测，直到窗口重新打开",
      ("继续按拥塞窗口的速率发送", "发送 FIN 关闭连接", "把 cwnd 减半并重传所有未确认数据"),
      "零窗口时不再发送新数据；发送方必须继续探测（RFC 9293 第 3.8.6.1 节），由坚持计时器驱动，因为重新打开窗口的 "
      "ACK 不带数据，丢了也不会被重传。")),
    ("window/zero/why-probe",
     ("Why must a sender facing a zero window keep probing it?",
      "The window update that reopens it is a pure ACK, which is not retransmitted; if it is lost both "
      "sides wait forever",
      ("To measure the RTT for the RTO", "To keep NAT mappings alive",
       "Because the receiver forgets the connection after 2MSL"),
      "A pure ACK is never retransmitted, so a lost window update would leave the sender waiting for it and the "
      "receiver waiting for data: a deadlock that the persist timer's probes break (RFC 9293 section 3.8.6.1)."),
     ("面对零窗口，发送方为什么必须持续探测？",
      "重新打开窗口的窗口更新是纯 ACK，不会重传；若它丢失，双方会永远互相等待",
      ("为了测量 RTT 以计算 RTO", "为了保持 NAT 映射", "因为接收方在 2MSL 后会忘掉连接"),
      "纯 ACK 不会被重传，丢失的窗口更新会让发送方等窗口、接收方等数据，形成死锁；坚持计时器的探测打破它（RFC 9293 "
      "第 3.8.6.1 节）。")),
    ("window/zero/probe-size",
     ("How much data does a zero-window probe usually carry?",
      "One byte (or none), so the receiver must answer with its current window",
      ("A full MSS", "Half the last window", "The whole send buffer"),
      "The probe sends at least one octet of new data when there is some (RFC 9293 section 3.8.6.1), or in practice "
      "an already acknowledged octet; either way the receiver answers with an ACK that carries its window."),
     ("零窗口探测报文通常携带多少数据？",
      "1 个字节（或不带数据），迫使接收方回一个带当前窗口的 ACK",
      ("一个完整的 MSS", "上一个窗口的一半", "整个发送缓存"),
      "探测报文有新数据时至少带一个字节（RFC 9293 第 3.8.6.1 节），实践中也常用一个已确认的字节；无论哪种，"
      "接收方都要回一个携带窗口的 ACK。")),
    ("window/zero/probe-backoff",
     ("How are zero-window probes spaced when the window stays closed?",
      "Exponentially backed off, like the retransmission timer, but the connection is not dropped while the "
      "receiver answers",
      ("Every 200 ms, forever", "Once, then the sender aborts", "Every 2MSL"),
      "RFC 9293 section 3.8.6.1: the transmission interval of probes SHOULD increase exponentially, and the "
      "connection MUST NOT be closed while the receiver keeps answering with a zero window."),
     ("窗口一直不打开时，零窗口探测之间的间隔如何变化？",
      "像重传计时器一样按指数退避；只要接收方还在应答，就不关闭连接",
      ("永远每 200 ms 一次", "只探测一次，然后中止连接", "每 2MSL 一次"),
      "RFC 9293 第 3.8.6.1 节：探测间隔应当指数增长；只要接收方持续以零窗口应答，就不得关闭连接。")),
    ("window/scale/max",
     ("With window scaling, what is the largest window TCP can advertise?",
      "65535 × 2^14 = 1,073,725,440 bytes (about 1 GiB), with the largest shift 14",
      ("65535 × 2^16 = 4,294,901,760 bytes", "65535 bytes", "2^31 bytes"),
      "The shift is at most 14 (RFC 7323 section 2.3), so the window is below 2^30: both ends must tell old from new "
      "data within 2^31 of sequence space."),
     ("使用窗口扩大选项后，TCP 能通告的最大窗口是多少？",
      "65535 × 2^14 = 1,073,725,440 字节（约 1 GiB），最大 shift 为 14",
      ("65535 × 2^16 = 4,294,901,760 字节", "65535 字节", "2^31 字节"),
      "shift 最大为 14（RFC 7323 第 2.3 节），窗口小于 2^30：双方必须能在 2^31 的序号空间内区分新旧数据。")),
    ("window/scale/when",
     ("When is the window scale option sent?",
      "Only in the SYN and SYN,ACK; it takes effect only if both sides send it",
      ("In every segment", "Only in the first data segment", "In the FIN"),
      "RFC 7323 section 2.2: the option is sent only in a SYN; if either side does not send it, neither scales."),
     ("窗口扩大选项在什么时候发送？",
      "只在 SYN 和 SYN,ACK 中发送；双方都发送才生效",
      ("每个报文段都带", "只在第一个数据报文段中", "在 FIN 中"),
      "RFC 7323 第 2.2 节：该选项只能出现在 SYN 中；任何一方没有发送，则双方都不扩大。")),
)


def window(lang: str) -> Iterator[Spec]:
    for limit in ("cwnd", "rwnd", "closed"):
        for unit in ("segments", "bytes"):
            yield numeric_spec(f"window/usable/{limit}-limits/{unit}", "window", lang, _usable(limit, unit))
    for acked in (1, 2, 3, 4):
        yield numeric_spec(f"window/slide/{acked}-acked", "window", lang, _after_acks(acked))
    for case in ("unread", "part-read", "full"):
        yield numeric_spec(f"window/advertised/{case}", "window", lang, _advertised(case))
    for low, high in ((1, 4), (5, 9), (10, 14)):
        yield numeric_spec(f"window/scale/actual/shift-{low}-{high}", "window", lang, _scale_actual(low, high))
    yield numeric_spec("window/scale/shift-needed", "window", lang, _scale_shift)
    for scaled in (False, True):
        key = f"window/throughput/{'scaled' if scaled else 'unscaled'}"
        yield numeric_spec(key, "window", lang, _throughput(scaled))
    yield numeric_spec("window/bdp", "window", lang, _bdp)
    for key, en, zh in ZERO_WINDOW:
        yield fixed_spec(key, "window", lang, en, zh)
