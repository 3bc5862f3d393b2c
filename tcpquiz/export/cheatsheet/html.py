"""The cheat sheet as one self-contained HTML file: inline SVG and CSS, print styles for A4,
nothing fetched from the network. Its Chinese comes with it: the glyphs it uses, embedded
as a font (see fonts.py) for CJK characters alone, which the font stack names first."""

from __future__ import annotations

from html import escape

from tcpquiz.export.cheatsheet.content import Sheet, Table
from tcpquiz.export.cheatsheet.svg import sequence_svg, state_diagram_svg

FONTS = ('"tcpquiz-cjk", "Helvetica Neue", Arial, "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", '
         '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif')

CSS = """
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
html { background: #e6e6e6; }
body { margin: 0; font-family: FONTS; font-size: 7.8pt; line-height: 1.3; color: #000; }
.page { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 10mm; background: #fff;
        box-shadow: 0 1px 6px rgba(0, 0, 0, .25); }
h1 { font-size: 15pt; margin: 0; }
h2 { font-size: 9.5pt; margin: 7pt 0 3pt; padding-bottom: 1.5pt; border-bottom: 0.5pt solid #a0a0a0; }
p { margin: 0; }
.sub, .note { font-size: 7pt; color: #555; }
.sub { padding-bottom: 3pt; margin-bottom: 4pt; border-bottom: 0.5pt solid #a0a0a0; }
svg { display: block; width: 100%; height: auto; }
.seqs { display: flex; gap: 12pt; align-items: flex-start; margin-top: 6pt; }
.seqs > svg { flex: 1 1 0; min-width: 0; }
dl { margin: 0; }
dt { font-weight: bold; }
dd { margin: 0 0 3pt; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 1.2pt 2pt; border-bottom: 0.5pt solid #a0a0a0; }
th { background: #e8e8e8; font-weight: normal; }
.states td:first-child, .flags td:first-child { font-weight: bold; white-space: nowrap; }
.numbers td:first-child { white-space: nowrap; }
.states td:nth-child(2) { white-space: nowrap; }
.two { display: flex; gap: 14pt; }
.two > div { flex: 1 1 0; }
ol { margin: 0; padding-left: 14pt; }
li { margin-bottom: 4pt; break-inside: avoid; }
.q { font-weight: bold; }
.meta { font-size: 7pt; color: #555; }
@media print {
  html { background: none; }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; break-after: page; }
  .page:last-child { break-after: auto; }
}
""".replace("FONTS", FONTS)


def render_html(sheet: Sheet) -> str:
    h = sheet.headings
    first = [
        f"<h1>{escape(sheet.title)}</h1>",
        f'<p class="sub">{escape(sheet.subtitle)}</p>',
        f'<figure style="margin:0">{state_diagram_svg(sheet.diagram)}</figure>',
        f'<p class="note">{escape(sheet.diagram_note)}</p>',
        f'<div class="seqs">{sequence_svg(sheet.handshake)}{sequence_svg(sheet.close)}</div>',
        f'<p class="note">{escape(sheet.sequence_note)}</p>',
        f"<h2>{escape(h['whys'])}</h2>",
        "<dl>" + "".join(f"<dt>{escape(q)}</dt><dd>{escape(a)}</dd>" for q, a in sheet.whys) + "</dl>",
    ]
    second = [
        f"<h2>{escape(h['states'])}</h2>",
        _table(sheet.states, "states"),
        '<div class="two">',
        f"<div><h2>{escape(h['flags'])}</h2>{_table(sheet.flags, 'flags')}</div>",
        f"<div><h2>{escape(h['numbers'])}</h2>{_table(sheet.numbers, 'numbers')}</div>",
        "</div>",
    ]
    if sheet.weakest is not None:
        second.append(f"<h2>{escape(h['weakest'])}</h2>")
        if sheet.weakest:
            second.append("<ol>" + "".join(
                f'<li><p class="q">{escape(row.question)}</p><p>{escape(row.answer)}</p>'
                f'<p class="meta">{escape(row.meta)}</p></li>' for row in sheet.weakest) + "</ol>")
        else:
            second.append(f'<p class="note">{escape(sheet.weakest_empty)}</p>')
    third = _transfer_section(sheet)

    from tcpquiz.export.cheatsheet.fonts import font_face

    lang = "zh-CN" if sheet.lang == "zh" else "en"
    body = ('<section class="page">\n' + "\n".join(first) + "\n</section>\n"
            '<section class="page">\n' + "\n".join(second) + "\n</section>\n" + third)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(sheet.title)}</title>\n<style>{font_face(sheet.title + body)}{CSS}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )


def _table(table: Table, css_class: str) -> str:
    head = ""
    if table.header:
        head = "<thead><tr>" + "".join(f"<th>{escape(cell)}</th>" for cell in table.header) + "</tr></thead>"
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in table.rows)
    return f'<table class="{css_class}">{head}<tbody>{body}</tbody></table>'


def _transfer_section(sheet: Sheet) -> str:
    """The third page: the cwnd chart and the tables of the data-transfer half."""
    page = sheet.transfer
    if page is None:
        return ""
    from tcpquiz.export.cheatsheet.transfer import cwnd_chart_svg

    parts = [
        f"<h1>{escape(page.heading)}</h1>",
        f'<figure style="margin:6pt 0 0">{cwnd_chart_svg(page)}</figure>',
        f'<p class="note">{escape(page.chart_note)}</p>',
        f"<h2>{escape(page.rto_heading)}</h2>", _table(page.rto, "numbers"),
        f"<h2>{escape(page.cc_heading)}</h2>", _table(page.cc, "numbers"),
        f"<h2>{escape(page.flow_heading)}</h2>", _table(page.flow, "numbers"),
    ]
    return '<section class="page">\n' + "\n".join(parts) + "\n</section>\n"
