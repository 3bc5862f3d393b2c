"""Anki note GUIDs for tcpquiz cards.

A card's GUID is fixed when the card is first stored and kept for its whole life
(DESIGN.md, "Identity and history"), so a reworded question or a renamed heading, which
the store recognises as the same card, updates the Anki note instead of adding a copy.
The first GUID is derived from the card's key exactly as genanki's `guid_for("tcpquiz",
key)` does, so cards exported before GUIDs were stored keep the GUIDs Anki already has.
"""

from __future__ import annotations

import hashlib

# Anki's own base-91 alphabet for GUIDs (anki/utils.py, base91).
_BASE91 = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
           "!#$%&()*+,-./:;<=>?@[]^_`{|}~")
_PAIRS = [high + low for high in _BASE91 for low in _BASE91]
_BASE91_SQUARED = len(_PAIRS)


def first_guid(key: str, attempt: int = 0) -> str:
    """The GUID a new card with this key gets; `attempt` > 0 when that one is taken
    (a card that was re-keyed keeps the GUID of its first key)."""
    text = f"tcpquiz__{key}" if attempt == 0 else f"tcpquiz__{key}__{attempt}"
    return base91(int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big"))


def base91(number: int) -> str:
    """A non-negative number in Anki's base 91, most significant digit first ("" for 0),
    two digits at a time (an import makes tens of thousands of these)."""
    digits: list[str] = []
    while number >= _BASE91_SQUARED:
        number, pair = divmod(number, _BASE91_SQUARED)
        digits.append(_PAIRS[pair])
    if number >= len(_BASE91):
        digits.append(_PAIRS[number])  # its first digit is not zero
    elif number:
        digits.append(_BASE91[number])
    return "".join(reversed(digits))
