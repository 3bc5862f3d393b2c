"""Two TCP endpoints and a network between them, simulated in whole milliseconds.

Every state change goes through the table in `tcpquiz.engine.fsm`: an endpoint looks at
an arriving segment's bits and numbers, runs the checks RFC 9293 section 3.10.7 makes
before any state change (sequence window, ACK acceptability, trimming), names the event
the segment is, and lets the table decide the next state and what to send. The numbers
on the segments sent (seq, ack) come from the endpoint's send and receive variables.

The network delays every segment by a fixed delay plus optional random jitter (so
segments can overtake each other), and can lose or duplicate segments at random; a
scenario can also lose or delay particular segments. All randomness comes from one
`random.Random(seed)`, so a run is a pure function of its inputs.

Timers: a retransmission timer per endpoint (initial RTO 1 s as RFC 6298 recommends,
doubled on every expiry; the connection is given up after MAX_RETRANSMISSIONS, RFC 9293
section 3.8.3) and the TIME-WAIT timer of 2MSL (section 3.10.8). The MSL is 2 minutes
by default, as RFC 9293 section 3.4.2 takes it; Linux ignores any MSL and keeps a socket
in TIME_WAIT for a fixed 60 s (TCP_TIMEWAIT_LEN).
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from tcpquiz.engine import seqnum
from tcpquiz.engine.fsm import (
    Event,
    Machine,
    Origin,
    State,
    Transition,
    TransitionRefused,
)
from tcpquiz.engine.scenarios import (
    CLIENT,
    SCENARIOS,
    SERVER,
    Action,
    NetworkConfig,
    Scenario,
)
from tcpquiz.errors import InvalidValueError

DEFAULT_MSL_MS = 120_000  # RFC 9293 section 3.4.2 takes the MSL to be 2 minutes
LINUX_TIME_WAIT_MS = 60_000  # Linux's TCP_TIMEWAIT_LEN
INITIAL_RTO_MS = 1_000  # RFC 6298 section 2.1
MAX_RETRANSMISSIONS = 5  # then the connection is given up (RFC 9293 section 3.8.3, R2)
MSS = 1_000
RCV_WND = 65_535
ISN_TICKS_PER_MS = 250  # the ISN clock ticks every 4 microseconds (RFC 9293 section 3.4.1)
MAX_STEPS = 5_000  # a run that goes on longer has a bug; stop it instead of hanging

_FLAG_ORDER = ("SYN", "FIN", "RST", "ACK")


def flags_text(*flags: str) -> str:
    return ",".join(f for f in _FLAG_ORDER if f in flags)


@dataclass(frozen=True)
class Segment:
    t: int  # ms, when it was sent
    src: str
    dst: str
    flags: str  # "SYN", "SYN,ACK", "ACK", "FIN,ACK", "RST", "RST,ACK"
    seq: int
    ack: int | None  # None when the ACK flag is off: the field means nothing then (section 3.1)
    len: int  # data octets; SYN and FIN each occupy one more sequence number
    lost: bool = False
    arrives: int | None = None
    note: str = ""  # "retransmission", "duplicate", "old duplicate", "spoofed source", ...
    port: int = 0  # the client side's port; only the SYN flood uses more than one

    def has(self, flag: str) -> bool:
        return flag in self.flags.split(",")

    @property
    def seg_len(self) -> int:
        """SEG.LEN of the RFC: data plus one for a SYN and one for a FIN."""
        return self.len + self.has("SYN") + self.has("FIN")

    def label(self) -> str:
        ack = f" ack={self.ack}" if self.ack is not None else ""
        return f"{self.flags} seq={self.seq}{ack} len={self.len}"

    def as_json(self) -> dict[str, object]:
        return {"t": self.t, "from": self.src, "to": self.dst, "flags": self.flags, "seq": self.seq,
                "ack": self.ack, "len": self.len, "lost": self.lost}


@dataclass(frozen=True)
class Step:
    """One thing that happened at one endpoint, and both sides' states afterwards."""

    t: int
    side: str
    what: str  # "active-open", "SYN,ACK arrives", "retransmission timer", ...
    sent: tuple[Segment, ...]
    client: str
    server: str
    note: str = ""  # how a segment was handled when that is not a plain transition
    cause: str = ""  # a user call ("close", "send", ...), "arrive", "timer", "old-syn" or "spoofed-syn"
    arrived: Segment | None = None  # the segment that arrived, for cause "arrive"


