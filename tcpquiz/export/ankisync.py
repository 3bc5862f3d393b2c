"""`tcpquiz sync anki`: tcpquiz and an Anki collection kept in step through Anki's own engine.

The official `anki` package (the `tcpquiz[anki]` extra, AGPL-3.0) opens the collection,
so everything written is what Anki itself would write, and its sync talks to AnkiWeb or a
self-hosted sync server. One sync is:

1. with a server: a normal sync, so the reviews made on the phone are in the collection
   (a first sync that needs a full upload or download is confirmed first);
2. pull: the collection's answers to tcpquiz's cards that tcpquiz has not seen join its
   review log, and each such card's schedule is replayed from the merged log;
3. push: cards are added or updated by their GUID, moved to their deck, tagged and
   suspended when retired; tcpquiz's answers become revlog rows; each studied card gets
   tcpquiz's schedule (interval, due day, ease, reviews, lapses), so both sides agree;
4. with a server: a normal sync again, so the phone sees the result.

What wins when a note was edited on both sides: a note edited in Anki since the last
push keeps the edit until its card changes in tcpquiz; then tcpquiz's text wins, because
the markdown notes are where cards come from and the next import would bring it back
anyway, and the sync says how many Anki edits were replaced. Nothing in the collection
that is not a tcpquiz card is touched. Repeating a sync changes nothing.
"""

from __future__ import annotations

import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from tcpquiz.errors import TcpquizError
from tcpquiz.export.anki import (
    ANKI_REVIEW,
    ANKI_SUSPENDED,
    FIELDS_VERSION,
    export_apkg,
    note_fields,
    note_guid,
    note_tags,
)
from tcpquiz.export.content import (
    RETIRED_TAG,
    AnkiNote,
    anki_deck_name,
    anki_notes,
    anki_places,
)
from tcpquiz.export.html import HtmlRenderer
from tcpquiz.export.revlog import (
    QUALITY_FOR_ANKI_BUTTON,
    known_revlog_ids,
    lapses,
    revlog_rows,
)
from tcpquiz.scheduler.clock import study_day
from tcpquiz.store.views import CardState, CardView, LoggedReview, PulledReview

if TYPE_CHECKING:
    from anki.cards import CardId
    from anki.collection import Collection
    from anki.dbproxy import DBProxy
    from anki.notes import NoteId

    from tcpquiz.store.api import Store

# {collection path: {"read": when the last push read tcpquiz's cards, "written": the second by
# which it had written the collection (epoch seconds), "fields": the FIELDS_VERSION it wrote}}:
# a card changed after "read" changed in tcpquiz; a note Anki dates after "written" was
# edited in Anki.
SYNC_SETTING = "anki-sync"
FULL_UPLOAD, FULL_DOWNLOAD = "upload", "download"


class AnkiSyncError(TcpquizError):
    """A sync that cannot go ahead; its message says what, if anything, it changed."""


@dataclass
class SyncReport:
    pulled: int = 0  # answers given in Anki, now in tcpquiz's log
    added: int = 0
    updated: int = 0
    retagged: int = 0
    moved: int = 0
    suspended: int = 0
    unsuspended: int = 0
    schedules: int = 0
    answers_pushed: int = 0
    kept_anki_edits: int = 0  # notes edited in Anki whose card did not change in tcpquiz
    replaced_anki_edits: int = 0  # notes edited in Anki and changed in tcpquiz: tcpquiz's text won
    server: list[str] = field(default_factory=list)  # what the sync server did, in order

    @property
    def changed(self) -> bool:
        return any((self.pulled, self.added, self.updated, self.retagged, self.moved, self.suspended, self.unsuspended,
                    self.schedules, self.answers_pushed, self.replaced_anki_edits))


@dataclass(frozen=True)
class Server:
    url: str
    username: str
    password: str


# Asked before a full sync: gets "upload" or "download" (what the server allows, as a
# tuple of them), returns the one chosen, or None to stop.
ConfirmFull = Callable[[tuple[str, ...]], str | None]


def _db(col: Collection) -> DBProxy:
    if col.db is None:
        raise AnkiSyncError("The Anki collection was closed in the middle of the sync; run it again.")
    return col.db


