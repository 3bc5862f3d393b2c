"""Rich renderings for the engine's commands: the state table, sequence diagrams, questions."""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from tcpquiz.engine.diagram import Line
from tcpquiz.engine.fsm import Transition
from tcpquiz.engine.question import Question
from tcpquiz.i18n import tr

STYLES = {"": "", "title": "bold", "dim": "dim", "state": "bold cyan", "arrow": "green", "lost": "bold red",
          "note": "italic yellow"}


def fsm_table(rows: Iterable[Transition], lang: str) -> Table:
    zh = lang == "zh"
    table = Table(
        caption=("RFC 拒绝的调用（例如在 TIME-WAIT 中 CLOSE）会返回错误，不在表中。" if zh else
                 "Calls RFC 9293 refuses, such as CLOSE in TIME-WAIT, raise an error and are not listed."),
        caption_justify="left", show_lines=False, padding=(0, 1),
        box=box.SIMPLE_HEAD,  # no side borders: the explanation needs the width on 80 columns
    )
    for header in (tr(lang, "fsm.state"), tr(lang, "fsm.event"), tr(lang, "fsm.next"), tr(lang, "fsm.sends"),
                   "RFC 9293"):
        table.add_column(header, no_wrap=True)
    table.add_column("说明" if zh else "why", overflow="fold", ratio=1)
    previous = None
    for row in rows:
        if previous is not None and row.state is not previous:
            table.add_section()
        previous = row.state
        state = f"{row.state}\n({tr(lang, f'fsm.{row.origin}')})" if row.origin else str(row.state)
        following = Text(str(row.next), style="bold")
        if row.ignored:
            following = Text("丢弃" if zh else "dropped", style="dim")
        table.add_row(state, row.event.value + _conditions(row), following, row.send or "—", row.rfc, row.why(lang))
    return table


def _conditions(row: Transition, separator: str = "\n") -> str:
    """The conditions besides the origin that pick this row: "seq=in-window", each after `separator`."""
    return "".join(f"{separator}{name}={value}" for name, value in row.when)


def _cited(rfc: str) -> str:
    """An RFC 9293 section number with the RFC's name, any other source as it is."""
    return f"RFC 9293 {rfc}" if rfc[:1].isdigit() else rfc


WIDE_ENOUGH_FOR_TABLE = 110


def fsm_view(rows: Iterable[Transition], lang: str, width: int) -> RenderableType:
    """The table on a wide terminal; on a narrow one, a list with each explanation on its own line."""
    rows = list(rows)
    if width >= WIDE_ENOUGH_FOR_TABLE:
        return fsm_table(rows, lang)
    zh = lang == "zh"
    lines: list[RenderableType] = []
    previous = None
    for row in rows:
        if row.state is not previous:
            lines.append(Text(f"\n{row.state}", style="bold cyan"))
            previous = row.state
        origin = f" ({tr(lang, f'fsm.{row.origin}')})" if row.origin else ""
        following = ("丢弃" if zh else "dropped") if row.ignored else str(row.next)
        sends = row.send or "—"
        lines.append(Text.assemble(
            f"  {row.event.value}{origin}{_conditions(row, ' ')} → ", (following, "bold"),
            (f"   {'发送' if zh else 'sends'} {sends}, {_cited(row.rfc)}", "dim"),
        ))
        lines.append(Padding(Text(row.why(lang)), (0, 0, 0, 6)))
    lines.append(Text("\n" + ("RFC 拒绝的调用（例如在 TIME-WAIT 中 CLOSE）会返回错误，不在表中。" if zh else
                              "Calls RFC 9293 refuses, such as CLOSE in TIME-WAIT, raise an error and are not listed."),
                      style="dim"))
    return Group(*lines)


def print_diagram(console: Console, lines: list[Line]) -> None:
    for line in lines:
        text = Text.assemble(*((part, STYLES.get(style, "")) for part, style in line))
        console.print(text, soft_wrap=True, overflow="ignore", crop=False)


def questions_view(questions: list[Question]) -> RenderableType:
    from rich.markdown import Markdown  # markdown-it and all: only the questions need it, not fsm or simulate

    parts: list[RenderableType] = []
    for number, question in enumerate(questions, start=1):
        answer_word = "答案：" if question.lang == "zh" else "Answer: "
        parts.append(Rule(f"{number}. {question.key}", align="left", style="dim"))
        parts.append(Markdown(question.prompt))
        choices = Table.grid(padding=(0, 1))
        for index, choice in enumerate(question.choices, start=1):
            choices.add_row(Text(f"{index}.", style="bold"), Markdown(choice))
        parts += [Text(""), choices, Text("")]
        parts.append(Markdown(f"**{answer_word}{question.answer + 1}.** {question.right}"))
        parts.append(Markdown(question.explanation, style="dim"))
        parts.append(Text(""))
    return Group(*parts)
