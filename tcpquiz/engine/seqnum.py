"""Sequence-number arithmetic: everything is modulo 2^32 (RFC 9293 section 3.4).

Comparisons follow serial-number arithmetic (RFC 1982): `a < b` when b lies less than
half the space ahead of a, so 4294967295 < 5 holds after a wrap.
"""

from __future__ import annotations

SPACE = 2**32
HALF = 2**31


def add(a: int, n: int) -> int:
    return (a + n) % SPACE


def diff(a: int, b: int) -> int:
    """How far b lies ahead of a, in 0 .. 2^32-1."""
    return (b - a) % SPACE


def lt(a: int, b: int) -> bool:
    return 0 < diff(a, b) < HALF


def le(a: int, b: int) -> bool:
    return a == b or lt(a, b)


def in_window(start: int, x: int, size: int) -> bool:
    """start =< x < start+size (modulo 2^32)."""
    return diff(start, x) < size
