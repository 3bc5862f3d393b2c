"""The read-only commands' fast paths (`stats`, `cards --json`, the cheat sheet's weakest
cards): plain SQL on a stdlib connection, aggregates and indexes. Each is checked against
numbers worked out here row by row, in Python, from the same small library, and against
what the full Store gives."""

from __future__ import annotations

import json
import random
import sqlite3
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from tcpquiz.app import builtin_deck_files, builtin_fingerprint, open_store
from tcpquiz.cards import GENERATED_SOURCE
from tcpquiz.store.reading import LibraryReader
from tcpquiz.store.stats import eta

TODAY = date(2026, 11, 20)
STAMP = "2026-11-20 09:00:00.000000"
# Text a note may hold: quotes, a newline, C1 controls and DEL (escaped in JSON output), CJK.
HOSTILE = 'say "hi"\n\x85\x9b[31m\x7f 三次握手 \\ end'


def build_library(path: Path, seed: int = 5) -> None:
    """Three decks of the learner's beside the built-in ones: cards in every state (one deck
    removed), schedules due over two weeks, a log of 100 days with extra rounds and undos."""
    open_store(path).close()  # schema and built-in decks, as a first run makes them
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    (first_deck,) = conn.execute("SELECT max(id) + 1 FROM decks").fetchone()
    names = ["Alpha", "Beta::Sub", "Gamma"]
    for offset, name in enumerate(names):
        removed = STAMP if name == "Gamma" else None
        conn.execute("INSERT INTO decks (id, key, name, source, text, tags, lang, builtin, read_goal, created_at, "
                     "updated_at, removed_at) VALUES (?, ?, ?, ?, '', '[]', 'en', 0, ?, ?, ?, ?)",
                     (first_deck + offset, f"file:{name}", name, f"/notes/{name}.md", 3 + offset, STAMP, STAMP,
                      removed))
    decks = [row[0] for row in conn.execute("SELECT id FROM decks")]
    card_id = conn.execute("SELECT max(id) FROM cards").fetchone()[0]
    for position in range(120):
        card_id += 1
        deck = first_deck + position % 3
        front = HOSTILE if position % 17 == 0 else f"Question {position}?"
        extra = json.dumps({"flags": ["unsourced", HOSTILE]}) if position % 11 == 0 else "{}"
        tags = json.dumps(["tcp", HOSTILE]) if position % 13 == 0 else '["tcp"]'
        retired = STAMP if position % 9 == 0 else None
        conn.execute("INSERT INTO cards (id, key, deck_id, kind, front, back, extra, source, tags, position, "
                     "retired_at, created_at, updated_at, anki_guid) VALUES (?, ?, ?, 'basic', ?, ?, ?, 'x.md:1', "
                     "?, ?, ?, ?, ?, ?)", (card_id, f"k{card_id}", deck, front, f"Answer {position}.", extra, tags,
                                           120 - position, retired, STAMP, STAMP, f"g{card_id}"))
        if position % 4:  # a quarter stay new
            due = TODAY + timedelta(days=rng.randrange(-3, 12))
            conn.execute("INSERT INTO schedules VALUES (?, ?, ?, ?, ?, ?)",
                         (card_id, rng.randrange(0, 5), round(rng.uniform(1.3, 2.9), 2), rng.randrange(1, 30),
                          due.isoformat(), STAMP))
    scheduled_cards = [row[0] for row in conn.execute("SELECT card_id FROM schedules")]
    review_id = 0
    for back in range(100, -1, -1):
        if back in (2, 40, 41):  # days off: the streak ends at 1 day ago
            continue
        day = (TODAY - timedelta(days=back)).isoformat()
        for _ in range(rng.randrange(1, 25)):
            review_id += 1
            quality, scheduled = rng.randrange(0, 6), int(rng.random() < 0.85)
            conn.execute("INSERT INTO reviews VALUES (?, ?, 's', ?, ?, ?, 1000, ?, 0, 0, 2.5, 0, NULL, 1, 2.5, 1, ?)",
                         (review_id, rng.choice(scheduled_cards), f"{day} 10:00:00.000000", day, quality, scheduled,
                          day))
    for undone in rng.sample(range(1, review_id + 1), review_id // 10):
        conn.execute("INSERT INTO review_undos VALUES (?, ?)", (undone, STAMP))
    for n in range(7):
        conn.execute("INSERT INTO reads (deck_id, read_at, study_day) VALUES (?, ?, ?)",
                     (first_deck + n % 2, STAMP, (TODAY - timedelta(days=3 * n)).isoformat()))
    conn.execute("INSERT INTO goals (id, text, target, created_at) VALUES (1, 'Read the RFC', 4, ?)", (STAMP,))
    conn.execute("INSERT INTO goal_ticks (goal_id, ticked_at, study_day) VALUES (1, ?, ?)",
                 (STAMP, (TODAY - timedelta(days=1)).isoformat()))
    conn.execute("COMMIT")
    conn.close()
    assert len(decks) > 3


def rows(path: Path, sql: str) -> list[sqlite3.Row]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def expected_stats(path: Path, deck_ids: list[int]) -> dict:
    """`stats --json` worked out card by card and answer by answer."""
    chosen = set(deck_ids)
    schedules = {r["card_id"]: r for r in rows(path, "SELECT * FROM schedules")}
    cards = rows(path, "SELECT * FROM cards")
    undone = {r["review_id"] for r in rows(path, "SELECT review_id FROM review_undos")}
    live = [r for r in rows(path, "SELECT * FROM reviews") if r["id"] not in undone]
    deck_of = {c["id"]: c["deck_id"] for c in cards}

    def state(card: sqlite3.Row) -> str:
        schedule = schedules.get(card["id"])
        if card["retired_at"] is not None:
            return "retired"
        if schedule is None:
            return "new"
        return "review" if schedule["repetitions"] >= 2 else "learning"

    def due_day(card: sqlite3.Row) -> date | None:
        schedule = schedules.get(card["id"])
        if card["retired_at"] is not None or schedule is None:
            return None
        return max(date.fromisoformat(schedule["due"]), TODAY)

    mine = [c for c in cards if c["deck_id"] in chosen]
    forecast = Counter(due_day(c) for c in mine)
    answers = [r for r in live if deck_of[r["card_id"]] in chosen]
    per_day = Counter(date.fromisoformat(r["study_day"]) for r in answers)
    window = [r for r in answers if r["scheduled"] and date.fromisoformat(r["study_day"]) > TODAY - timedelta(30)]
    studied_days = {date.fromisoformat(r["study_day"]) for r in live}
    streak, day = 0, TODAY if TODAY in studied_days else TODAY - timedelta(1)
    while day in studied_days:
        streak, day = streak + 1, day - timedelta(1)
    since = TODAY - timedelta(days=83)
    deck_rows = []
    for deck in rows(path, "SELECT * FROM decks WHERE removed_at IS NULL ORDER BY name"):
        if deck["id"] not in chosen:
            continue
        active = [c for c in cards if c["deck_id"] == deck["id"] and c["retired_at"] is None]
        reads = [date.fromisoformat(r["study_day"]) for r in rows(path, f"SELECT * FROM reads WHERE deck_id = {deck['id']}")]
        deck_eta = eta(len(reads), deck["read_goal"], min(reads, default=None), TODAY)
        deck_rows.append({
            "name": deck["name"], "cards": len(active), "due": sum(due_day(c) == TODAY for c in active),
            "new": sum(state(c) == "new" for c in active),
            "reads": len(reads) if deck["source"] != GENERATED_SOURCE else 0,
            "read_goal": deck["read_goal"] if deck["source"] != GENERATED_SOURCE else None,
            "reads_eta": deck_eta.isoformat() if deck_eta and deck["source"] != GENERATED_SOURCE else None,
        })
    ticks = [date.fromisoformat(r["study_day"]) for r in rows(path, "SELECT * FROM goal_ticks")]
    goal_eta = eta(len(ticks), 4, min(ticks), TODAY)
    return {
        "today": TODAY.isoformat(),
        "cards": {s: sum(state(c) == s for c in mine) for s in ("new", "learning", "review", "retired")},
        "due_today": forecast[TODAY],
        "new_available": sum(state(c) == "new" for c in mine),
        "forecast": [{"date": (TODAY + timedelta(i)).isoformat(), "due": forecast[TODAY + timedelta(i)]}
                     for i in range(7)],
        "reviews_today": per_day[TODAY],
        "reviews_total": len(answers),
        "retention_30d": round(sum(r["quality"] >= 3 for r in window) / len(window), 4),
        "streak": streak,
        "heatmap": [{"date": (since + timedelta(i)).isoformat(), "reviews": per_day[since + timedelta(i)]}
                    for i in range(84)],
        "decks": deck_rows,
        "goals": [{"text": "Read the RFC", "done": 1, "target": 4,
                   "eta": goal_eta.isoformat() if goal_eta else None}],
    }


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("library")
    path = home / "tcpquiz.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TCPQUIZ_HOME", str(home))
        build_library(path)
    return path


