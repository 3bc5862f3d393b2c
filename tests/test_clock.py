"""The study day rolls over at 04:00 local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tcpquiz.scheduler.clock import due_day, study_day

UTC8 = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("2026-11-21T09:00", date(2026, 11, 21)),
        ("2026-11-21T23:59", date(2026, 11, 21)),
        ("2026-11-22T00:30", date(2026, 11, 21)),  # a late session still counts for the evening
        ("2026-11-22T03:59", date(2026, 11, 21)),
        ("2026-11-22T04:00", date(2026, 11, 22)),
    ],
)
def test_rollover_at_four(local: str, expected: date) -> None:
    assert study_day(datetime.fromisoformat(local).replace(tzinfo=UTC8)) == expected


def test_rollover_uses_the_moments_own_timezone() -> None:
    moment = datetime(2026, 11, 21, 19, 0, tzinfo=UTC)  # 03:00 next day in UTC+8
    assert study_day(moment) == date(2026, 11, 21)
    assert study_day(moment.astimezone(UTC8)) == date(2026, 11, 21)
    assert study_day(moment.astimezone(timezone(timedelta(hours=9)))) == date(2026, 11, 22)


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError):
        study_day(datetime(2026, 11, 21, 12))


def test_due_day() -> None:
    assert due_day(date(2026, 12, 30), 6) == date(2027, 1, 5)
