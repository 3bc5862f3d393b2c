"""`--help` in Chinese, for a learner whose study language is zh: each command's one-line
summary (the list `tcpquiz --help` prints) and the description of the commands used while
studying. The English texts are the commands' docstrings in tcpquiz.cli; options and
click's own headings ("Usage:", "Options:") stay in English. Plain data (and the settings'
own Chinese descriptions): `--help` must stay as fast as `import typer`.
"""

from __future__ import annotations

# By command path below `tcpquiz` ("" is tcpquiz itself).
SUMMARY_ZH: dict[str, str] = {
    "review": "复习今天到期的卡片，然后学新卡片；每个回答立即保存。",
    "import": "把 markdown 笔记导入为卡组；可以重复导入。",
    "check": "指出笔记中与已知事实相矛盾的说法。",
    "cards": "列出卡片及其卡组、出处和到期日。",
    "stats": "查看进度：卡片、到期、连续天数、热力图、阅读次数和目标。",
    "read": "阅读卡组对应的笔记；翻到结尾算读了一遍。",
    "fsm": "打印 RFC 9293 的 TCP 状态转换表。",
    "simulate": "演示一个 TCP 场景，画成时序图。",
    "questions": "打印引擎生成的题目，附答案和解析。",
    "cheatsheet": "生成可打印的 A4 速查表（PDF 或 HTML）。",
    "config": "查看或修改设置。",
    "backup": "把全部数据备份到一个 JSON 文件。",
    "restore": "恢复 `tcpquiz backup` 做的备份。",
    "decks": "列出、移除、恢复或重命名卡组。",
    "decks remove": "移除一个卡组；restore 可以把它找回来。",
    "decks restore": "找回被移除的卡组及其复习记录。",
    "decks rename": "重命名卡组；再次导入它的笔记时保留新名字。",
    "goal": "卡组的阅读目标（默认 60 遍）和你自己的目标。",
    "goal set": "设置一个卡组的笔记要读多少遍。",
    "goal add": "添加一个自己的目标，比如把某一章听 5 遍。",
    "goal tick": "为自己的目标记一次完成。",
    "goal remove": "删除一个自己的目标及其完成记录。",
    "goal list": "列出所学卡组的阅读目标和你自己的目标。",
    "export": "导出卡片：Anki 卡包（.apkg）或 CSV 文件。",
    "export anki": "生成 Anki 卡包（.apkg）；新卡包会原地更新已有笔记。",
    "export csv": "生成 CSV 文件（正面、背面、卡组、标签），供 Anki 等应用使用。",
    "sync": "让 tcpquiz 和 Anki 保持同步。",
    "sync anki": "与一个 Anki 收藏双向同步。",
}

# The description above a command's options, for tcpquiz itself and the study commands.
HELP_ZH: dict[str, str] = {
    "": "用间隔重复学习 TCP：卡片来自你的笔记和 TCP 状态机引擎。\n\n"
        "从 `tcpquiz review` 开始。数据保存在 TCPQUIZ_HOME 或系统的数据目录中。",
    "review": "先复习今天到期的卡片，再学新卡片；每个回答立即保存。\n\n"
              "示例：tcpquiz review --deck \"TCP state machine\" --new 10",
    "stats": "查看进度：卡片、到期、连续天数、热力图、阅读次数和目标。\n\n示例：tcpquiz stats --json",
    "read": "一页一页地阅读卡组对应的笔记；在终端里翻到结尾算读了一遍。\n\n示例：tcpquiz read \"TCP 三次握手\"",
    "cards": "列出卡片及其卡组、出处和到期日。\n\n示例：tcpquiz cards --deck \"TCP 三次握手\" --json",
    "fsm": "打印 RFC 9293 的 TCP 状态转换表：下一状态、发送什么、所在章节，以及各行成立的条件。\n\n"
           "示例：tcpquiz fsm --lang zh",
    "simulate": "让客户端和服务器演示一个场景，并画成时序图。\n\n"
                "数据传输场景画出发送方和接收方；`congestion` 按往返轮次画出 cwnd 和 ssthresh"
                "（Tahoe 和 Reno，RFC 5681），丢包发生在你指定的轮次。\n\n"
                "示例：tcpquiz simulate lost-final-ack --isn-client 1000 --isn-server 5000\n\n"
                "示例：tcpquiz simulate congestion --ssthresh 16 --loss-at 8 --loss-at 14:timeout --variant both",
    "questions": "打印由 TCP 引擎生成的题目，附答案和解析。\n\n示例：tcpquiz questions --count 5 --kind seqack --seed 7",
    "cheatsheet": "生成可打印的 A4 速查表：状态图、三次握手、四次挥手、你最薄弱的卡片、拥塞窗口图和 RTO。\n\n"
                  "示例：tcpquiz cheatsheet -o tcp.pdf --lang zh --weakest 10",
}


def config_help_zh() -> str:
    """`config --help` in Chinese: every setting with what it means and its range."""
    from tcpquiz.settings import SETTINGS

    settings = "\n".join(f"  {name}：{spec.describe('zh')}" for name, spec in SETTINGS.items())
    return f"查看或修改设置；不给 KEY 时列出全部设置。\n\n设置：\n{settings}\n\n示例：tcpquiz config new-per-day 30"
