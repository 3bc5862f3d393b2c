"""The Anki export's own collection writer and the fields it keeps between exports.

The writer puts notes and cards into the collection without genanki's per-note objects,
so its rows are checked against genanki writing the same notes. The fields an export
stores (anki_html) are used only while the card is what they were rendered from.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import write_deck
from exporttools import make_library

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def library(cli, tmp_path: Path, db_path: Path) -> dict:
    return make_library(cli, tmp_path, db_path)


def library_cards(db_path: Path, names: list[str]) -> list:
    from tcpquiz.app import export_selection
    from tcpquiz.store.api import Store

    with Store.open(db_path) as store:
        return export_selection(store, names, include_retired=True)


def collection_of(apkg: Path, folder: Path) -> sqlite3.Connection:
    folder.mkdir()
    with zipfile.ZipFile(apkg) as archive:
        archive.extract("collection.anki2", folder)
    return sqlite3.connect(folder / "collection.anki2")


def genanki_collection(written: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """The same notes, in the same decks and order, written by genanki itself."""
    import genanki

    from tcpquiz.export.anki import NOTE_TYPES

    models = {note_type.model_id: note_type.model() for note_type in NOTE_TYPES}
    decks_json = written.execute("SELECT decks FROM col").fetchone()[0]
    names = {int(deck_id): deck["name"] for deck_id, deck in json.loads(decks_json).items()}
    decks: dict[int, genanki.Deck] = {}
    rows = written.execute(
        "SELECT notes.guid, notes.mid, notes.tags, notes.flds, min(cards.did), min(cards.due) "
        "FROM notes LEFT JOIN cards ON cards.nid = notes.id GROUP BY notes.id ORDER BY notes.id").fetchall()
    for guid, mid, tags, flds, did, due in rows:
        if did not in decks:
            decks[did] = genanki.Deck(did, names[did])
        decks[did].add_note(genanki.Note(model=models[mid], fields=flds.split("\x1f"), tags=tags.split(),
                                         guid=guid, due=due))
    connection = sqlite3.connect(path)
    timestamp = NOW.timestamp()
    genanki.Package(list(decks.values())).write_to_db(connection.cursor(), timestamp,
                                                      itertools.count(int(timestamp * 1000)))
    connection.commit()
    return connection


def test_the_writer_writes_the_rows_genanki_writes(cli, library, db_path: Path, tmp_path: Path) -> None:
    from tcpquiz.export.anki import export_apkg

    (library["notes"] / "cloze.md").write_text(  # one paragraph, two deletions: one note of two cards
        "# Header sizes\n\nThe fixed TCP header is ==20== bytes; with options at most {{c2::60::how many?}} bytes.\n",
        encoding="utf-8")
    assert cli("import", str(library["notes"])).exit_code == 0
    cards = library_cards(db_path, library["decks"])
    apkg = tmp_path / "x.apkg"
    export_apkg(cards, apkg, now=NOW)
    ours = collection_of(apkg, tmp_path / "ours")
    theirs = genanki_collection(ours, tmp_path / "genanki.anki2")
    # Every column but a note's time, which tcpquiz sets to its cards' last change.
    note_columns = "id, guid, mid, usn, tags, flds, sfld, csum, flags, data"
    assert ours.execute(f"SELECT {note_columns} FROM notes ORDER BY id").fetchall() == \
        theirs.execute(f"SELECT {note_columns} FROM notes ORDER BY id").fetchall()
    assert ours.execute("SELECT * FROM cards ORDER BY id").fetchall() == \
        theirs.execute("SELECT * FROM cards ORDER BY id").fetchall()
    assert ours.execute("SELECT * FROM col").fetchall() == theirs.execute("SELECT * FROM col").fetchall()
    # The cloze note of two deletions is two cards of one note.
    assert ours.execute("SELECT count(*) FROM cards").fetchone()[0] > ours.execute(
        "SELECT count(*) FROM notes").fetchone()[0]


def stored_rows(db_path: Path) -> dict[int, tuple[str, str]]:
    with sqlite3.connect(db_path) as conn:
        return {card_id: (digest, fields) for card_id, digest, fields in
                conn.execute("SELECT card_id, digest, fields FROM anki_html")}


def note_fields(apkg: Path, folder: Path) -> dict[str, str]:
    conn = collection_of(apkg, folder)
    try:
        return dict(conn.execute("SELECT guid, flds FROM notes"))
    finally:
        conn.close()


def test_a_second_export_renders_only_what_changed(cli, library, db_path: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from tcpquiz.export.html import HtmlRenderer

    rendered: list[str] = []
    render = HtmlRenderer.render

    def counting(self: HtmlRenderer, text: str, **kwargs: object) -> str:
        rendered.append(text)
        return render(self, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(HtmlRenderer, "render", counting)
    deck_args = ["--deck", "notes"]
    first, second, third = tmp_path / "1.apkg", tmp_path / "2.apkg", tmp_path / "3.apkg"
    assert cli("export", "anki", "-o", str(first), *deck_args).exit_code == 0
    first_renders = len(rendered)
    stored = stored_rows(db_path)
    # Every card of the notes but those that show local images (their HTML depends on files too).
    with sqlite3.connect(db_path) as conn:
        notes_cards = conn.execute("SELECT cards.id, cards.front || cards.back FROM cards JOIN decks "
                                   "ON decks.id = cards.deck_id WHERE decks.name LIKE 'notes::%'").fetchall()
    with_images = {card_id for card_id, text in notes_cards if "![" in text}
    assert with_images and set(stored) == {card_id for card_id, _text in notes_cards} - with_images

    rendered.clear()
    assert cli("export", "anki", "-o", str(second), *deck_args).exit_code == 0
    assert 0 < len(rendered) < first_renders  # only the card with images again
    assert note_fields(first, tmp_path / "a") == note_fields(second, tmp_path / "b")

    # An edited answer: that card is rendered again, and the package shows the new answer.
    write_deck(library["notes"] / "close.md", "Four-way close",
               [("Who sends the first FIN?", "The **active** closer, whichever side calls close() first.")])
    later = (datetime.now() + timedelta(minutes=5)).isoformat(timespec="seconds")
    assert cli("import", str(library["notes"]), env={"TCPQUIZ_NOW": later}).exit_code == 0
    rendered.clear()
    assert cli("export", "anki", "-o", str(third), *deck_args).exit_code == 0
    assert any("The **active** closer" in text for text in rendered)
    assert not any("The active closer." in text for text in rendered)
    fields = note_fields(third, tmp_path / "c")
    assert any("The <strong>active</strong> closer" in flds for flds in fields.values())
    changed = {card_id for card_id, row in stored_rows(db_path).items() if stored.get(card_id) != row}
    assert len(changed) == 1


def test_a_stored_rendering_of_other_content_is_not_used(cli, library, db_path: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "1.apkg", tmp_path / "2.apkg"
    assert cli("export", "anki", "-o", str(first), "--deck", "notes").exit_code == 0
    with sqlite3.connect(db_path) as conn:  # as if the card had changed since: its digest no longer matches
        conn.execute("UPDATE anki_html SET digest = 'stale', fields = '<p>stale</p>' || char(31) || char(31)")
    assert cli("export", "anki", "-o", str(second), "--deck", "notes").exit_code == 0
    assert note_fields(first, tmp_path / "a") == note_fields(second, tmp_path / "b")
    assert "stale" not in str(stored_rows(db_path).values())


def test_a_library_that_cannot_be_written_still_exports(cli, library, db_path: Path, tmp_path: Path) -> None:
    from tcpquiz.export.stored import StoredFields

    stored = StoredFields(tmp_path / "missing.db")  # no such library: the renderings are dropped
    stored.keep(1, "digest", "tcpquiz basic", ["<p>a</p>", "", ""])
    stored.close()
    assert not (tmp_path / "missing.db").exists() and stored.written == 0


def test_a_card_with_a_web_image_is_kept_and_one_with_a_local_image_is_not(cli, tmp_path: Path,
                                                                             db_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n not really a picture")
    write_deck(notes / "images.md", "Images", [("What does the web diagram show?", "![web](https://example.com/a.png)"),
                                               ("What does the local diagram show?", "![local](pic.png)")])
    assert cli("import", str(notes)).exit_code == 0
    assert cli("export", "anki", "-o", str(tmp_path / "x.apkg"), "--deck", "notes").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        kept = [front for (front,) in conn.execute(
            "SELECT cards.front FROM anki_html JOIN cards ON cards.id = anki_html.card_id")]
    assert kept == ["What does the web diagram show?"]
