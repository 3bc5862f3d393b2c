"""Start-up paths: a plain `tcpquiz review` runs without typer and behaves as the typer app
does; `tcpquiz --help` lists stand-ins with the same text as the full command tree; shell
completion registers only the command it completes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import child_env, tcpquiz_command
from tcpquiz.cli import completed_words
from tcpquiz.entry import ReviewArgs, StatsArgs, plain_review, plain_stats, study_language
from test_library_reads import TODAY, build_library

CARDS = [("First question?", "First answer."), ("Second question?", "Second answer.")]
TYPER_IMPORTED = re.compile(r"^import time:.*\|\s+typer\s*$", re.MULTILINE)

# The typer app on its own, as before the plain-review path existed.
TYPER_APP = [sys.executable, "-c", "import sys; from tcpquiz.cli import main; sys.argv[0] = 'tcpquiz'; main()"]
# The typer app with every command built: no stand-ins.
FULL_TREE = [sys.executable, "-c", "from tcpquiz.cli import app; app(prog_name='tcpquiz')"]


@pytest.mark.parametrize(("argv", "expected"), [
    (["review"], ReviewArgs()),
    (["review", "--deck", "Drill", "-d", "Other", "-dThird", "--deck=Fourth"],
     ReviewArgs(decks=["Drill", "Other", "Third", "Fourth"])),
    (["review", "--new", "0", "--limit=25", "--new=7"], ReviewArgs(new=7, limit=25)),  # the last one counts
    (["--db", "x.db", "--create-folder", "review"], ReviewArgs(db=Path("x.db"), create_folder=True)),
    (["--db=x.db", "review", "--deck", "TCP 三次握手"], ReviewArgs(db=Path("x.db"), decks=["TCP 三次握手"])),
])
def test_plain_review_command_lines_are_parsed_here(argv: list[str], expected: ReviewArgs) -> None:
    assert plain_review(argv) == expected


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["--version"], ["review", "--help"], ["review", "-h"], ["stats"], ["read", "review"],
    ["review", "--new", "-1"], ["review", "--new", "+3"], ["review", "--new", "1_0"], ["review", "--new"],
    ["review", "--limit", "ten"], ["review", "--deck"], ["review", "--deck", ""], ["review", "--deck", "-x"],
    ["review", "extra"], ["review", "--", "x"], ["--", "review"], ["review", "--db", "x.db"],
    ["--db", "review"], ["--unknown", "review"], ["revie"],
])
def test_anything_else_goes_to_the_typer_app(argv: list[str]) -> None:
    assert plain_review(argv) is None


def test_a_db_that_typer_would_refuse_goes_to_the_typer_app(tmp_path: Path) -> None:
    assert plain_review(["--db", str(tmp_path), "review"]) is None  # a folder: click.Path(dir_okay=False)
    assert plain_review(["--db", str(tmp_path / "new.db"), "review"]) == ReviewArgs(db=tmp_path / "new.db")


@pytest.mark.parametrize(("argv", "expected"), [
    (["stats"], StatsArgs()),
    (["stats", "--json"], StatsArgs(as_json=True)),
    (["--db=x.db", "stats", "-d", "Alpha", "--json", "--deck=Beta", "-dGamma"],
     StatsArgs(db=Path("x.db"), decks=["Alpha", "Beta", "Gamma"], as_json=True)),
    (["--create-folder", "--db", "x.db", "stats", "--deck", "TCP 三次握手"],
     StatsArgs(db=Path("x.db"), create_folder=True, decks=["TCP 三次握手"])),
])
def test_plain_stats_command_lines_are_parsed_here(argv: list[str], expected: StatsArgs) -> None:
    assert plain_stats(argv) == expected
    assert plain_review(argv) is None


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["stats", "--help"], ["stats", "-h"], ["stats", "--json=1"], ["stats", "--jso"],
    ["stats", "--deck"], ["stats", "--deck", ""], ["stats", "--deck", "--json"], ["stats", "extra"],
    ["stats", "--", "x"], ["--", "stats"], ["stats", "--db", "x.db"], ["--db", "stats"], ["review"], ["statistics"],
])
def test_other_stats_command_lines_go_to_the_typer_app(argv: list[str]) -> None:
    assert plain_stats(argv) is None


@pytest.fixture(scope="module")
def stats_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library with answers, undos, reads and a goal (shared: stats only reads it)."""
    path = tmp_path_factory.mktemp("stats") / "library.db"
    build_library(path)
    return path


