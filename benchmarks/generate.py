"""The benchmark's data, made from a seed so every run times the same data: notes files and databases.

* `write_notes()`: markdown notes in the style of the user's own (headings that are
  questions, bold text used as labels, numbered steps with `$...$`, tables, `Q:`/`A:`
  blocks, Typora's hard line breaks, remote images), in Chinese and English, about
  10 kB each.
* `large_database()`: a database of years of use: cards spread over many decks,
  schedules whose due dates spread the way SM-2 spreads them (a couple of hundred due
  on an ordinary day), and a review log spread over two years, with some undos.
  The schema comes from tcpquiz's own migrations (the built-in decks are loaded too,
  as on a first run); the rows are bulk-inserted with executemany in one transaction.
* `export_database()`: 10,000 cards imported from generated notes through the store.
* the large export: a copy of the large database, whose 100,000 cards `export anki`
  writes (its own copy, since each export stores the fields it rendered).

`python benchmarks/generate.py DIR` builds all of it in DIR (benchmarks/run.py runs it in
a process of its own, so that the runner stays small: see run.py on measuring memory).
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

# -- text ---------------------------------------------------------------------------

STATES = ["CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2",
          "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT"]
FLAGS = ["SYN", "ACK", "FIN", "RST", "PSH", "URG"]

ZH_TOPICS = ["三次握手", "四次挥手", "TIME-WAIT", "2MSL", "半连接队列", "全连接队列", "SYN flood", "保活计时器",
             "滑动窗口", "拥塞控制", "慢启动", "快重传", "快恢复", "超时重传", "Nagle 算法", "延迟确认",
             "MSS", "窗口缩放", "SACK", "序列号", "确认号", "校验和", "同时打开", "同时关闭", "半关闭",
             "RST 报文", "CLOSE-WAIT 堆积", "端口复用", "TCP 首部", "粘包", "流量控制", "重复确认", "零窗口探测",
             "TCP Fast Open", "ISN 的选择", "listen 的 backlog", "accept 队列溢出", "keepalive 参数"]
EN_TOPICS = ["the three-way handshake", "the four-way close", "TIME-WAIT", "2MSL", "the SYN queue",
             "the accept queue", "a SYN flood", "the keepalive timer", "the sliding window",
             "congestion control", "slow start", "fast retransmit", "fast recovery",
             "retransmission timeout", "Nagle's algorithm", "delayed ACK", "the MSS", "window scaling",
             "SACK", "sequence numbers", "acknowledgment numbers", "the checksum", "simultaneous open",
             "simultaneous close", "half-close", "an RST segment", "piling up in CLOSE-WAIT",
             "SO_REUSEADDR", "the TCP header", "flow control", "duplicate ACKs", "zero-window probes",
             "TCP Fast Open", "choosing the ISN", "the listen backlog", "accept queue overflow"]

# Questions on one topic recur from note to note, as they do in anyone's notes, so the
# import's near-duplicate grouping has groups to find; two-topic questions are left out,
# as they would chain every topic into one group.
ZH_QUESTIONS = ["为什么需要{t}？", "{t}是怎么工作的？", "{t}解决了什么问题？", "{t}有什么缺点？",
                "如果没有{t}会怎样？", "{t}在 Linux 上由哪个参数控制？", "为何要{t}", "{t}的过程是怎样的？",
                "什么情况下会出现{t}？", "怎样排查{t}的问题？", "{t}对性能有什么影响？", "面试常问：{t}",
                "{s} 状态下收到 {f} 会怎样？", "处于 {s} 的一方为什么要发 {f}？", "{t}和 {s} 状态有什么关系？",
                "{f} 标志在{t}里起什么作用？"]
EN_QUESTIONS = ["Why does TCP need {t}?", "How does {t} work?", "What problem does {t} solve?",
                "What is the downside of {t}?", "What happens without {t}?", "Which Linux setting controls {t}?",
                "When do you see {t}?", "How do you debug {t}?", "How does {t} affect throughput?",
                "What does an endpoint in {s} do when a {f} arrives?", "Why would a host in {s} send a {f}?",
                "How is {t} related to the {s} state?", "What does the {f} flag do in {t}?"]

ZH_FACTS = [
    "客户端发送 $SYN=1$ 的报文段，序号为 $seq={x}$，进入 {s} 状态",
    "服务器收到后回复 $SYN=1, ACK=1$，确认号为 $ack={x1}$，自己的序号为 $seq={y}$",
    "**{f}** 报文段即使不携带数据，也要消耗一个序号",
    "主动关闭的一方要在 TIME-WAIT 等待 2MSL（Linux 上是 {n} 秒）后才进入 CLOSED",
    "被动关闭的一方收到 FIN 后进入 **CLOSE-WAIT**，等应用调用 close() 再发出自己的 FIN",
    "半连接队列的长度由 `tcp_max_syn_backlog` 决定，目前是 {n}",
    "全连接队列满了以后，新完成握手的连接会被丢弃，客户端看到的是超时而不是拒绝",
    "保活计时器通常是 2 小时，之后每 75 秒发一次探测报文段，连续 {k} 次没有回应就断开",
    "滑动窗口让发送方不必每发一个报文段就停下来等确认，窗口大小由接收方通告",
    "拥塞窗口从 {k} 个 MSS 开始，每收到一个确认就加一个 MSS，所以每个往返时间翻一倍",
    "收到 3 个重复确认就立即重传，不必等重传计时器超时",
    "RTO 至少是 1 秒，每次超时后加倍（指数退避），最多重试 {k} 次",
    "Nagle 算法把小报文段攒起来，和延迟确认一起用时可能多等 {n} 毫秒",
    "MSS 默认是 1460 字节，等于以太网的 MTU 1500 减去 IP 首部和 TCP 首部各 20 字节",
    "窗口缩放选项只能在 SYN 报文段里协商，最大位移是 14",
    "RST 报文段不需要确认，收到后连接立即作废，未读的数据也会丢掉",
    "序号是按字节编号的，一个携带 {n} 字节数据的报文段使下一个序号增加 {n}",
    "TCP 是全双工的，所以关闭时两个方向要分别关闭，一共四个报文段",
    "服务器进入 {s} 状态后，如果一直收不到确认，会重传 {k} 次再放弃",
    "抓包工具里看到的 seq=0、ack=1 只是相对序号，真实的 ISN 是随机的",
    "校验和覆盖伪首部、TCP 首部和数据，出错的报文段直接丢弃，靠重传恢复",
    "如果第三次握手的 ACK 丢了，服务器会重传 SYN+ACK，客户端再回一次 ACK",
    "大量连接停在 CLOSE-WAIT，几乎总是应用忘了调用 close()",
    "{s} 状态下收到 {f}，按 RFC 9293 的规定要回一个 ACK",
]
EN_FACTS = [
    "the client sends a segment with $SYN=1$ and $seq={x}$ and enters {s}",
    "the server answers with $SYN=1, ACK=1$, $ack={x1}$ and its own $seq={y}$",
    "a **{f}** consumes one sequence number even though it carries no data",
    "the side that closes first waits 2MSL in TIME-WAIT ({n} seconds on Linux) before it is CLOSED",
    "the passive closer enters **CLOSE-WAIT** and sends its own FIN only when the application calls close()",
    "`tcp_max_syn_backlog` bounds the SYN queue, currently {n} entries",
    "when the accept queue is full a completed handshake is dropped and the client sees a timeout",
    "keepalive starts after two hours of silence and gives up after {k} unanswered probes",
    "the receiver advertises its window, so the sender never overruns its buffer",
    "the congestion window starts at {k} MSS and doubles every round trip during slow start",
    "three duplicate ACKs trigger a retransmission before the timer expires",
    "the RTO is at least one second and doubles after each timeout, up to {k} retries",
    "Nagle's algorithm combined with delayed ACK can add {n} ms of latency",
    "the default MSS of 1460 bytes is the Ethernet MTU of 1500 minus 40 bytes of headers",
    "window scaling can only be negotiated on the SYN, with a shift of at most 14",
    "an RST is never acknowledged; unread data is discarded at once",
    "sequence numbers count bytes: a segment with {n} bytes of data moves the next sequence number by {n}",
    "TCP is full duplex, so each direction is closed on its own: four segments in all",
    "in {s}, an unacknowledged SYN+ACK is retransmitted {k} times before the server gives up",
    "the seq=0 and ack=1 a capture tool shows are relative; the real ISN is random",
    "a {f} arriving in {s} is answered with an ACK, as RFC 9293 says",
]
CIRCLED = "①②③④⑤⑥⑦⑧⑨"
IMAGE = "https://img-blog.csdnimg.cn/2021010420{n}.png?x-oss-process=image/watermark,type_ZmFuZ3poZW5naGVpdGk,size_16"


class Writer:
    """One language's sentences and questions, drawn from a seeded random source."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng = rng
        self.zh = lang == "zh"

    def fact(self) -> str:
        r = self.rng
        x, y = r.randrange(1, 10_000), r.randrange(1, 10_000)
        text = r.choice(ZH_FACTS if self.zh else EN_FACTS).format(
            x=x, x1=x + 1, y=y, s=r.choice(STATES), f=r.choice(FLAGS), n=r.choice([40, 60, 120, 200, 512, 1024]),
            k=r.choice([3, 5, 6, 9, 10, 15]))
        if self.zh:
            return text + "。"
        return text[0].upper() + text[1:] + "."

    def topic(self) -> str:
        return self.rng.choice(ZH_TOPICS if self.zh else EN_TOPICS)

    def question(self) -> str:
        template = self.rng.choice(ZH_QUESTIONS if self.zh else EN_QUESTIONS)
        return template.format(t=self.topic(), s=self.rng.choice(STATES), f=self.rng.choice(FLAGS))

    def paragraph(self, sentences: int, hard_breaks: bool = False) -> str:
        facts = [self.fact() for _ in range(sentences)]
        if hard_breaks:  # Typora: one fact a line, the line ending in two spaces
            return "  \n".join(facts)
        return ("" if self.zh else " ").join(facts)

    # -- the sections a note is made of ---------------------------------------------

    def heading_question(self) -> str:
        level = self.rng.choice([2, 3, 3, 4])
        return f"{'#' * level} {self.question()}\n\n{self.paragraph(self.rng.randint(2, 4))}\n\n" \
               f"{self.paragraph(self.rng.randint(1, 3))}\n"

    def bold_label(self) -> str:
        label = self.topic() + ("：" if self.zh else ":")
        lines = [f"{CIRCLED[i]} {self.fact()}" for i in range(self.rng.randint(3, 6))]
        return f"**{label}**  \n" + "  \n".join(lines) + "\n"

    def steps(self) -> str:
        intro = f"{self.topic()}{'的过程：' if self.zh else ', step by step:'}"
        items = [f"{i}. {self.fact()}" for i in range(1, self.rng.randint(4, 8))]
        if self.rng.random() < 0.4:  # a continuation line, not indented, as Typora leaves it
            items[1] += "\n" + self.fact()
        return f"{intro}\n\n" + "\n".join(items) + "\n"

    def table(self) -> str:
        head = "| 状态 | 含义 | 谁会进入 |" if self.zh else "| state | meaning | who enters it |"
        rows = [f"| {s} | {self.fact()} | {self.rng.choice(['客户端', '服务器', '双方'] if self.zh else ['client', 'server', 'both'])} |"
                for s in self.rng.sample(STATES, self.rng.randint(4, 9))]
        return f"{head}\n|---|---|---|\n" + "\n".join(rows) + "\n"

    def qa(self) -> str:
        cards = []
        for _ in range(self.rng.randint(2, 5)):
            answer = self.paragraph(self.rng.randint(1, 3))
            if self.rng.random() < 0.3:
                answer = "\n".join(f"- {self.fact()}" for _ in range(self.rng.randint(2, 4)))
            cards.append(f"Q: {self.question()}\nA: {answer}\n")
        return "\n".join(cards)

    def bullets(self) -> str:
        items = []
        for _ in range(self.rng.randint(3, 5)):
            lead = self.topic()
            items.append(f"- **{lead}{'：' if self.zh else ':'}** {self.fact()}")
        return "\n".join(items) + "\n"

    def diagram(self) -> str:
        x, y = self.rng.randrange(1, 9000), self.rng.randrange(1, 9000)
        return (f"```\nclient                              server\nSYN-SENT    --- SYN seq={x} --------->  LISTEN\n"
                f"ESTABLISHED <-- SYN+ACK seq={y} ack={x + 1} -- SYN-RECEIVED\n"
                f"ESTABLISHED --- ACK seq={x + 1} ack={y + 1} --->  ESTABLISHED\n```\n")

    def image(self) -> str:
        return f"![]({IMAGE.format(n=self.rng.randrange(100000, 999999))})\n"


