"""Question generators for the second half of TCP: data, windows, the retransmission timer,
congestion control, and Nagle with delayed ACKs.

Every numeric prompt draws fresh numbers each time it is asked and computes its answer with
the engine (transfer, rto, congestion, nagle); wrong choices are the mistakes students make:
the end of the lost segment instead of its start, SRTT updated before RTTVAR, ssthresh taken
from the new cwnd, the floor forgotten. Each worked solution shows every step and the RFC.

Kinds: data, window, rto, cwnd (segments per RTT), cwnd-bytes (RFC 5681 per ACK), cc-algo
(NewReno, CUBIC, Linux's default), nagle.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from fractions import Fraction

from tcpquiz.engine import congestion, nagle, rto, seqnum, transfer
from tcpquiz.engine.congestion import Loss, Variant
from tcpquiz.engine.question import Question, Spec, assemble, stable_rng
from tcpquiz.engine.text import pick

Built = tuple[str, str, list[str], str]  # prompt, right answer, wrong answers, explanation
Template = Callable[[random.Random, str], Built]

SPACE = seqnum.SPACE


def _numeric(key: str, kind: str, lang: str, template: Template) -> Spec:
    def make(rng: random.Random) -> Question:
        prompt, right, wrong, explanation = template(rng, lang)
        # The fallback is a generator: assemble() reads it only if the near misses ran short.
        return assemble(key, kind, lang, prompt, right, itertools.chain(wrong, _fallback(right)), explanation, rng)

    return Spec(key, kind, True, make)


def _fixed(key: str, kind: str, lang: str, en: tuple[str, str, tuple[str, ...], str],
           zh: tuple[str, str, tuple[str, ...], str]) -> Spec:
    prompt, right, wrong, explanation = zh if lang == "zh" else en
    question = assemble(key, kind, lang, prompt, right, wrong, explanation, stable_rng(key))
    return Spec(key, kind, False, lambda _rng: question)


def _fallback(right: str) -> Iterator[str]:
    """Near numbers, in case the template's near misses coincided."""
    try:
        value = Fraction(right.split()[0].replace(",", ""))
    except (ValueError, ZeroDivisionError, IndexError):
        return
    rest = right[len(right.split()[0]):]
    for delta in (1, -1, 2, -2, 3, 10):
        yield _num(value + delta) + rest


def _num(value: Fraction | int | float) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return rto.fmt_ms(value)


def _first_seq(rng: random.Random) -> int:
    """A sequence number; near 2^32 a fifth of the time, so the wrap is practised too."""
    if rng.random() < 0.2:
        return rng.randint(SPACE - 4_000, SPACE - 1)
    return rng.choice((rng.randint(1, 9) * 1000 + 1, rng.randrange(SPACE)))


def _sizes(rng: random.Random, count: int) -> list[int]:
    if rng.random() < 0.6:
        return [rng.choice((100, 200, 500, 536, 1000, 1460))] * count
    return [rng.choice((100, 200, 300, 400, 500, 800, 1000)) for _ in range(count)]


def _ordinal(n: int, lang: str) -> str:
    if lang == "zh":
        return f"第 {n} 个"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _segment_list(sent: tuple[transfer.Segment, ...], lang: str) -> str:
    return ", ".join(pick(lang, f"({s.seq}, {s.len} bytes)", f"({s.seq}，{s.len} 字节)") for s in sent)


# -- data: seq/ack with a loss ------------------------------------------------------------------

DATA_ASKED = ("dup-value", "dup-count", "retransmit", "after", "held")


def _loss_setup(rng: random.Random, n: int, lost: int, lang: str) -> tuple[transfer.LossRun, str]:
    run = transfer.lose_one(_first_seq(rng), _sizes(rng, n), lost)
    text = pick(lang, f"A sender sends {n} segments back to back (seq, length): {_segment_list(run.sent, lang)}. "
                      f"The receiver's RCV.NXT is {run.sent[0].seq}. The {_ordinal(lost + 1, lang)} segment is lost; "
                      f"the others arrive in order, and the receiver ACKs each at once.",
                f"发送方连续发送 {n} 个报文段（序号，长度）：{_segment_list(run.sent, lang)}。接收方的 RCV.NXT 为 "
                f"{run.sent[0].seq}。其中{_ordinal(lost + 1, lang)}报文段丢失，其余按序到达，"
                f"接收方对每个报文段立即确认。")
    return run, text


def _acks_line(run: transfer.LossRun, lang: str) -> str:
    acks = ", ".join(str(a.ack) for a in run.arrivals)
    return pick(lang, f"The receiver's ACKs: {acks}.", f"接收方发出的 ACK 依次为：{acks}。")


