"""The interactive review: one keypress per action, rendered with rich.

Keys: space or enter shows the answer; 0-5 grades it; on a multiple-choice card
the number of a choice answers it; o shows how other decks answer the same
question; u undoes the last answer; q quits.
Ctrl-C also quits; every answer given so far is already saved.

Keys are read one at a time from a buffer (tcpquiz.ui.keys), so keys typed together
are each answered; the terminal is given back on every way out; a resize redraws
the card as it stands.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from rich.console import Console, RenderableType

from tcpquiz.i18n import tr
from tcpquiz.review import render
from tcpquiz.review.prompt import Prompt, auto_grade, prompt_for
from tcpquiz.review.session import Item, Outcome, ReviewSession
from tcpquiz.ui.keys import RESIZE, KeyReader

REVEAL_KEYS = {" ", "\r", "\n"}
QUIT_KEYS = {"q", "Q", "\x1b"}
UNDO_KEYS = {"u", "U"}
SIBLING_KEYS = {"o", "O"}  # other decks' answers to the same question


class _Quit(Exception):
    pass


class _Undo(Exception):
    pass


class Screen:
    """What the card's screen shows so far, so that a resize can draw it again at the
    new width; and the keys, read through `read_key` (a resize redraws, then waits on)."""

    def __init__(self, console: Console, read_key: Callable[[], str],
                 on_waiting: Callable[[], None] | None = None) -> None:
        self.console = console
        self._read_key = read_key
        self._on_waiting = on_waiting
        self._shown: list[RenderableType] = []

    def clear(self) -> None:
        self._shown.clear()
        self.console.clear()

    def show(self, renderable: RenderableType) -> None:
        self._shown.append(renderable)
        self.console.print(renderable)

    def key(self) -> str:
        """The next key; q and u raise (they mean the same on every screen)."""
        if self._on_waiting is not None:  # the first card is on screen
            waiting, self._on_waiting = self._on_waiting, None
            waiting()
        while (key := self._read_key()) == RESIZE:
            self.console.clear()
            for renderable in self._shown:
                self.console.print(renderable)
        if key in QUIT_KEYS:
            raise _Quit
        if key in UNDO_KEYS:
            raise _Undo
        return key


def run(session: ReviewSession, console: Console, *, lang: str, hesitation_seconds: float,
        rng: random.Random | None = None, read_key: Callable[[], str] | None = None,
        on_waiting: Callable[[], None] | None = None) -> Outcome:
    """The review in the terminal. Keys come from a KeyReader on standard input unless
    `read_key` is given. `on_waiting` is called once, when the first card is on screen and
    the review waits for its first key. Raises tcpquiz.ui.keys.Terminated on SIGTERM or SIGHUP, with
    the terminal already restored."""
    if read_key is None:
        with KeyReader() as keys:
            return run(session, console, lang=lang, hesitation_seconds=hesitation_seconds, rng=rng,
                       read_key=keys.read_key, on_waiting=on_waiting)
    rng = rng or random.Random()
    screen = Screen(console, read_key, on_waiting)
    notice = None  # a hint shown under the next card's header (the screen is cleared per card)
    try:
        while (item := session.current) is not None:
            try:
                _ask(session, item, screen, lang, hesitation_seconds, rng, notice)
                notice = None
            except _Undo:
                notice = None if session.undo() else tr(lang, "hint.nothing_to_undo")
        return Outcome.FINISHED
    except _Quit:
        return Outcome.QUIT
    except (KeyboardInterrupt, EOFError) as exc:
        return Outcome.INTERRUPTED if isinstance(exc, KeyboardInterrupt) else Outcome.QUIT


def _ask(session: ReviewSession, item: Item, screen: Screen, lang: str, hesitation: float,
         rng: random.Random, notice: str | None = None) -> None:
    prompt = prompt_for(item.card, rng)
    screen.clear()
    screen.show(render.header(session, item.card, item.repeat, lang))
    if notice:
        screen.show(render.hint(notice))
    screen.show(render.front_panel(prompt, item.card, lang))
    shown = time.monotonic()
    if prompt.auto_graded:
        _ask_choice(session, prompt, screen, lang, shown, hesitation)
        return
    screen.show(render.keys_hint((tr(lang, "key.space"), tr(lang, "key.show")), *_undo_quit(lang)))
    # The answer is made while the learner reads the question, before the first key is awaited
    # (and so before the full store starts loading): an answer with markup imports rich's
    # markdown renderer, which would otherwise stand between the key and the answer.
    back = render.back_panel(prompt, item.card, lang)
    while True:
        key = screen.key()
        if key in REVEAL_KEYS:
            break
        screen.show(render.hint(tr(lang, "hint.reveal")))
    screen.show(back)
    siblings = session.store.group_siblings(item.card)
    if siblings:
        screen.show(render.also_in(siblings, key_hint=True, lang=lang))
    screen.show(render.grade_legend(lang))
    screen.show(render.keys_hint(("0-5", tr(lang, "key.grade")), *_undo_quit(lang)))
    while True:
        key = screen.key()
        if key in "012345" and len(key) == 1:
            session.answer(int(key), duration_ms=int((time.monotonic() - shown) * 1000))
            return
        if key in SIBLING_KEYS and siblings:
            screen.show(render.sibling_panels(siblings))
            continue
        screen.show(render.hint(tr(lang, "hint.grade")))


def _ask_choice(session: ReviewSession, prompt: Prompt, screen: Screen, lang: str, shown: float,
                hesitation: float) -> None:
    count = len(prompt.choices)
    screen.show(render.keys_hint((f"1-{count}", tr(lang, "key.choose")), *_undo_quit(lang)))
    while True:
        key = screen.key()
        if key.isdigit() and len(key) == 1 and 1 <= int(key) <= count:
            break
        screen.show(render.hint(tr(lang, "hint.choice", count=count)))
    seconds = time.monotonic() - shown
    chosen = int(key) - 1
    quality = auto_grade(chosen == prompt.answer, seconds, hesitation)
    session.answer(quality, duration_ms=int(seconds * 1000))
    screen.show(render.verdict_panel(prompt, chosen, quality, lang))
    screen.show(render.keys_hint((tr(lang, "key.any"), tr(lang, "key.next")), *_undo_quit(lang)))
    screen.key()  # any key goes on; u and q raise in key()


def _undo_quit(lang: str) -> tuple[tuple[str, str], tuple[str, str]]:
    return ("u", tr(lang, "key.undo")), ("q", tr(lang, "key.quit"))
