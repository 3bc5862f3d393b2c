"""The shortcut the Anki export takes for plain text renders exactly what markdown-it does."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tcpquiz.export.html import HtmlRenderer, plain_html

# Plain words in both languages, and everything that can turn text into markup or change
# how markdown-it breaks lines: markers at the start of a line, spaces before a newline,
# blank lines, entities, escapes and odd whitespace.
pieces = st.sampled_from([
    "三次握手", "客户端", "。", "，", "SYN=1", "seq=x", "ack", " ", "  ", "\n", "\n\n", "\n \n", "1.", "2)", "10",
    "#", "-", "+", "*", "_", "=", "==", ">", "<", "&", "&amp;", '"', "'", "|", "~", "`", "\\", "[", "]", "!", "(", ")",
    ":", "http://a.b", "\t", "\u3000", "\u00a0", "\r", "a", "Why", "?", "？", "    ", "---", "***",
    "- ", "\n- ", "1. ", "\n2. ", "\n0. ", "\n3) ", "-  ", "\n-", "\n* ",
    "**", "**SYN**", "*a*", "`x`", "[a](http://b)", "\n[a]: http://b", "[a]", "![](x.png)", "<http://a.b>",
    "&lt;", "\\*", "\n===", "\n---", "  \n",
])


texts = st.lists(pieces, max_size=12).map("".join)


def shortcut_matches_markdown_it(text: str) -> None:
    renderer = HtmlRenderer()
    assert renderer.render(text) == (renderer.render_markdown(text) if text.strip() else "")


# A thousand texts by default; the 4,000 this test ran before, a fifth of the pure tests' time,
# with `pytest -m slow`: the same property on more random texts, for a change to the shortcut.
@settings(max_examples=1000, deadline=None)
@given(texts)
@example("第一次握手\n客户端发送 SYN")
@example("line one  \nline two\n\nnext paragraph ")
@example("SYN\n第二行")
@example("- 第一条\n- second  \n- third")
@example("3. step\n4. step")
@example("**第一次握手**：客户端发送\n`SYN`，seq=x")
@example("see [a]\n[a]: http://b")
def test_the_shortcut_renders_as_markdown_it_does(text: str) -> None:
    shortcut_matches_markdown_it(text)


@pytest.mark.slow
@settings(max_examples=4000, deadline=None)
@given(texts)
def test_the_shortcut_renders_as_markdown_it_does_on_more_texts(text: str) -> None:
    shortcut_matches_markdown_it(text)


def test_plain_text_takes_the_shortcut_and_markup_does_not() -> None:
    assert plain_html("为什么需要三次握手？") == "<p>为什么需要三次握手？</p>"
    assert plain_html('He said "x > y" then\nleft') == "<p>He said &quot;x &gt; y&quot; then\nleft</p>"
    assert plain_html("客户端发送\nSYN 报文段") == "<p>客户端发送\nSYN 报文段</p>"
    assert plain_html("客户端\n发送") == "<p>客户端发送</p>"  # one Chinese sentence wrapped in the source
    assert plain_html("- SYN\n- 第二条") == "<ul>\n<li>SYN</li>\n<li>第二条</li>\n</ul>"
    assert plain_html("2. SYN\n3. ACK") == '<ol start="2">\n<li>SYN</li>\n<li>ACK</li>\n</ol>'
    for markup in ("**SYN**", "- a\n\n- b", "- a\n  more", "1. first\n- second", "`code`", "a | b", "# title", "[link](x)", "a &amp; b"):
        assert plain_html(markup) is None
