"""After `tcpquiz config lang zh`, everything the learner reads while studying is in Chinese,
and after `config lang en` in English: every study command, run in a real pseudo-terminal
at 80 and at 120 columns, the way a learner meets it."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from conftest import FIRST_RUN, child_env, tcpquiz_command  # noqa: E402
from tcpquiz.engine.datasim import DATA_SCENARIOS  # noqa: E402
from tcpquiz.engine.scenarios import SCENARIOS  # noqa: E402
from tcpquiz.i18n import TEXTS  # noqa: E402

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>78]|\r")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
# Three English words in a row, in lower case: a sentence or a label, not a name such as
# SYN-RECEIVED, rcv-syn or net.ipv4.tcp_fin_timeout.
ENGLISH_RUN = re.compile(r"(?<![\w.\-/=])[a-z]{2,}(?: [a-z]{2,}){2,}(?![\w.\-/=])")

DECK = {"zh": "TCP 三次握手", "en": "TCP three-way handshake"}
# The English built-in decks' names are content (the decks exist in both languages), not UI.
EN_DECK_NAMES = [re.search(r"^title: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1)  # type: ignore[union-attr]
                 for path in sorted((Path(__file__).resolve().parents[1] / "decks" / "en").glob("*.md"))]


def columns_of(line: str) -> int:
    """A line's width on the terminal: a Chinese character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def simulations(cli, home: Path, columns: int, names: list[str]) -> dict[str, str]:
    """`simulate` for each scenario in `names`, with no --lang: the setting chooses. The first
    runs in a terminal `columns` wide; the others, whose diagrams differ but not the way they
    reach the screen (the console's width, the setting read at start), in this process at
    COLUMNS=`columns`, which saves a child process each."""
    from tcpquiz.ui.console import err, out

    first, *others = names
    screens = {f"simulate {first}": screen(home, columns, "simulate", first)}
    # tcpquiz makes its consoles once a process, as wide as COLUMNS said then: made again here at
    # this width, and again after, so that the next test gets its own.
    out.cache_clear()
    err.cache_clear()
    try:
        for name in others:
            result = cli("simulate", name, env={"TCPQUIZ_HOME": str(home), "COLUMNS": str(columns)})
            assert result.exit_code == 0, result.output
            screens[f"simulate {name}"] = result.stdout
    finally:
        out.cache_clear()
        err.cache_clear()
    return screens


def screen(home: Path, columns: int, *args: str, keys: tuple[tuple[str, str], ...] = ()) -> str:
    """What the learner sees: the command run in a terminal `columns` wide, each key in
    `keys` pressed once the text before it is on screen."""
    command = tcpquiz_command()
    env = child_env(home)
    env.pop("COLUMNS", None)  # the terminal's own width, as a learner's shell has it
    child = pexpect.spawn(command[0], [*command[1:], *args], env=env, dimensions=(40, columns),
                          encoding="utf-8", timeout=30)
    seen = []
    for wait_for, key in keys:
        child.expect(wait_for)
        seen.append(child.before + child.after)
        child.send(key)
    child.expect(pexpect.EOF)
    seen.append(child.before)
    child.close()
    assert child.exitstatus == 0, "".join(seen)
    # A carriage return alone starts the line again, and leaving the pager's screen starts a
    # new one: what comes next is not on the same line.
    return ANSI.sub("", re.sub(r"\r(?!\n)|\x1b\[\?1049[hl]", "\n", "".join(seen)))


