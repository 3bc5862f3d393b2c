"""Use cases that join the pure core and the store: opening the library (with the
built-in decks loaded on first run) and importing notes. The CLI calls these."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tcpquiz import __version__
from tcpquiz.errors import ImportFailed, NothingToExportError
from tcpquiz.settings import resolve

if TYPE_CHECKING:
    from tcpquiz.cards import DeckDraft
    from tcpquiz.facts.check import Finding
    from tcpquiz.notes.source import NoteFile
    from tcpquiz.review.quickstart import QuickStartStore
    from tcpquiz.store.api import Store
    from tcpquiz.store.backup import BackupInfo
    from tcpquiz.store.reading import QuickReader
    from tcpquiz.store.views import CardView, DeckRef, SyncResult

BUILTIN_FINGERPRINT = "builtin-fingerprint"


def utcnow() -> datetime:
    """Now, as aware UTC. TCPQUIZ_NOW (an ISO time, local if it has no offset) stands in
    for the clock, so tests and demos can walk through days without waiting for them."""
    fake = os.environ.get("TCPQUIZ_NOW")
    if fake:
        return datetime.fromisoformat(fake).astimezone(UTC)
    return datetime.now(UTC)


def today() -> date:
    """The current study day (it rolls over at 04:00 local time)."""
    from tcpquiz.scheduler.clock import study_day

    return study_day(utcnow().astimezone())


def open_store(db_path: Path, announce: Callable[[str], None] | None = None, *,
               known_current: bool = False) -> Store:
    """Open the database and make sure the built-in decks are loaded and current.
    `announce` is told, in a sentence, when that takes a moment (first run, upgrade).
    `known_current`: see Store.open."""
    from tcpquiz.store.api import Store

    store = Store.open(db_path, known_current=known_current)
    try:
        sync_builtin_decks(store, announce)
    except BaseException:
        store.close()
        raise
    return store


def builtin_deck_files() -> list[tuple[str, Path]]:
    """(lang, path) of every built-in deck file."""
    from tcpquiz.resources import decks_dir

    root = decks_dir()
    return [(lang, path) for lang in ("zh", "en") for path in sorted((root / lang).glob("*.md"))]


def builtin_fingerprint(files: list[tuple[str, Path]]) -> str:
    """What the built-in decks hold: their names and contents (about 150 KB to hash, a
    millisecond), so an upgrade or an edited deck changes it, and the same decks
    installed elsewhere (a wheel, a checkout) do not."""
    from tcpquiz.engine.version import ENGINE_DECK_VERSION

    digest = _sha256(f"{__version__}\0engine-deck:{ENGINE_DECK_VERSION}".encode())
    for lang, path in files:
        digest.update(f"\0{lang}/{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _sha256(data: bytes) -> Any:
    """SHA-256 from the interpreter's own module when it has one: hashlib loads OpenSSL,
    which costs a tenth of a review's start, and the fingerprint is checked at every start."""
    try:
        from _sha2 import sha256  # type: ignore[import-not-found]  # Python 3.12+
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found]  # Python 3.11
        except ImportError:
            from hashlib import sha256
    return sha256(data)


def builtin_deck_drafts() -> list[DeckDraft]:
    from tcpquiz.notes import parse_note
    from tcpquiz.notes.source import read_note

    drafts = []
    for lang, path in builtin_deck_files():
        drafts.append(parse_note(
            read_note(path).text, source=f"decks/{lang}/{path.name}", deck_key=f"builtin:{lang}/{path.name}",
            default_name=path.stem, lang=lang, builtin=True,
        ))
    from tcpquiz.engine.questions import engine_deck

    drafts += [engine_deck("zh"), engine_deck("en")]
    return drafts


def sync_builtin_decks(store: Store, announce: Callable[[str], None] | None = None) -> list[SyncResult] | None:
    """Load the built-in decks when they are new or changed; cheap when they are not."""
    files = builtin_deck_files()
    fingerprint = builtin_fingerprint(files)
    previous = store.get_setting(BUILTIN_FINGERPRINT)
    if previous == fingerprint:
        return None
    if announce:
        announce("Loading the built-in decks (once, on first run)." if previous is None else
                 "Updating the built-in decks for this version of tcpquiz (once, after an upgrade).")
    now = utcnow()
    removed = {deck.key for deck in store.deck_refs(removed=True)}
    # A built-in deck the user removed stays removed after an upgrade (`decks restore` brings it back).
    drafts = [draft for draft in builtin_deck_drafts() if draft.key not in removed]
    results = store.sync_decks(drafts, now)
    current = {deck.key for deck in drafts} | removed
    for old in store.deck_refs():
        if old.builtin and old.key not in current:  # a deck a newer tcpquiz dropped: retire its cards
            results.append(store.sync(_empty_deck(old), now))
    store.regroup()
    store.set_setting(BUILTIN_FINGERPRINT, fingerprint)
    return results


