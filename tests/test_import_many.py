"""Importing many notes: parsed on several cores, written several whole decks at a time,
stored exactly as single writes would store them, and safe to interrupt."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

from conftest import (
    REPO,
    child_env,
    coverage_here,
    ctrl_c_as_in_a_terminal,
    running_in_group,
    stop_import_helpers,
    tcpquiz_command,
    write_deck,
)
from tcpquiz.cards import CardDraft, CardKind, DeckDraft
from tcpquiz.errors import ImportFailed
from tcpquiz.notes import load_note_or_failure, parallel
from tcpquiz.notes.parallel import MIN_NOTES_FOR_WORKERS, load_notes
from tcpquiz.notes.source import NoteFile
from tcpquiz.store import Store
from tcpquiz.store import schema as t

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)  # no microseconds: isoformat() would drop them


def many_notes(folder: Path, count: int, cards: int = 4) -> list[Path]:
    return [write_deck(folder / f"n{n:03}.md", f"Note {n}",
                       [(f"Note {n}, question {i}: what does step {i} send?", f"Segment {i} of note {n}.")
                        for i in range(cards)])
            for n in range(count)]


def test_new_cards_are_stored_as_sqlalchemy_stores_them(db_path: Path) -> None:
    """Sync writes new cards straight to the driver; the bytes in the file must be those
    that SQLAlchemy's own insert writes, or reading them back would differ."""
    draft = CardDraft(key="k:1", deck="test:d", kind=CardKind.SEQUENCE, front="握手的三步？", back="SYN；SYN+ACK；ACK",
                      source="d.md:3", extra={"steps": ["SYN", "SYN+ACK", "ACK"], "ordered": True},
                      tags=("tcp", "握手"))
    with Store.open(db_path) as store:
        store.sync(DeckDraft(key="test:d", name="D", source="d.md", text="", cards=(draft,), tags=("tcp", "握手")),
                   NOW)
        with store.engine.begin() as conn:  # SQLAlchemy's own insert, for reference
            deck_id = conn.exec_driver_sql("SELECT id FROM decks WHERE key = 'test:d'").scalar()
            conn.execute(insert(t.cards), {
                "deck_id": deck_id, "key": "k:2", "kind": str(draft.kind), "front": draft.front,
                "back": draft.back, "extra": dict(draft.extra), "tags": list(draft.tags), "source": draft.source,
                "position": 0, "created_at": NOW, "updated_at": NOW,
            })
    columns = "deck_id, kind, front, back, extra, tags, source, position, group_key, retired_at, created_at, updated_at"
    with sqlite3.connect(db_path) as conn:
        synced, reference = (conn.execute(f"SELECT {columns} FROM cards WHERE key = ?", (key,)).fetchone()
                             for key in ("k:1", "k:2"))
    assert synced == reference
    assert all(isinstance(stamp, str) and stamp.endswith(".000000") for stamp in synced[-2:])
    with Store.open(db_path) as store:
        card = next(c for c in store.cards() if c.key == "k:1")
    assert (card.extra, card.tags) == ({"steps": ["SYN", "SYN+ACK", "ACK"], "ordered": True}, ("tcp", "握手"))


@pytest.mark.parametrize("other_thread", [False, True], ids=["forked", "from-a-fork-server"])
def test_workers_give_the_same_decks_in_the_same_order(tmp_path: Path, other_thread: bool) -> None:
    """Workers are forked from this process, or, while it has another thread (a progress
    bar's), started by a fork server: either way, the same decks in the same order."""
    paths = many_notes(tmp_path / "notes", MIN_NOTES_FOR_WORKERS + 6)
    (tmp_path / "notes" / "n010.md").write_bytes(b"\x00\x01binary")
    notes = [NoteFile(p) for p in sorted(paths)]
    with load_notes(notes, workers=1) as decks:
        here = list(decks)
    release = threading.Event()
    thread = threading.Thread(target=release.wait) if other_thread else None
    if thread:
        thread.start()
    try:
        if sys.platform == "linux":
            assert parallel._start_method().get_start_method() == ("forkserver" if other_thread else "fork")
        with load_notes(notes, workers=2) as decks:
            spread = list(decks)
    finally:
        release.set()
    if other_thread and sys.platform == "linux":
        fork_server_is_stopped_with_its_coverage_saved()
    assert [type(d) for d in spread] == [type(d) for d in here]
    assert isinstance(spread[10], ImportFailed) and str(spread[10]) == str(here[10])
    assert [d for d in spread if not isinstance(d, ImportFailed)] == [d for d in here if not isinstance(d, ImportFailed)]
    assert [d.name for d in spread[:3]] == ["Note 0", "Note 1", "Note 2"]


