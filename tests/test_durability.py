"""Answers survive kill -9, and a review and `stats` can run at the same time."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from conftest import child_env, tcpquiz_command

CARDS = [(f"Card {i}?", f"Answer {i}.") for i in range(1, 11)]



def answer_count(db_path: Path) -> int:
    conn = sqlite3.connect(db_path, timeout=30)
    try:
        return conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    finally:
        conn.close()


def wait_for_answers(db_path: Path, count: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while answer_count(db_path) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"expected {count} answers, have {answer_count(db_path)}")
        time.sleep(0.05)


def start_review(home: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*tcpquiz_command(), "review", "--deck", "Drill"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=child_env(home),
    )


def test_kill_9_mid_review_keeps_answers_and_integrity(deck: Path, tcpquiz_home: Path, db_path: Path) -> None:
    review = start_review(tcpquiz_home)
    assert review.stdin is not None
    for given in range(1, 5):
        review.stdin.write("4\n")
        review.stdin.flush()
        wait_for_answers(db_path, given)
    os.kill(review.pid, signal.SIGKILL)  # with card 5 on screen
    review.wait(timeout=10)
    assert review.returncode == -signal.SIGKILL
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM reviews").fetchone() == (4,)
        assert conn.execute("SELECT count(*) FROM schedules").fetchone() == (4,)


def test_stats_while_a_review_is_open(deck: Path, tcpquiz_home: Path, db_path: Path, run_tcpquiz) -> None:
    review = start_review(tcpquiz_home)
    assert review.stdin is not None
    try:
        for given in range(1, 4):
            review.stdin.write("5\n")
            review.stdin.flush()
            wait_for_answers(db_path, given)
            stats = run_tcpquiz("stats", "--json", "--deck", "Drill")
            assert stats.returncode == 0, stats.stderr
            assert json.loads(stats.stdout)["reviews_today"] == given
        review.stdin.write("q\n")
        review.stdin.flush()
        out, err = review.communicate(timeout=20)
    finally:
        if review.poll() is None:
            review.kill()
    assert review.returncode == 0, err
    assert "3 cards seen" in out
