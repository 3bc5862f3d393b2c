"""Words the question generators share, in English and Chinese.

State names stay in their RFC 9293 form in both languages: they are what a student
reads in the RFC, in netstat and in exams.
"""

from __future__ import annotations

from tcpquiz.engine.fsm import (
    CLOSING_STATES,
    CONDITIONS,
    Event,
    Origin,
    Refusal,
    State,
    Transition,
)
from tcpquiz.engine.sim import Segment, Step
from tcpquiz.text import pick

SIDE = {"en": {"client": "client", "server": "server"}, "zh": {"client": "客户端", "server": "服务器"}}

# What happens, said of "the connection" or "it" (the host the question is about).
EVENT_EN = {
    Event.PASSIVE_OPEN: "its user makes a passive OPEN (it starts listening)",
    Event.ACTIVE_OPEN: "its user makes an active OPEN (connect)",
    Event.SEND: "its user calls SEND with some data",
    Event.CLOSE: "its user calls CLOSE",
    Event.ABORT: "its user calls ABORT",
    Event.RCV_SYN: "a SYN without ACK arrives",
    Event.RCV_SYN_ACK: "a SYN,ACK arrives whose ACK acknowledges its SYN",
    Event.RCV_ACK: "an ACK arrives that acknowledges everything it has sent",
    Event.RCV_FIN: "a FIN arrives whose ACK does not cover its own FIN",
    Event.RCV_FIN_ACK: "a FIN arrives whose ACK also acknowledges its own FIN",
    Event.RCV_FIN_NO_ACK: "a FIN without the ACK bit arrives",
    Event.RCV_RST: "a RST arrives",
    Event.RCV_UNACCEPTABLE: "a segment without RST arrives that fails the sequence-number test (it lies outside "
                            "the receive window, an old duplicate say)",
    Event.TIMEOUT_2MSL: "the 2MSL timer expires",
    Event.TIMEOUT_FIN_WAIT_2: "on Linux, net.ipv4.tcp_fin_timeout runs out for it, its program having closed the "
                              "socket (an orphan)",
}
EVENT_ZH = {
    Event.PASSIVE_OPEN: "应用执行被动打开（开始监听）",
    Event.ACTIVE_OPEN: "应用执行主动打开（connect）",
    Event.SEND: "应用调用 SEND 发送数据",
    Event.CLOSE: "应用调用 CLOSE",
    Event.ABORT: "应用调用 ABORT",
    Event.RCV_SYN: "收到一个不带 ACK 的 SYN",
    Event.RCV_SYN_ACK: "收到一个 SYN,ACK，其 ACK 确认了本端的 SYN",
    Event.RCV_ACK: "收到一个 ACK，确认了本端已发出的全部内容",
    Event.RCV_FIN: "收到一个 FIN，其 ACK 没有覆盖本端的 FIN",
    Event.RCV_FIN_ACK: "收到一个 FIN，其 ACK 同时确认了本端的 FIN",
    Event.RCV_FIN_NO_ACK: "收到一个不带 ACK 位的 FIN",
    Event.RCV_RST: "收到一个 RST",
    Event.RCV_UNACCEPTABLE: "收到一个不带 RST、通不过序号检查的报文（在接收窗口之外，例如旧的重复报文）",
    Event.TIMEOUT_2MSL: "2MSL 计时器到期",
    Event.TIMEOUT_FIN_WAIT_2: "在 Linux 上，程序已关闭该套接字（孤儿套接字），net.ipv4.tcp_fin_timeout 到期",
}
# Where a connection has sent no FIN the FIN events read more simply.
EVENT_NO_FIN_EN = {Event.RCV_FIN: "a FIN arrives"}
EVENT_NO_FIN_ZH = {Event.RCV_FIN: "收到一个 FIN"}
# In SYN-RECEIVED and the synchronized states a SYN is a new one inside the window.
EVENT_NEW_SYN_EN = "a new SYN (not a copy of the one already received) arrives inside the receive window"
EVENT_NEW_SYN_ZH = "窗口内收到一个新的 SYN（不是已收到那个 SYN 的副本）"
# CLOSED and LISTEN have sent nothing, so no ACK there can acknowledge anything of theirs.
EVENT_NOTHING_SENT_EN = {Event.RCV_SYN_ACK: "a SYN,ACK arrives", Event.RCV_ACK: "an ACK arrives (only the ACK flag set)",
                         Event.RCV_FIN: "a FIN with the ACK bit arrives"}
