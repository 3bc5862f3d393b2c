"""--help reads whole at 80 columns, and `config` states and checks every setting's range."""

from __future__ import annotations

import re

import pytest
import typer

from tcpquiz import settings
from tcpquiz.cli import app


def command_paths() -> list[list[str]]:
    """Every command and subcommand, as the words that name it."""
    root = typer.main.get_command(app)
    paths: list[list[str]] = [[]]

    def walk(group, prefix: list[str]) -> None:
        for name, command in group.commands.items():
            if getattr(command, "hidden", False):
                continue
            paths.append([*prefix, name])
            if hasattr(command, "commands"):
                walk(command, [*prefix, name])

    walk(root, [])
    return paths


@pytest.mark.parametrize("words", command_paths(), ids=lambda words: " ".join(words) or "tcpquiz")
def test_help_at_80_columns_cuts_no_summary_and_no_line(cli, words: list[str]) -> None:
    result = cli(*words, "--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.rstrip().endswith("...") and not line.startswith("Usage:")]
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]


def test_every_command_is_documented_and_goal_set_is_one_of_them() -> None:
    names = {" ".join(words) for words in command_paths()}
    assert {"goal set", "goal add", "goal tick", "goal remove", "goal list", "decks remove", "decks restore",
            "decks rename"} <= names
    root = typer.main.get_command(app)
    hidden = [name for name, command in root.commands["goal"].commands.items() if command.hidden]
    assert hidden == []


def test_config_help_lists_every_setting_with_its_range(cli) -> None:
    text = " ".join(cli("config", "--help", env={"COLUMNS": "80"}).stdout.split())
    for name in settings.SETTINGS:
        assert f"{name}:" in text
    for words in ("0 to 10000", "0 to 100000", "zh or en", "0.5 to 600 seconds"):
        assert words in text


@pytest.mark.parametrize(("key", "value", "message"), [
    ("new-per-day", "-5", "Error: Cannot set new-per-day: -5 is outside 0..10000."),
    ("reviews-per-day", "-1", "Error: Cannot set reviews-per-day: -1 is outside 0..100000."),
    ("hesitation-seconds", "-0.5", "Error: Cannot set hesitation-seconds: -0.5 is outside 0.5..600 seconds."),
])
def test_a_negative_value_gets_a_range_error_not_no_such_option(cli, key: str, value: str, message: str) -> None:
    result = cli("config", key, value)
    assert result.exit_code == 1 and result.stderr.strip().splitlines()[-1] == message


def test_config_reset_without_a_key_asks_first_then_resets_every_setting(cli) -> None:
    assert cli("config", "new-per-day", "7").exit_code == 0
    assert cli("config", "lang", "zh").exit_code == 0
    refused = cli("config", "--reset")  # no terminal to ask on: refused, nothing changed
    assert refused.exit_code == 1
    # Said in the study language, Chinese since the line above.
    assert refused.stderr.strip() == "Error: 恢复全部设置需要确认；请加上 --yes 确认。"
    assert re.search(r"^new-per-day = 7 ", cli("config").stdout, re.M)
    assert cli("config", "--reset", "--yes").exit_code == 0
    values = cli("config", "--json").stdout
    assert '"new-per-day": 20' in values and '"lang": "en"' in values  # LANG=C.UTF-8: English by default


def test_in_a_terminal_config_reset_and_purge_ask_and_take_the_answer(cli, tcpquiz_home, tmp_path) -> None:
    pexpect = pytest.importorskip("pexpect")
    from conftest import child_env, tcpquiz_command, write_deck

    def ask(*args: str, answer: str) -> str:
        command = tcpquiz_command()
        child = pexpect.spawn(command[0], [*command[1:], *args], env=child_env(tcpquiz_home), encoding="utf-8",
                              dimensions=(24, 80), timeout=30)
        child.expect(r"\[y/N\]")
        child.sendline(answer)
        child.expect(pexpect.EOF)
        child.close()
        return child.before

    assert cli("config", "new-per-day", "7").exit_code == 0
    assert "Aborted" in ask("config", "--reset", answer="n")
    assert '"new-per-day": 7' in cli("config", "--json").stdout
    ask("config", "--reset", answer="y")
    assert '"new-per-day": 20' in cli("config", "--json").stdout

    path = write_deck(tmp_path / "d.md", "Drill", [("Q?", "A.")])
    assert cli("import", str(path)).exit_code == 0
    assert "Aborted" in ask("decks", "remove", "Drill", "--purge", answer="n")
    assert "Drill" in cli("decks", "--json").stdout
    assert "Deleted Drill and 1 card with their history." in ask("decks", "remove", "Drill", "--purge", answer="y")
    assert "Drill" not in cli("decks", "--json").stdout
