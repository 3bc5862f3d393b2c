"""Reading notes from disk: encodings, line endings, and every bad input as one clear sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from tcpquiz.errors import ImportFailed
from tcpquiz.notes import load_note
from tcpquiz.notes.source import MAX_NOTE_BYTES, NoteFile, discover, read_note

NOTE = "# 三次握手\n\n## 为什么是三次握手？\n\n防止已失效的连接请求。\n"


def write(tmp_path: Path, data: bytes, name: str = "note.md") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def questions(path: Path) -> list[str]:
    return [card.front for card in load_note(path).cards]


def test_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, NOTE.encode())
    assert questions(path) == ["为什么是三次握手？"]
    assert load_note(path).warnings == ()


def test_utf8_with_bom_and_crlf(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + NOTE.replace("\n", "\r\n").encode())
    deck = load_note(path)
    assert [card.front for card in deck.cards] == ["为什么是三次握手？"]
    assert deck.name == "三次握手" and deck.warnings == ()
    assert "\r" not in deck.text and "\r" not in deck.cards[0].back
    assert deck.cards[0].source.endswith(":3")


def test_old_mac_line_endings(tmp_path: Path) -> None:
    assert questions(write(tmp_path, NOTE.replace("\n", "\r").encode())) == ["为什么是三次握手？"]


def test_gb18030_is_read_with_a_warning(tmp_path: Path) -> None:
    deck = load_note(write(tmp_path, NOTE.replace("\n", "\r\n").encode("gb18030")))
    assert [card.front for card in deck.cards] == ["为什么是三次握手？"]
    assert deck.warnings == (
        "it is encoded in GB18030, not UTF-8; it was read as GB18030 (save it as UTF-8 to silence this)",
    )


def test_utf16_is_read_with_a_warning(tmp_path: Path) -> None:
    deck = load_note(write(tmp_path, NOTE.encode("utf-16")))
    assert [card.front for card in deck.cards] == ["为什么是三次握手？"]
    assert "UTF-16" in deck.warnings[0]


def test_bad_inputs_give_one_sentence_each(tmp_path: Path) -> None:
    empty = write(tmp_path, b"", "empty.md")
    blank = write(tmp_path, b" \n\t\r\n", "blank.md")
    binary = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "image.md")
    latin1 = write(tmp_path, "Caf\xe9 na\xefve r\xe9sum\xe9 \xa9 \xae".encode("latin-1"), "latin1.md")
    large = tmp_path / "large.md"
    with large.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024)  # 10 MB, sparse
    messages = {}
    for path in (empty, blank, binary, latin1, large, tmp_path / "missing.md", tmp_path):
        with pytest.raises(ImportFailed) as caught:
            load_note(path)
        messages[path.name] = str(caught.value)
    assert messages == {
        "empty.md": f"{empty} is empty.",
        "blank.md": f"{blank} is empty.",
        "image.md": f"{binary} is a binary file, not a markdown note.",
        "latin1.md": f"{latin1} is neither UTF-8 nor GB18030 text; save it as UTF-8 and import it again.",
        "large.md": f"{large} is 10 MB, larger than the 5 MB a notes file may be; split it into smaller notes, "
                    "or raise the limit with `tcpquiz import --max-size`.",
        "missing.md": f"{tmp_path / 'missing.md'} does not exist.",
        tmp_path.name: f"{tmp_path} is a folder; import the folder itself to import the notes in it.",
    }
    for message in messages.values():
        assert "\n" not in message and message.endswith(".")


def test_size_limit_is_just_past_a_study_note(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"# T\n\n" + b"a" * (MAX_NOTE_BYTES - 5))
    assert read_note(path).text.startswith("# T")


def test_discover_folders_recursively(tmp_path: Path) -> None:
    root = tmp_path / "TCP"
    (root / "握手").mkdir(parents=True)
    (root / ".obsidian").mkdir()
    (root / "a.md").write_text(NOTE, encoding="utf-8")
    (root / "握手" / "b.markdown").write_text(NOTE, encoding="utf-8")
    (root / "握手" / "c.txt").write_text(NOTE, encoding="utf-8")
    (root / ".obsidian" / "d.md").write_text(NOTE, encoding="utf-8")
    found = list(discover([root, tmp_path / "nowhere"]))
    assert found[:2] == [NoteFile(root / "a.md", ("TCP",)), NoteFile(root / "握手" / "b.markdown", ("TCP", "握手"))]
    assert str(found[2]) == f"{tmp_path / 'nowhere'} does not exist."
    deck = load_note(found[1])
    assert deck.name == "TCP::握手::三次握手"


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    found = [str(x) for x in discover([tmp_path / "empty"])]
    assert found == [f"{tmp_path / 'empty'} holds no .md or .markdown files."]
