"""Text in tcpquiz's two languages, one definition of each: the study languages and their
check, the ranges of Chinese (and other CJK) characters, terminal widths and wrapping,
and the normalisation that compares and keys text. Stdlib only and cheap to import: the
CLI reads the study language through it before anything heavy is loaded, so its regular
expressions (a few milliseconds each to compile, for the large character ranges) are
compiled on first use.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

# -- the study languages ------------------------------------------------------------------

LANGS = ("zh", "en")


def check_lang(text: str) -> str:
    """`text` as a study language ("zh" or "en"; case and spaces ignored), or an error
    naming the choices."""
    from tcpquiz.errors import InvalidValueError

    value = text.strip().lower()
    if value not in LANGS:
        raise InvalidValueError(f"There is no language {text!r}; choose one of {', '.join(LANGS)}.")
    return value


def pick(lang: str, en: str, zh: str) -> str:
    """The Chinese text for "zh", else the English one."""
    return zh if lang == "zh" else en


# -- characters ---------------------------------------------------------------------------
# Each range once, named; the sets below are unions of them. Han ideographs are what makes
# a text Chinese: the unified block, Extension A, the compatibility ideographs (NFKC maps
# them to unified ones, but a note may hold them unnormalised) and the supplementary
# planes 2 and 3, which hold only ideographs (Extensions B to I, compatibility supplement).

HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
RADICALS = "\u2e80-\u2fff\u31c0-\u31ef"  # radicals, Kangxi radicals, description characters, strokes
KANA = "\u3040-\u30ff\u31f0-\u31ff"
BOPOMOFO = "\u3100-\u312f\u31a0-\u31bf"
HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff"
CJK_PUNCTUATION = "\u3000-\u303f"  # 、。「」〈〉 and the ideographic space
CJK_SYMBOLS = "\u3190-\u319f\u3200-\u33ff\u4dc0-\u4dff"  # kanbun, enclosed ㈠ ㊣, squared ㎏, hexagrams
FULL_WIDTH_FORMS = "\uff00-\uffef"  # ，：？（）, full-width letters and digits, half-width kana
CJK_FORMS = "\ufe10-\ufe1f\ufe30-\ufe4f" + FULL_WIDTH_FORMS  # vertical and compatibility forms too

# Scripts a line may break inside, between any two characters (rich and wrap() below).
WIDE_SCRIPTS = HAN_RANGES + RADICALS + KANA + BOPOMOFO + HANGUL
# Text written without spaces between words: a soft line break inside it is no space (Korean,
# which puts spaces between words, is not in it).
NO_SPACES = HAN_RANGES + KANA + CJK_PUNCTUATION + FULL_WIDTH_FORMS
# Everything a CJK font draws that a Latin font does not (the cheat sheet embeds these glyphs).
CJK_TEXT = WIDE_SCRIPTS + CJK_PUNCTUATION + CJK_SYMBOLS + CJK_FORMS



@cache
def han_pattern() -> re.Pattern[str]:
    """One Han ideograph."""
    return re.compile(f"[{HAN_RANGES}]")


def code_ranges(chars: str) -> list[tuple[int, int]]:
    """A set above as (first, last) code points, as CSS's unicode-range wants them."""
    return [(ord(chars[i]), ord(chars[i + 2])) for i in range(0, len(chars), 3)]


def is_han(ch: str) -> bool:
    """Whether `ch` (one character) is a Han ideograph."""
    return han_pattern().match(ch) is not None


def has_han(text: str) -> bool:
    return han_pattern().search(text) is not None


def language_of(text: str) -> str:
    """"zh" for a text with a Han ideograph in it, else "en": a sentence with one Chinese
    word in it is a Chinese sentence about an English term, not the other way round."""
    return "zh" if has_han(text) else "en"


# -- widths and wrapping --------------------------------------------------------------------


