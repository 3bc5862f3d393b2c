"""`tcpquiz check`: the statements in the notes that contradict established facts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text

from tcpquiz.facts.check import Finding
from tcpquiz.ui.console import out
from tcpquiz.wording import plural


def render_findings(found: Sequence[tuple[Path, Sequence[Finding]]]) -> None:
    """Each finding under its note: the line, what the note says, the fact and its source.
    Note text goes through rich.Text, which drops terminal control sequences."""
    console = out()
    total = sum(len(findings) for _path, findings in found)
    for path, findings in found:
        if not findings:
            continue
        console.print(Text(str(path), style="bold"))
        for finding in findings:
            source = f"来源：{finding.source}" if finding.lang == "zh" else f"Source: {finding.source}"
            console.print(Text.assemble((f"  line {finding.line}: ", "yellow"), finding.statement))
            console.print(Text.assemble(("    → ", "green"), finding.fact, (f"  {source}", "dim")))
    if not found:  # no notes were found: the errors say why
        return
    if total:
        noted = sum(1 for _path, findings in found if findings)
        console.print(f"{plural(total, 'statement')} in {noted} of {plural(len(found), 'note')} "
                      f"{'contradicts' if total == 1 else 'contradict'} established facts.", markup=False)
    else:
        console.print(f"Nothing in {plural(len(found), 'note')} contradicts the facts this check knows.", markup=False)
