"""The built-in decks in decks/zh and decks/en: complete, sourced, and the same facts in both languages.

They are authored in the explicit Q:/A: syntax, so every card must come out of the
project's own parser exactly as written: a title and an id from the front matter, enough
cards, unique questions, short non-empty answers. The two languages cover the same facts,
so they hold the same files with comparable card counts. A few key facts are checked by
substring, and so are the mistakes found in the user's notes (which the decks must not
repeat). Finally the decks are written in the project's own words: no run of 20
characters of the user's notes may appear in them.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from tcpquiz.notes import parse_note, question_key
from tcpquiz.notes.frontmatter import split_front_matter

ROOT = Path(__file__).resolve().parents[1]
DECKS = ROOT / "decks"
LANGS = ("zh", "en")
# The user's study notes live next to the repository (../shared/notes); tests that need
# them skip when the folder is absent. README.md there describes the folder; it is not a note.
NOTES = ROOT.parent / "shared" / "notes"

MIN_CARDS_PER_FILE = 10
MAX_ANSWER_LINES = 15  # one screen; the decks aim for 1-8
MIN_TOTAL, MAX_TOTAL = 80, 220  # per language; the data-transfer decks took it past 160
VERBATIM_RUN = 20  # characters

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
Q_LINE = re.compile(r"^ {0,3}Q[:：]")


def deck_files(lang: str) -> list[Path]:
    return sorted((DECKS / lang).glob("*.md"))


ALL_FILES = [path for lang in LANGS for path in deck_files(lang)]


def file_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def parse(path: Path):
    text = path.read_text(encoding="utf-8")
    return parse_note(
        text, source=file_id(path), deck_key=f"builtin:{file_id(path)}", default_name=path.stem,
        lang=path.parent.name, builtin=True,
    )


def body_lines(path: Path) -> list[tuple[int, str, bool]]:
    """(1-based line number, line, inside a fenced code block) for the lines after the front matter."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = split_front_matter("\n".join(lines)).lines
    out, fenced = [], False
    for number, line in enumerate(lines[start:], start=start + 1):
        if FENCE.match(line):
            out.append((number, line, True))
            fenced = not fenced
            continue
        out.append((number, line, fenced))
    return out


def prose(path: Path) -> str:
    """The deck text without front matter and without fenced code blocks."""
    return "\n".join(line for _n, line, fenced in body_lines(path) if not fenced)


def language_text(lang: str) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in deck_files(lang))


# --- files and front matter ---------------------------------------------------------


def test_both_languages_have_the_same_files():
    zh = [p.name for p in deck_files("zh")]
    en = [p.name for p in deck_files("en")]
    assert zh, "decks/zh holds no decks"
    assert zh == en


@pytest.mark.parametrize("path", ALL_FILES, ids=file_id)
def test_front_matter(path):
    front = split_front_matter(path.read_text(encoding="utf-8"))
    assert front.warning is None
    assert front.title, "front matter needs a title"
    lang = path.parent.name
    assert front.deck_id and front.deck_id.startswith(f"builtin-{lang}-")
    assert front.data.get("cards") == "explicit"
    assert "tcp" in front.tags


@pytest.mark.parametrize("path", ALL_FILES, ids=file_id)
def test_deck_takes_its_name_and_identity_from_front_matter(path):
    front = split_front_matter(path.read_text(encoding="utf-8"))
    deck = parse(path)
    assert deck.name == front.title
    assert deck.key == f"builtin:{front.deck_id}"
    assert deck.warnings == ()
    assert all(card.deck == deck.key for card in deck.cards)


def test_ids_are_unique_and_titles_unique_per_language():
    ids = [split_front_matter(p.read_text(encoding="utf-8")).deck_id for p in ALL_FILES]
    assert len(ids) == len(set(ids))
    for lang in LANGS:
        titles = [parse(p).name for p in deck_files(lang)]
        assert len(titles) == len(set(titles)), titles


def test_titles_are_in_the_decks_language():
    for path in deck_files("zh"):
        assert CJK.search(parse(path).name) or "TIME-WAIT" in parse(path).name
    for path in deck_files("en"):
        assert not CJK.search(parse(path).name)


