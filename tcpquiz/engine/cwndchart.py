"""cwnd and ssthresh per round as a chart in the terminal: `tcpquiz simulate congestion`.

The rounds come from tcpquiz.engine.congestion.rounds (segments per RTT, the textbook
model). One column per round; `●` is cwnd, `─` is ssthresh, and a loss round is marked
under the axis (T for a timeout, 3 for three duplicate ACKs) with the phase of each round
(S slow start, C congestion avoidance). With both variants, Tahoe is `○` and `◉` marks
where the two agree. Lines of (text, style) parts, as tcpquiz.engine.diagram makes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tcpquiz.engine import congestion
from tcpquiz.engine.congestion import Loss, Phase, Round, Variant, rounds
from tcpquiz.engine.diagram import Line, Part
from tcpquiz.errors import InvalidValueError
from tcpquiz.text import display_width, pad_left, pick, wrap

MAX_ROUNDS = 36  # two columns a round, so 36 rounds fit in 80 columns
MAX_HEIGHT = 20  # rows of the plot; larger windows are scaled
MAX_SSTHRESH = 1000  # segments; the chart scales to anything, but past this it says little
WIDTH = 80  # text lines wrap to a standard terminal
LOSS_MARK = {Loss.TIMEOUT: "T", Loss.TRIPLE_DUP: "3"}
PHASE_MARK = {Phase.SLOW_START: "S", Phase.AVOIDANCE: "C"}


@dataclass(frozen=True)
class Chart:
    variants: tuple[Variant, ...]
    runs: dict[Variant, list[Round]]
    ssthresh: int
    losses: dict[int, Loss]

    def as_json(self) -> dict[str, object]:
        return {
            "initial_ssthresh": self.ssthresh,
            "losses": {str(n): loss.value for n, loss in sorted(self.losses.items())},
            "unit": "segments per round trip",
            "variants": {v.value: [{"round": r.number, "cwnd": r.cwnd, "ssthresh": r.ssthresh, "phase": r.phase.value,
                                    "loss": r.loss.value if r.loss else None} for r in self.runs[v]]
                         for v in self.variants},
        }


def parse_losses(spec: Sequence[str], default: Loss) -> dict[int, Loss]:
    """Loss rounds from options: "8" (of the default kind), "8:timeout" or "8:3dup";
    each item may hold several, separated by commas."""
    out: dict[int, Loss] = {}
    for item in spec:
        for part in item.split(","):
            part = part.strip()
            if not part:
                continue
            number, _, kind = part.partition(":")
            try:
                round_no = int(number)
                loss = Loss(kind.strip().lower()) if kind else default
            except ValueError:
                raise InvalidValueError(f"{part!r} is not a loss round; write N, N:timeout or N:3dup.") from None
            if round_no < 1:
                raise InvalidValueError("A loss round must be 1 or later.")
            out[round_no] = loss
    return out


def chart(count: int, ssthresh: int, losses: Mapping[int, Loss], variants: Sequence[Variant]) -> Chart:
    """The rounds of each variant, after checking the options a user gave."""
    if not 1 <= count <= MAX_ROUNDS:
        raise InvalidValueError(f"The number of rounds must be from 1 to {MAX_ROUNDS}.")
    if not congestion.MIN_SSTHRESH <= ssthresh <= MAX_SSTHRESH:
        raise InvalidValueError(f"The initial ssthresh must be from {congestion.MIN_SSTHRESH} to {MAX_SSTHRESH} "
                                "segments.")
    beyond = [n for n in losses if n > count]
    if beyond:
        raise InvalidValueError(f"Round {beyond[0]} is past the last round, {count}.")
    chosen = tuple(dict.fromkeys(variants))
    return Chart(chosen, {v: rounds(count, ssthresh, losses, v) for v in chosen}, ssthresh, dict(losses))


def draw(data: Chart, lang: str = "en") -> list[Line]:
    """The chart, its axes, the phase and loss rows, a legend and the values, in `lang`."""
    first = data.runs[data.variants[0]]
    count = len(first)
    top = max(max(r.cwnd, r.ssthresh) for run in data.runs.values() for r in run)
    step = max(1, math.ceil(top / MAX_HEIGHT))
    height = math.ceil(top / step)
    axis = {name: pick(lang, name, zh) for name, zh in (("round", "轮次"), ("phase", "阶段"), ("loss", "丢包"))}
    label_width = max(len(str(height * step)), display_width(axis["round"]))
    both = len(data.variants) == 2

    def row_of(value: int) -> int:
        return max(1, round(value / step))

    lines: list[Line] = []
    names = pick(lang, " and ", " 和 ").join(f"TCP {v.value.capitalize()}" for v in data.variants)
    if lang == "zh":
        losses = "，".join(f"第 {n} 轮（{'超时' if loss is Loss.TIMEOUT else '3 个重复 ACK'}）"
                          for n, loss in sorted(data.losses.items())) or "无"
        unit = f"{step} 个报文段"
        heading = [f"congestion：{names}；cwnd 从 1 个报文段开始，ssthresh 初始为 {data.ssthresh}。",
                   f"丢包：{losses}。"]
        scale = f"纵轴是每个往返时间的报文段数，与教科书的算法相同（RFC 5681 第 3 节）；每行 = {unit}。"
    else:
        losses = ", ".join(f"round {n} ({'timeout' if loss is Loss.TIMEOUT else '3 dup ACKs'})"
                           for n, loss in sorted(data.losses.items())) or "none"
        unit = "segment" if step == 1 else f"{step} segments"
        heading = [f"congestion: {names}; cwnd starts at 1 segment, ssthresh at {data.ssthresh}.", f"Losses: {losses}."]
        scale = f"Segments per round trip, as textbooks count (RFC 5681 section 3); one row = {unit}."
    lines.append([(heading[0], "title")])
    lines += [[(part, "title")] for part in wrap(heading[1], WIDTH)]
    lines += [[(part, "dim")] for part in wrap(scale, WIDTH)] if lang == "zh" else [[(scale, "dim")]]
    lines.append([])
    for level in range(height, 0, -1):
        parts: list[Part] = [(f"{level * step:>{label_width}} ┤" if level % 5 == 0 or level == height or level == 1
                              else f"{'':>{label_width}} │", "dim")]
        for index in range(count):
            parts.append(_cell(data, index, level, row_of, both))
        lines.append(parts)
    lines.append([(f"{'':>{label_width}} └" + "──" * count, "dim")])
    lines.append([(pad_left(axis["round"], label_width + 2), "dim"),
                  ("".join(f"{r.number:>2}" if r.number % 5 == 0 or r.number == 1 else "  " for r in first), "dim")])
    for variant in data.variants:
        run = data.runs[variant]
        prefix = f"{variant.value[:5]:>{label_width + 2}}" if both else pad_left(axis["phase"], label_width + 2)
        lines.append([(prefix, "dim"), ("".join(f" {PHASE_MARK[r.phase]}" for r in run), "")])
    lines.append([(pad_left(axis["loss"], label_width + 2), "dim"),
                  ("".join(f" {LOSS_MARK[data.losses[r.number]]}" if r.number in data.losses else "  "
                           for r in first), "lost")])
    lines.append([])
    legend = (pick(lang, "● Reno cwnd  ○ Tahoe cwnd  ◉ both  ─ Reno ssthresh",
                   "● Reno 的 cwnd  ○ Tahoe 的 cwnd  ◉ 两者重合  ─ Reno 的 ssthresh")
              if both else "● cwnd  ─ ssthresh")
    lines.append([(legend, "dim")])
    lines.append([(pick(lang, "T timeout  3 three duplicate ACKs", "T 超时  3 三个重复 ACK"), "dim")])
    lines.append([(pick(lang, "S slow start (cwnd < ssthresh)  C congestion avoidance (cwnd >= ssthresh)",
                        "S 慢开始（cwnd < ssthresh）  C 拥塞避免（cwnd >= ssthresh）"), "dim")])
    for variant in data.variants:
        run = data.runs[variant]
        head = pick(lang, f"{variant.value} cwnd: ", f"{variant.value} 的 cwnd：")
        indent = display_width(head)
        values = wrap(" ".join(str(r.cwnd) for r in run), WIDTH - indent)
        lines += [[(head if i == 0 else " " * indent, "dim"), (part, "")] for i, part in enumerate(values)]
    return lines


def _cell(data: Chart, index: int, level: int, row_of: Callable[[int], int], both: bool) -> Part:
    reno = data.runs.get(Variant.RENO)
    tahoe = data.runs.get(Variant.TAHOE)
    r = data.runs[data.variants[0]][index] if reno is None else reno[index]
    loss_style = "lost" if r.loss else "arrow"
    here = row_of(r.cwnd) == level
    if both and tahoe is not None and reno is not None:
        t_here = row_of(tahoe[index].cwnd) == level
        if here and t_here:
            return " ◉", loss_style
        if here:
            return " ●", loss_style
        if t_here:
            return " ○", "lost" if tahoe[index].loss else "note"
    elif here:
        return " ●", loss_style
    if row_of(r.ssthresh) == level:
        return "──", "dim"
    return "  ", ""