def fork_server_is_stopped_with_its_coverage_saved() -> None:
    """The fork server lives on after the import; conftest.stop_import_helpers ends it before
    this process reports its tests done, and by then it has saved its coverage data under
    its final name (the main process combines those files as soon as every worker is done)."""
    from multiprocessing import forkserver

    pid = forkserver._forkserver._forkserver_pid
    assert pid is not None
    stop_import_helpers()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone, and reaped
    if coverage_here() is not None:
        (saved,) = REPO.glob(f".coverage.*.pid{pid}.*")
        assert saved.name.endswith("h"), saved.name  # named after its data's hash: written and renamed


PARENT = os.getpid()
READ_BY_THE_PARENT: list[str] = []


def dies_in_a_worker_on_note_10(note: NoteFile) -> DeckDraft | ImportFailed:
    """load_note_or_failure, except that a worker process reading n010.md dies on the spot."""
    if os.getpid() == PARENT:
        READ_BY_THE_PARENT.append(note.path.name)
    elif note.path.name == "n010.md":
        os._exit(1)
    return load_note_or_failure(note)


def test_a_worker_that_dies_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = [NoteFile(p) for p in sorted(many_notes(tmp_path / "notes", MIN_NOTES_FOR_WORKERS + 6))]
    with load_notes(notes, workers=1) as decks:
        expected = list(decks)
    monkeypatch.setattr(parallel, "load_note_or_failure", dies_in_a_worker_on_note_10)
    with load_notes(notes, workers=2) as decks:
        assert list(decks) == expected
    assert "n010.md" in READ_BY_THE_PARENT  # the worker did die, and its share was read here


def test_a_database_that_cannot_be_opened_stops_the_workers(run_tcpquiz, tmp_path: Path, db_path: Path) -> None:
    many_notes(tmp_path / "course", MIN_NOTES_FOR_WORKERS + 10)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"not a database, " * 512)
    before = db_path.read_bytes()
    result = run_tcpquiz("import", str(tmp_path / "course"), timeout=30)
    assert result.returncode == 1 and result.stderr.startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr and db_path.read_bytes() == before


def test_importing_a_large_folder_sums_up_and_imports_every_deck(cli, tmp_path: Path, db_path: Path) -> None:
    many_notes(tmp_path / "course", 120)
    result = cli("import", str(tmp_path / "course"))
    assert result.exit_code == 0, result.output
    row = next(line.split() for line in result.stdout.splitlines() if "all 120 decks" in line)
    assert row[-5:] == ["480", "0", "0", "0", "0"]
    assert "Imported 120 decks with 480 active cards." in result.stdout
    with sqlite3.connect(db_path) as conn:
        sizes = conn.execute("SELECT count(c.id) FROM decks d JOIN cards c ON c.deck_id = d.id "
                             "WHERE d.name LIKE 'course::%' GROUP BY d.id").fetchall()
    assert sizes == [(4,)] * 120
    again = cli("import", str(tmp_path / "course"))
    assert next(line.split() for line in again.stdout.splitlines() if "all 120 decks" in line)[-5:] == \
        ["0", "0", "480", "0", "0"]


def like_a_terminal_job() -> None:
    """In the child: Ctrl-C as in a terminal, and at most two cores, so that the import
    takes as long as here on a machine with many."""
    ctrl_c_as_in_a_terminal()
    os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="process groups, signals and CPU affinity (Linux)")
def test_ctrl_c_during_a_large_import_keeps_whole_decks(tmp_path: Path, tcpquiz_home: Path, db_path: Path,
                                                        run_tcpquiz) -> None:
    """Ctrl-C reaches every process of the terminal's foreground group, workers included:
    one sentence, exit status 130, no worker left behind, and only whole decks kept."""
    many_notes(tmp_path / "course", 400, cards=30)
    assert run_tcpquiz("decks").returncode == 0
    importer = subprocess.Popen([*tcpquiz_command(), "import", str(tmp_path / "course")], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=child_env(tcpquiz_home),
                                start_new_session=True, preexec_fn=like_a_terminal_job)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with sqlite3.connect(db_path) as conn:
            if conn.execute("SELECT count(*) FROM decks WHERE name LIKE 'course::%'").fetchone()[0]:
                break
        time.sleep(0.02)
    os.killpg(importer.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    out, err = importer.communicate(timeout=30)
    assert importer.returncode == 130, out + err
    assert "Traceback" not in err and "Interrupted" in err, err
    assert running_in_group(importer.pid, within=5) == [], "processes of the import still running"
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        sizes = conn.execute("SELECT count(c.id) FROM decks d LEFT JOIN cards c ON c.deck_id = d.id "
                             "WHERE d.name LIKE 'course::%' GROUP BY d.id").fetchall()
    assert 0 < len(sizes) < 400 and set(sizes) == {(30,)}
