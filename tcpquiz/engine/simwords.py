"""The simulator's words in Chinese, for `tcpquiz simulate --lang zh`.

The simulator (tcpquiz.engine.sim) names what happens in English, and its JSON keeps
those words; the diagram says them in the study language. Each English form, fixed or
with numbers and flags in it, maps to its Chinese one here. State names, flags, field
names (seq=, RCV.NXT) and sysctl names stay as the RFC and the kernel spell them.
"""

from __future__ import annotations

import re

# Fixed texts: the steps' events and the notes on how a segment was handled.
FIXED_ZH = {
    # user calls and timers (Step.what)
    "passive-open": "被动打开（开始监听）",
    "active-open": "主动打开（connect）",
    "close": "应用调用 CLOSE",
    "abort": "应用调用 ABORT",
    "old SYN from an earlier connection": "网络中出现一个早先连接的旧 SYN",
    "retransmission timer": "重传计时器到期",
    "2MSL timer": "2MSL 计时器到期",
    "tcp_fin_timeout: the orphaned FIN-WAIT-2 socket is deleted": "tcp_fin_timeout 到期：孤儿 FIN-WAIT-2 套接字被删除",
    # notes (Step.note)
    "data is waiting for the handshake, so CLOSE waits for ESTABLISHED":
        "还有数据等握手完成后发送，所以 CLOSE 要等到 ESTABLISHED 再执行",
    "dropped: nothing answers a RST": "丢弃：对 RST 不作任何应答",
    "no connection: answered with a RST": "没有这个连接：以 RST 应答",
    "ignored: a listener has nothing to reset": "忽略：监听端没有可以复位的连接",
    "a listener has sent nothing to acknowledge: answered with a RST": "监听端还没发送过任何报文段，无可确认：以 RST 应答",
    "dropped": "丢弃",
    "connection refused": "连接被拒绝",
    "dropped: a RST that does not acknowledge our SYN": "丢弃：这个 RST 没有确认本端的 SYN",
    "dropped: neither SYN nor RST": "丢弃：既不是 SYN 也不是 RST",
    "dropped: a RST outside the window": "丢弃：RST 落在接收窗口之外",
    "a repeated SYN,ACK fails the sequence test: answered with an ACK": "重复的 SYN,ACK 通不过序号检查：以 ACK 应答",
    "outside the window (an old duplicate): answered with an ACK": "落在接收窗口之外（旧的重复报文段）：以 ACK 应答",
    "a RST not at RCV.NXT gets a challenge ACK": "RST 的序号不等于 RCV.NXT：回复挑战 ACK（RFC 5961）",
    "back to LISTEN: the connection began with a passive OPEN": "回到 LISTEN：这个连接是被动打开建立的",
    "connection reset": "连接被复位",
    "a SYN on a synchronized connection gets a challenge ACK": "已同步的连接收到 SYN：回复挑战 ACK（RFC 5961）",
    "arrived ahead of a missing segment: held, and RCV.NXT acknowledged again":
        "先于缺失的报文段到达：暂存起来，并再次确认 RCV.NXT",
    "dropped: no ACK": "丢弃：没有置 ACK 位",
    "a SYN above the old RCV.NXT: accepted as a new connection (RFC 6191)":
        "SYN 的序号大于旧连接的 RCV.NXT：作为新连接接受（RFC 6191）",
    "its ACK acknowledges nothing we sent: answered with a RST": "它的 ACK 确认的不是本端发出的数据：以 RST 应答",
    "the accept queue is full: Linux drops the segment that completes the handshake (ListenOverflows)":
        "accept 队列已满：Linux 丢弃完成握手的这个报文段（计入 ListenOverflows）",
    "its ACK covers data never sent: answered with an ACK": "它的 ACK 确认了从未发送的数据：以 ACK 应答",
    "a retransmitted FIN: ACKed again, 2MSL restarted": "重传的 FIN：再次确认，2MSL 计时重新开始",
    "a retransmitted FIN: ACKed again": "重传的 FIN：再次确认",
    "the SYN queue is full: answered with a SYN cookie, no state kept": "SYN 队列已满：以 SYN cookie 应答，不保存状态",
}

# How a segment came to be, as an arriving segment's event says it: "SYN arrives (old duplicate)".
SEGMENT_NOTE_ZH = {
    "old duplicate": "旧的重复报文段",
    "spoofed source": "伪造的源地址",
    "duplicate": "网络复制出的副本",
    "to a spoofed address: nobody is there": "发往伪造的地址，那里没有主机",
}

# Texts with numbers or flags in them: an English pattern and its Chinese form.
PATTERNS_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(en), zh) for en, zh in (
    (r"send (\d+) octets", r"应用发送 \1 字节数据"),
    (r"spoofed SYN from port (\d+)", r"攻击者从端口 \1 发出伪造源地址的 SYN"),
    (r"retransmission timer: no answer after (\d+) retransmissions, the connection is given up",
     r"重传计时器到期：重传 \1 次仍无应答，放弃连接"),
    (r"held (\S+) seq=(\d+) is now in order", r"暂存的 \1 seq=\2 现在按序了，接着处理"),
    (r"ACK (\d+) acknowledges nothing we sent \(our SYN was (\d+)\): answered with a RST",
     r"ACK \1 确认的不是本端发出的数据（本端 SYN 的序号是 \2）：以 RST 应答"),
    (r"dropped: the SYN queue is full \((\d+) half-open connections\)", r"丢弃：SYN 队列已满（\1 个半连接）"),
    (r'refused: (\S+) is not allowed in (\S+): RFC 9293 section ([\d.]+) answers "error: (.+)"\.',
     r'调用被拒绝：\2 状态下不允许 \1，RFC 9293 第 \3 节规定回答 "error: \4"'),
))

_ARRIVES = re.compile(r"(.+?) arrives(?: \((.+)\))?")


def sim_text(text: str, lang: str) -> str:
    """A simulator text (an event or a note) in `lang`; English, or one without a Chinese
    form here, as it is."""
    if lang != "zh" or not text:
        return text
    fixed = FIXED_ZH.get(text)
    if fixed is not None:
        return fixed
    arrives = _ARRIVES.fullmatch(text)
    if arrives:
        segment, note = arrives.groups()
        return f"收到 {segment}" + (f"（{SEGMENT_NOTE_ZH.get(note, note)}）" if note else "")
    for pattern, chinese in PATTERNS_ZH:
        match = pattern.fullmatch(text)
        if match:
            return match.expand(chinese)
    return text


def translated(text: str) -> bool:
    """Whether sim_text() has a Chinese form for `text` (tests check every text a scenario says)."""
    return not text or sim_text(text, "zh") != text
