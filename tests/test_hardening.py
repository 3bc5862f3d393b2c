"""Faults a learner's years of history must survive: concurrent reviews,
a full disk, a read-only data directory, a damaged file, and any input at all."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import child_env, running_in_group, tcpquiz_command, write_deck

CARDS = [(f"Hardening card {i}?", f"Answer {i}.") for i in range(1, 13)]



def integrity(db_path: Path) -> str:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def count(db_path: Path, table: str) -> int:
    with sqlite3.connect(db_path, timeout=30) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_two_reviews_at_once_lose_nothing(deck: Path, tcpquiz_home: Path, db_path: Path) -> None:
    """Two terminals reviewing the same database: every answer lands, nobody sees 'locked'."""
    reviews = [
        subprocess.Popen([*tcpquiz_command(), "review", "--deck", "Drill"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(tcpquiz_home))
        for _ in range(2)
    ]
    try:
        for review in reviews:  # both queues are built (12 cards each) before anyone answers
            assert review.stdout is not None
            while not review.stdout.readline().startswith("[1/12] Drill"):
                pass
        for _ in range(8):  # interleave the two sessions' writes as tightly as the pipes allow
            for review in reviews:
                assert review.stdin is not None
                review.stdin.write("4\n")
                review.stdin.flush()
        outputs = [review.communicate(timeout=60) for review in reviews]
    finally:
        for review in reviews:
            if review.poll() is None:
                review.kill()
    for review, (_out, err) in zip(reviews, outputs, strict=True):
        assert review.returncode == 0, err
        assert "locked" not in err.lower() and "Traceback" not in err
    assert count(db_path, "reviews") == 16
    assert integrity(db_path) == "ok"


def _fill_limit() -> None:
    """In the child: files may not grow past 256 KiB, and writing past it fails with EFBIG
    instead of killing the process, as a full disk fails a write."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


def test_full_disk_import_says_so_and_keeps_the_database(tmp_path: Path, tcpquiz_home: Path, run_tcpquiz,
                                                         db_path: Path) -> None:
    assert run_tcpquiz("decks").returncode == 0  # the library exists, built-in decks loaded
    decks_before = count(db_path, "decks")
    big = write_deck(tmp_path / "big.md", "Big", [(f"Question {i} {'x' * 200}?", "y" * 2000) for i in range(400)])
    result = subprocess.run([*tcpquiz_command(), "import", str(big)], capture_output=True, text=True,
                            env=child_env(tcpquiz_home), preexec_fn=_fill_limit, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "disk" in result.stderr and "Traceback" not in result.stderr
    assert integrity(db_path) == "ok"
    assert count(db_path, "decks") == decks_before  # the deck's sync was one transaction: nothing half-written


@contextmanager
def read_only_directory(files: dict[str, bytes]):
    """A directory holding `files` that this process's children cannot write to.

    As root, permission bits are no obstacle, so a tmpfs is mounted and remounted
    read-only (a real EROFS); as an ordinary user, the bits are enough."""
    home = Path(tempfile.mkdtemp(prefix="tcpquiz-ro-"))
    mounted = False
    try:
        if os.geteuid() == 0:
            if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(home)],
                              capture_output=True).returncode != 0:
                pytest.skip("running as root, and cannot mount a read-only file system here")
            mounted = True
        for name, data in files.items():
            (home / name).write_bytes(data)
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(home)], check=True)
        else:
            for name in files:
                (home / name).chmod(0o444)
            home.chmod(0o555)
        yield home
    finally:
        if mounted:
            subprocess.run(["umount", str(home)], check=False)
        else:
            home.chmod(stat.S_IRWXU)
            for path in home.iterdir():
                path.chmod(stat.S_IRWXU)
        shutil.rmtree(home, ignore_errors=True)


