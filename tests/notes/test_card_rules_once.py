"""The card rules remember what they worked out of a text (a line's reason, a sentence's
question and opening) and skip patterns that cannot match. Neither may change a
card: decks read with every cache emptied before each note must equal decks read with the
caches warm from other notes, in another order; and each shortcut must agree with the code
it stands in for (kept here, as it was), on every line of real and generated notes and on
random text."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from functools import _lru_cache_wrapper
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from benchscripts import benchmark_module
from tcpquiz import text as shared_text
from tcpquiz.app import find_notes, load_checked_note
from tcpquiz.notes import classify, draft, facts, freeform, questions, sentences
from tcpquiz.notes import text as notes_text
from tcpquiz.notes.blocks import Block, Item, ListBlock, Para, Quote
from tcpquiz.notes.classify import NotContent, block_reason, line_reason
from tcpquiz.notes.document import read_document
from tcpquiz.notes.source import NoteFile
from tcpquiz.notes.text import display_width, has_cjk

REPO = Path(__file__).resolve().parents[2]
FOLDERS = [REPO / "decks", REPO.parent / "shared" / "notes", REPO.parent / "shared" / "corpus" / "notes"]
GENERATED_NOTES = 60


def _generated(folder: Path) -> list[Path]:
    """Notes made the way the benchmark makes its 1,000 (benchmarks/generate.py), whose
    sentences recur from note to note, so the caches carry answers across notes."""
    generate = benchmark_module("generate")
    rng = random.Random(15)
    paths = []
    for number in range(GENERATED_NOTES):
        path = folder / f"note-{number:03d}.md"
        path.write_text(generate.note_text(rng, 6_000), encoding="utf-8")
        paths.append(path)
    return paths


def _every_note(tmp_path: Path) -> list[NoteFile]:
    notes, _ = find_notes([folder for folder in FOLDERS if folder.is_dir()])
    generated, _ = find_notes(_generated(tmp_path))
    return notes + generated


def _card_rule_caches() -> list[_lru_cache_wrapper[object]]:
    modules = (classify, draft, facts, freeform, questions, sentences, notes_text, shared_text)
    return [value for module in modules for value in vars(module).values() if isinstance(value, _lru_cache_wrapper)]


def test_decks_are_the_same_with_caches_cold_and_warm(tmp_path: Path) -> None:
    notes = _every_note(tmp_path)
    caches = _card_rule_caches()
    assert {cache.__wrapped__.__name__ for cache in caches} >= {"line_reason", "ask", "leans_back", "_lead_cut"}
    cold = {}
    for note in notes:
        for cache in caches:
            cache.cache_clear()
        cold[note.path] = load_checked_note(note)
    warm = {}
    for note in reversed(notes):  # each note after the others' answers are remembered
        warm[note.path] = load_checked_note(note)
    for note in reversed(notes):  # and again, each after its own
        assert load_checked_note(note) == warm[note.path], note.path
    assert warm == cold
    assert sum(cache.cache_info().hits for cache in caches) > len(notes), "the caches were used"


# -- each shortcut beside the code it stands in for ----------------------------------------


def _blocks(blocks: Sequence[Block]) -> Iterator[Block]:
    for block in blocks:
        yield block
        if isinstance(block, Quote):
            yield from _blocks(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _blocks(item.blocks)


def _every_block_and_line(tmp_path: Path) -> tuple[list[Block], list[str]]:
    blocks: list[Block] = []
    for note in _every_note(tmp_path):
        blocks.extend(_blocks(read_document(note.path.read_text(encoding="utf-8")).blocks))
    lines = [line.plain for block in blocks if isinstance(block, Para) for line in block.lines]
    return blocks, lines


def _block_reason_as_it_was(block: Block) -> NotContent | None:
    """classify.block_reason before it stopped at a first line or item that settles it."""
    if isinstance(block, Para):
        reasons = [line_reason(line.plain, line.link_only) for line in block.lines]
        if reasons and all(reasons):
            return reasons[0]
        if reasons and reasons[0] == NotContent.REFERENCES and all(
            r == NotContent.REFERENCES or line.link_only for r, line in zip(reasons, block.lines, strict=True)
        ):
            return NotContent.REFERENCES
        return None
    if isinstance(block, ListBlock):
        heads = [_head_reason_as_it_was(item) for item in block.items]
        if heads and all(h == NotContent.REFERENCES for h in heads):
            return NotContent.REFERENCES
        return block_reason(block)  # the other rules are unchanged
    return block_reason(block)


def _head_reason_as_it_was(item: Item) -> NotContent | None:
    first = item.blocks[0] if item.blocks else None
    return _block_reason_as_it_was(first) if isinstance(first, Para) and len(item.blocks) == 1 else None


def test_block_reason_is_the_same_stopping_early(tmp_path: Path) -> None:
    blocks, _ = _every_block_and_line(tmp_path)
    reasons = [block_reason(block) for block in blocks]
    assert reasons == [_block_reason_as_it_was(block) for block in blocks]
    assert {NotContent.REFERENCES, NotContent.IMAGE, None} <= set(reasons)


_MARKER_PATTERNS = (notes_text._PAREN, notes_text._ORDINAL, notes_text._STEP, notes_text._EN_ORDINAL,
                    notes_text._DIGIT)


def _skips_only_what_cannot_match(text: str) -> None:
    if not notes_text._may_mark_a_step(text.lstrip()[:1]):
        assert not any(pattern.match(text) for pattern in _MARKER_PATTERNS), text
    if "=" not in text and "＝" not in text:  # split_formula's first test
        plain = " ".join(notes_text._LATEX_TEXT.sub(r"\1", text).split()).strip("`$ ")
        assert notes_text._FORMULA.match(plain) is None, text
    assert classify._credits(text) == (classify._CREDIT.search(text) is not None), text


def _cut_as_it_was(text: str, width: int) -> str:
    """freeform._cut before it counted columns as the cut grew."""
    sentence = re.split(r"(?<=[。！？；])|(?<=[.!?;])\s", text, maxsplit=1)[0].rstrip("。.；;，,：: ")
    if display_width(sentence) <= width:
        return sentence
    out = ""
    for ch in sentence:
        if display_width(out + ch) > width - 1:
            break
        out += ch
    if not has_cjk(out) and " " in out:
        out = out.rsplit(" ", 1)[0]
    clause = max(out.rfind(mark) for mark in "，,；;")
    if has_cjk(out) and display_width(out[:clause]) >= width // 2:
        out = out[:clause]
    elif has_cjk(out) and re.search(r"[A-Za-z0-9_\-]$", out) and sentence[len(out):len(out) + 1].isalnum():
        out = re.sub(r"[A-Za-z0-9_\-]+$", "", out)
    return out.rstrip("，, ") + "…"


def test_shortcuts_on_every_line_of_the_notes(tmp_path: Path) -> None:
    _, lines = _every_block_and_line(tmp_path)
    assert len(lines) > 1000
    for text in lines:
        _skips_only_what_cannot_match(text)
    assert any(notes_text.step_marker(text) for text in lines), "some lines are steps"
    credits = ["图片来自：https://img.example.com/a.png", "Source: WWW.example.com", "Via: http://x.y", "来源：www.x.cn"]
    assert all(classify._credits(text) for text in credits)


# Text made of what the patterns look for: brackets, digits in several scripts, 第, "ſ" (an
# "s" to a case-blind pattern), step words, equals signs, links, Chinese and spaces.
_PIECES = ["(", "（", "1", "12", "３", "٣", "第", "一", "次", "ſtep", "Step", "first", "ſecond", "Phase", "=", "＝",
           "cwnd", " + ", "：", ":", ",", ".", "、", ")", "http://a.b", "WWW.", "source", "来自", "握手", " ", "\u3000", "①",
           "x", "ſtep 2:", "ſecond, ", "(3) ", "第二次握手：", "３. ", "٣、", "cwnd = cwnd + 1"]
# Lines a skipped pattern would have matched: the gate must let each of them through.
MARKED = ["ſtep 2: send", "ſecond, the server", "  (3) 重传", "第二次握手：服务器", "３. 慢启动", "٣、 拥塞", "① 半连接", "Step 1."]


def test_every_kind_of_marker_passes_the_first_test() -> None:
    for text in MARKED:
        assert notes_text.step_marker(text) is not None, text
    long_s = notes_text.step_marker("ſecond, the server")
    assert long_s is not None and (long_s.family, long_s.number) == ("step", 2)
    assert notes_text.step_marker("fırst, the client") is None  # matched case-blind, but no English ordinal
    assert notes_text.split_formula("RTO ＝ SRTT + 4 × RTTVAR") is not None


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_shortcuts_on_random_text(text: str) -> None:
    _skips_only_what_cannot_match(text)


@given(st.text(st.sampled_from("ab 拥塞窗口，。；.ＡＢ１é\u3000-_"), max_size=60), st.integers(min_value=1, max_value=40))
def test_a_cut_is_the_same_counted_as_it_grows(text: str, width: int) -> None:
    assert freeform._cut(text, width) == _cut_as_it_was(text, width)


def test_a_cut_of_the_notes_steps_is_the_same(tmp_path: Path) -> None:
    _, lines = _every_block_and_line(tmp_path)
    for text in lines:
        for width in (freeform.PREVIOUS_STEP_WIDTH, freeform.OUTLINE_WIDTH):
            assert freeform._cut(text, width) == _cut_as_it_was(text, width), text
