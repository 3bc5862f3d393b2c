"""SM-2 as DESIGN.md states it: fixed vectors worked out by hand, and properties."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tcpquiz.scheduler.sm2 import MIN_EASINESS, SM2State, review

# Worked by hand from EF' = EF + (0.1 - (5-q)(0.08 + (5-q)0.02)):
#   q=5: +0.10   q=4: +0.00   q=3: -0.14   (q<3 leaves EF alone)
# intervals: 1, then 6, then ceil(previous * EF').
VECTORS = [
    # (qualities, expected final (repetitions, easiness, interval))
    ([5], (1, 2.6, 1)),
    ([5, 5], (2, 2.7, 6)),
    ([5, 5, 5], (3, 2.8, 17)),  # ceil(6 * 2.8) = ceil(16.8) = 17
    ([5, 5, 5, 5], (4, 2.9, 50)),  # ceil(17 * 2.9) = ceil(49.3) = 50
    ([4, 4, 4], (3, 2.5, 15)),  # ceil(6 * 2.5) = 15 exactly
    ([3], (1, 2.36, 1)),
    ([3, 3, 3], (3, 2.08, 13)),  # EF 2.36, 2.22, 2.08; ceil(6 * 2.08) = ceil(12.48) = 13
    ([5, 5, 2], (0, 2.7, 1)),  # a lapse resets repetitions, keeps EF
    ([5, 5, 2, 4], (1, 2.7, 1)),  # and the intervals start over
    ([5, 5, 2, 4, 4], (2, 2.7, 6)),
    ([5, 5, 2, 4, 4, 4], (3, 2.7, 17)),  # ceil(6 * 2.7) = ceil(16.2) = 17
    ([0], (0, 2.5, 1)),
    ([3] * 10, (10, 1.3, None)),  # EF floors at 1.3
    # 2.5 - 0.14 * 2 = 2.22, then +0.1 three times... float noise must not add a day:
    ([4, 4, 3, 3, 5, 5], (6, 2.42, None)),
]


def run(qualities: list[int]) -> SM2State:
    state = SM2State()
    for q in qualities:
        state = review(state, q)
    return state


@pytest.mark.parametrize(("qualities", "expected"), VECTORS)
def test_fixed_vectors(qualities: list[int], expected: tuple[int, float, int | None]) -> None:
    state = run(qualities)
    reps, ef, interval = expected
    assert state.repetitions == reps
    assert state.easiness == pytest.approx(ef)
    if interval is not None:
        assert state.interval == interval


def test_interval_has_no_float_noise() -> None:
    # EF 2.2 is not exact in binary: 10 * 2.2 == 22.000000000000004, which a naive ceil makes 23.
    assert review(SM2State(repetitions=2, easiness=2.2, interval=10), 4).interval == 22
    assert review(SM2State(repetitions=5, easiness=2.1, interval=10), 4).interval == 21


def test_start_state() -> None:
    assert SM2State() == SM2State(repetitions=0, easiness=2.5, interval=0)


@pytest.mark.parametrize("quality", [-1, 6, 100, 2.5, "5", True, None])
def test_quality_outside_range_raises(quality: object) -> None:
    with pytest.raises(ValueError):
        review(SM2State(), quality)  # type: ignore[arg-type]


def test_state_is_frozen() -> None:
    with pytest.raises(AttributeError):
        SM2State().interval = 3  # type: ignore[misc]


states = st.builds(
    SM2State,
    repetitions=st.integers(0, 50),
    easiness=st.integers(130, 400).map(lambda x: x / 100),
    interval=st.integers(0, 10_000),
)


@given(states, st.integers(0, 5))
def test_easiness_never_below_floor(state: SM2State, quality: int) -> None:
    assert review(state, quality).easiness >= MIN_EASINESS


@given(states, st.integers(0, 2))
def test_failure_resets_without_touching_easiness(state: SM2State, quality: int) -> None:
    after = review(state, quality)
    assert after.repetitions == 0
    assert after.interval == 1
    assert after.easiness == state.easiness


@given(st.lists(st.integers(3, 5), min_size=1, max_size=30))
def test_good_answers_grow_intervals(qualities: list[int]) -> None:
    state, intervals = SM2State(), []
    for q in qualities:
        state = review(state, q)
        intervals.append(state.interval)
    # 1, 6, then ceil(previous * EF) with EF >= 1.3: each interval longer than the last.
    assert all(later > earlier for earlier, later in pairwise(intervals))
    assert state.repetitions == len(qualities)


@given(st.lists(st.integers(0, 5), max_size=40))
def test_easiness_stays_on_two_decimals(qualities: list[int]) -> None:
    state = run(qualities)
    assert round(state.easiness, 2) == state.easiness
