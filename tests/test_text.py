"""One definition of each piece of text handling (tcpquiz.text): the study language and its
check, the CJK ranges, widths and wrapping, and the normalisation behind card identity.
The cases are those where the earlier copies disagreed: CJK Extension A and B,
compatibility ideographs, kana and Hangul, full-width punctuation and forms, NFKC."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tcpquiz import text
from tcpquiz.errors import InvalidValueError
from tcpquiz.text import (
    check_lang,
    display_width,
    fold,
    has_han,
    is_han,
    language_of,
    normalize,
    question_key,
    wrap,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def question_key_as_released(value: str) -> str:
    """The key normaliser as cards in users' libraries were keyed with it (kept here, frozen,
    so that a change to the real one that would orphan their history fails this test)."""
    value = unicodedata.normalize("NFKC", value).casefold()
    return " ".join(value.split()).rstrip("?？:：。. ")


def note_texts() -> list[str]:
    """Every line of every note tcpquiz ships or is measured on: the built-in decks, the
    learner's notes and the development corpus (the last two when ../shared is there)."""
    roots = [REPO / "decks", SHARED / "notes", SHARED / "corpus"]
    lines: list[str] = []
    for root in roots:
        for path in sorted(root.rglob("*.md")) if root.is_dir() else []:
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                stripped = line.strip().lstrip("#>-*+ ").strip()
                lines += [line, stripped, stripped.replace("**", "")]
    return lines


def test_card_keys_are_what_they_were_for_every_line_of_every_note() -> None:
    texts = note_texts()
    assert len(texts) > 1000  # the built-in decks alone have this many
    changed = [t for t in texts if question_key(t) != question_key_as_released(t)]
    assert changed == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_card_keys_are_what_they_were_for_any_text(value: str) -> None:
    assert question_key(value) == question_key_as_released(value)


def test_the_built_in_decks_keep_their_keys() -> None:
    """Keys of the built-in decks, parsed with the released normaliser and the one now."""
    import tcpquiz.notes.draft as draft
    from tcpquiz.notes import load_note

    decks = sorted((REPO / "decks").rglob("*.md"))
    now = [card.key for path in decks for card in load_note(path).cards]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(draft, "question_key", question_key_as_released)
        released = [card.key for path in decks for card in load_note(path).cards]
    assert len(now) > 100 and now == released


@pytest.mark.parametrize(("ch", "han"), [
    ("中", True),  # the unified block
    ("\u3400", True), ("\u4dbf", True),  # Extension A, first and last
    ("\uf900", True), ("\ufa0e", True),  # compatibility ideographs
    ("\U00020000", True), ("\U0002a6df", True), ("\U0002f800", True),  # Extension B, compatibility supplement
    ("あ", False), ("カ", False), ("한", False),  # kana and Hangul are not Chinese
    ("，", False), ("。", False), ("Ａ", False), ("a", False), ("\u2f00", False),  # punctuation, forms, a radical
])
def test_han_is_every_ideograph_and_nothing_else(ch: str, han: bool) -> None:
    assert is_han(ch) is han
    assert has_han(f"TCP {ch} ACK") is han
    assert language_of(f"SYN {ch}") == ("zh" if han else "en")


def test_the_sets_nest_as_their_uses_need() -> None:
    def covers(chars: str, ch: str) -> bool:
        return any(low <= ord(ch) <= high for low, high in text.code_ranges(chars))

    for ch in ("中", "\u3400", "\uf900", "\U00020000"):
        assert all(covers(chars, ch) for chars in (text.WIDE_SCRIPTS, text.NO_SPACES, text.CJK_TEXT))
    # A line may break inside Korean, but a soft break between Korean words is a space.
    assert covers(text.WIDE_SCRIPTS, "한") and not covers(text.NO_SPACES, "한")
    # Punctuation never starts a line on its own, but needs no space and a CJK font.
    for ch in ("，", "。", "「"):
        assert not covers(text.WIDE_SCRIPTS, ch) and covers(text.NO_SPACES, ch) and covers(text.CJK_TEXT, ch)
    # Symbols only a CJK font draws: squared units, enclosed ideographs, vertical forms.
    for ch in ("㎏", "㈠", "︰"):
        assert covers(text.CJK_TEXT, ch) and not covers(text.WIDE_SCRIPTS, ch)


@pytest.mark.parametrize(("value", "folded"), [
    ("ＴＣＰ 的三次握手？", "tcp的三次握手"),  # full-width letters and punctuation
    ("What is SYN-ACK?", "whatissynack"),
    ("\uf900\u4e0d", "\u8c48\u4e0d"),  # a compatibility ideograph becomes its unified form
    ("\u3400\U00020000", "\u3400\U00020000"),  # Extensions A and B are letters
    ("Stra\u00dfe", "strasse"),  # casefold, not lower
    ("ﬁn_wait", "finwait"),  # NFKC splits the ligature; "_" is not a letter
    ("café", "café"), ("cafe\u0301", "café"),  # composed and decomposed alike
    ("RTT ①", "rtt1"),
])
def test_fold_drops_width_case_and_punctuation(value: str, folded: str) -> None:
    assert fold(value) == folded


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ9 中\u3400\uf900\U00020000，。？ＡＢ１,.!?_-ßİ\u0301ｶﾞ한각™℃㎏①⑴⼀か\u3099")),
               max_size=30))
