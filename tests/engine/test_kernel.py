"""The simulator against a real TCP stack: sockets on 127.0.0.1, states read from /proc/net/tcp.

At each checkpoint the test waits until the kernel's states settle, records both sides, and
compares the record with the simulator's states at the same points of the same scenario.
Loopback only; every wait is bounded; skipped where /proc/net/tcp does not exist.
"""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

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
