"""Shared fixtures: every test gets its own data directory under tmp_path."""

from __future__ import annotations

import inspect
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest
import typer
from typer.testing import CliRunner

if TYPE_CHECKING:
    import coverage

REPO = Path(__file__).resolve().parents[1]
SHARED_NOTES = REPO.parent / "shared" / "notes"


def cache_bytecode() -> None:
    """Where PYTHONDONTWRITEBYTECODE is set (as in many containers), every run compiled the
    test modules (pytest's assertion rewriting) and a checkout's tcpquiz again in each
    worker (collecting the pure tests took 3.0 s of CPU a process instead of 1.7). They are
    cached as Python does by default, in __pycache__ folders (.gitignore). Not in a separate `pycache_prefix`:
    Python would then look for every library's bytecode there too, and compile it again."""
    sys.dont_write_bytecode = False


cache_bytecode()


def measuring_coverage() -> bool:
    """Coverage is measured in CI (CI=true there) or when TCPQUIZ_COVERAGE=1 asks for it."""
    return os.environ.get("CI", "").lower() in ("true", "1") or os.environ.get("TCPQUIZ_COVERAGE") == "1"


def start_measuring() -> coverage.Coverage | None:
    """Start measuring coverage in this pytest process and, through coverage's `patch =
    subprocess` (pyproject.toml), in every Python process it starts: pytest-xdist's workers,
    and the tcpquiz children that run the review in a pseudo-terminal. A worker or a child needs
    nothing from here: the .pth hook coverage installs has measured it from its first line."""
    if not measuring_coverage() or os.environ.get("PYTEST_XDIST_WORKER"):
        return None
    import coverage

    if coverage.Coverage.current() is not None:
        return None
    for stale in REPO.glob(".coverage*"):
        stale.unlink()
    measure = coverage.Coverage(config_file=str(REPO / "pyproject.toml"), data_file=str(REPO / ".coverage"))
    measure.start()
    return measure


# Started as this conftest is imported, the first one: a conftest below it (tests/notes) imports
# tcpquiz, and pytest_configure comes only after it, too late for those modules' top lines.
MEASURE = start_measuring()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """An xdist worker saves what it measured now, before it tells the main process it is done.
    Left to its exit, the save is lost whenever the worker does not exit in time: a thread a
    test left running holds the interpreter open, or a loaded machine is slow, and xdist kills
    a worker that has not gone 10 s after the run (execnet's terminate), and coverage with it."""
    if not hasattr(session.config, "workerinput"):
        return
    import coverage

    measure = coverage.Coverage.current()
    if measure is not None:
        stop_import_helpers()
        measure.stop()
        measure.save()


def stop_import_helpers() -> None:
    """Stop the helper processes an in-process import started in this process, if any, and
    wait for them to exit: the fork server tcpquiz's import starts while another thread runs
    (tcpquiz.notes.parallel) and multiprocessing's resource tracker, which it starts with it.
    Both would live until this process exits and save their coverage data only then, while
    the main process may already be combining: it lists a file under the name it is written
    to, then finds it renamed after its data's hash ("Couldn't use data file ...: it doesn't
    exist"), and the fork server's lines are lost."""
    server = sys.modules.get("multiprocessing.forkserver")
    if server is not None:
        server._forkserver._stop()  # closes its pipe, which ends it, and waits (as CPython's own tests do)
    tracker = sys.modules.get("multiprocessing.resource_tracker")
    if tracker is not None:  # after the server, which holds the tracker's pipe open too
        tracker._resource_tracker._stop()