@dataclass(frozen=True)
class SimResult:
    scenario: str
    seed: int
    isn_client: int
    isn_server: int
    msl_ms: int
    network: NetworkConfig
    segments: tuple[Segment, ...]
    steps: tuple[Step, ...]
    client_states: tuple[str, ...]
    server_states: tuple[str, ...]
    end_ms: int
    stopped: bool  # the scenario's time limit stopped it while timers were still running

    def as_json(self) -> dict[str, object]:
        return {
            "scenario": self.scenario,
            "segments": [segment.as_json() for segment in self.segments],
            "states": {"client": list(self.client_states), "server": list(self.server_states)},
        }

    def states_at(self, t: int) -> tuple[str, str]:
        """(client, server) as they stood at time t, after everything that happened by then."""
        client, server = self.client_states[0], self.server_states[0]
        for step in self.steps:
            if step.t > t:
                break
            client, server = step.client, step.server
        return client, server


# -- endpoints ----------------------------------------------------------------------------------


@dataclass
class _Timer:
    token: int = 0  # bumped to cancel: a scheduled expiry with an old token does nothing
    running: bool = False


class Endpoint:
    """One TCB and its variables (RFC 9293 section 3.3.1)."""

    def __init__(self, sim: Simulation, side: str, isn: int, port: int) -> None:
        self.sim, self.side, self.port = sim, side, port
        self.machine = Machine()
        self.first_isn = isn
        self.iss_chosen = False
        self.iss = self.snd_una = self.snd_nxt = isn
        self.irs = self.rcv_nxt = 0
        self.fin_seq: int | None = None  # our FIN's sequence number, once sent
        self.queued = 0  # octets the user SENT before the connection was ESTABLISHED
        self.unread = 0  # octets received that the user has not read (only where the scenario says it does not read)
        self.close_pending = False  # a CLOSE waiting for those octets to go out
        self.unacked: list[tuple[int, str, int]] = []  # (seq, flags, data length) still to be acknowledged
        self.held: dict[int, Segment] = {}  # segments that arrived ahead of RCV.NXT (SHLD-31)
        self.rto = INITIAL_RTO_MS
        self.retries = 0
        self.rtx = _Timer()
        self.time_wait = _Timer()

    @property
    def state(self) -> State:
        return self.machine.state

    # -- the table ----------------------------------------------------------------------

    def apply(self, event: Event, **conditions: str) -> Transition:
        """Move through the table, under the conditions the segment or call meets, and do
        what entering the new state requires."""
        row, machine = self.machine.apply(event, **conditions)
        before = self.state
        self.machine = machine
        self.sim.entered(self.side, machine.state)
        peer_fin = event in (Event.RCV_FIN, Event.RCV_FIN_ACK)
        if machine.state is State.FIN_WAIT_2 and before is not State.FIN_WAIT_2 and self.sim.scenario.fin_timeout_ms:
            # Linux: the program closed the socket, so it is an orphan and waits for the peer's
            # FIN only net.ipv4.tcp_fin_timeout long. The TIME-WAIT timer slot is free until then.
            self._start(self.time_wait, self.sim.scenario.fin_timeout_ms, self._fin_timeout_expired)
        if machine.state is State.TIME_WAIT and (before is not State.TIME_WAIT or peer_fin):
            # Entering TIME-WAIT, or the peer's FIN again while in it: (re)start 2MSL and turn
            # off the other timers (3.10.7.4, eighth step). Nothing else restarts the wait.
            self._cancel(self.rtx)
            self._start(self.time_wait, 2 * self.sim.msl_ms, self._time_wait_expired)
        elif machine.state is State.CLOSED:
            self._delete_tcb()
        elif machine.state is State.LISTEN and before is State.SYN_RECEIVED:
            self._forget_peer()
        elif machine.state is State.ESTABLISHED and before in (State.SYN_SENT, State.SYN_RECEIVED):
            if self.queued:
                size, self.queued = self.queued, 0
                self._send_data(size)
            if self.close_pending:
                self.close_pending = False
                self.call(Event.CLOSE)
        return row

    # -- user calls (3.10.1 - 3.10.5) ----------------------------------------------------

    def call(self, event: Event, size: int = 0) -> str:
        if event is Event.CLOSE and self.state is State.SYN_RECEIVED and self.queued:
            # With data still waiting for the handshake, CLOSE itself waits for ESTABLISHED (3.10.4).
            self.close_pending = True
            return "data is waiting for the handshake, so CLOSE waits for ESTABLISHED"
        row = self.apply(event, unread="pending" if self.unread else "none")
        if event is Event.SEND and row.send == "ACK":
            self._send_data(size)
            return ""
        if event is Event.SEND:
            # Queued until ESTABLISHED; in LISTEN the SEND also turns the connection active,
            # so its SYN goes out below (3.10.2).
            self.queued += size
        if row.send == "SYN":
            self._choose_iss()
            self._emit(("SYN",), self.iss, 0)
            self.snd_nxt = seqnum.add(self.iss, 1)
        elif row.send == "FIN":
            self.fin_seq = self.snd_nxt
            self._emit(("FIN", "ACK"), self.snd_nxt, 0)
            self.snd_nxt = seqnum.add(self.snd_nxt, 1)
        elif row.send == "RST":
            self.sim.send(self, flags_text("RST"), self.snd_nxt, None, 0)  # <SEQ=SND.NXT><CTL=RST> (3.10.5)
        return ""

    def _send_data(self, size: int) -> None:
        while size > 0:
            chunk = min(size, MSS)
            self._emit(("ACK",), self.snd_nxt, chunk)
            self.snd_nxt = seqnum.add(self.snd_nxt, chunk)
            size -= chunk

    # -- arriving segments (3.10.7) ------------------------------------------------------

    def receive(self, seg: Segment) -> str:
        """Process an arriving segment; returns a note when it did not simply cause a transition."""
        if self.state is State.CLOSED:
            return self._at_closed(seg)
        if self.state is State.LISTEN:
            return self._at_listen(seg)
        if self.state is State.SYN_SENT:
            return self._at_syn_sent(seg)
        return self._at_synchronized(seg)

    def _at_closed(self, seg: Segment) -> str:  # 3.10.7.1
        if seg.has("RST"):
            self.apply(Event.RCV_RST)
            return "dropped: nothing answers a RST"
        self._reset_reply(seg, self.apply(_event_of(seg)))
        return "no connection: answered with a RST"

    def _at_listen(self, seg: Segment) -> str:  # 3.10.7.2
        if seg.has("RST"):
            self.apply(Event.RCV_RST)
            return "ignored: a listener has nothing to reset"
        if seg.has("ACK"):
            self._reset_reply(seg, self.apply(_event_of(seg)))
            return "a listener has sent nothing to acknowledge: answered with a RST"
        if not seg.has("SYN"):
            if seg.has("FIN"):
                self.apply(Event.RCV_FIN_NO_ACK)
            return "dropped"
        self.irs, self.rcv_nxt = seg.seq, seqnum.add(seg.seq, 1)
        self.apply(Event.RCV_SYN, queue="room")
        self._choose_iss()
        self._emit(("SYN", "ACK"), self.iss, 0)
        self.snd_una, self.snd_nxt = self.iss, seqnum.add(self.iss, 1)
        return ""

    def _at_syn_sent(self, seg: Segment) -> str:  # 3.10.7.3
        acks_ours = seg.ack is not None and seqnum.lt(self.iss, seg.ack) and seqnum.le(seg.ack, self.snd_nxt)
        if seg.has("RST"):
            self.apply(Event.RCV_RST, ack="ours" if acks_ours else "not-ours")
            return "connection refused" if acks_ours else "dropped: a RST that does not acknowledge our SYN"
        if seg.ack is not None and not acks_ours:
            # SEG.ACK =< ISS or SEG.ACK > SND.NXT: it acknowledges nothing we sent. This is
            # how the old duplicate SYN of Figure 8 is caught.
            self.sim.send(self, flags_text("RST"), seg.ack, None, 0)  # <SEQ=SEG.ACK><CTL=RST>
            return f"ACK {seg.ack} acknowledges nothing we sent (our SYN was {self.iss}): answered with a RST"
        if not seg.has("SYN"):
            if seg.has("FIN"):
                self.apply(Event.RCV_FIN if seg.has("ACK") else Event.RCV_FIN_NO_ACK)
            elif seg.has("ACK"):
                self.apply(Event.RCV_ACK)
            return "dropped: neither SYN nor RST"
        self.irs, self.rcv_nxt = seg.seq, seqnum.add(seg.seq, 1)
        if seg.has("ACK"):
            self._acknowledged(seg.ack)
            self.apply(Event.RCV_SYN_ACK)
            self._emit(("ACK",), self.snd_nxt, 0)
            return ""
        self.apply(Event.RCV_SYN)  # simultaneous open: our SYN is repeated in a SYN,ACK
        self.unacked = [(self.iss, flags_text("SYN", "ACK"), 0)]
        self.sim.send(self, flags_text("SYN", "ACK"), self.iss, self.rcv_nxt, 0)
        return ""

    def _at_synchronized(self, seg: Segment) -> str:  # 3.10.7.4, SYN-RECEIVED and the synchronized states
        if self.state is State.TIME_WAIT and seg.flags == "SYN" and seqnum.lt(self.rcv_nxt, seg.seq):
            return self._reopen(seg)
        if not self._acceptable(seg):
            if seg.has("RST"):
                self.apply(Event.RCV_RST, seq="outside-window")
                return "dropped: a RST outside the window"
            if self._repeats_their_fin(seg):
                return self._fin(seg, repeated=True)
            repeated_syn_ack = seg.has("SYN") and seg.has("ACK") and seg.seq == self.irs
            self.apply(Event.RCV_SYN_ACK if repeated_syn_ack else Event.RCV_UNACCEPTABLE)
            self._emit(("ACK",), self.snd_nxt, 0)
            if repeated_syn_ack:
                return "a repeated SYN,ACK fails the sequence test: answered with an ACK"
            return "outside the window (an old duplicate): answered with an ACK"
        if seg.has("RST"):
            row = self.apply(Event.RCV_RST, seq="at-rcv-nxt" if seg.seq == self.rcv_nxt else "in-window")
            if row.send == "ACK":  # RFC 5961: only an exact match resets
                self._emit(("ACK",), self.snd_nxt, 0)
                return "a RST not at RCV.NXT gets a challenge ACK"
            return "back to LISTEN: the connection began with a passive OPEN" if row.next is State.LISTEN \
                else "connection reset"
        if seg.has("SYN"):  # a new SYN inside the window (fourth step)
            row = self.apply(Event.RCV_SYN, syn="not-newer")
            if row.send == "ACK":
                self._emit(("ACK",), self.snd_nxt, 0)
                return "a SYN on a synchronized connection gets a challenge ACK"
            return ""
        if seg.seg_len and seqnum.lt(self.rcv_nxt, seg.seq):
            self.held[seg.seq] = seg
            self._emit(("ACK",), self.snd_nxt, 0)
            return "arrived ahead of a missing segment: held, and RCV.NXT acknowledged again"
        seg = _trim(seg, self.rcv_nxt)
        if not seg.has("ACK"):
            if seg.has("FIN"):
                self.apply(Event.RCV_FIN_NO_ACK)
            return "dropped: no ACK"
        note = self._ack_field(seg)
        if note is not None:
            return note
        if self.state is State.CLOSED:
            return ""
        need_ack = False
        if seg.len and self.state in (State.ESTABLISHED, State.FIN_WAIT_1, State.FIN_WAIT_2):
            self.rcv_nxt = seqnum.add(self.rcv_nxt, seg.len)
            if self.side in self.sim.scenario.unread_by:
                self.unread += seg.len
            need_ack = True
        note = ""
        if seg.has("FIN"):
            note = self._fin(seg, repeated=False)
        elif need_ack:
            self._emit(("ACK",), self.snd_nxt, 0)
        self._release_held()
        return note

    def _reopen(self, seg: Segment) -> str:
        """A SYN in TIME-WAIT above the old RCV.NXT: RFC 6191 without timestamps, and RFC 9293
        section 3.6.1 (MAY-2), accept it as a new connection with an ISN above the old ones."""
        self._cancel(self.time_wait)
        self.apply(Event.RCV_SYN, syn="seq-above")
        self._forget_peer()
        self.fin_seq = None
        self.irs, self.rcv_nxt = seg.seq, seqnum.add(seg.seq, 1)
        self._choose_iss()
        self._emit(("SYN", "ACK"), self.iss, 0)
        self.snd_una, self.snd_nxt = self.iss, seqnum.add(self.iss, 1)
        return "a SYN above the old RCV.NXT: accepted as a new connection (RFC 6191)"

    def _ack_field(self, seg: Segment) -> str | None:
        """The fifth step; returns a note when the segment goes no further."""
        assert seg.ack is not None
        if self.state is State.SYN_RECEIVED and not self._ack_acceptable(seg.ack):
            self.sim.send(self, flags_text("RST"), seg.ack, None, 0)
            return "its ACK acknowledges nothing we sent: answered with a RST"
        if self.state is State.SYN_RECEIVED and self.side in self.sim.scenario.accept_queue_full:
            self.apply(Event.RCV_FIN if seg.has("FIN") else Event.RCV_ACK, accept="full")
            return "the accept queue is full: Linux drops the segment that completes the handshake (ListenOverflows)"
        if seqnum.lt(self.snd_nxt, seg.ack):
            self._emit(("ACK",), self.snd_nxt, 0)
            return "its ACK covers data never sent: answered with an ACK"
        new = self._acknowledged(seg.ack)
        if self.state is State.SYN_RECEIVED:
            # "enter ESTABLISHED state and continue processing": data and a FIN in the same
            # segment are then handled as in ESTABLISHED.
            self.apply(Event.RCV_ACK, accept="room")
        elif new and not seg.has("FIN") and self.snd_una == self.snd_nxt:
            self.apply(Event.RCV_ACK)  # everything we sent is acknowledged now
        return None

    def _fin(self, seg: Segment, *, repeated: bool) -> str:
        """The eighth step. A repeated FIN is the peer's retransmission of the FIN we already
        acknowledged; the RFC's rules for CLOSE-WAIT, CLOSING, LAST-ACK and TIME-WAIT exist for it."""
        if repeated and seg.has("ACK") and self._ack_acceptable(seg.ack):
            self._acknowledged(seg.ack)
        elif not repeated:
            self.rcv_nxt = seqnum.add(self.rcv_nxt, 1)
        ours_acked = self.fin_seq is not None and self.snd_una == self.snd_nxt
        row = self.apply(Event.RCV_FIN_ACK if ours_acked else Event.RCV_FIN)
        if row.send == "ACK":
            self._emit(("ACK",), self.snd_nxt, 0)
        if repeated and row.next is State.TIME_WAIT and row.state is State.TIME_WAIT:
            return "a retransmitted FIN: ACKed again, 2MSL restarted"
        return "a retransmitted FIN: ACKed again" if repeated else ""

    # -- checks and bookkeeping ------------------------------------------------------------

    def _acceptable(self, seg: Segment) -> bool:
        """The segment acceptability test of section 3.10.7.4 (Table 6), receive window > 0."""
        if seg.seg_len == 0:
            return seqnum.in_window(self.rcv_nxt, seg.seq, RCV_WND)
        last = seqnum.add(seg.seq, seg.seg_len - 1)
        return seqnum.in_window(self.rcv_nxt, seg.seq, RCV_WND) or seqnum.in_window(self.rcv_nxt, last, RCV_WND)

    def _repeats_their_fin(self, seg: Segment) -> bool:
        return seg.has("FIN") and seqnum.add(seg.seq, seg.seg_len) == self.rcv_nxt and self.state in (
            State.CLOSE_WAIT, State.CLOSING, State.LAST_ACK, State.TIME_WAIT)

    def _ack_acceptable(self, ack: int | None) -> bool:
        return ack is not None and seqnum.lt(self.snd_una, ack) and seqnum.le(ack, self.snd_nxt)

    def _acknowledged(self, ack: int | None) -> bool:
        """SND.UNA moves up to SEG.ACK; fully acknowledged segments leave the retransmission
        queue. False for an ACK that acknowledges nothing new."""
        if not self._ack_acceptable(ack):
            return False
        assert ack is not None
        self.snd_una = ack
        self.unacked = [entry for entry in self.unacked if not seqnum.le(_end(entry), ack)]
        self.retries, self.rto = 0, INITIAL_RTO_MS
        self._cancel(self.rtx)
        if self.unacked:
            self._start(self.rtx, self.rto, self._retransmit)
        return True

    def _release_held(self) -> None:
        ready = [seq for seq in self.held if seqnum.le(seq, self.rcv_nxt)]
        for seq in sorted(ready, key=lambda s: seqnum.diff(self.rcv_nxt, s)):
            seg = self.held.pop(seq)
            if self.state in (State.CLOSED, State.LISTEN):
                return
            self.sim.note_held(self, seg)

    def _emit(self, flags: tuple[str, ...], seq: int, size: int) -> None:
        """Send a segment carrying our current acknowledgment; SYN, FIN and data are kept
        for retransmission until acknowledged."""
        text = flags_text(*flags)
        ack = self.rcv_nxt if "ACK" in flags else None
        self.sim.send(self, text, seq, ack, size)
        if "SYN" in flags or "FIN" in flags or size:
            self.unacked.append((seq, text, size))
            if not self.rtx.running:
                self._start(self.rtx, self.rto, self._retransmit)

    def _reset_reply(self, seg: Segment, row: Transition) -> None:
        """The RST that answers an unwanted segment, in the form the table's row names (3.10.7.1, 3.10.7.2)."""
        if row.send == "RST" and seg.ack is not None:
            self.sim.send(self, flags_text("RST"), seg.ack, None, 0)  # <SEQ=SEG.ACK><CTL=RST>
        elif row.send == "RST,ACK":  # <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
            self.sim.send(self, flags_text("RST", "ACK"), 0, seqnum.add(seg.seq, seg.seg_len), 0)

    def _choose_iss(self) -> None:
        """The given ISN for the first connection; later ones follow the ISN clock (3.4.1)."""
        if self.iss_chosen:
            self.iss = seqnum.add(self.first_isn, ISN_TICKS_PER_MS * self.sim.now)
        self.iss_chosen = True

    def _forget_peer(self) -> None:
        self.unacked.clear()
        self.held.clear()
        self._cancel(self.rtx)

    def _delete_tcb(self) -> None:
        self._forget_peer()
        self._cancel(self.time_wait)
        self.queued = 0
        self.close_pending = False

    # -- timers ------------------------------------------------------------------------------

    def _start(self, timer: _Timer, after: int, expire: Callable[[], str | None]) -> None:
        timer.token += 1
        timer.running = True
        token = timer.token

        def fire() -> str | None:
            if timer.token != token:
                return None
            timer.running = False
            return expire()

        self.sim.at(self.sim.now + after, self, fire)

    def _cancel(self, timer: _Timer) -> None:
        timer.token += 1
        timer.running = False

    def _retransmit(self) -> str | None:
        if not self.unacked:
            return None
        self.retries += 1
        if self.retries > MAX_RETRANSMISSIONS:
            # The user timeout / R2 of section 3.8.3: give up, delete the TCB (3.10.8).
            self.machine = Machine()
            self.sim.entered(self.side, State.CLOSED)
            self._delete_tcb()
            return (f"retransmission timer: no answer after {MAX_RETRANSMISSIONS} retransmissions, "
                    "the connection is given up")
        seq, flags, size = self.unacked[0]
        ack = self.rcv_nxt if "ACK" in flags else None
        self.sim.send(self, flags, seq, ack, size, note="retransmission")
        self.rto *= 2  # exponential backoff (RFC 6298 section 5.5)
        self._start(self.rtx, self.rto, self._retransmit)
        return "retransmission timer"

    def _time_wait_expired(self) -> str:
        self.apply(Event.TIMEOUT_2MSL)
        return "2MSL timer"

    def _fin_timeout_expired(self) -> str:
        self.apply(Event.TIMEOUT_FIN_WAIT_2)
        return "tcp_fin_timeout: the orphaned FIN-WAIT-2 socket is deleted"


