"""Opening a database: create, upgrade, refuse what is not ours, and stay cheap when current."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from tcpquiz.errors import NewerDatabaseError, NotADatabaseError
from tcpquiz.resources import migrations_dir
from tcpquiz.store import Store
from tcpquiz.store.migrate import HEAD, REVISIONS, DbState, inspect_database


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fresh_database_is_created_at_head(db_path: Path) -> None:
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"decks", "cards", "schedules", "reviews", "review_undos", "reads", "goals", "settings"} <= tables
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert inspect_database(db_path).state is DbState.CURRENT


def test_reopening_changes_nothing(db_path: Path) -> None:
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(db_path)
    Store.open(db_path).close()
    assert digest(db_path) == before


def test_current_database_does_not_import_alembic(db_path: Path) -> None:
    Store.open(db_path).close()
    code = (
        "import sys; from pathlib import Path; from tcpquiz.store import Store; "
        f"Store.open(Path({str(db_path)!r})).close(); "
        "print('alembic' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "False"


def test_revision_list_matches_alembic_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from tcpquiz.resources import migrations_dir

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    scripts = ScriptDirectory.from_config(config)
    chain = [rev.revision for rev in scripts.walk_revisions()][::-1]
    assert tuple(chain) == REVISIONS
    assert scripts.get_current_head() == HEAD


def test_schema_matches_the_migrations(db_path: Path) -> None:
    """The hand-written migrations create exactly the schema tcpquiz.store.schema describes."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from tcpquiz.store.schema import metadata

    store = Store.open(db_path)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    store.close()
    assert diff == []


def test_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello, not a database\n")
    before = digest(path)
    with pytest.raises(NotADatabaseError, match="not a tcpquiz database"):
        Store.open(path)
    assert digest(path) == before


def test_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    before = digest(path)
    with pytest.raises(NotADatabaseError, match="not a tcpquiz database"):
        Store.open(path)
    assert digest(path) == before


def test_newer_database_is_refused_untouched(db_path: Path) -> None:
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(db_path)
    with pytest.raises(NewerDatabaseError, match="newer tcpquiz"):
        Store.open(db_path)
    assert digest(db_path) == before


def test_truncated_database_is_refused_untouched(db_path: Path) -> None:
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 3])
    (db_path.parent / "tcpquiz.db-wal").unlink(missing_ok=True)
    before = digest(db_path)
    with pytest.raises(NotADatabaseError):
        s = Store.open(db_path)
        s.cards()
    assert digest(db_path) == before


def test_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    Store.open(path).close()
    assert inspect_database(path).state is DbState.CURRENT


