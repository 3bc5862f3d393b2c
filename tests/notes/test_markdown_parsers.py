"""A note is parsed without the extensions it has no marks of (tables, math, footnotes,
clozes): the tokens must be exactly those of the parser with every extension, on real
notes and on text made of the marks those extensions look for."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tcpquiz.notes.markdown import markdown_parser, parser_for

REPO = Path(__file__).resolve().parents[2]
FOLDERS = [REPO / "decks", REPO / "tests", REPO.parent / "shared" / "notes", REPO.parent / "shared" / "corpus"]
PIECES = ["|", " | ", "---", "|---|", "$", "$$", "\\$", "[^1]", "[^1]: note", "^[inline]", "==", "==hi==",
          "{{c1::", "}}", "{{c1::a::b}}", "::", "[", "]", "(", ")", "^", "**", "*", "_", "`", "```", "\n", "\n\n",
          "> ", "- ", "1. ", "# ", "<b>", "</b>", "<details>", "&amp;", "\\", "    ", "SYN", "握手", "a", " "]


def tokens(parser: object, text: str) -> list[dict]:
    return [token.as_dict() for token in parser.parse(text)]  # type: ignore[attr-defined]


def real_texts() -> list[str]:
    return [path.read_text(encoding="utf-8", errors="replace")
            for folder in FOLDERS if folder.is_dir() for path in sorted(folder.rglob("*.md"))]


@pytest.mark.parametrize("html", [True, False])
def test_real_notes_give_the_same_tokens(html: bool) -> None:
    texts = real_texts()
    assert len(texts) >= 18  # the built-in decks at least
    chosen = {parser_for(text, html) for text in texts}
    assert len(chosen) >= 2  # some notes did go without an extension
    for text in texts:
        assert tokens(parser_for(text, html), text) == tokens(markdown_parser(html), text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.booleans())
def test_any_text_gives_the_same_tokens(text: str, html: bool) -> None:
    assert tokens(parser_for(text, html), text) == tokens(markdown_parser(html), text)


def test_an_extension_is_left_out_only_without_its_marks() -> None:
    plain = parser_for("# Title\n\nJust prose, SYN and ACK.")
    assert plain is not markdown_parser()
    assert [rule for rule in ("table", "math_inline", "footnote_ref", "cloze")
            if rule in plain.get_active_rules()["block"] + plain.get_active_rules()["inline"]] == []
    every = parser_for("a | b\n$x$ [^1] ^[n] ==c==")
    assert every is markdown_parser()