def note_text(rng: random.Random, size: int) -> str:
    """One note of about `size` bytes."""
    lang = "zh" if rng.random() < 0.7 else "en"
    w = Writer(rng, lang)
    title = w.topic()
    parts = []
    if rng.random() < 0.3:
        parts.append(f"---\ntitle: {title}\ntags: [tcp, {rng.choice(['handshake', 'close', 'timers', 'network'])}]\n---\n")
    parts.append(f"# {title}\n\n{w.paragraph(3, hard_breaks=True)}\n")
    sections = [w.heading_question, w.bold_label, w.steps, w.table, w.qa, w.bullets, w.diagram, w.image]
    weights = [5, 3, 3, 1, 4, 3, 1, 1]
    length = sum(len(p.encode()) for p in parts)
    while length < size:
        section = rng.choices(sections, weights)[0]
        text = section()
        if rng.random() < 0.25:
            text = f"## {w.topic()}\n\n{text}"
        parts.append(text)
        length += len(text.encode()) + 1
    return "\n".join(parts)


def write_notes(root: Path, count: int = 1000, total_bytes: int = 10_000_000, seed: int = 7) -> int:
    """`count` notes of `total_bytes` in all, in folders of 50; returns the bytes written."""
    rng = random.Random(seed)
    written = 0
    for i in range(count):
        folder = root / f"topic-{i // 50:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = note_text(rng, total_bytes // count)
        (folder / f"note-{i:04d}.md").write_text(text, encoding="utf-8")
        written += len(text.encode())
    return written