def test_cli_reports_a_foreign_db_in_one_sentence(cli, tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(b"\x00" * 100)
    result = cli("--db", str(path), "stats")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_an_upgrade_keeps_every_row_and_copies_the_old_file_first(cli, tmp_path: Path, db_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A database with a review history, opened by a tcpquiz whose schema has moved on:
    the old file is copied before alembic touches it, and every row survives.

    tcpquiz has one revision so far, so the newer schema is made here: a copy of the
    migrations with one more revision, as the next release would ship it."""
    from conftest import write_deck
    from tcpquiz.store import migrate

    deck = write_deck(tmp_path / "d.md", "Drill", [("Q1?", "A1."), ("Q2?", "A2.")])
    cli("import", str(deck))
    cli("review", "--deck", "Drill", input="5\n2\n4\n")
    cli("goal", "add", "Listen to the chapter", "--target", "5")
    with sqlite3.connect(db_path) as conn:
        before = {table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                  for table in ("decks", "cards", "schedules", "reviews", "goals", "settings")}

    newer = tmp_path / "alembic"
    shutil.copytree(migrations_dir(), newer, ignore=shutil.ignore_patterns("__pycache__"))
    (newer / "versions" / "9001_next.py").write_text(
        '"""A later release adds a column."""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f"revision = '9001'\ndown_revision = '{migrate.HEAD}'\nbranch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade():\n    with op.batch_alter_table('cards') as batch:\n"
        "        batch.add_column(sa.Column('hint', sa.Text))\n\n\n"
        "def downgrade():\n    with op.batch_alter_table('cards') as batch:\n        batch.drop_column('hint')\n"
    )
    monkeypatch.setattr(migrate, "REVISIONS", (*migrate.REVISIONS, "9001"))
    monkeypatch.setattr(migrate, "HEAD", "9001")
    monkeypatch.setattr("tcpquiz.resources.migrations_dir", lambda: newer)

    Store.open(db_path).close()

    (copy,) = db_path.parent.glob(f"tcpquiz.db.before-9001-from-{REVISIONS[-1]}.bak")
    with sqlite3.connect(copy) as conn:  # the copy is the old database, whole
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (REVISIONS[-1],)
        assert conn.execute("SELECT count(*) FROM reviews").fetchone() == (len(before["reviews"]),)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("9001",)
        assert "hint" in [column[1] for column in conn.execute("PRAGMA table_info(cards)")]
        for table, rows in before.items():
            after = conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            if table == "cards":
                after = [row[:-1] for row in after]  # without the new column
            assert after == rows, table
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_0005_renames_decks_that_share_a_name_after_their_files_and_keeps_every_card(tmp_path: Path) -> None:
    """A library of the first schema, where two notes titled alike made two decks of one name."""
    from alembic.config import Config

    from alembic import command
    from tcpquiz.resources import migrations_dir
    from tcpquiz.store.db import make_engine

    path = tmp_path / "old.db"
    engine = make_engine(path)
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    stamp = "2026-11-01 08:00:00.000000"
    with sqlite3.connect(path) as conn:
        for deck_id, source in ((1, "notes/a/tcp.md"), (2, "notes/b/handshake.md"), (3, "notes/c/handshake.md")):
            conn.execute("INSERT INTO decks (id, key, name, source, text, tags, builtin, read_goal, created_at, "
                         "updated_at) VALUES (?, ?, 'dup::TCP', ?, '', '[]', 0, 60, ?, ?)",
                         (deck_id, f"file:{source}", source, stamp, stamp))
            conn.execute("INSERT INTO cards (key, deck_id, kind, front, back, extra, source, tags, position, "
                         "created_at, updated_at) VALUES (?, ?, 'basic', 'Q?', 'A.', '{}', ?, '[]', 0, ?, ?)",
                         (f"card{deck_id}", deck_id, source, stamp, stamp))

    Store.open(path).close()

    with sqlite3.connect(path) as conn:
        names = conn.execute("SELECT id, name, removed_at, renamed FROM decks ORDER BY id").fetchall()
        cards = conn.execute("SELECT deck_id FROM cards ORDER BY deck_id").fetchall()
    # The first keeps its name; the others take their file's name, and then their id.
    assert names == [(1, "dup::TCP", None, 0), (2, "dup::TCP (handshake)", None, 0), (3, "dup::TCP (3)", None, 0)]
    assert cards == [(1,), (2,), (3,)]


def test_the_upgrade_to_0002_gives_cards_the_guids_earlier_exports_gave(tmp_path: Path) -> None:
    """A database at 0001, whose cards Anki already knows by genanki's key-derived GUIDs."""
    import genanki
    from alembic.config import Config
    from sqlalchemy import create_engine

    from alembic import command

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "INSERT INTO decks (id, key, name, source, text, tags, builtin, read_goal, created_at, updated_at) "
            "VALUES (1, 'id:d', 'D', 'd.md', '', '[]', 0, 60, '2026-01-01 00:00:00', '2026-01-01 00:00:00')")
        for card_id, key in ((1, "id:d::/::basic::syn"), (2, "id:d::/::basic::fin")):
            connection.exec_driver_sql(
                "INSERT INTO cards (id, key, deck_id, kind, front, back, extra, source, tags, position, "
                "created_at, updated_at) VALUES (?, ?, 1, 'basic', 'Q', 'A', '{}', 'd.md:1', '[]', 0, "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00')", (card_id, key))
    engine.dispose()
    with Store.open(path) as store:
        guids = {card.key: card.anki_guid for card in store.cards()}
    assert guids == {key: genanki.guid_for("tcpquiz", key) for key in ("id:d::/::basic::syn", "id:d::/::basic::fin")}
