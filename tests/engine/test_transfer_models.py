"""The data-transfer half of the engine against its RFCs: fixed vectors worked by hand
(the arithmetic is in the comments, not taken from the code), and properties that must hold
for any input (cwnd never below one segment, RTO never below its floor, ACKs never move
backwards)."""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tcpquiz.engine import congestion, nagle, rto, seqnum, transfer
from tcpquiz.engine.congestion import Loss, Phase, Variant

# -- RFC 6298 --------------------------------------------------------------------------------------


def test_rto_vector_three_samples() -> None:
    # Samples 100, 120, 80 ms; alpha 1/8, beta 1/4, K 4 (RFC 6298 section 2).
    # 1st (rule 2.2): SRTT = 100, RTTVAR = 100/2 = 50, RTO = 100 + 4*50 = 300.
    # 2nd (rule 2.3, RTTVAR first with the old SRTT): RTTVAR = 3/4*50 + 1/4*|100-120| = 37.5 + 5 = 42.5;
    #     SRTT = 7/8*100 + 1/8*120 = 87.5 + 15 = 102.5; RTO = 102.5 + 4*42.5 = 272.5.
    # 3rd: RTTVAR = 3/4*42.5 + 1/4*|102.5-80| = 31.875 + 5.625 = 37.5;
    #     SRTT = 7/8*102.5 + 1/8*80 = 89.6875 + 10 = 99.6875; RTO = 99.6875 + 150 = 249.6875.
    bare = rto.estimate([100, 120, 80], floor=rto.Floor.NONE)
    assert [(e.srtt, e.rttvar, e.rto) for e in bare] == [
        (100, 50, 300), (Fraction("102.5"), Fraction("42.5"), Fraction("272.5")),
        (Fraction("99.6875"), Fraction("37.5"), Fraction("249.6875"))]
    # Rule 2.4 rounds each of them up to 1 s; Linux's 200 ms floor leaves them alone.
    assert [e.rto for e in rto.estimate([100, 120, 80])] == [1000, 1000, 1000]
    assert [e.rto for e in rto.estimate([100, 120, 80], floor=rto.Floor.LINUX)] == [e.rto for e in bare]
    # A 50 ms sample: RTO = 50 + 100 = 150, below Linux's 200 ms too.
    assert rto.estimate([50], floor=rto.Floor.LINUX)[0].rto == 200


def test_rto_clock_granularity() -> None:
    # RTO = SRTT + max(G, K*RTTVAR): with G = 500 ms and a 100 ms sample, 100 + max(500, 200) = 600.
    assert rto.estimate([100], granularity_ms=500, floor=rto.Floor.NONE)[0].rto == 600
    # With G = 100 ms the variance term wins: 100 + max(100, 200) = 300.
    assert rto.estimate([100], granularity_ms=100, floor=rto.Floor.NONE)[0].rto == 300


def test_backoff_doubles_up_to_the_maximum() -> None:
    # Rule 5.5 doubles; rule 2.5 allows a 60 s cap: 1, 2, 4, 8, 16, 32, then 64 -> 60 s.
    assert rto.backoff(1000, 6) == [1000, 2000, 4000, 8000, 16000, 32000, 60000]
    assert rto.backoff(1500, 3) == [1500, 3000, 6000, 12000]
    assert rto.backoff(1000, 8, max_ms=rto.LINUX_MAX_RTO_MS)[-1] == 120_000  # 128 s capped at TCP_RTO_MAX


def test_karn_drops_the_retransmitted_sample() -> None:
    exchanges = [rto.Transmission(100), rto.Transmission(300, retransmitted=True), rto.Transmission(120)]
    assert rto.karn_samples(exchanges) == [100, 120]
    # Then SRTT = 7/8*100 + 1/8*120 = 102.5, as in the first vector.
    assert rto.estimate(rto.karn_samples(exchanges))[-1].srtt == Fraction("102.5")


def test_fmt_ms() -> None:
    assert [rto.fmt_ms(Fraction(x)) for x in ("102.5", "1000", "37.8125", "1/3")] == ["102.5", "1000", "37.8125",
                                                                                       "0.333"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=100_000), min_size=1, max_size=30),
       st.sampled_from(list(rto.Floor)), st.integers(min_value=0, max_value=2000))
