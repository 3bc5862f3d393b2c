"""Every rule that scans a note's text takes time linear in it.

A regex that backtracks (`\\{\\{c1::(.+?)(?:::(.*?))?\\}\\}` over a run of `{{c1::`,
`\\[[^\\]]*\\]\\(` over a run of `[`) turns a 60 KB note into minutes. Each case below is a
pathological input for some rule; the whole parse must stay within a budget set by
markdown-it's own parse: of the same text, or of an ordinary note of the same length,
whichever is slower (markdown-it is linear, so a quadratic rule overruns it by
orders of magnitude at these sizes). Both are timed in CPU time, which the other processes of a
busy machine do not inflate, and with coverage's tracer paused: it multiplies tcpquiz's time and
not markdown-it's (which it does not measure), so it skewed the ratio and tripled these tests'
cost in CI. The lines each case reaches are still measured, on a small instance of the same text.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache

import pytest

from conftest import coverage_here, coverage_paused
from tcpquiz.notes import parse_note
from tcpquiz.notes.markdown import markdown_parser

SIZE = 30_000  # a note that once took minutes: 30,000 nested brackets, 60 KB
TRACED_SIZE = 3_000  # the instance parsed under coverage's tracer, when it runs: the same rules, a tenth of the text
# The whole parse may cost this many times markdown-it's. Measured: most cases here take
# 1 to 1.5 times, an HTML block (read by html.parser as well) 5 times; before the fixes,
# a run of 30,000 `[` took 28 times and grew with the square of its length.
BUDGET_FACTOR = 10
BUDGET_FLOOR_SECONDS = 0.5  # below this, timing is noise

CASES: dict[str, Callable[[int], str]] = {
    "open brackets": lambda n: "# T\n\n" + "[" * n + "\n",
    "nested brackets": lambda n: "# T\n\n" + "[" * n + "x" + "]" * n + "\n",
    "nested brackets in a question": lambda n: "Q: " + "[" * n + "]" * n + "\nA: x\n",
    "link openings": lambda n: "# T\n\n" + "[a](" * (n // 4) + "\n",
    "wikilink openings": lambda n: "# T\n\n" + "[[a|" * (n // 4) + "\n",
    "anki cloze openings": lambda n: "# T\n\n" + "{{c1::" * (n // 6) + "\n",
    "cloze hints": lambda n: "# T\n\n{{c1::a" + "::" * n + "\n",
    "highlight openings": lambda n: "# T\n\n" + "==a " * (n // 4) + "\n",
    "parentheses": lambda n: "# T\n\n" + "(" * n + ")" * n + "\n",
    "emphasis": lambda n: "# T\n\n" + "*a _b " * (n // 6) + "\n",
    "backticks": lambda n: "# T\n\n" + "`a" * (n // 2) + "\n",
    "angle brackets": lambda n: "# T\n\n" + "<a " * (n // 3) + "\n",
    "html inline": lambda n: "# T\n\n<div>" + "<b>" * (n // 3) + "\n",
    "html block": lambda n: "<div>\n" + "<b>[" * (n // 4) + "\n</div>\n",
    "html marked sections": lambda n: "<div>\n" + "<![x]>" * (n // 6) + "\n</div>\n",
    "html table spans": lambda n: "<table><tr>" + '<td colspan="50" rowspan="50">x</td><tr>' * (n // 40) + "</table>\n",
    "Q: markers": lambda n: "# T\n\n" + "Q: " * (n // 3) + "\nA: x\n",
    "double colons": lambda n: "# T\n\n" + "a :: " * (n // 5) + "\n",
    "question words": lambda n: "# T\n\n" + "为什么" * (n // 3) + "？\n",
    "a long heading": lambda n: "# " + "为什么 " * (n // 4) + "\n\nx\n",
    "full-width brackets": lambda n: "# T\n\n" + "【" * n + "问" + "】" * n + "\n",
    "dollars": lambda n: "# T\n\n" + "$a" * (n // 2) + "\n",
    "underscores": lambda n: "# T\n\n" + "_a" * (n // 2) + "\n",
    "spaces": lambda n: "# T\n\n" + "a" + " " * n + "b\n",
    "table pipes": lambda n: "# T\n\n" + "|a" * (n // 2) + "\n|" + "-|" * (n // 2) + "\n",
    "escapes": lambda n: "# T\n\n" + "\\" * n + "\n",
    "blank lines": lambda n: "# T\n" + "\n" * n + "x\n",
    "nested quotes": lambda n: "# T\n\n" + ">" * 5000 + " x\n",
    "indented lists": lambda n: "# T\n\n" + "".join(" " * (2 * i) + "- x\n" for i in range(100)),
}


def ordinary_note(length: int) -> str:
    """A note as people write them, repeated to `length` characters: markdown-it's
    speed on it is what "linear" is measured against."""
    section = (
        "## 三次握手\n\n为什么是三次握手？为了确认双方的**收发能力**，并同步初始序号 `ISN`。\n\n"
        "1. 客户端发送 SYN\n2. 服务端回复 SYN+ACK\n3. 客户端发送 ACK\n\n"
        "Q: What does the [RFC](https://www.rfc-editor.org/rfc/rfc9293) call the state after SYN?\n"
        "A: SYN-SENT, see *section 3.3.2*.\n\n| state | meaning |\n| --- | --- |\n| LISTEN | waiting |\n\n"
        "> A quote about TIME-WAIT and 2MSL, with {{c1::two}} maximum segment lifetimes.\n\n"
    )
    return (section * (length // len(section) + 1))[:length]


def seconds(work: Callable[[], object]) -> float:
    """The CPU time `work` takes in this process: on a shared machine the wall clock also
    counts the time other processes held the core, which can fall on the case and not on
    its reference. Coverage's tracer, when it runs, is paused meanwhile (see the module)."""
    with coverage_paused():
        started = time.process_time()
        work()
        return time.process_time() - started


