"""`tcpquiz stats` in the terminal: counts, forecast, heatmap, and progress towards goals."""

from __future__ import annotations

from datetime import date, timedelta

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from tcpquiz.store.stats import Progress, Stats
from tcpquiz.wording import plural

HEAT_STYLES = ("grey23", "green4", "green3", "green1", "bold bright_green")
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def render_stats(stats: Stats) -> RenderableType:
    return Group(_overview(stats), _heatmap(stats.heatmap, stats.today), _progress(stats))


def _overview(stats: Stats) -> RenderableType:
    cards = Table.grid(padding=(0, 2))
    cards.add_column(justify="right", style="bold")
    cards.add_column()
    for state in ("new", "learning", "review", "retired"):
        cards.add_row(str(stats.cards[state]), state)
    retention = "no answers in the last 30 days" if stats.retention is None else f"{stats.retention:.0%}"
    activity = Table.grid(padding=(0, 2))
    activity.add_column(style="dim")
    activity.add_column(style="bold")
    activity.add_row("due today", str(stats.due_today))
    activity.add_row("reviews today", str(stats.reviews_today))
    activity.add_row("reviews in total", str(stats.reviews_total))
    activity.add_row("retention (30 days)", retention)
    activity.add_row("streak", plural(stats.streak, "day"))

    peak = max((n for _, n in stats.forecast), default=0) or 1
    forecast = Table.grid(padding=(0, 1))
    for day, count in stats.forecast:
        label = "today" if day == stats.today else day.strftime("%a %d")
        forecast.add_row(Text(label, style="dim"), Text("█" * round(12 * count / peak), style="cyan"), str(count))

    grid = Table.grid(padding=(0, 4))
    grid.add_row(
        Panel(cards, title="Cards", title_align="left"),
        Panel(activity, title="Activity", title_align="left"),
        Panel(forecast, title="Due, next 7 days", title_align="left"),
    )
    return grid


def _heat_style(count: int, peak: int) -> str:
    if count == 0:
        return HEAT_STYLES[0]
    return HEAT_STYLES[min(len(HEAT_STYLES) - 1, 1 + (count * (len(HEAT_STYLES) - 1) - 1) // max(peak, 1))]


def _heatmap(days: list[tuple[date, int]], today: date) -> RenderableType:
    """Weeks as columns, weekdays as rows, like a contribution calendar."""
    counts = dict(days)
    first = days[0][0] - timedelta(days=days[0][0].weekday())
    weeks = (today - first).days // 7 + 1
    peak = max(counts.values(), default=0)
    table = Table.grid(padding=(0, 0))
    table.add_column(width=4, style="dim")
    for _ in range(weeks):
        table.add_column(width=2)
    for weekday in range(7):
        cells: list[Text] = []
        for week in range(weeks):
            day = first + timedelta(days=week * 7 + weekday)
            if day > today or day not in counts:
                cells.append(Text(""))
            else:
                cells.append(Text("■", style=_heat_style(counts[day], peak)))
        table.add_row(Text(WEEKDAYS[weekday]), *cells)
    legend = Text.assemble(("less ", "dim"), *[("■", s) for s in HEAT_STYLES], (" more", "dim"))
    return Panel(Group(table, legend), title=f"Reviews, last {weeks} weeks", title_align="left", expand=False)


def _progress_row(table: Table, progress: Progress) -> None:
    if progress.reached:
        when = Text("reached", style="green")
    elif progress.eta is None:
        when = Text("no pace yet", style="dim")
    else:
        when = Text(f"by {progress.eta.isoformat()} at this pace")
    table.add_row(
        progress.name,
        ProgressBar(total=max(progress.target, 1), completed=min(progress.done, progress.target), width=24),
        f"{progress.done}/{progress.target}",
        when,
    )


def _progress(stats: Stats) -> RenderableType:
    decks = Table(title=None, box=None, padding=(0, 2), show_edge=False)
    for column in ("deck", "cards", "due", "new"):
        decks.add_column(column, justify="left" if column == "deck" else "right")
    for deck in stats.decks:
        decks.add_row(deck.name, str(deck.cards), str(deck.due), str(deck.new))

    reads = Table(box=None, padding=(0, 2), show_header=True)
    for column in ("read the notes", "", "reads", "goal reached"):
        reads.add_column(column)
    for deck in stats.decks:
        _progress_row(reads, deck.reads)
    parts: list[RenderableType] = [decks, Text(""), reads]
    if stats.goals:
        goals = Table(box=None, padding=(0, 2))
        for column in ("your goals", "", "done", "goal reached"):
            goals.add_column(column)
        for goal in stats.goals:
            _progress_row(goals, goal)
        parts += [Text(""), goals]
    return Panel(Group(*parts), title="Decks and goals", title_align="left")
