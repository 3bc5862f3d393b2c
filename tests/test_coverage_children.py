"""Coverage counts what only a child process runs: CI measures tcpquiz in every process
(pyproject.toml, tests/conftest.py), and a line run only in a child is counted."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, child_env, tcpquiz_command


@pytest.mark.skipif(not os.environ.get("COVERAGE_PROCESS_CONFIG"),
                    reason="coverage is measured in CI (CI=true) or with TCPQUIZ_COVERAGE=1")
def test_a_line_only_a_child_runs_is_counted(tcpquiz_home: Path) -> None:
    import coverage

    import tcpquiz

    # `python -m tcpquiz` runs __main__.py's last line; no test runs it in its own process.
    main_module = Path(tcpquiz.__file__).with_name("__main__.py")
    (child_line,) = [number for number, line in enumerate(main_module.read_text().splitlines(), 1)
                     if line.strip() == "main()"]
    child = subprocess.Popen([*tcpquiz_command(), "--version"], env=child_env(tcpquiz_home),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0 and out.startswith("tcpquiz "), err
    # The child saved its own data file, named for its pid, beside the run's, for the combine at the end.
    (saved,) = REPO.glob(f".coverage.*.pid{child.pid}.*")
    data = coverage.CoverageData(basename=str(saved))
    data.read()
    (measured,) = [name for name in data.measured_files() if Path(name).resolve() == main_module.resolve()]
    assert child_line in (data.lines(measured) or [])
