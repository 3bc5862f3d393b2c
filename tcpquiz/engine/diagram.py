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

Part = tuple[str, str]  # (text, style): style is "", "title", "dim", "state", "arrow", "lost" or "note"
Line = list[Part]


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.3f}"


def _duration(ms: int) -> str:
    return f"{ms // 1000} s" if ms % 1000 == 0 else f"{ms / 1000:g} s"


def _label(seg: Segment, compact: bool = False) -> str:
    label = seg.label()
    if compact:  # on a narrow screen: a segment without data says so by showing no length
        label = label.removesuffix(" len=0")
    return label + (" (duplicate)" if seg.note == "duplicate" else "")


def _arrow(seg: Segment, width: int, compact: bool = False) -> Part:
    label = _label(seg, compact)
    rightward = seg.src == CLIENT
    if seg.lost:
        stub = f"─ {label} ──✗" if rightward else f"✗── {label} ─"
        text = stub.ljust(width) if rightward else stub.rjust(width)
        return text, "lost"
    fill = "─" * max(width - len(label) - 4, 1)
    return (f"─ {label} {fill}▶" if rightward else f"◀{fill} {label} ─"), "arrow"


# Between an arrow's label and the lifelines: room for the fill, the head and a space.
ARROW_ROOM, NARROW_ARROW_ROOM = 10, 6


def diagram(result: SimResult, columns: int | None = None) -> list[Line]:
    """The diagram's lines. Given `columns` narrower than the diagram (80, say), it is drawn
    compact: arrows no wider than their labels, and each step's time and event on a line
    below its row. Pass the lines through fit() to wrap the text to the same columns."""
    steps = result.steps
    segments = [seg for step in steps for seg in step.sent]
    left = max([len("client"), *(len(step.client) for step in steps)])
    right = max([len("server"), *(len(step.server) for step in steps)])
    time_width = len(_seconds(result.end_ms)) + 1
    width = max([0, *(len(_label(seg)) for seg in segments)]) + ARROW_ROOM
    lanes = time_width + 2 + left + 2 + width + 3 + right
    compact = columns is not None and lanes > columns
    if compact:
        width = max([0, *(len(_label(seg, compact=True)) for seg in segments)]) + NARROW_ARROW_ROOM

    def row(time: str, client: str, middle: Part, server: str, event: str) -> Line:
        lead: Line = [] if compact else [(time.rjust(time_width), "dim"), ("  ", "")]
        return [*lead, (client.ljust(left), "state"), (" │", "dim"),
                middle, ("│ ", "dim"), (server.ljust(right), "state"), ("  ", ""), ("" if compact else event, "")]

    scenario = SCENARIOS.get(result.scenario)
    title = f"{result.scenario}: {scenario.title_en}" if scenario else result.scenario
    net = result.network
    jitter = f" + up to {net.jitter_ms} ms" if net.jitter_ms else ""
    client_isn = "spoofed" if scenario and scenario.spoofed else str(result.isn_client)
    # Linux's fixed TIME_WAIT is worth a word only where the run passes through TIME-WAIT.
    time_wait = any("TIME-WAIT" in states for states in (result.client_states, result.server_states))
    linux = f" (Linux holds TIME_WAIT for a fixed {_duration(LINUX_TIME_WAIT_MS)})" if time_wait else ""
    lines: list[Line] = [
        [(title, "title")],
        [(f"client ISN {client_isn}, server ISN {result.isn_server}; one-way delay {net.delay_ms} ms{jitter}; "
          f"MSL {_duration(result.msl_ms)}, so TIME-WAIT lasts {_duration(2 * result.msl_ms)}{linux}.", "dim")],
        [],
        row("time", "client", (" " * (width + 1), ""), "server", "event"),
    ]
    lines[-1] = [(text, "dim") for text, _ in lines[-1]]
    blank = (" " * (width + 1), "")
    first_client = "(attacker)" if scenario and scenario.spoofed else result.client_states[0]
    lines.append(row("", first_client, blank, result.server_states[0], ""))
    for step in steps:
        lines.extend(_step_lines(step, width, row, blank, time_width if compact else 0))
    lines.append([])
    for side, states in ((CLIENT, result.client_states), ("server", result.server_states)):
        lines.append([(f"{side}: ", "dim"), (" → ".join(states), "state")])
    if result.stopped:
        lines.append([(f"Stopped at {_seconds(result.end_ms)} s with timers still running.", "dim")])
    return lines


def _step_lines(step: Step, width: int, row, blank: Part,
                compact_time: int = 0) -> list[Line]:
    """A step's rows; with `compact_time` (the time column's width), the time and the event
    go on a line of their own below the rows."""
    event = f"{step.side}: {step.what}"
    compact = compact_time > 0
    arrows = [(" " + text, style) for text, style in (_arrow(seg, width, compact) for seg in step.sent)] or [blank]
    lines = [row(_seconds(step.t), step.client, arrows[0], step.server, event)]
    for arrow in arrows[1:]:
        lines.append(row("", "", arrow, "", ""))
    if compact:
        lines.append([(_seconds(step.t).rjust(compact_time + 2), "dim"), ("  ", ""), (event, "")])
    if step.note:
        indent = compact_time + 6 if compact else len(lines[0][0][0]) + 2 + len(lines[0][2][0]) + 2
        lines.append([(" " * indent + "↳ " + step.note, "note")])
    return lines


def plain(lines: list[Line]) -> str:
    """The diagram as text, trailing spaces removed."""
    return "\n".join("".join(text for text, _ in line).rstrip() for line in lines) + "\n"


# Below this many columns for its text, a row's last part (the event) goes on lines of its own.
MIN_TEXT_COLUMNS = 24


def fit(lines: list[Line], width: int) -> list[Line]:
    """The diagram with every line no wider than `width` where it can be: a row's event,
    a note or a sentence is wrapped at spaces, its next lines starting under its first;
    an event with too little room left beside the arrows goes on the lines below the row.
    The arrows and states are never cut: they are the diagram."""
    import textwrap

    fitted: list[Line] = []
    for line in lines:
        if not line or sum(len(text) for text, _ in line) <= width:
            fitted.append(line)
            continue
        *head, (text, style) = line
        body = text.strip(" ")
        if not body:  # nothing to wrap: the row is the arrows and states alone
            fitted.append(line)
            continue
        lead = len(text) - len(text.lstrip(" "))
        start = sum(len(part) for part, _ in head) + lead
        if width - start < MIN_TEXT_COLUMNS:  # no room beside the row: the text goes below it
            if head:
                fitted.append(head)
            head, lead, start = [], 0, min(start, 12)
        hang = 2 if body.startswith("↳ ") else 0  # a note's next lines start under its words
        wrapped = textwrap.wrap(body, width, initial_indent=" " * start, subsequent_indent=" " * (start + hang),
                                break_long_words=False, break_on_hyphens=False)
        first, *rest = wrapped
        fitted.append([*head, (" " * lead + first[start:], style)] if head else [(first, style)])
        fitted.extend([(more, style)] for more in rest)
    return fitted
