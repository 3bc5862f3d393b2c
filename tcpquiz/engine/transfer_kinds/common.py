"""What every generator of the data half shares: the spec builders, number formatting, and
the random sequence numbers and segment sizes that prompts draw.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from fractions import Fraction

from tcpquiz.engine import rto, seqnum
from tcpquiz.engine.question import Question, Spec, assemble, stable_rng

Built = tuple[str, str, list[str], str]  # prompt, right answer, wrong answers, explanation
Template = Callable[[random.Random, str], Built]

SPACE = seqnum.SPACE


def numeric_spec(key: str, kind: str, lang: str, template: Template) -> Spec:
    """A prompt that draws fresh numbers each time it is asked."""
    def make(rng: random.Random) -> Question:
        prompt, right, wrong, explanation = template(rng, lang)
        # The fallback is a generator: assemble() reads it only if the near misses ran short.
        choices = itertools.chain(wrong, fallback_choices(right))
        return assemble(key, kind, lang, prompt, right, choices, explanation, rng)

    return Spec(key, kind, True, make)


def fixed_spec(key: str, kind: str, lang: str, en: tuple[str, str, tuple[str, ...], str],
               zh: tuple[str, str, tuple[str, ...], str]) -> Spec:
    """A question written out in both languages, the same every time."""
    prompt, right, wrong, explanation = zh if lang == "zh" else en
    question = assemble(key, kind, lang, prompt, right, wrong, explanation, stable_rng(key))
    return Spec(key, kind, False, lambda _rng: question)


def fallback_choices(right: str) -> Iterator[str]:
    """Near numbers, in case the template's near misses coincided."""
    try:
        value = Fraction(right.split()[0].replace(",", ""))
    except (ValueError, ZeroDivisionError, IndexError):
        return
    rest = right[len(right.split()[0]):]
    for delta in (1, -1, 2, -2, 3, 10):
        yield fmt_number(value + delta) + rest


def fmt_number(value: Fraction | int | float) -> str:
    """Exact fractions as rto.fmt_ms writes them; floats to at most two decimals."""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return rto.fmt_ms(value)


def first_seq(rng: random.Random) -> int:
    """A sequence number; near 2^32 a fifth of the time, so the wrap is practised too."""
    if rng.random() < 0.2:
        return rng.randint(SPACE - 4_000, SPACE - 1)
    return rng.choice((rng.randint(1, 9) * 1000 + 1, rng.randrange(SPACE)))


def segment_sizes(rng: random.Random, count: int) -> list[int]:
    if rng.random() < 0.6:
        return [rng.choice((100, 200, 500, 536, 1000, 1460))] * count
    return [rng.choice((100, 200, 300, 400, 500, 800, 1000)) for _ in range(count)]


def ordinal(n: int, lang: str) -> str:
    if lang == "zh":
        return f"第 {n} 个"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
