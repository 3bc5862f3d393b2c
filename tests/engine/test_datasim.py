"""`tcpquiz simulate` for the data half: the three timelines and the congestion chart,
checked against values worked by hand, through the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tcpquiz.engine.congestion import Loss, Variant
from tcpquiz.engine.cwndchart import chart, draw, parse_losses
from tcpquiz.engine.datasim import DATA_SCENARIOS, play, timeline
from tcpquiz.engine.diagram import plain
from tcpquiz.errors import InvalidValueError


def test_fast_retransmit_run() -> None:
    run = play("fast-retransmit")
    acks = [e.label for e in run.events if e.src == "receiver" and e.label]
    # Eight 1000-byte segments from 1001, the 2nd (2001) lost: ACK 2001 for the first, then six duplicates
    # of 2001, and 9001 once the retransmission fills the hole.
    assert acks == ["ack=2001"] * 7 + ["ack=9001"]
    retransmissions = [e for e in run.events if e.src == "sender" and e.label == "seq=2001 len=1000"]
    assert [e.lost for e in retransmissions] == [True, False]
    # FlightSize 8 segments: ssthresh 4, cwnd 4 + 3 = 7, +1 for each of duplicates 4..6, then 4 again.
    cwnds = [e.sender.split()[0] for e in run.events if e.sender]
    assert cwnds == ["cwnd=8", "cwnd=7", "cwnd=8", "cwnd=9", "cwnd=10", "cwnd=4"]


def test_timeout_backoff_run() -> None:
    run = play("timeout-backoff")
    sends = [e for e in run.events if e.src == "sender" and e.label]
    # RTO 1 s before any sample (RFC 6298 rule 2.1), then 2 s: sent at 0, 1000 and 3000 ms.
    assert [(e.t, e.lost) for e in sends] == [(0, True), (1000, True), (3000, False)]
    assert "Karn" in run.events[-1].note and run.events[-1].sender == "cwnd=1 ssth=2"


def test_zero_window_run() -> None:
    run = play("zero-window")
    windows = [e.label for e in run.events if e.src == "receiver"]
    assert windows[:4] == ["ack=2001 win=3000", "ack=3001 win=2000", "ack=4001 win=1000", "ack=5001 win=0"]
    probes = [e for e in run.events if e.label == "seq=5001 len=1"]
    # The persist timer starts at 1 s and doubles: probes 1 s and then 2 s later.
    assert probes[1].t - probes[0].t == 2 * (probes[0].t - 103) == 2000
    assert windows[-1] == "ack=5001 win=2000"


@pytest.mark.parametrize("name", list(DATA_SCENARIOS))
def test_timelines_fit_80_columns(name: str) -> None:
    text = plain(timeline(play(name)))
    assert max(len(line) for line in text.splitlines()[3:-1]) <= 80


def test_chart_marks_losses_and_phases() -> None:
    data = chart(20, 16, {8: Loss.TRIPLE_DUP, 14: Loss.TIMEOUT}, [Variant.RENO])
    text = plain(draw(data))
    # Rounds 1 2 4 8 16 17 18 19 (3 dup ACKs at 19: ssthresh 9) 9 10 11 12 13 14 (timeout at 14: ssthresh 7)
    # 1 2 4 7 8 9.
    assert "reno cwnd: 1 2 4 8 16 17 18 19 9 10 11 12 13 14 1 2 4 7 8 9" in text
    loss_row = next(line for line in text.splitlines() if line.strip().startswith("loss"))
    assert loss_row.split() == ["loss", "3", "T"]
    assert loss_row.index("3") == loss_row.index("loss") + len("loss") + 2 * 8 - 1  # under round 8
    phase_row = next(line for line in text.splitlines() if line.strip().startswith("phase"))
    assert phase_row.split()[1:] == list("SSSSCCCCCCCCCCSSSCCC")
    assert max(len(line) for line in text.splitlines() if "cwnd:" not in line) <= 120


def test_chart_both_variants_and_scaling() -> None:
    text = plain(draw(chart(30, 64, {9: Loss.TRIPLE_DUP}, [Variant.TAHOE, Variant.RENO])))
    assert "one row = 4 segments" in text  # peak 66: ceil(66 / 20) = 4
    assert "◉" in text and "○" in text and "●" in text
    assert "tahoe cwnd: 1 2 4 8 16 32 64 65 66 1 2 4 8 16 32 33" in text


def test_parse_losses() -> None:
    assert parse_losses(["3", "5:timeout,7:3dup"], Loss.TIMEOUT) == {3: Loss.TIMEOUT, 5: Loss.TIMEOUT,
                                                                     7: Loss.TRIPLE_DUP}
    for bad in ("x", "0", "4:soon"):
        with pytest.raises(InvalidValueError):
            parse_losses([bad], Loss.TIMEOUT)


def test_simulate_congestion_cli(cli: Callable[..., Any]) -> None:
    result = cli("simulate", "congestion", "--ssthresh", "8", "--loss-at", "6:timeout", "--rounds", "10", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    # 1 2 4 8 9 10 (timeout at 10: ssthresh 5) 1 2 4 5.
    assert [r["cwnd"] for r in data["variants"]["reno"]] == [1, 2, 4, 8, 9, 10, 1, 2, 4, 5]
    assert data["variants"]["reno"][6]["ssthresh"] == 5 and data["losses"] == {"6": "timeout"}
    drawn = cli("simulate", "congestion", "--variant", "both", "--loss-at", "8")
    assert drawn.exit_code == 0 and "TCP Tahoe and TCP Reno" in drawn.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("--rounds", "99"), "from 1 to 36"),
    (("--loss-at", "30"), "past the last round"),
    (("--loss", "soon"), "choose 3dup or timeout"),
    (("--variant", "vegas"), "choose reno, tahoe or both"),
    (("--ssthresh", "1"), "from 2 to 1000"),
])
def test_simulate_congestion_errors(cli: Callable[..., Any], args: tuple[str, ...], message: str) -> None:
    result = cli("simulate", "congestion", *args)
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", list(DATA_SCENARIOS))
def test_simulate_data_scenarios_cli(cli: Callable[..., Any], name: str) -> None:
    result = cli("simulate", name)
    assert result.exit_code == 0 and result.stdout.startswith(name)
    data = json.loads(cli("simulate", name, "--json").stdout)
    assert data["scenario"] == name and data["events"]


def test_unknown_scenario_lists_both_halves(cli: Callable[..., Any]) -> None:
    result = cli("simulate", "teardown")
    assert result.exit_code == 1 and "zero-window" in result.stderr and "handshake" in result.stderr