def reader(path: Path) -> LibraryReader:
    opened = LibraryReader.open(path, builtin_fingerprint(builtin_deck_files()))
    assert opened is not None, "a current library is read without the full store"
    return opened


def deck_sets(path: Path) -> dict[str, list[int]]:
    present = rows(path, "SELECT id, name, builtin, lang FROM decks WHERE removed_at IS NULL")
    mine = [d["id"] for d in present if not d["builtin"]]
    return {
        "all": [d["id"] for d in present],
        "most (all but the English built-ins)": [d["id"] for d in present if not (d["builtin"] and d["lang"] == "en")],
        "an English learner's": [d["id"] for d in present if not (d["builtin"] and d["lang"] == "zh")],
        "one deck": mine[:1],
        "the learner's": mine,
    }


@pytest.mark.parametrize("which", ["all", "most (all but the English built-ins)", "one deck", "the learner's"])
def test_stats_match_the_numbers_worked_out_row_by_row(library: Path, which: str) -> None:
    deck_ids = deck_sets(library)[which]
    expected = expected_stats(library, deck_ids)
    fast = reader(library)
    try:
        assert fast.stats(TODAY, deck_ids).as_json() == expected
    finally:
        fast.close()
    with open_store(library) as store:
        assert store.stats(TODAY, deck_ids).as_json() == expected


