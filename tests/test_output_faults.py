"""Output that cannot be written: a full disk behind stdout, a reader that goes away."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import child_env, tcpquiz_command

FULL = Path("/dev/full")  # every write fails with ENOSPC


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [("--help",), ("stats",), ("cards", "--json"), ("fsm",)])
def test_a_full_disk_behind_stdout_is_one_sentence(tcpquiz_home: Path, args: tuple[str, ...]) -> None:
    with FULL.open("w") as full:
        done = subprocess.run([*tcpquiz_command(), *args], stdout=full, stderr=subprocess.PIPE, text=True,
                              env=child_env(tcpquiz_home), timeout=120)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "Error: The output could not be written: the disk it goes to is full."
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_a_reader_that_goes_away_ends_the_listing_quietly(tcpquiz_home: Path) -> None:
    child = subprocess.Popen([*tcpquiz_command(), "cards", "--json"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=child_env(tcpquiz_home))
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.read(1) == b"["  # then the reader goes, as `| head -c 1` does
    child.stdout.close()
    errors = child.stderr.read().decode()
    assert child.wait(timeout=120) in (0, 1)
    assert "Traceback" not in errors and "Exception ignored" not in errors
