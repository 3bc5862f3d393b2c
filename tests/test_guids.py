"""Anki GUIDs: Anki's base 91, written two digits at a time, against the digit-by-digit
definition (anki/utils.py, base91)."""

from __future__ import annotations

from tcpquiz.store.guids import _BASE91, base91


def digit_by_digit(number: int) -> str:
    digits = ""
    while number > 0:
        number, digit = divmod(number, 91)
        digits = _BASE91[digit] + digits
    return digits


def test_base91_matches_the_digit_by_digit_definition() -> None:
    # Every one- and two-digit number, the edges of each length, and 64-bit values.
    numbers = [*range(0, 91 * 91 + 2), *(91 ** k + d for k in range(2, 11) for d in (-1, 0, 1)), 2 ** 64 - 1]
    for number in numbers:
        assert base91(number) == digit_by_digit(number), number


def test_base91_by_hand() -> None:
    assert base91(0) == ""
    assert base91(90) == "~"
    assert base91(91) == "ba"  # 1*91 + 0
    assert base91(91 * 91) == "baa"
