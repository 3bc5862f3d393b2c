"""YAML front matter: `---` on the first line, YAML, `---`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CARD_MODES = ("auto", "explicit")
# Real front matter is a few lines; a cap keeps a hostile note's YAML from costing
# the parser more than the note's own markdown does.
MAX_FRONT_MATTER_CHARS = 64 * 1024


@dataclass(frozen=True)
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    lines: int = 0  # how many lines the block takes, including both fences
    warning: str | None = None

    @property
    def title(self) -> str | None:
        value = self.data.get("title")
        return str(value).strip() or None if value is not None else None

    @property
    def deck_id(self) -> str | None:
        value = self.data.get("id")
        return str(value).strip() or None if value is not None else None

    @property
    def cards(self) -> str:
        """`auto` (the default): every rule applies; `explicit`: only the card syntaxes do.

        The built-in decks say `cards: explicit`, so what they yield is exactly what
        their authors wrote.
        """
        value = str(self.data.get("cards", "auto")).strip().casefold()
        return value if value in CARD_MODES else "auto"

    @property
    def cards_warning(self) -> str | None:
        value = self.data.get("cards")
        if value is None or str(value).strip().casefold() in CARD_MODES:
            return None
        return f"its front matter says cards: {value}, which is neither auto nor explicit, so auto was used"

    @property
    def tags(self) -> tuple[str, ...]:
        value = self.data.get("tags") or ()
        if isinstance(value, str):
            value = value.replace(",", " ").split()
        elif not isinstance(value, (list, tuple)):
            value = (value,)  # `tags: 5` is one tag, not a list to iterate
        return tuple(str(tag).strip().lstrip("#") for tag in value if str(tag).strip())


def split_front_matter(text: str) -> FrontMatter:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return FrontMatter()
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return FrontMatter()
    source = "\n".join(lines[1:end])
    if len(source) > MAX_FRONT_MATTER_CHARS:
        limit = MAX_FRONT_MATTER_CHARS // 1024
        return FrontMatter({}, end + 1, f"its front matter is longer than {limit} KB, so it was ignored")
    import yaml

    # libyaml's loader where PyYAML was built with it (its wheels are): the same safe
    # loading in about an eighth of the time of the pure-Python one.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        # An alias (`*a`) repeats what its anchor holds: nested, a few lines expand to
        # gigabytes (a "billion laughs"). Front matter has no use for them, so the
        # events are read first (linear in the text) and a note that uses one is refused.
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(source, Loader=loader)):
            return FrontMatter({}, end + 1, "its front matter uses YAML aliases (*name), which tcpquiz does not "
                                            "expand, so it was ignored")
        data = yaml.load(source, Loader=loader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" on line {mark.line + 2}" if mark else ""
        return FrontMatter({}, end + 1, f"its front matter is not valid YAML{where}, so it was ignored")
    if not isinstance(data, dict):
        return FrontMatter({}, end + 1, "its front matter is not a YAML mapping, so it was ignored")
    return FrontMatter(data, end + 1)
