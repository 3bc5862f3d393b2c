"""Plain-text pieces of the review, shared by the rich rendering and the scripted review."""

from __future__ import annotations

from tcpquiz.i18n import tr, tr_n
from tcpquiz.review.session import Summary
from tcpquiz.store.views import CardView


def format_duration(seconds: float, lang: str = "en") -> str:
    """"1m 05s" or "5s"; in Chinese "1 分 05 秒" or "5 秒"."""
    minutes, secs = divmod(round(seconds), 60)
    if minutes:
        return tr(lang, "duration.minutes", minutes=minutes, seconds=f"{secs:02d}")
    return tr(lang, "duration.seconds", seconds=secs)


def also_in_decks(siblings: list[CardView]) -> str:
    return ", ".join(dict.fromkeys(card.deck for card in siblings))


def summary_text(summary: Summary, lang: str = "en") -> str:
    """The session summary as one sentence, in the study language."""
    if summary.answers == 0:
        head = tr(lang, "summary.none")
    else:
        share = summary.share_correct
        right = tr(lang, "summary.right", share=f"{share:.0%}") if share is not None else ""
        head = tr(lang, "summary.seen_in", cards=tr_n(lang, "summary.seen", summary.seen),
                  time=format_duration(summary.seconds, lang)) + right
    streak = tr_n(lang, "summary.streak", summary.streak)
    due = (tr(lang, "summary.next_due", day=summary.next_due.isoformat()) if summary.next_due
           else tr(lang, "summary.nothing_scheduled"))
    left = tr(lang, "summary.left", n=summary.left) if summary.left else ""
    end = "。" if lang == "zh" else "."
    separator = "；" if lang == "zh" else "; "
    return f"{head}{separator}{streak}{separator}{due}{left}{end}"
