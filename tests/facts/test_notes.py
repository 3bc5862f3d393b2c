"""The checker on real text: silent on the built-in decks (every card sourced and
checked by hand), and on the learner's notes and the development corpus it finds exactly
the mistakes a reader finds there, each hit read and confirmed; no false alarms."""

from __future__ import annotations

from pathlib import Path

import pytest

from tcpquiz.facts.check import check_text

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def hits(folder: Path, pattern: str) -> set[tuple[str, int, str]]:
    found = set()
    for path in sorted(folder.glob(pattern)):
        for finding in check_text(path.read_text(encoding="utf-8-sig", errors="replace")):
            found.add((path.name, finding.line, finding.rule))
    return found


def test_the_built_in_decks_raise_no_alarm():
    assert hits(ROOT / "decks", "*/*.md") == set()


def test_the_learners_notes():
    if not (SHARED / "notes").is_dir():
        pytest.skip("the learner's notes are not at ../shared/notes")
    # Read by hand: a state called LISTENER, keepalive probes 75 minutes apart, SYN_SEND,
    # "UTP", a graphics card on the physical layer, "ack = seq+1", an ISN "usually 1",
    # and TIMED WAIT.
    assert hits(SHARED / "notes", "0*.md") == {
        ("000_1071f77c81bd7380.md", 12, "state-name-does-not-exist"),
        ("000_1071f77c81bd7380.md", 54, "keepalive-75-minutes"),
        ("001_c5f77a46f39f80ac.md", 17, "state-name-does-not-exist"),
        ("002_2b0bc3252d50f9dd.md", 13, "udp-called-utp"),
        ("002_2b0bc3252d50f9dd.md", 16, "graphics-card-on-the-physical-layer"),
        ("002_2b0bc3252d50f9dd.md", 20, "ack-is-seq-plus-one"),
        ("002_2b0bc3252d50f9dd.md", 37, "isn-is-zero-or-one"),
        ("002_2b0bc3252d50f9dd.md", 74, "state-name-does-not-exist"),
    }


def test_the_development_corpus():
    if not (SHARED / "corpus" / "notes").is_dir():
        pytest.skip("the corpus is not at ../shared/corpus")
    # Every hit read: probes "every 75 minutes", SYN_SEND twice, ESTABLISH twice, CLOSED_WAIT.
    assert hits(SHARED / "corpus" / "notes", "*.md") == {
        ("zh-cosen1024-tcp-interview.md", 165, "keepalive-75-minutes"),
        ("zh-skill-tree-tcp-transport.md", 33, "state-name-does-not-exist"),
        ("zh-skill-tree-tcp-transport.md", 37, "state-name-does-not-exist"),
        ("zh-skill-tree-tcp-transport.md", 60, "state-name-does-not-exist"),
        ("zh-skill-tree-tcp-transport.md", 64, "state-name-does-not-exist"),
        ("zh-skill-tree-tcp-transport.md", 85, "state-name-does-not-exist"),
    }


def test_a_card_carries_one_flag_per_rule():
    from tcpquiz.facts.check import card_flags
    from tcpquiz.facts.flags import flag_lines

    flags = card_flags("TCP 状态", "客户端进入 SYN_SEND 状态。服务器进入 SYN_SEND 状态。确认号：ack = seq+1")
    assert [flag["rule"] for flag in flags] == ["state-name-does-not-exist", "ack-is-seq-plus-one"]
    lines = flag_lines(flags)
    assert lines[0].startswith("你的笔记与此不符：SYN_SEND 不是 TCP 的状态名，应为 SYN-SENT")
    assert lines[0].endswith("（来源：RFC 9293 §3.3.2）")
    assert flag_lines("not a list") == [] and flag_lines([{"fact": 1}]) == []


def test_the_benchmarks_generated_notes_raise_no_alarm(tmp_path: Path):
    """benchmarks/generate.py writes notes in the learner's style from true statements,
    mixed at random (a label of one topic before a sentence of another): a check that
    guesses would fire on them."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import write_notes
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    write_notes(tmp_path, count=300, total_bytes=3_000_000)
    assert hits(tmp_path, "*/*.md") == set()