class _Widths(dict[str, int]):
    """Terminal columns of each character seen so far."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_WIDTHS = _Widths()
char_width = _WIDTHS.__getitem__


def display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    if text.isascii():
        return len(text)
    return sum(map(char_width, text))


def pad(text: str, width: int) -> str:
    """`text` followed by spaces to fill `width` columns (str.ljust counts characters)."""
    return text + " " * (width - display_width(text))


def pad_left(text: str, width: int) -> str:
    return " " * (width - display_width(text)) + text


# Closing punctuation stays with the character before it, opening with the one after.
CLOSING = "，。、；：？！）」』】》〉”’…—,.;:?!)"
OPENING = "（「『【《〈“‘"
# After these a line may break even between two Latin words ("send、order", "reno：3dup"):
# Chinese writes no space after its own punctuation.
WIDE_CLOSING = "，。、；：？！）」』】》〉"


@cache
def word_pattern() -> re.Pattern[str]:
    """A word for line breaking: one CJK character with its punctuation, or a run of anything else
    up to and including Chinese punctuation; opening punctuation goes with the word after it."""
    return re.compile(rf"\s*(?:[{OPENING}]*(?:[{WIDE_SCRIPTS}][{CLOSING}]*|[^\s{WIDE_SCRIPTS}{OPENING}{WIDE_CLOSING}]+"
                      rf"[{CLOSING}]*|[{CLOSING}]+)|[{OPENING}]+)\s*")


@cache
def _cjk_text_pattern() -> re.Pattern[str]:
    return re.compile(f"[{CJK_TEXT}]")


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """`text` in lines of at most `width` columns where it can be, broken at spaces and, in
    Chinese, between characters; a word longer than a line is never cut. Text without CJK
    wraps exactly as textwrap.wrap(break_long_words=False, break_on_hyphens=False) does."""
    if not _cjk_text_pattern().search(text):
        import textwrap

        return textwrap.wrap(text, width, initial_indent=initial_indent, subsequent_indent=subsequent_indent,
                             break_long_words=False, break_on_hyphens=False)
    lines: list[str] = []
    line, used = initial_indent, display_width(initial_indent)
    fresh, spaces = True, ""  # fresh: nothing but the indent on the line yet; spaces: those before the next word
    for match in word_pattern().finditer(_WHITESPACE.sub(" ", text.strip())):
        word = match.group(0)
        body = word.strip(" ")
        if not body:
            continue
        gap = "" if fresh else spaces
        wide = display_width(body)
        if not fresh and used + len(gap) + wide > width:
            lines.append(line.rstrip())
            line, used, gap = subsequent_indent, display_width(subsequent_indent), ""
        line += gap + body
        used += len(gap) + wide
        fresh, spaces = False, word[len(word.rstrip(" ")):]
    if not fresh:
        lines.append(line)
    return lines


_WHITESPACE = re.compile(r"\s")


# -- normalisation ----------------------------------------------------------------------------
# One normalisation, NFKC then casefold(): full-width letters and digits become ASCII,
# compatibility ideographs become unified ones, ﬁ becomes fi, case goes. The two forms
# below build on it.


def normalize(text: str) -> str:
    """Width, compatibility forms and case folded away (NFKC, then casefold())."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=4096)  # every card under a heading keys it again
def question_key(text: str) -> str:
    """A question as it goes into a card's key: normalize(), runs of spaces as one, and no
    closing question mark, colon or full stop. Part of every card's identity: a change
    in what this returns for an existing note would orphan that card's history."""
    return " ".join(normalize(text).split()).rstrip("?？:：。. ")


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is what str.isalnum() accepts, and "_"
# Punctuation and the like, combining marks kept: NFKC joins a mark to its letter.
_NOT_ALNUM_OR_MARK = re.compile(r"[^\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a]+|_+")
# Text made of these alone may drop its punctuation before NFKC: none of it becomes a letter
# under NFKC unless it is one already, and none joins its neighbours. ASCII, Latin-1, general
# punctuation, arrows, mathematical operators, box drawing and shapes, Han, CJK punctuation,
# kana without the voiced marks, full-width forms. (Not, say, ⑴ or ™, which NFKC spells out.)
_FOLD_FAST = (f"[\\s\\x21-\\x7e\\u00a0-\\u00ff\\u2000-\\u206f\\u2190-\\u22ff\\u2500-\\u25ff{HAN_RANGES}"
              f"{CJK_PUNCTUATION}\\u3041-\\u3096\\u30a1-\\u30fa\\uff01-\\uff60]*")


@cache
def _fold_fast() -> re.Pattern[str]:
    return re.compile(_FOLD_FAST)


@lru_cache(maxsize=1024)  # a note's passes fold the same lines and headings again (3 times each on average)
def fold(text: str) -> str:
    """Width, case and punctuation folded away: for comparing two texts. The letters and
    digits of normalize(text), exactly.

    For text of the usual characters (_FOLD_FAST) punctuation is dropped first and NFKC
    runs only when it changes what is left: Chinese text is full of full-width punctuation,
    which would otherwise send every line through NFKC."""
    if _fold_fast().fullmatch(text) is None:
        return _NOT_ALNUM.sub("", normalize(text))
    text = _NOT_ALNUM_OR_MARK.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    return text if text.isalnum() else _NOT_ALNUM.sub("", text)  # most are letters and digits by now