# -- the large database ---------------------------------------------------------------

# SM-2 intervals a collection settles into after two years, with their weights: most cards
# are mature (months), some are young (days), a few have lapsed back to 1 day.
INTERVALS = [(1, 3), (6, 6), (15, 10), (38, 14), (90, 20), (210, 24), (480, 23)]


def _timestamp(moment: datetime) -> str:
    """A datetime as SQLAlchemy's SQLite dialect stores one (naive UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _new_database(path: Path) -> None:
    """An empty tcpquiz database at `path`, made by tcpquiz itself: migrations and built-in decks."""
    from tcpquiz.app import open_store

    open_store(path).close()


def large_database(path: Path, *, cards: int = 100_000, reviews: int = 1_000_000, decks: int = 200,
                   today: date, seed: int = 11) -> dict[str, int]:
    """Fill a new database at `path`; returns row counts and how many cards are due `today`."""
    from tcpquiz.store.guids import first_guid

    _new_database(path)
    rng = random.Random(seed)
    now = datetime.now(UTC)
    stamp = _timestamp(now)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    (first_deck,) = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM decks").fetchone()
    (first_card,) = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM cards").fetchone()

    deck_rows = []
    writers = {lang: Writer(rng, lang) for lang in ("zh", "en")}
    for d in range(decks):
        source = f"/home/learner/notes/topic-{d // 20:02d}/deck-{d:03d}.md"
        name = f"notes::topic-{d // 20:02d}::{writers['zh' if d % 3 else 'en'].topic()} {d:03d}"
        deck_rows.append((first_deck + d, f"file:{source}", name, source, f"# {name}\n", json.dumps(["tcp"]),
                          None, 0, 60, stamp, stamp))
    conn.executemany("INSERT INTO decks (id, key, name, source, text, tags, lang, builtin, read_goal, created_at, "
                     "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", deck_rows)

    kinds = ["basic"] * 60 + ["explain"] * 12 + ["definition"] * 10 + ["step"] * 10 + ["sequence"] * 4 + ["cloze"] * 4
    card_rows = []
    per_deck = cards // decks
    for c in range(cards):
        d = c // per_deck if c // per_deck < decks else decks - 1
        w = writers["zh" if d % 3 else "en"]
        deck_source = deck_rows[d][3]
        kind = rng.choice(kinds)
        front = w.question()
        back = w.fact() if rng.random() < 0.6 else "\n".join(f"- {w.fact()}" for _ in range(3))
        retired = stamp if rng.random() < 0.02 else None
        key = f"file:{deck_source}::/{d}/{c}::{kind}::{front}"
        card_rows.append((first_card + c, key, first_deck + d, kind,
                          front, back, "{}", f"{deck_source}:{c % per_deck * 4 + 3}", '["tcp"]', c % per_deck,
                          None, retired, stamp, stamp, first_guid(key)))
    conn.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows)

    # Schedules: 85% of the cards have been studied. A card last reviewed u*interval days
    # ago is due (1-u)*interval days from now; a small backlog is overdue by a few days.
    schedule_rows = []
    studied = [row[0] for row in card_rows if row[11] is None and rng.random() < 0.85]
    due_today = 0
    interval_values, interval_weights = zip(*INTERVALS, strict=True)
    for card_id in studied:
        interval = rng.choices(interval_values, interval_weights)[0]
        since = rng.randrange(interval)
        due = today + timedelta(days=interval - since)
        if rng.random() < 0.003:
            due = today - timedelta(days=rng.randrange(1, 6))
        due_today += due <= today
        last = datetime.combine(today - timedelta(days=since), datetime.min.time(), UTC) + timedelta(hours=12)
        repetitions = 1 if interval == 1 else 2 if interval == 6 else rng.randint(3, 9)
        schedule_rows.append((card_id, repetitions, round(rng.uniform(1.3, 2.8), 2), interval, due.isoformat(),
                              _timestamp(last)))
    conn.executemany("INSERT INTO schedules VALUES (?,?,?,?,?,?)", schedule_rows)

    # The review log: two years of days before today (none today, so today's queue is full),
    # in time order as an append-only log is, each day one session.
    days = 730
    review_rows = []
    per_day = reviews // days
    review_id = 1
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        session = f"{rng.getrandbits(64):016x}"
        start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=rng.randint(6, 20))
        count = per_day + (reviews - per_day * days if back == 1 else 0)
        for k in range(count):
            card_id = rng.choice(studied)
            quality = rng.choices((1, 2, 3, 4, 5), (3, 5, 15, 45, 32))[0]
            interval_before = rng.choice(interval_values)
            ease = round(rng.uniform(1.3, 2.8), 2)
            interval_after = 1 if quality < 3 else max(1, round(interval_before * ease))
            review_rows.append((
                review_id, card_id, session, _timestamp(start + timedelta(seconds=4 * k)), day.isoformat(), quality,
                rng.randrange(1500, 30000), 1, 0, 3, ease, interval_before,
                (day - timedelta(days=rng.randrange(3))).isoformat(), 0 if quality < 3 else 4, ease, interval_after,
                (day + timedelta(days=interval_after)).isoformat(),
            ))
            review_id += 1
        if len(review_rows) >= 100_000:
            conn.executemany("INSERT INTO reviews VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", review_rows)
            review_rows.clear()
    conn.executemany("INSERT INTO reviews VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", review_rows)
    undone = rng.sample(range(1, review_id), reviews // 200)  # half a percent taken back with `u`
    conn.executemany("INSERT INTO review_undos VALUES (?, ?)", [(r, stamp) for r in sorted(undone)])
    reads = [(first_deck + rng.randrange(decks), stamp, (today - timedelta(days=rng.randrange(days))).isoformat())
             for _ in range(2000)]
    conn.executemany("INSERT INTO reads (deck_id, read_at, study_day) VALUES (?,?,?)", reads)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"cards": cards, "reviews": reviews, "schedules": len(schedule_rows), "due_today": due_today}


# -- the export database ---------------------------------------------------------------


def export_database(path: Path, notes: Path, cards: int = 10_000) -> list[dict[str, str]]:
    """Import generated notes through the store until it holds exactly `cards` cards of its
    own; returns those cards (deck, front, back) in export order, for the genanki floor."""
    from tcpquiz.app import open_store, utcnow
    from tcpquiz.notes import load_note
    from tcpquiz.notes.source import discover

    store = open_store(path)
    try:
        now, total = utcnow(), 0
        for item in discover([notes]):
            deck = load_note(item)
            deck = replace(deck, cards=deck.cards[:cards - total])
            store.sync(deck, now)
            total += len(deck.cards)
            if total >= cards:
                break
    finally:
        store.close()
    return exported_cards(path)


def exported_cards(path: Path, *, include_retired: bool = False) -> list[dict[str, str]]:
    """The cards of a database's own decks (deck, front, back) in export order, for the genanki floor."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT decks.name, cards.front, cards.back FROM cards JOIN decks ON decks.id = cards.deck_id "
            f"WHERE NOT decks.builtin {'' if include_retired else 'AND cards.retired_at IS NULL '}"
            "ORDER BY decks.name, cards.position, cards.id"
        ).fetchall()
    finally:
        conn.close()
    return [{"deck": deck, "front": front, "back": back} for deck, front, back in rows]


