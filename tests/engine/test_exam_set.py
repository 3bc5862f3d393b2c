"""Twenty questions of the kind exams ask (the computer-networks part of the Chinese graduate
entrance exam, interviews), each solved by hand in its comment, and the engine's answer
checked against the hand solution. Segments-per-RTT questions use the textbook model
(slow start stops at ssthresh; ssthresh = cwnd / 2 on a loss)."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import pytest

from tcpquiz.engine import congestion, nagle, rto, transfer
from tcpquiz.engine.congestion import Loss, Variant


def _cwnd(count: int, ssthresh: int, losses: dict[int, Loss], variant: Variant = Variant.RENO) -> int:
    return congestion.rounds(count, ssthresh, losses, variant)[-1].cwnd


EXAM: list[tuple[str, Callable[[], object], object]] = [
    # 1. MSS 1 KB, plenty to send. A timeout when cwnd is 16 KB; the next 4 RTTs all succeed. What is cwnd
    #    once everything sent in the 4th RTT is acknowledged?
    #    ssthresh = 8; cwnd 1 -> 2 -> 4 -> 8 after RTTs 1..3; in RTT 4 cwnd = 8 = ssthresh, so +1: 9 KB.
    #    (Round 1 has cwnd 16 and the timeout; rounds 2..5 send 1, 2, 4, 8; round 6 has 9.)
    ("cwnd 4 RTTs after a timeout at 16", lambda: congestion.rounds(
        6, 32, {1: Loss.TIMEOUT}, Variant.RENO, initial_cwnd=16)[-1].cwnd, 9),
    # 2. MSS 1000 bytes, cwnd 4000. Two segments sent; the ACK of the first advertises a 2000-byte
    #    window. How many more bytes may be sent? min(4000, 2000) = 2000, 1000 still in flight: 1000.
    ("usable window after one ACK", lambda: transfer.usable_window(4000, 2000, 1000), 1000),
    # 3. Slow start from cwnd 1 with ssthresh 32 and no loss: in which round does cwnd first reach 32?
    #    1, 2, 4, 8, 16, 32: round 6.
    ("round where slow start reaches 32", lambda: next(
        r.number for r in congestion.rounds(20, 32) if r.cwnd >= 32), 6),
    # 4. Reno, ssthresh 16 at start. Three duplicate ACKs in round 10. cwnd in round 11?
    #    Rounds: 1 2 4 8 16 17 18 19 20 21 -> at 21: ssthresh = 10, cwnd = 10.
    ("Reno after three duplicate ACKs", lambda: _cwnd(11, 16, {10: Loss.TRIPLE_DUP}), 10),
    # 5. The same with Tahoe: cwnd drops to 1 in round 11, and round 13 has 4.
    ("Tahoe after three duplicate ACKs", lambda: _cwnd(13, 16, {10: Loss.TRIPLE_DUP}, Variant.TAHOE), 4),
    # 6. Reno, ssthresh 12 at start; a timeout in round 8. cwnd in round 14?
    #    1 2 4 8 12 13 14 15 -> timeout at 15: ssthresh 7, cwnd 1; rounds 9..14: 1 2 4 7 8 9 -> 9.
    ("cwnd six rounds after a timeout", lambda: _cwnd(14, 12, {8: Loss.TIMEOUT}), 9),
    # 7. Total segments sent in the first 5 rounds with ssthresh 8 and no loss: 1 + 2 + 4 + 8 + 9 = 24.
    ("segments sent in five rounds", lambda: sum(r.cwnd for r in congestion.rounds(5, 8)), 24),
    # 8. RTT samples 100, 120, 80 ms, no lower bound: RTO after the third? (worked in
    #    test_transfer_models: SRTT 99.6875, RTTVAR 37.5) -> 99.6875 + 150 = 249.6875 ms.
    ("RTO after three samples", lambda: rto.estimate([100, 120, 80], floor=rto.Floor.NONE)[-1].rto,
     Fraction("249.6875")),
    # 9. The same, applying RFC 6298's 1 s minimum: 1000 ms.
    ("RTO after three samples, 1 s floor", lambda: rto.estimate([100, 120, 80])[-1].rto, 1000),
    # 10. Old SRTT 30 ms, new sample 26 ms, alpha 1/8: SRTT = 7/8*30 + 1/8*26 = 26.25 + 3.25 = 29.5.
    ("SRTT after one more sample", lambda: rto.estimate([30, 26])[-1].srtt, Fraction("29.5")),
    # 11. First sample 2 s: RTO = 2 + 4*1 = 6 s (above the floor).
    ("RTO from the first sample", lambda: rto.estimate([2000])[-1].rto, 6000),
    # 12. RTO 1.5 s; three timeouts in a row: 3, 6, then 12 s.
    ("RTO after three timeouts", lambda: rto.backoff(1500, 3)[-1], 12_000),
    # 13. Karn: samples 200 ms, 900 ms (retransmitted), 280 ms. Only 200 and 280 count:
    #     SRTT = 7/8*200 + 1/8*280 = 175 + 35 = 210.
    ("SRTT with Karn's rule", lambda: rto.estimate(rto.karn_samples(
        [rto.Transmission(200), rto.Transmission(900, True), rto.Transmission(280)]))[-1].srtt, 210),
    # 14. Six 1000-byte segments from seq 1; the 3rd (seq 2001) is lost. ACK number of the duplicates: 2001;
    #     how many duplicates: 3 (for 3001, 4001, 5001); bytes held: 3000; ACK after the retransmission: 6001.
    ("duplicate ACKs after a loss", lambda: (lambda run: (run.arrivals[-1].ack, run.dup_acks,
                                                          sum(s.len for s in run.arrivals[-1].buffered),
                                                          run.after_retransmission.ack))(
        transfer.lose_one(1, [1000] * 6, 2)), (2001, 3, 3000, 6001)),
    # 15. Window field 1000 with a window scale of 7: 1000 * 128 = 128000 bytes.
    ("scaled window", lambda: transfer.scaled_window(1000, 7), 128_000),
    # 16. Without window scaling, RTT 10 ms: at most 65535 * 8 bits / 0.01 s = 52,428,000 bit/s.
    ("throughput bound of a 64 KB window", lambda: transfer.window_throughput(65535, 10) * 8, 52_428_000),
    # 17. Reno in bytes, SMSS 1000, FlightSize 8000, third duplicate ACK: ssthresh 4000, cwnd 7000; two more
    #     duplicates: 9000.
    ("fast recovery in bytes", lambda: congestion.fast_recovery_bytes(8000, 1000, 2), (9000, 4000)),
    # 18. Congestion avoidance in bytes: cwnd 10000, SMSS 1000, one ACK: 10000 + 1000*1000/10000 = 10100.
    ("congestion avoidance per ACK", lambda: congestion.avoidance_ack(10_000, 1000), 10_100),
    # 19. Receive buffer 4096 bytes, 3000 arrived, 1000 read: window 4096 - 2000 = 2096.
    ("advertised window", lambda: transfer.advertised_window(4096, 3000, 1000), 2096),
    # 20. Write-write-read with Nagle and a 40 ms delayed ACK, RTT 2 ms: header in at 1 ms, ACK leaves at 41,
    #     back at 42, body in at 43, reply back at 44 ms.
    ("Nagle and delayed ACK stall", lambda: nagle.write_write_read(2, 40).reply_received, 44),
    # 21. CUBIC, W_max 288: K = cbrt(288 * 0.3 / 0.4) = cbrt(216) = 6 s.
    ("CUBIC's K", lambda: round(congestion.cubic_k(288), 9), 6),
]


@pytest.mark.parametrize(("name", "engine", "expected"), EXAM, ids=[name for name, _, _ in EXAM])
def test_exam_question(name: str, engine: Callable[[], object], expected: object) -> None:
    assert engine() == expected


def test_there_are_at_least_twenty() -> None:
    assert len(EXAM) >= 20
