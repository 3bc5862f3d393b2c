"""The console script's entry point, and the review and stats commands without typer.

`tcpquiz review` is a daily habit, and its first card should be on screen in little more
time than Python takes to import typer. Importing typer and building its command tree
costs about that much again, so a review or the stats asked for in the plain forms

    tcpquiz [--db PATH] [--create-folder] review [--deck NAME]... [--new N] [--limit N]
    tcpquiz [--db PATH] [--create-folder] stats [--deck NAME]... [--json]

run here without typer; anything else (help, shell completion, every other command, a
value this parser is not sure of) goes to the typer app in tcpquiz.cli, which parses and
reports exactly as before. Both paths run the same `review()` and `show_stats()` below,
and both report errors the same way (`Error: ...`, exit 1).

Only the standard library is imported at the top: this module is loaded on every run.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tcpquiz.review.quickstart import QuickStartStore
    from tcpquiz.store.api import Store
    from tcpquiz.store.reading import LibraryReader
    from tcpquiz.store.views import Limits

# typer's shell completion calls the program with this variable set (prog_name "tcpquiz").
COMPLETE_VARIABLE = "_TCPQUIZ_COMPLETE"
_COUNT = re.compile(r"[0-9]{1,9}")  # --new and --limit: what typer's int with min=0 accepts for sure


@dataclass
class ReviewArgs:
    """A review's command line, parsed."""

    db: Path | None = None
    create_folder: bool = False
    decks: list[str] = field(default_factory=list)
    new: int | None = None
    limit: int | None = None


@dataclass
class StatsArgs:
    """The stats command's line, parsed."""

    db: Path | None = None
    create_folder: bool = False
    decks: list[str] = field(default_factory=list)
    as_json: bool = False


def main() -> None:
    """Console-script entry point (also for `python -m tcpquiz`)."""
    try:
        argv = sys.argv[1:] if COMPLETE_VARIABLE not in os.environ else None
        review_args = None if argv is None else plain_review(argv)
        if review_args is not None:
            sys.exit(run_review(review_args))
        stats_args = None if argv is None else plain_stats(argv)
        if stats_args is not None:
            sys.exit(run_stats(stats_args))
        from tcpquiz.cli import main as cli_main

        cli_main()
    except OSError as exc:
        import errno

        if exc.errno != errno.ENOSPC or exc.filename is not None:
            raise  # a file of tcpquiz's own: its command says so where it writes
        # The output went to a full disk (`tcpquiz cards > /mnt/full/x`): say so once, and
        # keep the interpreter's last flush of what is left from failing again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        error("The output could not be written: the disk it goes to is full.")
        sys.exit(1)


def plain_review(argv: list[str]) -> ReviewArgs | None:
    """The review `argv` asks for, when it is in the plain forms this module handles;
    else None (the typer app then parses it, with its own help and error messages)."""
    args = ReviewArgs()
    words = _after_root_options(argv, "review", args)
    if words is None:
        return None
    for word in words:
        name, value = _split(word, words, ("--deck", "-d", "--new", "--limit"))
        if value is None:
            return None
        if name in ("--deck", "-d"):
            args.decks.append(value)
        elif name in ("--new", "--limit") and _COUNT.fullmatch(value):
            setattr(args, name[2:], int(value))
        else:
            return None
    return args


def plain_stats(argv: list[str]) -> StatsArgs | None:
    """The stats `argv` asks for, when in the plain form this module handles; else None."""
    args = StatsArgs()
    words = _after_root_options(argv, "stats", args)
    if words is None:
        return None
    for word in words:
        if word == "--json":
            args.as_json = True
            continue
        name, value = _split(word, words, ("--deck", "-d"))
        if name is None or value is None:
            return None
        args.decks.append(value)
    return args


def _after_root_options(argv: list[str], command: str, args: ReviewArgs | StatsArgs) -> Iterator[str] | None:
    """The words after `command`, once the root options before it are read into `args`;
    None when the command line holds anything else before it."""
    words = iter(argv)
    for word in words:
        if word == command:
            return words
        name, value = _split(word, words, ("--db",))
        if name == "--db" and value is not None and _acceptable_db(value):
            args.db = Path(value)
        elif word == "--create-folder":
            args.create_folder = True
        else:
            return None
    return None


