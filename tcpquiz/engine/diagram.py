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


def _arrow(seg: Segment, width: int) -> Part:
    label = seg.label() + (" (duplicate)" if seg.note == "duplicate" else "")
    rightward = seg.src == CLIENT
    if seg.lost:
        stub = f"─ {label} ──✗" if rightward else f"✗── {label} ─"
        text = stub.ljust(width) if rightward else stub.rjust(width)
        return text, "lost"
    fill = "─" * max(width - len(label) - 4, 1)
    return (f"─ {label} {fill}▶" if rightward else f"◀{fill} {label} ─"), "arrow"


def diagram(result: SimResult) -> list[Line]:
    steps = result.steps
    labels = [seg.label() for step in steps for seg in step.sent] or [""]
    width = max(len(label) for label in labels) + 10
    left = max([len("client"), *(len(step.client) for step in steps)])
    right = max([len("server"), *(len(step.server) for step in steps)])
    time_width = len(_seconds(result.end_ms)) + 1

    def row(time: str, client: str, middle: Part, server: str, event: str) -> Line:
        return [(time.rjust(time_width), "dim"), ("  ", ""), (client.ljust(left), "state"), (" │", "dim"),
                middle, ("│ ", "dim"), (server.ljust(right), "state"), ("  ", ""), (event, "")]

    scenario = SCENARIOS.get(result.scenario)
    title = f"{result.scenario}: {scenario.title_en}" if scenario else result.scenario
    net = result.network
    jitter = f" + up to {net.jitter_ms} ms" if net.jitter_ms else ""
    client_isn = "spoofed" if scenario and scenario.spoofed else str(result.isn_client)
    lines: list[Line] = [
        [(title, "title")],
        [(f"client ISN {client_isn}, server ISN {result.isn_server}; one-way delay {net.delay_ms} ms{jitter}; "
          f"MSL {_duration(result.msl_ms)}, so TIME-WAIT lasts {_duration(2 * result.msl_ms)} "
          f"(Linux holds TIME_WAIT for a fixed {_duration(LINUX_TIME_WAIT_MS)}).", "dim")],
        [],
        row("time", "client", (" " * (width + 1), ""), "server", "event"),
    ]
    lines[-1] = [(text, "dim") for text, _ in lines[-1]]
    blank = (" " * (width + 1), "")
    first_client = "(attacker)" if scenario and scenario.spoofed else result.client_states[0]
    lines.append(row("", first_client, blank, result.server_states[0], ""))
    for step in steps:
        lines.extend(_step_lines(step, width, row, blank))
    lines.append([])
    for side, states in ((CLIENT, result.client_states), ("server", result.server_states)):
        lines.append([(f"{side}: ", "dim"), (" → ".join(states), "state")])
    if result.stopped:
        lines.append([(f"Stopped at {_seconds(result.end_ms)} s with timers still running.", "dim")])
    return lines


def _step_lines(step: Step, width: int, row, blank: Part) -> list[Line]:  # noqa: ANN001 - the row builder above
    event = f"{step.side}: {step.what}"
    arrows = [(" " + text, style) for text, style in (_arrow(seg, width) for seg in step.sent)] or [blank]
    lines = [row(_seconds(step.t), step.client, arrows[0], step.server, event)]
    for arrow in arrows[1:]:
        lines.append(row("", "", arrow, "", ""))
    if step.note:
        indent = len(lines[0][0][0]) + 2 + len(lines[0][2][0]) + 2
        lines.append([(" " * indent + "↳ " + step.note, "note")])
    return lines


def plain(lines: list[Line]) -> str:
    """The diagram as text, trailing spaces removed."""
    return "\n".join("".join(text for text, _ in line).rstrip() for line in lines) + "\n"
