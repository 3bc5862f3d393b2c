"""The engine against a real TCP stack (Linux).

First, sockets on 127.0.0.1 with states read from /proc/net/tcp: at each checkpoint the test
waits until the kernel's states settle, records both sides, and compares the record with the
simulator's states at the same points of the same scenario.

Then the edges, in a private network namespace each case makes (`unshare --net`, as root;
skipped otherwise): segments crafted by the test reach the kernel through a TUN device, and
what the kernel answers is compared with the state table's row and the simulator's scenario.
Loopback addresses only; every wait is bounded; skipped where /proc/net/tcp does not exist.
"""

from __future__ import annotations

import json
import random
import socket
import struct
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

from tcpquiz.engine.fsm import Event, State, Transition, transition
from tcpquiz.engine.questions import Question, bank
from tcpquiz.engine.scenarios import CLIENT, SCENARIOS, SERVER, Action, Scenario
from tcpquiz.engine.sim import SimResult, run, simulate

PROC = Path("/proc/net/tcp")
pytestmark = pytest.mark.skipif(not PROC.exists(), reason="no /proc/net/tcp on this system")

# Linux's numbering (include/net/tcp_states.h), in RFC 9293 names. TCP_CLOSE sockets are not
# listed; a request socket (NEW_SYN_RECV) is a connection in SYN-RECEIVED.
LINUX_STATES = {
    0x01: "ESTABLISHED", 0x02: "SYN-SENT", 0x03: "SYN-RECEIVED", 0x04: "FIN-WAIT-1", 0x05: "FIN-WAIT-2",
    0x06: "TIME-WAIT", 0x07: "CLOSED", 0x08: "CLOSE-WAIT", 0x09: "LAST-ACK", 0x0A: "LISTEN", 0x0B: "CLOSING",
    0x0C: "SYN-RECEIVED",
}
TRANSIENT = {"SYN-SENT", "SYN-RECEIVED", "FIN-WAIT-1", "LAST-ACK", "CLOSING"}
LOOPBACK = "0100007F"  # 127.0.0.1 as /proc/net/tcp prints it (host byte order, little-endian)


def kernel_state(local_port: int, remote_port: int) -> str:
    """The state of the socket 127.0.0.1:local_port -> 127.0.0.1:remote_port (remote 0: a listener)."""
    for line in PROC.read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, state = fields[1], fields[2], int(fields[3], 16)
        local_ip, local_hex = local.split(":")
        remote_ip, remote_hex = remote.split(":")
        if local_ip != LOOPBACK or int(local_hex, 16) != local_port or int(remote_hex, 16) != remote_port:
            continue
        if remote_port and remote_ip != LOOPBACK:
            continue
        return LINUX_STATES[state]
    return "CLOSED"