def test_rto_never_below_its_floor_nor_srtt(samples: list[int], floor: rto.Floor, granularity: int) -> None:
    for est in rto.estimate(samples, granularity_ms=granularity, floor=floor):
        assert est.rto >= floor.ms
        assert est.rto >= est.srtt + granularity
        assert min(samples) <= est.srtt <= max(samples)  # an average of the samples
        assert est.rttvar >= 0


@given(st.integers(min_value=1, max_value=200_000), st.integers(min_value=0, max_value=20))
def test_backoff_is_monotone_and_capped(start: int, timeouts: int) -> None:
    values = rto.backoff(start, timeouts)
    assert all(b >= a for a, b in pairwise(values))
    assert all(v <= rto.RFC_MAX_RTO_MS for v in values)


# -- RFC 5681, segments per RTT ---------------------------------------------------------------------


def test_textbook_trace_timeout_then_three_dupacks() -> None:
    # The usual textbook figure (e.g. Xie Xiren, Computer Networks, 7th ed., section 5.8):
    # ssthresh 16: 1, 2, 4, 8, 16 (slow start stops at ssthresh), then +1 a round up to 24 in
    # round 13, where a timeout sets ssthresh = 24/2 = 12 and cwnd = 1; slow start 1, 2, 4, 8, 12,
    # then 13 .. 16 in round 22, where three duplicate ACKs (Reno) set ssthresh = 8 and cwnd = 8.
    run = congestion.rounds(26, 16, {13: Loss.TIMEOUT, 22: Loss.TRIPLE_DUP}, Variant.RENO)
    assert [r.cwnd for r in run] == [1, 2, 4, 8, 16, 17, 18, 19, 20, 21, 22, 23, 24,
                                     1, 2, 4, 8, 12, 13, 14, 15, 16, 8, 9, 10, 11]
    assert [r.ssthresh for r in run][12:15] == [16, 12, 12]
    assert run[22].ssthresh == 8
    assert [r.phase for r in run[13:19]] == [Phase.SLOW_START] * 4 + [Phase.AVOIDANCE] * 2
    # Tahoe treats the three duplicate ACKs as a timeout: round 23 starts again at 1.
    tahoe = congestion.rounds(26, 16, {13: Loss.TIMEOUT, 22: Loss.TRIPLE_DUP}, Variant.TAHOE)
    assert [r.cwnd for r in tahoe][22:] == [1, 2, 4, 8]


def test_ssthresh_has_a_floor_of_two_segments() -> None:
    # A loss at cwnd 3: max(floor(3/2), 2) = 2 (RFC 5681 equation 4, 2*SMSS).
    assert congestion.after_loss(3, Loss.TIMEOUT, Variant.RENO) == (1, 2)
    assert congestion.after_loss(3, Loss.TRIPLE_DUP, Variant.RENO) == (2, 2)
    assert congestion.after_loss(1, Loss.TRIPLE_DUP, Variant.RENO) == (2, 2)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=36), st.integers(min_value=2, max_value=200),
       st.dictionaries(st.integers(min_value=1, max_value=36), st.sampled_from(list(Loss)), max_size=8),
       st.sampled_from(list(Variant)))
def test_cwnd_never_below_one_segment(count: int, ssthresh: int, losses: dict[int, Loss], variant: Variant) -> None:
    run = congestion.rounds(count, ssthresh, losses, variant)
    assert len(run) == count
    for before, after in pairwise(run):
        assert after.cwnd >= 1 and after.ssthresh >= congestion.MIN_SSTHRESH
        if before.loss is None:
            assert after.cwnd > before.cwnd and after.cwnd <= max(2 * before.cwnd, before.cwnd + 1)
        else:
            assert after.cwnd <= max(before.cwnd, congestion.MIN_SSTHRESH)


# -- RFC 5681, bytes -------------------------------------------------------------------------------------


def test_initial_window_equation_1() -> None:
    # SMSS > 2190: 2 segments; > 1095: 3; else 4 (RFC 5681 equation 1).
    assert congestion.initial_window(4000) == 8000
    assert congestion.initial_window(2191) == 4382
    assert congestion.initial_window(2190) == 6570
    assert congestion.initial_window(1460) == 4380
    assert congestion.initial_window(1095) == 4380
    assert congestion.initial_window(536) == 2144


