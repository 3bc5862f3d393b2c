"""A mistake in the learner's notes, from `tcpquiz check` and `tcpquiz import` to the
card's answer side: scripted and terminal review, the CSV and Anki exports, the cheat sheet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import child_env, tcpquiz_command, write_deck

# The first answer names a state that does not exist (RFC 9293 §3.3.2 calls it SYN-SENT).
CARDS = [
    ("Which state does the client enter after sending its SYN?", "It enters SYN_SEND and waits for the SYN+ACK."),
    ("What does the server answer a SYN with?", "A SYN+ACK whose ack is the client's ISN + 1."),
]
FACT = "SYN_SEND is not a TCP state; the state is SYN-SENT"


def drill(cli) -> dict[str, dict]:
    return {c["front"]: c for c in json.loads(cli("cards", "--deck", "Drill", "--json").stdout)}


def test_import_says_how_many_cards_repeat_a_mistake_and_flags_them(cli, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "deck.md", "Drill", CARDS)
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    assert "1 card from these notes repeats a known mistake" in " ".join(result.stdout.split())
    cards = drill(cli)
    flagged, clean = cards[CARDS[0][0]], cards[CARDS[1][0]]
    assert [(f["rule"], f["source"]) for f in flagged["flags"]] == [("state-name-does-not-exist", "RFC 9293 §3.3.2")]
    assert FACT in flagged["flags"][0]["fact"]
    assert clean["flags"] == []


def test_fixing_the_note_clears_the_flag_and_keeps_the_card(cli, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "deck.md", "Drill", CARDS)
    cli("import", str(path))
    key = drill(cli)[CARDS[0][0]]["key"]
    fixed = [(CARDS[0][0], "It enters SYN-SENT and waits for the SYN+ACK."), CARDS[1]]
    write_deck(path, "Drill", fixed)
    result = cli("import", str(path))
    assert "known mistake" not in result.stdout
    card = drill(cli)[CARDS[0][0]]
    assert card["flags"] == [] and card["key"] == key


def test_scripted_review_shows_the_flag_after_the_answer(cli, deck: Path) -> None:
    result = cli("review", "--deck", "Drill", input="5\n5\n")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    answer = lines.index("A: It enters SYN_SEND and waits for the SYN+ACK.")
    assert lines[answer + 1].startswith(f"Your note disagrees with this: {FACT}")
    assert lines[answer + 1].endswith("(Source: RFC 9293 §3.3.2)")
    assert sum("Your note disagrees" in line for line in lines) == 1


def test_terminal_review_shows_the_flag_on_the_answer_side(deck: Path, tcpquiz_home: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    command = tcpquiz_command()
    child = pexpect.spawn(command[0], [*command[1:], "review", "--deck", "Drill"], env=child_env(tcpquiz_home),
                          dimensions=(40, 200), encoding="utf-8", timeout=20)
    child.expect("Which state does the client enter")
    child.expect("show answer")
    child.send(" ")
    child.expect("It enters SYN_SEND")
    child.expect("the state is SYN-SENT")
    child.expect("perfect, right away")  # the grade legend below the answer
    child.send("q")
    child.expect(pexpect.EOF)


def test_csv_export_carries_the_flag(cli, deck: Path, tmp_path: Path) -> None:
    out = tmp_path / "drill.csv"
    assert cli("export", "csv", "-o", str(out), "--deck", "Drill").exit_code == 0
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(line for line in fh if not line.startswith("#")))
    backs = {row[0]: row[1] for row in rows}
    assert FACT in backs[CARDS[0][0]] and "Your note disagrees" not in backs[CARDS[1][0]]


def test_anki_shows_the_flag_on_the_back(cli, deck: Path, tmp_path: Path) -> None:
    from exporttools import anki_cards, collection, import_apkg, visible_text

    apkg = tmp_path / "drill.apkg"
    assert cli("export", "anki", "-o", str(apkg), "--deck", "Drill").exit_code == 0
    with collection(tmp_path / "anki" / "collection.anki2") as col:
        import_apkg(col, apkg)
        answers = {visible_text(c.question): visible_text(c.answer) for c in anki_cards(col)}
    flagged = next(a for q, a in answers.items() if "Which state does the client enter" in q)
    clean = next(a for q, a in answers.items() if "What does the server answer" in q)
    assert FACT in flagged and "RFC 9293 §3.3.2" in flagged
    assert "Your note disagrees" not in clean


def test_cheat_sheet_puts_the_correction_with_a_weak_card(cli, deck: Path, tmp_path: Path) -> None:
    # Graded 1 (a lapse), then again until it scores 4: the card is now among the weakest.
    assert cli("review", "--deck", "Drill", input="1\n5\n5\n").exit_code == 0
    out = tmp_path / "sheet.html"
    result = cli("cheatsheet", "-o", str(out), "--lang", "en", "--deck", "Drill")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert FACT in html


def test_check_lists_each_finding_with_line_fact_and_source(cli, tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text("# 笔记\n\n客户端进入 SYN_SEND 状态。\n\n保活探测每 75 秒一次。\n", encoding="utf-8")
    result = cli("check", str(note))
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())  # as wrapped to the terminal's width
    assert "line 3: 客户端进入 SYN_SEND 状态。" in flat
    assert "SYN_SEND 不是 TCP 的状态名，应为 SYN-SENT" in flat
    assert "来源：RFC 9293 §3.3.2" in flat
    assert "1 statement in 1 of 1 note contradicts established facts." in flat
    data = json.loads(cli("check", "--json", str(note)).stdout)
    assert [(d["line"], d["rule"], d["lang"]) for d in data] == [(3, "state-name-does-not-exist", "zh")]


def test_check_on_clean_notes_and_on_a_missing_path(cli, tmp_path: Path) -> None:
    note = tmp_path / "ok.md"
    note.write_text("The client enters SYN-SENT.\n", encoding="utf-8")
    result = cli("check", str(note))
    assert result.exit_code == 0
    assert "Nothing in 1 note contradicts the facts this check knows." in " ".join(result.stdout.split())
    missing = cli("check", str(tmp_path / "nope.md"))
    assert missing.exit_code == 1
    assert missing.stderr.startswith("Error: ") and "Traceback" not in missing.output


def test_check_keeps_terminal_control_sequences_out(cli, tmp_path: Path) -> None:
    note = tmp_path / "evil.md"
    note.write_text("The client enters \x1b[2J\x1b]0;pwned\x07SYN_SEND state.\n", encoding="utf-8")
    result = cli("check", str(note))
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_check_reports_an_unreadable_note_and_checks_the_rest(cli, tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "good.md").write_text("客户端进入 SYN_SEND 状态。\n", encoding="utf-8")
    result = cli("check", str(tmp_path))
    assert result.exit_code == 1
    assert "SYN-SENT" in result.stdout
    assert result.stderr.count("Error: ") == 1 and "binary" in result.stderr
