"""tcpquiz's benchmarks: one command, one table, measured the same way every time.

    python benchmarks/run.py            # a few minutes
    python benchmarks/run.py --quick    # fewer repetitions
    python benchmarks/run.py --data DIR # keep the generated data in DIR and reuse it

It builds its own data (notes, a large database, an export database), then runs each
case several times, each run of a case next to a run of its floor (case, floor, floor,
case, ...), so that both see the same machine, and prints the median times, their
ratio, tcpquiz's CPU time (all its processes: import parses on every core) and the peak
memory (the child's max RSS, from os.wait4) with every target marked met or missed.
Machines are noisy; the ratios are what to compare.

The CLI runs as `python -m tcpquiz` from this checkout, with TCPQUIZ_HOME pointing at
the benchmark's data, never at yours.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

from generate import Layout  # noqa: E402  (benchmarks/generate.py; imports only the standard library)

PY = sys.executable


@dataclass(frozen=True)
class Command:
    label: str
    argv: list[str]
    stdin: bytes | None = None
    setup: Callable[[], None] | None = None  # before each run, not timed
    check: Callable[[str], None] | None = None  # given stdout; raises if the run did not do its job
    until: str | None = None  # time the run until this text first appears in its output (spawn.py --until)
    tty: bool = False  # run in a pseudo-terminal; stdin is typed once `until` has appeared
    extra_env: dict[str, str] = field(default_factory=dict)  # set for this command only


@dataclass
class Sample:
    seconds: float  # until the command's `until` text appeared, if it has one; else until it ended
    cpu_seconds: float  # all cores together: import parses on every core
    rss_mb: float


@dataclass
class Case:
    name: str
    command: Command
    floor: Command | None = None
    max_ratio: float | None = None
    max_cpu_ratio: float | None = None  # tcpquiz's CPU time over the floor's
    max_seconds: float | None = None
    max_rss_mb: float | None = None
    slow: bool = False  # fewer repetitions
    # A start-up of a fraction of a second: --quick still runs it as often as a full run does,
    # as three runs on a loaded machine gave ratios from 1.17x to 1.74x for the same code.
    startup: bool = False
    full_only: bool = False  # too slow for --quick: left out of it unless --only names it
    samples: list[Sample] = field(default_factory=list)
    floor_samples: list[Sample] = field(default_factory=list)


def run(command: Command, env: dict[str, str]) -> Sample:
    """Run a command once, through spawn.py: its wall time, CPU time and peak memory."""
    if command.setup:
        command.setup()
    with tempfile.TemporaryDirectory(prefix="tcpquiz-run-") as temp:
        report = Path(temp) / "report.json"
        out, err = Path(temp) / "stdout", Path(temp) / "stderr"
        options = (["--until", command.until] if command.until else []) + (["--tty"] if command.tty else [])
        with out.open("wb") as stdout, err.open("wb") as stderr:
            subprocess.run([PY, "-I", "-S", str(HERE / "spawn.py"), str(report), *options, *command.argv],
                           input=command.stdin,
                           stdin=subprocess.DEVNULL if command.stdin is None else None,
                           stdout=stdout, stderr=stderr, env={**env, **command.extra_env}, cwd=ROOT, check=True)
        result = json.loads(report.read_text())
        output = out.read_text(errors="replace")
        if result["exit"] != 0:
            raise SystemExit(f"{command.label} failed ({result['exit']}):\n{output[-2000:]}\n"
                             f"{err.read_text(errors='replace')[-2000:]}")
    if command.check:
        command.check(output)
    if command.until and result["until_seconds"] is None:
        raise SystemExit(f"{command.label}: {command.until!r} never appeared in the output:\n{output[-2000:]}")
    seconds = result["until_seconds"] if command.until else result["seconds"]
    return Sample(seconds, result["cpu_seconds"], result["maxrss_kib"] / 1024)  # ru_maxrss: KiB on Linux


def measure(case: Case, reps: int, env: dict[str, str]) -> None:
    """A warm-up run of each (not counted: file caches, .pyc files), then `reps` runs of each,
    interleaved and alternating which goes first."""
    run(case.command, env)
    if case.floor:
        run(case.floor, env)
    for rep in range(reps):
        order = [(case.command, case.samples)]
        if case.floor:
            order.append((case.floor, case.floor_samples))
        for command, samples in order if rep % 2 == 0 else reversed(order):
            samples.append(run(command, env))


# -- the data -------------------------------------------------------------------------------


def cli(*args: str) -> list[str]:
    return [PY, "-m", "tcpquiz", *args]


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("TCPQUIZ_NOW", None)
    env["TCPQUIZ_HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    # Bytecode as an installed tcpquiz has it (pip compiles a wheel's modules): written on
    # the warm-up run, beside the data rather than in the checkout. Without it, every run
    # compiles tcpquiz's sources again while the floor's typer loads its bytecode.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home.parent / "pycache")
    return env


def build_data(layout: Layout) -> dict:
    """Build the data in a process of its own, so that this one stays small."""
    subprocess.run([PY, str(HERE / "generate.py"), str(layout.root)], check=True, cwd=ROOT,
                   env=child_env(layout.home))
    return json.loads(layout.ready.read_text())


# -- the cases ----------------------------------------------------------------------------


def expect(text: str) -> Callable[[str], None]:
    def check(stdout: str) -> None:
        if text not in stdout:
            raise SystemExit(f"expected {text!r} in the output, got:\n{stdout[-2000:]}")
    return check


def shows_a_card(stdout: str) -> None:
    if "Nothing to review" in stdout or "No cards answered" not in stdout:
        raise SystemExit(f"the review showed no card:\n{stdout[-2000:]}")


def fresh_copy(template: Path, target: Path) -> Callable[[], None]:
    def setup() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(template, target)
    return setup


def removed(path: Path) -> Callable[[], None]:
    return lambda: path.unlink(missing_ok=True)


def not_rendered(db: Path, output: Path) -> Callable[[], None]:
    """No package yet, and none of the fields earlier exports stored (tcpquiz.export.stored):
    the first export after an import."""
    def setup() -> None:
        import sqlite3

        output.unlink(missing_ok=True)
        conn = sqlite3.connect(db)
        try:
            conn.execute("DELETE FROM anki_html")
            conn.commit()
        finally:
            conn.close()
    return setup


def anki_installed() -> bool:
    return subprocess.run([PY, "-c", "import anki"], capture_output=True).returncode == 0


def without_collection(path: Path) -> Callable[[], None]:
    """A first push: no collection, and none of the media Anki keeps beside it."""
    def setup() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(path.with_suffix(".media"), ignore_errors=True)
        path.with_suffix(".media.db2").unlink(missing_ok=True)
    return setup


def pushed_once(path: Path, env_home: Path) -> Callable[[], None]:
    """A collection that already holds the built-in decks: the sync after it has nothing to do."""
    def setup() -> None:
        if not path.exists():
            subprocess.run(cli("sync", "anki", "--collection", str(path)), check=True, cwd=ROOT,
                           env=child_env(env_home), capture_output=True)
    return setup


def sync_cases(data: Layout, info: dict) -> list[Case]:
    """`tcpquiz sync anki`, when the anki extra is installed: the sync runs in Anki's own engine."""
    if not anki_installed():
        print("The anki package is not installed: the sync cases are left out.", file=sys.stderr)
        return []
    built_in, large = data.root / "sync-builtin.anki2", data.root / "sync-push.anki2"
    n_export = info["export_cards"]
    return [
        Case("sync anki, built-in decks, nothing changed",
             Command("tcpquiz sync anki", cli("sync", "anki", "--collection", str(built_in)),
                     setup=pushed_once(built_in, data.home), check=expect("Already in step")),
             max_seconds=2.0),
        Case(f"sync anki, first push of {n_export:,} cards",
             Command("tcpquiz sync anki",
                     cli("--db", str(data.export_db), "sync", "anki", "--deck", "notes", "--collection", str(large)),
                     setup=without_collection(large), check=expect(f"{n_export} notes added")),
             max_seconds=30.0, slow=True),
    ]


