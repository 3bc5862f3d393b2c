"""Scenarios of the data-transfer half, played step by step and drawn as a timeline:
a lost segment and its fast retransmit, a timeout with backoff, a zero window.

Each scenario is computed with the engine's models (transfer.Receiver for ACK numbers,
congestion for cwnd and ssthresh in bytes, rto for the timer), not written out by hand.
Times are milliseconds; the one-way delay is half the RTT; segments are full-sized.
The drawing is a list of lines of (text, style) parts, as tcpquiz.engine.diagram makes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tcpquiz.engine import congestion, rto
from tcpquiz.engine.diagram import Line
from tcpquiz.engine.transfer import Receiver, Segment, segments
from tcpquiz.errors import InvalidValueError
from tcpquiz.text import display_width, pad, pick, wrap

SENDER, RECEIVER = "sender", "receiver"
SMSS = 1000
RTT_MS = 100
FIRST_SEQ = 1001  # as after a handshake with ISN 1000


@dataclass(frozen=True)
class Event:
    t: int  # ms
    src: str  # SENDER or RECEIVER
    label: str  # "seq=1001 len=1000" or "ack=2001 win=4000"
    lost: bool = False
    sender: str = ""  # the sender's variables after the event, when they changed
    receiver: str = ""  # the receiver's
    note: str = ""

    def as_json(self) -> dict[str, object]:
        return {"t_ms": self.t, "from": self.src, "segment": self.label, "lost": self.lost,
                "sender": self.sender, "receiver": self.receiver, "note": self.note}


@dataclass(frozen=True)
class Run:
    name: str
    title: str
    setup: str
    events: tuple[Event, ...]
    summary: str

    def as_json(self) -> dict[str, object]:
        return {"scenario": self.name, "title": self.title, "setup": self.setup,
                "events": [event.as_json() for event in self.events], "summary": self.summary}


def _cw(cwnd: int, ssthresh: int | None) -> str:
    threshold = "∞" if ssthresh is None else str(ssthresh // SMSS)
    return f"cwnd={cwnd / SMSS:g} ssth={threshold}"


def fast_retransmit(lang: str = "en") -> Run:
    """Eight segments in one window, the second lost: three duplicate ACKs, fast retransmit
    and Reno's fast recovery (RFC 5681 section 3.2), counted per RFC 5681 in SMSS units."""
    sent = segments(FIRST_SEQ, [SMSS] * 8)
    receiver = Receiver(FIRST_SEQ)
    receiver.last_ack = FIRST_SEQ
    events: list[Event] = []
    cwnd, ssthresh = 8 * SMSS, 64 * SMSS
    half = RTT_MS // 2
    for i, seg in enumerate(sent):
        events.append(Event(i, SENDER, f"seq={seg.seq} len={seg.len}", lost=i == 1,
                            sender=_cw(cwnd, ssthresh) if i == 0 else ""))
    dups = 0
    recovery_cwnd = 0
    for i, seg in enumerate(sent):
        if i == 1:
            continue
        arrival = receiver.receive(seg)
        t = half + i
        held = receiver.held_bytes()
        state = f"RCV.NXT={receiver.rcv_nxt}" + (f" held={held}" if held else "")
        events.append(Event(t, RECEIVER, f"ack={arrival.ack}", receiver=state))
        if not arrival.duplicate:
            continue
        dups += 1
        if dups < congestion.DUPACK_THRESHOLD:
            events.append(Event(t + half, SENDER, "", note=pick(lang, f"duplicate ACK {dups} of {arrival.ack}",
                                                                 f"第 {dups} 个重复 ACK（ack={arrival.ack}）")))
        elif dups == congestion.DUPACK_THRESHOLD:
            recovery_cwnd, ssthresh = congestion.fast_recovery_bytes(8 * SMSS, SMSS)
            lost = sent[1]
            formula = f"ssthresh = max(8/2, 2) = {ssthresh // SMSS}"
            events.append(Event(t + half, SENDER, f"seq={lost.seq} len={lost.len}", sender=_cw(recovery_cwnd, ssthresh),
                                note=pick(lang, f"third duplicate ACK: fast retransmit; {formula}, cwnd = ssthresh + 3 = "
                                                f"{recovery_cwnd // SMSS}",
                                          f"第 3 个重复 ACK：快重传；{formula}，cwnd = ssthresh + 3 = "
                                          f"{recovery_cwnd // SMSS}")))
            retransmitted_at = t + half
        else:
            recovery_cwnd += SMSS
            events.append(Event(t + half, SENDER, "", sender=_cw(recovery_cwnd, ssthresh),
                                note=pick(lang, f"duplicate ACK {dups}: cwnd + 1 (a segment left the network)",
                                          f"第 {dups} 个重复 ACK：cwnd + 1（又有一个报文段离开了网络）")))
    arrival = receiver.receive(sent[1])
    t = retransmitted_at + half
    events.append(Event(t, RECEIVER, f"ack={arrival.ack}", receiver=f"RCV.NXT={receiver.rcv_nxt}",
                        note=pick(lang, "the hole is filled: the ACK covers every segment held",
                                  "空缺补上了：这个 ACK 覆盖了暂存的全部报文段")))
    events.append(Event(t + half, SENDER, "", sender=_cw(ssthresh, ssthresh),
                        note=pick(lang, "new data acknowledged: fast recovery ends, cwnd = ssthresh (congestion "
                                        "avoidance)", "新数据得到确认：快恢复结束，cwnd = ssthresh（进入拥塞避免）")))
    return Run("fast-retransmit",
               pick(lang, "A lost segment and its fast retransmit (Reno, RFC 5681 section 3.2).",
                    "一个报文段丢失，快重传把它补上（Reno，RFC 5681 第 3.2 节）。"),
               pick(lang, f"8 segments of {SMSS} bytes from seq {FIRST_SEQ}; the 2nd is lost; RTT {RTT_MS} ms; cwnd "
                          f"and ssthresh in segments of {SMSS} bytes.",
                    f"从 seq {FIRST_SEQ} 起发送 8 个 {SMSS} 字节的报文段，第 2 个丢失；RTT {RTT_MS} ms；"
                    f"cwnd 和 ssthresh 以 {SMSS} 字节的报文段为单位。"),
               tuple(sorted(events, key=lambda e: e.t)),
               pick(lang, f"{dups} duplicate ACKs; one retransmission, no timeout; cwnd 8 → {ssthresh // SMSS} "
                          "segments.",
                    f"{dups} 个重复 ACK；重传一次，没有超时；cwnd 从 8 个报文段降到 {ssthresh // SMSS} 个。"))


