"""What the cheat sheet says, in one language: a plain data model the renderers lay out.

Everything the engine knows comes from the engine, so the sheet and the quiz cannot
disagree, and a fix to the engine is a fix to the sheet: the state diagram's edges, what each sends and which side's path it is
on come from the transition table and the simulator's `close` scenario; the sequence
diagrams are the simulator's `handshake` and `close` runs; MSL and Linux's TIME_WAIT are
the simulator's constants. The rest (the meaning of each state, the flags, the "why"
answers) is written here, checked against RFC 9293.

Pure: no rich, no SQLAlchemy, no PDF library. The learner's weakest cards come in as
`WeakSpot` values, which the command builds from the store.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from tcpquiz.engine import fsm
from tcpquiz.engine.fsm import (
    DEFAULT_CONDITIONS,
    FIGURE_5,
    Event,
    Origin,
    State,
    Transition,
)
from tcpquiz.engine.scenarios import CLIENT, SERVER
from tcpquiz.engine.sim import DEFAULT_MSL_MS, LINUX_TIME_WAIT_MS, Segment, SimResult, simulate

if TYPE_CHECKING:
    from tcpquiz.export.cheatsheet.transfer import TransferPage

# Small initial sequence numbers, so the diagrams' seq and ack numbers read at a glance.
ISN_CLIENT = 1000
ISN_SERVER = 5000

# Keep-alive is not part of the engine. RFC 9293 section 3.8.4: if implemented, the idle time
# MUST default to no less than two hours; 75 s between probes and 10 probes are the classic
# BSD values that textbooks quote, and Linux's tcp_keepalive_probes defaults to 9.
KEEPALIVE_IDLE_S = 7200
KEEPALIVE_INTERVAL_S = 75
KEEPALIVE_PROBES = 10
LINUX_KEEPALIVE_PROBES = 9
HEADER_BYTES = 20  # the fixed header; Data Offset counts 32-bit words, so at most 15 x 4 = 60
MAX_HEADER_BYTES = 60

# How much of a weak card's text fits on the sheet.
QUESTION_CHARS = 160
ANSWER_CHARS = 240


# -- the data model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Edge:
    """One arrow of the state diagram, from the engine's table."""

    src: State
    dst: State
    event: Event
    send: str  # the control flags sent, "" for none
    role: str  # "client" or "server" when on that side's path in a normal open and close, else "other"
    label: tuple[str, ...]  # the event, then what is sent ("snd SYN") when something is


@dataclass(frozen=True)
class StateDiagram:
    edges: tuple[Edge, ...]
    client_title: str
    server_title: str
    legend_path: str
    legend_other: str


@dataclass(frozen=True)
class Arrow:
    """A segment from one lifeline to the other, sent at row `start`, arriving at row `end`."""

    src: str  # CLIENT or SERVER
    start: int
    end: int
    label: str  # "SYN,ACK seq=5000 ack=1001"


@dataclass(frozen=True)
class SeqRow:
    """One moment of a sequence diagram: each side's new state ("" if unchanged) and its cause."""

    client: str
    server: str
    client_note: str = ""  # a user call ("close()") or the timer that caused the change
    server_note: str = ""
    wait: str = ""  # a long wait before this row, and how long: "2MSL: 4 min (Linux: 60 s)"


@dataclass(frozen=True)
class SequenceDiagram:
    title: str
    client: str
    server: str
    rows: tuple[SeqRow, ...]
    arrows: tuple[Arrow, ...]


@dataclass(frozen=True)
class WeakSpot:
    """A card the learner keeps getting wrong, as the store reports it."""

    deck: str
    front: str  # markdown
    back: str  # markdown
    lapses: int
    easiness: float
    reviews: int
    flags: tuple[str, ...] = ()  # what tcpquiz.facts found wrong in the card, one sentence each


