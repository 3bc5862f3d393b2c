"""Run Linux's `reno` congestion control with chosen segments dropped, and print what TCP_INFO
showed after every ACK, as JSON. Used by test_kernel_congestion.py, in a child process.

The setup is private to this process: two network namespaces made here (unshare), joined by
two TUN devices whose packets this process relays, so it can drop the segments it is told
to. This kernel has no netem and the machine no iptables, so a userspace relay is the
dropper. Addresses are in 127.0.0.0/8 (route_localnet on, inside the namespaces only).
Every wait is bounded. Prints {"skip": reason} where something needed is missing.

    python kernel_cc_probe.py --drop 40 [--drop-again N] [--tail]
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import fcntl
import json
import os
import select
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000
CLIENT, SERVER, PORT = "127.1.0.1", "127.1.0.2", 5001
CA_STATES = {0: "open", 1: "disorder", 2: "cwr", 3: "recovery", 4: "loss"}


def skip(reason: str) -> None:
    print(json.dumps({"skip": reason}))
    sys.exit(0)


LIBC = ctypes.CDLL(None, use_errno=True)


def unshare_net() -> int:
    if LIBC.unshare(CLONE_NEWNET) != 0:
        skip(f"cannot make a network namespace: {os.strerror(ctypes.get_errno())}")
    return os.open("/proc/thread-self/ns/net", os.O_RDONLY)


def enter(ns: int) -> None:
    if LIBC.setns(ns, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "setns")


def sysctl(name: str, value: str) -> None:
    """Set a sysctl of the calling thread's network namespace."""
    Path(f"/proc/sys/net/ipv4/{name}").write_text(value)


def tun(name: str, local: str, peer: str) -> int:
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    subprocess.run(["ip", "addr", "add", f"{local}/32", "peer", f"{peer}/32", "dev", name], check=True)
    subprocess.run(["ip", "link", "set", name, "up"], check=True)
    sysctl("conf/all/route_localnet", "1")
    sysctl(f"conf/{name}/route_localnet", "1")
    return fd


def tcp_info(sock: socket.socket) -> dict[str, int | str]:
    raw = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    ca_state, retransmits, _probes, backoff = raw[1], raw[2], raw[3], raw[4]
    rto, _ato, mss = struct.unpack_from("III", raw, 8)
    (last_data_sent_ms,) = struct.unpack_from("I", raw, 44)  # since the kernel last sent data (jiffies)
    rtt, rttvar, ssthresh, cwnd = struct.unpack_from("IIII", raw, 68)
    return {"ca_state": CA_STATES.get(ca_state, str(ca_state)), "retransmits": retransmits, "backoff": backoff,
            "rto_us": rto, "mss": mss, "rtt_us": rtt, "rttvar_us": rttvar, "ssthresh": ssthresh, "cwnd": cwnd,
            "last_data_sent_ms": last_data_sent_ms}