def _split(word: str, rest: Iterator[str], names: tuple[str, ...]) -> tuple[str | None, str | None]:
    """An option that takes a value, as `--name value`, `--name=value` or `-dvalue`: its
    name and value, or (None, None). Values that are empty or look like options are left
    to typer, which knows how it reads them."""
    for name in names:
        if word == name:
            value = next(rest, None)
        elif name.startswith("--") and word.startswith(name + "="):
            value = word[len(name) + 1:]
        elif not name.startswith("--") and word.startswith(name) and len(word) > len(name):
            value = word[len(name):]
        else:
            continue
        if not value or value.startswith("-"):
            return None, None
        return name, value
    return None, None


def _acceptable_db(value: str) -> bool:
    """Whether typer would take `value` for --db without a complaint: a path that does not
    exist, or a readable one that is not a folder (click.Path(dir_okay=False))."""
    try:
        status = os.stat(value)
    except (OSError, ValueError):
        return True
    return not stat.S_ISDIR(status.st_mode) and os.access(value, os.R_OK)


# -- what both paths share: messages, the database's path, opening it ---------------------------


def echo(message: str, *, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(f"{message}\n")
    stream.flush()


def error(message: str) -> None:
    _tell("Error", message)


def warn(message: str) -> None:
    _tell("Warning", message)


def _tell(label: str, message: str) -> None:
    from tcpquiz.ui.safe import visible
    from tcpquiz.ui.termlines import fit_to_terminal

    # messages name decks and files, note text
    echo(fit_to_terminal(f"{label}: {visible(message)}", sys.stderr), err=True)


def database_path(chosen: Path | None, create_folder: bool) -> Path:
    """The database file: `--db PATH`, else tcpquiz.db in the data directory. A `--db` whose
    folder does not exist is refused (a typo would start a new library somewhere unexpected)
    unless `--create-folder` asks for it."""
    from tcpquiz.errors import TcpquizError
    from tcpquiz.paths import default_db_path

    if not chosen:
        return default_db_path()
    path = chosen.expanduser()
    if not path.parent.exists() and not create_folder:
        raise TcpquizError(f"The folder {path.parent} does not exist; check the --db path, "
                           "or pass --create-folder to create it.")
    return path


def study_language(path: Path) -> str:
    """The study language (`tcpquiz config lang`) of the library at `path`, for text that
    follows it at start-up, such as help: one read-only query with the standard library's
    sqlite3, well under a millisecond, no SQLAlchemy. The locale's default when the library
    does not exist yet, has no such setting, or cannot be read."""
    import json
    import sqlite3

    from tcpquiz.settings import LANGS, default_lang

    # Told by stat alone (reading the header here would drop this process's SQLite locks): a
    # -shm without its -wal means the -wal was lost (tcpquiz.store.migrate._wal_missing), and
    # a connection would make an empty -wal that hides it from the check that names it. With
    # neither, the file holds every change and is read as it is: a read-only connection to a
    # WAL database would leave new -wal and -shm files beside it.
    wal, shm = (path.with_name(f"{path.name}-{end}").exists() for end in ("wal", "shm"))
    if path.is_file() and (wal or not shm):
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{'' if wal else '&immutable=1'}", uri=True)
            try:
                row = conn.execute("SELECT value FROM settings WHERE key = 'lang'").fetchone()
            finally:
                conn.close()
            value = json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError):  # not a tcpquiz library, or a damaged value
            value = None
        if value in LANGS:
            return str(value)
    return default_lang()


def open_library(path: Path, *, chosen: bool) -> Store:
    """The full store for a command, telling the learner on stderr when a library is made
    or upgraded. `chosen`: the path was given with --db."""
    from tcpquiz.app import open_store

    lang = study_language(path)
    if chosen and not path.exists():
        echo(said_in(lang, f"Creating a new library at {path}."), err=True)
    store = open_store(path, announce=lambda message: echo(said_in(lang, message), err=True))
    if store.upgrade_copy:
        warn(said_in(lang, f"The database was upgraded; the old version is kept at {store.upgrade_copy}."))
    return store


