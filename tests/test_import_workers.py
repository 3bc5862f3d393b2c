"""What the import's workers send back (forked after this process read the first note,
their garbage collector tuned) must be the deck each note gives when read in this
process, field for field, for the learner's notes, the corpus and the built-in decks,
mistakes flagged and all."""

from __future__ import annotations

from pathlib import Path

from tcpquiz.app import find_notes, load_checked_note
from tcpquiz.cards import CardKind, DeckDraft
from tcpquiz.errors import ImportFailed
from tcpquiz.notes.parallel import MIN_NOTES_FOR_WORKERS, load_notes

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

