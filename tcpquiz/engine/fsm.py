"""The TCP connection state machine of RFC 9293, as a table a student can be quizzed on.

Every (state, event) pair has exactly one outcome in each case:

* a `Transition`: the next state, the control flags sent, the RFC 9293 section (or the
  Linux source, for Linux's own rows), and a short explanation in English and Chinese. A
  transition marked `ignored` drops the segment: nothing is sent and the state stays (the
  RFC says "drop the segment");
* a `Refusal`: a user call or timer the RFC answers with an error ("error: connection
  closing"); `transition()` raises `TransitionRefused` for it;
* `NotApplicable`: an event that cannot happen in that state (a segment "outside the
  receive window" before any window exists); `transition()` raises ValueError for it.

Where the outcome depends on something besides the state and the event, the pair has one
row per case and each row names its conditions, so no two rows of a pair can both apply:

* `origin`: how the connection reached SYN-RECEIVED, which RFC 9293 requires an
  implementation to remember (MUST-11): passive (from LISTEN) or active (from SYN-SENT);
* `seq`: where a RST's sequence number falls (RFC 5961 section 3.2, adopted by RFC 9293
  section 3.10.7.4): exactly RCV.NXT (reset), elsewhere in the window (challenge ACK),
  outside it (dropped);
* `ack`: whether a RST in SYN-SENT acknowledges our SYN (section 3.10.7.3);
* `syn`: whether a SYN arriving in TIME-WAIT is shown to be new (RFC 9293 section 3.6.1
  MAY-2 and section 3.10.7.4, RFC 6191 section 2): when the old connection used timestamps
  and the SYN carries one, the timestamp decides (newer: accepted, whatever the sequence
  number; older: refused, even above RCV.NXT); a SYN without a timestamp is new when its
  sequence number is above the old connection's RCV.NXT. Linux decides the same way
  (net/ipv4/tcp_minisocks.c, tcp_timewait_state_process);
* `unread`: whether received data is still unread when the user calls CLOSE (section 3.6.1,
  SHLD-3: a RST shows that data was lost; Linux does this);
* `queue`: whether a listener's SYN queue has room for a new SYN, and if not whether SYN
  cookies are on (Linux; RFC 4987); or whether its accept queue is full, which on Linux
  drops the SYN whatever the SYN queue holds;
* `accept`: whether a passive opener's listener has room in its accept queue when the
  handshake completes (Linux drops the completing segment when it has none, or resets the
  connection when net.ipv4.tcp_abort_on_overflow is 1; an active opener has no listener,
  so for it the queue always has room).

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
* `rcv-fin-no-ack`: a FIN without the ACK bit. Only a broken or hostile peer sends one;
  past LISTEN the fifth check drops any segment without ACK (3.10.7.4).
* `rcv-rst`: a RST, with or without ACK; its conditions say whether it is accepted.
* `rcv-unacceptable`: a segment without RST that fails the sequence-number test of
  3.10.7.4 (an old duplicate, say); it is answered with an ACK and dropped. Only
  SYN-RECEIVED and the synchronized states have a receive window to fail.
* `timeout-fin-wait-2`: Linux's timer for an orphaned FIN-WAIT-2 socket (one the program
  has closed, not merely shut down for writing): net.ipv4.tcp_fin_timeout, 60 s by default.
  RFC 9293 has no such timer.

The two forms of reset (3.10.7.1, 3.10.7.2): a segment without ACK is answered with
`RST,ACK` <SEQ=0><ACK=SEG.SEQ+SEG.LEN>, one with ACK with a bare `RST` <SEQ=SEG.ACK>.

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
    RCV_FIN_NO_ACK = "rcv-fin-no-ack"
    RCV_RST = "rcv-rst"
    RCV_UNACCEPTABLE = "rcv-unacceptable"
    TIMEOUT_2MSL = "timeout-2msl"
    TIMEOUT_FIN_WAIT_2 = "timeout-fin-wait-2"

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

SEND_FLAGS = ("SYN", "SYN,ACK", "ACK", "FIN", "RST", "RST,ACK", "")

# The conditions a row can carry besides `origin`, each value with what it means, in
# English and Chinese. DEFAULT_CONDITIONS are the usual case: they are what the plain
# event means where a pair has no other rows, and question keys leave them out.
CONDITIONS: dict[str, dict[str, tuple[str, str]]] = {
    "seq": {
        "at-rcv-nxt": ("its sequence number is exactly RCV.NXT", "其序号恰好等于 RCV.NXT"),
        "in-window": ("its sequence number is inside the receive window but not RCV.NXT",
                      "其序号在接收窗口内，但不等于 RCV.NXT"),
        "outside-window": ("its sequence number is outside the receive window", "其序号在接收窗口之外"),
    },
    "ack": {
        "ours": ("its ACK acknowledges our SYN", "其 ACK 确认了本端的 SYN"),
        "not-ours": ("it has no ACK bit, or its ACK does not acknowledge our SYN",
                     "它不带 ACK 位，或其 ACK 没有确认本端的 SYN"),
    },
    "syn": {
        "seq-above": ("the SYN carries no timestamp and its sequence number is above the old connection's RCV.NXT",
                      "该 SYN 不带时间戳，其序号大于旧连接的 RCV.NXT"),
        "ts-newer": ("the old connection used timestamps and the SYN's timestamp is newer than the last one it "
                     "received, whatever the SYN's sequence number",
                     "旧连接使用了时间戳，且该 SYN 的时间戳比旧连接收到的最后一个更新，无论其序号是多少"),
        # On Linux, because RFC 6191 section 2 would drop this SYN silently where RFC 9293 and Linux ACK it.
        "ts-older": ("on Linux, the old connection used timestamps and the SYN's timestamp is older than the last one "
                     "it received, even though its sequence number is above the old connection's RCV.NXT",
                     "在 Linux 上，旧连接使用了时间戳，且该 SYN 的时间戳比旧连接收到的最后一个更旧，"
                     "尽管其序号大于旧连接的 RCV.NXT"),
        "not-newer": ("the SYN carries no timestamp and its sequence number is not above the old connection's "
                      "RCV.NXT",
                      "该 SYN 不带时间戳，其序号不大于旧连接的 RCV.NXT"),
    },
    "unread": {
        "none": ("everything received has been read", "收到的数据都已被读走"),
        "pending": ("received data is still unread", "还有收到的数据没有被读走"),
    },
    "queue": {
        "room": ("the listener's SYN queue has room", "监听套接字的 SYN 队列还有空位"),
        "full": ("on Linux, the listener's SYN queue is full (as many half-open connections as its listen backlog) "
                 "and SYN cookies are off",
                 "在 Linux 上，监听套接字的 SYN 队列已满（半连接数达到 listen 的 backlog），且没有启用 SYN cookie"),
        "cookie": ("on Linux, the listener's SYN queue is full and SYN cookies are on (the default)",
                   "在 Linux 上，监听套接字的 SYN 队列已满，且启用了 SYN cookie（默认如此）"),
        "accept-full": ("on Linux, the listener's accept queue is full (its program does not call accept()), "
                        "SYN cookies or not",
                        "在 Linux 上，监听套接字的 accept 队列已满（程序不调用 accept()），无论是否启用 SYN cookie"),
    },
    "accept": {
        "room": ("the listener's accept queue has room", "监听套接字的 accept 队列还有空位"),
        "full": ("on Linux, the listener's accept queue is full (its program does not call accept()) and "
                 "net.ipv4.tcp_abort_on_overflow is 0",
                 "在 Linux 上，监听套接字的 accept 队列已满（程序不调用 accept()），且 "
                 "net.ipv4.tcp_abort_on_overflow 为 0"),
        "full-abort": ("on Linux, the listener's accept queue is full (its program does not call accept()) and "
                       "net.ipv4.tcp_abort_on_overflow is 1",
                       "在 Linux 上，监听套接字的 accept 队列已满（程序不调用 accept()），且 "
                       "net.ipv4.tcp_abort_on_overflow 为 1"),
    },
}
DEFAULT_CONDITIONS = {"seq": "at-rcv-nxt", "ack": "ours", "syn": "not-newer", "unread": "none", "queue": "room",
                      "accept": "room"}


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
    when: tuple[tuple[str, str], ...] = ()  # other conditions (see CONDITIONS), on the rows that depend on them

    def why(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def conditions(self) -> dict[str, str]:
        """Every condition this row requires, origin included."""
        return ({"origin": self.origin.value} if self.origin else {}) | dict(self.when)

    def as_json(self) -> dict[str, object]:
        return {"state": self.state.value, "event": self.event.value, "conditions": self.conditions(),
                "next": self.next.value, "send": self.send, "rfc": self.rfc}


@dataclass(frozen=True)
class NotApplicable:
    """An event that cannot happen in `state`, and why: there is nothing to ask about."""

    state: State
    event: Event
    en: str
    zh: str


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
        if self.event is Event.TIMEOUT_FIN_WAIT_2:
            return f"Only an orphaned FIN-WAIT-2 socket has Linux's tcp_fin_timeout timer, not {self.state}."
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
_not_applicable: list[NotApplicable] = []


def _t(states: State | Iterable[State], event: Event, next_: State | None, send: str, rfc: str,
       en: str, zh: str, *, ignored: bool = False, origin: Origin | None = None, **when: str) -> None:
    """Add one row per state; `next_=None` means the state does not change."""
    _add(states, event, next_, send, rfc, en, zh, ignored, origin, when)


def _drop(states: State | Iterable[State], event: Event, rfc: str, en: str, zh: str, **when: str) -> None:
    _add(states, event, None, "", rfc, en, zh, True, None, when)


def _add(states: State | Iterable[State], event: Event, next_: State | None, send: str, rfc: str, en: str, zh: str,
         ignored: bool, origin: Origin | None, when: dict[str, str]) -> None:
    for name, value in when.items():
        assert value in CONDITIONS[name], (name, value)
    for state in (states,) if isinstance(states, State) else states:
        _rows.append(Transition(state, event, next_ or state, send, rfc, en, zh, ignored, origin,
                                tuple(sorted(when.items()))))


def _not_applicable_in(states: Iterable[State], event: Event, en: str, zh: str) -> None:
    _not_applicable.extend(NotApplicable(state, event, en, zh) for state in states)


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
   "主动关闭：发完已排队的数据后发送 FIN（占一个序号），进入 FIN-WAIT-1。", unread="none")
_t(S.CLOSE_WAIT, E.CLOSE, S.LAST_ACK, "FIN", "3.10.4",
   "The passive closer closes too: send its own FIN and wait in LAST-ACK for the final ACK.",
   "被动关闭方也关闭：发送自己的 FIN，在 LAST-ACK 等待最后一个 ACK。", unread="none")
# Section 3.6.1 (SHLD-3): closing while received data is still unread sends a RST to show
# that data was lost, and the connection is gone at once, as after ABORT. Linux does this.
_t([S.ESTABLISHED, S.CLOSE_WAIT], E.CLOSE, S.CLOSED, "RST", "3.6.1",
   "Received data is still unread, so the close cannot be graceful: send RST <SEQ=SND.NXT> to show that data "
   "was lost and delete the TCB (SHLD-3; Linux's close() does this).",
   "还有收到的数据没被读走，无法优雅关闭：发送 RST <SEQ=SND.NXT> 表明数据丢失，并删除 TCB"
   "（SHLD-3；Linux 的 close() 就是这样）。", unread="pending")
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
for _event in (E.RCV_SYN, E.RCV_FIN_NO_ACK):
    _t(S.CLOSED, _event, None, "RST,ACK", "3.10.7.1",
       "No connection exists: any segment but a RST is answered with a reset. This one has no ACK, so the "
       "reset is <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; that is how a closed port refuses a connection.",
       "连接不存在：除 RST 以外的任何报文都以复位回应。该报文不带 ACK，所以回 "
       "<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>；关闭的端口就是这样拒绝连接的。")
for _event in (E.RCV_SYN_ACK, E.RCV_ACK, E.RCV_FIN, E.RCV_FIN_ACK):
    _t(S.CLOSED, _event, None, "RST", "3.10.7.1",
       "No connection exists: any segment but a RST is answered with a reset. This one carries an ACK, so the "
       "reset takes its sequence number from it: <SEQ=SEG.ACK><CTL=RST>, without ACK.",
       "连接不存在：除 RST 以外的任何报文都以复位回应。该报文带 ACK，所以复位的序号取自它："
       "<SEQ=SEG.ACK><CTL=RST>，不带 ACK。")
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
_drop(S.LISTEN, E.RCV_FIN_NO_ACK, "3.10.7.2",
      "Neither SYN nor ACK nor RST: any other segment is dropped (the fourth step of LISTEN).",
      "既不是 SYN，也不带 ACK 或 RST：这种报文直接丢弃（LISTEN 的第四步）。")
_t(S.LISTEN, E.RCV_SYN, S.SYN_RECEIVED, "SYN,ACK", "3.10.7.2",
   "A connection request: IRS = SEG.SEQ, RCV.NXT = SEG.SEQ+1; pick the ISN and answer "
   "SYN,ACK <SEQ=ISS><ACK=RCV.NXT>.",
   "连接请求：IRS = SEG.SEQ，RCV.NXT = SEG.SEQ+1；选定初始序号，回 SYN,ACK <SEQ=ISS><ACK=RCV.NXT>。",
   queue="room")
# A real listener keeps each half-open connection apart, up to its listen backlog in current
# Linux kernels (net/ipv4/tcp_input.c, tcp_conn_request; RFC 4987 section 3).
_drop(S.LISTEN, E.RCV_SYN, "Linux tcp_syncookies",
      "The SYN queue is full and SYN cookies are off: the SYN is dropped unanswered, and the client will "
      "retransmit it. This is how a SYN flood denies service.",
      "SYN 队列已满且没有启用 SYN cookie：该 SYN 被丢弃、不作应答，客户端稍后会重传。SYN 洪泛正是这样造成拒绝服务的。",
      queue="full")
_t(S.LISTEN, E.RCV_SYN, None, "SYN,ACK", "Linux tcp_syncookies",
   "The SYN queue is full but SYN cookies are on: answer SYN,ACK with an ISN that encodes the connection and keep "
   "no state; an ACK that returns a valid cookie creates the connection then (RFC 4987 section 3.6).",
   "SYN 队列已满但启用了 SYN cookie：回 SYN,ACK，其初始序号编码了连接信息，本端不保存任何状态；"
   "带着合法 cookie 的 ACK 回来时才建立连接（RFC 4987 第 3.6 节）。",
   queue="cookie")
# tcp_conn_request (net/ipv4/tcp_input.c) drops a SYN while the accept queue is full, before it
# looks at the SYN queue or cookies, and counts it in ListenOverflows.
_drop(S.LISTEN, E.RCV_SYN, "Linux net/ipv4/tcp_input.c (tcp_conn_request)",
      "The accept queue is full, so Linux drops the SYN unanswered (ListenOverflows counts it), SYN cookies or "
      "not: a program too slow to call accept() shows up as SYNs that go unanswered, and the client retransmits.",
      "accept 队列已满，Linux 丢弃该 SYN、不作应答（计入 ListenOverflows），无论是否启用 SYN cookie："
      "程序调用 accept() 太慢，表现为 SYN 得不到应答，客户端随后重传。",
      queue="accept-full")

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
   "确认了本端 SYN 的 RST 表示对端没有监听：连接被拒绝（\"connection reset\"），删除 TCB。", ack="ours")
_drop(S.SYN_SENT, E.RCV_RST, "3.10.7.3",
      "A RST that does not acknowledge our SYN (no ACK bit, or SEG.ACK =< ISS or > SND.NXT) cannot belong to "
      "this attempt: drop it, and send nothing, since a RST is never answered.",
      "没有确认本端 SYN 的 RST（不带 ACK，或 SEG.ACK =< ISS 或 > SND.NXT）不属于这次连接尝试："
      "丢弃它，且不回应，因为 RST 从不被回应。", ack="not-ours")
_drop(S.SYN_SENT, E.RCV_FIN_NO_ACK, "3.10.7.3",
      "Neither SYN nor RST: the segment is dropped.", "既没有 SYN 也没有 RST：报文被丢弃。")
_not_applicable_in(
    (S.CLOSED, S.LISTEN, S.SYN_SENT), E.RCV_UNACCEPTABLE,
    "No receive window exists before the peer's SYN is received, so no segment can fail the sequence-number test.",
    "收到对端 SYN 之前还没有接收窗口，谈不上报文通不过序号检查。")

# SYN-RECEIVED (3.10.7.4).
_t(S.SYN_RECEIVED, E.RCV_RST, S.LISTEN, "", "3.10.7.4",
   "Reached by a passive OPEN: a RST sends the connection back to LISTEN; the user need not know "
   "(Figure 5, note 1).",
   "由被动打开而来：收到 RST 后回到 LISTEN，无需通知用户（图 5 注 1）。", origin=Origin.PASSIVE,
   seq="at-rcv-nxt")
_t(S.SYN_RECEIVED, E.RCV_RST, S.CLOSED, "", "3.10.7.4",
   "Reached by an active OPEN (a simultaneous open): the connection is refused; delete the TCB.",
   "由主动打开而来（同时打开）：连接被拒绝，删除 TCB。", origin=Origin.ACTIVE, seq="at-rcv-nxt")
_t(S.SYN_RECEIVED, E.RCV_SYN, S.LISTEN, "", "3.10.7.4",
   "Reached by a passive OPEN: a new SYN in the window abandons this attempt and the connection "
   "returns to LISTEN.",
   "由被动打开而来：窗口内又来一个新 SYN，放弃这次尝试，连接回到 LISTEN。", origin=Origin.PASSIVE)
_t(S.SYN_RECEIVED, E.RCV_SYN, None, "ACK", "3.10.7.4",
   "Reached by an active OPEN, so the rule for synchronized states applies: send a challenge ACK and "
   "drop the SYN (RFC 5961).",
   "由主动打开而来，按同步状态的规则处理：回挑战 ACK，丢弃该 SYN（RFC 5961）。", origin=Origin.ACTIVE)
_t(S.SYN_RECEIVED, E.RCV_SYN_ACK, None, "ACK", "3.10.7.4",
   "Simultaneous open: the peer's SYN,ACK repeats its SYN, already received, so SEG.SEQ < RCV.NXT and the "
   "acceptability test fails. An unacceptable segment is answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and "
   "dropped; the peer's own such ACK then completes the open, six segments in all (RFC 793 Figure 8). Linux "
   "sends the same ACK but counts itself ESTABLISHED at once, as RFC 9293 Figure 7 draws.",
   "同时打开：对端的 SYN,ACK 重复了已收到的 SYN，SEG.SEQ < RCV.NXT，通不过可接受性检查。"
   "不可接受的报文以 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> 回应并丢弃；对端同样回来的 ACK 才完成打开，"
   "一共六个报文（RFC 793 图 8）。Linux 发出同样的 ACK，但此时已算作 ESTABLISHED，正如 RFC 9293 图 7 所画。")
_t(S.SYN_RECEIVED, E.RCV_ACK, S.ESTABLISHED, "", "3.10.7.4",
   "The third segment of the handshake acknowledges our SYN: the connection is open.",
   "第三次握手的 ACK 确认了本端 SYN：连接建立。", accept="room")
_t(S.SYN_RECEIVED, E.RCV_FIN, S.CLOSE_WAIT, "ACK", "3.10.7.4",
   "The FIN's ACK acknowledges our SYN, which completes the handshake, and the FIN closes the peer's "
   "direction: ACK it and enter CLOSE-WAIT.",
   "FIN 携带的 ACK 确认了本端 SYN，握手就此完成；FIN 关闭了对端方向：回 ACK，进入 CLOSE-WAIT。", accept="room")
# Linux (Documentation/networking/ip-sysctl.rst, tcp_abort_on_overflow): a segment that would
# complete the handshake while the listener's accept queue is full is dropped and counted in
# ListenOverflows; the SYN,ACK stays on the retransmission queue.
for _event in (E.RCV_ACK, E.RCV_FIN):
    _drop(S.SYN_RECEIVED, _event, "Linux tcp_abort_on_overflow",
          "The listener's accept queue is full, so Linux drops the segment that would complete the handshake "
          "(ListenOverflows counts it): the client believes it is connected, the server still waits and "
          "retransmits its SYN,ACK. With net.ipv4.tcp_abort_on_overflow = 1 it would reset instead.",
          "监听套接字的 accept 队列已满，Linux 丢弃这个本可完成握手的报文（计入 ListenOverflows）："
          "客户端以为已连接，服务器却仍在等待并重传 SYN,ACK。若 net.ipv4.tcp_abort_on_overflow = 1 则改为重置。",
          accept="full")
# With tcp_abort_on_overflow = 1, tcp_check_req (net/ipv4/tcp_minisocks.c) resets instead: the
# request is dropped and the segment, which carries an ACK, is answered <SEQ=SEG.ACK><CTL=RST>.
for _event in (E.RCV_ACK, E.RCV_FIN):
    _t(S.SYN_RECEIVED, _event, S.LISTEN, "RST", "Linux tcp_abort_on_overflow",
       "The listener's accept queue is full and net.ipv4.tcp_abort_on_overflow is 1: Linux answers the segment "
       "that would complete the handshake with RST <SEQ=SEG.ACK> and forgets the half-open connection; the "
       "listener keeps listening, and the client learns at once that it was refused.",
       "监听套接字的 accept 队列已满且 net.ipv4.tcp_abort_on_overflow 为 1：Linux 对这个本可完成握手的报文回 "
       "RST <SEQ=SEG.ACK>，并丢掉这个半连接；监听套接字照常监听，客户端立即得知连接被拒绝。",
       accept="full-abort")
_t(S.SYN_RECEIVED, E.RCV_FIN_ACK, None, "RST", "3.10.7.4",
   "The ACK is not acceptable (it covers a FIN we never sent): answer RST <SEQ=SEG.ACK>.",
   "ACK 不可接受（它确认了本端从未发出的 FIN）：回 RST <SEQ=SEG.ACK>。")

# Every state with a receive window (3.10.7.4). First check: a segment that fails the
# acceptability test is answered with an ACK and dropped. Second check, RFC 5961 section
# 3.2: a RST resets only when its sequence number is exactly RCV.NXT; elsewhere in the
# window it gets a challenge ACK, outside the window it is dropped. Fifth check: a segment
# without ACK goes no further.
WINDOWED = (S.SYN_RECEIVED, *SYNCHRONIZED)
_t(WINDOWED, E.RCV_UNACCEPTABLE, None, "ACK", "3.10.7.4",
   "The segment fails the sequence-number test (an old duplicate, say): answer "
   "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it.",
   "报文通不过序号检查（例如旧的重复报文）：回 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> 并丢弃它。")
_t(WINDOWED, E.RCV_RST, None, "ACK", "3.10.7.4",
   "A RST in the window but not at RCV.NXT may be a blind attack: send a challenge ACK and drop it; a peer "
   "that really reset answers with a RST at exactly RCV.NXT (RFC 5961 section 3.2).",
   "在窗口内但不等于 RCV.NXT 的 RST 可能是盲攻击：回挑战 ACK 并丢弃；真正复位的对端会再发一个序号恰为 "
   "RCV.NXT 的 RST（RFC 5961 第 3.2 节）。", seq="in-window")
_drop(WINDOWED, E.RCV_RST, "3.10.7.4",
      "A RST outside the window is dropped silently: it cannot belong to this connection as it stands.",
      "窗口外的 RST 被悄悄丢弃：它不可能属于当前的连接。", seq="outside-window")
_drop(WINDOWED, E.RCV_FIN_NO_ACK, "3.10.7.4",
      "A segment without the ACK bit is dropped at the fifth check, so a FIN without ACK closes nothing.",
      "不带 ACK 位的报文在第五步被丢弃，所以不带 ACK 的 FIN 关闭不了任何东西。")

# The synchronized states (3.10.7.4).
_t([s for s in SYNCHRONIZED if s is not S.TIME_WAIT], E.RCV_SYN, None, "ACK", "3.10.7.4",
   "A SYN on a synchronized connection gets a challenge ACK and is dropped (RFC 5961); a peer that "
   "really lost the connection answers that ACK with a RST.",
   "已同步的连接收到 SYN：回挑战 ACK 并丢弃（RFC 5961）；若对端确实丢了连接，它会对这个 ACK 回 RST。")
# A SYN in TIME-WAIT (RFC 9293 sections 3.6.1 MAY-2 and 3.10.7.4, RFC 6191 section 2; Linux's
# tcp_timewait_state_process in net/ipv4/tcp_minisocks.c decides the same four cases).
_t(S.TIME_WAIT, E.RCV_SYN, None, "ACK", "3.10.7.4",
   "Nothing shows this SYN to belong to a new connection, so the rule for synchronized states holds: a "
   "challenge ACK, and the SYN is dropped (RFC 5961). Linux sends the same ACK.",
   "没有证据表明这个 SYN 属于新连接，于是按同步状态的规则：回挑战 ACK，丢弃该 SYN（RFC 5961）。Linux 同样回这个 ACK。",
   syn="not-newer")
_t(S.TIME_WAIT, E.RCV_SYN, None, "ACK", "3.10.7.4",
   "With timestamps in use the timestamp decides, and an older one marks an old duplicate whatever its sequence "
   "number (PAWS, RFC 7323 section 5): the SYN is not accepted, so the rule for synchronized states answers it "
   "with a challenge ACK and TIME-WAIT stays. Linux sends that ACK; RFC 6191 section 2 would drop it silently.",
   "使用时间戳时由时间戳决定：时间戳更旧就是旧的重复报文，不管其序号如何（PAWS，RFC 7323 第 5 节）。该 SYN "
   "不被接受，按同步状态的规则回挑战 ACK，TIME-WAIT 保持不变。Linux 回这个 ACK；RFC 6191 第 2 节则是悄悄丢弃。",
   syn="ts-older")
_t(S.TIME_WAIT, E.RCV_SYN, S.SYN_RECEIVED, "SYN,ACK", "3.6.1",
   "A SYN shown to be new may reopen the connection straight from TIME-WAIT (MAY-2): without a timestamp, RFC "
   "6191 section 2 accepts it when its sequence number is above the old RCV.NXT; the new ISN is above every "
   "number the old connection used. Linux accepts it so.",
   "可以证明是新连接的 SYN 可以让连接直接从 TIME-WAIT 重新打开（MAY-2）：不带时间戳时，RFC 6191 第 2 节在其序号"
   "大于旧连接的 RCV.NXT 时接受它；新的初始序号大于旧连接用过的所有序号。Linux 正是这样接受的。",
   syn="seq-above")
_t(S.TIME_WAIT, E.RCV_SYN, S.SYN_RECEIVED, "SYN,ACK", "3.6.1",
   "A newer timestamp shows the SYN to be new even when its sequence number is not above the old RCV.NXT "
   "(RFC 6191 section 2; RFC 9293 section 3.10.7.4 points to it): the connection reopens straight from "
   "TIME-WAIT (MAY-2). Linux accepts it so.",
   "更新的时间戳足以证明该 SYN 是新的，即使其序号不大于旧连接的 RCV.NXT（RFC 6191 第 2 节；RFC 9293 "
   "第 3.10.7.4 节引用了它）：连接直接从 TIME-WAIT 重新打开（MAY-2）。Linux 正是这样接受的。",
   syn="ts-newer")
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
   "连接被重置：未完成的 SEND 和 RECEIVE 失败，所有队列清空，删除 TCB；不进入 TIME-WAIT。", seq="at-rcv-nxt")
_t([S.CLOSING, S.LAST_ACK], E.RCV_RST, S.CLOSED, "", "3.10.7.4",
   "A RST ends the closing connection at once: enter CLOSED and delete the TCB.",
   "RST 立即结束正在关闭的连接：进入 CLOSED，删除 TCB。", seq="at-rcv-nxt")
_t(S.TIME_WAIT, E.RCV_RST, S.CLOSED, "", "3.10.7.4",
   "A RST ends TIME-WAIT early and deletes the TCB, the hazard RFC 1337 calls TIME-WAIT assassination.",
   "RST 会提前结束 TIME-WAIT 并删除 TCB，这就是 RFC 1337 所说的 TIME-WAIT 暗杀。", seq="at-rcv-nxt")

# Linux's orphaned FIN-WAIT-2 (net.ipv4.tcp_fin_timeout; Documentation/networking/ip-sysctl.rst):
# RFC 9293 gives FIN-WAIT-2 no timer, so a vanished peer would hold the socket for ever.
_t(S.FIN_WAIT_2, E.TIMEOUT_FIN_WAIT_2, S.CLOSED, "", "Linux tcp_fin_timeout",
   "The program has closed the socket and the peer's FIN has not come within net.ipv4.tcp_fin_timeout "
   "(60 s by default): Linux deletes the socket silently. A FIN arriving later gets a RST.",
   "程序已关闭套接字，而对端的 FIN 在 net.ipv4.tcp_fin_timeout（默认 60 秒）内没有到来："
   "Linux 悄悄删除该套接字。之后才到的 FIN 会收到 RST。")
_refuse([s for s in ALL if s is not S.FIN_WAIT_2], E.TIMEOUT_FIN_WAIT_2, "", "Linux tcp_fin_timeout",
        "Only an orphaned FIN-WAIT-2 socket has Linux's tcp_fin_timeout timer.",
        "只有孤儿 FIN-WAIT-2 套接字才有 Linux 的 tcp_fin_timeout 计时器。")

TRANSITIONS: tuple[Transition, ...] = tuple(_rows)
REFUSALS: tuple[Refusal, ...] = tuple(_refusals)
NOT_APPLICABLE: tuple[NotApplicable, ...] = tuple(_not_applicable)

# Exactly the arrows RFC 9293 Figure 5 draws, as (state, event) pairs; where each leads and
# what it sends is looked up in the table (`TRANSITIONS`), never written here. The figure
# draws one RST arrow, SYN-RECEIVED -> LISTEN, which its note 1 limits to a passive opener;
# every other RST and ABORT is left out (note 3), and so is FIN-WAIT-1 -> TIME-WAIT on a FIN
# that also acknowledges ours, which note 2 only describes (NOTE_2).
FIGURE_5: tuple[tuple[State, Event], ...] = (
    (State.CLOSED, Event.PASSIVE_OPEN),
    (State.CLOSED, Event.ACTIVE_OPEN),
    (State.LISTEN, Event.CLOSE),
    (State.LISTEN, Event.SEND),
    (State.LISTEN, Event.RCV_SYN),
    (State.SYN_SENT, Event.CLOSE),
    (State.SYN_SENT, Event.RCV_SYN),
    (State.SYN_SENT, Event.RCV_SYN_ACK),
    (State.SYN_RECEIVED, Event.RCV_RST),
    (State.SYN_RECEIVED, Event.RCV_ACK),
    (State.SYN_RECEIVED, Event.CLOSE),
    (State.ESTABLISHED, Event.CLOSE),
    (State.ESTABLISHED, Event.RCV_FIN),
    (State.FIN_WAIT_1, Event.RCV_ACK),
    (State.FIN_WAIT_1, Event.RCV_FIN),
    (State.FIN_WAIT_2, Event.RCV_FIN),
    (State.CLOSE_WAIT, Event.CLOSE),
    (State.CLOSING, Event.RCV_ACK),
    (State.LAST_ACK, Event.RCV_ACK),
    (State.TIME_WAIT, Event.TIMEOUT_2MSL),
)
NOTE_2 = (State.FIN_WAIT_1, Event.RCV_FIN_ACK)

_BY_PAIR: dict[tuple[State, Event], list[Transition]] = {}
for _row in TRANSITIONS:
    _BY_PAIR.setdefault((_row.state, _row.event), []).append(_row)
_REFUSED: dict[tuple[State, Event], Refusal] = {(r.state, r.event): r for r in REFUSALS}
_INAPPLICABLE: dict[tuple[State, Event], NotApplicable] = {(r.state, r.event): r for r in NOT_APPLICABLE}


def depends_on_origin(state: State, event: Event) -> bool:
    return "origin" in depends_on(state, event)


def depends_on(state: State, event: Event) -> set[str]:
    """The conditions that decide between the rows of a pair (empty where there is one row)."""
    return {name for row in _BY_PAIR.get((state, event), ()) for name in row.conditions()}


def rows_for(state: State, event: Event) -> list[Transition]:
    """Every row of a pair, one per case."""
    return list(_BY_PAIR.get((State(state), Event(event)), ()))


def transition(state: State, event: Event, origin: Origin | None = None, **conditions: str) -> Transition:
    """The outcome of `event` in `state`; raises TransitionRefused where the RFC refuses it.

    `origin` says how the connection began and `conditions` give the others (`CONDITIONS`);
    each is required only for the pairs whose rows differ by it (`depends_on`) and ignored
    elsewhere. Raises ValueError where one is missing or the event cannot happen.
    """
    state, event = State(state), Event(event)
    if (state, event) in _REFUSED:
        raise TransitionRefused(_REFUSED[state, event])
    if (state, event) in _INAPPLICABLE:
        raise ValueError(_INAPPLICABLE[state, event].en)
    given = dict(conditions) | ({"origin": Origin(origin).value} if origin else {})
    rows = [row for row in _BY_PAIR[state, event]
            if all(given.get(name, value) == value for name, value in row.conditions().items())]
    if len(rows) == 1:
        return rows[0]
    missing = sorted(depends_on(state, event) - set(given))
    raise ValueError(f"{event} in {state} depends on {', '.join(missing) or 'conditions that do not match'}")


def refusal(state: State, event: Event) -> Refusal | None:
    return _REFUSED.get((State(state), Event(event)))


def outcomes() -> Iterator[Transition | Refusal | NotApplicable]:
    """Every row of the table, refusals included, in state-then-event order."""
    order = {state: i for i, state in enumerate(State)}
    events = {event: i for i, event in enumerate(Event)}
    rows: list[Transition | Refusal | NotApplicable] = [*TRANSITIONS, *REFUSALS, *NOT_APPLICABLE]
    rows.sort(key=lambda r: (order[r.state], events[r.event],
                             getattr(r, "origin", None) is Origin.ACTIVE))
    return iter(rows)


@dataclass(frozen=True)
class Machine:
    """One connection's state and how it began: enough to apply any event."""

    state: State = State.CLOSED
    origin: Origin | None = None

    def apply(self, event: Event, **conditions: str) -> tuple[Transition, Machine]:
        """The transition `event` takes and the machine after it (raises TransitionRefused)."""
        row = transition(self.state, event, self.origin, **conditions)
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
