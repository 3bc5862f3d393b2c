"""The review read one line per card (stdin not a terminal): grades, requeue, undo, quit, limits."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

CARDS = [(f"Question {i}?", f"Answer {i}.") for i in range(1, 6)]



def log(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT c.front, r.quality, r.scheduled, r.repetitions_after,"
            " r.id IN (SELECT review_id FROM review_undos)"
            " FROM reviews r JOIN cards c ON c.id = r.card_id ORDER BY r.id"
        ).fetchall()


def drill(cli) -> dict[str, dict]:
    return {c["front"]: c for c in json.loads(cli("cards", "--deck", "Drill", "--json").stdout)}


def test_grades_are_saved_and_schedule_moves(cli, deck: Path, db_path: Path) -> None:
    result = cli("review", "--deck", "Drill", input="5\n4\n5\n5\n4\n")
    assert result.exit_code == 0, result.output
    assert "5 cards seen" in result.stdout
    assert [row[:3] for row in log(db_path)] == [
        ("Question 1?", 5, 1), ("Question 2?", 4, 1), ("Question 3?", 5, 1),
        ("Question 4?", 5, 1), ("Question 5?", 4, 1),
    ]
    cards = drill(cli)
    assert cards["Question 1?"]["easiness"] == 2.6 and cards["Question 2?"]["easiness"] == 2.5
    assert all(c["interval"] == 1 and c["due"] for c in cards.values())


def test_low_grades_come_back_until_four_without_moving_the_schedule(cli, deck: Path, db_path: Path) -> None:
    # Q1 gets 2, then comes back after REQUEUE_GAP other cards: 3 (still below 4), then 4.
    result = cli("review", "--deck", "Drill", "--new", "2", input="2\n5\n3\n4\n")
    assert result.exit_code == 0, result.output
    rows = log(db_path)
    assert [(front, q, scheduled) for front, q, scheduled, _, _ in rows] == [
        ("Question 1?", 2, 1), ("Question 2?", 5, 1), ("Question 1?", 3, 0), ("Question 1?", 4, 0),
    ]
    card = drill(cli)["Question 1?"]
    # Only the first answer (2) moved the schedule: repetitions 0, interval 1, EF unchanged.
    assert (card["repetitions"], card["interval"], card["easiness"]) == (0, 1, 2.5)
    assert "again, until it scores 4" in result.stdout


def test_undo_takes_back_the_last_answer(cli, deck: Path, db_path: Path) -> None:
    result = cli("review", "--deck", "Drill", "--new", "2", input="1\nu\n5\n5\n")
    assert result.exit_code == 0, result.output
    rows = log(db_path)
    assert [(front, q, undone) for front, q, _, _, undone in rows] == [
        ("Question 1?", 1, 1), ("Question 1?", 5, 0), ("Question 2?", 5, 0),
    ]
    card = drill(cli)["Question 1?"]
    assert (card["repetitions"], card["easiness"]) == (1, 2.6)


def test_undo_of_a_new_card_makes_it_new_again(cli, deck: Path, db_path: Path) -> None:
    result = cli("review", "--deck", "Drill", input="5\nu\nq\n")
    assert result.exit_code == 0
    assert drill(cli)["Question 1?"]["state"] == "new"
    assert log(db_path)[0][4] == 1  # the answer is still in the log, marked undone


def test_quit_and_eof_keep_answers(cli, deck: Path, db_path: Path) -> None:
    assert cli("review", "--deck", "Drill", input="5\n5\nq\n5\n").exit_code == 0
    assert len(log(db_path)) == 2
    result = cli("review", "--deck", "Drill", input="4\n")  # then end of input
    assert result.exit_code == 0
    assert len(log(db_path)) == 3
    assert "2 left for later" in result.stdout


def test_bad_grade_gets_a_hint_and_the_card_stays(cli, deck: Path, db_path: Path) -> None:
    result = cli("review", "--deck", "Drill", "--new", "1", input="7\nyes\n\n5\n")
    assert result.exit_code == 0
    assert result.stderr.count("is not a grade; answer with a number from 0 to 5, u or q.") == 3
    assert [row[:2] for row in log(db_path)] == [("Question 1?", 5)]


def test_undo_with_nothing_to_undo(cli, deck: Path) -> None:
    result = cli("review", "--deck", "Drill", "--new", "1", input="u\n5\n")
    assert "There is no answer to undo yet." in result.stderr
    assert result.exit_code == 0


def test_new_card_limit_counts_the_whole_day(cli, deck: Path, db_path: Path) -> None:
    assert cli("config", "new-per-day", "3").exit_code == 0
    cli("review", "--deck", "Drill", input="5\n5\n5\n5\n5\n")
    assert len(log(db_path)) == 3  # the remembered setting, not the default 20
    second = cli("review", "--deck", "Drill", input="5\n")
    assert "Nothing to review today" in second.stdout
    assert len(log(db_path)) == 3
    third = cli("review", "--deck", "Drill", "--new", "4", input="5\n5\n5\n")
    assert len(log(db_path)) == 4, third.output  # --new 4 for today, 3 already done


def test_due_cards_come_first_the_next_day(cli, deck: Path, db_path: Path) -> None:
    cli("review", "--deck", "Drill", "--new", "2", input="5\n5\n", env={"TCPQUIZ_NOW": "2026-11-21T10:00"})
    result = cli("review", "--deck", "Drill", "--new", "1", input="4\n4\n4\n",
                 env={"TCPQUIZ_NOW": "2026-11-22T10:00"})
    assert result.exit_code == 0
    assert [row[0] for row in log(db_path)][2:] == ["Question 1?", "Question 2?", "Question 3?"]
    cards = drill(cli)
    assert cards["Question 1?"]["interval"] == 6 and cards["Question 1?"]["due"] == "2026-11-28"


def test_study_day_rolls_over_at_four(cli, deck: Path, db_path: Path) -> None:
    env = {"TZ": "UTC"}
    cli("review", "--deck", "Drill", "--new", "1", input="5\n", env={**env, "TCPQUIZ_NOW": "2026-11-21T22:00"})
    late = cli("review", "--deck", "Drill", "--new", "1", input="5\n",
               env={**env, "TCPQUIZ_NOW": "2026-11-22T03:30"})
    assert "Nothing to review today" in late.stdout  # still the 21st's study day
    morning = cli("review", "--deck", "Drill", "--new", "1", input="5\n5\n",
                  env={**env, "TCPQUIZ_NOW": "2026-11-22T04:30"})
    assert len(log(db_path)) == 3, morning.output  # Question 1 due again, then no new card room


def test_empty_queue_says_when_next(cli, deck: Path) -> None:
    cli("review", "--deck", "Drill", input="5\n5\n5\n5\n5\n")
    result = cli("review", "--deck", "Drill")
    assert result.exit_code == 0
    assert "Nothing to review today; the next card is due" in result.stdout
