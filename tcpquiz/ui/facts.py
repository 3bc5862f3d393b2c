"""`tcpquiz check`: the statements in the notes that contradict established facts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text

from tcpquiz.facts.check import Finding
from tcpquiz.i18n import tr, tr_n
from tcpquiz.ui.console import out


def render_findings(found: Sequence[tuple[Path, Sequence[Finding]]], lang: str = "en") -> None:
    """Each finding under its note: the line, what the note says, the fact and its source
    (the fact in the note's language, the labels and the summary in the study language `lang`).
    Note text goes through rich.Text, which drops terminal control sequences."""
    console = out()
    total = sum(len(findings) for _path, findings in found)
    for path, findings in found:
        if not findings:
            continue
        console.print(Text(str(path), style="bold"))
        for finding in findings:
            source = tr(finding.lang, "check.source", source=finding.source)  # beside the fact, in its language
            console.print(Text.assemble((tr(lang, "check.line", line=finding.line), "yellow"), finding.statement))
            console.print(Text.assemble(("    → ", "green"), finding.fact, (f"  {source}", "dim")))
    if not found:  # no notes were found: the errors say why
        return
    if total:
        noted = sum(1 for _path, findings in found if findings)
        notes = tr_n(lang, "check.notes", len(found))
        console.print(tr_n(lang, "check.found", total, noted=noted, notes=notes), markup=False)
    else:
        console.print(tr_n(lang, "check.none", len(found)), markup=False)
