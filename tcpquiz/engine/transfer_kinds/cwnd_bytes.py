"""`cwnd-bytes`: RFC 5681's own counting, in bytes and per ACK: the initial window, slow start,
congestion avoidance, a timeout, fast recovery.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from tcpquiz.engine import congestion
from tcpquiz.engine.question import Spec
from tcpquiz.engine.text import pick
from tcpquiz.engine.transfer_kinds.common import (
    Built,
    Template,
    fixed_spec,
    numeric_spec,
)

BYTES_NOTE = {"en": "In bytes, per ACK, as RFC 5681 itself counts.",
              "zh": "按 RFC 5681 本身的方式：以字节计，逐个 ACK 计算。"}
IW_BANDS = {"large": (2191, 4000), "middle": (1096, 2190), "small": (200, 1095)}


def _iw(band: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        low, high = IW_BANDS[band]
        smss = rng.choice([m for m in (536, 1000, 1024, 1095, 1096, 1220, 1400, 1460, 2190, 2191, 4000, 3000, 8960)
                           if low <= m <= high])
        iw = congestion.initial_window(smss)
        prompt = pick(lang, f"What initial window does RFC 5681 allow a sender whose SMSS is {smss} bytes, in bytes?",
                      f"SMSS 为 {smss} 字节时，RFC 5681 允许的初始窗口是多少字节？")
        wrong = [smss, 10 * smss, *(k * smss for k in (2, 3, 4) if k * smss != iw)]
        explanation = pick(lang, f"Equation (1): IW = 2 × SMSS (at most 2 segments) if SMSS > 2190; 3 × SMSS if SMSS "
                                 f"> 1095; else 4 × SMSS. Here {iw} bytes, {iw // smss} segments. Linux sends 10 "
                                 f"(RFC 6928). RFC 5681 section 3.1.",
                           f"公式 (1)：SMSS > 2190 时 IW = 2 × SMSS；SMSS > 1095 时 3 × SMSS；否则 4 × SMSS。这里为 "
                           f"{iw} 字节，即 {iw // smss} 个报文段。Linux 用 10 个（RFC 6928）。RFC 5681 第 3.1 节。")
        return prompt, str(iw), [str(w) for w in wrong], explanation

    return build


def _ss_ack(full: bool) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        smss = rng.choice((536, 1000, 1460))
        cwnd = smss * rng.randint(2, 9)
        acked = smss * rng.randint(1, 2) if full else rng.randint(1, smss - 1)
        new = congestion.slow_start_ack(cwnd, acked, smss)
        prompt = pick(lang, f"In slow start, cwnd = {cwnd} bytes and SMSS = {smss}. An ACK arrives that acknowledges "
                            f"{acked} new bytes. What is cwnd now, in bytes?",
                      f"慢开始阶段 cwnd = {cwnd} 字节，SMSS = {smss}。到达一个确认了 {acked} 字节新数据的 ACK。现在 "
                      f"cwnd 是多少字节？")
        wrong = [cwnd + acked, cwnd * 2, cwnd + smss * smss // cwnd, cwnd + smss if acked < smss else cwnd + 2 * smss]
        explanation = pick(lang, f"Equation (2): cwnd += min(N, SMSS) = min({acked}, {smss}) = {min(acked, smss)}, "
                                 f"so {cwnd} + {min(acked, smss)} = {new}. Counting bytes acknowledged (RFC 3465) "
                                 f"stops an ACK of many segments from growing cwnd by more than one SMSS. "
                                 f"{BYTES_NOTE[lang]} RFC 5681 section 3.1.",
                           f"公式 (2)：cwnd += min(N, SMSS) = min({acked}, {smss}) = {min(acked, smss)}，所以 {cwnd} "
                           f"+ {min(acked, smss)} = {new}。按确认的字节数计（RFC 3465），一个确认多个报文段的 ACK "
                           f"也只增加一个 SMSS。{BYTES_NOTE[lang]}RFC 5681 第 3.1 节。")
        return prompt, str(new), [str(w) for w in wrong], explanation

    return build


def _ca_ack(rng: random.Random, lang: str) -> Built:
    smss = rng.choice((536, 1000, 1460))
    cwnd = smss * rng.randint(8, 30) + rng.choice((0, smss // 2))
    new = congestion.avoidance_ack(cwnd, smss)
    prompt = pick(lang, f"In congestion avoidance, cwnd = {cwnd} bytes and SMSS = {smss}. One ACK of a full segment "
                        f"arrives. What is cwnd now, in bytes (integer arithmetic)?",
                  f"拥塞避免阶段 cwnd = {cwnd} 字节，SMSS = {smss}。到达一个确认了一个完整报文段的 ACK。现在 cwnd "
                  f"是多少字节（整数运算）？")
    wrong = [cwnd + smss, cwnd + 1, cwnd + smss // 2, cwnd * 2]
    explanation = pick(lang, f"Equation (3): cwnd += SMSS × SMSS / cwnd = {smss} × {smss} / {cwnd} = "
                             f"{smss * smss // cwnd} (rounded down; at least 1), so {new}. Over a window's worth of "
                             f"ACKs that adds about one SMSS per RTT. {BYTES_NOTE[lang]} RFC 5681 section 3.1.",
                       f"公式 (3)：cwnd += SMSS × SMSS / cwnd = {smss} × {smss} / {cwnd} = "
                       f"{smss * smss // cwnd}（向下取整，至少 1），所以为 {new}。一个窗口的 ACK 加起来每个 RTT "
                       f"约增加一个 SMSS。{BYTES_NOTE[lang]}RFC 5681 第 3.1 节。")
    return prompt, str(new), [str(w) for w in wrong], explanation


def _ca_round(rng: random.Random, lang: str) -> Built:
    smss = 1000
    segs = rng.randint(4, 10)
    cwnd = smss * segs
    values = congestion.avoidance_round_bytes(cwnd, smss)
    new = values[-1]
    prompt = pick(lang, f"In congestion avoidance, cwnd = {cwnd} bytes, SMSS = {smss}. The {segs} full segments of "
                        f"one window are each ACKed on its own. What is cwnd after those {segs} ACKs, by equation "
                        f"(3) with integer arithmetic?",
                  f"拥塞避免阶段 cwnd = {cwnd} 字节，SMSS = {smss}。一个窗口的 {segs} 个完整报文段各自被单独确认。"
                  f"按公式 (3)、整数运算，这 {segs} 个 ACK 之后 cwnd 是多少？")
    wrong = [cwnd + smss, cwnd + segs, cwnd * 2, new + 1]
    steps = " → ".join(str(v) for v in values)
    explanation = pick(lang, f"Each ACK adds {smss}²/cwnd of the cwnd at that moment: {steps}. The sum, {new - cwnd} "
                             f"bytes, is a little under one SMSS, because cwnd grows during the round: the per-round "
                             f"model's \"+1 segment\" is a rounding of this. {BYTES_NOTE[lang]} RFC "
                             f"5681 section 3.1.",
                       f"每个 ACK 增加当时 cwnd 下的 {smss}²/cwnd：{steps}。合计 {new - cwnd} 字节，略少于一个 SMSS，"
                       f"因为 cwnd 在这一轮中不断变大：按轮次计算的“每轮加 1”是它的近似。{BYTES_NOTE[lang]}RFC "
                       f"5681 第 3.1 节。")
    return prompt, str(new), [str(w) for w in wrong], explanation


def _bytes_timeout(asked: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        smss = rng.choice((536, 1000, 1460))
        flight = smss * rng.randint(1, 20)
        cwnd, ssthresh = congestion.timeout_bytes(flight, smss)
        right = cwnd if asked == "cwnd" else ssthresh
        prompt = pick(lang, f"SMSS = {smss} bytes and FlightSize = {flight} bytes when the retransmission timer "
                            f"expires. What is the new {asked}, in bytes?",
                      f"SMSS = {smss} 字节，FlightSize = {flight} 字节时重传计时器超时。新的 {asked} 是多少字节？")
        wrong = [flight // 2, 2 * smss, flight, ssthresh + 3 * smss, smss, max(flight // 2, smss)]
        explanation = pick(lang, f"Equation (4): ssthresh = max(FlightSize / 2, 2 × SMSS) = max({flight // 2}, "
                                 f"{2 * smss}) = {ssthresh}; and cwnd = the loss window, 1 SMSS = {cwnd}. "
                                 f"{BYTES_NOTE[lang]} RFC 5681 section 3.1.",
                           f"公式 (4)：ssthresh = max(FlightSize / 2, 2 × SMSS) = max({flight // 2}, {2 * smss}) = "
                           f"{ssthresh}；cwnd 为丢失窗口 LW = 1 个 SMSS = {cwnd}。{BYTES_NOTE[lang]}RFC "
                           f"5681 第 3.1 节。")
        return prompt, str(right), [str(w) for w in wrong], explanation

    return build


def _bytes_fast(asked: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        smss = rng.choice((536, 1000, 1460))
        flight = smss * rng.randint(6, 24)
        extra = {"ssthresh": 0, "third": 0, "plus-1": 1, "plus-2": 2, "plus-3": 3, "new-ack": 0}[asked]
        cwnd, ssthresh = congestion.fast_recovery_bytes(flight, smss, extra)
        if asked == "ssthresh":
            question = pick(lang, "What is ssthresh now?", "此时 ssthresh 是多少？")
            right = ssthresh
        elif asked == "third":
            question = pick(lang, "What is cwnd right after the fast retransmit?", "快重传刚发出时 cwnd 是多少？")
            right = cwnd
        elif asked == "new-ack":
            question = pick(lang, "Later the ACK of the retransmission arrives, acknowledging new data. "
                                  "What is cwnd then?",
                            "之后确认重传数据的新 ACK 到达。此时 cwnd 是多少？")
            right = ssthresh
        else:
            question = pick(lang, f"{extra} more duplicate ACK(s) arrive. What is cwnd then?",
                            f"又到达 {extra} 个重复 ACK。此时 cwnd 是多少？")
            right = cwnd
        prompt = pick(lang, f"A Reno sender (RFC 5681) with SMSS = {smss} bytes and FlightSize = {flight} bytes gets "
                            f"its third duplicate ACK. {question} (bytes)",
                      f"Reno 发送方（RFC 5681）SMSS = {smss} 字节，FlightSize = {flight} 字节，收到第 3 个重复 ACK。"
                      f"{question}（字节）")
        wrong = [ssthresh, ssthresh + 3 * smss, ssthresh + (3 + extra + 1) * smss, flight // 2 + extra * smss, smss,
                 flight]
        explanation = pick(lang, f"Step 2 of section 3.2: ssthresh = max(FlightSize / 2, 2 × SMSS) = {ssthresh}; "
                                 f"retransmit the lost segment; cwnd = ssthresh + 3 × SMSS = {ssthresh + 3 * smss} "
                                 f"(the three segments that left the network). Step 4: each further duplicate ACK "
                                 f"adds SMSS. Step 6: the ACK of new data sets cwnd = ssthresh = {ssthresh} "
                                 f"(deflating the window). {BYTES_NOTE[lang]} RFC 5681 section 3.2.",
                           f"第 3.2 节第 2 步：ssthresh = max(FlightSize / 2, 2 × SMSS) = {ssthresh}；"
                           f"重传丢失的报文段；cwnd = ssthresh + 3 × SMSS = {ssthresh + 3 * smss}（已离开网络的 3 "
                           f"个报文段）。第 4 步：之后每个重复 ACK 加一个 SMSS。第 6 步：确认新数据的 ACK 到达时 "
                           f"cwnd = ssthresh = {ssthresh}（窗口收缩）。{BYTES_NOTE[lang]}RFC 5681 第 3.2 节。")
        return prompt, str(right), [str(w) for w in wrong], explanation

    return build


BYTES_FIXED = (
    ("bytes/vs-rounds",
     ("Where does RFC 5681's byte counting differ from the textbook's \"+1 segment per RTT\" chart?",
      "The initial window is 2 to 4 segments, and congestion avoidance grows a little under one SMSS per RTT",
      ("Nowhere: they give the same numbers", "Slow start in bytes grows by a factor of 4 per RTT",
       "In bytes ssthresh is never halved"),
      "The chart starts at 1 segment and adds exactly 1 per round; RFC 5681 starts at IW (equation 1) and adds "
      "SMSS²/cwnd per ACK, which sums to just under SMSS a round. Fast recovery also inflates cwnd by 3 SMSS, which "
      "the chart leaves out. RFC 5681 section 3."),
     ("RFC 5681 按字节计算与教科书“每个 RTT 加 1 个报文段”的图有何不同？",
      "初始窗口是 2 到 4 个报文段，拥塞避免每个 RTT 增长略少于一个 SMSS",
      ("没有区别：数字完全相同", "按字节计时慢开始每个 RTT 增长 4 倍", "按字节计时 ssthresh 从不减半"),
      "教科书的图从 1 个报文段开始、每轮正好加 1；RFC 5681 从 IW（公式 1）开始，每个 ACK 加 SMSS²/cwnd，"
      "一轮合计略少于 SMSS。快恢复还会把 cwnd 膨胀 3 个 SMSS，图中不画。RFC 5681 第 3 节。")),
    ("bytes/why-inflate",
     ("Why does fast recovery add 3 × SMSS to cwnd after the third duplicate ACK?",
      "Each duplicate ACK means a segment has left the network, so the sender may send new data in its place",
      ("To make up for the halving at once", "Because the receiver's window grew by 3 segments",
       "To send the three segments again"),
      "A duplicate ACK is sent when a later segment arrives: three of them say three segments are no longer in "
      "flight. Inflating cwnd keeps the ACK clock running during recovery. RFC 5681 section 3.2, step 2."),
     ("为什么快恢复在第 3 个重复 ACK 后给 cwnd 加上 3 × SMSS？",
      "每个重复 ACK 都表示有一个报文段已离开网络，发送方可以补发新数据",
      ("一次性弥补减半的损失", "因为接收窗口增大了 3 个报文段", "为了把那 3 个报文段重发一遍"),
      "后面的报文段到达时接收方才发重复 ACK：三个重复 ACK 说明有三个报文段不再在途。膨胀 cwnd 让恢复期间 ACK "
      "时钟继续运转。RFC 5681 第 3.2 节第 2 步。")),
)


def bytes_kind(lang: str) -> Iterator[Spec]:
    for band in IW_BANDS:
        yield numeric_spec(f"bytes/iw/{band}-smss", "cwnd-bytes", lang, _iw(band))
    for full in (True, False):
        yield numeric_spec(f"bytes/slow-start-ack/{'full' if full else 'partial'}", "cwnd-bytes", lang, _ss_ack(full))
    yield numeric_spec("bytes/avoidance-ack", "cwnd-bytes", lang, _ca_ack)
    yield numeric_spec("bytes/avoidance-round", "cwnd-bytes", lang, _ca_round)
    for asked in ("cwnd", "ssthresh"):
        yield numeric_spec(f"bytes/timeout/{asked}", "cwnd-bytes", lang, _bytes_timeout(asked))
    for asked in ("ssthresh", "third", "plus-1", "plus-2", "plus-3", "new-ack"):
        yield numeric_spec(f"bytes/fast-recovery/{asked}", "cwnd-bytes", lang, _bytes_fast(asked))
    for key, en, zh in BYTES_FIXED:
        yield fixed_spec(key, "cwnd-bytes", lang, en, zh)
