"""Hostile notes, concurrent commands and odd inputs: nothing leaks, nothing is lost.

Each test is one case of the README's "What survives faults" table.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from conftest import child_env, tcpquiz_command, write_deck

CARDS = [(f"Hostile card {i}?", f"Answer {i}.") for i in range(1, 4)]

# An OSC 0 (retitle the window), an OSC 52 (write the clipboard), a CSI (clear the
# screen), an 8-bit CSI (U+009B) and rich markup that does not close.
ESCAPES = "\x1b]0;PWNED\x07 \x1b]52;c;aGVsbG8=\x07 \x1b[2J \x9b31m [/red]"


def complaints(stderr: str) -> list[str]:
    """The errors and warnings on stderr (not "Loading the built-in decks", say)."""
    return [line for line in stderr.splitlines() if line.startswith(("Error: ", "Warning: "))]


def evil_note(folder: Path) -> Path:
    path = folder / "evil.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# Evil {ESCAPES}\n\nQ: What {ESCAPES} is this?\nA: Trouble {ESCAPES}.\n", encoding="utf-8")
    return path


def assert_no_controls(output: str) -> None:
    """No byte of the note's escapes reached the output; their visible stand-ins did."""
    assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output
    assert "␛]0;PWNED␇" in output and "[/red]" in output


# -- the terminal ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def evil_library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A home whose library holds the evil note, imported once for the tests below (each
    works on a copy), and the deck's name as tcpquiz stored it."""
    home = tmp_path_factory.mktemp("evil-library")
    imported = subprocess.run([*tcpquiz_command(), "import", str(evil_note(home / "notes"))], capture_output=True,
                              text=True, env=child_env(home / "home"), timeout=120)
    assert imported.returncode == 0, imported.stderr
    assert_no_controls(imported.stdout)
    listed = subprocess.run([*tcpquiz_command(), "decks", "--json"], capture_output=True, text=True,
                            env=child_env(home / "home"), timeout=120)
    name = next(deck["name"] for deck in json.loads(listed.stdout) if deck["name"].startswith("Evil"))
    assert name.startswith("Evil \x1b]0;PWNED\x07")  # stored as written: only output makes it visible
    return home / "home", name


@pytest.fixture
def evil_deck_name(evil_library: tuple[Path, str], tcpquiz_home: Path) -> str:
    """This test's home holds a copy of the library with the evil note; the deck's name."""
    shutil.copytree(evil_library[0], tcpquiz_home)
    return evil_library[1]


@pytest.mark.parametrize("command", [
    ["cards"], ["cards", "--deck", "EVIL"], ["decks"], ["stats"], ["read", "EVIL", "--no-count"],
    ["review", "--deck", "EVIL"], ["cards", "--json"], ["decks", "--json"],
])
def test_note_escapes_never_reach_the_terminal(run_tcpquiz, evil_deck_name: str, command: list[str]) -> None:
    result = run_tcpquiz(*[evil_deck_name if part == "EVIL" else part for part in command], input="5\n")
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    if "--json" in command:  # JSON escapes every control, C1 included, and stays loadable
        assert "\x1b" not in output and "\x9b" not in output and "\\u009b" in output
        assert any(ESCAPES in str(value) for row in json.loads(result.stdout) for value in row.values())
    else:
        assert_no_controls(output)


def test_an_error_naming_decks_shows_them_safely(run_tcpquiz, evil_deck_name: str) -> None:
    # "evil" is part of the deck's name, which the error names among the closest.
    result = run_tcpquiz("cards", "--deck", "evil")
    assert result.returncode == 1 and result.stderr.startswith("Error: There is no deck named 'evil'; close names")
    assert_no_controls(result.stderr)


def test_the_review_in_a_terminal_shows_escapes_as_text(evil_deck_name: str, tcpquiz_home: Path) -> None:
    import io

    pexpect = pytest.importorskip("pexpect")
    command = tcpquiz_command()
    child = pexpect.spawn(command[0], [*command[1:], "review", "--deck", evil_deck_name],
                          env=child_env(tcpquiz_home), dimensions=(40, 160), encoding="utf-8", timeout=20)
    child.logfile_read = screen = io.StringIO()
    child.expect("show answer")
    child.send(" ")
    child.expect("perfect, right away")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    output = screen.getvalue()
    assert "Trouble" in output  # the answer was shown
    # rich draws with CSI sequences of its own (colours, clearing the screen); none of
    # the note's OSC, BEL or C1 got through
    assert "\x1b]" not in output and "\x07" not in output and "\x9b" not in output
    assert "␛]0;PWNED␇" in output and "␛]52;c;aGVsbG8=␇" in output


