"""Rich renderables for the review: the card, the answer, the grade keys, the summary."""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from tcpquiz.review.prompt import Prompt
from tcpquiz.review.session import ReviewSession, Summary
from tcpquiz.review.text import also_in_decks, summary_text
from tcpquiz.scheduler.sm2 import QUALITY_LABELS_EN, QUALITY_LABELS_ZH, Quality
from tcpquiz.store.views import CardView

# Anything markdown would render differently from plain text: emphasis, code, tables,
# links, HTML, escapes, headings, quotes, lists, and line breaks (paragraphs).
MARKUP = re.compile(r"[*_`|\[\]<>~\\&\n]|^\s*(?:#|>|[-+]\s|\d+[.)]\s)")


def md(text: str) -> RenderableType:
    """Markdown when the text has markup, else plain text: rich's markdown renderer
    costs a fifth of the start-up, and most questions are one plain line."""
    if not MARKUP.search(text):
        return Text(text)
    from rich.markdown import Markdown

    return Markdown(text)


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
    parts: list[RenderableType] = [md(prompt.front)]
    if prompt.choices:
        choices = Table.grid(padding=(0, 1))
        for number, choice in enumerate(prompt.choices, start=1):
            choices.add_row(Text(f"{number}.", style="bold"), md(choice))
        parts += [Text(""), choices]
    # Titles as Text: a str title is parsed as markup (and for emoji codes, whose table
    # costs a tenth of the review's start), and a card's source is the learner's text.
    return Panel(Group(*parts), title=Text("Question"), title_align="left", border_style="cyan",
                 subtitle=Text(card.kind), subtitle_align="right")


def back_panel(prompt: Prompt, card: CardView) -> RenderableType:
    return Panel(md(prompt.back), title=Text("Answer"), title_align="left", border_style="green",
                 subtitle=Text(card.source), subtitle_align="right")


def also_in(siblings: list[CardView], key_hint: bool) -> Text:
    text = Text.assemble(("Also in: ", "bold magenta"), also_in_decks(siblings))
    if key_hint:
        text.append("  (press o to see their answers)", style="dim")
    return text


def sibling_panels(siblings: list[CardView]) -> RenderableType:
    return Group(*(
        Panel(md(card.back), title=f"{card.deck}: {card.front}", title_align="left", border_style="magenta")
        for card in siblings
    ))


def verdict_panel(prompt: Prompt, chosen: int, quality: int) -> RenderableType:
    right = chosen == prompt.answer
    assert prompt.answer is not None
    title = f"Right: graded {quality}" if right else f"Wrong: the answer is {prompt.answer + 1}; graded {quality}"
    body: list[RenderableType] = [md(f"**{prompt.answer + 1}.** {prompt.choices[prompt.answer]}")]
    if prompt.explanation:
        body += [Text(""), md(prompt.explanation)]
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


def summary_panel(summary: Summary) -> RenderableType:
    return Panel(Text(summary_text(summary)), title="Session summary", title_align="left", border_style="magenta")
