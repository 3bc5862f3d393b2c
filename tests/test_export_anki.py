"""`tcpquiz export anki`, checked by importing the package into real Anki."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from conftest import REPO, child_env, tcpquiz_command, write_deck
from exporttools import IF_NEWER, KINDS, anki_cards, collection, import_apkg, make_library, visible_text


@pytest.fixture
def library(cli, tmp_path: Path, db_path: Path) -> dict:
    return make_library(cli, tmp_path, db_path)


def tcpquiz_cards(cli, decks: list[str]) -> list[dict]:
    args = [arg for name in decks for arg in ("--deck", name)]
    result = cli("cards", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def export(cli, out: Path, *args: str, env: dict[str, str] | None = None):
    return cli("export", "anki", "-o", str(out), *args, env=env)


def deck_args(library: dict) -> list[str]:
    return [arg for name in library["decks"] for arg in ("--deck", name)]


# -- what Anki sees -------------------------------------------------------------------------


def test_every_card_arrives_once_with_its_deck_tags_and_both_sides(cli, library, tmp_path: Path) -> None:
    apkg = tmp_path / "tcp.apkg"
    result = export(cli, apkg, *deck_args(library))
    assert result.exit_code == 0, result.output
    ours = tcpquiz_cards(cli, library["decks"])
    assert f"Wrote {apkg}: 3 decks, {len(ours)} notes, {len(ours)} cards, 1 image." in result.stdout
    assert "missing.png was not found, so it was left out" in result.stderr

    with collection(tmp_path / "anki" / "collection.anki2") as col:
        import_apkg(col, apkg)
        cards = anki_cards(col)
        assert col.note_count() == col.card_count() == len(ours) == len(cards)  # one note, one card each
        for card in cards:
            assert visible_text(card.question), card
            assert visible_text(card.answer), card
            assert card.type == 0  # new: no progress was asked for
        assert {c.deck for c in cards} == {"TCP::notes::握手::三次握手", "TCP::notes::Four-way close", "TCP::Kinds"}
        assert {"TCP", "TCP::notes", "TCP::notes::握手"} <= set(col.decks.all_names())

        by_deck = {}
        for card in cards:
            by_deck.setdefault(card.deck, []).append(card)
        for card in by_deck["TCP::notes::握手::三次握手"]:
            assert card.tags == {"tcp", "hand_shake", "tcpquiz::basic"}  # Anki tags hold no spaces
        kinds = {tag.split("::")[1] for card in by_deck["TCP::Kinds"] for tag in card.tags if "::" in tag}
        assert kinds == {"cloze", "sequence", "step", "definition", "explain", "choice", "numeric"}

        first = next(c for c in cards if "第一次握手" in c.question)
        front, back = first.fields["Front"], first.fields["Back"]
        assert "&lt;b&gt;不是粗体&lt;/b&gt;" in front and "<b>" not in front  # raw HTML escaped
        assert "客户端发送 SYN=1，seq=x，进入 SYN-SENT。" in back  # Chinese intact
        assert '<pre><code class="language-c">connect(fd, addr, len);' in back
        assert "<table>" in back and "<td>SYN</td>" in back
        (image,) = re.findall(r'<img src="([^"]+)"', back)
        assert image.startswith("handshake-") and image.endswith(".png")
        assert "missing.png" not in back
        media = Path(col.media.dir()) / image
        assert media.read_bytes() == (library["notes"] / "握手" / "handshake.png").read_bytes()
        assert first.fields["Source"].endswith("三次握手.md:7")


def test_cloze_sequence_and_choice_note_types(cli, library, tmp_path: Path) -> None:
    apkg = tmp_path / "tcp.apkg"
    assert export(cli, apkg, "--deck", KINDS).exit_code == 0
    with collection(tmp_path / "anki" / "collection.anki2") as col:
        import_apkg(col, apkg)
        cards = {c.fields.get("Source", ""): c for c in anki_cards(col)}
        assert len(cards) == 9 and col.card_count() == 9

        cloze = cards["kinds.md:1"]
        assert cloze.notetype == "tcpquiz cloze"
        assert cloze.fields["Text"] == ("<p>The client sends {{c1::SYN}} and the server answers "
                                        "{{c1::SYN+ACK}}.</p>")
        assert "SYN+ACK" not in visible_text(cloze.question) and "[...]" in cloze.question
        assert "SYN+ACK" in visible_text(cloze.answer)
        assert cloze.fields["Extra"] == ""  # the back only repeated the sentence
        two = cards["kinds.md:2"]  # c2 and c1 in one tcpquiz card: still one Anki card
        assert two.fields["Text"].count("{{c1::") == 2 and "{{c2::" not in two.fields["Text"]
        assert "[how many?]" in two.question and "FIN" not in visible_text(two.question).replace("A [...]", "")

        sequence = cards["kinds.md:3"]
        assert sequence.notetype == "tcpquiz sequence"
        assert "<ol>" in sequence.fields["Steps"] and "TIME-WAIT" in visible_text(sequence.answer)
        assert {cards[f"kinds.md:{n}"].notetype for n in (4, 5, 6)} == {"tcpquiz basic"}

        choice = cards["kinds.md:7"]
        assert choice.notetype == "tcpquiz multiple choice"
        question = visible_text(choice.question)
        for n, state in enumerate(["CLOSING", "TIME-WAIT", "CLOSED"], start=1):
            assert re.search(rf"{n}\.\s+{state}", question)
        answer = visible_text(choice.answer)
        assert re.search(r"1\.\s+CLOSING", answer.split("simultaneous")[0].split("CLOSED")[-1])
        assert "RFC 9293 3.6" in answer

        drawn = cards["kinds.md:9"]  # no deletion markup to hand to Anki: a basic note, still one card
        assert drawn.notetype == "tcpquiz basic" and "[...]" in drawn.question
        assert "<strong>one sequence number</strong>" in drawn.answer
        numeric = cards["kinds.md:8"]
        assert numeric.notetype == "tcpquiz multiple choice"
        assert len(re.findall(r'<div class="choice">', numeric.fields["Choices"])) == 4

        for notetype in col.models.all():  # works in AnkiDroid and AnkiMobile: no JavaScript
            if notetype["name"].startswith("tcpquiz"):
                for template in notetype["tmpls"]:
                    assert "<script" not in template["qfmt"] + template["afmt"]
        assert all("<script" not in c.question + c.answer for c in cards.values())


PNG_MAGIC = b"\x89PNG\r\n\x1a\n"  # the signature an image must start with to be packed

ENGINE_DECK = "TCP state machine"


def test_the_engine_deck_arrives_whole_as_multiple_choice(cli, db_path: Path, tmp_path: Path) -> None:
    """The engine's generated deck: every question with its numbered choices on
    the front and, on the back, the right one named and the explanation."""
    import random

    from tcpquiz.engine.questions import materialize
    from tcpquiz.export.html import HtmlRenderer
    from tcpquiz.store.api import Store

    apkg = tmp_path / "engine.apkg"
    assert export(cli, apkg, "--deck", ENGINE_DECK).exit_code == 0
    with Store.open(db_path) as store:
        ours = {card.source: card for card in store.cards() if card.deck == ENGINE_DECK}
    assert len(ours) >= 300 and {card.kind for card in ours.values()} == {"choice", "numeric"}
    renderer = HtmlRenderer()
    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, apkg)
        cards = anki_cards(col)
        assert col.note_count() == col.card_count() == len(ours)
        for card in cards:
            assert card.notetype == "tcpquiz multiple choice" and card.deck == f"TCP::{ENGINE_DECK}"
            source = ours[card.fields["Source"]]
            question = materialize(source.extra, random.Random(source.key))  # the one fixed instance
            assert card.fields["Question"] == renderer.render(question.prompt)
            assert card.fields["Choices"].count('<div class="choice">') == len(question.choices) == 4
            assert card.fields["Answer"] == renderer.render(f"**{question.answer + 1}.** {question.right}")
            assert card.fields["Explanation"] == renderer.render(question.explanation)
            assert visible_text(card.question) and visible_text(card.answer)
            assert "<script" not in card.question + card.answer


def test_seq_ack_cards_are_one_fixed_instance(cli, tmp_path: Path) -> None:
    """Review draws fresh numbers each time; an export shows the same ones every time."""
    questions = []
    for name in ("a", "b"):
        assert export(cli, tmp_path / f"{name}.apkg", "--deck", ENGINE_DECK).exit_code == 0
        with collection(tmp_path / f"{name}.anki2") as col:
            import_apkg(col, tmp_path / f"{name}.apkg")
            questions.append({c.guid: (c.fields["Question"], c.fields["Choices"], c.fields["Answer"])
                              for c in anki_cards(col) if "tcpquiz::numeric" in c.tags})
    assert len(questions[0]) >= 10 and questions[0] == questions[1]


def test_note_types_keep_fixed_ids(cli, library, tmp_path: Path) -> None:
    from tcpquiz.export.anki import NOTE_TYPES

    apkg = tmp_path / "tcp.apkg"
    assert export(cli, apkg, "--deck", KINDS).exit_code == 0
    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, apkg)
        for note_type in NOTE_TYPES:
            model = col.models.get(note_type.model_id)
            assert model is not None and model["name"] == note_type.name
            assert [(f["name"], f["id"]) for f in model["flds"]] == list(note_type.fields)
            assert [t["id"] for t in model["tmpls"]] == [note_type.template_id]


def test_field_html(tmp_path: Path) -> None:
    from tcpquiz.export.html import HtmlRenderer

    (tmp_path / "图 1.png").write_bytes(PNG_MAGIC + b"one")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "图 1.png").write_bytes(PNG_MAGIC + b"two")  # same name, other picture
    renderer = HtmlRenderer()
    html = renderer.render(
        "客户端\n发送 **同步**\n报文 SYN\n。 Then the\nserver <script>x</script>\n\n"
        "![a](<图 1.png>) ![b](<sub/图 1.png>) ![a again](<图 1.png>) ![web](https://example.com/x.png) "
        "![win](C:\\Users\\me\\pic.png)",
        base=tmp_path, where="notes.md:3",
    )
    # Soft breaks inside Chinese go (a browser would show a space); between words they stay.
    assert html.startswith("<p>客户端发送 <strong>同步</strong>报文 SYN\n。 Then the\nserver &lt;script&gt;")
    sources = re.findall(r'<img src="([^"]+)"', html)
    assert len(sources) == 4 and sources[0] == sources[2] != sources[1] and sources[3] == "https://example.com/x.png"
    assert sorted(renderer.media.values()) == [tmp_path / "sub" / "图 1.png", tmp_path / "图 1.png"]
    assert renderer.warnings == ["notes.md:3: the image C:\\Users\\me\\pic.png was not found, so it was left out."]


# -- exporting again ------------------------------------------------------------------------


def test_reexport_after_editing_an_answer_updates_the_note_and_keeps_anki_history(
    cli, library, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.apkg", tmp_path / "second.apkg"
    assert export(cli, first, "--deck", "notes::Four-way close").exit_code == 0
    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, first)
        studied = col.get_card(col.find_cards("")[0])
        studied.start_timer()
        col.sched.answerCard(studied, 3)  # "Good", in Anki
        before = col.get_card(studied.id)
        assert before.reps == 1

    write_deck(library["notes"] / "close.md", "Four-way close",
               [("Who sends the first FIN?", "The active closer: whichever side calls close() first.")])
    # The edit comes later than the first export: Anki takes a note only when its time is newer
    # (to the second), and a note's time is its card's last change.
    later = (datetime.now() + timedelta(minutes=5)).isoformat(timespec="seconds")
    assert cli("import", str(library["notes"]), env={"TCPQUIZ_NOW": later}).exit_code == 0
    assert export(cli, second, "--deck", "notes::Four-way close", env={"TCPQUIZ_NOW": later}).exit_code == 0

    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, second, update_notes=IF_NEWER)  # Anki's default; a newer export wins
        (card,) = anki_cards(col)
        assert col.note_count() == col.card_count() == 1  # updated in place, no duplicate
        assert "whichever side calls close() first" in card.fields["Back"]
        assert card.id == before.id and (card.type, card.ivl, card.reps) == (before.type, before.ivl, before.reps)
        assert col.db.scalar("SELECT count() FROM revlog WHERE cid = ?", card.id) == 1


def test_reexport_of_unchanged_cards_adds_nothing(cli, library, tmp_path: Path) -> None:
    apkg = tmp_path / "tcp.apkg"
    assert export(cli, apkg, *deck_args(library)).exit_code == 0
    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, apkg)
        guids = {c.guid for c in anki_cards(col)}
        assert export(cli, apkg, *deck_args(library), "--force").exit_code == 0
        import_apkg(col, apkg)
        assert {c.guid for c in anki_cards(col)} == guids and col.note_count() == len(guids)


# -- --with-progress ------------------------------------------------------------------------


def test_with_progress_carries_interval_due_date_ease_and_reviews(cli, library, tmp_path: Path) -> None:
    from tcpquiz.scheduler.clock import study_day

    today = study_day(datetime.now().astimezone())
    start = today - timedelta(days=12)

    def review_on(day, answers: str) -> None:
        env = {"TCPQUIZ_NOW": f"{day.isoformat()}T12:00"}
        result = cli("review", "--deck", "notes", input=answers, env=env)
        assert result.exit_code == 0, result.output

    # Three cards: the 3 comes back in the session (an extra round that moves no schedule);
    # two cards are answered again the next day and are overdue by now, the third a week on.
    review_on(start, "5\n3\n4\n4\n")
    review_on(start + timedelta(days=1), "5\n4\n")
    review_on(start + timedelta(days=7), "5\n")
    ours = {c["source"].rsplit("/", 1)[-1]: c for c in tcpquiz_cards(cli, ["notes"])}
    assert all(c["state"] != "new" for c in ours.values()) and len(ours) == 3

    apkg = tmp_path / "progress.apkg"
    result = export(cli, apkg, "--deck", "notes", "--deck", KINDS, "--with-progress")
    assert result.exit_code == 0, result.output
    assert "The schedules of 3 studied cards are included" in result.stdout

    with collection(tmp_path / "c.anki2") as col:
        col.db.execute("UPDATE col SET crt = crt - 400 * 86400")  # an Anki collection with a past
        col.close()
        col.reopen()
        import_apkg(col, apkg, with_scheduling=True)
        anki_today = col.sched.today
        assert anki_today >= 399
        offsets, reps, factors = set(), [], set()
        for card in anki_cards(col):
            if card.fields["Source"].startswith("kinds.md"):  # never studied: new in Anki too
                assert (card.type, card.queue, card.ivl, card.reps) == (0, 0, 0, 0)
                continue
            ours_card = ours[card.fields["Source"].rsplit("/", 1)[-1]]
            due = datetime.fromisoformat(ours_card["due"]).date()
            assert (card.type, card.queue) == (2, 2)  # review cards
            assert card.ivl == ours_card["interval"]
            assert card.factor == round(ours_card["easiness"] * 1000)
            assert card.due - anki_today == (due - today).days  # due on the same calendar day
            offsets.add(card.due - anki_today)
            reps.append(card.reps)
            factors.add(card.factor)
        assert min(offsets) < 0 < max(offsets) and len(factors) == 3  # overdue and future; three eases
        assert reps == [2, 2, 2]  # scheduled answers only: the extra round of the 3 does not count


def test_without_learning_progress_anki_starts_cards_afresh(cli, library, tmp_path: Path) -> None:
    cli("review", "--deck", "notes::Four-way close", input="5\n")
    apkg = tmp_path / "progress.apkg"
    assert export(cli, apkg, "--deck", "notes::Four-way close", "--with-progress").exit_code == 0
    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, apkg, with_scheduling=False)
        assert [(c.type, c.reps) for c in anki_cards(col)] == [(0, 0)]


def test_progress_never_overwrites_what_anki_already_has(cli, library, tmp_path: Path) -> None:
    """Anki leaves the scheduling of cards it already holds alone, whatever the package says."""
    apkg = tmp_path / "first.apkg"
    assert export(cli, apkg, "--deck", "notes::Four-way close").exit_code == 0
    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, apkg)
        studied = col.get_card(col.find_cards("")[0])
        studied.start_timer()
        col.sched.answerCard(studied, 1)  # "Again", in Anki: a learning card

        assert cli("review", "--deck", "notes::Four-way close", input="5\n").exit_code == 0
        assert export(cli, apkg, "--deck", "notes::Four-way close", "--with-progress", "--force").exit_code == 0
        import_apkg(col, apkg, with_scheduling=True)
        (card,) = anki_cards(col)
        assert (card.type, card.reps) == (1, 1)  # still Anki's learning card, not tcpquiz's review card


# -- progress bar and summary -----------------------------------------------------------------


def test_progress_advances_once_per_card(cli, library, db_path: Path, tmp_path: Path) -> None:
    from tcpquiz.app import export_selection
    from tcpquiz.export.anki import export_apkg
    from tcpquiz.store.api import Store

    ticks = []
    with Store.open(db_path) as store:
        cards = export_selection(store, library["decks"])
    summary = export_apkg(cards, tmp_path / "x.apkg", now=datetime.now().astimezone(),
                          advance=lambda: ticks.append(1))
    assert len(ticks) == len(cards) == summary.notes == summary.cards


def test_progress_bar_draws_on_a_terminal(library, tmp_path: Path, tcpquiz_home: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    apkg = tmp_path / "tty.apkg"
    child = pexpect.spawn(tcpquiz_command()[0], [*tcpquiz_command()[1:], "export", "anki", "-o", str(apkg),
                                                 "--deck", "notes"],
                          env=child_env(tcpquiz_home, COLUMNS="100", TERM="xterm"), encoding="utf-8", timeout=60)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Exporting" in child.before and f"Wrote {apkg}: 2 decks, 3 notes, 3 cards, 1 image." in child.before


# -- bad input -------------------------------------------------------------------------------


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_unknown_deck(cli, library, tmp_path: Path) -> None:
    line = one_error_line(export(cli, tmp_path / "x.apkg", "--deck", "UDP"))
    assert "There is no deck named 'UDP'" in line
    assert not (tmp_path / "x.apkg").exists()


def test_empty_selection(cli, library, tmp_path: Path) -> None:
    write_deck(library["notes"] / "close.md", "Four-way close", [])  # every card retired
    assert cli("import", str(library["notes"])).exit_code == 0
    line = one_error_line(export(cli, tmp_path / "x.apkg", "--deck", "notes::Four-way close"))
    assert "hold no active cards, so there is nothing to export" in line


def test_without_deck_it_exports_the_decks_you_study(cli, tmp_path: Path) -> None:
    """The user's decks and the built-in decks in the chosen language, not both languages."""
    decks = json.loads(cli("decks", "--json").stdout)
    studied = [d for d in decks if d["studied"] and d["cards"]]
    assert any(not d["studied"] for d in decks)  # the other language's built-in decks
    apkg = tmp_path / "x.apkg"
    result = export(cli, apkg)
    assert result.exit_code == 0, result.output
    total = sum(d["cards"] for d in studied)
    assert f"Wrote {apkg}: {len(studied)} decks, {total} notes, {total} cards" in result.stdout
    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, apkg)
        assert {c.deck for c in anki_cards(col)} == {f"TCP::{d['name']}" for d in studied}