EVENT_NOTHING_SENT_ZH = {Event.RCV_SYN_ACK: "收到一个 SYN,ACK", Event.RCV_ACK: "收到一个 ACK（只置了 ACK 位）",
                         Event.RCV_FIN: "收到一个带 ACK 位的 FIN"}
# In SYN-RECEIVED a SYN,ACK is the simultaneous open's: the peer's SYN again, with an ACK of ours.
SIMULTANEOUS_SYN_ACK_EN = ("the peer's SYN,ACK arrives, repeating the SYN already received and acknowledging this "
                           "side's SYN (a simultaneous open)")
SIMULTANEOUS_SYN_ACK_ZH = "收到对端的 SYN,ACK：它重复了已收到的 SYN，并确认了本端的 SYN（同时打开）"


def event_phrase(event: Event, state: State, lang: str) -> str:
    if event is Event.RCV_SYN and state in (State.TIME_WAIT,):
        return pick(lang, "a SYN without ACK arrives", "收到一个不带 ACK 的 SYN")
    if event is Event.RCV_SYN and state not in (State.CLOSED, State.LISTEN, State.SYN_SENT):
        return pick(lang, EVENT_NEW_SYN_EN, EVENT_NEW_SYN_ZH)
    if state in (State.CLOSED, State.LISTEN) and event in EVENT_NOTHING_SENT_EN:
        return (EVENT_NOTHING_SENT_ZH if lang == "zh" else EVENT_NOTHING_SENT_EN)[event]
    if state is State.SYN_RECEIVED and event is Event.RCV_SYN_ACK:
        return pick(lang, SIMULTANEOUS_SYN_ACK_EN, SIMULTANEOUS_SYN_ACK_ZH)
    if state not in CLOSING_STATES:
        simple = (EVENT_NO_FIN_ZH if lang == "zh" else EVENT_NO_FIN_EN).get(event)
        if simple:
            return simple
    return (EVENT_ZH if lang == "zh" else EVENT_EN)[event]


def origin_phrase(origin: Origin | None, lang: str) -> str:
    if origin is Origin.PASSIVE:
        return pick(lang, " It reached SYN-RECEIVED from LISTEN, after a passive OPEN.",
                    "它是被动打开后从 LISTEN 进入 SYN-RECEIVED 的。")
    if origin is Origin.ACTIVE:
        return pick(lang, " It reached SYN-RECEIVED from SYN-SENT, after an active OPEN (a simultaneous open).",
                    "它是主动打开后从 SYN-SENT 进入 SYN-RECEIVED 的（同时打开）。")
    return ""


def condition_phrase(row: Transition, lang: str) -> str:
    """The conditions a row requires besides the origin, as a clause after the event ("" for none)."""
    texts = [CONDITIONS[name][value][lang == "zh"] for name, value in row.when]
    return pick(lang, "".join(f"; {text}" for text in texts), "".join(f"；{text}" for text in texts))


def sent_phrase(send: str, event: Event, lang: str) -> str:
    """What a transition sends, as a choice; a RST with the form of its numbers (3.10.5, 3.10.7)."""
    if not send:
        return pick(lang, "nothing", "不发送任何报文")
    if event is Event.SEND and send == "ACK":
        return pick(lang, "the data, in segments with ACK set", "数据（所在报文带 ACK）")
    if send == "RST":
        return "RST <SEQ=SND.NXT>" if event.is_call else "RST <SEQ=SEG.ACK>"
    if send == "RST,ACK":
        return "RST,ACK <SEQ=0><ACK=SEG.SEQ+SEG.LEN>"
    return send


