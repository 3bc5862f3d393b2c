"""The review without a terminal: one line of input per card.

For a flashcard the line is the grade, 0-5; for a multiple-choice card it is the
number of the chosen answer; `u` undoes the last answer and `q` quits. End of
input ends the session cleanly. Everything answered is already saved. This makes
the review scriptable: `printf '5\\n4\\nq\\n' | tcpquiz review`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TextIO

from rich.console import Console

from tcpquiz.review import render
from tcpquiz.review.prompt import auto_grade, prompt_for
from tcpquiz.review.session import ReviewSession
from tcpquiz.review.tty import Outcome


def run(session: ReviewSession, console: Console, *, lines: TextIO, lang: str, hesitation_seconds: float,
        warn: Callable[[str], None], rng: random.Random | None = None) -> Outcome:
    rng = rng or random.Random()
    while (item := session.current) is not None:
        prompt = prompt_for(item.card, rng)
        total = session.done + session.remaining
        again = " (again, until it scores 4)" if item.repeat else ""
        console.print(f"[{session.done + 1}/{total}] {item.card.deck}{again}", markup=False, highlight=False)
        console.print(render.front_panel(prompt, item.card))
        if not prompt.auto_graded:
            console.print(render.back_panel(prompt, item.card))
            siblings = session.store.group_siblings(item.card)
            if siblings:
                console.print(render.also_in(siblings, key_hint=False))
        shown = time.monotonic()
        while True:
            line = lines.readline()
            if not line:
                return Outcome.QUIT  # end of input: stop cleanly, answers are saved
            reply = line.strip().lower()
            if reply == "q":
                return Outcome.QUIT
            if reply == "u":
                undone = session.undo()
                if undone is None:
                    warn("There is no answer to undo yet.")
                    continue
                break
            seconds = time.monotonic() - shown
            if prompt.auto_graded:
                count = len(prompt.choices)
                if reply.isdigit() and 1 <= int(reply) <= count:
                    chosen = int(reply) - 1
                    quality = auto_grade(chosen == prompt.answer, seconds, hesitation_seconds)
                    session.answer(quality, duration_ms=int(seconds * 1000))
                    console.print(render.verdict_panel(prompt, chosen, quality))
                    break
                warn(f"{line.strip()!r} is not a choice; answer with a number from 1 to {count}, u or q.")
            elif reply in {"0", "1", "2", "3", "4", "5"}:
                session.answer(int(reply), duration_ms=int(seconds * 1000))
                break
            else:
                warn(f"{line.strip()!r} is not a grade; answer with a number from 0 to 5, u or q.")
    return Outcome.FINISHED
