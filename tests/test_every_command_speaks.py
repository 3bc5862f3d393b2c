"""Every command and subcommand, as a learner runs them: its help, its result and its errors,
in Chinese after `tcpquiz config lang zh` and in English after `config lang en`. In Chinese
no UI sentence is left in English (only command lines, names, the learner's own text and
the English decks' content); in English no Chinese word shows but the Chinese decks' names."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import typer

from conftest import child_env, tcpquiz_command, write_deck
from tcpquiz.cli import app
from tcpquiz.helptext import HEADINGS_ZH, OPTION_HELP_ZH
from tcpquiz.i18n import TEXTS
from tcpquiz.text import display_width
from tcpquiz.ui.messages_zh import MESSAGES_ZH

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
# Three English words in a row, in lower case: a sentence or a label, not a name such as
# SYN-RECEIVED, --new-per-day or net.ipv4.tcp_fin_timeout.
ENGLISH_RUN = re.compile(r"(?<![\w.\-/=`'])[a-z]{2,}(?: [a-z]{2,}){2,}(?![\w.\-/=`'])")
COMMAND_LINE = re.compile(r"tcpquiz(?: [a-z][\w-]*)+")
CLICK_WORDS = re.compile(r"\b(?:Usage|Options|Arguments|Commands|required|default|Try '|Missing|Invalid value|"
                         r"No such|Aborted|Got unexpected)\b")

DECK = {"zh": "TCP 握手练习", "en": "Handshake drill"}
CARDS = {
    # The first answer repeats a known mistake (RFC 9293 §3.3.2 names the state SYN-SENT), so
    # that import and check have something to say.
    "zh": [("客户端发出 SYN 后进入什么状态？", "客户端发出 SYN 后进入 SYN_SEND 状态。"),
           ("服务器用什么回应 SYN？", "用 SYN+ACK 回应，确认号是客户端的初始序号加 1。")],
    "en": [("Which state does the client enter after sending its SYN?", "It enters SYN_SEND and waits."),
           ("What does the server answer a SYN with?", "A SYN+ACK whose ack is the client's ISN + 1.")],
}
CODE = "tcpdump -i lo port 80"
GOAL = {"zh": "听 TCP 这一章", "en": "Listen to the TCP chapter"}


def command_paths() -> list[list[str]]:
    """Every command and subcommand, as the words that name it."""
    paths: list[list[str]] = [[]]

    def walk(group: typer.core.TyperGroup, prefix: list[str]) -> None:
        for name, command in group.commands.items():
            paths.append([*prefix, name])
            if isinstance(command, typer.core.TyperGroup):
                walk(command, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return paths


def english_sentences() -> list[str]:
    """The fixed words of every English UI text, two words or more at a time: the screen
    words, the errors the core says and each option's help."""
    texts = [form for english, _ in TEXTS.values() for form in english.split("|")]
    texts += [*MESSAGES_ZH, *OPTION_HELP_ZH]
    phrases = set()
    for text in texts:
        for piece in re.split(r"\{[^}]*\}", text):
            piece = piece.strip(" ;:,.()'\"")
            if len(piece.split()) >= 2:
                phrases.add(piece)
    return sorted(phrases)


