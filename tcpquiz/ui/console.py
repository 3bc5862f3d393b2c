"""Consoles for standard output and standard error."""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console

from tcpquiz.ui.cjk import enable_cjk_wrapping


@lru_cache(maxsize=1)
def out() -> Console:
    enable_cjk_wrapping()
    return Console(highlight=False, emoji=False)


@lru_cache(maxsize=1)
def err() -> Console:
    enable_cjk_wrapping()
    return Console(stderr=True, highlight=False, emoji=False)
