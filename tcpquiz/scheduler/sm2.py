"""SM-2, as tcpquiz implements it (DESIGN.md, "SM-2").

Quality q is 0..5:

    EF' = EF + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)), never below 1.3; EF starts at 2.5.
    q >= 3: repetitions += 1; interval = 1, then 6, then ceil(previous interval * EF').
    q <  3: repetitions = 0, interval = 1, EF unchanged.

Two choices differ from Wozniak's original and are deliberate:

* A failed card (q < 3) keeps its easiness. The original lowers EF on every answer,
  so a few bad days can sink a card to 1.3 for good ("ease hell"); here only
  successful recalls move it, and q = 3 still lowers it by 0.14.
* EF moves in steps of 0.02 or more, so it is kept rounded to two decimals. Without
  that, float error can push a product such as 10 * 2.2 to 22.000000000000004 and
  ceil() would add a whole day.

Cards graded below 4 come back in the same session until they score 4 or more;
those extra rounds do not call review() (see tcpquiz.review.session).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntEnum

MIN_EASINESS = 1.3
START_EASINESS = 2.5


class Quality(IntEnum):
    """The six SM-2 grades, with the meaning SuperMemo gave them."""

    BLACKOUT = 0
    WRONG_REMEMBERED = 1
    WRONG_EASY = 2
    HARD = 3
    HESITANT = 4
    PERFECT = 5


QUALITY_LABELS_EN = {
    Quality.BLACKOUT: "blackout: no idea at all",
    Quality.WRONG_REMEMBERED: "wrong, but the answer was familiar",
    Quality.WRONG_EASY: "wrong, though the answer seemed easy",
    Quality.HARD: "right, with serious difficulty",
    Quality.HESITANT: "right, after some hesitation",
    Quality.PERFECT: "perfect, right away",
}

QUALITY_LABELS_ZH = {
    Quality.BLACKOUT: "完全想不起来",
    Quality.WRONG_REMEMBERED: "答错，看到答案才想起",
    Quality.WRONG_EASY: "答错，但答案似乎很容易",
    Quality.HARD: "答对，但非常吃力",
    Quality.HESITANT: "答对，稍有犹豫",
    Quality.PERFECT: "完全正确，毫不犹豫",
}

PASSING_QUALITY = 3  # q >= 3 counts as recalled (schedule advances)
SESSION_PASS_QUALITY = 4  # below this, the card comes back in the same session


@dataclass(frozen=True)
class SM2State:
    """A card's schedule: successful recalls in a row, easiness factor, interval in days."""

    repetitions: int = 0
    easiness: float = START_EASINESS
    interval: int = 0


def next_easiness(easiness: float, quality: int) -> float:
    miss = 5 - quality
    updated = easiness + (0.1 - miss * (0.08 + miss * 0.02))
    return max(MIN_EASINESS, round(updated, 2))


def review(state: SM2State, quality: int) -> SM2State:
    """Apply one graded answer to a schedule and return the new schedule."""
    if isinstance(quality, bool) or not isinstance(quality, int) or not 0 <= quality <= 5:
        raise ValueError(f"quality must be an integer from 0 to 5, not {quality!r}")
    if quality < PASSING_QUALITY:
        return SM2State(repetitions=0, easiness=state.easiness, interval=1)
    easiness = next_easiness(state.easiness, quality)
    repetitions = state.repetitions + 1
    if repetitions == 1:
        interval = 1
    elif repetitions == 2:
        interval = 6
    else:
        # round() first: easiness has two decimals, so the exact product has at
        # most two; this strips float noise before ceil() (see module docstring).
        interval = math.ceil(round(state.interval * easiness, 6))
    return SM2State(repetitions=repetitions, easiness=easiness, interval=interval)