@dataclass(frozen=True)
class WeakRow:
    question: str
    answer: str
    meta: str  # "deck · 3 lapses · EF 1.96"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]  # () for none
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Sheet:
    lang: str
    title: str
    subtitle: str
    headings: dict[str, str]  # section key -> heading
    diagram: StateDiagram
    diagram_note: str
    handshake: SequenceDiagram
    close: SequenceDiagram
    sequence_note: str
    states: Table
    flags: Table
    numbers: Table
    whys: tuple[tuple[str, str], ...]  # (question, one-sentence answer)
    weakest: tuple[WeakRow, ...] | None  # None: the section is left out (--weakest 0)
    weakest_empty: str  # what the section says before any reviews
    weakest_more: str  # "... and {n} more", when the page is full
    transfer: TransferPage | None = None  # the data-transfer page: cwnd chart, RTO formulas

    def text(self) -> str:
        """Every word on the sheet, for tests and for checking the font covers them."""
        parts = [self.title, self.subtitle, *self.headings.values(), self.diagram_note, self.sequence_note,
                 self.weakest_empty, self.diagram.client_title, self.diagram.server_title,
                 self.diagram.legend_path, self.diagram.legend_other]
        parts += [line for edge in self.diagram.edges for line in edge.label]
        for seq in (self.handshake, self.close):
            parts += [seq.title, seq.client, seq.server, *(a.label for a in seq.arrows)]
            parts += [t for row in seq.rows for t in (row.client, row.server, row.client_note, row.server_note,
                                                      row.wait)]
        for table in (self.states, self.flags, self.numbers):
            parts += [*table.header, *(cell for row in table.rows for cell in row)]
        parts += [t for pair in self.whys for t in pair]
        parts += [t for row in self.weakest or () for t in (row.question, row.answer, row.meta)]
        parts += self.transfer.texts() if self.transfer else []
        return "\n".join(p for p in parts if p)


# -- building it -------------------------------------------------------------------------------


def build_sheet(lang: str, weakest: Sequence[WeakSpot] | None, day: date) -> Sheet:
    """The whole sheet in `lang` ("zh" or "en"). `weakest` None leaves that section out."""
    from tcpquiz.export.cheatsheet.transfer import transfer_page  # it draws with svg, which imports this module

    zh = lang == "zh"
    words = _ZH if zh else _EN
    close_run = simulate("close", isn_client=ISN_CLIENT, isn_server=ISN_SERVER)
    handshake_run = simulate("handshake", isn_client=ISN_CLIENT, isn_server=ISN_SERVER)
    msl_min = DEFAULT_MSL_MS // 60_000
    linux_s = LINUX_TIME_WAIT_MS // 1000
    return Sheet(
        lang=lang,
        title=words["title"],
        subtitle=words["subtitle"].format(day=day.isoformat()),
        headings=words["headings"],
        diagram=state_diagram(lang, close_run),
        diagram_note=words["diagram_note"],
        handshake=sequence(handshake_run, words["handshake"], lang),
        close=sequence(close_run, words["close"], lang, from_call=Event.CLOSE),
        sequence_note=words["sequence_note"].format(c=ISN_CLIENT, s=ISN_SERVER),
        states=Table(words["states_header"], tuple(
            (state.value, netstat, meaning, who) for state, (netstat, meaning, who) in _states(zh).items())),
        flags=Table((), _FLAGS_ZH if zh else _FLAGS_EN),
        numbers=Table((), _numbers(zh, msl_min, linux_s)),
        whys=_WHYS_ZH if zh else _WHYS_EN,
        weakest=None if weakest is None else tuple(_weak_row(spot, zh) for spot in weakest),
        weakest_empty=words["weakest_empty"],
        weakest_more=words["weakest_more"],
        transfer=transfer_page(lang),
    )