# -- all of it, in one directory ------------------------------------------------------------

DATA_VERSION = 4  # bump when a generator changes, so that a kept data directory is rebuilt


@dataclass(frozen=True)
class Layout:
    """Where the data lives inside the benchmark's directory."""

    root: Path

    @property
    def home(self) -> Path:  # TCPQUIZ_HOME, with the built-in decks loaded
        return self.root / "home"

    @property
    def notes(self) -> Path:
        return self.root / "notes"

    @property
    def large_db(self) -> Path:
        return self.root / "large.db"

    @property
    def import_template(self) -> Path:  # an initialised database; each import run starts from a copy
        return self.root / "import-template.db"

    @property
    def export_db(self) -> Path:
        return self.root / "export.db"

    @property
    def export_cards(self) -> Path:  # the export's cards as JSON, for the genanki floor
        return self.root / "export-cards.json"

    @property
    def export_large_db(self) -> Path:  # the large database's 100,000 cards, to export
        return self.root / "export-large.db"

    @property
    def export_large_cards(self) -> Path:  # those cards as JSON, for the genanki floor
        return self.root / "export-large-cards.json"

    @property
    def large_backup(self) -> Path:  # `tcpquiz backup` of the large database, for restore
        return self.root / "large-backup.json"

    @property
    def ready(self) -> Path:  # what was built, written last
        return self.root / "ready.json"