@pytest.mark.parametrize("args", [
    ["stats", "--json"],
    ["stats"],
    ["stats", "-d", "Alpha", "--deck=Beta", "--json"],
    ["stats", "--deck", "No such deck", "--json"],
    ["stats", "--deck", "Gamma"],  # removed: the error says how to bring it back
])
def test_plain_stats_print_what_the_typer_app_prints(stats_library: Path, tcpquiz_home: Path,
                                                     args: list[str]) -> None:
    env = child_env(tcpquiz_home, TCPQUIZ_NOW=f"{TODAY.isoformat()}T10:00", COLUMNS="100")
    plain, typer_app = (subprocess.run([*command, "--db", str(stats_library), *args], capture_output=True,
                                       text=True, timeout=120, env=env | extra, check=False)
                        for command, extra in ((tcpquiz_command(), {"PYTHONPROFILEIMPORTTIME": "1"}),
                                               (TYPER_APP, {})))
    assert (plain.returncode, plain.stdout) == (typer_app.returncode, typer_app.stdout)
    plain_errors = [line for line in plain.stderr.splitlines() if not line.startswith("import time:")]
    assert plain_errors == typer_app.stderr.splitlines()
    assert not TYPER_IMPORTED.search(plain.stderr)  # the plain path did run
    if plain.returncode:
        assert plain_errors[-1].startswith("Error: ") and "Traceback" not in plain.stderr
    elif "--json" in args:
        assert plain.stdout.startswith('{\n  "today": "2026-11-20",\n')
    else:
        assert "Alpha" in plain.stdout and "Beta::Sub" in plain.stdout


@pytest.fixture
def two_libraries(deck: Path, db_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two homes holding the same library: one for each path, so both start alike."""
    homes = (tmp_path / "plain", tmp_path / "typer")
    for home in homes:
        home.mkdir()
        shutil.copy(db_path, home / db_path.name)
    return homes


def run_both(homes: tuple[Path, Path], args: list[str], stdin: str) -> tuple[subprocess.CompletedProcess[str], ...]:
    return tuple(subprocess.run([*command, *args], input=stdin, capture_output=True, text=True, timeout=120,
                                env=child_env(home), cwd=home, check=False)
                 for command, home in zip((tcpquiz_command(), TYPER_APP), homes))


@pytest.mark.parametrize(("args", "stdin", "status"), [
    (["review", "--deck", "Drill"], "5\n2\nq\n", 0),
    (["review", "-d", "Drill", "--new", "1"], "4\n", 0),
    (["review", "--deck", "Drill", "--new", "0"], "", 0),  # nothing due: says when, and how to study more
    (["review", "--deck", "No such deck"], "", 1),
    (["--db", "missing-folder/x.db", "review"], "", 1),
    (["--db", "made/new.db", "--create-folder", "review", "--deck", "Drill"], "", 1),
])
def test_the_plain_path_says_and_saves_what_the_typer_app_does(two_libraries: tuple[Path, Path], args: list[str],
                                                             stdin: str, status: int) -> None:
    plain, typer_app = run_both(two_libraries, args, stdin)
    assert (plain.returncode, _timeless(plain.stdout), plain.stderr) == (
        typer_app.returncode, _timeless(typer_app.stdout), typer_app.stderr)
    assert plain.returncode == status
    if status:
        assert plain.stderr.splitlines()[-1].startswith("Error: ") and "Traceback" not in plain.stderr
    saved = [_answers(home / "tcpquiz.db") for home in two_libraries]
    assert saved[0] == saved[1]


def _timeless(summary: str) -> str:
    """The output without the session's length, which is the clock's, not the path's."""
    return re.sub(r"seen in (\d+m )?\d+s", "seen in ...", summary)


def _answers(db: Path) -> list[tuple[int, int]]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT card_id, quality FROM reviews ORDER BY id").fetchall()


def test_the_first_answers_of_a_plain_review_are_saved(deck: Path, tcpquiz_home: Path, db_path: Path) -> None:
    result = subprocess.run([*tcpquiz_command(), "review", "--deck", "Drill"], input="5\n2\nq\n", text=True,
                            capture_output=True, timeout=120, env=child_env(tcpquiz_home), check=False)
    assert result.returncode == 0, result.stderr
    assert [quality for _, quality in _answers(db_path)] == [5, 2]  # the 2 comes back later, unanswered


def test_a_plain_review_never_imports_typer(deck: Path, tcpquiz_home: Path) -> None:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "tcpquiz", "review", "--deck", "Drill"],
                            input="q\n", text=True, capture_output=True, timeout=120, env=child_env(tcpquiz_home),
                            check=False)
    assert result.returncode == 0, result.stderr
    assert "Q: First question?" in result.stdout
    assert not TYPER_IMPORTED.search(result.stderr)


