"""Shell completion for bash, zsh and fish, through the protocol the shells' scripts use:
the scripts call tcpquiz with _TCPQUIZ_COMPLETE set and read the candidates it prints."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import child_env, tcpquiz_command


def complete(home: Path, shell: str, words: str) -> list[str]:
    """The candidates `shell` offers for the command line `words` (the last word unfinished)."""
    env = child_env(home, _TCPQUIZ_COMPLETE=f"complete_{shell}")
    if shell == "bash":
        env.update(COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)))
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    result = subprocess.run(tcpquiz_command(), env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    if shell == "zsh":  # _arguments '*: :(("value":"help" ...))'
        import re

        return re.findall(r'"((?:[^"\\:]|\\.)+)"', result.stdout)
    return [line.split("\t")[0] for line in result.stdout.splitlines() if line]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("completion")
    subprocess.run([*tcpquiz_command(), "config", "lang", "en"], env=child_env(home), check=True,
                   capture_output=True, timeout=120)
    return home


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_completes_scenarios_kinds_settings_and_deck_names(library: Path, shell: str) -> None:
    assert complete(library, shell, "tcpquiz simulate si") == ["simultaneous-open", "simultaneous-close"]
    assert complete(library, shell, "tcpquiz questions --kind s") == ["send", "seqack", "scenario"]
    assert complete(library, shell, "tcpquiz config h") == ["hesitation-seconds"]
    decks = complete(library, shell, "tcpquiz read TCP")
    assert "TCP three-way handshake" in decks and "TCP 三次握手" in decks
    assert all(name.startswith("TCP") for name in decks)
    assert complete(library, shell, "tcpquiz review --deck Conn") == ["Connection problems"]


def test_a_removed_deck_is_not_offered(library: Path, tmp_path: Path) -> None:
    subprocess.run([*tcpquiz_command(), "decks", "remove", "Connection problems"], env=child_env(library),
                   check=True, capture_output=True, timeout=60)
    try:
        assert complete(library, "bash", "tcpquiz review --deck Conn") == []
    finally:
        subprocess.run([*tcpquiz_command(), "decks", "restore", "Connection problems"], env=child_env(library),
                       check=True, capture_output=True, timeout=60)


@pytest.mark.parametrize(("shell", "marker"), [("bash", "complete -o default -F _tcpquiz_completion tcpquiz"),
                                               ("zsh", "#compdef tcpquiz"),
                                               ("fish", "complete --command tcpquiz")])
def test_show_completion_prints_each_shells_script(tmp_path: Path, shell: str, marker: str) -> None:
    env = child_env(tmp_path, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    result = subprocess.run([*tcpquiz_command(), "--show-completion", shell], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert marker in result.stdout and "_TCPQUIZ_COMPLETE" in result.stdout


def test_zsh_and_fish_show_each_candidates_help_in_the_study_language(tmp_path: Path) -> None:
    from tcpquiz.helptext import OPTION_HELP_ZH, SUMMARY_ZH

    subprocess.run([*tcpquiz_command(), "config", "lang", "zh"], env=child_env(tmp_path), check=True,
                   capture_output=True, timeout=120)

    def candidates(shell: str, words: str) -> str:
        env = child_env(tmp_path, _TCPQUIZ_COMPLETE=f"complete_{shell}", _TYPER_COMPLETE_ARGS=words)
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
        result = subprocess.run(tcpquiz_command(), env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout

    zsh = candidates("zsh", "tcpquiz re")
    assert f'"review":"{SUMMARY_ZH["review"]}"' in zsh and f'"read":"{SUMMARY_ZH["read"]}"' in zsh
    assert f'"remove":"{SUMMARY_ZH["decks remove"]}"' in candidates("zsh", "tcpquiz decks rem")
    fish = candidates("fish", "tcpquiz review --n").splitlines()
    assert fish == [f"--new\t{OPTION_HELP_ZH['New cards today (default: the new-per-day setting, 20).']}"]
    assert complete(tmp_path, "bash", "tcpquiz re") == ["review", "read", "restore"]  # bash: names alone