def test_nothing_at_all_to_export(tmp_path: Path) -> None:
    from tcpquiz.app import export_selection
    from tcpquiz.errors import NothingToExportError
    from tcpquiz.store.api import Store

    with Store.open(tmp_path / "empty.db") as store, pytest.raises(NothingToExportError) as raised:
        export_selection(store)
    assert str(raised.value) == "There are no cards to export yet; import some notes with `tcpquiz import` first."


def test_output_directory_missing_or_not_a_directory(cli, library, tmp_path: Path) -> None:
    line = one_error_line(export(cli, tmp_path / "nowhere" / "x.apkg", "--deck", "notes"))
    assert f"The directory {tmp_path / 'nowhere'} does not exist" in line
    (tmp_path / "plain").write_text("a file")
    line = one_error_line(export(cli, tmp_path / "plain" / "x.apkg", "--deck", "notes"))
    assert "is not a directory" in line
    line = one_error_line(export(cli, tmp_path, "--deck", "notes"))
    assert "is a directory; give the name of a file" in line


def test_existing_output_needs_force(cli, library, tmp_path: Path) -> None:
    apkg = tmp_path / "x.apkg"
    apkg.write_bytes(b"precious")
    line = one_error_line(export(cli, apkg, "--deck", "notes"))
    assert "already exists; pass --force to overwrite it" in line
    assert apkg.read_bytes() == b"precious"
    assert export(cli, apkg, "--deck", "notes", "--force").exit_code == 0
    assert apkg.read_bytes().startswith(b"PK")