def _end(entry: tuple[int, str, int]) -> int:
    seq, flags, size = entry
    return seqnum.add(seq, size + ("SYN" in flags) + ("FIN" in flags))


def _event_of(seg: Segment) -> Event:
    """The table's event for a segment at CLOSED or LISTEN, where only the bits matter."""
    if seg.has("RST"):
        return Event.RCV_RST
    if seg.has("SYN"):
        return Event.RCV_SYN_ACK if seg.has("ACK") else Event.RCV_SYN
    if seg.has("FIN"):
        return Event.RCV_FIN if seg.has("ACK") else Event.RCV_FIN_NO_ACK
    return Event.RCV_ACK


def _trim(seg: Segment, rcv_nxt: int) -> Segment:
    """Drop the part of a segment that was received before (3.10.7.4, first step)."""
    old = seqnum.diff(seg.seq, rcv_nxt)
    if old == 0 or old >= seqnum.HALF:
        return seg
    return replace(seg, seq=rcv_nxt, len=max(seg.len - old, 0))


class Listener:
    """A listening server that keeps each half-open connection apart, as real stacks do:
    the listening TCB stays in LISTEN and every SYN gets its own TCB in SYN-RECEIVED, up
    to `backlog` of them (the SYN queue). Used for the SYN flood."""

    def __init__(self, sim: Simulation, isn: int, backlog: int) -> None:
        self.sim, self.backlog, self.isn = sim, backlog, isn
        self.listening = Endpoint(sim, SERVER, isn, 0)
        self.children: dict[int, Endpoint] = {}

    def half_open(self) -> int:
        return sum(child.state is State.SYN_RECEIVED for child in self.children.values())

    def display(self) -> str:
        count = self.half_open()
        return f"{self.listening.state} +{count} SYN-RECEIVED" if count else str(self.listening.state)

    def receive(self, seg: Segment) -> str:
        child = self.children.get(seg.port)
        if child is None or child.state is State.CLOSED:
            if not seg.has("SYN") or seg.has("ACK") or self.listening.state is not State.LISTEN:
                return self.listening.receive(seg)
            if self.half_open() >= self.backlog:
                return self._queue_full(seg)
            child = Endpoint(self.sim, SERVER, self.isn, seg.port)
            child.iss_chosen = True  # every new connection takes its ISN from the clock
            child.machine = Machine(State.LISTEN, Origin.PASSIVE)
            self.children[seg.port] = child
        return child.receive(seg)

    def _queue_full(self, seg: Segment) -> str:
        """A SYN while the SYN queue is full: dropped, or with SYN cookies answered statelessly."""
        cookies = self.sim.scenario.syncookies
        # Both rows leave the listener in LISTEN, so the state history has nothing to record.
        row, _ = self.listening.machine.apply(Event.RCV_SYN, queue="cookie" if cookies else "full")
        if row.ignored:
            return f"dropped: the SYN queue is full ({self.backlog} half-open connections)"
        # The cookie: an ISN computed from the connection's addresses and a clock, stored nowhere.
        cookie = self.sim.rng.randrange(seqnum.SPACE)
        self.sim.send(None, flags_text("SYN", "ACK"), cookie, seqnum.add(seg.seq, 1), 0, side=SERVER, port=seg.port)
        return "the SYN queue is full: answered with a SYN cookie, no state kept"