@cache
def ordinary_seconds_per_character() -> float:
    """markdown-it's time per character of an ordinary note, measured once a process: it is
    linear, so an ordinary note of any length takes that times its length (parsing one of each
    case's length, twice for the cases the export test shares, was a third of this module's time)."""
    parser = markdown_parser()
    parser.parse("warm up")
    text = ordinary_note(2 * SIZE)
    return seconds(lambda: parser.parse(text)) / len(text)


def budget(text: str) -> float:
    parser = markdown_parser()
    parser.parse("warm up")
    reference = max(seconds(lambda: parser.parse(text)), len(text) * ordinary_seconds_per_character())
    return max(BUDGET_FLOOR_SECONDS, BUDGET_FACTOR * reference)


@cache
def case_budget(name: str) -> float:
    """The budget of a case at SIZE, measured once a process for both tests that time it."""
    return budget(CASES[name](SIZE))


def parse(text: str) -> object:
    return parse_note(text, source="p.md", deck_key="p", default_name="p")


@pytest.mark.parametrize("name", CASES)
def test_parsing_a_pathological_note_is_linear(name: str) -> None:
    if coverage_here():
        parse(CASES[name](TRACED_SIZE))
    text = CASES[name](SIZE)
    allowed = case_budget(name)
    took = seconds(lambda: parse(text))
    assert took <= allowed, f"{name}: {took:.2f} s, more than the {allowed:.2f} s budget"


# The default run checks this very note at 30,000 brackets against the same budget ("nested brackets
# in a question" above): a rule that grew faster than linearly overruns it there already.
@pytest.mark.slow
def test_a_hundred_thousand_nested_brackets_finish() -> None:
    """A note that once never finished: 100,000 brackets, 200 KB."""
    text = CASES["nested brackets in a question"](100_000)
    allowed = budget(text)
    took = seconds(lambda: parse(text))
    assert took <= allowed, f"{took:.2f} s, more than the {allowed:.2f} s budget"


@pytest.mark.parametrize("name", ["anki cloze openings", "cloze hints", "highlight openings", "open brackets",
                                  "link openings", "html inline", "escapes", "nested brackets"])
def test_export_rules_are_linear(name: str) -> None:
    """The exports scan card text again (clozes, plain-text fast path, field HTML)."""
    from tcpquiz.export.content import cloze_answer, cloze_question
    from tcpquiz.export.csv import inert
    from tcpquiz.export.html import HtmlRenderer, plain_html
    from tcpquiz.ui.safe import visible

    def export_rules(text: str) -> None:
        cloze_answer(text)
        cloze_question(text)
        plain_html(text)
        HtmlRenderer().render(text)
        inert(visible(text))

    if coverage_here():
        export_rules(CASES[name](TRACED_SIZE))
    text = CASES[name](SIZE)
    allowed = case_budget(name)
    took = seconds(lambda: export_rules(text))
    assert took <= allowed, f"{name}: {took:.2f} s, more than the {allowed:.2f} s budget"