def test_stats_command_prints_the_same_numbers(library: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TCPQUIZ_NOW", f"{TODAY.isoformat()}T10:00")
    result = cli("--db", str(library), "stats", "--json")
    assert result.exit_code == 0, result.output
    # Under LANG=C.UTF-8 the study language is English: the Chinese built-in decks are left out.
    assert json.loads(result.stdout) == expected_stats(library, deck_sets(library)["an English learner's"])


def test_stats_command_never_imports_sqlalchemy_on_a_current_library(library: Path, run_tcpquiz) -> None:
    for command in (["stats", "--json"], ["cards", "--json"]):
        result = run_tcpquiz("--db", str(library), *command, PYTHONPROFILEIMPORTTIME="1")
        assert result.returncode == 0, result.stderr
        assert "sqlalchemy" not in result.stderr and "alembic" not in result.stderr


def expected_card(card: sqlite3.Row, deck: str, schedule: sqlite3.Row | None) -> dict:
    state = ("retired" if card["retired_at"] else "new" if schedule is None
             else "review" if schedule["repetitions"] >= 2 else "learning")
    return {
        "key": card["key"], "deck": deck, "kind": card["kind"], "front": card["front"], "back": card["back"],
        "source": card["source"], "due": schedule["due"] if schedule else None, "state": state,
        "tags": json.loads(card["tags"]), "repetitions": schedule["repetitions"] if schedule else 0,
        "easiness": schedule["easiness"] if schedule else None, "interval": schedule["interval"] if schedule else 0,
        "flags": json.loads(card["extra"]).get("flags", []),
    }


@pytest.mark.parametrize("retired", [False, True])
def test_cards_json_lists_what_the_store_lists(library: Path, cli, retired: bool) -> None:
    args = ["--db", str(library), "cards", "--json", "--deck", "Alpha", "--deck", "Beta"] + (["--retired"] if retired else [])
    result = cli(*args)
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    decks = {d["id"]: d["name"] for d in rows(library, "SELECT id, name FROM decks")}
    schedules = {s["card_id"]: s for s in rows(library, "SELECT * FROM schedules")}
    chosen = [c for c in rows(library, "SELECT * FROM cards") if decks[c["deck_id"]] in ("Alpha", "Beta::Sub")
              and (retired or c["retired_at"] is None)]
    chosen.sort(key=lambda c: (decks[c["deck_id"]], c["position"], c["id"]))
    assert listed == [expected_card(c, decks[c["deck_id"]], schedules.get(c["id"])) for c in chosen]
    assert any(card["front"] == HOSTILE for card in listed) and any(HOSTILE in card["flags"] for card in listed)
    with open_store(library) as store:
        ids = [d.id for d in store.resolve_decks(["Alpha", "Beta"])]
        assert listed == [card.as_json() for card in store.iter_cards(ids, include_retired=retired)]
    # DEL and C1 controls are written escaped, as every JSON tcpquiz prints.
    assert not any(0x7F <= ord(char) <= 0x9F for char in result.stdout)
    assert "\\u0085" in result.stdout and "\\u009b" in result.stdout


def test_cards_json_of_an_empty_selection_is_an_empty_list(tmp_path: Path, cli) -> None:
    path = tmp_path / "empty.db"
    open_store(path).close()
    result = cli("--db", str(path), "cards", "--json", "--deck", "nothing-like-this", "--retired")
    assert result.exit_code == 1  # an unknown deck is refused
    reading = reader(path)
    try:
        assert list(reading.iter_cards_json([])) == []
    finally:
        reading.close()


def expected_weakest(path: Path, deck_ids: list[int], limit: int) -> list[tuple[int, int, int]]:
    """(card id, lapses, answers) of the weakest cards, counted answer by answer."""
    undone = {r["review_id"] for r in rows(path, "SELECT review_id FROM review_undos")}
    schedules = {s["card_id"]: s for s in rows(path, "SELECT * FROM schedules")}
    cards = {c["id"]: c for c in rows(path, "SELECT * FROM cards")}
    lapses: Counter[int] = Counter()
    hard: Counter[int] = Counter()
    answers: Counter[int] = Counter()
    for review in rows(path, "SELECT * FROM reviews WHERE scheduled = 1"):
        if review["id"] in undone:
            continue
        answers[review["card_id"]] += 1
        lapses[review["card_id"]] += review["quality"] < 3
        hard[review["card_id"]] += review["quality"] == 3
    weak = [card_id for card_id in answers if lapses[card_id] + hard[card_id] > 0
            and cards[card_id]["deck_id"] in deck_ids and cards[card_id]["retired_at"] is None
            and card_id in schedules]
    weak.sort(key=lambda c: (-lapses[c], -hard[c], schedules[c]["easiness"], c))
    return [(c, lapses[c], answers[c]) for c in weak[:limit]]


@pytest.mark.parametrize("limit", [1, 8, 30, 1000])
@pytest.mark.parametrize("which", ["all", "one deck"])
def test_weakest_cards_match_the_answers_counted_one_by_one(library: Path, which: str, limit: int) -> None:
    deck_ids = deck_sets(library)[which]
    expected = expected_weakest(library, deck_ids, limit)
    assert expected, "the library has weak cards to find"
    fast = reader(library)
    try:
        assert [(w.card.id, w.lapses, w.reviews) for w in fast.weakest_cards(deck_ids, limit)] == expected
    finally:
        fast.close()
    with open_store(library) as store:
        assert [(w.card.id, w.lapses, w.reviews) for w in store.weakest_cards(deck_ids, limit)] == expected


def test_weakest_cards_query_reads_only_the_partial_index(library: Path) -> None:
    from tcpquiz.store.reading import WEAK_COUNTS

    conn = sqlite3.connect(library)
    try:
        plan = [row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {WEAK_COUNTS}")]
    finally:
        conn.close()
    assert any("USING COVERING INDEX ix_reviews_weak" in step for step in plan), plan
    assert not any(step.startswith("SCAN reviews") and "ix_reviews_weak" not in step for step in plan), plan


def test_stats_queries_read_indexes_not_rows(library: Path) -> None:
    """The forecast finds due schedules by the due index and their cards' decks in an index
    (never the cards' rows, which hold their text); the answers are counted from an index."""
    from tcpquiz.store.stats import ANSWERS_BY_DAY_SQL, FORECAST_SQL, GRADED_AFTER_SQL

    conn = sqlite3.connect(library)
    try:
        def plan(sql: str) -> list[str]:
            return [row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", {"first": "x", "last": "y"}
                                                    if ":first" in sql else ("x",))]

        forecast = plan(FORECAST_SQL)
        assert any(step.startswith("SEARCH schedules USING COVERING INDEX ix_schedules_due") for step in forecast)
        assert any(step.startswith("SEARCH cards USING COVERING INDEX ix_cards_id_deck_id_retired_at")
                   for step in forecast), forecast
        for sql in (ANSWERS_BY_DAY_SQL, GRADED_AFTER_SQL):
            steps = plan(sql)
            assert steps and all("COVERING INDEX ix_reviews_study_day_scheduled_quality" in step
                                 for step in steps if "reviews" in step), steps
    finally:
        conn.close()
