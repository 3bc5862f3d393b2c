"""`tcpquiz cheatsheet`: the PDF and the HTML, drawn from the engine and the review history."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdf
import pytest

from conftest import REPO, child_env, write_deck
from tcpquiz.engine import fsm
from tcpquiz.engine.fsm import Event, State
from tcpquiz.export.cheatsheet import content
from tcpquiz.export.cheatsheet.content import FIGURE_5, WeakSpot, build_sheet
from tcpquiz.export.cheatsheet.svg import state_diagram_svg

DAY = date(2025, 3, 1)
TERMS = {
    "en": ["Three-way handshake", "Four-way close", "The eleven states", "The six flags", "Why wait 2MSL",
           "TIME_WAIT", "20 bytes", "2 h idle", "75 s", "10 unanswered probes", "60 s"],
    "zh": ["三次握手", "四次挥手", "十一个状态", "六个标志位", "为什么 TIME-WAIT 要等 2MSL", "固定 20 字节",
           "空闲 2 小时", "每 75 秒", "10 次", "固定 60 秒"],
}
SEGMENTS = ["SYN seq=1000", "SYN,ACK seq=5000 ack=1001", "ACK seq=1001 ack=5001",
            "FIN,ACK seq=1001 ack=5001", "ACK seq=5001 ack=1002", "FIN,ACK seq=5001 ack=1002",
            "ACK seq=1002 ack=5002"]


def pdf_text(path: Path) -> tuple[int, str]:
    reader = pypdf.PdfReader(path)
    return len(reader.pages), "".join(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    """Text without whitespace: extracted PDF text breaks lines where the layout did."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sheet in both languages, made once through the real command (in a child process)."""
    home = tmp_path_factory.mktemp("home")
    out = {}
    for lang in ("en", "zh"):
        path = home / f"sheet-{lang}.pdf"
        result = subprocess.run([sys.executable, "-m", "tcpquiz", "cheatsheet", "-o", str(path), "--lang", lang],
                                capture_output=True, text=True, timeout=120, env=child_env(home))
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"Wrote the cheat sheet to {path}")
        out[lang] = path
    return out


# -- the PDF -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_has_three_pages_with_the_key_terms(pdfs: dict[str, Path], lang: str) -> None:
    pages, text = pdf_text(pdfs[lang])
    assert pages == 3
    flat = squeeze(text)
    for term in [*(state.value for state in State), "SYN", "ACK", "FIN", "RST", "PSH", "URG", "2MSL", *SEGMENTS,
                 *TERMS[lang]]:
        assert squeeze(term) in flat, term


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_embeds_a_subset_of_the_cjk_font(pdfs: dict[str, Path], lang: str) -> None:
    reader = pypdf.PdfReader(pdfs[lang])
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert len(fonts) == 1  # one font for everything, the drawings included
    (name, font), = fonts.items()
    assert re.fullmatch(r"/[A-Z]{6}\+WenQuanYiMicroHei", name)  # the six-letter tag marks a subset
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    embedded = descriptor["/FontFile2"].get_object().get_data()
    assert 1_000 < len(embedded) < 200_000  # glyphs used, not the 4 MB font
    assert pdfs[lang].stat().st_size < 150_000
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(pdfs[lang])], capture_output=True, text=True, check=True).stdout
        assert re.search(r"WenQuanYiMicroHei\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes", listing), listing


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_rendered_pages_are_not_blank(pdfs: dict[str, Path], lang: str, tmp_path: Path) -> None:
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdfs[lang]), str(tmp_path / "page")], check=True,
                   timeout=60)
    for image in sorted(tmp_path.glob("page-*.png")):
        histogram = Image.open(image).convert("L").histogram()
        inked = sum(histogram[:200]) / sum(histogram)  # the share of pixels darker than light grey
        assert inked > 0.01, image.name


def test_the_weak_cards_stay_on_page_two_however_many(tmp_path: Path) -> None:
    from tcpquiz.export.cheatsheet.pdf import render_pdf

    long = "A long answer that goes on and on about sequence numbers, " * 6
    spots = [WeakSpot("Deck", f"Question {i}: " + "why " * 40, long, 9, 1.3, 12) for i in range(50)]
    data = render_pdf(build_sheet("en", spots, DAY))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 3  # the third is the data-transfer page
    text = squeeze(reader.pages[1].extract_text())
    assert "Question1:" in text and "Question49:" not in text
    assert squeeze("more, which do not fit on the page") in text


