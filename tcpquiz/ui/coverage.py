"""`tcpquiz import --report`: per note, the share of its content the cards keep, and each
line in no card with the reason (tcpquiz.notes.coverage measures it)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tcpquiz.wording import plural

if TYPE_CHECKING:
    from rich.console import Console

    from tcpquiz.notes.coverage import Coverage

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # note text is untrusted: no terminal control
SHOWN_TEXT = 60  # characters of a dropped line shown: enough to find it in the note


def _shown(text: str) -> str:
    text = " ".join(_CONTROL.sub("", text).split())
    return text if len(text) <= SHOWN_TEXT else text[:SHOWN_TEXT - 1] + "…"


def print_coverage(console: Console, reports: list[Coverage]) -> None:
    for report in reports:
        source = _shown(report.source) if len(report.source) <= SHOWN_TEXT else _CONTROL.sub("", report.source)
        lost = len(report.lost)
        missing = f" ({plural(lost, 'sentence')} in no card)" if lost else ""
        console.print(f"{source}: {report.share:.0%} of its content is in cards{missing}.", markup=False,
                      soft_wrap=True)
        for dropped in report.dropped:
            console.print(f"  line {dropped.line}: {dropped.reason}: {_shown(dropped.text)}", markup=False,
                          soft_wrap=True)
