"""`tcpquiz export anki`: an Anki package (.apkg) written with genanki.

Two things make a re-export safe to import over an earlier one:

* every note's GUID derives from its card's key, the same identity the store keeps across
  re-imports of the notes (DESIGN.md, "Identity and history"), so Anki updates the note
  in place instead of adding a duplicate;
* the note types, their fields and their templates have fixed ids, so Anki recognises
  them as the same note types and keeps the cards (and their review history) it has.

Each tcpquiz card becomes exactly one note with exactly one card.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tcpquiz import __version__
from tcpquiz.cards import CardKind
from tcpquiz.export.content import (
    RETIRED_TAG,
    AnkiNote,
    anki_deck_name,
    anki_notes,
    anki_places,
    anki_tags,
    clean_tags,
    cloze_answer,
    cloze_to_anki,
    marked_cloze,
    notes_root,
    readable_front,
    shown,
    shown_source,
    source_dir,
)
from tcpquiz.export.files import atomic_output
from tcpquiz.export.html import HtmlRenderer
from tcpquiz.export.revlog import RevlogRow, lapses, revlog_rows
from tcpquiz.scheduler.clock import ROLLOVER_HOUR, study_day
from tcpquiz.store.guids import first_guid
from tcpquiz.store.views import CardState, CardView, LoggedReview

if TYPE_CHECKING:
    from tcpquiz.export.stored import StoredFields

CSS = """\
.card { font-family: -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC",
  sans-serif; font-size: 20px; line-height: 1.55; text-align: left; max-width: 42em; margin: 0 auto; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f3f3f3; color: #222;
  padding: .6em .8em; border-radius: 4px; }