def test_a_failed_write_leaves_nothing_behind(cli, library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    apkg = tmp_path / "out" / "x.apkg"
    apkg.parent.mkdir()
    apkg.write_bytes(b"the previous export")
    monkeypatch.setattr(zipfile.ZipFile, "writestr", disk_full)
    line = one_error_line(export(cli, apkg, "--deck", "notes", "--force"))
    assert "No space left on device" in line
    assert os.listdir(apkg.parent) == ["x.apkg"] and apkg.read_bytes() == b"the previous export"


@pytest.mark.skipif(shutil.which("setpriv") is None or os.geteuid() != 0,
                    reason="needs root and setpriv to run tcpquiz as another user")
def test_unwritable_output_directory(library, tcpquiz_home: Path) -> None:
    """Run as an unprivileged user, for whom the directory really is read-only (root may write anywhere)."""
    shared = Path(tempfile_dir())
    home, locked = shared / "home", shared / "locked"
    shutil.copytree(tcpquiz_home, home)
    locked.mkdir()
    for path in (shared, home, *home.iterdir()):
        path.chmod(0o777)
    locked.chmod(0o555)
    command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *tcpquiz_command(),
               "export", "anki", "-o", str(locked / "x.apkg"), "--deck", "notes"]
    env = child_env(home)
    env["PYTHONPATH"] = str(REPO)
    env.pop("COVERAGE_PROCESS_CONFIG", None)  # an unprivileged child could not write coverage's data file
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    shutil.rmtree(shared, ignore_errors=True)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == (f"Error: The directory {locked} is not writable; check its permissions "
                                     "or choose another place.")


