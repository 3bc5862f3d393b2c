"""A simulation as a sequence diagram: two lifelines, one row per step.

Each row shows the time, both sides' states after the step, the segment sent in it as
an arrow labelled with flags, seq, ack and length, and what happened. A lost segment's
arrow stops short with a cross. The diagram is a list of lines, each a list of
(text, style) parts, so the CLI can colour it and tests can compare its plain text;
the style names are plain words, and this module imports nothing from rich.
"""

from __future__ import annotations

from tcpquiz.engine.scenarios import CLIENT, SCENARIOS
from tcpquiz.engine.sim import LINUX_TIME_WAIT_MS, Segment, SimResult, Step
from tcpquiz.engine.simwords import sim_text
from tcpquiz.text import display_width, pad, pad_left, wrap

Part = tuple[str, str]  # (text, style): style is "", "title", "dim", "state", "arrow", "lost" or "note"
Line = list[Part]


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.3f}"


def _duration(ms: int, lang: str = "en") -> str:
    unit = " 秒" if lang == "zh" else " s"
    return f"{ms // 1000}{unit}" if ms % 1000 == 0 else f"{ms / 1000:g}{unit}"


# The diagram's own words in Chinese; the English ones are the keys.
WORDS_ZH = {"client": "客户端", "server": "服务器", "time": "时间", "event": "事件", "(attacker)": "（攻击者）",
            " (duplicate)": "（副本）"}


def _word(text: str, lang: str) -> str:
    return WORDS_ZH.get(text, text) if lang == "zh" else text


def _label(seg: Segment, compact: bool = False, lang: str = "en") -> str:
    label = seg.label()
    if compact:  # on a narrow screen: a segment without data says so by showing no length
        label = label.removesuffix(" len=0")
    return label + (_word(" (duplicate)", lang) if seg.note == "duplicate" else "")


def _arrow(seg: Segment, width: int, compact: bool = False, lang: str = "en") -> Part:
    label = _label(seg, compact, lang)
    rightward = seg.src == CLIENT
    if seg.lost:
        stub = f"─ {label} ──✗" if rightward else f"✗── {label} ─"
        text = pad(stub, width) if rightward else pad_left(stub, width)
        return text, "lost"
    fill = "─" * max(width - display_width(label) - 4, 1)
    return (f"─ {label} {fill}▶" if rightward else f"◀{fill} {label} ─"), "arrow"


# Between an arrow's label and the lifelines: room for the fill, the head and a space.
ARROW_ROOM, NARROW_ARROW_ROOM = 10, 6


def diagram(result: SimResult, columns: int | None = None, lang: str = "en") -> list[Line]:
    """The diagram's lines, in `lang` (zh or en). Given `columns` narrower than the diagram
    (80, say), it is drawn compact: arrows no wider than their labels, and each step's time
    and event on a line below its row. Pass the lines through fit() to wrap the text to the
    same columns."""
    steps = result.steps
    segments = [seg for step in steps for seg in step.sent]
    zh = lang == "zh"
    left = max([display_width(_word("client", lang)), *(display_width(_word(step.client, lang)) for step in steps)])
    right = max([display_width(_word("server", lang)), *(display_width(step.server) for step in steps)])
    time_width = len(_seconds(result.end_ms)) + 1
    width = max([0, *(display_width(_label(seg, lang=lang)) for seg in segments)]) + ARROW_ROOM
    lanes = time_width + 2 + left + 2 + width + 3 + right
    compact = columns is not None and lanes > columns
    if compact:
        width = max([0, *(display_width(_label(seg, True, lang)) for seg in segments)]) + NARROW_ARROW_ROOM

    def row(time: str, client: str, middle: Part, server: str, event: str) -> Line:
        lead: Line = [] if compact else [(pad_left(time, time_width), "dim"), ("  ", "")]
        return [*lead, (pad(_word(client, lang), left), "state"), (" │", "dim"),
                middle, ("│ ", "dim"), (pad(server, right), "state"), ("  ", ""), ("" if compact else event, "")]

    scenario = SCENARIOS.get(result.scenario)
    title = f"{result.scenario}: {scenario.title_zh if zh else scenario.title_en}" if scenario else result.scenario
    lines: list[Line] = [
        [(title, "title")],
        [(_setup(result, lang, scenario is not None and scenario.spoofed), "dim")],
        [],
        row(_word("time", lang), "client", (" " * (width + 1), ""), _word("server", lang), _word("event", lang)),
    ]
    lines[-1] = [(text, "dim") for text, _ in lines[-1]]
    blank = (" " * (width + 1), "")
    first_client = "(attacker)" if scenario and scenario.spoofed else result.client_states[0]
    lines.append(row("", first_client, blank, result.server_states[0], ""))
    for step in steps:
        lines.extend(_step_lines(step, width, row, blank, time_width if compact else 0, lang))
    lines.append([])
    for side, states in ((CLIENT, result.client_states), ("server", result.server_states)):
        lines.append([(f"{_word(side, lang)}：" if zh else f"{side}: ", "dim"), (" → ".join(states), "state")])
    if result.stopped:
        end = _seconds(result.end_ms)
        lines.append([(f"模拟在 {end} 秒处停止，计时器仍在运行。" if zh else
                       f"Stopped at {end} s with timers still running.", "dim")])
    return lines


