"""How note text reads on a card: math, images, HTML, Typora's indentation, stray marks."""

from __future__ import annotations

from pathlib import Path

from tcpquiz.cards import CardKind as K
from tcpquiz.notes import load_note

from .conftest import back, cards, find, parse


def test_dollar_math_stays_math_on_the_card() -> None:
    # Kept as written, so the Anki export can typeset it and the terminal show it as code.
    found = cards("## 第二次握手\n\n服务器发出 $SYN=1,  ACK=1$，确认号为 $x+1$。\n\n$$\nack = seq + 1\n$$\n")
    card = find(found, K.EXPLAIN, "第二次握手")
    assert card.back == "服务器发出 $SYN=1, ACK=1$，确认号为 $x+1$。\n\n$$\nack = seq + 1\n$$"


def test_dollar_math_shows_as_code_in_the_terminal() -> None:
    from tcpquiz.formulas import for_terminal

    assert for_terminal("确认号为 $x+1$。\n\n$$\nack = seq + 1\n$$") == "确认号为 `x+1`。\n\n```\nack = seq + 1\n```"
    # Money and code are not formulas.
    assert for_terminal("a $5 and a $6 thing, `$x$`") == "a $5 and a $6 thing, `$x$`"
    # A formula holding a backtick still makes one code span.
    assert for_terminal("$a`b$") == "``a`b``"


def test_remote_image_stays_a_link() -> None:
    found = cards("## 图解\n\n握手过程如下。\n\n![handshake](https://example.com/h.png)\n![](http://example.com/x.png)\n")
    # "图解" alone names no topic: the note's own name ("note", the file's) leads it
    assert find(found, K.EXPLAIN, "note · 图解").back == (
        "握手过程如下。\n\n[handshake](https://example.com/h.png)  \n[图片](http://example.com/x.png)"
    )


def test_missing_local_images_are_dropped_with_one_warning() -> None:
    deck = parse("## 握手\n\n三次握手建立连接。\n\n![](E:\\笔记\\img\\a.png)\n![](images/b.png)\n"
                 "<img src=\"C:\\Users\\me\\c.png\">\n")
    assert deck.cards[0].back == "三次握手建立连接。"
    assert deck.warnings == (
        "it shows 3 local images that cannot be found (E:\\笔记\\img\\a.png, ...), so they were left out",
    )


def test_existing_local_image_is_kept(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "h.png").write_bytes(b"\x89PNG")
    note = tmp_path / "note.md"
    note.write_text("## 握手\n\n三次握手建立连接。\n\n![图](img/h.png)\n", encoding="utf-8")
    deck = load_note(note)
    assert deck.cards[0].back == "三次握手建立连接。\n\n![图](img/h.png)"
    assert deck.warnings == ()


def test_text_in_html_blocks_is_kept() -> None:
    found = cards("<details>\n<summary>为什么需要 TIME_WAIT？</summary>\n\n确保最后的 ACK 能到达。<br>让旧报文消失。\n"
                  "\n</details>\n\n<div align=center><b>Half-close</b>: one direction stays open.</div>\n")
    assert back(find(found, K.BASIC, "为什么需要 TIME_WAIT？")) == "确保最后的 ACK 能到达。\n让旧报文消失。"
    assert back(find(found, K.DEFINITION, "What is Half-close?")) == "one direction stays open."


def test_html_comments_and_scripts_are_not_text() -> None:
    found = cards("## 笔记\n\n<!-- 为什么？这是注释 -->\n\n<script>alert('x')</script>\n\n正文在这里，说明了半关闭。\n")
    assert back(find(found, K.EXPLAIN, "笔记")) == "正文在这里，说明了半关闭。"