def require_anki() -> None:
    try:
        import anki  # noqa: F401
    except ImportError:
        raise AnkiSyncError('Syncing with Anki needs the anki package; install it with: pip install "tcpquiz[anki]".') \
            from None


def sync_anki(store: Store, cards: Sequence[CardView], collection_path: Path, *, now: datetime,
              server: Server | None = None, confirm_full: ConfirmFull | None = None) -> SyncReport:
    """One sync of tcpquiz with the Anki collection at `collection_path` (and its server):
    `cards` (retired ones included) are pushed; answers to any tcpquiz card are pulled."""
    require_anki()
    report = SyncReport()
    path = collection_path.expanduser()
    created = not path.exists()
    col = open_collection(path)
    try:
        auth = None
        if server is not None:
            auth = _login(col, server)
            _server_sync(col, auth, server, confirm_full, report)
        report.pulled = pull(store, col)
        push(store, col, _after_pull(store, cards) if report.pulled else cards, now=now,
             key=str(path.resolve()), report=report)
        if auth is not None and server is not None:
            _server_sync(col, auth, server, confirm_full, report)
    except AnkiSyncError:
        if col.db is not None:
            col.close()
        if created and not report.changed:  # a login or server that failed: leave no new collection behind
            _remove_collection(path)
        raise
    finally:
        if col.db is not None:
            col.close()
    return report