def state_diagram(lang: str, close_run: SimResult | None = None) -> StateDiagram:
    """The Figure 5 transitions as the table has them. An edge is on the client's or the
    server's path when the simulator's `close` scenario (the client opens and closes first)
    takes it; the rest are drawn as other transitions."""
    close_run = close_run or simulate("close", isn_client=ISN_CLIENT, isn_server=ISN_SERVER)
    # fsm.TRANSITIONS is read at each call, so a changed table draws a changed diagram.
    table: dict[tuple[State, Event], Transition] = {}
    for candidate in fsm.TRANSITIONS:
        if _drawn_case(candidate):
            table.setdefault((candidate.state, candidate.event), candidate)
    client_path = set(itertools.pairwise(close_run.client_states))
    server_path = set(itertools.pairwise(close_run.server_states))
    zh = lang == "zh"
    edges = []
    for pair in FIGURE_5:
        row = table.get(pair)
        if row is None or row.ignored or row.next is row.state:
            continue  # the table no longer has this transition: nothing to draw
        step = (row.state.value, row.next.value)
        role = "client" if step in client_path else "server" if step in server_path else "other"
        label = list(_event_label(row.event, row.state, zh))
        if row.send:
            label.append(("发 " if zh else "snd ") + row.send)
        edges.append(Edge(row.state, row.next, row.event, row.send, role, tuple(label)))
    words = _ZH if zh else _EN
    return StateDiagram(tuple(edges), words["client_title"], words["server_title"], words["legend_path"],
                        words["legend_other"])


def _drawn_case(row: Transition) -> bool:
    """The case Figure 5 draws where a pair has several: a passive opener's SYN-RECEIVED (note 1)
    and the usual conditions (a RST at exactly RCV.NXT, no unread data at CLOSE)."""
    usual = {"origin": Origin.PASSIVE.value, **DEFAULT_CONDITIONS}
    return all(usual[name] == value for name, value in row.conditions().items())


def _event_label(event: Event, state: State, zh: bool) -> tuple[str, ...]:
    """The event as the diagram labels it: one line, or two for the longest."""
    if event is Event.RCV_RST:  # the figure's one RST arrow, SYN-RECEIVED -> LISTEN
        return ("收 RST（注 1）" if zh else "rcv RST (note 1)",)
    if event is Event.RCV_ACK and state in (State.SYN_SENT, State.SYN_RECEIVED):
        return ("收 SYN 的 ACK" if zh else "rcv ACK of SYN",)
    if event is Event.RCV_ACK and state in (State.FIN_WAIT_1, State.CLOSING, State.LAST_ACK):
        return ("收 FIN 的 ACK" if zh else "rcv ACK of FIN",)
    return ((_EVENTS_ZH if zh else _EVENTS_EN)[event],)


_EVENTS_EN = {
    Event.PASSIVE_OPEN: "passive OPEN", Event.ACTIVE_OPEN: "active OPEN", Event.SEND: "SEND",
    Event.CLOSE: "CLOSE", Event.ABORT: "ABORT", Event.RCV_SYN: "rcv SYN", Event.RCV_SYN_ACK: "rcv SYN,ACK",
    Event.RCV_ACK: "rcv ACK", Event.RCV_FIN: "rcv FIN", Event.RCV_RST: "rcv RST", Event.TIMEOUT_2MSL: "2MSL timeout",
}
_EVENTS_ZH = {
    Event.PASSIVE_OPEN: "被动打开", Event.ACTIVE_OPEN: "主动打开", Event.SEND: "SEND",
    Event.CLOSE: "关闭", Event.ABORT: "ABORT", Event.RCV_SYN: "收 SYN", Event.RCV_SYN_ACK: "收 SYN,ACK",
    Event.RCV_ACK: "收 ACK", Event.RCV_FIN: "收 FIN", Event.RCV_RST: "收 RST", Event.TIMEOUT_2MSL: "2MSL 超时",
}
# User calls as the socket API spells them, beside the state they lead to in a sequence diagram.
_CALLS = {"passive-open": "listen()", "active-open": "connect()", "close": "close()"}