class Pair:
    """A client and a server connection on loopback, and what the kernel said at each checkpoint."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.settimeout(5)
        self.listener.bind(("127.0.0.1", 0))
        self.server_port = self.listener.getsockname()[1]
        self.client_port = 0
        self.client: socket.socket | None = None
        self.conn: socket.socket | None = None
        self.seen: list[tuple[str, str]] = []

    def states(self) -> tuple[str, str]:
        if not self.client_port:
            return "CLOSED", kernel_state(self.server_port, 0)
        return kernel_state(self.client_port, self.server_port), kernel_state(self.server_port, self.client_port)

    def checkpoint(self) -> tuple[str, str]:
        """Wait (at most 3 s) until both states are stable and not half-way through an exchange."""
        deadline = time.monotonic() + 3
        last = self.states()
        while time.monotonic() < deadline:
            time.sleep(0.02)
            now = self.states()
            if now == last and not TRANSIENT & set(now):
                break
            last = now
        self.seen.append(last)
        return last

    def listen(self) -> None:
        self.listener.listen(1)

    def connect(self) -> None:
        self.client = socket.create_connection(("127.0.0.1", self.server_port), timeout=5)
        self.client_port = self.client.getsockname()[1]
        self.conn, _ = self.listener.accept()
        self.conn.settimeout(5)
        self.listener.close()  # the accepted connection is the server's side from here on

    def close(self) -> None:
        for sock in (self.client, self.conn, self.listener):
            if sock is not None:
                sock.close()


@contextmanager
def pair() -> Iterator[Pair]:
    endpoints = Pair()
    try:
        yield endpoints
    finally:
        endpoints.close()


def at(result: SimResult, *times: int) -> list[tuple[str, str]]:
    return [result.states_at(t) for t in times]


def test_listen_connect_client_closes_then_server_closes() -> None:
    with pair() as p:
        p.listen()
        p.checkpoint()
        p.connect()
        p.checkpoint()
        assert p.client is not None and p.conn is not None
        p.client.close()
        p.client = None
        p.checkpoint()
        p.conn.close()
        p.conn = None
        p.checkpoint()
    assert p.seen == [("CLOSED", "LISTEN"), ("ESTABLISHED", "ESTABLISHED"), ("FIN-WAIT-2", "CLOSE-WAIT"),
                      ("TIME-WAIT", "CLOSED")]
    result = simulate("close")
    listening = result.steps[0]  # the server's passive OPEN, before the client's active one
    # The close scenario: opens at 0, client CLOSE at 1 s, server CLOSE at 2 s, 2MSL after that.
    assert [(listening.client, listening.server), *at(result, 999, 1_999, 2_999)] == p.seen
    assert _subsequence([c for c, _ in p.seen], result.client_states)
    assert _subsequence([s for _, s in p.seen], result.server_states)


def test_server_closes_first() -> None:
    with pair() as p:
        p.listen()
        p.connect()
        p.checkpoint()
        assert p.client is not None and p.conn is not None
        p.conn.close()
        p.conn = None
        p.checkpoint()
        p.client.close()
        p.client = None
        p.checkpoint()
    assert p.seen == [("ESTABLISHED", "ESTABLISHED"), ("CLOSE-WAIT", "FIN-WAIT-2"), ("CLOSED", "TIME-WAIT")]
    opening = SCENARIOS["close"].actions[:2]
    server_first = Scenario("server-closes-first", "", "",
                            (*opening, Action(1_000, SERVER, "close"), Action(2_000, CLIENT, "close")))
    result = run(server_first)
    assert at(result, 999, 1_999, 2_999) == p.seen
    assert result.server_states[-2:] == ("TIME-WAIT", "CLOSED")


def test_linger_zero_sends_rst_and_nobody_waits() -> None:
    with pair() as p:
        p.listen()
        p.connect()
        assert p.client is not None and p.conn is not None
        p.client.sendall(b"x" * 100)
        assert p.conn.recv(100)
        p.checkpoint()
        p.client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        p.client.close()  # an ABORT: RST instead of FIN
        p.client = None
        p.checkpoint()
        with pytest.raises(ConnectionResetError):
            p.conn.recv(100)
    assert p.seen == [("ESTABLISHED", "ESTABLISHED"), ("CLOSED", "CLOSED")]
    result = simulate("abort")  # data at 1 s, ABORT at 2 s
    assert at(result, 1_999, 2_999) == p.seen
    assert "TIME-WAIT" not in result.client_states + result.server_states


def _subsequence(seen: list[str], states: tuple[str, ...]) -> bool:
    """The kernel's checkpoints appear in the simulator's sequence, in order."""
    position = 0
    for state in seen:
        try:
            position = states.index(state, position)
        except ValueError:
            return False
    return True


# -- Linux at the edges, in a private network namespace ------------------------------------------------
#
# Each case below runs this file as a script in a network namespace of its own (`unshare --net`,
# so root only). There the kernel's 127.0.0.1 talks to a peer at 127.0.0.2 that is this test:
# 127.0.0.2 is routed into a TUN device whose other end the script holds, so every segment the
# kernel sends to the peer is read here and every segment the peer sends is crafted here. Nothing
# leaves the namespace. Where the kernel must *not* answer, the script sends a probe the kernel
# must answer right after, and checks that the probe's answer is the first thing that comes back;
# no test waits and hopes.

PEER, LOCAL = "127.0.0.2", "127.0.0.1"
TUN_NAME = "tq0"
FLAG_BITS = {"FIN": 0x01, "SYN": 0x02, "RST": 0x04, "PSH": 0x08, "ACK": 0x10}
WIRE = 2**32


def _sum16(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def timestamp_option(tsval: int, tsecr: int = 0) -> bytes:
    """NOP, NOP and the Timestamps option (RFC 7323 section 3): 12 octets, a whole number of words."""
    return struct.pack("!BBBBII", 1, 1, 8, 10, tsval % WIRE, tsecr % WIRE)


def craft(sport: int, dport: int, flags: str, seq: int, ack: int = 0, payload: bytes = b"",
          options: bytes = b"") -> bytes:
    """An IPv4 TCP segment from the peer to the kernel, with correct checksums (options, if any,
    already padded to whole words)."""
    src, dst = socket.inet_aton(PEER), socket.inet_aton(LOCAL)
    bits = sum(FLAG_BITS[flag] for flag in flags.split(",") if flag)
    offset = (20 + len(options)) // 4
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq % WIRE, ack % WIRE, offset << 4, bits, 65535, 0, 0) + options \
        + payload
    tcp = tcp[:16] + struct.pack("!H", _sum16(src + dst + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, src, dst)
    return ip[:10] + struct.pack("!H", _sum16(ip)) + ip[12:] + tcp


def parse(packet: bytes) -> dict[str, object] | None:
    """A segment the kernel sent, flags in the simulator's order ("SYN,ACK", "RST,ACK")."""
    if len(packet) < 40 or packet[0] >> 4 != 4 or packet[9] != 6:
        return None
    header = (packet[0] & 0x0F) * 4
    total = struct.unpack("!H", packet[2:4])[0]
    sport, dport, seq, ack, offset, bits = struct.unpack("!HHIIBB", packet[header:header + 14])
    flags = ",".join(flag for flag in ("SYN", "FIN", "RST", "ACK") if bits & FLAG_BITS[flag])
    return {"sport": sport, "dport": dport, "flags": flags, "seq": seq, "ack": ack if bits & FLAG_BITS["ACK"] else None,
            "len": total - header - (offset >> 4) * 4}


