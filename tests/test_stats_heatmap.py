"""`tcpquiz stats`'s heatmap tells its levels apart without colour too (NO_COLOR, a pipe):
by shade, least to most, where colour would use five shades of green."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import child_env, tcpquiz_command

pexpect = pytest.importorskip("pexpect")

CARDS = [(f"Card {i}?", f"Answer {i}.") for i in range(1, 12)]
TODAY = "2026-11-05T10:00"
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\r")


@pytest.fixture
def reviewed(cli, deck: Path) -> None:
    """1, 2, 3 and 4 answers on four days running. The busiest day (4) is the top level;
    with five levels (none, then four), a day of n answers out of a peak of 4 is level n."""
    for n, day in enumerate(("2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"), start=1):
        # --limit 0: no due card comes back, so the day has exactly n answers, all new cards.
        result = cli("review", "--deck", "Drill", "--new", str(n), "--limit", "0", input="5\n" * n,
                     env={"TCPQUIZ_NOW": f"{day}T10:00"})
        assert result.exit_code == 0, result.output


def heatmap_cells(screen: str) -> list[str]:
    """The heatmap's cells, without its legend: what the grid between the title and the legend shows."""
    lines = screen.splitlines()
    start = next(i for i, line in enumerate(lines) if "Reviews, last" in line)
    end = next(i for i, line in enumerate(lines) if i > start and "less" in line)
    return [ch for line in lines[start + 1:end] for ch in line if ch in "·░▒▓█■"]


def in_terminal(home: Path, **env: str) -> str:
    command = tcpquiz_command()
    child = pexpect.spawn(command[0], [*command[1:], "stats", "--deck", "Drill"],
                          env=child_env(home, TCPQUIZ_NOW=TODAY, TERM="xterm-256color", **env),
                          dimensions=(60, 100), encoding="utf-8", timeout=60)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


def test_piped_stats_show_each_level_by_its_shade(cli, reviewed: None) -> None:
    result = cli("stats", "--deck", "Drill", env={"TCPQUIZ_NOW": TODAY})
    cells = heatmap_cells(result.stdout)
    # Monday to Thursday (rows, top down) with 1 to 4 answers, and every other day empty.
    assert [cell for cell in cells if cell != "·"] == ["░", "▒", "▓", "█"]
    assert "■" not in cells
    assert "less ·░▒▓█ more" in result.stdout  # the legend says which is which


def test_no_color_in_a_terminal_shows_shades_and_colour_shows_squares(tcpquiz_home: Path, reviewed: None) -> None:
    plain = heatmap_cells(ANSI.sub("", in_terminal(tcpquiz_home, NO_COLOR="1")))
    assert [cell for cell in plain if cell != "·"] == ["░", "▒", "▓", "█"]
    coloured = in_terminal(tcpquiz_home)
    assert "\x1b[" in coloured  # a terminal that takes colour gets it
    cells = heatmap_cells(ANSI.sub("", coloured))
    assert set(cells) == {"■"} and len(cells) == len(plain)  # one square a day, its level in its colour


@pytest.mark.parametrize(("lang", "label", "value"), [("en", "retention (30 days)", "none yet"),
                                                      ("zh", "记住率（30 天）", "还没有")])
def test_a_new_learners_overview_fits_80_columns_with_every_label_whole(cli, lang: str, label: str,
                                                                          value: str) -> None:
    # No answer yet: the retention's value is a phrase, where later it is a percentage.
    assert cli("config", "lang", lang).exit_code == 0
    result = cli("stats", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    overview = result.stdout.split("╰", 1)[0]  # the three panels' rows, down to the first bottom border
    assert "…" not in overview
    assert re.search(rf"{re.escape(label)}\s+{value}\s+│", overview)