def _empty_deck(deck: DeckRef) -> DeckDraft:
    from tcpquiz.cards import DeckDraft

    return DeckDraft(key=deck.key, name=deck.name, source=deck.source, text="", cards=(),
                     lang=deck.lang, builtin=True)


def settings(store: Store | QuickStartStore | QuickReader) -> dict[str, Any]:
    return resolve(store.settings())


def is_studied(deck: DeckRef, lang: str) -> bool:
    """Your own decks, and the built-in decks in your language."""
    return not deck.builtin or deck.lang == lang


def has_note(deck: DeckRef) -> bool:
    """Whether the deck comes from a note one can read (the engine's decks do not)."""
    from tcpquiz.cards import GENERATED_SOURCE

    return deck.source != GENERATED_SOURCE


def study_decks(store: Store | QuickStartStore | QuickReader, names: Iterable[str] = (), lang: str | None = None) -> list[DeckRef]:
    """The decks a command works on: those named, else the user's decks and the
    built-in decks in the chosen language (so zh and en copies are not both studied)."""
    names = list(names)
    if names:
        return store.resolve_decks(names)
    lang = lang or settings(store)["lang"]
    return [d for d in store.deck_refs() if is_studied(d, lang)]


def export_selection(store: Store, names: Iterable[str] = (), *, include_retired: bool = False) -> list[CardView]:
    """The active cards an export writes: those of the named decks (and their sub-decks),
    else of the decks you study; with `include_retired`, their retired cards too. Raises
    NothingToExportError when there are no active ones."""
    from tcpquiz.store.views import CardState

    names = list(names)
    decks = study_decks(store, names)
    cards = store.cards([d.id for d in decks], include_retired=include_retired)
    if any(card.state != CardState.RETIRED for card in cards):
        return cards
    raise nothing_to_export(names, decks)


def nothing_to_export(names: Sequence[str], decks: Iterable[DeckRef]) -> NothingToExportError:
    """The error for an export whose decks (`names`, else the decks you study) hold no active card."""
    if names:
        chosen = ", ".join(sorted(d.name for d in decks))
        return NothingToExportError(f"The chosen decks ({chosen}) hold no active cards, so there is nothing to export.")
    return NothingToExportError("There are no cards to export yet; import some notes with `tcpquiz import` first.")


@dataclass
class ImportReport:
    results: list[SyncResult] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    mistakes: int = 0  # cards that repeat a known mistake (flagged by load_checked_note)


def flag_mistakes(deck: DeckDraft) -> DeckDraft:
    """The deck with every card that repeats a known mistake flagged in `extra["flags"]`;
    its answer side then shows the correct fact (tcpquiz.facts)."""
    from dataclasses import replace

    from tcpquiz.facts.check import card_flags, check_text

    if not check_text(deck.text):  # the cards hold the note's text: nothing to flag (most notes)
        return deck
    cards = []
    for card in deck.cards:
        flags = card_flags(card.front, card.back)
        cards.append(replace(card, extra={**card.extra, "flags": flags}) if flags else card)
    return replace(deck, cards=tuple(cards))


def load_checked_note(note: NoteFile) -> DeckDraft | ImportFailed:
    """A note's deck with its mistakes flagged, for tcpquiz.notes.parallel.load_notes: the
    check runs in the workers, beside the parsing, not after it in the importing process."""
    from tcpquiz.notes import load_note_or_failure

    deck = load_note_or_failure(note)
    return deck if isinstance(deck, ImportFailed) else flag_mistakes(deck)


def check_notes(paths: Iterable[Path]) -> tuple[list[tuple[Path, list[Finding]]], list[str]]:
    """`tcpquiz check`: each notes file that `paths` name with what contradicts an
    established fact in it, and a sentence for each path that could not be read."""
    from tcpquiz.facts.check import check_text
    from tcpquiz.notes.source import read_note

    notes, failures = find_notes(paths)
    found = []
    for note in notes:
        try:
            text = read_note(note.path).text
        except ImportFailed as exc:
            failures.append(str(exc))
            continue
        found.append((note.path, check_text(text)))
    return found, failures


# Several decks are written per transaction, each of them whole: a commit per deck
# would cost more than the deck itself when importing many small notes.
SYNC_BATCH_CARDS = 2000
SYNC_BATCH_DECKS = 50


def find_notes(paths: Iterable[Path], max_bytes: int | None = None) -> tuple[list[NoteFile], list[str]]:
    """The notes files that `paths` name (files, and folders searched), and a sentence
    for each path that names none. A file larger than `max_bytes` (default: the
    source module's cap) is refused when it is read."""
    from tcpquiz.notes.source import MAX_NOTE_BYTES, discover

    notes, failures = [], []
    for item in discover(paths, MAX_NOTE_BYTES if max_bytes is None else max_bytes):
        if isinstance(item, ImportFailed):
            failures.append(str(item))
        else:
            notes.append(item)
    return notes, failures


