"""When the day's new cards are used up, the review says how to study more today."""

from __future__ import annotations

from pathlib import Path

from conftest import write_deck


def test_review_tells_how_to_study_more_new_cards_and_the_hint_works(cli, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "d.md", "Drill", [(f"Q{i}?", f"A{i}.") for i in range(1, 6)])
    assert cli("import", str(path)).exit_code == 0
    assert cli("config", "new-per-day", "2").exit_code == 0

    day = {"TCPQUIZ_NOW": "2026-11-20T10:00"}
    first = cli("review", "--deck", "Drill", input="5\n5\n", env=day)
    assert first.exit_code == 0
    # 2 studied today, 3 waiting: --new counts today's new cards, so 2 + 3 lets all of them in.
    assert first.stdout.splitlines()[-1] == "3 new cards are waiting: `tcpquiz review --new 5` studies more today."

    again = cli("review", "--deck", "Drill", env=day)
    # SM-2: a first answer of 5 schedules the card 1 day later.
    assert again.stdout.splitlines() == [
        "Nothing to review today; the next card is due 2026-11-21.",
        "3 new cards are waiting: `tcpquiz review --new 5` studies more today."]

    more = cli("review", "--deck", "Drill", "--new", "5", input="5\n5\n5\n", env=day)
    assert more.exit_code == 0 and "Q5?" in more.stdout and "waiting" not in more.stdout
