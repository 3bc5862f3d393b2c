"""The importing process's store work: decks written straight to the driver exactly as
SQLAlchemy writes them; importing notes again tells the cards that did not change from
those that did without parsing their stored JSON; and the near-duplicate groups are
recomputed only when a sync changed cards since they were last computed (the mark is
written with the change)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, update

from tcpquiz.app import import_notes
from tcpquiz.cards import CardDraft, CardKind, DeckDraft
from tcpquiz.notes.source import NoteFile
from tcpquiz.store import Store
from tcpquiz.store import schema as t
from tcpquiz.store.groups import GROUPING_RULES
from tcpquiz.store.sync import GROUPS_CURRENT

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def deck(name: str, questions: list[str], extra: dict | None = None) -> DeckDraft:
    cards = tuple(CardDraft(key=f"{name}:{n}", deck=name, kind=CardKind.BASIC, front=question, back=f"Answer {n}.",
                            source=f"{name}.md:{n}", extra=extra or {}, tags=("tcp", name))
                  for n, question in enumerate(questions))
    return DeckDraft(key=f"test:{name}", name=name, source=f"{name}.md", text="", cards=cards)


LIBRARY = [deck("one", ["Why does TCP use a three-way handshake?", "What does RST do?"], {"form": "cause"}),
           deck("two", ["Why does TCP use a three way handshake", "What is TIME-WAIT for?"])]


def import_decks(store: Store, decks: list[DeckDraft]) -> list[tuple[str, int, int, int, int, int]]:
    notes = [NoteFile(Path(d.source), ()) for d in decks]
    report = import_notes(store, notes, decks)
    return [(r.deck, r.new, r.updated, r.unchanged, r.retired, r.restored) for r in report.results]


def groups(db_path: Path) -> dict[str, str | None]:
    with sqlite3.connect(db_path) as conn:
        return dict(conn.execute("SELECT key, group_key FROM cards WHERE key LIKE 'one:%' OR key LIKE 'two:%'"))


def stale(db_path: Path) -> bool:
    with sqlite3.connect(db_path) as conn:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (GROUPS_CURRENT,)).fetchone()
    return row is None or json.loads(row[0]) != GROUPING_RULES


def count_regroups(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    regroup = Store.regroup

    def counted(self: Store) -> int:
        calls.append(1)
        return regroup(self)

    monkeypatch.setattr(Store, "regroup", counted)
    return calls


def test_notes_imported_again_unchanged_are_not_regrouped(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    regroups = count_regroups(monkeypatch)
    with Store.open(db_path) as store:
        assert import_decks(store, LIBRARY) == [("one", 2, 0, 0, 0, 0), ("two", 2, 0, 0, 0, 0)]
        assert len(regroups) == 1 and not stale(db_path)
        first = groups(db_path)
        assert first["one:0"] == first["two:0"] == "one:0"  # the handshake question, in two decks
        assert import_decks(store, LIBRARY) == [("one", 0, 0, 2, 0, 0), ("two", 0, 0, 2, 0, 0)]
        assert len(regroups) == 1 and groups(db_path) == first
        # A question that changes is regrouped: deck two's handshake card leaves the group.
        edited = [LIBRARY[0], deck("two", ["What does the PSH flag ask for?", "What is TIME-WAIT for?"])]
        assert import_decks(store, edited) == [("one", 0, 0, 2, 0, 0), ("two", 0, 1, 1, 0, 0)]
        assert len(regroups) == 2
        assert set(groups(db_path).values()) == {None}


def test_an_import_stopped_before_its_regroup_leaves_the_next_one_the_work(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.sync_decks(LIBRARY, NOW)  # the import's decks are written; then it is killed
        assert stale(db_path) and set(groups(db_path).values()) == {None}
        # The same notes again: nothing changes in the decks, yet the groups are computed.
        assert import_decks(store, LIBRARY) == [("one", 0, 0, 2, 0, 0), ("two", 0, 0, 2, 0, 0)]
        assert not stale(db_path) and groups(db_path)["two:0"] == "one:0"


def test_a_library_grouped_by_older_rules_is_regrouped_at_its_next_import(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A library grouped by a tcpquiz from before the row, or by rules since changed: the
    same notes imported again, nothing changes in the decks, and the groups are computed."""
    with Store.open(db_path) as store:
        import_decks(store, LIBRARY)
        for value in (None, GROUPING_RULES - 1):
            with sqlite3.connect(db_path) as conn:
                conn.execute("DELETE FROM settings WHERE key = ?", (GROUPS_CURRENT,))
                if value is not None:
                    conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (GROUPS_CURRENT, json.dumps(value)))
                conn.execute("UPDATE cards SET group_key = NULL")
            regroups = count_regroups(monkeypatch)
            assert import_decks(store, LIBRARY) == [("one", 0, 0, 2, 0, 0), ("two", 0, 0, 2, 0, 0)]
            assert len(regroups) == 1 and not stale(db_path) and groups(db_path)["two:0"] == "one:0"


