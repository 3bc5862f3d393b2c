"""The .apkg export and Anki identity: GUIDs that survive every edit the store recognises
as the same card, checked by importing each export into a real Anki collection; and the
progress the export carries (lapses, every answer as a revlog row, retired cards)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("anki")

from exporttools import IF_NEWER, anki_cards, collection, import_apkg, visible_text

NOTE = """\
---
id: handshake
---
# 三次握手

## 为什么是三次握手？

Q: 为什么建立连接要三次握手？
A: 防止已失效的连接请求报文段突然又传到服务端。

## 标志位

Q: 第一次握手发送哪个标志？
A: SYN。

Q: 第二次握手发送哪些标志？
A: SYN 和 ACK。
"""


def later(minutes: int) -> dict[str, str]:
    """A clock a little ahead, so a later export is dated after the earlier one."""
    return {"TCPQUIZ_NOW": (datetime.now() + timedelta(minutes=minutes)).isoformat(timespec="seconds")}


def export_into(cli, col, apkg: Path, *args: str, minutes: int = 0) -> None:
    result = cli("export", "anki", "-o", str(apkg), "--force", *args, env=later(minutes))
    assert result.exit_code == 0, result.output
    import_apkg(col, apkg, update_notes=IF_NEWER)  # Anki's default


@pytest.mark.parametrize("edit", ["reworded question", "renamed title", "renamed heading", "moved file"])
def test_every_identity_preserving_edit_updates_the_note_in_place(cli, tmp_path: Path, edit: str) -> None:
    notes = tmp_path / "notes"
    path = notes / "握手.md"
    path.parent.mkdir(parents=True)
    path.write_text(NOTE, encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    apkg = tmp_path / "tcp.apkg"
    with collection(tmp_path / "c.anki2") as col:
        export_into(cli, col, apkg, "--deck", "三次握手")
        before = {c.guid: c.id for c in anki_cards(col)}
        assert len(before) == 3

        if edit == "reworded question":
            text = NOTE.replace("为什么建立连接要三次握手？", "建立连接为什么要三次握手？")
        elif edit == "renamed title":
            text = NOTE.replace("# 三次握手", "# 握手的三个步骤")
        elif edit == "renamed heading":
            text = NOTE.replace("## 标志位", "## 握手的标志位")
        else:
            text = NOTE
        if edit == "moved file":
            path.unlink()
            path = tmp_path / "elsewhere" / "handshake-renamed.md"
            path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        result = cli("import", str(path), env=later(2))
        assert result.exit_code == 0, result.output
        deck = "握手的三个步骤" if edit == "renamed title" else "三次握手"
        export_into(cli, col, apkg, "--deck", deck, minutes=5)
        after = {c.guid: c.id for c in anki_cards(col)}
        assert after == before  # the same notes and cards: no copy added
        if edit == "reworded question":
            assert any("建立连接为什么要三次握手" in c.fields["Front"] for c in anki_cards(col))


def test_notes_imported_from_another_folder_give_the_same_guids(cli, tmp_path: Path) -> None:
    """Notes without `id:` are keyed by their path below the imported folder."""
    text = NOTE.replace("id: handshake\n", "title: 握手\n")
    guids = []
    for place in ("laptop", "desktop"):
        folder = tmp_path / place / "tcp"
        folder.mkdir(parents=True)
        (folder / "握手.md").write_text(text, encoding="utf-8")
        home = tmp_path / place / "home"
        env = {"TCPQUIZ_HOME": str(home)}
        assert cli("import", str(folder), env=env).exit_code == 0
        apkg = tmp_path / place / "tcp.apkg"
        assert cli("export", "anki", "-o", str(apkg), "--deck", "tcp", env=env).exit_code == 0
        with collection(tmp_path / place / "c.anki2") as col:
            import_apkg(col, apkg)
            guids.append(sorted(c.guid for c in anki_cards(col)))
    assert guids[0] == guids[1] and len(guids[0]) == 3


def test_a_reexport_marks_as_newer_only_the_notes_that_changed(cli, tmp_path: Path) -> None:
    path = tmp_path / "握手.md"
    path.write_text(NOTE, encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    apkg = tmp_path / "tcp.apkg"
    with collection(tmp_path / "c.anki2") as col:
        export_into(cli, col, apkg, "--deck", "三次握手")
        first = {c.guid: col.get_note(col.get_card(c.id).nid).mod for c in anki_cards(col)}
        path.write_text(NOTE.replace("A: SYN。", "A: SYN，seq = x。"), encoding="utf-8")
        assert cli("import", str(path), env=later(2)).exit_code == 0
        export_into(cli, col, apkg, "--deck", "三次握手", minutes=5)
        second = {c.guid: col.get_note(col.get_card(c.id).nid).mod for c in anki_cards(col)}
    changed = [guid for guid in first if first[guid] != second[guid]]
    assert len(changed) == 1


def test_progress_carries_lapses_and_every_answer_as_a_revlog_row(cli, tmp_path: Path) -> None:
    """One card answered 5, 5, then 1 (a lapse: it had been recalled), then 4, on four days.
    Anki's buttons by the documented mapping: Easy, Easy, Again, Good."""
    path = tmp_path / "握手.md"
    path.write_text(NOTE, encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    start = datetime.now().astimezone().replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=30)
    days = [start, start + timedelta(days=1), start + timedelta(days=7), start + timedelta(days=8)]
    for day, answer in zip(days, ["5", "5", "1", "4"], strict=True):
        env = {"TCPQUIZ_NOW": day.replace(tzinfo=None).isoformat()}
        result = cli("review", "--deck", "三次握手", "--new", "1", input=f"{answer}\nq\n", env=env)
        assert result.exit_code == 0, result.output
    apkg = tmp_path / "tcp.apkg"
    assert cli("export", "anki", "-o", str(apkg), "--deck", "三次握手", "--with-progress").exit_code == 0
    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, apkg, with_scheduling=True)
        studied = next(c for c in anki_cards(col) if "为什么建立连接" in c.fields["Front"])
        card = col.get_card(studied.id)
        rows = col.db.all("SELECT id, ease, ivl, lastIvl, factor, type FROM revlog WHERE cid = ? ORDER BY id", card.id)
    assert card.lapses == 1 and card.reps == 4
    # SM-2 by hand: 5 -> rep 1, 1 day, EF 2.6; 5 -> rep 2, 6 days, EF 2.7; 1 -> rep 0, 1 day, EF kept 2.7;
    # 4 -> rep 1, 1 day, EF 2.7.
    assert [(ease, ivl, last, factor, kind) for _id, ease, ivl, last, factor, kind in rows] == [
        (4, 1, 0, 2600, 0), (4, 6, 1, 2700, 1), (1, 1, 6, 2700, 1), (3, 1, 1, 2700, 2)]
    assert [row[0] // 1000 for row in rows] == [int(d.timestamp()) for d in days]


def test_retired_cards_arrive_tagged_and_suspended(cli, tmp_path: Path) -> None:
    path = tmp_path / "握手.md"
    path.write_text(NOTE, encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    assert cli("review", "--deck", "三次握手", input="5\n5\n5\n").exit_code == 0
    path.write_text(NOTE.replace("Q: 第二次握手发送哪些标志？\nA: SYN 和 ACK。\n", ""), encoding="utf-8")
    assert "Imported 1 deck with 2 active cards." in cli("import", str(path)).output
    apkg = tmp_path / "tcp.apkg"
    assert cli("export", "anki", "-o", str(apkg), "--deck", "三次握手", "--with-progress").exit_code == 0
    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, apkg, with_scheduling=True)
        cards = anki_cards(col)
    retired = [c for c in cards if "tcpquiz::retired" in c.tags]
    assert len(cards) == 3 and len(retired) == 1
    assert "第二次握手" in retired[0].fields["Front"] and retired[0].queue == -1
    assert all(c.queue == 2 for c in cards if c not in retired)


# -- what a note shows -------------------------------------------------------------------------


def test_source_field_is_relative_and_obsidian_and_html_images_are_packed(cli, tmp_path: Path) -> None:
    """The Source field names the file below the imported folder, never the home directory;
    an Obsidian `![[embed]]` and an HTML `<img src>` arrive as images in Anki's media."""
    folder = tmp_path / "vault" / "tcp"
    folder.mkdir(parents=True)
    (folder / "syn.png").write_bytes(b"\x89PNG\r\n\x1a\n syn")
    (folder / "ack.png").write_bytes(b"\x89PNG\r\n\x1a\n ack")
    (folder / "握手.md").write_text(
        "---\ntitle: 握手\ncards: explicit\n---\n"
        "Q: 第一次握手的报文？\nA: 只有 SYN。 ![[syn.png|300]]\n\n"
        'Q: 第三次握手的报文？\nA: 只有 ACK。 <img src="ack.png" alt="ack">\n', encoding="utf-8")
    assert cli("import", str(folder)).exit_code == 0
    apkg = tmp_path / "tcp.apkg"
    result = cli("export", "anki", "-o", str(apkg), "--deck", "tcp")
    assert result.exit_code == 0 and "2 images" in result.stdout, result.output
    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, apkg)
        cards = {c.fields["Source"]: c for c in anki_cards(col)}
        media = sorted(path.name for path in Path(col.media.dir()).iterdir())
    assert sorted(cards) == ["tcp/握手.md:5", "tcp/握手.md:8"]  # the lines of the two Q:
    assert str(tmp_path) not in " ".join(c.fields["Back"] for c in cards.values())
    assert [m.split("-")[0] for m in media] == ["ack", "syn"]
    assert all(f'src="{name}"' in " ".join(c.fields["Back"] for c in cards.values()) for name in media)


