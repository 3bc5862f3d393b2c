"""A multiple-choice card answered right in the terminal review, graded by the clock:
5 at once, 4 after `hesitation-seconds` (README, "The daily review")."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from conftest import child_env, tcpquiz_command  # noqa: E402


def spawn(home: Path, *args: str):
    command = tcpquiz_command()
    return pexpect.spawn(command[0], [*command[1:], *args], env=child_env(home), dimensions=(40, 100),
                         encoding="utf-8", timeout=30)


def qualities(home: Path) -> list[int]:
    with sqlite3.connect(home / "tcpquiz.db") as conn:
        return [row[0] for row in conn.execute("SELECT quality FROM reviews ORDER BY id")]


@pytest.mark.parametrize(("hesitation", "wait", "grade"), [("600", 0.0, 5), ("0.5", 1.0, 4)])
def test_a_right_choice_is_graded_5_at_once_and_4_after_hesitating(cli, tcpquiz_home: Path, hesitation: str,
                                                                  wait: float, grade: int) -> None:
    assert cli("config", "lang", "en").exit_code == 0
    assert cli("config", "hesitation-seconds", hesitation).exit_code == 0
    child = spawn(tcpquiz_home, "review", "--deck", "TCP state machine", "--new", "1")
    # The engine deck's first card: a passive OPEN in CLOSED. RFC 9293 section 3.10.1:
    # the connection goes to LISTEN.
    child.expect("choose")
    screen = re.sub(r"\x1b\[[0-9;]*m", "", child.before)
    assert "passive OPEN" in screen
    (choice,) = re.findall(r"(\d)\.\s+LISTEN\s", screen)
    time.sleep(wait)  # the answer comes this long after the question is on screen
    child.send(choice)
    child.expect(re.escape(f"Right: graded {grade}"))
    child.expect("next card")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert qualities(tcpquiz_home) == [grade]