def tempfile_dir() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="tcpquiz-unwritable-")


def test_imported_cloze_notes_become_anki_cloze_notes(cli, tmp_path: Path) -> None:
    note = tmp_path / "cloze.md"
    note.write_text("# Header sizes\n\nThe fixed TCP header is ==20== bytes; with options at most "
                    "{{c2::60::how many?}} bytes.\n", encoding="utf-8")
    assert cli("import", str(note)).exit_code == 0
    apkg = tmp_path / "cloze.apkg"
    assert export(cli, apkg, "--deck", "Header sizes").exit_code == 0
    with collection(tmp_path / "anki" / "collection.anki2") as col:
        import_apkg(col, apkg)
        cards = anki_cards(col)
        # One paragraph, two deletions: one cloze note with a card each, as Anki users expect. The
        # highlight takes the number after the note's own c2.
        assert len(cards) == 2 and {c.notetype for c in cards} == {"tcpquiz cloze"} and col.note_count() == 1
        (text,) = {c.fields["Text"] for c in cards}
        assert "{{c3::20}}" in text and "{{c2::60::how many?}}" in text
        questions = sorted(visible_text(card.question) for card in cards)
        assert "[how many?]" in questions[0] and "20" in questions[0]
        assert "[...]" in questions[1] and "60" in questions[1]
        for card in cards:
            assert "20" in visible_text(card.answer) and "60" in visible_text(card.answer)
