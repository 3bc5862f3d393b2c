"""The TCP connection state machine of RFC 9293, as a table a student can be quizzed on.

Every (state, event) pair has exactly one outcome:

* a `Transition`: the next state, the control flags sent, the RFC 9293 section, and a
  short explanation in English and Chinese. A transition marked `ignored` drops the
  segment: nothing is sent and the state stays (the RFC says "drop the segment");
* a `Refusal`: a user call or timer the RFC answers with an error ("error: connection
  closing"); `transition()` raises `TransitionRefused` for it.

Two pairs depend on how the connection reached SYN-RECEIVED, which RFC 9293 requires an
implementation to remember (MUST-11): a RST and a new SYN. Those pairs have one row per
`Origin`.

What the segment events mean. Figure 5 (section 3.3.2) names segments loosely ("rcv
ACK of FIN"); the event processing rules of section 3.10.7 decide by the segment's
bits and numbers. Each event below is one concrete kind of segment, and every segment
is assumed to pass the sequence-number check (it is in the receive window) unless its
description says otherwise:

* `rcv-syn`: a SYN without ACK. In SYN-RECEIVED and the synchronized states, a new SYN
  inside the window (a copy of the SYN already accepted is an old duplicate, which the
  sequence check answers with an ACK; see the simulator).
* `rcv-syn-ack`: a SYN,ACK whose ACK acknowledges our SYN. In SYN-RECEIVED this is the
  simultaneous-open case of Figure 7: the peer repeats its SYN (same ISN), now with an
  ACK of ours.
* `rcv-ack`: an acceptable ACK without SYN, FIN or RST that acknowledges everything we
  have sent (our SYN, our FIN, our data).
* `rcv-fin`: a FIN (with ACK, as every segment after the handshake carries one, section
  3.8) whose ACK does not cover our FIN: we sent none, or it is not acknowledged yet.
* `rcv-fin-ack`: a FIN whose ACK covers our FIN. Where we have sent no FIN, such an ACK
  acknowledges something never sent, and the RFC's ACK checks answer it.
* `rcv-rst`: a RST the RFC accepts: in SYN-SENT one that acknowledges our SYN (3.10.7.3),
  elsewhere one whose sequence number is exactly RCV.NXT (3.10.7.4, RFC 5961).

Sections: 3.10.1 OPEN, 3.10.2 SEND, 3.10.4 CLOSE, 3.10.5 ABORT, 3.10.7.1 segment at
CLOSED, 3.10.7.2 at LISTEN, 3.10.7.3 at SYN-SENT, 3.10.7.4 everywhere else, 3.10.8
timeouts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from tcpquiz.errors import TcpquizError


class State(StrEnum):
    """The eleven states with their RFC 9293 names (section 3.3.2)."""

    CLOSED = "CLOSED"
    LISTEN = "LISTEN"
    SYN_SENT = "SYN-SENT"
    SYN_RECEIVED = "SYN-RECEIVED"
    ESTABLISHED = "ESTABLISHED"
    FIN_WAIT_1 = "FIN-WAIT-1"
    FIN_WAIT_2 = "FIN-WAIT-2"
    CLOSE_WAIT = "CLOSE-WAIT"
    CLOSING = "CLOSING"
    LAST_ACK = "LAST-ACK"
    TIME_WAIT = "TIME-WAIT"


class Event(StrEnum):
    """User calls, arriving segments and the 2MSL timeout; the names are part of the CLI's JSON."""

    PASSIVE_OPEN = "passive-open"
    ACTIVE_OPEN = "active-open"
    SEND = "send"
    CLOSE = "close"
    ABORT = "abort"
    RCV_SYN = "rcv-syn"
    RCV_SYN_ACK = "rcv-syn-ack"
    RCV_ACK = "rcv-ack"
    RCV_FIN = "rcv-fin"
    RCV_FIN_ACK = "rcv-fin-ack"
    RCV_RST = "rcv-rst"
    TIMEOUT_2MSL = "timeout-2msl"

    @property
    def is_call(self) -> bool:
        return self in USER_CALLS


class Origin(StrEnum):
    """How the connection began: it matters in SYN-RECEIVED (Figure 5, note 1)."""

    PASSIVE = "passive"
    ACTIVE = "active"


USER_CALLS = (Event.PASSIVE_OPEN, Event.ACTIVE_OPEN, Event.SEND, Event.CLOSE, Event.ABORT)

# Section 3.5.2: the states in which both sides know each other's sequence numbers.
SYNCHRONIZED = (
    State.ESTABLISHED, State.FIN_WAIT_1, State.FIN_WAIT_2, State.CLOSE_WAIT,
    State.CLOSING, State.LAST_ACK, State.TIME_WAIT,
)