def timeout_backoff(lang: str = "en") -> Run:
    """A segment whose first two sendings are lost: the RTO doubles each time (RFC 6298
    rule 5.5), cwnd falls to one segment (RFC 5681 equation 4), and Karn's rule takes no RTT
    sample from the ACK that finally comes."""
    seg = Segment(FIRST_SEQ, SMSS)
    start_rto = rto.INITIAL_RTO_MS
    timers = rto.backoff(start_rto, 2)
    events = [Event(0, SENDER, f"seq={seg.seq} len={seg.len}", lost=True, sender=f"RTO={start_rto}ms",
                    note=pick(lang, f"cwnd = IW = {congestion.initial_window(SMSS) // SMSS} segments, ssthresh "
                                    "unbounded",
                              f"cwnd = IW = {congestion.initial_window(SMSS) // SMSS} 个报文段，ssthresh 无上限"))]
    t = 0
    cwnd, ssthresh = congestion.timeout_bytes(SMSS, SMSS)
    for attempt, timer in enumerate(timers[:2], start=1):
        t += int(timer)
        nxt = int(timers[attempt])
        # RFC 5681 section 3.1: a segment that already timed out once leaves ssthresh as it is.
        effect = (pick(lang, f"ssthresh = max(FlightSize/2, 2 SMSS) = {ssthresh // SMSS}, cwnd = 1",
                       f"ssthresh = max(FlightSize/2, 2 SMSS) = {ssthresh // SMSS}，cwnd = 1") if attempt == 1 else
                  pick(lang, "ssthresh held (the segment was already retransmitted, RFC 5681 section 3.1)",
                       "ssthresh 不变（这个报文段已经重传过，RFC 5681 第 3.1 节）"))
        events.append(Event(t, SENDER, f"seq={seg.seq} len={seg.len}", lost=attempt == 1, sender=f"RTO={nxt}ms",
                            note=pick(lang, f"timeout {attempt}: retransmit; RTO doubled to {nxt} ms; {effect}",
                                      f"第 {attempt} 次超时：超时重传；RTO 加倍为 {nxt} ms；{effect}")))
    half = RTT_MS // 2
    events.append(Event(t + half, RECEIVER, f"ack={seg.end}", receiver=f"RCV.NXT={seg.end}"))
    events.append(Event(t + RTT_MS, SENDER, "", sender=f"cwnd={cwnd // SMSS} ssth={ssthresh // SMSS}",
                        note=pick(lang, f"ACK of a retransmitted segment: Karn's rule takes no RTT sample; the RTO "
                                        f"stays {int(timers[2])} ms until a fresh sample",
                                  f"确认的是重传过的报文段：按 Karn 算法不取 RTT 样本；得到新样本之前 RTO 保持 "
                                  f"{int(timers[2])} ms")))
    first, second = int(timers[0]), int(timers[0] + timers[1])
    doubled = f"{start_rto} → {int(timers[1])} → {int(timers[2])} ms"
    return Run("timeout-backoff",
               pick(lang, "A segment lost twice: timeouts with exponential backoff (RFC 6298).",
                    "一个报文段丢失两次：超时重传与指数退避（RFC 6298）。"),
               pick(lang, f"One segment of {SMSS} bytes; its first two sendings are lost; RTT {RTT_MS} ms; the "
                          f"initial RTO is {start_rto} ms (no sample yet, rule 2.1).",
                    f"一个 {SMSS} 字节的报文段，前两次发送都丢失；RTT {RTT_MS} ms；初始 RTO 为 {start_rto} ms"
                    "（还没有 RTT 样本，规则 2.1）。"),
               tuple(events),
               pick(lang, f"Timeouts at {first} ms and {second} ms; the RTO doubled {doubled}.",
                    f"在 {first} ms 和 {second} ms 两次超时；RTO 逐次加倍：{doubled}。"))