# --- cards ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_FILES, ids=file_id)
def test_every_q_line_becomes_one_card(path):
    """A `Q:` without an `A:` would be merged or lost; a `Q:` in code would be ignored."""
    deck = parse(path)
    q_lines = [n for n, line, fenced in body_lines(path) if not fenced and Q_LINE.match(line)]
    assert [int(card.source.rsplit(":", 1)[1]) for card in deck.cards] == q_lines
    assert len(deck.cards) >= MIN_CARDS_PER_FILE


@pytest.mark.parametrize("path", ALL_FILES, ids=file_id)
def test_no_card_markers_inside_code_blocks(path):
    inside = [n for n, line, fenced in body_lines(path) if fenced and re.match(r"^ {0,3}[QA][:：]", line)]
    assert inside == []


@pytest.mark.parametrize("path", ALL_FILES, ids=file_id)
def test_no_horizontal_rules_between_cards(path):
    rules = [n for n, line, fenced in body_lines(path) if not fenced and re.fullmatch(r" {0,3}([-*_])( *\1){2,} *", line)]
    assert rules == []


@pytest.mark.parametrize("path", ALL_FILES, ids=file_id)
def test_answers_are_present_and_fit_on_a_screen(path):
    for card in parse(path).cards:
        assert card.back.strip(), card.front
        assert len(card.back.splitlines()) <= MAX_ANSWER_LINES, card.front
        assert not re.search(r"^ {0,3}[QA][:：]", card.back, flags=re.M), card.front
        assert question_key(card.back) != question_key(card.front)


@pytest.mark.parametrize("path", ALL_FILES, ids=file_id)
def test_questions_are_unique_within_a_file(path):
    keys = [question_key(card.front) for card in parse(path).cards]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates


@pytest.mark.parametrize("lang", LANGS)
def test_questions_are_unique_across_a_language(lang):
    seen: dict[str, str] = {}
    for path in deck_files(lang):
        for card in parse(path).cards:
            key = question_key(card.front)
            assert key not in seen, f"{card.front!r} is in {seen.get(key)} and {path.name}"
            seen[key] = path.name


@pytest.mark.parametrize("path", ALL_FILES, ids=file_id)
def test_questions_ask_something(path):
    for card in parse(path).cards:
        assert len(card.front) >= 8, card.front
        assert card.front.rstrip().endswith(("?", "？", ".", "。")), card.front


@pytest.mark.parametrize("path", ALL_FILES, ids=file_id)
def test_cards_carry_the_deck_tags(path):
    deck = parse(path)
    assert deck.tags
    assert all(card.tags == deck.tags for card in deck.cards)


def test_card_counts_are_comparable_between_languages():
    totals = {}
    for lang in LANGS:
        totals[lang] = sum(len(parse(p).cards) for p in deck_files(lang))
        assert MIN_TOTAL <= totals[lang] <= MAX_TOTAL, totals
    assert abs(totals["zh"] - totals["en"]) <= 0.1 * max(totals.values())
    for zh in deck_files("zh"):
        en = DECKS / "en" / zh.name
        a, b = len(parse(zh).cards), len(parse(en).cards)
        assert abs(a - b) <= max(2, 0.15 * max(a, b)), (zh.name, a, b)


# --- sources ----------------------------------------------------------------------------

# Every built-in card ends its answer with where its fact comes from: an RFC section, a
# kernel document or sysctl, a man page, or a textbook with its edition.
SOURCE_LINE = {"en": re.compile(r"\ASource: (?P<source>\S.*)\Z"), "zh": re.compile(r"\A来源：(?P<source>\S.*)\Z")}
KNOWN_SOURCE = re.compile(
    r"\b(RFC \d+|ISO/IEC \d+|Linux |4\.4BSD |man \d |Stevens, |Kurose & Ross, |Tanenbaum & Wetherall, )"
)


def card_sources(path: Path) -> list[str]:
    lang = path.parent.name
    sources = []
    for card in parse(path).cards:
        last = card.back.rstrip().splitlines()[-1].strip()
        match = SOURCE_LINE[lang].match(last)
        assert match, f"{file_id(path)}: {card.front!r} does not end with its source line"
        sources.append(match["source"])
    return sources


