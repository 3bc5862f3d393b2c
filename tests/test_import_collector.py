"""While notes are read and imported, the importing process's garbage collector runs less
often and leaves alone what the process held before (tcpquiz.notes.parallel); once the
block ends, both are as they were, whether the block finished or failed."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from tcpquiz.notes.parallel import WORKER_GC_THRESHOLD, load_notes
from tcpquiz.notes.source import NoteFile


def notes(tmp_path: Path, count: int) -> list[NoteFile]:
    paths = []
    for n in range(count):
        path = tmp_path / f"note-{n}.md"
        path.write_text(f"# Note {n}\n\n## Why\n\nQ: What does note {n} ask?\nA: Its own question.\n", encoding="utf-8")
        paths.append(NoteFile(path))
    return paths


@pytest.mark.parametrize("workers", [1, 2])
def test_the_collector_is_put_back_after_an_import(tmp_path: Path, workers: int) -> None:
    before, frozen_before = gc.get_threshold(), gc.get_freeze_count()
    assert before[0] != WORKER_GC_THRESHOLD  # Python's default (700) in the test process
    held = [[n] for n in range(3)]  # containers this process holds when the import begins (tracked by gc)
    with load_notes(notes(tmp_path, 30), workers=workers) as decks:
        assert gc.get_threshold()[0] == WORKER_GC_THRESHOLD
        assert gc.get_freeze_count() >= frozen_before + len(held)
        assert [deck.name for deck in decks] == [f"Note {n}" for n in range(30)]
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_collector_is_put_back_when_the_import_fails(tmp_path: Path) -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), load_notes(notes(tmp_path, 2), workers=1):
        raise RuntimeError("the database could not be opened")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
