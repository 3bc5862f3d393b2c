"""`cwnd`: Tahoe and Reno counted in segments per round trip, as textbooks and exams count
(the model of tcpquiz.engine.congestion.rounds).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from tcpquiz.engine import congestion
from tcpquiz.engine.congestion import Loss, Variant
from tcpquiz.engine.question import Spec
from tcpquiz.engine.text import pick
from tcpquiz.engine.transfer_kinds.common import (
    Built,
    Template,
    numeric_spec,
)

CWND_CONVENTION = {
    "en": "Counted in segments per round trip, as exams do: slow start doubles cwnd but stops at ssthresh, "
          "congestion avoidance adds 1; a loss sets ssthresh = max(⌊cwnd/2⌋, 2).",
    "zh": "按每个往返轮次的报文段数计算（与考试一致）：慢开始每轮翻倍但不超过 ssthresh，拥塞避免每轮加 1；发生丢失时 "
          "ssthresh = max(⌊cwnd/2⌋, 2)。",
}
CC_REF = {"en": "RFC 5681 section 3.", "zh": "RFC 5681 第 3 节。"}
LOSS_WORDS = {Loss.TIMEOUT: ("a retransmission timeout", "超时"),
              Loss.TRIPLE_DUP: ("three duplicate ACKs", "3 个重复 ACK")}
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
                            f"round {at}, with cwnd = {cwnd_at}, the sender detects a loss by {en_loss}. {question} "
                            f"(Segments per round trip.)",
                      f"{VARIANT_WORDS[variant]} 初始 cwnd = 1 个报文段，ssthresh = {ssthresh}。第 {at} 轮次（cwnd = "
                      f"{cwnd_at}）时发送方通过{zh_loss}发现丢失。{question}（按每轮次的报文段数计。）")
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
                            f"lost. What is cwnd in round {round_no}?",
                      f"连接初始 cwnd = 1 个报文段，ssthresh = {ssthresh}，没有丢失。第 {round_no} "
                      f"轮次的 cwnd 是多少？")
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
                            f"lost. In which round is cwnd {target} segments for the first time?",
                      f"连接初始 cwnd = 1 个报文段，ssthresh = {ssthresh}，没有丢失。cwnd "
                      f"在第几轮次首次达到 {target}？")
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
                            f"loss is detected by {LOSS_WORDS[first][0]} in round {a} and by {LOSS_WORDS[second][0]} "
                            f"in round {b}. What is {word} in round {end}?",
                      f"{VARIANT_WORDS[variant]} 初始 cwnd = 1，ssthresh = {ssthresh}（报文段）。第 {a} "
                      f"轮次通过{LOSS_WORDS[first][1]}发现丢失，第 {b} 轮次又通过{LOSS_WORDS[second][1]}发现丢失。第 "
                      f"{end} 轮次的 {word} 是多少？")
        explanation = (f"{CWND_CONVENTION[lang]}\n\n{_trace(run, lang, len(run))}\n\n"
                       + pick(lang, f"Round "
                                    f"{a}: ", f"第 {a} 轮次：") + _loss_outcome(run[a - 1].cwnd, first, variant, lang)
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
        prompt = pick(lang, f"{VARIANT_WORDS[variant]}: cwnd starts at 1, ssthresh at {ssthresh} (segments). In "
                            f"round {at} a loss is detected by {LOSS_WORDS[loss][0]}. In which phase is the sender "
                            f"in round {asked}?",
                      f"{VARIANT_WORDS[variant]}：cwnd 初始为 1，ssthresh 为 {ssthresh}（报文段）。第 {at} "
                      f"轮次通过{LOSS_WORDS[loss][1]}发现丢失。第 {asked} 轮次发送方处于哪个阶段？")
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
                      f"cwnd 初始为 1 个报文段，ssthresh = {ssthresh}，没有丢失，接收窗口不构成限制。完整的 {count} "
                      f"个轮次共发送了多少个报文段？")
        terms = " + ".join(str(r.cwnd) for r in run)
        explanation = f"{CWND_CONVENTION[lang]}\n\n{_trace(run, lang, count)}\n\n{terms} = {total}. {CC_REF[lang]}"
        return prompt, str(total), [str(w) for w in wrong], explanation

    return build


def cwnd_kind(lang: str) -> Iterator[Spec]:
    for variant in Variant:
        for loss in Loss:
            for asked in ("next", "plus-2", "plus-3", "plus-4", "ssthresh"):
                yield numeric_spec(f"cwnd/{variant}/{loss}/{asked}", "cwnd", lang, _one_loss(variant, loss, asked))
    for round_no in range(2, 13):
        yield numeric_spec(f"cwnd/no-loss/round-{round_no}", "cwnd", lang, _no_loss(round_no))
    for phase in ("slow-start", "avoidance"):
        yield numeric_spec(f"cwnd/reach/{phase}", "cwnd", lang, _reach(phase))
    for variant in Variant:
        for first in Loss:
            for second in Loss:
                for asked in ("cwnd", "ssthresh"):
                    yield numeric_spec(f"cwnd/{variant}/{first}-then-{second}/{asked}", "cwnd", lang,
                                   _two_losses(variant, first, second, asked))
        yield numeric_spec(f"cwnd/{variant}/phase", "cwnd", lang, _phase_at(variant))
    for count in range(3, 7):
        yield numeric_spec(f"cwnd/total-sent/{count}-rounds", "cwnd", lang, _total_sent(count))