def keeping_decks(
    decks: Iterable[DeckDraft | ImportFailed], kept: list[DeckDraft]
) -> Iterator[DeckDraft | ImportFailed]:
    """`decks`, passed on as they come, with each deck read also added to `kept` (for a
    report on them once they are imported)."""
    for deck in decks:
        if not isinstance(deck, ImportFailed):
            kept.append(deck)
        yield deck


def import_notes(store: Store, notes: Sequence[NoteFile], decks: Iterable[DeckDraft | ImportFailed],
                 progress: Callable[[str], None] | None = None) -> ImportReport:
    """Import notes files as decks, given their decks as tcpquiz.notes.parallel.load_notes
    reads them. A bad file is reported and skipped; the rest import. `progress` is told
    the path of each note once it has been read."""
    report = ImportReport()
    now = utcnow()
    batch: list[DeckDraft] = []
    claimed = _deck_id_owners(store)

    def write_batch() -> None:
        report.results.extend(store.sync_decks(batch, now))
        batch.clear()

    for note, deck in zip(notes, decks):
        if progress:
            progress(str(note.path))
        if isinstance(deck, ImportFailed):
            report.failures.append(str(deck))
            continue
        clash = _deck_id_clash(deck, claimed)
        if clash:
            report.failures.append(clash)
            continue
        report.warnings.extend(f"{note.path}: {warning}." for warning in deck.warnings)
        if not deck.cards and not store.has_deck(deck.key):  # a README or a stray file makes no deck
            report.warnings.append(f"{note.path}: no cards were found in it, so it made no deck; "
                                   "the README lists the forms cards take.")
            continue
        report.mistakes += sum(1 for card in deck.cards if card.extra.get("flags"))
        if not deck.cards:
            report.warnings.append(f"{note.path}: no cards were found in it; the README lists the forms cards take.")
        batch.append(deck)
        if len(batch) >= SYNC_BATCH_DECKS or sum(len(d.cards) for d in batch) >= SYNC_BATCH_CARDS:
            write_batch()
    if batch:
        write_batch()
    if report.results:
        store.regroup_if_stale()
    return report


def _deck_id_owners(store: Store) -> dict[str, str]:
    """The notes file each front-matter `id:` already in the library belongs to."""
    return {deck.key: deck.source for deck in store.deck_refs() if deck.key.startswith("id:")}


def _deck_id_clash(deck: DeckDraft, owners: dict[str, str]) -> str | None:
    """A sentence when `deck` takes a front-matter `id:` that another notes file still
    says, else None (and the id is now the deck's). Two files with one id would retire
    each other's cards on every import. A file that moved or was renamed keeps its id."""
    if not deck.key.startswith("id:"):
        return None
    owner = owners.get(deck.key)
    if owner and owner != deck.source and _still_says_id(Path(owner), deck.key):
        deck_id = deck.key.removeprefix("id:")
        return (f"{deck.source} says `id: {deck_id}` in its front matter, as {owner} already does, "
                "so it was not imported; give each note its own id.")
    owners[deck.key] = deck.source
    return None


def _still_says_id(path: Path, key: str) -> bool:
    from tcpquiz.notes.frontmatter import split_front_matter
    from tcpquiz.notes.source import read_note

    try:
        deck_id = split_front_matter(read_note(path).text).deck_id
    except ImportFailed:
        return False
    return deck_id is not None and f"id:{deck_id}" == key


def write_backup(store: Store, path: Path, *, force: bool = False) -> dict[str, int]:
    """Write a full backup to `path` (never half-written); returns rows per table."""
    from tcpquiz.export.files import atomic_output

    with atomic_output(path, force=force) as temp, temp.open("w", encoding="utf-8") as out:
        return store.backup(out, utcnow())


@dataclass(frozen=True)
class RestoreReport:
    backup: BackupInfo
    copy: Path | None  # where the replaced database was copied, if there was anything to keep


def restore_backup(db_path: Path, path: Path, *, replace: bool = False) -> RestoreReport:
    """Restore a backup file into the database at `db_path`.

    The file is read once, a row at a time (a backup of a million answers is never held
    whole), every row checked as it is inserted, all in one transaction: a damaged row
    rolls it back. A file that is no backup at all is refused before the database is
    touched, and a library this restore created is removed again if the restore fails.
    The built-in decks are not loaded first: the backup brings its own.
    """
    from tcpquiz.errors import BackupError
    from tcpquiz.store.api import Store
    from tcpquiz.store.backup import read_header

    read_header(path)
    created = not db_path.exists()
    try:
        with Store.open(db_path) as store:
            copy, backup = store.restore(path, replace=replace, now=utcnow())
    except BackupError:
        if created:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        raise
    return RestoreReport(backup, copy)
