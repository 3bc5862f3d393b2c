"""The interactive review in a real pseudo-terminal: single keypresses, undo, quit, Ctrl-C."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from conftest import child_env, ctrl_c_as_in_a_terminal, tcpquiz_command, write_deck  # noqa: E402

CARDS = [(f"Which state comes {i}?", f"State number {i}.") for i in range(1, 5)]



def spawn(home: Path, *args: str):
    command = tcpquiz_command()
    return pexpect.spawn(command[0], [*command[1:], *args], env=child_env(home), dimensions=(40, 100),
                         encoding="utf-8", timeout=20, preexec_fn=ctrl_c_as_in_a_terminal)


def answers(db_path: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT c.front, r.quality FROM reviews r JOIN cards c ON c.id = r.card_id"
            " WHERE r.id NOT IN (SELECT review_id FROM review_undos) ORDER BY r.id"
        ).fetchall()


def wait_for(predicate, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def test_single_keypresses_undo_and_quit(deck: Path, tcpquiz_home: Path, db_path: Path) -> None:
    child = spawn(tcpquiz_home, "review", "--deck", "Drill")
    child.expect("Which state comes 1")
    child.expect("show answer")
    child.send(" ")  # one key, no Enter
    child.expect("State number 1")
    child.expect("perfect, right away")  # the grade legend, with SM-2 meanings
    child.send("9")
    child.expect("Press a grade from 0 to 5")
    child.send("5")
    child.expect("Which state comes 2")
    assert answers(db_path) == [("Which state comes 1?", 5)]  # committed at once

    child.send("u")  # undo from the next card's question: card 1 comes back
    child.expect("Which state comes 1")
    wait_for(lambda: answers(db_path) == [])
    child.send(" ")
    child.expect("State number 1")
    child.send("4")
    child.expect("Which state comes 2")
    child.send(" ")
    child.expect("State number 2")  # each key's screen before the next key
    child.send("3")  # below 4: comes back later in the session
    child.expect("Which state comes 3")
    child.send("q")
    child.expect("Session summary")
    child.expect("2 cards seen")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert answers(db_path) == [("Which state comes 1?", 4), ("Which state comes 2?", 3)]


def test_ctrl_c_keeps_every_answer(deck: Path, tcpquiz_home: Path, db_path: Path) -> None:
    child = spawn(tcpquiz_home, "review", "--deck", "Drill")
    for number in (1, 2):
        child.expect(f"Which state comes {number}")
        child.send(" ")
        child.expect(f"State number {number}")
        child.send("5")
    child.expect("Which state comes 3")
    child.sendintr()
    child.expect("Session summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert answers(db_path) == [("Which state comes 1?", 5), ("Which state comes 2?", 5)]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_nothing_due_in_a_terminal(deck: Path, tcpquiz_home: Path) -> None:
    child = spawn(tcpquiz_home, "review", "--deck", "Drill", "--new", "0")
    child.expect("Nothing to review today")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def long_note(tmp_path: Path) -> Path:
    prose = "\n\n".join(f"Paragraph {i}: the handshake, told once more." for i in range(1, 80))
    return write_deck(tmp_path / "long.md", "Long read", [("Q1?", "A1.")], preamble=prose)


def test_read_counts_only_when_the_end_is_reached(cli, tcpquiz_home: Path, tmp_path: Path) -> None:
    cli("import", str(long_note(tmp_path)))
    child = spawn(tcpquiz_home, "read", "Long read")
    child.expect("Paragraph 1:")
    child.expect("space: next page")
    child.send("q")  # stop on the first page
    child.expect("not counted")
    child.expect(pexpect.EOF)

    child = spawn(tcpquiz_home, "read", "Long read")
    child.expect("Paragraph 1:")
    for _ in range(30):
        child.send(" ")
        if child.expect(["any key closes", "space: next page"]) == 0:
            break
    else:
        raise AssertionError("never reached the end of the note")
    child.send(" ")
    child.expect("Read 1 of 60 for Long read.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_other_decks_answers_are_a_key_away(cli, tcpquiz_home: Path, tmp_path: Path) -> None:
    write_deck(tmp_path / "n" / "a.md", "Mine", [("为什么要三次握手？", "防止旧的重复连接请求。")])
    write_deck(tmp_path / "n" / "b.md", "Book", [("TCP 为什么是三次握手", "双方都要确认对方的初始序号。")])
    cli("import", str(tmp_path / "n"))
    child = spawn(tcpquiz_home, "review", "--deck", "n")
    child.expect("三次握手")
    child.send(" ")
    child.expect("Also in:")
    other = child.expect(["n::Mine", "n::Book"])
    child.expect("press o to see their answers")
    child.send("o")
    child.expect(["防止旧的重复连接请求", "双方都要确认对方的初始序号"][other])
    child.send("5")
    child.expect("Session summary")
    child.expect("1 card seen")
    child.expect(pexpect.EOF)


def test_undo_with_nothing_to_undo_says_so(deck: Path, tcpquiz_home: Path, db_path: Path) -> None:
    child = spawn(tcpquiz_home, "review", "--deck", "Drill")
    child.expect("Which state comes 1")
    child.expect("show answer")
    child.send("u")
    child.expect("There is no answer to undo yet.")
    child.expect("Which state comes 1")  # the same card, still waiting
    child.send("q")
    child.expect(pexpect.EOF)
    assert answers(db_path) == []


def test_keys_typed_together_are_each_answered(deck: Path, tcpquiz_home: Path, db_path: Path) -> None:
    """A paste (or fast typing) delivers several keys in one read: each is a keypress."""
    child = spawn(tcpquiz_home, "review", "--deck", "Drill")
    child.expect("Which state comes 1")
    child.expect("show answer")
    child.send(" 5 4")  # reveal, grade 5, reveal, grade 4: one write, one read
    child.expect("Which state comes 3")
    assert answers(db_path) == [("Which state comes 1?", 5), ("Which state comes 2?", 4)]
    child.send("\x1b[A")  # an arrow key is one key (not ESC, which quits): a hint, and the card stays
    child.expect("Press space to show the answer")
    child.send("q")
    child.expect("Session summary")
    child.expect(pexpect.EOF)


def _echo_on(child) -> bool:
    import termios

    return bool(termios.tcgetattr(child.child_fd)[3] & termios.ECHO)


@pytest.mark.parametrize("signum", ["SIGTERM", "SIGHUP"])
def test_a_signal_gives_the_terminal_back(deck: Path, tcpquiz_home: Path, db_path: Path, signum: str) -> None:
    import signal

    child = spawn(tcpquiz_home, "review", "--deck", "Drill")
    child.expect("Which state comes 1")
    child.expect("show answer")
    child.send(" ")
    child.expect("perfect, right away")
    child.send("5")
    child.expect("Which state comes 2")
    assert not _echo_on(child)  # the review reads keys without echo
    child.kill(getattr(signal, signum))
    child.expect(pexpect.EOF)
    assert _echo_on(child)  # the terminal is as the shell left it
    child.close()
    assert child.exitstatus == 128 + getattr(signal, signum)
    assert answers(db_path) == [("Which state comes 1?", 5)]


def test_an_exception_gives_the_terminal_back(deck: Path, tcpquiz_home: Path, db_path: Path) -> None:
    """A failure under a review (here its answers' table taken away) is an error
    message, not a terminal left in cbreak mode."""
    child = spawn(tcpquiz_home, "review", "--deck", "Drill")
    child.expect("Which state comes 1")
    child.expect("show answer")
    child.send(" ")
    child.expect("perfect, right away")
    assert not _echo_on(child)
    with sqlite3.connect(db_path) as conn:
        conn.execute("ALTER TABLE reviews RENAME TO reviews_elsewhere")
    child.send("5")
    child.expect("Error: ")
    child.expect(pexpect.EOF)
    assert _echo_on(child)
    child.close()
    assert child.exitstatus == 1


def test_resizing_redraws_the_card(deck: Path, tcpquiz_home: Path) -> None:
    child = spawn(tcpquiz_home, "review", "--deck", "Drill")
    child.expect("Which state comes 1")
    child.send(" ")
    child.expect("perfect, right away")
    child.setwinsize(30, 60)  # SIGWINCH
    child.expect("Which state comes 1")  # the question and the answer, drawn again at the new width
    child.expect("State number 1")
    child.expect("perfect, right away")
    child.send("5")
    child.expect("Which state comes 2")
    child.send("q")
    child.expect(pexpect.EOF)