def _remove_collection(path: Path) -> None:
    """A collection file this sync created, and the media files Anki made beside it."""
    import shutil

    for extra in ("", "-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    shutil.rmtree(path.with_suffix(".media"), ignore_errors=True)
    path.with_suffix(".media.db2").unlink(missing_ok=True)


def open_collection(path: Path) -> Collection:
    """Open a collection, refusing in one sentence what Anki would refuse."""
    from anki.collection import Collection
    from anki.errors import DBError

    path = path.expanduser()
    if path.is_dir():
        raise AnkiSyncError(f"{path} is a directory; give the collection file, such as "
                            "~/.local/share/Anki2/User 1/collection.anki2.")
    if not path.parent.is_dir():
        raise AnkiSyncError(f"The folder of the collection {path} does not exist.")
    try:
        return Collection(str(path))
    except DBError as exc:
        text = str(exc)
        if "already open" in text:
            raise AnkiSyncError(f"The collection {path} is open in Anki; close Anki (or switch its profile) "
                                "and sync again.") from None
        if "FileTooNew" in text or "newer" in text.lower():
            raise AnkiSyncError(f"The collection {path} was written by a newer Anki than the anki package "
                                'here; upgrade it with: pip install -U "tcpquiz[anki]".') from None
        raise AnkiSyncError(f"Anki cannot open the collection {path}: {text.rstrip('.')}.") from None
    except Exception as exc:  # the backend raises plain exceptions for files that are not collections
        raise AnkiSyncError(f"Anki cannot open {path} as a collection: {str(exc).splitlines()[0].rstrip('.')}.") \
            from None


# -- the server -------------------------------------------------------------------------------


def _login(col: Collection, server: Server) -> Any:
    from anki.errors import NetworkError, SyncError

    try:
        return col.sync_login(server.username, server.password, server.url)
    except SyncError:
        raise AnkiSyncError(f"The sync server at {server.url} refused the user name or password.") from None
    except NetworkError:
        raise AnkiSyncError(f"Cannot reach the sync server at {server.url}; check the address and "
                            "that it is running.") from None


def _server_sync(col: Collection, auth: Any, server: Server, confirm_full: ConfirmFull | None,
                 report: SyncReport) -> None:
    from anki.errors import NetworkError, SyncError
    from anki.sync_pb2 import SyncCollectionResponse

    required = SyncCollectionResponse.ChangesRequired
    try:
        out = col.sync_collection(auth, False)
        if out.required in (required.NO_CHANGES, required.NORMAL_SYNC):
            report.server.append("synced")
            return
        allowed = {required.FULL_UPLOAD: (FULL_UPLOAD,), required.FULL_DOWNLOAD: (FULL_DOWNLOAD,)}.get(
            out.required, (FULL_UPLOAD, FULL_DOWNLOAD))
        choice = confirm_full(allowed) if confirm_full else None
        if choice not in allowed:
            options = " or ".join(f"--full {way}" for way in allowed)
            # The second server sync comes after the push: then the collection has the cards.
            unchanged = "the sync server was not changed" if report.changed else "nothing was changed"
            raise AnkiSyncError(f"The collection and the sync server have no common history, so this first sync "
                                f"must replace one with the other; {unchanged} (run again with {options}).")
        col.close_for_full_sync()
        col.full_upload_or_download(auth=auth, server_usn=out.server_media_usn, upload=choice == FULL_UPLOAD)
        col.reopen(after_full_sync=True)
        report.server.append(f"full {choice}")
    except SyncError as exc:
        raise AnkiSyncError(f"The sync server at {server.url} refused the sync: {str(exc).rstrip('.')}.") from None
    except NetworkError:
        raise AnkiSyncError(f"Cannot reach the sync server at {server.url}; check the address and "
                            "that it is running.") from None


# -- pull -------------------------------------------------------------------------------------


def _anki_card_ids(col: Collection, places: dict[tuple[str, int], int]) -> dict[int, int]:
    """Anki card id -> tcpquiz card id, for the collection's cards that are tcpquiz's."""
    rows = _db(col).all("SELECT cards.id, notes.guid, cards.ord FROM cards JOIN notes ON notes.id = cards.nid")
    return {cid: places[(guid, ordinal)] for cid, guid, ordinal in rows if (guid, ordinal) in places}


def pull(store: Store, col: Collection) -> int:
    """Answers given in Anki to tcpquiz's cards that tcpquiz's log lacks, merged into it."""
    everything = anki_notes(list(store.iter_cards(include_retired=True)), note_guid)
    ours = _anki_card_ids(col, {place: card_id for card_id, place in anki_places(everything).items()})
    known = known_revlog_ids(store.review_log())
    pulled = [
        PulledReview(card_id=ours[cid], revlog_id=revlog_id,
                     reviewed_at=datetime.fromtimestamp(revlog_id / 1000, UTC),
                     quality=QUALITY_FOR_ANKI_BUTTON[ease], duration_ms=duration)
        # Answers only: types 0-3 are learn, review, relearn and filtered-deck answers;
        # 4 and 5 are manual reschedules, which are not answers.
        for revlog_id, cid, ease, duration in _db(col).all(
            "SELECT id, cid, ease, time FROM revlog WHERE ease BETWEEN 1 AND 4 AND type BETWEEN 0 AND 3")
        if cid in ours and revlog_id not in known
    ]
    return store.merge_reviews(pulled) if pulled else 0


# -- push -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _AnkiNote:
    nid: int
    mod: int
    fields: str
    tags: frozenset[str]


def _after_pull(store: Store, cards: Sequence[CardView]) -> list[CardView]:
    """The same cards, with the schedules the pull replayed."""
    wanted = {card.id for card in cards}
    return [card for card in store.iter_cards(include_retired=True) if card.id in wanted]


def push(store: Store, col: Collection, cards: Sequence[CardView], *, now: datetime, key: str,
         report: SyncReport) -> None:
    """tcpquiz's cards, their decks, retirements, answers and schedules into the collection."""
    read_at = time.time()
    pushed: dict[str, dict[str, float]] = store.get_setting(SYNC_SETTING, {}) or {}
    last = pushed.get(key) or {}
    last_read, last_written = last.get("read", 0.0), last.get("written", 0.0)
    if last.get("fields") != FIELDS_VERSION:
        last_read = 0.0  # notes were written by a tcpquiz that rendered them otherwise: compare them all
    existing = {guid: _AnkiNote(nid, mod, _normal(flds), frozenset(tags.split()))
                for nid, guid, mod, flds, tags in _db(col).all("SELECT id, guid, mod, flds, tags FROM notes")}
    notes = anki_notes(cards, note_guid)
    renderer = HtmlRenderer()
    to_write: list[AnkiNote] = []
    for note in notes:
        found = existing.get(note.guid)
        if found is None:
            if not note.retired:  # a card gone from its notes is not worth adding
                to_write.append(note)
                report.added += 1
            continue
        changed_here = any(card.updated_at is None or card.updated_at.timestamp() > last_read
                           for card in note.cards.values())
        edited_in_anki = found.mod > last_written
        if not changed_here and not edited_in_anki:
            continue  # as the last push left it: no need to render it again
        _note_type, fields = note_fields(note, renderer)
        if _normal("\x1f".join(fields)) == found.fields:
            continue
        if edited_in_anki and not changed_here:
            report.kept_anki_edits += 1
            continue
        report.replaced_anki_edits += edited_in_anki
        report.updated += not edited_in_anki
        to_write.append(note)
    if to_write:
        newest = max((existing[note.guid].mod for note in to_write if note.guid in existing), default=0)
        _import_notes(col, [card for note in to_write for card in note.cards.values()], now,
                      dated=max(time.time(), newest + 1))
    report.retagged = _tag_notes(col, notes)
    places = anki_places(notes)
    ours = _anki_card_ids(col, {place: card_id for card_id, place in places.items()})
    by_id = {card.id: card for card in cards}
    anki_cards = {cid: by_id[card_id] for cid, card_id in ours.items()}
    _place_cards(col, anki_cards, existing, report)
    log = store.review_log()
    report.answers_pushed = _push_answers(col, log, places)
    report.schedules = _push_schedules(col, anki_cards, log, now)
    if report.answers_pushed or report.schedules:
        # Rows written with SQL: date the collection, or its next sync finds nothing to send.
        _db(col).execute("UPDATE col SET mod = ?", int(time.time() * 1000))
    if report.changed or key not in pushed or last.get("fields") != FIELDS_VERSION:
        # Anki dates a note in whole seconds: this push's writes are dated this second or
        # before; an edit in Anki after it, later.
        pushed[key] = {"read": read_at, "written": int(time.time()), "fields": FIELDS_VERSION}
        store.set_setting(SYNC_SETTING, pushed)


def _normal(text: str) -> str:
    """Anki stores note text in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def _import_notes(col: Collection, cards: Sequence[CardView], now: datetime, *, dated: float) -> None:
    """Add or overwrite these cards' notes through Anki's own package importer, which keeps
    tcpquiz's fixed note type ids and carries the images. The notes are dated `dated`, after
    the notes they replace: Anki's importer leaves a note alone when the incoming one is
    not newer, even when told to update always."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition as Condition

    always = Condition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS
    with tempfile.TemporaryDirectory(prefix="tcpquiz-sync-") as folder:
        package = Path(folder) / "push.apkg"
        moment = datetime.fromtimestamp(dated, UTC)
        export_apkg([replace(card, updated_at=moment) for card in cards], package, now=now)
        options = ImportAnkiPackageOptions(with_scheduling=False, update_notes=always, update_notetypes=always)
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))


