"""`rto`: the retransmission timer of RFC 6298. SRTT, RTTVAR and RTO from samples with each
step shown, the three floors, backoff, Karn's rule.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from fractions import Fraction

from tcpquiz.engine import rto
from tcpquiz.engine.question import Spec
from tcpquiz.engine.text import pick
from tcpquiz.engine.transfer_kinds.common import (
    Built,
    Template,
    fixed_spec,
    numeric_spec,
)

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
                        f"第 {index + 1} 个样本 {sample} ms：RTTVAR = 3/4 × {f(rttvar)} + 1/4 × |{f(srtt)} - "
                        f"{sample}| = {f(new_var)}；SRTT = 7/8 × {f(srtt)} + 1/8 × {sample} = {f(new_srtt)}")
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
        prompt = pick(lang, f"A new connection measures the RTT samples {listed}, in that order (alpha = 1/8, beta = "
                            f"1/4, K = 4, clock granularity negligible; {en_floor}). What is {word} after the "
                            f"last sample, in ms?",
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
        prompt = pick(lang, f"A segment's RTO is {start} ms when it is sent. The timer expires {timeouts} time(s) in "
                            f"a row with no ACK. What RTO is the timer started with after the last expiry (RFC "
                            f"6298, 60 s maximum)?",
                      f"某报文段发送时 RTO 为 {start} ms。计时器连续超时 {timeouts} 次都没有收到 ACK。"
                      f"最后一次超时后重启计时器时 RTO 是多少（RFC 6298，上限 60 秒）？")
        right = values[-1]
        wrong = [Fraction(start * (timeouts + 1)), Fraction(start * 2 ** (timeouts + 1)), values[-2] if timeouts > 1
                 else Fraction(start), Fraction(start * 2 ** timeouts) if right != start * 2 ** timeouts
                 else Fraction(start * 2 ** timeouts + start)]
        chain = " → ".join(rto.fmt_ms(v) for v in values)
        explanation = pick(lang, f"Each expiry doubles the RTO (rule 5.5, \"back off the timer\"): {chain} "
                                 f"ms{', capped at 60000' if right == rto.RFC_MAX_RTO_MS else ''}. Karn's rule keeps "
                                 f"the backed-off RTO until an ACK for a segment that was not retransmitted gives a "
                                 f"new sample. RFC 6298 sections 5 and 2.5.",
                           f"每次超时 RTO 翻倍（规则 5.5，“退避计时器”）：{chain} "
                           f"ms{'，封顶 60000' if right == rto.RFC_MAX_RTO_MS else ''}。按 Karn 算法，退避后的 RTO "
                           f"一直保留，直到一个未经重传的报文段的 ACK 给出新样本。RFC 6298 第 5 节、第 2.5 节。")
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
                                 f"no sample from it ({samples[position]} ms is dropped):\n\n",
                           f"重传过的报文段的 ACK 分不清对应哪一次发送，所以 Karn 算法不取它的样本（丢弃 "
                           f"{samples[position]} ms）：\n\n")
        explanation += rto_steps(kept, rto.Floor.NONE, lang)
        explanation += pick(lang, "\n\nRFC 6298 section 3.", "\n\nRFC 6298 第 3 节。")
        return prompt, rto.fmt_ms(est.srtt), [rto.fmt_ms(w) for w in wrong], explanation

    return build


def _granularity(rng: random.Random, lang: str) -> Built:
    sample = rng.choice((100, 200, 300, 400, 500))
    g = rng.choice((500, 1000)) * (1 if sample * 2 < 500 else 2)
    est = rto.estimate([sample], granularity_ms=g, floor=rto.Floor.NONE)[-1]
    prompt = pick(lang, f"A host whose clock ticks every G = {g} ms takes its first RTT sample, {sample} ms. What "
                        f"RTO does RFC 6298 give before the 1 s minimum is applied, in ms?",
                  f"某主机时钟粒度 G = {g} ms，测得第一个 RTT 样本 {sample} ms。RFC 6298 在套用 1 "
                  f"秒下限之前算出的 RTO 是多少 ms？")
    wrong = [Fraction(sample * 3), Fraction(sample + g + 2 * sample), Fraction(g), Fraction(sample + 2 * sample)]
    explanation = pick(lang, f"SRTT = {sample}, RTTVAR = {sample}/2 = {rto.fmt_ms(Fraction(sample, 2))}; RTO = SRTT "
                             f"+ max(G, K × RTTVAR) = {sample} + max({g}, {2 * sample}) = {rto.fmt_ms(est.raw_rto)}: "
                             f"the clock's granularity bounds the variance term from below. {RTO_REF[lang]}",
                       f"SRTT = {sample}，RTTVAR = {sample}/2 = {rto.fmt_ms(Fraction(sample, 2))}；RTO = SRTT + "
                       f"max(G, K × RTTVAR) = {sample} + max({g}, {2 * sample}) = {rto.fmt_ms(est.raw_rto)}："
                       f"时钟粒度给方差项设了下界。{RTO_REF[lang]}")
    return prompt, rto.fmt_ms(est.raw_rto), [rto.fmt_ms(w) for w in wrong], explanation


RTO_FIXED = (
    ("rto/initial",
     ("What RTO does RFC 6298 use before the first RTT sample?",
      "1 second", ("3 seconds", "200 ms", "2 × MSL"),
      "Rule 2.1: until a measurement is made the sender SHOULD set RTO to 1 second (RFC 2988 said 3 s; a 3 s "
      "fallback remains when the SYN or its ACK is lost). RFC 6298 section 2."),
     ("RFC 6298 在取得第一个 RTT 样本之前使用多大的 RTO？",
      "1 秒", ("3 秒", "200 ms", "2 × MSL"),
      "规则 2.1：测得样本之前 RTO 应设为 1 秒（RFC 2988 曾为 3 秒；SYN 或其 ACK 丢失时仍回落到 3 秒）。"
      "RFC 6298 第 2 节。")),
    ("rto/linux-min",
     ("Where does Linux depart from RFC 6298's RTO rules?",
      "Its minimum RTO is 200 ms (TCP_RTO_MIN), not 1 s, and its maximum 120 s",
      ("It has no minimum at all", "Its minimum is 3 s", "It never backs off the timer"),
      "RFC 6298 rule 2.4 rounds an RTO below 1 s up to 1 s; Linux uses TCP_RTO_MIN = 200 ms (settable per route with "
      "`ip route ... rto_min`) and TCP_RTO_MAX = 120 s, and backs off exponentially as rule 5.5 says."),
     ("Linux 在 RTO 规则上与 RFC 6298 有什么不同？",
      "它的最小 RTO 是 200 ms（TCP_RTO_MIN）而非 1 秒，最大 120 秒",
      ("完全没有下限", "下限是 3 秒", "从不对计时器退避"),
      "RFC 6298 规则 2.4 把小于 1 秒的 RTO 提高到 1 秒；Linux 用 TCP_RTO_MIN = 200 ms（可用 `ip route ... rto_min` "
      "按路由设置）和 TCP_RTO_MAX = 120 秒，并按规则 5.5 指数退避。")),
    ("rto/karn-why",
     ("Why does Karn's rule take no RTT sample from a retransmitted segment?",
      "Its ACK may answer the first sending or the retransmission, so the sample is ambiguous",
      ("Retransmissions are sent at a lower priority", "The retransmission has a different sequence number",
       "The receiver does not ACK retransmissions"),
      "An ACK does not say which copy it answers: measured from the first sending the sample may be far too long, "
      "from the retransmission far too short. RFC 6298 section 3 (unless timestamps, RFC 7323, tell "
      "the copies apart)."),
     ("为什么 Karn 算法不从重传过的报文段取 RTT 样本？",
      "它的 ACK 可能对应首次发送，也可能对应重传，样本有二义性",
      ("重传报文的优先级较低", "重传报文的序号不同", "接收方不确认重传报文"),
      "ACK 不说明它确认的是哪一份：从首次发送算起样本可能过长，从重传算起又可能过短。RFC 6298 第 3 "
      "节（除非用时间戳选项 RFC 7323 区分）。")),
    ("rto/after-backoff",
     ("After a timeout doubled the RTO, when does the sender go back to the computed RTO?",
      "When an ACK arrives for a segment that was not retransmitted and gives a valid RTT sample",
      ("At once, with the next ACK of any kind", "After 2MSL", "Never during that connection"),
      "Karn's algorithm keeps the backed-off RTO for the next segments until a valid sample recomputes it (RFC 6298 "
      "sections 3 and 5)."),
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
                yield numeric_spec(f"rto/{count}-samples/{asked}/floor-{floor}", "rto", lang,
                               _estimator(count, asked, floor))
    for timeouts in range(1, 7):
        yield numeric_spec(f"rto/backoff/{timeouts}", "rto", lang, _backoff(timeouts))
    for position in range(3):
        yield numeric_spec(f"rto/karn/retransmitted-{position + 1}", "rto", lang, _karn(position))
    yield numeric_spec("rto/granularity", "rto", lang, _granularity)
    for key, en, zh in RTO_FIXED:
        yield fixed_spec(key, "rto", lang, en, zh)
