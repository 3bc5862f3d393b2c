"""JSON as tcpquiz prints it, with the standard library alone: the commands that run
without typer (tcpquiz.entry) print the same text as those that run through it."""

from __future__ import annotations

import json
from typing import Any

# json.dumps escapes C0 controls but writes DEL and C1 (which some terminals obey) as they are.
_JSON_CONTROLS = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


def escape_json_controls(text: str) -> str:
    """JSON text with DEL and the C1 controls escaped too (json.dumps escapes only C0), found
    with one regular expression: str.translate looks up every character of a long text in Python."""
    import re

    return re.sub("[\x7f-\x9f]", lambda found: _JSON_CONTROLS[ord(found[0])], text)


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON for output: UTF-8 kept readable, every control character escaped."""
    return escape_json_controls(json.dumps(data, ensure_ascii=False, indent=indent))


def json_rows(data: dict[str, Any]) -> str:
    """An object as JSON with each field on a line of its own, and each element of a list
    field too: as easy to read as indent=2 for lists of rows, and written by json's C
    encoder (an indent makes json fall back to Python, a fifth of `stats` on a large library)."""
    def field(key: str, value: Any) -> str:
        name = json_text(key)
        if isinstance(value, list) and value:
            return f"  {name}: [\n" + ",\n".join(f"    {json_text(item)}" for item in value) + "\n  ]"
        return f"  {name}: {json_text(value)}"

    return "{\n" + ",\n".join(field(key, value) for key, value in data.items()) + "\n}"
