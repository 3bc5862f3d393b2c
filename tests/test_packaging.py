"""The wheel carries the migrations and the built-in decks; tcpquiz runs from it anywhere.
And the layers stay apart: the core imports no database, CLI or terminal library."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, unmeasured


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(REPO)],
        check=True, capture_output=True, timeout=300, env=unmeasured(),
    )
    (built,) = out.glob("tcpquiz-*.whl")
    return built


def test_wheel_contains_migrations_and_decks(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tcpquiz/alembic/env.py" in names
    assert any(n.startswith("tcpquiz/alembic/versions/0001") for n in names)
    for lang in ("zh", "en"):
        shipped = {n for n in names if n.startswith(f"tcpquiz/decks/{lang}/") and n.endswith(".md")}
        in_repo = {f"tcpquiz/decks/{lang}/{p.name}" for p in (REPO / "decks" / lang).glob("*.md")}
        assert shipped == in_repo and shipped
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_runs_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True, timeout=300, env=unmeasured())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(target), TCPQUIZ_HOME=str(tmp_path / "data"))

    def run(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tcpquiz", *args], input=input, capture_output=True,
                              text=True, env=env, cwd=elsewhere, timeout=120)

    probe = run("--version")
    assert probe.returncode == 0 and probe.stdout.strip().startswith("tcpquiz ")
    review = run("review", input="q\n")
    assert review.returncode == 0, review.stderr
    cards = json.loads(run("cards", "--json").stdout)
    assert cards and all(c["source"].startswith(("decks/", "engine:")) for c in cards)
    assert any(c["source"].startswith("engine:") for c in cards)  # the engine's generated decks
    where = subprocess.run(
        [sys.executable, "-c", "import tcpquiz.resources as r; print(r.migrations_dir()); print(r.decks_dir())"],
        capture_output=True, text=True, env=env, cwd=elsewhere, check=True)
    assert all(line.startswith(str(target)) for line in where.stdout.split())


@pytest.mark.skipif(shutil.which("tcpquiz") is None, reason="the tcpquiz console script is not installed")
def test_console_script() -> None:
    result = subprocess.run(["tcpquiz", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("tcpquiz ")


def loaded_modules(code: str) -> set[str]:
    """The modules loaded after running `code` in a fresh interpreter (listed on stderr,
    so that whatever the code prints does not mix in)."""
    listing = "import sys; print(' '.join(sys.modules), file=sys.stderr)"
    result = subprocess.run([sys.executable, "-c", f"{code}\n{listing}"],
                            capture_output=True, text=True, cwd=REPO, check=True)
    return set(result.stderr.split())


HEAVY = {"sqlalchemy", "alembic", "markdown_it", "genanki", "yaml", "fpdf"}


def test_help_imports_no_heavy_library() -> None:
    modules = loaded_modules("from tcpquiz.cli import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass")
    assert not HEAVY & {m.split(".")[0] for m in modules}


@pytest.mark.parametrize("package", ["tcpquiz.notes", "tcpquiz.engine", "tcpquiz.facts.check", "tcpquiz.scheduler.sm2",
                                     "tcpquiz.scheduler.clock"])
def test_core_packages_stay_pure(package: str) -> None:
    modules = loaded_modules(f"import {package}")
    top = {m.split(".")[0] for m in modules}
    assert not {"sqlalchemy", "alembic", "rich", "typer"} & top
    assert not {m for m in modules if m.startswith(("tcpquiz.store", "tcpquiz.cli", "tcpquiz.review"))}
