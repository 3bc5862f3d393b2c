"""The workers that read notes send each deck back as plain tuples: what arrives must be
the deck the note gives when read in this process, field for field, for the learner's
notes, the corpus and the built-in decks, mistakes flagged and all."""

from __future__ import annotations

import pickle
from pathlib import Path

from tcpquiz.app import find_notes, load_checked_note
from tcpquiz.cards import CardDraft, CardKind, DeckDraft
from tcpquiz.errors import ImportFailed
from tcpquiz.notes.parallel import MIN_NOTES_FOR_WORKERS, _pack, _unpack, load_notes

REPO = Path(__file__).resolve().parents[1]
FOLDERS = [REPO / "decks", REPO.parent / "shared" / "notes", REPO.parent / "shared" / "corpus" / "notes"]


def every_note_here() -> list[Path]:
    return [folder for folder in FOLDERS if folder.is_dir()]


def test_workers_send_every_real_note_as_it_is_read_here(tmp_path: Path) -> None:
    notes, _ = find_notes(every_note_here())
    wrong = tmp_path / "wrong.md"  # a note whose cards the mistake check flags
    wrong.write_text("# Wrong\n\n## Handshake\n\n- TIME_WAIT lasts 4 minutes on Linux.\n"
                     "- SYN 报文段不消耗序号。\n", encoding="utf-8")
    unreadable = tmp_path / "binary.md"
    unreadable.write_bytes(b"\x00\x01\x02binary")
    extra, _ = find_notes([wrong, unreadable])
    notes += extra * (1 + MIN_NOTES_FOR_WORKERS // len(extra))  # enough notes for workers even without ../shared
    here = [load_checked_note(note) for note in notes]
    with load_notes(notes, workers=2, load=load_checked_note) as decks:
        spread = list(decks)
    assert [str(d) for d in spread if isinstance(d, ImportFailed)] == [str(d) for d in here if isinstance(d, ImportFailed)]
    assert [d for d in spread if not isinstance(d, ImportFailed)] == [d for d in here if not isinstance(d, ImportFailed)]
    flagged = [card for deck in spread if isinstance(deck, DeckDraft) for card in deck.cards if card.extra.get("flags")]
    assert flagged, "the note with mistakes has flagged cards"
    assert [type(card.kind) for deck in spread if isinstance(deck, DeckDraft) for card in deck.cards][:1] == [CardKind]


def card(key: str, *, deck: str = "file:a.md", source: str = "/n/a.md:3", extra: dict | None = None) -> CardDraft:
    return CardDraft(key=key, deck=deck, kind=CardKind.CLOZE, front="f", back="b", source=source,
                     extra=extra or {}, tags=("t",))


def test_cards_whose_key_or_source_is_not_the_decks_cross_whole() -> None:
    deck = DeckDraft(key="file:a.md", name="A", source="/n/a.md", text="x", tags=("t",), cards=(
        card("file:a.md::/h::basic::q"),
        card("file:a.md::\0starts with the marker"),
        card("\0file:a.md::marked before the prefix"),
        card("elsewhere::q", deck="file:b.md", source="/n/b.md:1"),
        card("file:a.md::", source="/n/a.md:"),
        card("file:a.md:::", source="/n/a.md", extra={"flags": [{"rule": "r"}]}),
    ))
    arrived = _unpack(pickle.loads(pickle.dumps(_pack(deck))))
    assert arrived == deck
    assert isinstance(arrived, DeckDraft) and arrived.cards[0].extra is not arrived.cards[1].extra
    failure = ImportFailed("a.md could not be read.")
    assert str(_unpack(pickle.loads(pickle.dumps(_pack(failure))))) == str(failure)