class TunPeer:
    """The peer at 127.0.0.2, inside the namespace this script runs in."""

    def __init__(self) -> None:
        import fcntl
        import os
        import subprocess

        self.os = os
        self.fd = os.open("/dev/net/tun", os.O_RDWR)
        fcntl.ioctl(self.fd, 0x400454CA, struct.pack("16sH", TUN_NAME.encode(), 0x0001 | 0x1000))  # TUNSETIFF: TUN, NO_PI
        for command in (
            "ip link set lo up", f"ip link set {TUN_NAME} up",
            # 127.0.0.2 is not local here: it is routed into the TUN device (loopback addresses on a
            # device other than lo need route_localnet).
            "ip route del local 127.0.0.0/8 dev lo table local", f"ip route add {PEER}/32 dev {TUN_NAME}",
            f"sysctl -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.{TUN_NAME}.route_localnet=1",
            # The peer's crafted SYNs carry no options; keep the kernel's replies as plain. No rate
            # limits on the ACKs that answer bad segments, so each probe gets its answer.
            "sysctl -qw net.ipv4.tcp_timestamps=0 net.ipv4.tcp_invalid_ratelimit=0",
        ):
            subprocess.run(command.split(), check=True)
        subprocess.run(["sysctl", "-qw", "net.ipv4.tcp_challenge_ack_limit=1000000"], check=False)
        self.subprocess = subprocess

    def sysctl(self, name: str, value: int) -> None:
        self.subprocess.run(["sysctl", "-qw", f"{name}={value}"], check=True)

    def send(self, sport: int, dport: int, flags: str, seq: int, ack: int = 0, payload: bytes = b"",
             options: bytes = b"") -> None:
        self.os.write(self.fd, craft(sport, dport, flags, seq, ack, payload, options))

    def next(self, port: int | None = None, timeout: float = 5.0) -> dict[str, object]:
        """The next segment the kernel sends (to `port`, if given); TimeoutError after `timeout`."""
        import select

        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            if not select.select([self.fd], [], [], left)[0]:
                break
            segment = parse(self.os.read(self.fd, 65_535))
            if segment is not None and (port is None or segment["dport"] == port):
                return segment
        raise TimeoutError(f"the kernel sent nothing to port {port} within {timeout} s")

    def until(self, done: Callable[[dict[str, object]], bool], port: int | None = None) -> list[dict[str, object]]:
        """Every segment up to and including the first that `done` accepts (a probe's answer)."""
        seen = [self.next(port)]
        while not done(seen[-1]):
            seen.append(self.next(port))
        return seen

    def handshake(self, sport: int, dport: int, isn: int) -> int:
        """Open a connection to a listener on 127.0.0.1:dport; the kernel's ISN."""
        self.send(sport, dport, "SYN", isn)
        syn_ack = self.next(sport)
        assert syn_ack["flags"] == "SYN,ACK", syn_ack
        self.send(sport, dport, "ACK", isn + 1, int(syn_ack["seq"]) + 1)  # type: ignore[call-overload]
        return int(syn_ack["seq"])  # type: ignore[call-overload]


def tun_state(local_port: int, peer_port: int) -> str:
    """The state of 127.0.0.1:local_port -> 127.0.0.2:peer_port in this namespace."""
    for line in PROC.read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1].split(":"), fields[2].split(":")
        if (local[0], int(local[1], 16), remote[0], int(remote[1], 16)) == ("0100007F", local_port, "0200007F",
                                                                            peer_port):
            return LINUX_STATES[int(fields[3], 16)]
    return "CLOSED"


def listen_overflows() -> int:
    lines = [line.split() for line in Path("/proc/net/netstat").read_text().splitlines() if line.startswith("TcpExt:")]
    return int(dict(zip(lines[0], lines[1], strict=True))["ListenOverflows"])


def _listener(port: int, backlog: int = 8) -> socket.socket:
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((LOCAL, port))
    listener.listen(backlog)
    listener.settimeout(5)
    return listener


# The cases, each run in a fresh namespace; each returns what the kernel did, as JSON.

def case_resets(peer: TunPeer) -> dict[str, object]:
    """Segments to a closed port (RFC 9293 section 3.10.7.1) and to a listener (3.10.7.2)."""
    closed = 9  # nothing listens here
    seen: dict[str, object] = {}
    peer.send(40_001, closed, "SYN", 1_000)
    seen["syn"] = peer.next(40_001)
    peer.send(40_002, closed, "ACK", 2_000, 777)
    seen["ack"] = peer.next(40_002)
    peer.send(40_003, closed, "FIN", 3_000)
    seen["fin-no-ack"] = peer.next(40_003)
    peer.send(40_004, closed, "RST", 5)
    peer.send(40_004, closed, "SYN", 4_000)  # the probe: its RST,ACK must be the first answer
    seen["after-rst"] = peer.next(40_004)
    listener = _listener(6_000)
    peer.send(40_005, 6_000, "ACK", 10, 999)
    seen["listen-ack"] = peer.next(40_005)
    peer.send(40_006, 6_000, "FIN", 20)
    peer.send(40_006, 6_000, "ACK", 21, 555)  # the probe
    seen["listen-after-fin-no-ack"] = peer.next(40_006)
    listener.close()
    return seen


