"""Chinese paragraphs fill their lines in rich, and English wraps as before."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.markdown import Markdown

from tcpquiz.text import word_pattern
from tcpquiz.ui.cjk import enable_cjk_wrapping, words

MIXED = "主动关闭的一方先发 FIN 的叫主动关闭方，它会经历 FIN-WAIT-1、FIN-WAIT-2 和 TIME-WAIT 三个状态，最后回到 CLOSED。"


def render(text: str, width: int = 40) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(Markdown(text))
    return [line.rstrip() for line in console.export_text().splitlines() if line.strip()]


def test_chinese_lines_are_filled() -> None:
    enable_cjk_wrapping()
    lines = render(MIXED)
    assert "".join(lines).replace(" ", "") == MIXED.replace(" ", "")
    from rich.cells import cell_len

    # Every line but the last reaches close to the width; none starts with closing punctuation.
    assert all(cell_len(line) >= 30 for line in lines[:-1]), lines
    assert not any(line[0] in "，。、" for line in lines)


def test_english_is_unchanged() -> None:
    text = "An English paragraph should wrap exactly as before, at spaces only, like this one here."
    enable_cjk_wrapping()
    assert render(text) == ["An English paragraph should wrap exactly", "as before, at spaces only, like this one",
                            "here."]


def test_splitter_covers_the_whole_text() -> None:
    for text in (MIXED, "  leading and trailing  ", "（括号）里的字。", "a  b\tc", "“引号”和（括号）"):
        spans = list(words(text))
        assert "".join(word for _, _, word in spans) == text
        assert all(end == next_start for (_, end, _), (next_start, _, _) in pairwise(spans))
    assert list(words("")) == []


@given(st.text(alphabet=st.sampled_from(" \t\nab-x,.;:?!()[]" + "中文字，。、（）「」“”…—→é·Ωᄀ한"), max_size=40))
def test_text_is_split_by_the_one_rule_whichever_pattern_runs(text: str) -> None:
    # Text below U+1100 (ASCII, "é", the header's "·") takes a pattern that is cheap to
    # compile; it must split as the full rule does.
    rule = word_pattern()
    expected, position = [], 0
    while (match := rule.match(text, position)) is not None and match.end() > position:
        expected.append((match.start(), match.end(), match.group(0)))
        position = match.end()
    assert list(words(text)) == expected


def test_the_cheap_pattern_holds_below_every_wide_script_and_opening_bracket() -> None:
    from tcpquiz.text import OPENING, WIDE_SCRIPTS
    from tcpquiz.ui.cjk import _FIRST_WIDE

    # The class's characters other than the ranges' "-": each range's end is above its start.
    assert min(WIDE_SCRIPTS.replace("-", "")) == _FIRST_WIDE and min(OPENING) > _FIRST_WIDE
