"""The review's quick start: the first card is on screen before SQLAlchemy is imported,
in a pipe and in a terminal, and every answer is still saved through the full store."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import child_env, ctrl_c_as_in_a_terminal, write_deck
from tcpquiz.app import builtin_deck_files, builtin_fingerprint, open_store, utcnow
from tcpquiz.notes import load_note
from tcpquiz.notes.source import discover
from tcpquiz.store.reading import QuickReader
from tcpquiz.store.views import Limits

CARDS = [(f"Quick question {i}?", f"Quick answer {i}.") for i in range(1, 4)]
# `python -X importtime` writes one line to stderr per module, as it is imported.
SQLALCHEMY_IMPORTED = re.compile(r"^import time:.*\|\s+sqlalchemy\s*$", re.MULTILINE)


def answers(db_path: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT c.front, r.quality FROM reviews r JOIN cards c ON c.id = r.card_id "
                            "ORDER BY r.id").fetchall()


def importtime_command(*args: str) -> list[str]:
    return [sys.executable, "-X", "importtime", "-m", "tcpquiz", *args]


def test_scripted_review_prints_the_first_card_before_sqlalchemy_loads(deck: Path, tcpquiz_home: Path,
                                                                       db_path: Path) -> None:
    result = subprocess.run(importtime_command("review", "--deck", "Drill"), input="5\nq\n", text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60,
                            env=child_env(tcpquiz_home, PYTHONUNBUFFERED="1"), check=False)
    assert result.returncode == 0, result.stdout
    imported = SQLALCHEMY_IMPORTED.search(result.stdout)
    assert imported is not None, "the answer must be saved through the full store"
    assert result.stdout.index("Q: Quick question 1?") < imported.start()
    assert answers(db_path) == [("Quick question 1?", 5)]


def test_terminal_review_shows_the_first_card_then_loads_while_it_is_read(deck: Path, tcpquiz_home: Path,
                                                                          db_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    command = importtime_command("review", "--deck", "Drill")
    child = pexpect.spawn(command[0], command[1:], env=child_env(tcpquiz_home), dimensions=(40, 100),
                          encoding="utf-8", timeout=20, preexec_fn=ctrl_c_as_in_a_terminal)
    try:
        child.expect("Quick question 1\\?")
        assert not SQLALCHEMY_IMPORTED.search(child.before.replace("\r\n", "\n"))
        # No key pressed yet: the full store loads while the learner reads the card.
        child.expect(r"\|\s+sqlalchemy[\r\n]")
        child.send(" ")
        child.expect("Quick answer 1\\.")
        child.send("4")
        child.expect("Quick question 2\\?")
        child.send("q")
        child.expect("Session summary")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert answers(db_path) == [("Quick question 1?", 4)]


def test_quick_reader_serves_only_a_database_that_needs_nothing_first(tmp_path: Path) -> None:
    fingerprint = builtin_fingerprint(builtin_deck_files())
    path = tmp_path / "library.db"
    assert QuickReader.open(path, fingerprint) is None  # not made yet
    open_store(path).close()
    reader = QuickReader.open(path, fingerprint)
    assert reader is not None
    reader.close()
    assert QuickReader.open(path, "an older tcpquiz's decks") is None  # the built-in decks need loading
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0000'")
    assert QuickReader.open(path, fingerprint) is None  # the schema needs upgrading


def test_quick_reader_reads_the_queue_the_store_reads(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    notes = write_deck(tmp_path / "notes.md", "Drill", CARDS)
    store = open_store(path)
    (note,) = discover([notes])
    store.sync(load_note(note), utcnow())
    today = date.today()
    decks = [d.id for d in store.deck_refs()]
    first = store.review_queue(today, decks, Limits(new_per_day=5))
    store.record_answer(first[0].id, 2, now=utcnow(), session_id="s", scheduled=True)
    expected = store.review_queue(today, decks, Limits(new_per_day=5))
    store.close()
    reader = QuickReader.open(path, builtin_fingerprint(builtin_deck_files()))
    assert reader is not None
    try:
        assert reader.review_queue(today, decks, Limits(new_per_day=5)) == expected
        assert json.dumps([c.as_json() for c in expected])  # plain values, as the store hands out
    finally:
        reader.close()


def test_the_store_opened_behind_the_first_card_writes_only_to_the_library_shown(
        deck: Path, db_path: Path, run_tcpquiz, tmp_path: Path) -> None:
    """A restore between the quick read and the full store's opening: the answer is refused,
    not written to whatever card of the restored library has the shown card's id."""
    from tcpquiz.errors import LibraryReplacedError
    from tcpquiz.review.quickstart import QuickStartStore

    backup = tmp_path / "b.json"
    assert run_tcpquiz("backup", "-o", str(backup)).returncode == 0
    quick = QuickStartStore.open(db_path, lambda: open_store(db_path, known_current=True))
    assert quick is not None
    try:
        drill = [d.id for d in quick.deck_refs() if d.name == "Drill"]
        card = quick.review_queue(date.today(), drill, Limits(new_per_day=5, reviews_per_day=5))[0]
        assert run_tcpquiz("restore", "--replace", str(backup)).returncode == 0  # the store is not open yet
        with pytest.raises(LibraryReplacedError):
            quick.record_answer(card.id, 5, now=utcnow(), session_id="s", scheduled=True)
    finally:
        quick.close()
    assert answers(db_path) == []
