"""A small pager for `tcpquiz read`: it must know whether the reader reached the end,
which an external pager such as less cannot tell us."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.text import Text

from tcpquiz.i18n import tr
from tcpquiz.ui.keys import RESIZE
from tcpquiz.ui.safe import plain

NEXT_PAGE = {" ", "f", "\x1b[6~", "\x1b[C"}  # space, f, Page Down, Right
NEXT_LINE = {"\r", "\n", "j", "\x1b[B"}  # Enter, j, Down
PREVIOUS_PAGE = {"b", "\x1b[5~", "\x1b[D"}  # b, Page Up, Left
PREVIOUS_LINE = {"k", "\x1b[A"}  # k, Up
QUIT = {"q", "Q", "\x1b"}


def page(console: Console, renderable: RenderableType, title: str, read_key: Callable[[], str],
         lang: str = "en") -> bool:
    """Show `renderable` a screen at a time. Returns True if the reader reached the end."""
    lines = console.render_lines(renderable, console.options.update(height=None), pad=False)
    height = max(3, console.size.height - 1)
    top, last_top = 0, max(0, len(lines) - height)
    reached_end = last_top == 0
    with console.screen(hide_cursor=True):
        while True:
            reached_end = reached_end or top >= last_top
            console.clear()
            for line in lines[top : top + height]:
                console.print(_join(line), no_wrap=True, crop=True)
            shown = min(len(lines), top + height)
            status = f" {title} — {tr(lang, 'pager.lines', shown=shown, total=len(lines))}"
            status += f" — {tr(lang, 'pager.end' if top >= last_top else 'pager.keys')}"
            console.print(plain(status, style="reverse"), end="")  # the title is a deck name
            key = read_key()
            if key == RESIZE:  # lay the text out again for the new size, keeping the place
                share = top / max(1, len(lines))
                lines = console.render_lines(renderable, console.options.update(height=None), pad=False)
                height = max(3, console.size.height - 1)
                last_top = max(0, len(lines) - height)
                top = min(last_top, round(share * len(lines)))
                continue
            if top >= last_top and key not in PREVIOUS_PAGE | PREVIOUS_LINE:
                return True
            if key in QUIT:
                return reached_end
            if key in NEXT_PAGE:
                top = min(last_top, top + height)
            elif key in NEXT_LINE:
                top = min(last_top, top + 1)
            elif key in PREVIOUS_PAGE:
                top = max(0, top - height)
            elif key in PREVIOUS_LINE:
                top = max(0, top - 1)


def _join(line: list[Segment]) -> Text:
    text = Text()
    for segment in line:
        if not segment.control:
            text.append(segment.text, style=segment.style)
    return text