def case_syn_sent(peer: TunPeer) -> dict[str, object]:
    """A connect() whose SYN goes to the peer: RSTs that do not acknowledge it, then a
    simultaneous open (RFC 793 Figure 8, RFC 9293 section 3.10.7.4)."""
    client = socket.socket()
    client.setblocking(False)
    client.bind((LOCAL, 0))
    port = client.getsockname()[1]
    with suppress(BlockingIOError):
        client.connect((PEER, 7_000))
    syn = peer.next(7_000)
    x, y = int(syn["seq"]), 50_000  # type: ignore[call-overload]
    seen: dict[str, object] = {"syn": syn}
    peer.send(7_000, port, "RST", 0)  # no ACK at all
    peer.send(7_000, port, "RST,ACK", 0, x + 5)  # an ACK of something never sent
    peer.send(7_000, port, "ACK", 0, x + 100)  # the probe: a bad ACK is answered <SEQ=SEG.ACK><CTL=RST>
    # Up to the probe's answer, nothing but retransmissions of our SYN, should its timer fire.
    seen["after-bad-rsts"] = peer.until(lambda s: s["flags"] != "SYN", 7_000)
    seen["state-after-bad-rsts"] = tun_state(port, 7_000)
    peer.send(7_000, port, "SYN", y)  # the peer's SYN crosses ours
    seen["syn-ack"] = peer.until(lambda s: s["flags"] != "SYN", 7_000)[-1]
    seen["state-after-syn"] = tun_state(port, 7_000)
    peer.send(7_000, port, "SYN,ACK", y, x + 1)  # the peer's SYN,ACK: its SYN again, and an ACK of ours
    # Its answer; a retransmission of the kernel's own SYN,ACK, should its timer fire meanwhile, is not one.
    seen["after-syn-ack"] = peer.until(lambda s: "SYN" not in str(s["flags"]), 7_000)[-1]
    seen["state-after-syn-ack"] = tun_state(port, 7_000)
    peer.send(7_000, port, "ACK", y + 1, x + 1)  # the peer's own ACK, as it answers ours
    peer.send(7_000, port, "ACK", y + 1, x + 1, b"z")  # the probe: one octet, so an ACK of y + 2 ends the wait
    seen["after-ack"] = [s for s in peer.until(lambda s: s["ack"] == y + 2, 7_000) if "SYN" not in str(s["flags"])]
    seen["state"] = tun_state(port, 7_000)
    seen["so-error"] = client.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    client.close()
    return seen


def _established(peer: TunPeer, port: int, sport: int, y: int) -> tuple[socket.socket, socket.socket, int]:
    listener = _listener(port)
    x = peer.handshake(sport, port, y)
    conn, _ = listener.accept()
    conn.settimeout(5)
    return listener, conn, x


def case_synchronized(peer: TunPeer) -> dict[str, object]:
    """An ESTABLISHED connection and RFC 5961's RST and SYN rules, an unacceptable segment, a FIN without ACK."""
    y = 90_000
    listener, conn, x = _established(peer, 6_001, 41_000, y)
    p = 41_000
    seen: dict[str, object] = {}
    peer.send(p, 6_001, "RST", y + 1 + 100)  # in the window, not RCV.NXT
    seen["rst-in-window"] = peer.next(p)
    peer.send(p, 6_001, "RST", y + 1 + 10**8)  # outside the window
    peer.send(p, 6_001, "ACK", y + 1, x + 1, b"abc")  # the probe: its ACK of y + 4 must come first
    seen["after-rst-outside"] = peer.next(p)
    peer.send(p, 6_001, "ACK", y + 4 + 10**8, x + 1)  # fails the sequence-number test
    seen["unacceptable"] = peer.next(p)
    peer.send(p, 6_001, "SYN", y + 4 + 10)  # a SYN in the window
    seen["syn"] = peer.next(p)
    peer.send(p, 6_001, "FIN", y + 4)  # without the ACK bit
    peer.send(p, 6_001, "ACK", y + 4, x + 1, b"de")  # the probe: a FIN taken would make this ack y + 7
    seen["after-fin-no-ack"] = peer.next(p)
    seen["read"] = conn.recv(100).decode()
    peer.send(p, 6_001, "RST", y + 6)  # exactly RCV.NXT
    try:
        conn.recv(100)
        seen["after-rst-exact"] = "no error"
    except ConnectionResetError:
        seen["after-rst-exact"] = "connection reset"
    seen["state"] = tun_state(6_001, p)
    conn.close()
    listener.close()
    return seen


def case_time_wait(peer: TunPeer) -> dict[str, object]:
    """The server closes first and waits in TIME-WAIT; then SYNs from the same port (RFC 6191)."""
    y, p = 200_000, 41_001
    listener, conn, x = _established(peer, 6_002, p, y)
    conn.close()
    fin = peer.next(p)
    peer.send(p, 6_002, "FIN,ACK", y + 1, x + 2)
    last_ack = peer.next(p)
    seen: dict[str, object] = {"fin": fin, "last-ack": last_ack, "state": tun_state(6_002, p)}
    peer.send(p, 6_002, "SYN", y - 1_000)  # below the old RCV.NXT, and no timestamps: not shown to be new
    seen["old-syn"] = peer.next(p)
    seen["state-after-old-syn"] = tun_state(6_002, p)
    peer.send(p, 6_002, "SYN", y + 100_000)  # above the old RCV.NXT
    seen["new-syn"] = peer.next(p)
    seen["old-snd-nxt"] = x + 2
    listener.close()
    return seen


def case_time_wait_timestamps(peer: TunPeer) -> dict[str, object]:
    """As case_time_wait, but the old connection used timestamps (RFC 6191 section 2): every
    segment of the peer carries one, the last at TSval 5000."""
    peer.sysctl("net.ipv4.tcp_timestamps", 1)
    y, p, port, ts = 500_000, 41_004, 6_008, 5_000
    listener = _listener(port)
    peer.send(p, port, "SYN", y, options=timestamp_option(ts))
    syn_ack = peer.next(p)
    x = int(syn_ack["seq"])  # type: ignore[call-overload]
    peer.send(p, port, "ACK", y + 1, x + 1, options=timestamp_option(ts))
    conn, _ = listener.accept()
    conn.close()
    fin = peer.next(p)
    peer.send(p, port, "FIN,ACK", y + 1, x + 2, options=timestamp_option(ts))
    seen: dict[str, object] = {"syn-ack": syn_ack, "fin": fin, "last-ack": peer.next(p), "state": tun_state(port, p)}
    # An older timestamp, though the sequence number is far above the old RCV.NXT: PAWS refuses it.
    peer.send(p, port, "SYN", y + 100_000, options=timestamp_option(ts - 1_000))
    seen["older-ts-syn"] = peer.next(p)
    seen["state-after-older-ts"] = tun_state(port, p)
    # A newer timestamp, though the sequence number is below the old RCV.NXT: a new connection.
    peer.send(p, port, "SYN", y - 100_000, options=timestamp_option(ts + 1_000))
    seen["newer-ts-syn"] = peer.next(p)
    seen["old-snd-nxt"] = x + 2
    listener.close()
    return seen