def test_tab_indented_text_is_prose() -> None:
    found = cards("## 四次挥手\n\n\t客户端发送 FIN。\n\t服务器回复 ACK。\n\n"
                  "\t为什么是四次？\n\t因为 TCP 是全双工的。\n")
    assert back(find(found, K.EXPLAIN, "四次挥手")).startswith("客户端发送 FIN。\n服务器回复 ACK。")
    # "四次" of what? The heading says.
    assert back(find(found, K.BASIC, "四次挥手 · 为什么是四次？")) == "因为 TCP 是全双工的。"


def test_space_indented_code_stays_code() -> None:
    found = cards("## Closing a socket\n\nCall it like this:\n\n    shutdown(fd, SHUT_WR);\n    close(fd);\n")
    assert find(found, K.EXPLAIN, "Closing a socket").back == (
        "Call it like this:\n\n```\nshutdown(fd, SHUT_WR);\nclose(fd);\n```"
    )


def test_stray_emphasis_marks_disappear() -> None:
    found = cards("## 两次握手\n\n****主要是为了防止失效的请求。***如果只有两次，会出错。\n\n"
                  "进入**FIN-WAIT-1（终止等待1）**状态。\n")
    card = find(found, K.EXPLAIN, "两次握手")
    assert card.back == "主要是为了防止失效的请求。如果只有两次，会出错。\n\n进入FIN-WAIT-1（终止等待1）状态。"


def test_emphasis_that_pairs_is_kept_and_asterisks_are_escaped() -> None:
    found = cards("## TIME-WAIT\n\n客户端等待 **2MSL** 后关闭，即 2*MSL。\n")
    assert find(found, K.EXPLAIN, "TIME-WAIT").back == "客户端等待 **2MSL** 后关闭，即 2\\*MSL。"


def test_whitespace_only_lines_separate_blocks() -> None:
    text = "## 为什么是三次握手\n\u3000\u3000\n\u00a0\n防止旧的 SYN 建立连接。\n"
    assert back(find(cards(text), K.BASIC, "为什么是三次握手？")) == "防止旧的 SYN 建立连接。"


def test_links_stay_links_and_wikilinks_read_as_text() -> None:
    # (A "参考" section is a list of sources, not content: the heading here is another.)
    found = cards("## 连接\n\n细节见 [RFC 9293](https://www.rfc-editor.org/rfc/rfc9293) 和 [[TCP 笔记|我的笔记]]，"
                  "以及 [上一节](#握手)。\n")
    assert find(found, K.EXPLAIN, "连接").back == (
        "细节见 [RFC 9293](https://www.rfc-editor.org/rfc/rfc9293) 和 我的笔记，以及 上一节。"
    )


def test_lines_of_a_paragraph_stay_lines() -> None:
    found = cards("## 层\n\nIP 是主机之间的通信\nTCP 是进程之间的通信\n")
    assert find(found, K.EXPLAIN, "层").back == "IP 是主机之间的通信  \nTCP 是进程之间的通信"


def test_footnotes_do_not_leak() -> None:
    found = cards("## MSL\n\nRFC 建议 2 分钟[^1]，Linux 的 TIME_WAIT 是 60 秒。\n\n[^1]: RFC 793.\n")
    assert find(found, K.EXPLAIN, "MSL").back == "RFC 建议 2 分钟，Linux 的 TIME_WAIT 是 60 秒。"


def test_english_notes_label_images_in_english() -> None:
    found = cards("## Handshake\n\nThree segments open a connection.\n\n![](https://example.com/h.png)\n")
    assert find(found, K.EXPLAIN, "Handshake").back.endswith("[image](https://example.com/h.png)")


def test_the_review_draws_formulas_as_code() -> None:
    from rich.console import Console

    from tcpquiz.review.render import md

    console = Console(width=80, record=True, color_system=None)
    console.print(md("It carries $ack = x+1$.\n\n$$\nRTO = SRTT + 4 \\cdot RTTVAR\n$$"))
    shown = console.export_text()
    assert "ack = x+1" in shown and "RTO = SRTT + 4 \\cdot RTTVAR" in shown
    assert "$" not in shown