def test_a_deck_removed_or_brought_back_between_imports_regroups_the_next(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`decks remove` retires cards outside a sync: a retired card leaves its group at the
    next regroup, which the next import runs although its notes did not change."""
    with Store.open(db_path) as store:
        import_decks(store, LIBRARY)
        regroups = count_regroups(monkeypatch)
        store.remove_deck(next(d for d in store.deck_refs() if d.key == "test:two"), NOW)
        assert stale(db_path)
        import_decks(store, LIBRARY[:1])
        assert len(regroups) == 1 and groups(db_path)["one:0"] is None
        store.restore_deck(next(d for d in store.deck_refs(removed=True) if d.key == "test:two"))
        assert stale(db_path)
        import_decks(store, LIBRARY[:1])
        assert len(regroups) == 2 and groups(db_path)["one:0"] == groups(db_path)["two:0"] == "one:0"


def test_the_mark_is_not_the_users_data(db_path: Path) -> None:
    """The row saying the groups are current is tcpquiz's own: a restore over a library
    that holds only it and imported decks names the decks alone."""
    from tcpquiz.store.backup import INTERNAL_SETTINGS, user_data

    assert GROUPS_CURRENT in INTERNAL_SETTINGS
    with Store.open(db_path) as store:
        import_decks(store, [deck("one", ["Q1?"])])
        assert not stale(db_path)
        with store.engine.connect() as conn:
            assert user_data(conn) == ["1 imported deck"]


def test_stored_json_written_another_way_is_still_the_same_card(db_path: Path) -> None:
    """The text comparison is a shortcut: JSON that says the same in other spacing or key
    order is unchanged, and a change of extra or tags alone is an update."""
    with Store.open(db_path) as store:
        store.sync_decks([deck("one", ["Q1?", "Q2?"], {"form": "cause", "steps": ["a", "b"]})], NOW)
        with sqlite3.connect(db_path) as conn:
            conn.execute("UPDATE cards SET extra = ?, tags = ? WHERE key = 'one:0'",
                         (json.dumps({"steps": ["a", "b"], "form": "cause"}, separators=(",", ":")),
                          json.dumps(["tcp", "one"], indent=1)))
        same = store.sync(deck("one", ["Q1?", "Q2?"], {"form": "cause", "steps": ["a", "b"]}), NOW)
        assert (same.updated, same.unchanged) == (0, 2)
        other = store.sync(deck("one", ["Q1?", "Q2?"], {"form": "action", "steps": ["a", "b"]}), NOW)
        assert (other.updated, other.unchanged) == (2, 0)
        retagged = deck("one", ["Q1?", "Q2?"], {"form": "action", "steps": ["a", "b"]})
        retagged = DeckDraft(key=retagged.key, name="one", source="one.md", text="",
                             cards=(retagged.cards[0].__class__(**{**retagged.cards[0].__dict__, "tags": ("one",)}),
                                    retagged.cards[1]))
        tags = store.sync(retagged, NOW)
        assert (tags.updated, tags.unchanged) == (1, 1)
        card = next(c for c in store.cards() if c.key == "one:0")
        assert (card.extra, card.tags) == ({"form": "action", "steps": ["a", "b"]}, ("one",))


DECK_COLUMNS = "source, text, tags, lang, builtin, read_goal, renamed, created_at, updated_at, removed_at"


def test_decks_are_stored_as_sqlalchemy_stores_them(db_path: Path) -> None:
    """Sync writes a deck's row straight to the driver; the bytes must be those SQLAlchemy's
    own insert and update write, or reading them back would differ."""
    later = datetime(2026, 3, 5, 1, 2, 3, 456789, tzinfo=UTC)
    first = DeckDraft(key="test:d", name="D", source="notes/d.md", text="# D\n", cards=(), tags=("tcp", "握手"),
                      lang="zh", builtin=True)
    again = DeckDraft(key="test:d", name="D", source="notes/moved/d.md", text="# D again\n", cards=(),
                      tags=("tcp",), lang=None, builtin=False)
    with Store.open(db_path) as store:
        store.sync(first, NOW)
        with store.engine.begin() as conn:  # SQLAlchemy's own insert, for reference
            conn.execute(insert(t.decks), {"key": "test:ref", "name": "Ref", "source": first.source,
                                           "text": first.text, "tags": list(first.tags), "lang": first.lang,
                                           "builtin": first.builtin, "created_at": NOW, "updated_at": NOW})
        with sqlite3.connect(db_path) as conn:
            synced, reference = (conn.execute(f"SELECT {DECK_COLUMNS} FROM decks WHERE key = ?", (key,)).fetchone()
                                 for key in ("test:d", "test:ref"))
        assert synced == reference
        store.remove_deck(next(d for d in store.deck_refs() if d.key == "test:d"), NOW)
        store.sync(again, later)  # updated, and brought back from its removal
        with store.engine.begin() as conn:
            conn.execute(update(t.decks).where(t.decks.c.key == "test:ref").values(
                source=again.source, text=again.text, tags=list(again.tags), lang=again.lang,
                builtin=again.builtin, updated_at=later, removed_at=None))
        with sqlite3.connect(db_path) as conn:
            synced, reference = (conn.execute(f"SELECT {DECK_COLUMNS} FROM decks WHERE key = ?", (key,)).fetchone()
                                 for key in ("test:d", "test:ref"))
        assert synced == reference
        assert next(d for d in store.deck_refs() if d.key == "test:d").name == "D"
