"""Data transfer: segments with sequence numbers, cumulative ACKs, duplicate ACKs after a
loss, what the receiver holds out of order, and what a retransmission carries.

RFC 9293 section 3.4: a segment's data occupies SEG.SEQ .. SEG.SEQ+SEG.LEN-1 and the ACK
names the next octet expected, RCV.NXT. Section 3.10.7.4: a segment beyond RCV.NXT is
kept (a receiver SHOULD keep such segments rather than drop them) and answered with an
ACK that still names RCV.NXT; RFC 5681 section 4.2 asks for that ACK at once, so the
sender sees duplicate ACKs. Plain cumulative ACKs here; SACK (RFC 2018) is not modelled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tcpquiz.engine import seqnum


@dataclass(frozen=True)
class Segment:
    seq: int
    len: int

    @property
    def end(self) -> int:
        """The sequence number after its last octet."""
        return seqnum.add(self.seq, self.len)


def segments(first_seq: int, sizes: Iterable[int]) -> list[Segment]:
    """Back-to-back segments of these sizes, the first at `first_seq`."""
    out: list[Segment] = []
    seq = first_seq
    for size in sizes:
        if size < 1:
            raise ValueError("a data segment carries at least one octet")
        out.append(Segment(seq, size))
        seq = seqnum.add(seq, size)
    return out


@dataclass(frozen=True)
class Arrival:
    segment: Segment
    ack: int  # the ACK the receiver sends for it
    duplicate: bool  # the ACK repeats the previous one
    buffered: tuple[Segment, ...]  # held out of order after it


class Receiver:
    """RCV.NXT and the out-of-order queue."""

    def __init__(self, rcv_nxt: int) -> None:
        self.rcv_nxt = rcv_nxt
        self.held: dict[int, Segment] = {}  # by seq
        self.last_ack: int | None = None

    def receive(self, segment: Segment) -> Arrival:
        offset = seqnum.diff(self.rcv_nxt, segment.seq)
        if offset < seqnum.HALF:  # at or beyond RCV.NXT; else an old duplicate, ACKed again
            if offset > 0:
                self.held.setdefault(segment.seq, segment)
            elif seqnum.lt(self.rcv_nxt, segment.end):
                self.rcv_nxt = segment.end
        elif seqnum.lt(self.rcv_nxt, segment.end):  # overlaps the left edge: the new part counts
            self.rcv_nxt = segment.end
        # Take every held segment the new edge reaches.
        moved = True
        while moved:
            moved = False
            for seq, held in list(self.held.items()):
                if seqnum.le(seq, self.rcv_nxt):
                    del self.held[seq]
                    if seqnum.lt(self.rcv_nxt, held.end):
                        self.rcv_nxt = held.end
                    moved = True
        duplicate = self.last_ack == self.rcv_nxt
        self.last_ack = self.rcv_nxt
        held_now = tuple(sorted(self.held.values(), key=lambda s: seqnum.diff(self.rcv_nxt, s.seq)))
        return Arrival(segment, self.rcv_nxt, duplicate, held_now)

    def held_bytes(self) -> int:
        return sum(s.len for s in self.held.values())


@dataclass(frozen=True)
class LossRun:
    """A window of segments, one of them lost, then retransmitted after the others arrive."""

    sent: tuple[Segment, ...]
    lost: int  # index into sent
    arrivals: tuple[Arrival, ...]  # the others, in order
    retransmission: Segment
    after_retransmission: Arrival

    @property
    def dup_acks(self) -> int:
        return sum(a.duplicate for a in self.arrivals)

    @property
    def fast_retransmit(self) -> bool:
        """Three duplicate ACKs reach the sender (RFC 5681 section 3.2), so it need not wait
        for the timer."""
        return self.dup_acks >= 3


def lose_one(first_seq: int, sizes: Sequence[int], lost: int, rcv_nxt: int | None = None) -> LossRun:
    """Send the segments; the one at index `lost` is lost, the rest arrive in order; then
    the sender retransmits the first unacknowledged segment, which is the lost one."""
    sent = segments(first_seq, sizes)
    receiver = Receiver(first_seq if rcv_nxt is None else rcv_nxt)
    # The sender already holds an ACK of everything before the window (SND.UNA), so a first
    # ACK that repeats it is a duplicate too (RFC 5681 section 2, "duplicate acknowledgment").
    receiver.last_ack = receiver.rcv_nxt
    arrivals = tuple(receiver.receive(s) for i, s in enumerate(sent) if i != lost)
    retransmission = sent[lost]
    return LossRun(tuple(sent), lost, arrivals, retransmission, receiver.receive(retransmission))


# -- flow control (RFC 9293 section 3.8.6; RFC 5681 section 2; RFC 7323) -------------------------

MAX_WINDOW_SHIFT = 14  # RFC 7323 section 2.3
WINDOW_FIELD_MAX = 65_535  # a 16-bit field
WINDOW_SCALE_SENT_IN = ("SYN", "SYN,ACK")  # RFC 7323 section 2.2: only in SYN segments, in force only if both send it


def usable_window(cwnd: int, rwnd: int, in_flight: int) -> int:
    """How much more may be sent now: min(cwnd, rwnd) - (SND.NXT - SND.UNA), never negative.
    RFC 5681 section 2: the sender MUST NOT send beyond the smaller of cwnd and rwnd."""
    return max(0, min(cwnd, rwnd) - in_flight)


def advertised_window(buffer: int, received: int, read: int) -> int:
    """The receive window a receiver offers: its buffer less what has arrived and not yet
    been read by the application."""
    return max(0, buffer - (received - read))


def scaled_window(field: int, shift: int) -> int:
    """The window a segment grants: the 16-bit field shifted left by the scale the peer
    announced in its SYN (RFC 7323 section 2.2)."""
    if not 0 <= field <= WINDOW_FIELD_MAX or not 0 <= shift <= MAX_WINDOW_SHIFT:
        raise ValueError("window field or shift out of range")
    return field << shift


def shift_needed(window: int) -> int:
    """The smallest shift that lets the 16-bit field express `window` (rounded down to
    the scale's unit)."""
    for shift in range(MAX_WINDOW_SHIFT + 1):
        if window >> shift <= WINDOW_FIELD_MAX:
            return shift
    raise ValueError("no window scale reaches that window")


def window_throughput(window_bytes: int, rtt_ms: int) -> float:
    """The most one window a round trip can carry, in bytes per second."""
    return window_bytes * 1000 / rtt_ms