SEND_FLAGS = ("SYN", "SYN,ACK", "ACK", "FIN", "RST", "")


@dataclass(frozen=True)
class Transition:
    state: State
    event: Event
    next: State
    send: str  # one of SEND_FLAGS: the control flags of the segment sent, "" for none
    rfc: str  # RFC 9293 section, e.g. "3.10.7.4"
    en: str
    zh: str
    ignored: bool = False  # the segment is dropped: nothing sent, state unchanged
    origin: Origin | None = None  # set only on the rows that depend on it

    def why(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def as_json(self) -> dict[str, str]:
        return {"state": self.state.value, "event": self.event.value, "next": self.next.value,
                "send": self.send, "rfc": self.rfc}


@dataclass(frozen=True)
class Refusal:
    """A call or timer the RFC does not allow in `state`; `reply` is the RFC's error text."""

    state: State
    event: Event
    reply: str
    rfc: str
    en: str
    zh: str

    def why(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def message(self) -> str:
        if self.event is Event.TIMEOUT_2MSL:
            return (f"No 2MSL timer runs in {self.state}, so timeout-2msl cannot happen there "
                    f"(RFC 9293 section {self.rfc}).")
        return (f"{self.event} is not allowed in {self.state}: RFC 9293 section {self.rfc} answers "
                f"\"error: {self.reply}\".")


class TransitionRefused(TcpquizError):
    """A user call or timer that RFC 9293 does not allow in the connection's state."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.message())
        self.refusal = refusal


# -- the table ------------------------------------------------------------------------------

S = State
E = Event
_rows: list[Transition] = []
_refusals: list[Refusal] = []


def _t(states: State | Iterable[State], event: Event, next_: State | None, send: str, rfc: str,
       en: str, zh: str, *, ignored: bool = False, origin: Origin | None = None) -> None:
    """Add one row per state; `next_=None` means the state does not change."""
    for state in (states,) if isinstance(states, State) else states:
        _rows.append(Transition(state, event, next_ or state, send, rfc, en, zh, ignored, origin))


def _drop(states: State | Iterable[State], event: Event, rfc: str, en: str, zh: str) -> None:
    _t(states, event, None, "", rfc, en, zh, ignored=True)


def _refuse(states: State | Iterable[State], event: Event, reply: str, rfc: str, en: str, zh: str) -> None:
    for state in (states,) if isinstance(states, State) else states:
        _refusals.append(Refusal(state, event, reply, rfc, en, zh))


ALL = tuple(State)
# The states in which this side has sent its FIN.
CLOSING_STATES = (S.FIN_WAIT_1, S.FIN_WAIT_2, S.CLOSING, S.LAST_ACK, S.TIME_WAIT)

# OPEN (3.10.1). The RFC gives LISTEN only an active OPEN; a second passive OPEN of the
# same connection is refused like an OPEN in every other state that has a TCB.
_t(S.CLOSED, E.PASSIVE_OPEN, S.LISTEN, "", "3.10.1",
   "A passive OPEN creates the TCB and waits for a SYN from any peer.",
   "被动打开：建立 TCB，等待任意对端发来的 SYN。")
_refuse([s for s in ALL if s is not S.CLOSED], E.PASSIVE_OPEN, "connection already exists", "3.10.1",
        "The connection already has a TCB; OPEN is refused with \"connection already exists\".",
        "该连接已有 TCB，OPEN 被拒绝：\"connection already exists\"。")
_t(S.CLOSED, E.ACTIVE_OPEN, S.SYN_SENT, "SYN", "3.10.1",
   "An active OPEN creates the TCB, picks the ISN and sends SYN <SEQ=ISS>; SND.NXT becomes ISS+1.",
   "主动打开：建立 TCB，选定初始序号并发送 SYN <SEQ=ISS>，SND.NXT 变为 ISS+1。")
_t(S.LISTEN, E.ACTIVE_OPEN, S.SYN_SENT, "SYN", "3.10.1",
   "An active OPEN on a listening connection turns it active: pick the ISN and send SYN.",
   "对监听中的连接主动打开：它变为主动方，选定初始序号并发送 SYN。")
_refuse([s for s in ALL if s not in (S.CLOSED, S.LISTEN)], E.ACTIVE_OPEN, "connection already exists",
        "3.10.1",
        "The connection already exists; OPEN is refused with \"connection already exists\".",
        "连接已存在，OPEN 被拒绝：\"connection already exists\"。")

# SEND (3.10.2).
_refuse(S.CLOSED, E.SEND, "connection does not exist", "3.10.2",
        "There is no connection to send on.", "没有连接，无从发送。")
_t(S.LISTEN, E.SEND, S.SYN_SENT, "SYN", "3.10.2",
   "SEND on a listening connection whose peer is known turns it active: send SYN; the data "
   "waits for ESTABLISHED or rides on the SYN.",
   "对已知对端的监听连接调用 SEND：它变为主动方并发送 SYN；数据等到 ESTABLISHED 再发，或随 SYN 携带。")
_t([S.SYN_SENT, S.SYN_RECEIVED], E.SEND, None, "", "3.10.2",
   "The handshake is not finished: the data is queued until ESTABLISHED.",
   "握手尚未完成：数据先排队，进入 ESTABLISHED 后再发送。")
_t(S.ESTABLISHED, E.SEND, None, "ACK", "3.10.2",
   "The data goes out in segments that carry ACK (acknowledgment RCV.NXT) and advance SND.NXT by their length.",
   "数据分段发出，每段都带 ACK（确认号为 RCV.NXT），SND.NXT 按数据长度前移。")
_t(S.CLOSE_WAIT, E.SEND, None, "ACK", "3.10.2",
   "The peer closed only its own direction; this side may still send data (a half-closed connection).",
   "对端只关闭了它自己的发送方向，本端仍可发送数据（半关闭连接）。")
_refuse(CLOSING_STATES, E.SEND, "connection closing", "3.10.2",
        "This side has already sent its FIN, so no more data may follow.",
        "本端已发出 FIN，之后不能再发送数据。")

# CLOSE (3.10.4).
_refuse(S.CLOSED, E.CLOSE, "connection does not exist", "3.10.4",
        "There is no connection to close.", "没有连接可关闭。")
_t(S.LISTEN, E.CLOSE, S.CLOSED, "", "3.10.4",
   "Nobody has connected yet: delete the TCB; nothing is sent.",
   "尚无对端连接：删除 TCB，不发送任何报文。")
_t(S.SYN_SENT, E.CLOSE, S.CLOSED, "", "3.10.4",
   "Give up the handshake: delete the TCB. No FIN, since nothing is synchronized yet.",
   "放弃握手：删除 TCB。双方尚未同步，不发 FIN。")
_t(S.SYN_RECEIVED, E.CLOSE, S.FIN_WAIT_1, "FIN", "3.10.4",
   "With no data waiting to be sent, send FIN and wait in FIN-WAIT-1 for its ACK.",
   "没有待发数据时发送 FIN，在 FIN-WAIT-1 等待它的确认。")
_t(S.ESTABLISHED, E.CLOSE, S.FIN_WAIT_1, "FIN", "3.10.4",
   "The active close: after any queued data, send FIN (it takes one sequence number) and enter FIN-WAIT-1.",
   "主动关闭：发完已排队的数据后发送 FIN（占一个序号），进入 FIN-WAIT-1。")
_t(S.CLOSE_WAIT, E.CLOSE, S.LAST_ACK, "FIN", "3.10.4",
   "The passive closer closes too: send its own FIN and wait in LAST-ACK for the final ACK.",
   "被动关闭方也关闭：发送自己的 FIN，在 LAST-ACK 等待最后一个 ACK。")
_refuse([S.FIN_WAIT_1, S.FIN_WAIT_2], E.CLOSE, "connection closing", "3.10.4",
        "This side has already closed; a second CLOSE is an error and must not send a second FIN.",
        "本端已经关闭过；再次 CLOSE 是错误，且不得发出第二个 FIN。")
_refuse([S.CLOSING, S.LAST_ACK, S.TIME_WAIT], E.CLOSE, "connection closing", "3.10.4",
        "Both sides have sent FIN already; there is nothing left to close.",
        "双方都已发出 FIN，没有可再关闭的了。")

# ABORT (3.10.5). Section 3.5.2 and note 3 of Figure 5 add that the side sending a RST
# may enter TIME-WAIT; the ABORT rules themselves delete the TCB, and that is what the
# table, the simulator and Linux's SO_LINGER-zero close all do.
_refuse(S.CLOSED, E.ABORT, "connection does not exist", "3.10.5",
        "There is no connection to abort.", "没有连接可中止。")
_t(S.LISTEN, E.ABORT, S.CLOSED, "", "3.10.5",
   "No peer to reset: delete the TCB.", "没有对端可重置：删除 TCB。")
_t(S.SYN_SENT, E.ABORT, S.CLOSED, "", "3.10.5",
   "The peer has not answered yet: delete the TCB without sending anything.",
   "对端尚未应答：直接删除 TCB，不发送任何报文。")
_t([S.SYN_RECEIVED, S.ESTABLISHED, S.FIN_WAIT_1, S.FIN_WAIT_2, S.CLOSE_WAIT], E.ABORT, S.CLOSED, "RST",
   "3.10.5",
   "ABORT sends RST <SEQ=SND.NXT>, flushes every queue and deletes the TCB: no FIN, no TIME-WAIT.",
   "ABORT 发送 RST <SEQ=SND.NXT>，清空所有队列并删除 TCB：不发 FIN，也不进入 TIME-WAIT。")
_t([S.CLOSING, S.LAST_ACK, S.TIME_WAIT], E.ABORT, S.CLOSED, "", "3.10.5",
   "Both FINs are already out: answer \"ok\" and delete the TCB, without a RST.",
   "双方的 FIN 都已发出：回答 \"ok\" 并删除 TCB，不发 RST。")

# The 2MSL timer (3.10.8) runs only in TIME-WAIT.
_t(S.TIME_WAIT, E.TIMEOUT_2MSL, S.CLOSED, "", "3.10.8",
   "2MSL has passed: every old segment of this connection has died out; delete the TCB.",
   "2MSL 已过：该连接的旧报文都已在网络中消失，删除 TCB。")
_refuse([s for s in ALL if s is not S.TIME_WAIT], E.TIMEOUT_2MSL, "", "3.10.8",
        "Only TIME-WAIT starts the 2MSL timer.", "只有 TIME-WAIT 会启动 2MSL 计时器。")

# A segment at CLOSED (3.10.7.1): anything but a RST is answered with a RST, so a SYN to a
# port nobody listens on is refused. <SEQ=SEG.ACK><CTL=RST> if it had an ACK, else
# <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
for _event in (E.RCV_SYN, E.RCV_SYN_ACK, E.RCV_ACK, E.RCV_FIN, E.RCV_FIN_ACK):
    _t(S.CLOSED, _event, None, "RST", "3.10.7.1",
       "No connection exists: any segment but a RST is answered with a RST, which is how a closed "
       "port refuses a connection.",
       "连接不存在：除 RST 以外的任何报文都以 RST 回应，关闭的端口就是这样拒绝连接的。")
_drop(S.CLOSED, E.RCV_RST, "3.10.7.1",
      "No connection exists: a RST is discarded, never answered.",
      "连接不存在：收到的 RST 直接丢弃，绝不回应。")

# LISTEN (3.10.7.2): RST first (ignored), then ACK (any ACK is bad: reset), then SYN.
# Every segment but the first SYN of a connection carries an ACK, so a FIN does too.
_drop(S.LISTEN, E.RCV_RST, "3.10.7.2",
      "A RST cannot refer to anything a listener sent: ignore it.",
      "RST 不可能针对监听者发出过的任何报文：忽略。")
for _event in (E.RCV_SYN_ACK, E.RCV_ACK, E.RCV_FIN, E.RCV_FIN_ACK):
    _t(S.LISTEN, _event, None, "RST", "3.10.7.2",
       "A listener has sent nothing, so any ACK is bad: answer RST <SEQ=SEG.ACK> and keep listening.",
       "监听者什么都没发过，任何 ACK 都是错的：回 RST <SEQ=SEG.ACK>，继续监听。")
_t(S.LISTEN, E.RCV_SYN, S.SYN_RECEIVED, "SYN,ACK", "3.10.7.2",
   "A connection request: IRS = SEG.SEQ, RCV.NXT = SEG.SEQ+1; pick the ISN and answer "
   "SYN,ACK <SEQ=ISS><ACK=RCV.NXT>.",
   "连接请求：IRS = SEG.SEQ，RCV.NXT = SEG.SEQ+1；选定初始序号，回 SYN,ACK <SEQ=ISS><ACK=RCV.NXT>。")

# SYN-SENT (3.10.7.3): ACK check, RST check, SYN check; a segment with neither SYN nor RST
# is dropped, and a FIN is never processed here because SEG.SEQ cannot be validated yet.
_t(S.SYN_SENT, E.RCV_SYN_ACK, S.ESTABLISHED, "ACK", "3.10.7.3",
   "Our SYN is acknowledged and the peer's SYN arrives: send the third segment, an ACK, and the "
   "connection is open.",
   "本端 SYN 得到确认，同时收到对端 SYN：发出第三次握手的 ACK，连接建立。")
_t(S.SYN_SENT, E.RCV_SYN, S.SYN_RECEIVED, "SYN,ACK", "3.10.7.3",
   "Simultaneous open: the peer's SYN crossed ours. Acknowledge it with SYN,ACK, which repeats our "
   "SYN with the same ISN.",
   "同时打开：对端的 SYN 与本端的 SYN 交错。用 SYN,ACK 确认它，其中再次带上本端 SYN，初始序号不变。")
_drop(S.SYN_SENT, E.RCV_ACK, "3.10.7.3",
      "An acceptable ACK without SYN or RST is dropped; keep waiting for the peer's SYN.",
      "可接受的 ACK 但没有 SYN 和 RST：丢弃，继续等待对端的 SYN。")
_drop(S.SYN_SENT, E.RCV_FIN, "3.10.7.3",
      "Without the peer's SYN its sequence numbers cannot be checked, so the FIN is dropped.",
      "还没收到对端 SYN，无法校验其序号，FIN 被丢弃。")
_t(S.SYN_SENT, E.RCV_FIN_ACK, None, "RST", "3.10.7.3",
   "The ACK covers a FIN we never sent (SEG.ACK > SND.NXT): answer RST <SEQ=SEG.ACK> and drop the segment.",
   "ACK 确认了本端从未发出的 FIN（SEG.ACK > SND.NXT）：回 RST <SEQ=SEG.ACK> 并丢弃该报文。")
_t(S.SYN_SENT, E.RCV_RST, S.CLOSED, "", "3.10.7.3",
   "A RST that acknowledges our SYN means nobody listens there: \"connection reset\" (refused); "
   "delete the TCB.",
   "确认了本端 SYN 的 RST 表示对端没有监听：连接被拒绝（\"connection reset\"），删除 TCB。")

# SYN-RECEIVED (3.10.7.4).
_t(S.SYN_RECEIVED, E.RCV_RST, S.LISTEN, "", "3.10.7.4",
   "Reached by a passive OPEN: a RST sends the connection back to LISTEN; the user need not know "
   "(Figure 5, note 1).",
   "由被动打开而来：收到 RST 后回到 LISTEN，无需通知用户（图 5 注 1）。", origin=Origin.PASSIVE)
_t(S.SYN_RECEIVED, E.RCV_RST, S.CLOSED, "", "3.10.7.4",
   "Reached by an active OPEN (a simultaneous open): the connection is refused; delete the TCB.",
   "由主动打开而来（同时打开）：连接被拒绝，删除 TCB。", origin=Origin.ACTIVE)
_t(S.SYN_RECEIVED, E.RCV_SYN, S.LISTEN, "", "3.10.7.4",
   "Reached by a passive OPEN: a new SYN in the window abandons this attempt and the connection "
   "returns to LISTEN.",
   "由被动打开而来：窗口内又来一个新 SYN，放弃这次尝试，连接回到 LISTEN。", origin=Origin.PASSIVE)
_t(S.SYN_RECEIVED, E.RCV_SYN, None, "ACK", "3.10.7.4",
   "Reached by an active OPEN, so the rule for synchronized states applies: send a challenge ACK and "
   "drop the SYN (RFC 5961).",
   "由主动打开而来，按同步状态的规则处理：回挑战 ACK，丢弃该 SYN（RFC 5961）。", origin=Origin.ACTIVE)
_t(S.SYN_RECEIVED, E.RCV_SYN_ACK, S.ESTABLISHED, "", "3.5",
   "Simultaneous open (Figure 7): the SYN in it was received before and is trimmed; the ACK left "
   "acknowledges our SYN, so the connection is ESTABLISHED with nothing to send.",
   "同时打开（图 7）：其中的 SYN 之前已收到，被裁掉；剩下的 ACK 确认了本端 SYN，于是进入 ESTABLISHED，无需再发。")
_t(S.SYN_RECEIVED, E.RCV_ACK, S.ESTABLISHED, "", "3.10.7.4",
   "The third segment of the handshake acknowledges our SYN: the connection is open.",
   "第三次握手的 ACK 确认了本端 SYN：连接建立。")
_t(S.SYN_RECEIVED, E.RCV_FIN, S.CLOSE_WAIT, "ACK", "3.10.7.4",
   "The FIN's ACK acknowledges our SYN, which completes the handshake, and the FIN closes the peer's "
   "direction: ACK it and enter CLOSE-WAIT.",
   "FIN 携带的 ACK 确认了本端 SYN，握手就此完成；FIN 关闭了对端方向：回 ACK，进入 CLOSE-WAIT。")
_t(S.SYN_RECEIVED, E.RCV_FIN_ACK, None, "RST", "3.10.7.4",
   "The ACK is not acceptable (it covers a FIN we never sent): answer RST <SEQ=SEG.ACK>.",
   "ACK 不可接受（它确认了本端从未发出的 FIN）：回 RST <SEQ=SEG.ACK>。")

# The synchronized states (3.10.7.4).
for _state in SYNCHRONIZED:
    if _state is S.TIME_WAIT:
        _t(_state, E.RCV_SYN, None, "ACK", "3.10.7.4",
           "The base rule is a challenge ACK and the SYN is dropped; a stack may instead accept it as a new "
           "connection when timestamps prove it new (RFC 6191, and Linux does).",
           "基本规则是回挑战 ACK 并丢弃该 SYN；"
           "若时间戳证明它属于新连接，实现也可以直接接受（RFC 6191，Linux 即如此）。")
    else:
        _t(_state, E.RCV_SYN, None, "ACK", "3.10.7.4",
           "A SYN on a synchronized connection gets a challenge ACK and is dropped (RFC 5961); a peer that "
           "really lost the connection answers that ACK with a RST.",
           "已同步的连接收到 SYN：回挑战 ACK 并丢弃（RFC 5961）；若对端确实丢了连接，它会对这个 ACK 回 RST。")
_t(SYNCHRONIZED, E.RCV_SYN_ACK, None, "ACK", "3.10.7.4",
   "A SYN,ACK on a synchronized connection, usually a retransmission because our ACK was lost, is "
   "answered with an ACK and dropped.",
   "已同步的连接收到 SYN,ACK（通常是本端 ACK 丢失后对端的重传）：回一个 ACK，丢弃该报文。")

_t(S.ESTABLISHED, E.RCV_ACK, None, "", "3.10.7.4",
   "SND.UNA advances and the acknowledged data leaves the retransmission queue; an ACK is never acknowledged.",
   "SND.UNA 前移，被确认的数据移出重传队列；ACK 本身不需要再确认。")
_t(S.CLOSE_WAIT, E.RCV_ACK, None, "", "3.10.7.4",
   "As in ESTABLISHED: the acknowledged data leaves the retransmission queue.",
   "与 ESTABLISHED 相同：被确认的数据移出重传队列。")
_t(S.FIN_WAIT_1, E.RCV_ACK, S.FIN_WAIT_2, "", "3.10.7.4",
   "Our FIN is acknowledged; now wait for the peer's FIN.",
   "本端 FIN 已被确认，接下来等待对端的 FIN。")
_t(S.FIN_WAIT_2, E.RCV_ACK, None, "", "3.10.7.4",
   "Nothing is outstanding: the user's CLOSE can be reported done, but the TCB stays until the peer's FIN.",
   "已无待确认的数据：可以告诉用户 CLOSE 完成，但 TCB 要保留到对端 FIN 到来。")
_t(S.CLOSING, E.RCV_ACK, S.TIME_WAIT, "", "3.10.7.4",
   "Simultaneous close: the ACK of our FIN arrives, both FINs are acknowledged; start the 2MSL timer.",
   "同时关闭：本端 FIN 的确认到达，双方 FIN 都已确认；启动 2MSL 计时器。")
_t(S.LAST_ACK, E.RCV_ACK, S.CLOSED, "", "3.10.7.4",
   "The last ACK: our FIN is acknowledged, so delete the TCB; the passive closer never waits in TIME-WAIT.",
   "最后一个 ACK：本端 FIN 已被确认，删除 TCB；被动关闭方不经过 TIME-WAIT。")
_drop(S.TIME_WAIT, E.RCV_ACK, "3.10.7.4",
      "TIME-WAIT waits only for a retransmitted FIN; a duplicate ACK is ignored.",
      "TIME-WAIT 只等待对端重传的 FIN；重复的 ACK 被忽略。")

_TIME_WAIT_FIN = (
    "The peer retransmitted its FIN because our last ACK was lost: ACK it again and restart the 2MSL timer. "
    "This is why the active closer waits in TIME-WAIT.",
    "对端因最后的 ACK 丢失而重传 FIN：再回一次 ACK，并重新开始 2MSL 计时。这正是主动关闭方要在 TIME-WAIT 等待的原因。",
)
_t(S.ESTABLISHED, E.RCV_FIN, S.CLOSE_WAIT, "ACK", "3.10.7.4",
   "The peer closes its direction: ACK the FIN (it takes one sequence number) and wait for our user to CLOSE.",
   "对端关闭了它的发送方向：确认该 FIN（FIN 占一个序号），等待本端应用调用 CLOSE。")
_t(S.FIN_WAIT_1, E.RCV_FIN, S.CLOSING, "ACK", "3.10.7.4",
   "Simultaneous close: the peer's FIN arrives before the ACK of ours; ACK it and wait in CLOSING.",
   "同时关闭：对端的 FIN 先于本端 FIN 的确认到达；回 ACK，在 CLOSING 中等待。")
_t(S.FIN_WAIT_2, E.RCV_FIN, S.TIME_WAIT, "ACK", "3.10.7.4",
   "The peer's FIN: ACK it and enter TIME-WAIT, starting the 2MSL timer.",
   "收到对端的 FIN：回 ACK，进入 TIME-WAIT 并启动 2MSL 计时器。")
_t(S.CLOSE_WAIT, E.RCV_FIN, None, "ACK", "3.10.7.4",
   "A retransmitted FIN (our ACK of it was lost): ACK it again and stay.",
   "重传的 FIN（本端对它的确认丢了）：再确认一次，状态不变。")
_t(S.CLOSING, E.RCV_FIN, None, "ACK", "3.10.7.4",
   "The peer retransmits its FIN, still without acknowledging ours: ACK it and keep waiting.",
   "对端重传 FIN，仍未确认本端的 FIN：回 ACK，继续等待。")
_t(S.LAST_ACK, E.RCV_FIN, None, "ACK", "3.10.7.4",
   "A retransmitted FIN that does not acknowledge ours: ACK it and keep waiting for the last ACK.",
   "重传的 FIN 且未确认本端的 FIN：回 ACK，继续等待最后一个 ACK。")
# Both kinds of FIN: in TIME-WAIT our FIN is acknowledged already, so only a retransmission
# of the peer's FIN can arrive (3.10.7.4, fifth and eighth steps).
_t(S.TIME_WAIT, E.RCV_FIN, None, "ACK", "3.10.7.4", *_TIME_WAIT_FIN)

_t([S.ESTABLISHED, S.CLOSE_WAIT], E.RCV_FIN_ACK, None, "ACK", "3.10.7.4",
   "The ACK covers a FIN we never sent, i.e. something not yet sent (SEG.ACK > SND.NXT): send an ACK and "
   "drop the segment.",
   "ACK 确认了本端从未发出的 FIN，即尚未发送的序号（SEG.ACK > SND.NXT）：回一个 ACK 并丢弃该报文。")
_t(S.FIN_WAIT_1, E.RCV_FIN_ACK, S.TIME_WAIT, "ACK", "3.10.7.4",
   "One segment brings the peer's FIN and the ACK of ours: ACK it and go straight to TIME-WAIT "
   "(Figure 5, note 2).",
   "一个报文同时带来对端的 FIN 和对本端 FIN 的确认：回 ACK，直接进入 TIME-WAIT（图 5 注 2）。")
_t(S.FIN_WAIT_2, E.RCV_FIN_ACK, S.TIME_WAIT, "ACK", "3.10.7.4",
   "The peer's FIN: ACK it and enter TIME-WAIT, starting the 2MSL timer.",
   "收到对端的 FIN：回 ACK，进入 TIME-WAIT 并启动 2MSL 计时器。")
_t(S.CLOSING, E.RCV_FIN_ACK, S.TIME_WAIT, "ACK", "3.10.7.4",
   "The peer's retransmitted FIN now also acknowledges ours: ACK it and enter TIME-WAIT.",
   "对端重传的 FIN 这次也确认了本端的 FIN：回 ACK，进入 TIME-WAIT。")
_t(S.LAST_ACK, E.RCV_FIN_ACK, S.CLOSED, "", "3.10.7.4",
   "The ACK of our FIN is all LAST-ACK waits for: delete the TCB; processing stops before the repeated FIN.",
   "LAST-ACK 等的就是对本端 FIN 的确认：删除 TCB；处理到此为止，重复的 FIN 不再处理。")
_t(S.TIME_WAIT, E.RCV_FIN_ACK, None, "ACK", "3.10.7.4", *_TIME_WAIT_FIN)

_t([S.ESTABLISHED, S.FIN_WAIT_1, S.FIN_WAIT_2, S.CLOSE_WAIT], E.RCV_RST, S.CLOSED, "", "3.10.7.4",
   "Connection reset: pending SENDs and RECEIVEs fail, all queues are flushed, the TCB is deleted; "
   "no TIME-WAIT.",
   "连接被重置：未完成的 SEND 和 RECEIVE 失败，所有队列清空，删除 TCB；不进入 TIME-WAIT。")
_t([S.CLOSING, S.LAST_ACK], E.RCV_RST, S.CLOSED, "", "3.10.7.4",
   "A RST ends the closing connection at once: enter CLOSED and delete the TCB.",
   "RST 立即结束正在关闭的连接：进入 CLOSED，删除 TCB。")
_t(S.TIME_WAIT, E.RCV_RST, S.CLOSED, "", "3.10.7.4",
   "A RST ends TIME-WAIT early and deletes the TCB, the hazard RFC 1337 calls TIME-WAIT assassination.",
   "RST 会提前结束 TIME-WAIT 并删除 TCB，这就是 RFC 1337 所说的 TIME-WAIT 暗杀。")

TRANSITIONS: tuple[Transition, ...] = tuple(_rows)
REFUSALS: tuple[Refusal, ...] = tuple(_refusals)

# The transitions RFC 9293 Figure 5 draws, as (state, event) pairs. Where each leads and what
# it sends is looked up in the table (`TRANSITIONS`), never written here. Left
# out, like in the figure: RST and ABORT (they lead to CLOSED from nearly everywhere, or back
# to LISTEN), segments that are dropped or answered without a change of state, and the
# rarer rows of section 3.10.7 (a FIN in SYN-RECEIVED, a second SYN there). Note 2's
# FIN-WAIT-1 -> TIME-WAIT, on a FIN that also acknowledges ours, is drawn.
FIGURE_5: tuple[tuple[State, Event], ...] = (
    (State.CLOSED, Event.PASSIVE_OPEN),
    (State.CLOSED, Event.ACTIVE_OPEN),
    (State.LISTEN, Event.CLOSE),
    (State.LISTEN, Event.SEND),
    (State.LISTEN, Event.RCV_SYN),
    (State.SYN_SENT, Event.CLOSE),
    (State.SYN_SENT, Event.RCV_SYN),
    (State.SYN_SENT, Event.RCV_SYN_ACK),
    (State.SYN_RECEIVED, Event.RCV_ACK),
    (State.SYN_RECEIVED, Event.CLOSE),
    (State.ESTABLISHED, Event.CLOSE),
    (State.ESTABLISHED, Event.RCV_FIN),
    (State.FIN_WAIT_1, Event.RCV_ACK),
    (State.FIN_WAIT_1, Event.RCV_FIN),
    (State.FIN_WAIT_1, Event.RCV_FIN_ACK),
    (State.FIN_WAIT_2, Event.RCV_FIN),
    (State.CLOSE_WAIT, Event.CLOSE),
    (State.CLOSING, Event.RCV_ACK),
    (State.LAST_ACK, Event.RCV_ACK),
    (State.TIME_WAIT, Event.TIMEOUT_2MSL),
)

_BY_PAIR: dict[tuple[State, Event], list[Transition]] = {}
for _row in TRANSITIONS:
    _BY_PAIR.setdefault((_row.state, _row.event), []).append(_row)
_REFUSED: dict[tuple[State, Event], Refusal] = {(r.state, r.event): r for r in REFUSALS}


def depends_on_origin(state: State, event: Event) -> bool:
    return len(_BY_PAIR.get((state, event), ())) > 1


def transition(state: State, event: Event, origin: Origin | None = None) -> Transition:
    """The outcome of `event` in `state`; raises TransitionRefused where the RFC refuses it.

    `origin` says how the connection began; it is required only for the pairs where it
    matters (`depends_on_origin`), and ignored elsewhere.
    """
    state, event = State(state), Event(event)
    if (state, event) in _REFUSED:
        raise TransitionRefused(_REFUSED[state, event])
    rows = _BY_PAIR[state, event]
    if len(rows) == 1:
        return rows[0]
    if origin is None:
        raise ValueError(f"{event} in {state} depends on whether the connection was opened passively or actively")
    return next(row for row in rows if row.origin is Origin(origin))


def refusal(state: State, event: Event) -> Refusal | None:
    return _REFUSED.get((State(state), Event(event)))


def outcomes() -> Iterator[Transition | Refusal]:
    """Every row of the table, refusals included, in state-then-event order."""
    order = {state: i for i, state in enumerate(State)}
    events = {event: i for i, event in enumerate(Event)}
    rows: list[Transition | Refusal] = [*TRANSITIONS, *REFUSALS]
    rows.sort(key=lambda r: (order[r.state], events[r.event],
                             getattr(r, "origin", None) is Origin.ACTIVE))
    return iter(rows)


@dataclass(frozen=True)
class Machine:
    """One connection's state and how it began: enough to apply any event."""

    state: State = State.CLOSED
    origin: Origin | None = None

    def apply(self, event: Event) -> tuple[Transition, Machine]:
        """The transition `event` takes and the machine after it (raises TransitionRefused)."""
        row = transition(self.state, event, self.origin)
        origin = self.origin
        if row.event is Event.PASSIVE_OPEN:
            origin = Origin.PASSIVE
        elif row.next is State.SYN_SENT:
            # OPEN or SEND on a listening connection "changes the connection from passive
            # to active" (3.10.1, 3.10.2).
            origin = Origin.ACTIVE
        if row.next is State.CLOSED:
            origin = None
        return row, Machine(row.next, origin)