def case_close_unread(peer: TunPeer) -> dict[str, object]:
    """close() while received data is unread (RFC 9293 section 3.6, SHLD-2)."""
    y, p = 300_000, 41_002
    listener, conn, x = _established(peer, 6_003, p, y)
    peer.send(p, 6_003, "ACK", y + 1, x + 1, b"never read")
    data_ack = peer.until(lambda s: s["ack"] == y + 11, p)
    conn.close()
    seen: dict[str, object] = {"close": peer.next(p), "snd-nxt": x + 1, "state": tun_state(6_003, p),
                               "data-ack": data_ack[-1]}
    listener.close()
    return seen


def case_orphan(peer: TunPeer) -> dict[str, object]:
    """An orphaned FIN-WAIT-2 socket and net.ipv4.tcp_fin_timeout (set to 2 s here)."""
    peer.sysctl("net.ipv4.tcp_fin_timeout", 2)
    y, p = 400_000, 41_003
    listener, conn, x = _established(peer, 6_004, p, y)
    listener.close()
    conn.close()  # an orphan from here on: no program holds it
    fin = peer.next(p)
    peer.send(p, 6_004, "ACK", y + 1, x + 2)  # ACK the FIN, send none of our own
    closed_at = time.monotonic()
    seen: dict[str, object] = {"fin": fin, "state": "?"}
    deadline = closed_at + 10
    while time.monotonic() < deadline and (state := tun_state(6_004, p)) != "CLOSED":
        seen["state"] = state
        time.sleep(0.05)  # polling the kernel's table: the wait ends when the state changes
    seen["gone-after"] = round(time.monotonic() - closed_at, 2)
    peer.send(p, 6_004, "FIN,ACK", y + 1, x + 2)  # the peer closes at last
    seen["late-fin"] = peer.next(p)
    return seen


def case_accept_queue(peer: TunPeer) -> dict[str, object]:
    """A listener whose program never calls accept(): the accept queue overflows. SYN cookies are
    off, so every SYN,ACK has a request behind it (with cookies, a SYN beyond the backlog gets a
    cookie and no request, and nothing would be retransmitted)."""
    peer.sysctl("net.ipv4.tcp_syncookies", 0)
    peer.sysctl("net.ipv4.tcp_abort_on_overflow", 0)
    listener = _listener(6_005, backlog=1)  # the accept queue is full past two connections
    before = listen_overflows()
    client_isn = {port: 1_000 * (port - 42_000) for port in (42_001, 42_002, 42_003, 42_004)}
    server_isn: dict[int, int] = {}

    def syn(port: int) -> None:
        peer.send(port, 6_005, "SYN", client_isn[port])
        server_isn[port] = int(peer.next(port)["seq"])  # type: ignore[call-overload]

    def final_ack(port: int) -> None:
        peer.send(port, 6_005, "ACK", client_isn[port] + 1, server_isn[port] + 1)

    syn(42_001)
    final_ack(42_001)
    syn(42_002)
    syn(42_003)
    final_ack(42_002)  # the queue now holds two: full
    final_ack(42_003)  # finds it full
    peer.send(40_008, 9, "SYN", 7)  # the probe: a closed port's RST,ACK
    seen: dict[str, object] = {
        "answers-to-final-ack": [s for s in peer.until(lambda s: s["dport"] == 40_008) if s["dport"] != 40_008]}
    # The client thinks it is connected; the server still waits in SYN-RECEIVED and retransmits.
    seen["states"] = [tun_state(6_005, port) for port in (42_001, 42_002, 42_003)]
    seen["overflows-after-ack"] = listen_overflows() - before
    seen["retransmitted"] = peer.next(42_003)
    peer.send(42_004, 6_005, "SYN", client_isn[42_004])
    peer.send(40_009, 9, "SYN", 7)  # the probe
    seen["syn-while-full"] = [s for s in peer.until(lambda s: s["dport"] == 40_009) if s["dport"] == 42_004]
    seen["overflows-after-syn"] = listen_overflows() - before
    peer.sysctl("net.ipv4.tcp_abort_on_overflow", 1)
    final_ack(42_003)
    seen["with-abort-on-overflow"] = peer.until(lambda s: "RST" in str(s["flags"]), 42_003)[-1]
    seen["state-after-abort"] = tun_state(6_005, 42_003)
    seen["listener-after-abort"] = kernel_state(6_005, 0)
    seen["server-isn"] = server_isn[42_003]
    listener.close()
    return seen