def test_byte_counting_vectors() -> None:
    # Slow start, equation (2): an ACK of 500 bytes adds min(500, 1460) = 500; of 2920, at most 1460.
    assert congestion.slow_start_ack(2920, 500, 1460) == 3420
    assert congestion.slow_start_ack(2920, 2920, 1460) == 4380
    # Congestion avoidance, equation (3): 10000 + 1000*1000/10000 = 10100; 1000*1000/3_000_000 rounds to 0 -> 1.
    assert congestion.avoidance_ack(10_000, 1000) == 10_100
    assert congestion.avoidance_ack(3_000_000, 1000) == 3_000_001
    # One window of 4 ACKs from 4000: +250 -> 4250, +235 (1e6/4250 = 235.29) -> 4485, +222 -> 4707, +212 -> 4919.
    assert congestion.avoidance_round_bytes(4000, 1000) == [4000, 4250, 4485, 4707, 4919]
    # Timeout: ssthresh = max(8000/2, 2000) = 4000, cwnd = 1000; with 1500 in flight, max(750, 2000) = 2000.
    assert congestion.timeout_bytes(8000, 1000) == (1000, 4000)
    assert congestion.timeout_bytes(1500, 1000) == (1000, 2000)
    # Fast recovery: ssthresh 4000, cwnd 4000 + 3000 = 7000; two more duplicates, 9000.
    assert congestion.fast_recovery_bytes(8000, 1000) == (7000, 4000)
    assert congestion.fast_recovery_bytes(8000, 1000, 2) == (9000, 4000)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([536, 1000, 1460]),
       st.lists(st.sampled_from(["ack", "timeout", "3dup", "dup", "new"]), max_size=60))
def test_bytes_cwnd_never_below_one_smss(smss: int, events: list[str]) -> None:
    cwnd, ssthresh, in_recovery = congestion.initial_window(smss), 10**9, False
    for event in events:
        if event == "ack":
            cwnd = (congestion.slow_start_ack(cwnd, smss, smss) if cwnd < ssthresh
                    else congestion.avoidance_ack(cwnd, smss))
        elif event == "timeout":
            cwnd, ssthresh = congestion.timeout_bytes(cwnd, smss)
            in_recovery = False
        elif event == "3dup" and not in_recovery:
            cwnd, ssthresh = congestion.fast_recovery_bytes(cwnd, smss)
            in_recovery = True
        elif event == "dup" and in_recovery:
            cwnd += smss
        elif event == "new" and in_recovery:
            cwnd, in_recovery = ssthresh, False
        assert cwnd >= smss and ssthresh >= 2 * smss


# -- CUBIC (RFC 9438) ------------------------------------------------------------------------------------


def test_cubic_k_and_window() -> None:
    # K = cbrt(W_max * (1 - 0.7) / 0.4): W_max 100 -> cbrt(75) = 4.2172; W_max 288 -> cbrt(216) = 6.
    assert congestion.cubic_k(100) == pytest.approx(4.2172, abs=1e-4)
    assert congestion.cubic_k(288) == pytest.approx(6.0)
    # W(0) = W_max - C*K^3 = W_max - W_max*0.3 = 0.7*W_max; W(K) = W_max; W(K+1) = W_max + 0.4.
    assert congestion.cubic_window(0, 288) == pytest.approx(201.6)
    assert congestion.cubic_window(6, 288) == pytest.approx(288)
    assert congestion.cubic_window(7, 288) == pytest.approx(288.4)


# -- data, ACKs and the receiver's queue (RFC 9293 section 3.10.7.4) --------------------------------------


def test_one_lost_segment() -> None:
    # Five 100-byte segments from seq 1: 1, 101, 201, 301, 401. The 2nd (101) is lost.
    # ACKs: 101 (for seq 1), then 101 three times (for 201, 301, 401: three duplicates).
    # Held out of order: 300 bytes. The retransmission of 101 fills the hole: ACK 501.
    run = transfer.lose_one(1, [100] * 5, 1)
    assert [a.ack for a in run.arrivals] == [101, 101, 101, 101]
    assert run.dup_acks == 3 and run.fast_retransmit
    assert run.arrivals[-1].buffered == (transfer.Segment(201, 100), transfer.Segment(301, 100),
                                         transfer.Segment(401, 100))
    assert run.retransmission == transfer.Segment(101, 100)
    assert run.after_retransmission.ack == 501 and run.after_retransmission.buffered == ()


