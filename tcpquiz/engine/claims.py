"""What each choice of a hand-written question claims, in terms the engine can check.

A hand-written question (the scenario and timer kinds of tcpquiz.engine.handwritten, and the
fixed questions of the data-transfer kinds) words its choices freely; here every choice is
also a conjunction of `Claim`s, each naming a quantity the
engine measures (a state the simulator reaches, a segment it sends, a timer's length, a
count, a row of the state table) and the value the choice says it has. A choice is true
when all its claims hold. The keyed choice must be true and every wrong one false: the
tests in tests/engine check that for every question, so a distractor that the engine shows
to be right (or a keyed answer it shows to be wrong) fails the build.

The claims are listed in the order of the entry's choices: the keyed one first, then the
three wrong ones as written. Both languages share them. Scenarios used here that are not
among `tcpquiz simulate`'s (a lost third ACK, a closed port, ...) are defined below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from tcpquiz.engine import congestion, datasim, fsm, nagle, rto, transfer
from tcpquiz.engine.scenarios import CLIENT, SCENARIOS, SERVER, Action, Scenario
from tcpquiz.engine.sim import DEFAULT_MSL_MS, LINUX_TIME_WAIT_MS, Segment, SimResult, Step, run

Value = str | int | float | bool | tuple[int, ...] | tuple[str, str] | None
Arg = str | int | float | bool | tuple[int, ...]


@dataclass(frozen=True)
class Claim:
    """`measure(*args)` as the engine computes it equals `value`."""

    measure: str
    args: tuple[Arg, ...]
    value: Value


Choice = tuple[Claim, ...]

# RFC 9293 section 3.8.3 (MUST-23): R2 for a SYN must allow at least 3 minutes of retransmission.
RFC_SYN_GIVE_UP_MS = 180_000
# A give-up time students often give for a SYN (the 75 s of older BSD-derived stacks).
BSD_CONNECT_TIMER_MS = 75_000
HALF_MSL = DEFAULT_MSL_MS // 4  # a 30 s MSL, for the question that changes it

# Socket calls on Linux (man 2 shutdown, man 2 close, man 7 socket): the RFC 9293 user call each
# makes ("" for none) and whether the program can still read afterwards.
SOCKET_CALLS: dict[str, tuple[str, bool]] = {
    "shutdown(SHUT_WR)": ("close", True),
    "shutdown(SHUT_RD)": ("", False),
    "shutdown(SHUT_RDWR)": ("close", False),
    "close()": ("close", False),
    "SO_LINGER 0, close()": ("abort", False),
    "SO_REUSEADDR": ("", True),
    "TCP_NODELAY": ("", True),
}

_OPEN = (Action(0, SERVER, "passive-open"), Action(0, CLIENT, "active-open"))
EXTRA: dict[str, Scenario] = {scenario.name: scenario for scenario in (
    Scenario("lost-third-ack", "", "", _OPEN, drop=frozenset({(CLIENT, 2)})),
    Scenario("lost-syn-ack", "", "", _OPEN, drop=frozenset({(SERVER, 1)})),
    Scenario("closed-port", "", "", (Action(0, CLIENT, "active-open"),)),
    # Data on the retransmission queue when the user aborts: the segment is lost, ABORT comes
    # before the retransmission timer.
    Scenario("abort-queued", "", "", (*_OPEN, Action(1_000, CLIENT, "send", 100), Action(1_500, CLIENT, "abort")),
             drop=frozenset({(CLIENT, 3)})),
    Scenario("server-closes-first", "", "", (*_OPEN, Action(1_000, SERVER, "close"), Action(2_000, CLIENT, "close"))),
    Scenario("app-never-closes", "", "", (*_OPEN, Action(1_000, CLIENT, "close")), horizon_ms=600_000),
)}


@cache
def _run(name: str, msl_ms: int = DEFAULT_MSL_MS) -> SimResult:
    scenario = EXTRA.get(name) or SCENARIOS[name]
    return run(scenario, isn_client=1_000, isn_server=5_000, msl_ms=msl_ms)


def _states(result: SimResult, side: str) -> tuple[str, ...]:
    return result.client_states if side == CLIENT else result.server_states


def _sent(result: SimResult, side: str) -> list[Segment]:
    return [segment for segment in result.segments if segment.src == side]


def _arrival(result: SimResult, side: str, flags: str, nth: int) -> Step:
    """The step at which the nth segment with exactly these flags arrived at side (1-based)."""
    steps = [step for step in result.steps
             if step.side == side and step.arrived is not None and step.arrived.flags == flags]
    return steps[nth - 1]


def _periods(result: SimResult, side: str) -> dict[str, int]:
    """How long side stayed in each state (the last stay, in ms); a state never left runs to the end."""
    spent: dict[str, int] = {}
    current, since = _states(result, side)[0], 0
    for step in result.steps:
        now = step.client if side == CLIENT else step.server
        if now != current:
            spent[current] = step.t - since
            current, since = now, step.t
    spent.setdefault(current, result.end_ms - since)
    return spent


def sends(name: str, side: str, flags: str) -> bool:
    return any(segment.flags == flags for segment in _sent(_run(name), side))


def sends_data(name: str, side: str) -> bool:
    return any(segment.len for segment in _sent(_run(name), side))


def segments_from(name: str, t: int) -> int:
    return sum(segment.t >= t for segment in _run(name).segments)


def retransmits(name: str, side: str) -> bool:
    return any(segment.note == "retransmission" for segment in _sent(_run(name), side))


def retransmitted_flags(name: str, side: str) -> str:
    return ",".join(sorted({s.flags for s in _sent(_run(name), side) if s.note == "retransmission"}))


def passes(name: str, side: str, state: str) -> bool:
    return state in _states(_run(name), side)


def final(name: str, side: str) -> str:
    return _states(_run(name), side)[-1]


def sides_in(name: str, state: str) -> int:
    return sum(passes(name, side, state) for side in (CLIENT, SERVER))


def who_waits(name: str) -> str:
    """Which side passes through TIME-WAIT: "first closer", "last closer", "both" or "neither"."""
    waiting = [side for side in (CLIENT, SERVER) if passes(name, side, "TIME-WAIT")]
    if len(waiting) != 1:
        return "both" if waiting else "neither"
    scenario = EXTRA.get(name) or SCENARIOS[name]
    first = min((action for action in scenario.actions if action.call == "close"), key=lambda action: action.t)
    return "first closer" if first.side == waiting[0] else "last closer"


def reply_to(name: str, side: str, flags: str, nth: int) -> str:
    """What side sent in answer to the nth arrival of a segment with these flags ("" for nothing)."""
    step = _arrival(_run(name), side, flags, nth)
    return "+".join(segment.flags for segment in step.sent)


def state_after(name: str, side: str, flags: str, nth: int) -> str:
    step = _arrival(_run(name), side, flags, nth)
    return step.client if side == CLIENT else step.server


def reply_seq_is_seg_ack(name: str, side: str, flags: str, nth: int) -> bool:
    step = _arrival(_run(name), side, flags, nth)
    return step.arrived is not None and bool(step.sent) and step.sent[0].seq == step.arrived.ack


def sent_on_call(name: str, side: str, call: str) -> str:
    steps = [step for step in _run(name).steps if step.side == side and step.cause == call]
    return "+".join(segment.flags for step in steps for segment in step.sent)


def data_after(name: str, side: str, flags: str) -> int:
    """Segments carrying data that side sent after the first one with these flags."""
    sent = _sent(_run(name), side)
    first = next(i for i, segment in enumerate(sent) if segment.flags == flags)
    return sum(1 for segment in sent[first + 1:] if segment.len)


def acks_of_fin(name: str, side: str) -> int:
    """Segments side sent acknowledging the peer's FIN."""
    result = _run(name)
    fin = next(segment for segment in result.segments if segment.src != side and segment.has("FIN"))
    return sum(segment.ack == fin.seq + fin.len + 1 for segment in _sent(result, side))


