"""The tables of `cards` and `goal list`, and `goal remove`, as a learner reads them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write_deck

LONG_QUESTION = ("Why does the **client** in `TIME-WAIT` wait for twice the maximum segment lifetime "
                 "before it finally closes the connection?")


def test_cards_shows_plain_text_cut_at_a_word(cli, run_tcpquiz, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "d.md", "Drill", [(LONG_QUESTION, "So that a lost final ACK can be resent."),
                                                   ("What is [a SYN](https://example.org)?", "A flag.")])
    assert cli("import", str(path)).exit_code == 0
    result = run_tcpquiz("cards", "--deck", "Drill", COLUMNS="80")  # its own process: its own console width
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["deck", "front", "kind", "due"]
    first, second = lines[1], lines[2]
    assert "**" not in result.stdout and "`" not in result.stdout and "](" not in result.stdout
    assert "What is a SYN?" in second
    # Cut after a whole word, and marked: "Why does the client in TIME-WAIT wait for …".
    front = first.split("Drill", 1)[1].split("basic")[0].strip()
    assert front.endswith("…") and LONG_QUESTION.replace("**", "").replace("`", "").startswith(front[:-1].rstrip())
    assert front[:-1].rstrip().split()[-1] in LONG_QUESTION.replace("**", "").replace("`", "").split()
    assert all(len(line) <= 80 for line in lines)
    assert lines[-1] == "2 cards."


def test_goal_list_shows_read_goals_and_own_goals_and_goal_remove_takes_one_away(cli, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "d.md", "Drill", [("Q?", "A.")], preamble="Prose.")
    assert cli("import", str(path)).exit_code == 0
    assert cli("config", "lang", "en").exit_code == 0
    assert cli("goal", "Drill", "--reads", "12").exit_code == 0
    assert cli("goal", "add", "Listen to the TCP chapter", "--target", "5").exit_code == 0
    assert cli("goal", "tick", "TCP chapter").exit_code == 0

    rows = [line.split() for line in cli("goal", "list").stdout.splitlines()]
    assert rows[0] == ["goal", "done", "target"]
    assert ["read", "Drill", "0", "12"] in rows
    assert ["Listen", "to", "the", "TCP", "chapter", "1", "5"] in rows
    # The engine's deck has no note, so no read goal; the built-in notes in English have theirs.
    assert not any("state" in row and "machine" in row for row in rows)
    assert ["read", "TCP", "basics", "0", "60"] in rows

    removed = cli("goal", "remove", "TCP chapter")
    assert removed.exit_code == 0 and removed.stdout.strip() == "Removed the goal 'Listen to the TCP chapter'."
    assert not any("Listen" in row for row in (line.split() for line in cli("goal", "list").stdout.splitlines()))
    again = cli("goal", "remove", "TCP chapter")
    assert again.exit_code == 1 and again.stderr.startswith("Error: ")


def test_card_kinds_are_named_in_the_study_language(cli, run_tcpquiz, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "d.md", "Drill", [("Why does TIME-WAIT last 2MSL?", "So a lost ACK can be resent.")])
    assert cli("import", str(path)).exit_code == 0
    assert cli("config", "lang", "zh").exit_code == 0
    lines = run_tcpquiz("cards", "--deck", "Drill", COLUMNS="100").stdout.splitlines()
    assert lines[0].split() == ["卡组", "正面", "类型", "到期"]
    assert lines[1].split()[-2] == "问答" and "basic" not in lines[1]
    # `--json` keeps the stored value: scripts read it.
    assert [card["kind"] for card in json.loads(run_tcpquiz("cards", "--deck", "Drill", "--json").stdout)] == ["basic"]
