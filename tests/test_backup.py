"""`tcpquiz backup` and `tcpquiz restore`: everything out, everything back."""

from __future__ import annotations

import copy
import gc
import json
import shutil
import sqlite3
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path

import pytest

from conftest import coverage_paused, record_read, write_deck

DAY1, DAY2, DAY3 = "2026-11-18T09:00", "2026-11-19T21:30", "2026-11-20T08:00"
CARDS = [(f"Question {i}?", f"Answer {i}.") for i in range(1, 6)]


def run(cli, home: Path, *args: str, now: str | None = None, input: str | None = None):
    # The environment is given in full: the module's library is built before the autouse
    # fixtures of conftest set it for each test.
    env = {"TCPQUIZ_HOME": str(home), "TCPQUIZ_NOW": now, "LANG": "C.UTF-8", "LC_ALL": None,
           "LC_MESSAGES": None, "LANGUAGE": None}
    return cli(*args, input=input, env=env)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A library with a bit of everything, built once for this module, and its backup:
    two decks (one a folder deck), answers over three days with an undo, a retired card,
    reads, a changed read goal, goals with ticks, a setting, and a card with engine data
    and a group key."""
    from typer.testing import CliRunner

    from tcpquiz.cli import app

    runner = CliRunner()

    def cli(*args: str, input: str | None = None, env: dict | None = None):
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    root = tmp_path_factory.mktemp("library")
    home, notes = root / "home", root / "notes"
    write_deck(notes / "handshake.md", "Handshake", CARDS, preamble="Prose to read.")
    write_deck(notes / "握手" / "close.md", "挥手", [("谁先发 FIN？", "主动关闭方。")])
    assert run(cli, home, "import", str(notes), now=DAY1).exit_code == 0

    # Day 1: three new cards; the 2 comes back in the session; one answer is undone.
    result = run(cli, home, "review", "--deck", "notes", "--new", "3", input="5\n2\nu\n3\n4\n4\n", now=DAY1)
    assert result.exit_code == 0, result.output
    assert run(cli, home, "review", "--deck", "notes", input="5\n4\n", now=DAY2).exit_code == 0
    assert run(cli, home, "review", "--deck", "notes", input="3\n5\n1\n5\nq\n", now=DAY3).exit_code == 0

    write_deck(notes / "handshake.md", "Handshake", CARDS[:-1], preamble="Prose to read.")  # retires one
    assert run(cli, home, "import", str(notes), now=DAY3).exit_code == 0
    record_read(home / "tcpquiz.db", "notes::Handshake", DAY2)
    record_read(home / "tcpquiz.db", "notes::Handshake", DAY3)
    assert run(cli, home, "goal", "notes::握手::挥手", "--reads", "12").exit_code == 0
    assert run(cli, home, "goal", "add", "Listen to the TCP chapter", "--target", "5", now=DAY1).exit_code == 0
    assert run(cli, home, "goal", "tick", "Listen", now=DAY2).exit_code == 0
    assert run(cli, home, "config", "new-per-day", "7").exit_code == 0

    db = home / "tcpquiz.db"
    add_engine_card(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE cards SET group_key = 'syn-first' WHERE key LIKE 'file:%question 1' "
                     "OR key LIKE 'file:%question 2'")
    with sqlite3.connect(db) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("reviews", "review_undos", "reads", "goal_ticks")}
        assert conn.execute("SELECT count(*) FROM cards WHERE retired_at IS NOT NULL").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM cards WHERE group_key = 'syn-first'").fetchone()[0] == 2
    assert counts["reviews"] >= 10 and counts["review_undos"] == 1
    assert counts["reads"] == 2 and counts["goal_ticks"] == 1
    saved = backup(cli, home, root / "backup.json")
    # The in-process runs may leave a connection for the garbage collector to close, and the
    # last one to close removes the -wal and -shm files: closed now, not while a test copies them.
    gc.collect()
    return home, saved


@pytest.fixture
def studied(library: tuple[Path, dict], tmp_path: Path) -> Path:
    """This test's own copy of the module's library."""
    home = tmp_path / "studied"
    shutil.copytree(library[0], home)
    return home


@pytest.fixture
def saved(library: tuple[Path, dict], tmp_path: Path) -> tuple[Path, dict]:
    """The library's backup as a file, and its data (a copy this test may change)."""
    data = copy.deepcopy(library[1])
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path, data