def _setup(result: SimResult, lang: str, spoofed: bool) -> str:
    """The line under the title: the ISNs, the network's delay, the MSL and TIME-WAIT."""
    net = result.network
    msl, twice = _duration(result.msl_ms, lang), _duration(2 * result.msl_ms, lang)
    # Linux's fixed TIME_WAIT is worth a word only where the run passes through TIME-WAIT.
    time_wait = any("TIME-WAIT" in states for states in (result.client_states, result.server_states))
    linux = _duration(LINUX_TIME_WAIT_MS, lang)
    if lang == "zh":
        client_isn = "伪造" if spoofed else str(result.isn_client)
        jitter = f"（另加最多 {net.jitter_ms} ms 抖动）" if net.jitter_ms else ""
        note = f"（Linux 的 TIME_WAIT 固定为 {linux}）" if time_wait else ""
        return (f"客户端 ISN {client_isn}，服务器 ISN {result.isn_server}；单程时延 {net.delay_ms} ms{jitter}；"
                f"MSL {msl}，所以 TIME-WAIT 持续 {twice}{note}。")
    client_isn = "spoofed" if spoofed else str(result.isn_client)
    jitter = f" + up to {net.jitter_ms} ms" if net.jitter_ms else ""
    note = f" (Linux holds TIME_WAIT for a fixed {linux})" if time_wait else ""
    return (f"client ISN {client_isn}, server ISN {result.isn_server}; one-way delay {net.delay_ms} ms{jitter}; "
            f"MSL {msl}, so TIME-WAIT lasts {twice}{note}.")


def _step_lines(step: Step, width: int, row, blank: Part,
                compact_time: int = 0, lang: str = "en") -> list[Line]:
    """A step's rows; with `compact_time` (the time column's width), the time and the event
    go on a line of their own below the rows."""
    side = _word(step.side, lang)
    event = f"{side}：{sim_text(step.what, lang)}" if lang == "zh" else f"{side}: {step.what}"
    compact = compact_time > 0
    arrows = [(" " + text, style) for text, style in (_arrow(seg, width, compact, lang) for seg in step.sent)] or [blank]
    lines = [row(_seconds(step.t), step.client, arrows[0], step.server, event)]
    for arrow in arrows[1:]:
        lines.append(row("", "", arrow, "", ""))
    if compact:
        lines.append([(_seconds(step.t).rjust(compact_time + 2), "dim"), ("  ", ""), (event, "")])
    if step.note:
        indent = compact_time + 6 if compact else display_width(lines[0][0][0]) + 2 + display_width(lines[0][2][0]) + 2
        lines.append([(" " * indent + "↳ " + sim_text(step.note, lang), "note")])
    return lines


def plain(lines: list[Line]) -> str:
    """The diagram as text, trailing spaces removed."""
    return "\n".join("".join(text for text, _ in line).rstrip() for line in lines) + "\n"


# Below this many columns for its text, a row's last part (the event) goes on lines of its own.
MIN_TEXT_COLUMNS = 24


def _without_trailing_spaces(line: Line) -> Line:
    """`line` without the spaces at its end, which a terminal would wrap onto a line of their own."""
    parts = list(line)
    while parts and not parts[-1][0].strip(" "):
        parts.pop()
    if parts:
        parts[-1] = (parts[-1][0].rstrip(" "), parts[-1][1])
    return parts


def fit(lines: list[Line], width: int) -> list[Line]:
    """The diagram with every line no wider than `width` where it can be: a row's event,
    a note or a sentence is wrapped at spaces, its next lines starting under its first;
    an event with too little room left beside the arrows goes on the lines below the row.
    The arrows and states are never cut: they are the diagram."""
    fitted: list[Line] = []
    for line in lines:
        if not line or sum(display_width(text) for text, _ in line) <= width:
            fitted.append(line)
            continue
        *head, (text, style) = line
        body = text.strip(" ")
        if not body:  # nothing to wrap: the row is the arrows and states alone, less its trailing spaces
            fitted.append(_without_trailing_spaces(head))
            continue
        lead = len(text) - len(text.lstrip(" "))
        start = sum(display_width(part) for part, _ in head) + lead
        if width - start < MIN_TEXT_COLUMNS:  # no room beside the row: the text goes below it
            if head:
                fitted.append(head)
            head, lead, start = [], 0, min(start, 12)
        hang = 2 if body.startswith("↳ ") else 0  # a note's next lines start under its words
        wrapped = wrap(body, width, initial_indent=" " * start, subsequent_indent=" " * (start + hang))
        first, *rest = wrapped
        fitted.append([*head, (" " * lead + first[start:], style)] if head else [(first, style)])
        fitted.extend([(more, style)] for more in rest)
    return fitted
