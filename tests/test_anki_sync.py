"""`tcpquiz sync anki`, against the real thing: the anki package's own sync server on
127.0.0.1, the learner's desktop collection, and a second collection standing for the
phone, whose answers are given through Anki's own scheduler."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("anki")

from anki.collection import Collection
from anki.sync_pb2 import SyncCollectionResponse

from conftest import unmeasured
from exporttools import collection

USER, PASSWORD = "learner", "s3cret pass"
GOOD, AGAIN = 3, 1  # Anki's buttons

NOTE = """\
---
id: handshake
---
# 三次握手

Q: 第一次握手发送哪个标志？
A: SYN。

Q: 第二次握手发送哪些标志？
A: SYN 和 ACK。

Q: 第三次握手发送哪个标志？
A: ACK。
"""


@dataclass(frozen=True)
class SyncServer:
    url: str
    process: subprocess.Popen


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SyncServer]:
    """`python -m anki.syncserver` with one user, on 127.0.0.1 only."""
    port = free_port()
    env = dict(unmeasured(), SYNC_USER1=f"{USER}:{PASSWORD}", SYNC_BASE=str(tmp_path / "server"),
               SYNC_HOST="127.0.0.1", SYNC_PORT=str(port))
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "anki.syncserver"], env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:  # ready when it accepts a connection
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the sync server did not start: {(tmp_path / 'server.log').read_text()}") from None
                time.sleep(0.05)
        yield SyncServer(f"http://127.0.0.1:{port}/", process)
    finally:
        # Killed, not asked: the tests read nothing from it afterwards, and a kill ends it at once.
        process.kill()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def notes(cli, tmp_path: Path) -> Path:
    path = tmp_path / "notes" / "握手.md"
    path.parent.mkdir(parents=True)
    path.write_text(NOTE, encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    return path


def sync(cli, desk: Path, server: SyncServer | None, *args: str, password: str = PASSWORD):
    env = {"TCPQUIZ_ANKI_USER": USER, "TCPQUIZ_ANKI_PASSWORD": password}
    extra = ("--server", server.url) if server else ()
    return cli("sync", "anki", "--collection", str(desk), "--deck", "三次握手", *extra, *args, env=env)


def phone_sync(phone: Collection, server: SyncServer) -> int:
    """The phone syncs as AnkiDroid does: a normal sync, or a full download the first time."""
    auth = phone.sync_login(USER, PASSWORD, server.url)
    out = phone.sync_collection(auth, False)
    if out.required == SyncCollectionResponse.FULL_DOWNLOAD:
        phone.close_for_full_sync()
        phone.full_upload_or_download(auth=auth, server_usn=out.server_media_usn, upload=False)
        phone.reopen(after_full_sync=True)
    return out.required


def answer_on_phone(phone: Collection, front: str, button: int) -> int:
    """Answer one card through Anki's scheduler, as a tap on the phone does; returns its id."""
    deck_id = phone.decks.id_for_name("TCP::三次握手")
    phone.decks.select(deck_id)
    (card_id,) = list(phone.find_cards(f'"deck:TCP::三次握手" "Front:*{front}*"'))
    card = phone.get_card(card_id)
    card.start_timer()
    phone.sched.answerCard(card, button)
    return card_id


