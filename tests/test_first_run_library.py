"""The library a test starts on (tests/conftest.py, FirstRunLibraries) is the one tcpquiz's own
first run builds: the same schema, rows and pragmas (the pages may be laid out otherwise)."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIRST_RUN

# The columns that hold the moment a row was written: the clock's, so equal only at one TCPQUIZ_NOW.
MOMENTS = {"decks": ("created_at", "updated_at"), "cards": ("created_at", "updated_at")}


def contents(path: Path, *, without_moments: bool = False) -> list[tuple[object, ...]]:
    """Every table's definition and rows, in order, and the pragmas a copy carries with the file."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        found: list[tuple[object, ...]] = []
        for pragma in ("journal_mode", "page_size", "user_version", "application_id", "auto_vacuum", "encoding"):
            found.append((pragma, conn.execute(f"PRAGMA {pragma}").fetchone()[0]))
        tables = conn.execute("SELECT name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        found += tables
        for (name, _sql) in tables:
            if _sql is None or not _sql.startswith("CREATE TABLE"):
                continue
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')]
            hidden = MOMENTS.get(name, ()) if without_moments else ()
            shown = ", ".join(f'"{c}"' for c in columns if c not in hidden)
            found += [(name, *row) for row in conn.execute(f'SELECT {shown} FROM "{name}" ORDER BY rowid')]
        return found
    finally:
        conn.close()


@pytest.mark.real_first_run
def test_a_first_run_at_a_set_time_builds_the_template(
        run_tcpquiz: Callable[..., subprocess.CompletedProcess[str]], tcpquiz_home: Path) -> None:
    now = "2026-11-20T10:00"
    result = run_tcpquiz("decks", TCPQUIZ_NOW=now)
    assert result.returncode == 0, result.stderr
    assert "Loading the built-in decks (once, on first run)." in result.stderr
    built, template = tcpquiz_home / "tcpquiz.db", FIRST_RUN.template(now)
    assert contents(built) == contents(template)


@pytest.mark.real_first_run
def test_a_first_run_on_the_real_clock_differs_from_the_template_only_in_its_times(
        run_tcpquiz: Callable[..., subprocess.CompletedProcess[str]], tcpquiz_home: Path) -> None:
    result = run_tcpquiz("decks")
    assert result.returncode == 0, result.stderr
    built, template = tcpquiz_home / "tcpquiz.db", FIRST_RUN.template(None)
    assert contents(built, without_moments=True) == contents(template, without_moments=True)
    assert len(contents(built)) == len(contents(template))


def test_a_test_starts_on_a_copy_and_the_template_stays_as_built(
        run_tcpquiz: Callable[..., subprocess.CompletedProcess[str]], tcpquiz_home: Path) -> None:
    now = "2026-11-20T10:00"
    before = FIRST_RUN.template(now).read_bytes()
    result = run_tcpquiz("review", "--new", "1", input="5\n", TCPQUIZ_NOW=now)
    assert result.returncode == 0 and "first run" not in result.stderr, result.stderr
    assert len(contents(tcpquiz_home / "tcpquiz.db")) == len(contents(FIRST_RUN.template(now))) + 2  # a review, a schedule
    assert FIRST_RUN.template(now).read_bytes() == before
