"""The review without a terminal: one line of input per card, plain text out.

For a flashcard the line is the grade, 0-5; for a multiple-choice card it is the
number of the chosen answer; `u` undoes the last answer and `q` quits. End of
input ends the session cleanly. Everything answered is already saved. This makes
the review scriptable: `printf '5\\n4\\nq\\n' | tcpquiz review`.

The output is the cards' markdown as written (`Q:`, `A:`, numbered choices): easy to
read in a pipe and to parse, and it spares a scripted run rich's markdown renderer.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TextIO

from tcpquiz.facts.flags import flag_lines
from tcpquiz.i18n import tr
from tcpquiz.review.prompt import Prompt, auto_grade, prompt_for
from tcpquiz.review.session import Outcome, ReviewSession
from tcpquiz.review.text import also_in_decks


def run(session: ReviewSession, write: Callable[[str], None], *, lines: TextIO, hesitation_seconds: float,
        warn: Callable[[str], None], rng: random.Random | None = None, lang: str = "en",
        on_waiting: Callable[[], None] | None = None) -> Outcome:
    """The review, one line per card. `on_waiting` is called once, when the first card
    is printed and the review waits for its first line."""
    rng = rng or random.Random()
    while (item := session.current) is not None:
        prompt = prompt_for(item.card, rng)
        total = session.done + session.remaining
        again = f" ({tr(lang, 'review.again')})" if item.repeat else ""
        write(f"[{session.done + 1}/{total}] {item.card.deck}{again}")
        write(f"Q: {prompt.front}")
        if prompt.auto_graded:
            write("\n".join(f"  {number}. {choice}" for number, choice in enumerate(prompt.choices, start=1)))
        else:
            write(f"A: {prompt.back}")
            for flag in flag_lines(item.card.extra.get("flags")):
                write(flag)
            siblings = session.store.group_siblings(item.card)
            if siblings:
                write(f"{tr(lang, 'review.also_in')}{also_in_decks(siblings)}")
        shown = time.monotonic()
        if on_waiting is not None:
            on_waiting()
            on_waiting = None
        while True:
            line = lines.readline()
            if not line:
                return Outcome.QUIT  # end of input: stop cleanly, answers are saved
            reply = line.strip().lower()
            if reply == "q":
                return Outcome.QUIT
            if reply == "u":
                if session.undo() is None:
                    warn(tr(lang, "hint.nothing_to_undo"))
                    continue
                break
            seconds = time.monotonic() - shown
            if prompt.auto_graded:
                count = len(prompt.choices)
                if reply.isdigit() and 1 <= int(reply) <= count:
                    chosen = int(reply) - 1
                    quality = auto_grade(chosen == prompt.answer, seconds, hesitation_seconds)
                    session.answer(quality, duration_ms=int(seconds * 1000))
                    write(verdict(prompt, chosen, quality, lang))
                    break
                warn(tr(lang, "script.not_choice", answer=repr(line.strip()), count=count))
            elif reply in {"0", "1", "2", "3", "4", "5"}:
                session.answer(int(reply), duration_ms=int(seconds * 1000))
                break
            else:
                warn(tr(lang, "script.not_grade", answer=repr(line.strip())))
    return Outcome.FINISHED


def verdict(prompt: Prompt, chosen: int, quality: int, lang: str = "en") -> str:
    assert prompt.answer is not None
    right = f"{prompt.answer + 1}. {prompt.choices[prompt.answer]}"
    head = tr(lang, "script.right", quality=quality, right=right) if chosen == prompt.answer else \
        tr(lang, "script.wrong", quality=quality, right=right)
    return f"{head}\n{prompt.explanation}".rstrip()
