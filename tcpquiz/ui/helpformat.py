"""Help screens and usage errors in Chinese, for a learner whose study language is zh.

click (as typer ships it) writes "Usage:", "Options:", each option's help and its own usage
errors in English, and measures text in characters, so a Chinese line would run past the
terminal. The formatter here translates what click hands it (tcpquiz.helptext holds the
words) and wraps by display width; `usage_error_zh` says click's usage errors in Chinese.
Loaded only for a help screen or a usage error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from typer._click import exceptions as click_errors
from typer._click.formatting import HelpFormatter

from tcpquiz.helptext import HEADINGS_ZH, NOTE_ZH, OPTION_HELP_ZH
from tcpquiz.text import display_width, wrap

USAGE_ZH = "用法："
HELP_HINT_ZH = "运行 `{command} {option}` 查看帮助。"


def option_help_zh(text: str) -> str:
    """An option's help as click gives it, such as "How many times.  [default: 10; 1<=x<=10000]",
    in Chinese: the help from tcpquiz.helptext, click's notes word by word (a range stays as it is)."""
    help_text, notes = text, ""
    found = re.fullmatch(r"(?s)(.*?)\s*\[([^\[\]]*)\]", text)
    if found:
        help_text, notes = found.group(1), found.group(2)
    chinese = OPTION_HELP_ZH.get(help_text, help_text)
    if not notes:
        return chinese
    parts = []
    for note in notes.split("; "):
        name, colon, value = note.partition(": ")
        word = NOTE_ZH.get(name)
        parts.append(note if word is None else f"{word}：{value}" if colon else word)
    return f"{chinese}  [{'；'.join(parts)}]" if chinese else f"[{'；'.join(parts)}]"


class ChineseHelpFormatter(HelpFormatter):
    """click's help formatter with Chinese headings and option help, wrapped by display width."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        lead = f"{' ' * self.current_indent}{USAGE_ZH}{prog} "
        room = max(self.width - display_width(lead), 20)
        lines = wrap(args, room) or [""]
        self.write(f"{lead}{lines[0]}\n")
        for line in lines[1:]:
            self.write(f"{' ' * display_width(lead)}{line}\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{' ' * self.current_indent}{HEADINGS_ZH.get(heading, heading)}：\n")

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        self.write_paragraph()
        self.write_heading(name)
        self.indent()
        try:
            yield
        finally:
            self.dedent()

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in wrap(text, self.width, indent, indent):
            self.write(f"{line}\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Terms and their help, as click lays them out, with the help in Chinese."""
        rows = list(rows)
        if not rows:
            return
        lead = " " * self.current_indent
        first = min(max(display_width(term) for term, _ in rows), col_max)
        hang = lead + " " * (first + col_spacing)
        for term, help_text in rows:
            lines = self._help_lines(option_help_zh(help_text), hang) if help_text else []
            if display_width(term) <= first:
                head = lead + term + " " * (first - display_width(term) + col_spacing)
                self.write(f"{head}{lines[0][len(hang):] if lines else ''}".rstrip() + "\n")
                rest = lines[1:]
            else:  # a term too long for the column: its help starts on the next line
                self.write(f"{lead}{term}\n")
                rest = lines
            for line in rest:
                self.write(f"{line}\n")

    def _help_lines(self, chinese: str, hang: str) -> list[str]:
        """An option's help wrapped under `hang`, click's note after it ("[默认：120]") kept whole:
        on the help's last line when it fits there, else on a line of its own."""
        found = re.fullmatch(r"(?s)(.*?)\s*(\[[^\[\]]*\])", chinese)
        if not found:
            return wrap(chinese, self.width, hang, hang)
        help_text, note = found.groups()
        lines = wrap(help_text, self.width, hang, hang) if help_text else []
        if lines and display_width(lines[-1]) + 2 + display_width(note) <= self.width:
            lines[-1] += f"  {note}"
        else:
            lines.append(hang + note)
        return lines


# click's usage errors, by the English sentence click builds: its Chinese, and the groups it keeps.
# Compiled when an error is shown, not when a help screen imports this module.
_USAGE_ERRORS_ZH: list[tuple[str, str]] = [
    (r"Missing argument (?P<name>.+)\.", "缺少参数 {name}。"),
    (r"Missing option (?P<name>.+)\.", "缺少选项 {name}。"),
    (r"Missing parameter (?P<name>.+)\.", "缺少参数 {name}。"),
    (r"Missing command\.", "缺少命令。"),
    (r"No such command (?P<name>'.*?')\. Did you mean (?P<like>.+)\?",
     "没有命令 {name}；你是想用 {like} 吗？"),
    (r"No such command (?P<name>'.*')\.", "没有命令 {name}。"),
    (r"No such option: (?P<name>\S+) \(Possible options: (?P<like>.+)\)",
     "没有选项 {name}（可能是：{like}）。"),
    (r"No such option: (?P<name>\S+)", "没有选项 {name}。"),
    (r"Option (?P<name>'.*') requires an argument\.", "选项 {name} 需要一个值。"),
    (r"Option (?P<name>'.*') requires (?P<n>\d+) arguments\.", "选项 {name} 需要 {n} 个值。"),
    (r"Option (?P<name>'.*') does not take a value\.", "选项 {name} 不接受值。"),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", "多出了参数：{args}。"),
    (r"Invalid value for (?P<name>.+?): (?P<value>.+) is not a valid (?:integer|int|int range)\.",
     "{name} 的值无效：{value} 不是整数。"),
    (r"Invalid value for (?P<name>.+?): (?P<value>.+) is not a valid (?:float|float range)\.",
     "{name} 的值无效：{value} 不是数字。"),
    (r"Invalid value for (?P<name>.+?): (?P<value>.+) is not in the range (?P<range>\S+)\.",
     "{name} 的值无效：{value} 不在范围 {range} 之内。"),
    (r"Invalid value for (?P<name>.+?): (?P<value>.+) is not a valid boolean\..*",
     "{name} 的值无效：{value} 不是布尔值。"),
    (r"Invalid value for (?P<name>.+?): File (?P<value>.+) is a directory\.",
     "{name} 的值无效：{value} 是一个文件夹，而这里要的是文件。"),
    (r"Invalid value for (?P<name>.+?): (?:File|Path|Directory) (?P<value>.+) does not exist\.",
     "{name} 的值无效：{value} 不存在。"),
    (r"Invalid value for (?P<name>.+?): (?P<value>.+) is not one of (?P<choices>.+)\.",
     "{name} 的值无效：{value} 不是 {choices} 之一。"),
]


def usage_error_zh(exc: click_errors.UsageError) -> str:
    """A usage error as click would show it, in Chinese: the usage line (the formatter the
    context makes is ChineseHelpFormatter), the hint and the error. A sentence this table
    does not know stays English rather than be guessed at."""
    message = exc.format_message()
    for pattern, chinese in _USAGE_ERRORS_ZH:
        found = re.fullmatch(pattern, message)
        if found:
            message = chinese.format(**found.groupdict())
            break
    lines = []
    ctx = exc.ctx
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(HELP_HINT_ZH.format(command=ctx.command_path, option=ctx.help_option_names[0]))
        lines.append("")
    lines.append(f"Error: {message}")
    return "\n".join(lines)
