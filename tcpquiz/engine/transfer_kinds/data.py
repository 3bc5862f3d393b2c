"""`data`: a window of segments with one lost. The duplicate ACKs and how many, what is
retransmitted, what the receiver holds out of order, the ACK once the hole is filled
(RFC 9293 section 3.10.7.4; RFC 5681 sections 3.2 and 4.2).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from tcpquiz.engine import congestion, seqnum, transfer
from tcpquiz.engine.question import Spec
from tcpquiz.engine.text import pick
from tcpquiz.engine.transfer_kinds.common import (
    Built,
    Template,
    first_seq,
    numeric_spec,
    ordinal,
    segment_sizes,
)


def _segment_list(sent: tuple[transfer.Segment, ...], lang: str) -> str:
    return ", ".join(pick(lang, f"({s.seq}, {s.len} bytes)", f"({s.seq}，{s.len} 字节)") for s in sent)


DATA_ASKED = ("dup-value", "dup-count", "retransmit", "after", "held")


def _loss_setup(rng: random.Random, n: int, lost: int, lang: str) -> tuple[transfer.LossRun, str]:
    run = transfer.lose_one(first_seq(rng), segment_sizes(rng, n), lost)
    text = pick(lang, f"A sender sends {n} segments back to back (seq, length): {_segment_list(run.sent, lang)}. The "
                      f"receiver's RCV.NXT is {run.sent[0].seq}. The {ordinal(lost + 1, lang)} segment is lost; the "
                      f"others arrive in order, and the receiver ACKs each at once.",
                f"发送方连续发送 {n} 个报文段（序号，长度）：{_segment_list(run.sent, lang)}。接收方的 RCV.NXT 为 "
                f"{run.sent[0].seq}。其中{ordinal(lost + 1, lang)}报文段丢失，其余按序到达，"
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
                    return pick(lang, f"{count}: it waits for the retransmission timer",
                                f"{count} 个：只能等重传计时器超时")
                return pick(lang, f"{count}: it retransmits at once (fast retransmit)",
                            f"{count} 个：立即重传（快重传）")

            wrong = [choice(n - lost - 1 + 1), mislabelled(dups), choice(max(dups - 1, 0)), choice(dups + 2)]
            first = pick(lang, "The first ACK after the loss is itself a duplicate of the ACK before it. " if lost > 0
                         else "The first ACK the sender gets is already the duplicate of the one it had before. ",
                         "丢失后的第一个 ACK 就已经与之前的 ACK 重复。")
            explanation = pick(lang, f"{base} {n - lost - 1} segments arrive after the hole, each answered with ACK "
                                     f"{miss.seq}: {dups} duplicates. {first}Three duplicate ACKs trigger fast "
                                     f"retransmit; fewer leave the sender waiting for the RTO. {ref}",
                               f"{base}空缺之后到达 {n - lost - 1} 个报文段，每个都回 ACK {miss.seq}：共 {dups} "
                               f"个重复 ACK。{first}收到 3 个重复 ACK 即快重传；不足 3 个就只能等 RTO 超时。{ref}")
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
                                     f"seq {miss.seq}, {miss.len} bytes; the segments after it are already held by "
                                     f"the receiver. {ref}",
                               f"{base}发送方重传第一个未被确认的报文段，也就是丢失的那个：序号 {miss.seq}，"
                               f"{miss.len} 字节；后面的报文段接收方已经缓存。{ref}")
            return prompt, right, wrong, explanation
        if asked == "after":
            prompt = setup + pick(lang, " The lost segment is then retransmitted and arrives. What acknowledgment "
                                        "number does the receiver send now?",
                                  "随后丢失的报文段被重传并到达。接收方此时发出的确认号是多少？")
            right = str(run.after_retransmission.ack)
            wrong = [str(miss.end), str(miss.seq), str(seqnum.add(run.sent[-1].end, 1)),
                     str(seqnum.add(run.sent[-1].seq, 0))]
            explanation = pick(lang, f"{base} When the hole is filled, the receiver takes the segments it held too, "
                                     f"so the cumulative ACK jumps to the end of the last one: {right}. {ref}",
                               f"{base}空缺补上后，接收方把缓存的报文段一并交付，"
                               f"累积确认号直接跳到最后一个报文段的末尾：{right}。{ref}")
            return prompt, right, wrong, explanation
        held = sum(s.len for s in run.sent[lost + 1:])
        prompt = setup + pick(lang, " Before the retransmission arrives, how many bytes does the receiver "
                                    "hold out of order?",
                              "在重传到达之前，接收方缓存了多少字节的失序数据？")
        parts = " + ".join(str(s.len) for s in run.sent[lost + 1:]) or "0"
        wrong = [str(held + miss.len), str(sum(s.len for s in run.sent[:lost])), str(held - run.sent[-1].len),
                 str(sum(s.len for s in run.sent))]
        explanation = pick(lang, f"{base} Everything after the hole is kept, not delivered: {parts} = "
                                 f"{held} bytes. {ref}",
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
        explanation = pick(lang, f"The segments before the last arrive in order and are ACKed normally "
                                 f"({', '.join(str(a.ack) for a in run.arrivals)}); nothing arrives after the lost "
                                 f"one, so there is no duplicate ACK and only the retransmission timer can recover "
                                 f"it (RFC 6298 section 5). TCP has no negative acknowledgment. RFC "
                                 f"5681 section 3.2.",
                           f"最后一个之前的报文段按序到达并正常确认（{'，'.join(str(a.ack) for a in run.arrivals)}）"
                           f"；丢失的报文段之后再没有报文到达，所以没有重复 ACK，只能靠重传计时器超时恢复（RFC 6298 "
                           f"第 5 节）。TCP 没有否定确认。RFC 5681 第 3.2 节。")
        return prompt, right, wrong, explanation

    return build


def data(lang: str) -> Iterator[Spec]:
    for n in range(3, 9):
        for lost in range(n - 1):
            for asked in DATA_ASKED:
                key = f"data/{n}-seg/lost-{lost + 1}/{asked}"
                yield numeric_spec(key, "data", lang, _data_template(n, lost, asked))
        yield numeric_spec(f"data/{n}-seg/lost-last", "data", lang, _last_lost(n))
