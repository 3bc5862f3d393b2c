"""What a card shows during review, and how auto-graded cards are scored."""

from __future__ import annotations

import random
from dataclasses import dataclass

from tcpquiz.cards import CardKind
from tcpquiz.scheduler.sm2 import Quality
from tcpquiz.store.views import CardView

AUTO_GRADED = {CardKind.CHOICE.value, CardKind.NUMERIC.value}


@dataclass(frozen=True)
class Prompt:
    front: str  # markdown
    back: str  # markdown
    choices: tuple[str, ...] = ()
    answer: int | None = None  # index into choices, for auto-graded cards
    explanation: str = ""

    @property
    def auto_graded(self) -> bool:
        return bool(self.choices) and self.answer is not None


def prompt_for(card: CardView, rng: random.Random) -> Prompt:
    """The prompt to show now. Engine cards are materialized afresh: a seq/ack card
    keeps its identity and schedule but gets new numbers each time it is shown."""
    if card.kind in AUTO_GRADED and card.extra:
        from tcpquiz.engine.questions import materialize

        question = materialize(card.extra, rng)
        right = question.choices[question.answer]
        return Prompt(question.prompt, right, question.choices, question.answer, question.explanation)
    return Prompt(card.front, card.back)


def auto_grade(correct: bool, seconds: float, hesitation_seconds: float) -> int:
    """Right at once: 5; right after hesitating past the threshold: 4; wrong: 1. A multiple-choice
    answer is graded by the choice and its speed, in place of the learner's own verdict."""
    if not correct:
        return Quality.WRONG_REMEMBERED
    return Quality.PERFECT if seconds <= hesitation_seconds else Quality.HESITANT