def test_every_character_on_the_sheet_is_in_the_font() -> None:
    from fontTools.ttLib import TTCollection

    from tcpquiz.export.cheatsheet.pdf import font_path

    cmap = TTCollection(font_path()).fonts[0].getBestCmap()
    for lang in ("en", "zh"):
        missing = {c for c in build_sheet(lang, [], DAY).text() if ord(c) not in cmap and c != "\n"}
        assert not missing, (lang, missing)


def test_a_missing_font_package_is_one_sentence(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("decks").exit_code == 0  # the library exists: no first-run message below
    monkeypatch.setitem(sys.modules, "paperang_p2_fonts_cjk", None)  # as if not installed
    out = tmp_path / "out"
    out.mkdir()
    result = cli("cheatsheet", "-o", str(out / "sheet.pdf"))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: The PDF needs the Chinese font package; install it with `pip install paperang-p2-fonts-cjk` "
        "(or write .html instead)."]
    assert list(out.iterdir()) == []


# -- drawn from the engine -----------------------------------------------------------------------


def test_the_diagram_draws_figure_5_from_the_table() -> None:
    diagram = content.state_diagram("en")
    assert [(edge.src, edge.event) for edge in diagram.edges] == list(FIGURE_5)
    for edge in diagram.edges:
        row = fsm.transition(edge.src, edge.event, fsm.Origin.PASSIVE, **fsm.DEFAULT_CONDITIONS)
        assert (edge.dst, edge.send) == (row.next, row.send)
    roles = {(edge.src, edge.dst): edge.role for edge in diagram.edges}
    assert roles[State.CLOSED, State.SYN_SENT] == roles[State.FIN_WAIT_2, State.TIME_WAIT] == "client"
    assert roles[State.CLOSED, State.LISTEN] == roles[State.LAST_ACK, State.CLOSED] == "server"
    assert roles[State.FIN_WAIT_1, State.CLOSING] == roles[State.SYN_SENT, State.SYN_RECEIVED] == "other"
    # RFC 9293 Figure 5 itself: its one RST arrow is note 1's, and note 2's arrow is not drawn.
    assert [(edge.src, edge.dst, edge.label) for edge in diagram.edges if edge.event in (Event.RCV_RST, Event.ABORT)] \
        == [(State.SYN_RECEIVED, State.LISTEN, ("rcv RST (note 1)",))]
    assert (State.FIN_WAIT_1, State.TIME_WAIT) not in roles


def test_changing_the_table_changes_the_svg(monkeypatch: pytest.MonkeyPatch) -> None:
    before = state_diagram_svg(content.state_diagram("en"))
    assert "snd FIN" in before and "snd RST" not in before
    changed = [row if (row.state, row.event) != (State.ESTABLISHED, Event.CLOSE) else
               fsm.Transition(row.state, row.event, State.LAST_ACK, "RST", row.rfc, row.en, row.zh)
               for row in fsm.TRANSITIONS]
    monkeypatch.setattr(fsm, "TRANSITIONS", tuple(changed))
    after = state_diagram_svg(content.state_diagram("en"))
    assert after != before
    assert "snd RST" in after
    # Without the row there is no arrow for it: one polyline fewer.
    monkeypatch.setattr(fsm, "TRANSITIONS", tuple(row for row in changed if row.event is not Event.TIMEOUT_2MSL))
    fewer = state_diagram_svg(content.state_diagram("en"))
    assert fewer.count("<polyline") == after.count("<polyline") - 1
    assert "2MSL timeout" not in fewer