def walk(cli, tmp_path: Path, lang: str) -> list[tuple[str, str]]:
    """Each command line a learner might type, in `lang`, with what it printed: help,
    results and errors of every command and subcommand."""
    assert cli("config", "lang", lang).exit_code == 0
    deck = DECK[lang]
    # A line before the cards that no card keeps, for `import --report` to list with its reason.
    note = write_deck(tmp_path / "notes" / "drill.md", deck, CARDS[lang], preamble=f"```\n{CODE}\n```")
    empty = tmp_path / "notes" / "README.md"
    empty.write_text("A folder of notes.\n", encoding="utf-8")
    collection = tmp_path / "anki" / "collection.anki2"
    collection.parent.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    lines: list[tuple[list[str], int, str | None]] = [
        ([*words, "--help"], 0, None) for words in command_paths()
    ]
    lines += [
        (["import", str(note)], 0, None),
        (["import", str(note), "--report"], 0, None),
        (["import", str(empty)], 0, None),
        (["import", str(tmp_path / "missing.md")], 1, None),
        (["check", str(note)], 0, None),
        (["check", str(empty)], 0, None),
        (["check", str(tmp_path / "missing.md")], 1, None),
        (["review", "--deck", deck, "--new", "2"], 0, "5\nx\n4\n"),
        (["review", "--deck", deck], 0, ""),
        (["review", "--deck", "nope"], 1, None),
        (["review", "--new", "-1"], 2, None),
        (["cards", "--deck", deck], 0, None),
        (["cards", "--deck", "nope"], 1, None),
        (["cards", "--dek", deck], 2, None),
        (["stats", "--deck", deck], 0, None),
        (["decks"], 0, None),
        (["decks", "rename", deck, "X1"], 0, None),
        (["decks", "remove", "X1"], 0, None),
        (["decks", "restore", "X1"], 0, None),
        (["decks", "restore", "nope"], 1, None),
        (["decks", "rename", "X1", deck], 0, None),
        (["decks", "remove", "nope"], 1, None),
        (["decks", "remove", deck, "--purge"], 1, None),
        (["read", deck], 0, None),
        (["read", "nope"], 1, None),
        (["goal", deck, "--reads", "30"], 0, None),
        (["goal", "set", deck], 2, None),
        (["goal", "add", GOAL[lang], "--target", "2"], 0, None),
        (["goal", "add", GOAL[lang], "--target", "2"], 1, None),
        (["goal", "add", " ", "--target", "2"], 1, None),
        (["goal", "tick", GOAL[lang]], 0, None),
        (["goal", "tick", GOAL[lang]], 0, None),
        (["goal"], 0, None),
        (["goal", "list"], 0, None),
        (["goal", "remove", GOAL[lang]], 0, None),
        (["goal", "tick", "nope"], 1, None),
        (["fsm"], 0, None),
        (["fsm", "--lang", "fr"], 1, None),
        (["simulate", "handshake"], 0, None),
        (["simulate", "nope"], 1, None),
        (["simulate", "congestion", "--variant", "x"], 1, None),
        (["simulate", "congestion", "--loss", "x"], 1, None),
        (["simulate", "congestion", "--loss-at", "abc"], 1, None),
        (["simulate", "handshake", "--isn-client", "-1"], 1, None),
        (["questions", "--count", "1", "--kind", "seqack"], 0, None),
        (["questions", "--kind", "nope"], 1, None),
        (["questions", "--count", "abc"], 2, None),
        (["cheatsheet", "-o", str(out / "sheet.html")], 0, None),
        (["cheatsheet", "-o", str(out / "sheet.html")], 1, None),
        (["cheatsheet", "-o", str(out / "sheet.txt")], 1, None),
        (["config"], 0, None),
        (["config", "new-per-day", "30"], 0, None),
        (["config", "new-per-day", "-5"], 1, None),
        (["config", "new-per-day", "many"], 1, None),
        (["config", "nope"], 1, None),
        (["config", "lang", "fr"], 1, None),
        (["config", "--reset"], 1, None),
        (["config", "new-per-day", "--reset"], 0, None),
        (["backup", "-o", str(out / "backup.json")], 0, None),
        (["backup", "-o", str(out / "backup.json")], 1, None),
        (["restore", str(out / "backup.json")], 1, None),
        (["restore", str(out / "backup.json"), "--replace"], 0, None),
        (["export", "anki", "-o", str(out / "drill.apkg"), "--deck", deck, "--with-progress"], 0, None),
        (["export", "anki", "-o", str(out / "drill.txt")], 1, None),
        (["export", "csv", "-o", str(out / "drill.csv"), "--deck", deck], 0, None),
        (["export", "csv", "-o", str(out / "drill.csv")], 1, None),
        (["sync", "anki", "--collection", str(collection), "--deck", deck], 0, None),
        (["sync", "anki", "--collection", str(collection), "--deck", deck], 0, None),
        (["sync", "anki", "--collection", str(collection), "--full", "sideways"], 2, None),
        (["revew"], 2, None),
        (["--bogus"], 2, None),
    ]
    screens = []
    for args, status, stdin in lines:
        result = cli(*args, input=stdin)
        text = result.stdout + result.stderr
        assert result.exit_code == status, (args, text)
        screens.append((" ".join(args), text))
    # The fast path of a review (tcpquiz.entry, without typer) says its errors itself.
    child = subprocess.run([*tcpquiz_command(), "review", "--deck", "nope"], capture_output=True, text=True,
                           env=child_env(tmp_path / "home"), timeout=120)
    assert child.returncode == 1
    screens.append(("review --deck nope (entry)", child.stdout + child.stderr))
    return screens