@pytest.mark.parametrize("path", ALL_FILES, ids=file_id)
def test_every_card_names_its_source(path):
    for source in card_sources(path):
        assert KNOWN_SOURCE.search(source), source
        # A textbook is cited with its edition, so the reader can find the section.
        if re.search(r"Stevens|Kurose|Tanenbaum", source):
            assert re.search(r"\d+(st|nd|rd|th) ed\.", source), source


def test_a_card_without_a_source_fails(tmp_path):
    deck = tmp_path / "en" / "x.md"
    deck.parent.mkdir()
    deck.write_text("---\ntitle: X\nid: builtin-en-x\ncards: explicit\ntags: [tcp]\n---\n\n"
                    "Q: What is MSL?\n\nA: Maximum Segment Lifetime.\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="source line"):
        card_sources(deck)


@pytest.mark.parametrize("name", [p.name for p in deck_files("en")])
def test_zh_and_en_decks_pair_up_card_by_card(name):
    """The two languages state the same facts: the same number of cards, the same sources in order."""
    assert card_sources(DECKS / "zh" / name) == card_sources(DECKS / "en" / name)


# --- language -------------------------------------------------------------------------


@pytest.mark.parametrize("path", deck_files("zh"), ids=file_id)
def test_chinese_decks_are_mostly_chinese(path):
    """CJK characters against ASCII words (SYN, ESTABLISHED, tcp_fin_timeout count once each)."""
    text = prose(path)
    cjk = len(CJK.findall(text))
    words = len(re.findall(r"[A-Za-z][A-Za-z0-9_\-]*", text))
    assert cjk / (cjk + words) >= 0.6, (cjk, words)
    for card in parse(path).cards:
        assert CJK.search(card.front), card.front
        assert CJK.search(card.back), card.front


@pytest.mark.parametrize("path", deck_files("en"), ids=file_id)
def test_english_decks_are_english(path):
    assert not CJK.search(path.read_text(encoding="utf-8"))


# --- facts ----------------------------------------------------------------------------

STATES = (
    "CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2",
    "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT",
)
NETSTAT_STATES = ("SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK")

# Facts that must be stated in a given file, in both languages.
FACTS = {
    "01-basics.md": (
        "20", "60", "URG", "ACK", "PSH", "RST", "SYN", "FIN", "CWR", "ECE", "RFC 3168", "TCB",
        "ack=5100", "UDP", "ICMP", "ARP", "IPv6", "128",
    ),
    "02-handshake.md": (
        "CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "SYN_RECV",
        "seq=x", "ack=x+1", "seq=y", "seq=x+1", "ack=y+1", "ISN",
        "connect()", "listen()", "accept()", "EINPROGRESS", "ECONNREFUSED", "ETIMEDOUT",
        "tcp_max_syn_backlog", "somaxconn", "RFC 7413",
    ),
    "03-close.md": (
        "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "LAST-ACK", "TIME-WAIT", "CLOSING", "2MSL",
        "seq=u", "ack=u+1", "seq=v", "seq=w", "seq=u+1", "ack=w+1", "recv()", "close()",
        "shutdown(fd, SHUT_WR)", "SO_LINGER", "RST", "ECONNRESET",
    ),
    "04-time-wait.md": (
        "2MSL", "MSL", "RFC 9293", "TCP_TIMEWAIT_LEN", "tcp_fin_timeout", "EADDRINUSE", "EADDRNOTAVAIL",
        "SO_REUSEADDR", "bind()", "SO_REUSEPORT", "SO_LINGER", "l_linger=0", "RST", "tcp_tw_reuse",
        "ip_local_port_range",
    ),
    "05-connection-problems.md": (
        "SO_KEEPALIVE", "tcp_keepalive_time", "7200", "tcp_keepalive_intvl", "75", "tcp_keepalive_probes",
        "TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT", "7875", "SYN_RECV", "ss -tan state syn-recv",
        "SYN cookie", "tcp_syncookies", "tcp_max_syn_backlog", "tcp_synack_retries", "CLOSE_WAIT",
        "FIN_WAIT_2", "tcp_fin_timeout", "TCP_LINGER2", "recv()", "ECONNREFUSED", "RFC 9293",
    ),
    "06-tcp-vs-udp.md": (
        "8", "20", "60", "DNS", "53", "DHCP", "67", "68", "QUIC", "HTTP/3", "P2P", "TLS", "NAT",
    ),
    "07-states.md": STATES + NETSTAT_STATES + ("CLOSE", "ESTAB", "ss -s"),
}

# The same facts in each language's own words.
FACTS_BY_LANG = {
    "zh": {
        "01-basics.md": ("主机到主机", "进程到进程", "四层", "五层", "七层", "20 字节", "60 字节", "四元组"),
        "02-handshake.md": ("旧", "资源", "僵", "合并", "第三次握手", "半连接队列", "全连接队列"),
        "03-close.md": ("半关闭", "同时关闭", "返回 0", "合成"),
        "04-time-wait.md": ("2 分钟", "60 秒", "4 分钟", "最后一个 ACK", "旧报文段", "四元组"),
        "05-connection-problems.md": ("默认关闭", "2 小时", "75 秒", "10 个", "9", "60 秒", "半开连接"),
        "06-tcp-vs-udp.md": ("8 字节", "字节流", "报文", "广播", "组播", "流量控制", "拥塞控制", "登录", "一对一"),
        "07-states.md": ("11 个",),
    },
    "en": {
        "01-basics.md": ("host to host", "process to process", "four", "five", "seven", "20 bytes", "60 bytes", "four-tuple"),
        "02-handshake.md": ("old duplicate", "resources", "deadlock", "merge", "third segment", "SYN queue", "accept queue"),
        "03-close.md": ("half-close", "simultaneous close", "returns 0", "three segments"),
        "04-time-wait.md": ("2 minutes", "60 seconds", "4 minutes", "final ACK", "old duplicate", "four-tuple"),
        "05-connection-problems.md": ("default to off", "2 hours", "75 seconds", "10", "9", "60 seconds", "half-open"),
        "06-tcp-vs-udp.md": ("8 bytes", "byte stream", "message", "broadcast", "multicast", "flow control", "congestion control", "logging in", "one-to-one"),
        "07-states.md": ("eleven",),
    },
}


@pytest.mark.parametrize("path", ALL_FILES, ids=file_id)
def test_key_facts_are_stated(path):
    text = path.read_text(encoding="utf-8")
    wanted = FACTS.get(path.name, ()) + FACTS_BY_LANG[path.parent.name].get(path.name, ())
    missing = [fact for fact in wanted if fact not in text]
    assert not missing


@pytest.mark.parametrize("lang", LANGS)
def test_every_rfc_state_name_is_taught(lang):
    text = language_text(lang)
    for state in STATES:
        assert re.search(rf"(?<![\w-]){re.escape(state)}(?![\w-])", text), state


@pytest.mark.parametrize("lang", LANGS)
def test_keepalive_facts_sit_in_one_card(lang):
    """The classic numbers belong together: 2 hours idle, a probe every 75 seconds, 10 probes."""
    cards = [c for p in deck_files(lang) for c in parse(p).cards]
    classic = [c for c in cards if "75" in c.back and ("2 小时" in c.back or "2 hours" in c.back)]
    assert classic and any("10" in c.back for c in classic)
    linux = [c for c in cards if "tcp_keepalive_probes" in c.back]
    assert linux and all("9" in c.back for c in linux)


# Mistakes in the user's notes that the decks must not repeat, and wrong variants of the facts.
WRONG = (
    "75 分钟", "75分钟", "75 minutes",          # keepalive probes are 75 seconds apart
    "UTP",                                      # the user datagram protocol is UDP
    "TIMED WAIT", "TIMED_WAIT", "TIMED-WAIT",    # the state is TIME-WAIT
    "SYN_SEND", "SYN-SEND",                     # SYN-SENT / SYN_SENT
    "LISTENER",                                 # the state is LISTEN
    "ack=seq+1", "ack = seq+1", "ack = seq + 1",  # ack is seq + data length (+1 only for SYN/FIN)
    "显卡",                                      # a graphics card is no network device
)


# What an audit against RFC 9293 and Linux found wrong in earlier versions of the decks.
AUDITED_WRONG = (
    "Four segments, one connection", "共四个报文段，结果只有一条连接",  # simultaneous open takes six (RFC 793 Figure 8)
    "Linux bounds it with `tcp_max_syn_backlog`", "Linux 用 `tcp_max_syn_backlog` 限制",  # the listen backlog does
    "(or ignores it)", "或不理睬", "或不予理睬",  # an unexpected SYN+ACK always draws <SEQ=SEG.ACK><CTL=RST>
    "can only be ended by the local application", "只能由本地应用结束",  # RST, keepalive, user timeout end CLOSE-WAIT
    "the peer stays in FIN-WAIT-2", "对方停在 FIN-WAIT-2。",  # an orphaned FIN-WAIT-2 is reaped
    "已发完：释放连接",  # a FIN closes one direction, not the connection
    "各自随机选出的 ISN",  # RFC 6528: a clock plus a keyed hash
)

# And what the corrected decks must say, in both languages.
AUDITED_FACTS = {
    "02-handshake.md": ("SEQ=SEG.ACK", "RFC 6528", "tcp_abort_on_overflow", "ListenOverflows", "TCP_FASTOPEN", "RFC 7413"),
    "05-connection-problems.md": ("4.4BSD", "Stevens", "RFC 5961", "RCV.NXT", "TCP_USER_TIMEOUT", "RFC 5482"),
    "01-basics.md": ("RFC 7323", "TS.Recent", "2^32"),
    "07-states.md": ("TCP_USER_TIMEOUT", "RST", "keepalive"),
}
AUDITED_FACTS_BY_LANG = {
    "zh": {"02-handshake.md": ("六个报文段",), "05-connection-problems.md": ("挑战 ACK",)},
    "en": {"02-handshake.md": ("Six segments",), "05-connection-problems.md": ("challenge ACK",)},
}


@pytest.mark.parametrize("path", ALL_FILES, ids=file_id)
def test_audited_facts_are_stated(path):
    text = path.read_text(encoding="utf-8")
    wanted = AUDITED_FACTS.get(path.name, ()) + AUDITED_FACTS_BY_LANG.get(path.parent.name, {}).get(path.name, ())
    assert [fact for fact in wanted if fact not in text] == []
    assert [wrong for wrong in AUDITED_WRONG if wrong in text] == []


@pytest.mark.parametrize("lang", LANGS)
def test_close_wait_card_names_what_ends_it(lang):
    """CLOSE-WAIT has no timer of its own, yet a peer RST, keepalive or the user timeout ends it (RFC 9293 §3.8)."""
    cards = [c for c in parse(DECKS / lang / "07-states.md").cards if "CLOSE-WAIT" in c.back and "TCP_USER_TIMEOUT" in c.back]
    assert cards and all("RST" in c.back and "keepalive" in c.back for c in cards)


@pytest.mark.parametrize("lang", LANGS)
def test_known_mistakes_are_not_repeated(lang):
    text = language_text(lang)
    found = [wrong for wrong in WRONG if wrong in text]
    assert not found


# --- the project's own words ------------------------------------------------------------


def _flatten(text: str) -> str:
    """Compare text, not formatting: width-folded, markup and all whitespace removed."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s*_`$#>|~\\]", "", text)


def note_files() -> list[Path]:
    if not NOTES.is_dir():
        return []
    return sorted(p for p in NOTES.glob("*.md") if p.name.lower() != "readme.md")


def test_no_sentence_of_the_users_notes_is_copied():
    notes = note_files()
    if not notes:
        pytest.skip(f"the user's notes are not at {NOTES}")
    runs: set[str] = set()
    for note in notes:
        flat = _flatten(note.read_text(encoding="utf-8-sig", errors="replace"))
        for i in range(len(flat) - VERBATIM_RUN + 1):
            run = flat[i:i + VERBATIM_RUN]
            # The notes are written in Chinese; their pure-ASCII runs are names such as
            # "Transmission Control Protocol" or "Maximum Segment Lifetime", which any TCP
            # text must use. A run with Chinese in it is the notes' own prose.
            if CJK.search(run):
                runs.add(run)
    copied = []
    for path in ALL_FILES:
        flat = _flatten(path.read_text(encoding="utf-8"))
        for i in range(len(flat) - VERBATIM_RUN + 1):
            if flat[i:i + VERBATIM_RUN] in runs:
                copied.append((file_id(path), flat[i:i + VERBATIM_RUN]))
    assert not copied, copied[:5]