def _tag_notes(col: Collection, notes: Sequence[AnkiNote]) -> int:
    """Give each note tcpquiz's tags (Anki's importer keeps a note's tags as they were) and
    take `tcpquiz::retired` off a note whose cards came back; the learner's own tags stay."""
    tags_of = {guid: (nid, set(tags.split())) for nid, guid, tags in _db(col).all("SELECT id, guid, tags FROM notes")}
    adds: dict[str, list[int]] = {}
    back: list[int] = []
    for note in notes:
        found = tags_of.get(note.guid)
        if found is None:
            continue
        nid, tags = found
        for tag in note_tags(note):
            if tag not in tags:
                adds.setdefault(tag, []).append(nid)
        if RETIRED_TAG in tags and not note.retired:
            back.append(nid)
    for tag, nids in adds.items():
        col.tags.bulk_add(cast("list[NoteId]", nids), tag)
    if back:
        col.tags.bulk_remove(cast("list[NoteId]", back), RETIRED_TAG)
    return len({nid for nids in adds.values() for nid in nids} | set(back))


def _place_cards(col: Collection, cards: dict[int, CardView], before: dict[str, _AnkiNote],
                 report: SyncReport) -> None:
    """Each card (by Anki card id) in its deck; retired cards suspended, and unsuspended
    when they come back."""
    rows = _db(col).all("SELECT cards.id, notes.guid, cards.did, cards.queue FROM cards "
                      "JOIN notes ON notes.id = cards.nid")
    deck_ids: dict[str, int] = {}
    moves: dict[int, list[int]] = {}
    suspend, unsuspend = [], []
    for cid, guid, did, queue in rows:
        card = cards.get(cid)
        if card is None:
            continue
        name = anki_deck_name(card.deck)
        if name not in deck_ids:
            deck_ids[name] = col.decks.id(name, create=True) or 0
        if did != deck_ids[name]:
            moves.setdefault(deck_ids[name], []).append(cid)
        retired = card.state == CardState.RETIRED
        if retired and queue != ANKI_SUSPENDED:
            suspend.append(cid)
        elif not retired and queue == ANKI_SUSPENDED and guid in before and RETIRED_TAG in before[guid].tags:
            unsuspend.append(cid)  # suspended by tcpquiz's retirement, not by the learner
    for deck_id, card_ids in moves.items():
        col.set_deck(cast("list[CardId]", card_ids), deck_id)
        report.moved += len(card_ids)
    if suspend:
        col.sched.suspend_cards(cast("list[CardId]", suspend))
        report.suspended = len(suspend)
    if unsuspend:
        col.sched.unsuspend_cards(cast("list[CardId]", unsuspend))
        report.unsuspended = len(unsuspend)


