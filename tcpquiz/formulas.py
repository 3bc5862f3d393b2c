"""Formulas in card text: found once, shown by each place in its own way.

Cards keep formulas as the notes write them, `$...$` inline and `$$...$$` on their own
(and MathJax's `\\(...\\)` and `\\[...\\]`). The Anki export turns them into MathJax, which
Anki renders; the terminal shows inline ones as code and display ones as a code block.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Math as notes write it: $$...$$ (display), $...$ (inline: no space inside the dollars, no
# digit after the closing one, so "$5 and $6" is money, as Pandoc reads it), and MathJax's
# own \[...\] and \(...\).
MATH = re.compile(
    r"\$\$(?P<display>.+?)\$\$"
    r"|(?<![\\$])\$(?P<inline>[^\s$](?:[^$\n]*?[^\s$\\])?)\$(?!\d)"
    r"|\\\[(?P<bracket>.+?)\\\]"
    r"|\\\((?P<paren>.+?)\\\)",
    re.S)
# Code, where a dollar is only a dollar.
CODE = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`)", re.S)


def might_hold_math(text: str) -> bool:
    """A cheap test that saves most texts the regex."""
    return "$" in text or "\\(" in text or "\\[" in text


def replace_math(text: str, inline: Callable[[str], str], display: Callable[[str], str]) -> str:
    """`text` with each formula outside code replaced by `inline(formula)` or
    `display(formula)`, the formula given without its delimiters."""
    if not might_hold_math(text):
        return text

    def one(match: re.Match[str]) -> str:
        shown = match["display"] if match["display"] is not None else match["bracket"]
        if shown is not None:
            return display(shown.strip())
        return inline((match["inline"] or match["paren"]).strip())

    parts = CODE.split(text)
    return "".join(part if index % 2 else MATH.sub(one, part) for index, part in enumerate(parts))


def _code_span(formula: str) -> str:
    run = max((len(m) for m in re.findall(r"`+", formula)), default=0)
    fence = "`" * (run + 1)
    pad = " " if formula.startswith("`") or formula.endswith("`") else ""
    return f"{fence}{pad}{formula}{pad}{fence}"


def _code_block(formula: str) -> str:
    run = max((len(m) for m in re.findall(r"`+", formula)), default=0)
    fence = "`" * max(3, run + 1)
    return f"\n\n{fence}\n{formula}\n{fence}\n\n"


def for_terminal(markdown: str) -> str:
    """Card markdown for the terminal: an inline formula as code, a display one as a code
    block (a terminal cannot typeset TeX; code keeps `_` and `*` from reading as emphasis)."""
    shown = replace_math(markdown, _code_span, _code_block)
    if shown is markdown:
        return markdown
    return re.sub(r"\n{3,}", "\n\n", shown).strip("\n")


def as_words(text: str) -> str:
    """Formulas reduced to their content, for one-line listings."""
    return replace_math(text, lambda f: f, lambda f: " ".join(f.split()))