def test_sequence_diagrams_are_the_simulator_runs() -> None:
    sheet = build_sheet("en", None, DAY)
    assert [a.label for a in sheet.handshake.arrows] == SEGMENTS[:3]
    assert [a.label for a in sheet.close.arrows] == SEGMENTS[3:]
    # seq and ack recomputed here: SYN and FIN each take one sequence number.
    client, server = content.ISN_CLIENT, content.ISN_SERVER
    assert SEGMENTS[1] == f"SYN,ACK seq={server} ack={client + 1}"
    assert SEGMENTS[6] == f"ACK seq={client + 2} ack={server + 2}"
    assert [a.src for a in sheet.close.arrows] == ["client", "server", "server", "client"]
    assert [row.client for row in sheet.close.rows if row.client] == [
        "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "CLOSED"]
    assert sheet.close.rows[-1].wait.startswith("2MSL = 4 min (Linux: 60 s)")


def test_the_core_stays_pure() -> None:
    code = ("import sys, tcpquiz.export.cheatsheet.content, tcpquiz.export.cheatsheet.svg; "
            "print(' '.join(sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                            check=True).stdout.split()
    assert not {"rich", "sqlalchemy", "fpdf", "typer"} & {m.split(".")[0] for m in loaded}


# -- the weakest cards ----------------------------------------------------------------------------


def weak_items(html: str) -> list[str]:
    return re.findall(r'<p class="q">(.*?)</p>', html)


@pytest.fixture
def reviewed(cli, tmp_path: Path) -> None:
    """Drill: Q1 graded 1, Q2 2 (lapses), Q3 3 (EF down to 2.36), Q4 5; Other: one lapse."""
    write_deck(tmp_path / "drill.md", "Drill", [(f"Question {i}?", f"Answer {i}.") for i in range(1, 5)])
    write_deck(tmp_path / "other.md", "Other", [("Other question?", "Other answer.")])
    assert cli("import", str(tmp_path / "drill.md"), str(tmp_path / "other.md")).exit_code == 0
    # A card graded below 4 comes back later in the session; the input ends before it does.
    assert cli("review", "--deck", "Drill", input="1\n2\n3\n5\n").exit_code == 0
    assert cli("review", "--deck", "Other", input="0\n").exit_code == 0


def test_no_weak_cards_before_any_review(cli, tmp_path: Path) -> None:
    out = tmp_path / "sheet.html"
    assert cli("cheatsheet", "-o", str(out), "--lang", "en").exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "Your weakest cards" in html and "None yet" in html
    assert cli("cheatsheet", "-o", str(out), "--weakest", "0", "--force").exit_code == 0
    assert "weakest" not in out.read_text(encoding="utf-8")


def test_the_language_defaults_to_the_lang_setting(cli, tmp_path: Path) -> None:
    assert cli("config", "lang", "zh").exit_code == 0
    out = tmp_path / "sheet.html"
    assert cli("cheatsheet", "-o", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html and "你最薄弱的卡片" in html and "暂无" in html


def test_weakest_cards_most_lapses_then_lowest_easiness(cli, reviewed, tmp_path: Path) -> None:
    out = tmp_path / "sheet.html"
    assert cli("cheatsheet", "-o", str(out), "--lang", "en", "--deck", "Drill").exit_code == 0
    html = out.read_text(encoding="utf-8")
    # Question 4, recalled perfectly at once, gave no trouble: it is not a weak card.
    assert weak_items(html) == ["Question 1?", "Question 2?", "Question 3?"]
    assert "Drill · 1 lapse · EF 2.50" in html and "Drill · 0 lapses · EF 2.36" in html
    assert cli("cheatsheet", "-o", str(out), "--lang", "en", "--weakest", "3", "--force").exit_code == 0
    # Without --deck, every deck: three cards with one lapse and EF 2.5, in the order they were made.
    assert weak_items(out.read_text(encoding="utf-8")) == ["Question 1?", "Question 2?", "Other question?"]


def test_an_undone_lapse_does_not_count(cli, tmp_path: Path) -> None:
    write_deck(tmp_path / "drill.md", "Drill", [("Question 1?", "Answer 1."), ("Question 2?", "Answer 2.")])
    assert cli("import", str(tmp_path / "drill.md")).exit_code == 0
    assert cli("review", "--deck", "Drill", input="1\nu\n5\n5\n").exit_code == 0  # 1, taken back, then 5
    out = tmp_path / "sheet.html"
    assert cli("cheatsheet", "-o", str(out), "--lang", "en", "--deck", "Drill").exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert weak_items(html) == [] and "None yet: no card has given you trouble so far." in html


def test_a_card_recalled_only_with_serious_difficulty_is_weak(cli, tmp_path: Path) -> None:
    write_deck(tmp_path / "drill.md", "Drill", [("Question 1?", "Answer 1."), ("Question 2?", "Answer 2."),
                                                ("Question 3?", "Answer 3.")])
    assert cli("import", str(tmp_path / "drill.md")).exit_code == 0
    # 4 (hesitant, but fine), 3 (serious difficulty), 5; the 3 comes back in the session as a repeat.
    assert cli("review", "--deck", "Drill", input="4\n3\n5\n").exit_code == 0
    out = tmp_path / "sheet.html"
    assert cli("cheatsheet", "-o", str(out), "--lang", "en", "--deck", "Drill").exit_code == 0
    html = out.read_text(encoding="utf-8")
    # SM-2 for q=3: EF' = 2.5 + (0.1 - 2*(0.08 + 2*0.02)) = 2.36.
    assert weak_items(html) == ["Question 2?"] and "Drill · 0 lapses · EF 2.36" in html


def test_weakest_cards_in_the_pdf(cli, reviewed, tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    result = cli("cheatsheet", "-o", str(out), "--lang", "zh", "--weakest", "2", "--deck", "Drill")
    assert result.exit_code == 0, result.output
    pages, text = pdf_text(out)
    assert pages == 3
    flat = squeeze(text)
    assert "你最薄弱的卡片" in flat
    assert "1.Question1?" in flat and "2.Question2?" in flat and "Question3?" not in flat
    assert "答错1次" in flat


def test_html_is_self_contained(cli, reviewed, tmp_path: Path) -> None:
    out = tmp_path / "sheet.html"
    assert cli("cheatsheet", "-o", str(out), "--lang", "zh").exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg ") == 4  # the state diagram, two sequence diagrams, the cwnd chart
    assert "@page { size: A4" in html and "Noto Sans CJK SC" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html)
    assert not re.search(r"@import|<link|<script", html)
    # The one URL is the embedded font, a data URL: nothing is fetched.
    assert re.findall(r"url\(([a-z]+:[^;,]*)", html) == ["data:font/woff"]
    for term in ("三次握手", "四次挥手", "TIME-WAIT", "2MSL", "SYN,ACK seq=5000 ack=1001"):
        assert term in html


# -- bad input ------------------------------------------------------------------------------------


def fails(cli, *args: str) -> str:
    result = cli("cheatsheet", *args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and lines[0].endswith("."), lines
    return lines[0]


def test_bad_input_is_one_sentence(cli, tmp_path: Path) -> None:
    assert "There is no language 'fr'" in fails(cli, "-o", str(tmp_path / "s.pdf"), "--lang", "fr")
    assert "does not exist" in fails(cli, "-o", str(tmp_path / "missing" / "s.pdf"))
    assert "must end in .pdf or .html" in fails(cli, "-o", str(tmp_path / "s.txt"))
    (tmp_path / "d.html").mkdir()
    assert "is a directory" in fails(cli, "-o", str(tmp_path / "d.html"))
    existing = tmp_path / "old.pdf"
    existing.write_text("keep me")
    assert "already exists; pass --force" in fails(cli, "-o", str(existing))
    assert existing.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["d.html", "old.pdf"]  # nothing half-written
    assert cli("cheatsheet", "-o", str(existing), "--force").exit_code == 0
    assert existing.read_bytes().startswith(b"%PDF")


def test_a_failed_write_leaves_the_old_file(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "sheet.html"
    target.write_text("old")
    assert cli("decks").exit_code == 0  # the library exists: no first-run message below

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", refuse)
    assert fails(cli, "-o", str(target), "--force") == f"Error: Cannot write {target}: No space left on device."
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["sheet.html"]  # no temporary file left


# -- line breaking ---------------------------------------------------------------------------------


def test_chinese_lines_break_between_characters_not_before_punctuation() -> None:
    from tcpquiz.export.cheatsheet.pdf import wrap

    text = "最后的 ACK 若丢失，对方会重传 FIN，主动关闭方必须还在才能再次确认；同时让旧报文在网络中消失。"
    lines = wrap(text, 60, lambda s: 6.0 * len(s))
    assert len(lines) > 3 and all(6.0 * len(line) <= 60 for line in lines)
    assert not any(line[0] in "，；。" for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert wrap("TIME-WAIT waits 2MSL", 60, lambda s: 6.0 * len(s)) == ["TIME-WAIT", "waits 2MSL"]


def test_a_cards_markdown_becomes_one_plain_line() -> None:
    markdown = "A **SYN** takes $1$ sequence ==number==.\n\n- `seq=x`\n- ack=x+1\n\n```\nSYN  seq=x\n```"
    assert content.plain_text(markdown) == "A SYN takes 1 sequence number. · seq=x · ack=x+1 · SYN seq=x"
    assert content.shorten("alpha beta gamma delta", 20) == "alpha beta gamma..."
    assert content.shorten("alpha beta", 20) == "alpha beta"


def embedded_font(html: str):
    """The font the HTML embeds, opened with fontTools."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    (data,) = re.findall(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", html)
    return TTFont(io.BytesIO(base64.b64decode(data)))


def test_the_html_embeds_a_glyph_for_every_chinese_character_it_shows(cli, reviewed, tmp_path: Path) -> None:
    out = tmp_path / "sheet.html"
    assert cli("cheatsheet", "-o", str(out), "--lang", "zh").exit_code == 0
    html = out.read_text(encoding="utf-8")
    shown = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    chinese = {char for char in shown if "\u4e00" <= char <= "\u9fff"}
    assert len(chinese) > 100  # the whole sheet's Chinese, not a token few
    cmap = embedded_font(html).getBestCmap()
    assert {char for char in chinese if ord(char) not in cmap} == set()
    # A subset: the font carries the sheet's characters, not WenQuanYi's 20,000 (5 MB).
    assert len(cmap) < 3 * len(chinese) + 200 and len(html.encode()) < 400_000


def test_an_english_sheet_without_chinese_embeds_no_font(cli, tmp_path: Path) -> None:
    out = tmp_path / "sheet.html"
    assert cli("cheatsheet", "-o", str(out), "--lang", "en", "--weakest", "0").exit_code == 0
    assert "@font-face" not in out.read_text(encoding="utf-8")


def chromium() -> str | None:
    return next((path for name in ("chromium", "chromium-browser", "google-chrome")
                 if (path := shutil.which(name))), None)


@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
def test_chinese_shows_in_a_real_browser_on_a_machine_without_a_cjk_font(cli, tmp_path: Path) -> None:
    """The sheet in headless Chromium, with fontconfig shown one Latin font and no CJK font at
    all: with the embedded font the Chinese is drawn; without it, each character is a box."""
    from PIL import Image, ImageChops

    latin = subprocess.run(["fc-match", "-f", "%{file}", "sans"], capture_output=True, text=True)
    if latin.returncode != 0 or not latin.stdout:
        pytest.skip("fontconfig's fc-match is not available")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(latin.stdout, fonts)
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / "cache"}'
                      "</cachedir></fontconfig>\n", encoding="utf-8")

    sheet = tmp_path / "sheet.html"
    assert cli("cheatsheet", "-o", str(sheet), "--lang", "zh").exit_code == 0
    html = sheet.read_text(encoding="utf-8")
    bare = tmp_path / "bare.html"
    bare.write_text(re.sub(r"@font-face \{[^}]*\}\n", "", html), encoding="utf-8")

    def screenshot(page: Path) -> Image.Image:
        shot = page.with_suffix(".png")
        subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={tmp_path / ('profile-' + page.stem)}", "--virtual-time-budget=10000",
                        "--window-size=900,200", f"--screenshot={shot}", page.as_uri()],
                       env=dict(os.environ, FONTCONFIG_FILE=str(config)), capture_output=True, timeout=120)
        assert shot.is_file()
        return Image.open(shot).convert("L")

    with_font, without = screenshot(sheet), screenshot(bare)
    title = (80, 60, 500, 100)  # "TCP 连接速查表" at the top of the first page
    drawn = ImageChops.difference(with_font.crop(title), without.crop(title)).getbbox()
    assert drawn is not None  # the Chinese of the title is drawn differently from the boxes of a missing font
    assert with_font.crop(title).getextrema()[0] < 100  # and it is dark ink on the white page, not blank


def test_the_embedded_font_is_the_same_bytes_whenever_the_sheet_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same sheet gives the same file: the subset font keeps its own "modified" time."""
    from tcpquiz.export.cheatsheet.fonts import font_face

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # what fontTools stamps when it restamps
    first = font_face("三次握手")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert font_face("三次握手") == first