def _push_answers(col: Collection, log: Sequence[LoggedReview], places: dict[int, tuple[str, int]]) -> int:
    """tcpquiz's own answers as revlog rows of their cards; rows already there are kept."""
    rows = revlog_rows(log, places)
    if not rows:
        return 0
    present = set(_db(col).list("SELECT id FROM revlog"))
    cids = {(guid, ordinal): cid for cid, guid, ordinal in _db(col).all(
        "SELECT cards.id, notes.guid, cards.ord FROM cards JOIN notes ON notes.id = cards.nid")}
    new = [(r.id, cids[(r.guid, r.ord)], r.ease, r.interval, r.last_interval, r.factor, r.time_ms, r.type)
           for r in rows if r.id not in present and (r.guid, r.ord) in cids]
    if new:
        _db(col).executemany("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                           "VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)", new)
    return len(new)


def _push_schedules(col: Collection, cards: dict[int, CardView], log: Sequence[LoggedReview],
                    now: datetime) -> int:
    """Each studied card's schedule in Anki's terms: a review card, due on the same calendar
    day as in tcpquiz (Anki counts days from its own "today"; both roll over at 04:00)."""
    reps: dict[int, int] = {}
    for review in log:
        reps[review.card_id] = reps.get(review.card_id, 0) + 1
    lapse_counts = lapses(log)
    today: date = study_day(now.astimezone())
    anki_today = col.sched.today
    changes = []
    for cid, kind, queue, ivl, due, factor, card_reps, card_lapses in _db(col).all(
            "SELECT id, type, queue, ivl, due, factor, reps, lapses FROM cards"):
        card = cards.get(cid)
        if card is None or card.schedule is None or card.due is None:
            continue
        # A card the learner suspended or buried in Anki stays so; tcpquiz's retirement
        # suspended it already (_place_cards).
        target_queue = queue if queue < 0 else ANKI_REVIEW
        target = (ANKI_REVIEW, target_queue, max(1, card.schedule.interval), anki_today + (card.due - today).days,
                  round(card.schedule.easiness * 1000), reps.get(card.id, 0), lapse_counts.get(card.id, 0))
        if (kind, queue, ivl, due, factor, card_reps, card_lapses) != target:
            changes.append((*target, cid))
    if changes:
        # usn -1: changed here, for the next sync to send; left 0: no learning steps pending.
        _db(col).executemany("UPDATE cards SET type = ?, queue = ?, ivl = ?, due = ?, factor = ?, reps = ?, "
                           f"lapses = ?, left = 0, mod = {int(time.time())}, usn = -1 WHERE id = ?", changes)
    return len(changes)
