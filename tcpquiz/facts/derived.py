"""Checks derived from the engine's tables and TCP's numbers rather than written one
misconception at a time: state names that do not exist, header sizes, MSL and TIME-WAIT
durations, default timer settings, and sequence arithmetic. Each judges the numbers or
names it finds and stays silent when they are right.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from tcpquiz.engine.fsm import State
from tcpquiz.facts.rule import Rule, rule

# --- state names -----------------------------------------------------------------------------

# How the eleven states are written: RFC 9293's names, netstat's and ss's spellings, and the
# abbreviations of RFC 793's figures; compared with separators dropped.
_SPELLINGS = {str(state): str(state) for state in State}
_SPELLINGS |= {"CLOSE": "CLOSED", "SYN-RECV": "SYN-RECEIVED", "SYN-RCVD": "SYN-RECEIVED", "SYN-RECVD": "SYN-RECEIVED",
               "ESTAB": "ESTABLISHED", "FIN-WAIT": "FIN-WAIT-1", "NEW-SYN-RECV": "SYN-RECEIVED"}
KNOWN_STATES = {name.replace("-", ""): rfc for name, rfc in _SPELLINGS.items()}
# Words that begin a state name, and the words that may follow, in capitals as states are written.
STATE_LIKE = (r"(?<![A-Za-z0-9_-])(?:SYN|FIN|TIMED?|CLOSED?|LAST|LISTEN(?:ER|ING)?|ESTABLISH(?:ED)?|ESTAB)"
              r"(?:[-_ ]?(?:SEND|SENT|RECV|RCVD|RECVD|RECEIVED?|RECIEVED?|WAIT(?:ING)?|ACK|\d))*(?![A-Za-z0-9])")


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def judge_state_name(match: re.Match[str]) -> dict[str, str] | None:
    found = match.group(0)
    right = _misspelt_state(found)
    return None if right is None else {"found": found, "right": right}


# Notes write the same few state names over and over (a TCP note names SYN-SENT in most
# paragraphs), and each was measured against all eleven states again.
@lru_cache(maxsize=1024)
def _misspelt_state(found: str) -> str | None:
    """The state `found` misspells, or None when it is a real spelling or no state at all."""
    bare = re.sub(r"[-_ ]", "", found)
    if bare in KNOWN_STATES or len(bare) < 6:  # a real spelling, or a lone word such as SYN or FIN
        return None
    near = min(KNOWN_STATES, key=lambda known: (_distance(bare, known), known))
    if _distance(bare, near) > 2:  # not a misspelt state: SYN ACK, FIN ACK
        return None
    return KNOWN_STATES[near]


# --- numbers -------------------------------------------------------------------------------

# Header sizes in bytes that are right for each protocol (RFC 9293 §3.1, RFC 768, RFC 791 §3.1,
# RFC 8200 §3). "IP" alone may mean either version.
HEADER_BYTES = {"TCP": {20, 60}, "UDP": {8}, "IPV4": {20, 60}, "IPV6": {40}, "IP": {20, 40, 60}}
_PROTOCOLS = re.compile(r"TCP|UDP|IPv[46]|(?<![A-Za-z])IP(?![A-Za-z])", re.I)


def judge_header(match: re.Match[str]) -> dict[str, str] | None:
    protocol = match["proto"].upper()
    if _PROTOCOLS.search(match["between"]):  # the number belongs to another protocol named later
        return None
    size = int(match["bytes"])
    if size in HEADER_BYTES[protocol]:
        return None
    return {"protocol": protocol.replace("IPV", "IPv"), "bytes": match["bytes"]}


_SECONDS = {"分钟": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "秒": 1, "s": 1, "sec": 1,
            "second": 1, "seconds": 1, "小时": 3600, "h": 3600, "hour": 3600, "hours": 3600}
DURATION = r"(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>分钟|秒|小时|minutes?|mins?|seconds?|secs?|hours?|s\b|h\b)"


def seconds(match: re.Match[str]) -> float:
    return float(match["amount"]) * _SECONDS[match["unit"].lower()]


def judge_seconds(right: float) -> Callable[[re.Match[str]], dict[str, str] | None]:
    def judge(match: re.Match[str]) -> dict[str, str] | None:
        return None if seconds(match) == right else {}
    return judge


# Linux defaults (Documentation/networking/ip-sysctl.rst), by sysctl.
SYSCTL_DEFAULTS = {"tcp_keepalive_time": 7200, "tcp_keepalive_intvl": 75, "tcp_keepalive_probes": 9,
                   "tcp_fin_timeout": 60, "tcp_syn_retries": 6, "tcp_synack_retries": 5}


def judge_sysctl(match: re.Match[str]) -> dict[str, str] | None:
    name = match["name"].lower()
    right = SYSCTL_DEFAULTS[name]
    return None if int(match["value"]) == right else {"name": name, "value": match["value"], "right": str(right)}


def judge_next_sequence(match: re.Match[str]) -> dict[str, str] | None:
    seq, length, claimed = int(match["seq"]), int(match["len"]), int(match["next"])
    right = (seq + length) % 2**32  # RFC 9293 §3.4: data bytes consume one number each
    return None if claimed == right else {"right": str(right)}


DERIVED: tuple[Rule, ...] = (
    rule("state-name-does-not-exist", "syn|fin|time|close|last|listen|estab",
         STATE_LIKE, STATE_LIKE,
         "{found} 不是 TCP 的状态名，应为 {right}（RFC 9293 的 11 个状态之一）。",
         "{found} is not a TCP state; the state is {right} (one of RFC 9293's eleven).",
         "RFC 9293 §3.3.2", judge=judge_state_name, case=True),
    rule("header-size", "字节|byte",
         r"(?P<proto>TCP|UDP|IPv4|IPv6|(?<![A-Za-z])IP(?![A-Za-z/]))\s*(协议)?\s*(报文段?|数据报|分组)?\s*的?\s*(固定)?首部"
         r"(?P<between>[^，,]{0,12}?)(?P<bytes>\d+)\s*个?字节(?!的?字段)",
         r"\b(?P<proto>TCP|UDP|IPv4|IPv6|IP)\s+(segment\s+|datagram\s+|packet\s+)?header(?P<between>[^,;]{0,25}?)"
         r"\b(?P<bytes>\d+)[- ]?bytes?\b(?![- ]?fields?)",
         "{protocol} 首部不是 {bytes} 字节：TCP 20 字节（带选项最多 60），UDP 8 字节，IPv4 20 字节（最多 60），IPv6 基本首部 40 字节。",
         "The {protocol} header is not {bytes} bytes: TCP is 20 (up to 60 with options), UDP 8, IPv4 20 (up to 60), IPv6's base header 40.",
         "RFC 9293 §3.1; RFC 768; RFC 791 §3.1; RFC 8200 §3",
         unless_zh=r"选项|时间戳|SACK|扩展首部|MSS|MTU", unless_en=r"\b(options?|timestamps?|SACK|extension|MSS|MTU)\b",
         judge=judge_header),
    rule("rfc-msl-is-two-minutes", "msl",
         r"RFC.{0,40}(?<![2２]\s)(?<![2２])MSL[^，,]{0,12}?" + DURATION,
         r"\bRFC\b.{0,50}(?<!2\s)(?<!2)\bMSL\b[^,;]{0,20}?\b" + DURATION,
         "RFC 9293（沿用 RFC 793）把 MSL 取为 2 分钟，2MSL 即 4 分钟。",
         "RFC 9293, following RFC 793, takes the MSL as 2 minutes, so 2MSL is 4 minutes.",
         "RFC 9293 §3.4.2", unless_zh=r"Linux|BSD|Windows", unless_en=r"\b(Linux|BSD|Windows)\b",
         judge=judge_seconds(120)),
    rule("linux-time-wait-is-60-seconds", "linux",
         r"Linux.{0,30}TIME[-_ ]?WAIT[^，,]{0,15}?" + DURATION,
         r"\bLinux\b.{0,40}TIME[-_ ]?WAIT\b[^,;]{0,20}?\b" + DURATION,
         "Linux 的 TIME_WAIT 固定为 60 秒（内核常量 TCP_TIMEWAIT_LEN）。",
         "Linux holds TIME_WAIT for a fixed 60 seconds (the kernel constant TCP_TIMEWAIT_LEN).",
         "Linux include/net/tcp.h (TCP_TIMEWAIT_LEN)", unless_zh=r"MSL", unless_en=r"\bMSL\b",
         judge=judge_seconds(60)),
    rule("linux-default-setting", "tcp_",
         r"(?P<name>tcp_keepalive_time|tcp_keepalive_intvl|tcp_keepalive_probes|tcp_fin_timeout|tcp_syn_retries|tcp_synack_retries)"
         r"[^\d，,]{0,12}?(默认|缺省)[^\d，,]{0,6}?(?P<value>\d+)",
         r"\b(?P<name>tcp_keepalive_time|tcp_keepalive_intvl|tcp_keepalive_probes|tcp_fin_timeout|tcp_syn_retries|tcp_synack_retries)"
         r"\b[^\d,;]{0,20}?\bdefaults?\b[^\d,;]{0,10}?(?P<value>\d+)",
         "{name} 的默认值是 {right}，不是 {value}。",
         "{name} defaults to {right}, not {value}.",
         "Linux ip-sysctl.rst", judge=judge_sysctl),
    rule("next-sequence-number", "字节|bytes",
         r"(序号|seq)\s*(为|是|=|＝)\s*(?P<seq>\d+).{0,30}?(?P<len>\d+)\s*个?字节.{0,30}?"
         r"(下一个报文段的?(序号|seq)|确认号|ack)\s*(就|则|应)?\s*(为|是|=|＝|应为|应该是)\s*(?P<next>\d+)",
         r"\bseq(uence number)?\s*(=|of|is)\s*(?P<seq>\d+).{0,40}?\b(?P<len>\d+)\s+bytes\b.{0,40}?"
         r"\b(next\s+(segment'?s?\s+)?(seq|sequence number)|ack(nowledge?ment number)?)\s*(=|is|of|will be|should be)\s*(?P<next>\d+)",
         "数据字节每个占一个序号，所以应为 {right}（序号加数据长度）。",
         "Each data byte takes one sequence number, so it is {right} (the sequence number plus the data length).",
         "RFC 9293 §3.4", unless_zh=r"SYN|FIN", unless_en=r"\b(SYN|FIN)\b", judge=judge_next_sequence),
)