# -- the simulation ------------------------------------------------------------------------------


class Simulation:
    def __init__(self, scenario: Scenario, *, seed: int, isn_client: int, isn_server: int, msl_ms: int,
                 network: NetworkConfig) -> None:
        self.scenario, self.seed, self.msl_ms, self.network = scenario, seed, msl_ms, network
        self.isn_client, self.isn_server = isn_client, isn_server
        self.rng = random.Random(f"tcpquiz-sim:{seed}:network")
        self.now = 0
        self._queue: list[tuple[int, int, Callable[[], None]]] = []
        self._order = 0
        self.segments: list[Segment] = []
        self.steps: list[Step] = []
        self._sent_now: list[Segment] = []
        self._pending_held: list[tuple[Endpoint, Segment]] = []
        self._sent_by = {CLIENT: 0, SERVER: 0}
        self.states = {CLIENT: [State.CLOSED.value], SERVER: [State.CLOSED.value]}
        self.client: Endpoint | None = None if scenario.spoofed else Endpoint(self, CLIENT, isn_client, scenario.port)
        self.server: Endpoint | Listener = (
            Listener(self, isn_server, scenario.backlog) if scenario.backlog
            else Endpoint(self, SERVER, isn_server, scenario.port))

    # -- bookkeeping used by endpoints ---------------------------------------------------------

    def entered(self, side: str, state: State) -> None:
        if self.states[side][-1] != state.value:
            self.states[side].append(state.value)

    def display(self, side: str) -> str:
        host = self.client if side == CLIENT else self.server
        if host is None:
            return "(attacker)"
        return host.display() if isinstance(host, Listener) else host.state.value

    def at(self, t: int, endpoint: Endpoint, fire: Callable[[], str | None]) -> None:
        """Run a timer's expiry at time t; it names itself by the text it returns."""

        def run() -> None:
            self._step(endpoint.side, "", fire)

        self._push(t, run)

    def _push(self, t: int, run: Callable[[], None]) -> None:
        """Queue `run` for time t, after everything already queued for t."""
        self._order += 1
        heapq.heappush(self._queue, (t, self._order, run))

    def send(self, endpoint: Endpoint | None, flags: str, seq: int, ack: int | None, size: int, *,
             note: str = "", side: str = CLIENT, port: int | None = None) -> None:
        src = endpoint.side if endpoint else side
        dst = SERVER if src == CLIENT else CLIENT
        port = endpoint.port if endpoint else (port or 0)
        self._sent_by[src] += 1
        number = self._sent_by[src]
        net = self.network
        lost = (src, number) in self.scenario.drop or (net.loss > 0 and self.rng.random() < net.loss)
        if dst == CLIENT and (self.client is None or port != self.client.port):
            lost, note = True, note or "to a spoofed address: nobody is there"
        delay = net.delay_ms + self.scenario.delay.get((src, number), 0)
        if net.jitter_ms:
            delay += self.rng.randint(0, net.jitter_ms)
        segment = Segment(self.now, src, dst, flags, seq, ack, size, lost, None if lost else self.now + delay,
                          note, port)
        self._record(segment)
        if not lost and net.duplicate > 0 and self.rng.random() < net.duplicate:
            extra = self.rng.randint(1, max(net.jitter_ms, net.delay_ms))
            copy = replace(segment, arrives=self.now + delay + extra, note="duplicate")
            self._record(copy)

    def _record(self, segment: Segment) -> None:
        self.segments.append(segment)
        self._sent_now.append(segment)
        if segment.arrives is not None:
            self._push(segment.arrives, lambda: self._deliver(segment))

    def _deliver(self, seg: Segment) -> None:
        host = self.client if seg.dst == CLIENT else self.server
        size = f" len={seg.len}" if seg.len else ""
        what = f"{seg.flags}{size} arrives" + (f" ({seg.note})" if seg.note and seg.note != "retransmission" else "")
        if host is None:
            return
        self._step(seg.dst, what, lambda: host.receive(seg), cause="arrive", arrived=seg)

    def note_held(self, endpoint: Endpoint, seg: Segment) -> None:
        """A held segment becomes processable: handle it as its own step, right now."""
        self._pending_held.append((endpoint, seg))

    def _step(self, side: str, what: str, action: Callable[[], str | None], *, cause: str = "timer",
              arrived: Segment | None = None) -> None:
        self._sent_now = []
        self._pending_held = []
        note = action()
        if note is None:  # a cancelled timer
            return
        if not what:  # a timer names itself
            what, note = note, ""
        self.steps.append(Step(self.now, side, what, tuple(self._sent_now), self.display(CLIENT),
                               self.display(SERVER), note, cause, arrived))
        if len(self.steps) > MAX_STEPS:
            raise RuntimeError(f"the {self.scenario.name} simulation ran past {MAX_STEPS} steps")
        for endpoint, seg in self._pending_held:
            self._step(endpoint.side, f"held {seg.flags} seq={seg.seq} is now in order",
                       partial(endpoint.receive, seg), cause="arrive", arrived=seg)

    # -- script ----------------------------------------------------------------------------------

    def _schedule(self, action: Action) -> None:
        def run() -> None:
            self._step(action.side, action.describe(), lambda: self._perform(action), cause=action.call)

        self._push(action.t, run)

    def _perform(self, action: Action) -> str:
        if action.call == "old-syn":
            # A SYN of an earlier incarnation, sent a minute ago on the ISN clock, still in the network.
            old = seqnum.add(self.isn_client, -ISN_TICKS_PER_MS * 60_000)
            self.send(None, "SYN", old, None, 0, note="old duplicate", side=CLIENT, port=self.scenario.port)
            return ""
        if action.call == "spoofed-syn":
            self.send(None, "SYN", self.rng.randrange(seqnum.SPACE), None, 0, note="spoofed source",
                      side=CLIENT, port=action.size)
            return ""
        host = self.client if action.side == CLIENT else self.server
        endpoint = host.listening if isinstance(host, Listener) else host
        assert endpoint is not None
        try:
            return endpoint.call(Event(action.call), action.size)
        except TransitionRefused as refused:
            return f"refused: {refused}"

    def run(self) -> SimResult:
        for action in self.scenario.actions:
            self._schedule(action)
        stopped_at: int | None = None  # the horizon, when the run was cut there
        while self._queue:
            t, _, run = heapq.heappop(self._queue)
            if self.scenario.horizon_ms is not None and t > self.scenario.horizon_ms:
                stopped_at = self.scenario.horizon_ms
                break
            self.now = t
            run()
        return SimResult(
            scenario=self.scenario.name, seed=self.seed, isn_client=self.isn_client, isn_server=self.isn_server,
            msl_ms=self.msl_ms, network=self.network, segments=tuple(self.segments), steps=tuple(self.steps),
            client_states=tuple(self.states[CLIENT]), server_states=tuple(self.states[SERVER]),
            end_ms=self.steps[-1].t if stopped_at is None else stopped_at, stopped=stopped_at is not None,
        )


