"""The study day. It rolls over at 04:00 local time, so a session that runs past
midnight still counts for the evening it began (DESIGN.md, "SM-2")."""

from __future__ import annotations

from datetime import date, datetime, timedelta

ROLLOVER_HOUR = 4


def study_day(moment: datetime) -> date:
    """The study day a moment belongs to, given as a timezone-aware datetime.

    The moment is read in its own timezone: pass local time (`datetime.now().astimezone()`),
    or a UTC datetime converted with `.astimezone()`.
    """
    if moment.tzinfo is None:
        raise ValueError("study_day needs a timezone-aware datetime")
    return (moment - timedelta(hours=ROLLOVER_HOUR)).date()


def due_day(reviewed_on: date, interval: int) -> date:
    """The study day a card next comes due after an answer on `reviewed_on`."""
    return reviewed_on + timedelta(days=interval)
