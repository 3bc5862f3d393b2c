"""The cheat sheet's drawings as SVG strings: the state diagram and the sequence diagrams.

One geometry for both outputs: the HTML embeds these SVGs inline, and the PDF draws the
very same SVGs through fpdf2's SVG support, whose <text> uses the embedded CJK font when
`font` names it. The only difference is how emphasis is made: with the font a browser
picks (`font=None`) it is font-weight bold; the embedded WenQuanYi Micro Hei has no bold
face, so there it is a thin outline stroke around the glyphs.

Units are PostScript points, so font sizes are the printed sizes when a drawing is placed
at its natural width.

The state diagram puts each state in a hand-chosen place: the client's path (active open,
active close) down the left column, the server's (passive open, passive close) down the
right, the states both sides share (CLOSED, ESTABLISHED) as wide bars across both columns,
with CLOSED drawn twice: where connections start and where closing ones end. The edges,
their labels and which path they belong to all come from `content.StateDiagram`, i.e. from
the engine's table; an edge this layout has no hand-made route for is drawn straight.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from tcpquiz.engine.fsm import SYNCHRONIZED, State
from tcpquiz.export.cheatsheet.content import SequenceDiagram, StateDiagram

Point = tuple[float, float]

# Advance widths (em) of the printable ASCII characters in WenQuanYi Micro Hei, the font the
# PDF embeds; browsers' sans-serif fonts are close enough for laying out labels.
_ASCII_EM = (
    0.260, 0.269, 0.402, 0.646, 0.551, 0.825, 0.702, 0.226, 0.301, 0.301, 0.551, 0.551, 0.250, 0.322, 0.268, 0.373,
    0.551, 0.551, 0.551, 0.551, 0.551, 0.551, 0.551, 0.551, 0.551, 0.551, 0.268, 0.268, 0.551, 0.551, 0.551, 0.426,
    0.866, 0.608, 0.621, 0.603, 0.684, 0.528, 0.491, 0.690, 0.701, 0.339, 0.271, 0.579, 0.491, 0.870, 0.729, 0.742,
    0.576, 0.741, 0.590, 0.519, 0.519, 0.698, 0.568, 0.884, 0.547, 0.527, 0.539, 0.303, 0.373, 0.303, 0.532, 0.411,
    0.577, 0.531, 0.586, 0.463, 0.586, 0.535, 0.329, 0.518, 0.589, 0.259, 0.259, 0.496, 0.259, 0.896, 0.589, 0.577,
    0.586, 0.586, 0.399, 0.451, 0.339, 0.589, 0.479, 0.746, 0.500, 0.489, 0.441, 0.354, 0.551, 0.354, 0.551,
)


def text_width(text: str, size: float) -> float:
    """The width of `text` at `size` points, near enough for layout."""
    em = 0.0
    for char in text:
        code = ord(char)
        if 32 <= code < 127:
            em += _ASCII_EM[code - 32]
        else:
            em += 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.6
    return em * size


# -- drawing primitives ------------------------------------------------------------------------

INK = "#000000"
GREY = "#555555"
CLIENT_INK = "#1f4e8c"  # dark enough to print as near-black; the columns, not the colours, carry the meaning
SERVER_INK = "#8c3a1f"
FILL = {"client": "#e9f0fa", "server": "#faeee8", "both": "#eeeeee"}


@dataclass(frozen=True)
class Style:
    font: str | None  # a font family the PDF has registered; None: let the page's CSS choose

    def text(self, x: float, y: float, text: str, size: float, *, anchor: str = "start", bold: bool = False,
             fill: str = INK, rotate: float = 0.0) -> str:
        attrs = [f'x="{x:.1f}"', f'y="{y:.1f}"', f'font-size="{size:g}"', f'fill="{fill}"']
        if anchor != "start":
            attrs.append(f'text-anchor="{anchor}"')
        if self.font:
            attrs.append(f'font-family="{self.font}"')
        if bold:
            attrs.append('font-weight="bold"' if self.font is None else
                         f'stroke="{fill}" stroke-width="{size * 0.035:.2f}"')
        if rotate:
            attrs.append(f'transform="rotate({rotate:.2f} {x:.1f} {y:.1f})"')
        return f"<text {' '.join(attrs)}>{escape(text)}</text>"


def _polyline(points: list[Point], stroke: str, width: float, dash: str = "") -> str:
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<polyline points="{coords}" fill="none" stroke="{stroke}" stroke-width="{width:g}"'
            f' stroke-linejoin="round"{dashes}/>')


def _arrowhead(tip: Point, tail: Point, fill: str, size: float = 5.0) -> str:
    """A filled triangle at `tip`, pointing away from `tail`."""
    (x, y), (tx, ty) = tip, tail
    angle = math.atan2(y - ty, x - tx)
    spread = math.radians(22)
    left = (x - size * math.cos(angle - spread), y - size * math.sin(angle - spread))
    right = (x - size * math.cos(angle + spread), y - size * math.sin(angle + spread))
    coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in (tip, left, right))
    return f'<polygon points="{coords}" fill="{fill}" stroke="none"/>'


def _svg(width: float, height: float, body: list[str], title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}pt" height="{height:g}pt" '
            f'viewBox="0 0 {width:g} {height:g}" role="img" aria-label="{escape(title)}">\n'
            + "\n".join(body) + "\n</svg>\n")


# -- the state diagram -------------------------------------------------------------------------

WIDTH = 540.0
LEFT, CENTER, RIGHT = 140.0, 270.0, 400.0  # the client's column, the middle, the server's column
NODE_W, NODE_H = 88.0, 19.0
# The centre of each row; rows 2 and 3 are further apart to leave a channel between them.
ROWS = (34.0, 77.0, 120.0, 174.0, 217.0, 260.0, 303.0, 346.0)
WIDE_W = RIGHT - LEFT + NODE_W - 28  # CLOSED and ESTABLISHED: across both columns, leaving room beside
STATE_SIZE = 7.8
LABEL_SIZE = 6.8
LINE = LABEL_SIZE + 1.4  # baseline to baseline in a two-line label

# Where each state sits: (column x, row). CLOSED has a second place, END, for closing connections.
END = "CLOSED (end)"
PLACES: dict[str, tuple[float, int]] = {
    State.CLOSED: (CENTER, 0),
    State.LISTEN: (RIGHT, 1),
    State.SYN_SENT: (LEFT, 2),
    State.SYN_RECEIVED: (RIGHT, 2),
    State.ESTABLISHED: (CENTER, 3),
    State.FIN_WAIT_1: (LEFT, 4),
    State.CLOSE_WAIT: (RIGHT, 4),
    State.FIN_WAIT_2: (LEFT, 5),
    State.CLOSING: (CENTER + 30, 5),  # right of centre, clear of FIN-WAIT-1's labels
    State.LAST_ACK: (RIGHT, 5),
    State.TIME_WAIT: (LEFT, 6),
    END: (CENTER, 7),
}
WIDE = (State.CLOSED, State.ESTABLISHED, END)  # shared by both sides: a bar across both columns


@dataclass(frozen=True)
class Box:
    x: float  # centre
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y - self.h / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h / 2

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w / 2

    def border_towards(self, target: Point) -> Point:
        """Where the straight line from the centre to `target` leaves the box."""
        dx, dy = target[0] - self.x, target[1] - self.y
        if dx == dy == 0:
            return self.x, self.y
        scale = min(self.w / 2 / abs(dx) if dx else math.inf, self.h / 2 / abs(dy) if dy else math.inf)
        return self.x + dx * scale, self.y + dy * scale


def _boxes() -> dict[str, Box]:
    boxes = {}
    for key, (x, row) in PLACES.items():
        boxes[key] = Box(x, ROWS[row], WIDE_W if key in WIDE else NODE_W, NODE_H)
    return boxes


def _node_key(state: State, *, arriving_from: State | None = None) -> str:
    """CLOSED is where connections start, except as the end of a synchronized connection."""
    if state is State.CLOSED and arriving_from in SYNCHRONIZED:
        return END
    return state


@dataclass(frozen=True)
class Route:
    points: tuple[Point, ...]
    label: Point  # the first line's baseline
    anchor: str  # text-anchor of the label


def _routes(b: dict[str, Box]) -> dict[tuple[str, str], Route]:
    """Hand-made routes for the edges of Figure 5, keyed by (from, to) place. Labels of the
    client's edges sit right of its column, the server's left of its column."""
    S = State
    L, R = LEFT, RIGHT
    closed, est, end = b[S.CLOSED], b[S.ESTABLISHED], b[END]
    lst, ss, sr = b[S.LISTEN], b[S.SYN_SENT], b[S.SYN_RECEIVED]
    fw1, fw2, cw, cl, la, tw = (b[S.FIN_WAIT_1], b[S.FIN_WAIT_2], b[S.CLOSE_WAIT], b[S.CLOSING], b[S.LAST_ACK],
                                b[S.TIME_WAIT])
    gap = 3.0  # between a line and its label
    below = 9.0  # from a box's bottom to the baseline of a label under it
    channel = est.top - 8  # between row 2 and ESTABLISHED
    beside = closed.left - 8  # left of the wide bars
    return {
        # Opening: the client's column on the left, the server's on the right.
        (S.CLOSED, S.SYN_SENT): Route(((L, closed.bottom), (L, ss.top)), (L + gap, closed.bottom + below), "start"),
        (S.SYN_SENT, S.CLOSED): Route(((closed.left + 8, ss.top), (closed.left + 8, closed.bottom)),
                                      (closed.left + 8 - gap, closed.bottom + 2 * below + 8), "end"),
        (S.CLOSED, S.LISTEN): Route(((R - 12, closed.bottom), (R - 12, lst.top)),
                                    (R - 12 - gap, closed.bottom + 14), "end"),
        (S.LISTEN, S.CLOSED): Route(((R + 12, lst.top), (R + 12, closed.bottom)),
                                    (R + 12 + gap, closed.bottom + 14), "start"),
        (S.LISTEN, S.SYN_SENT): Route(((lst.left, lst.y), (L + 24, lst.y), (L + 24, ss.top)),
                                      ((L + R) / 2 - 20, lst.y - gap - LINE), "middle"),
        (S.LISTEN, S.SYN_RECEIVED): Route(((R, lst.bottom), (R, sr.top)), (R - gap, lst.bottom + below), "end"),
        # Figure 5's one RST arrow (note 1): back up, beside the way down.
        (S.SYN_RECEIVED, S.LISTEN): Route(((R + 30, sr.top), (R + 30, lst.bottom)), (R + 30 + gap, lst.bottom + below),
                                          "start"),
        (S.SYN_SENT, S.SYN_RECEIVED): Route(((ss.right, ss.y), (sr.left, sr.y)),
                                            ((L + R) / 2, ss.y - gap - LINE), "middle"),
        (S.SYN_SENT, S.ESTABLISHED): Route(((L, ss.bottom), (L, est.top)), (L + gap, ss.bottom + below), "start"),
        # Labelled on the outside: the crossing edge below leaves SYN-RECEIVED on the inside.
        (S.SYN_RECEIVED, S.ESTABLISHED): Route(((R, sr.bottom), (R, est.top)), (R + gap, sr.bottom + below),
                                               "start"),
        # A server that closes in SYN-RECEIVED is the active closer from then on: it crosses over.
        (S.SYN_RECEIVED, S.FIN_WAIT_1): Route(
            ((sr.left + 12, sr.bottom), (sr.left + 12, channel), (beside, channel), (beside, fw1.top)),
            ((L + R) / 2, channel - gap - LINE), "middle"),
        # Closing.
        (S.ESTABLISHED, S.FIN_WAIT_1): Route(((L, est.bottom), (L, fw1.top)), (L + gap, est.bottom + below), "start"),
        (S.ESTABLISHED, S.CLOSE_WAIT): Route(((R, est.bottom), (R, cw.top)), (R - gap, est.bottom + below), "end"),
        (S.FIN_WAIT_1, S.FIN_WAIT_2): Route(((L, fw1.bottom), (L, fw2.top)), (L - gap, fw1.bottom + below), "end"),
        (S.FIN_WAIT_1, S.CLOSING): Route(((fw1.right, fw1.y - 4), (cl.x, fw1.y - 4), (cl.x, cl.top)),
                                         (cl.x + gap, fw1.y + below), "start"),
        (S.FIN_WAIT_2, S.TIME_WAIT): Route(((L, fw2.bottom), (L, tw.top)), (L - gap, fw2.bottom + below), "end"),
        (S.CLOSE_WAIT, S.LAST_ACK): Route(((R, cw.bottom), (R, la.top)), (R - gap, cw.bottom + below), "end"),
        (S.CLOSING, S.TIME_WAIT): Route(((cl.x, cl.bottom), (cl.x, tw.y + 4), (tw.right, tw.y + 4)),
                                        (cl.x - gap, cl.bottom + below), "end"),
        (S.LAST_ACK, END): Route(((R, la.bottom), (R, end.top)), (R - gap, la.bottom + 2 * below), "end"),
        (S.TIME_WAIT, END): Route(((L, tw.bottom), (L, end.top)), (L + gap, tw.bottom + below), "start"),
    }


def state_diagram_svg(diagram: StateDiagram, font: str | None = None) -> str:
    style = Style(font)
    boxes = _boxes()
    routes = _routes(boxes)
    body: list[str] = []
    # The column titles.
    body.append(style.text(LEFT, 10, diagram.client_title, LABEL_SIZE + 0.6, anchor="middle", bold=True,
                           fill=CLIENT_INK))
    body.append(style.text(RIGHT, 10, diagram.server_title, LABEL_SIZE + 0.6, anchor="middle", bold=True,
                           fill=SERVER_INK))
    # Edges before boxes, so the boxes cover the lines' ends; labels last. The usual paths go
    # first and the other transitions over them on a white halo, so a crossing reads as one
    # line passing over another.
    labels: list[str] = []
    for edge in sorted(diagram.edges, key=lambda e: e.role == "other"):
        src, dst = _node_key(edge.src), _node_key(edge.dst, arriving_from=edge.src)
        route = routes.get((src, dst)) or _straight(boxes[src], boxes[dst])
        ink = {"client": CLIENT_INK, "server": SERVER_INK}.get(edge.role, GREY)
        if edge.role == "other":
            body.append(_polyline(list(route.points), "#ffffff", 3.0))
            body.append(_polyline(list(route.points), ink, 0.8, "3 2"))
        else:
            body.append(_polyline(list(route.points), ink, 1.5))
        body.append(_arrowhead(route.points[-1], route.points[-2], ink))
        x, y = route.label
        for index, line in enumerate(edge.label):
            labels.append(style.text(x, y + index * LINE, line, LABEL_SIZE, anchor=route.anchor,
                                     fill=INK if edge.role != "other" else GREY))
    for key, box in boxes.items():
        state = State.CLOSED if key == END else State(key)
        side = "both" if key in WIDE else {LEFT: "client", RIGHT: "server"}.get(box.x, "both")
        body.append(f'<rect x="{box.left:.1f}" y="{box.top:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" '
                    f'rx="3" fill="{FILL[side]}" stroke="{INK}" stroke-width="0.9"/>')
        body.append(style.text(box.x, box.y + STATE_SIZE * 0.36, state.value, STATE_SIZE, anchor="middle",
                               bold=True))
    body += labels
    # The legend.
    y = boxes[END].bottom + 16
    body.append(_polyline([(LEFT - 40, y - 2.5), (LEFT - 14, y - 2.5)], CLIENT_INK, 1.5))
    body.append(_polyline([(LEFT - 12, y - 2.5), (LEFT + 14, y - 2.5)], SERVER_INK, 1.5))
    body.append(style.text(LEFT + 18, y, diagram.legend_path, LABEL_SIZE))
    body.append(_polyline([(RIGHT - 30, y - 2.5), (RIGHT - 4, y - 2.5)], GREY, 0.8, "3 2"))
    body.append(style.text(RIGHT, y, diagram.legend_other, LABEL_SIZE))
    return _svg(WIDTH, y + 5, body, diagram.client_title + " / " + diagram.server_title)


def _straight(src: Box, dst: Box) -> Route:
    start = src.border_towards((dst.x, dst.y))
    end = dst.border_towards((src.x, src.y))
    middle = ((start[0] + end[0]) / 2 + 3, (start[1] + end[1]) / 2)
    return Route((start, end), middle, "start")


# -- sequence diagrams -------------------------------------------------------------------------

SEQ_ROW = 22.0
SEQ_STATE = 7.2
SEQ_NOTE = 6.3
SEQ_LABEL = 6.6
BOLD_SLACK = 1.3  # how much wider a bold sans-serif (DejaVu Sans Bold, say) can be than the PDF's font


def sequence_svg(seq: SequenceDiagram, width: float = 262.0, font: str | None = None) -> str:
    """Two lifelines, the client's on the left; each arrow slopes down from the row where the
    segment was sent to the row where it arrived, labelled with its flags, seq and ack."""
    style = Style(font)

    # Room beside each lifeline for its states, set in bold (which a browser's font may make
    # much wider than the PDF's), with what caused a change (a call) in small type under it.
    def room(texts: list[str], notes: list[str]) -> float:
        return 6 + max([BOLD_SLACK * text_width(t, SEQ_STATE) for t in texts] +
                       [1.15 * text_width(n, SEQ_NOTE) for n in notes])

    client_x = room([r.client for r in seq.rows], [r.client_note for r in seq.rows])
    server_x = width - room([r.server for r in seq.rows], [r.server_note for r in seq.rows])
    top = 30.0

    def row_y(index: int) -> float:
        return top + 6 + index * SEQ_ROW

    bottom = row_y(len(seq.rows) - 1) + 10
    body = [style.text(width / 2, 9, seq.title, 8.2, anchor="middle", bold=True)]
    for x, name in ((client_x, seq.client), (server_x, seq.server)):
        body.append(style.text(x, top - 6, name, SEQ_STATE, anchor="middle", bold=True))
        body.append(_polyline([(x, top - 2), (x, bottom)], INK, 0.8))
    for index, row in enumerate(seq.rows):
        y = row_y(index) + 2.5
        if row.wait:
            # A long wait on the client's lifeline: a grey bar, and how long it is.
            body.append(f'<rect x="{client_x - 1.8:.1f}" y="{row_y(index - 1) + 3:.1f}" width="3.6" '
                        f'height="{SEQ_ROW - 6:.1f}" fill="{GREY}"/>')
            body.append(style.text(client_x + 6, y - SEQ_ROW / 2, row.wait, SEQ_NOTE, fill=GREY))
        for text, note, x, anchor in ((row.client, row.client_note, client_x - 4, "end"),
                                      (row.server, row.server_note, server_x + 4, "start")):
            if text:
                body.append(style.text(x, y, text, SEQ_STATE, anchor=anchor, bold=True))
            if note:
                body.append(style.text(x, y + SEQ_NOTE + 1.5, note, SEQ_NOTE, anchor=anchor, fill=GREY))
    for arrow in seq.arrows:
        y0, y1 = row_y(arrow.start), row_y(arrow.end)
        start, end = ((client_x, y0), (server_x, y1)) if arrow.src == "client" else ((server_x, y0), (client_x, y1))
        body.append(_polyline([start, end], INK, 0.9))
        body.append(_arrowhead(end, start, INK, 4.5))
        left, right = sorted((start, end))
        angle = math.degrees(math.atan2(right[1] - left[1], right[0] - left[0]))
        # Parallel to the line and just above it, a little towards the end where it arrives: near
        # its start, the arrow before it (which arrived there) leaves little room above.
        mx, my = start[0] + 0.56 * (end[0] - start[0]), start[1] + 0.56 * (end[1] - start[1])
        offset = 2.2
        lx, ly = mx + offset * math.sin(math.radians(angle)), my - offset * math.cos(math.radians(angle))
        body.append(style.text(lx, ly, arrow.label, SEQ_LABEL, anchor="middle", rotate=angle))
    return _svg(width, bottom + 4, body, seq.title)
