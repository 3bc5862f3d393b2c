"""Every bad input a user is known to have tried, through the installed command: one sentence on
stderr, a non-zero exit, no traceback, and nothing changed that should not be."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import child_env, write_deck


def command() -> list[str]:
    """The installed console script when there is one (CI installs the package), else the module."""
    script = shutil.which("tcpquiz")
    return [script] if script else [sys.executable, "-m", "tcpquiz"]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("bad-inputs")
    home = root / "home"
    deck = write_deck(root / "notes" / "deck.md", "Drill", [("Q1?", "A1."), ("Q2?", "A2.")])
    env = child_env(home)
    subprocess.run([*command(), "import", str(deck)], env=env, check=True, capture_output=True)
    subprocess.run([*command(), "review", "--deck", "Drill"], input="4\n", text=True, env=env, check=True,
                   capture_output=True)
    backup = root / "good-backup.json"
    subprocess.run([*command(), "backup", "-o", str(backup)], env=env, check=True, capture_output=True)
    files = root / "files"
    files.mkdir()
    (files / "empty.md").write_bytes(b"")
    (files / "binary.md").write_bytes(bytes(range(256)) * 4)
    (files / "huge.md").write_bytes(b"# Big\n\n" + b"Q: q?\nA: " + b"x" * (10 * 1024 * 1024) + b"\n")
    (files / "latin1.md").write_bytes("# Caf\xe9\n\nQ: \xe9?\nA: \xe9\n".encode("latin-1"))
    (files / "notdb.db").write_text("not a database\n")
    (files / "exists.apkg").write_bytes(b"old")
    (files / "exists.pdf").write_bytes(b"old")
    newer = json.loads(backup.read_text())
    newer["version"] = 999
    (files / "newer.json").write_text(json.dumps(newer))
    (files / "damaged.json").write_text(backup.read_text()[: len(backup.read_text()) // 2])
    return {"root": root, "home": home, "files": files, "backup": backup}


def fingerprint(home: Path) -> str:
    """Every row of every table, to show that nothing changed."""
    with sqlite3.connect(home / "tcpquiz.db") as conn:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")]
        rows = [(table, conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()) for table in tables]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


F = "{files}"
CASES = [
    # (what the user did, arguments, stdin, what the sentence must mention)
    ("unknown deck", ["review", "--deck", "Nope"], None, "no deck named 'Nope'"),
    ("import path that does not exist", ["import", f"{F}/missing.md"], None, "does not exist"),
    ("a file that is not UTF-8", ["import", f"{F}/latin1.md"], None, "latin1.md"),
    ("--db that is not a tcpquiz database", ["--db", f"{F}/notdb.db", "stats"], None, "not a tcpquiz database"),
    ("an empty file", ["import", f"{F}/empty.md"], None, "empty"),
    ("a binary file", ["import", f"{F}/binary.md"], None, "binary"),
    ("a 10 MB file", ["import", f"{F}/huge.md"], None, "MB"),
    ("unknown fsm --lang", ["fsm", "--lang", "fr"], None, "fr"),
    ("unknown scenario", ["simulate", "teleport"], None, "teleport"),
    ("unknown question kind", ["questions", "--kind", "riddle"], None, "riddle"),
    ("output directory that does not exist", ["export", "anki", "-o", f"{F}/nowhere/x.apkg"], None,
     "does not exist"),
    ("existing output file", ["export", "anki", "-o", f"{F}/exists.apkg"], None, "--force"),
    ("unknown deck to export", ["export", "csv", "-o", f"{F}/x.csv", "--deck", "Nope"], None, "Nope"),
    ("backup from a newer format", ["restore", f"{F}/newer.json", "--replace"], None, "newer"),
    ("damaged backup", ["restore", f"{F}/damaged.json", "--replace"], None, "damaged.json"),
    ("unknown cheatsheet --lang", ["cheatsheet", "-o", f"{F}/s.pdf", "--lang", "fr"], None, "fr"),
    ("missing output directory", ["cheatsheet", "-o", f"{F}/nowhere/s.pdf"], None, "does not exist"),
    ("neither .pdf nor .html", ["cheatsheet", "-o", f"{F}/s.docx"], None, ".docx"),
    ("existing file", ["cheatsheet", "-o", f"{F}/exists.pdf"], None, "--force"),
]


@pytest.mark.parametrize(("case", "args", "stdin", "mention"), CASES, ids=[case[0] for case in CASES])
def test_bad_input_is_one_sentence_and_changes_nothing(library: dict[str, Path], case: str, args: list[str],
                                                       stdin: str | None, mention: str) -> None:
    before = fingerprint(library["home"])
    files_before = sorted(p.name for p in library["files"].iterdir())
    args = [arg.replace(F, str(library["files"])) for arg in args]
    result = subprocess.run([*command(), *args], input=stdin, capture_output=True, text=True,
                            env=child_env(library["home"]), timeout=120)
    assert result.returncode == 1, (result.stdout, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and mention in errors[0], result.stderr
    assert errors[0].endswith(".")
    assert "Traceback" not in result.stderr + result.stdout
    assert fingerprint(library["home"]) == before
    assert sorted(p.name for p in library["files"].iterdir()) == files_before  # nothing half-written
    assert (library["files"] / "exists.apkg").read_bytes() == b"old"


def test_a_bad_grade_is_a_hint_and_closed_stdin_keeps_answers(library: dict[str, Path], tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(library["home"], home)
    env = child_env(home, TCPQUIZ_NOW="2030-01-01T10:00")  # the cards are due again
    result = subprocess.run([*command(), "review", "--deck", "Drill"], input="9\n5\n", capture_output=True,
                            text=True, env=env, timeout=60)
    assert result.returncode == 0
    assert "not a grade; answer with a number from 0 to 5" in result.stderr and "Traceback" not in result.stderr
    assert "1 card seen" in result.stdout  # the card stayed for the next line; then stdin closed
    stats = json.loads(subprocess.run([*command(), "stats", "--json"], env=env, capture_output=True, text=True,
                                      check=True).stdout)
    assert stats["reviews_total"] == 2


def test_usage_errors_exit_2(library: dict[str, Path]) -> None:
    result = subprocess.run([*command(), "review", "--new", "lots"], capture_output=True, text=True,
                            env=child_env(library["home"]), timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Error: Invalid value for '--new'" in result.stderr
