"""`tcpquiz stats`, `read` and `goal`: the numbers, the streak, and the 60-reads goal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import record_read

CARDS = [(f"Card {i}?", f"Answer {i}.") for i in range(1, 7)]

PREAMBLE = "Some prose to read before the cards."  # content too: it is a card of its own (7 in all)


def stats(cli, **env: str) -> dict:
    result = cli("stats", "--json", "--deck", "Drill", env=env or None)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def at(day: str) -> dict[str, str]:
    return {"TCPQUIZ_NOW": f"{day}T10:00"}


def test_stats_json_shape_before_any_review(cli, deck: Path) -> None:
    data = stats(cli)
    assert {"cards", "due_today", "reviews_today", "reviews_total", "streak", "decks", "goals"} <= data.keys()
    assert data["cards"] == {"new": 7, "learning": 0, "review": 0, "retired": 0}
    assert (data["due_today"], data["reviews_today"], data["reviews_total"], data["streak"]) == (0, 0, 0, 0)
    assert data["retention_30d"] is None
    (drill,) = data["decks"]
    assert {k: drill[k] for k in ("name", "cards", "due", "reads", "read_goal")} == {
        "name": "Drill", "cards": 7, "due": 0, "reads": 0, "read_goal": 60,
    }


def test_stats_over_several_days(cli, deck: Path) -> None:
    cli("review", "--deck", "Drill", "--new", "3", input="5\n5\n2\n4\n", env=at("2026-11-20"))
    day1 = stats(cli, **at("2026-11-20"))
    assert day1["reviews_today"] == 4 and day1["reviews_total"] == 4
    assert day1["cards"] == {"new": 4, "learning": 3, "review": 0, "retired": 0}
    assert day1["streak"] == 1
    assert day1["retention_30d"] == pytest.approx(2 / 3, abs=1e-4)  # first answers only: 5, 5, 2
    forecast = {f["date"]: f["due"] for f in day1["forecast"]}
    assert len(forecast) == 7 and forecast["2026-11-21"] == 3

    cli("review", "--deck", "Drill", "--new", "0", input="5\n5\n5\n", env=at("2026-11-21"))
    day2 = stats(cli, **at("2026-11-21"))
    assert day2["streak"] == 2 and day2["reviews_today"] == 3 and day2["reviews_total"] == 7
    assert day2["cards"]["review"] == 2 and day2["cards"]["learning"] == 1

    assert stats(cli, **at("2026-11-22"))["streak"] == 2  # nothing yet today: the streak still stands
    assert stats(cli, **at("2026-11-23"))["streak"] == 0  # a day missed
    heat = {h["date"]: h["reviews"] for h in stats(cli, **at("2026-11-23"))["heatmap"]}
    assert heat["2026-11-20"] == 4 and heat["2026-11-21"] == 3 and heat["2026-11-22"] == 0


def test_stats_table_renders(cli, deck: Path) -> None:
    cli("review", "--deck", "Drill", input="5\n")
    result = cli("stats")
    assert result.exit_code == 0
    for text in ("Cards", "due today", "streak", "Reviews, last", "Drill", "0/60"):
        assert text in result.stdout


def test_reading_counts_towards_the_goal(cli, deck: Path, db_path: Path) -> None:
    result = cli("read", "Drill", env=at("2026-11-20"))
    assert result.exit_code == 0
    assert "Some prose to read before the cards." in result.stdout
    # Printed to a pipe, the note is not read: only paging to its end in a terminal counts.
    assert "Not counted as a read: a read counts when you page to the end in a terminal." in result.stdout
    assert stats(cli, **at("2026-11-20"))["decks"][0]["reads"] == 0
    assert "counted" not in cli("read", "Drill", "--no-count").stdout
    record_read(db_path, "Drill", "2026-11-20T10:00")
    record_read(db_path, "Drill", "2026-11-21T10:00")
    data = stats(cli, **at("2026-11-21"))
    assert data["decks"][0]["reads"] == 2
    # 2 reads in 2 days: 58 more at one a day.
    assert data["decks"][0]["reads_eta"] == "2027-01-18"


def test_deck_read_goal_can_change(cli, deck: Path) -> None:
    result = cli("goal", "Drill", "--reads", "5")
    assert result.exit_code == 0, result.output
    assert "The read goal of Drill is now 5" in result.stdout
    assert stats(cli)["decks"][0]["read_goal"] == 5
    assert cli("goal", "Nope", "--reads", "5").exit_code == 1
    assert cli("goal", "Drill", "--reads", "0").exit_code == 2  # usage error


def test_goals_of_your_own(cli, deck: Path) -> None:
    assert cli("goal", "add", "Listen to the TCP chapter", "--target", "5").exit_code == 0
    assert cli("goal", "add", "Listen to the TCP chapter", "--target", "5").exit_code == 1
    cli("goal", "tick", "TCP chapter", env=at("2026-11-20"))
    result = cli("goal", "tick", "listen to the tcp chapter", env=at("2026-11-21"))
    assert "Listen to the TCP chapter: 2 of 5." in result.stdout
    (goal,) = stats(cli, **at("2026-11-21"))["goals"]
    assert goal == {"text": "Listen to the TCP chapter", "done": 2, "target": 5, "eta": "2026-11-24"}
    listing = json.loads(cli("goal", "list", "--json").stdout)
    assert listing["goals"] == [{"text": "Listen to the TCP chapter", "done": 2, "target": 5}]
    missing = cli("goal", "tick", "swim")
    assert missing.exit_code == 1 and "There is no goal matching 'swim'" in missing.stderr


def test_config_is_remembered_and_validated(cli) -> None:
    assert json.loads(cli("config", "--json").stdout)["new-per-day"] == 20
    assert cli("config", "new-per-day", "7").exit_code == 0
    assert json.loads(cli("config", "new-per-day", "--json").stdout) == {"new-per-day": 7}
    bad = cli("config", "new-per-day", "lots")
    assert bad.exit_code == 1 and bad.stderr == "Error: Cannot set new-per-day: 'lots' is not a whole number.\n"
    assert cli("config", "lang", "fr").exit_code == 1
    assert cli("config", "new-per-day", "--reset").exit_code == 0
    assert json.loads(cli("config", "--json").stdout)["new-per-day"] == 20
