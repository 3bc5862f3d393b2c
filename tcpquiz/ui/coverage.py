"""`tcpquiz import --report`: per note, the share of its content the cards keep, and each
line in no card with the reason (tcpquiz.notes.coverage measures it)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tcpquiz.i18n import TEXTS, tr, tr_n
from tcpquiz.notes.classify import NotContent

if TYPE_CHECKING:
    from rich.console import Console

    from tcpquiz.notes.coverage import Coverage

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # note text is untrusted: no terminal control
_LENGTH = re.compile(r"\(?(\d+) lines?\)?")
SHOWN_TEXT = 60  # characters of a dropped line shown: enough to find it in the note


def _shown(text: str) -> str:
    text = " ".join(_CONTROL.sub("", text).split())
    return text if len(text) <= SHOWN_TEXT else text[:SHOWN_TEXT - 1] + "…"


def print_coverage(console: Console, reports: list[Coverage], lang: str = "en") -> None:
    """Each report in the study language `lang`; the notes' own lines as they are."""
    for report in reports:
        source = _shown(report.source) if len(report.source) <= SHOWN_TEXT else _CONTROL.sub("", report.source)
        lost = len(report.lost)
        missing = tr_n(lang, "coverage.missing", lost) if lost else ""
        console.print(tr(lang, "coverage.share", source=source, share=f"{report.share:.0%}", missing=missing),
                      markup=False, soft_wrap=True)
        for dropped in report.dropped:
            reason = f"reason.{dropped.reason}"
            # A code block and front matter are shown by their length, "(12 lines)" (tcpquiz.notes.coverage),
            # which Chinese says in its own words.
            block = _LENGTH.fullmatch(dropped.text) if dropped.reason in (NotContent.CODE, NotContent.FRONT_MATTER) \
                else None
            text = tr_n(lang, "coverage.code", int(block.group(1))) if block and lang == "zh" else _shown(dropped.text)
            console.print(tr(lang, "coverage.line", line=dropped.line,
                             reason=tr(lang, reason) if reason in TEXTS else dropped.reason, text=text),
                          markup=False, soft_wrap=True)
