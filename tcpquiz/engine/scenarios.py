"""The named scenarios the simulator plays: who calls what when, and what the network does.

Times are milliseconds; the one-way delay is 50 ms unless a scenario says otherwise.
Losses and extra delays name a segment by its sender and its number among the segments
that side has sent (1 is the first).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

CLIENT, SERVER = "client", "server"
CLIENT_PORT = 40_000


@dataclass(frozen=True)
class NetworkConfig:
    delay_ms: int = 50  # one way
    jitter_ms: int = 0  # each segment waits an extra 0..jitter ms, so segments can be reordered
    loss: float = 0.0  # chance that a segment is lost
    duplicate: float = 0.0  # chance that the network delivers a second copy


@dataclass(frozen=True)
class Action:
    t: int
    side: str
    call: str  # an fsm user call ("passive-open", "send", ...), or "old-syn" / "spoofed-syn"
    size: int = 0  # octets for "send"; the spoofed port for "spoofed-syn"

    def describe(self) -> str:
        if self.call == "send":
            return f"send {self.size} octets"
        if self.call == "old-syn":
            return "old SYN from an earlier connection"
        if self.call == "spoofed-syn":
            return f"spoofed SYN from port {self.size}"
        return self.call


@dataclass(frozen=True)
class Scenario:
    name: str
    title_en: str
    title_zh: str
    actions: tuple[Action, ...]
    drop: frozenset[tuple[str, int]] = frozenset()
    delay: Mapping[tuple[str, int], int] = field(default_factory=dict)
    network: NetworkConfig = NetworkConfig()
    horizon_ms: int | None = None  # stop here even if timers still run
    backlog: int = 0  # > 0: the server is a listener with a SYN queue of this size
    spoofed: bool = False  # the client side is an attacker with no TCB
    port: int = CLIENT_PORT
    unread_by: frozenset[str] = frozenset()  # sides whose program never reads what arrives
    fin_timeout_ms: int = 0  # > 0: Linux's net.ipv4.tcp_fin_timeout for orphaned FIN-WAIT-2 sockets
    accept_queue_full: frozenset[str] = frozenset()  # sides whose listener's accept queue is full (Linux)
    syncookies: bool = False  # the listener answers SYNs beyond its SYN queue with SYN cookies (Linux)

LINUX_FIN_TIMEOUT_MS = 60_000  # net.ipv4.tcp_fin_timeout's default (Documentation/networking/ip-sysctl.rst)


def _open(passive_at: int = 0) -> tuple[Action, ...]:
    return (Action(passive_at, SERVER, "passive-open"), Action(0, CLIENT, "active-open"))


_SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "handshake", "The three-way handshake.", "三次握手。",
        _open(),
    ),
    Scenario(
        "close", "The client closes first; the server closes after it reads the end of the stream.",
        "客户端先关闭；服务器读到数据流结束后再关闭。",
        (*_open(), Action(1_000, CLIENT, "close"), Action(2_000, SERVER, "close")),
    ),
    Scenario(
        "simultaneous-open", "Both sides open actively at the same moment; their SYNs cross.",
        "双方同时主动打开，两个 SYN 在途中交错。",
        (Action(0, CLIENT, "active-open"), Action(0, SERVER, "active-open")),
    ),
    Scenario(
        "simultaneous-close", "Both sides close at the same moment; their FINs cross and both pass through CLOSING.",
        "双方同时关闭，两个 FIN 交错，双方都经过 CLOSING。",
        (*_open(), Action(1_000, CLIENT, "close"), Action(1_000, SERVER, "close")),
    ),
    Scenario(
        "lost-final-ack",
        "The last ACK of the close is lost: the server in LAST-ACK retransmits its FIN, and the client in "
        "TIME-WAIT ACKs it again and restarts 2MSL.",
        "关闭时最后一个 ACK 丢失：LAST-ACK 中的服务器重传 FIN，TIME-WAIT 中的客户端再次确认并重新开始 2MSL 计时。",
        (*_open(), Action(1_000, CLIENT, "close"), Action(2_000, SERVER, "close")),
        drop=frozenset({(CLIENT, 4)}),  # SYN, ACK, FIN, then the ACK of the server's FIN
    ),
    Scenario(
        "old-duplicate-syn",
        "An old SYN from an earlier connection reaches the server first. With a two-way handshake the server "
        "would now be ESTABLISHED on a dead connection; the third segment lets the client refuse it with a RST.",
        "一个早先连接的旧 SYN 先到达服务器。若只有两次握手，服务器会在一个早已不存在的连接上进入 ESTABLISHED；"
        "第三次握手让客户端能用 RST 拒绝它。",
        (Action(0, SERVER, "passive-open"), Action(0, CLIENT, "old-syn"), Action(0, CLIENT, "active-open")),
        delay={(CLIENT, 2): 150},  # the real SYN is slower than the old one
    ),
    Scenario(
        "half-close",
        "The client sends its request and closes its direction; the server keeps sending the reply, then closes.",
        "客户端发出请求后关闭自己的发送方向；服务器继续发送响应，然后再关闭。",
        (*_open(), Action(1_000, CLIENT, "send", 100), Action(1_500, CLIENT, "close"),
         Action(2_000, SERVER, "send", 1_000), Action(2_100, SERVER, "send", 500), Action(3_000, SERVER, "close")),
    ),
    Scenario(
        "syn-flood",
        "An attacker sends SYNs from spoofed addresses. Nobody answers the server's SYN,ACKs, so half-open "
        "connections pile up in SYN-RECEIVED until the SYN queue is full.",
        "攻击者用伪造的源地址发送 SYN。服务器的 SYN,ACK 无人应答，半连接堆积在 SYN-RECEIVED，直到 SYN 队列占满。",
        (Action(0, SERVER, "passive-open"),
         *(Action(100 + 10 * i, CLIENT, "spoofed-syn", 50_001 + i) for i in range(6))),
        backlog=4, spoofed=True, horizon_ms=3_500,
    ),
    Scenario(
        "abort",
        "The client aborts an established connection: one RST, and neither side passes through TIME-WAIT.",
        "客户端中止已建立的连接：只发一个 RST，双方都不经过 TIME-WAIT。",
        (*_open(), Action(1_000, CLIENT, "send", 100), Action(2_000, CLIENT, "abort")),
    ),
)

_SCENARIOS += (
    Scenario(
        "time-wait-new-syn",
        "The server closes first and waits in TIME-WAIT; the client connects again from the same port. The new "
        "SYN's sequence number is above the old connection's, so the server accepts it straight from TIME-WAIT "
        "(RFC 6191; Linux does the same).",
        "服务器先关闭并在 TIME-WAIT 等待；客户端从同一端口再次连接。新 SYN 的序号大于旧连接的，"
        "于是服务器直接在 TIME-WAIT 中接受它（RFC 6191；Linux 亦然）。",
        (*_open(), Action(1_000, SERVER, "close"), Action(2_000, CLIENT, "close"),
         Action(3_000, CLIENT, "active-open")),
    ),
    Scenario(
        "close-unread",
        "The server sends a reply the client's program never reads; when the client closes, it sends a RST, not a "
        "FIN, to show that data was lost (RFC 9293 section 3.6.1; Linux's close() does this).",
        "服务器发来的响应客户端程序始终没有读取；客户端关闭时发出的是 RST 而不是 FIN，表明有数据丢失"
        "（RFC 9293 第 3.6.1 节；Linux 的 close() 就是这样）。",
        (*_open(), Action(1_000, SERVER, "send", 500), Action(2_000, CLIENT, "close")),
        unread_by=frozenset({CLIENT}),
    ),
    Scenario(
        "orphaned-fin-wait-2",
        "The client closes; the server's program never does. Linux deletes the client's orphaned FIN-WAIT-2 socket "
        "after tcp_fin_timeout (60 s), and the server's FIN, sent much later, meets a RST.",
        "客户端关闭了，服务器程序却一直不关闭。Linux 在 tcp_fin_timeout（60 秒）后删除客户端的孤儿 FIN-WAIT-2 "
        "套接字，服务器很久之后才发出的 FIN 只能收到 RST。",
        (*_open(), Action(1_000, CLIENT, "close"), Action(90_000, SERVER, "close")),
        fin_timeout_ms=LINUX_FIN_TIMEOUT_MS,
    ),
    Scenario(
        "syn-flood-cookies",
        "The SYN flood again, against a listener with SYN cookies (Linux's default): once the SYN queue is full, "
        "each further SYN still gets a SYN,ACK, whose ISN is a cookie, and leaves no state behind.",
        "再来一次 SYN 洪泛，这次监听套接字启用了 SYN cookie（Linux 默认如此）：SYN 队列满后，"
        "后来的 SYN 仍能得到 SYN,ACK，其初始序号就是 cookie，服务器不保存任何状态。",
        (Action(0, SERVER, "passive-open"),
         *(Action(100 + 10 * i, CLIENT, "spoofed-syn", 50_001 + i) for i in range(6))),
        backlog=4, spoofed=True, horizon_ms=3_500, syncookies=True,
    ),
    Scenario(
        "accept-queue-full",
        "The server's program never calls accept() and its accept queue is full. Linux drops the client's final "
        "ACK; the client thinks it is connected while the server retransmits its SYN,ACK, gives up, and at last "
        "answers the client's data with a RST.",
        "服务器程序从不调用 accept()，其 accept 队列已满。Linux 丢弃客户端第三次握手的 ACK；客户端以为已经连接，"
        "服务器却不断重传 SYN,ACK，最后放弃，并用 RST 回应客户端发来的数据。",
        (*_open(), Action(70_000, CLIENT, "send", 100)),
        accept_queue_full=frozenset({SERVER}),
    ),
)

SCENARIOS: dict[str, Scenario] = {scenario.name: scenario for scenario in _SCENARIOS}
