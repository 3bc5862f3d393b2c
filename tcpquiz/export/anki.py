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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from tcpquiz.cards import CardKind
from tcpquiz.export.content import (
    RETIRED_TAG,
    AnkiNote,
    anki_deck_name,
    anki_notes,
    anki_places,
    anki_tags,
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

# Bump when the HTML of the fields changes: the next sync compares every note again.
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


def note_guid(card: CardView) -> str:
    """The note's GUID: the one the store fixed when the card was first made, so it
    survives every edit the store recognises as the same card."""
    return card.anki_guid or first_guid(card.key)


def deck_id(name: str) -> int:
    """A stable Anki deck id for a deck name (48 bits of a hash, clear of small ids)."""
    digest = hashlib.sha256(f"tcpquiz deck {name}".encode()).digest()
    return (1 << 48) | int.from_bytes(digest[:6], "big")


def export_apkg(
    cards: Sequence[CardView],
    path: Path,
    *,
    now: datetime,
    force: bool = False,
    review_counts: Mapping[int, int] | None = None,
    review_log: Sequence[LoggedReview] = (),
    advance: Callable[[], None] | None = None,
) -> ExportSummary:
    """Write `cards` to an .apkg at `path`.

    With `review_counts` (answers per card id), each studied card also carries its
    schedule: interval, due date, ease, review count and lapses, and every answer of
    `review_log` as a revlog row ("--with-progress").
    `advance` is called once per card, for a progress bar.
    """
    import genanki

    with atomic_output(path, force=force) as temp:
        renderer = HtmlRenderer()
        models = {note_type: note_type.model() for note_type in NOTE_TYPES}
        decks: dict[str, Any] = {}
        notes = []
        grouped = anki_notes(cards, note_guid)
        for position, anki_note in enumerate(grouped):
            name = anki_deck_name(anki_note.lead.deck)
            deck = decks.get(name)
            if deck is None:
                deck = decks[name] = genanki.Deck(deck_id(name), name)
            note_type, fields = note_fields(anki_note, renderer)
            # Anki shows new cards in `due` order: keep tcpquiz's deck order.
            note = genanki.Note(model=models[note_type], fields=fields, tags=note_tags(anki_note),
                                guid=anki_note.guid, due=position)
            deck.add_note(note)
            notes.append(note)
            for _card in anki_note.cards:
                if advance:
                    advance()
        package = genanki.Package(list(decks.values()))
        progress = None if review_counts is None else _progress(grouped, review_counts, review_log)
        _write_package(temp, package, renderer.media, now, progress, _note_times(grouped))
    return ExportSummary(
        decks=len(decks), notes=len(notes), cards=sum(len(note.cards) for note in notes),
        media=len(renderer.media), warnings=tuple(renderer.warnings),
    )


def note_fields(note: AnkiNote, renderer: HtmlRenderer) -> tuple[NoteType, list[str]]:
    """The note type of an Anki note and its fields as HTML (the sync compares them)."""
    if note.cloze_text is None:
        return _fields(note.lead, renderer)
    lead = note.lead
    rendered = renderer.render(note.cloze_text, base=source_dir(lead), where=lead.source or lead.key)
    return CLOZE, [_cloze_html(rendered, keep_numbers=True), "", html.escape(shown_source(lead))]


def note_tags(note: AnkiNote) -> list[str]:
    """The tags of its cards; `tcpquiz::retired` once all of them are retired."""
    tags = [tag for card in note.cards.values() for tag in anki_tags(card) if tag != RETIRED_TAG]
    return list(dict.fromkeys(tags)) + ([RETIRED_TAG] if note.retired else [])


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


def _progress(notes: Sequence[AnkiNote], review_counts: Mapping[int, int],
              log: Sequence[LoggedReview]) -> Progresses:
    lapse_counts = lapses(log)
    return Progresses(
        cards=[
            Progress(note.guid, ordinal, max(1, card.schedule.interval), card.due,
                     round(card.schedule.easiness * 1000), review_counts.get(card.id, 0),
                     lapse_counts.get(card.id, 0), card.state == CardState.RETIRED)
            for note in notes
            for ordinal, card in note.cards.items()
            if card.schedule is not None and card.due is not None
        ],
        revlog=revlog_rows(log, anki_places(notes)),
    )


def _note_times(notes: Sequence[AnkiNote]) -> dict[str, int]:
    """Each note's modification time: when its cards last changed in tcpquiz, so that a
    re-export marks as newer only the notes that changed (Anki's "update if newer")."""
    times: dict[str, int] = {}
    for note in notes:
        changed = [card.updated_at.timestamp() for card in note.cards.values() if card.updated_at is not None]
        if changed:
            times[note.guid] = int(max(changed))
    return times


def _write_package(target: Path, package: Any, media: Mapping[str, Path], now: datetime,
                   progress: Progresses | None, note_times: Mapping[str, int]) -> None:
    """The .apkg: a zip of the collection (an SQLite file), a media index and the media.

    genanki's own `write_to_file` cannot write scheduling, so the collection is built
    with its `write_to_db`, the schedules are set on it here, and the zip written after.
    """
    with tempfile.TemporaryDirectory(prefix="tcpquiz-apkg-") as folder:
        collection = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:
            cursor = connection.cursor()
            timestamp = now.timestamp()  # genanki dates the notes (Anki's "if newer") and numbers ids from it
            package.write_to_db(cursor, timestamp, itertools.count(int(timestamp * 1000)))
            # Rows are found by GUID below: an index for that, dropped before the package is
            # written (without it, each lookup scans every note).
            cursor.execute("CREATE INDEX tcpquiz_notes_guid ON notes (guid)")
            cursor.executemany("UPDATE notes SET mod = ? WHERE guid = ?",
                               [(mod, guid) for guid, mod in note_times.items()])
            if progress and progress.cards:
                _carry_progress(cursor, progress.cards, study_day(now.astimezone()))
            if progress and progress.revlog:
                _write_revlog(cursor, progress.revlog)
            cursor.execute("DROP INDEX tcpquiz_notes_guid")
            connection.commit()
        finally:
            connection.close()
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
