"""Scenarios of the data-transfer half, played step by step and drawn as a timeline:
a lost segment and its fast retransmit, a timeout with backoff, a zero window.

Each scenario is computed with the engine's models (transfer.Receiver for ACK numbers,
congestion for cwnd and ssthresh in bytes, rto for the timer), not written out by hand.
Times are milliseconds; the one-way delay is half the RTT; segments are full-sized.
The drawing is a list of lines of (text, style) parts, as tcpquiz.engine.diagram makes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from tcpquiz.engine import congestion, rto
from tcpquiz.engine.diagram import Line
from tcpquiz.engine.transfer import Receiver, Segment, segments
from tcpquiz.errors import InvalidValueError

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


def fast_retransmit() -> Run:
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
            events.append(Event(t + half, SENDER, "", note=f"duplicate ACK {dups} of {arrival.ack}"))
        elif dups == congestion.DUPACK_THRESHOLD:
            recovery_cwnd, ssthresh = congestion.fast_recovery_bytes(8 * SMSS, SMSS)
            lost = sent[1]
            events.append(Event(t + half, SENDER, f"seq={lost.seq} len={lost.len}", sender=_cw(recovery_cwnd, ssthresh),
                                note=f"third duplicate ACK: fast retransmit; ssthresh = max(8/2, 2) = "
                                     f"{ssthresh // SMSS}, cwnd = ssthresh + 3 = {recovery_cwnd // SMSS}"))
            retransmitted_at = t + half
        else:
            recovery_cwnd += SMSS
            events.append(Event(t + half, SENDER, "", sender=_cw(recovery_cwnd, ssthresh),
                                note=f"duplicate ACK {dups}: cwnd + 1 (a segment left the network)"))
    arrival = receiver.receive(sent[1])
    t = retransmitted_at + half
    events.append(Event(t, RECEIVER, f"ack={arrival.ack}", receiver=f"RCV.NXT={receiver.rcv_nxt}",
                        note="the hole is filled: the ACK covers every segment held"))
    events.append(Event(t + half, SENDER, "", sender=_cw(ssthresh, ssthresh),
                        note="new data acknowledged: fast recovery ends, cwnd = ssthresh (congestion avoidance)"))
    return Run("fast-retransmit", "A lost segment and its fast retransmit (Reno, RFC 5681 section 3.2).",
               f"8 segments of {SMSS} bytes from seq {FIRST_SEQ}; the 2nd is lost; RTT {RTT_MS} ms; cwnd and "
               f"ssthresh in segments of {SMSS} bytes.",
               tuple(sorted(events, key=lambda e: e.t)),
               f"{dups} duplicate ACKs; one retransmission, no timeout; cwnd 8 → {ssthresh // SMSS} segments.")


def timeout_backoff() -> Run:
    """A segment whose first two sendings are lost: the RTO doubles each time (RFC 6298
    rule 5.5), cwnd falls to one segment (RFC 5681 equation 4), and Karn's rule takes no RTT
    sample from the ACK that finally comes."""
    seg = Segment(FIRST_SEQ, SMSS)
    start_rto = rto.INITIAL_RTO_MS
    timers = rto.backoff(start_rto, 2)
    events = [Event(0, SENDER, f"seq={seg.seq} len={seg.len}", lost=True, sender=f"RTO={start_rto}ms",
                    note=f"cwnd = IW = {congestion.initial_window(SMSS) // SMSS} segments, ssthresh unbounded")]
    t = 0
    cwnd, ssthresh = congestion.timeout_bytes(SMSS, SMSS)
    for attempt, timer in enumerate(timers[:2], start=1):
        t += int(timer)
        nxt = int(timers[attempt])
        # RFC 5681 section 3.1: a segment that already timed out once leaves ssthresh as it is.
        effect = (f"ssthresh = max(FlightSize/2, 2 SMSS) = {ssthresh // SMSS}, cwnd = 1" if attempt == 1 else
                  "ssthresh held (the segment was already retransmitted, RFC 5681 section 3.1)")
        events.append(Event(t, SENDER, f"seq={seg.seq} len={seg.len}", lost=attempt == 1, sender=f"RTO={nxt}ms",
                            note=f"timeout {attempt}: retransmit; RTO doubled to {nxt} ms; {effect}"))
    half = RTT_MS // 2
    events.append(Event(t + half, RECEIVER, f"ack={seg.end}", receiver=f"RCV.NXT={seg.end}"))
    events.append(Event(t + RTT_MS, SENDER, "", sender=f"cwnd={cwnd // SMSS} ssth={ssthresh // SMSS}",
                        note=f"ACK of a retransmitted segment: Karn's rule takes no RTT sample; the RTO stays "
                             f"{int(timers[2])} ms until a fresh sample"))
    return Run("timeout-backoff", "A segment lost twice: timeouts with exponential backoff (RFC 6298).",
               f"One segment of {SMSS} bytes; its first two sendings are lost; RTT {RTT_MS} ms; the initial RTO "
               f"is {start_rto} ms (no sample yet, rule 2.1).",
               tuple(events),
               f"Timeouts at {int(timers[0])} ms and {int(timers[0] + timers[1])} ms; the RTO doubled "
               f"{start_rto} → {int(timers[1])} → {int(timers[2])} ms.")


def zero_window() -> Run:
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
                            note="zero window: the application has read nothing" if window == 0 else ""))
    t = RTT_MS + 3
    persist = rto.backoff(rto.INITIAL_RTO_MS, 2)
    events.append(Event(t, SENDER, "", sender=f"persist={int(persist[0])}ms",
                        note="window 0: stop sending, start the persist timer"))
    probe_seq = sent[-1].end
    for k, wait in enumerate(persist[:2], start=1):
        t += int(wait)
        events.append(Event(t, SENDER, f"seq={probe_seq} len=1", sender=f"persist={int(persist[k])}ms",
                            note=f"window probe {k}: one octet"))
        events.append(Event(t + half, RECEIVER, f"ack={probe_seq} win=0",
                            note="still full: the octet is not taken"))
    read_at = t + half + 500
    events.append(Event(read_at, RECEIVER, f"ack={probe_seq} win={2 * SMSS}", receiver="unread=2000",
                        note="the application reads 2000 bytes: window update"))
    events.append(Event(read_at + half, SENDER, f"seq={probe_seq} len={SMSS}", sender="persist off",
                        note="window open: sending resumes"))
    return Run("zero-window", "A zero window and the persist timer (RFC 9293 section 3.8.6.1).",
               f"Receive buffer {buffer} bytes; the application stops reading; 4 segments of {SMSS} bytes fill it; "
               f"RTT {RTT_MS} ms; the persist timer starts at {rto.INITIAL_RTO_MS} ms and backs off.",
               tuple(sorted(events, key=lambda e: e.t)),
               "Probes keep the connection alive; a lost window update cannot deadlock it.")


DATA_SCENARIOS: dict[str, Callable[[], Run]] = {
    "fast-retransmit": fast_retransmit,
    "timeout-backoff": timeout_backoff,
    "zero-window": zero_window,
}


def play(name: str) -> Run:
    try:
        return DATA_SCENARIOS[name]()
    except KeyError:
        raise InvalidValueError(f"There is no data scenario {name!r}; choose one of "
                                f"{', '.join(DATA_SCENARIOS)}.") from None


ARROW_WIDTH = 24
WIDTH = 80  # notes wrap to fit a standard terminal


def timeline(run: Run) -> list[Line]:
    """The run as rows: time, the sender's variables, the segment's arrow, the receiver's
    variables; notes on their own lines, wrapped to 80 columns."""
    left = max([len(SENDER), *(len(e.sender) for e in run.events)])
    lines: list[Line] = [[(f"{run.name}: {run.title}", "title")], [(run.setup, "dim")], []]
    lines.append([(f"{'ms':>5}  {SENDER.ljust(left)} │{' ' * ARROW_WIDTH}│ {RECEIVER}", "dim")])
    for event in run.events:
        lines.append([(f"{event.t:>5}  ", "dim"), (event.sender.ljust(left), "state"), (" │", "dim"),
                      _arrow(event), ("│ ", "dim"), (event.receiver, "state")])
        if event.note:
            indent = " " * (9 + left)
            wrapped = textwrap.wrap(event.note, max(WIDTH - len(indent) - 2, 30))
            lines += [[(indent + ("↳ " if i == 0 else "  ") + part, "note")] for i, part in enumerate(wrapped)]
    lines += [[], [(run.summary, "")]]
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