# -- the review -------------------------------------------------------------------------------


def run_review(args: ReviewArgs) -> int:
    """The review on the command line `args`, without typer: its exit status."""
    return _run(lambda on_close: review(database_path(args.db, args.create_folder), args.decks, new=args.new,
                                        limit=args.limit, chosen=args.db is not None, on_close=on_close), args)


def run_stats(args: StatsArgs) -> int:
    """The stats on the command line `args`, without typer: its exit status."""
    def stats(on_close: Callable[[Callable[[], None]], object]) -> int:
        path = database_path(args.db, args.create_folder)
        show_stats(open_reader(path, chosen=args.db is not None, on_close=on_close), args.decks,
                   as_json=args.as_json)
        return 0

    return _run(stats, args)


def _run(command: Callable[[Callable[[Callable[[], None]], object]], int], args: ReviewArgs | StatsArgs) -> int:
    """Run a command without typer, handing it what to call with what must be closed when
    it ends: its exit status. Errors a user can cause are one `Error: ...` line and
    status 1, as in tcpquiz.cli.CliGroup."""
    from contextlib import ExitStack

    from tcpquiz.errors import TcpquizError, database_error_message

    try:
        with ExitStack() as closing:
            return command(closing.callback)
    except TcpquizError as exc:
        error(said_in(_language(args), str(exc), exc.names))
    except KeyboardInterrupt:
        from tcpquiz.i18n import tr

        echo(tr(_language(args), "interrupted"), err=True)
        return 130
    except BrokenPipeError:  # the reader of a scripted review went away: nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except Exception as exc:
        message = database_error_message(exc)
        if message is None:
            raise
        error(message)
    return 1


def _language(args: ReviewArgs | StatsArgs) -> str:
    """The study language of the library a command names, for its messages."""
    from tcpquiz.errors import TcpquizError

    try:
        return study_language(database_path(args.db, args.create_folder))
    except TcpquizError:
        return language_without_library()


def language_without_library() -> str:
    """The study language for a `--db` in a missing folder, which has no setting to read: the
    default library's (the learner's `config lang` there), else the locale's."""
    from tcpquiz.paths import default_db_path

    return study_language(default_db_path())


def said_in(lang: str, message: str, names: Sequence[str] = ()) -> str:
    """An error, warning or notice of the core's (an English sentence) in `lang`: in Chinese
    where tcpquiz.ui.messages_zh knows the sentence. `names`: what it lists (TcpquizError.names)."""
    if lang != "zh":
        return message
    from tcpquiz.ui.messages_zh import message_zh

    return message_zh(message, names)


def review(path: Path, decks: list[str], *, new: int | None, limit: int | None, chosen: bool,
           on_close: Callable[[Callable[[], None]], object]) -> int:
    """Today's due cards, then new ones, in the terminal or one line per card; the exit
    status. `on_close` is handed what must be closed when the command ends."""
    import random

    from tcpquiz.app import settings, study_decks, today, utcnow
    from tcpquiz.i18n import tr
    from tcpquiz.review.session import Outcome, ReviewSession
    from tcpquiz.store.views import Limits

    store = _review_store(path, chosen=chosen, on_close=on_close)
    config = settings(store)
    lang = config["lang"]
    chosen_decks = study_decks(store, decks, lang=lang)
    limits = Limits(
        new_per_day=config["new-per-day"] if new is None else new,
        reviews_per_day=config["reviews-per-day"] if limit is None else limit,
    )
    day = today()
    deck_ids = [d.id for d in chosen_decks]
    session = ReviewSession.start(store, store.review_queue(day, deck_ids, limits), utcnow)
    if session.current is None:
        next_due = store.next_due(deck_ids, day)
        when = tr(lang, "review.next_due", day=next_due.isoformat()) if next_due else ""
        echo(f"{tr(lang, 'review.nothing')}{when}{'。' if lang == 'zh' else '.'}")
        _say_more_new(store, deck_ids, limits, lang)
        return 0
    # The full store opens in the background once the first card is on screen, while the
    # learner reads it: opened sooner, it would compete with drawing the card.
    load = getattr(store, "load_in_background", None)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if interactive:
        from tcpquiz.review import tty
        from tcpquiz.ui.console import out
        from tcpquiz.ui.keys import Terminated

        try:
            outcome = tty.run(session, out(), lang=lang, hesitation_seconds=config["hesitation-seconds"],
                              rng=random.Random(), on_waiting=load)
        except Terminated as stopped:  # SIGTERM or SIGHUP: the terminal is restored, every answer saved
            return 128 + stopped.signum
    else:
        from tcpquiz.review import script
        from tcpquiz.ui.safe import visible

        outcome = script.run(session, lambda text: echo(visible(text)), lines=sys.stdin, warn=warn,
                             hesitation_seconds=config["hesitation-seconds"], rng=random.Random(), lang=lang,
                             on_waiting=load)
    summary = session.summary(store.streak(today()), store.next_due(deck_ids, today()))
    if interactive:
        from tcpquiz.review import render

        out().print(render.summary_panel(summary, lang))
    else:
        from tcpquiz.review.text import summary_text

        echo(summary_text(summary, lang))
    if outcome is Outcome.FINISHED:
        _say_more_new(store, deck_ids, limits, lang)
    return 130 if outcome is Outcome.INTERRUPTED else 0


