"""The cheat sheet's data-transfer page: the cwnd chart is the engine's run, the formulas
carry RFC 6298's constants, and both the PDF and the HTML show it."""

from __future__ import annotations

import io
import re
from datetime import date

import pypdf
import pytest

from tcpquiz.export.cheatsheet.content import build_sheet
from tcpquiz.export.cheatsheet.transfer import cwnd_chart_svg, transfer_page

DAY = date(2025, 3, 1)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_chart_is_the_textbook_run() -> None:
    page = transfer_page("en")
    # ssthresh 16: 1 2 4 8 16 then +1 to 24 in round 13 (timeout: ssthresh 12, cwnd 1), slow start to 12,
    # +1 to 16 in round 22 (three duplicate ACKs: ssthresh 8); Reno goes on 8 9 10 11, Tahoe 1 2 4 8.
    assert [r.cwnd for r in page.reno] == [1, 2, 4, 8, 16, 17, 18, 19, 20, 21, 22, 23, 24, 1, 2, 4, 8, 12, 13, 14,
                                           15, 16, 8, 9, 10, 11]
    assert [r.cwnd for r in page.tahoe][22:] == [1, 2, 4, 8]
    assert "Round 13: a timeout at cwnd 24, so ssthresh = 12" in page.chart_note
    assert "three duplicate ACKs at cwnd 16, so ssthresh = 8" in page.chart_note
    svg = cwnd_chart_svg(page)
    assert svg.count("<circle") == 26 and "timeout (24)" in svg and "3 dup ACKs (16)" in svg


@pytest.mark.parametrize(("lang", "terms"), [
    ("en", ["SRTT + max(G, 4·RTTVAR)", "α = 1/8, β = 1/4", "at least 1 s (Linux: 200 ms)", "RTO doubles",
            "cwnd = ssthresh + 3·SMSS", "min(cwnd, rwnd) − (SND.NXT − SND.UNA)", "1,073,725,440", "Linux: 10"]),
    ("zh", ["SRTT + max(G, 4·RTTVAR)", "α = 1/8，β = 1/4", "不小于 1 秒（Linux：200 ms）", "RTO 翻倍",
            "cwnd = ssthresh + 3·SMSS", "min(cwnd, rwnd) − (SND.NXT − SND.UNA)", "1,073,725,440", "Linux：10 个"]),
])
def test_the_pdf_and_html_show_the_formulas(lang: str, terms: list[str]) -> None:
    from tcpquiz.export.cheatsheet.html import render_html
    from tcpquiz.export.cheatsheet.pdf import render_pdf

    sheet = build_sheet(lang, None, DAY)
    html = render_html(sheet)
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(sheet)))
    third = squeeze(reader.pages[2].extract_text())
    for term in terms:
        assert term in sheet.text()
        assert term.replace("<", "&lt;") in html
        assert squeeze(term) in third, term
    assert html.count("<svg") == 4  # the state diagram, two sequence diagrams, the cwnd chart