def zero_window(lang: str = "en") -> Run:
    """A receiver whose application stops reading: the window closes, the sender probes it
    on the persist timer (backed off like the RTO), and a window update reopens it
    (RFC 9293 section 3.8.6.1)."""
    buffer = 4 * SMSS
    sent = segments(FIRST_SEQ, [SMSS] * 4)
    half = RTT_MS // 2
    events: list[Event] = []
    receiver = Receiver(FIRST_SEQ)
    for i, seg in enumerate(sent):
        events.append(Event(i, SENDER, f"seq={seg.seq} len={seg.len}"))
    for i, seg in enumerate(sent):
        arrival = receiver.receive(seg)
        window = buffer - (i + 1) * SMSS
        events.append(Event(half + i, RECEIVER, f"ack={arrival.ack} win={window}",
                            receiver=f"unread={(i + 1) * SMSS}",
                            note=pick(lang, "zero window: the application has read nothing",
                                      "零窗口：应用程序什么也没读") if window == 0 else ""))
    t = RTT_MS + 3
    persist = rto.backoff(rto.INITIAL_RTO_MS, 2)
    events.append(Event(t, SENDER, "", sender=f"persist={int(persist[0])}ms",
                        note=pick(lang, "window 0: stop sending, start the persist timer",
                                  "窗口为 0：停止发送，启动坚持计时器")))
    probe_seq = sent[-1].end
    for k, wait in enumerate(persist[:2], start=1):
        t += int(wait)
        events.append(Event(t, SENDER, f"seq={probe_seq} len=1", sender=f"persist={int(persist[k])}ms",
                            note=pick(lang, f"window probe {k}: one octet", f"第 {k} 次窗口探测：1 字节")))
        events.append(Event(t + half, RECEIVER, f"ack={probe_seq} win=0",
                            note=pick(lang, "still full: the octet is not taken", "缓存仍满：这 1 字节没有被接收")))
    read_at = t + half + 500
    events.append(Event(read_at, RECEIVER, f"ack={probe_seq} win={2 * SMSS}", receiver="unread=2000",
                        note=pick(lang, "the application reads 2000 bytes: window update",
                                  "应用程序读走 2000 字节：发出窗口更新")))
    events.append(Event(read_at + half, SENDER, f"seq={probe_seq} len={SMSS}", sender=pick(lang, "persist off",
                                                                                           "persist 停止"),
                        note=pick(lang, "window open: sending resumes", "窗口打开：恢复发送")))
    return Run("zero-window",
               pick(lang, "A zero window and the persist timer (RFC 9293 section 3.8.6.1).",
                    "零窗口与坚持计时器（RFC 9293 第 3.8.6.1 节）。"),
               pick(lang, f"Receive buffer {buffer} bytes; the application stops reading; 4 segments of {SMSS} bytes "
                          f"fill it; RTT {RTT_MS} ms; the persist timer starts at {rto.INITIAL_RTO_MS} ms and backs off.",
                    f"接收缓存 {buffer} 字节；应用程序停止读取；4 个 {SMSS} 字节的报文段把它填满；RTT {RTT_MS} ms；"
                    f"坚持计时器从 {rto.INITIAL_RTO_MS} ms 开始，逐次退避。"),
               tuple(sorted(events, key=lambda e: e.t)),
               pick(lang, "Probes keep the connection alive; a lost window update cannot deadlock it.",
                    "窗口探测让连接保持活动：即使窗口更新丢失，连接也不会死锁。"))


