"""The data-transfer kinds' numeric questions, every choice checked: the answer is worked out here
from the numbers in the prompt with the RFCs' formulas (code written for the test, not the
engine's), and exactly one choice has that value, so no distractor is also right."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from fractions import Fraction

import pytest

from tcpquiz.engine.question import Question
from tcpquiz.engine.questions import LANGS, bank

DRAWS = 30
Solver = Callable[[str, list[float], str], str | float]


def _numbers(text: str) -> list[float]:
    """The prompt's numbers in order, leaving out the RFC numbers it cites."""
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", re.sub(r"RFC \d+", "", text))]


def _value(choice: str) -> float | None:
    match = re.match(r"-?\d+(?:\.\d+)?", choice)
    return float(match.group()) if match else None


def _usable(key: str, n: list[float], _: str) -> float:
    cwnd, rwnd, flight = n[:3]
    return max(0, min(cwnd, rwnd) - flight)


def _slide(key: str, n: list[float], _: str) -> float:
    first, cwnd, rwnd, acked = n[0], n[1], n[2], n[3]
    return first + acked + min(cwnd, rwnd) - 1  # the window starts after the acknowledged ones


def _advertised(key: str, n: list[float], _: str) -> float:
    buffer, arrived, read = n[:3]
    return buffer - (arrived - read)


def _scale(key: str, n: list[float], _: str) -> float:
    shift, field = n[-2], n[-1]
    return field * 2 ** shift  # RFC 7323 section 2.3


def _shift_needed(key: str, n: list[float], _: str) -> float:
    window = n[0]
    return next(shift for shift in range(15) if 65_535 * 2 ** shift >= window)


def _throughput(key: str, n: list[float], _: str) -> float:
    window, rtt_ms = n[0], n[1]
    return round(window * 8 / (rtt_ms / 1000) / 1e6, 2)


def _bdp(key: str, n: list[float], _: str) -> str:
    mbit, rtt_ms = n[0], n[1]
    window = int(mbit * 1e6 / 8 * rtt_ms / 1000)
    return f"{window} bytes; {'scaling needed' if window > 65_535 else 'no scaling needed'}"


def _backoff(key: str, n: list[float], _: str) -> float:
    rto_ms, timeouts = n[0], n[1]
    return min(rto_ms * 2 ** timeouts, 60_000)  # RFC 6298 section 5.5, rule 2.5's maximum


def _karn(key: str, n: list[float], prompt: str) -> float:
    times = [int(x) for x in re.findall(r"(\d+) ms", prompt.split("With Karn")[0])]
    retransmitted = int(key.rsplit("-", 1)[1]) - 1
    samples = [t for i, t in enumerate(times) if i != retransmitted]
    srtt = Fraction(samples[0])  # RFC 6298 section 2.2, then 2.3
    for sample in samples[1:]:
        srtt = Fraction(7, 8) * srtt + Fraction(1, 8) * sample
    return float(srtt)


def _granularity(key: str, n: list[float], _: str) -> float:
    g, r = n[0], n[1]
    return r + max(g, 4 * r / 2)  # SRTT = R, RTTVAR = R/2, RTO = SRTT + max(G, K*RTTVAR)


def _textbook(ssthresh: int, rounds: int) -> list[int]:
    cwnd, out = 1, []
    for _ in range(rounds):
        out.append(cwnd)
        cwnd = min(cwnd * 2, ssthresh) if cwnd < ssthresh else cwnd + 1
    return out


