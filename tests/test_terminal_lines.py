"""What a terminal shows of a long error and of the Chinese help: wrapped at word boundaries
(Chinese between characters) within the screen's width, never cut mid-word by the terminal."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import pytest

from conftest import child_env, tcpquiz_command
from tcpquiz.text import display_width
from test_help_and_config import command_paths

pexpect = pytest.importorskip("pexpect")

# Chinese puts no space after its own punctuation, and opening punctuation leads what follows it.
CLOSING_ZH = "，。、；：？！）」』】》〉"
OPENING_ZH = "（「『【《〈“‘"


def screen_lines(home: Path, columns: int, *args: str) -> list[str]:
    """What `tcpquiz args` prints on a real terminal `columns` wide (COLUMNS unset: the terminal's size counts)."""
    env = child_env(home)
    env.pop("COLUMNS", None)
    command = tcpquiz_command()
    child = pexpect.spawn(command[0], [*command[1:], *args], env=env, dimensions=(24, columns), encoding="utf-8",
                          timeout=60)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    return [line for line in child.before.replace("\r\n", "\n").split("\n") if line.strip()]


# Each language at each width, through both ways a command runs: `review` without typer
# (tcpquiz.entry), `read` through the typer app (tcpquiz.cli).
@pytest.mark.parametrize(("lang", "columns", "command"), [
    ("en", 80, "review"), ("en", 120, "read"), ("zh", 80, "read"), ("zh", 120, "review")])
def test_a_long_error_wraps_at_words_within_the_terminal(cli, tcpquiz_home: Path, lang: str, columns: int,
                                                         command: str) -> None:
    assert cli("config", "lang", lang).exit_code == 0
    # The same error sent to a pipe (CliRunner's stderr): one line, as scripts read it. `tcp`
    # names no deck, and the five closest, which it is part of, make a line of 150 columns.
    (one_line,) = cli("read", "tcp").stderr.splitlines()
    assert one_line.startswith("Error: ") and "TCP three-way handshake" in one_line and display_width(one_line) > 140
    args = ["review", "--deck", "tcp"] if command == "review" else ["read", "tcp"]
    lines = screen_lines(tcpquiz_home, columns, *args)

    assert len(lines) >= display_width(one_line) // columns + 1 > 1
    assert all(display_width(line) <= columns for line in lines), [line for line in lines if display_width(line) > columns]
    # Nothing lost, nothing added but line breaks.
    assert "".join("".join(lines).split()) == "".join(one_line.split())
    # Every word of Latin letters is whole on one line: "Connection" never "Connec" + "tion".
    latin = re.compile(r"[A-Za-z0-9'-]+")
    assert [w for line in lines for w in latin.findall(line)] == latin.findall(one_line)
    # A command to type is never broken across lines: `tcpquiz decks` stays whole.
    assert "`tcpquiz decks`" in one_line and all(line.count("`") % 2 == 0 for line in lines), lines
    for before, after in itertools.pairwise(lines):
        assert after[0] not in CLOSING_ZH and before[-1] not in OPENING_ZH
        # A break between two Latin words was a space in the message.
        if before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and after[0].isalnum():
            assert f"{before.split()[-1]} {after.split()[0]}" in one_line


def test_an_error_off_a_terminal_stays_one_line(cli) -> None:
    """To a pipe or a file the error is one line whatever COLUMNS says: scripts read it by lines."""
    (line,) = cli("read", "tcp", env={"COLUMNS": "40"}).stderr.splitlines()
    assert display_width(line) > 140 and "TCP three-way handshake" in line


def test_chinese_help_wraps_cleanly_at_80_columns(cli) -> None:
    assert cli("config", "lang", "zh").exit_code == 0
    for words in command_paths():
        result = cli(*words, "--help", env={"COLUMNS": "80"})
        assert result.exit_code == 0 and "选项：" in result.stdout, words
        lines = [line.rstrip() for line in result.stdout.splitlines() if line.strip()]
        assert all(display_width(line) <= 80 for line in lines), [line for line in lines if display_width(line) > 80]
        for line in lines:
            text = line.strip()
            assert text[0] not in CLOSING_ZH and text[-1] not in OPENING_ZH, line
            # click's notes ("[默认：120]", "[必填]") are never split across two lines.
            assert text.count("[") == text.count("]"), line
            # Names listed in Chinese are joined by "、", as Chinese lists are, not by ", ".
            if re.search(r"[\u4e00-\u9fff]", text):
                assert not re.search(r"[a-z0-9-], [a-z]", text), line


def test_a_list_of_names_breaks_after_the_chinese_comma() -> None:
    from tcpquiz.text import wrap

    kinds = "next-state、send、order、where、seqack 或 nagle（默认：全部）。"
    assert wrap(kinds, 24) == ["next-state、send、", "order、where、seqack 或", "nagle（默认：全部）。"]
    # Opening punctuation goes to the next line with the Latin word it opens.
    assert wrap("同步服务器同步（AnkiWeb：https://sync.ankiweb.net/）。", 20) == [
        "同步服务器同步", "（AnkiWeb：", "https://sync.ankiweb.net/）。"]


def test_importing_nothing_draws_no_progress_bar(cli, tcpquiz_home: Path, tmp_path: Path) -> None:
    """A mistyped path: the error alone, not a bar at "0/0" first, as if something had been read."""
    assert cli("config", "lang", "zh").exit_code == 0
    missing = tmp_path / "missing.md"
    lines = screen_lines(tcpquiz_home, 80, "import", str(missing))
    assert " ".join(lines) == f"Error: {missing} 不存在。"  # wrapped at the space when the path is long


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 2


def test_only_the_lines_too_wide_for_the_terminal_are_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    from tcpquiz.ui.termlines import fit_to_terminal

    monkeypatch.setenv("COLUMNS", "30")
    message = "Error: a short line\n  - an indented item\n" + "word " * 10 + "end."
    assert fit_to_terminal(message, FakeTerminal()).split("\n") == [
        "Error: a short line", "  - an indented item",
        "word word word word word word", "word word word word end."]  # 29 columns, then the rest
    assert fit_to_terminal(message, io.StringIO()) == message  # not a terminal: as it is


def test_a_stream_that_cannot_say_its_width_gets_the_message_as_it_is(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    from tcpquiz.ui.termlines import fit_to_terminal

    message = "Error: " + "word " * 40
    closed = io.StringIO()
    closed.close()  # isatty() raises ValueError on a closed stream
    assert fit_to_terminal(message, closed) == message
    monkeypatch.delenv("COLUMNS")

    class SaysTerminalButIsAFile(FakeTerminal):
        def fileno(self) -> int:  # a file descriptor that is no terminal: no size to ask for
            return handle.fileno()

    with (tmp_path / "plain.txt").open("w") as handle:
        assert fit_to_terminal(message, SaysTerminalButIsAFile()) == message


class Terminal(io.StringIO):
    """A stream that says it is a terminal (COLUMNS gives its width)."""

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 2


@pytest.mark.parametrize("columns", [80, 120])
def test_a_command_to_type_is_never_broken_across_lines(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    from tcpquiz.text import wrap
    from tcpquiz.ui.termlines import fit_to_terminal

    monkeypatch.setenv("COLUMNS", str(columns))
    # Wrapped at spaces and between characters alone, the break falls inside the command at
    # both widths: `tcpquiz | decks`, `tcpquiz review | --new 10`.
    message = ("Error: 没有名为 '握手' 的卡组；20 个卡组中相近的名字：TCP 三次握手（`tcpquiz decks` 列出全部卡组）。"
               if columns == 80 else
               "Warning: 还有 27 张新卡片，今天的新卡片已经学完了；如果想多学一些，可以运行这条命令继续学习新的卡片，"
               "例如 `tcpquiz review --new 10` 今天可以多学一些。")
    assert any(line.count("`") % 2 for line in wrap(message, columns))
    lines = fit_to_terminal(message, Terminal()).split("\n")
    assert len(lines) > 1 and all(line.count("`") % 2 == 0 for line in lines), lines
    assert all(display_width(line) <= columns for line in lines)
    assert "".join("".join(lines).split()) == "".join(message.split())  # nothing lost, nothing added
    # A message holding the stand-in for a kept space itself (a deck's name may) loses nothing to it.
    odd = message.replace("。", "\ue000。")
    assert "\ue000" in fit_to_terminal(odd, Terminal())