def case_syn_backlog(peer: TunPeer) -> dict[str, object]:
    """How many half-open connections a listen(2) socket keeps, with and without SYN cookies."""
    peer.sysctl("net.ipv4.tcp_max_syn_backlog", 4096)
    seen: dict[str, object] = {}
    for cookies, port in ((0, 6_006), (1, 6_007)):
        peer.sysctl("net.ipv4.tcp_syncookies", cookies)
        listener = _listener(port + 10, backlog=2)
        for i in range(10):
            peer.send(43_000 + i, port + 10, "SYN", 10_000 * i)
        peer.send(40_010 + cookies, 9, "SYN", 7)  # the probe
        answers = peer.until(lambda s, probe=40_010 + cookies: s["dport"] == probe)
        seen[f"syn-acks-cookies-{cookies}"] = len([s for s in answers if s["flags"] == "SYN,ACK"])
        listener.close()
    # Without cookies, tcp_max_syn_backlog bounds it too: a listen(64) socket, tcp_max_syn_backlog 8.
    peer.sysctl("net.ipv4.tcp_syncookies", 0)
    peer.sysctl("net.ipv4.tcp_max_syn_backlog", 8)
    listener = _listener(6_018, backlog=64)
    for i in range(12):
        peer.send(44_000 + i, 6_018, "SYN", 10_000 * i)
    peer.send(40_012, 9, "SYN", 7)  # the probe
    answers = peer.until(lambda s: s["dport"] == 40_012)
    seen["syn-acks-max-syn-backlog-8"] = len([s for s in answers if s["flags"] == "SYN,ACK"])
    listener.close()
    return seen


CASES = {name.removeprefix("case_").replace("_", "-"): function for name, function in list(globals().items())
         if name.startswith("case_")}


