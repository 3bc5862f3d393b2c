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


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_diagram_fits_the_terminal_and_wraps_only_at_spaces(name: str, columns: int) -> None:
    from tcpquiz.engine.diagram import fit

    result = simulate(name)
    lines = plain(fit(diagram(result, columns), columns)).splitlines()
    assert max(len(line) for line in lines) <= columns
    # Nothing is lost: every word of the full-width diagram is still there (a compact drawing
    # leaves out only "len=0" and the time and event headings).
    def words(text: str) -> list[str]:
        return sorted(word for word in text.split()
                      if not set(word) & set("─│▶◀✗") and word not in ("len=0", "time", "event"))

    assert words("\n".join(lines)) == words(plain(diagram(result)))


def test_the_linux_time_wait_note_appears_only_where_time_wait_does() -> None:
    for name in SCENARIOS:
        result = simulate(name)
        passes = any("TIME-WAIT" in states for states in (result.client_states, result.server_states))
        assert ("Linux holds TIME_WAIT" in plain(diagram(result))) == passes, name
    assert "Linux holds TIME_WAIT" not in plain(diagram(simulate("handshake")))  # RFC 9293 3.3.2: no close, no TIME-WAIT
    assert "Linux holds TIME_WAIT" in plain(diagram(simulate("close")))