class Relay(threading.Thread):
    """Moves packets between the two TUN devices, dropping data segments from the client by
    their index (1 is the first data segment) and recording TCP_INFO after each ACK."""

    def __init__(self, client_tun: int, server_tun: int, drops: dict[int, int], sender: socket.socket) -> None:
        super().__init__(daemon=True)
        self.a, self.b = client_tun, server_tun
        self.drops = dict(drops)  # segment index -> how many of its sendings to drop
        self.sender = sender
        self.order: dict[int, int] = {}  # seq -> index
        self.trace: list[dict[str, int | str]] = []
        self.dropped: list[int] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            ready, _, _ = select.select([self.a, self.b], [], [], 0.2)
            for fd in ready:
                packet = os.read(fd, 65536)
                index = self.data_index(packet) if fd == self.a else None
                lost = index is not None and self.drops.get(index, 0) > 0
                if lost:
                    self.drops[index] -= 1
                    self.dropped.append(index)
                else:
                    os.write(self.b if fd == self.a else self.a, packet)
                # What the sender thinks after each ACK reaches it, and when it sends data.
                if fd == self.b or index is not None:
                    event = "ack" if fd == self.b else "lost" if lost else "sent"
                    self.trace.append({"t": round(time.monotonic() * 1000, 1), "event": event, "segment": index,
                                       **tcp_info(self.sender)})

    def data_index(self, packet: bytes) -> int | None:
        """The index of a data segment (1 is the first), by its sequence number; None for others."""
        if len(packet) < 40 or packet[9] != 6:
            return None
        ihl = (packet[0] & 0x0F) * 4
        total = struct.unpack_from("!H", packet, 2)[0]
        seq = struct.unpack_from("!I", packet, ihl + 4)[0]
        if total - ihl - (packet[ihl + 12] >> 4) * 4 <= 0:
            return None
        return self.order.setdefault(seq, len(self.order) + 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drop", type=int, action="append", default=[], help="data segment index to drop once")
    parser.add_argument("--drop-twice", type=int, action="append", default=[],
                        help="data segment index whose first retransmission is dropped too")
    parser.add_argument("--segments", type=int, default=300, help="how many MSS-sized segments to send")
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        skip("not Linux")
    if os.geteuid() != 0:
        skip("needs root for network namespaces and TUN devices")
    if not os.path.exists("/dev/net/tun") or shutil.which("ip") is None:
        skip("needs /dev/net/tun and iproute2's ip")
    available = Path("/proc/sys/net/ipv4/tcp_available_congestion_control").read_text().split()
    if "reno" not in available:
        skip("the reno congestion module is not available")

    try:
        client_ns, client_tun, server_tun, listener = namespaces()
    except (OSError, subprocess.CalledProcessError) as exc:
        skip(f"cannot set up the namespaces: {exc}")
    run(client_ns, client_tun, server_tun, listener, args)


def namespaces() -> tuple[int, int, int, socket.socket]:
    """The client's namespace (entered on return) and TUN device, the server's TUN device and
    its listening socket."""
    client_ns = unshare_net()
    client_tun = tun("tqc", CLIENT, SERVER)
    # Plain RFC 5681 behaviour where Linux allows it: no SACK, no RACK, no tail loss probe,
    # so a loss is found by three duplicate ACKs or by the retransmission timer.
    for name, value in (("tcp_sack", "0"), ("tcp_recovery", "0"), ("tcp_early_retrans", "0"),
                        ("tcp_no_metrics_save", "1")):
        with contextlib.suppress(OSError):  # an older kernel may lack one; the comparison still holds
            sysctl(name, value)
    unshare_net()
    server_tun = tun("tqs", SERVER, CLIENT)
    listener = socket.socket()
    listener.bind((SERVER, PORT))
    listener.listen()
    enter(client_ns)
    return client_ns, client_tun, server_tun, listener


def run(client_ns: int, client_tun: int, server_tun: int, listener: socket.socket, args: argparse.Namespace) -> None:
    sender = socket.socket()
    try:
        sender.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, b"reno")
    except OSError as exc:
        skip(f"TCP_CONGESTION reno refused: {exc}")
    sender.settimeout(10)
    drops = dict.fromkeys(args.drop, 1) | dict.fromkeys(args.drop_twice, 2)
    relay = Relay(client_tun, server_tun, drops, sender)
    relay.start()
    sender.connect((SERVER, PORT))
    receiver, _ = listener.accept()
    receiver.settimeout(10)
    mss = int(tcp_info(sender)["mss"])
    initial = tcp_info(sender)
    total = args.segments * mss

    def drain() -> None:
        got = 0
        while got < total:
            chunk = receiver.recv(1 << 16)
            if not chunk:
                break
            got += len(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    sender.sendall(b"x" * total)
    reader.join(timeout=20)
    time.sleep(0.05)
    relay.stop.set()
    relay.join(timeout=2)
    print(json.dumps({"initial": initial, "mss": mss, "dropped": relay.dropped, "trace": relay.trace,
                      "complete": not reader.is_alive()}))


if __name__ == "__main__":
    main()
