"""`tcpquiz export csv`: plain CSV that spreadsheets read and real Anki imports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from anki.collection import ImportCsvRequest

from conftest import write_deck
from exporttools import KINDS, collection, make_library


@pytest.fixture
def library(cli, tmp_path: Path, db_path: Path) -> dict:
    return make_library(cli, tmp_path, db_path)


def export(cli, out: Path, *args: str):
    return cli("export", "csv", "-o", str(out), *args)


def rows(path: Path) -> list[list[str]]:
    """The rows as any CSV reader sees them once Anki's `#` header lines are skipped."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.reader(lines))


def test_rows_hold_front_back_deck_and_tags(cli, library, tmp_path: Path) -> None:
    out = tmp_path / "tcp.csv"
    result = export(cli, out, "--deck", "notes")
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}: 3 cards from 2 decks." in result.stdout

    head = out.read_text(encoding="utf-8").splitlines()[:5]
    assert head == ["#separator:comma", "#html:false", "#columns:Front,Back,Deck,Tags", "#deck column:3",
                    "#tags column:4"]
    table = rows(out)
    assert [len(row) for row in table] == [4, 4, 4]
    ours = json.loads(cli("cards", "--json", "--deck", "notes").stdout)
    assert [(r[0], r[1]) for r in table] == [(c["front"], c["back"]) for c in ours]  # the cards' own text
    first = next(r for r in table if r[0].startswith("第一次握手"))
    assert first[0] == "第一次握手发送什么？<b>不是粗体</b>"
    assert "客户端发送 SYN=1，seq=x，进入 SYN-SENT。\n\n```c\n" in first[1]  # Chinese and line breaks intact
    assert first[2] == "TCP::notes::握手::三次握手"
    assert first[3] == "tcp hand_shake tcpquiz::basic"


def test_choice_and_cloze_cards_as_text(cli, library, tmp_path: Path) -> None:
    out = tmp_path / "kinds.csv"
    assert export(cli, out, "--deck", KINDS).exit_code == 0
    table = {row[0]: row for row in rows(out)}
    choice = next(row for front, row in table.items() if front.startswith("In FIN-WAIT-1"))
    assert choice[0].endswith("\n\n1. CLOSING\n2. TIME-WAIT\n3. CLOSED")
    assert choice[1].startswith("1. CLOSING\n\nRFC 9293 3.6")
    cloze = table["The client sends [...] and the server answers [...]."]
    assert cloze[1] == "The client sends SYN and the server answers SYN+ACK."
    assert "A [...] consumes [how many?]." in table


def test_real_anki_imports_it_into_the_right_decks(cli, library, tmp_path: Path) -> None:
    out = tmp_path / "tcp.csv"
    assert export(cli, out, "--deck", "notes", "--deck", KINDS).exit_code == 0
    expected = rows(out)
    with collection(tmp_path / "anki" / "collection.anki2") as col:
        metadata = col.get_csv_metadata(str(out), None)  # what Anki's import dialog starts from
        col.import_csv(ImportCsvRequest(path=str(out), metadata=metadata))
        assert col.note_count() == col.card_count() == len(expected) == 12
        imported = {}
        for note_id in col.find_notes(""):
            note = col.get_note(note_id)
            deck = col.decks.name(col.get_card(note.card_ids()[0]).did)
            imported[note["Front"]] = (note["Back"], deck, set(note.tags))
    back, deck, tags = imported["第一次握手发送什么？&lt;b&gt;不是粗体&lt;/b&gt;"]  # text, escaped by Anki
    assert back.startswith("客户端发送 SYN=1，seq=x，进入 SYN-SENT。<br><br>```c<br>")
    assert deck == "TCP::notes::握手::三次握手" and tags == {"tcp", "hand_shake", "tcpquiz::basic"}
    assert {deck for _back, deck, _tags in imported.values()} == {
        "TCP::notes::握手::三次握手", "TCP::notes::Four-way close", "TCP::Kinds"}


def test_a_front_starting_with_a_hash_is_not_taken_for_a_comment(cli, tmp_path: Path) -> None:
    write_deck(tmp_path / "c.md", "C", [("#include <netinet/tcp.h> declares what?", "struct tcphdr.")])
    assert cli("import", str(tmp_path / "c.md")).exit_code == 0
    out = tmp_path / "c.csv"
    assert export(cli, out, "--deck", "C").exit_code == 0
    with collection(tmp_path / "anki" / "collection.anki2") as col:
        col.import_csv(ImportCsvRequest(path=str(out), metadata=col.get_csv_metadata(str(out), None)))
        (note_id,) = col.find_notes("")
        assert col.get_note(note_id)["Front"] == "#include &lt;netinet/tcp.h&gt; declares what?"


def test_bad_output(cli, library, tmp_path: Path) -> None:
    out = tmp_path / "tcp.csv"
    out.write_text("keep me", encoding="utf-8")
    result = export(cli, out, "--deck", "notes")
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and "pass --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert export(cli, out, "--deck", "notes", "--force").exit_code == 0
    assert len(rows(out)) == 3
    result = export(cli, tmp_path / "missing" / "tcp.csv", "--deck", "notes")
    assert result.exit_code == 1 and "does not exist" in result.stderr
    result = export(cli, out, "--deck", "nope", "--force")
    assert result.exit_code == 1 and "There is no deck named 'nope'" in result.stderr