def english_phrases() -> list[str]:
    """The fixed words of every English UI text, a phrase of two words or more at a time."""
    phrases = []
    for english, _ in TEXTS.values():
        for form in english.split("|"):
            for piece in re.split(r"\{[^}]*\}", form):
                piece = piece.strip(" ;:,.()")
                if len(piece.split()) >= 2:
                    phrases.append(piece)
    return phrases


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library with the built-in decks, a few answers, and a goal of the learner's own."""
    from typer.testing import CliRunner

    from tcpquiz.cli import app
    from tcpquiz.ui.console import err, out

    home = tmp_path_factory.mktemp("study-language")
    # Run in this process: what the tests check is the screens below, each a child in a
    # terminal; building their library in seven children cost about as much again.
    env = {"TCPQUIZ_HOME": str(home), "COLUMNS": "100"}
    FIRST_RUN.place({**os.environ, **env})
    runner = CliRunner()

    def run(*args: str, stdin: str = "") -> None:
        result = runner.invoke(app, list(args), input=stdin, env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output

    # tcpquiz makes its consoles once a process, at the width COLUMNS gives then: made afresh
    # here, and again after, so that the next test gets its own (as in simulations()).
    out.cache_clear()
    err.cache_clear()
    try:
        for lang in ("zh", "en"):
            run("config", "lang", lang)
            run("review", "--new", "3", stdin="5\n1\n4\n4\n")
        run("goal", "add", "Listen to the TCP chapter", "--target", "5")
        run("goal", "tick", "Listen to the TCP chapter")
    finally:
        out.cache_clear()
        err.cache_clear()
    return home


def walk(cli, home: Path, lang: str, columns: int) -> dict[str, str]:
    """Every study command's screen at 80 columns; at 120, those whose layout follows the width."""
    deck = DECK[lang]
    legend = "显示答案" if lang == "zh" else "show answer"
    grades = "评分" if lang == "zh" else "grade"
    pager = "退出" if lang == "zh" else "quit"
    if columns > 80:
        return {
            "review": screen(home, columns, "review", "--new", "20",
                             keys=((legend, " "), (grades, "3"), (legend, "q"))),
            "stats": screen(home, columns, "stats"),
            "decks": screen(home, columns, "decks"),
            "cards": screen(home, columns, "cards", "--deck", deck),
            "fsm": screen(home, columns, "fsm"),
            **simulations(cli, home, columns, ["handshake", "syn-flood", "fast-retransmit", "congestion"]),
        }
    return {
        "review": screen(home, columns, "review", "--new", "20", keys=((legend, " "), (grades, "3"), (legend, "q"))),
        "stats": screen(home, columns, "stats"),
        "decks": screen(home, columns, "decks"),
        "cards": screen(home, columns, "cards", "--deck", deck),
        "goal list": screen(home, columns, "goal", "list"),
        "config": screen(home, columns, "config"),
        "fsm": screen(home, columns, "fsm"),
        "questions": screen(home, columns, "questions", "--count", "2"),
        "read": screen(home, columns, "read", deck, keys=((pager, "q"),)),
        "nothing new": screen(home, columns, "review", "--deck", deck, "--new", "0", "--limit", "0"),
        # Every scenario of both halves: the diagrams are long, and each says different things.
        **simulations(cli, home, columns, [*SCENARIOS, *DATA_SCENARIOS, "congestion"]),
    }


@pytest.mark.parametrize("columns", [80, 120])
def test_in_chinese_no_study_screen_shows_an_english_phrase(cli, library: Path, columns: int) -> None:
    screen_once = screen(library, columns, "config", "lang", "zh")
    assert "lang = zh" in screen_once
    phrases = english_phrases()
    screens = walk(cli, library, "zh", columns)
    if columns == 80:  # the day's new cards used up (--new 0): how to study more, in Chinese
        assert re.search(r"还有 \d+ 张新卡片：`tcpquiz review --new \d+` 今天可以多学一些。", screens["nothing new"])
    for command, text in screens.items():
        # The learner's own goal, written in English, is content, not UI.
        text = text.replace("Listen to the TCP chapter", "")
        for name in EN_DECK_NAMES:
            text = text.replace(name, "")
        assert CJK.search(text), command
        leftovers = [phrase for phrase in phrases if phrase in text]
        assert leftovers == [], (command, leftovers)
        assert ENGLISH_RUN.findall(text) == [], (command, ENGLISH_RUN.findall(text))
        assert [line for line in text.splitlines() if columns_of(line) > columns] == [], command


@pytest.mark.parametrize("columns", [80, 120])
def test_in_english_no_study_screen_shows_a_chinese_label(cli, library: Path, columns: int) -> None:
    assert "lang = en" in screen(library, columns, "config", "lang", "en")
    chinese = [form for _, zh in TEXTS.values() for piece in re.split(r"\{[^}]*\}", zh)
               if len(form := piece.strip(" ；：，。（）")) >= 2]
    screens = walk(cli, library, "en", columns)
    if columns == 80:
        assert re.search(r"\d+ new cards are waiting: `tcpquiz review --new \d+` studies more today\.",
                         " ".join(screens["nothing new"].split()))
        # `decks` says what its columns mean, and the engine's deck has no note to read, so no read goal.
        assert re.search(r"^\s*id\s+deck\s+cards\s+reads\s+in reviews\s+source", screens["decks"], re.M)
        assert re.search(r"TCP state machine\s+\d+\s+no note\s+yes", screens["decks"])
        reading = screens["stats"].split("read the notes", 1)[1]
        assert "TCP state machine" not in reading and "read once to see when" in reading
    for command, text in screens.items():
        assert [line for line in text.splitlines() if columns_of(line) > columns] == [], command
        # `decks` lists the Chinese decks too, by their Chinese names, as decks you do not study.
        text = "\n".join(line for line in text.splitlines() if "no: zh deck" not in line)
        leftovers = [label for label in chinese if label in text]
        assert leftovers == [], (command, leftovers)
        assert not CJK.search(text), (command, CJK.findall(text))


@pytest.mark.parametrize("columns", [80, 120])
def test_help_lists_the_commands_in_the_study_language(library: Path, columns: int) -> None:
    """`--help` in Chinese: the command list, each command's description, click's headings
    and each option's help, wrapped by display width."""
    from tcpquiz.helptext import HELP_ZH, SUMMARY_ZH

    assert "lang = zh" in screen(library, columns, "config", "lang", "zh")
    for args in (["--help"], ["simulate", "--help"], ["review", "--help"], ["decks", "--help"], ["config", "--help"]):
        text = screen(library, columns, *args)
        path = " ".join(args[:-1])
        assert "Usage:" not in text and "Options:" not in text and text.lstrip().startswith("用法：tcpquiz")
        commands = text.split("命令：", 1)[1] if "命令：" in text else ""
        for line in commands.strip().splitlines():  # every summary, whole, in Chinese
            name, summary = line.split(None, 1)
            assert SUMMARY_ZH[f"{path} {name}".strip()].startswith(summary.strip()), line
        description = text.split("\n\n", 1)[1].split("选项：", 1)[0].split("参数：", 1)[0]
        if path == "config":  # every setting with its range, as `config` describes it
            assert "new-per-day：每天的新卡片数，0 到 10000" in description
        if path in HELP_ZH or path == "config":  # in Chinese, but for the examples, which are command lines
            prose = "\n\n".join(p for p in description.split("\n\n") if not p.strip().startswith("示例："))
            assert CJK.search(prose) and ENGLISH_RUN.findall(prose) == [], prose
        options = text.split("选项：", 1)[1]  # each option's help too
        assert "显示这份帮助并退出。" in options and ENGLISH_RUN.findall(options) == [], options
        assert [line for line in text.splitlines() if columns_of(line) > columns] == [], args
    assert "lang = en" in screen(library, columns, "config", "lang", "en")
    english = screen(library, columns, "--help")
    assert not CJK.search(english) and "Review today's due cards" in english
