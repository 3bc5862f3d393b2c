"""Plain-text pieces of the review, shared by the rich rendering and the scripted review."""

from __future__ import annotations

from tcpquiz.review.session import Summary
from tcpquiz.store.views import CardView
from tcpquiz.wording import plural


def format_duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def also_in_decks(siblings: list[CardView]) -> str:
    return ", ".join(dict.fromkeys(card.deck for card in siblings))


def summary_text(summary: Summary) -> str:
    """The session summary as one sentence."""
    if summary.answers == 0:
        head = "No cards answered this time"
    else:
        share = summary.share_correct
        right = f", {share:.0%} right the first time" if share is not None else ""
        head = (f"{plural(summary.seen, 'card')} seen in "
                f"{format_duration(summary.seconds)}{right}")
    streak = f"streak {plural(summary.streak, 'day')}"
    due = f"next card due {summary.next_due.isoformat()}" if summary.next_due else "nothing scheduled yet"
    left = f"; {summary.left} left for later" if summary.left else ""
    return f"{head}; {streak}; {due}{left}."