code { font-family: ui-monospace, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace; font-size: .9em; }
.nightMode pre, .night_mode pre { background: #1e1e1e; color: #ddd; }
table { border-collapse: collapse; }
th, td { border: 1px solid #999; padding: .2em .5em; }
img { max-width: 100%; }
.choice p { margin: .35em 0; }
.answer { font-weight: bold; }
.cloze { font-weight: bold; color: #1565c0; }
.nightMode .cloze, .night_mode .cloze { color: #64b5f6; }
.source { margin-top: 1.2em; font-size: .65em; color: #888; }
"""

SOURCE = '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'


@dataclass(frozen=True)
class NoteType:
    """One Anki note type. Its model id, field ids and template id are fixed: they are
    how Anki knows a later export's note type for the one it already has."""

    name: str
    model_id: int
    fields: tuple[tuple[str, int], ...]  # (name, field id)
    template_id: int
    qfmt: str
    afmt: str
    cloze: bool = False

    def model(self) -> Any:  # genanki.Model
        import genanki

        return genanki.Model(
            self.model_id,
            self.name,
            fields=[{"name": name, "id": field_id} for name, field_id in self.fields],
            templates=[{"name": "Cloze" if self.cloze else "Card", "qfmt": self.qfmt, "afmt": self.afmt,
                        "id": self.template_id}],
            css=CSS,
            model_type=genanki.Model.CLOZE if self.cloze else genanki.Model.FRONT_BACK,
        )


BASIC = NoteType(
    name="tcpquiz basic",
    model_id=1885113236,
    fields=(("Front", 1236172141303432277), ("Back", 2719686300270164101), ("Source", 1744446907258142699)),
    template_id=3534648337112957154,
    qfmt="{{Front}}",
    afmt='{{FrontSide}}<hr id="answer">{{Back}}' + SOURCE,
)
CLOZE = NoteType(
    name="tcpquiz cloze",
    model_id=1311017145,
    fields=(("Text", 4177833082002212276), ("Extra", 3548529218528068939), ("Source", 3319174400144532050)),
    template_id=2005035055041085812,
    qfmt="{{cloze:Text}}",
    afmt="{{cloze:Text}}{{#Extra}}<hr>{{Extra}}{{/Extra}}" + SOURCE,
    cloze=True,
)
# Multiple choice without JavaScript, so that it works the same in AnkiDroid and
# AnkiMobile: the choices are numbered on the front and the back names the right one.
CHOICE = NoteType(
    name="tcpquiz multiple choice",
    model_id=1777692577,
    fields=(("Question", 4171396001017831231), ("Choices", 4155612376993288763), ("Answer", 963929379384253506),
            ("Explanation", 613464993201176949), ("Source", 3102898152993942849)),
    template_id=2854665056055400806,
    qfmt='{{Question}}<div class="choices">{{Choices}}</div>',
    afmt='{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>{{Explanation}}' + SOURCE,
)
SEQUENCE = NoteType(
    name="tcpquiz sequence",
    model_id=1472294725,
    fields=(("Prompt", 3287486294591351147), ("Steps", 2409510906788658516), ("Source", 619738584009439077)),
    template_id=2557055953104154296,
    qfmt="{{Prompt}}",
    afmt='{{FrontSide}}<hr id="answer">{{Steps}}' + SOURCE,
)
NOTE_TYPES = (BASIC, CLOZE, CHOICE, SEQUENCE)
NOTE_TYPES_BY_NAME = {note_type.name: note_type for note_type in NOTE_TYPES}

# Bump when the HTML of the fields changes: the next sync compares every note again, and
# every export renders again what earlier exports stored (fields_digest).
FIELDS_VERSION = 2  # 2: MathJax, cloze notes of several deletions, Source relative to the notes folder
ANKI_REVIEW = 2  # cards.type and cards.queue: a card on day intervals (a "review" card)
ANKI_SUSPENDED = -1  # cards.queue of a suspended card


@dataclass(frozen=True)
class ExportSummary:
    decks: int
    notes: int
    cards: int
    media: int
    warnings: tuple[str, ...]
    studied: int = 0  # cards with a schedule


def note_guid(card: CardView) -> str:
    """The note's GUID: the one the store fixed when the card was first made, so it
    survives every edit the store recognises as the same card."""
    return card.anki_guid or first_guid(card.key)


@lru_cache(maxsize=4096)  # asked once per note
def deck_id(name: str) -> int:
    """A stable Anki deck id for a deck name (48 bits of a hash, clear of small ids)."""
    digest = hashlib.sha256(f"tcpquiz deck {name}".encode()).digest()
    return (1 << 48) | int.from_bytes(digest[:6], "big")


def export_apkg(
    cards: Iterable[CardView],
    path: Path,
    *,
    now: datetime,
    force: bool = False,
    review_counts: Mapping[int, int] | None = None,
    review_log: Sequence[LoggedReview] = (),
    advance: Callable[[], None] | None = None,
    stored: StoredFields | None = None,
) -> ExportSummary:
    """Write `cards` to an .apkg at `path`.

    The cards are taken deck by deck as they come (a store gives them in deck order), and
    each deck's notes go into the package before the next deck is read, so that an export
    of 100,000 cards never holds them all. `stored` gives the fields an earlier export
    rendered of a card that has not changed since, and keeps the ones rendered now.
    With `review_counts` (answers per card id), each studied card also carries its
    schedule: interval, due date, ease, review count and lapses, and every answer of
    `review_log` as a revlog row ("--with-progress").
    `advance` is called once per card, for a progress bar.
    """
    with atomic_output(path, force=force) as temp, tempfile.TemporaryDirectory(prefix="tcpquiz-apkg-") as folder:
        renderer = HtmlRenderer()
        collection = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:
            cursor = connection.cursor()
            # A scratch file, zipped when complete and deleted after: no journal, no fsync.
            cursor.execute("PRAGMA journal_mode = OFF")
            cursor.execute("PRAGMA synchronous = OFF")
            writer = _CollectionWriter(cursor, now)
            progress = None if review_counts is None else _ProgressCollector(review_counts, review_log)
            for deck_cards in _by_deck(cards):
                notes = anki_notes(deck_cards, note_guid)
                writer.add(notes, lambda note: _rendered_fields(note, renderer, stored))
                if progress is not None:
                    progress.add(notes)
                if advance:
                    for _card in deck_cards:
                        advance()
            writer.finish()
            if progress is not None:
                _write_progress(cursor, progress.result(), now)
            connection.commit()
        finally:
            connection.close()
        if stored is not None:
            stored.flush()
        _zip_package(temp, collection, renderer.media)
    return ExportSummary(
        decks=len(writer.decks), notes=writer.notes, cards=writer.cards, media=len(renderer.media),
        warnings=tuple(renderer.warnings), studied=writer.studied,
    )


def _by_deck(cards: Iterable[CardView]) -> Iterator[list[CardView]]:
    """The cards in runs of one deck each: the notes of one paragraph's deletions are
    always cards of one deck (see anki_notes)."""
    run: list[CardView] = []
    for card in cards:
        if run and card.deck_key != run[-1].deck_key:
            yield run
            run = []
        run.append(card)
    if run:
        yield run


def _rendered_fields(note: AnkiNote, renderer: HtmlRenderer,
                     stored: StoredFields | None) -> tuple[NoteType, list[str]]:
    """A note's type and fields: as an earlier export stored them when its card has not
    changed since, else rendered now (and stored, unless they show local images, which
    depend on files that may change without the card changing, or gave warnings, which
    must be given again)."""
    if stored is None or note.cloze_text is not None:
        return note_fields(note, renderer)
    card = note.lead
    digest = fields_digest(card)
    found = stored.lookup(card.id, digest)
    if found is not None:
        type_name, fields = found
        note_type = NOTE_TYPES_BY_NAME.get(type_name)
        if note_type is not None and len(fields) == len(note_type.fields):
            return note_type, fields
    images, warnings = renderer.local_images, len(renderer.warnings)
    note_type, fields = note_fields(note, renderer)
    if renderer.local_images == images and len(renderer.warnings) == warnings:
        stored.keep(card.id, digest, note_type.name, fields)
    return note_type, fields


def fields_digest(card: CardView) -> str:
    """What a card's Anki fields are made from, hashed: a stored rendering is used only
    while this is unchanged. Without local images, the fields depend on nothing else."""
    # repr, not JSON: a few times faster, and the same for the same stored text (a dict
    # keeps the order its JSON was read in); another order only costs a rendering.
    extra = repr(card.extra) if card.extra else ""
    text = "\0".join((__version__, str(FIELDS_VERSION), str(card.kind), card.key, card.deck_key, card.source,
                      card.front, card.back, extra))
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def note_fields(note: AnkiNote, renderer: HtmlRenderer) -> tuple[NoteType, list[str]]:
    """The note type of an Anki note and its fields as HTML (the sync compares them)."""
    if note.cloze_text is None:
        return _fields(note.lead, renderer)
    lead = note.lead
    rendered = renderer.render(note.cloze_text, base=source_dir(lead), where=lead.source or lead.key)
    return CLOZE, [_cloze_html(rendered, keep_numbers=True), "", html.escape(shown_source(lead))]


def note_tags(note: AnkiNote) -> list[str]:
    """The tags of its cards; `tcpquiz::retired` once all of them are retired."""
    if len(note.cards) == 1:
        card = note.lead
        return list(_one_card_tags(card.tags, str(card.kind), card.state == CardState.RETIRED))
    tags = [tag for card in note.cards.values() for tag in anki_tags(card) if tag != RETIRED_TAG]
    return list(dict.fromkeys(tags)) + ([RETIRED_TAG] if note.retired else [])


@lru_cache(maxsize=4096)  # most notes share their tags
def _one_card_tags(tags: tuple[str, ...], kind: str, retired: bool) -> tuple[str, ...]:
    card_tags = [tag for tag in clean_tags(tags, kind, retired) if tag != RETIRED_TAG]
    return (*dict.fromkeys(card_tags), *((RETIRED_TAG,) if retired else ()))


def _fields(card: CardView, renderer: HtmlRenderer) -> tuple[NoteType, list[str]]:
    """The note type a card goes to, and its fields as HTML."""
    content = shown(card)
    base, where, root = source_dir(card), card.source or card.key, notes_root(card)

    def render(text: str) -> str:
        return renderer.render(text, base=base, where=where, root=root)

    source = html.escape(shown_source(card))
    if content.choices:
        choices = "".join(f'<div class="choice">{render(f"**{n}.** {choice}")}</div>'
                          for n, choice in enumerate(content.choices, start=1))
        answer = render(f"**{content.right_number}.** {content.back}")
        note_type, fields = CHOICE, [render(content.front), choices, answer, render(content.explanation), source]
    elif (marked := marked_cloze(card, content.front)) is not None:
        text = _cloze_html(render(marked))
        # The back of the cloze card already shows the filled-in text; repeat the
        # note's answer only when it says something more.
        same = "anki" in card.extra or content.back.strip() == cloze_answer(marked).strip()
        note_type, fields = CLOZE, [text, "" if same else render(content.back), source]
    else:
        note_type = SEQUENCE if card.kind == CardKind.SEQUENCE else BASIC
        fields = [render(content.front), render(content.back), source]
    if not re.sub(r"<[^>]*>", "", fields[0]).strip() and "<img" not in fields[0]:
        # A front that showed only images that are missing now: say what was there.
        fields[0] = f"<p>{html.escape(readable_front(content.front) or card.key)}</p>"
    return note_type, fields


def _cloze_html(rendered: str, *, keep_numbers: bool = False) -> str:
    """Turn the deletions in rendered HTML into Anki's `{{c1::...}}`, leaving code alone
    (`a == b` in a code span is code, not a highlight)."""
    parts = re.split(r"(<pre>.*?</pre>|<code>.*?</code>)", rendered, flags=re.S)
    return "".join(part if index % 2 else cloze_to_anki(part, keep_numbers=keep_numbers)
                   for index, part in enumerate(parts))


@dataclass(frozen=True)
class Progress:
    """What `--with-progress` carries for one studied card, in Anki's terms."""

    guid: str
    ord: int  # which card of the note
    interval: int  # days
    due: date
    factor: int  # ease in permille: SM-2's easiness 2.5 is Anki's 2500
    reps: int
    lapses: int
    suspended: bool  # a retired card


@dataclass(frozen=True)
class Progresses:
    cards: list[Progress]
    revlog: list[RevlogRow]


class _ProgressCollector:
    """What `--with-progress` carries, gathered deck by deck as the notes are written."""

    def __init__(self, review_counts: Mapping[int, int], log: Sequence[LoggedReview]) -> None:
        self._counts = review_counts
        self._log = log
        self._lapses = lapses(log)
        self._cards: list[Progress] = []
        self._places: dict[int, tuple[str, int]] = {}

    def add(self, notes: Sequence[AnkiNote]) -> None:
        self._places.update(anki_places(notes))
        self._cards += [
            Progress(note.guid, ordinal, max(1, card.schedule.interval), card.due,
                     round(card.schedule.easiness * 1000), self._counts.get(card.id, 0),
                     self._lapses.get(card.id, 0), card.state == CardState.RETIRED)
            for note in notes
            for ordinal, card in note.cards.items()
            if card.schedule is not None and card.due is not None
        ]

    def result(self) -> Progresses:
        return Progresses(cards=self._cards, revlog=revlog_rows(self._log, self._places))


def note_time(note: AnkiNote) -> int | None:
    """A note's modification time: when its cards last changed in tcpquiz, so that a
    re-export marks as newer only the notes that changed (Anki's "update if newer")."""
    changed = [card.updated_at.timestamp() for card in note.cards.values() if card.updated_at is not None]
    return int(max(changed)) if changed else None


class _CollectionWriter:
    """Notes and cards written straight into a collection of genanki's schema, a deck's
    notes in one executemany, rows exactly as genanki's own `write_to_db` writes them
    (one note with a card per template or cloze deletion, due in export order), the
    decks and note types last, by genanki. genanki's way, a Python object and two
    single-row INSERTs per note, cost more than everything else an export does."""

    def __init__(self, cursor: sqlite3.Cursor, now: datetime) -> None:
        from genanki.apkg_col import APKG_COL
        from genanki.apkg_schema import APKG_SCHEMA

        self._cursor = cursor
        self._timestamp = now.timestamp()  # genanki dates the notes and numbers ids from it
        self._ids = itertools.count(int(self._timestamp * 1000))
        self._models = {note_type: note_type.model() for note_type in NOTE_TYPES}
        # Which fields a front/back note type's card needs (genanki works it out from the template).
        self._required = {note_type: model._req for note_type, model in self._models.items() if not note_type.cloze}
        self.decks: dict[str, dict[NoteType, None]] = {}  # deck name -> its notes' types, in genanki's order
        self.notes = self.cards = self.studied = 0  # cards and studied: tcpquiz's cards
        cursor.executescript(APKG_SCHEMA)
        cursor.executescript(APKG_COL)

    def add(self, notes: Sequence[AnkiNote], fields_of: Callable[[AnkiNote], tuple[NoteType, list[str]]]) -> None:
        mod = int(self._timestamp)
        note_rows: list[tuple[Any, ...]] = []
        card_rows: list[tuple[Any, ...]] = []
        for note in notes:
            name = anki_deck_name(note.lead.deck)
            did = deck_id(name)
            note_type, fields = fields_of(note)
            self.decks.setdefault(name, {})[note_type] = None
            note_id = next(self._ids)
            changed = note_time(note)
            tags = note_tags(note)
            note_rows.append((note_id, note.guid, note_type.model_id, mod if changed is None else changed, -1,
                              " " + " ".join(tags) + " ", "\x1f".join(fields), fields[0], 0, 0, ""))
            # Anki shows new cards in `due` order: keep tcpquiz's deck order.
            card_rows += [(next(self._ids), note_id, did, ordinal, mod, -1, 0, 0, self.notes, 0, 0, 0, 0, 0, 0, 0, 0, "")
                          for ordinal in self._card_ordinals(note_type, fields)]
            self.notes += 1
            self.cards += len(note.cards)
            self.studied += sum(1 for card in note.cards.values() if card.schedule is not None)
        self._cursor.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", note_rows)
        self._cursor.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows)

    def _card_ordinals(self, note_type: NoteType, fields: list[str]) -> list[int]:
        """The cards genanki makes of a note: one per cloze number in a cloze note's text
        (none when it has none), else one per template whose required fields are filled."""
        if note_type.cloze:
            return sorted({int(n) - 1 for n in _CLOZE_NUMBER.findall(fields[0]) if int(n) > 0})
        return [ordinal for ordinal, any_or_all, required in self._required[note_type]
                if (any if any_or_all == "any" else all)(fields[i] for i in required)]

    def finish(self) -> None:
        """The decks and their note types, into the collection's `col` row."""
        import genanki

        for name, note_types in self.decks.items():
            deck = genanki.Deck(deck_id(name), name)
            for note_type in note_types:
                deck.add_model(self._models[note_type])
            deck.write_to_db(self._cursor, self._timestamp, self._ids)


_CLOZE_NUMBER = re.compile(r"{{c(\d+)::.+?}}", re.S)  # as genanki counts a cloze note's cards


def _write_progress(cursor: sqlite3.Cursor, progress: Progresses, now: datetime) -> None:
    # Rows are found by GUID: an index for that, dropped before the package is written
    # (without it, each lookup scans every note).
    cursor.execute("CREATE INDEX tcpquiz_notes_guid ON notes (guid)")
    if progress.cards:
        _carry_progress(cursor, progress.cards, study_day(now.astimezone()))
    if progress.revlog:
        _write_revlog(cursor, progress.revlog)
    cursor.execute("DROP INDEX tcpquiz_notes_guid")


def _zip_package(target: Path, collection: Path, media: Mapping[str, Path]) -> None:
    """The .apkg: a zip of the collection (an SQLite file), a media index and the media."""
    names = sorted(media)
    # The fastest deflate: a third of the default level's time, a package a fifth larger.
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.write(collection, "collection.anki2")
        archive.writestr("media", json.dumps({str(i): name for i, name in enumerate(names)}, ensure_ascii=False))
        for i, name in enumerate(names):
            archive.write(media[name], str(i))


def _minutes_west(moment: datetime) -> int:
    """How many minutes west of UTC an aware `moment`'s zone is, as Anki's `creationOffset` counts."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("a naive datetime has no UTC offset")
    return -int(offset.total_seconds() // 60)


def _carry_progress(cursor: sqlite3.Cursor, progress: list[Progress], today: date) -> None:
    """Make studied cards Anki review cards with tcpquiz's interval, due date, ease and reps.

    Anki stores a review card's due date as a day number counted from the collection's
    creation (`col.crt`), and its importer shifts that number by how far apart the two
    collections' "today" are. So the collection here is dated to a day no later than
    today (Anki counts no days before its creation) or any due date, told to count days by the local calendar with tcpquiz's
    04:00 rollover (Anki's newer day-counting, which is right across daylight-saving
    changes), and each due date is written as days from that day: the card comes due in
    Anki on the same calendar day as in tcpquiz, whenever the package is imported.
    tcpquiz has no same-day learning steps, so every studied card is a review card.
    """
    start = min(today, *(p.due for p in progress))
    created = datetime.combine(start, time(ROLLOVER_HOUR)).astimezone()
    (conf,) = cursor.execute("SELECT conf FROM col").fetchone()
    settings = json.loads(conf)
    settings.update(schedVer=2, rollover=ROLLOVER_HOUR,
                    creationOffset=_minutes_west(created))
    cursor.execute("UPDATE col SET crt = ?, conf = ?", (int(created.timestamp()), json.dumps(settings)))
    cursor.executemany(
        "UPDATE cards SET type = ?, queue = ?, ivl = ?, due = ?, factor = ?, reps = ?, lapses = ? "
        "WHERE ord = ? AND nid = (SELECT id FROM notes WHERE guid = ?)",
        [(ANKI_REVIEW, ANKI_SUSPENDED if p.suspended else ANKI_REVIEW, p.interval, (p.due - start).days, p.factor,
          p.reps, p.lapses, p.ord, p.guid) for p in progress],
    )


def _write_revlog(cursor: sqlite3.Cursor, rows: list[RevlogRow]) -> None:
    """Every answer as a revlog row of its card, so Anki's statistics and its FSRS
    optimiser start from the real history."""
    cursor.executemany(
        "INSERT OR IGNORE INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "SELECT ?, cards.id, -1, ?, ?, ?, ?, ?, ? FROM cards JOIN notes ON notes.id = cards.nid "
        "WHERE notes.guid = ? AND cards.ord = ?",
        [(r.id, r.ease, r.interval, r.last_interval, r.factor, r.time_ms, r.type, r.guid, r.ord) for r in rows],
    )