def time_in(name: str, side: str, state: str, msl_ms: int = DEFAULT_MSL_MS) -> int:
    return _periods(_run(name, msl_ms), side)[state]


def time_wait_after_last_fin(name: str, side: str) -> int:
    """From the last arrival of the peer's FIN to the end of side's TIME-WAIT (the 2MSL timer)."""
    result = _run(name)
    last_fin = max(step.t for step in result.steps
                   if step.side == side and step.arrived is not None and step.arrived.has("FIN"))
    ends = next(step.t for step in result.steps if step.side == side and step.what == "2MSL timer")
    return ends - last_fin


def time_wait_restarted(name: str, side: str) -> bool:
    result = _run(name)
    fins = [step.t for step in result.steps if step.side == side and step.arrived is not None
            and step.arrived.has("FIN")]
    return len(fins) > 1 and time_wait_after_last_fin(name, side) == 2 * result.msl_ms


def rto_intervals(name: str, side: str) -> tuple[int, ...]:
    """Between the successive transmissions of side's first segment that was retransmitted."""
    sent = _sent(_run(name), side)
    first = next(segment for segment in sent if segment.note == "retransmission")
    times = [segment.t for segment in sent if (segment.flags, segment.seq) == (first.flags, first.seq)]
    return tuple(later - earlier for earlier, later in pairwise(times))


def answered_syns(name: str) -> int:
    """SYNs the server answered with a SYN,ACK (first transmissions only)."""
    return sum(s.flags == "SYN,ACK" and s.note != "retransmission" for s in _sent(_run(name), SERVER))


def half_open_kept(name: str) -> int:
    """Half-open connections the server keeps state for: those whose SYN,ACK it retransmits."""
    return len({s.ack for s in _sent(_run(name), SERVER) if s.flags == "SYN,ACK" and s.note == "retransmission"})


def half_open_bound(name: str) -> str:
    scenario = SCENARIOS[name]
    return "listen backlog" if half_open_kept(name) == scenario.backlog else "something else"


def piles_up(name: str, side: str) -> str:
    """The one state side reaches besides CLOSED and LISTEN (a SYN flood's victim)."""
    others = set(_states(_run(name), side)) - {"CLOSED", "LISTEN"}
    return others.pop() if len(others) == 1 else ""


def longest_closing_state(name: str, side: str) -> str:
    periods = _periods(_run(name), side)
    closing = {state: spent for state, spent in periods.items() if state in {s.value for s in fsm.CLOSING_STATES}}
    return max(closing, key=lambda state: closing[state])


def data_after_peer_fin(name: str, side: str) -> str:
    """The state side was in when it sent data after the peer's FIN had arrived ("" if it sent none)."""
    result = _run(name)
    fin_at = min(step.t for step in result.steps if step.side == side and step.arrived is not None
                 and step.arrived.has("FIN"))
    states = {result.states_at(segment.t)[0 if side == CLIENT else 1] for segment in _sent(result, side)
              if segment.len and segment.t >= fin_at}
    return ",".join(sorted(states))


def acks_data_in(name: str, side: str) -> str:
    """The states side was in when data arrived for it and it answered with an ACK."""
    states = {step.client if side == CLIENT else step.server for step in _run(name).steps
              if step.side == side and step.arrived is not None and step.arrived.len
              and any(segment.flags == "ACK" for segment in step.sent)}
    return ",".join(sorted(states))


def fin_received_before(name: str, side: str, state: str) -> bool:
    """Whether the peer's FIN had arrived by the time side entered state."""
    result = _run(name)
    entered = next(step.t for step in result.steps if (step.client if side == CLIENT else step.server) == state)
    return any(step.t <= entered for step in result.steps if step.side == side and step.arrived is not None
               and step.arrived.has("FIN"))


def third_segment_acknowledges(name: str) -> str:
    """What the client's third handshake segment acknowledges: "server SYN" when its ACK is ISS+1."""
    result = _run(name)
    syn_ack = next(s for s in result.segments if s.flags == "SYN,ACK")
    third = next(s for s in _sent(result, CLIENT) if s.flags == "ACK")
    return "server SYN" if third.ack == syn_ack.seq + 1 else "something else"


