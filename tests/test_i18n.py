"""The table of screen words: every entry in both languages, with the same blanks to fill."""

from __future__ import annotations

import re

import pytest
import typer

from tcpquiz.cli import app
from tcpquiz.helptext import OPTION_HELP_ZH
from tcpquiz.i18n import TEXTS, tr, tr_n
from tcpquiz.review.text import format_duration
from tcpquiz.ui.helpformat import option_help_zh
from tcpquiz.ui.messages_zh import MESSAGES_ZH, message_zh

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_each_entry_has_both_languages_with_the_same_blanks(key: str) -> None:
    english, chinese = TEXTS[key]
    assert english.strip() and chinese.strip()
    assert not CJK.search(english)
    blanks = set(re.findall(r"\{(\w+)\}", chinese))
    for form in english.split("|"):
        assert set(re.findall(r"\{(\w+)\}", form)) == blanks, form


def test_plural_forms_follow_the_count_in_english_only() -> None:
    assert tr_n("en", "summary.seen", 1) == "1 card"
    assert tr_n("en", "summary.seen", 2) == "2 cards"
    assert tr_n("en", "summary.seen", 0) == "0 cards"
    assert tr_n("zh", "summary.seen", 2) == "2 张卡片"
    assert tr("fr", "review.question") == "Question"  # a language tcpquiz lacks reads English


@pytest.mark.parametrize("english", sorted(MESSAGES_ZH))
def test_each_error_has_chinese_with_the_same_blanks(english: str) -> None:
    chinese = MESSAGES_ZH[english]
    assert not CJK.search(english)
    assert CJK.search(chinese) or chinese == "{path}：{warning}。"  # the frame of a note's warning: Chinese marks
    assert sorted(re.findall(r"\{(\w+)\}", chinese)) == sorted(re.findall(r"\{(\w+)\}", english))


def test_an_error_is_said_in_chinese_blank_by_blank_and_an_unknown_one_stays_english() -> None:
    # A blank that is itself a known sentence is translated too, and a list of counted things.
    assert message_zh("Cannot set new-per-day: -5 is outside 0..10000.") == "无法设置 new-per-day：-5 不在 0 到 10000 之间。"
    assert message_zh("The database /d/t.db already holds 2 answers and 1 setting; pass --replace to overwrite it "
                      "(a copy of it is kept first).") == \
        "数据库 /d/t.db 里已经有 2 次回答和 1 项设置；加上 --replace 可以覆盖它（会先保留一份副本）。"
    assert message_zh("There is no goal matching 'x'; the goals are: none yet.") == "没有与 'x' 相符的目标；已有的目标：还没有。"
    # A note's warning under its path; a frame around a sentence the table lacks says nothing new.
    assert message_zh("/n/a.md: its front matter is not a YAML mapping, so it was ignored.") == \
        "/n/a.md：它的 front matter 不是 YAML 映射，已忽略。"
    assert message_zh("/n/a.md: a warning from a later version.") == "/n/a.md: a warning from a later version."
    assert message_zh("Something this version never says.") == "Something this version never says."


def test_every_option_and_argument_has_chinese_help() -> None:
    """A new option's help needs its Chinese in tcpquiz.helptext, or `--help` under lang zh shows English."""
    root = typer.main.get_command(app)
    missing = []

    def walk(command: object) -> None:
        for param in getattr(command, "params", []):
            if getattr(param, "help", None) and param.help not in OPTION_HELP_ZH:
                missing.append(param.help)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(root)
    assert missing == []


@pytest.mark.parametrize(("help_text", "chinese"), [
    ("How many times.  [required]", "多少次。  [必填]"),
    ("How many questions.  [default: 10; 1<=x<=10000]", "题目数量。  [默认：10；1<=x<=10000]"),
    ("[required]", "[必填]"),
    ("A help this version lacks.", "A help this version lacks."),
])
def test_an_options_help_and_clicks_notes_in_chinese(help_text: str, chinese: str) -> None:
    assert option_help_zh(help_text) == chinese


@pytest.mark.parametrize(("seconds", "english", "chinese"), [
    (5.4, "5s", "5 秒"), (65, "1m 05s", "1 分 05 秒"), (600, "10m 00s", "10 分 00 秒")])
def test_the_sessions_time_in_each_language(seconds: float, english: str, chinese: str) -> None:
    assert format_duration(seconds, "en") == english
    assert format_duration(seconds, "zh") == chinese