def run(scenario: Scenario, *, seed: int = 0, isn_client: int | None = None, isn_server: int | None = None,
        msl_ms: int = DEFAULT_MSL_MS, network: NetworkConfig | None = None) -> SimResult:
    """Run a scenario. ISNs not given are drawn from the seed."""
    isn_rng = random.Random(f"tcpquiz-sim:{seed}:isn")
    chosen_client = isn_rng.randrange(seqnum.SPACE)
    chosen_server = isn_rng.randrange(seqnum.SPACE)
    for name, value in (("client", isn_client), ("server", isn_server)):
        if value is not None and not 0 <= value < seqnum.SPACE:
            raise InvalidValueError(f"The {name} ISN must be a whole number from 0 to {seqnum.SPACE - 1}.")
    if msl_ms <= 0:
        raise InvalidValueError("The MSL must be longer than zero.")
    return Simulation(
        scenario, seed=seed, isn_client=chosen_client if isn_client is None else isn_client,
        isn_server=chosen_server if isn_server is None else isn_server, msl_ms=msl_ms,
        network=network or scenario.network,
    ).run()


def simulate(name: str, *, seed: int = 0, isn_client: int | None = None, isn_server: int | None = None,
             msl_ms: int = DEFAULT_MSL_MS) -> SimResult:
    """Run one of the named scenarios (`SCENARIOS`)."""
    scenario = SCENARIOS.get(name)
    if scenario is None:
        raise InvalidValueError(f"There is no scenario {name!r}; choose one of {', '.join(SCENARIOS)}.")
    return run(scenario, seed=seed, isn_client=isn_client, isn_server=isn_server, msl_ms=msl_ms)