def row(state: str, event: str, *conditions: str) -> tuple[str, str]:
    """(next state, flags sent) by the table; conditions as "name=value"."""
    given = dict(condition.split("=") for condition in conditions)
    origin = given.pop("origin", None)
    found = fsm.transition(fsm.State(state), fsm.Event(event), fsm.Origin(origin) if origin else None, **given)
    return found.next.value, found.send


def advances_on(state: str, event: str) -> bool:
    """Whether the event, in its usual case, takes the state elsewhere (refused calls and timers do not)."""
    if fsm.refusal(fsm.State(state), fsm.Event(event)):
        return False
    rows = fsm.rows_for(fsm.State(state), fsm.Event(event))
    usual = [r for r in rows if all(fsm.DEFAULT_CONDITIONS.get(name, value) == value
                                    for name, value in r.conditions().items() if name != "origin")]
    return any(r.next.value != state for r in usual)


def socket_call(call: str) -> str:
    return SOCKET_CALLS[call][0]


def readable_after(call: str) -> bool:
    return SOCKET_CALLS[call][1]


def constant(name: str) -> int:
    return {"linux-time-wait-ms": LINUX_TIME_WAIT_MS, "syn-give-up-ms": RFC_SYN_GIVE_UP_MS}[name]


# -- the data-transfer half: congestion, the RTO, Nagle, windows --------------------------------------


def newreno_ack(acks_new_data: bool, covers_recover: bool) -> str:
    return congestion.newreno_ack(acks_new_data, covers_recover)


def newreno_response(kind: str) -> str:
    return congestion.newreno_response(kind)


def newreno_leaves_on() -> str:
    """The kind of ACK on which NewReno's fast recovery ends."""
    return next(kind for kind in ("duplicate", "partial", "full") if "leave" in congestion.newreno_response(kind))


def linux_default_cc() -> str:
    return congestion.LINUX_DEFAULT


def cubic_depends_on() -> str:
    """CUBIC's window is a function of the time since the reduction (and W_max): the same W_max
    gives different windows at different times, with no ACK count in the formula."""
    varies = congestion.cubic_window(1.0, 100) != congestion.cubic_window(2.0, 100)
    return "time since the reduction" if varies else "something else"


def cubic_after_loss(window: int) -> float:
    return round(window * congestion.CUBIC_BETA, 6)


def cubic_shape(w_max: float) -> str:
    """From W_cubic's growth per 0.1 s: fast right after the reduction, slowest near K (where it
    reaches W_max again), fast again beyond it."""
    k = congestion.cubic_k(w_max)

    def growth(t: float) -> float:
        return congestion.cubic_window(t + 0.1, w_max) - congestion.cubic_window(t, w_max)

    early, near, late = growth(0), growth(k - 0.05), growth(2 * k)
    return "concave, then convex" if early > near < late else "other"


def cubic_friendly_uses(t: float, w_max: float, rtt: float) -> str:
    """Which estimate CUBIC follows where W_est (Reno's) is above W_cubic."""
    chosen = congestion.cubic_cwnd(t, w_max, rtt)
    return "W_est" if chosen == congestion.reno_estimate(t, w_max, rtt) > congestion.cubic_window(t, w_max) \
        else "W_cubic"


def after_loss(cwnd: int, loss: str, variant: str) -> tuple[int, int]:
    return congestion.after_loss(cwnd, congestion.Loss(loss), congestion.Variant(variant))


def has_slow_start(variant: str) -> bool:
    return any(r.phase is congestion.Phase.SLOW_START
               for r in congestion.rounds(8, 16, variant=congestion.Variant(variant)))


def dupacks_from_reordering(late_by: int) -> int:
    """Duplicate ACKs when one segment arrives `late_by` places after its turn (no loss)."""
    sent = transfer.segments(1_001, [1_000] * (late_by + 2))
    order = [sent[0], *sent[2:late_by + 2], sent[1], *sent[late_by + 2:]]
    receiver = transfer.Receiver(1_001)
    return sum(receiver.receive(segment).duplicate for segment in order)


def dupack_threshold() -> int:
    return congestion.DUPACK_THRESHOLD


def samples_for_an_rto() -> int:
    """The fewest RTT samples the RFC 6298 estimator needs to compute an RTO."""
    return next(n for n in range(1, 5) if rto.estimate([100] * n))


def iw_segments(smss: int) -> int:
    return congestion.initial_window(smss) // smss


def avoidance_growth_under_smss(cwnd: int, smss: int) -> bool:
    values = congestion.avoidance_round_bytes(cwnd, smss)
    return 0 < values[-1] - values[0] < smss