def _data_template(n: int, lost: int, asked: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        run, setup = _loss_setup(rng, n, lost, lang)
        miss = run.sent[lost]
        ref = pick(lang, "RFC 9293 section 3.10.7.4; RFC 5681 sections 3.2 and 4.2.",
                   "RFC 9293 第 3.10.7.4 节；RFC 5681 第 3.2、4.2 节。")
        base = pick(lang, f"The lost segment starts at {miss.seq}, so RCV.NXT stays {miss.seq}: every ACK sent after "
                          f"the loss names {miss.seq} again (a cumulative ACK names the first octet still missing). "
                          f"{_acks_line(run, lang)}",
                    f"丢失的报文段从 {miss.seq} 开始，所以 RCV.NXT 停在 {miss.seq}：丢失之后的每个 ACK 都再次确认 "
                    f"{miss.seq}（累积确认只能指出第一个缺失的字节）。{_acks_line(run, lang)}")
        if asked == "dup-value":
            prompt = setup + pick(lang, " What acknowledgment number do the ACKs sent after the loss carry?",
                                  "丢失之后接收方发出的 ACK，确认号是多少？")
            right = str(miss.seq)
            wrong = [str(miss.end), str(run.sent[-1].end), str(seqnum.add(miss.seq, -1)), str(seqnum.add(miss.seq, 1))]
            return prompt, right, wrong, f"{base} {ref}"
        if asked == "dup-count":
            dups = run.dup_acks
            prompt = setup + pick(lang, " How many duplicate ACKs does the sender get, and what does it do?",
                                  "发送方会收到几个重复 ACK？它接着怎么做？")

            def choice(count: int) -> str:
                if count >= congestion.DUPACK_THRESHOLD:
                    return pick(lang, f"{count}: it retransmits at once (fast retransmit)",
                                f"{count} 个：立即重传（快重传）")
                return pick(lang, f"{count}: it waits for the retransmission timer",
                            f"{count} 个：只能等重传计时器超时")

            def mislabelled(count: int) -> str:
                if count >= congestion.DUPACK_THRESHOLD:
                    return pick(lang, f"{count}: it waits for the retransmission timer", f"{count} 个："
                                                                                         f"只能等重传计时器超时")
                return pick(lang, f"{count}: it retransmits at once (fast retransmit)", f"{count} 个："
                                                                                        f"立即重传（快重传）")

            wrong = [choice(n - lost - 1 + 1), mislabelled(dups), choice(max(dups - 1, 0)), choice(dups + 2)]
            first = pick(lang, "The first ACK after the loss is itself a duplicate of the ACK before it. " if lost > 0
                         else "The first ACK the sender gets is already the duplicate of the one it had before. ",
                         "丢失后的第一个 ACK 就已经与之前的 ACK 重复。")
            explanation = pick(lang, f"{base} {n - lost - 1} segments arrive after the hole, each answered with ACK "
                                     f"{miss.seq}: {dups} duplicates. {first}Three duplicate ACKs trigger fast "
                                     f"retransmit; fewer leave the sender waiting for the RTO. {ref}",
                               f"{base}空缺之后到达 {n - lost - 1} 个报文段，每个都回 ACK {miss.seq}：共 {dups} "
                               f"个重复 ACK。"
                               f"{first}收到 3 个重复 ACK 即快重传；不足 3 个就只能等 RTO 超时。{ref}")
            return prompt, choice(dups), wrong, explanation
        if asked == "retransmit":
            prompt = setup + pick(lang, " What does the retransmission carry?", "重传的报文段是什么？")

            def seg(s: transfer.Segment) -> str:
                return pick(lang, f"seq {s.seq}, {s.len} bytes", f"序号 {s.seq}，{s.len} 字节")

            right = seg(miss)
            to_the_end = seqnum.diff(miss.seq, run.sent[-1].end)  # "everything from the hole on"
            wrong = [seg(transfer.Segment(miss.end, miss.len)), seg(transfer.Segment(miss.seq, to_the_end)),
                     seg(transfer.Segment(seqnum.add(miss.seq, 1), miss.len)),
                     seg(transfer.Segment(run.sent[0].seq, miss.len))]
            explanation = pick(lang, f"{base} The sender retransmits the first unacknowledged segment, the lost one: "
                                     f"seq {miss.seq}, {miss.len} bytes; the segments after it are already held by the "
                                     f"receiver. {ref}",
                               f"{base}发送方重传第一个未被确认的报文段，也就是丢失的那个：序号 {miss.seq}，"
                               f"{miss.len} 字节；"
                               f"后面的报文段接收方已经缓存。{ref}")
            return prompt, right, wrong, explanation
        if asked == "after":
            prompt = setup + pick(lang, " The lost segment is then retransmitted and arrives. What acknowledgment "
                                        "number "
                                        "does the receiver send now?",
                                  "随后丢失的报文段被重传并到达。接收方此时发出的确认号是多少？")
            right = str(run.after_retransmission.ack)
            wrong = [str(miss.end), str(miss.seq), str(seqnum.add(run.sent[-1].end, 1)),
                     str(seqnum.add(run.sent[-1].seq, 0))]
            explanation = pick(lang, f"{base} When the hole is filled, the receiver takes the segments it held too, "
                                     f"so the cumulative ACK jumps to the end of the last one: {right}. {ref}",
                               f"{base}空缺补上后，接收方把缓存的报文段一并交付，"
                               f"累积确认号直接跳到最后一个报文段的末尾："
                               f"{right}。{ref}")
            return prompt, right, wrong, explanation
        held = sum(s.len for s in run.sent[lost + 1:])
        prompt = setup + pick(lang, " Before the retransmission arrives, how many bytes does the receiver hold out "
                                    "of order?",
                              "在重传到达之前，接收方缓存了多少字节的失序数据？")
        parts = " + ".join(str(s.len) for s in run.sent[lost + 1:]) or "0"
        wrong = [str(held + miss.len), str(sum(s.len for s in run.sent[:lost])), str(held - run.sent[-1].len),
                 str(sum(s.len for s in run.sent))]
        explanation = pick(lang, f"{base} Everything after the hole is kept, not delivered: {parts} = {held} bytes. "
                                 f"{ref}",
                           f"{base}空缺之后的数据全部缓存、暂不交付：{parts} = {held} 字节。{ref}")
        return prompt, str(held), wrong, explanation

    return build


def _last_lost(n: int) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        run, setup = _loss_setup(rng, n, n - 1, lang)
        miss = run.sent[-1]
        prompt = setup + pick(lang, " How does the sender recover the lost segment?", "发送方如何恢复丢失的报文段？")
        right = pick(lang, f"No duplicate ACK comes: it waits for the RTO, then retransmits seq {miss.seq}",
                     f"不会有重复 ACK：只能等 RTO 超时后重传序号 {miss.seq}")
        wrong = [pick(lang, f"Three duplicate ACKs of {miss.seq} trigger fast retransmit",
                      f"收到 3 个确认号为 {miss.seq} 的重复 ACK，触发快重传"),
                 pick(lang, f"It retransmits all {n} segments at once", f"立即重传全部 {n} 个报文段"),
                 pick(lang, "The receiver sends a NAK for it", "接收方为它发送否定确认（NAK）")]
        explanation = pick(lang, f"The segments before the last arrive in order and are ACKed normally ("
                                 f"{', '.join(str(a.ack) for a in run.arrivals)}); nothing arrives after the lost one, "
                                 f"so there is no duplicate ACK and only the retransmission timer can recover it "
                                 f"(RFC 6298 section 5). TCP has no negative acknowledgment. "
                                 f"RFC 5681 section 3.2.",
                           f"最后一个之前的报文段按序到达并正常确认（{'，'.join(str(a.ack) for a in run.arrivals)}）；"
                           f"丢失的报文段之后再没有报文到达，所以没有重复 ACK，只能靠重传计时器超时恢复"
                           f"（RFC 6298 第 5 节）。TCP 没有否定确认。RFC 5681 第 3.2 节。")
        return prompt, right, wrong, explanation

    return build


def data(lang: str) -> Iterator[Spec]:
    for n in range(3, 9):
        for lost in range(n - 1):
            for asked in DATA_ASKED:
                yield _numeric(f"data/{n}-seg/lost-{lost + 1}/{asked}", "data", lang, _data_template(n, lost, asked))
        yield _numeric(f"data/{n}-seg/lost-last", "data", lang, _last_lost(n))


# -- window: flow control ---------------------------------------------------------------------

FLOW_REF = {"en": "RFC 9293 section 3.8.6; RFC 5681 section 2.", "zh": "RFC 9293 第 3.8.6 节；RFC 5681 第 2 节。"}


def _usable(limit: str, unit: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        mss = rng.choice((1000, 1460)) if unit == "bytes" else 1
        small, big = sorted(rng.sample(range(4, 40), 2))
        cwnd, rwnd = (small, big) if limit == "cwnd" else (big, small)
        window = min(cwnd, rwnd)
        flight = rng.randint(window + 1, window + 6) if limit == "closed" else rng.randint(1, window - 1)
        cwnd, rwnd, flight = cwnd * mss, rwnd * mss, flight * mss
        if limit == "closed":
            cwnd, rwnd = (cwnd, rwnd) if rng.random() < 0.5 else (rwnd, cwnd)
        unit_word = pick(lang, "bytes", "字节") if unit == "bytes" else pick(lang, "segments", "个报文段")
        usable = transfer.usable_window(cwnd, rwnd, flight)
        prompt = pick(lang, f"A sender has cwnd = {cwnd} {unit_word}; the receiver advertises rwnd = {rwnd} "
                            f"{unit_word}; {flight} {unit_word} are sent and not yet acknowledged "
                            f"(SND.NXT - SND.UNA). How much more may it send now?",
                      f"发送方 cwnd = {cwnd} {unit_word}，接收方通告 rwnd = {rwnd} {unit_word}，已发送未确认 "
                      f"{flight} {unit_word}（SND.NXT - SND.UNA）。现在还能再发多少？")
        wrong = [str(max(cwnd, rwnd) - flight), str(min(cwnd, rwnd)), str(cwnd + rwnd - flight),
                 str(abs(min(cwnd, rwnd) - flight)) if usable == 0 else str(min(cwnd, rwnd) - flight + mss)]
        right = f"{usable} {unit_word}"
        wrong = [f"{w} {unit_word}" for w in wrong]
        steps = f"min({cwnd}, {rwnd}) - {flight} = {min(cwnd, rwnd)} - {flight}"
        result = pick(lang, f"{steps} = {min(cwnd, rwnd) - flight}, and a negative window means none: 0"
                            if usable == 0 and min(cwnd, rwnd) != flight else f"{steps} = {usable}",
                      f"{steps} = {min(cwnd, rwnd) - flight}，为负即不能再发：0"
                      if usable == 0 and min(cwnd, rwnd) != flight else f"{steps} = {usable}")
        explanation = pick(lang, f"The sender may have at most min(cwnd, rwnd) unacknowledged: {result}. "
                                 f"{FLOW_REF[lang]}",
                           f"发送方未确认的数据最多为 min(cwnd, rwnd)：{result}。{FLOW_REF[lang]}")
        return prompt, right, wrong, explanation

    return build


def _after_acks(acked: int) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        cwnd = rng.randint(6, 12)
        rwnd = rng.randint(4, 12)
        window = min(cwnd, rwnd)
        first = rng.randint(1, 50)
        prompt = pick(lang, f"Segments are numbered from {first}, one MSS each. The sender's cwnd is {cwnd} segments "
                            f"and "
                            f"the receiver's window {rwnd} segments, and it has sent as many as both allow. Then "
                            f"the first {acked} are acknowledged (the window advertised is unchanged). Counting "
                            f"all segments sent so far, what is the highest segment number it may have sent now? "
                            f"(Flow control only: cwnd does not grow in this question.)",
                      f"报文段从 {first} 开始编号，每个一个 MSS。发送方 cwnd 为 {cwnd} 个报文段，接收窗口为 {rwnd} 个，"
                      f"已按两者允许的上限发满。随后前 {acked} 个被确认（通告窗口不变）。"
                      f"现在它最多可以发到第几号报文段？"
                      f"（只考虑流量控制：本题中 cwnd 不增长。）")
        right = first + acked + window - 1
        wrong = [first + window - 1, first + acked + max(cwnd, rwnd) - 1, first + acked + window, right - 1]
        explanation = pick(lang, f"The window is min({cwnd}, {rwnd}) = {window} segments and slides with the ACKs: "
                                 f"its left edge moves from {first} to {first + acked}, so it covers {first + acked} "
                                 f".. "
                                 f"{first + acked} + {window} - 1 = {right}. {FLOW_REF[lang]}",
                           f"窗口为 min({cwnd}, {rwnd}) = {window} 个报文段，随确认向前滑动：左沿从 {first} 移到 "
                           f"{first + acked}，覆盖 {first + acked} .. {first + acked} + {window} - 1 = {right}。"
                           f"{FLOW_REF[lang]}")
        return prompt, str(right), [str(w) for w in wrong], explanation

    return build


def _advertised(case: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        buffer = rng.choice((4096, 8192, 16384, 65535, 32768))
        received = buffer if case == "full" else rng.randint(buffer // 4, buffer - 1)
        read = 0 if case in ("unread", "full") else rng.randint(1, received)
        window = transfer.advertised_window(buffer, received, read)
        prompt = pick(lang, f"A receiver's buffer holds {buffer} bytes. {received} bytes have arrived in order and "
                            f"the application has read {read} of them. What window does its next ACK advertise?",
                      f"接收缓存为 {buffer} 字节，按序到达了 {received} 字节，应用已读走其中 {read} 字节。"
                      f"它下一个 ACK 通告的窗口是多少？")
        wrong = [buffer - read, buffer - received, buffer, received - read]
        zero = pick(lang, " A zero window: the sender stops and starts its persist timer.",
                    "窗口为零：发送方停止发送，启动坚持计时器。") if window == 0 else ""
        explanation = pick(lang, f"The window is the free space: {buffer} - ({received} - {read}) = {window}.{zero} "
                                 f"RFC 9293 section 3.8.6.",
                           f"窗口就是剩余空间：{buffer} - ({received} - {read}) = {window}。{zero}RFC 9293 第 3.8.6 "
                           f"节。")
        return prompt, str(window), [str(w) for w in wrong], explanation

    return build


SCALE_REF = {"en": "RFC 7323 section 2.", "zh": "RFC 7323 第 2 节。"}


def _scale_actual(low: int, high: int) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        shift = rng.randint(low, high)
        field = rng.randint(100, 65535)
        window = transfer.scaled_window(field, shift)
        prompt = pick(lang, f"In its SYN a host announced window scale {shift}. A later segment from it carries the "
                            f"window field {field}. How many bytes does that window grant?",
                      f"某主机在 SYN 中通告窗口扩大因子（shift）为 {shift}。之后它发出的报文段窗口字段为 {field}。"
                      f"这个窗口允许多少字节？")
        wrong = [field * shift, field << (shift + 1), field, field * 2 ** (shift - 1) if shift else field + 1]
        explanation = pick(lang, f"The field is shifted left by the scale: {field} × 2^{shift} = {window}. "
                                 f"The scale is sent only in SYNs and applies to every later segment (a SYN's own "
                                 f"window is never scaled). {SCALE_REF[lang]}",
                           f"窗口字段左移 shift 位：{field} × 2^{shift} = {window}。扩大因子只在 SYN 中通告，"
                           f"作用于之后的所有报文段（SYN 本身的窗口不扩大）。{SCALE_REF[lang]}")
        return prompt, str(window), [str(w) for w in wrong], explanation

    return build


def _scale_shift(rng: random.Random, lang: str) -> Built:
    window = rng.choice((1, 2, 3, 4, 6, 8, 12, 16, 32, 64)) * 2**20 + rng.choice((0, 2**19))
    shift = transfer.shift_needed(window)
    prompt = pick(lang, f"A receiver wants to advertise a {window}-byte window. What is the smallest window scale "
                        f"shift it can announce?",
                  f"接收方想通告 {window} 字节的窗口。它至少要通告多大的窗口扩大因子（shift）？")
    wrong = [shift + 1, shift - 1, 14, 16]
    explanation = pick(lang, f"The field holds at most 65535, so it needs 65535 × 2^s >= {window}: "
                             f"{window} / 65535 ≈ {window / 65535:.2f}, and 2^{shift} = {2**shift} is the first power "
                             f"of two that large (2^{shift - 1} = {2 ** (shift - 1)} is not). The shift is at most 14. "
                             f"{SCALE_REF[lang]}",
                       f"窗口字段最大 65535，需要 65535 × 2^s >= {window}：{window} / 65535 ≈ {window / 65535:.2f}，"
                       f"第一个够大的 2 的幂是 2^{shift} = {2**shift}（2^{shift - 1} = {2 ** (shift - 1)} 不够）。"
                       f"shift 最大为 14。{SCALE_REF[lang]}")
    return prompt, str(shift), [str(w) for w in wrong], explanation


def _throughput(scaled: bool) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        rtt = rng.choice((10, 20, 40, 50, 80, 100, 200))
        window = 65535 if not scaled else rng.choice((2, 4, 8)) * 65536 * rng.choice((1, 2, 4))
        mbps = window * 8 / rtt / 1000  # bits per ms -> Mbit/s
        prompt = pick(lang, f"A connection's window is {window} bytes and its RTT {rtt} ms. At most how fast can it "
                            f"send, in Mbit/s (10^6 bit/s), whatever the link's speed?",
                      f"某连接窗口为 {window} 字节，RTT 为 {rtt} ms。无论链路多快，它最多能以多少 Mbit/s"
                      f"（10^6 bit/s）发送？")
        right = f"{mbps:.2f}"
        wrong = [f"{mbps / 8:.2f}", f"{mbps * 2:.2f}", f"{mbps / 2:.2f}", f"{window / rtt / 1000:.3f}"]
        explanation = pick(lang, f"One window per round trip: {window} × 8 bit / {rtt} ms = "
                                 f"{window * 8} / {rtt / 1000} s = {mbps:.2f} Mbit/s. "
                                 + ("Without window scaling 65535 bytes is the ceiling. " if not scaled else "")
                                 + SCALE_REF[lang],
                           f"每个往返时间最多发一个窗口：{window} × 8 bit / {rtt} ms = {window * 8} / {rtt / 1000} s = "
                           f"{mbps:.2f} Mbit/s。" + ("不用窗口扩大选项时窗口上限就是 65535 字节。"
                                                    "" if not scaled else "")
                           + SCALE_REF[lang])
        return prompt, right, wrong, explanation

    return build


def _bdp(rng: random.Random, lang: str) -> Built:
    mbps = rng.choice((10, 50, 100, 200, 1000))
    rtt = rng.choice((10, 20, 50, 100))
    bdp = mbps * 1_000_000 // 8 * rtt // 1000
    needs = bdp > 65535
    prompt = pick(lang, f"A {mbps} Mbit/s path has an RTT of {rtt} ms. What window (bytes) keeps it full, and does "
                        f"that need the window scale option?",
                  f"一条 {mbps} Mbit/s 的路径 RTT 为 {rtt} ms。要把它填满需要多大窗口（字节）？是否需要窗口扩大选项？")

    def choice(value: int, scale: bool) -> str:
        return pick(lang, f"{value} bytes; {'scaling needed' if scale else 'no scaling needed'}",
                    f"{value} 字节；{'需要窗口扩大' if scale else '不需要窗口扩大'}")

    wrong = [choice(bdp, not needs), choice(bdp * 8, True), choice(bdp // 2, bdp // 2 > 65535), choice(bdp * 2, True)]
    explanation = pick(lang, f"Bandwidth × delay: {mbps} × 10^6 / 8 bytes/s × {rtt / 1000} s = {bdp} bytes, "
                             f"{'more' if needs else 'no more'} than the 65535 the bare 16-bit field can say. "
                             f"{SCALE_REF[lang]}",
                       f"带宽时延积：{mbps} × 10^6 / 8 字节/秒 × {rtt / 1000} 秒 = {bdp} 字节，"
                       f"{'超过' if needs else '没有超过'}16 位窗口字段能表示的 65535。{SCALE_REF[lang]}")
    return prompt, choice(bdp, needs), wrong, explanation


ZERO_WINDOW = (
    ("window/zero/what-sender-does",
     ("The receiver advertises a window of 0. What does the sender do?",
      "It stops sending new data and, with its persist timer, sends window probes until the window opens",
      ("It keeps sending at the rate of its congestion window",
       "It closes the connection with a FIN", "It halves cwnd and retransmits everything unacknowledged"),
      "A zero window stops new data; the sender MUST keep probing it (RFC 9293 section 3.8.6.1), driven by the "
      "persist timer, because the ACK that reopens the window carries no data and is never retransmitted if lost."),
     ("接收方通告窗口为 0。发送方怎么做？",
      "停止发送新数据，由坚持计时器驱动周期性发送零窗口探测，直到窗口重新打开",
      ("继续按拥塞窗口的速率发送", "发送 FIN 关闭连接", "把 cwnd 减半并重传所有未确认数据"),
      "零窗口时不再发送新数据；发送方必须继续探测（RFC 9293 第 3.8.6.1 节），由坚持计时器驱动，"
      "因为重新打开窗口的 ACK 不带数据，丢了也不会被重传。")),
    ("window/zero/why-probe",
     ("Why must a sender facing a zero window keep probing it?",
      "The window update that reopens it is a pure ACK, which is not retransmitted; if it is lost both sides wait "
      "forever",
      ("To measure the RTT for the RTO", "To keep NAT mappings alive", "Because the receiver forgets the connection "
                                                                       "after 2MSL"),
      "A pure ACK is never retransmitted, so a lost window update would leave the sender waiting for it and the "
      "receiver waiting for data: a deadlock that the persist timer's probes break (RFC 9293 section 3.8.6.1)."),
     ("面对零窗口，发送方为什么必须持续探测？",
      "重新打开窗口的窗口更新是纯 ACK，不会重传；若它丢失，双方会永远互相等待",
      ("为了测量 RTT 以计算 RTO", "为了保持 NAT 映射", "因为接收方在 2MSL 后会忘掉连接"),
      "纯 ACK 不会被重传，丢失的窗口更新会让发送方等窗口、接收方等数据，形成死锁；坚持计时器的探测打破它"
      "（RFC 9293 第 3.8.6.1 节）。")),
    ("window/zero/probe-size",
     ("How much data does a zero-window probe usually carry?",
      "One byte (or none), so the receiver must answer with its current window",
      ("A full MSS", "Half the last window", "The whole send buffer"),
      "The probe sends at least one octet of new data when there is some (RFC 9293 section 3.8.6.1), or in "
      "practice an already acknowledged octet; either way the receiver answers with an ACK that carries its "
      "window."),
     ("零窗口探测报文通常携带多少数据？",
      "1 个字节（或不带数据），迫使接收方回一个带当前窗口的 ACK",
      ("一个完整的 MSS", "上一个窗口的一半", "整个发送缓存"),
      "探测报文有新数据时至少带一个字节（RFC 9293 第 3.8.6.1 节），实践中也常用一个已确认的字节；"
      "无论哪种，接收方都要回一个携带窗口的 ACK。")),
    ("window/zero/probe-backoff",
     ("How are zero-window probes spaced when the window stays closed?",
      "Exponentially backed off, like the retransmission timer, but the connection is not dropped while the "
      "receiver answers",
      ("Every 200 ms, forever", "Once, then the sender aborts", "Every 2MSL"),
      "RFC 9293 section 3.8.6.1: the transmission interval of probes SHOULD increase exponentially, and the "
      "connection MUST NOT be closed while the receiver keeps answering with a zero window."),
     ("窗口一直不打开时，零窗口探测之间的间隔如何变化？",
      "像重传计时器一样按指数退避；只要接收方还在应答，就不关闭连接",
      ("永远每 200 ms 一次", "只探测一次，然后中止连接", "每 2MSL 一次"),
      "RFC 9293 第 3.8.6.1 节：探测间隔应当指数增长；只要接收方持续以零窗口应答，就不得关闭连接。")),
    ("window/scale/max",
     ("With window scaling, what is the largest window TCP can advertise?",
      "65535 × 2^14 = 1,073,725,440 bytes (about 1 GiB), with the largest shift 14",
      ("65535 × 2^16 = 4,294,901,760 bytes", "65535 bytes", "2^31 bytes"),
      "The shift is at most 14 (RFC 7323 section 2.3), so the window is below 2^30: both ends must tell old "
      "from new data within 2^31 of sequence space."),
     ("使用窗口扩大选项后，TCP 能通告的最大窗口是多少？",
      "65535 × 2^14 = 1,073,725,440 字节（约 1 GiB），最大 shift 为 14",
      ("65535 × 2^16 = 4,294,901,760 字节", "65535 字节", "2^31 字节"),
      "shift 最大为 14（RFC 7323 第 2.3 节），窗口小于 2^30：双方必须能在 2^31 的序号空间内区分新旧数据。")),
    ("window/scale/when",
     ("When is the window scale option sent?",
      "Only in the SYN and SYN,ACK; it takes effect only if both sides send it",
      ("In every segment", "Only in the first data segment", "In the FIN"),
      "RFC 7323 section 2.2: the option is sent only in a SYN; if either side does not send it, neither scales."),
     ("窗口扩大选项在什么时候发送？",
      "只在 SYN 和 SYN,ACK 中发送；双方都发送才生效",
      ("每个报文段都带", "只在第一个数据报文段中", "在 FIN 中"),
      "RFC 7323 第 2.2 节：该选项只能出现在 SYN 中；任何一方没有发送，则双方都不扩大。")),
)


def window(lang: str) -> Iterator[Spec]:
    for limit in ("cwnd", "rwnd", "closed"):
        for unit in ("segments", "bytes"):
            yield _numeric(f"window/usable/{limit}-limits/{unit}", "window", lang, _usable(limit, unit))
    for acked in (1, 2, 3, 4):
        yield _numeric(f"window/slide/{acked}-acked", "window", lang, _after_acks(acked))
    for case in ("unread", "part-read", "full"):
        yield _numeric(f"window/advertised/{case}", "window", lang, _advertised(case))
    for low, high in ((1, 4), (5, 9), (10, 14)):
        yield _numeric(f"window/scale/actual/shift-{low}-{high}", "window", lang, _scale_actual(low, high))
    yield _numeric("window/scale/shift-needed", "window", lang, _scale_shift)
    for scaled in (False, True):
        yield _numeric(f"window/throughput/{'scaled' if scaled else 'unscaled'}", "window", lang, _throughput(scaled))
    yield _numeric("window/bdp", "window", lang, _bdp)
    for key, en, zh in ZERO_WINDOW:
        yield _fixed(key, "window", lang, en, zh)


# -- rto: RFC 6298 ----------------------------------------------------------------------------

RTO_REF = {"en": "RFC 6298 section 2.", "zh": "RFC 6298 第 2 节。"}
FLOOR_WORDS = {
    rto.Floor.RFC: ("apply RFC 6298's 1 s minimum", "按 RFC 6298 的 1 秒下限"),
    rto.Floor.LINUX: ("apply Linux's 200 ms minimum", "按 Linux 的 200 ms 下限"),
    rto.Floor.NONE: ("no minimum, as the exam formula has it", "不考虑下限（按考试公式）"),
}


def _samples(rng: random.Random, count: int) -> list[int]:
    """RTT samples in ms; multiples of 8 more often than not, so the eighths stay readable."""
    step = rng.choice((8, 16, 32, 10))
    base = rng.choice((40, 80, 100, 160, 200, 240, 320, 400, 800, 1200))
    return [max(step, base + step * rng.randint(-base // (2 * step), base // step)) for _ in range(count)]


def rto_steps(samples: list[int], floor: rto.Floor, lang: str, granularity: int = 0) -> str:
    """Every step of the estimator, as a student writes it."""
    lines = []
    srtt = rttvar = Fraction(0)
    for index, sample in enumerate(samples):
        r = Fraction(sample)
        f = rto.fmt_ms
        if index == 0:
            srtt, rttvar = r, r / 2
            line = pick(lang, f"sample 1 = {sample} ms: SRTT = R = {f(srtt)}; RTTVAR = R/2 = {f(rttvar)}",
                        f"第 1 个样本 {sample} ms：SRTT = R = {f(srtt)}；RTTVAR = R/2 = {f(rttvar)}")
        else:
            new_var = (1 - rto.BETA) * rttvar + rto.BETA * abs(srtt - r)
            new_srtt = (1 - rto.ALPHA) * srtt + rto.ALPHA * r
            line = pick(lang, f"sample {index + 1} = {sample} ms: RTTVAR = 3/4 × {f(rttvar)} + 1/4 × |{f(srtt)} - "
                              f"{sample}| = {f(new_var)}; SRTT = 7/8 × {f(srtt)} + 1/8 × {sample} = {f(new_srtt)}",
                        f"第 {index + 1} 个样本 {sample} ms：RTTVAR = 3/4 × {f(rttvar)} + 1/4 × |{f(srtt)} - {sample}| "
                        f"= {f(new_var)}；SRTT = 7/8 × {f(srtt)} + 1/8 × {sample} = {f(new_srtt)}")
            srtt, rttvar = new_srtt, new_var
        lines.append(f"- {line}")
    raw, final = rto.rto_from(srtt, rttvar, granularity, floor)
    g = f"max({granularity}, 4 × {rto.fmt_ms(rttvar)})" if granularity else f"4 × {rto.fmt_ms(rttvar)}"
    rto_line = f"RTO = SRTT + {g} = {rto.fmt_ms(srtt)} + {rto.fmt_ms(raw - srtt)} = {rto.fmt_ms(raw)} ms"
    if final != raw:
        rto_line += pick(lang, f", below the {floor.ms} ms minimum, so RTO = {rto.fmt_ms(final)} ms",
                         f"，低于 {floor.ms} ms 下限，所以 RTO = {rto.fmt_ms(final)} ms")
    lines.append(f"- {rto_line}")
    return "\n".join(lines)


def _estimator(count: int, asked: str, floor: rto.Floor) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        samples = _samples(rng, count)
        est = rto.estimate(samples, floor=floor)[-1]
        listed = ", ".join(f"{s} ms" for s in samples)
        word = {"srtt": "SRTT", "rttvar": "RTTVAR", "rto": "RTO"}[asked]
        en_floor, zh_floor = FLOOR_WORDS[floor]
        prompt = pick(lang, f"A new connection measures the RTT samples {listed}, in that order (alpha = 1/8, "
                            f"beta = 1/4, K = 4, clock granularity negligible; {en_floor}). What is {word} after "
                            f"the last sample, in ms?",
                      f"一个新连接依次测得 RTT 样本 {listed}（alpha = 1/8，beta = 1/4，K = 4，时钟粒度忽略不计；"
                      f"{zh_floor}）。最后一个样本之后 {word} 是多少 ms？")
        value = {"srtt": est.srtt, "rttvar": est.rttvar, "rto": est.rto}[asked]
        wrong_values: list[Fraction] = []
        if count > 1:
            # SRTT updated first, then RTTVAR computed with the new SRTT: the classic slip.
            srtt = rttvar = Fraction(0)
            for i, s in enumerate(samples):
                if i == 0:
                    srtt, rttvar = Fraction(s), Fraction(s, 2)
                else:
                    srtt = Fraction(7, 8) * srtt + Fraction(s, 8)
                    rttvar = Fraction(3, 4) * rttvar + abs(srtt - s) / 4
            wrong_values.append({"srtt": Fraction(samples[-1]), "rttvar": rttvar,
                                 "rto": max(srtt + 4 * rttvar, Fraction(floor.ms))}[asked])
        wrong_values += {"srtt": [Fraction(sum(samples), count), est.srtt + est.rttvar, Fraction(samples[0])],
                         "rttvar": [est.rttvar * 4, est.rttvar / 2 if count > 1 else Fraction(samples[0]),
                                    est.srtt / 2],
                         "rto": [est.raw_rto if est.raw_rto != est.rto else est.srtt + 2 * est.rttvar,
                                 Fraction(floor.ms) if floor.ms else est.srtt + 2 * est.rttvar,
                                 est.srtt + est.rttvar, est.srtt * 2]}[asked]
        explanation = pick(lang, "Rules 2.2 and 2.3 (RTTVAR is updated first, with the old SRTT):\n\n",
                           "规则 2.2 与 2.3（先用旧的 SRTT 更新 RTTVAR，再更新 SRTT）：\n\n")
        explanation += rto_steps(samples, floor, lang) + "\n\n" + RTO_REF[lang]
        return prompt, rto.fmt_ms(value), [rto.fmt_ms(w) for w in wrong_values], explanation

    return build


def _backoff(timeouts: int) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        start = rng.choice((1000, 1500, 2000, 3000, 1250, 4000))
        values = rto.backoff(start, timeouts)
        prompt = pick(lang, f"A segment's RTO is {start} ms when it is sent. The timer expires {timeouts} time(s) in a "
                            f"row with no ACK. What RTO is the timer started with after the last expiry (RFC 6298, "
                            f"60 s maximum)?",
                      f"某报文段发送时 RTO 为 {start} ms。计时器连续超时 {timeouts} 次都没有收到 ACK。"
                      f"最后一次超时后重启计时器"
                      f"时 RTO 是多少（RFC 6298，上限 60 秒）？")
        right = values[-1]
        wrong = [Fraction(start * (timeouts + 1)), Fraction(start * 2 ** (timeouts + 1)), values[-2] if timeouts > 1
                 else Fraction(start), Fraction(start * 2 ** timeouts) if right != start * 2 ** timeouts
                 else Fraction(start * 2 ** timeouts + start)]
        chain = " → ".join(rto.fmt_ms(v) for v in values)
        explanation = pick(lang, f"Each expiry doubles the RTO (rule 5.5, \"back off the timer\"): {chain} ms"
                                 f"{', capped at 60000' if right == rto.RFC_MAX_RTO_MS else ''}. Karn's rule keeps the "
                                 f"backed-off RTO until an ACK for a segment that was not retransmitted gives a new "
                                 f"sample. RFC 6298 sections 5 and 2.5.",
                           f"每次超时 RTO 翻倍（规则 5.5，“退避计时器”）：{chain} ms"
                           f"{'，封顶 60000' if right == rto.RFC_MAX_RTO_MS else ''}。按 Karn 算法，退避后的 RTO "
                           f"一直保留，"
                           f"直到一个未经重传的报文段的 ACK 给出新样本。RFC 6298 第 5 节、第 2.5 节。")
        return prompt, rto.fmt_ms(right), [rto.fmt_ms(w) for w in wrong], explanation

    return build


def _karn(position: int) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        samples = _samples(rng, 3)
        exchanges = [rto.Transmission(s, retransmitted=i == position) for i, s in enumerate(samples)]
        kept = rto.karn_samples(exchanges)
        est = rto.estimate(kept, floor=rto.Floor.NONE)[-1]
        listed = "; ".join(
            pick(lang, f"{s} ms{' (this segment was retransmitted once before its ACK came)' if i == position else ''}",
                 f"{s} ms{'（该报文段在 ACK 到达前重传过一次）' if i == position else ''}")
            for i, s in enumerate(samples))
        prompt = pick(lang, f"Three segments are each ACKed after these times, measured from their first sending: "
                            f"{listed}. With Karn's rule and RFC 6298 (alpha = 1/8, beta = 1/4), what is SRTT "
                            f"afterwards, in ms?",
                      f"三个报文段从首次发送到收到 ACK 的时间依次为：{listed}。按 Karn 算法和 RFC 6298（alpha = 1/8，"
                      f"beta = 1/4），之后的 SRTT 是多少 ms？")
        with_all = rto.estimate(samples, floor=rto.Floor.NONE)[-1].srtt
        wrong = [with_all, Fraction(sum(kept), len(kept)), Fraction(samples[position]),
                 rto.estimate(kept[:1], floor=rto.Floor.NONE)[-1].srtt + 1]
        explanation = pick(lang, f"The retransmitted segment's ACK could answer either sending, so Karn's rule takes "
                                 f"no "
                                 f"sample from it ({samples[position]} ms is dropped):\n\n",
                           f"重传过的报文段的 ACK 分不清对应哪一次发送，所以 Karn 算法不取它的样本（丢弃 "
                           f"{samples[position]} ms）：\n\n")
        explanation += rto_steps(kept, rto.Floor.NONE, lang) + pick(lang, "\n\nRFC 6298 section 3.",
                                                                     "\n\nRFC 6298 第 3 节。")
        return prompt, rto.fmt_ms(est.srtt), [rto.fmt_ms(w) for w in wrong], explanation

    return build


def _granularity(rng: random.Random, lang: str) -> Built:
    sample = rng.choice((100, 200, 300, 400, 500))
    g = rng.choice((500, 1000)) * (1 if sample * 2 < 500 else 2)
    est = rto.estimate([sample], granularity_ms=g, floor=rto.Floor.NONE)[-1]
    prompt = pick(lang, f"A host whose clock ticks every G = {g} ms takes its first RTT sample, {sample} ms. What "
                        f"RTO does RFC 6298 give before the 1 s minimum is applied, in ms?",
                  f"某主机时钟粒度 G = {g} ms，测得第一个 RTT 样本 {sample} ms。RFC 6298 在套用 1 秒下限之前算出的 RTO "
                  f"是多少 ms？")
    wrong = [Fraction(sample * 3), Fraction(sample + g + 2 * sample), Fraction(g), Fraction(sample + 2 * sample)]
    explanation = pick(lang, f"SRTT = {sample}, RTTVAR = {sample}/2 = {rto.fmt_ms(Fraction(sample, 2))}; "
                             f"RTO = SRTT + max(G, K × RTTVAR) = {sample} + max({g}, {2 * sample}) = "
                             f"{rto.fmt_ms(est.raw_rto)}: the clock's granularity bounds the variance term from "
                             f"below. {RTO_REF[lang]}",
                       f"SRTT = {sample}，RTTVAR = {sample}/2 = {rto.fmt_ms(Fraction(sample, 2))}；"
                       f"RTO = SRTT + max(G, K × RTTVAR) = {sample} + max({g}, {2 * sample}) = "
                       f"{rto.fmt_ms(est.raw_rto)}："
                       f"时钟粒度给方差项设了下界。{RTO_REF[lang]}")
    return prompt, rto.fmt_ms(est.raw_rto), [rto.fmt_ms(w) for w in wrong], explanation


RTO_FIXED = (
    ("rto/initial",
     ("What RTO does RFC 6298 use before the first RTT sample?",
      "1 second", ("3 seconds", "200 ms", "2 × MSL"),
      "Rule 2.1: until a measurement is made the sender SHOULD set RTO to 1 second (RFC 2988 said 3 s; a "
      "3 s fallback remains when the SYN or its ACK is lost). RFC 6298 section 2."),
     ("RFC 6298 在取得第一个 RTT 样本之前使用多大的 RTO？",
      "1 秒", ("3 秒", "200 ms", "2 × MSL"),
      "规则 2.1：测得样本之前 RTO 应设为 1 秒（RFC 2988 曾为 3 秒；SYN 或其 ACK 丢失时仍回落到 3 秒）。"
      "RFC 6298 第 2 节。")),
    ("rto/linux-min",
     ("Where does Linux depart from RFC 6298's RTO rules?",
      "Its minimum RTO is 200 ms (TCP_RTO_MIN), not 1 s, and its maximum 120 s",
      ("It has no minimum at all", "Its minimum is 3 s", "It never backs off the timer"),
      "RFC 6298 rule 2.4 rounds an RTO below 1 s up to 1 s; Linux uses TCP_RTO_MIN = 200 ms (settable per route "
      "with `ip route ... rto_min`) and TCP_RTO_MAX = 120 s, and backs off exponentially as rule 5.5 says."),
     ("Linux 在 RTO 规则上与 RFC 6298 有什么不同？",
      "它的最小 RTO 是 200 ms（TCP_RTO_MIN）而非 1 秒，最大 120 秒",
      ("完全没有下限", "下限是 3 秒", "从不对计时器退避"),
      "RFC 6298 规则 2.4 把小于 1 秒的 RTO 提高到 1 秒；Linux 用 TCP_RTO_MIN = 200 ms（可用 "
      "`ip route ... rto_min` 按路由设置）和 TCP_RTO_MAX = 120 秒，并按规则 5.5 指数退避。")),
    ("rto/karn-why",
     ("Why does Karn's rule take no RTT sample from a retransmitted segment?",
      "Its ACK may answer the first sending or the retransmission, so the sample is ambiguous",
      ("Retransmissions are sent at a lower priority", "The retransmission has a different sequence number",
       "The receiver does not ACK retransmissions"),
      "An ACK does not say which copy it answers: measured from the first sending the sample may be far too "
      "long, from the retransmission far too short. RFC 6298 section 3 (unless timestamps, RFC 7323, tell the "
      "copies apart)."),
     ("为什么 Karn 算法不从重传过的报文段取 RTT 样本？",
      "它的 ACK 可能对应首次发送，也可能对应重传，样本有二义性",
      ("重传报文的优先级较低", "重传报文的序号不同", "接收方不确认重传报文"),
      "ACK 不说明它确认的是哪一份：从首次发送算起样本可能过长，从重传算起又可能过短。RFC 6298 第 3 节"
      "（除非用时间戳选项 RFC 7323 区分）。")),
    ("rto/after-backoff",
     ("After a timeout doubled the RTO, when does the sender go back to the computed RTO?",
      "When an ACK arrives for a segment that was not retransmitted and gives a valid RTT sample",
      ("At once, with the next ACK of any kind", "After 2MSL", "Never during that connection"),
      "Karn's algorithm keeps the backed-off RTO for the next segments until a valid sample recomputes it "
      "(RFC 6298 sections 3 and 5)."),
     ("超时让 RTO 翻倍之后，发送方什么时候恢复用计算出的 RTO？",
      "等到一个未经重传的报文段的 ACK 到达、给出有效的 RTT 样本时",
      ("下一个任意 ACK 到达时立即恢复", "2MSL 之后", "整个连接期间都不恢复"),
      "Karn 算法让后续报文段沿用退避后的 RTO，直到有效样本重新计算出 RTO（RFC 6298 第 3 节、第 5 节）。")),
)


def rto_kind(lang: str) -> Iterator[Spec]:
    for floor in rto.Floor:
        for count in (1, 2, 3, 4, 5):
            for asked in ("srtt", "rttvar", "rto"):
                if floor is not rto.Floor.NONE and asked != "rto":
                    continue  # the floor changes only the RTO
                yield _numeric(f"rto/{count}-samples/{asked}/floor-{floor}", "rto", lang,
                               _estimator(count, asked, floor))
    for timeouts in range(1, 7):
        yield _numeric(f"rto/backoff/{timeouts}", "rto", lang, _backoff(timeouts))
    for position in range(3):
        yield _numeric(f"rto/karn/retransmitted-{position + 1}", "rto", lang, _karn(position))
    yield _numeric("rto/granularity", "rto", lang, _granularity)
    for key, en, zh in RTO_FIXED:
        yield _fixed(key, "rto", lang, en, zh)


# -- cwnd: segments per RTT -------------------------------------------------------------------

CWND_CONVENTION = {
    "en": "Counted in segments per round trip, as exams do: slow start doubles cwnd but stops at ssthresh, "
          "congestion avoidance adds 1; a loss sets ssthresh = max(⌊cwnd/2⌋, 2).",
    "zh": "按每个往返轮次的报文段数计算（与考试一致）：慢开始每轮翻倍但不超过 ssthresh，拥塞避免每轮加 1；"
          "发生丢失时 ssthresh = max(⌊cwnd/2⌋, 2)。",
}
CC_REF = {"en": "RFC 5681 section 3.", "zh": "RFC 5681 第 3 节。"}
LOSS_WORDS = {Loss.TIMEOUT: ("a retransmission timeout", "超时"), Loss.TRIPLE_DUP: ("three duplicate "
                                                                                  "ACKs", "3 个重复 ACK")}
VARIANT_WORDS = {Variant.TAHOE: "TCP Tahoe", Variant.RENO: "TCP Reno"}


def _trace(rounds: list[congestion.Round], lang: str, last: int) -> str:
    """The rounds up to `last` as a line: 1:1 2:2 3:4 ... with losses marked."""
    marks = []
    for r in rounds[:last]:
        loss = ""
        if r.loss is Loss.TIMEOUT:
            loss = pick(lang, " (timeout)", "（超时）")
        elif r.loss is Loss.TRIPLE_DUP:
            loss = pick(lang, " (3 dup ACKs)", "（3 个重复 ACK）")
        marks.append(f"{r.number}:{r.cwnd}{loss}")
    return pick(lang, "round:cwnd — ", "轮次:cwnd — ") + ", ".join(marks)


def _loss_outcome(cwnd: int, loss: Loss, variant: Variant, lang: str) -> str:
    nxt, ssthresh = congestion.after_loss(cwnd, loss, variant)
    if loss is Loss.TRIPLE_DUP and variant is Variant.RENO:
        return pick(lang, f"three duplicate ACKs in Reno: ssthresh = max(⌊{cwnd}/2⌋, 2) = {ssthresh}, fast recovery, "
                          f"and the next round starts at cwnd = ssthresh = {nxt}",
                    f"Reno 收到 3 个重复 ACK：ssthresh = max(⌊{cwnd}/2⌋, 2) = {ssthresh}，快恢复，下一轮 cwnd = "
                    f"ssthresh = {nxt}")
    why = pick(lang, "a timeout" if loss is Loss.TIMEOUT else "Tahoe treats three duplicate ACKs like a timeout",
               "超时" if loss is Loss.TIMEOUT else "Tahoe 对 3 个重复 ACK 的处理与超时相同")
    return pick(lang, f"{why}: ssthresh = max(⌊{cwnd}/2⌋, 2) = {ssthresh} and cwnd = 1 (slow start again)",
                f"{why}：ssthresh = max(⌊{cwnd}/2⌋, 2) = {ssthresh}，cwnd = 1（重新慢开始）")


def _one_loss(variant: Variant, loss: Loss, asked: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        ssthresh = rng.choice((8, 12, 16, 20, 24, 32))
        at = rng.randint(7, 16)
        later = {"next": 1, "plus-2": 2, "plus-3": 3, "plus-4": 4, "ssthresh": 1}[asked]
        run = congestion.rounds(at + later, ssthresh, {at: loss}, variant)
        cwnd_at = run[at - 1].cwnd
        en_loss, zh_loss = LOSS_WORDS[loss]
        target = run[at - 1 + later]
        if asked == "ssthresh":
            question = pick(lang, "What is ssthresh after the loss?", "丢失之后 ssthresh 是多少？")
            right = target.ssthresh
            wrong = [cwnd_at, ssthresh // 2, right + 1, max(cwnd_at - 1, 1) // 2 + 2, ssthresh]
        else:
            question = pick(lang, f"What is cwnd in round {target.number}?", f"第 {target.number} 轮次的 cwnd 是多少？")
            right = target.cwnd
            other = Variant.TAHOE if variant is Variant.RENO else Variant.RENO
            other_loss = Loss.TIMEOUT if loss is Loss.TRIPLE_DUP else Loss.TRIPLE_DUP
            wrong = [congestion.rounds(at + later, ssthresh, {at: other_loss}, Variant.RENO)[-1].cwnd,
                     congestion.rounds(at + later, ssthresh, {at: loss}, other)[-1].cwnd,
                     run[-2].cwnd, right + 1, right * 2, max(right - 1, 1)]
        prompt = pick(lang, f"{VARIANT_WORDS[variant]} starts with cwnd = 1 segment and ssthresh = {ssthresh}. In "
                            f"round "
                            f"{at}, with cwnd = {cwnd_at}, the sender detects a loss by {en_loss}. {question} "
                            f"(Segments per round trip.)",
                      f"{VARIANT_WORDS[variant]} 初始 cwnd = 1 个报文段，ssthresh = {ssthresh}。第 {at} 轮次"
                      f"（cwnd = {cwnd_at}）时发送方通过{zh_loss}发现丢失。{question}（按每轮次的报文段数计。）")
        explanation = (f"{CWND_CONVENTION[lang]}\n\n{_trace(run, lang, len(run))}\n\n"
                       + pick(lang, f"In round {at}: ", f"第 {at} 轮次：")
                       + _loss_outcome(cwnd_at, loss, variant, lang) + pick(lang, ". ", "。") + CC_REF[lang])
        return prompt, str(right), [str(w) for w in wrong], explanation

    return build


def _no_loss(round_no: int) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        ssthresh = rng.choice((4, 6, 8, 12, 16, 20, 32))
        run = congestion.rounds(round_no, ssthresh)
        right = run[-1].cwnd
        doubling = 2 ** (round_no - 1)
        wrong = [doubling, right + 1, max(right - 1, 1), run[-2].cwnd if round_no > 1 else 2, ssthresh + round_no]
        prompt = pick(lang, f"A connection starts with cwnd = 1 segment and ssthresh = {ssthresh}, and nothing is "
                            f"lost. "
                            f"What is cwnd in round {round_no}?",
                      f"连接初始 cwnd = 1 个报文段，ssthresh = {ssthresh}，没有丢失。第 {round_no} 轮次的 cwnd "
                      f"是多少？")
        explanation = f"{CWND_CONVENTION[lang]}\n\n{_trace(run, lang, len(run))}\n\n{CC_REF[lang]}"
        return prompt, str(right), [str(w) for w in wrong], explanation

    return build


def _reach(phase: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        ssthresh = rng.choice((8, 16, 32))
        target = ssthresh // rng.choice((2, 4)) if phase == "slow-start" else ssthresh + rng.randint(2, 8)
        run = congestion.rounds(60, ssthresh)
        right = next(r.number for r in run if r.cwnd >= target)
        wrong = [right + 1, right - 1, target, right + 2]
        prompt = pick(lang, f"A connection starts with cwnd = 1 segment and ssthresh = {ssthresh}, and nothing is "
                            f"lost. "
                            f"In which round is cwnd {target} segments for the first time?",
                      f"连接初始 cwnd = 1 个报文段，ssthresh = {ssthresh}，没有丢失。cwnd 在第几轮次首次达到 "
                      f"{target}？")
        explanation = f"{CWND_CONVENTION[lang]}\n\n{_trace(run, lang, right)}\n\n{CC_REF[lang]}"
        return prompt, str(right), [str(w) for w in wrong], explanation

    return build


def _two_losses(variant: Variant, first: Loss, second: Loss, asked: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        ssthresh = rng.choice((8, 12, 16))
        a = rng.randint(6, 10)
        b = a + rng.randint(4, 8)
        end = b + rng.randint(1, 3)
        run = congestion.rounds(end, ssthresh, {a: first, b: second}, variant)
        last = run[-1]
        right = last.cwnd if asked == "cwnd" else last.ssthresh
        other = last.ssthresh if asked == "cwnd" else last.cwnd
        wrong = [other, right + 1, max(right - 1, 1), run[-2].cwnd, right * 2]
        word = "cwnd" if asked == "cwnd" else "ssthresh"
        prompt = pick(lang, f"{VARIANT_WORDS[variant]} starts with cwnd = 1 and ssthresh = {ssthresh} (segments). A "
                            f"loss "
                            f"is detected by {LOSS_WORDS[first][0]} in round {a} and by {LOSS_WORDS[second][0]} in "
                            f"round {b}. What is {word} in round {end}?",
                      f"{VARIANT_WORDS[variant]} 初始 cwnd = 1，ssthresh = {ssthresh}（报文段）。第 {a} 轮次通过"
                      f"{LOSS_WORDS[first][1]}发现丢失，第 {b} 轮次又通过{LOSS_WORDS[second][1]}发现丢失。"
                      f"第 {end} 轮次的 {word} 是多少？")
        explanation = (f"{CWND_CONVENTION[lang]}\n\n{_trace(run, lang, len(run))}\n\n"
                       + pick(lang, f"Round {a}: "
                                    f"", f"第 {a} 轮次：") + _loss_outcome(run[a - 1].cwnd, first, variant, lang)
                       + pick(lang, f". Round {b}: ", f"。第 {b} 轮次：")
                       + _loss_outcome(run[b - 1].cwnd, second, variant, lang)
                       + pick(lang, f". In round {end} cwnd = {last.cwnd}, ssthresh = {last.ssthresh}. ",
                              f"。第 {end} 轮次 cwnd = {last.cwnd}，ssthresh = {last.ssthresh}。") + CC_REF[lang])
        return prompt, str(right), [str(w) for w in wrong], explanation

    return build


def _phase_at(variant: Variant) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        ssthresh = rng.choice((8, 12, 16))
        at = rng.randint(6, 12)
        loss = rng.choice(list(Loss))
        asked = at + rng.randint(1, 6)
        run = congestion.rounds(asked, ssthresh, {at: loss}, variant)
        phase = run[-1].phase
        names = {congestion.Phase.SLOW_START: pick(lang, "slow start", "慢开始"),
                 congestion.Phase.AVOIDANCE: pick(lang, "congestion avoidance", "拥塞避免")}
        right = names[phase]
        wrong = [names[p] for p in congestion.Phase if p is not phase]
        wrong += [pick(lang, "fast recovery", "快恢复"), pick(lang, "fast retransmit", "快重传")]
        prompt = pick(lang, f"{VARIANT_WORDS[variant]}: cwnd starts at 1, ssthresh at {ssthresh} (segments). In round "
                            f"{at} a loss is detected by {LOSS_WORDS[loss][0]}. In which phase is the sender in round "
                            f"{asked}?",
                      f"{VARIANT_WORDS[variant]}：cwnd 初始为 1，ssthresh 为 {ssthresh}（报文段）。第 {at} 轮次通过"
                      f"{LOSS_WORDS[loss][1]}发现丢失。第 {asked} 轮次发送方处于哪个阶段？")
        last = run[-1]
        slow = phase is congestion.Phase.SLOW_START
        why = pick(lang, "cwnd < ssthresh, slow start" if slow else "cwnd >= ssthresh, congestion avoidance",
                   "cwnd < ssthresh，慢开始" if slow else "cwnd >= ssthresh，拥塞避免")
        explanation = (f"{CWND_CONVENTION[lang]}\n\n{_trace(run, lang, len(run))}\n\n"
                       + pick(lang, f"In round {asked} cwnd = {last.cwnd} and ssthresh = {last.ssthresh}: {why}. ",
                              f"第 {asked} 轮次 cwnd = {last.cwnd}，ssthresh = {last.ssthresh}：{why}。")
                       + CC_REF[lang])
        return prompt, right, wrong, explanation

    return build


def _total_sent(count: int) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        ssthresh = rng.choice((4, 6, 8, 16))
        run = congestion.rounds(count, ssthresh)
        total = sum(r.cwnd for r in run)
        wrong = [2 ** count - 1, total - run[-1].cwnd, total + 1, run[-1].cwnd]
        prompt = pick(lang, f"cwnd starts at 1 segment, ssthresh = {ssthresh}, nothing is lost and the receiver's "
                            f"window never limits. How many segments have been sent after {count} full rounds?",
                      f"cwnd 初始为 1 个报文段，ssthresh = {ssthresh}，没有丢失，接收窗口不构成限制。"
                      f"完整的 {count} 个轮次共发送了多少个报文段？")
        explanation = (f"{CWND_CONVENTION[lang]}\n\n{_trace(run, lang, count)}\n\n"
                       f"{' + '.join(str(r.cwnd) for r in run)} = {total}. {CC_REF[lang]}")
        return prompt, str(total), [str(w) for w in wrong], explanation

    return build


def cwnd_kind(lang: str) -> Iterator[Spec]:
    for variant in Variant:
        for loss in Loss:
            for asked in ("next", "plus-2", "plus-3", "plus-4", "ssthresh"):
                yield _numeric(f"cwnd/{variant}/{loss}/{asked}", "cwnd", lang, _one_loss(variant, loss, asked))
    for round_no in range(2, 13):
        yield _numeric(f"cwnd/no-loss/round-{round_no}", "cwnd", lang, _no_loss(round_no))
    for phase in ("slow-start", "avoidance"):
        yield _numeric(f"cwnd/reach/{phase}", "cwnd", lang, _reach(phase))
    for variant in Variant:
        for first in Loss:
            for second in Loss:
                for asked in ("cwnd", "ssthresh"):
                    yield _numeric(f"cwnd/{variant}/{first}-then-{second}/{asked}", "cwnd", lang,
                                   _two_losses(variant, first, second, asked))
        yield _numeric(f"cwnd/{variant}/phase", "cwnd", lang, _phase_at(variant))
    for count in range(3, 7):
        yield _numeric(f"cwnd/total-sent/{count}-rounds", "cwnd", lang, _total_sent(count))


# -- cwnd-bytes: RFC 5681 per ACK -------------------------------------------------------------

BYTES_NOTE = {"en": "In bytes, per ACK, as RFC 5681 itself counts.", "zh": "按 RFC 5681 本身的方式：以字节计，逐个 "
                                                                           "ACK 计算。"}
IW_BANDS = {"large": (2191, 4000), "middle": (1096, 2190), "small": (200, 1095)}


def _iw(band: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        low, high = IW_BANDS[band]
        smss = rng.choice([m for m in (536, 1000, 1024, 1095, 1096, 1220, 1400, 1460, 2190, 2191, 4000, 3000, 8960)
                           if low <= m <= high])
        iw = congestion.initial_window(smss)
        prompt = pick(lang, f"What initial window does RFC 5681 allow a sender whose SMSS is {smss} bytes, in bytes?",
                      f"SMSS 为 {smss} 字节时，RFC 5681 允许的初始窗口是多少字节？")
        wrong = [smss, 10 * smss, *(k * smss for k in (2, 3, 4) if k * smss != iw)]
        explanation = pick(lang, f"Equation (1): IW = 2 × SMSS (at most 2 segments) if SMSS > 2190; 3 × SMSS if "
                                 f"SMSS > 1095; else 4 × SMSS. Here {iw} bytes, {iw // smss} segments. Linux sends 10 "
                                 f"(RFC 6928). RFC 5681 section 3.1.",
                           f"公式 (1)：SMSS > 2190 时 IW = 2 × SMSS；SMSS > 1095 时 3 × SMSS；否则 4 × SMSS。"
                           f"这里为 {iw} 字节，即 {iw // smss} 个报文段。Linux 用 10 个（RFC 6928）。RFC 5681 第 3.1 "
                           f"节。")
        return prompt, str(iw), [str(w) for w in wrong], explanation

    return build


def _ss_ack(full: bool) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        smss = rng.choice((536, 1000, 1460))
        cwnd = smss * rng.randint(2, 9)
        acked = smss * rng.randint(1, 2) if full else rng.randint(1, smss - 1)
        new = congestion.slow_start_ack(cwnd, acked, smss)
        prompt = pick(lang, f"In slow start, cwnd = {cwnd} bytes and SMSS = {smss}. An ACK arrives that acknowledges "
                            f"{acked} new bytes. What is cwnd now, in bytes?",
                      f"慢开始阶段 cwnd = {cwnd} 字节，SMSS = {smss}。到达一个确认了 {acked} 字节新数据的 ACK。"
                      f"现在 cwnd 是多少字节？")
        wrong = [cwnd + acked, cwnd * 2, cwnd + smss * smss // cwnd, cwnd + smss if acked < smss else cwnd + 2 * smss]
        explanation = pick(lang, f"Equation (2): cwnd += min(N, SMSS) = min({acked}, {smss}) = {min(acked, smss)}, so "
                                 f"{cwnd} + {min(acked, smss)} = {new}. Counting bytes acknowledged (RFC 3465) stops "
                                 f"an ACK of many segments from growing cwnd by more than one SMSS. "
                                 f"{BYTES_NOTE[lang]} RFC 5681 section 3.1.",
                           f"公式 (2)：cwnd += min(N, SMSS) = min({acked}, {smss}) = {min(acked, smss)}，所以 {cwnd} + "
                           f"{min(acked, smss)} = {new}。按确认的字节数计（RFC 3465），一个确认多个报文段的 ACK "
                           f"也只增加一个 "
                           f"SMSS。{BYTES_NOTE[lang]}RFC 5681 第 3.1 节。")
        return prompt, str(new), [str(w) for w in wrong], explanation

    return build


def _ca_ack(rng: random.Random, lang: str) -> Built:
    smss = rng.choice((536, 1000, 1460))
    cwnd = smss * rng.randint(8, 30) + rng.choice((0, smss // 2))
    new = congestion.avoidance_ack(cwnd, smss)
    prompt = pick(lang, f"In congestion avoidance, cwnd = {cwnd} bytes and SMSS = {smss}. One ACK of a full segment "
                        f"arrives. What is cwnd now, in bytes (integer arithmetic)?",
                  f"拥塞避免阶段 cwnd = {cwnd} 字节，SMSS = {smss}。到达一个确认了一个完整报文段的 ACK。"
                  f"现在 cwnd 是多少字节（整数运算）？")
    wrong = [cwnd + smss, cwnd + 1, cwnd + smss // 2, cwnd * 2]
    explanation = pick(lang, f"Equation (3): cwnd += SMSS × SMSS / cwnd = {smss} × {smss} / {cwnd} = "
                             f"{smss * smss // cwnd} (rounded down; at least 1), so {new}. Over a window's worth of "
                             f"ACKs that adds about one SMSS per RTT. {BYTES_NOTE[lang]} RFC 5681 section 3.1.",
                       f"公式 (3)：cwnd += SMSS × SMSS / cwnd = {smss} × {smss} / {cwnd} = {smss * smss // cwnd}"
                       f"（向下取整，至少 1），所以为 {new}。一个窗口的 ACK 加起来每个 RTT 约增加一个 SMSS。"
                       f"{BYTES_NOTE[lang]}RFC 5681 第 3.1 节。")
    return prompt, str(new), [str(w) for w in wrong], explanation


def _ca_round(rng: random.Random, lang: str) -> Built:
    smss = 1000
    segs = rng.randint(4, 10)
    cwnd = smss * segs
    values = [cwnd]
    for _ in range(segs):
        values.append(congestion.avoidance_ack(values[-1], smss))
    new = values[-1]
    prompt = pick(lang, f"In congestion avoidance, cwnd = {cwnd} bytes, SMSS = {smss}. The {segs} full segments of one "
                        f"window are each ACKed on its own. What is cwnd after those {segs} ACKs, by equation (3) with "
                        f"integer arithmetic?",
                  f"拥塞避免阶段 cwnd = {cwnd} 字节，SMSS = {smss}。一个窗口的 {segs} 个完整报文段各自被单独确认。"
                  f"按公式 (3)、整数运算，这 {segs} 个 ACK 之后 cwnd 是多少？")
    wrong = [cwnd + smss, cwnd + segs, cwnd * 2, new + 1]
    steps = " → ".join(str(v) for v in values)
    explanation = pick(lang, f"Each ACK adds {smss}²/cwnd of the cwnd at that moment: {steps}. The sum, "
                             f"{new - cwnd} bytes, is a little under one SMSS, because cwnd grows during the round: "
                             f"the per-round model's \"+1 segment\" is a rounding of this. {BYTES_NOTE[lang]} "
                             f"RFC 5681 section 3.1.",
                       f"每个 ACK 增加当时 cwnd 下的 {smss}²/cwnd：{steps}。合计 {new - cwnd} 字节，略少于一个 SMSS，"
                       f"因为 cwnd 在这一轮中不断变大：按轮次计算的“每轮加 1”是它的近似。{BYTES_NOTE[lang]}"
                       f"RFC 5681 第 3.1 节。")
    return prompt, str(new), [str(w) for w in wrong], explanation


def _bytes_timeout(asked: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        smss = rng.choice((536, 1000, 1460))
        flight = smss * rng.randint(1, 20)
        cwnd, ssthresh = congestion.timeout_bytes(flight, smss)
        right = cwnd if asked == "cwnd" else ssthresh
        prompt = pick(lang, f"SMSS = {smss} bytes and FlightSize = {flight} bytes when the retransmission timer "
                            f"expires. What is the new {asked}, in bytes?",
                      f"SMSS = {smss} 字节，FlightSize = {flight} 字节时重传计时器超时。新的 {asked} 是多少字节？")
        wrong = [flight // 2, 2 * smss, flight, ssthresh + 3 * smss, smss, max(flight // 2, smss)]
        explanation = pick(lang, f"Equation (4): ssthresh = max(FlightSize / 2, 2 × SMSS) = max({flight // 2}, "
                                 f"{2 * smss}) = {ssthresh}; and cwnd = the loss window, 1 SMSS = {cwnd}. "
                                 f"{BYTES_NOTE[lang]} RFC 5681 section 3.1.",
                           f"公式 (4)：ssthresh = max(FlightSize / 2, 2 × SMSS) = max({flight // 2}, {2 * smss}) = "
                           f"{ssthresh}；cwnd 为丢失窗口 LW = 1 个 SMSS = {cwnd}。{BYTES_NOTE[lang]}RFC 5681 第 3.1 "
                           f"节。")
        return prompt, str(right), [str(w) for w in wrong], explanation

    return build


def _bytes_fast(asked: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        smss = rng.choice((536, 1000, 1460))
        flight = smss * rng.randint(6, 24)
        extra = {"ssthresh": 0, "third": 0, "plus-1": 1, "plus-2": 2, "plus-3": 3, "new-ack": 0}[asked]
        cwnd, ssthresh = congestion.fast_recovery_bytes(flight, smss, extra)
        if asked == "ssthresh":
            question = pick(lang, "What is ssthresh now?", "此时 ssthresh 是多少？")
            right = ssthresh
        elif asked == "third":
            question = pick(lang, "What is cwnd right after the fast retransmit?", "快重传刚发出时 cwnd 是多少？")
            right = cwnd
        elif asked == "new-ack":
            question = pick(lang, "Later the ACK of the retransmission arrives, acknowledging new data. What is cwnd "
                                  "then?",
                            "之后确认重传数据的新 ACK 到达。此时 cwnd 是多少？")
            right = ssthresh
        else:
            question = pick(lang, f"{extra} more duplicate ACK(s) arrive. What is cwnd then?",
                            f"又到达 {extra} 个重复 ACK。此时 cwnd 是多少？")
            right = cwnd
        prompt = pick(lang, f"A Reno sender (RFC 5681) with SMSS = {smss} bytes and FlightSize = {flight} bytes gets "
                            f"its "
                            f"third duplicate ACK. {question} (bytes)",
                      f"Reno 发送方（RFC 5681）SMSS = {smss} 字节，FlightSize = {flight} 字节，收到第 3 个重复 ACK。"
                      f"{question}（字节）")
        wrong = [ssthresh, ssthresh + 3 * smss, ssthresh + (3 + extra + 1) * smss, flight // 2 + extra * smss, smss,
                 flight]
        explanation = pick(lang, f"Step 2 of section 3.2: ssthresh = max(FlightSize / 2, 2 × SMSS) = {ssthresh}; "
                                 f"retransmit the lost segment; cwnd = ssthresh + 3 × SMSS = {ssthresh + 3 * smss} "
                                 f"(the three segments that left the network). Step 4: each further duplicate ACK "
                                 f"adds SMSS. Step 6: the ACK of new data sets cwnd = ssthresh = {ssthresh} (deflating "
                                 f"the window). {BYTES_NOTE[lang]} RFC 5681 section 3.2.",
                           f"第 3.2 节第 2 步：ssthresh = max(FlightSize / 2, 2 × SMSS) = {ssthresh}；"
                           f"重传丢失的报文段；"
                           f"cwnd = ssthresh + 3 × SMSS = {ssthresh + 3 * smss}（已离开网络的 3 个报文段）。第 4 步："
                           f"之后每个重复 ACK 加一个 SMSS。第 6 步：确认新数据的 ACK 到达时 cwnd = ssthresh = "
                           f"{ssthresh}（窗口收缩）。{BYTES_NOTE[lang]}RFC 5681 第 3.2 节。")
        return prompt, str(right), [str(w) for w in wrong], explanation

    return build


BYTES_FIXED = (
    ("bytes/vs-rounds",
     ("Where does RFC 5681's byte counting differ from the textbook's \"+1 segment per RTT\" chart?",
      "The initial window is 2 to 4 segments, and congestion avoidance grows a little under one SMSS per RTT",
      ("Nowhere: they give the same numbers", "Slow start in bytes grows by a factor of 4 per RTT",
       "In bytes ssthresh is never halved"),
      "The chart starts at 1 segment and adds exactly 1 per round; RFC 5681 starts at IW (equation 1) and adds "
      "SMSS²/cwnd per ACK, which sums to just under SMSS a round. Fast recovery also inflates cwnd by 3 SMSS, "
      "which the chart leaves out. RFC 5681 section 3."),
     ("RFC 5681 按字节计算与教科书“每个 RTT 加 1 个报文段”的图有何不同？",
      "初始窗口是 2 到 4 个报文段，拥塞避免每个 RTT 增长略少于一个 SMSS",
      ("没有区别：数字完全相同", "按字节计时慢开始每个 RTT 增长 4 倍", "按字节计时 ssthresh 从不减半"),
      "教科书的图从 1 个报文段开始、每轮正好加 1；RFC 5681 从 IW（公式 1）开始，每个 ACK 加 SMSS²/cwnd，"
      "一轮合计略少于 SMSS。快恢复还会把 cwnd 膨胀 3 个 SMSS，图中不画。RFC 5681 第 3 节。")),
    ("bytes/why-inflate",
     ("Why does fast recovery add 3 × SMSS to cwnd after the third duplicate ACK?",
      "Each duplicate ACK means a segment has left the network, so the sender may send new data in its place",
      ("To make up for the halving at once", "Because the receiver's window grew by 3 segments",
       "To send the three segments again"),
      "A duplicate ACK is sent when a later segment arrives: three of them say three segments are no longer in "
      "flight. Inflating cwnd keeps the ACK clock running during recovery. RFC 5681 section 3.2, step 2."),
     ("为什么快恢复在第 3 个重复 ACK 后给 cwnd 加上 3 × SMSS？",
      "每个重复 ACK 都表示有一个报文段已离开网络，发送方可以补发新数据",
      ("一次性弥补减半的损失", "因为接收窗口增大了 3 个报文段", "为了把那 3 个报文段重发一遍"),
      "后面的报文段到达时接收方才发重复 ACK：三个重复 ACK 说明有三个报文段不再在途。膨胀 cwnd 让恢复期间 ACK 时钟继续"
      "运转。RFC 5681 第 3.2 节第 2 步。")),
)


def bytes_kind(lang: str) -> Iterator[Spec]:
    for band in IW_BANDS:
        yield _numeric(f"bytes/iw/{band}-smss", "cwnd-bytes", lang, _iw(band))
    for full in (True, False):
        yield _numeric(f"bytes/slow-start-ack/{'full' if full else 'partial'}", "cwnd-bytes", lang, _ss_ack(full))
    yield _numeric("bytes/avoidance-ack", "cwnd-bytes", lang, _ca_ack)
    yield _numeric("bytes/avoidance-round", "cwnd-bytes", lang, _ca_round)
    for asked in ("cwnd", "ssthresh"):
        yield _numeric(f"bytes/timeout/{asked}", "cwnd-bytes", lang, _bytes_timeout(asked))
    for asked in ("ssthresh", "third", "plus-1", "plus-2", "plus-3", "new-ack"):
        yield _numeric(f"bytes/fast-recovery/{asked}", "cwnd-bytes", lang, _bytes_fast(asked))
    for key, en, zh in BYTES_FIXED:
        yield _fixed(key, "cwnd-bytes", lang, en, zh)


# -- cc-algo: NewReno, CUBIC, Linux ------------------------------------------------------------

ALGO_FIXED = (
    ("algo/newreno/partial-ack",
     ("In NewReno (RFC 6582), what is a partial ACK during fast recovery?",
      "An ACK of new data that does not cover all data outstanding when recovery began (the recover point)",
      ("A duplicate ACK that carries a SACK block", "An ACK of part of a segment", "An ACK that shrinks the window"),
      "NewReno records `recover`, the highest sequence number sent when the third duplicate ACK came; an ACK "
      "below it shows that another segment of the same window was lost. RFC 6582 section 3."),
     ("NewReno（RFC 6582）快恢复期间的“部分确认”（partial ACK）指什么？",
      "确认了新数据、但没有覆盖进入快恢复时已发出的全部数据（recover 点）的 ACK",
      ("携带 SACK 块的重复 ACK", "只确认了一个报文段的一部分的 ACK", "使窗口缩小的 ACK"),
      "NewReno 记下 recover，即收到第 3 个重复 ACK 时已发出的最高序号；低于它的 ACK 说明同一窗口中还有别的报文段丢失。"
      "RFC 6582 第 3 节。")),
    ("algo/newreno/on-partial",
     ("What does a NewReno sender do on a partial ACK?",
      "It retransmits the first unacknowledged segment at once and stays in fast recovery",
      ("It leaves fast recovery and sets cwnd = ssthresh", "It waits for three more duplicate ACKs",
       "It halves ssthresh again"),
      "Reno leaves recovery on the first new ACK and often needs a timeout for the next hole; NewReno treats the "
      "partial ACK as a sign of the next loss, retransmits it, deflates cwnd by the amount acknowledged (adding "
      "back one SMSS) and stays in recovery: one loss repaired per RTT, ssthresh cut only once. RFC 6582 "
      "section 3.2."),
     ("NewReno 发送方收到部分确认时怎么做？",
      "立即重传第一个未确认的报文段，并继续留在快恢复中",
      ("退出快恢复并令 cwnd = ssthresh", "再等 3 个重复 ACK", "再次把 ssthresh 减半"),
      "Reno 在第一个新 ACK 时就退出恢复，下一个空缺往往要等超时；NewReno 把部分确认当作下一个丢失的信号，立即重传，"
      "按确认的数量收缩 cwnd（再加回一个 SMSS）并留在恢复中：每个 RTT 修复一个丢失，ssthresh 只减一次。"
      "RFC 6582 第 3.2 节。")),
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
      "SMSS)。"
      "RFC 6582 第 3.2 节第 3 步。")),
    ("algo/linux-default",
     ("Which congestion control does Linux use by default?",
      "CUBIC (since Linux 2.6.19); see net.ipv4.tcp_congestion_control",
      ("Reno", "BBR", "Vegas"),
      "CUBIC replaced BIC as the default in 2.6.19; the sysctl net.ipv4.tcp_congestion_control shows the current "
      "one (a distribution may set another, such as bbr), and a socket can choose its own with the TCP_CONGESTION "
      "option. RFC 9438 describes CUBIC."),
     ("Linux 默认使用哪种拥塞控制算法？",
      "CUBIC（自 Linux 2.6.19 起）；见 net.ipv4.tcp_congestion_control",
      ("Reno", "BBR", "Vegas"),
      "CUBIC 在 2.6.19 中取代 BIC 成为默认；sysctl net.ipv4.tcp_congestion_control 显示当前算法（发行版可能改成 bbr "
      "等），"
      "单个套接字可以用 TCP_CONGESTION 选项自选。RFC 9438 描述了 CUBIC。")),
    ("algo/cubic/time",
     ("What does CUBIC's window depend on, unlike Reno's?",
      "The time since the last reduction, not the number of ACKs, so flows with different RTTs grow alike",
      ("Only the receiver's window", "The number of duplicate ACKs", "The packet loss rate measured by the receiver"),
      "W_cubic(t) = C × (t - K)³ + W_max is a function of real time t (RFC 9438 section 4.2); Reno grows one "
      "SMSS per RTT, so a short-RTT flow grows faster."),
     ("与 Reno 不同，CUBIC 的窗口取决于什么？",
      "距上次减窗的时间，而不是收到的 ACK 数，所以不同 RTT 的流增长得一样快",
      ("只取决于接收窗口", "重复 ACK 的个数", "接收方测得的丢包率"),
      "W_cubic(t) = C × (t - K)³ + W_max 是实际时间 t 的函数（RFC 9438 第 4.2 节）；Reno 每个 RTT 加一个 SMSS，"
      "RTT 短的流增长更快。")),
    ("algo/cubic/beta",
     ("By how much does CUBIC reduce its window on a loss?",
      "To 0.7 × the window (beta_cubic = 0.7), not to half as Reno does",
      ("To half, as Reno does", "To 1 segment", "By 0.4 × the window"),
      "RFC 9438 section 4.6: ssthresh = cwnd × beta_cubic with beta_cubic = 0.7; C = 0.4 is the scaling "
      "constant of the cubic function, not the reduction."),
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
      "三次曲线在 t = K 处取平台 W = W_max：窗口小心地接近上次发生丢失的大小，越过后加速探测。RFC 9438 第 4.3 至 4.5 "
      "节。")),
    ("algo/cubic/reno-friendly",
     ("What is CUBIC's Reno-friendly region?",
      "Where an estimate of what Reno would have (W_est) exceeds W_cubic, CUBIC uses W_est, so it is never slower "
      "than Reno",
      ("A mode where CUBIC switches to Tahoe", "The slow start phase", "The region after three duplicate ACKs"),
      "On short-RTT or low-bandwidth paths Reno can grow faster than the cubic curve; RFC 9438 section 4.3 has "
      "CUBIC follow the Reno estimate there."),
     ("CUBIC 的“Reno 友好区”（Reno-friendly region）是什么？",
      "当估算的 Reno 窗口 W_est 大于 W_cubic 时，CUBIC 采用 W_est，从而不比 Reno 慢",
      ("CUBIC 切换成 Tahoe 的模式", "慢开始阶段", "收到 3 个重复 ACK 之后的阶段"),
      "在 RTT 短或带宽小的路径上 Reno 可能比三次曲线增长得快；RFC 9438 第 4.3 节规定此时 CUBIC 跟随 Reno 的估算值。")),
    ("algo/tahoe-vs-reno",
     ("What is the one difference between Tahoe and Reno?",
      "On three duplicate ACKs Reno halves cwnd and continues (fast recovery); Tahoe drops cwnd to 1 and slow-starts",
      ("Tahoe has no slow start", "Reno ignores timeouts", "Tahoe never retransmits before a timeout"),
      "Both retransmit on three duplicate ACKs (fast retransmit) and both go back to "
      "cwnd = 1 after a timeout; only Reno adds fast recovery. RFC 5681 section 3.2."),
     ("Tahoe 与 Reno 的唯一区别是什么？",
      "收到 3 个重复 ACK 时，Reno 把 cwnd 减半后继续（快恢复）；Tahoe 把 cwnd 降为 1 重新慢开始",
      ("Tahoe 没有慢开始", "Reno 忽略超时", "Tahoe 在超时前从不重传"),
      "两者都在 3 个重复 ACK 时重传（快重传），超时后都回到 cwnd = 1；只有 Reno 增加了快恢复。"
      "RFC 5681 第 3.2 节。")),
    ("algo/why-three",
     ("Why wait for three duplicate ACKs rather than one before retransmitting?",
      "One or two can come from segments merely reordered in the network; three make a loss likely",
      ("The receiver always sends ACKs in threes", "RFC 9293 forbids retransmitting earlier",
       "It takes three ACKs to measure an RTT"),
      "A segment that arrives out of order also produces duplicate ACKs; the threshold of three trades a "
      "faster repair against needless retransmissions. RFC 5681 section 3.2."),
     ("为什么要等 3 个而不是 1 个重复 ACK 才重传？",
      "一两个重复 ACK 可能只是网络中报文失序造成的；三个才说明很可能丢失了",
      ("接收方总是成组发送 3 个 ACK", "RFC 9293 禁止更早重传", "测一个 RTT 需要 3 个 ACK"),
      "报文失序到达也会产生重复 ACK；阈值 3 在尽快修复与无谓重传之间取得平衡。RFC 5681 第 3.2 节。")),
)


def _cubic_k(rng: random.Random, lang: str) -> Built:
    w_max = rng.choice((36, 72, 100, 120, 288, 400, 972, 1000))
    k = congestion.cubic_k(w_max)
    prompt = pick(lang, f"CUBIC (RFC 9438, C = 0.4, beta_cubic = 0.7) saw a loss at W_max = {w_max} segments. How many "
                        f"seconds (K) until its window is back at W_max? (two decimals)",
                  f"CUBIC（RFC 9438，C = 0.4，beta_cubic = 0.7）在 W_max = {w_max} 个报文段时发生丢失。"
                  f"窗口回到 W_max 需要多少秒（K）？（保留两位小数）")
    wrong = [(w_max * 0.5 / 0.4) ** (1 / 3), (w_max * 0.7 / 0.4) ** (1 / 3), w_max * 0.3 / 0.4, (w_max * 0.3) ** 0.5]
    explanation = pick(lang, f"Equation (2): K = cbrt((W_max - cwnd_epoch) / C), and right after the reduction "
                             f"cwnd_epoch = beta_cubic × W_max, so K = cbrt({w_max} × 0.3 / 0.4) = "
                             f"cbrt({_num(w_max * 0.75)}) = {k:.2f} s. RFC 9438 section 4.2.",
                       f"公式 (2)：K = cbrt((W_max - cwnd_epoch) / C)，减窗后 cwnd_epoch = beta_cubic × W_max，"
                       f"所以 K = cbrt({w_max} × 0.3 / 0.4) = cbrt({_num(w_max * 0.75)}) = {k:.2f} 秒。"
                       f"RFC 9438 第 4.2 节。")
    return prompt, f"{k:.2f}", [f"{w:.2f}" for w in wrong], explanation


def _cubic_window(rng: random.Random, lang: str) -> Built:
    w_max = rng.choice((36, 72, 100, 288, 972))
    k = congestion.cubic_k(w_max)
    t = rng.choice((0, 1, 2, round(k), round(k) + 1, round(k) + 2))
    w = congestion.cubic_window(t, w_max)
    prompt = pick(lang, f"CUBIC (C = 0.4, beta_cubic = 0.7) reduced its window after a loss at W_max = {w_max} "
                        f"segments. "
                        f"What is W_cubic {t} s later, in segments? (two decimals)",
                  f"CUBIC（C = 0.4，beta_cubic = 0.7）在 W_max = {w_max} 个报文段时因丢失减窗。{t} 秒后 W_cubic 是"
                  f"多少个报文段？（保留两位小数）")
    wrong = [w_max * 0.5 + t, 0.4 * t ** 3 + w_max, w_max * 0.7 + t, w + 1, w_max]
    explanation = pick(lang, f"K = cbrt({w_max} × 0.3 / 0.4) = {k:.4f} s; W_cubic(t) = C(t - K)³ + W_max = "
                             f"0.4 × ({t} - {k:.4f})³ + {w_max} = {w:.2f}. At t = 0 this is 0.7 × W_max = "
                             f"{0.7 * w_max:.2f}, the window just after the reduction. RFC 9438 section 4.2.",
                       f"K = cbrt({w_max} × 0.3 / 0.4) = {k:.4f} 秒；W_cubic(t) = C(t - K)³ + W_max = "
                       f"0.4 × ({t} - {k:.4f})³ + {w_max} = {w:.2f}。t = 0 时恰为 0.7 × W_max = {0.7 * w_max:.2f}，"
                       f"即减窗后的窗口。RFC 9438 第 4.2 节。")
    return prompt, f"{w:.2f}", [f"{x:.2f}" for x in wrong], explanation


def _cubic_reduce(rng: random.Random, lang: str) -> Built:
    cwnd = rng.choice((20, 40, 50, 80, 100, 140, 200))
    prompt = pick(lang, f"CUBIC's cwnd is {cwnd} segments when three duplicate ACKs arrive. What does ssthresh become "
                        f"(RFC 9438)?",
                  f"CUBIC 的 cwnd 为 {cwnd} 个报文段时收到 3 个重复 ACK。ssthresh 变为多少（RFC 9438）？")
    right = cwnd * 7 // 10
    wrong = [cwnd // 2, cwnd * 4 // 10, cwnd * 3 // 10, 1]
    explanation = pick(lang, f"ssthresh = cwnd × beta_cubic = {cwnd} × 0.7 = {right}; Reno would take {cwnd // 2}. "
                             f"RFC 9438 section 4.6.",
                       f"ssthresh = cwnd × beta_cubic = {cwnd} × 0.7 = {right}；Reno 会取 {cwnd // 2}。RFC 9438 第 "
                       f"4.6 节。")
    return prompt, str(right), [str(w) for w in wrong], explanation


def algo_kind(lang: str) -> Iterator[Spec]:
    for key, en, zh in ALGO_FIXED:
        yield _fixed(key, "cc-algo", lang, en, zh)
    yield _numeric("algo/cubic/k", "cc-algo", lang, _cubic_k)
    yield _numeric("algo/cubic/window-at-t", "cc-algo", lang, _cubic_window)
    yield _numeric("algo/cubic/reduce", "cc-algo", lang, _cubic_reduce)


# -- nagle: Nagle's algorithm and delayed ACKs -------------------------------------------------

NAGLE_REF = {"en": "RFC 1122 sections 4.2.3.2 and 4.2.3.4; RFC 9293 sections 3.7.4 and 3.8.6.3.",
             "zh": "RFC 1122 第 4.2.3.2、4.2.3.4 节；RFC 9293 第 3.7.4、3.8.6.3 节。"}


def _stall(nagle_on: bool, delack_on: bool, asked: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        rtt = rng.choice((2, 10, 20, 40, 60, 100))
        delack = rng.choice((40, 200, 100))
        ex = nagle.write_write_read(rtt, delack, nagle=nagle_on, delayed_ack=delack_on)
        value = ex.request_complete if asked == "request" else ex.reply_received
        settings = pick(lang, f"Nagle {'on' if nagle_on else 'off (TCP_NODELAY)'}; the server "
                              f"{'delays ACKs by ' + str(delack) + ' ms' if delack_on else 'ACKs at once'}",
                        f"Nagle {'开启' if nagle_on else '关闭（TCP_NODELAY）'}；服务器"
                        f"{'延迟 ACK ' + str(delack) + ' ms' if delack_on else '立即确认'}")
        what = pick(lang, "does the whole request reach the server" if asked == "request" else
                    "does the reply reach the client", "完整请求到达服务器" if asked == "request" else "响应回到客户端")
        prompt = pick(lang, f"A client writes a request as two small pieces (a header, then a body, each far below the "
                            f"MSS) and then waits for the reply; the server replies as soon as it has both. RTT = "
                            f"{rtt} ms, transmission time negligible; {settings}. How many ms after the first write "
                            f"{what}?",
                      f"客户端把请求分两次小写入发出（先首部后正文，都远小于 MSS），然后等待响应；"
                      f"服务器收齐后立即响应。"
                      f"RTT = {rtt} ms，发送时延忽略；{settings}。第一次写入之后多少 ms，{what}？")
        half = rtt / 2
        if nagle_on:
            ack = f"{_num(half)} + {delack if delack_on else 0}"
            steps = pick(lang, f"The header goes at once and arrives at {_num(half)} ms. Nagle holds the body until "
                               f"the "
                               f"header is ACKed; the server, with half a request, has nothing to send, so its ACK "
                               f"leaves at {ack} and reaches the client at {_num(ex.second_sent)} ms. The body arrives "
                               f"at {_num(ex.request_complete)} ms",
                         f"首部立即发出，{_num(half)} ms 到达。Nagle 把正文扣住直到首部被确认；服务器只有半个请求，"
                         f"无数据可捎带，"
                         f"ACK 在 {ack} ms 发出，{_num(ex.second_sent)} ms 到达客户端。正文在 "
                         f"{_num(ex.request_complete)} "
                         f"ms 到达")
        else:
            steps = pick(lang, f"Without Nagle both pieces leave at once and the request is complete at "
                               f"{_num(ex.request_complete)} ms", f"关闭 Nagle 后两段立即发出，请求在 "
                         f"{_num(ex.request_complete)} ms 到齐")
        tail = pick(lang, f"; the reply takes another {_num(half)} ms, back at {_num(ex.reply_received)} ms"
                          if asked == "reply" else "", f"；响应再过 {_num(half)} ms，于 {_num(ex.reply_received)} ms "
                                                       f"回到"
                          if asked == "reply" else "")
        explanation = pick(lang, f"{steps}{tail}. {NAGLE_REF[lang]}", f"{steps}{tail}。{NAGLE_REF[lang]}")
        wrong = [value + delack, value - half, value + rtt, float(rtt), value + half, value * 2]
        return prompt, _num(value), [_num(w) for w in wrong], explanation

    return build


def _sends_now(case: str) -> Template:
    def build(rng: random.Random, lang: str) -> Built:
        mss = rng.choice((536, 1460))
        unacked = 0 if case == "idle" else rng.randint(1, 3) * rng.choice((10, 100, 200))
        size = mss * rng.randint(1, 3) if case == "full" else rng.randint(1, mss // 2)
        nodelay = case == "nodelay"
        now = nagle.nagle_sends_now(size, mss, unacked, nodelay)
        prompt = pick(lang, f"MSS = {mss}. The application writes {size} bytes; {unacked} bytes sent earlier are still "
                            f"unacknowledged; the window is "
                            f"open{'; the socket has TCP_NODELAY set' if nodelay else ''}. "
                            f"Does TCP send the new data at once?",
                      f"MSS = {mss}。应用写入 {size} 字节；之前发出的 {unacked} 字节尚未确认；窗口是打开的"
                      f"{'；套接字设置了 TCP_NODELAY' if nodelay else ''}。TCP 会立即发送这些新数据吗？")
        yes_full = pick(lang, "Yes: a full segment is always sent", "会：满一个 MSS 的报文段总是立即发送")
        yes_idle = pick(lang, "Yes: nothing is unacknowledged, so even a small segment goes",
                        "会：没有未确认的数据，小报文段也立即发送")
        yes_nodelay = pick(lang, "Yes: TCP_NODELAY turns Nagle off", "会：TCP_NODELAY 关闭了 Nagle 算法")
        no_wait = pick(lang, "No: Nagle holds it until the outstanding data is ACKed or a full segment gathers",
                       "不会：Nagle 算法把它扣住，直到未确认数据被确认或攒满一个 MSS")
        right = no_wait if not now else {"full": yes_full, "idle": yes_idle, "nodelay": yes_nodelay}[case]
        wrong = [c for c in (yes_full, yes_idle, yes_nodelay, no_wait,
                             pick(lang, "No: it waits for the delayed-ACK timer", "不会：等延迟 ACK 计时器到期"))
                 if c != right]
        explanation = pick(lang, "Nagle: if there is unacknowledged data, buffer a small write until it is "
                                 "acknowledged or a full-sized segment can be sent; a full segment, or a small one "
                                 "with "
                                 f"nothing outstanding, goes at once. TCP_NODELAY disables it. {NAGLE_REF[lang]}",
                           "Nagle 算法：有未确认数据时，小数据先缓存，直到数据被确认或能发送满长报文段；满长报文段，"
                           "或没有未确认"
                           f"数据时的小报文段，立即发送。TCP_NODELAY 可关闭它。{NAGLE_REF[lang]}")
        return prompt, right, wrong, explanation

    return build


NAGLE_FIXED = (
    ("nagle/purpose",
     ("What problem does Nagle's algorithm solve?",
      "Many tiny segments (\"tinygrams\") whose 40-byte headers dwarf their data, e.g. one per keystroke",
      ("Lost segments on wireless links", "Receivers advertising tiny windows", "SYN floods"),
      "RFC 896 named it: a Telnet keystroke costs a 41-byte packet. Holding small writes while data is "
      "outstanding sends at most one small segment per RTT. RFC 1122 section 4.2.3.4. (Tiny windows from the "
      "receiver are silly window syndrome, handled by the receiver's rule.)"),
     ("Nagle 算法解决什么问题？",
      "大量小报文段（tinygram）：40 字节的首部远大于数据，例如每敲一次键发一个包",
      ("无线链路上的丢包", "接收方通告很小的窗口", "SYN 洪泛"),
      "RFC 896 提出：一次 Telnet 按键要发 41 字节的包。有未确认数据时扣住小写入，每个 RTT 至多一个小报文段。"
      "RFC 1122 第 4.2.3.4 节。（接收方通告小窗口属于糊涂窗口综合征，由接收方规则处理。）")),
    ("nagle/delack-limit",
     ("How long may a receiver delay an ACK, by the RFCs?",
      "Less than 0.5 s, and it should ACK at least every second full-sized segment",
      ("Up to 2 s", "Up to one RTO", "As long as it has no data to send"),
      "RFC 9293 section 3.8.6.3 (from RFC 1122 section 4.2.3.2): the delay MUST be less than 0.5 s, and in a "
      "stream of full-sized segments there SHOULD be an ACK for at least every second one. Linux waits 40 ms to "
      "200 ms."),
     ("按 RFC，接收方最多能把 ACK 延迟多久？",
      "少于 0.5 秒，且对满长报文段至少每两个确认一次",
      ("最多 2 秒", "最多一个 RTO", "只要它没有数据要发就可以一直等"),
      "RFC 9293 第 3.8.6.3 节（源自 RFC 1122 第 4.2.3.2 节）：延迟必须小于 0.5 秒；"
      "连续的满长报文段至少每两个应有一个 ACK。"
      "Linux 等待 40 ms 到 200 ms。")),
    ("nagle/fix",
     ("A request/response protocol stalls 40 ms at each request because of Nagle and delayed ACKs. Which fix is best?",
      "Write each request in one call (or set TCP_NODELAY on the writer)",
      ("Make the receive buffer larger", "Turn on window scaling", "Lower the MSS"),
      "The stall needs a small second write held by Nagle while the peer delays its ACK; one write per "
      "request, writev, or TCP_NODELAY removes it. TCP_QUICKACK on the receiver helps only until Linux "
      "re-enters delayed-ACK mode. RFC 1122 section 4.2.3.4."),
     ("一个请求/响应协议因 Nagle 与延迟 ACK 每个请求都卡 40 ms。最好的解决办法是？",
      "每个请求用一次写入发出（或在写方设置 TCP_NODELAY）",
      ("增大接收缓存", "开启窗口扩大", "减小 MSS"),
      "卡顿需要 Nagle 扣住的第二次小写入，加上对端延迟 ACK；每个请求一次写入、用 writev、或设置 TCP_NODELAY 都能消除。"
      "接收方的 TCP_QUICKACK 只在 Linux 重新进入延迟 ACK 模式之前有效。RFC 1122 第 4.2.3.4 节。")),
    ("nagle/why-delack",
     ("Why do receivers delay ACKs at all?",
      "To send fewer segments: the ACK can ride on a reply or cover two segments, and the window update can grow",
      ("To measure the RTT more precisely", "To slow the sender down on purpose", "Because the RFC forbids "
                                                                                  "immediate ACKs"),
      "An ACK sent a moment later can be piggybacked on data the application is about to write, or acknowledge "
      "two segments at once. RFC 1122 section 4.2.3.2."),
     ("接收方为什么要延迟发送 ACK？",
      "为了少发报文：ACK 可以捎带在响应数据上，或一次确认两个报文段，窗口更新也能更大",
      ("为了更准确地测量 RTT", "故意让发送方慢下来", "因为 RFC 禁止立即确认"),
      "稍晚发出的 ACK 可以捎带在应用即将写出的数据上，或一次确认两个报文段。RFC 1122 第 4.2.3.2 节。")),
    ("nagle/cork",
     ("How does TCP_CORK (Linux) differ from Nagle's algorithm?",
      "It holds all partial segments until uncorked or full (at most 200 ms), whether or not data is outstanding",
      ("It is the same as TCP_NODELAY", "It delays the receiver's ACKs", "It disables the retransmission timer"),
      "Nagle holds a small write only while data is unacknowledged; a corked socket holds partial frames "
      "regardless and sends them when uncorked or after 200 ms (tcp(7))."),
     ("Linux 的 TCP_CORK 与 Nagle 算法有什么不同？",
      "不论有无未确认数据，都扣住不满的报文段，直到解除 cork 或攒满（最多 200 ms）",
      ("它与 TCP_NODELAY 相同", "它延迟接收方的 ACK", "它关闭重传计时器"),
      "Nagle 只在有未确认数据时扣住小写入；设置了 cork 的套接字无论如何都扣住不满的帧，解除 cork 或 200 ms 后才发送"
      "（tcp(7)）。")),
)


def nagle_kind(lang: str) -> Iterator[Spec]:
    for nagle_on in (True, False):
        for delack_on in (True, False):
            for asked in ("request", "reply"):
                name = f"nagle-{'on' if nagle_on else 'off'}/delack-{'on' if delack_on else 'off'}/{asked}"
                yield _numeric(f"nagle/stall/{name}", "nagle", lang, _stall(nagle_on, delack_on, asked))
    for case in ("small", "full", "idle", "nodelay"):
        yield _numeric(f"nagle/sends-now/{case}", "nagle", lang, _sends_now(case))
    for key, en, zh in NAGLE_FIXED:
        yield _fixed(key, "nagle", lang, en, zh)


GENERATORS: dict[str, Callable[[str], Iterator[Spec]]] = {
    "data": data,
    "window": window,
    "rto": rto_kind,
    "cwnd": cwnd_kind,
    "cwnd-bytes": bytes_kind,
    "cc-algo": algo_kind,
    "nagle": nagle_kind,
}