def test_a_front_that_is_only_a_missing_image_reads_as_a_question(tmp_path: Path) -> None:
    from tcpquiz.export.anki import note_fields
    from tcpquiz.export.content import AnkiNote
    from tcpquiz.export.html import HtmlRenderer
    from tcpquiz.store.views import CardState, CardView

    card = CardView(id=1, key="file:n.md::/::basic::", deck="d", deck_key="file:n.md", kind="basic",
                    front="![三次握手的时序图](<gone/handshake.png>)", back="SYN, SYN+ACK, ACK.",
                    source=str(tmp_path / "n.md") + ":3", extra={}, tags=(), state=CardState.NEW, schedule=None,
                    due=None)
    _note_type, fields = note_fields(AnkiNote("guid", {0: card}), HtmlRenderer())
    assert fields[0] == "<p>[image missing: 三次握手的时序图]</p>"
    assert fields[2] == "n.md:3"


# -- several deletions in one paragraph: one Anki cloze note --------------------------------------

CLOZES = """\
---
id: clozes
---
# 连接

TCP 用{{c1::三次握手}}建立连接，用==四次挥手==释放连接。
"""


def test_the_deletions_of_one_paragraph_become_one_cloze_note_with_a_card_each(cli, tmp_path: Path) -> None:
    path = tmp_path / "连接.md"
    path.write_text(CLOZES, encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    import json

    assert len(json.loads(cli("cards", "--json", "--deck", "连接").stdout)) == 2  # tcpquiz asks two cards
    apkg = tmp_path / "c.apkg"
    assert cli("export", "anki", "-o", str(apkg), "--deck", "连接").exit_code == 0
    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, apkg)
        assert col.note_count() == 1 and col.card_count() == 2
        (note_id,) = col.find_notes("")
        note = col.get_note(note_id)
        assert note.note_type()["name"] == "tcpquiz cloze"
        assert "{{c1::三次握手}}" in note["Text"] and "{{c2::四次挥手}}" in note["Text"]
        cards = sorted((col.get_card(cid) for cid in note.card_ids()), key=lambda c: c.ord)
        first, second = (visible_text(c.question()) for c in cards)
        assert "[...]" in first and "四次挥手" in first and "三次握手" not in first
        assert "[...]" in second and "三次握手" in second and "四次挥手" not in second