def _with_losses(reno: bool, ssthresh: int, losses: dict[int, str], rounds: int) -> list[tuple[int, int]]:
    """(cwnd, ssthresh) per round, counted in segments as textbooks do (RFC 5681's rules per RTT)."""
    cwnd, out = 1, []
    for number in range(1, rounds + 1):
        out.append((cwnd, ssthresh))
        if number in losses:
            ssthresh = max(cwnd // 2, 2)
            cwnd = ssthresh if reno and losses[number] == "3dup" else 1
        else:
            cwnd = min(cwnd * 2, ssthresh) if cwnd < ssthresh else cwnd + 1
    return out


def _loss_kind(text: str) -> str:
    return "3dup" if text.startswith("three duplicate") else "timeout"


def _two_losses(key: str, n: list[float], prompt: str) -> float:
    ssthresh, first_at, second_at, asked_round = int(n[1]), int(n[2]), int(n[3]), int(n[4])
    kinds = re.findall(r"by (a retransmission timeout|three duplicate ACKs) in round", prompt)
    run = _with_losses("/reno/" in key, ssthresh, {first_at: _loss_kind(kinds[0]), second_at: _loss_kind(kinds[1])},
                       asked_round)
    cwnd, threshold = run[-1]
    return threshold if key.endswith("/ssthresh") else cwnd


def _phase(key: str, n: list[float], prompt: str) -> str:
    ssthresh, loss_at, asked_round = int(n[1]), int(n[2]), int(n[3])
    kind = _loss_kind(re.findall(r"by (a retransmission timeout|three duplicate ACKs)", prompt)[0])
    cwnd, threshold = _with_losses("Reno" in prompt, ssthresh, {loss_at: kind}, asked_round)[-1]
    return "slow start" if cwnd < threshold else "congestion avoidance"


def _lost_last(key: str, n: list[float], prompt: str) -> str:
    last_seq = re.findall(r"\((\d+), \d+ bytes\)", prompt)[-1]
    return f"No duplicate ACK comes: it waits for the RTO, then retransmits seq {last_seq}"


def _no_loss(key: str, n: list[float], _: str) -> float:
    return _textbook(int(n[1]), int(n[2]))[-1]


def _reach(key: str, n: list[float], _: str) -> float:
    ssthresh, target = int(n[1]), int(n[2])
    return _textbook(ssthresh, 100).index(target) + 1


def _total_sent(key: str, n: list[float], _: str) -> float:
    return sum(_textbook(int(n[1]), int(n[2])))


def _iw(key: str, n: list[float], _: str) -> float:
    smss = n[0]  # RFC 5681 section 3.1
    return 2 * smss if smss > 2190 else 3 * smss if smss > 1095 else 4 * smss


def _ss_ack(key: str, n: list[float], _: str) -> float:
    cwnd, smss, acked = n[0], n[1], n[2]
    return cwnd + min(acked, smss)  # equation (2)


def _ca_ack(key: str, n: list[float], _: str) -> float:
    cwnd, smss = n[0], n[1]
    return cwnd + smss * smss // cwnd  # equation (3)


def _ca_round(key: str, n: list[float], _: str) -> float:
    cwnd, smss, acks = int(n[0]), int(n[1]), int(n[2])
    for _ack in range(acks):
        cwnd += max(1, smss * smss // cwnd)
    return cwnd


def _timeout(key: str, n: list[float], _: str) -> float:
    smss, flight = n[0], n[1]
    return smss if key.endswith("/cwnd") else max(flight // 2, 2 * smss)  # equation (4)


def _fast(key: str, n: list[float], prompt: str) -> float:
    smss, flight = n[0], n[1]
    ssthresh = max(flight // 2, 2 * smss)  # RFC 5681 section 3.2, steps 2 to 6
    asked = key.rsplit("/", 1)[1]
    if asked in ("ssthresh", "new-ack"):
        return ssthresh
    if asked == "third":
        return ssthresh + 3 * smss
    return ssthresh + (3 + int(asked.removeprefix("plus-"))) * smss


def _cubic_k(key: str, n: list[float], _: str) -> float:
    w_max = n[-1]
    return round((w_max * (1 - 0.7) / 0.4) ** (1 / 3), 2)  # RFC 9438 section 4.2, equation (2)


def _cubic_window(key: str, n: list[float], _: str) -> float:
    w_max, t = n[2], n[3]
    k = (w_max * (1 - 0.7) / 0.4) ** (1 / 3)
    return round(0.4 * (t - k) ** 3 + w_max, 2)  # equation (1)


def _cubic_reduce(key: str, n: list[float], _: str) -> float:
    return math.floor(n[0] * 0.7)  # section 4.6: ssthresh = cwnd * beta_cubic


def _sends_now(key: str, n: list[float], prompt: str) -> str:
    mss, size, unacked = n[0], n[1], n[2]
    if "TCP_NODELAY" in prompt:
        return "Yes: TCP_NODELAY"
    if size >= mss:
        return "Yes: a full segment"
    return "Yes: nothing is unacknowledged" if unacked == 0 else "No: Nagle holds it"  # RFC 9293 section 3.7.4


SOLVERS: dict[str, Solver] = {
    "window/usable/": _usable, "window/slide/": _slide, "window/advertised/": _advertised,
    "window/scale/actual/": _scale, "window/scale/shift-needed": _shift_needed, "window/throughput/": _throughput,
    "window/bdp": _bdp, "rto/backoff/": _backoff, "rto/karn/": _karn, "rto/granularity": _granularity,
    "cwnd/no-loss/": _no_loss, "cwnd/reach/": _reach, "cwnd/total-sent/": _total_sent, "bytes/iw/": _iw,
    "bytes/slow-start-ack/": _ss_ack, "bytes/avoidance-ack": _ca_ack, "bytes/avoidance-round": _ca_round,
    "bytes/timeout/": _timeout, "bytes/fast-recovery/": _fast, "algo/cubic/k": _cubic_k,
    "algo/cubic/window-at-t": _cubic_window, "algo/cubic/reduce": _cubic_reduce, "nagle/sends-now/": _sends_now,
    **{f"cwnd/{variant}/{first}-then-{second}/": _two_losses for variant in ("tahoe", "reno")
       for first in ("timeout", "3dup") for second in ("timeout", "3dup")},
    "cwnd/tahoe/phase": _phase, "cwnd/reno/phase": _phase, "data/": _lost_last,
}


def _matches(choice: str, expected: str | float) -> bool:
    if isinstance(expected, str):
        return choice.startswith(expected)
    value = _value(choice)
    return value is not None and math.isclose(value, expected, abs_tol=1e-3)


def _solved(question: Question, key: str) -> str | float | None:
    solver = next((solve for prefix, solve in SOLVERS.items() if key.startswith(prefix)), None)
    if solver is None:
        return None
    prompt = question.prompt
    return solver(key, _numbers(prompt), prompt)


def _elsewhere(key: str) -> bool:
    """Checked choice by choice in test_transfer_questions.py: data with a hole, one loss, Nagle's stall."""
    return (key.startswith("data/") and not key.endswith("lost-last")) or key.startswith("nagle/stall/")


def test_every_numeric_question_is_checked_here_or_in_test_transfer_questions() -> None:
    kinds = ("data", "window", "rto", "cwnd", "cwnd-bytes", "cc-algo", "nagle")
    one_loss = re.compile(r"cwnd/(tahoe|reno)/(timeout|3dup)/|rto/\d-samples/")
    for spec in bank("en"):
        if spec.kind in kinds and spec.numeric:
            assert spec.key.startswith(tuple(SOLVERS)) or _elsewhere(spec.key) or one_loss.match(spec.key), spec.key


def test_every_solver_meets_its_questions() -> None:
    keys = [spec.key for spec in bank("en") if spec.numeric]
    for prefix in SOLVERS:
        assert any(key.startswith(prefix) for key in keys), prefix


@pytest.mark.parametrize("prefix", sorted(SOLVERS))
def test_exactly_one_choice_has_the_value_worked_out_from_the_prompt(prefix: str) -> None:
    rng = random.Random(prefix)
    for spec in bank("en"):
        if not (spec.numeric and spec.key.startswith(prefix)) or _elsewhere(spec.key):
            continue
        for _ in range(DRAWS):
            question = spec.make(rng)
            expected = _solved(question, spec.key)
            assert expected is not None
            right = [choice for choice in question.choices if _matches(choice, expected)]
            assert right == [question.right], (spec.key, question.prompt, question.choices, expected)


@pytest.mark.parametrize("lang", LANGS)
def test_the_chinese_questions_key_the_same_values(lang: str) -> None:
    """Same key and seed, same numbers: the keyed value does not depend on the language."""
    en = {spec.key: spec for spec in bank("en") if spec.numeric}
    for spec in bank(lang):
        if spec.key in en and spec.key.startswith(tuple(SOLVERS)):
            mine, theirs = spec.make(random.Random(5)), en[spec.key].make(random.Random(5))
            assert _value(mine.right) == _value(theirs.right), spec.key
