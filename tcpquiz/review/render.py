"""Rich renderables for the review: the card, the answer, the grade keys, the summary."""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from tcpquiz.facts.flags import flag_lines
from tcpquiz.formulas import for_terminal, might_hold_math
from tcpquiz.i18n import kind_name, tr
from tcpquiz.review.prompt import Prompt
from tcpquiz.review.session import ReviewSession, Summary
from tcpquiz.review.text import also_in_decks, summary_text
from tcpquiz.scheduler.sm2 import QUALITY_LABELS_EN, QUALITY_LABELS_ZH, Quality
from tcpquiz.store.views import CardView
from tcpquiz.ui.safe import plain, visible

# Anything markdown would render differently from plain text: emphasis, code, tables,
# links, HTML, escapes, headings, quotes, lists, and line breaks (paragraphs).
MARKUP = re.compile(r"[*_`|\[\]<>~\\&\n]|^\s*(?:#|>|[-+]\s|\d+[.)]\s)")


def md(text: str) -> RenderableType:
    """Markdown when the text has markup, else plain text: rich's markdown renderer
    costs a fifth of the start-up, and most questions are one plain line. Terminal
    controls in the text are made visible either way (tcpquiz.ui.safe)."""
    text = visible(text)
    if might_hold_math(text):
        text = for_terminal(text)
    if not MARKUP.search(text):
        return Text(text)
    from rich.markdown import Markdown

    return Markdown(text)


def grade_labels(lang: str) -> dict[Quality, str]:
    return QUALITY_LABELS_ZH if lang == "zh" else QUALITY_LABELS_EN


def header(session: ReviewSession, card: CardView, repeat: bool, lang: str = "en") -> RenderableType:
    total = session.done + session.remaining
    line = Text.assemble(
        (visible(card.deck), "bold cyan"),
        (f"  ·  {tr(lang, 'review.again')}" if repeat else "", "yellow"),
        (f"  ·  {tr(lang, 'review.progress', done=session.done, left=session.remaining)}", "dim"),
    )
    grid = Table.grid()
    grid.add_row(line)
    grid.add_row(ProgressBar(total=max(total, 1), completed=session.done, width=40))
    return grid


def front_panel(prompt: Prompt, card: CardView, lang: str = "en") -> RenderableType:
    parts: list[RenderableType] = [md(prompt.front)]
    if prompt.choices:
        choices = Table.grid(padding=(0, 1))
        for number, choice in enumerate(prompt.choices, start=1):
            choices.add_row(Text(f"{number}.", style="bold"), md(choice))
        parts += [Text(""), choices]
    # Titles as Text: a str title is parsed as markup (and for emoji codes, whose table
    # costs a tenth of the review's start), and a card's source is the learner's text.
    return Panel(Group(*parts), title=Text(tr(lang, "review.question")), title_align="left", border_style="cyan",
                 subtitle=plain(kind_name(card.kind, lang)), subtitle_align="right")


def back_panel(prompt: Prompt, card: CardView, lang: str = "en") -> RenderableType:
    body: list[RenderableType] = [md(prompt.back)]
    # A card from the learner's notes that repeats a known mistake says so on its answer side.
    body += [Text(line, style="bold yellow") for line in flag_lines(card.extra.get("flags"))]
    return Panel(Group(*body), title=Text(tr(lang, "review.answer")), title_align="left", border_style="green",
                 subtitle=plain(card.source), subtitle_align="right")


def also_in(siblings: list[CardView], key_hint: bool, lang: str = "en") -> Text:
    text = Text.assemble((tr(lang, "review.also_in"), "bold magenta"), visible(also_in_decks(siblings)))
    if key_hint:
        text.append(tr(lang, "review.also_in_key"), style="dim")
    return text


def sibling_panels(siblings: list[CardView]) -> RenderableType:
    return Group(*(
        Panel(md(card.back), title=plain(f"{card.deck}: {card.front}"), title_align="left", border_style="magenta")
        for card in siblings
    ))


def verdict_panel(prompt: Prompt, chosen: int, quality: int, lang: str = "en") -> RenderableType:
    right = chosen == prompt.answer
    assert prompt.answer is not None
    title = (tr(lang, "review.right", quality=quality) if right else
             tr(lang, "review.wrong", answer=prompt.answer + 1, quality=quality))
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


def summary_panel(summary: Summary, lang: str = "en") -> RenderableType:
    return Panel(Text(summary_text(summary, lang)), title=tr(lang, "review.summary_title"), title_align="left",
                 border_style="magenta")
