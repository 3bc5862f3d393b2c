"""Nagle's algorithm and delayed ACKs, and the stall they make together.

Nagle (RFC 896; RFC 1122 section 4.2.3.4; RFC 9293 section 3.7.4): while data sent is
still unacknowledged, a segment smaller than the MSS is held back until that data is
ACKed or a full segment's worth has gathered. Delayed ACKs (RFC 1122 section 4.2.3.2;
RFC 9293 section 3.8.6.3): a receiver may wait before ACKing, but less than 0.5 s, and
should ACK at least every second full-sized segment. Linux waits 40 ms at least
(TCP_DELACK_MIN) and 200 ms at most (TCP_DELACK_MAX).

The stall: a client writes a request in two small pieces, then waits for the reply
("write-write-read"). The first piece goes at once; Nagle holds the second until the first
is ACKed; the server, with half a request, has nothing to send back, so it ACKs only when
its delayed-ACK timer fires.
"""

from __future__ import annotations

from dataclasses import dataclass

RFC_MAX_DELACK_MS = 500  # RFC 9293 section 3.8.6.3: MUST be less than 0.5 s
ACK_EVERY_FULL_SEGMENTS = 2  # RFC 5681 section 4.2: SHOULD ACK at least every second full-sized segment
LINUX_CORK_MS = 200  # man 7 tcp, TCP_CORK: corked partial frames go out after 200 ms at most
LINUX_DELACK_MIN_MS = 40
LINUX_DELACK_MAX_MS = 200


def nagle_sends_now(size: int, mss: int, unacked: int, nodelay: bool = False) -> bool:
    """Whether a write of `size` octets goes out at once (with nothing else queued and the
    window open): a full segment always, a small one only when nothing is unacknowledged."""
    return nodelay or size >= mss or unacked == 0


def cork_sends_now(size: int, mss: int, unacked: int, waited_ms: float = 0) -> bool:
    """Linux's TCP_CORK: a partial segment waits until the cork is removed, a full segment
    gathers, or LINUX_CORK_MS pass, whether or not anything is unacknowledged."""
    return size >= mss or waited_ms >= LINUX_CORK_MS


def segments_for_keystrokes(keystrokes: int, rtt_ms: float, typing_gap_ms: float, nagle: bool = True) -> int:
    """Segments a program writing one byte per keystroke sends: with Nagle, the keystrokes
    typed while one segment is unacknowledged go out together when its ACK returns."""
    if not nagle:
        return keystrokes
    sent, t, in_flight_until = 0, 0.0, -1.0
    pending = 0
    for _ in range(keystrokes):
        pending += 1
        if t >= in_flight_until:  # nothing unacknowledged: send what has gathered
            sent, pending, in_flight_until = sent + 1, 0, t + rtt_ms
        t += typing_gap_ms
        if pending and t >= in_flight_until:  # the ACK came back meanwhile
            sent, pending, in_flight_until = sent + 1, 0, in_flight_until + rtt_ms
    return sent + (1 if pending else 0)


@dataclass(frozen=True)
class Exchange:
    """Times in ms from the first write."""

    second_sent: float  # the second piece leaves the client
    request_complete: float  # the whole request is at the server
    reply_received: float  # the reply is back at the client (the server answers at once)


def write_write_read(rtt_ms: float, delack_ms: float, nagle: bool = True, delayed_ack: bool = True) -> Exchange:
    """The two-piece request, both pieces smaller than the MSS, and the server's immediate
    reply once it has both. Transmission time is ignored; the one-way delay is RTT/2."""
    one_way = rtt_ms / 2
    if nagle:
        # The second piece waits for the ACK of the first; the server sends that ACK when its
        # timer fires, having nothing to piggyback it on.
        ack_sent = one_way + (delack_ms if delayed_ack else 0)
        second_sent = ack_sent + one_way
    else:
        second_sent = 0.0
    request_complete = second_sent + one_way
    return Exchange(second_sent, request_complete, request_complete + one_way)
