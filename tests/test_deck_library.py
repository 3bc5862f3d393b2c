"""Managing the library of decks: unique names, choosing a deck by name, id or path,
removing, restoring, purging and renaming decks, `--db` typos, and export names."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import write_deck


def deck_rows(cli) -> list[dict]:
    result = cli("decks", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def own_decks(cli) -> list[dict]:
    return [row for row in deck_rows(cli) if not row["builtin"]]


def test_two_notes_with_one_title_make_two_decks_named_apart_and_each_is_found(cli, tmp_path: Path) -> None:
    notes = tmp_path / "dup"
    write_deck(notes / "basics.md", "TCP", [("What is TCP?", "A transport protocol.")])
    write_deck(notes / "close.md", "TCP", [("How does TCP close?", "With FIN segments.")])
    assert cli("import", str(notes)).exit_code == 0

    names = sorted(row["name"] for row in own_decks(cli))
    # The folder's deck comes first in the name; the second note is named after its file.
    assert names == ["dup::TCP", "dup::TCP (close)"]
    read = cli("read", "dup::TCP (close)", "--no-count")
    assert read.exit_code == 0 and "How does TCP close?" in read.stdout and "What is TCP?" not in read.stdout
    goal = cli("goal", "dup::TCP", "--reads", "7")
    assert goal.exit_code == 0, goal.output
    assert {row["name"]: row["read_goal"] for row in own_decks(cli)} == {"dup::TCP": 7, "dup::TCP (close)": 60}

    # Importing again keeps each deck's name: the names are stable, not first come first served.
    assert cli("import", str(notes)).exit_code == 0
    assert sorted(row["name"] for row in own_decks(cli)) == names


def test_a_deck_is_chosen_by_its_id_or_its_notes_path(cli, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "handshake.md", "Handshake", [("First segment?", "SYN.")])
    assert cli("import", str(path)).exit_code == 0
    (row,) = own_decks(cli)

    by_id = cli("cards", "--deck", str(row["id"]), "--json")
    assert [card["front"] for card in json.loads(by_id.stdout)] == ["First segment?"]
    by_path = cli("read", str(path), "--no-count")
    assert by_path.exit_code == 0 and "First segment?" in by_path.stdout
    fronted = tmp_path / "fronted.md"
    fronted.write_text("---\nid: close-notes\ntitle: Close\n---\nQ: Who sends the first FIN?\nA: The active closer.\n",
                       encoding="utf-8")
    assert cli("import", str(fronted)).exit_code == 0
    by_front_matter_id = cli("cards", "--deck", "close-notes", "--json")
    assert [card["front"] for card in json.loads(by_front_matter_id.stdout)] == ["Who sends the first FIN?"]
    assert cli("cards", "--deck", "en", "--json").exit_code == 1  # no deck's id ends in "en" by accident
    unknown = cli("read", "99999")
    assert unknown.exit_code == 1 and unknown.stderr.startswith("Error: There is no deck named '99999'")


def test_ambiguous_deck_names_are_refused_with_the_candidates_and_their_ids(cli, tmp_path: Path) -> None:
    notes = tmp_path / "tcp"
    write_deck(notes / "a.md", "Handshake", [("Q1?", "A1.")])
    write_deck(notes / "b.md", "Close", [("Q2?", "A2.")])
    assert cli("import", str(notes)).exit_code == 0
    ids = {row["name"]: row["id"] for row in own_decks(cli)}

    result = cli("read", "tcp")  # the folder's name selects both of its decks
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: 'tcp' names several decks (tcp::Close (id {ids['tcp::Close']}), tcp::Handshake "
        f"(id {ids['tcp::Handshake']})); give the full name or the id of one.")


def test_remove_keeps_the_history_and_restore_brings_back_exactly_the_cards_it_retired(cli, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "d.md", "Drill", [("Q1?", "A1."), ("Q2?", "A2."), ("Q3?", "A3.")])
    assert cli("import", str(path)).exit_code == 0
    assert cli("review", "--deck", "Drill", input="5\n4\nq\n").exit_code == 0
    write_deck(path, "Drill", [("Q1?", "A1."), ("Q2?", "A2.")])  # Q3 leaves the note: retired by the import
    assert cli("import", str(path)).exit_code == 0

    removed = cli("decks", "remove", "Drill")
    assert removed.exit_code == 0, removed.output
    assert "Removed Drill (2 cards retired, their history kept)" in removed.stdout
    assert own_decks(cli) == []
    gone = cli("review", "--deck", "Drill")  # it is no longer a deck to study, and says how to get it back
    assert gone.exit_code == 1
    assert gone.stderr.startswith("Error: The deck Drill was removed; `tcpquiz decks restore ")
    restored = cli("decks", "restore", "Drill")
    assert restored.exit_code == 0 and "Restored Drill with 2 cards." in restored.stdout
    cards = json.loads(cli("cards", "--deck", "Drill", "--json").stdout)
    assert [card["front"] for card in cards] == ["Q1?", "Q2?"]  # Q3 stays retired
    assert [card["repetitions"] for card in cards] == [1, 1]  # the answers given before are kept


def test_a_removed_built_in_deck_stays_removed_until_restored(cli) -> None:
    assert cli("config", "lang", "en").exit_code == 0
    result = cli("decks", "remove", "TCP basics")
    assert result.exit_code == 0, result.output
    assert "TCP basics" not in [row["name"] for row in deck_rows(cli)]
    purge = cli("decks", "remove", "TCP basics", "--purge", "--yes")
    assert purge.exit_code == 1  # removed decks are not found by the other commands
    assert cli("decks", "restore", "TCP basics").exit_code == 0
    assert "TCP basics" in [row["name"] for row in deck_rows(cli)]
    refused = cli("decks", "remove", "TCP basics", "--purge", "--yes")
    assert refused.exit_code == 1 and "is a built-in deck" in refused.stderr


def test_purge_asks_first_and_then_deletes_the_deck_with_its_history(cli, tmp_path: Path, db_path: Path) -> None:
    path = write_deck(tmp_path / "d.md", "Drill", [("Q1?", "A1."), ("Q2?", "A2.")])
    assert cli("import", str(path)).exit_code == 0
    assert cli("review", "--deck", "Drill", input="5\n2\n5\nq\n").exit_code == 0

    declined = cli("decks", "remove", "Drill", "--purge", input="n\n")
    assert declined.exit_code == 1 and [row["name"] for row in own_decks(cli)] == ["Drill"]
    # CliRunner's input is not a terminal: without --yes the purge is refused, never assumed.
    assert "pass --yes to confirm" in declined.stderr

    purged = cli("decks", "remove", "Drill", "--purge", "--yes")
    assert purged.exit_code == 0 and "Deleted Drill and 2 cards with their history." in purged.stdout
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM decks WHERE name = 'Drill'").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM reviews").fetchone() == (0,)  # only Drill was studied
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_rename_keeps_the_name_across_imports_and_refuses_a_taken_one(cli, tmp_path: Path) -> None:
    one = write_deck(tmp_path / "one.md", "One", [("Q1?", "A1.")])
    two = write_deck(tmp_path / "two.md", "Two", [("Q2?", "A2.")])
    assert cli("import", str(one), str(two)).exit_code == 0

    assert cli("decks", "rename", "One", "Handshake").exit_code == 0
    assert cli("import", str(one)).exit_code == 0
    assert sorted(row["name"] for row in own_decks(cli)) == ["Handshake", "Two"]
    taken = cli("decks", "rename", "Two", "handshake")
    assert taken.exit_code == 1
    assert taken.stderr.strip() == "Error: There is already a deck named 'Handshake'; choose another name."


def test_a_file_without_cards_makes_no_deck(cli, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    # A README that only points at the notes: navigation, which the importer reads as no content.
    readme.write_text("# About these notes\n\n- [Handshake](handshake.md)\n- [Close](close.md)\n", encoding="utf-8")
    result = cli("import", str(readme))
    assert "no cards were found in it, so it made no deck" in result.stderr
    assert own_decks(cli) == []


def test_a_db_path_in_a_missing_folder_is_refused_unless_asked_and_a_new_library_is_announced(
        cli, tmp_path: Path) -> None:
    typo = tmp_path / "nottes" / "tcp.db"
    refused = cli("--db", str(typo), "decks")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (f"Error: The folder {typo.parent} does not exist; check the --db path, "
                                      "or pass --create-folder to create it.")
    assert not typo.parent.exists()

    created = cli("--db", str(typo), "--create-folder", "decks")
    assert created.exit_code == 0 and f"Creating a new library at {typo}." in created.stderr
    again = cli("--db", str(typo), "decks")
    assert again.exit_code == 0 and "Creating a new library" not in again.stderr


# The sentences as tcpquiz.ui.messages_zh gives them, written out here by hand.
DB_FOLDER_MISSING = {
    "en": "Error: The folder {folder} does not exist; check the --db path, or pass --create-folder to create it.",
    "zh": "Error: 文件夹 {folder} 不存在；请检查 --db 的路径，或加上 --create-folder 创建它。",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_missing_db_folder_is_told_in_the_default_librarys_study_language(cli, run_tcpquiz, tmp_path: Path,
                                                                           lang: str) -> None:
    # The --db library cannot be read, so the learner's own library speaks for them; the
    # locale says the other language, and loses to the setting.
    assert cli("config", "lang", lang).exit_code == 0
    other_locale = "en_US.UTF-8" if lang == "zh" else "zh_CN.UTF-8"
    typo = tmp_path / "nottes" / "tcp.db"
    expected = DB_FOLDER_MISSING[lang].format(folder=typo.parent)
    in_process = cli("--db", str(typo), "decks", env={"LANG": other_locale})
    assert (in_process.exit_code, in_process.stderr.strip()) == (1, expected)
    # review and stats start without typer (tcpquiz.entry): the same sentence there.
    for command in ("review", "stats"):
        child = run_tcpquiz("--db", str(typo), command, LANG=other_locale)
        assert (child.returncode, child.stderr.strip()) == (1, expected)
    assert not typo.parent.exists()


@pytest.mark.real_first_run  # no library at home: nothing to copy in
def test_a_missing_db_folder_with_no_library_at_home_is_told_in_the_locales_language(
        cli, run_tcpquiz, tcpquiz_home: Path, tmp_path: Path) -> None:
    typo = tmp_path / "nottes" / "tcp.db"
    for locale, lang in (("zh_CN.UTF-8", "zh"), ("C.UTF-8", "en")):
        expected = DB_FOLDER_MISSING[lang].format(folder=typo.parent)
        in_process = cli("--db", str(typo), "decks", env={"LANG": locale})
        assert (in_process.exit_code, in_process.stderr.strip()) == (1, expected)
        child = run_tcpquiz("--db", str(typo), "review", LANG=locale)
        assert (child.returncode, child.stderr.strip()) == (1, expected)
    assert not tcpquiz_home.exists()  # asking for the setting made no library


@pytest.fixture
def many_decks(cli, tmp_path: Path) -> int:
    """Twenty decks, many::Drill 10 to many::Drill 29 (a folder's decks are named under it), and
    one whose name holds a comma, beside the built-in ones: the number of decks."""
    notes = tmp_path / "many"
    for number in range(10, 30):
        write_deck(notes / f"drill-{number}.md", f"Drill {number}", [(f"Q{number}?", f"A{number}.")])
    write_deck(notes / "syn-ack.md", "SYN, ACK and handshake", [("Q?", "A.")])
    assert cli("import", str(notes)).exit_code == 0
    return len(deck_rows(cli))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_unknown_deck_among_many_names_the_closest_in_the_study_language(cli, many_decks: int,
                                                                            lang: str) -> None:
    assert cli("config", "lang", lang).exit_code == 0
    expected = {
        # "drill 1" is part of many::Drill 10 to many::Drill 19: the first five of them, in order.
        "drill 1": {
            "en": f"Error: There is no deck named 'drill 1'; close names among the {many_decks} decks: many::Drill 10, "
                  "many::Drill 11, many::Drill 12, many::Drill 13, many::Drill 14 (`tcpquiz decks` lists them all).",
            "zh": f"Error: 没有名为 'drill 1' 的卡组；{many_decks} 个卡组中相近的名字：many::Drill 10、many::Drill 11、many::Drill 12、"
                  "many::Drill 13、many::Drill 14（`tcpquiz decks` 列出全部卡组）。",
        },
        # One letter short of a name that holds a comma: the name is shown whole, not split as a list.
        "syn, ack and handshak": {
            "en": f"Error: There is no deck named 'syn, ack and handshak'; close names among the {many_decks} decks: "
                  "many::SYN, ACK and handshake (`tcpquiz decks` lists them all).",
            "zh": f"Error: 没有名为 'syn, ack and handshak' 的卡组；{many_decks} 个卡组中相近的名字：many::SYN, ACK and handshake"
                  "（`tcpquiz decks` 列出全部卡组）。",
        },
        "qwertyuiop": {
            "en": f"Error: There is no deck named 'qwertyuiop' among the {many_decks} decks; `tcpquiz decks` lists them.",
            "zh": f"Error: {many_decks} 个卡组中没有名为 'qwertyuiop' 的卡组；`tcpquiz decks` 列出全部卡组。",
        },
    }
    for typed, said in expected.items():
        result = cli("cards", "--deck", typed)
        assert (result.exit_code, result.stderr.strip()) == (1, said[lang])


def test_an_unknown_deck_in_a_small_library_lists_every_deck_with_the_languages_list_separator() -> None:
    from tcpquiz.errors import UnknownDeckError
    from tcpquiz.ui.messages_zh import message_zh

    error = UnknownDeckError.no_deck_named("x", ["Close", "SYN, ACK", "Handshake"])
    assert str(error) == "There is no deck named 'x'; the known decks are: Close, Handshake, SYN, ACK."
    assert message_zh(str(error), error.names) == "没有名为 'x' 的卡组；已有的卡组：Close、Handshake、SYN, ACK。"
    nothing = UnknownDeckError.no_deck_named("x", [])
    assert message_zh(str(nothing), nothing.names) == "没有名为 'x' 的卡组；已有的卡组：还没有。"
    # A name of spaces is close to none of many decks (every name holds a space).
    blank = UnknownDeckError.no_deck_named("  ", [f"Deck {n}" for n in range(20)])
    assert str(blank) == "There is no deck named '  ' among the 20 decks; `tcpquiz decks` lists them."


def test_export_anki_refuses_a_name_that_is_not_a_package(cli, tmp_path: Path) -> None:
    result = cli("export", "anki", "-o", str(tmp_path / "tcp.txt"))
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: An Anki package is a .apkg file, so {tmp_path / 'tcp.txt'} must end "
                                     "in .apkg (for text, use `tcpquiz export csv -o tcp.csv`).")
    assert not (tmp_path / "tcp.txt").exists()
