"""A card's stored flags as sentences for its answer side. Imports nothing, so review and
the exports can show flags without compiling the checker's rules."""

from __future__ import annotations

from typing import Any

FLAG_WORDING = {
    "en": "Your note disagrees with this: {fact} (Source: {source})",
    "zh": "你的笔记与此不符：{fact}（来源：{source}）",
}


def flag_lines(flags: Any) -> list[str]:
    """Each stored flag as one sentence for the answer side; nothing for anything malformed."""
    lines = []
    for flag in flags if isinstance(flags, list) else ():
        if isinstance(flag, dict) and all(isinstance(flag.get(k), str) for k in ("fact", "source")):
            wording = FLAG_WORDING["zh" if flag.get("lang") == "zh" else "en"]
            lines.append(wording.format(fact=flag["fact"], source=flag["source"]))
    return lines
