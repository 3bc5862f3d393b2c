"""Consoles for standard output and standard error."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rich.console import Console
from rich.text import Text

from tcpquiz.ui.cjk import enable_cjk_wrapping
from tcpquiz.ui.safe import visible


class SafeConsole(Console):
    """A console for text that may come from notes: every string it renders (table
    cells, printed lines) has its terminal controls made visible, and `[...]` in it is
    shown as written, not read as rich markup (the consoles are made with markup off).
    Markdown and Text built elsewhere do not pass through here: see tcpquiz.ui.safe."""

    def render_str(self, text: str, **options: Any) -> Text:
        return super().render_str(visible(text), **options)


@lru_cache(maxsize=1)
def out() -> Console:
    enable_cjk_wrapping()
    return SafeConsole(highlight=False, markup=False, emoji=False)


@lru_cache(maxsize=1)
def err() -> Console:
    enable_cjk_wrapping()
    return SafeConsole(stderr=True, highlight=False, markup=False, emoji=False)