def content(cli, tmp_path: Path, lang: str) -> list[str]:
    """What the screens show that is not UI: deck names, the notes' and the learner's own
    text, paths, the English decks' text where a listing shows every deck."""
    names = [d["name"] for d in json.loads(cli("decks", "--json").stdout)]
    texts = [text for card in CARDS[lang] for text in card] + [GOAL[lang], DECK[lang], "X1", str(tmp_path)]
    return sorted(set(names + texts), key=len, reverse=True)


def without(text: str, contents: list[str]) -> str:
    """`text` without the content, and without command lines (`tcpquiz simulate congestion`)."""
    for item in contents:
        text = text.replace(item, " ")
    return COMMAND_LINE.sub(" ", text)


def test_in_chinese_every_command_speaks_chinese(cli, tmp_path: Path) -> None:
    screens = walk(cli, tmp_path, "zh")
    contents = content(cli, tmp_path, "zh")
    phrases = english_sentences()
    # Anki's own label for an import option, quoted as Anki shows it.
    contents.append("Import any learning progress")
    for command, screen in screens:
        text = without(screen, contents)
        assert CJK.search(text) or re.fullmatch(r"[\w-]+ = \S+\s*", text), (command, screen)  # "lang = zh" is both
        leftovers = [phrase for phrase in phrases if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)]
        assert leftovers == [], (command, leftovers, screen)
        assert ENGLISH_RUN.findall(text) == [], (command, ENGLISH_RUN.findall(text), screen)
        assert CLICK_WORDS.findall(text) == [], (command, CLICK_WORDS.findall(text), screen)
        if command.endswith("--help"):  # wrapped by display width, to the terminal's 100 columns (conftest)
            wide = [line for line in screen.splitlines() if display_width(line) > 100]
            assert wide == [], (command, wide)
    helps = dict(screens)
    # click's headings, in Chinese; and every option's help.
    assert all(f"{heading}：" in helps["review --help"] for heading in ("用法", "选项"))
    assert f"{HEADINGS_ZH['Commands']}：" in helps["--help"] and "参数：" in helps["read --help"]


def test_in_english_no_command_shows_a_chinese_word(cli, tmp_path: Path) -> None:
    screens = walk(cli, tmp_path, "en")
    contents = content(cli, tmp_path, "en")
    for command, screen in screens:
        text = without(screen, contents)
        # A Chinese deck's listing line, a deck you do not study, says so in English.
        assert not CJK.search(text), (command, CJK.findall(text), screen)
    helps = dict(screens)
    assert "Usage: tcpquiz review [OPTIONS]" in helps["review --help"]
    assert "Error: No such command 'revew'." in " ".join(helps["revew"].split()).replace(" Did you mean 'review'?", "")


def test_reading_the_study_language_leaves_the_librarys_files_as_they_were(cli, db_path: Path) -> None:
    """Every message reads the setting (stdlib sqlite3): that must make no -wal or -shm file,
    and must not hide a lost -wal from the check that names it."""
    from tcpquiz.entry import study_language

    assert cli("config", "lang", "zh").exit_code == 0
    files = sorted(p.name for p in db_path.parent.iterdir())
    assert study_language(db_path) == "zh"
    assert sorted(p.name for p in db_path.parent.iterdir()) == files
    shm = db_path.with_name("tcpquiz.db-shm")  # the -wal lost beside its -shm: not read, nothing made
    shm.write_bytes(b"")
    assert study_language(db_path) == "en" and not db_path.with_name("tcpquiz.db-wal").exists()
