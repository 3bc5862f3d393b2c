"""Rich renderables for the review: the card, the answer, the grade keys, the summary."""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from tcpquiz.review.prompt import Prompt
from tcpquiz.review.session import ReviewSession, Summary
from tcpquiz.scheduler.sm2 import QUALITY_LABELS_EN, QUALITY_LABELS_ZH, Quality
from tcpquiz.store.views import CardView


def grade_labels(lang: str) -> dict[Quality, str]:
    return QUALITY_LABELS_ZH if lang == "zh" else QUALITY_LABELS_EN


def header(session: ReviewSession, card: CardView, repeat: bool) -> RenderableType:
    total = session.done + session.remaining
    line = Text.assemble(
        (card.deck, "bold cyan"),
        ("  ·  again, until it scores 4" if repeat else "", "yellow"),
        (f"  ·  {session.done} answered, {session.remaining} to go", "dim"),
    )
    grid = Table.grid()
    grid.add_row(line)
    grid.add_row(ProgressBar(total=max(total, 1), completed=session.done, width=40))
    return grid


def front_panel(prompt: Prompt, card: CardView) -> RenderableType:
    parts: list[RenderableType] = [Markdown(prompt.front)]
    if prompt.choices:
        choices = Table.grid(padding=(0, 1))
        for number, choice in enumerate(prompt.choices, start=1):
            choices.add_row(Text(f"{number}.", style="bold"), Markdown(choice))
        parts += [Text(""), choices]
    return Panel(Group(*parts), title="Question", title_align="left", border_style="cyan",
                 subtitle=card.kind, subtitle_align="right")


def back_panel(prompt: Prompt, card: CardView) -> RenderableType:
    return Panel(Markdown(prompt.back), title="Answer", title_align="left", border_style="green",
                 subtitle=card.source, subtitle_align="right")


def also_in(siblings: list[CardView], key_hint: bool) -> Text:
    decks = ", ".join(dict.fromkeys(card.deck for card in siblings))
    text = Text.assemble(("Also in: ", "bold magenta"), decks)
    if key_hint:
        text.append("  (press o to see their answers)", style="dim")
    return text


def sibling_panels(siblings: list[CardView]) -> RenderableType:
    return Group(*(
        Panel(Markdown(card.back), title=f"{card.deck}: {card.front}", title_align="left", border_style="magenta")
        for card in siblings
    ))


def verdict_panel(prompt: Prompt, chosen: int, quality: int) -> RenderableType:
    right = chosen == prompt.answer
    assert prompt.answer is not None
    title = f"Right: graded {quality}" if right else f"Wrong: the answer is {prompt.answer + 1}; graded {quality}"
    body: list[RenderableType] = [Markdown(f"**{prompt.answer + 1}.** {prompt.choices[prompt.answer]}")]
    if prompt.explanation:
        body += [Text(""), Markdown(prompt.explanation)]
    return Panel(Group(*body), title=title, title_align="left", border_style="green" if right else "red")


def grade_legend(lang: str) -> RenderableType:
    table = Table.grid(padding=(0, 2))
    for quality, label in grade_labels(lang).items():
        style = "red" if quality < 3 else "yellow" if quality < 4 else "green"
        table.add_row(Text(str(int(quality)), style=f"bold {style}"), Text(label))
    return table


def keys_hint(*pairs: tuple[str, str]) -> Text:
    text = Text()
    for index, (key, action) in enumerate(pairs):
        if index:
            text.append("   ")
        text.append(key, style="bold reverse")
        text.append(f" {action}", style="dim")
    return text


def hint(message: str) -> Text:
    return Text(message, style="yellow")


def format_duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def summary_text(summary: Summary) -> str:
    """The session summary as one plain sentence (also used by the scripted review)."""
    if summary.answers == 0:
        head = "No cards answered this time"
    else:
        share = summary.share_correct
        right = f", {share:.0%} right the first time" if share is not None else ""
        head = (f"{summary.seen} card{'s' if summary.seen != 1 else ''} seen in "
                f"{format_duration(summary.seconds)}{right}")
    streak = f"streak {summary.streak} day{'s' if summary.streak != 1 else ''}"
    due = f"next card due {_day(summary.next_due)}" if summary.next_due else "nothing scheduled yet"
    left = f"; {summary.left} left for later" if summary.left else ""
    return f"{head}; {streak}; {due}{left}."


def _day(day: date) -> str:
    return day.isoformat()


def summary_panel(summary: Summary) -> RenderableType:
    return Panel(Text(summary_text(summary)), title="Session summary", title_align="left", border_style="magenta")