def test_progress_of_each_deletion_reaches_its_own_anki_card(cli, tmp_path: Path) -> None:
    path = tmp_path / "连接.md"
    path.write_text(CLOZES, encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    result = cli("review", "--deck", "连接", "--new", "1", input="5\nq\n")  # the first deletion (c1)
    assert result.exit_code == 0, result.output
    apkg = tmp_path / "c.apkg"
    assert cli("export", "anki", "-o", str(apkg), "--deck", "连接", "--with-progress").exit_code == 0
    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, apkg, with_scheduling=True)
        by_ord = {col.get_card(cid).ord: col.get_card(cid) for cid in col.find_cards("")}
        assert (by_ord[0].type, by_ord[0].ivl, by_ord[0].reps) == (2, 1, 1)
        assert (by_ord[1].type, by_ord[1].reps) == (0, 0)
        assert col.db.list("SELECT cid FROM revlog") == [by_ord[0].id]


def test_math_reaches_anki_as_mathjax(cli, tmp_path: Path) -> None:
    """$...$ and $$...$$ become \\(...\\) and \\[...\\], which Anki renders with MathJax; a \\(...\\)
    written in the note survives; money and code are left alone."""
    path = tmp_path / "窗口.md"
    path.write_text(
        "---\ntitle: 窗口\ncards: explicit\n---\n"
        "Q: 不用窗口扩大选项时，窗口最大是多少？\n"
        "A: $2^{16} - 1$ 字节，即 $$W_{max} = 65535$$，也写作 \\(W < 2^{16}\\)。\n\n"
        "Q: 一个 $5 的东西和一个 $6 的东西一共多少钱？\nA: 11 美元，`$x$` 是代码。\n", encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    apkg = tmp_path / "m.apkg"
    assert cli("export", "anki", "-o", str(apkg), "--deck", "窗口").exit_code == 0
    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, apkg)
        backs = {c.fields["Front"]: c.fields["Back"] for c in anki_cards(col)}
    window = next(back for front, back in backs.items() if "窗口最大" in front)
    assert r"\(2^{16} - 1\)" in window and r"\[W_{max} = 65535\]" in window and r"\(W &lt; 2^{16}\)" in window
    money_front = next(front for front in backs if "美元" in backs[front])
    assert "$5" in money_front and "$6" in money_front and "\\(" not in money_front
    assert "<code>$x$</code>" in backs[money_front]


def test_math_in_prose_notes_reaches_anki_as_mathjax(cli, tmp_path: Path) -> None:
    """Cards the importer makes from prose keep their formulas, so Anki typesets them too."""
    path = tmp_path / "握手.md"
    path.write_text(
        "# 握手\n\n## 第二次握手\n\n服务器发出 $SYN=1, ACK=1$ 的报文段，确认号为 $x+1$，序号为 $y$。\n\n"
        "## 窗口上限\n\n不用窗口扩大选项时，窗口字段最多表示的字节数是：\n\n$$\nW_{max} = 2^{16} - 1\n$$\n",
        encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    apkg = tmp_path / "p.apkg"
    assert cli("export", "anki", "-o", str(apkg), "--deck", "握手").exit_code == 0
    with collection(tmp_path / "c.anki2") as col:
        import_apkg(col, apkg)
        fields = " ".join(" ".join(c.fields.values()) for c in anki_cards(col))
    assert r"\(SYN=1, ACK=1\)" in fields and r"\(x+1\)" in fields
    assert r"\[W_{max} = 2^{16} - 1\]" in fields
    assert "$" not in fields
