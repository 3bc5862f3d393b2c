"""`cc-algo`: NewReno's partial ACKs (RFC 6582), CUBIC's window, K and beta (RFC 9438), and
Linux's default.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from tcpquiz.engine import congestion
from tcpquiz.engine.question import Spec
from tcpquiz.engine.text import pick
from tcpquiz.engine.transfer_kinds.common import (
    Built,
    fixed_spec,
    fmt_number,
    numeric_spec,
)

ALGO_FIXED = (
    ("algo/newreno/partial-ack",
     ("In NewReno (RFC 6582), what is a partial ACK during fast recovery?",
      "An ACK of new data that does not cover all data outstanding when recovery began (the recover point)",
      ("A duplicate ACK that carries a SACK block", "An ACK of part of a segment", "An ACK that shrinks the window"),
      "NewReno records `recover`, the highest sequence number sent when the third duplicate ACK came; an ACK below "
      "it shows that another segment of the same window was lost. RFC 6582 section 3."),
     ("NewReno（RFC 6582）快恢复期间的“部分确认”（partial ACK）指什么？",
      "确认了新数据、但没有覆盖进入快恢复时已发出的全部数据（recover 点）的 ACK",
      ("携带 SACK 块的重复 ACK", "只确认了一个报文段的一部分的 ACK", "使窗口缩小的 ACK"),
      "NewReno 记下 recover，即收到第 3 个重复 ACK 时已发出的最高序号；低于它的 ACK "
      "说明同一窗口中还有别的报文段丢失。RFC 6582 第 3 节。")),
    ("algo/newreno/on-partial",
     ("What does a NewReno sender do on a partial ACK?",
      "It retransmits the first unacknowledged segment at once and stays in fast recovery",
      ("It leaves fast recovery and sets cwnd = ssthresh", "It waits for three more duplicate ACKs",
       "It halves ssthresh again"),
      "Reno leaves recovery on the first new ACK and often needs a timeout for the next hole; NewReno treats the "
      "partial ACK as a sign of the next loss, retransmits it, deflates cwnd by the amount acknowledged (adding back "
      "one SMSS) and stays in recovery: one loss repaired per RTT, ssthresh cut only once. RFC 6582 section 3.2."),
     ("NewReno 发送方收到部分确认时怎么做？",
      "立即重传第一个未确认的报文段，并继续留在快恢复中",
      ("退出快恢复并令 cwnd = ssthresh", "再等 3 个重复 ACK", "再次把 ssthresh 减半"),
      "Reno 在第一个新 ACK 时就退出恢复，下一个空缺往往要等超时；NewReno 把部分确认当作下一个丢失的信号，立即重传，"
      "按确认的数量收缩 cwnd（再加回一个 SMSS）并留在恢复中：每个 RTT 修复一个丢失，ssthresh 只减一次。RFC "
      "6582 第 3.2 节。")),
    ("algo/newreno/exit",
     ("When does NewReno's fast recovery end?",
      "When an ACK acknowledges all data up to the recover point (a full ACK)",
      ("On the first ACK of new data", "After one RTT", "When cwnd reaches ssthresh by slow start"),
      "A full ACK covers everything outstanding when recovery began; cwnd is then set to ssthresh, or to "
      "min(ssthresh, max(FlightSize, SMSS) + SMSS). RFC 6582 section 3.2, step 3."),
     ("NewReno 的快恢复什么时候结束？",
      "收到确认了 recover 点之前全部数据的 ACK（完全确认）时",
      ("收到第一个确认新数据的 ACK 时", "经过一个 RTT 后", "cwnd 通过慢开始达到 ssthresh 时"),
      "完全确认覆盖了进入恢复时在途的全部数据；此时 cwnd 设为 ssthresh，或 min(ssthresh, max(FlightSize, SMSS) + "
      "SMSS)。RFC 6582 第 3.2 节第 3 步。")),
    ("algo/linux-default",
     ("Which congestion control does Linux use by default?",
      "CUBIC (since Linux 2.6.19); see net.ipv4.tcp_congestion_control",
      ("Reno", "BBR", "Vegas"),
      "CUBIC replaced BIC as the default in 2.6.19; the sysctl net.ipv4.tcp_congestion_control shows the current one "
      "(a distribution may set another, such as bbr), and a socket can choose its own with the TCP_CONGESTION "
      "option. RFC 9438 describes CUBIC."),
     ("Linux 默认使用哪种拥塞控制算法？",
      "CUBIC（自 Linux 2.6.19 起）；见 net.ipv4.tcp_congestion_control",
      ("Reno", "BBR", "Vegas"),
      "CUBIC 在 2.6.19 中取代 BIC 成为默认；sysctl net.ipv4.tcp_congestion_control 显示当前算法（发行版可能改成 bbr "
      "等），单个套接字可以用 TCP_CONGESTION 选项自选。RFC 9438 描述了 CUBIC。")),
    ("algo/cubic/time",
     ("What does CUBIC's window depend on, unlike Reno's?",
      "The time since the last reduction, not the number of ACKs, so flows with different RTTs grow alike",
      ("Only the receiver's window", "The number of duplicate ACKs", "The packet loss rate measured by the receiver"),
      "W_cubic(t) = C × (t - K)³ + W_max is a function of real time t (RFC 9438 section 4.2); Reno grows one SMSS "
      "per RTT, so a short-RTT flow grows faster."),
     ("与 Reno 不同，CUBIC 的窗口取决于什么？",
      "距上次减窗的时间，而不是收到的 ACK 数，所以不同 RTT 的流增长得一样快",
      ("只取决于接收窗口", "重复 ACK 的个数", "接收方测得的丢包率"),
      "W_cubic(t) = C × (t - K)³ + W_max 是实际时间 t 的函数（RFC 9438 第 4.2 节）；Reno 每个 RTT 加一个 SMSS，RTT "
      "短的流增长更快。")),
    ("algo/cubic/beta",
     ("By how much does CUBIC reduce its window on a loss?",
      "To 0.7 × the window (beta_cubic = 0.7), not to half as Reno does",
      ("To half, as Reno does", "To 1 segment", "By 0.4 × the window"),
      "RFC 9438 section 4.6: ssthresh = cwnd × beta_cubic with beta_cubic = 0.7; C = 0.4 is the scaling constant of "
      "the cubic function, not the reduction."),
     ("CUBIC 在丢失时把窗口减到多少？",
      "减到窗口的 0.7 倍（beta_cubic = 0.7），而不像 Reno 那样减半",
      ("像 Reno 一样减半", "减到 1 个报文段", "减少窗口的 0.4 倍"),
      "RFC 9438 第 4.6 节：ssthresh = cwnd × beta_cubic，beta_cubic = 0.7；C = 0.4 是三次函数的比例常数，"
      "不是减小的比例。")),
    ("algo/cubic/shape",
     ("How does CUBIC's window grow after a reduction?",
      "Fast at first, flattening as it nears the old maximum W_max (concave), then faster again beyond it (convex)",
      ("Linearly, one segment per RTT", "Exponentially until the next loss", "It stays flat until a timeout"),
      "The cubic curve has its plateau at t = K where W = W_max: the window approaches the last size where loss "
      "happened carefully and probes beyond it ever faster. RFC 9438 sections 4.3 to 4.5."),
     ("CUBIC 减窗后窗口如何增长？",
      "先快后慢，接近上次的最大值 W_max 时趋于平缓（凹区），越过之后又越来越快（凸区）",
      ("线性增长，每个 RTT 一个报文段", "指数增长直到下次丢失", "保持不变直到超时"),
      "三次曲线在 t = K 处取平台 W = W_max：窗口小心地接近上次发生丢失的大小，越过后加速探测。RFC 9438 "
      "第 4.3 至 4.5 节。")),
    ("algo/cubic/reno-friendly",
     ("What is CUBIC's Reno-friendly region?",
      "Where an estimate of what Reno would have (W_est) exceeds W_cubic, CUBIC uses W_est, so it is never "
      "slower than Reno",
      ("A mode where CUBIC switches to Tahoe", "The slow start phase", "The region after three duplicate ACKs"),
      "On short-RTT or low-bandwidth paths Reno can grow faster than the cubic curve; RFC 9438 section 4.3 has CUBIC "
      "follow the Reno estimate there."),
     ("CUBIC 的“Reno 友好区”（Reno-friendly region）是什么？",
      "当估算的 Reno 窗口 W_est 大于 W_cubic 时，CUBIC 采用 W_est，从而不比 Reno 慢",
      ("CUBIC 切换成 Tahoe 的模式", "慢开始阶段", "收到 3 个重复 ACK 之后的阶段"),
      "在 RTT 短或带宽小的路径上 Reno 可能比三次曲线增长得快；RFC 9438 第 4.3 节规定此时 CUBIC 跟随 Reno 的估算值。")),
    ("algo/tahoe-vs-reno",
     ("What is the one difference between Tahoe and Reno?",
      "On three duplicate ACKs Reno halves cwnd and continues (fast recovery); Tahoe drops cwnd to 1 and slow-starts",
      ("Tahoe has no slow start", "Reno ignores timeouts", "Tahoe never retransmits before a timeout"),
      "Both retransmit on three duplicate ACKs (fast retransmit) and both go back to cwnd = 1 after a timeout; only "
      "Reno adds fast recovery. RFC 5681 section 3.2."),
     ("Tahoe 与 Reno 的唯一区别是什么？",
      "收到 3 个重复 ACK 时，Reno 把 cwnd 减半后继续（快恢复）；Tahoe 把 cwnd 降为 1 重新慢开始",
      ("Tahoe 没有慢开始", "Reno 忽略超时", "Tahoe 在超时前从不重传"),
      "两者都在 3 个重复 ACK 时重传（快重传），超时后都回到 cwnd = 1；只有 Reno 增加了快恢复。RFC 5681 第 3.2 节。")),
    ("algo/why-three",
     ("Why wait for three duplicate ACKs rather than one before retransmitting?",
      "One or two can come from segments merely reordered in the network; three make a loss likely",
      ("The receiver always sends ACKs in threes", "RFC 9293 forbids retransmitting earlier",
       "It takes three ACKs to measure an RTT"),
      "A segment that arrives out of order also produces duplicate ACKs; the threshold of three trades a faster "
      "repair against needless retransmissions. RFC 5681 section 3.2."),
     ("为什么要等 3 个而不是 1 个重复 ACK 才重传？",
      "一两个重复 ACK 可能只是网络中报文失序造成的；三个才说明很可能丢失了",
      ("接收方总是成组发送 3 个 ACK", "RFC 9293 禁止更早重传", "测一个 RTT 需要 3 个 ACK"),
      "报文失序到达也会产生重复 ACK；阈值 3 在尽快修复与无谓重传之间取得平衡。RFC 5681 第 3.2 节。")),
)


def _cubic_k(rng: random.Random, lang: str) -> Built:
    w_max = rng.choice((36, 72, 100, 120, 288, 400, 972, 1000))
    k = congestion.cubic_k(w_max)
    prompt = pick(lang, f"CUBIC (RFC 9438, C = 0.4, beta_cubic = 0.7) saw a loss at W_max = {w_max} segments. How "
                        f"many seconds (K) until its window is back at W_max? (two decimals)",
                  f"CUBIC（RFC 9438，C = 0.4，beta_cubic = 0.7）在 W_max = {w_max} 个报文段时发生丢失。窗口回到 "
                  f"W_max 需要多少秒（K）？（保留两位小数）")
    wrong = [(w_max * 0.5 / 0.4) ** (1 / 3), (w_max * 0.7 / 0.4) ** (1 / 3), w_max * 0.3 / 0.4, (w_max * 0.3) ** 0.5]
    explanation = pick(lang, f"Equation (2): K = cbrt((W_max - cwnd_epoch) / C), and right after the reduction "
                             f"cwnd_epoch = beta_cubic × W_max, so K = cbrt({w_max} × 0.3 / 0.4) = "
                             f"cbrt({fmt_number(w_max * 0.75)}) = {k:.2f} s. RFC 9438 section 4.2.",
                       f"公式 (2)：K = cbrt((W_max - cwnd_epoch) / C)，减窗后 cwnd_epoch = beta_cubic × W_max，所以 "
                       f"K = cbrt({w_max} × 0.3 / 0.4) = cbrt({fmt_number(w_max * 0.75)}) = {k:.2f} 秒。RFC "
                       f"9438 第 4.2 节。")
    return prompt, f"{k:.2f}", [f"{w:.2f}" for w in wrong], explanation


def _cubic_window(rng: random.Random, lang: str) -> Built:
    w_max = rng.choice((36, 72, 100, 288, 972))
    k = congestion.cubic_k(w_max)
    t = rng.choice((0, 1, 2, round(k), round(k) + 1, round(k) + 2))
    w = congestion.cubic_window(t, w_max)
    prompt = pick(lang, f"CUBIC (C = 0.4, beta_cubic = 0.7) reduced its window after a loss at W_max = {w_max} "
                        f"segments. What is W_cubic {t} s later, in segments? (two decimals)",
                  f"CUBIC（C = 0.4，beta_cubic = 0.7）在 W_max = {w_max} 个报文段时因丢失减窗。{t} 秒后 W_cubic "
                  f"是多少个报文段？（保留两位小数）")
    wrong = [w_max * 0.5 + t, 0.4 * t ** 3 + w_max, w_max * 0.7 + t, w + 1, w_max]
    explanation = pick(lang, f"K = cbrt({w_max} × 0.3 / 0.4) = {k:.4f} s; W_cubic(t) = C(t - K)³ + W_max = 0.4 × "
                             f"({t} - {k:.4f})³ + {w_max} = {w:.2f}. At t = 0 this is 0.7 × W_max = "
                             f"{0.7 * w_max:.2f}, the window just after the reduction. RFC 9438 section 4.2.",
                       f"K = cbrt({w_max} × 0.3 / 0.4) = {k:.4f} 秒；W_cubic(t) = C(t - K)³ + W_max = 0.4 × ({t} - "
                       f"{k:.4f})³ + {w_max} = {w:.2f}。t = 0 时恰为 0.7 × W_max = {0.7 * w_max:.2f}，"
                       f"即减窗后的窗口。RFC 9438 第 4.2 节。")
    return prompt, f"{w:.2f}", [f"{x:.2f}" for x in wrong], explanation


def _cubic_reduce(rng: random.Random, lang: str) -> Built:
    cwnd = rng.choice((20, 40, 50, 80, 100, 140, 200))
    prompt = pick(lang, f"CUBIC's cwnd is {cwnd} segments when three duplicate ACKs arrive. What does ssthresh "
                        f"become (RFC 9438)?",
                  f"CUBIC 的 cwnd 为 {cwnd} 个报文段时收到 3 个重复 ACK。ssthresh 变为多少（RFC 9438）？")
    right = cwnd * 7 // 10
    wrong = [cwnd // 2, cwnd * 4 // 10, cwnd * 3 // 10, 1]
    explanation = pick(lang, f"ssthresh = cwnd × beta_cubic = {cwnd} × 0.7 = {right}; Reno would take {cwnd // 2}. "
                             f"RFC 9438 section 4.6.",
                       f"ssthresh = cwnd × beta_cubic = {cwnd} × 0.7 = {right}；Reno 会取 {cwnd // 2}。RFC "
                       f"9438 第 4.6 节。")
    return prompt, str(right), [str(w) for w in wrong], explanation


def algo_kind(lang: str) -> Iterator[Spec]:
    for key, en, zh in ALGO_FIXED:
        yield fixed_spec(key, "cc-algo", lang, en, zh)
    yield numeric_spec("algo/cubic/k", "cc-algo", lang, _cubic_k)
    yield numeric_spec("algo/cubic/window-at-t", "cc-algo", lang, _cubic_window)
    yield numeric_spec("algo/cubic/reduce", "cc-algo", lang, _cubic_reduce)
