"""Congestion control per RFC 5681 (Tahoe and Reno), and the numbers of CUBIC (RFC 9438).

Two models, because questions use both:

- `rounds()`: the textbook model, counted in segments per RTT ("transmission rounds"), as
  exam questions and the usual textbooks (Xie Xiren's 计算机网络, Kurose & Ross) draw it.
  Slow start doubles cwnd each round but stops at ssthresh; congestion avoidance adds one
  segment a round. A loss seen in round n sets ssthresh = max(floor(cwnd / 2), 2) and the
  next round starts at 1 (a timeout, or any loss in Tahoe) or at the new ssthresh (three
  duplicate ACKs in Reno: fast recovery ends with cwnd = ssthresh). RFC 5681 halves
  FlightSize, not cwnd; with a full window in flight, as these questions assume, they agree.
- The byte model of RFC 5681 itself, per ACK: the initial window of equation (1), slow
  start's `cwnd += min(N, SMSS)` (2), congestion avoidance's `cwnd += SMSS*SMSS/cwnd` (3),
  ssthresh = max(FlightSize / 2, 2*SMSS) (4), and fast recovery's inflation by 3*SMSS and
  one SMSS per further duplicate ACK (section 3.2). Where the two differ, questions say which
  one they use.

Linux differs on purpose: its initial window is 10 segments (RFC 6928), it uses
proportional rate reduction (RFC 6937) instead of inflation in recovery, its slow start
adds every segment an ACK covers (not at most one SMSS per ACK), and its default
congestion module is CUBIC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Variant(StrEnum):
    TAHOE = "tahoe"
    RENO = "reno"


class Loss(StrEnum):
    TIMEOUT = "timeout"  # the retransmission timer expired
    TRIPLE_DUP = "3dup"  # three duplicate ACKs: fast retransmit


class Phase(StrEnum):
    SLOW_START = "slow-start"
    AVOIDANCE = "congestion-avoidance"


MIN_SSTHRESH = 2  # segments: max(FlightSize / 2, 2 * SMSS), RFC 5681 equation (4)
DUPACK_THRESHOLD = 3  # RFC 5681 section 3.2
LINUX_INITIAL_WINDOW = 10  # segments, RFC 6928 (Linux since 2.6.39)
LINUX_DEFAULT = "cubic"  # the default of net.ipv4.tcp_congestion_control since Linux 2.6.19


@dataclass(frozen=True)
class Round:
    number: int  # 1 is the first round
    cwnd: int  # segments sent in this round
    ssthresh: int  # in force during the round
    phase: Phase
    loss: Loss | None  # a loss detected in this round


def after_loss(cwnd: int, loss: Loss, variant: Variant) -> tuple[int, int]:
    """(next round's cwnd, the new ssthresh) after a loss seen with this cwnd."""
    ssthresh = max(cwnd // 2, MIN_SSTHRESH)
    if loss is Loss.TRIPLE_DUP and variant is Variant.RENO:
        return ssthresh, ssthresh
    return 1, ssthresh


def grow(cwnd: int, ssthresh: int) -> int:
    """Next round's cwnd when nothing is lost: doubled in slow start, but not past ssthresh;
    one more segment in congestion avoidance."""
    if cwnd < ssthresh:
        return min(2 * cwnd, ssthresh)
    return cwnd + 1


def phase_of(cwnd: int, ssthresh: int) -> Phase:
    # RFC 5681 section 3.1: slow start while cwnd < ssthresh; at equality either may be used,
    # and the textbook model grows linearly from there.
    return Phase.SLOW_START if cwnd < ssthresh else Phase.AVOIDANCE


def rounds(count: int, ssthresh: int, losses: Mapping[int, Loss] | None = None,
           variant: Variant = Variant.RENO, initial_cwnd: int = 1) -> list[Round]:
    """`count` rounds from the start of a connection. `losses` maps a round number to the
    loss detected in it."""
    if count < 1 or ssthresh < 1 or initial_cwnd < 1:
        raise ValueError("rounds, ssthresh and the initial window must be at least 1")
    losses = losses or {}
    out: list[Round] = []
    cwnd = initial_cwnd
    for number in range(1, count + 1):
        loss = losses.get(number)
        out.append(Round(number, cwnd, ssthresh, phase_of(cwnd, ssthresh), loss))
        if loss is None:
            cwnd = grow(cwnd, ssthresh)
        else:
            cwnd, ssthresh = after_loss(cwnd, loss, variant)
    return out


# -- bytes, per ACK (RFC 5681 section 3) --------------------------------------------------------


def initial_window(smss: int) -> int:
    """IW in bytes, RFC 5681 equation (1) (from RFC 3390)."""
    if smss > 2190:
        return 2 * smss
    if smss > 1095:
        return 3 * smss
    return 4 * smss


def slow_start_ack(cwnd: int, acked: int, smss: int) -> int:
    """Equation (2): cwnd += min(N, SMSS) for an ACK of N new bytes."""
    return cwnd + min(acked, smss)


def avoidance_ack(cwnd: int, smss: int) -> int:
    """Equation (3): cwnd += SMSS*SMSS/cwnd, and at least one byte ("if [it] yields 0, the
    result SHOULD be rounded up to 1 byte")."""
    return cwnd + max(1, smss * smss // cwnd)


def loss_ssthresh(flight_size: int, smss: int) -> int:
    """Equation (4): ssthresh = max(FlightSize / 2, 2*SMSS)."""
    return max(flight_size // 2, 2 * smss)


def timeout_bytes(flight_size: int, smss: int) -> tuple[int, int]:
    """(cwnd, ssthresh) after a retransmission timeout: cwnd = the loss window, 1 SMSS."""
    return smss, loss_ssthresh(flight_size, smss)


def fast_recovery_bytes(flight_size: int, smss: int, extra_dupacks: int = 0) -> tuple[int, int]:
    """(cwnd, ssthresh) during Reno's fast recovery: the third duplicate ACK sets
    cwnd = ssthresh + 3*SMSS (step 2 of section 3.2), each further one adds SMSS (step 4).
    The ACK of new data deflates cwnd to ssthresh (step 6)."""
    ssthresh = loss_ssthresh(flight_size, smss)
    return ssthresh + (DUPACK_THRESHOLD + extra_dupacks) * smss, ssthresh


def avoidance_round_bytes(cwnd: int, smss: int) -> list[int]:
    """cwnd before and after each ACK of one RTT of congestion avoidance, every full segment
    ACKed on its own: cwnd / SMSS ACKs, each adding SMSS*SMSS/cwnd of the cwnd at that
    moment. The sum is a little under one SMSS, which the per-round model rounds to one."""
    values = [cwnd]
    for _ in range(cwnd // smss):
        values.append(avoidance_ack(values[-1], smss))
    return values


# -- CUBIC (RFC 9438 section 4) ----------------------------------------------------------------

CUBIC_C = 0.4  # section 4: C = 0.4
CUBIC_BETA = 0.7  # section 4.6: beta_cubic = 0.7 (Reno's is 0.5)


def cubic_k(w_max: float, c: float = CUBIC_C, beta: float = CUBIC_BETA) -> float:
    """K, in seconds: the time CUBIC takes to grow back to W_max. Equation (2) is
    K = cbrt((W_max - cwnd_epoch) / C); right after a reduction cwnd_epoch = beta * W_max,
    which gives cbrt(W_max * (1 - beta) / C), with the window in segments."""
    return float((w_max * (1 - beta) / c) ** (1 / 3))


def cubic_window(t: float, w_max: float, c: float = CUBIC_C, beta: float = CUBIC_BETA) -> float:
    """W_cubic(t) = C * (t - K)^3 + W_max, equation (1), t seconds after the reduction."""
    k = cubic_k(w_max, c, beta)
    return c * (t - k) ** 3 + w_max


# -- NewReno's fast recovery (RFC 6582 section 3.2) ----------------------------------------------


def newreno_ack(acks_new_data: bool, covers_recover: bool) -> str:
    """How fast recovery reads an ACK: "duplicate" (nothing new acknowledged), "partial" (new
    data, but short of `recover`, the highest sequence number sent when recovery began) or
    "full" (everything up to and including `recover`)."""
    if not acks_new_data:
        return "duplicate"
    return "full" if covers_recover else "partial"


def newreno_response(kind: str) -> str:
    """What the sender does: a duplicate ACK inflates cwnd by SMSS and it stays in recovery;
    a partial ACK retransmits the first unacknowledged segment at once, deflates cwnd by what
    was acknowledged, and it stays; a full ACK sets cwnd to ssthresh (or less) and ends it."""
    return {"duplicate": "inflate and stay", "partial": "retransmit the first unacknowledged segment and stay",
            "full": "set cwnd to ssthresh and leave"}[kind]


# -- CUBIC's Reno-friendly region (RFC 9438 section 4.3) -------------------------------------------

CUBIC_ALPHA = 3 * (1 - CUBIC_BETA) / (1 + CUBIC_BETA)  # W_est's growth per RTT, so it matches Reno's average


def reno_estimate(t: float, w_max: float, rtt: float) -> float:
    """W_est, t seconds after a reduction, with a steady RTT in seconds: it starts at
    cwnd_epoch = beta * W_max and grows by alpha_cubic segments per RTT."""
    return CUBIC_BETA * w_max + CUBIC_ALPHA * t / rtt


def cubic_cwnd(t: float, w_max: float, rtt: float) -> float:
    """The window CUBIC uses: W_est where it exceeds W_cubic (the Reno-friendly region), so
    CUBIC is never slower than Reno would be; W_cubic otherwise."""
    return max(cubic_window(t, w_max), reno_estimate(t, w_max, rtt))