def in_namespace(case: str) -> dict[str, Any]:
    """Run a case in a new network namespace; skip where this machine cannot make one."""
    import os
    import shutil
    import subprocess
    import sys

    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ip"):
        pytest.skip("needs root, unshare and ip to make a private network namespace")
    if not Path("/dev/net/tun").exists():
        pytest.skip("needs /dev/net/tun")
    done = subprocess.run(["unshare", "--net", sys.executable, __file__, case], capture_output=True, text=True, check=False,
                          timeout=60)
    if done.returncode == 77:
        pytest.skip(f"this machine cannot run the namespace: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _row(state: str, event: str, **conditions: str) -> Transition:
    return transition(State(state), Event(event), **conditions)


def test_the_two_forms_of_reset_and_segments_nobody_answers() -> None:
    seen = in_namespace("resets")
    # At CLOSED (3.10.7.1): no ACK bit -> <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
    assert _row("CLOSED", "rcv-syn").send == seen["syn"]["flags"] == "RST,ACK"
    assert (seen["syn"]["seq"], seen["syn"]["ack"]) == (0, 1_000 + 1)
    assert _row("CLOSED", "rcv-fin-no-ack").send == seen["fin-no-ack"]["flags"] == "RST,ACK"
    assert (seen["fin-no-ack"]["seq"], seen["fin-no-ack"]["ack"]) == (0, 3_000 + 1)
    # With the ACK bit -> <SEQ=SEG.ACK><CTL=RST>, no ACK.
    assert _row("CLOSED", "rcv-ack").send == seen["ack"]["flags"] == "RST"
    assert (seen["ack"]["seq"], seen["ack"]["ack"]) == (777, None)
    # A RST is never answered: the next answer is the probe's (the SYN at 4000).
    assert _row("CLOSED", "rcv-rst").ignored and seen["after-rst"]["ack"] == 4_000 + 1
    # At LISTEN (3.10.7.2): any ACK is bad, a FIN without ACK is dropped.
    assert _row("LISTEN", "rcv-ack").send == seen["listen-ack"]["flags"] == "RST"
    assert seen["listen-ack"]["seq"] == 999
    assert _row("LISTEN", "rcv-fin-no-ack").ignored and seen["listen-after-fin-no-ack"]["seq"] == 555


def test_syn_sent_drops_resets_that_do_not_acknowledge_its_syn_and_opens_simultaneously() -> None:
    seen = in_namespace("syn-sent")
    x = seen["syn"]["seq"]
    # 3.10.7.3: a RST without ACK, or with an ACK of something never sent, is dropped; the first
    # answer is the probe's RST <SEQ=SEG.ACK>, and the socket is still connecting.
    assert _row("SYN-SENT", "rcv-rst", ack="not-ours").ignored
    assert [s["flags"] for s in seen["after-bad-rsts"]][-1] == "RST" and seen["after-bad-rsts"][-1]["seq"] == x + 100
    assert all(s["flags"] == "SYN" and s["seq"] == x for s in seen["after-bad-rsts"][:-1])  # SYN retransmissions
    assert seen["state-after-bad-rsts"] == "SYN-SENT"
    # The peer's SYN crosses ours: SYN-RECEIVED, and our SYN again with an ACK of theirs.
    row = _row("SYN-SENT", "rcv-syn")
    assert (row.next.value, row.send) == (seen["state-after-syn"], seen["syn-ack"]["flags"]) == ("SYN-RECEIVED",
                                                                                                 "SYN,ACK")
    assert (seen["syn-ack"]["seq"], seen["syn-ack"]["ack"]) == (x, 50_000 + 1)
    # The peer's SYN,ACK is answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, as the table says, so
    # each side sends SYN, SYN,ACK and ACK: six segments in all. Linux counts itself ESTABLISHED on
    # that SYN,ACK already (as RFC 9293 Figure 7 draws); the acceptability test as written waits for
    # the peer's ACK. Either way the wire is the same.
    assert _row("SYN-RECEIVED", "rcv-syn-ack").send == seen["after-syn-ack"]["flags"] == "ACK"
    assert (seen["after-syn-ack"]["seq"], seen["after-syn-ack"]["ack"]) == (x + 1, 50_000 + 1)
    assert seen["state-after-syn-ack"] == "ESTABLISHED"
    assert [s["ack"] for s in seen["after-ack"]] == [50_000 + 2]  # the peer's ACK needs no answer; the probe's does
    assert (seen["state"], seen["so-error"]) == ("ESTABLISHED", 0)
    kernel_side = [seen["syn"]["flags"], seen["syn-ack"]["flags"], seen["after-syn-ack"]["flags"]]
    opened = simulate("simultaneous-open")
    assert [seg.flags for seg in opened.segments if seg.src == CLIENT] == kernel_side
    assert len(opened.segments) == 6


def test_rfc_5961_and_the_sequence_test_in_established() -> None:
    seen = in_namespace("synchronized")
    y = 90_000
    # A RST in the window but not at RCV.NXT: a challenge ACK (RFC 5961 section 3.2).
    assert _row("ESTABLISHED", "rcv-rst", seq="in-window").send == seen["rst-in-window"]["flags"] == "ACK"
    assert seen["rst-in-window"]["ack"] == y + 1
    # Outside the window: dropped; the first answer is the probe's ACK of its 3 octets.
    assert _row("ESTABLISHED", "rcv-rst", seq="outside-window").ignored and seen["after-rst-outside"]["ack"] == y + 4
    # A segment failing the sequence test, and a SYN, are answered with an ACK of RCV.NXT.
    assert _row("ESTABLISHED", "rcv-unacceptable").send == seen["unacceptable"]["flags"] == "ACK"
    assert _row("ESTABLISHED", "rcv-syn").send == seen["syn"]["flags"] == "ACK"
    assert seen["unacceptable"]["ack"] == seen["syn"]["ack"] == y + 4
    # A FIN without ACK is dropped: the probe's 2 octets are acknowledged at y + 6, not y + 7, and the
    # program reads all the data and no end of stream.
    assert _row("ESTABLISHED", "rcv-fin-no-ack").ignored
    assert (seen["after-fin-no-ack"]["ack"], seen["read"]) == (y + 6, "abcde")
    # A RST at exactly RCV.NXT resets.
    row = _row("ESTABLISHED", "rcv-rst", seq="at-rcv-nxt")
    assert (row.next.value, seen["state"], seen["after-rst-exact"]) == ("CLOSED", "CLOSED", "connection reset")


def test_a_new_syn_in_time_wait() -> None:
    seen = in_namespace("time-wait")
    assert seen["state"] == "TIME-WAIT"  # the server closed first
    # Not shown to be new (below the old RCV.NXT, no timestamps): an ACK, and TIME-WAIT stays.
    row = _row("TIME-WAIT", "rcv-syn", syn="not-newer")
    assert (row.send, row.next.value) == (seen["old-syn"]["flags"], seen["state-after-old-syn"]) == ("ACK",
                                                                                                    "TIME-WAIT")
    assert seen["old-syn"]["ack"] == 200_000 + 2
    # Above the old RCV.NXT: a new connection straight from TIME-WAIT, with an ISN above the old ones.
    row = _row("TIME-WAIT", "rcv-syn", syn="seq-above")
    assert (row.next.value, row.send) == ("SYN-RECEIVED", seen["new-syn"]["flags"]) == ("SYN-RECEIVED", "SYN,ACK")
    assert seen["new-syn"]["ack"] == 300_000 + 1
    assert 0 < (seen["new-syn"]["seq"] - seen["old-snd-nxt"]) % WIRE < WIRE // 2
    assert simulate("time-wait-new-syn").server_states[-3:] == ("TIME-WAIT", "SYN-RECEIVED", "ESTABLISHED")
    assert _asked("scenario/time-wait/new-syn").right.startswith("Accepts it as a new connection")


def test_a_new_syn_in_time_wait_with_timestamps() -> None:
    seen = in_namespace("time-wait-timestamps")
    assert seen["state"] == "TIME-WAIT" and seen["syn-ack"]["flags"] == "SYN,ACK"
    y = 500_000
    # The old connection used timestamps and the SYN's is older: refused even above the old RCV.NXT,
    # answered with an ACK of the old RCV.NXT (y + 2: its SYN and its FIN), and TIME-WAIT stays.
    row = _row("TIME-WAIT", "rcv-syn", syn="ts-older")
    assert (row.send, row.next.value) == (seen["older-ts-syn"]["flags"], seen["state-after-older-ts"]) == (
        "ACK", "TIME-WAIT")
    assert seen["older-ts-syn"]["ack"] == y + 2
    # A newer timestamp: accepted as a new connection though its sequence number is below the old
    # RCV.NXT, with an ISN above the old connection's numbers.
    row = _row("TIME-WAIT", "rcv-syn", syn="ts-newer")
    assert (row.next.value, row.send) == ("SYN-RECEIVED", seen["newer-ts-syn"]["flags"]) == ("SYN-RECEIVED",
                                                                                             "SYN,ACK")
    assert seen["newer-ts-syn"]["ack"] == (y - 100_000 + 1) % WIRE
    assert 0 < (seen["newer-ts-syn"]["seq"] - seen["old-snd-nxt"]) % WIRE < WIRE // 2
    assert _asked("scenario/time-wait/older-timestamp").right.startswith("Answers with an ACK and stays in TIME-WAIT")
    assert _asked("scenario/time-wait/newer-timestamp").right.startswith("Accepts it as a new connection")


def test_close_with_unread_data_sends_a_reset() -> None:
    seen = in_namespace("close-unread")
    row = _row("ESTABLISHED", "close", unread="pending")
    assert (row.next.value, row.send) == ("CLOSED", "RST")
    # <SEQ=SND.NXT>; Linux also sets ACK on the RSTs it sends of its own accord.
    assert "RST" in seen["close"]["flags"].split(",") and seen["close"]["seq"] == seen["snd-nxt"]
    assert seen["state"] == "CLOSED"
    assert _asked("scenario/close-unread/rst").right.startswith("A RST instead of a FIN")
    result = simulate("close-unread")
    assert result.client_states[-2:] == ("ESTABLISHED", "CLOSED") and "TIME-WAIT" not in result.client_states


def test_an_orphaned_fin_wait_2_socket_is_deleted_after_tcp_fin_timeout() -> None:
    seen = in_namespace("orphan")
    assert seen["state"] == "FIN-WAIT-2"
    assert 1.5 <= seen["gone-after"] < 6  # tcp_fin_timeout is 2 s in the namespace
    row = _row("FIN-WAIT-2", "timeout-fin-wait-2")
    assert (row.next.value, row.send) == ("CLOSED", "")
    # The peer's FIN, later, finds no connection: <SEQ=SEG.ACK><CTL=RST> (3.10.7.1).
    assert (seen["late-fin"]["flags"], seen["late-fin"]["seq"]) == ("RST", seen["fin"]["seq"] + 1)
    orphan = simulate("orphaned-fin-wait-2")
    assert orphan.client_states[-2:] == ("FIN-WAIT-2", "CLOSED") and orphan.server_states[-1] == "CLOSED"


def test_the_accept_queue_overflowing() -> None:
    seen = in_namespace("accept-queue")
    # listen(1) holds two established connections. The third's final ACK finds the queue full: Linux
    # drops it without an answer and counts ListenOverflows; the server stays in SYN-RECEIVED and
    # retransmits its SYN,ACK, while the client believes it is connected.
    assert seen["answers-to-final-ack"] == [] and seen["overflows-after-ack"] == 1
    assert seen["states"] == ["ESTABLISHED", "ESTABLISHED", "SYN-RECEIVED"]
    assert (seen["retransmitted"]["flags"], seen["retransmitted"]["seq"]) == ("SYN,ACK", seen["server-isn"])
    row = _row("SYN-RECEIVED", "rcv-ack", accept="full")
    assert row.ignored and row.next is State.SYN_RECEIVED
    # While the queue is full a new SYN is dropped too, unanswered, and counted.
    assert seen["syn-while-full"] == [] and seen["overflows-after-syn"] == 2
    assert _row("LISTEN", "rcv-syn", queue="accept-full").ignored
    # With net.ipv4.tcp_abort_on_overflow = 1 the same ACK is answered <SEQ=SEG.ACK><CTL=RST>; the
    # half-open connection is gone and the listener still listens.
    row = _row("SYN-RECEIVED", "rcv-ack", accept="full-abort")
    assert (row.send, row.next) == (seen["with-abort-on-overflow"]["flags"], State.LISTEN) == ("RST", State.LISTEN)
    assert seen["with-abort-on-overflow"]["seq"] == seen["server-isn"] + 1
    assert (seen["state-after-abort"], seen["listener-after-abort"]) == ("CLOSED", "LISTEN")
    assert _asked("scenario/accept-queue/abort-on-overflow").right.startswith("The server answers it with RST")
    for key, fact in (("scenario/accept-queue/final-ack", "The ACK is dropped"), ("scenario/accept-queue/syn", "Drops")):
        assert _asked(key).right.startswith(fact)
    result = simulate("accept-queue-full")
    assert result.server_states[-2:] == ("SYN-RECEIVED", "CLOSED") and result.client_states[-2:] == ("ESTABLISHED",
                                                                                                      "CLOSED")


def _asked(key: str) -> Question:
    return next(spec for spec in bank("en") if spec.key == key).make(random.Random(0))


def test_the_syn_backlog_is_bounded_by_the_listen_backlog() -> None:
    seen = in_namespace("syn-backlog")
    # tcp_max_syn_backlog is 4096 here, yet a listen(2) socket without SYN cookies answers only
    # about as many SYNs as its backlog; with cookies it answers every one.
    assert 2 <= seen["syn-acks-cookies-0"] <= 3
    assert seen["syn-acks-cookies-1"] == 10
    # Without cookies tcp_max_syn_backlog bounds it as well: with 8, a listen(64) socket stops
    # short of 8 half-open connections (it keeps a quarter of it free for proven peers).
    assert seen["syn-acks-max-syn-backlog-8"] < 8
    assert _row("LISTEN", "rcv-syn", queue="full").ignored
    row = _row("LISTEN", "rcv-syn", queue="cookie")
    assert (row.next, row.send) == (State.LISTEN, "SYN,ACK")
    assert _asked("scenario/syn-backlog/bound").right.startswith("Its listen() backlog")


def _namespace_main(case: str) -> int:
    import subprocess
    import sys

    try:
        peer = TunPeer()
    except (OSError, subprocess.CalledProcessError) as error:  # no TUN, routes or sysctls here
        print(error, file=sys.stderr)
        return 77
    print(json.dumps(CASES[case](peer)))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(_namespace_main(sys.argv[1]))