DATA_SCENARIOS: dict[str, Callable[[str], Run]] = {
    "fast-retransmit": fast_retransmit,
    "timeout-backoff": timeout_backoff,
    "zero-window": zero_window,
}


def play(name: str, lang: str = "en") -> Run:
    """Play a data scenario, its words in `lang`."""
    try:
        return DATA_SCENARIOS[name](lang)
    except KeyError:
        raise InvalidValueError(f"There is no data scenario {name!r}; choose one of "
                                f"{', '.join(DATA_SCENARIOS)}.") from None


ARROW_WIDTH = 24
WIDTH = 80  # notes wrap to fit a standard terminal


def timeline(run: Run, lang: str = "en") -> list[Line]:
    """The run as rows: time, the sender's variables, the segment's arrow, the receiver's
    variables; notes on their own lines, wrapped to 80 columns."""
    sender, receiver = pick(lang, SENDER, "发送方"), pick(lang, RECEIVER, "接收方")
    left = max([display_width(sender), *(display_width(e.sender) for e in run.events)])
    title = f"{run.name}：{run.title}" if lang == "zh" else f"{run.name}: {run.title}"
    lines: list[Line] = [[(part, "title")] for part in wrap(title, WIDTH)]
    lines += [[(part, "dim")] for part in wrap(run.setup, WIDTH)]
    lines.append([])
    lines.append([(f"{'ms':>5}  {pad(sender, left)} │{' ' * ARROW_WIDTH}│ {receiver}", "dim")])
    for event in run.events:
        lines.append([(f"{event.t:>5}  ", "dim"), (pad(event.sender, left), "state"), (" │", "dim"),
                      _arrow(event), ("│ ", "dim"), (event.receiver, "state")])
        if event.note:
            indent = " " * (9 + left)
            wrapped = wrap(event.note, max(WIDTH - len(indent) - 2, 30))
            lines += [[(indent + ("↳ " if i == 0 else "  ") + part, "note")] for i, part in enumerate(wrapped)]
    lines += [[], *([(part, "")] for part in wrap(run.summary, WIDTH))]
    return lines


def _arrow(event: Event) -> tuple[str, str]:
    if not event.label:
        return " " * ARROW_WIDTH, ""
    label = event.label
    if event.lost:
        text = f"─{label}─✗" if event.src == SENDER else f"✗─{label}─"
        return (text.ljust(ARROW_WIDTH) if event.src == SENDER else text.rjust(ARROW_WIDTH)), "lost"
    fill = "─" * max(ARROW_WIDTH - len(label) - 3, 1)
    return (f"─{label}{fill}▶" if event.src == SENDER else f"◀{fill}{label}─").ljust(ARROW_WIDTH), "arrow"