def rfc_ref(section: str, lang: str) -> str:
    """A citation: an RFC 9293 section number, or a source named in full ("Linux tcp_fin_timeout")."""
    if not section[:1].isdigit():
        return f"{section}."
    return pick(lang, f"RFC 9293 section {section}.", f"RFC 9293 第 {section} 节。")


def explain(row: Transition | Refusal, lang: str) -> str:
    """The engine's explanation of one table row: the transition, the segment, the section."""
    head = f"**{row.state}** + `{row.event}`"
    if isinstance(row, Refusal):
        what = pick(lang, f"{head}: refused with \"error: {row.reply}\"; the state stays {row.state}.",
                    f"{head}：调用被拒绝（\"error: {row.reply}\"），状态仍为 {row.state}。")
    else:
        sent = sent_phrase(row.send, row.event, lang)
        if row.ignored:
            what = pick(lang, f"{head}: the segment is dropped; the state stays **{row.state}**.",
                        f"{head}：报文被丢弃，状态仍为 **{row.state}**。")
        elif row.send:
            what = pick(lang, f"{head} → **{row.next}**, sending **{sent}**.",
                        f"{head} → **{row.next}**，发送 **{sent}**。")
        else:
            what = pick(lang, f"{head} → **{row.next}**, sending nothing.", f"{head} → **{row.next}**，不发送报文。")
    return f"{what}\n\n{row.why(lang)}\n\n{rfc_ref(row.rfc, lang)}"


def refused_choice(row: Refusal, lang: str) -> str:
    return pick(lang, f"the call is refused (\"error: {row.reply}\"); it stays {row.state}",
                f"调用被拒绝（\"error: {row.reply}\"），仍为 {row.state}")


def pair_choice(client: str, server: str, lang: str) -> str:
    return pick(lang, f"client {client}, server {server}", f"客户端 {client}，服务器 {server}")


def step_phrase(step: Step, lang: str) -> str:
    """One simulation step for a prompt: who did what, and what it sent."""
    side = SIDE[lang][step.side]
    cause = step.cause
    if cause == "arrive" and step.arrived is not None:
        seg = step.arrived
        size = pick(lang, f" with {seg.len} octets", f"（{seg.len} 字节数据）") if seg.len else ""
        article = "an" if seg.flags.startswith("ACK") else "a"
        what = pick(lang, f"{article} {seg.flags}{size} arrives", f"收到 {seg.flags}{size}")
        if seg.note == "old duplicate":
            what += pick(lang, " (an old duplicate)", "（旧的重复报文）")
    elif cause == "timer":
        if step.what.startswith("2MSL"):
            what = pick(lang, "its 2MSL timer expires", "2MSL 计时器到期")
        elif step.what.startswith("tcp_fin_timeout"):
            what = pick(lang, "Linux's tcp_fin_timeout runs out for its orphaned FIN-WAIT-2 socket",
                        "Linux 的 tcp_fin_timeout 到期，孤儿 FIN-WAIT-2 套接字被删除")
        elif "given up" in step.what:
            what = pick(lang, "it gives up after too many retransmissions", "重传次数过多，放弃连接")
        else:
            what = pick(lang, "its retransmission timer expires", "重传计时器到期")
    elif cause == "old-syn":
        what = pick(lang, "an old SYN from an earlier connection is still in the network",
                    "网络中还滞留着一个早先连接的旧 SYN")
    else:
        what = (EVENT_ZH if lang == "zh" else EVENT_EN)[Event(cause)]
    sent = [seg for seg in step.sent if seg.note != "duplicate"]
    if sent and cause != "old-syn":
        flags = ", ".join(_sent_label(seg, lang) for seg in sent)
        what += pick(lang, f"; it sends {flags}", f"，发送 {flags}")
    return pick(lang, f"{side}: {what}", f"{side}：{what}")


def _sent_label(seg: Segment, lang: str) -> str:
    label = seg.flags + (pick(lang, f" with {seg.len} octets", f"（{seg.len} 字节）") if seg.len else "")
    if seg.lost:
        label += pick(lang, " (lost)", "（丢失）")
    return label