def sequence(run: SimResult, title: str, lang: str, from_call: Event | None = None) -> SequenceDiagram:
    """A simulator run as rows and arrows. With `from_call`, the diagram starts at the
    first step caused by that user call (the close after the handshake)."""
    steps = list(run.steps)
    if from_call is not None:
        first = next(i for i, step in enumerate(steps) if step.cause == from_call.value)
        before = steps[first - 1] if first else None
        client, server = (before.client, before.server) if before else (run.client_states[0], run.server_states[0])
        steps = steps[first:]
    else:
        client, server = run.client_states[0], run.server_states[0]
    zh = lang == "zh"
    rows = [SeqRow(client, server)]
    arrows: list[Arrow] = []
    sent_at: dict[Segment, int] = {}  # a segment in flight -> the row it was sent at
    for index, step in enumerate(steps, start=1):
        note = _CALLS.get(step.cause, "")
        wait = ""
        if step.cause == "timer" and step.what.startswith("2MSL"):
            msl_min, linux_s = run.msl_ms // 60_000, LINUX_TIME_WAIT_MS // 1000
            wait = (f"2MSL = {2 * msl_min} 分钟（Linux：{linux_s} 秒）" if zh else
                    f"2MSL = {2 * msl_min} min (Linux: {linux_s} s)")
        rows.append(SeqRow(
            client=step.client if step.client != client else "",
            server=step.server if step.server != server else "",
            client_note=note if step.side == CLIENT else "",
            server_note=note if step.side == SERVER else "",
            wait=wait,
        ))
        client, server = step.client, step.server
        if step.arrived is not None and step.arrived in sent_at:
            arrows.append(Arrow(step.arrived.src, sent_at.pop(step.arrived), index, _segment_label(step.arrived)))
        for segment in step.sent:
            sent_at[segment] = index
    left, right = ("客户端", "服务器") if zh else ("client", "server")
    return SequenceDiagram(title, left, right, tuple(rows), tuple(sorted(arrows, key=lambda a: a.start)))


def _segment_label(segment: Segment) -> str:
    ack = f" ack={segment.ack}" if segment.ack is not None else ""
    size = f" len={segment.len}" if segment.len else ""
    return f"{segment.flags} seq={segment.seq}{ack}{size}"


def _weak_row(spot: WeakSpot, zh: bool) -> WeakRow:
    lapses = f"答错 {spot.lapses} 次" if zh else f"{spot.lapses} lapse{'s' if spot.lapses != 1 else ''}"
    meta = f"{spot.deck} · {lapses} · EF {spot.easiness:.2f}"
    ellipsis = "…" if zh else "..."
    # A flagged card's correction comes first and whole: it is what the learner must not miss.
    answer = " · ".join([*spot.flags, shorten(plain_text(spot.back), ANSWER_CHARS, ellipsis)])
    return WeakRow(shorten(plain_text(spot.front), QUESTION_CHARS, ellipsis), answer, meta)


def plain_text(markdown: str) -> str:
    """A card's markdown as one line of plain text: emphasis and code marks dropped,
    list items and paragraphs run together with " · ", tables and code blocks flattened.
    Parsed as the notes are (`$math$`, clozes), so no text of theirs goes missing."""
    from tcpquiz.notes.markdown import markdown_parser

    pieces: list[str] = []
    for token in markdown_parser().parse(markdown):
        if token.type == "inline":
            pieces.append("".join(child.content if child.type in _INLINE_TEXT else
                                  " " if child.type in ("softbreak", "hardbreak") else ""
                                  for child in token.children or ()))
        elif token.type in ("fence", "code_block", "math_block"):
            pieces.append(" ".join(token.content.split()))
    return re.sub(r"\s+", " ", " · ".join(p.strip() for p in pieces if p.strip())).strip()


_INLINE_TEXT = ("text", "code_inline", "math_inline", "math_inline_double", "cloze")


def shorten(text: str, limit: int, ellipsis: str = "...") -> str:
    """At most `limit` characters, cut at a space when one is near the end."""
    if len(text) <= limit:
        return text
    cut = text[:limit - len(ellipsis)]
    space = cut.rfind(" ")
    if space > limit * 0.7:
        cut = cut[:space]
    return cut.rstrip(" ,.;:·，。；：") + ellipsis


# -- the words ---------------------------------------------------------------------------------