def first_card(place: str, args: list[str], *, tty: bool, floor: Command, max_rss_mb: float | None = None) -> Case:
    """The review's first card: the time until it is on screen, in a terminal or scripted."""
    how = "terminal" if tty else "scripted"
    command = Command(f"review, {place}, {how}", cli(*args, "review"), stdin=b"q" if tty else b"q\n",
                      until="Question" if tty else "Q: ", tty=tty, check=shows_a_card)
    return Case(f"first card on screen, {place}, {how}", command, floor, max_ratio=1.6, max_rss_mb=max_rss_mb,
                startup=True)


def completion(what: str, line: str, offered: str, floor: Command) -> Case:
    """A Tab press in bash: the shell runs tcpquiz with the command line in the environment
    (typer's protocol) and offers what it prints. Each press is a start-up of its own."""
    words = line.split(" ")
    command = Command(f"completion of {what}", cli(), check=expect(offered), extra_env={
        "_TCPQUIZ_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)})
    return Case(f"shell completion of {what} (Tab)", command, floor, max_ratio=1.3, startup=True)


def cases(data: Layout, info: dict) -> list[Case]:
    large = ["--db", str(data.large_db)]
    typer_floor = Command("import typer", [PY, "-c", "import typer"])
    imported = data.root / "import.db"
    restored, floor_restored = data.root / "restore.db", data.root / "floor-restore.db"
    sheet = data.root / "sheet.html"
    apkg, floor_apkg = data.root / "export.apkg", data.root / "floor.apkg"
    n_export, n_large = info["export_cards"], info["export_large_cards"]
    return [
        Case("`tcpquiz --help`",
             Command("tcpquiz --help", cli("--help"), check=expect("Usage")), typer_floor, max_ratio=1.3,
             startup=True),
        completion("a command's name", "tcpquiz rev", "review", typer_floor),
        completion("a deck's name", "tcpquiz review --deck TCP", "TCP state machine", typer_floor),
        first_card("built-in decks", [], tty=False, floor=typer_floor),
        first_card("built-in decks", [], tty=True, floor=typer_floor),
        first_card("large database", large, tty=False, floor=typer_floor, max_rss_mb=150),
        first_card("large database", large, tty=True, floor=typer_floor, max_rss_mb=150),
        Case("`stats --json`, large database",
             Command("stats --json, large database", cli(*large, "stats", "--json"), check=expect('"today"')),
             typer_floor, max_ratio=3.0, max_rss_mb=150, startup=True),
        Case("`cards --json`, large database",
             Command("cards --json, large database", cli(*large, "cards", "--json"), check=expect('"key"')),
             typer_floor, max_seconds=1.5),
        Case("cheat sheet (HTML), large database",
             Command("cheatsheet, large database", cli(*large, "cheatsheet", "-o", str(sheet), "--force"),
                     check=expect("Wrote the cheat sheet")),
             typer_floor, max_seconds=1.0),
        Case("backup, large database",
             Command("tcpquiz backup", cli(*large, "backup", "-o", str(data.root / "backup.json"), "--force"),
                     check=expect("Backed up")),
             Command("stdlib JSON writer", [PY, str(HERE / "floor_backup.py"), str(data.large_db),
                                            str(data.root / "floor-backup.json")]),
             max_ratio=1.5, max_rss_mb=120, slow=True),
        Case("restore, large database",
             Command("tcpquiz restore", cli("--db", str(restored), "restore", str(data.large_backup), "--replace"),
                     setup=fresh_copy(data.import_template, restored), check=expect("Restored")),
             Command("stdlib JSON reader", [PY, str(HERE / "floor_restore.py"), str(floor_restored),
                                            str(data.large_backup)],
                     setup=fresh_copy(data.import_template, floor_restored)),
             max_ratio=1.5, max_rss_mb=120, slow=True),
        Case("import 1,000 notes",
             Command("tcpquiz import", cli("--db", str(imported), "import", str(data.notes)),
                     setup=fresh_copy(data.import_template, imported), check=expect("Imported 1000 decks")),
             Command("parse-only", [PY, str(HERE / "floor_parse.py"), str(data.notes)]),
             max_ratio=2.0, max_cpu_ratio=2.5, slow=True),
        Case(f"export {n_export:,} cards to .apkg",
             Command("tcpquiz export anki",
                     cli("--db", str(data.export_db), "export", "anki", "--deck", "notes", "-o", str(apkg)),
                     setup=removed(apkg), check=expect(f"{n_export} cards")),
             Command("genanki-only", [PY, str(HERE / "floor_genanki.py"), str(data.export_cards), str(floor_apkg)],
                     setup=removed(floor_apkg)),
             max_ratio=1.5, slow=True),
        # The first export after an import renders every card; the ones after it only what changed.
        Case(f"export {n_export:,} cards to .apkg, none rendered before",
             Command("tcpquiz export anki",
                     cli("--db", str(data.export_db), "export", "anki", "--deck", "notes", "-o", str(apkg)),
                     setup=not_rendered(data.export_db, apkg), check=expect(f"{n_export} cards")),
             Command("genanki-only", [PY, str(HERE / "floor_genanki.py"), str(data.export_cards), str(floor_apkg)],
                     setup=removed(floor_apkg)),
             slow=True),
        Case(f"export {n_large:,} cards to .apkg",
             Command("tcpquiz export anki",
                     cli("--db", str(data.export_large_db), "export", "anki", "--deck", "notes", "-o", str(apkg)),
                     setup=removed(apkg), check=expect(f"{n_large} cards")),
             Command("genanki-only", [PY, str(HERE / "floor_genanki.py"), str(data.export_large_cards),
                                      str(floor_apkg)],
                     setup=removed(floor_apkg)),
             max_ratio=1.5, max_rss_mb=200, slow=True, full_only=True),
        *sync_cases(data, info),
    ]


# -- the table ------------------------------------------------------------------------------


def median(samples: list[Sample]) -> float:
    return statistics.median(s.seconds for s in samples)


def median_cpu(samples: list[Sample]) -> float:
    return statistics.median(s.cpu_seconds for s in samples)


def peak(samples: list[Sample]) -> float:
    return max(s.rss_mb for s in samples)


def verdict(case: Case) -> tuple[str, str]:
    """(target, met or missed) for one case."""
    targets, missed = [], []
    seconds = median(case.samples)
    if case.max_ratio is not None:
        targets.append(f"≤ {case.max_ratio:g}x")
        if seconds / median(case.floor_samples) > case.max_ratio:
            missed.append("time")
    if case.max_cpu_ratio is not None:
        targets.append(f"CPU ≤ {case.max_cpu_ratio:g}x")
        if median_cpu(case.samples) / median_cpu(case.floor_samples) > case.max_cpu_ratio:
            missed.append("CPU")
    if case.max_seconds is not None:
        targets.append(f"< {case.max_seconds:g} s")
        if seconds >= case.max_seconds:
            missed.append("time")
    if case.max_rss_mb is not None:
        targets.append(f"< {case.max_rss_mb:g} MB")
        if peak(case.samples) >= case.max_rss_mb:
            missed.append("memory")
    if not targets:
        return "—", "—"  # a case measured for comparison only: nothing to meet
    return ", ".join(targets), "met" if not missed else "**missed** (" + ", ".join(missed) + ")"


def table(all_cases: list[Case]) -> str:
    rows = [["case", "tcpquiz", "floor", "floor time", "ratio", "tcpquiz CPU", "floor CPU", "peak RSS", "floor RSS",
             "target", "result"], ["---"] * 11]
    for case in all_cases:
        seconds = median(case.samples)
        target, result = verdict(case)
        cpu = f"{median_cpu(case.samples):.2f} s"
        if case.floor:
            floor_seconds = median(case.floor_samples)
            floor = [case.floor.label, f"{floor_seconds:.3f} s", f"{seconds / floor_seconds:.2f}x", cpu,
                     f"{median_cpu(case.floor_samples):.2f} s", f"{peak(case.samples):.0f} MB",
                     f"{peak(case.floor_samples):.0f} MB"]
        else:
            floor = ["—", "—", "—", cpu, "—", f"{peak(case.samples):.0f} MB", "—"]
        rows.append([case.name, f"{seconds:.3f} s", *floor, target, result])
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


# -- the scaling table --------------------------------------------------------------------------

SCALES = ((1_000, 10_000), (10_000, 100_000), (100_000, 1_000_000))  # (cards, reviews)


def scaling(data: Layout, reps: int, env: dict[str, str], only: str | None = None) -> str:
    """Each command on libraries of 1k, 10k and 100k cards (10k, 100k and 1M reviews): wall
    time, CPU time and peak memory (medians of `reps` runs; the peak is the highest), to
    show how each one grows."""
    columns = []
    for cards, reviews in SCALES:
        db = data.large_db if cards == 100_000 else data.root / f"scale-{cards}.db"
        subprocess.run([PY, str(HERE / "generate.py"), "--scaled", str(db), str(cards), str(reviews)], check=True,
                       cwd=ROOT, env=env)
        columns.append((f"{cards // 1000}k cards, {reviews // 1000:,}k reviews", db))
    commands = {
        "first card on screen (scripted review)":
            lambda db: Command("review", cli("--db", str(db), "review"), stdin=b"q\n", until="Q: ",
                               check=shows_a_card),
        "`stats --json`": lambda db: Command("stats", cli("--db", str(db), "stats", "--json")),
        "`cards --json`": lambda db: Command("cards", cli("--db", str(db), "cards", "--json")),
        "cheat sheet (HTML)": lambda db: Command("cheatsheet", cli("--db", str(db), "cheatsheet", "-o",
                                                                    str(data.root / "scale-sheet.html"), "--force")),
        "backup": lambda db: Command("backup", cli("--db", str(db), "backup", "-o",
                                                   str(data.root / "scale-backup.json"), "--force")),
        "restore (into a used database)": lambda db: Command(
            "restore", cli("--db", str(data.root / "scale-restore.db"), "restore", str(backup_of(db)), "--replace"),
            setup=fresh_copy(data.import_template, data.root / "scale-restore.db")),
    }

    def backup_of(db: Path) -> Path:
        """A backup of the library (made once, not timed), for restore to read."""
        path = data.large_backup if db == data.large_db else db.with_suffix(".backup.json")
        if not path.exists():
            subprocess.run(cli("--db", str(db), "backup", "-o", str(path)), check=True, cwd=ROOT, env=env,
                           capture_output=True)
        return path

    rows = [["command", *(name for name, _ in columns)], ["---"] * (1 + len(columns))]
    for label, make in commands.items():
        if only and only.lower() not in label.lower():
            continue
        cells = []
        for _name, db in columns:
            command = make(db)
            run(command, env)  # warm-up
            samples = [run(command, env) for _ in range(reps)]
            cells.append(f"{median(samples):.2f} s, CPU {median_cpu(samples):.2f} s, {peak(samples):.0f} MB")
        rows.append([label, *cells])
        print(f"  scaling: {label}", file=sys.stderr)
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions (3 and 2 instead of 9 and 5; start-up cases still 9)")
    parser.add_argument("--data", type=Path, help="build the data here and reuse it on later runs the same day")
    parser.add_argument("--only", help="run only the cases (with --scaling: the commands) whose name contains this text")
    parser.add_argument("--scaling", action="store_true",
                        help="print only the scaling table (1k, 10k and 100k cards; 10k, 100k and 1M reviews)")
    args = parser.parse_args()
    fast_reps, slow_reps = (3, 2) if args.quick else (9, 5)
    startup_reps = 9

    with tempfile.TemporaryDirectory(prefix="tcpquiz-bench-") as temp:
        data = Layout(args.data.resolve() if args.data else Path(temp))
        print(f"Building the data in {data.root} ...", file=sys.stderr)
        info = build_data(data)
        print(f"notes: 1,000 files, {info['notes_bytes'] / 1e6:.1f} MB, written in {info['notes_seconds']:.1f} s; "
              f"large database: {info['large']['cards']:,} cards, {info['large']['reviews']:,} reviews, "
              f"{info['large']['due_today']} due today, {info['large_mb']:.0f} MB, made in {info['large_seconds']:.1f} s; "
              f"export database: {info['export_cards']:,} cards, made in {info['export_seconds']:.1f} s",
              file=sys.stderr)
        env = child_env(data.home)
        if args.scaling:
            reps = 3 if args.quick else 5
            print(f"\nMedians of {reps} runs, {date.today().isoformat()}, Python {sys.version.split()[0]}, "
                  f"{os.cpu_count()} CPUs:\n\n{scaling(data, reps, env, args.only)}")
            return
        chosen = [c for c in cases(data, info) if (args.only.lower() in c.name.lower() if args.only
                                                   else not (args.quick and c.full_only))]
        for case in chosen:
            started = time.perf_counter()
            measure(case, slow_reps if case.slow else startup_reps if case.startup else fast_reps, env)
            print(f"  {case.name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        print(f"\nMedians of {fast_reps} runs ({startup_reps} for start-up, {slow_reps} for import and export), "
              f"{date.today().isoformat()}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs:\n")
        print(table(chosen))


if __name__ == "__main__":
    main()