def add_engine_card(db: Path) -> None:
    from tcpquiz.cards import CardDraft, CardKind, DeckDraft
    from tcpquiz.store.api import Store

    card = CardDraft(key="engine::choice::1", deck="engine", kind=CardKind.CHOICE, front="", back="",
                     source="engine", extra={"generator": "next-state", "state": "FIN-WAIT-1", "event": "rcv-fin"})
    with Store.open(db) as store:
        store.sync(DeckDraft(key="test:engine", name="Engine test deck", source="engine", text="",
                             cards=(card,), lang="en", builtin=True), datetime.fromisoformat(DAY1).astimezone())


def backup(cli, home: Path, out: Path) -> dict:
    result = run(cli, home, "backup", "-o", str(out), now=DAY3)
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def views(cli, home: Path) -> dict:
    """Everything a user can see of a library, as JSON."""
    seen = {}
    for name, args in {
        "stats": ("stats", "--json"),
        "cards": ("cards", "--json", "--retired"),
        "decks": ("decks", "--json"),
        "goals": ("goal", "list", "--json"),
        "config": ("config", "--json"),
    }.items():
        result = run(cli, home, *args, now=DAY3)
        assert result.exit_code == 0, result.output
        seen[name] = json.loads(result.stdout)
    return seen


def table(db: Path, name: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall()


def without_date(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "created_at"}


# -- round trip ------------------------------------------------------------------------------


def test_restore_into_an_empty_directory_gives_back_the_same_library(cli, studied: Path, tmp_path: Path) -> None:
    saved = tmp_path / "backup.json"
    data = backup(cli, studied, saved)
    assert data["format"] == "tcpquiz-backup" and data["version"] == 2
    assert {"decks", "cards", "schedules", "reviews", "review_undos", "reads", "goals", "goal_ticks",
            "settings"} <= data.keys()

    fresh = tmp_path / "fresh"
    result = run(cli, fresh, "restore", str(saved))
    assert result.exit_code == 0, result.output
    decks, cards, answers = len(data["decks"]), len(data["cards"]), len(data["reviews"])
    assert f"Restored {decks} decks, {cards} cards, {answers} answers, 2 reads and 1 goal from {saved}." in result.stdout

    assert views(cli, fresh) == views(cli, studied)  # the same stats, due cards, decks, goals, settings
    for name in ("reviews", "review_undos", "schedules", "reads", "goal_ticks", "cards", "decks"):
        assert table(fresh / "tcpquiz.db", name) == table(studied / "tcpquiz.db", name), name
    assert without_date(backup(cli, fresh, tmp_path / "again.json")) == without_date(data)

    queue_before = run(cli, studied, "review", input="q\n", now="2026-11-25T10:00").stdout
    queue_after = run(cli, fresh, "review", input="q\n", now="2026-11-25T10:00").stdout
    assert queue_before == queue_after


def test_the_backup_keeps_retired_cards_extra_and_group_keys(saved: tuple[Path, dict]) -> None:
    _path, data = saved
    cards = {card["key"]: card for card in data["cards"]}
    assert sum(card["retired_at"] is not None for card in cards.values()) == 1
    assert cards["engine::choice::1"]["extra"] == {"generator": "next-state", "state": "FIN-WAIT-1", "event": "rcv-fin"}
    assert sorted(card["group_key"] or "" for card in cards.values()).count("syn-first") == 2
    decks = {deck["name"]: deck for deck in data["decks"]}
    assert decks["notes::握手::挥手"]["read_goal"] == 12 and "Prose to read." in decks["notes::Handshake"]["text"]
    assert {s["key"] for s in data["settings"]} >= {"new-per-day"}


# -- refusing, and replacing -------------------------------------------------------------------


def test_restore_refuses_a_database_with_progress_of_its_own(cli, studied: Path, saved: tuple[Path, dict]) -> None:
    path, data = saved
    assert run(cli, studied, "review", input="5\n", now="2026-11-21T10:00").exit_code == 0  # newer progress
    before = table(studied / "tcpquiz.db", "reviews")

    result = run(cli, studied, "restore", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The database ") and "already holds" in result.stderr
    assert "answers" in result.stderr and "pass --replace" in result.stderr
    assert table(studied / "tcpquiz.db", "reviews") == before
    assert len(before) == len(data["reviews"]) + 1


def test_replace_writes_a_copy_of_the_old_database_first(cli, saved: tuple[Path, dict], tmp_path: Path) -> None:
    path, data = saved
    other = tmp_path / "other"
    write_deck(tmp_path / "mine.md", "Mine", [("Mine?", "Yes.")])
    assert run(cli, other, "import", str(tmp_path / "mine.md")).exit_code == 0
    assert run(cli, other, "review", input="4\n").exit_code == 0
    old_reviews = table(other / "tcpquiz.db", "reviews")

    result = run(cli, other, "restore", str(path), "--replace", now=DAY3)
    assert result.exit_code == 0, result.output
    (copy,) = other.glob("tcpquiz.db.before-restore-*.bak")
    assert f"The database it replaced was copied to {copy} first." in result.stdout
    assert table(copy, "reviews") == old_reviews  # the old progress, kept
    assert without_date(backup(cli, other, tmp_path / "again.json")) == without_date(data)


def test_untouched_built_in_decks_do_not_count_as_progress(cli, saved: tuple[Path, dict], tmp_path: Path) -> None:
    path, _data = saved
    fresh = tmp_path / "fresh"
    decks = run(cli, fresh, "decks", "--json")  # a first run loads the built-in decks by itself
    assert decks.exit_code == 0 and json.loads(decks.stdout)
    result = run(cli, fresh, "restore", str(path))
    assert result.exit_code == 0, result.output
    assert "copied" not in result.stdout and not list(fresh.glob("*.bak"))


# -- bad input ---------------------------------------------------------------------------------


def damage(data: dict, how: str) -> object:
    if how == "list":
        return [data]
    if how == "foreign":
        return {"decks": []}
    if how == "newer":
        return {**data, "version": 3}
    if how == "version":
        return {**data, "version": "one"}
    if how == "no-cards":
        return {k: v for k, v in data.items() if k != "cards"}
    if how == "missing-field":
        data["cards"][0].pop("front")
    elif how == "wrong-type":
        data["reviews"][0]["quality"] = "five"
    elif how == "naive-time":
        data["reviews"][0]["reviewed_at"] = "2026-11-18T09:00:00"
    elif how == "bad-date":
        data["reviews"][0]["study_day"] = "yesterday"
    elif how == "bool-number":
        data["reviews"][0]["quality"] = True
    elif how == "bad-extra":
        data["cards"][0]["extra"] = ["not", "an", "object"]
    elif how == "dangling":
        data["reviews"][0]["card_id"] = 9999
    elif how == "duplicate":
        data["cards"][1]["key"] = data["cards"][0]["key"]
    elif how == "setting-not-json":
        setting(data, "new-per-day")["value"] = "seven"
    elif how == "setting-as-text":
        setting(data, "new-per-day")["value"] = json.dumps("7")
    elif how == "setting-out-of-range":
        setting(data, "new-per-day")["value"] = json.dumps(-1)
    elif how == "past-2**63":
        data["reviews"][0]["duration_ms"] = 2**63
    return data


def setting(data: dict, key: str) -> dict:
    (entry,) = [entry for entry in data["settings"] if entry["key"] == key]
    return entry


BAD_BACKUPS = {
    "list": "is not a tcpquiz backup: it lacks the tcpquiz backup header",
    "foreign": "is not a tcpquiz backup: it lacks the tcpquiz backup header",
    "newer": "was made by a newer tcpquiz (backup format 3; this one reads up to 2); upgrade tcpquiz",
    "version": "is damaged: its format version is missing",
    "no-cards": "is damaged: it has no list of cards",
    "missing-field": "is damaged: entry 1 of cards has no 'front'",
    "wrong-type": "is damaged: entry 1 of reviews has a wrong 'quality': \"five\" is not a whole number.",
    "naive-time": "entry 1 of reviews has a wrong 'reviewed_at': \"2026-11-18T09:00:00\" is a time without its timezone.",
    "bad-date": "entry 1 of reviews has a wrong 'study_day': \"yesterday\" is not a date.",
    "bool-number": "entry 1 of reviews has a wrong 'quality': true is not a whole number.",
    "bad-extra": "is damaged: entry 1 of cards has a wrong 'extra': [\"not\", \"an\", \"object\"] is not a JSON object.",
    "dangling": "The backup is damaged: its rows do not fit together",
    "duplicate": "The backup is damaged: its rows do not fit together",
    "setting-not-json": "of settings has a wrong 'value': it is not JSON text.",
    "setting-as-text": "of settings has a wrong value for the setting 'new-per-day': \"7\" is not a whole number.",
    "setting-out-of-range": "wrong value for the setting 'new-per-day': -1 is outside 0..10000.",
    "past-2**63": "entry 1 of reviews has a wrong 'duration_ms': 9223372036854775808 is too large a whole number",
}


@pytest.mark.parametrize("how", list(BAD_BACKUPS))
def test_a_damaged_or_newer_backup_is_refused_and_nothing_changes(
    cli, studied: Path, saved: tuple[Path, dict], tmp_path: Path, how: str
) -> None:
    _path, data = saved
    bad = tmp_path / f"{how}.json"
    bad.write_text(json.dumps(damage(data, how)), encoding="utf-8")
    before = {name: table(studied / "tcpquiz.db", name) for name in ("cards", "reviews", "settings")}

    result = run(cli, studied, "restore", str(bad), "--replace", now=DAY3)
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: "), result.stderr
    assert BAD_BACKUPS[how] in result.stderr
    assert {name: table(studied / "tcpquiz.db", name) for name in before} == before
    assert not list(studied.glob("*.bak"))  # nothing replaced, so no copy left behind


@pytest.mark.parametrize(("content", "message"), [
    (b"this is not json", "is not a tcpquiz backup: it is not valid JSON (line 1)"),
    (b"\xff\xfe\x00garbage", "is not a tcpquiz backup: it is not UTF-8 text"),
    (b"", "is not a tcpquiz backup: it is not valid JSON"),
])
@pytest.mark.real_first_run  # no library may be made
def test_a_file_that_is_no_backup_at_all(cli, tmp_path: Path, tcpquiz_home: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run(cli, tcpquiz_home, "restore", str(bad))
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tcpquiz_home / "tcpquiz.db").exists()  # checked before the database is touched


def test_restore_of_a_missing_file(cli, tmp_path: Path, tcpquiz_home: Path) -> None:
    result = run(cli, tcpquiz_home, "restore", str(tmp_path / "nope.json"))
    assert result.exit_code == 1 and result.stderr == f"Error: {tmp_path / 'nope.json'} does not exist.\n"


def test_backup_output_rules(cli, studied: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    out.write_text("older backup", encoding="utf-8")
    result = run(cli, studied, "backup", "-o", str(out))
    assert result.exit_code == 1 and "already exists; pass --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "older backup"
    assert run(cli, studied, "backup", "-o", str(out), "--force").exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "tcpquiz-backup"
    result = run(cli, studied, "backup", "-o", str(tmp_path / "no" / "b.json"))
    assert result.exit_code == 1 and "does not exist" in result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary files left


# -- the format --------------------------------------------------------------------------------

# The tables and columns of backup format 2. When the schema changes, this test fails: bump
# FORMAT_VERSION in tcpquiz/store/backup.py, teach `check` to read the older versions, then
# record the new shape here.
FORMAT_2 = {
    "decks": ["id", "key", "name", "source", "text", "tags", "lang", "builtin", "read_goal", "created_at",
              "updated_at", "removed_at", "renamed"],
    "cards": ["id", "key", "deck_id", "kind", "front", "back", "extra", "source", "tags", "position", "group_key",
              "retired_at", "created_at", "updated_at"],
    "schedules": ["card_id", "repetitions", "easiness", "interval", "due", "last_reviewed_at"],
    "reviews": ["id", "card_id", "session_id", "reviewed_at", "study_day", "quality", "duration_ms", "scheduled",
                "was_new", "repetitions_before", "easiness_before", "interval_before", "due_before",
                "repetitions_after", "easiness_after", "interval_after", "due_after"],
    "review_undos": ["review_id", "undone_at"],
    "reads": ["id", "deck_id", "read_at", "study_day"],
    "goals": ["id", "text", "target", "created_at"],
    "goal_ticks": ["id", "goal_id", "ticked_at", "study_day"],
    "settings": ["key", "value"],
}


def test_the_backup_covers_every_table_in_the_format_of_its_version() -> None:
    from tcpquiz.store import backup
    from tcpquiz.store.schema import metadata

    assert backup.FORMAT_VERSION == 2
    # everything but the HTML exports keep, which the next export renders again
    assert {table.name for table in (*backup.TABLES, *backup.CACHE_TABLES)} == set(metadata.tables)
    assert {table.name for table in backup.CACHE_TABLES} == {"anki_html"}
    # Optional columns came later; a backup without them restores (see the GUID test below).
    assert {table.name: [column.name for column in table.columns
                         if (table.name, column.name) not in backup.OPTIONAL_COLUMNS]
            for table in backup.TABLES} == FORMAT_2
    assert {("cards", "anki_guid")} == backup.OPTIONAL_COLUMNS


def test_a_format_1_backup_restores_with_its_decks_present_and_named_by_their_notes(cli, studied: Path,
                                                                                     tmp_path: Path) -> None:
    """Format 1 had no deck removal nor chosen names: its decks come back present, named as imported."""
    out = tmp_path / "b.json"
    assert run(cli, studied, "backup", "-o", str(out)).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data["version"] = 1
    for deck in data["decks"]:
        del deck["removed_at"], deck["renamed"]
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    assert cli("--db", str(fresh), "restore", str(out)).exit_code == 0
    with sqlite3.connect(fresh) as conn:
        assert conn.execute("SELECT count(*) FROM decks WHERE removed_at IS NULL AND renamed = 0").fetchone() == (
            len(data["decks"]),)


def test_anki_guids_travel_in_the_backup_and_a_backup_without_them_still_restores(
        cli, saved: tuple[Path, dict], tmp_path: Path) -> None:
    import genanki

    path, data = saved
    guids = {card["key"]: card["anki_guid"] for card in data["cards"]}
    assert None not in guids.values()
    data["cards"][0]["anki_guid"] = "kept-guid"  # a GUID that is not derived from the key survives
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run(cli, tmp_path / "with", "restore", str(path)).exit_code == 0
    first = data["cards"][0]["id"]
    assert table(tmp_path / "with" / "tcpquiz.db", "cards")[0][0] == first
    with sqlite3.connect(tmp_path / "with" / "tcpquiz.db") as conn:
        assert conn.execute("SELECT anki_guid FROM cards WHERE id = ?", (first,)).fetchone() == ("kept-guid",)

    for card in data["cards"]:
        del card["anki_guid"]  # a backup written before GUIDs were stored
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run(cli, tmp_path / "without", "restore", str(path))
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "without" / "tcpquiz.db") as conn:
        restored = dict(conn.execute("SELECT key, anki_guid FROM cards"))
    assert restored == {key: genanki.guid_for("tcpquiz", key) for key in guids}


# -- streaming ---------------------------------------------------------------------------------


@pytest.mark.parametrize("indent", [None, 1, 4])
def test_restore_reads_the_file_a_piece_at_a_time_whatever_its_layout(
    cli, saved: tuple[Path, dict], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, indent: int | None
) -> None:
    """Pieces of 7 characters cut every value somewhere, numbers and literals included;
    the restored library is the backed-up one, in any layout json.dumps writes.

    Coverage's tracer, when it runs, is paused for the indented layouts: the reader runs the
    same lines on each (the compact one has spaces after its separators too), half a million
    pieces of a 3.5 MB backup a layout, some 1.5 s of CPU more a layout traced."""
    from tcpquiz.store import backup as backup_format

    _path, data = saved
    laid_out = tmp_path / "laid-out.json"
    laid_out.write_text(json.dumps(data, ensure_ascii=False, indent=indent), encoding="utf-8")
    monkeypatch.setattr(backup_format, "READ_CHARS", 7)
    fresh = tmp_path / "fresh"
    with coverage_paused() if indent is not None else nullcontext():
        assert run(cli, fresh, "restore", str(laid_out)).exit_code == 0
        assert without_date(backup(cli, fresh, tmp_path / "again.json")) == without_date(data)


@pytest.mark.real_first_run  # no library may be made
def test_a_cut_off_backup_is_refused_with_its_line(cli, saved: tuple[Path, dict], tmp_path: Path,
                                                   tcpquiz_home: Path) -> None:
    _path, data = saved
    text = json.dumps(data, ensure_ascii=False, indent=1)
    cut = tmp_path / "cut.json"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    result = run(cli, tcpquiz_home, "restore", str(cut))
    assert result.exit_code == 1 and "is not a tcpquiz backup: it is not valid JSON (line " in result.stderr
    line = int(result.stderr.rsplit("(line ", 1)[1].split(")")[0])
    assert line == text[: len(text) // 2].count("\n") + 1  # the end of the file, where the rows stop
    assert not (tcpquiz_home / "tcpquiz.db").exists()


def test_times_are_stored_as_utc_whatever_offset_the_backup_gives() -> None:
    from tcpquiz.store.backup import _time

    assert _time("2026-11-18T09:00:00.123456+00:00") == "2026-11-18 09:00:00.123456"  # as backup writes it
    assert _time("2026-11-18T10:00:00+01:00") == "2026-11-18 09:00:00.000000"  # 10:00 at UTC+1 is 09:00 UTC
    assert _time("2026-11-18T01:30:00.5-08:00") == "2026-11-18 09:30:00.500000"