def _states(zh: bool) -> dict[State, tuple[str, str, str]]:
    """State -> (how Linux netstat shows it, what it waits for, who passes through it)."""
    if zh:
        return {
            State.CLOSED: ("CLOSE", "没有连接，也没有 TCB（RFC 称之为虚构的状态）", "双方的起点和终点"),
            State.LISTEN: ("LISTEN", "等待任意远端发来的 SYN", "服务器（被动打开）"),
            State.SYN_SENT: ("SYN_SENT", "已发 SYN，等对方的 SYN 和对本端 SYN 的确认", "客户端（主动打开）"),
            State.SYN_RECEIVED: ("SYN_RECV", "已收到 SYN 并回了 SYN,ACK，等对本端 SYN 的确认",
                                 "服务器；同时打开时双方"),
            State.ESTABLISHED: ("ESTABLISHED", "连接已建立，双向传输数据", "双方"),
            State.FIN_WAIT_1: ("FIN_WAIT1", "已发 FIN，等它的确认或对方的 FIN", "主动关闭方"),
            State.FIN_WAIT_2: ("FIN_WAIT2", "本端 FIN 已被确认，等对方的 FIN（仍可接收数据）", "主动关闭方"),
            State.CLOSE_WAIT: ("CLOSE_WAIT", "已收到对方 FIN，等本端应用调用 close()", "被动关闭方"),
            State.CLOSING: ("CLOSING", "双方都发了 FIN，等对方确认本端的 FIN", "同时关闭的双方"),
            State.LAST_ACK: ("LAST_ACK", "已在对方之后发出 FIN，等最后一个 ACK", "被动关闭方"),
            State.TIME_WAIT: ("TIME_WAIT", "等 2MSL：最后的 ACK 若丢失可以重发，旧报文在网络中消失",
                              "主动关闭方"),
        }
    return {
        State.CLOSED: ("CLOSE", "No connection and no TCB (the RFC calls it fictional).", "both, at start and end"),
        State.LISTEN: ("LISTEN", "Waiting for a SYN from any remote peer.", "server (passive open)"),
        State.SYN_SENT: ("SYN_SENT", "Sent its SYN; waiting for the peer's SYN and the ACK of its own.",
                         "client (active open)"),
        State.SYN_RECEIVED: ("SYN_RECV", "Got a SYN and answered SYN,ACK; waiting for the ACK of its SYN.",
                             "server; both in a simultaneous open"),
        State.ESTABLISHED: ("ESTABLISHED", "Open: data flows both ways.", "both"),
        State.FIN_WAIT_1: ("FIN_WAIT1", "Sent its FIN; waiting for its ACK or for the peer's FIN.", "active closer"),
        State.FIN_WAIT_2: ("FIN_WAIT2", "Its FIN is acknowledged; waiting for the peer's FIN (it can still "
                           "receive data).", "active closer"),
        State.CLOSE_WAIT: ("CLOSE_WAIT", "Got the peer's FIN; waiting for its own application to close().",
                           "passive closer"),
        State.CLOSING: ("CLOSING", "Both sides sent FIN; waiting for the ACK of its own.",
                        "both, in a simultaneous close"),
        State.LAST_ACK: ("LAST_ACK", "Sent its FIN after the peer's; waiting for the last ACK.", "passive closer"),
        State.TIME_WAIT: ("TIME_WAIT", "Waiting 2MSL, so a lost last ACK can be repeated and old segments die out.",
                          "active closer"),
    }


_FLAGS_EN = (
    ("URG", "The urgent pointer is valid (RFC 9293: new applications should not use it)."),
    ("ACK", "The acknowledgment number is valid; once the connection is established, always set."),
    ("PSH", "Push: deliver the data to the application promptly."),
    ("RST", "Reset: abort the connection at once, without the FIN exchange."),
    ("SYN", "Synchronize sequence numbers: opens a connection; takes one sequence number."),
    ("FIN", "No more data from the sender: closes its direction; takes one sequence number."),
)
_FLAGS_ZH = (
    ("URG", "紧急指针有效（RFC 9293：新应用不应再使用）。"),
    ("ACK", "确认号有效；连接建立后的每个报文都置 ACK。"),
    ("PSH", "推送：让接收方尽快把数据交给应用。"),
    ("RST", "复位：立即中止连接，不走 FIN 挥手。"),
    ("SYN", "同步序号：用于建立连接；占一个序号。"),
    ("FIN", "发送方数据已发完，关闭自己的发送方向；占一个序号。"),
)


