"""Hostile notes, concurrent commands and odd inputs: nothing leaks, nothing is lost.

Each test is one case of the README's "What survives faults" table.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from conftest import child_env, tcpquiz_command, write_deck

CARDS = [(f"Hostile card {i}?", f"Answer {i}.") for i in range(1, 4)]

# An OSC 0 (retitle the window), an OSC 52 (write the clipboard), a CSI (clear the
# screen), an 8-bit CSI (U+009B) and rich markup that does not close.
ESCAPES = "\x1b]0;PWNED\x07 \x1b]52;c;aGVsbG8=\x07 \x1b[2J \x9b31m [/red]"


def evil_note(folder: Path) -> Path:
    path = folder / "evil.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# Evil {ESCAPES}\n\nQ: What {ESCAPES} is this?\nA: Trouble {ESCAPES}.\n", encoding="utf-8")
    return path


def assert_no_controls(output: str) -> None:
    """No byte of the note's escapes reached the output; their visible stand-ins did."""
    assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output
    assert "␛]0;PWNED␇" in output and "[/red]" in output


# -- the terminal ------------------------------------------------------------------------


def evil_deck_name(run_tcpquiz) -> str:  # noqa: ANN001 - the fixture
    return next(deck["name"] for deck in json.loads(run_tcpquiz("decks", "--json").stdout)
                if deck["name"].startswith("Evil"))


@pytest.mark.parametrize("command", [
    ["cards"], ["cards", "--deck", "EVIL"], ["decks"], ["stats"], ["read", "EVIL", "--no-count"],
    ["review", "--deck", "EVIL"], ["cards", "--json"], ["decks", "--json"],
])
def test_note_escapes_never_reach_the_terminal(run_tcpquiz, tmp_path: Path, command: list[str]) -> None:
    imported = run_tcpquiz("import", str(evil_note(tmp_path)))
    assert imported.returncode == 0, imported.stderr
    assert_no_controls(imported.stdout)
    name = evil_deck_name(run_tcpquiz)
    assert name.startswith("Evil \x1b]0;PWNED\x07")  # stored as written: only output makes it visible
    result = run_tcpquiz(*[name if part == "EVIL" else part for part in command], input="5\n")
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    if "--json" in command:  # JSON escapes every control, C1 included, and stays loadable
        assert "\x1b" not in output and "\x9b" not in output and "\\u009b" in output
        assert any(ESCAPES in str(value) for row in json.loads(result.stdout) for value in row.values())
    else:
        assert_no_controls(output)


def test_an_error_naming_decks_shows_them_safely(run_tcpquiz, tmp_path: Path) -> None:
    run_tcpquiz("import", str(evil_note(tmp_path)))
    result = run_tcpquiz("cards", "--deck", "no such deck")
    assert result.returncode == 1
    assert_no_controls(result.stderr)


def test_the_review_in_a_terminal_shows_escapes_as_text(run_tcpquiz, tmp_path: Path, tcpquiz_home: Path) -> None:
    import io

    pexpect = pytest.importorskip("pexpect")
    run_tcpquiz("import", str(evil_note(tmp_path)))
    command = tcpquiz_command()
    child = pexpect.spawn(command[0], [*command[1:], "review", "--deck", evil_deck_name(run_tcpquiz)],
                          env=child_env(tcpquiz_home), dimensions=(40, 160), encoding="utf-8", timeout=20)
    child.logfile_read = screen = io.StringIO()
    child.expect("show answer")
    child.send(" ")
    child.expect("perfect, right away")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    output = screen.getvalue()
    assert "Trouble" in output  # the answer was shown
    # rich draws with CSI sequences of its own (colours, clearing the screen); none of
    # the note's OSC, BEL or C1 got through
    assert "\x1b]" not in output and "\x07" not in output and "\x9b" not in output
    assert "␛]0;PWNED␇" in output and "␛]52;c;aGVsbG8=␇" in output


# -- CSV ------------------------------------------------------------------------------------


def test_csv_cells_never_start_a_formula(run_tcpquiz, tmp_path: Path) -> None:
    import csv

    note = write_deck(tmp_path / "f.md", "Formulas", [
        ("=HYPERLINK(\"http://evil.example\",\"x\")", "+1+2"),
        ("@SUM(A1)", "-2+3"),
        ("Plain?", "Plain."),
    ])
    run_tcpquiz("import", str(note))
    out = tmp_path / "f.csv"
    assert run_tcpquiz("export", "csv", "-o", str(out), "--deck", "Formulas").returncode == 0
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.reader(lines))
    fronts = {row[0]: row[1] for row in rows}
    assert fronts == {"'=HYPERLINK(\"http://evil.example\",\"x\")": "'+1+2", "'@SUM(A1)": "'-2+3",
                      "Plain?": "Plain."}