def slow_start_factor(cwnd: int, smss: int) -> float:
    """cwnd after one RTT of slow start in bytes, every full segment ACKed on its own, over cwnd."""
    grown = cwnd
    for _ in range(cwnd // smss):
        grown = congestion.slow_start_ack(grown, smss, smss)
    return grown / cwnd


def loss_ssthresh(flight: int, smss: int) -> int:
    return congestion.loss_ssthresh(flight, smss)


def recovery_cwnd(flight: int, smss: int, extra_dupacks: int) -> int:
    return congestion.fast_recovery_bytes(flight, smss, extra_dupacks)[0]


def fast_retransmissions() -> int:
    """Segments the fast-retransmit scenario sends again on the third duplicate ACK."""
    return sum("fast retransmit" in event.note for event in datasim.fast_retransmit().events if event.label)


def delack_limit_ms() -> int:
    return nagle.RFC_MAX_DELACK_MS


def ack_every_full_segments() -> int:
    return nagle.ACK_EVERY_FULL_SEGMENTS


def keystroke_segments(keystrokes: int, rtt_ms: int, gap_ms: int, nagle_on: bool) -> int:
    return nagle.segments_for_keystrokes(keystrokes, rtt_ms, gap_ms, nagle_on)


# What each fix changes in the write-write-read exchange of tcpquiz.engine.nagle: only one write
# per request or TCP_NODELAY removes the wait; buffers, window scaling and the MSS are not in it.
NAGLE_FIXES = {"one write": {"nagle": False}, "TCP_NODELAY": {"nagle": False}, "larger receive buffer": {},
               "window scaling": {}, "lower MSS": {}}


def request_ms_with(fix: str) -> float:
    return nagle.write_write_read(10, 40, **NAGLE_FIXES[fix]).request_complete


def cork_sends(size: int, mss: int, unacked: int, waited_ms: int) -> bool:
    return nagle.cork_sends_now(size, mss, unacked, waited_ms)


def rto_constant(name: str) -> int:
    return {"initial": rto.INITIAL_RTO_MS, "linux-min": rto.LINUX_MIN_RTO_MS, "linux-max": rto.LINUX_MAX_RTO_MS}[name]


def backoff_doubles(rto_ms: int) -> bool:
    values = rto.backoff(rto_ms, 2, rto.LINUX_MAX_RTO_MS)
    return values[1] == 2 * values[0] and values[2] == 2 * values[1]


def karn_keeps(rtts: tuple[int, ...], retransmitted: int) -> tuple[int, ...]:
    """The samples Karn's rule keeps when segment number `retransmitted` (0-based) was sent twice."""
    return tuple(rto.karn_samples([rto.Transmission(r, i == retransmitted) for i, r in enumerate(rtts)]))


def retransmission_same_seq() -> bool:
    sent = [event.label for event in datasim.fast_retransmit().events if event.src == datasim.SENDER and event.label]
    return sent[-1] in sent[:-1]


def retransmission_acked() -> bool:
    return any("hole is filled" in event.note for event in datasim.fast_retransmit().events)


def _zero_window() -> datasim.Run:
    return datasim.zero_window()


def probe_sizes() -> tuple[int, ...]:
    return tuple(int(e.label.rsplit("len=", 1)[1]) for e in _zero_window().events if "probe" in e.note)


def persist_intervals() -> tuple[int, ...]:
    events = _zero_window().events
    start = next(e.t for e in events if "persist timer" in e.note)
    probes = [e.t for e in events if "probe" in e.note]
    return tuple(later - earlier for earlier, later in pairwise([start, *probes]))


def data_while_window_zero() -> int:
    """Full data segments the sender sends while the window is zero (probes aside)."""
    events = _zero_window().events
    closed = next(e.t for e in events if e.label.endswith("win=0"))
    reopened = next(e.t for e in events if e.src == datasim.RECEIVER and "window update" in e.note)
    return sum(e.src == datasim.SENDER and e.label.endswith("len=1000") and closed <= e.t < reopened for e in events)


def zero_window_sender_sends(flags: str) -> bool:
    return any(flags in event.label for event in _zero_window().events if event.src == datasim.SENDER)


def window_update_is_pure_ack() -> bool:
    update = next(e for e in _zero_window().events if "window update" in e.note)
    return update.src == datasim.RECEIVER and "len=" not in update.label


def largest_window() -> int:
    return transfer.WINDOW_FIELD_MAX * 2 ** transfer.MAX_WINDOW_SHIFT


def window_scale_sent_in() -> str:
    return " and ".join(transfer.WINDOW_SCALE_SENT_IN)


MEASURES: dict[str, Callable[..., Value]] = {function.__name__.replace("_", "-"): function for function in (
    sends, sends_data, segments_from, retransmits, retransmitted_flags, passes, final, sides_in, who_waits,
    reply_to, state_after, reply_seq_is_seg_ack, sent_on_call, data_after, acks_of_fin, time_in,
    time_wait_after_last_fin, time_wait_restarted, rto_intervals, answered_syns, half_open_kept, half_open_bound,
    piles_up, longest_closing_state, data_after_peer_fin, acks_data_in, fin_received_before,
    third_segment_acknowledges, row, advances_on, socket_call, readable_after, constant,
    newreno_ack, newreno_response, newreno_leaves_on, linux_default_cc, cubic_depends_on, cubic_after_loss,
    cubic_shape, cubic_friendly_uses, after_loss, has_slow_start, dupacks_from_reordering, dupack_threshold,
    samples_for_an_rto, iw_segments, avoidance_growth_under_smss, slow_start_factor, loss_ssthresh, recovery_cwnd,
    fast_retransmissions, delack_limit_ms, ack_every_full_segments, keystroke_segments, request_ms_with,
    cork_sends, rto_constant, backoff_doubles, karn_keeps, retransmission_same_seq,
    retransmission_acked, probe_sizes, persist_intervals, data_while_window_zero, zero_window_sender_sends,
    window_update_is_pure_ack, largest_window, window_scale_sent_in,
)}


def holds(claim: Claim) -> bool:
    return MEASURES[claim.measure](*claim.args) == claim.value


def choice_holds(choice: Choice) -> bool:
    return all(holds(claim) for claim in choice)


def C(measure: str, *args: Arg, value: Value) -> Claim:  # a short name: the table below reads as data
    return Claim(measure, tuple(args), value)


def _one(measure: str, args: tuple[Arg, ...], right: Value, *wrong: Value) -> tuple[Choice, ...]:
    """A question whose four choices are four values of one measure."""
    return ((Claim(measure, args, right),), *((Claim(measure, args, value),) for value in wrong))


MSL = DEFAULT_MSL_MS
LFA, SC, ODS, SF, SFC, HC = ("lost-final-ack", "simultaneous-close", "old-duplicate-syn", "syn-flood",
                             "syn-flood-cookies", "half-close")
TW = "TIME-WAIT"

CLAIMS: dict[str, tuple[Choice, ...]] = {
    "scenario/lost-final-ack/what-next": (
        (C("retransmitted-flags", LFA, SERVER, value="FIN,ACK"), C("acks-of-fin", LFA, CLIENT, value=2),
         C("time-wait-restarted", LFA, CLIENT, value=True)),
        (C("retransmits", LFA, CLIENT, value=True),),
        (C("retransmits", LFA, SERVER, value=False),),
        (C("sends", LFA, SERVER, "RST", value=True),),
    ),
    # Without TIME-WAIT the FIN would reach a closed port (3.10.7.1).
    "scenario/lost-final-ack/without-time-wait": _one("row", ("CLOSED", "rcv-fin"), ("CLOSED", "RST"),
                                                      ("CLOSED", "ACK"), ("CLOSED", ""), ("CLOSED", "SYN")),
    "scenario/lost-final-ack/acks-sent": _one("acks-of-fin", (LFA, CLIENT), 2, 1, 3, 0),
    "scenario/simultaneous-close/who-time-wait": _one("sides-in", (SC, TW), 2, 1, 0, 1),
    "scenario/simultaneous-close/closing": (
        (C("advances-on", "CLOSING", "rcv-ack", value=True), C("advances-on", "CLOSING", "rcv-fin", value=False)),
        (C("advances-on", "CLOSING", "rcv-fin", value=True),),
        (C("advances-on", "CLOSING", "close", value=True),),
        (C("advances-on", "CLOSING", "timeout-2msl", value=True),),
    ),
    "scenario/simultaneous-close/segments": _one("segments-from", (SC, 1_000), 4, 3, 2, 6),
    # The server cannot tell an old SYN from a new one; only the client's third segment can refuse it.
    "scenario/old-duplicate-syn/two-way": (
        (C("reply-to", ODS, SERVER, "SYN", 1, value="SYN,ACK"), C("reply-to", ODS, CLIENT, "SYN,ACK", 1, value="RST"),
         C("state-after", ODS, SERVER, "RST", 1, value="LISTEN")),
        (C("sends-data", ODS, SERVER, value=True),),  # data twice: the server sends none at all
        (C("sends", ODS, SERVER, "SYN,ACK", value=False),),
        (C("state-after", ODS, SERVER, "SYN", 1, value="LISTEN"),),  # "dropped": it reaches the server
    ),
    "scenario/old-duplicate-syn/client-reply": (
        (C("reply-to", ODS, CLIENT, "SYN,ACK", 1, value="RST"),
         C("reply-seq-is-seg-ack", ODS, CLIENT, "SYN,ACK", 1, value=True)),
        (C("reply-to", ODS, CLIENT, "SYN,ACK", 1, value="ACK"),),
        (C("reply-to", ODS, CLIENT, "SYN,ACK", 1, value=""),),
        (C("reply-to", ODS, CLIENT, "SYN,ACK", 1, value="SYN"),),
    ),
    "scenario/old-duplicate-syn/server-after-rst": (
        (C("state-after", ODS, SERVER, "RST", 1, value="LISTEN"), C("final", ODS, SERVER, value="ESTABLISHED")),
        (C("state-after", ODS, SERVER, "RST", 1, value="CLOSED"),),
        (C("state-after", ODS, SERVER, "RST", 1, value="SYN-RECEIVED"),),
        (C("state-after", ODS, SERVER, "RST", 1, value="ESTABLISHED"),),
    ),
    "scenario/syn-flood/netstat": _one("piles-up", (SF, SERVER), "SYN-RECEIVED", "TIME-WAIT", "SYN-SENT",
                                       "CLOSE-WAIT"),
    "scenario/syn-flood/no-ack": (
        (C("passes", SF, SERVER, "ESTABLISHED", value=False), C("sends", SF, CLIENT, "ACK", value=False)),
        (C("sends", SF, SERVER, "SYN,ACK", value=False),),
        (C("sends", SF, CLIENT, "RST", value=True),),
        (C("retransmits", SF, SERVER, value=False),),
    ),
    "scenario/syn-flood/cookies": (
        (C("answered-syns", SFC, value=6), C("half-open-kept", SFC, value=4)),
        (C("passes", SFC, SERVER, TW, value=True),),
        (C("retransmits", SFC, SERVER, value=False),),
        (C("sends", SFC, SERVER, "RST", value=True),),
    ),
    "scenario/syn-flood/queue-full": (
        (C("reply-to", SF, SERVER, "SYN", 5, value=""), C("reply-to", SF, SERVER, "SYN", 6, value="")),
        (C("sends", SF, SERVER, "RST", value=True),),
        (C("reply-to", SF, SERVER, "SYN", 5, value="RST"),),
        (C("passes", SF, SERVER, "ESTABLISHED", value=True),),
    ),
    "scenario/half-close/keep-sending": (
        (C("data-after-peer-fin", HC, SERVER, value="CLOSE-WAIT"), C("acks-data-in", HC, CLIENT, value="FIN-WAIT-2")),
        (C("data-after-peer-fin", HC, SERVER, value=""),),
        (C("data-after-peer-fin", HC, SERVER, value=""),),
        (C("data-after-peer-fin", HC, SERVER, value=""),),
    ),
    "scenario/half-close/server-state": _one("data-after-peer-fin", (HC, SERVER), "CLOSE-WAIT", "FIN-WAIT-2",
                                             "LAST-ACK", "ESTABLISHED"),
    "scenario/half-close/api": (
        (C("socket-call", "shutdown(SHUT_WR)", value="close"), C("readable-after", "shutdown(SHUT_WR)", value=True)),
        (C("socket-call", "close()", value="close"), C("readable-after", "close()", value=True)),
        (C("socket-call", "shutdown(SHUT_RD)", value="close"),),
        (C("socket-call", "SO_LINGER 0, close()", value="close"),),
    ),
    "scenario/abort/time-wait": _one("sides-in", ("abort", TW), 0, 1, 1, 2),
    "scenario/abort/so-linger": (
        (C("socket-call", "SO_LINGER 0, close()", value="abort"), C("row", "ESTABLISHED", "abort",
                                                                    value=("CLOSED", "RST"))),
        (C("socket-call", "shutdown(SHUT_RDWR)", value="abort"),),
        (C("socket-call", "SO_REUSEADDR", value="abort"),),
        (C("socket-call", "TCP_NODELAY", value="abort"),),
    ),
    "scenario/abort/queued-data": (
        (C("sent-on-call", "abort-queued", CLIENT, "abort", value="RST"),
         C("data-after", "abort-queued", CLIENT, "RST", value=0)),
        (C("sent-on-call", "abort-queued", CLIENT, "abort", value="ACK+RST"),),
        (C("data-after", "abort-queued", CLIENT, "RST", value=1),),
        (C("passes", "abort-queued", CLIENT, TW, value=True),),
    ),
    "scenario/handshake/third-segment": _one("third-segment-acknowledges", ("handshake",), "server SYN",
                                             "client ISN", "server port", "path MTU"),
    "scenario/handshake/lost-third-ack": (
        (C("retransmitted-flags", "lost-third-ack", SERVER, value="SYN,ACK"),
         C("reply-to", "lost-third-ack", CLIENT, "SYN,ACK", 2, value="ACK"),
         C("final", "lost-third-ack", SERVER, value="ESTABLISHED")),
        (C("retransmits", "lost-third-ack", CLIENT, value=True),),
        (C("final", "lost-third-ack", SERVER, value="SYN-RECEIVED"),),
        (C("sends", "lost-third-ack", SERVER, "RST", value=True),),
    ),
    "scenario/handshake/lost-syn-ack": (
        (C("retransmits", "lost-syn-ack", CLIENT, value=True), C("retransmits", "lost-syn-ack", SERVER, value=True)),
        (C("retransmits", "lost-syn-ack", CLIENT, value=False),),
        (C("retransmits", "lost-syn-ack", SERVER, value=False),),
        (C("final", "lost-syn-ack", CLIENT, value="CLOSED"),),
    ),
    "scenario/simultaneous-open/segments": _one("segments-from", ("simultaneous-open", 0), 6, 4, 3, 2),
    "scenario/refused/closed-port": (
        (C("reply-to", "closed-port", SERVER, "SYN", 1, value="RST,ACK"), C("final", "closed-port", CLIENT,
                                                                             value="CLOSED")),
        (C("retransmits", "closed-port", CLIENT, value=True),),
        (C("sends", "closed-port", SERVER, "SYN,ACK", value=True),),
        (C("final", "closed-port", CLIENT, value="SYN-SENT"),),
    ),
    "scenario/accept-queue/final-ack": (
        (C("reply-to", "accept-queue-full", SERVER, "ACK", 1, value=""),
         C("state-after", "accept-queue-full", SERVER, "ACK", 1, value="SYN-RECEIVED"),
         C("retransmitted-flags", "accept-queue-full", SERVER, value="SYN,ACK"),
         C("state-after", "accept-queue-full", CLIENT, "SYN,ACK", 1, value="ESTABLISHED"),
         C("row", "SYN-RECEIVED", "rcv-ack", "accept=full", value=("SYN-RECEIVED", ""))),
        (C("state-after", "accept-queue-full", SERVER, "ACK", 1, value="ESTABLISHED"),),
        (C("reply-to", "accept-queue-full", SERVER, "ACK", 1, value="RST"),),
        (C("row", "SYN-RECEIVED", "rcv-ack", "accept=full", value=("LISTEN", "RST")),),
    ),
    "scenario/accept-queue/syn": _one("row", ("LISTEN", "rcv-syn", "queue=accept-full"), ("LISTEN", ""),
                                      ("LISTEN", "SYN,ACK"), ("LISTEN", "RST"), ("SYN-RECEIVED", "SYN,ACK")),
    "scenario/time-wait/older-timestamp": _one("row", (TW, "rcv-syn", "syn=ts-older"), (TW, "ACK"),
                                               ("SYN-RECEIVED", "SYN,ACK"), ("CLOSED", "RST"), ("CLOSED", "")),
    "scenario/time-wait/newer-timestamp": _one("row", (TW, "rcv-syn", "syn=ts-newer"), ("SYN-RECEIVED", "SYN,ACK"),
                                               (TW, "ACK"), (TW, "RST"), (TW, "")),
    "scenario/accept-queue/abort-on-overflow": _one("row", ("SYN-RECEIVED", "rcv-ack", "accept=full-abort"),
                                                    ("LISTEN", "RST"), ("SYN-RECEIVED", ""), ("ESTABLISHED", ""),
                                                    ("SYN-RECEIVED", "SYN,ACK")),
    "scenario/syn-backlog/bound": _one("half-open-bound", (SFC,), "listen backlog", "tcp_max_syn_backlog",
                                       "unbounded", "ephemeral ports"),
    "scenario/close-unread/rst": (
        (C("sent-on-call", "close-unread", CLIENT, "close", value="RST"), C("sides-in", "close-unread", TW, value=0)),
        (C("sent-on-call", "close-unread", CLIENT, "close", value="FIN,ACK"),),
        (C("sent-on-call", "close-unread", CLIENT, "close", value="FIN,ACK"),),
        (C("sent-on-call", "close-unread", CLIENT, "close", value=""),),
    ),
    "scenario/time-wait/new-syn": (
        (C("reply-to", "time-wait-new-syn", SERVER, "SYN", 2, value="SYN,ACK"),
         C("state-after", "time-wait-new-syn", SERVER, "SYN", 2, value="SYN-RECEIVED"),
         C("row", TW, "rcv-syn", "syn=seq-above", value=("SYN-RECEIVED", "SYN,ACK"))),
        (C("reply-to", "time-wait-new-syn", SERVER, "SYN", 2, value="RST"),),
        (C("reply-to", "time-wait-new-syn", SERVER, "SYN", 2, value=""),),
        (C("reply-to", "time-wait-new-syn", SERVER, "SYN", 2, value="ACK"),),
    ),
    "timer/time-wait/who": (
        (C("who-waits", "close", value="first closer"), C("who-waits", "server-closes-first", value="first closer")),
        (C("who-waits", "close", value="last closer"),),
        (C("passes", "close", SERVER, TW, value=True),),
        (C("who-waits", "close", value="both"),),
    ),
    "timer/time-wait/why": (
        (C("acks-of-fin", LFA, CLIENT, value=2), C("row", "CLOSED", "rcv-fin", value=("CLOSED", "RST"))),
        (C("fin-received-before", "close", CLIENT, TW, value=False),),
        (C("retransmits", LFA, CLIENT, value=True),),
        (C("state-after", "time-wait-new-syn", SERVER, "SYN", 2, value=TW),),  # the port is not held back
    ),
    "timer/time-wait/two-msl": (
        (C("time-in", "close", CLIENT, TW, value=2 * MSL),),
        (C("passes", "close", SERVER, TW, value=True),),
        (C("time-in", "close", CLIENT, TW, value=2 * rto.INITIAL_RTO_MS),),
        (C("retransmits", LFA, CLIENT, value=True),),
    ),
    "timer/time-wait/rfc-length": _one("time-in", ("close", CLIENT, TW), 2 * MSL, MSL, 60_000, 30_000),
    "timer/time-wait/linux": (
        (C("constant", "linux-time-wait-ms", value=60_000),),
        (C("constant", "linux-time-wait-ms", value=2 * MSL),),
        (C("constant", "linux-time-wait-ms", value=2 * 60_000),),  # twice tcp_fin_timeout's 60 s
        (C("constant", "linux-time-wait-ms", value=rto.INITIAL_RTO_MS),),
    ),
    "timer/time-wait/restart": (
        (C("acks-of-fin", LFA, CLIENT, value=2), C("time-wait-restarted", LFA, CLIENT, value=True)),
        (C("time-wait-restarted", LFA, CLIENT, value=False),),
        (C("state-after", LFA, CLIENT, "FIN,ACK", 2, value="CLOSED"),),
        (C("time-wait-after-last-fin", LFA, CLIENT, value=4 * MSL),),
    ),
    "timer/time-wait/half-msl": _one("time-in", ("close", CLIENT, TW, HALF_MSL), 60_000, 30_000, 120_000, 240_000),
    "timer/last-ack/no-2msl": (
        (C("state-after", "close", SERVER, "ACK", 2, value="CLOSED"), C("passes", "close", SERVER, TW, value=False)),
        (C("passes", "close", SERVER, TW, value=True),),
        (C("passes", "close", SERVER, TW, value=True),),
        (C("passes", LFA, SERVER, TW, value=True),),
    ),
    "timer/fin-wait-2/linux": (
        (C("time-in", "orphaned-fin-wait-2", CLIENT, "FIN-WAIT-2", value=60_000),
         C("final", "orphaned-fin-wait-2", CLIENT, value="CLOSED")),
        (C("reply-to", "orphaned-fin-wait-2", CLIENT, "FIN,ACK", 1, value="ACK"),),
        (C("passes", "orphaned-fin-wait-2", CLIENT, TW, value=True),),
        (C("time-in", "orphaned-fin-wait-2", CLIENT, "FIN-WAIT-2", value=2 * MSL),),
    ),
    "timer/rto/initial": _one("rto-intervals", (LFA, SERVER), (1_000,), (200,), (3_000,), (2 * MSL,)),
    "timer/rto/backoff": _one("rto-intervals", ("accept-queue-full", SERVER), (1_000, 2_000, 4_000, 8_000, 16_000),
                              (1_000,) * 5, (1_000, 2_000, 3_000, 4_000, 5_000), (1_000, 500, 250, 125, 62)),
    "timer/syn/give-up": _one("constant", ("syn-give-up-ms",), 180_000, 2 * MSL, 1_000, BSD_CONNECT_TIMER_MS),
    "timer/time-wait/busy-server": _one("longest-closing-state", ("server-closes-first", SERVER), TW, "CLOSE-WAIT",
                                        "FIN-WAIT-2", "LAST-ACK"),
    "timer/close-wait/pileup": (
        (C("final", "app-never-closes", SERVER, value="CLOSE-WAIT"), C("advances-on", "CLOSE-WAIT", "close",
                                                                       value=True),
         C("advances-on", "CLOSE-WAIT", "timeout-2msl", value=False)),
        (C("final", LFA, SERVER, value="CLOSE-WAIT"),),
        (C("advances-on", "CLOSE-WAIT", "timeout-2msl", value=True),),
        (C("retransmits", "app-never-closes", CLIENT, value=True),),
    ),
}

ZW = "window/zero/"
TRANSFER_CLAIMS: dict[str, tuple[Choice, ...]] = {
    "algo/newreno/partial-ack": (
        (C("newreno-ack", True, False, value="partial"), C("newreno-ack", True, True, value="full")),
        (C("newreno-ack", False, False, value="partial"),),  # a duplicate ACK, SACK or not
        (C("newreno-ack", True, True, value="partial"),),  # covering the recover point mid-segment is full
        (C("newreno-ack", False, False, value="partial"),),  # a window change acknowledges nothing new
    ),
    "algo/newreno/on-partial": _one("newreno-response", ("partial",),
                                    "retransmit the first unacknowledged segment and stay",
                                    "set cwnd to ssthresh and leave", "inflate and stay", "halve ssthresh again"),
    "algo/newreno/exit": _one("newreno-leaves-on", (), "full", "partial", "one RTT", "cwnd reaches ssthresh"),
    "algo/linux-default": _one("linux-default-cc", (), "cubic", "reno", "bbr", "vegas"),
    "algo/cubic/time": _one("cubic-depends-on", (), "time since the reduction", "receiver window",
                            "duplicate ACKs", "loss rate"),
    "algo/cubic/beta": _one("cubic-after-loss", (100,), 70.0, 50.0, 1.0, 60.0),
    "algo/cubic/shape": _one("cubic-shape", (100.0,), "concave, then convex", "linear", "exponential", "flat"),
    "algo/cubic/reno-friendly": _one("cubic-friendly-uses", (1.0, 100.0, 0.01), "W_est", "Tahoe", "slow start",
                                     "fast recovery"),
    "algo/tahoe-vs-reno": (
        (C("after-loss", 20, "3dup", "reno", value=(10, 10)), C("after-loss", 20, "3dup", "tahoe", value=(1, 10)),
         C("after-loss", 20, "timeout", "reno", value=(1, 10))),
        (C("has-slow-start", "tahoe", value=False),),
        (C("after-loss", 20, "timeout", "reno", value=(20, 20)),),
        (C("after-loss", 20, "3dup", "tahoe", value=(20, 20)),),  # Tahoe reacts to three duplicate ACKs
    ),
    "algo/why-three": (
        (C("dupacks-from-reordering", 2, value=2), C("dupack-threshold", value=3)),
        (C("dupacks-from-reordering", 1, value=3),),
        (C("dupack-threshold", value=1),),  # nothing forbids it: the threshold is RFC 5681's choice
        (C("samples-for-an-rto", value=3),),
    ),
    "bytes/vs-rounds": (
        (C("iw-segments", 1460, value=3), C("avoidance-growth-under-smss", 10_000, 1_000, value=True)),
        (C("iw-segments", 1460, value=1),),
        (C("slow-start-factor", 10_000, 1_000, value=4.0),),
        (C("loss-ssthresh", 10_000, 1_000, value=10_000),),
    ),
    "bytes/why-inflate": (
        (C("recovery-cwnd", 20_000, 1_000, 1, value=14_000), C("recovery-cwnd", 20_000, 1_000, 0, value=13_000)),
        (C("recovery-cwnd", 20_000, 1_000, 0, value=20_000),),
        (C("recovery-cwnd", 20_000, 1_000, 1, value=16_000),),  # a window that grew by 3 segments per ACK
        (C("fast-retransmissions", value=3),),
    ),
    "nagle/purpose": (
        (C("keystroke-segments", 20, 200, 50, True, value=6), C("keystroke-segments", 20, 200, 50, False, value=20)),
        (C("keystroke-segments", 20, 200, 50, True, value=20),),  # it changes nothing about losses
        (C("keystroke-segments", 20, 200, 50, True, value=20),),
        (C("keystroke-segments", 20, 200, 50, True, value=20),),
    ),
    "nagle/delack-limit": (
        (C("delack-limit-ms", value=500), C("ack-every-full-segments", value=2)),
        (C("delack-limit-ms", value=2_000),),
        (C("delack-limit-ms", value=rto.INITIAL_RTO_MS),),
        (C("delack-limit-ms", value=None),),
    ),
    "nagle/fix": (
        (C("request-ms-with", "one write", value=5.0), C("request-ms-with", "TCP_NODELAY", value=5.0)),
        (C("request-ms-with", "larger receive buffer", value=5.0),),
        (C("request-ms-with", "window scaling", value=5.0),),
        (C("request-ms-with", "lower MSS", value=5.0),),
    ),
    "nagle/why-delack": (
        (C("ack-every-full-segments", value=2),),
        (C("ack-every-full-segments", value=1),),  # an RTT sample needs no delay
        (C("ack-every-full-segments", value=1),),
        (C("delack-limit-ms", value=0),),
    ),
    "nagle/cork": (
        (C("cork-sends", 100, 536, 0, 0, value=False), C("cork-sends", 100, 536, 0, 200, value=True)),
        (C("cork-sends", 100, 536, 0, 0, value=True),),
        (C("ack-every-full-segments", value=0),),  # the receiver's ACK rule is untouched
        (C("backoff-doubles", 200, value=False),),  # the timer still runs and backs off
    ),
    "rto/initial": _one("rto-constant", ("initial",), 1_000, 3_000, 200, 2 * MSL),
    "rto/linux-min": (
        (C("rto-constant", "linux-min", value=200), C("rto-constant", "linux-max", value=120_000)),
        (C("rto-constant", "linux-min", value=0),),
        (C("rto-constant", "linux-min", value=3_000),),
        (C("backoff-doubles", 200, value=False),),
    ),
    "rto/karn-why": (
        (C("karn-keeps", (300, 100, 200), 0, value=(100, 200)), C("retransmission-same-seq", value=True)),
        (C("karn-keeps", (300, 100, 200), 0, value=(300, 100, 200)),),
        (C("retransmission-same-seq", value=False),),
        (C("retransmission-acked", value=False),),
    ),
    "rto/after-backoff": (
        (C("karn-keeps", (300, 100), 0, value=(100,)),),  # the first clean sample is the one that counts
        (C("karn-keeps", (300, 100), 0, value=(300, 100)),),
        (C("persist-intervals", value=(2 * MSL,)),),
        (C("karn-keeps", (300, 100), 0, value=()),),
    ),
    ZW + "what-sender-does": (
        (C("data-while-window-zero", value=0), C("probe-sizes", value=(1, 1))),
        (C("data-while-window-zero", value=4),),
        (C("zero-window-sender-sends", "FIN", value=True),),
        (C("fast-retransmissions", value=4),),
    ),
    ZW + "why-probe": (
        (C("window-update-is-pure-ack", value=True), C("probe-sizes", value=(1, 1))),
        (C("window-update-is-pure-ack", value=False),),
        (C("window-update-is-pure-ack", value=False),),
        (C("advances-on", "ESTABLISHED", "timeout-2msl", value=True),),
    ),
    ZW + "probe-size": _one("probe-sizes", (), (1, 1), (1_000, 1_000), (500, 500), (4_000, 4_000)),
    ZW + "probe-backoff": _one("persist-intervals", (), (1_000, 2_000), (200, 200), (1_000,), (2 * MSL, 2 * MSL)),
    "window/scale/max": _one("largest-window", (), 1_073_725_440, 65_535 * 2**16, 65_535, 2**31),
    "window/scale/when": _one("window-scale-sent-in", (), "SYN and SYN,ACK", "every segment", "first data segment",
                              "FIN"),
}
CLAIMS |= TRANSFER_CLAIMS
