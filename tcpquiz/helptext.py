"""`--help` in Chinese, for a learner whose study language is zh: each command's one-line
summary (the list `tcpquiz --help` prints), each command's description, each option's and
argument's help, and click's own headings and notes ("Usage:", "Options:", "[required]").
The English texts are the commands' docstrings and the options' help in tcpquiz.cli. Plain
data (and the settings' own Chinese descriptions): `--help` must stay as fast as `import typer`.
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
    "import": "把 markdown 笔记（文件或文件夹）导入为卡组；可以重复导入。\n\n示例：tcpquiz import ~/notes/tcp",
    "check": "指出笔记中与公认的 TCP 事实相矛盾的说法。\n\n"
             "每条结果给出所在行、用笔记的语言写出的正确事实及其出处。\n\n示例：tcpquiz check ~/notes/tcp",
    "backup": "把全部卡片、进度、目标和设置备份到一个 JSON 文件。\n\n示例：tcpquiz backup -o tcpquiz-backup.json",
    "restore": "恢复 `tcpquiz backup` 做的备份。\n\n示例：tcpquiz restore tcpquiz-backup.json",
    "decks": "列出卡组及其卡片数和阅读次数；移除、恢复或重命名一个卡组。\n\n"
             "卡组可以用名字、编号（第一列）或笔记的路径来指定。\n\n示例：tcpquiz decks --json",
    "decks remove": "移除一个卡组：它的卡片退出复习，复习记录保留，`decks restore` 可以把它找回来。\n\n"
                    "示例：tcpquiz decks remove \"TCP 三次握手\"",
    "decks restore": "找回用 `decks remove` 移除的卡组，连同它的卡片和复习记录。\n\n"
                     "示例：tcpquiz decks restore \"TCP 三次握手\"",
    "decks rename": "重命名卡组；再次导入它的笔记时保留新名字。\n\n示例：tcpquiz decks rename \"TCP 三次握手\" 握手",
    "goal": "卡组的阅读目标（默认 60 遍）和你自己的目标。\n\n"
            "用 `tcpquiz goal 卡组 --reads N` 设置卡组的阅读目标，例如 "
            "tcpquiz goal \"TCP 三次握手\" --reads 30。不带命令时列出全部目标。",
    "goal set": "设置一个卡组的笔记打算读多少遍（`goal set` 可以省略）。\n\n"
                "示例：tcpquiz goal \"TCP 三次握手\" --reads 30",
    "goal add": "添加一个你自己的目标，比如把某一章听 5 遍。\n\n示例：tcpquiz goal add \"听 TCP 这一章\" --target 5",
    "goal tick": "为你自己的一个目标记一次完成。\n\n示例：tcpquiz goal tick \"TCP 这一章\"",
    "goal remove": "删除你自己的一个目标及其完成记录。\n\n示例：tcpquiz goal remove \"TCP 这一章\"",
    "goal list": "列出所学卡组的阅读目标和你自己的目标。\n\n示例：tcpquiz goal list --json",
    "export": "导出卡片：Anki 卡包（.apkg）或 CSV 文件。\n\n示例：tcpquiz export anki -o tcp.apkg",
    "export anki": "生成 Anki 卡包（.apkg）；较新的卡包会原地更新已有笔记。\n\n"
                   "示例：tcpquiz export anki -o tcp.apkg --with-progress",
    "export csv": "生成 CSV 文件（正面、背面、卡组、标签），供 Anki 等应用使用。\n\n"
                  "示例：tcpquiz export csv -o tcp.csv --deck \"TCP 三次握手\"",
    "sync": "让 tcpquiz 和你学习的另一个地方保持同步。\n\n"
            "示例：tcpquiz sync anki --collection ~/.local/share/Anki2/\"User 1\"/collection.anki2",
    "sync anki": "与一个 Anki 收藏同步：推送卡片和进度，拉回在 Anki 里做的复习。\n\n"
                 "同步的是 --deck 指定的卡组，不指定时是你所学的卡组。\n\n"
                 "使用 --server 时，用户名和密码取自 TCPQUIZ_ANKI_USER 和 TCPQUIZ_ANKI_PASSWORD，"
                 "没有时会询问；它们从不保存。\n\n"
                 "示例：tcpquiz sync anki --collection collection.anki2 --server http://127.0.0.1:8080/",
}

# click's own headings and notes in a help screen.
HEADINGS_ZH: dict[str, str] = {
    "Usage": "用法",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
}

# Each option's and argument's help, by its English text (tcpquiz.cli); click's notes after
# it ("[default: 0; x>=0; required]") are translated part by part.
OPTION_HELP_ZH: dict[str, str] = {
    "Show this message and exit.": "显示这份帮助并退出。",
    "Database file to use instead of tcpquiz.db in the data directory.": "使用这个数据库文件，而不是数据目录中的 tcpquiz.db。",
    "Show the version and exit.": "显示版本并退出。",
    "Create the folder of --db PATH if it does not exist.": "--db PATH 所在的文件夹不存在时创建它。",
    "Install completion for the current shell.": "为当前 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.":
        "显示当前 shell 的补全脚本，以便复制或自行安装。",
    "Only this deck (and its sub-decks); repeat for several.": "只用这个卡组（及其子卡组）；可重复指定多个。",
    "New cards today (default: the new-per-day setting, 20).": "今天学多少张新卡片（默认：new-per-day 设置，20）。",
    "Reviews today (default: the reviews-per-day setting, 200).": "今天最多复习多少张（默认：reviews-per-day 设置，200）。",
    "Markdown files or folders of them.": "markdown 文件或包含它们的文件夹。",
    "Refuse notes files larger than this (default: 5 MB).": "拒绝大于这个大小的笔记文件（默认：5 MB）。",
    "Show per file the share of its content the cards keep, and each line in no card with why.":
        "逐个文件显示卡片保留了多少内容，并列出没有进入任何卡片的行及原因。",
    "Print the findings as JSON.": "以 JSON 输出结果。",
    "Print JSON instead of a table.": "输出 JSON 而不是表格。",
    "Include retired cards.": "包括已停用的卡片。",
    "Print JSON instead of tables.": "输出 JSON 而不是表格。",
    "The deck whose note to read: its name, its id or its note's path.": "要读哪个卡组的笔记：它的名字、编号或笔记的路径。",
    "Count a read when you reach the end.": "读到结尾时计一遍。",
    "zh or en (default: the lang setting).": "zh 或 en（默认：lang 设置）。",
    "handshake, close, simultaneous-open, simultaneous-close, lost-final-ack, old-duplicate-syn, half-close, "
    "syn-flood, abort, time-wait-new-syn, close-unread, orphaned-fin-wait-2, accept-queue-full or "
    "syn-flood-cookies; for data: fast-retransmit, timeout-backoff, zero-window or congestion.":
        "handshake、close、simultaneous-open、simultaneous-close、lost-final-ack、old-duplicate-syn、half-close、"
        "syn-flood、abort、time-wait-new-syn、close-unread、orphaned-fin-wait-2、accept-queue-full 或 "
        "syn-flood-cookies；数据传输：fast-retransmit、timeout-backoff、zero-window 或 congestion。",
    "Seed for the ISNs not given: the same seed, the same run.": "未指定的初始序号（ISN）所用的随机种子：种子相同，过程相同。",
    "The client's initial sequence number (default: drawn from the seed).": "客户端的初始序号（默认：由种子生成）。",
    "The server's initial sequence number (default: drawn from the seed).": "服务器的初始序号（默认：由种子生成）。",
    "Maximum segment lifetime in seconds; TIME-WAIT lasts twice it.": "最长报文段寿命 MSL，单位为秒；TIME-WAIT 持续它的两倍。",
    "Print JSON instead of a diagram.": "输出 JSON 而不是时序图。",
    "congestion: how many round trips to draw.": "congestion：画多少个往返轮次。",
    "congestion: the initial ssthresh, in segments.": "congestion：初始的慢开始门限 ssthresh，单位为报文段。",
    "congestion: a round with a loss, as N, N:timeout or N:3dup; repeat or separate with commas.":
        "congestion：发生丢包的轮次，写作 N、N:timeout 或 N:3dup；可重复指定，或用逗号分隔。",
    "congestion: the kind of loss where --loss-at does not say: 3dup or timeout.":
        "congestion：--loss-at 没有写明时的丢包方式：3dup（三个重复 ACK）或 timeout（超时）。",
    "congestion: reno, tahoe or both.": "congestion：reno、tahoe 或 both（两者都画）。",
    "How many questions.": "题目数量。",
    "The same seed gives the same questions.": "随机种子：种子相同，题目相同。",
    "next-state, send, order, where, seqack, scenario, timer, data, window, rto, cwnd, cwnd-bytes, cc-algo or "
    "nagle (default: all).":
        "next-state、send、order、where、seqack、scenario、timer、data、window、rto、cwnd、cwnd-bytes、cc-algo "
        "或 nagle（默认：全部）。",
    "Print JSON.": "输出 JSON。",
    "The file to write: FILE.pdf or FILE.html.": "要写入的文件：FILE.pdf 或 FILE.html。",
    "Take the weakest cards from this deck (and its sub-decks) only; repeat for several.":
        "只从这个卡组（及其子卡组）中选最薄弱的卡片；可重复指定多个。",
    "How many of your weakest cards to list (0: leave them out); the PDF lists as many as fit.":
        "列出多少张你最薄弱的卡片（0：不列）；PDF 放得下多少列多少。",
    "Replace FILE if it exists.": "FILE 已存在时替换它。",
    "The setting to show or change.": "要查看或修改的设置。",
    "Its new value.": "它的新值。",
    "Return KEY to its default; with no KEY, every setting (after a confirmation).":
        "把 KEY 恢复为默认值；不给 KEY 时恢复全部设置（先确认）。",
    "Reset every setting without asking.": "恢复全部设置，不再询问。",
    "The file to write.": "要写入的文件。",
    "Overwrite FILE if it exists.": "FILE 已存在时覆盖它。",
    "A backup written by `tcpquiz backup`.": "由 `tcpquiz backup` 写出的备份。",
    "Replace a database that already holds progress (a copy of it is kept).": "替换已有学习进度的数据库（会保留它的副本）。",
    "The deck: its name, its id (see `tcpquiz decks`) or its note's path.":
        "卡组：它的名字、编号（见 `tcpquiz decks`）或笔记的路径。",
    "Delete the deck, its cards and their history for good.": "永久删除这个卡组、它的卡片及其复习记录。",
    "Purge without asking.": "永久删除，不再询问。",
    "The removed deck: its name, its id or its note's path.": "被移除的卡组：它的名字、编号或笔记的路径。",
    "Its new name.": "它的新名字。",
    "The deck: its name, its id or its note's path.": "卡组：它的名字、编号或笔记的路径。",
    "How many reads to aim for.": "打算读多少遍。",
    "What the goal is.": "目标的内容。",
    "How many times.": "多少次。",
    "The goal's text, or enough of it to tell it apart.": "目标的内容，或足以区分它的一部分。",
    "Carry each card's interval, due date, ease and review count.": "带上每张卡片的间隔、到期日、难易度和复习次数。",
    "The Anki collection file (close Anki first).": "Anki 收藏文件（请先关闭 Anki）。",
    "Also sync the collection with this Anki sync server (AnkiWeb: https://sync.ankiweb.net/).":
        "同时让收藏与这个 Anki 同步服务器同步（AnkiWeb：https://sync.ankiweb.net/）。",
    "For a first sync with no common history: upload or download the whole collection.":
        "用于没有共同历史的首次同步：上传或下载整个收藏。",
}

# click's notes after an option's help, such as "[default: 0; x>=0; required]".
NOTE_ZH: dict[str, str] = {
    "default": "默认",
    "required": "必填",
    "env var": "环境变量",
}


def config_help_zh() -> str:
    """`config --help` in Chinese: every setting with what it means and its range."""
    from tcpquiz.settings import SETTINGS

    settings = "\n".join(f"  {name}：{spec.describe('zh')}" for name, spec in SETTINGS.items())
    return f"查看或修改设置；不给 KEY 时列出全部设置。\n\n设置：\n{settings}\n\n示例：tcpquiz config new-per-day 30"
