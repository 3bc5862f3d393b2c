"""The retransmission timer of RFC 6298: SRTT, RTTVAR and RTO from RTT samples, Karn's rule,
exponential backoff.

Arithmetic is exact (fractions of a millisecond), so a worked solution shows the very
numbers a student gets by hand. Three floors are modelled, because questions use all three:
RFC 6298's 1 s (rule 2.4), Linux's 200 ms (TCP_RTO_MIN in include/net/tcp.h), and none at
all, as exam questions that only ask for the formula do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

ALPHA = Fraction(1, 8)  # RFC 6298 section 2: the gain of SRTT
BETA = Fraction(1, 4)  # and of RTTVAR
K = 4
INITIAL_RTO_MS = 1000  # rule 2.1 (RFC 2988 said 3 s)
RFC_MIN_RTO_MS = 1000  # rule 2.4: "SHOULD be rounded up to 1 second"
RFC_MAX_RTO_MS = 60_000  # rule 2.5: a maximum MAY be placed, provided it is at least 60 s
LINUX_MIN_RTO_MS = 200  # TCP_RTO_MIN
LINUX_MAX_RTO_MS = 120_000  # TCP_RTO_MAX


class Floor(StrEnum):
    RFC = "rfc"  # 1 s, rule 2.4
    LINUX = "linux"  # 200 ms
    NONE = "none"  # the bare formula

    @property
    def ms(self) -> int:
        return {Floor.RFC: RFC_MIN_RTO_MS, Floor.LINUX: LINUX_MIN_RTO_MS, Floor.NONE: 0}[self]


@dataclass(frozen=True)
class Estimate:
    """The estimator after some samples; all in milliseconds."""

    srtt: Fraction
    rttvar: Fraction
    raw_rto: Fraction  # SRTT + max(G, K * RTTVAR), before the floor
    rto: Fraction  # after the floor


def rto_from(srtt: Fraction, rttvar: Fraction, granularity_ms: Fraction | int = 0,
             floor: Floor = Floor.RFC) -> tuple[Fraction, Fraction]:
    """(raw RTO, floored RTO): rules 2.2/2.3 and 2.4."""
    raw = srtt + max(Fraction(granularity_ms), K * rttvar)
    return raw, max(raw, Fraction(floor.ms))


def estimate(samples: Iterable[Fraction | int], granularity_ms: Fraction | int = 0,
             floor: Floor = Floor.RFC) -> list[Estimate]:
    """The estimate after each sample in turn (rules 2.2 and 2.3)."""
    out: list[Estimate] = []
    srtt = rttvar = Fraction(0)
    for index, sample in enumerate(samples):
        r = Fraction(sample)
        if r <= 0:
            raise ValueError("an RTT sample must be positive")
        if index == 0:
            srtt, rttvar = r, r / 2
        else:
            # RTTVAR first, with the SRTT from before this sample (rule 2.3 gives the order).
            rttvar = (1 - BETA) * rttvar + BETA * abs(srtt - r)
            srtt = (1 - ALPHA) * srtt + ALPHA * r
        raw, rto = rto_from(srtt, rttvar, granularity_ms, floor)
        out.append(Estimate(srtt, rttvar, raw, rto))
    return out


@dataclass(frozen=True)
class Transmission:
    """One segment's exchange: the RTT measured from its first sending to its ACK, and
    whether it was retransmitted (then the sample is ambiguous)."""

    rtt_ms: int
    retransmitted: bool = False


def karn_samples(exchanges: Sequence[Transmission]) -> list[int]:
    """The samples Karn's rule lets the estimator take: none from a retransmitted segment
    (RFC 6298 section 3; without timestamps)."""
    return [x.rtt_ms for x in exchanges if not x.retransmitted]


def backoff(rto_ms: Fraction | int, timeouts: int, max_ms: int = RFC_MAX_RTO_MS) -> list[Fraction]:
    """The RTO in force after each of `timeouts` expiries: doubled each time (rule 5.5),
    never above the maximum (rule 2.5). Item 0 is the RTO before any expiry."""
    values = [min(Fraction(rto_ms), Fraction(max_ms))]
    for _ in range(timeouts):
        values.append(min(values[-1] * 2, Fraction(max_ms)))
    return values


def fmt_ms(value: Fraction | int) -> str:
    """A millisecond value as a student writes it, exact where six decimals hold it:
    102.5, 1000, 37.8125; else rounded to three."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    if 10**6 % value.denominator == 0:
        return f"{float(value):.6f}".rstrip("0").rstrip(".")
    return f"{float(value):.3f}"