def build(layout: Layout) -> dict:
    """Build everything (or keep what an earlier run built today); returns what was built."""
    from tcpquiz.app import builtin_deck_files, builtin_fingerprint, today
    from tcpquiz.store.migrate import HEAD

    day = today()
    # Built-in decks changed since the data was made would be reloaded by every timed run,
    # and a schema changed since would be upgraded by the first (a copy of the database kept).
    decks = builtin_fingerprint(builtin_deck_files())
    if layout.ready.exists():
        info = json.loads(layout.ready.read_text())
        if (info.get("version"), info.get("day"), info.get("builtin_decks"), info.get("schema")) == (
                DATA_VERSION, day.isoformat(), decks, HEAD):
            return info
    shutil.rmtree(layout.root, ignore_errors=True)
    layout.root.mkdir(parents=True)
    info: dict = {"version": DATA_VERSION, "day": day.isoformat(), "builtin_decks": decks, "schema": HEAD}

    started = time.perf_counter()
    info["notes_bytes"] = write_notes(layout.notes)
    info["notes_seconds"] = time.perf_counter() - started

    # Data directories that have been used before: the first run's deck loading is not measured.
    for db in (layout.home / "tcpquiz.db", layout.import_template):
        _new_database(db)

    started = time.perf_counter()
    info["large"] = large_database(layout.large_db, today=day)
    info["large_seconds"] = time.perf_counter() - started
    info["large_mb"] = layout.large_db.stat().st_size / 1e6

    started = time.perf_counter()
    cards = export_database(layout.export_db, layout.notes)
    layout.export_cards.write_text(json.dumps(cards, ensure_ascii=False), encoding="utf-8")
    info["export_cards"] = len(cards)
    info["export_seconds"] = time.perf_counter() - started

    started = time.perf_counter()
    shutil.copyfile(layout.large_db, layout.export_large_db)
    large_cards = exported_cards(layout.export_large_db, include_retired=True)
    layout.export_large_cards.write_text(json.dumps(large_cards, ensure_ascii=False), encoding="utf-8")
    info["export_large_cards"] = len(large_cards)
    info["export_large_seconds"] = time.perf_counter() - started

    from tcpquiz.app import open_store as open_library
    from tcpquiz.app import write_backup

    with open_library(layout.large_db) as store:
        write_backup(store, layout.large_backup, force=True)

    layout.ready.write_text(json.dumps(info, indent=1))
    return info


def scaled_database(path: Path, cards: int, reviews: int) -> None:
    """A smaller (or equal) library of the large database's shape, for the scaling table:
    as many cards per deck (500), reviews spread over the same two years."""
    from tcpquiz.app import today

    if not path.exists():
        large_database(path, cards=cards, reviews=reviews, decks=max(1, cards // 500), today=today())


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's tcpquiz
    if sys.argv[1] == "--scaled":  # generate.py --scaled PATH CARDS REVIEWS
        scaled_database(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    else:
        build(Layout(Path(sys.argv[1])))