def test_fold_is_normalize_then_letters_and_digits(value: str) -> None:
    """The fast path agrees with its definition on everything a TCP note is made of."""
    assert fold(value) == "".join(ch for ch in normalize(value) if ch.isalnum())


def test_the_edited_question_match_and_the_notes_compare_with_the_same_fold() -> None:
    from tcpquiz.notes import text as notes_text
    from tcpquiz.store import sync

    assert sync.fold is fold and notes_text.fold is fold
    assert question_key("  ＳＹＮ  是什么？ ") == "syn 是什么"


def test_question_tokens_see_every_ideograph() -> None:
    from tcpquiz.store.groups import question_tokens

    # Extension B and the compatibility ideographs were outside one of the old ranges.
    assert "𠀀𠀁" in question_tokens("𠀀𠀁是什么")
    assert question_tokens("\uf900\u4e0d") == question_tokens("\u8c48\u4e0d")


@pytest.mark.parametrize("value", ["zh", "en", " ZH ", "En"])
def test_one_language_check_everywhere(value: str) -> None:
    from tcpquiz.engine import questions
    from tcpquiz.settings import spec

    assert check_lang(value) == value.strip().lower()
    assert spec("lang").parse(value) == value.strip().lower()
    assert questions.check_lang is check_lang


@pytest.mark.parametrize("value", ["fr", "", "chinese", "zh-CN"])
def test_a_language_tcpquiz_lacks_is_one_sentence(value: str) -> None:
    with pytest.raises(InvalidValueError, match=r"^There is no language .*; choose one of zh, en\.$"):
        check_lang(value)


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("TCP") == 3
    assert display_width("三次握手") == 8
    assert display_width("ＳＹＮ，") == 8  # full-width forms
    assert display_width("カ한") == 4
    assert display_width("ｶ") == 1  # half-width kana


LONG_ZH = ("客户端先关闭；服务器读到数据流结束后再关闭。Linux 在 tcp_fin_timeout（60 秒）后删除客户端的孤儿 "
           "FIN-WAIT-2 套接字，服务器很久之后才发出的 FIN 只能收到 RST。")


@pytest.mark.parametrize("width", [20, 33, 80])
def test_chinese_wraps_between_characters_within_the_width(width: str) -> None:
    lines = wrap(LONG_ZH, int(width), initial_indent="  ", subsequent_indent="    ")
    assert len(lines) > 1 or int(width) >= display_width(LONG_ZH)
    assert all(display_width(line) <= int(width) for line in lines)
    assert not any(line.strip()[0] in "，。；）" for line in lines)  # closing punctuation stays behind
    assert "".join("".join(lines).split()) == "".join(LONG_ZH.split())  # nothing lost
    assert "tcp_fin_timeout" in "".join(lines) and "FIN-WAIT-2" in "".join(lines)  # words kept whole


def test_text_without_cjk_wraps_as_textwrap_does() -> None:
    english = "The client closes first; the server closes after it reads the end of the stream, TIME-WAIT → CLOSED."
    for width in (20, 40, 80):
        assert wrap(english, width, "  ", "    ") == textwrap.wrap(
            english, width, initial_indent="  ", subsequent_indent="    ", break_long_words=False,
            break_on_hyphens=False)


@pytest.mark.parametrize(("module", "allowed"), [
    ("tcpquiz.text", {"tcpquiz", "tcpquiz.text"}),  # stdlib only: the CLI reads the study language through it
    ("tcpquiz.store.views", None),  # plain values: no SQLAlchemy through tcpquiz.store's __init__
])
def test_light_modules_stay_light(module: str, allowed: set[str] | None) -> None:
    import subprocess
    import sys

    code = f"import sys, {module}; print(' '.join(sys.modules))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                cwd=REPO).stdout.split())
    assert not {"sqlalchemy", "alembic", "rich", "typer", "markdown_it"} & {name.split(".")[0] for name in loaded}
    if allowed is not None:
        assert {name for name in loaded if name.startswith("tcpquiz")} == allowed


def test_no_module_spells_a_han_range_of_its_own() -> None:
    """Every pattern that means "an ideograph" uses HAN_RANGES: a range spelled again (the
    unified block alone, say) would miss Extension A and the compatibility ideographs."""
    package = Path(__file__).resolve().parents[1] / "tcpquiz"
    spelled = [f"{path.relative_to(package)}:{number}"
               for path in sorted(package.rglob("*.py")) if path.name != "text.py" or path.parent != package
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
               if re.search(r"\\u4e00|\\u9f[a-f0-9]{2}|一-龥", line)]
    assert spelled == []