def unmeasured(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """`env` (this process's by default) for a Python child that runs no tcpquiz, such as pip
    or Anki's sync server: coverage's `patch = subprocess` would start it there too, to import
    coverage.py, trace every call of the child's own code for nothing, and save an empty file."""
    return {name: value for name, value in (os.environ if env is None else env).items()
            if name not in ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START")}


def coverage_here() -> coverage.Coverage | None:
    """The coverage measurement running in this process, if any."""
    module = sys.modules.get("coverage")  # imported wherever it measures: no import otherwise
    return module.Coverage.current() if module is not None else None


@contextmanager
def coverage_paused() -> Iterator[None]:
    """Coverage's tracer off in this process meanwhile, for a test that times tcpquiz's code:
    the tracer slows tcpquiz (measured) several times over and the libraries it is compared
    with (not measured) hardly at all."""
    measure = coverage_here()
    if measure is None:
        yield
        return
    measure.stop()
    try:
        yield
    finally:
        measure.start()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """The coverage of tcpquiz by the whole run, children included, at the end of the output."""
    measure = MEASURE
    if measure is None:
        return
    import io

    stop_import_helpers()  # run with `-n 0`, the tests ran here
    measure.stop()
    measure.save()
    measure.combine()
    report = io.StringIO()
    total = measure.report(file=report)
    terminalreporter.write_sep("-", f"coverage of tcpquiz, subprocesses included: {total:.0f}%")
    terminalreporter.write(report.getvalue())


# -- pure tests ---------------------------------------------------------------------------
# A test is pure when it starts no process, opens no pseudo-terminal or socket, drives no Anki
# and opens no library on disk: the parser, the engine, the scheduler and the renderers. They
# run in seconds (`pytest -m pure`, README). Nobody lists them: a test is pure unless it uses a
# fixture below, its module names one of the words below (a module that imports subprocess or
# anki, say), it is marked `impure`, or it is `slow` (kept out of the default run). A guard
# keeps that true: a pure test that starts a process or opens a socket fails, asking its author
# to mark it.
IMPURE_FIXTURES = frozenset({"cli", "deck", "db_path", "run_tcpquiz"})
IMPURE_WORDS = re.compile(r"\b(subprocess|pexpect|pty|socket|multiprocessing|load_notes|anki|Store|open_store|"
                          r"child_env|tcpquiz_command|record_read|exporttools|CliRunner)\b")
_module_is_impure: dict[Path, bool] = {}


def is_pure(item: pytest.Item) -> bool:
    if item.get_closest_marker("impure") or item.get_closest_marker("slow") \
            or IMPURE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        return False
    return not module_is_impure(Path(item.path))


def module_is_impure(path: Path) -> bool:
    if path not in _module_is_impure:
        _module_is_impure[path] = IMPURE_WORDS.search(path.read_text(encoding="utf-8")) is not None
    return _module_is_impure[path]


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """`pytest -m pure` does not import the modules that hold no pure test (Anki, SQLAlchemy
    and pypdf take seconds to import; collecting is 2.4 s of CPU a worker instead of 5.9)."""
    if config.option.markexpr == "pure" and collection_path.suffix == ".py" \
            and collection_path.name.startswith("test_") and module_is_impure(collection_path):
        return True
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "pure: set on every test that starts no process and opens no pty, socket, "
                                       "Anki collection or library (tests/conftest.py)")
    config.addinivalue_line("markers", "impure: this test is not pure, though nothing in its module says so")
    config.addinivalue_line("markers", "real_first_run: tcpquiz itself makes (or must not make) this test's library: "
                                       "no copy of a first run's library is put in its home (tests/conftest.py)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if is_pure(item):
            item.add_marker(pytest.mark.pure)


@pytest.fixture(autouse=True)
def pure_stays_pure(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a pure test, starting a process or opening a socket fails the test."""
    if request.node.get_closest_marker("pure") is None:
        return
    import pty
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail("a pure test started a process or opened a socket: mark it @pytest.mark.impure "
                    "(tests/conftest.py says what pure means)", pytrace=False)

    monkeypatch.setattr(subprocess.Popen, "_execute_child", refuse)
    monkeypatch.setattr(os, "fork", refuse)
    monkeypatch.setattr(os, "posix_spawn", refuse)
    monkeypatch.setattr(os, "system", refuse)
    monkeypatch.setattr(pty, "fork", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "bind", refuse)


# -- the library a first run builds, built once -----------------------------------------------
# Loading the built-in decks into a new library costs about a second of CPU (0.4 s in-process,
# 1 s more in a child that imports the parser for it), and most tests start on a new library.
# So the first command a test runs on its home's library finds there a copy of the library that
# first run built once for this process, as it would be built at that moment: built the normal
# way (app.open_store), with the same TCPQUIZ_NOW (the decks' and cards' times are the clock's),
# so the copy is the same file a first run would leave (tests/test_first_run_library.py
# compares them). A test of the first run itself is marked `real_first_run` and builds it for real.


class FirstRunLibraries:
    """The libraries a first run builds, one per TCPQUIZ_NOW the tests start on, built on demand."""

    def __init__(self) -> None:
        self.root: Path | None = None  # set by the session's first_run_libraries
        self.refused = False  # while a `real_first_run` test runs
        self.built: dict[str | None, Path] = {}

    def template(self, now: str | None) -> Path:
        """The library a first run at `now` (a TCPQUIZ_NOW, None for the real clock) leaves."""
        if now not in self.built:
            from tcpquiz.app import open_store

            path = cast(Path, self.root) / f"first-run-{len(self.built)}" / "tcpquiz.db"
            with pytest.MonkeyPatch.context() as patch:
                if now is None:
                    patch.delenv("TCPQUIZ_NOW", raising=False)
                else:
                    patch.setenv("TCPQUIZ_NOW", now)
                open_store(path).close()
            leftovers = [p.name for p in path.parent.iterdir() if p != path]
            assert not leftovers, f"closing the template library left {leftovers} beside it"
            self.built[now] = path
        return self.built[now]

    def place(self, env: Mapping[str, str | None], args: Sequence[str] = ()) -> None:
        """Before a tcpquiz command runs with `env` and `args`: when it would open its home's
        library and there is none yet, copy in the one first run would build."""
        home = env.get("TCPQUIZ_HOME")
        if self.refused or self.root is None or not home or any(arg == "--db" or arg.startswith("--db=") for arg in args):
            return
        db = Path(home) / "tcpquiz.db"
        if db.exists():
            return
        template = self.template(env.get("TCPQUIZ_NOW") or None)
        db.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, db)


FIRST_RUN = FirstRunLibraries()


@pytest.fixture(scope="session", autouse=True)
def first_run_libraries(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Where the libraries first run builds are kept (set first, so module fixtures use them too)."""
    FIRST_RUN.root = tmp_path_factory.mktemp("first-run-libraries")


@pytest.fixture(autouse=True)
def tcpquiz_home(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[Path]:
    FIRST_RUN.refused = request.node.get_closest_marker("real_first_run") is not None
    if request.node.get_closest_marker("pure") is not None \
            and "tcpquiz_home" not in inspect.signature(request.function).parameters:
        # A pure test opens no library, so it gets no folder: each tmp_path costs a few
        # milliseconds (pytest lists the run's folder of folders for each), 1,700 times over.
        # Its home is under a file, so a write there fails instead of being shared.
        home = no_home()
    else:
        home = cast(Path, request.getfixturevalue("tmp_path")) / "home"
    monkeypatch.setenv("TCPQUIZ_HOME", str(home))
    monkeypatch.delenv("TCPQUIZ_NOW", raising=False)
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "100")
    yield home
    FIRST_RUN.refused = False


def no_home() -> Path:
    """A home no test can write to: a path under a regular file."""
    blocker = cast(Path, FIRST_RUN.root).parent / "pure-tests-have-no-home"
    if not blocker.exists():
        blocker.write_text("A pure test opens no library (tests/conftest.py).\n")
    return blocker / "home"


@pytest.fixture
def db_path(tcpquiz_home: Path) -> Path:
    return tcpquiz_home / "tcpquiz.db"


def registration(app: typer.Typer) -> tuple[int, ...]:
    """What typer builds a click command from: the app's commands and groups, theirs in turn."""
    key = [id(app), *map(id, app.registered_commands)]
    for group in app.registered_groups:
        key.append(id(group))
        if group.typer_instance is not None:
            key += registration(group.typer_instance)
    return tuple(key)


def build_click_command_once() -> None:
    """typer's CliRunner builds the click command from the typer app again on every call:
    every command's options, from their signatures, about 40 ms (half of what a walk of the
    commands spends in-process). A learner's process builds it once; so do the tests, once
    a process for as long as the app registers the same commands and groups."""
    import typer.testing

    build = typer.main.get_command
    built: dict[tuple[int, ...], Any] = {}

    def get_command(typer_instance: typer.Typer) -> Any:
        key = registration(typer_instance)
        if key not in built:
            built[key] = build(typer_instance)
        return built[key]

    typer.testing._get_command = get_command


build_click_command_once()


@pytest.fixture
def cli() -> Callable[..., object]:
    """Run a tcpquiz command in-process with typer's CliRunner; returns the Result."""
    from tcpquiz.cli import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        FIRST_RUN.place({**os.environ, **(env or {})}, args)
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


def tcpquiz_command() -> list[str]:
    """The command that runs tcpquiz in a child process: the tcpquiz these tests import (see
    child_env). `-P`: `python -m` would put the working directory first on the path, and from
    the repository that is the checkout, not the installed package CI tests."""
    return [sys.executable, "-P", "-m", "tcpquiz"]


def child_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for a child tcpquiz: the same tcpquiz these tests import
    (the installed package, or this checkout when run from source). If `home` holds no library
    yet, it gets the one a first run builds (FIRST_RUN)."""
    return command_env(home, extra, ())


def command_env(home: Path, extra: Mapping[str, str], args: Sequence[str]) -> dict[str, str]:
    """child_env, for a child that runs tcpquiz with `args` (a `--db` elsewhere gets no library at home)."""
    import tcpquiz

    env = dict(os.environ, TCPQUIZ_HOME=str(home), **extra)
    env["PYTHONPATH"] = str(Path(tcpquiz.__file__).resolve().parents[1])
    if "TCPQUIZ_NOW" not in extra:
        env.pop("TCPQUIZ_NOW", None)
    FIRST_RUN.place(env, args)
    return env


@pytest.fixture
def run_tcpquiz(tcpquiz_home: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run tcpquiz in a child process (the real entry point); returns the CompletedProcess."""

    def run(*args: str, input: str | None = None, timeout: float = 60, **env: str):
        return subprocess.run(
            [*tcpquiz_command(), *args], input=input, capture_output=True, text=True,
            env=command_env(tcpquiz_home, env, args), timeout=timeout,
        )

    return run


def write_deck(path: Path, title: str, cards: list[tuple[str, str]], preamble: str = "") -> Path:
    """Write a notes file in the explicit Q:/A: syntax."""
    body = [f"# {title}", "", preamble, ""]
    for question, answer in cards:
        body += [f"Q: {question}", f"A: {answer}", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(body), encoding="utf-8")
    return path


@pytest.fixture
def deck(cli, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """The test module's CARDS (and PREAMBLE, if any), imported as the deck "Drill"."""
    path = write_deck(tmp_path / "deck.md", "Drill", request.module.CARDS,
                      preamble=getattr(request.module, "PREAMBLE", ""))
    assert cli("import", str(path)).exit_code == 0
    return path


def running_in_group(group: int, within: float) -> list[str]:
    """The processes of a process group still running after up to `within` seconds (zombies
    do not count: whether they are reaped is up to the machine's init)."""
    import time

    deadline = time.monotonic() + within
    while True:
        listing = subprocess.run(["ps", "-o", "pid=,stat=,args=", "-g", str(group)], capture_output=True,
                                 text=True).stdout
        running = [line for line in listing.splitlines() if line.split()[1][0] != "Z"]
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.1)


def ctrl_c_as_in_a_terminal() -> None:
    """In a child (preexec_fn): Ctrl-C as a shell's foreground job gets it. A test run
    started in the background (`cmd &` in a script) ignores SIGINT, and its children
    would inherit that, as no user's terminal session does."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def record_read(db: Path, deck_name: str, when: str) -> None:
    """A read of a deck's note at `when` (an ISO time, local if it has no offset), as paging
    to its end in a terminal records it (that path runs in tests/test_review_pty.py)."""
    from datetime import datetime

    from tcpquiz.store import Store

    with Store.open(db) as store:
        (deck,) = [d for d in store.deck_refs() if d.name == deck_name]
        store.add_read(deck.id, datetime.fromisoformat(when).astimezone(UTC))
