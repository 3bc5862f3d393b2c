"""User settings, remembered in the database (`tcpquiz config`). Pure: no I/O here."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tcpquiz.errors import InvalidValueError
from tcpquiz.text import LANGS, check_lang

__all__ = ["LANGS", "SETTINGS", "SettingSpec", "default_lang", "resolve", "spec"]


def default_lang() -> str:
    """Chinese when the locale says so, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _count(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise InvalidValueError(f"{text!r} is not a whole number.") from None
        if not low <= value <= high:
            raise InvalidValueError(f"{value} is outside {low}..{high}.")
        return value

    return parse


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InvalidValueError(f"{text!r} is not a number of seconds.") from None
    if not 0.5 <= value <= 600:
        raise InvalidValueError(f"{value} is outside 0.5..600 seconds.")
    return value


@dataclass(frozen=True)
class SettingSpec:
    name: str
    help: str  # what it is and its range, in English
    parse: Callable[[str], Any]
    default: Callable[[], Any]
    help_zh: str = ""  # the same in Chinese

    def describe(self, lang: str) -> str:
        return self.help_zh if lang == "zh" and self.help_zh else self.help


SETTINGS: dict[str, SettingSpec] = {
    spec.name: spec
    for spec in (
        SettingSpec("new-per-day", "new cards a day, 0 to 10000", _count(0, 10_000), lambda: 20,
                    "每天的新卡片数，0 到 10000"),
        SettingSpec("reviews-per-day", "reviews a day, 0 to 100000", _count(0, 100_000), lambda: 200,
                    "每天的复习数，0 到 100000"),
        SettingSpec("lang", "the language you study in, and of the screens: zh or en", check_lang, default_lang,
                    "学习和界面使用的语言：zh 或 en"),
        SettingSpec(
            "hesitation-seconds",
            "0.5 to 600 seconds: a right multiple-choice answer slower than this is graded 4, not 5",
            _seconds,
            lambda: 8.0,
            "0.5 到 600 秒：选择题答对但用时超过它，评 4 分而不是 5 分",
        ),
    )
}


def spec(name: str) -> SettingSpec:
    try:
        return SETTINGS[name]
    except KeyError:
        known = ", ".join(SETTINGS)
        raise InvalidValueError(f"There is no setting {name!r}; the settings are: {known}.") from None


def resolve(stored: dict[str, Any]) -> dict[str, Any]:
    """Every setting's effective value: the stored one, else its default."""
    return {name: stored.get(name, s.default()) for name, s in SETTINGS.items()}