def test_loss_across_the_wrap() -> None:
    # Three 1000-byte segments from 2^32 - 1500: the 2nd starts at 2^32 - 500 and ends at 500.
    start = 2**32 - 1500
    run = transfer.lose_one(start, [1000] * 3, 1)
    assert [a.ack for a in run.arrivals] == [2**32 - 500, 2**32 - 500]
    assert run.after_retransmission.ack == 1500


def test_last_segment_lost_gives_no_duplicate() -> None:
    run = transfer.lose_one(1, [100] * 4, 3)
    assert [a.ack for a in run.arrivals] == [101, 201, 301] and run.dup_acks == 0 and not run.fast_retransmit


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1),
       st.lists(st.integers(min_value=1, max_value=3000), min_size=1, max_size=12), st.randoms(use_true_random=False),
       st.floats(min_value=0, max_value=0.5))
def test_acks_never_move_backwards(first: int, sizes: list[int], rng: random.Random, duplicate: float) -> None:
    sent = transfer.segments(first, sizes)
    arrivals = list(sent) + [s for s in sent if rng.random() < duplicate]  # reordered, duplicated
    rng.shuffle(arrivals)
    receiver = transfer.Receiver(first)
    previous = first
    for segment in arrivals:
        ack = receiver.receive(segment).ack
        assert seqnum.le(previous, ack)  # in sequence space: never backwards
        assert seqnum.diff(first, ack) <= sum(sizes)
        previous = ack
    assert receiver.rcv_nxt == (first + sum(sizes)) % 2**32 and receiver.held == {}


# -- flow control ----------------------------------------------------------------------------------------


def test_flow_control_vectors() -> None:
    # min(cwnd, rwnd) - in flight: min(4000, 2000) - 1000 = 1000.
    assert transfer.usable_window(4000, 2000, 1000) == 1000
    assert transfer.usable_window(10, 30, 12) == 0  # over the window: nothing, not -2
    # Free buffer: 4096 - (3000 - 1000) = 2096; full and unread: 0.
    assert transfer.advertised_window(4096, 3000, 1000) == 2096
    assert transfer.advertised_window(8192, 8192, 0) == 0
    # RFC 7323: 1000 << 7 = 128000; the largest, 65535 << 14 = 1,073,725,440.
    assert transfer.scaled_window(1000, 7) == 128_000
    assert transfer.scaled_window(65535, 14) == 1_073_725_440
    # 1 MiB: 65535 * 16 = 1,048,560 is 16 short, so shift 5; 65535 itself needs none, 65536 needs 1.
    assert transfer.shift_needed(2**20) == 5
    assert transfer.shift_needed(65535) == 0 and transfer.shift_needed(65536) == 1
    with pytest.raises(ValueError):
        transfer.scaled_window(1, 15)


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**7),
       st.integers(min_value=0, max_value=10**7))
def test_usable_window_bounds(cwnd: int, rwnd: int, flight: int) -> None:
    usable = transfer.usable_window(cwnd, rwnd, flight)
    assert 0 <= usable <= min(cwnd, rwnd) and (usable == 0 or flight + usable == min(cwnd, rwnd))


# -- Nagle and delayed ACKs -----------------------------------------------------------------------------


def test_write_write_read_stall() -> None:
    # RTT 20 ms, delayed ACK 200 ms: the header arrives at 10; the ACK leaves at 210 and is back at 220;
    # the body arrives at 230; the reply is back at 240. Without Nagle: request at 10, reply at 20.
    assert nagle.write_write_read(20, 200) == nagle.Exchange(220, 230, 240)
    assert nagle.write_write_read(20, 200, nagle=False) == nagle.Exchange(0, 10, 20)
    # Nagle alone with immediate ACKs costs one RTT: ACK back at 20, body in at 30, reply at 40.
    assert nagle.write_write_read(20, 200, delayed_ack=False) == nagle.Exchange(20, 30, 40)
    assert nagle.nagle_sends_now(100, 1460, unacked=0)
    assert not nagle.nagle_sends_now(100, 1460, unacked=200)
    assert nagle.nagle_sends_now(1460, 1460, unacked=200) and nagle.nagle_sends_now(1, 1460, 200, nodelay=True)