def _review_store(path: Path, *, chosen: bool, on_close: Callable[[Callable[[], None]], object]
                  ) -> Store | QuickStartStore:
    """The store for a review: its quick start when the database needs nothing done first,
    so that the first card shows before SQLAlchemy is imported; else the full store."""
    from tcpquiz.app import open_store
    from tcpquiz.review.quickstart import QuickStartStore

    # The quick start has read the schema revision: a second inspection would open the
    # file beside the quick reader's connection (see Store.open).
    quick = QuickStartStore.open(path, lambda: open_store(path, known_current=True))
    if quick is not None:
        on_close(quick.close)
        return quick
    store = open_library(path, chosen=chosen)
    on_close(store.close)
    return store


def open_reader(path: Path, *, chosen: bool, on_close: Callable[[Callable[[], None]], object]
                ) -> LibraryReader | Store:
    """The library for a command that only reads it: a stdlib reader when the database
    needs nothing done first (current schema, built-in decks loaded), so the command never
    imports SQLAlchemy; else the full store, which creates, upgrades or loads what is missing.
    `on_close` is handed what must be closed when the command ends."""
    from tcpquiz.app import builtin_deck_files, builtin_fingerprint
    from tcpquiz.store.reading import LibraryReader

    reader = LibraryReader.open(path, builtin_fingerprint(builtin_deck_files()))
    if reader is None:
        store = open_library(path, chosen=chosen)
        on_close(store.close)
        return store
    on_close(reader.close)
    return reader


def show_stats(store: LibraryReader | Store, decks: Sequence[str], *, as_json: bool) -> None:
    """`tcpquiz stats`: progress as tables, or as JSON."""
    from tcpquiz.app import settings, study_decks, today

    lang = settings(store)["lang"]
    chosen = study_decks(store, decks, lang=lang)
    result = store.stats(today(), [d.id for d in chosen])
    if as_json:
        from tcpquiz.jsonout import json_rows

        echo(json_rows(result.as_json()))
        return
    from tcpquiz.ui.console import out
    from tcpquiz.ui.stats import render_stats

    console = out()
    console.print(render_stats(result, lang, color=console.color_system is not None and not console.no_color))


def _say_more_new(store: Store | QuickStartStore, deck_ids: list[int], limits: Limits, lang: str) -> None:
    """When the day's new cards are used up and more are waiting, say how to study more today:
    `--new N` counts the new cards already studied today, so N is that plus another day's worth."""
    from tcpquiz.app import today
    from tcpquiz.i18n import tr_n

    waiting, new_today = store.new_waiting(today(), deck_ids)
    if waiting:
        more = new_today + min(waiting, max(limits.new_per_day, 10))
        echo(tr_n(lang, "review.more_new", waiting, more=more))
