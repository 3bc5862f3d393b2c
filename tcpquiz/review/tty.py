"""The interactive review: one keypress per action, rendered with rich.

Keys: space or enter shows the answer; 0-5 grades it; on a multiple-choice card
the number of a choice answers it; o shows how other decks answer the same
question; u undoes the last answer; q quits.
Ctrl-C also quits; every answer given so far is already saved.
"""

from __future__ import annotations

import random
import time

import typer
from rich.console import Console

from tcpquiz.i18n import tr
from tcpquiz.review import render
from tcpquiz.review.prompt import Prompt, auto_grade, prompt_for
from tcpquiz.review.session import Item, Outcome, ReviewSession

REVEAL_KEYS = {" ", "\r", "\n"}
QUIT_KEYS = {"q", "Q", "\x1b"}
UNDO_KEYS = {"u", "U"}
SIBLING_KEYS = {"o", "O"}  # other decks' answers to the same question


class _Quit(Exception):
    pass


class _Undo(Exception):
    pass


def read_key() -> str:
    return typer.getchar()


def run(session: ReviewSession, console: Console, *, lang: str, hesitation_seconds: float,
        rng: random.Random | None = None) -> Outcome:
    rng = rng or random.Random()
    notice = None  # a hint shown under the next card's header (the screen is cleared per card)
    try:
        while (item := session.current) is not None:
            try:
                _ask(session, item, console, lang, hesitation_seconds, rng, notice)
                notice = None
            except _Undo:
                notice = None if session.undo() else tr(lang, "hint.nothing_to_undo")
        return Outcome.FINISHED
    except _Quit:
        return Outcome.QUIT
    except (KeyboardInterrupt, EOFError) as exc:
        return Outcome.INTERRUPTED if isinstance(exc, KeyboardInterrupt) else Outcome.QUIT


def _ask(session: ReviewSession, item: Item, console: Console, lang: str, hesitation: float,
         rng: random.Random, notice: str | None = None) -> None:
    prompt = prompt_for(item.card, rng)
    console.clear()
    console.print(render.header(session, item.card, item.repeat, lang))
    if notice:
        console.print(render.hint(notice))
    console.print(render.front_panel(prompt, item.card, lang))
    shown = time.monotonic()
    if prompt.auto_graded:
        _ask_choice(session, prompt, console, lang, shown, hesitation)
        return
    console.print(render.keys_hint((tr(lang, "key.space"), tr(lang, "key.show")), *_undo_quit(lang)))
    while True:
        key = _key()
        if key in REVEAL_KEYS:
            break
        console.print(render.hint(tr(lang, "hint.reveal")))
    console.print(render.back_panel(prompt, item.card, lang))
    siblings = session.store.group_siblings(item.card)
    if siblings:
        console.print(render.also_in(siblings, key_hint=True, lang=lang))
    console.print(render.grade_legend(lang))
    console.print(render.keys_hint(("0-5", tr(lang, "key.grade")), *_undo_quit(lang)))
    while True:
        key = _key()
        if key in "012345" and len(key) == 1:
            session.answer(int(key), duration_ms=int((time.monotonic() - shown) * 1000))
            return
        if key in SIBLING_KEYS and siblings:
            console.print(render.sibling_panels(siblings))
            continue
        console.print(render.hint(tr(lang, "hint.grade")))


def _ask_choice(session: ReviewSession, prompt: Prompt, console: Console, lang: str, shown: float,
                hesitation: float) -> None:
    count = len(prompt.choices)
    console.print(render.keys_hint((f"1-{count}", tr(lang, "key.choose")), *_undo_quit(lang)))
    while True:
        key = _key()
        if key.isdigit() and 1 <= int(key) <= count:
            break
        console.print(render.hint(tr(lang, "hint.choice", count=count)))
    seconds = time.monotonic() - shown
    chosen = int(key) - 1
    quality = auto_grade(chosen == prompt.answer, seconds, hesitation)
    session.answer(quality, duration_ms=int(seconds * 1000))
    console.print(render.verdict_panel(prompt, chosen, quality, lang))
    console.print(render.keys_hint((tr(lang, "key.any"), tr(lang, "key.next")), *_undo_quit(lang)))
    _key()  # any key goes on; u and q raise in _key


def _undo_quit(lang: str) -> tuple[tuple[str, str], tuple[str, str]]:
    return ("u", tr(lang, "key.undo")), ("q", tr(lang, "key.quit"))


def _key() -> str:
    key = read_key()
    if key in QUIT_KEYS:
        raise _Quit
    if key in UNDO_KEYS:
        raise _Undo
    return key
