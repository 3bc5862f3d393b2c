"""Question generators for the second half of TCP: data, windows, the retransmission timer,
congestion control, and Nagle with delayed ACKs.

Every numeric prompt draws fresh numbers each time it is asked and computes its answer with
the engine (transfer, rto, congestion, nagle); wrong choices are the mistakes students make:
the end of the lost segment instead of its start, SRTT updated before RTTVAR, ssthresh taken
from the new cwnd, the floor forgotten. Each worked solution shows every step and the RFC.

One module a kind: data, window, rto (retransmission), cwnd (segments per RTT), cwnd-bytes
(RFC 5681 per ACK), cc-algo (algorithms: NewReno, CUBIC, Linux's default), nagle
(nagle_delack); common holds what they share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tcpquiz.engine.question import Spec
from tcpquiz.engine.transfer_kinds.algorithms import algo_kind
from tcpquiz.engine.transfer_kinds.cwnd import cwnd_kind
from tcpquiz.engine.transfer_kinds.cwnd_bytes import bytes_kind
from tcpquiz.engine.transfer_kinds.data import data
from tcpquiz.engine.transfer_kinds.nagle_delack import nagle_kind
from tcpquiz.engine.transfer_kinds.retransmission import rto_kind
from tcpquiz.engine.transfer_kinds.window import window

GENERATORS: dict[str, Callable[[str], Iterator[Spec]]] = {
    "data": data,
    "window": window,
    "rto": rto_kind,
    "cwnd": cwnd_kind,
    "cwnd-bytes": bytes_kind,
    "cc-algo": algo_kind,
    "nagle": nagle_kind,
}
