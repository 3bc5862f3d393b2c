"""Note text made safe for a terminal: every control character made visible.

Notes are untrusted. An escape sequence in a note would reach the terminal as a
command: OSC 0 retitles the window, OSC 52 writes the clipboard, CSI sequences move
the cursor over what was printed. Each C0 control (but tab and newline), DEL and
each C1 control (U+0080-U+009F, which some terminals read as ESC [ and friends) is
replaced by a visible stand-in, so no sequence can start: ESC shows as ␛.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

_PICTURES = {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\t\n"}  # Unicode's Control Pictures
_PICTURES[0x7F] = 0x2421  # ␡
_PICTURES.update(dict.fromkeys(range(128, 160), 65533))  # C1 has no pictures: the replacement character


def visible(text: str) -> str:
    """`text` with every terminal control character made visible (see the module)."""
    return text.translate(_PICTURES)


def plain(text: str, style: str = "") -> Text:
    """`text` for rich as it is written: controls made visible, and `[...]` shown,
    never read as rich markup (a note saying `[/red]` must not break the output)."""
    from rich.text import Text

    return Text(visible(text), style=style)
