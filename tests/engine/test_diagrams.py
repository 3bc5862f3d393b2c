"""Golden sequence diagrams: each scenario drawn with the default seed, compared with the
checked-in text in tests/engine/golden. After an intended change, regenerate them with
TCPQUIZ_REGENERATE_GOLDEN=1 and read the diff before committing it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tcpquiz.engine.diagram import diagram, plain
from tcpquiz.engine.scenarios import SCENARIOS
from tcpquiz.engine.sim import simulate

GOLDEN = Path(__file__).parent / "golden"
CASES = {name: {} for name in SCENARIOS} | {"close-wrap": {"isn_client": 2**32 - 1, "isn_server": 2**32 - 2}}


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_diagram(case: str) -> None:
    result = simulate(case.removesuffix("-wrap"), **CASES[case])
    text = plain(diagram(result))
    path = GOLDEN / f"{case}.txt"
    if os.environ.get("TCPQUIZ_REGENERATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_a_diagram_marks_lost_segments_and_shows_both_lifelines() -> None:
    text = plain(diagram(simulate("lost-final-ack", isn_client=1000, isn_server=5000)))
    lost = [line for line in text.splitlines() if "✗" in line]
    assert len(lost) == 1 and "ACK seq=1002 ack=5002 len=0" in lost[0]
    rows = [line for line in text.splitlines() if line.count("│") == 2]
    assert len(rows) > 10
    assert "2MSL restarted" in text
