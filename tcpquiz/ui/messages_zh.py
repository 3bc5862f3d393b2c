"""The errors and warnings a learner meets, in Chinese.

The core says what went wrong in an English sentence (it does not know the study language);
the command line prints it, and under `tcpquiz config lang zh` prints the Chinese sentence
from the table below instead. Each entry is the English sentence as the core writes it,
with {blanks} for what varies, and its Chinese; a blank that is itself a known sentence
(`Cannot set new-per-day: -5 is outside 0..10000.`) is translated too. A sentence not in
the table is printed as it is, in English, rather than guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from tcpquiz.text import HAN_RANGES

MESSAGES_ZH: dict[str, str] = {
    # decks and goals
    "There is no deck named {name}; the known decks are: {known}.": "没有名为 {name} 的卡组；已有的卡组：{known}。",
    "There is no deck named {name}; close names among the {count} decks: {names} (`tcpquiz decks` lists them all).":
        "没有名为 {name} 的卡组；{count} 个卡组中相近的名字：{names}（`tcpquiz decks` 列出全部卡组）。",
    "There is no deck named {name} among the {count} decks; `tcpquiz decks` lists them.":
        "{count} 个卡组中没有名为 {name} 的卡组；`tcpquiz decks` 列出全部卡组。",
    "The deck {name} was removed; `tcpquiz decks restore {id}` brings it back.":
        "卡组 {name} 已被移除；`tcpquiz decks restore {id}` 可以把它找回来。",
    "{name} names several decks ({names}); give the full name or the id of one.":
        "{name} 对应多个卡组（{names}）；请给出完整的名字或其中一个的编号。",
    "No removed deck is named {name}; the removed decks are: {names}.":
        "没有名为 {name} 的已移除卡组；已移除的卡组：{names}。",
    "{name} names several removed decks ({names}); give the id of one.":
        "{name} 对应多个已移除的卡组（{names}）；请给出其中一个的编号。",
    "{name} is a built-in deck, which comes back with every upgrade; remove it without --purge.":
        "{name} 是内置卡组，每次升级都会回来；请不带 --purge 移除它。",
    "Purging {name} deletes its cards and their history for good; pass --yes to confirm.":
        "永久删除 {name} 会删掉它的卡片及其复习记录；请加上 --yes 确认。",
    "The deck {name} has no note to read; it is generated, not written.": "卡组 {name} 没有可读的笔记：它是生成的，不是写的。",
    "A deck's name cannot be empty.": "卡组的名字不能为空。",
    "There is already a deck named {name}; choose another name.": "已经有名为 {name} 的卡组；请换一个名字。",
    "A goal needs some text saying what it is.": "目标需要一段文字说明它是什么。",
    "There is already a goal {text}; tick it with `tcpquiz goal tick`.":
        "已经有目标 {text}；用 `tcpquiz goal tick` 为它记一次完成。",
    "There is no goal matching {text}; the goals are: {known}.": "没有与 {text} 相符的目标；已有的目标：{known}。",
    "{text} matches several goals ({names}); give more of its text.": "{text} 与多个目标相符（{names}）；请多给出一些文字。",
    "The chosen decks ({names}) hold no active cards, so there is nothing to export.":
        "所选的卡组（{names}）没有有效卡片，没有可导出的内容。",
    "There are no cards to export yet; import some notes with `tcpquiz import` first.":
        "还没有可导出的卡片；请先用 `tcpquiz import` 导入笔记。",
    # settings and options
    "Cannot set {key}: {reason}": "无法设置 {key}：{reason}",
    "{value} is not a whole number.": "{value} 不是整数。",
    "{value} is outside {low}..{high}.": "{value} 不在 {low} 到 {high} 之间。",
    "{value} is not a number of seconds.": "{value} 不是秒数。",
    "{value} is outside 0.5..600 seconds.": "{value} 不在 0.5 到 600 秒之间。",
    "There is no setting {name}; the settings are: {known}.": "没有设置 {name}；已有的设置：{known}。",
    "There is no language {text}; choose one of {known}.": "没有语言 {text}；请从 {known} 中选择。",
    "Resetting every setting needs a confirmation; pass --yes to confirm.": "恢复全部设置需要确认；请加上 --yes 确认。",
    "The folder {folder} does not exist; check the --db path, or pass --create-folder to create it.":
        "文件夹 {folder} 不存在；请检查 --db 的路径，或加上 --create-folder 创建它。",
    # the engine's commands
    "There is no scenario {name}; choose one of {known} or congestion.": "没有场景 {name}；请从 {known} 或 congestion 中选择。",
    "There is no scenario {name}; choose one of {known}.": "没有场景 {name}；请从 {known} 中选择。",
    "There is no data scenario {name}; choose one of {known}.": "没有数据传输场景 {name}；请从 {known} 中选择。",
    "There is no loss kind {kind}; choose 3dup or timeout.": "没有丢包方式 {kind}；请选择 3dup 或 timeout。",
    "There is no variant {name}; choose reno, tahoe or both.": "没有算法 {name}；请选择 reno、tahoe 或 both。",
    "{part} is not a loss round; write N, N:timeout or N:3dup.": "{part} 不是丢包轮次；请写成 N、N:timeout 或 N:3dup。",
    "A loss round must be 1 or later.": "丢包轮次必须从 1 开始。",
    "The number of rounds must be from 1 to {high}.": "轮次数必须在 1 到 {high} 之间。",
    "The initial ssthresh must be from {low} to {high} segments.": "初始 ssthresh 必须在 {low} 到 {high} 个报文段之间。",
    "Round {round} is past the last round, {count}.": "第 {round} 轮超出了最后一轮（第 {count} 轮）。",
    "The {name} ISN must be a whole number from 0 to {high}.": "{name} 的初始序号必须是 0 到 {high} 之间的整数。",
    "The MSL must be longer than zero.": "MSL 必须大于零。",
    "There is no question kind {kind}; choose one of {known}.": "没有题型 {kind}；请从 {known} 中选择。",
    "The number of questions must be at least 1.": "题目数量至少为 1。",
    # files: notes read, files written
    "{path} does not exist.": "{path} 不存在。",
    "{path} holds no .md or .markdown files.": "{path} 里没有 .md 或 .markdown 文件。",
    "{path} is empty.": "{path} 是空的。",
    "{path} is a binary file, not a markdown note.": "{path} 是二进制文件，不是 markdown 笔记。",
    "{path} is neither UTF-8 nor GB18030 text; save it as UTF-8 and import it again.":
        "{path} 既不是 UTF-8 也不是 GB18030 文本；请另存为 UTF-8 后重新导入。",
    "{path} is a folder; import the folder itself to import the notes in it.": "{path} 是文件夹；导入文件夹本身即可导入其中的笔记。",
    "{path} is not a regular file (it is a device, a pipe or a socket), so it was skipped.":
        "{path} 不是普通文件（而是设备、管道或套接字），已跳过。",
    "{path} is {size} MB, larger than the {limit} MB a notes file may be; split it into smaller notes, "
    "or raise the limit with `tcpquiz import --max-size`.":
        "{path} 有 {size} MB，超过了笔记文件的上限 {limit} MB；请把它拆成较小的笔记，或用 `tcpquiz import --max-size` 放宽上限。",
    "Cannot read {path}: {reason}.": "无法读取 {path}：{reason}。",
    "{path}: no cards were found in it, so it made no deck; the README lists the forms cards take.":
        "{path}：其中没有找到卡片，所以没有生成卡组；README 列出了卡片的写法。",
    "{path}: no cards were found in it; the README lists the forms cards take.":
        "{path}：其中没有找到卡片；README 列出了卡片的写法。",
    # a note's warnings on import, "{path}: {warning}." (last in the table: it would match most sentences)
    "it shows {n} local image that cannot be found ({example}), so it was left out":
        "其中有 {n} 张本地图片找不到（{example}），已略去",
    "it shows {n} local images that cannot be found ({example}), so they were left out":
        "其中有 {n} 张本地图片找不到（{example}），已略去",
    "its front matter says cards: {value}, which is neither auto nor explicit, so auto was used":
        "它的 front matter 写着 cards: {value}，既不是 auto 也不是 explicit，所以按 auto 处理",
    "its front matter is longer than {limit} KB, so it was ignored": "它的 front matter 超过 {limit} KB，已忽略",
    "its front matter uses YAML aliases (*name), which tcpquiz does not expand, so it was ignored":
        "它的 front matter 用了 YAML 别名（*name），tcpquiz 不展开别名，已忽略",
    "its front matter is not valid YAML on line {n}, so it was ignored": "它的 front matter 第 {n} 行不是有效的 YAML，已忽略",
    "its front matter is not valid YAML, so it was ignored": "它的 front matter 不是有效的 YAML，已忽略",
    "its front matter is not a YAML mapping, so it was ignored": "它的 front matter 不是 YAML 映射，已忽略",
    "{path} already exists; pass --force to overwrite it.": "{path} 已存在；加上 --force 可以覆盖它。",
    "{path} is a directory; give the name of a file to write.": "{path} 是文件夹；请给出要写入的文件名。",
    "The directory {folder} does not exist; create it first or choose another place.":
        "文件夹 {folder} 不存在；请先创建它，或换一个位置。",
    "{folder} is not a directory, so {name} cannot be written inside it.": "{folder} 不是文件夹，无法在其中写入 {name}。",
    "The directory {folder} is not writable; check its permissions or choose another place.":
        "文件夹 {folder} 不可写；请检查它的权限，或换一个位置。",
    "Cannot write in {folder}: {reason}.": "无法在 {folder} 中写入：{reason}。",
    "Cannot write {path}: {reason}.": "无法写入 {path}：{reason}。",
    "The cheat sheet is written as PDF or HTML, so {path} must end in .pdf or .html.":
        "速查表只能写成 PDF 或 HTML，所以 {path} 必须以 .pdf 或 .html 结尾。",
    "An Anki package is a .apkg file, so {path} must end in .apkg (for text, use `tcpquiz export csv -o {csv}`).":
        "Anki 卡包是 .apkg 文件，所以 {path} 必须以 .apkg 结尾（要导出文本，请用 `tcpquiz export csv -o {csv}`）。",
    # the database
    "The database is read-only here; check the permissions of the data directory and its files.":
        "这里的数据库是只读的；请检查数据目录及其中文件的权限。",
    "The disk is full, so the last change was not saved; free some space and try again.":
        "磁盘已满，最后一次修改没有保存；请腾出一些空间后重试。",
    "The database stayed busy with another tcpquiz for too long; try again in a moment.":
        "数据库被另一个 tcpquiz 占用太久；请稍后重试。",
    "The database file is damaged; it was left as it is, and a backup made with `tcpquiz backup` can be restored "
    "with `tcpquiz restore`.":
        "数据库文件已损坏；它保持原样，可以用 `tcpquiz restore` 恢复 `tcpquiz backup` 做的备份。",
    "The database file cannot be opened; check that its directory exists and is writable.":
        "无法打开数据库文件；请检查它所在的文件夹是否存在并且可写。",
    "The output could not be written: the disk it goes to is full.": "输出无法写入：目标磁盘已满。",
    "The database was upgraded; the old version is kept at {path}.": "数据库已升级；旧版本保存在 {path}。",
    "The database {path} already holds {holdings}; pass --replace to overwrite it (a copy of it is kept first).":
        "数据库 {path} 里已经有 {holdings}；加上 --replace 可以覆盖它（会先保留一份副本）。",
    "Creating a new library at {path}.": "正在 {path} 创建新的资料库。",
    "Loading the built-in decks (once, on first run).": "正在载入内置卡组（仅在第一次运行时）。",
    "Updating the built-in decks for this version of tcpquiz (once, after an upgrade).":
        "正在为这个版本的 tcpquiz 更新内置卡组（仅在升级后一次）。",
    "--full takes upload or download, not {value}.": "--full 只接受 upload 或 download，不接受 {value}。",
    "The sync server needs a user name and password: set TCPQUIZ_ANKI_USER and TCPQUIZ_ANKI_PASSWORD, or run in "
    "a terminal to be asked.":
        "同步服务器需要用户名和密码：请设置 TCPQUIZ_ANKI_USER 和 TCPQUIZ_ANKI_PASSWORD，或在终端中运行以便询问。",
    "{path}: {warning}.": "{path}：{warning}。",
}

# Words the core puts in a blank.
VALUES_ZH: dict[str, str] = {"none yet": "还没有", "none": "无"}
# Counted things the core lists in a blank ("2 answers, 1 imported deck and 1 setting").
COUNTED_ZH: dict[str, str] = {
    "answer": "{n} 次回答", "read": "{n} 次阅读", "goal": "{n} 个目标", "imported deck": "{n} 个导入的卡组",
    "changed read goal": "{n} 个改过的阅读目标", "setting": "{n} 项设置", "deck": "{n} 个卡组", "card": "{n} 张卡片",
}


_HAN = re.compile(r"[" + HAN_RANGES + r"]")


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for english, chinese in MESSAGES_ZH.items():
        parts = re.split(r"\{(\w+)\}", english)
        regex = "".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)" for index, part in enumerate(parts))
        patterns.append((re.compile(regex, re.S), chinese))
    return patterns


def message_zh(message: str, names: Sequence[str] = ()) -> str:
    """`message` in Chinese when the table knows it, else as it is. `names`: the names the
    message lists joined with ", " (TcpquizError.names), joined here with the Chinese list
    comma; a learner's names are never split or translated."""
    listed = ", ".join(names) if names else None
    for pattern, chinese in _patterns():
        found = pattern.fullmatch(message)
        if found:
            values = {name: "、".join(names) if value == listed
                      else VALUES_ZH.get(value) or _counted_zh(value) or message_zh(value)
                      for name, value in found.groupdict().items()}
            if not _HAN.search(chinese) and values == found.groupdict():
                continue  # a frame with no words of its own ("{path}: {warning}.") says nothing new
            return chinese.format(**values)
    return message


def _counted_zh(text: str) -> str | None:
    """"2 answers, 1 imported deck and 1 setting" in Chinese, or None if it is not such a list."""
    items = re.split(r", | and ", text)
    said = []
    for item in items:
        found = re.fullmatch(r"(\d+) (.+?)s?", item)
        if found is None or found.group(2) not in COUNTED_ZH:
            return None
        said.append(COUNTED_ZH[found.group(2)].format(n=found.group(1)))
    return said[0] if len(said) == 1 else f"{'、'.join(said[:-1])}和 {said[-1]}"