def _numbers(zh: bool, msl_min: int, linux_s: int) -> tuple[tuple[str, str], ...]:
    idle_h = KEEPALIVE_IDLE_S // 3600
    if zh:
        return (
            ("TCP 首部", f"固定 {HEADER_BYTES} 字节，加选项最多 {MAX_HEADER_BYTES} 字节"
                       "（数据偏移 4 位，以 4 字节为单位）"),
            ("序号", "SYN、FIN 各占 1 个序号，纯 ACK 不占；确认号 = 对方的 seq + 数据字节数（SYN 或 FIN 再加 1）"),
            ("MSL", f"报文最长寿命，RFC 9293 取 {msl_min} 分钟；2MSL = {2 * msl_min} 分钟"),
            ("Linux TIME_WAIT", f"固定 {linux_s} 秒（TCP_TIMEWAIT_LEN），与 MSL 无关"),
            ("保活 keepalive", f"空闲 {idle_h} 小时后探测，每 {KEEPALIVE_INTERVAL_S} 秒一次，"
                             f"{KEEPALIVE_PROBES} 次无应答即断开（Linux 默认 {LINUX_KEEPALIVE_PROBES} 次）"),
        )
    return (
        ("TCP header", f"{HEADER_BYTES} bytes fixed, at most {MAX_HEADER_BYTES} with options "
                       "(Data Offset: 4 bits, in 32-bit words)"),
        ("Sequence numbers", "SYN and FIN take one each, a pure ACK none; ack = the peer's seq + its data bytes "
                             "(+ 1 for a SYN or a FIN)"),
        ("MSL", f"Maximum segment lifetime: {msl_min} minutes in RFC 9293, so 2MSL = {2 * msl_min} minutes"),
        ("Linux TIME_WAIT", f"a fixed {linux_s} s (TCP_TIMEWAIT_LEN), whatever the MSL"),
        ("Keep-alive", f"first probe after {idle_h} h idle, then every {KEEPALIVE_INTERVAL_S} s; give up after "
                       f"{KEEPALIVE_PROBES} unanswered probes (Linux default: {LINUX_KEEPALIVE_PROBES})"),
    )


_WHYS_EN = (
    ("Why three segments to open?",
     "Each side must send its initial sequence number and see it acknowledged, and the server's ACK and SYN "
     "travel together; the third segment also lets the client refuse an old duplicate SYN with a RST before "
     "the server treats it as a connection (RFC 9293 section 3.5)."),
    ("Why four segments to close?",
     "Each direction closes on its own: the passive side ACKs the FIN at once but sends its own FIN only when "
     "its application calls close(), so the ACK and the FIN usually travel apart (together, the close takes "
     "three)."),
    ("Why wait 2MSL in TIME-WAIT?",
     "If the last ACK is lost the peer retransmits its FIN and the active closer must still be there to ACK it "
     "again (one MSL for the ACK to go, one for the FIN to come back), and old segments of the connection "
     "must die out before a new one reuses the same four-tuple."),
)
_WHYS_ZH = (
    ("为什么是三次握手？",
     "双方都要发出自己的初始序号并得到确认，而服务器的 ACK 和 SYN 合在一个报文里，所以三次就够；"
     "第三次还让客户端能用 RST 拒绝迟到的旧 SYN，服务器不会误建连接（RFC 9293 第 3.5 节）。"),
    ("为什么是四次挥手？",
     "两个方向各自关闭：被动方收到 FIN 立即回 ACK，但自己的 FIN 要等应用调用 close() 才发，"
     "所以 ACK 和 FIN 通常分两次发送（若合并则只需三次）。"),
    ("为什么 TIME-WAIT 要等 2MSL？",
     "最后的 ACK 若丢失，对方会重传 FIN，主动关闭方必须还在才能再次确认（ACK 过去最多一个 MSL，"
     "重传的 FIN 回来最多再一个 MSL）；同时让本连接的旧报文消失，不会混进复用同一四元组的新连接。"),
)

