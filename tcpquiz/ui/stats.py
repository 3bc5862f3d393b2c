"""`tcpquiz stats` in the terminal: counts, forecast, heatmap, and progress towards goals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from tcpquiz.i18n import tr, tr_n
from tcpquiz.store.stats import Progress, Stats
from tcpquiz.ui.safe import plain

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


BAR_WIDTH = (4, 16)  # a progress bar narrower than 4 cells says nothing; wider than 16 is no clearer


class _Fitted:
    """A renderable built for the width it is given, so that its tables can keep whole the
    labels that must not wrap and give way where they can."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


def _progress_table(heading: str, rows: list[Progress], lang: str, no_pace: str) -> RenderableType:
    """Progress towards reads or goals: name, bar, done/target and when it will be reached.
    At 80 columns "read once to see when" and "by 2026-12-31 at this pace" stay on one line:
    the bar gives way first (down to BAR_WIDTH[0]), then a long name, cut with "…"."""
    def when(progress: Progress) -> Text:
        if progress.reached:
            return Text(tr(lang, "stats.reached"), style="green")
        if progress.eta is None:
            return Text(tr(lang, no_pace), style="dim")  # no read or tick yet: nothing to extrapolate
        return Text(tr(lang, "stats.by", day=progress.eta.isoformat()))

    headers = (heading, "", tr(lang, "col.reads" if no_pace == "stats.no_pace" else "col.done"), tr(lang, "stats.when"))
    # Names come from notes and the learner: controls made visible, as the console does for a str.
    cells = [(plain(p.name), f"{p.done}/{p.target}", when(p)) for p in rows]

    def build(width: int) -> RenderableType:
        name_width = max([cell_len(headers[0]), *(name.cell_len for name, _, _ in cells)])
        count_width = max([cell_len(headers[2]), *(cell_len(count) for _, count, _ in cells)])
        when_width = max([cell_len(headers[3]), *(text.cell_len for _, _, text in cells)])
        room = width - 2 * len(headers) - count_width - when_width  # padding (0, 1): a cell each side
        bar = max(BAR_WIDTH[0], min(BAR_WIDTH[1], room - name_width))
        table = Table(box=None, padding=(0, 1))
        table.add_column(headers[0], no_wrap=True, overflow="ellipsis", max_width=max(8, room - bar))
        table.add_column(headers[1], no_wrap=True, width=bar)
        table.add_column(headers[2], no_wrap=True, justify="right")
        table.add_column(headers[3], no_wrap=True)
        for (name, count, text), progress in zip(cells, rows):
            table.add_row(name, ProgressBar(total=max(progress.target, 1), completed=min(progress.done, progress.target),
                                            width=bar), count, text)
        return table

    return _Fitted(build)


def _progress(stats: Stats, lang: str) -> RenderableType:
    decks = Table(title=None, box=None, padding=(0, 2), show_edge=False)
    for column in ("deck", "cards", "due", "new"):
        decks.add_column(tr(lang, f"col.{column}"), justify="left" if column == "deck" else "right")
    for deck in stats.decks:
        decks.add_row(deck.name, str(deck.cards), str(deck.due), str(deck.new))

    # A generated deck has no note to read, so no read goal.
    reading = [deck.reads for deck in stats.decks if deck.reads is not None]
    parts: list[RenderableType] = [decks, Text(""), _progress_table(tr(lang, "stats.read_notes"), reading, lang,
                                                                     "stats.no_pace")]
    if stats.goals:
        parts += [Text(""), _progress_table(tr(lang, "stats.your_goals"), list(stats.goals), lang,
                                            "stats.no_pace_goal")]
    return Panel(Group(*parts), title=tr(lang, "stats.decks_goals"), title_align="left")
