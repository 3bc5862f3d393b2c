"""Hypothesis strategies for notes: what real notes hold, and what hostile ones do.

Shared by the end-to-end fuzz (tests/test_fuzz_pipeline.py) and any test that wants a
plausible or hostile note. A note is a list of pieces joined by newlines: pieces of
real notes in Chinese and English, every card syntax, and the inputs that once broke
something (front matter `tags: 5`, `<![x]>` inside HTML, YAML aliases, terminal escapes,
spreadsheet formulas, links to files outside the notes' folder).
"""

from __future__ import annotations

from hypothesis import strategies as st

ORDINARY = [
    "# 三次握手", "## Why three handshakes?", "### 第一次握手", "#### 为什么要等待 2MSL", "##", "Setext\n===",
    "三次握手原理：", "为什么不用两次？", "TCP和UDP的区别", "**标志位：**", "**TCP 为什么是三次握手？**",
    "1. 客户端发送 SYN", "2. 服务器回复 SYN+ACK", "(1) 发送", "（2）回复", "① URG：紧急", "② ACK：确认",
    "第一次握手：客户端发送 SYN", "Step 1: send SYN", "- **SYN**: synchronise", "应用层：为应用程序提供服务",
    "问：什么是 MSL？", "答：最长报文段寿命。", "$SYN=1$ 与 $$x$$", "<details>", "<summary>为什么？</summary>",
    "</details>", "<br>", "<!-- c -->", "\t缩进的文字", "    indented code", "```txt", "```", "|a|b|",
    "|---|---|", "|CLOSED|关闭|", "> 引用", "Q: 几次？", "A: 三次。", "SYN :: 同步", "RST ::: 复位", "?",
    "==三次==", "{{c1::四次}}", "{{c2::x::hint}}", "[TOC]", "- [a](#a)", "[^1]", "[^1]: note", "* * *",
    "![图](img/ok.png)", "![](https://e.com/a.png)", "[[Wiki link|别名]]", "", "",
]

HOSTILE = [
    "---\ntags: 5\n---", "---\ntags: [a, 5, {x: 1}]\ntitle: 7\nid: [1]\n---", "---\nid: same\n---",
    "---\na: &a [x, x]\nb: [*a, *a]\n---", "---\n: : :\n---", "<div><![x]></div>", "<summary>a <![](x.png)</summary>",
    "<div><![CDATA[x]]></div>", "<img src=\"/etc/passwd\">", "![k](~/.ssh/id_ed25519)", "![p](../../../../etc/passwd)",
    "![s](img/link-out.png)", "![f](img/fake.png)", "\x1b]0;PWNED\x07", "\x1b]52;c;aGVsbG8=\x07", "\x1b[2J", "\x9b31m",
    "\x00", "\x7f", "=HYPERLINK(\"http://e.x\")", "+1+2", "-2+3", "@SUM(A1)", "Q: =1+1\nA: @x", "[/red] [bold]",
    "{{c1::" * 20, "[" * 200, "(" * 200, "==a " * 20, "[[a|" * 20, "\\" * 50, "*" * 100, "`" * 41, "<a " * 30,
    "\u202e", "\ufeff", "\r", "\u2028",
]

pieces = st.one_of(
    st.sampled_from(ORDINARY),
    st.sampled_from(HOSTILE),
    st.text(alphabet="ab 中文：:？?*_=`$|-#>\\()（）[]{}<>!①1.\t\x1b\x07", max_size=12),
)

# One note: a few pieces, one per line. Kept short so that a library of fifty of them
# fits hypothesis's buffer.
notes = st.lists(pieces, max_size=12).map("\n".join)


def libraries(size: int) -> st.SearchStrategy[list[str]]:
    """`size` notes, imported together as one folder."""
    return st.lists(notes, min_size=size, max_size=size)
