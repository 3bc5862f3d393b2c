"""`tcpquiz import` and `tcpquiz cards`: counts per deck, stable identity, retire and restore."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write_deck

CARDS = [
    ("Which flags does the first handshake segment carry?", "SYN only, with the client's ISN."),
    ("Which state does the server enter after sending SYN+ACK?", "SYN-RECEIVED."),
    ("What does ACK=1 with ack=x+1 acknowledge?", "Every byte up to x, and the SYN at x."),
]


def user_cards(cli, deck: str = "Handshake") -> list[dict]:
    result = cli("cards", "--deck", deck, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def summary_row(output: str, deck: str) -> list[str]:
    for line in output.splitlines():
        if line.strip().startswith(deck):
            return line.split()[-5:]
    raise AssertionError(f"no summary row for {deck!r} in:\n{output}")


def test_import_reports_per_deck_and_is_idempotent(cli, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "hs.md", "Handshake", CARDS)
    first = cli("import", str(path))
    assert first.exit_code == 0, first.output
    assert summary_row(first.stdout, "Handshake") == ["3", "0", "0", "0", "0"]
    again = cli("import", str(path))
    assert summary_row(again.stdout, "Handshake") == ["0", "0", "3", "0", "0"]
    assert len(user_cards(cli)) == 3


def test_cards_json_fields(cli, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "hs.md", "Handshake", CARDS)
    cli("import", str(path))
    cards = user_cards(cli)
    assert [c["front"] for c in cards] == [q for q, _ in CARDS]
    for card, (question, answer) in zip(cards, CARDS):
        assert {"key", "deck", "kind", "front", "back", "source", "due"} <= card.keys()
        assert card["deck"] == "Handshake"
        assert card["kind"] == "basic"
        assert card["back"] == answer
        assert card["due"] is None  # new: not scheduled yet
        file, line = card["source"].rsplit(":", 1)
        assert Path(file) == path.resolve()
        assert path.read_text(encoding="utf-8").splitlines()[int(line) - 1] == f"Q: {question}"
    assert len({c["key"] for c in cards}) == 3


def test_changed_answer_updates_and_keeps_history(cli, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "hs.md", "Handshake", CARDS)
    cli("import", str(path))
    result = cli("review", "--deck", "Handshake", input="5\n5\n5\n")
    assert result.exit_code == 0, result.output
    before = {c["key"]: c for c in user_cards(cli)}

    edited = [(q, a + " (edited)") if i == 1 else (q, a) for i, (q, a) in enumerate(CARDS)]
    write_deck(path, "Handshake", edited)
    result = cli("import", str(path))
    assert summary_row(result.stdout, "Handshake") == ["0", "1", "2", "0", "0"]
    after = {c["key"]: c for c in user_cards(cli)}
    assert after.keys() == before.keys()
    changed = [k for k in after if after[k]["back"] != before[k]["back"]]
    assert len(changed) == 1
    assert after[changed[0]]["due"] == before[changed[0]]["due"] is not None
    assert after[changed[0]]["repetitions"] == 1


def test_removed_card_is_retired_then_restored_with_history(cli, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "hs.md", "Handshake", CARDS)
    cli("import", str(path))
    cli("review", "--deck", "Handshake", input="4\n4\n4\n")
    write_deck(path, "Handshake", CARDS[:2])
    result = cli("import", str(path))
    assert summary_row(result.stdout, "Handshake") == ["0", "0", "2", "1", "0"]
    assert len(user_cards(cli)) == 2
    retired = json.loads(cli("cards", "--deck", "Handshake", "--json", "--retired").stdout)
    assert [c["state"] for c in retired].count("retired") == 1

    write_deck(path, "Handshake", CARDS)
    result = cli("import", str(path))
    assert summary_row(result.stdout, "Handshake") == ["0", "0", "2", "0", "1"]
    restored = user_cards(cli)
    assert len(restored) == 3
    assert all(c["due"] is not None and c["repetitions"] == 1 for c in restored)


def test_folder_import_and_partial_failure(cli, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write_deck(notes / "a.md", "Deck A", CARDS[:1])
    write_deck(notes / "sub" / "b.markdown", "Deck B", CARDS[1:])
    (notes / "bad.md").write_bytes("# 坏\n\nQ: 问？\nA: 答\n".encode("utf-16"))
    (notes / "ignored.txt").write_text("Q: not a note\nA: no\n")
    missing = tmp_path / "missing.md"
    result = cli("import", str(notes), str(missing))
    assert result.exit_code == 1
    assert "missing.md does not exist." in result.stderr
    assert "bad.md" in result.stderr
    assert "Traceback" not in result.output
    decks = {d["name"]: d for d in json.loads(cli("decks", "--json").stdout) if not d["builtin"]}
    assert decks["notes::Deck A"]["cards"] == 1
    assert decks["notes::sub::Deck B"]["cards"] == 2


def test_deck_name_from_front_matter_heading_or_file(cli, tmp_path: Path) -> None:
    (tmp_path / "fm.md").write_text("---\ntitle: From Front Matter\n---\n# Heading\n\nQ: q1?\nA: a1\n")
    (tmp_path / "h.md").write_text("Intro.\n\n## Second level\n\n# The Heading\n\nQ: q2?\nA: a2\n")
    (tmp_path / "plain-name.md").write_text("Q: q3?\nA: a3\n")
    assert cli("import", str(tmp_path)).exit_code == 0
    names = {d["name"] for d in json.loads(cli("decks", "--json").stdout) if not d["builtin"]}
    prefix = tmp_path.name
    assert names == {f"{prefix}::From Front Matter", f"{prefix}::The Heading", f"{prefix}::plain-name"}


def test_answers_keep_lists_code_and_tables(cli, tmp_path: Path) -> None:
    text = """# Multi

