"""The simulator: exact segments worked out by hand, state sequences, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tcpquiz.engine.scenarios import (
    CLIENT,
    SCENARIOS,
    SERVER,
    Action,
    NetworkConfig,
    Scenario,
)
from tcpquiz.engine.sim import DEFAULT_MSL_MS, Segment, SimResult, run, simulate
from tcpquiz.errors import InvalidValueError

WIRE = 2**32


def wire(result: SimResult) -> list[tuple[str, str, int, int | None, int, bool]]:
    return [(s.src, s.flags, s.seq, s.ack, s.len, s.lost) for s in result.segments]


def test_handshake_numbers() -> None:
    result = simulate("handshake", isn_client=1000, isn_server=5000)
    assert wire(result) == [
        (CLIENT, "SYN", 1000, None, 0, False),
        (SERVER, "SYN,ACK", 5000, 1001, 0, False),
        (CLIENT, "ACK", 1001, 5001, 0, False),
    ]
    assert result.client_states == ("CLOSED", "SYN-SENT", "ESTABLISHED")
    assert result.server_states == ("CLOSED", "LISTEN", "SYN-RECEIVED", "ESTABLISHED")


def test_close_numbers_across_the_wrap() -> None:
    # The client's ISN is the last number before the wrap: its FIN takes sequence number 0.
    result = simulate("close", isn_client=WIRE - 1, isn_server=5000)
    assert wire(result) == [
        (CLIENT, "SYN", WIRE - 1, None, 0, False),
        (SERVER, "SYN,ACK", 5000, 0, 0, False),
        (CLIENT, "ACK", 0, 5001, 0, False),
        (CLIENT, "FIN,ACK", 0, 5001, 0, False),
        (SERVER, "ACK", 5001, 1, 0, False),
        (SERVER, "FIN,ACK", 5001, 1, 0, False),
        (CLIENT, "ACK", 1, 5002, 0, False),
    ]
    assert result.client_states == ("CLOSED", "SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT",
                                     "CLOSED")
    assert result.server_states == ("CLOSED", "LISTEN", "SYN-RECEIVED", "ESTABLISHED", "CLOSE-WAIT", "LAST-ACK",
                                    "CLOSED")
    # The server's FIN is ACKed at 2.050 s; TIME-WAIT lasts 2MSL from then.
    assert result.end_ms == 2_050 + 2 * DEFAULT_MSL_MS


def test_half_close_data_lengths() -> None:
    result = simulate("half-close", isn_client=100, isn_server=900)
    data = [(s.src, s.seq, s.len) for s in result.segments if s.len]
    assert data == [(CLIENT, 101, 100), (SERVER, 901, 1000), (SERVER, 1901, 500)]
    fins = [(s.src, s.seq, s.ack) for s in result.segments if "FIN" in s.flags]
    assert fins == [(CLIENT, 201, 901), (SERVER, 2401, 202)]
    assert (result.segments[-1].flags, result.segments[-1].ack) == ("ACK", 2402)
    # The server keeps sending in CLOSE-WAIT, the client keeps acknowledging in FIN-WAIT-2.
    assert result.states_at(2_500) == ("FIN-WAIT-2", "CLOSE-WAIT")


def test_lost_final_ack() -> None:
    result = simulate("lost-final-ack", isn_client=1000, isn_server=5000)
    server_fins = [s for s in result.segments if s.src == SERVER and "FIN" in s.flags]
    client_acks_of_fin = [s for s in result.segments if s.src == CLIENT and s.ack == 5002]
    assert [(s.seq, s.t) for s in server_fins] == [(5001, 2_000), (5001, 3_000)]  # retransmitted after 1 s RTO
    assert [s.lost for s in client_acks_of_fin] == [True, False]
    assert result.states_at(2_999) == ("TIME-WAIT", "LAST-ACK")
    # TIME-WAIT restarted when the retransmitted FIN arrived at 3.050 s.
    assert result.end_ms == 3_050 + 2 * DEFAULT_MSL_MS
    assert result.client_states[-2:] == ("TIME-WAIT", "CLOSED")


def test_only_the_peer_s_fin_restarts_time_wait() -> None:
    # A simultaneous close whose handshake lost the client's third ACK: the server's
    # retransmitted SYN,ACK is held up until both sides are in TIME-WAIT. The client answers
    # it with an ACK (3.10.7.4), the server drops that duplicate ACK, and neither restarts
    # its 2MSL wait: only the peer's FIN does that.
    late = Scenario("late-synack", "", "", SCENARIOS["simultaneous-close"].actions,
                    drop=frozenset({(CLIENT, 2)}), delay={(SERVER, 3): 3_000})
    result = run(late, isn_client=1000, isn_server=5000, msl_ms=10_000)
    arrival = next(step for step in result.steps if step.arrived and step.arrived.flags == "SYN,ACK"
                   and step.client == "TIME-WAIT")
    assert [s.flags for s in arrival.sent] == ["ACK"] and arrival.server == "TIME-WAIT"
    entered = next(step.t for step in result.steps if step.client == "TIME-WAIT")
    expired = next(step.t for step in result.steps if step.side == CLIENT and step.what == "2MSL timer")
    assert entered < arrival.t < expired == entered + 20_000
    assert result.client_states[-2:] == result.server_states[-2:] == ("TIME-WAIT", "CLOSED")


def test_simultaneous_open_and_close() -> None:
    opened = simulate("simultaneous-open", isn_client=100, isn_server=300)
    assert wire(opened) == [
        (CLIENT, "SYN", 100, None, 0, False), (SERVER, "SYN", 300, None, 0, False),
        (SERVER, "SYN,ACK", 300, 101, 0, False), (CLIENT, "SYN,ACK", 100, 301, 0, False),
        # Each SYN,ACK repeats a SYN already received: SEG.SEQ < RCV.NXT fails the acceptability
        # test (RFC 9293 section 3.10.7.4), so it is answered <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
        (CLIENT, "ACK", 101, 301, 0, False), (SERVER, "ACK", 301, 101, 0, False),
    ]
    assert opened.client_states == opened.server_states == ("CLOSED", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED")
    closed = simulate("simultaneous-close", isn_client=100, isn_server=300)
    after_open = [s for s in closed.segments if s.t >= 1_000]
    assert [(s.src, s.flags, s.seq, s.ack) for s in after_open] == [
        (CLIENT, "FIN,ACK", 101, 301), (SERVER, "FIN,ACK", 301, 101),
        (SERVER, "ACK", 302, 102), (CLIENT, "ACK", 102, 302),
    ]
    for states in (closed.client_states, closed.server_states):
        assert states[-4:] == ("FIN-WAIT-1", "CLOSING", "TIME-WAIT", "CLOSED")


def test_old_duplicate_syn_is_reset_by_the_third_segment() -> None:
    result = simulate("old-duplicate-syn", isn_client=1000, isn_server=5000)
    old_syn, _syn, bad_synack, rst, *_rest = result.segments
    assert old_syn.note == "old duplicate" and old_syn.seq != 1000
    assert (bad_synack.flags, bad_synack.ack) == ("SYN,ACK", (old_syn.seq + 1) % WIRE)
    assert (rst.src, rst.flags, rst.seq, rst.ack) == (CLIENT, "RST", bad_synack.ack, None)  # <SEQ=SEG.ACK><CTL=RST>
    assert result.server_states == ("CLOSED", "LISTEN", "SYN-RECEIVED", "LISTEN", "SYN-RECEIVED", "ESTABLISHED")
    assert result.client_states == ("CLOSED", "SYN-SENT", "ESTABLISHED")


def test_syn_flood_fills_the_queue() -> None:
    result = simulate("syn-flood")
    syns = [s for s in result.segments if s.flags == "SYN"]
    synacks = [s for s in result.segments if s.flags == "SYN,ACK"]
    assert len(syns) == 6 and all(s.note == "spoofed source" for s in syns)
    assert all(s.lost for s in synacks)
    assert {s.port for s in synacks} == {s.port for s in syns[:4]}  # the queue holds four
    dropped = [step for step in result.steps if "SYN queue is full" in step.note]
    assert len(dropped) == 2
    assert result.steps[-1].server == "LISTEN +4 SYN-RECEIVED" and result.stopped
    assert result.server_states == ("CLOSED", "LISTEN", "SYN-RECEIVED")


def test_abort_skips_time_wait() -> None:
    result = simulate("abort", isn_client=1000, isn_server=5000)
    rst = result.segments[-1]
    assert (rst.src, rst.flags, rst.seq, rst.ack) == (CLIENT, "RST", 1101, None)  # <SEQ=SND.NXT><CTL=RST>
    assert result.client_states[-2:] == result.server_states[-2:] == ("ESTABLISHED", "CLOSED")
    assert "TIME-WAIT" not in result.client_states + result.server_states


def test_json_shape() -> None:
    data = simulate("handshake", isn_client=1, isn_server=2).as_json()
    assert set(data) == {"scenario", "segments", "states"}
    assert data["scenario"] == "handshake"
    assert all(set(s) == {"t", "from", "to", "flags", "seq", "ack", "len", "lost"} for s in data["segments"])
    assert data["segments"][0] == {"t": 0, "from": "client", "to": "server", "flags": "SYN", "seq": 1, "ack": None,
                                   "len": 0, "lost": False}
    assert data["states"] == {"client": ["CLOSED", "SYN-SENT", "ESTABLISHED"],
                              "server": ["CLOSED", "LISTEN", "SYN-RECEIVED", "ESTABLISHED"]}


def test_isns_come_from_the_seed_unless_given() -> None:
    a, b, c = simulate("close", seed=1), simulate("close", seed=1), simulate("close", seed=2)
    assert a == b and (a.isn_client, a.isn_server) != (c.isn_client, c.isn_server)
    assert simulate("close", seed=1, isn_client=7).isn_client == 7


@pytest.mark.parametrize("bad", [{"isn_client": -1}, {"isn_server": WIRE}, {"msl_ms": 0}])
def test_bad_numbers_are_refused(bad: dict[str, int]) -> None:
    with pytest.raises(InvalidValueError):
        simulate("close", **bad)


def test_unknown_scenario_lists_the_names() -> None:
    with pytest.raises(InvalidValueError, match="handshake, close, simultaneous-open"):
        simulate("three-way")


def test_msl_sets_time_wait() -> None:
    assert simulate("close", isn_client=0, isn_server=0, msl_ms=30_000).end_ms == 2_050 + 60_000


# -- properties --------------------------------------------------------------------------------------

GAP = 20_000  # between script phases: long enough for any exchange to settle, retransmissions included


@st.composite
def closing_scripts(draw: st.DrawFn) -> Scenario:
    """Open (normally or simultaneously), maybe send data either way, then close or abort."""
    if draw(st.booleans()):
        actions = [Action(0, SERVER, "passive-open"), Action(0, CLIENT, "active-open")]
    else:
        actions = [Action(0, CLIENT, "active-open"), Action(0, SERVER, "active-open")]
    t = GAP
    for _ in range(draw(st.integers(0, 3))):
        actions.append(Action(t, draw(st.sampled_from([CLIENT, SERVER])), "send", draw(st.integers(1, 3_000))))
        t += draw(st.integers(0, 400))
    t += GAP
    ending = draw(st.sampled_from(["client-first", "server-first", "together", "abort"]))
    if ending == "abort":
        actions.append(Action(t, draw(st.sampled_from([CLIENT, SERVER])), "abort"))
    else:
        first, second = (CLIENT, SERVER) if ending != "server-first" else (SERVER, CLIENT)
        actions.append(Action(t, first, "close"))
        actions.append(Action(t if ending == "together" else t + GAP, second, "close"))
    return Scenario("random", "", "", tuple(actions))


networks = st.builds(NetworkConfig, delay_ms=st.integers(1, 300), jitter_ms=st.integers(0, 300),
                     duplicate=st.sampled_from([0.0, 0.2, 0.5]))


@settings(max_examples=300, deadline=None)
@given(closing_scripts(), networks, st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1), st.integers(0, 10**6))
def test_without_loss_both_sides_end_closed(scenario: Scenario, network: NetworkConfig, isn_c: int, isn_s: int,
                                            seed: int) -> None:
    result = run(scenario, seed=seed, isn_client=isn_c, isn_server=isn_s, msl_ms=5_000, network=network)
    for states in (result.client_states, result.server_states):
        assert states[-1] == "CLOSED"
        if "TIME-WAIT" in states:
            assert states[states.index("TIME-WAIT") + 1] == "CLOSED"  # TIME-WAIT, then CLOSED
    assert not any(segment.lost for segment in result.segments)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(SCENARIOS)), networks, st.floats(0, 0.4), st.integers(0, 10**6))
def test_sequence_numbers_are_consumed_in_order(name: str, network: NetworkConfig, loss: float, seed: int) -> None:
    """Each new segment a side sends starts where its previous one ended: SYN and FIN take one
    number each, data its length (mod 2^32). Recomputed here, not by the simulator's code."""
    result = run(SCENARIOS[name], seed=seed, network=NetworkConfig(network.delay_ms, network.jitter_ms, loss,
                                                                   network.duplicate), msl_ms=5_000)
    connections = {(s.src, s.port) for s in result.segments}  # a SYN-flooded server has one TCB per port
    for side, port in connections:
        not_from_the_tcb = ("duplicate", "old duplicate", "spoofed source")  # the network's copies, injected SYNs
        sent = [s for s in result.segments if (s.src, s.port) == (side, port) and s.note not in not_from_the_tcb]
        expected: int | None = None
        highest: dict[int, int] = {}
        for segment in sent:
            if "RST" in segment.flags:
                continue
            occupies = segment.len + ("SYN" in segment.flags) + ("FIN" in segment.flags)
            if segment.note == "retransmission":
                assert segment.seq in highest
                continue
            if "SYN" in segment.flags:
                expected = segment.seq  # a (possibly new) ISN
            if occupies:
                assert segment.seq == expected, segment
                highest[segment.seq] = occupies
                expected = (segment.seq + occupies) % WIRE
            else:
                assert segment.seq == expected, segment


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(SCENARIOS)), networks, st.integers(0, 10**6))
def test_a_run_is_a_function_of_its_inputs(name: str, network: NetworkConfig, seed: int) -> None:
    first = run(SCENARIOS[name], seed=seed, network=network)
    assert run(SCENARIOS[name], seed=seed, network=network) == first


def _acks_only_what_was_sent(result: SimResult) -> None:
    sent_up_to = {CLIENT: set(), SERVER: set()}
    for segment in result.segments:
        if segment.ack is not None and "RST" not in segment.flags:
            peer = SERVER if segment.src == CLIENT else CLIENT
            assert segment.ack in sent_up_to[peer], segment
        end = (segment.seq + segment.len + ("SYN" in segment.flags) + ("FIN" in segment.flags)) % WIRE
        sent_up_to[segment.src].add(end)


@pytest.mark.parametrize("name", [n for n in SCENARIOS if n not in ("syn-flood", "old-duplicate-syn")])
def test_every_ack_names_the_end_of_something_sent(name: str) -> None:
    _acks_only_what_was_sent(simulate(name))


def test_segments_are_frozen_values() -> None:
    segment = simulate("handshake").segments[0]
    assert isinstance(segment, Segment)
    with pytest.raises(AttributeError):
        segment.seq = 1  # type: ignore[misc]
