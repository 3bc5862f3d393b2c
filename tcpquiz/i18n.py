"""The words on tcpquiz's screens, in English and Chinese: the study language (`tcpquiz
config lang`) chooses. Pure and import-free, so every layer may use it.

Each entry is (English, Chinese). English forms that take a plural give both forms
separated by "|" and are read with `tr_n`; Chinese has no plural.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # the review
    "review.again": ("again, until it scores 4", "再来一次，直到评分达到 4"),
    "review.progress": ("{done} answered, {left} to go", "已答 {done}，还剩 {left}"),
    "review.question": ("Question", "问题"),
    "review.answer": ("Answer", "答案"),
    "review.also_in": ("Also in: ", "其他卡组也有："),
    "review.also_in_key": ("  (press o to see their answers)", "  （按 o 查看它们的答案）"),
    "review.right": ("Right: graded {quality}", "答对：评分 {quality}"),
    "review.wrong": ("Wrong: the answer is {answer}; graded {quality}", "答错：正确答案是 {answer}；评分 {quality}"),
    "review.summary_title": ("Session summary", "本次小结"),
    "script.right": ("Right, graded {quality}: {right}", "答对，评分 {quality}：{right}"),
    "script.wrong": ("Wrong, graded {quality}; the answer is {right}", "答错，评分 {quality}；正确答案是 {right}"),
    "read.count": ("Read {reads} of {goal} for {name}.", "《{name}》已读 {reads} 遍，目标 {goal} 遍。"),
    "read.stopped": ("You stopped before the end, so this read was not counted.", "没有读到结尾，这一遍不计入。"),
    "read.piped": ("Not counted as a read: a read counts when you page to the end in a terminal.",
                   "不计为一遍：在终端里翻页读到结尾才算读了一遍。"),
    "pager.lines": ("{shown}/{total} lines", "第 {shown}/{total} 行"),
    "pager.end": ("end: any key closes", "已到结尾：按任意键关闭"),
    "pager.keys": ("space: next page, b: back, q: quit", "空格：下一页，b：上一页，q：退出"),
    "key.space": ("space", "空格"),
    "key.any": ("any key", "任意键"),
    "key.show": ("show answer", "显示答案"),
    "key.undo": ("undo", "撤销"),
    "key.quit": ("quit", "退出"),
    "key.grade": ("grade", "评分"),
    "key.choose": ("choose", "选择"),
    "key.next": ("next card", "下一张"),
    "hint.nothing_to_undo": ("There is no answer to undo yet.", "还没有可以撤销的回答。"),
    "hint.reveal": ("Press space to show the answer, u to undo the last answer or q to quit.",
                    "按空格显示答案，按 u 撤销上一个回答，按 q 退出。"),
    "hint.grade": ("Press a grade from 0 to 5 (see the list above), u to undo or q to quit.",
                   "按 0 到 5 评分（见上面的说明），按 u 撤销，按 q 退出。"),
    "hint.choice": ("Press the number of a choice, 1 to {count}, u to undo or q to quit.",
                    "按选项的编号 1 到 {count}，按 u 撤销，按 q 退出。"),
    "summary.none": ("No cards answered this time", "这次没有回答任何卡片"),
    "summary.seen": ("{n} card|{n} cards", "{n} 张卡片"),
    "summary.seen_in": ("{cards} seen in {time}", "用时 {time}，看了 {cards}"),
    "summary.right": (", {share} right the first time", "，第一次答对 {share}"),
    "duration.minutes": ("{minutes}m {seconds}s", "{minutes} 分 {seconds} 秒"),
    "duration.seconds": ("{seconds}s", "{seconds} 秒"),
    "summary.streak": ("streak {n} day|streak {n} days", "连续 {n} 天"),
    "summary.next_due": ("next card due {day}", "下一张卡片 {day} 到期"),
    "summary.nothing_scheduled": ("nothing scheduled yet", "还没有安排复习"),
    "summary.left": ("; {n} left for later", "；还有 {n} 张留待以后"),
    "review.nothing": ("Nothing to review today", "今天没有要复习的卡片"),
    "review.next_due": ("; the next card is due {day}", "；下一张卡片 {day} 到期"),
    "review.more_new": ("{n} new card is waiting: `tcpquiz review --new {more}` studies more today.|{n} new "
                        "cards are waiting: `tcpquiz review --new {more}` studies more today.",
                        "还有 {n} 张新卡片：`tcpquiz review --new {more}` 今天可以多学一些。"),
    "script.not_choice": ("{answer} is not a choice; answer with a number from 1 to {count}, u or q.",
                          "{answer} 不是选项；请回答 1 到 {count} 的编号，或 u、q。"),
    "script.not_grade": ("{answer} is not a grade; answer with a number from 0 to 5, u or q.",
                         "{answer} 不是评分；请回答 0 到 5 的数字，或 u、q。"),
    "interrupted": ("Interrupted; everything finished before Ctrl-C is saved.", "已中断；按 Ctrl-C 之前完成的都已保存。"),
    "aborted": ("Aborted; nothing was changed.", "已取消，什么也没有改。"),
    # what a card asks (CardKind): English keeps the stored value, as `cards --json` shows it
    "kind.basic": ("basic", "问答"),
    "kind.explain": ("explain", "讲解"),
    "kind.definition": ("definition", "定义"),
    "kind.sequence": ("sequence", "流程"),
    "kind.step": ("step", "步骤"),
    "kind.cloze": ("cloze", "填空"),
    "kind.choice": ("choice", "选择"),
    "kind.numeric": ("numeric", "计算"),
    # listings
    "col.id": ("id", "编号"),
    "col.deck": ("deck", "卡组"),
    "col.cards": ("cards", "卡片"),
    "col.reads": ("reads", "阅读"),
    "col.studying": ("in reviews", "在复习中"),
    "col.source": ("source", "来源"),
    "col.front": ("front", "正面"),
    "col.kind": ("kind", "类型"),
    "col.due": ("due", "到期"),
    "col.new": ("new", "新卡"),
    "col.goal": ("goal", "目标"),
    "col.done": ("done", "完成"),
    "col.target": ("target", "目标次数"),
    "col.updated": ("updated", "更新"),
    "col.unchanged": ("unchanged", "未变"),
    "col.retired": ("retired", "停用"),
    "col.restored": ("restored", "恢复"),
    "import.all": ("all {n} decks", "全部 {n} 个卡组"),
    "import.done": ("Imported {decks} with {cards}.", "已导入 {decks}，共 {cards}。"),
    "count.decks": ("{n} deck|{n} decks", "{n} 个卡组"),
    "count.active": ("{n} active card|{n} active cards", "{n} 张有效卡片"),
    "yes": ("yes", "是"),
    "no_lang": ("no: {deck_lang} deck", "否：{deck_lang} 卡组"),
    "no_note": ("no note", "无笔记"),
    "read_goal": ("read {name}", "阅读 {name}"),
    "count.cards": ("{n} card.|{n} cards.", "共 {n} 张卡片。"),
    "state.new": ("new", "新卡"),
    "state.learning": ("learning", "学习中"),
    "state.review": ("review", "复习中"),
    "state.retired": ("retired", "已停用"),
    # results of the commands that change the library or write a file
    "import.mistakes": ("{n} card from these notes repeats a known mistake and shows the correct fact with the answer; "
                        "`tcpquiz check` on the notes lists each statement.|{n} cards from these notes repeat a known "
                        "mistake and show the correct fact with the answer; `tcpquiz check` on the notes lists each "
                        "statement.",
                        "这些笔记中有 {n} 张卡片重复了一个常见错误，答案旁会给出正确的事实；"
                        "对笔记运行 `tcpquiz check` 可以逐条列出。"),
    "progress.importing": ("Importing", "正在导入"),
    "progress.exporting": ("Exporting", "正在导出"),
    "check.line": ("  line {line}: ", "  第 {line} 行："),
    "check.source": ("Source: {source}", "来源：{source}"),
    "check.found": ("{n} statement in {noted} of {notes} contradicts established facts.|{n} statements in {noted} "
                    "of {notes} contradict established facts.",
                    "{notes}中有 {noted} 篇共 {n} 处说法与公认的事实相矛盾。"),
    "check.notes": ("{n} note|{n} notes", "{n} 篇笔记"),
    "check.none": ("Nothing in {n} note contradicts the facts this check knows.|Nothing in {n} notes contradicts "
                   "the facts this check knows.", "{n} 篇笔记中没有与本检查所知的事实相矛盾的说法。"),
    "decks.removed": ("Removed {name} ({n} card retired, their history kept); `tcpquiz decks restore {id}` brings it "
                      "back.|Removed {name} ({n} cards retired, their history kept); `tcpquiz decks restore {id}` "
                      "brings it back.",
                      "已移除《{name}》（{n} 张卡片停用，复习记录保留）；`tcpquiz decks restore {id}` 可以把它找回来。"),
    "decks.purge_ask": ("Delete {name}, its cards and their whole history for good?",
                        "永久删除《{name}》、它的卡片及其全部复习记录吗？"),
    "decks.purged": ("Deleted {name} and {n} card with their history.|Deleted {name} and {n} cards with their history.",
                     "已删除《{name}》和 {n} 张卡片及其复习记录。"),
    "decks.restored": ("Restored {name} with {n} card.|Restored {name} with {n} cards.",
                       "已恢复《{name}》，共 {n} 张卡片。"),
    "decks.renamed": ("Renamed {old} to {new}.", "已把《{old}》重命名为《{new}》。"),
    "goal.read_goal": ("The read goal of {name} is now {reads}; {done} done so far.",
                       "《{name}》的阅读目标现在是 {reads} 遍；已读 {done} 遍。"),
    "goal.added": ("Added the goal {text}: 0 of {target}.", "已添加目标 {text}：已完成 0 次，共 {target} 次。"),
    "goal.ticked": ("{text}: {done} of {target}.", "{text}：已完成 {done} 次，共 {target} 次。"),
    "goal.reached": (" Goal reached!", "目标达成！"),
    "goal.removed": ("Removed the goal {text}.", "已删除目标 {text}。"),
    "config.reset_ask": ("Return every setting to its default?", "把全部设置恢复为默认值吗？"),
    "cheatsheet.wrote": ("Wrote the cheat sheet to {path} ({size}).", "速查表已写入 {path}（{size}）。"),
    "export.anki": ("Wrote {path}: {decks}, {notes}, {cards}{media}.", "已写入 {path}：{decks}，{notes}，{cards}{media}。"),
    "export.csv": ("Wrote {path}: {cards} from {decks}.", "已写入 {path}：{cards}，来自 {decks}。"),
    "export.progress": ("The schedules of {n} studied card are included; keep them by importing with Anki's \"Import "
                        "any learning progress\".|The schedules of {n} studied cards are included; keep them by "
                        "importing with Anki's \"Import any learning progress\".",
                        "其中包括 {n} 张已学卡片的复习安排；在 Anki 导入时勾选“Import any learning progress”即可保留。"),
    "export.no_progress": ("None of these cards has been studied yet, so there was no progress to include.",
                           "这些卡片都还没有学过，所以没有进度可以带上。"),
    "count.note": ("{n} note|{n} notes", "{n} 条笔记"),
    "count.card": ("{n} card|{n} cards", "{n} 张卡片"),
    "count.image": (", {n} image|, {n} images", "，{n} 张图片"),
    "count.answer": ("{n} answer|{n} answers", "{n} 次回答"),
    "count.read": ("{n} read|{n} reads", "{n} 次阅读"),
    "count.goal": ("{n} goal|{n} goals", "{n} 个目标"),
    "backup.contents": ("{decks}, {cards}, {answers}, {reads} and {goals}", "{decks}、{cards}、{answers}、{reads}和 {goals}"),
    "backup.done": ("Backed up {contents} to {path}.", "已把 {contents}备份到 {path}。"),
    "restore.copy": ("The database it replaced was copied to {path} first.", "被替换的数据库已先复制到 {path}。"),
    "restore.done": ("Restored {contents} from {path}.", "已从 {path} 恢复 {contents}。"),
    "sync.kept": ("{n} note edited in Anki kept the edit, as their cards did not change in tcpquiz since the last "
                  "sync.|{n} notes edited in Anki kept the edit, as their cards did not change in tcpquiz since the "
                  "last sync.", "{n} 条在 Anki 里改过的笔记保留了修改，因为它们的卡片自上次同步以来在 tcpquiz 中没有变化。"),
    "sync.replaced": ("{n} note edited in Anki took tcpquiz's text instead, as their cards changed in your notes too "
                      "(edit the markdown notes to keep a change).|{n} notes edited in Anki took tcpquiz's text "
                      "instead, as their cards changed in your notes too (edit the markdown notes to keep a change).",
                      "{n} 条在 Anki 里改过的笔记改用了 tcpquiz 的文字，因为它们的卡片在你的笔记中也变了"
                      "（要保留修改，请改 markdown 笔记）。"),
    "sync.server": ("; the sync server: {steps}", "；同步服务器：{steps}"),
    "sync.then": (", then ", "，然后"),
    "sync.synced": ("synced", "已同步"),
    "sync.full upload": ("full upload", "整体上传"),
    "sync.full download": ("full download", "整体下载"),
    "sync.in_step": ("Already in step with {path}: nothing to change{server}.", "已与 {path} 同步：没有要改的{server}。"),
    "sync.done": ("Synced with {path}: {pulled} pulled from Anki; {added} added, {updated} updated, {retagged} "
                  "retagged, {moved} moved, {suspended} suspended and {unsuspended} unsuspended; {answers} and "
                  "{schedules} pushed{server}.",
                  "已与 {path} 同步：从 Anki 拉回 {pulled}；添加 {added}，更新 {updated} 条，改标签 {retagged} 条，"
                  "移动 {moved} 条，暂停 {suspended} 条，恢复 {unsuspended} 条；推送 {answers}和 {schedules}{server}。"),
    "sync.schedules": ("{n} schedule|{n} schedules", "{n} 个复习安排"),
    "sync.user": ("Sync user name", "同步用户名"),
    "sync.password": ("Password", "密码"),
    # import --report
    "coverage.share": ("{source}: {share} of its content is in cards{missing}.", "{source}：{share} 的内容在卡片中{missing}。"),
    "coverage.missing": (" ({n} sentence in no card)| ({n} sentences in no card)", "（{n} 句不在任何卡片中）"),
    "coverage.line": ("  line {line}: {reason}: {text}", "  第 {line} 行：{reason}：{text}"),
    "coverage.code": ("{n} line|{n} lines", "（{n} 行）"),
    "reason.contents": ("contents", "目录"),
    "reason.references": ("references", "参考资料"),
    "reason.image or caption": ("image or caption", "图片或图注"),
    "reason.study log": ("study log", "学习记录"),
    "reason.placeholder": ("placeholder", "占位文字"),
    "reason.code": ("code", "代码"),
    "reason.questions without answers": ("questions without answers", "没有答案的问题"),
    "reason.lead-in of a list or table": ("lead-in of a list or table", "列表或表格的引导语"),
    "reason.front matter": ("front matter", "front matter 元数据"),
    "reason.in no card": ("in no card", "不在任何卡片中"),
    # stats
    "stats.cards": ("Cards", "卡片"),
    "stats.activity": ("Activity", "活动"),
    "stats.forecast": ("Due, next 7 days", "未来 7 天到期"),
    "stats.due_today": ("due today", "今天到期"),
    "stats.reviews_today": ("reviews today", "今天复习"),
    "stats.reviews_total": ("reviews in total", "总复习次数"),
    "stats.retention": ("retention (30 days)", "记住率（30 天）"),
    "stats.no_retention": ("none yet", "还没有"),  # short: the three panels fit 80 columns with it
    "stats.streak": ("streak", "连续天数"),
    "stats.days": ("{n} day|{n} days", "{n} 天"),
    "stats.today": ("today", "今天"),
    "stats.heatmap": ("Reviews, last {weeks} weeks", "复习记录，最近 {weeks} 周"),
    "stats.less": ("less ", "少 "),
    "stats.more": (" more", " 多"),
    "stats.decks_goals": ("Decks and goals", "卡组与目标"),
    "stats.read_notes": ("read the notes", "阅读笔记"),
    "stats.your_goals": ("your goals", "你的目标"),
    "stats.reached": ("reached", "已达成"),
    "stats.no_pace": ("read once to see when", "读一次后可估算"),
    "stats.no_pace_goal": ("tick once to see when", "完成一次后可估算"),
    "stats.by": ("by {day} at this pace", "按此进度 {day} 达成"),
    "stats.when": ("goal reached", "何时达成"),
    "weekday.0": ("Mon", "一"),
    "weekday.2": ("Wed", "三"),
    "weekday.4": ("Fri", "五"),
    "weekday.6": ("Sun", "日"),
    # the engine's commands
    "fsm.state": ("state", "状态"),
    "fsm.event": ("event", "事件"),
    "fsm.next": ("next", "下一状态"),
    "fsm.sends": ("sends", "发送"),
    "fsm.active": ("active open", "主动打开"),
    "fsm.passive": ("passive open", "被动打开"),
}

def tr(lang: str, key: str, **values: object) -> str:
    """The text of `key` in `lang` (Chinese for "zh", else English), with `values` filled in."""
    english, chinese = TEXTS[key]
    return (chinese if lang == "zh" else english).format(**values)


def tr_n(lang: str, key: str, n: int, **values: object) -> str:
    """Like tr() for a text with a count: English takes its singular form for 1, its plural otherwise."""
    english, chinese = TEXTS[key]
    if lang == "zh":
        return chinese.format(n=n, **values)
    one, _, many = english.partition("|")
    return (one if n == 1 or not many else many).format(n=n, **values)


def kind_name(kind: str, lang: str) -> str:
    """What a card asks, in the study language; a kind this version does not know stays as stored."""
    key = f"kind.{kind}"
    return tr(lang, key) if key in TEXTS else kind