Q: What happens in the close?
A: Four segments:

1. FIN from the active closer
2. ACK

```
FIN-WAIT-1 -> FIN-WAIT-2
```

| state | meaning |
|---|---|
| LAST-ACK | waiting |

Q: Next?
A: Done.
"""
    path = tmp_path / "multi.md"
    path.write_text(text)
    cli("import", str(path))
    cards = user_cards(cli, "Multi")
    assert len(cards) == 2
    back = cards[0]["back"]
    assert back.startswith("Four segments:")
    assert "2. ACK" in back and "FIN-WAIT-1 -> FIN-WAIT-2" in back and "| LAST-ACK | waiting |" in back
    assert "Q: Next?" not in back


def test_unknown_deck_names_the_known_ones_closest_to_it(cli, tmp_path: Path) -> None:
    cli("import", str(write_deck(tmp_path / "hs.md", "Handshake", CARDS)))
    result = cli("cards", "--deck", "Handshke")  # a letter dropped
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: There is no deck named 'Handshke'; close names among the ")
    assert "decks: Handshake (`tcpquiz decks` lists them all)." in result.stderr


def test_non_utf8_file_is_one_sentence(cli, tmp_path: Path) -> None:
    path = tmp_path / "latin.md"
    path.write_bytes("# Caf\xe9\n\nQ: \xe9?\nA: \xe9\n".encode("latin-1"))
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert "latin.md" in result.stderr and "UTF-8" in result.stderr
    assert "Traceback" not in result.output


def test_a_note_without_cards_is_imported_with_a_warning(cli, tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("# Reading list\n\n- [TCP/IP Illustrated](https://example.com/tcpip)\n- [RFC 9293](https://example.com/rfc)\n")
    result = cli("import", str(path))
    assert result.exit_code == 0
    assert f"Warning: {path}: no cards were found in it" in result.stderr


def test_import_report_shows_the_share_kept_and_why_lines_are_in_no_card(cli, tmp_path: Path) -> None:
    note = tmp_path / "handshake.md"
    sentences = "".join(f"第{n}次交换确认了一方的发送能力和另一方的接收能力。" for n in range(1, 13))
    note.write_text(
        "---\ntags: [tcp]\n---\n## 握手\n\n" + sentences + "\n\n就这样。\n\n"
        "```c\nint fd = socket(AF_INET, SOCK_STREAM, 0);\n```\n\n## 参考\n\n- [RFC 9293](https://www.rfc-editor.org/rfc/rfc9293)\n"
        "\n读 60 遍\x1b[31m\n",
        encoding="utf-8",
    )
    result = cli("import", "--report", str(note))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # 12 sentences of 22 letters in cards, "就这样" (3 letters) in none: 264 of 267
    assert f"{note.resolve()}: 99% of its content is in cards (1 sentence in no card)." in lines
    assert lines[-5:] == [
        "  line 1: front matter: 3 lines",
        "  line 8: in no card: 就这样。",
        "  line 10: code: (2 lines)",
        "  line 16: references: RFC 9293",
        "  line 18: references: 读 60 遍[31m",  # its ESC is gone: only the text is shown
    ]
    assert "\x1b" not in result.stdout  # note text never reaches the terminal as control codes


def test_import_without_report_prints_no_report(cli, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "hs.md", "Handshake", CARDS)
    result = cli("import", str(path))
    assert "of its content is in cards" not in result.stdout