# -- CSV ------------------------------------------------------------------------------------


def test_csv_cells_never_start_a_formula(run_tcpquiz, tmp_path: Path) -> None:
    import csv

    note = write_deck(tmp_path / "f.md", "Formulas", [
        ("=HYPERLINK(\"http://evil.example\",\"x\")", "+1+2"),
        ("@SUM(A1)", "-2+3"),
        ("Plain?", "Plain."),
    ])
    run_tcpquiz("import", str(note))
    out = tmp_path / "f.csv"
    assert run_tcpquiz("export", "csv", "-o", str(out), "--deck", "Formulas").returncode == 0
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.reader(lines))
    fronts = {row[0]: row[1] for row in rows}
    assert fronts == {"'=HYPERLINK(\"http://evil.example\",\"x\")": "'+1+2", "'@SUM(A1)": "'-2+3",
                      "Plain?": "Plain."}


# -- data integrity -------------------------------------------------------------------------


def test_a_review_open_during_restore_replace_writes_nothing(deck: Path, run_tcpquiz, tcpquiz_home: Path,
                                                             db_path: Path, tmp_path: Path) -> None:
    """The restored library reuses card ids for other cards: the open review must stop."""
    other = write_deck(tmp_path / "other.md", "Other", [("Other card?", "Other answer.")])
    backup = tmp_path / "before.json"
    assert run_tcpquiz("backup", "-o", str(backup)).returncode == 0
    review = subprocess.Popen([*tcpquiz_command(), "review", "--deck", "Drill"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=child_env(tcpquiz_home))
    try:
        assert review.stdout is not None and review.stdin is not None
        while not review.stdout.readline().startswith("[1/3] Drill"):
            pass
        # Meanwhile: another library is made and restored over this one.
        assert run_tcpquiz("import", str(other)).returncode == 0
        assert run_tcpquiz("restore", "--replace", str(backup)).returncode == 0
        review.stdin.write("5\n")
        review.stdin.flush()
        _out, err = review.communicate(timeout=60)
    finally:
        if review.poll() is None:
            review.kill()
    assert review.returncode == 1
    assert err.strip().splitlines()[-1] == (
        f"Error: The library in {db_path} was replaced by `tcpquiz restore` while this command was running, "
        "so nothing more was written; run the command again to work on the restored library.")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM reviews").fetchone() == (0,)
    assert run_tcpquiz("review", "--deck", "Drill", input="5\nq\n").returncode == 0  # a new review works
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT c.front FROM reviews r JOIN cards c ON c.id = r.card_id").fetchall() == [
            ("Hostile card 1?",)]


