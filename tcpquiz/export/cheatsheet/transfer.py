"""The cheat sheet's data-transfer page: the cwnd chart, the RTO formulas, congestion
control, flow control, Nagle and delayed ACKs.

The chart is the engine's own run (tcpquiz.engine.congestion.rounds) of the textbook
example: ssthresh 16, a timeout at cwnd 24, later three duplicate ACKs at cwnd 16; Reno is
drawn solid and Tahoe dashed where it differs. The formulas print the engine's constants
(alpha, beta, K, the floors), so the sheet and the quiz cannot disagree.

Pure: plain values and an SVG string, no PDF library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from tcpquiz.engine import congestion, nagle, rto, transfer
from tcpquiz.engine.congestion import Loss, Round, Variant
from tcpquiz.export.cheatsheet.content import Table
from tcpquiz.export.cheatsheet.svg import GREY, INK, Style, _polyline, _svg

CHART_ROUNDS = 26
CHART_SSTHRESH = 16
CHART_LOSSES = {13: Loss.TIMEOUT, 22: Loss.TRIPLE_DUP}


@dataclass(frozen=True)
class TransferPage:
    heading: str
    chart_title: str
    reno: tuple[Round, ...]
    tahoe: tuple[Round, ...]
    chart_labels: dict[str, str]  # "timeout", "3dup", "ssthresh", "reno", "tahoe", "round", "cwnd"
    chart_note: str
    rto_heading: str
    rto: Table
    cc_heading: str
    cc: Table
    flow_heading: str
    flow: Table

    def texts(self) -> list[str]:
        parts = [self.heading, self.chart_title, *self.chart_labels.values(), self.chart_note, self.rto_heading,
                 self.cc_heading, self.flow_heading]
        for table in (self.rto, self.cc, self.flow):
            parts += [*table.header, *(cell for row in table.rows for cell in row)]
        return parts


def transfer_page(lang: str) -> TransferPage:
    zh = lang == "zh"
    reno = tuple(congestion.rounds(CHART_ROUNDS, CHART_SSTHRESH, CHART_LOSSES, Variant.RENO))
    tahoe = tuple(congestion.rounds(CHART_ROUNDS, CHART_SSTHRESH, CHART_LOSSES, Variant.TAHOE))
    timeout_at, dup_at = sorted(CHART_LOSSES)
    words = _ZH if zh else _EN
    return TransferPage(
        heading=words["heading"],
        chart_title=words["chart_title"].format(s=CHART_SSTHRESH),
        reno=reno, tahoe=tahoe,
        chart_labels=words["labels"],
        chart_note=words["chart_note"].format(
            t=timeout_at, tc=reno[timeout_at - 1].cwnd, ts=reno[timeout_at].ssthresh,
            d=dup_at, dc=reno[dup_at - 1].cwnd, ds=reno[dup_at].ssthresh),
        rto_heading=words["rto_heading"], rto=Table((), _rto_rows(zh)),
        cc_heading=words["cc_heading"], cc=Table((), _cc_rows(zh)),
        flow_heading=words["flow_heading"], flow=Table((), _flow_rows(zh)),
    )


def _rto_rows(zh: bool) -> tuple[tuple[str, str], ...]:
    a, b, k = rto.ALPHA, rto.BETA, rto.K
    first, rfc_min, linux_min = rto.INITIAL_RTO_MS // 1000, rto.RFC_MIN_RTO_MS // 1000, rto.LINUX_MIN_RTO_MS
    rfc_max, linux_max = rto.RFC_MAX_RTO_MS // 1000, rto.LINUX_MAX_RTO_MS // 1000
    if zh:
        return (
            ("首个样本 R", "SRTT = R；RTTVAR = R/2"),
            ("之后的样本 R'", f"先 RTTVAR = (1 − β)·RTTVAR + β·|SRTT − R'|，再 SRTT = (1 − α)·SRTT + α·R'；"
                         f"α = {a}，β = {b}"),
            ("RTO", f"SRTT + max(G, {k}·RTTVAR)；不小于 {rfc_min} 秒（Linux：{linux_min} ms）；上限可设，至少 "
                    f"{rfc_max} 秒（Linux：{linux_max} 秒）"),
            ("没有样本时", f"RTO = {first} 秒"),
            ("超时", "RTO 翻倍（指数退避）；Karn：重传过的报文段不取 RTT 样本"),
            ("例", "样本 100、120 ms：SRTT = 7/8 × 100 + 1/8 × 120 = 102.5；RTTVAR = 3/4 × 50 + 1/4 × 20 = 42.5"),
        )
    return (
        ("First sample R", "SRTT = R; RTTVAR = R/2"),
        ("Each later R'", f"first RTTVAR = (1 − β)·RTTVAR + β·|SRTT − R'|, then SRTT = (1 − α)·SRTT + α·R'; "
                          f"α = {a}, β = {b}"),
        ("RTO", f"SRTT + max(G, {k}·RTTVAR); at least {rfc_min} s (Linux: {linux_min} ms); a cap may be set, at "
                f"least {rfc_max} s (Linux: {linux_max} s)"),
        ("No sample yet", f"RTO = {first} s"),
        ("On a timeout", "RTO doubles (backoff); Karn: no RTT sample from a retransmitted segment"),
        ("Example", "samples 100, 120 ms: SRTT = 7/8 × 100 + 1/8 × 120 = 102.5; RTTVAR = 3/4 × 50 + 1/4 × 20 = 42.5"),
    )


def _cc_rows(zh: bool) -> tuple[tuple[str, str], ...]:
    iw_small = congestion.initial_window(1000) // 1000
    linux_iw = congestion.LINUX_INITIAL_WINDOW
    beta = congestion.CUBIC_BETA
    c = congestion.CUBIC_C
    if zh:
        return (
            ("慢开始", "cwnd < ssthresh：每个 ACK 加 min(N, SMSS)，每个 RTT 约翻倍"),
            ("拥塞避免", "cwnd ≥ ssthresh：每个 ACK 加 SMSS²/cwnd，每个 RTT 约加 1 个 SMSS"),
            ("超时", "ssthresh = max(FlightSize/2, 2·SMSS)；cwnd = 1 个 SMSS，重新慢开始"),
            ("3 个重复 ACK", "快重传；Reno：ssthresh 同上，cwnd = ssthresh + 3·SMSS，之后每个重复 ACK 加 1 个 SMSS，"
                          "新 ACK 到达时 cwnd = ssthresh（快恢复）；Tahoe：同超时"),
            ("初始窗口", f"RFC 5681：2 到 4 个 SMSS（SMSS ≤ 1095 字节时 {iw_small} 个）；Linux：{linux_iw} 个"),
            ("NewReno", "部分确认：立即重传下一个空缺，留在快恢复中，直到确认到 recover 点（RFC 6582）"),
            ("CUBIC", f"W(t) = C(t − K)³ + W_max，C = {c}，减窗为 β = {beta} 倍；Linux 默认（RFC 9438）"),
        )
    return (
        ("Slow start", "cwnd < ssthresh: each ACK adds min(N, SMSS); about doubles per RTT"),
        ("Congestion avoidance", "cwnd ≥ ssthresh: each ACK adds SMSS²/cwnd; about +1 SMSS per RTT"),
        ("Timeout", "ssthresh = max(FlightSize/2, 2·SMSS); cwnd = 1 SMSS, slow start again"),
        ("3 duplicate ACKs", "fast retransmit; Reno: ssthresh as above, cwnd = ssthresh + 3·SMSS, +1 SMSS per "
                             "further duplicate, cwnd = ssthresh on a new ACK (fast recovery); Tahoe: as a timeout"),
        ("Initial window", f"RFC 5681: 2 to 4 SMSS ({iw_small} when SMSS ≤ 1095 bytes); Linux: {linux_iw}"),
        ("NewReno", "a partial ACK: retransmit the next hole at once and stay in fast recovery until the recover "
                    "point is acknowledged (RFC 6582)"),
        ("CUBIC", f"W(t) = C(t − K)³ + W_max, C = {c}, reduce to β = {beta}; Linux's default (RFC 9438)"),
    )


def _flow_rows(zh: bool) -> tuple[tuple[str, str], ...]:
    shift = transfer.MAX_WINDOW_SHIFT
    biggest = transfer.scaled_window(transfer.WINDOW_FIELD_MAX, shift)
    rfc_delack = nagle.RFC_MAX_DELACK_MS
    low, high = nagle.LINUX_DELACK_MIN_MS, nagle.LINUX_DELACK_MAX_MS
    if zh:
        return (
            ("可用窗口", "min(cwnd, rwnd) − (SND.NXT − SND.UNA)"),
            ("窗口扩大", f"窗口 = 字段 × 2^shift，shift ≤ {shift}（最大 {biggest:,} 字节），只在 SYN "
                     f"中协商（RFC 7323）"),
            ("零窗口", "停止发送，坚持计时器驱动窗口探测（指数退避），防止丢失的窗口更新造成死锁"),
            ("Nagle", "有未确认数据时扣住小报文段，直到被确认或攒满 MSS；TCP_NODELAY 关闭"),
            ("延迟确认", f"小于 {rfc_delack} ms，满长报文段至少每两个确认一次；Linux {low}–{high} ms"),
            ("卡顿", "写-写-读：Nagle 扣住第二次写入，对端又延迟 ACK，每个请求多等一个延迟确认"),
        )
    return (
        ("Usable window", "min(cwnd, rwnd) − (SND.NXT − SND.UNA)"),
        ("Window scale", f"window = field × 2^shift, shift ≤ {shift} (at most {biggest:,} bytes); agreed in the "
                         f"SYNs only (RFC 7323)"),
        ("Zero window", "stop sending; the persist timer sends window probes (backed off), so a lost window "
                        "update cannot deadlock"),
        ("Nagle", "while data is unacknowledged, hold small segments until it is ACKed or an MSS gathers; "
                  "TCP_NODELAY turns it off"),
        ("Delayed ACK", f"under {rfc_delack} ms, and an ACK for at least every second full segment; "
                        f"Linux {low}–{high} ms"),
        ("The stall", "write-write-read: Nagle holds the second write while the peer delays its ACK"),
    )


class _Words(TypedDict):
    heading: str
    chart_title: str
    labels: dict[str, str]
    chart_note: str
    rto_heading: str
    cc_heading: str
    flow_heading: str


_EN: _Words = {
    "heading": "Data transfer: windows, timers, congestion control",
    "chart_title": "cwnd per round trip (segments), ssthresh {s} at the start",
    "labels": {"timeout": "timeout", "3dup": "3 dup ACKs", "ssthresh": "ssthresh", "reno": "Reno",
               "tahoe": "Tahoe", "round": "round", "cwnd": "cwnd"},
    "chart_note": "Drawn by tcpquiz's engine, counted as textbooks count (RFC 5681 section 3): slow start doubles "
                  "cwnd up to ssthresh, congestion avoidance adds one segment a round. Round {t}: a timeout at cwnd "
                  "{tc}, so ssthresh = {ts} and cwnd = 1. Round {d}: three duplicate ACKs at cwnd {dc}, so ssthresh "
                  "= {ds}; Reno goes on from {ds} (fast recovery), Tahoe (dashed) from 1.",
    "rto_heading": "Retransmission timeout (RFC 6298)",
    "cc_heading": "Congestion control (RFC 5681, in bytes)",
    "flow_heading": "Flow control, Nagle and delayed ACKs",
}
_ZH: _Words = {
    "heading": "数据传输：窗口、计时器与拥塞控制",
    "chart_title": "每个往返轮次的 cwnd（报文段），初始 ssthresh 为 {s}",
    "labels": {"timeout": "超时", "3dup": "3 个重复 ACK", "ssthresh": "ssthresh", "reno": "Reno",
               "tahoe": "Tahoe", "round": "轮次", "cwnd": "cwnd"},
    "chart_note": "由 tcpquiz 引擎按教科书的方式计算（RFC 5681 第 3 节）：慢开始每轮翻倍直到 ssthresh，"
                  "拥塞避免每轮加 1。第 {t} 轮次 cwnd = {tc} 时超时，ssthresh = {ts}，cwnd = 1。第 {d} 轮次 cwnd = "
                  "{dc} 时收到 3 个重复 ACK，ssthresh = {ds}；Reno 从 {ds} 继续（快恢复），Tahoe（虚线）从 1 开始。",
    "rto_heading": "重传超时（RFC 6298）",
    "cc_heading": "拥塞控制（RFC 5681，按字节）",
    "flow_heading": "流量控制、Nagle 与延迟确认",
}


def cwnd_chart_svg(page: TransferPage, width: float = 540.0, font: str | None = None) -> str:
    """The chart as SVG: cwnd per round, ssthresh as a dashed step line, losses labelled."""
    style = Style(font)
    height = 190.0
    left, right, top, bottom = 30.0, 30.0, 22.0, 26.0
    count = len(page.reno)
    peak = max(max(r.cwnd, r.ssthresh) for r in (*page.reno, *page.tahoe)) + 2
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(round_no: float) -> float:
        return left + (round_no - 0.5) * plot_w / count

    def y(value: float) -> float:
        return top + plot_h - value * plot_h / peak

    body = [style.text(left, 12, page.chart_title, 8.5, bold=True)]
    for value in range(0, peak + 1, 4):
        body.append(_polyline([(left, y(value)), (left + plot_w, y(value))], "#dddddd", 0.4))
        body.append(style.text(left - 4, y(value) + 2.5, str(value), 6.5, anchor="end", fill=GREY))
    for r in page.reno:
        if r.number == 1 or r.number % 5 == 0:
            body.append(style.text(x(r.number), height - bottom + 10, str(r.number), 6.5, anchor="middle",
                                   fill=GREY))
    labels = page.chart_labels
    body.append(style.text(left + plot_w, height - 4, labels["round"], 6.5, anchor="end", fill=GREY))
    body.append(_polyline([(left, top), (left, top + plot_h), (left + plot_w, top + plot_h)], INK, 0.6))
    steps: list[tuple[float, float]] = []
    for r in page.reno:
        steps += [(x(r.number) - plot_w / count / 2, y(r.ssthresh)), (x(r.number) + plot_w / count / 2, y(r.ssthresh))]
    body.append(_polyline(steps, GREY, 0.7, dash="3,2"))
    body.append(style.text(left + 4, y(page.reno[0].ssthresh) - 3, labels["ssthresh"], 6.5, fill=GREY))
    split = next((i for i, (a, b) in enumerate(zip(page.reno, page.tahoe, strict=True)) if a.cwnd != b.cwnd), count)
    if split < count:
        body.append(_polyline([(x(r.number), y(r.cwnd)) for r in page.tahoe[split - 1:]], "#8c3a1f", 1.0,
                              dash="4,2"))
        end = page.tahoe[-1]
        body.append(style.text(x(end.number) + 3, y(end.cwnd) + 2, labels["tahoe"], 6.5, fill="#8c3a1f"))
    body.append(_polyline([(x(r.number), y(r.cwnd)) for r in page.reno], "#1f4e8c", 1.2))
    for r in page.reno:
        body.append(f'<circle cx="{x(r.number):.1f}" cy="{y(r.cwnd):.1f}" r="1.6" fill="#1f4e8c"/>')
        if r.loss is not None:
            text = labels["timeout"] if r.loss is Loss.TIMEOUT else labels["3dup"]
            body.append(style.text(x(r.number), y(r.cwnd) - 5, f"{text} ({r.cwnd})", 6.5, anchor="middle",
                                   fill="#b00000"))
    end = page.reno[-1]
    body.append(style.text(x(end.number) + 3, y(end.cwnd) - 3, labels["reno"], 6.5, fill="#1f4e8c"))
    body.append(style.text(left - 4, top - 4, labels["cwnd"], 6.5, anchor="end", fill=GREY))
    return _svg(width, height, body, page.chart_title)
