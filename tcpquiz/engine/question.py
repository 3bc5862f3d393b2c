"""The question value and the pieces every generator uses to build one."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

CHOICES = 4


@dataclass(frozen=True)
class Question:
    key: str  # stable identity of the prompt (not of the numbers)
    kind: str  # "next-state", "send", "order", "where", "seqack", "scenario", "timer"
    prompt: str  # markdown
    choices: tuple[str, ...]
    answer: int  # index into choices
    explanation: str  # markdown
    lang: str  # "zh" or "en"

    def as_json(self) -> dict[str, object]:
        return {"key": self.key, "kind": self.kind, "prompt": self.prompt, "choices": list(self.choices),
                "answer": self.answer, "explanation": self.explanation}

    @property
    def right(self) -> str:
        return self.choices[self.answer]


@dataclass(frozen=True)
class Spec:
    """One distinct prompt. `make(rng)` gives the question to ask; a fixed question ignores
    rng and is always the same, a numeric one (seq/ack arithmetic) draws fresh numbers."""

    key: str
    kind: str
    numeric: bool
    make: Callable[[random.Random], Question]


def stable_rng(key: str) -> random.Random:
    """A generator seeded by the prompt's key, so a fixed question keeps its choice order."""
    return random.Random(f"tcpquiz-question:{key}")


def assemble(key: str, kind: str, lang: str, prompt: str, right: str, wrong: Iterable[str], explanation: str,
             rng: random.Random) -> Question:
    """Four choices: the right one and the first three distinct wrong ones, shuffled."""
    others: list[str] = []
    for choice in wrong:
        if choice != right and choice not in others:
            others.append(choice)
        if len(others) == CHOICES - 1:
            break
    if len(others) < CHOICES - 1:
        raise ValueError(f"question {key} has only {len(others)} distinct wrong answers")
    choices = [right, *others]
    rng.shuffle(choices)
    return Question(key, kind, prompt, tuple(choices), choices.index(right), explanation, lang)