def test_read_only_data_directory(deck: Path, db_path: Path) -> None:
    """A data directory nobody may write: a clear message, the file untouched."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db_path.read_bytes()
    with read_only_directory({"tcpquiz.db": before}) as home:
        result = subprocess.run([*tcpquiz_command(), "review", "--deck", "Drill"], input="5\n",
                                capture_output=True, text=True, env=child_env(home), timeout=60)
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
        assert "read-only" in result.stderr or "cannot be opened" in result.stderr, result.stderr
        assert (home / "tcpquiz.db").read_bytes() == before


def test_damaged_page_is_reported_with_a_pointer_to_backups(deck: Path, run_tcpquiz, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(db_path.read_bytes())
    for page in range(2, len(data) // page_size):  # scramble every page but the first
        data[page * page_size : page * page_size + 64] = os.urandom(64)
    db_path.write_bytes(bytes(data))
    before = db_path.read_bytes()
    result = run_tcpquiz("stats", "--json")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "damaged" in result.stderr and "backup" in result.stderr
    assert "Traceback" not in result.stderr
    assert db_path.read_bytes() == before


def test_kill_9_during_import_leaves_a_whole_database(tmp_path: Path, tcpquiz_home: Path, db_path: Path,
                                                      run_tcpquiz) -> None:
    notes = tmp_path / "many"
    for n in range(300):  # several transactions' worth (each holds up to 2,000 cards)
        write_deck(notes / f"n{n:03}.md", f"Note {n}", [(f"N{n} question {i}?", f"Answer {i}.") for i in range(30)])
    run_tcpquiz("decks")
    before = count(db_path, "decks")
    importer = subprocess.Popen([*tcpquiz_command(), "import", str(notes)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=child_env(tcpquiz_home), start_new_session=True)
    deadline = time.monotonic() + 60
    while count(db_path, "decks") == before and time.monotonic() < deadline:  # some decks in, the rest to come
        time.sleep(0.01)
    importer.send_signal(signal.SIGKILL)
    importer.wait(timeout=10)
    assert running_in_group(importer.pid, within=5) == []  # its worker processes stop too
    assert integrity(db_path) == "ok"
    with sqlite3.connect(db_path) as conn:
        # Decks are written whole, several to a transaction: each is there with all 30 cards or not at all.
        sizes = conn.execute("SELECT count(c.id) FROM decks d LEFT JOIN cards c ON c.deck_id = d.id "
                             "WHERE d.name LIKE 'many::%' GROUP BY d.id").fetchall()
    assert 0 < len(sizes) < 300 and all(size == (30,) for size in sizes)
    again = run_tcpquiz("import", str(notes))
    assert again.returncode == 0  # and the import can simply be run again
    assert count(db_path, "reviews") == 0


review_lines = st.lists(
    st.one_of(
        st.sampled_from(["0", "1", "2", "3", "4", "5", "u", "q", "", " 5 ", "U", "Q"]),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=12),
    ),
    max_size=40,
)


@pytest.fixture(scope="module")
def fuzz_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library with a four-card deck, built once; each example works on copies of it."""
    home = tmp_path_factory.mktemp("fuzz-library")
    deck = write_deck(home / "fuzz.md", "Fuzz", CARDS[:4])
    env = child_env(home)
    subprocess.run([*tcpquiz_command(), "import", str(deck)], env=env, check=True, capture_output=True)
    with sqlite3.connect(home / "tcpquiz.db") as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return home / "tcpquiz.db"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=review_lines)
def test_any_review_input_is_handled(cli, fuzz_library: Path, tmp_path: Path, lines: list[str]) -> None:
    """Whatever a script types, review never crashes, and the same input gives the same answers."""
    results = []
    for _attempt in range(2):
        home = Path(tempfile.mkdtemp(dir=tmp_path))
        shutil.copy(fuzz_library, home / "tcpquiz.db")
        env = {"TCPQUIZ_HOME": str(home), "TCPQUIZ_NOW": "2026-11-21T10:00"}
        result = cli("review", "--deck", "Fuzz", input="".join(f"{line}\n" for line in lines), env=env)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        with sqlite3.connect(home / "tcpquiz.db") as conn:
            results.append(conn.execute(
                "SELECT c.front, r.quality, r.scheduled, r.id IN (SELECT review_id FROM review_undos) "
                "FROM reviews r JOIN cards c ON c.id = r.card_id ORDER BY r.id").fetchall())
        shutil.rmtree(home)
    assert results[0] == results[1]
