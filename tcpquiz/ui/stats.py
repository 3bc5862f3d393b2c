"""`tcpquiz stats` in the terminal: counts, forecast, heatmap, and progress towards goals."""

from __future__ import annotations

from datetime import date, timedelta

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from tcpquiz.i18n import tr, tr_n
from tcpquiz.store.stats import Progress, Stats

HEAT_STYLES = ("grey23", "green4", "green3", "green1", "bold bright_green")
# Without colour (NO_COLOR, a pipe) the levels are told apart by shade, least to most.
HEAT_SHADES = ("·", "░", "▒", "▓", "█")
WEEKDAY_ROWS = (0, 2, 4, 6)  # Mon, Wed, Fri, Sun are labelled, like a contribution calendar


def render_stats(stats: Stats, lang: str = "en", color: bool = True) -> RenderableType:
    return Group(_overview(stats, lang), _heatmap(stats.heatmap, stats.today, lang, color), _progress(stats, lang))


def _overview(stats: Stats, lang: str) -> RenderableType:
    cards = Table.grid(padding=(0, 2))
    cards.add_column(justify="right", style="bold")
    cards.add_column()
    for state in ("new", "learning", "review", "retired"):
        cards.add_row(str(stats.cards[state]), tr(lang, f"state.{state}"))
    retention = tr(lang, "stats.no_retention") if stats.retention is None else f"{stats.retention:.0%}"
    activity = Table.grid(padding=(0, 2))
    activity.add_column(style="dim", no_wrap=True)
    activity.add_column(style="bold", no_wrap=True)
    activity.add_row(tr(lang, "stats.due_today"), str(stats.due_today))
    activity.add_row(tr(lang, "stats.reviews_today"), str(stats.reviews_today))
    activity.add_row(tr(lang, "stats.reviews_total"), str(stats.reviews_total))
    activity.add_row(tr(lang, "stats.retention"), retention)
    activity.add_row(tr(lang, "stats.streak"), tr_n(lang, "stats.days", stats.streak))

    peak = max((n for _, n in stats.forecast), default=0) or 1
    forecast = Table.grid(padding=(0, 1))
    for day, count in stats.forecast:
        label = tr(lang, "stats.today") if day == stats.today else _day_label(day, lang)
        forecast.add_row(Text(label, style="dim"), Text("█" * round(8 * count / peak), style="cyan"), str(count))

    # Two spaces between the panels: the three fit 80 columns with their labels whole.
    grid = Table.grid(padding=(0, 2))
    grid.add_row(
        Panel(cards, title=tr(lang, "stats.cards"), title_align="left"),
        Panel(activity, title=tr(lang, "stats.activity"), title_align="left"),
        Panel(forecast, title=tr(lang, "stats.forecast"), title_align="left"),
    )
    return grid


def _day_label(day: date, lang: str) -> str:
    if lang == "zh":
        return f"{day.month}月{day.day}日"
    return day.strftime("%a %d")


def _heat_level(count: int, peak: int) -> int:
    if count == 0:
        return 0
    return min(len(HEAT_STYLES) - 1, 1 + (count * (len(HEAT_STYLES) - 1) - 1) // max(peak, 1))


def _heat_cell(level: int, color: bool) -> Text:
    return Text("■", style=HEAT_STYLES[level]) if color else Text(HEAT_SHADES[level])


def _heatmap(days: list[tuple[date, int]], today: date, lang: str, color: bool = True) -> RenderableType:
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
                cells.append(_heat_cell(_heat_level(counts[day], peak), color))
        label = tr(lang, f"weekday.{weekday}") if weekday in WEEKDAY_ROWS else ""
        table.add_row(Text(label), *cells)
    legend = Text.assemble((tr(lang, "stats.less"), "dim"),
                           *[_heat_cell(level, color) for level in range(len(HEAT_STYLES))],
                           (tr(lang, "stats.more"), "dim"))
    return Panel(Group(table, legend), title=tr(lang, "stats.heatmap", weeks=weeks), title_align="left",
                 expand=False)


def _progress_row(table: Table, progress: Progress, lang: str, no_pace: str) -> None:
    if progress.reached:
        when = Text(tr(lang, "stats.reached"), style="green")
    elif progress.eta is None:
        when = Text(tr(lang, no_pace), style="dim")  # no read or tick yet: nothing to extrapolate
    else:
        when = Text(tr(lang, "stats.by", day=progress.eta.isoformat()))
    table.add_row(
        progress.name,
        ProgressBar(total=max(progress.target, 1), completed=min(progress.done, progress.target), width=16),
        f"{progress.done}/{progress.target}",
        when,
    )


def _progress(stats: Stats, lang: str) -> RenderableType:
    decks = Table(title=None, box=None, padding=(0, 2), show_edge=False)
    for column in ("deck", "cards", "due", "new"):
        decks.add_column(tr(lang, f"col.{column}"), justify="left" if column == "deck" else "right")
    for deck in stats.decks:
        decks.add_row(deck.name, str(deck.cards), str(deck.due), str(deck.new))

    reads = Table(box=None, padding=(0, 2), show_header=True)
    for column in (tr(lang, "stats.read_notes"), "", tr(lang, "col.reads"), tr(lang, "stats.when")):
        reads.add_column(column)
    for deck in stats.decks:
        if deck.reads is not None:  # a generated deck has no note to read
            _progress_row(reads, deck.reads, lang, "stats.no_pace")
    parts: list[RenderableType] = [decks, Text(""), reads]
    if stats.goals:
        goals = Table(box=None, padding=(0, 2))
        for column in (tr(lang, "stats.your_goals"), "", tr(lang, "col.done"), tr(lang, "stats.when")):
            goals.add_column(column)
        for goal in stats.goals:
            _progress_row(goals, goal, lang, "stats.no_pace_goal")
        parts += [Text(""), goals]
    return Panel(Group(*parts), title=tr(lang, "stats.decks_goals"), title_align="left")
