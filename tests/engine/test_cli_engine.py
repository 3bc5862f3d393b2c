"""The engine's commands through typer's CliRunner, and the engine decks in a real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tcpquiz.engine.questions import bank


def test_fsm_json_is_the_table(cli) -> None:
    result = cli("fsm", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert all(set(row) == {"state", "event", "conditions", "next", "send", "rfc"} for row in rows)
    assert {"state": "FIN-WAIT-1", "event": "rcv-fin-ack", "conditions": {}, "next": "TIME-WAIT", "send": "ACK",
            "rfc": "3.10.7.4"} in rows
    # 11 states x 15 events; refused pairs (42 calls and 2MSL timeouts, 10 tcp_fin_timeouts) and the
    # 3 where no receive window exists are not listed.
    assert len({(row["state"], row["event"]) for row in rows}) == 11 * 15 - 52 - 3
    # RFC 5961 section 3.2: one RST row per place its sequence number can fall, each saying which.
    established_rst = {row["conditions"]["seq"]: (row["next"], row["send"]) for row in rows
                       if (row["state"], row["event"]) == ("ESTABLISHED", "rcv-rst")}
    assert established_rst == {"at-rcv-nxt": ("CLOSED", ""), "in-window": ("ESTABLISHED", "ACK"),
                               "outside-window": ("ESTABLISHED", "")}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_fsm_table(cli, lang: str) -> None:
    result = cli("fsm", "--lang", lang)
    assert result.exit_code == 0
    assert "TIME-WAIT" in result.stdout and "3.10.7.4" in result.stdout
    assert ("同时关闭" if lang == "zh" else "Simultaneous close") in result.stdout


def test_simulate_json_shape(cli) -> None:
    result = cli("simulate", "lost-final-ack", "--isn-client", "1000", "--isn-server", "5000", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"scenario", "segments", "states"} and data["scenario"] == "lost-final-ack"
    assert sum(segment["lost"] for segment in data["segments"]) == 1
    assert data["states"]["client"][-2:] == ["TIME-WAIT", "CLOSED"]


def test_simulate_diagram(cli) -> None:
    result = cli("simulate", "close", "--isn-client", "1000", "--isn-server", "5000", "--msl", "30")
    assert result.exit_code == 0
    out = result.stdout
    assert "SYN seq=1000 len=0" in out and "SYN,ACK seq=5000 ack=1001 len=0" in out
    words = " ".join(out.split())  # the sentence is wrapped to the terminal
    assert "TIME-WAIT lasts 60 s" in words and "Linux holds TIME_WAIT for a fixed 60 s" in words
    assert "client: CLOSED → SYN-SENT → ESTABLISHED → FIN-WAIT-1" in out


def test_simulate_seed_chooses_the_isns(cli) -> None:
    first = cli("simulate", "handshake", "--seed", "9", "--json").stdout
    assert cli("simulate", "handshake", "--seed", "9", "--json").stdout == first
    assert cli("simulate", "handshake", "--seed", "10", "--json").stdout != first


@pytest.mark.parametrize(("args", "listed"), [
    (("simulate", "teardown"), "handshake, close, simultaneous-open, simultaneous-close, lost-final-ack"),
    (("questions", "--kind", "trivia"), "next-state, send, order, where, seqack, scenario, timer"),
    (("questions", "--lang", "fr"), "zh, en"),
    (("fsm", "--lang", "de"), "zh, en"),
    (("simulate", "close", "--isn-client", "4294967296"), "4294967295"),
])
def test_bad_values_get_one_sentence(cli, args: tuple[str, ...], listed: str) -> None:
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and lines[0].endswith(".") and listed in lines[0]


def test_questions_json_same_seed_same_output(cli) -> None:
    first = cli("questions", "--count", "12", "--seed", "3", "--json", "--lang", "zh")
    assert first.exit_code == 0
    data = json.loads(first.stdout)
    assert len(data) == 12
    assert all(set(q) == {"key", "kind", "prompt", "choices", "answer", "explanation"} for q in data)
    assert cli("questions", "--count", "12", "--seed", "3", "--json", "--lang", "zh").stdout == first.stdout


def test_questions_text(cli) -> None:
    result = cli("questions", "--count", "3", "--kind", "seqack", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.count("Answer: ") == 3 and "RFC 9293 section" in result.stdout


def test_questions_language_follows_the_locale(cli) -> None:
    result = cli("questions", "--count", "1", "--kind", "timer", "--json", env={"LANG": "zh_CN.UTF-8"})
    assert any("\u4e00" <= ch <= "\u9fff" for ch in json.loads(result.stdout)[0]["prompt"])


def test_engine_decks_load_on_first_run_and_review_grades_them(cli) -> None:
    listed = cli("decks", "--json")
    decks = {deck["name"]: deck for deck in json.loads(listed.stdout)}
    assert decks["TCP state machine"]["cards"] == len(bank("en"))
    assert decks["TCP 状态机"]["cards"] == len(bank("zh"))
    cards = json.loads(cli("cards", "--deck", "TCP state machine", "--json").stdout)
    assert {card["kind"] for card in cards} == {"choice", "numeric"}
    review = cli("review", "--deck", "TCP state machine", "--new", "2", input="1\n1\n1\n1\n1\n1\n")
    assert review.exit_code == 0
    read = cli("read", "TCP state machine")
    assert read.exit_code == 0 and "RFC 9293" in " ".join(read.stdout.split())


def test_engine_deck_version_is_part_of_the_fingerprint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tcpquiz import app
    from tcpquiz.engine import version

    files = app.builtin_deck_files()
    before = app.builtin_fingerprint(files)
    monkeypatch.setattr(version, "ENGINE_DECK_VERSION", version.ENGINE_DECK_VERSION + 1)
    assert app.builtin_fingerprint(files) != before
    keys = [deck.key for deck in app.builtin_deck_drafts()]
    assert keys[-2:] == ["engine:zh", "engine:en"]
