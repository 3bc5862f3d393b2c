"""Card identity: keys that survive re-imports and edits, checked on their own and
through the real store (edit, rename, move, delete, restore)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tcpquiz.notes import load_note
from tcpquiz.notes.source import NoteFile
from tcpquiz.store import Store

from .conftest import cards

NOTE = """---
id: handshake
---
# 三次握手

## 为什么是三次握手？

防止已失效的连接请求报文段突然又传到服务端。

## 过程

1. 客户端发送 SYN，进入 SYN-SENT。
2. 服务器回复 SYN+ACK，进入 SYN-RCVD。
3. 客户端回复 ACK，双方进入 ESTABLISHED。

## 标志位

SYN：发起连接
FIN：释放连接

Q: 首部固定部分多长？
A: 20 字节。
"""

NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def keys(text: str) -> list[str]:
    return [card.key for card in cards(text)]


# -- keys alone -------------------------------------------------------------------------------


def test_same_input_same_cards_in_the_same_order() -> None:
    assert cards(NOTE) == cards(NOTE)


def test_keys_name_deck_path_kind_and_question() -> None:
    assert keys(NOTE) == [
        "id:handshake::/三次握手::basic::为什么是三次握手",
        "id:handshake::/三次握手::sequence::过程",
        "id:handshake::/三次握手/过程::step::step-1",
        "id:handshake::/三次握手/过程::step::step-2",
        "id:handshake::/三次握手/过程::step::step-3",
        "id:handshake::/三次握手/标志位::definition::syn",
        "id:handshake::/三次握手/标志位::definition::fin",
        "id:handshake::/三次握手/标志位::basic::首部固定部分多长",
    ]


def test_editing_answers_keeps_every_key() -> None:
    edited = (NOTE.replace("突然又传到服务端", "突然又传送到了服务端，因而产生错误")
              .replace("进入 SYN-SENT", "进入 SYN_SENT 状态").replace("发起连接", "请求建立新连接")
              .replace("20 字节", "20 个字节"))
    assert keys(edited) == keys(NOTE)
    assert cards(edited) != cards(NOTE)


def test_moving_a_section_keeps_its_keys() -> None:
    head, why, steps = NOTE.split("## ")[0], "## " + NOTE.split("## ")[1], "## " + NOTE.split("## ")[2]
    rest = "## " + "## ".join(NOTE.split("## ")[3:])
    assert sorted(keys(head + steps + why + rest)) == sorted(keys(NOTE))


def test_same_question_twice_under_one_heading_stays_apart() -> None:
    found = cards("## 复习\n\n- 什么是 MSL？报文段最长寿命。\n- 什么是 MSL？Maximum Segment Lifetime。\n")
    assert [c.key for c in found] == [
        "file:note.md::/复习::basic::什么是 msl", "file:note.md::/复习::basic::什么是 msl#2",
    ]


def test_deck_key_comes_from_id_or_the_path(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text("## 握手\n\n三次握手建立连接。\n", encoding="utf-8")
    assert load_note(note).key == "file:n.md"
    note.write_text("---\nid: mine\n---\n## 握手\n\n三次握手建立连接。\n", encoding="utf-8")
    assert load_note(note).key == "id:mine"


# -- through the store -----------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "t.db") as store:
        yield store


def import_text(store: Store, path: Path, text: str, folders: tuple[str, ...] = ()):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    deck = load_note(NoteFile(path, folders))
    return deck, store.sync(deck, NOW)


def card_by_key(store: Store, key: str, *, include_retired: bool = False):
    return next(c for c in store.cards(include_retired=include_retired) if c.key == key)


def review(store: Store, key: str, quality: int = 5) -> int:
    card = card_by_key(store, key)
    store.record_answer(card.id, quality, now=NOW, session_id="s", scheduled=True)
    return card.id


def test_reimport_changes_nothing(store: Store, tmp_path: Path) -> None:
    deck, first = import_text(store, tmp_path / "notes" / "h.md", NOTE)
    assert first.new == len(deck.cards) == 8
    _, again = import_text(store, tmp_path / "notes" / "h.md", NOTE)
    assert (again.new, again.updated, again.unchanged, again.retired) == (0, 0, 8, 0)


def test_edited_answer_keeps_the_card_and_its_history(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "h.md"
    import_text(store, path, NOTE)
    key = "id:handshake::/三次握手::basic::为什么是三次握手"
    card_id = review(store, key)
    _, result = import_text(store, path, NOTE.replace("突然又传到服务端", "突然又传送到了服务端，因而产生错误"))
    assert (result.new, result.updated, result.retired) == (0, 1, 0)
    card = card_by_key(store, key)
    assert card.id == card_id and card.schedule.repetitions == 1
    assert "因而产生错误" in card.back


def test_edited_question_keeps_its_history(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "h.md"
    import_text(store, path, NOTE)
    card_id = review(store, "id:handshake::/三次握手::basic::为什么是三次握手")
    _, result = import_text(store, path, NOTE.replace("## 为什么是三次握手？", "## 为什么要三次握手？"))
    assert (result.new, result.updated, result.retired) == (0, 1, 0)
    card = card_by_key(store, "id:handshake::/三次握手::basic::为什么要三次握手")
    assert card.id == card_id and card.schedule.repetitions == 1


def test_renamed_and_moved_file_with_an_id_keeps_its_cards(store: Store, tmp_path: Path) -> None:
    import_text(store, tmp_path / "notes" / "h.md", NOTE)
    card_id = review(store, "id:handshake::/三次握手/标志位::definition::syn")
    deck, result = import_text(store, tmp_path / "elsewhere" / "握手" / "renamed.md", NOTE, folders=("TCP", "握手"))
    assert deck.name == "TCP::握手::三次握手"
    assert (result.new, result.retired) == (0, 0)
    assert card_by_key(store, "id:handshake::/三次握手/标志位::definition::syn").id == card_id
    assert len(store.decks()) == 1


def test_deleted_cards_retire_and_come_back_with_their_history(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "h.md"
    import_text(store, path, NOTE)
    key = "id:handshake::/三次握手/标志位::definition::fin"
    card_id = review(store, key, quality=4)
    _, removed = import_text(store, path, NOTE.replace("FIN：释放连接\n", ""))
    assert removed.retired == 1
    assert key not in {c.key for c in store.cards()}
    assert card_by_key(store, key, include_retired=True).id == card_id
    _, restored = import_text(store, path, NOTE)
    assert restored.restored == 1
    card = card_by_key(store, key)
    assert card.id == card_id and card.schedule.repetitions == 1
    assert store.replay_schedule(card_id) == card.schedule


def test_a_step_inserted_in_the_middle_does_not_lose_history(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "h.md"
    text = "## 挥手\n\n第一次挥手：客户端发送 FIN。\n第二次挥手：服务器回复 ACK。\n"
    import_text(store, path, text)
    key = next(c.key for c in store.cards() if c.key.endswith("::step::第二次挥手"))
    card_id = review(store, key)
    _, result = import_text(store, path, text + "第三次挥手：服务器发送 FIN。\n")
    assert result.new == 1
    assert card_by_key(store, key).id == card_id


def test_every_shared_note_imports_into_the_store(store: Store) -> None:
    from .conftest import SHARED_NOTES

    if not SHARED_NOTES.is_dir():
        pytest.skip("../shared/notes is absent")
    for path in sorted(SHARED_NOTES.glob("*_*.md")):
        deck = load_note(path)
        assert store.sync(deck, NOW).new == len(deck.cards)
        assert store.sync(load_note(path), NOW).unchanged == len(deck.cards)



# -- GUIDs and path-relative keys -----------------------------------------------------------


def guid_of(store: Store, key: str) -> str:
    return card_by_key(store, key, include_retired=True).anki_guid


def test_a_card_keeps_its_first_guid_through_a_reworded_question(store: Store, tmp_path: Path) -> None:
    import genanki

    path = tmp_path / "h.md"
    import_text(store, path, NOTE)
    old_key = "id:handshake::/三次握手::basic::为什么是三次握手"
    first = guid_of(store, old_key)
    assert first == genanki.guid_for("tcpquiz", old_key)  # what exports before stored GUIDs gave
    import_text(store, path, NOTE.replace("## 为什么是三次握手？", "## 为什么要三次握手？"))
    assert guid_of(store, "id:handshake::/三次握手::basic::为什么要三次握手") == first


def test_a_new_card_under_a_key_whose_guid_was_kept_gets_another(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "h.md"
    import_text(store, path, NOTE)
    old_key = "id:handshake::/三次握手::basic::为什么是三次握手"
    import_text(store, path, NOTE.replace("## 为什么是三次握手？", "## 为什么要三次握手？"))
    # The old question comes back beside the reworded one: a new card, so a new GUID.
    import_text(store, path, NOTE.replace("## 为什么是三次握手？", "## 为什么要三次握手？\n\n答：同上。\n\n## 为什么是三次握手？"))
    guids = [c.anki_guid for c in store.cards(include_retired=True)]
    assert len(guids) == len(set(guids)) and None not in guids
    assert guid_of(store, old_key) != guid_of(store, "id:handshake::/三次握手::basic::为什么要三次握手")


def test_notes_without_an_id_give_the_same_keys_from_any_place(store: Store, tmp_path: Path) -> None:
    from tcpquiz.notes.source import discover

    text = "## 握手\n\n三次握手建立连接。\n"
    for place in ("a", "b"):
        (tmp_path / place / "tcp").mkdir(parents=True)
        (tmp_path / place / "tcp" / "n.md").write_text(text, encoding="utf-8")
    first, second = (load_note(next(iter(discover([tmp_path / place / "tcp"])))) for place in ("a", "b"))
    assert first.key == second.key == "file:tcp/n.md"
    assert [c.key for c in first.cards] == [c.key for c in second.cards]


def test_a_deck_keyed_by_its_absolute_path_takes_the_relative_key(store: Store, tmp_path: Path) -> None:
    """A database from before relative keys: the deck and its cards are re-keyed, not retired."""
    from dataclasses import replace

    path = tmp_path / "n.md"
    path.write_text("## 握手\n\n三次握手建立连接。\n", encoding="utf-8")
    deck = load_note(path)
    old_key = f"file:{path.resolve()}"
    old_cards = tuple(replace(c, key=old_key + c.key.removeprefix(deck.key)) for c in deck.cards)
    store.sync(replace(deck, key=old_key, cards=old_cards), NOW)
    card_id = review(store, old_cards[0].key)
    guid = guid_of(store, old_cards[0].key)
    result = store.sync(deck, NOW)
    assert (result.new, result.retired, result.unchanged) == (0, 0, len(deck.cards))
    card = card_by_key(store, deck.cards[0].key)
    assert (card.id, card.anki_guid, card.deck_key) == (card_id, guid, "file:n.md")