class _Words(TypedDict):
    """The sheet's own words in one language: each key is a fixed slot, so a missing or
    misspelt entry in either table is a type error, not a KeyError at export time."""

    title: str
    subtitle: str  # formatted with {day}
    headings: dict[str, str]  # section key -> heading
    client_title: str
    server_title: str
    legend_path: str
    legend_other: str
    diagram_note: str
    handshake: str
    close: str
    sequence_note: str  # formatted with {c} and {s}, the ISNs
    states_header: tuple[str, str, str, str]
    weakest_empty: str
    weakest_more: str  # formatted with {n}


_EN: _Words = {
    "title": "TCP connections: cheat sheet",
    "subtitle": "Opening and closing a connection by RFC 9293, drawn from tcpquiz's state-machine engine · {day}",
    "headings": {
        "whys": "Why",
        "states": "The eleven states",
        "flags": "The six flags",
        "numbers": "Numbers to know",
        "weakest": "Your weakest cards",
    },
    "client_title": "client: active open, active close",
    "server_title": "server: passive open, passive close",
    "legend_path": "usual path (client left, server right)",
    "legend_other": "other transitions",
    "diagram_note": "Exactly the arrows of RFC 9293 Figure 5, each drawn from tcpquiz's transition table: the "
                    "event, then the segment sent (snd). Note 1: a RST returns SYN-RECEIVED to LISTEN only after a "
                    "passive OPEN. Note 2 (not drawn): a FIN that also acknowledges ours takes FIN-WAIT-1 straight to "
                    "TIME-WAIT. Note 3 (not drawn): any other RST, and ABORT, end a connection from almost any "
                    "state without the FIN exchange.",
    "handshake": "Three-way handshake",
    "close": "Four-way close (the client closes first)",
    "sequence_note": "Played by tcpquiz's simulator with client ISN {c} and server ISN {s}. A SYN or a FIN takes "
                     "one sequence number; a pure ACK takes none.",
    "states_header": ("State", "netstat", "Waiting for", "Who"),
    "weakest_empty": "None yet: no card has given you trouble so far. Cards you answer wrong, or right only "
                     "with serious difficulty, in tcpquiz review will be listed here.",
    "weakest_more": "… and {n} more, which do not fit on the page.",
}
_ZH: _Words = {
    "title": "TCP 连接速查表",
    "subtitle": "按 RFC 9293 建立与释放连接，由 tcpquiz 的状态机引擎生成 · {day}",
    "headings": {
        "whys": "为什么",
        "states": "十一个状态",
        "flags": "六个标志位",
        "numbers": "要记住的数字",
        "weakest": "你最薄弱的卡片",
    },
    "client_title": "客户端：主动打开、主动关闭",
    "server_title": "服务器：被动打开、被动关闭",
    "legend_path": "常规路径（左为客户端，右为服务器）",
    "legend_other": "其他转换",
    "diagram_note": "与 RFC 9293 图 5 的箭头完全一致，每条都按 tcpquiz 的状态转换表绘制：触发事件，"
                    "其下为发送的报文（发）。注 1：只有被动打开的连接在 SYN-RECEIVED 收到 RST 才回到 LISTEN。"
                    "注 2（未画出）：同时确认了本端 FIN 的 FIN 让 FIN-WAIT-1 直接进入 TIME-WAIT。"
                    "注 3（未画出）：其他 RST 以及 ABORT 几乎可在任何状态直接结束连接，不走 FIN 挥手。",
    "handshake": "三次握手",
    "close": "四次挥手（客户端先关闭）",
    "sequence_note": "由 tcpquiz 的模拟器实际运行，客户端初始序号 {c}，服务器初始序号 {s}。"
                     "SYN 和 FIN 各占一个序号，纯 ACK 不占。",
    "states_header": ("状态", "netstat", "在等什么", "谁会经过"),
    "weakest_empty": "暂无：目前还没有让你吃力的卡片。在 tcpquiz review 中答错或答得非常吃力的卡片会列在这里。",
    "weakest_more": "……另有 {n} 张，本页放不下。",
}
