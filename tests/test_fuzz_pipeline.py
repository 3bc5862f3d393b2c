"""Fuzz the importer end to end: files -> import -> store -> CSV and Anki exports.

Two thousand notes in all (a library of fifty notes per example), ordinary and hostile
(tests/strategies.py); ten thousand with `pytest -m slow`. Whatever a note holds: no exception reaches the caller, a note
that cannot be read fails alone with one sentence, no fault of the parser is met (the
import turns one into a sentence; here it would fail the test), the store holds what the
parser made, the CSV reads back with no cell a spreadsheet would run, and the Anki
package holds one Anki card per card and no file from outside the notes' folder.
"""

from __future__ import annotations

import csv
import dataclasses
import itertools
import shutil
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from strategies import libraries

NOTES_PER_LIBRARY = 50
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf"
                    "c0f01f0005000201a5e3d5dd0000000049454e44ae426082")


# Each property holds note by note and library by library, so forty libraries check the same
# properties as two hundred, on fewer random notes, in a fifth of the time (10,000 notes took
# about 80 s on an idle machine, the suite's longest test, run at its end). The long run is
# kept for a change to the parser or the strategies: `pytest -m slow`.
@pytest.mark.parametrize("library_count", [40, pytest.param(200, marks=pytest.mark.slow)])
def test_thousands_of_notes_end_to_end(tmp_path: Path, library_count: int) -> None:
    from tcpquiz.app import find_notes, import_notes
    from tcpquiz.export.anki import export_apkg
    from tcpquiz.export.csv import ANKI_HEADERS, FORMULA_STARTS, export_csv
    from tcpquiz.notes.parallel import load_notes
    from tcpquiz.store.api import Store
    from tcpquiz.store.views import CardView
    from tcpquiz.ui.safe import visible

    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)  # an image outside every library's folder: never packed
    counter = itertools.count()
    notes_seen = []
    every_card: list[CardView] = []  # for the one Anki package at the end
    template = tmp_path / "empty.db"  # a library with the schema and nothing else, copied per example
    Store.open(template).close()

    # No shrinking: a failing library is printed whole (its notes are short), and shrinking
    # fifty notes took minutes.
    @settings(max_examples=library_count, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(libraries(NOTES_PER_LIBRARY))
    def one_library(texts: list[str]) -> None:
        # Notes are keyed by their path below the imported folder, so each library's notes
        # sit in a folder of their own name: the one package below gets no two alike.
        number = next(counter)
        root = tmp_path / f"lib{number}"
        folder = root / f"n{number}"
        (folder / "img").mkdir(parents=True)
        (folder / "img" / "ok.png").write_bytes(PNG)
        (folder / "img" / "fake.png").write_text("not an image\n")
        (folder / "img" / "link-out.png").symlink_to(secret)
        for index, text in enumerate(texts):
            (folder / f"{index:02d}.md").write_text(text, encoding="utf-8", errors="surrogatepass")
        found, missing = find_notes([root])
        assert missing == [] and len(found) == len(texts)
        shutil.copyfile(template, root / "library.db")  # a library of its own: each example alone, and linear
        with Store.open(root / "library.db") as store, load_notes(found, workers=1) as drafts:
            report = import_notes(store, found, drafts)
            cards = store.cards()
        for failure in report.failures:
            assert "fault in tcpquiz" not in failure, failure
            assert failure.endswith(".") and "\n" not in failure
        assert len(cards) == sum(r.new + r.updated + r.unchanged + r.restored for r in report.results)
        for card in cards:
            assert card.front.strip() and card.back.strip()
            assert not any(ch in visible(card.front + card.back + card.deck) for ch in "\x1b\x07\x9b\x00")
        notes_seen.append(len(texts))
        # Each library numbers its cards from 1; the one package below needs them apart.
        every_card.extend(dataclasses.replace(card, id=number * 1_000_000 + card.id) for card in cards)
        if not cards:
            return
        export_csv(cards, folder / "cards.csv")
        with (folder / "cards.csv").open(encoding="utf-8", newline="") as handle:
            for _ in ANKI_HEADERS:  # Anki's header lines; a card's own lines may start with # too
                handle.readline()
            rows = list(csv.reader(handle))
        assert len(rows) == len(cards)
        assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)

    one_library()
    # One Anki package of every library's cards: writing a package costs a collection's
    # schema each time, too much to pay for each library.
    summary = export_apkg(every_card, tmp_path / "all.apkg", now=datetime(2026, 1, 1, tzinfo=UTC))
    assert sum(notes_seen) >= library_count * NOTES_PER_LIBRARY
    with zipfile.ZipFile(tmp_path / "all.apkg") as package:
        package.extract("collection.anki2", tmp_path)
        packed = [package.read(name) for name in package.namelist() if name.isdigit()]
    with sqlite3.connect(tmp_path / "collection.anki2") as conn:
        # One Anki card per card (the deletions of one paragraph share a Cloze note).
        assert conn.execute("SELECT count(*) FROM cards").fetchone() == (len(every_card),)
    assert len(packed) == summary.media and all(data == PNG for data in packed)  # each library's ok.png alone