def test_two_notes_with_one_id_refuse_the_second(run_tcpquiz, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    for name in ("a", "b"):
        (folder / f"{name}.md").parent.mkdir(exist_ok=True)
        (folder / f"{name}.md").write_text(f"---\nid: shared\n---\n# {name.upper()}\n\nQ: {name}?\nA: {name}.\n",
                                           encoding="utf-8")
    for _ in range(2):  # every import, not just the first
        result = run_tcpquiz("import", str(folder))
        assert result.returncode == 1
        assert complaints(result.stderr) == [
            f"Error: {folder / 'b.md'} says `id: shared` in its front matter, as {folder / 'a.md'} already does, "
            "so it was not imported; give each note its own id."]
    cards = json.loads(run_tcpquiz("cards", "--json", "--deck", "notes").stdout)
    assert [card["front"] for card in cards] == ["a?"]  # a's card is never retired by b
    (folder / "b.md").rename(tmp_path / "b.md")
    (folder / "a.md").rename(folder / "renamed.md")  # a moved file keeps its id and its cards
    assert run_tcpquiz("import", str(folder)).returncode == 0


@pytest.mark.parametrize("text", [
    "---\ntags: 5\n---\n# One\n\nQ: one?\nA: one.\n",
    "# Two\n\n<div><![x]></div>\n\nQ: two?\nA: two.\n",
    "# Three\n\n<details><summary>a <![](x.png)</summary>\n\nQ: three?\nA: three.\n</details>\n",
])
def test_notes_that_crashed_the_parser_import(run_tcpquiz, tmp_path: Path, text: str) -> None:
    (tmp_path / "n").mkdir()
    (tmp_path / "n" / "odd.md").write_text(text, encoding="utf-8")
    write_deck(tmp_path / "n" / "fine.md", "Fine", [("Fine?", "Fine.")])
    result = run_tcpquiz("import", str(tmp_path / "n"))
    assert result.returncode == 0, result.stderr
    assert "Imported 2 decks with 2 active cards." in result.stdout


def test_a_note_that_trips_a_fault_fails_alone(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tcpquiz.notes as notes

    real = notes.parse_note

    def faulty(text: str, **options: object):
        if "TRIPWIRE-7" in text:
            raise AssertionError("a parser fault")
        return real(text, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(notes, "parse_note", faulty)
    write_deck(tmp_path / "n" / "a.md", "Bad", [("TRIPWIRE-7?", "x")])
    write_deck(tmp_path / "n" / "b.md", "Good", [("Good?", "Good.")])
    result = cli("import", str(tmp_path / "n"))
    assert result.exit_code == 1
    assert "Imported 1 deck with 1 active card." in result.stdout
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: {tmp_path / 'n' / 'a.md'} could not be read because of a fault in tcpquiz "
        "(AssertionError: a parser fault), so it was skipped; please report it with the note attached.")


# -- denial of service from notes ---------------------------------------------------------


def test_special_files_are_refused_without_reading_them(run_tcpquiz, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    fine = write_deck(tmp_path / "fine.md", "Fine", [("Fine?", "Fine.")])
    started = time.monotonic()
    result = run_tcpquiz("import", str(fifo), "/dev/zero", str(fine), timeout=30)
    assert time.monotonic() - started < 20
    assert result.returncode == 1
    assert complaints(result.stderr) == [
        f"Error: {fifo} is not a regular file (it is a device, a pipe or a socket), so it was skipped.",
        "Error: /dev/zero is not a regular file (it is a device, a pipe or a socket), so it was skipped.",
    ]
    assert "Imported 1 deck with 1 active card." in result.stdout


def test_the_size_cap_can_be_raised(run_tcpquiz, tmp_path: Path) -> None:
    big = write_deck(tmp_path / "big.md", "Big", [("Big?", "x" * 300_000)])  # 0.3 MB
    result = run_tcpquiz("import", "--max-size", "0.25", str(big))
    assert result.returncode == 1
    assert complaints(result.stderr) == [
        f"Error: {big} is 0.3 MB, larger than the 0.2 MB a notes file may be; split it into smaller notes, "
        "or raise the limit with `tcpquiz import --max-size`."]
    assert run_tcpquiz("import", "--max-size", "1", str(big)).returncode == 0


def test_a_yaml_alias_bomb_is_refused_at_once(run_tcpquiz, tmp_path: Path) -> None:
    # Nine levels of nine aliases: 9**9 (387 million) strings if expanded.
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    note = tmp_path / "bomb.md"
    note.write_text("---\n" + "\n".join(levels) + "\n---\n# Bomb\n\nQ: bomb?\nA: defused.\n", encoding="utf-8")
    started = time.monotonic()
    result = run_tcpquiz("import", str(note), timeout=60)
    assert time.monotonic() - started < 20
    assert result.returncode == 0
    assert complaints(result.stderr) == [
        f"Warning: {note}: its front matter uses YAML aliases (*name), which tcpquiz does not expand, "
        "so it was ignored."]


def test_huge_front_matter_is_ignored(tmp_path: Path) -> None:
    from tcpquiz.notes import parse_note

    text = "---\n" + "".join(f"k{i}: {'v' * 60}\n" for i in range(2000)) + "---\n# Huge\n\nQ: q?\nA: a.\n"
    deck = parse_note(text, source="huge.md", deck_key="huge", default_name="huge")
    assert deck.warnings == ("its front matter is longer than 64 KB, so it was ignored",)
    assert [card.front for card in deck.cards] == ["q?"]


# -- media in an Anki export -----------------------------------------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf"
                    "c0f01f0005000201a5e3d5dd0000000049454e44ae426082")  # a real 1x1 PNG


def test_export_packs_only_media_inside_the_notes_folder(run_tcpquiz, tmp_path: Path) -> None:
    notes, outside = tmp_path / "notes", tmp_path / "outside"
    (notes / "sub").mkdir(parents=True)
    (notes / "img").mkdir()
    outside.mkdir()
    (notes / "img" / "ok.png").write_bytes(PNG)
    (notes / "img" / "fake.png").write_text("root:x:0:0:root:/root:/bin/bash\n")  # a text file named .png
    (outside / "secret.png").write_bytes(PNG)
    (notes / "img" / "link.png").symlink_to(outside / "secret.png")  # inside by name, outside once resolved
    (notes / "img" / "huge.png").write_bytes(PNG + bytes(21 * 1024 * 1024))
    images = ["../img/ok.png", str(outside / "secret.png"), "../../outside/secret.png", "../img/fake.png",
              "../img/link.png", "../img/huge.png"]
    answer = " ".join(f"![{i}]({src})" for i, src in enumerate(images))
    (notes / "sub" / "n.md").write_text(f"# Media\n\nQ: one?\nA: {answer}\n\nQ: two?\nA: ![again](../img/fake.png)"
                                        f' <img src="{outside / "secret.png"}">\n', encoding="utf-8")
    assert run_tcpquiz("import", str(notes)).returncode == 0
    package = tmp_path / "m.apkg"
    result = run_tcpquiz("export", "anki", "-o", str(package), "--deck", "notes")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(package) as archive:
        media = json.loads(archive.read("media"))
        packed = [archive.read(number) for number in media]
    assert packed == [PNG]  # ok.png alone
    where = f"{notes / 'sub' / 'n.md'}:3: the file"
    outside_note = f"it is outside the notes' folder {notes}, and only files inside it are packed."
    assert complaints(result.stderr) == [
        f"Warning: {where} {outside / 'secret.png'} was left out: {outside_note}",
        f"Warning: {where} ../../outside/secret.png was left out: {outside_note}",
        f"Warning: {where} ../img/fake.png was left out: it is not an image or a sound file by its content.",
        f"Warning: {where} ../img/link.png was left out: {outside_note}",
        f"Warning: {where} ../img/huge.png was left out: it is larger than the 20 MB a media file may be.",
    ]  # one warning a file: card two's fake.png and secret.png were named already


# -- a full disk, a missing -wal, real damage -------------------------------------------------


def test_a_full_disk_at_start_is_not_called_damage(tmp_path: Path) -> None:
    """WAL mode makes the -shm file even to read: on a full disk that fails, and the
    file is not damaged. (A tmpfs is mounted to fill it, so this needs root.)"""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small file system to fill")
    home = tmp_path / "small"
    home.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(home)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        env = child_env(home)
        assert subprocess.run([*tcpquiz_command(), "decks"], capture_output=True, env=env, timeout=120).returncode == 0
        before = (home / "tcpquiz.db").read_bytes()
        with (home / "filler").open("wb") as filler:  # fill the disk to the last byte
            try:
                while True:
                    filler.write(bytes(64 * 1024))
                    filler.flush()
            except OSError:
                pass
        result = subprocess.run([*tcpquiz_command(), "stats"], capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 1
        assert complaints(result.stderr) == [
            f"Error: The disk holding {home / 'tcpquiz.db'} is full, so the database cannot be opened; it was left "
            "untouched: free some space and try again."]
        assert (home / "tcpquiz.db").read_bytes() == before
        (home / "filler").unlink()
        assert subprocess.run([*tcpquiz_command(), "stats"], capture_output=True, env=env, timeout=60).returncode == 0
    finally:
        subprocess.run(["umount", str(home)], check=False)


def _scramble(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()  # the last connection: SQLite folds the -wal into the file and removes it
    data = bytearray(db_path.read_bytes())
    data[100:page_size] = bytes(page_size - 100)  # the schema's page, past the file header: damage found at once
    db_path.write_bytes(bytes(data))


def test_damage_with_the_wal_file_missing_says_so(deck: Path, run_tcpquiz, db_path: Path) -> None:
    _scramble(db_path)
    result = run_tcpquiz("stats")
    assert complaints(result.stderr)[0].startswith(f"Error: {db_path} is damaged (")
    assert "-wal" not in result.stderr  # nothing says the -wal is missing: real damage
    # As a copy made while a review ran, without its -wal file: the -shm is there, the -wal is not.
    db_path.with_name("tcpquiz.db-wal").unlink(missing_ok=True)
    db_path.with_name("tcpquiz.db-shm").write_bytes(bytes(32 * 1024))
    result = run_tcpquiz("stats")
    assert result.returncode == 1
    [message] = complaints(result.stderr)
    assert message.startswith(f"Error: {db_path} is damaged (") and message.endswith(
        "and its tcpquiz.db-wal file, which holds the latest changes, is missing; it was left untouched: "
        "if it was copied or moved without that file, copy the file too (`tcpquiz backup` is the safe way to "
        "copy the library), else restore a backup with `tcpquiz restore`.")


@pytest.mark.parametrize("command", [("review",), ("stats",), ("cards",)])
def test_every_quick_reader_leaves_a_missing_wal_to_the_check_that_names_it(
        deck: Path, run_tcpquiz, db_path: Path, command: tuple[str, ...]) -> None:
    # A copy made while a review ran, without its -wal file: the -shm is there, the -wal is not.
    _scramble(db_path)
    db_path.with_name("tcpquiz.db-wal").unlink(missing_ok=True)
    db_path.with_name("tcpquiz.db-shm").write_bytes(bytes(32 * 1024))
    result = run_tcpquiz(*command, input="q\n")
    assert result.returncode == 1
    [message] = complaints(result.stderr)
    assert "tcpquiz.db-wal file, which holds the latest changes, is missing" in message
    assert db_path.with_name("tcpquiz.db-shm").exists()  # left untouched, as the message says


# -- nothing left behind ------------------------------------------------------------------------


def test_an_export_killed_midway_leaves_nothing_the_next_one_keeps(deck: Path, run_tcpquiz, tcpquiz_home: Path,
                                                                   tmp_path: Path) -> None:
    import signal

    out = tmp_path / "out" / "tcp.apkg"
    out.parent.mkdir()
    export = subprocess.Popen([*tcpquiz_command(), "export", "anki", "-o", str(out)],
                              env=child_env(tcpquiz_home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(out.parent.glob(".tcp.apkg.*.tmp")):  # the export has begun writing
        assert export.poll() is None and time.monotonic() < deadline, "the export ended before it could be killed"
        time.sleep(0.01)
    export.send_signal(signal.SIGKILL)
    export.wait()
    assert next(p.name for p in out.parent.iterdir()).startswith(".tcp.apkg.")  # kill -9 leaves the temporary file
    assert run_tcpquiz("export", "anki", "-o", str(out), "--deck", "Drill").returncode == 0
    assert [p.name for p in out.parent.iterdir()] == ["tcp.apkg"]  # the next export removed it


def _file_size_limit() -> None:
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writing past the limit fails (EFBIG), as on a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


def test_a_restore_that_fails_leaves_no_bak_file(deck: Path, run_tcpquiz, tcpquiz_home: Path, db_path: Path,
                                                 tmp_path: Path) -> None:
    backup = tmp_path / "b.json"
    assert run_tcpquiz("backup", "-o", str(backup)).returncode == 0
    assert run_tcpquiz("review", "--deck", "Drill", input="5\nq\n").returncode == 0  # progress: restore must copy first
    before = sorted(p.name for p in tcpquiz_home.iterdir())
    result = subprocess.run([*tcpquiz_command(), "restore", "--replace", str(backup)], capture_output=True, text=True,
                            env=child_env(tcpquiz_home), preexec_fn=_file_size_limit, timeout=120)
    assert result.returncode == 1 and complaints(result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tcpquiz_home.iterdir() if p.name != "tcpquiz.db-shm") == [
        n for n in before if n != "tcpquiz.db-shm"]  # no .bak, no .partial
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM reviews").fetchone() == (1,)  # the library as it was


def test_the_import_progress_bar_shows_file_names_safely(tcpquiz_home: Path, tmp_path: Path) -> None:
    """In a terminal the import shows each file's name beside its progress bar."""
    import io

    pexpect = pytest.importorskip("pexpect")
    folder = tmp_path / "n"
    write_deck(folder / "[/red] \x1b]0;PWNED\x07.md", "Named", [("Named?", "Yes.")])
    command = tcpquiz_command()
    child = pexpect.spawn(command[0], [*command[1:], "import", str(folder)], env=child_env(tcpquiz_home),
                          dimensions=(40, 160), encoding="utf-8", timeout=60)
    child.logfile_read = screen = io.StringIO()
    child.expect("Imported 1 deck with 1 active card.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b]0;PWNED" not in screen.getvalue() and "\x07" not in screen.getvalue()