def tcpquiz_log(db: Path) -> list[tuple[str, int, int]]:
    """(GUID, moment in ms, SM-2 grade) of every answer that moved a schedule, in time order."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT cards.anki_guid, reviews.reviewed_at, reviews.quality FROM reviews "
            "JOIN cards ON cards.id = reviews.card_id WHERE reviews.scheduled ORDER BY reviews.reviewed_at").fetchall()
    return [(guid, int(datetime.fromisoformat(at + "+00:00").timestamp() * 1000), q) for guid, at, q in rows]


def anki_log(col: Collection) -> list[tuple[str, int, int]]:
    """(GUID, revlog id, button) of every answer in a collection, in time order."""
    return [tuple(row) for row in col.db.all(
        "SELECT notes.guid, revlog.id, revlog.ease FROM revlog JOIN cards ON cards.id = revlog.cid "
        "JOIN notes ON notes.id = cards.nid ORDER BY revlog.id")]


def schedule_of(cli, front: str) -> dict:
    import json

    result = cli("cards", "--json", "--deck", "三次握手")
    return next(card for card in json.loads(result.stdout) if front in card["front"])


# -- the round trip ---------------------------------------------------------------------------


def test_push_review_on_the_phone_pull_gives_one_history_on_both_sides(
        cli, notes: Path, server: SyncServer, tmp_path: Path, db_path: Path) -> None:
    desk, phone_path = tmp_path / "desk" / "collection.anki2", tmp_path / "phone" / "collection.anki2"
    desk.parent.mkdir()
    assert cli("review", "--deck", "三次握手", "--new", "1", input="5\nq\n").exit_code == 0  # 第一次: q 5

    first = sync(cli, desk, server, "--full", "upload")
    assert first.exit_code == 0, first.output
    assert "3 notes added" in first.stdout and "1 answer and 1 schedule pushed" in first.stdout

    with collection(phone_path) as phone:
        assert phone_sync(phone, server) == SyncCollectionResponse.FULL_DOWNLOAD
        assert phone.note_count() == 3
        studied = phone.get_card(phone.find_cards('"Front:*第一次*"')[0])
        assert (studied.type, studied.ivl, studied.due - phone.sched.today, studied.reps) == (2, 1, 1, 1)
        answered = answer_on_phone(phone, "第二次", GOOD)  # a new card, "Good" on the phone
        assert phone_sync(phone, server) == SyncCollectionResponse.NO_CHANGES

    second = sync(cli, desk, server)
    assert second.exit_code == 0, second.output
    assert "1 answer pulled from Anki" in second.stdout
    # SM-2 by hand for Good (q 4) on a new card: repetition 1, interval 1 day, EF 2.5 + 0.1 - 0.1 = 2.5.
    card = schedule_of(cli, "第二次")
    assert (card["repetitions"], card["interval"], card["easiness"]) == (1, 1, 2.5)

    with collection(phone_path) as phone:
        phone_sync(phone, server)
        card_on_phone = phone.get_card(answered)
        # Both sides agree: the phone's learning card is now tcpquiz's review card, due tomorrow.
        assert (card_on_phone.type, card_on_phone.queue, card_on_phone.ivl) == (2, 2, 1)
        assert card_on_phone.due - phone.sched.today == 1 and card_on_phone.factor == 2500
        phone_history = anki_log(phone)
        assert phone.note_count() == 3 and phone.card_count() == 3

    ours = tcpquiz_log(db_path)
    assert [(guid, ms) for guid, ms, _q in ours] == [(guid, ms) for guid, ms, _button in phone_history]
    assert [q for _g, _ms, q in ours] == [5, 4] and [b for _g, _ms, b in phone_history] == [4, 3]

    again = sync(cli, desk, server)  # nothing new on either side: nothing changes
    assert again.exit_code == 0 and "Already in step" in again.stdout, again.output
    assert tcpquiz_log(db_path) == ours
    with collection(phone_path) as phone:
        assert phone_sync(phone, server) == SyncCollectionResponse.NO_CHANGES
        assert anki_log(phone) == phone_history


def test_the_same_card_answered_on_both_sides_keeps_both_answers_in_time_order(
        cli, notes: Path, server: SyncServer, tmp_path: Path, db_path: Path) -> None:
    desk, phone_path = tmp_path / "desk.anki2", tmp_path / "phone.anki2"
    assert sync(cli, desk, server, "--full", "upload").exit_code == 0
    with collection(phone_path) as phone:
        phone_sync(phone, server)
    # Between two syncs: tcpquiz answers the card (yesterday, q 5), the phone answers it now (Good).
    yesterday = (datetime.now() - timedelta(days=1)).isoformat(timespec="seconds")
    result = cli("review", "--deck", "三次握手", "--new", "1", input="5\nq\n", env={"TCPQUIZ_NOW": yesterday})
    assert result.exit_code == 0, result.output
    with collection(phone_path) as phone:
        answer_on_phone(phone, "第一次", GOOD)
        phone_sync(phone, server)

    assert sync(cli, desk, server).exit_code == 0
    # Replayed in time order: q 5 -> repetition 1, 1 day, EF 2.6; q 4 -> repetition 2, 6 days, EF 2.6.
    card = schedule_of(cli, "第一次")
    assert (card["repetitions"], card["interval"], card["easiness"]) == (2, 6, 2.6)
    assert [q for _guid, _ms, q in tcpquiz_log(db_path)] == [5, 4]
    with collection(phone_path) as phone:
        phone_sync(phone, server)
        (row,) = phone.db.all("SELECT ivl, factor, reps FROM cards WHERE ivl > 0")
        assert tuple(row) == (6, 2600, 2) and len(anki_log(phone)) == 2


def test_an_edit_a_retire_and_a_move_reach_the_phone_without_duplicates(
        cli, notes: Path, server: SyncServer, tmp_path: Path) -> None:
    desk, phone_path = tmp_path / "desk.anki2", tmp_path / "phone.anki2"
    assert sync(cli, desk, server, "--full", "upload").exit_code == 0
    with collection(phone_path) as phone:
        phone_sync(phone, server)
        note_ids = set(phone.find_notes(""))

    edited = NOTE.replace("A: SYN 和 ACK。", "A: SYN 和 ACK，ack = x + 1。").replace(
        "Q: 第三次握手发送哪个标志？\nA: ACK。\n", "")
    moved = tmp_path / "notes" / "TCP" / "握手.md"
    moved.parent.mkdir()
    moved.write_text(edited, encoding="utf-8")
    notes.unlink()
    assert cli("import", str(tmp_path / "notes")).exit_code == 0  # now the deck notes::TCP::三次握手
    result = cli("sync", "anki", "--collection", str(desk), "--server", server.url, "--deck", "notes",
                 env={"TCPQUIZ_ANKI_USER": USER, "TCPQUIZ_ANKI_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    # The edited note is updated (a note with `id:` shows its file name as its Source, so the
    # move changes no text); the retired one gains the tag; all three cards go to the new deck.
    assert "1 updated, 1 retagged, 3 moved, 1 suspended" in result.stdout

    with collection(phone_path) as phone:
        phone_sync(phone, server)
        assert set(phone.find_notes("")) == note_ids  # the same notes, none added
        decks = {phone.decks.name(phone.get_card(cid).did) for cid in phone.find_cards("")}
        assert decks == {"TCP::notes::TCP::三次握手"}
        (retired,) = phone.find_cards("tag:tcpquiz::retired")
        assert "第三次" in phone.get_card(retired).note()["Front"] and phone.get_card(retired).queue == -1
        (edited_card,) = phone.find_cards('"Front:*第二次*"')
        assert "ack = x + 1" in phone.get_card(edited_card).note()["Back"]


def test_an_edit_made_in_anki_is_kept_until_the_card_changes_in_tcpquiz(cli, notes: Path, tmp_path: Path) -> None:
    desk = tmp_path / "desk.anki2"
    assert sync(cli, desk, None).exit_code == 0
    with collection(desk) as col:
        note = col.get_note(col.find_notes('"Front:*第一次*"')[0])
        note["Back"] = "SYN (my own words)"
        time.sleep(1.1)  # Anki dates edits in whole seconds: an edit in the push's own second is the push's
        col.update_note(note)
    result = sync(cli, desk, None)
    assert result.exit_code == 0 and "1 note edited in Anki kept the edit" in result.stderr, result.output
    with collection(desk) as col:
        assert col.get_note(note.id)["Back"] == "SYN (my own words)"

    notes.write_text(NOTE.replace("A: SYN。", "A: SYN，seq = x。"), encoding="utf-8")
    assert cli("import", str(notes)).exit_code == 0
    result = sync(cli, desk, None)
    assert result.exit_code == 0 and "1 note edited in Anki took tcpquiz's text" in result.stderr, result.output
    with collection(desk) as col:
        assert "seq = x" in col.get_note(note.id)["Back"]


# -- errors a user can cause: one sentence, nothing changed ---------------------------------------


def one_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    return result.stderr


def test_a_wrong_password_changes_nothing(cli, notes: Path, server: SyncServer, tmp_path: Path) -> None:
    desk = tmp_path / "desk.anki2"
    message = one_error(sync(cli, desk, server, "--full", "upload", password="wrong"))
    assert "refused the user name or password" in message
    assert list(tmp_path.glob("desk*")) == []  # not even the new collection is left behind


def test_a_server_that_is_down_changes_nothing(cli, notes: Path, tmp_path: Path) -> None:
    desk = tmp_path / "desk.anki2"
    result = cli("sync", "anki", "--collection", str(desk), "--server", f"http://127.0.0.1:{free_port()}/",
                 env={"TCPQUIZ_ANKI_USER": USER, "TCPQUIZ_ANKI_PASSWORD": PASSWORD})
    assert "Cannot reach the sync server" in one_error(result)
    assert list(tmp_path.glob("desk*")) == []


def test_a_first_full_sync_is_not_done_without_consent(cli, notes: Path, server: SyncServer, tmp_path: Path) -> None:
    desk = tmp_path / "desk.anki2"
    with collection(desk) as col:  # a collection with a note of its own, never synced
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"], note["Back"] = "mine", "mine"
        col.add_note(note, col.decks.id("Default"))
    message = one_error(sync(cli, desk, server))
    assert "--full upload" in message and "nothing was changed" in message
    with collection(desk) as col:
        assert col.note_count() == 1


def test_a_new_collection_gets_the_cards_but_the_server_waits_for_consent(
        cli, notes: Path, server: SyncServer, tmp_path: Path) -> None:
    desk = tmp_path / "desk.anki2"
    message = one_error(sync(cli, desk, server))
    # The push into the new collection happened; only the server, which needs a full upload, was left alone.
    assert "--full upload" in message and "the sync server was not changed" in message
    with collection(desk) as col:
        assert col.note_count() > 0
    assert sync(cli, desk, server, "--full", "upload").exit_code == 0
    again = sync(cli, desk, server)
    assert again.exit_code == 0 and "nothing to change; the sync server: synced." in again.stdout


def test_a_collection_open_in_anki_is_refused(cli, notes: Path, tmp_path: Path) -> None:
    desk = tmp_path / "desk.anki2"
    with collection(desk):
        pass
    holder = subprocess.Popen(  # Anki desktop, holding the profile open
        [sys.executable, "-c", "import sys; from anki.collection import Collection; "
         f"col = Collection({str(desk)!r}); print('open', flush=True); sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=unmeasured())
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        assert "is open in Anki" in one_error(sync(cli, desk, None))
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    with collection(desk) as col:
        assert col.note_count() == 0


def test_a_collection_from_a_newer_anki_is_refused(cli, notes: Path, tmp_path: Path) -> None:
    desk = tmp_path / "desk.anki2"
    with collection(desk):
        pass
    with sqlite3.connect(desk) as conn:
        conn.execute("UPDATE col SET ver = 99")
    assert "newer Anki" in one_error(sync(cli, desk, None))


def test_without_a_password_in_the_environment_or_a_terminal(cli, notes: Path, tmp_path: Path) -> None:
    result = cli("sync", "anki", "--collection", str(tmp_path / "c.anki2"), "--server", "http://127.0.0.1:9/")
    assert "TCPQUIZ_ANKI_PASSWORD" in one_error(result)


def test_an_answer_to_one_deletion_of_a_cloze_note_comes_back_to_its_own_card(cli, tmp_path: Path) -> None:
    import json

    path = tmp_path / "连接.md"
    path.write_text("---\nid: clozes\n---\n# 连接\n\nTCP 用{{c1::三次握手}}建立连接，用{{c2::四次挥手}}释放连接。\n",
                    encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    desk = tmp_path / "desk.anki2"
    first = cli("sync", "anki", "--collection", str(desk), "--deck", "连接")
    assert first.exit_code == 0 and "1 note added" in first.stdout, first.output
    with collection(desk) as col:
        (second,) = [cid for cid in col.find_cards("") if col.get_card(cid).ord == 1]  # c2: 四次挥手
        col.decks.select(col.get_card(second).did)
        card = col.get_card(second)
        card.start_timer()
        col.sched.answerCard(card, GOOD)
    result = cli("sync", "anki", "--collection", str(desk), "--deck", "连接")
    assert result.exit_code == 0 and "1 answer pulled" in result.stdout, result.output
    # The c2 card hides 四次挥手 on its front.
    cards = {("四次挥手" not in c["front"]): c for c in json.loads(cli("cards", "--json", "--deck", "连接").stdout)}
    assert cards[True]["repetitions"] == 1 and cards[False]["repetitions"] == 0
    with collection(desk) as col:
        by_ord = {col.get_card(cid).ord: col.get_card(cid) for cid in col.find_cards("")}
        assert (by_ord[1].type, by_ord[1].ivl) == (2, 1) and by_ord[0].type == 0


def test_notes_written_by_an_older_rendering_are_compared_again(cli, notes: Path, tmp_path: Path,
                                                                db_path: Path) -> None:
    import json

    desk = tmp_path / "desk.anki2"
    assert sync(cli, desk, None).exit_code == 0
    with collection(desk) as col:  # as an older tcpquiz wrote it: other HTML, same date
        col.db.execute("UPDATE notes SET flds = replace(flds, '<p>SYN。</p>', 'SYN。') WHERE flds LIKE '%第一次%'")
    with sqlite3.connect(db_path) as conn:
        (value,) = conn.execute("SELECT value FROM settings WHERE key = 'anki-sync'").fetchone()
        pushed = {path: dict(entry, fields=1) for path, entry in json.loads(value).items()}
        conn.execute("UPDATE settings SET value = ? WHERE key = 'anki-sync'", (json.dumps(pushed),))
    result = sync(cli, desk, None)
    assert result.exit_code == 0 and "1 updated" in result.stdout, result.output
    with collection(desk) as col:
        assert "<p>SYN。</p>" in col.get_note(col.find_notes('"Front:*第一次*"')[0])["Back"]
    assert "Already in step" in sync(cli, desk, None).stdout


# -- on a terminal ------------------------------------------------------------------------------


def test_on_a_terminal_a_first_full_sync_asks_first_and_the_password_is_asked_for(
        cli, notes: Path, server: SyncServer, tmp_path: Path, tcpquiz_home: Path) -> None:
    """In a real pseudo-terminal: no password in the environment, so it is asked for (and not
    echoed); the collection holds a note of its own and the server nothing, so the first sync
    asks before it replaces what the server holds."""
    pexpect = pytest.importorskip("pexpect")
    from conftest import child_env, tcpquiz_command

    desk = tmp_path / "desk.anki2"
    with collection(desk) as col:
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"], note["Back"] = "mine", "mine"
        col.add_note(note, col.decks.id("Default"))
    command = tcpquiz_command()
    env = child_env(tcpquiz_home, TCPQUIZ_ANKI_USER=USER)
    env.pop("TCPQUIZ_ANKI_PASSWORD", None)

    def start():
        return pexpect.spawn(command[0], [*command[1:], "sync", "anki", "--collection", str(desk), "--deck", "三次握手",
                                          "--server", server.url], env=env, encoding="utf-8", timeout=60)

    child = start()
    child.expect("Password")
    child.sendline(PASSWORD)
    # The server holds nothing yet, so the choice is an upload that replaces what it holds.
    child.expect(r"replace what the sync server holds with this collection; go ahead\? \[y/N\]")
    assert PASSWORD not in child.before  # typed, not echoed
    child.sendline("n")  # said no: nothing changes
    child.expect("nothing was changed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    with collection(desk) as col:
        assert col.note_count() == 1

    child = start()
    child.expect("Password")
    child.sendline(PASSWORD)
    child.expect(r"go ahead\? \[y/N\]")
    child.sendline("y")
    child.expect("Synced with")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with collection(desk) as col:
        assert col.note_count() == 4  # its own note and the three cards


def test_without_the_anki_extra_the_sync_says_how_to_install_it(
        cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "anki", None)  # `import anki` fails, as without the extra
    message = one_error(cli("sync", "anki", "--collection", str(tmp_path / "c.anki2")))
    assert 'pip install "tcpquiz[anki]"' in message
    assert not (tmp_path / "c.anki2").exists()