@pytest.mark.parametrize("args", [["--help"], ["-h"], []])
@pytest.mark.parametrize("columns", ["60", "100"])
def test_the_listing_shows_what_the_full_command_tree_shows(tcpquiz_home: Path, args: list[str],
                                                           columns: str) -> None:
    listed, full = (subprocess.run([*command, *args], capture_output=True, text=True, timeout=60,
                                   env=child_env(tcpquiz_home, COLUMNS=columns), check=False)
                    for command in (tcpquiz_command(), FULL_TREE))
    assert "review" in listed.stdout + listed.stderr
    assert "Usage: tcpquiz [OPTIONS] COMMAND [ARGS]..." in listed.stdout + listed.stderr
    assert (listed.returncode, listed.stdout, listed.stderr) == (full.returncode, full.stdout, full.stderr)


def test_a_command_after_a_double_dash_is_still_the_real_command(tcpquiz_home: Path) -> None:
    result = subprocess.run([*tcpquiz_command(), "--", "review", "--help"], capture_output=True, text=True,
                            timeout=60, env=child_env(tcpquiz_home), check=False)
    assert result.returncode == 0
    assert "--deck" in result.stdout


@pytest.mark.parametrize(("env", "words"), [
    ({"_TCPQUIZ_COMPLETE": "complete_bash", "COMP_WORDS": "tcpquiz review --deck TC", "COMP_CWORD": "3"},
     ["review", "--deck"]),
    ({"_TCPQUIZ_COMPLETE": "complete_bash", "COMP_WORDS": "tcpquiz ", "COMP_CWORD": "1"}, []),
    ({"_TCPQUIZ_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "tcpquiz decks r"}, ["decks"]),
    ({"_TCPQUIZ_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "tcpquiz decks "}, ["decks"]),
    ({"_TCPQUIZ_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": 'tcpquiz read "TCP th'}, None),  # open quote
    ({"_TCPQUIZ_COMPLETE": "complete_powershell", "_TYPER_COMPLETE_ARGS": "tcpquiz re"}, None),
    ({"_TCPQUIZ_COMPLETE": "source_bash"}, None),
])
def test_completion_reads_the_words_before_the_one_completed(monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                                                           words: list[str] | None) -> None:
    for name in ("COMP_WORDS", "COMP_CWORD", "_TYPER_COMPLETE_ARGS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert completed_words() == words


def test_the_study_language_is_read_without_the_store(cli, db_path: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert study_language(db_path) == "zh"  # no library yet: the locale's choice
    assert cli("config", "lang", "en").exit_code == 0
    assert study_language(db_path) == "en"  # the setting wins over the locale
    assert cli("config", "lang", "zh").exit_code == 0
    assert study_language(db_path) == "zh"
    monkeypatch.setenv("LANG", "C.UTF-8")
    not_a_library = tmp_path / "notes.db"
    not_a_library.write_text("Q: not a database\n", encoding="utf-8")
    assert study_language(not_a_library) == "en"


def test_the_entry_point_loads_only_the_standard_library() -> None:
    # Every command starts by importing tcpquiz.entry: nothing heavy may come with it.
    listing = "import sys, tcpquiz.entry; print(' '.join(sys.modules), file=sys.stderr)"
    result = subprocess.run([sys.executable, "-c", listing], capture_output=True, text=True, timeout=60, check=True)
    loaded = {name.split(".")[0] for name in result.stderr.split()}
    assert loaded.isdisjoint({"typer", "click", "rich", "sqlalchemy", "alembic", "markdown_it", "platformdirs"})
    assert {name for name in result.stderr.split() if name.startswith("tcpquiz")} == {"tcpquiz", "tcpquiz.entry"}
