"""The tcpquiz command line: parse options, call the core, render. The only place that exits.

Heavy libraries (sqlalchemy, alembic, markdown-it, rich's markdown) are imported
inside the commands that need them, so `tcpquiz --help` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager, nullcontext
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from tcpquiz import __version__
from tcpquiz.errors import TcpquizError, database_error_message
from tcpquiz.i18n import kind_name, tr, tr_n
from tcpquiz.jsonout import escape_json_controls, json_text

if TYPE_CHECKING:
    from tcpquiz.cards import DeckDraft
    from tcpquiz.store.api import Store
    from tcpquiz.store.reading import LibraryReader, QuickReader
    from tcpquiz.store.views import LoggedReview


class StudyContext(typer.Context):
    """A command's context: its help screens and usage errors speak the study language."""

    def make_formatter(self) -> Any:
        if not _help_in_chinese(self):
            return super().make_formatter()
        from tcpquiz.ui.helpformat import ChineseHelpFormatter

        return ChineseHelpFormatter(width=self.terminal_width, max_width=self.max_content_width)


class CliGroup(TyperGroup):
    """Turns errors a user can cause into one `Error: ...` line and exit status 1; its
    help and usage errors speak the study language."""

    context_class = StudyContext

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, windows_expand_args: bool = True,
             **extra: Any) -> Any:
        """click's main, but a usage error is told in the study language: run as
        standalone_mode=False, which hands the error here, and exit as standalone mode would."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        from typer._click import exceptions as click_errors

        try:
            result = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except click_errors.ClickException as exc:
            if isinstance(exc, click_errors.UsageError) and not isinstance(exc, click_errors.NoArgsIsHelpError) \
                    and exc.ctx is not None and _help_in_chinese(exc.ctx):
                from tcpquiz.ui.helpformat import usage_error_zh

                typer.echo(usage_error_zh(exc), err=True)
            else:
                exc.show()
            sys.exit(exc.exit_code)
        except typer.Abort:  # outside any command: it has no study language yet
            typer.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)  # a typer.Exit's status, else success

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        if not _write_chinese_help(ctx, formatter):
            super().format_help_text(ctx, formatter)

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        return _completions_in_study_language(ctx, super().shell_complete(ctx, incomplete))

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        if not _write_chinese_commands(self, ctx, formatter):
            super().format_commands(ctx, formatter)

    # typer hands its own Context (a subclass of the vendored click's) to every group.
    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except TcpquizError as exc:
            fail(str(exc), names=exc.names)
        except KeyboardInterrupt:
            typer.echo(_say("interrupted"), err=True)
            raise typer.Exit(130) from None
        except typer.Abort:  # a confirmation answered no
            typer.echo(_say("aborted"), err=True)
            raise typer.Exit(1) from None
        except Exception as exc:
            message = database_error_message(exc)
            if message is None:
                raise
            fail(message)


def fail(message: str, names: Sequence[str] = ()) -> NoReturn:
    """`Error: message` and exit status 1; `names`: what the message lists (TcpquizError.names)."""
    tell_error(message, names)
    raise typer.Exit(1)


def tell_error(message: str, names: Sequence[str] = ()) -> None:
    """`Error: message` on stderr, in the study language, wrapped at a terminal's width."""
    _tell("Error", message, names)


def warn(message: str) -> None:
    _tell("Warning", message)


def _tell(label: str, message: str, names: Sequence[str] = ()) -> None:
    from tcpquiz.ui.safe import visible
    from tcpquiz.ui.termlines import fit_to_terminal

    # messages name decks and files, note text
    typer.echo(fit_to_terminal(f"{label}: {visible(in_study_language(message, names))}", sys.stderr), err=True)


def in_study_language(message: str, names: Sequence[str] = ()) -> str:
    """An error or warning (an English sentence from the core) in the study language of the
    command running now: in Chinese where tcpquiz.ui.messages_zh knows the sentence."""
    from tcpquiz.entry import said_in

    return said_in(_language_now(), message, names)


def _say(key: str, **values: object) -> str:
    """The text of `key` (tcpquiz.i18n) in the study language of the command running now."""
    return tr(_language_now(), key, **values)


def _say_n(key: str, n: int, **values: object) -> str:
    """Like _say(), for a text with a count (tcpquiz.i18n.tr_n)."""
    return tr_n(_language_now(), key, n, **values)


def _language_now() -> str:
    """The study language of the command running now ("en" outside one)."""
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    return "zh" if ctx is not None and _help_in_chinese(ctx) else "en"


app = typer.Typer(
    cls=CliGroup,
    name="tcpquiz",
    help="Study TCP with spaced repetition: cards from your notes and from a TCP state-machine engine.",
    no_args_is_help=True,
    # --install-completion and --show-completion, for bash, zsh and fish (typer's own scripts).
    add_completion=True,
    # Plain help: typer's rich help imports rich.markdown and markdown-it at start-up,
    # which would double the cost of `tcpquiz --help` (benchmarks/run.py keeps it near `import typer`).
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tcpquiz {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[Path | None, typer.Option(
        "--db", help="Database file to use instead of tcpquiz.db in the data directory.",
        metavar="PATH", dir_okay=False)] = None,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
    create_folder: Annotated[bool, typer.Option(
        "--create-folder", help="Create the folder of --db PATH if it does not exist.")] = False,
) -> None:
    """Study TCP with spaced repetition: cards from your notes and from a TCP state-machine engine.

    Start with `tcpquiz review`. Data lives in TCPQUIZ_HOME, or the platform's data directory.
    """
    ctx.obj = db


def db_path(ctx: typer.Context) -> Path:
    """The database file: `--db PATH`, else tcpquiz.db in the data directory (see
    tcpquiz.entry.database_path: a --db in a missing folder is refused)."""
    from tcpquiz.entry import database_path

    root = ctx.find_root()
    try:
        return database_path(root.obj, bool(root.params.get("create_folder")))
    except TcpquizError as exc:
        fail(str(exc))


def open_store(ctx: typer.Context) -> Store:
    from tcpquiz.entry import open_library

    store = open_library(db_path(ctx), chosen=bool(ctx.find_root().obj))
    ctx.call_on_close(store.close)
    return store


def open_reader(ctx: typer.Context) -> LibraryReader | Store:
    """The library for a command that only reads it (see tcpquiz.entry.open_reader)."""
    from tcpquiz.entry import open_reader as open_library_reader

    return open_library_reader(db_path(ctx), chosen=bool(ctx.find_root().obj), on_close=ctx.call_on_close)


def print_json(data: Any) -> None:
    typer.echo(json_text(data, indent=2))


@contextmanager
def progress_bar(label: str, total: int | None = None) -> Iterator[Callable[..., None] | None]:
    """A progress bar on stderr while a long job runs, when stderr is a terminal.
    Yields the function that advances it by one (and shows its argument, such as
    a file name, beside the bar), or None when there is no terminal to draw on or nothing
    to count (a bar at "0/0" before "x.md does not exist" reads as if work were done)."""
    from tcpquiz.ui.console import err

    console = err()
    if not console.is_terminal or total == 0:
        yield None
        return
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from tcpquiz.ui.safe import visible

    count = MofNCompleteColumn() if total is not None else TextColumn("")
    with Progress(TextColumn(label), BarColumn(), count, TextColumn("{task.description}"), console=console,
                  transient=True) as bar:
        task = bar.add_task("", total=total)
        # The item is a file name, which may hold markup or escape sequences: TextColumn
        # reads its text as markup and does not pass it through the console's render_str.
        yield lambda item="": bar.update(task, advance=1, description=escape(visible(str(item))))


def _complete_deck(ctx: typer.Context, incomplete: str) -> list[str]:
    from tcpquiz.completion import deck_names
    from tcpquiz.paths import default_db_path

    chosen = ctx.find_root().params.get("db")
    return deck_names(Path(chosen).expanduser() if chosen else default_db_path(), incomplete)


def _complete_scenario(incomplete: str) -> list[str]:
    from tcpquiz.completion import scenario_names

    return scenario_names(incomplete)


def _complete_kind(incomplete: str) -> list[str]:
    from tcpquiz.completion import question_kinds

    return question_kinds(incomplete)


def _complete_setting(incomplete: str) -> list[str]:
    from tcpquiz.completion import setting_names

    return setting_names(incomplete)


DeckOption = Annotated[list[str], typer.Option(
    "--deck", "-d", help="Only this deck (and its sub-decks); repeat for several.", metavar="NAME",
    autocompletion=_complete_deck)]


# -- review -------------------------------------------------------------------------


@app.command()
def review(
    ctx: typer.Context,
    deck: DeckOption = [],  # noqa: B006 - typer needs a literal default
    new: Annotated[int | None, typer.Option(
        "--new", min=0, metavar="N", help="New cards today (default: the new-per-day setting, 20).")] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=0, metavar="N", help="Reviews today (default: the reviews-per-day setting, 200).")] = None,
) -> None:
    """Review today's due cards, then new ones; answers save at once.

    Example: tcpquiz review --deck "TCP state machine" --new 10
    """
    from tcpquiz.entry import review as run_review

    status = run_review(db_path(ctx), deck, new=new, limit=limit, chosen=bool(ctx.find_root().obj),
                        on_close=ctx.call_on_close)
    if status:
        raise typer.Exit(status)


# -- import and listing ---------------------------------------------------------------

MAX_IMPORT_ROWS = 30  # an import of more decks than this is summed up in one row


@app.command("import", short_help="Import markdown notes as decks; safe to repeat.")
def import_(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(
        help="Markdown files or folders of them.", metavar="PATH...", show_default=False)],
    max_size: Annotated[float | None, typer.Option(
        "--max-size", min=0.001, metavar="MB", help="Refuse notes files larger than this (default: 5 MB).")] = None,
    coverage: Annotated[bool, typer.Option(
        "--report", help="Show per file the share of its content the cards keep, and each line in no card with why.",
    )] = False,
) -> None:
    """Import markdown notes (files or folders) as decks; safe to repeat.

    Example: tcpquiz import ~/notes/tcp
    """
    from rich.table import Table

    from tcpquiz.app import find_notes, import_notes, keeping_decks, load_checked_note, settings
    from tcpquiz.notes.parallel import load_notes
    from tcpquiz.ui.console import out

    notes, missing = find_notes(paths, None if max_size is None else int(max_size * 1024 * 1024))
    read: list[DeckDraft] = []
    with load_notes(notes, load=load_checked_note) as drafts:  # parsed and checked while the database opens
        store = open_store(ctx)
        lang = settings(store)["lang"]
        if coverage:
            drafts = keeping_decks(drafts, read)
        with progress_bar(tr(lang, "progress.importing"), len(notes)) as advance:
            report = import_notes(store, notes, drafts, progress=advance and (lambda path: advance(Path(path).name)))
    for message in report.warnings:
        warn(message)
    for message in missing + report.failures:
        tell_error(message)
    if report.results:
        columns = ("new", "updated", "unchanged", "retired", "restored")
        names = [r.deck for r in report.results]
        counts = [[getattr(r, column) for column in columns] for r in report.results]
        if len(names) > MAX_IMPORT_ROWS:  # a row per deck would scroll the summary away; `tcpquiz decks` lists them
            names, counts = [tr(lang, "import.all", n=len(names))], [[sum(column) for column in zip(*counts)]]
        table = Table(*(tr(lang, f"col.{column}") for column in ("deck", *columns)), box=None, padding=(0, 2))
        for name, row in zip(names, counts):
            table.add_row(name, *map(str, row))
        out().print(table)
        decks = len(report.results)
        cards = sum(r.new + r.updated + r.unchanged + r.restored for r in report.results)
        out().print(tr(lang, "import.done", decks=tr_n(lang, "count.decks", decks),
                       cards=tr_n(lang, "count.active", cards)), markup=False)
    if report.mistakes:
        out().print(tr_n(lang, "import.mistakes", report.mistakes), markup=False)
    if coverage:
        from tcpquiz.notes.coverage import note_coverage
        from tcpquiz.ui.coverage import print_coverage

        print_coverage(out(), [note_coverage(deck) for deck in read], lang)
    if missing or report.failures:
        raise typer.Exit(1)


@app.command(short_help="Point out statements in your notes that contradict known facts.")
def check(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(
        help="Markdown files or folders of them.", metavar="PATH...", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
) -> None:
    """Point out statements in your notes that contradict established facts about TCP.

    Each finding names the line, the correct fact in the note's language and its source.

    Example: tcpquiz check ~/notes/tcp
    """
    from tcpquiz.app import check_notes
    from tcpquiz.ui.facts import render_findings

    found, failures = check_notes(paths)
    if as_json:
        print_json([{"path": str(path), **vars(finding)} for path, findings in found for finding in findings])
    else:
        render_findings(found, _study_lang(ctx))
    for message in failures:
        tell_error(message)
    if failures:
        raise typer.Exit(1)


@app.command()
def cards(
    ctx: typer.Context,
    deck: DeckOption = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    retired: Annotated[bool, typer.Option("--retired", help="Include retired cards.")] = False,
) -> None:
    """List cards with their deck, source and due date.

    Example: tcpquiz cards --deck "TCP three-way handshake" --json
    """
    from tcpquiz.app import study_decks

    store = open_reader(ctx)
    chosen = study_decks(store, deck) if deck else store.deck_refs()
    if as_json:
        # Streamed a batch at a time: a library of 100,000 cards is never held whole. Written
        # to the buffered stream, not echoed (each echo flushes: a write a card).
        stream = typer.get_text_stream("stdout")
        # Closed before the reader is, even when the reader of the output goes away (`| head`).
        with closing(store.iter_cards_json([d.id for d in chosen], include_retired=retired)) as lines:
            stream.write("[")
            separator = "\n"
            while batch := list(islice(lines, 1000)):
                stream.write(separator + escape_json_controls(",\n".join(batch)))
                separator = ",\n"
            stream.write("\n]\n")
            stream.flush()
        return
    views = store.iter_cards([d.id for d in chosen], include_retired=retired)
    from rich.cells import cell_len
    from rich.table import Table

    from tcpquiz.app import settings
    from tcpquiz.ui.console import out
    from tcpquiz.ui.listing import cut, plain_text

    lang = settings(store)["lang"]
    rows = [(card.deck, plain_text(card.front), kind_name(card.kind, lang),
             card.due.isoformat() if card.due else tr(lang, f"state.{card.state.value}")) for card in views]
    headers = [tr(lang, f"col.{column}") for column in ("deck", "front", "kind", "due")]
    widths = [max([cell_len(header), *(cell_len(row[index]) for row in rows)]) for index, header in enumerate(headers)]
    # The front gives way to the terminal's width, cut at a word; the other columns stay whole.
    front_width = max(16, out().width - (widths[0] + widths[2] + widths[3] + 6))
    table = Table(*headers, box=None, padding=(0, 2, 0, 0), pad_edge=False)
    for deck_name, front, kind, due in rows:
        table.add_row(deck_name, cut(front, front_width), kind, due)
    out().print(table)
    out().print(tr_n(lang, "count.cards", len(rows)), markup=False)


decks_app = typer.Typer(cls=CliGroup, no_args_is_help=False, invoke_without_command=True)
app.add_typer(decks_app, name="decks", short_help="List, remove, restore or rename decks.")


@decks_app.callback()
def decks(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List decks with their card counts and reads; remove, restore or rename one.

    A deck is named by its name, its id (first column) or its note's path.
    Example: tcpquiz decks --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from tcpquiz.app import has_note, is_studied, settings

    store = open_store(ctx)
    lang = settings(store)["lang"]
    views = store.decks()
    rows = [
        {"id": d.id, "name": d.name, "cards": d.cards, "reads": d.reads,
         "read_goal": d.read_goal if has_note(d) else None, "source": d.source,
         "builtin": d.builtin, "lang": d.lang, "studied": is_studied(d, lang)}
        for d in views
    ]
    if as_json:
        print_json(rows)
        return
    from rich.cells import cell_len
    from rich.table import Table

    from tcpquiz.ui.console import out

    cells: list[list[str]] = [
        [str(view.id), str(row["name"]), str(row["cards"]),
         f"{row['reads']}/{row['read_goal']}" if row["read_goal"] is not None else tr(lang, "no_note"),
         tr(lang, "yes") if row["studied"] else tr(lang, "no_lang", deck_lang=row["lang"])]
        for row, view in zip(rows, views)
    ]
    headers = [tr(lang, f"col.{column}") for column in ("id", "deck", "cards", "reads", "studying")]
    # Whole names and labels on 80 columns: the source path is what gives way, cut with "…".
    used = sum(max(cell_len(text) for text in column) + 2 for column in zip(headers, *cells))
    table = Table(box=None, padding=(0, 2, 0, 0), pad_edge=False)
    for index, header in enumerate(headers):
        # Only a deck name too long for the screen wraps; numbers and labels stay whole.
        table.add_column(header, no_wrap=index != 1, justify="right" if index in (0, 2) else "left")
    table.add_column(tr(lang, "col.source"), no_wrap=True, overflow="ellipsis",
                     max_width=max(12, out().width - used - 1))
    for line, row in zip(cells, rows):
        table.add_row(*line, str(row["source"]))
    out().print(table)


DeckArgument = Annotated[str, typer.Argument(
    help="The deck: its name, its id (see `tcpquiz decks`) or its note's path.", metavar="DECK",
    show_default=False, autocompletion=_complete_deck)]


@decks_app.command("remove", short_help="Remove a deck; restore brings it back.")
def decks_remove(
    ctx: typer.Context,
    deck: DeckArgument,
    purge: Annotated[bool, typer.Option(
        "--purge", help="Delete the deck, its cards and their history for good.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Purge without asking.")] = False,
) -> None:
    """Remove a deck: its cards leave your reviews, their history stays, and `decks restore` brings it back.

    Example: tcpquiz decks remove "TCP three-way handshake"
    """
    from tcpquiz.app import settings, utcnow
    from tcpquiz.ui.console import out

    store = open_store(ctx)
    lang = settings(store)["lang"]
    target = _one_deck(store, deck)
    if not purge:
        retired = store.remove_deck(target, utcnow())
        out().print(tr_n(lang, "decks.removed", retired, name=target.name, id=target.id), markup=False,
                    soft_wrap=True)
        return
    if target.builtin:
        fail(f"{target.name} is a built-in deck, which comes back with every upgrade; remove it without --purge.")
    if not yes:
        if not sys.stdin.isatty():
            fail(f"Purging {target.name} deletes its cards and their history for good; pass --yes to confirm.")
        typer.confirm(tr(lang, "decks.purge_ask", name=target.name), abort=True)
    deleted = store.purge_deck(target)
    out().print(tr_n(lang, "decks.purged", deleted, name=target.name), markup=False, soft_wrap=True)


@decks_app.command("restore", short_help="Bring back a removed deck with its history.")
def decks_restore(
    ctx: typer.Context,
    deck: Annotated[str, typer.Argument(
        help="The removed deck: its name, its id or its note's path.", metavar="DECK", show_default=False)],
) -> None:
    """Bring back a deck removed with `decks remove`, with its cards and their history.

    Example: tcpquiz decks restore "TCP three-way handshake"
    """
    from tcpquiz.store.reading import decks_named
    from tcpquiz.ui.console import out

    store = open_store(ctx)
    removed = store.deck_refs(removed=True)
    matches = decks_named(removed, deck)
    if not matches:
        names = ", ".join(d.name for d in removed) or "none"
        fail(f"No removed deck is named {deck!r}; the removed decks are: {names}.")
    if len(matches) > 1:
        fail(f"{deck!r} names several removed decks ({', '.join(d.name for d in matches)}); give the id of one.")
    restored = store.restore_deck(matches[0])
    out().print(_say_n("decks.restored", restored, name=matches[0].name), markup=False, soft_wrap=True)


@decks_app.command("rename")
def decks_rename(
    ctx: typer.Context,
    deck: DeckArgument,
    new_name: Annotated[str, typer.Argument(help="Its new name.", metavar="NEW_NAME", show_default=False)],
) -> None:
    """Rename a deck; importing its note again keeps the new name.

    Example: tcpquiz decks rename "TCP three-way handshake" Handshake
    """
    from tcpquiz.ui.console import out

    store = open_store(ctx)
    target = _one_deck(store, deck)
    name = store.rename_deck(target, new_name)
    out().print(_say("decks.renamed", old=target.name, new=name), markup=False, soft_wrap=True)


# -- stats, reading and goals -------------------------------------------------------------


@app.command()
def stats(
    ctx: typer.Context,
    deck: DeckOption = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Show progress: cards, due, streak, heatmap, reads and goals.

    Example: tcpquiz stats --json
    """
    from tcpquiz.entry import show_stats

    show_stats(open_reader(ctx), deck, as_json=as_json)


@app.command(short_help="Read a deck's note; paging to its end counts one read.")
def read(
    ctx: typer.Context,
    deck: Annotated[str, typer.Argument(
        help="The deck whose note to read: its name, its id or its note's path.", metavar="DECK", show_default=False,
        autocompletion=_complete_deck)],
    count: Annotated[bool, typer.Option(
        "--count/--no-count", help="Count a read when you reach the end.")] = True,
) -> None:
    """Read a deck's note a page at a time; paging to its end in a terminal counts one read.

    Example: tcpquiz read "TCP three-way handshake"
    """
    from rich.markdown import Markdown

    from tcpquiz.app import has_note, settings, utcnow
    from tcpquiz.ui.console import out
    from tcpquiz.ui.pager import page
    from tcpquiz.ui.safe import visible

    store = open_store(ctx)
    lang = settings(store)["lang"]
    target = _one_deck(store, deck)
    text = store.deck_text(target.id)
    if not text.strip():
        fail(f"The deck {target.name!r} has no note to read; it is generated, not written.")
    console = out()
    body = Markdown(visible(_readable(text)))
    interactive = console.is_terminal and sys.stdin.isatty()
    if interactive:
        from tcpquiz.ui.keys import KeyReader, Terminated

        try:
            with KeyReader() as keys:
                finished = page(console, body, target.name, keys.read_key, lang)
        except Terminated as stopped:
            raise typer.Exit(128 + stopped.signum) from None
    else:
        console.print(body)
        finished = False
    if not count or not has_note(target):  # a generated deck's introduction has no read goal
        return
    if not interactive:  # printed to a pipe or a file is not read; only paging to the end counts
        console.print(tr(lang, "read.piped"), markup=False)
    elif finished:
        reads = store.add_read(target.id, utcnow())
        console.print(tr(lang, "read.count", reads=reads, goal=target.read_goal, name=target.name), markup=False)
    else:
        console.print(tr(lang, "read.stopped"), markup=False)


def _readable(text: str) -> str:
    """The note for reading: front matter dropped, Q:/A: markers in bold."""
    from tcpquiz.notes.frontmatter import split_front_matter

    lines = text.split("\n")[split_front_matter(text).lines:]
    marked = []
    for line in lines:
        if line.startswith(("Q:", "Q：")):
            line = f"**Q:** {line[2:].strip()}"
        elif line.startswith(("A:", "A：")):
            line = f"**A:** {line[2:].strip()}"
        marked.append(line)
    return "\n".join(marked)


def _one_deck(store: Store, name: str) -> Any:
    matches = store.resolve_decks([name])
    exact = [d for d in matches if d.name.casefold() == name.strip().casefold()]
    if len(exact) == 1:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    names = ", ".join(sorted(f"{d.name} (id {d.id})" for d in matches))
    fail(f"{name!r} names several decks ({names}); give the full name or the id of one.")


class GoalGroup(CliGroup):
    """`tcpquiz goal DECK --reads N` (short for `goal set DECK --reads N`) sits beside
    `goal add` and `goal tick`: a first word that is not a subcommand is a deck name."""

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:  # type: ignore[override]
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "set", self.commands["set"], args
        return super().resolve_command(ctx, args)


goal_app = typer.Typer(
    cls=GoalGroup, no_args_is_help=False, invoke_without_command=True,
)
app.add_typer(goal_app, name="goal")


@goal_app.callback()
def goal_root(ctx: typer.Context) -> None:
    """Read goals of decks (60 by default) and goals of your own.

    Set a deck's read goal with `tcpquiz goal DECK --reads N`, for example
    tcpquiz goal "TCP three-way handshake" --reads 30. With no command, list the goals.
    """
    if ctx.invoked_subcommand is None:
        goal_list(ctx)


@goal_app.command("set", short_help="Set how many times to read a deck's note.")
def goal_deck(
    ctx: typer.Context,
    deck: Annotated[str, typer.Argument(
        help="The deck: its name, its id or its note's path.", metavar="DECK", show_default=False,
        autocompletion=_complete_deck)],
    reads: Annotated[int, typer.Option("--reads", min=1, max=10_000, metavar="N", help="How many reads to aim for.")],
) -> None:
    """Set how many times you aim to read a deck's note (`goal set` may be left out).

    Example: tcpquiz goal "TCP three-way handshake" --reads 30
    """
    from tcpquiz.ui.console import out

    store = open_store(ctx)
    target = _one_deck(store, deck)
    store.set_read_goal(target.id, reads)
    done = store.read_count(target.id)
    out().print(_say("goal.read_goal", name=target.name, reads=reads, done=done), markup=False)


@goal_app.command("add")
def goal_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What the goal is.", metavar="TEXT", show_default=False)],
    target: Annotated[int, typer.Option("--target", min=1, max=100_000, metavar="N", help="How many times.")],
) -> None:
    """Add a goal of your own, such as listening to a chapter 5 times.

    Example: tcpquiz goal add "Listen to the TCP chapter" --target 5
    """
    from tcpquiz.app import utcnow
    from tcpquiz.ui.console import out

    if not text.strip():
        fail("A goal needs some text saying what it is.")
    goal = open_store(ctx).add_goal(text, target, utcnow())
    out().print(_say("goal.added", text=repr(goal.text), target=goal.target), markup=False)


@goal_app.command("tick")
def goal_tick(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The goal's text, or enough of it to tell it apart.", metavar="TEXT",
                                        show_default=False)],
) -> None:
    """Count one more towards a goal of your own.

    Example: tcpquiz goal tick "TCP chapter"
    """
    from tcpquiz.app import utcnow
    from tcpquiz.ui.console import out

    goal = open_store(ctx).tick_goal(text, utcnow())
    done = _say("goal.reached") if goal.done == goal.target else ""
    out().print(_say("goal.ticked", text=goal.text, done=goal.done, target=goal.target) + done, markup=False)


@goal_app.command("remove")
def goal_remove(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The goal's text, or enough of it to tell it apart.", metavar="TEXT",
                                        show_default=False)],
) -> None:
    """Remove a goal of your own, with its ticks.

    Example: tcpquiz goal remove "TCP chapter"
    """
    from tcpquiz.ui.console import out

    removed = open_store(ctx).remove_goal(text)
    out().print(_say("goal.removed", text=repr(removed)), markup=False)


@goal_app.command("list")
def goal_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List read goals of the decks you study and goals of your own.

    Example: tcpquiz goal list --json
    """
    from tcpquiz.app import has_note, is_studied, settings

    store = open_store(ctx)
    lang = settings(store)["lang"]
    decks_ = [d for d in store.decks() if is_studied(d, lang) and has_note(d)]
    goals = store.goals()
    if as_json:
        print_json({
            "decks": [{"name": d.name, "reads": d.reads, "read_goal": d.read_goal} for d in decks_],
            "goals": [{"text": g.text, "done": g.done, "target": g.target} for g in goals],
        })
        return
    from rich.table import Table

    from tcpquiz.ui.console import out

    table = Table(*(tr(lang, f"col.{column}") for column in ("goal", "done", "target")), box=None, padding=(0, 2))
    for d in decks_:
        table.add_row(tr(lang, "read_goal", name=d.name), str(d.reads), str(d.read_goal))
    for g in goals:
        table.add_row(g.text, str(g.done), str(g.target))
    out().print(table)


# -- the TCP engine -------------------------------------------------------------------------

LangOption = Annotated[str | None, typer.Option(
    "--lang", help="zh or en (default: the lang setting).", metavar="LANG", show_default=False)]


def _lang(lang: str | None, ctx: typer.Context) -> str:
    from tcpquiz.text import check_lang

    return check_lang(lang) if lang else _study_lang(ctx)


def _study_lang(ctx: typer.Context) -> str:
    """The lang setting, read straight from the database: the engine's commands need nothing
    else from it, and opening the store (migrations, built-in decks) would slow them down."""
    from tcpquiz.entry import study_language

    return study_language(db_path(ctx))


@app.command(short_help="Print the TCP state table of RFC 9293.")
def fsm(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    lang: LangOption = None,
) -> None:
    """Print the TCP state table of RFC 9293: next state, what is sent, the section, and the conditions a row needs.

    Example: tcpquiz fsm --lang zh
    """
    from tcpquiz.engine import fsm as machine

    chosen = _lang(lang, ctx)
    rows = [row for row in machine.outcomes() if isinstance(row, machine.Transition)]
    if as_json:
        print_json([row.as_json() for row in rows])
        return
    from tcpquiz.ui.console import out
    from tcpquiz.ui.engine import fsm_view

    out().print(fsm_view(rows, chosen, out().width))


@app.command(short_help="Play a TCP scenario and draw it as a sequence diagram.")
def simulate(
    ctx: typer.Context,
    scenario: Annotated[str, typer.Argument(
        help="handshake, close, simultaneous-open, simultaneous-close, lost-final-ack, old-duplicate-syn, "
             "half-close, syn-flood, abort, time-wait-new-syn, close-unread, orphaned-fin-wait-2, accept-queue-full or "
             "syn-flood-cookies; for data: fast-retransmit, timeout-backoff, zero-window or congestion.",
        metavar="SCENARIO", show_default=False, autocompletion=_complete_scenario)],
    seed: Annotated[int, typer.Option("--seed", help="Seed for the ISNs not given: the same seed, the same run.")] = 0,
    isn_client: Annotated[int | None, typer.Option(
        "--isn-client", help="The client's initial sequence number (default: drawn from the seed).",
        metavar="N", show_default=False)] = None,
    isn_server: Annotated[int | None, typer.Option(
        "--isn-server", help="The server's initial sequence number (default: drawn from the seed).",
        metavar="N", show_default=False)] = None,
    msl: Annotated[int, typer.Option("--msl", help="Maximum segment lifetime in seconds; TIME-WAIT lasts twice it.",
                                     metavar="SECONDS")] = 120,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a diagram.")] = False,
    rounds: Annotated[int, typer.Option("--rounds", help="congestion: how many round trips to draw.",
                                        metavar="N")] = 24,
    ssthresh: Annotated[int, typer.Option("--ssthresh", help="congestion: the initial ssthresh, in segments.",
                                          metavar="N")] = 16,
    loss_at: Annotated[list[str], typer.Option(
        "--loss-at", help="congestion: a round with a loss, as N, N:timeout or N:3dup; repeat or separate with "
                          "commas.", metavar="ROUND")] = [],  # noqa: B006
    loss: Annotated[str, typer.Option("--loss", help="congestion: the kind of loss where --loss-at does not say: "
                                                     "3dup or timeout.", metavar="KIND")] = "3dup",
    variant: Annotated[str, typer.Option("--variant", help="congestion: reno, tahoe or both.",
                                         metavar="NAME")] = "reno",
    lang: LangOption = None,
) -> None:
    """Play a scenario between a client and a server and draw it as a sequence diagram.

    The data scenarios draw a sender and a receiver; `congestion` draws cwnd and ssthresh
    per round trip (Tahoe and Reno, RFC 5681) with the loss rounds you choose.

    Example: tcpquiz simulate lost-final-ack --isn-client 1000 --isn-server 5000

    Example: tcpquiz simulate congestion --ssthresh 16 --loss-at 8 --loss-at 14:timeout --variant both
    """
    from tcpquiz.engine.datasim import DATA_SCENARIOS

    chosen = _lang(lang, ctx)
    if scenario == "congestion" or scenario in DATA_SCENARIOS:
        _simulate_data(scenario, as_json, rounds, ssthresh, loss_at, loss, variant, chosen)
        return
    from tcpquiz.engine.scenarios import SCENARIOS

    if scenario not in SCENARIOS:
        fail(f"There is no scenario {scenario!r}; choose one of {', '.join([*SCENARIOS, *DATA_SCENARIOS])} "
             "or congestion.")
    from tcpquiz.engine.sim import simulate as run

    result = run(scenario, seed=seed, isn_client=isn_client, isn_server=isn_server, msl_ms=msl * 1000)
    if as_json:
        print_json(result.as_json())
        return
    from tcpquiz.engine.diagram import diagram, fit
    from tcpquiz.ui.console import out
    from tcpquiz.ui.engine import print_diagram

    print_diagram(out(), fit(diagram(result, out().width, chosen), out().width))


def _simulate_data(scenario: str, as_json: bool, rounds: int, ssthresh: int, loss_at: list[str], loss: str,
                   variant: str, lang: str) -> None:
    """`simulate` for the data half: a sender/receiver timeline, or the congestion chart."""
    from tcpquiz.engine.diagram import Line, fit
    from tcpquiz.ui.console import out
    from tcpquiz.ui.engine import print_diagram

    lines: list[Line]
    data: Any
    if scenario == "congestion":
        from tcpquiz.engine.congestion import Loss, Variant
        from tcpquiz.engine.cwndchart import chart, draw, parse_losses

        kinds = {"3dup": Loss.TRIPLE_DUP, "timeout": Loss.TIMEOUT}
        variants = {"reno": [Variant.RENO], "tahoe": [Variant.TAHOE], "both": [Variant.TAHOE, Variant.RENO]}
        chosen_loss, chosen_variants = kinds.get(loss.strip().lower()), variants.get(variant.strip().lower())
        if chosen_loss is None:
            fail(f"There is no loss kind {loss!r}; choose 3dup or timeout.")
        if chosen_variants is None:
            fail(f"There is no variant {variant!r}; choose reno, tahoe or both.")
        result = chart(rounds, ssthresh, parse_losses(loss_at, chosen_loss), chosen_variants)
        data, lines = result.as_json(), draw(result, lang)
    else:
        from tcpquiz.engine.datasim import play, timeline

        run = play(scenario, lang)
        # --json is for scripts: English in every language, like the other scenarios' JSON.
        data, lines = (run if lang == "en" else play(scenario)).as_json(), timeline(run, lang)
    if as_json:
        print_json(data)
    else:  # a sentence too long for the terminal wraps at a space, as the other scenarios' do
        print_diagram(out(), fit(lines, out().width))


@app.command(short_help="Print generated questions with answers and explanations.")
def questions(
    ctx: typer.Context,
    count: Annotated[int, typer.Option("--count", "-n", min=1, max=10_000, help="How many questions.")] = 10,
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same questions.")] = 0,
    kind: Annotated[str | None, typer.Option(
        "--kind", help="next-state, send, order, where, seqack, scenario, timer, data, window, rto, cwnd, "
                       "cwnd-bytes, cc-algo or nagle (default: all).",
        metavar="KIND", show_default=False, autocompletion=_complete_kind)] = None,
    lang: LangOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print questions generated from the TCP engine, with answers and explanations.

    Example: tcpquiz questions --count 5 --kind seqack --seed 7
    """
    from tcpquiz.engine.questions import generate

    generated = generate(count=count, seed=seed, kind=kind, lang=_lang(lang, ctx))
    if as_json:
        print_json([question.as_json() for question in generated])
        return
    from tcpquiz.ui.console import out
    from tcpquiz.ui.engine import questions_view

    out().print(questions_view(generated))


# -- export ------------------------------------------------------------------------------


@app.command(short_help="Write a printable A4 cheat sheet (PDF or HTML).")
def cheatsheet(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The file to write: FILE.pdf or FILE.html.", metavar="FILE", show_default=False)],
    lang: Annotated[str | None, typer.Option(
        "--lang", help="zh or en (default: the lang setting).", metavar="LANG", show_default=False)] = None,
    deck: Annotated[list[str], typer.Option(
        "--deck", "-d", help="Take the weakest cards from this deck (and its sub-decks) only; repeat for several.",
        metavar="NAME", autocompletion=_complete_deck)] = [],  # noqa: B006
    weakest: Annotated[int, typer.Option(
        "--weakest", min=0, max=30, metavar="N",
        help="How many of your weakest cards to list (0: leave them out); the PDF lists as many as fit.")] = 8,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write a printable A4 cheat sheet: state diagram, handshake, close, your weakest cards, cwnd chart, RTO.

    Example: tcpquiz cheatsheet -o tcp.pdf --lang zh --weakest 10
    """
    from tcpquiz.app import settings, today
    from tcpquiz.export.cheatsheet import output_format, render, write
    from tcpquiz.export.cheatsheet.content import WeakSpot, build_sheet
    from tcpquiz.facts.flags import flag_lines
    from tcpquiz.text import check_lang

    output = output.expanduser()
    fmt = output_format(output, force=force)
    chosen = check_lang(lang) if lang is not None else None
    store = open_reader(ctx)
    chosen = chosen or settings(store)["lang"]
    spots = None
    if weakest:
        decks = store.resolve_decks(deck) if deck else store.deck_refs()
        spots = [WeakSpot(w.card.deck, w.card.front, w.card.back, w.lapses, w.card.schedule.easiness, w.reviews,
                          tuple(flag_lines(w.card.extra.get("flags"))))
                 for w in store.weakest_cards([d.id for d in decks], weakest) if w.card.schedule]
    data = render(build_sheet(chosen, spots, today()), fmt)
    write(output, data, force=force)
    typer.echo(_say("cheatsheet.wrote", path=output, size=f"{max(1, round(len(data) / 1024))} KB"))


# -- settings ----------------------------------------------------------------------------


def _config_help() -> str:
    """`config --help`: every setting with what it means and its range."""
    import textwrap

    from tcpquiz.settings import SETTINGS

    # Wrapped here, for 80 columns: click leaves a \b block as it is.
    lines = "\n".join(textwrap.fill(f"{name}: {spec.help}", 76, initial_indent="  ", subsequent_indent="      ")
                      for name, spec in SETTINGS.items())
    return ("Show or change settings; with no KEY, list them all.\n\n"
            f"\b\nSettings:\n{lines}\n\n"
            "Example: tcpquiz config new-per-day 30")


# "-5" is a value to range-check, not an unknown option.
@app.command(help=_config_help(), short_help="Show or change settings.",
             context_settings={"ignore_unknown_options": True})
def config(
    ctx: typer.Context,
    key: Annotated[str | None, typer.Argument(
        help="The setting to show or change.", metavar="KEY", show_default=False,
        autocompletion=_complete_setting)] = None,
    value: Annotated[str | None, typer.Argument(help="Its new value.", metavar="VALUE", show_default=False)] = None,
    reset: Annotated[bool, typer.Option(
        "--reset", help="Return KEY to its default; with no KEY, every setting (after a confirmation).")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Reset every setting without asking.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    from tcpquiz import settings as defs
    from tcpquiz.app import settings
    from tcpquiz.ui.console import out

    store = open_store(ctx)
    if key is None and reset:
        if not yes:
            if not sys.stdin.isatty():
                fail("Resetting every setting needs a confirmation; pass --yes to confirm.")
            typer.confirm(_say("config.reset_ask"), abort=True)
        for name in defs.SETTINGS:
            store.delete_setting(name)
    if key is None:
        values = settings(store)
        if as_json:
            print_json(values)
            return
        from tcpquiz.text import wrap

        lang = values["lang"]
        # Wrapped here, by display width, so that a description never breaks mid-word.
        for name, spec in defs.SETTINGS.items():
            line = f"{name} = {values[name]}    ({spec.describe(lang)})"
            for part in wrap(line, out().width, subsequent_indent="    "):
                out().print(part, markup=False, soft_wrap=True)
        return
    spec = defs.spec(key)
    if reset:
        store.delete_setting(key)
    elif value is not None:
        try:
            parsed = spec.parse(value)
        except TcpquizError as exc:
            fail(f"Cannot set {key}: {exc}")
        store.set_setting(key, parsed)
    current = settings(store)[key]
    if as_json:
        print_json({key: current})
    else:
        out().print(f"{key} = {current}", markup=False)


# -- export, backup and restore -----------------------------------------------------------

OutputOption = Annotated[Path, typer.Option(
    "--output", "-o", help="The file to write.", metavar="FILE", show_default=False)]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")]


export_app = typer.Typer(cls=CliGroup, no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.callback()
def export_root() -> None:
    """Export cards: an Anki package (.apkg) or a CSV file.

    Example: tcpquiz export anki -o tcp.apkg
    """


@export_app.command("anki")
def export_anki(
    ctx: typer.Context,
    output: OutputOption,
    deck: DeckOption = [],  # noqa: B006
    with_progress: Annotated[bool, typer.Option(
        "--with-progress", help="Carry each card's interval, due date, ease and review count.")] = False,
    force: ForceOption = False,
) -> None:
    """Write an Anki package (.apkg); a newer one updates notes in place.

    Example: tcpquiz export anki -o tcp.apkg --with-progress
    """
    from tcpquiz.app import nothing_to_export, study_decks, utcnow
    from tcpquiz.export.anki import export_apkg
    from tcpquiz.export.stored import StoredFields, count_cards, export_cards
    from tcpquiz.ui.safe import visible

    if output.suffix.lower() != ".apkg" and not output.is_dir():  # Anki knows a package by its extension
        fail(f"An Anki package is a .apkg file, so {output} must end in .apkg "
             f"(for text, use `tcpquiz export csv -o {output.with_suffix('.csv').name}`).")
    reader = _export_reader(ctx)
    decks = study_decks(reader, deck)
    total, active = count_cards(reader.conn, [d.id for d in decks])
    if not active:
        raise nothing_to_export(deck, decks)
    review_counts: dict[int, int] | None = None
    review_log: list[LoggedReview] = []
    if with_progress:
        from tcpquiz.app import open_store as open_library

        # The reader has checked the schema: a second inspection would open the file beside
        # its connection and drop this process's locks on it (see Store.open).
        store = open_library(db_path(ctx), known_current=True)
        ctx.call_on_close(store.close)
        review_counts, review_log = store.review_counts(), store.review_log()
    stored = StoredFields(db_path(ctx))
    ctx.call_on_close(stored.close)
    # Retired cards go too, tagged tcpquiz::retired, so notes Anki already has learn they are gone.
    cards = export_cards(reader.conn, [d.id for d in decks], stored)
    # Rich, which draws the bar and is a tenth of a re-export's time to import, only for a terminal.
    with progress_bar(_say("progress.exporting"), total) if sys.stderr.isatty() else nullcontext() as advance:
        summary = export_apkg(cards, output, now=utcnow(), force=force, review_counts=review_counts,
                              review_log=review_log, advance=advance, stored=stored)
    for message in summary.warnings:
        warn(message)
    media = _say_n("count.image", summary.media) if summary.media else ""
    typer.echo(visible(_say("export.anki", path=output, decks=_say_n("count.decks", summary.decks),
                            notes=_say_n("count.note", summary.notes), cards=_say_n("count.card", summary.cards),
                            media=media)))
    studied = summary.studied
    if with_progress and studied:
        typer.echo(_say_n("export.progress", studied))
    elif with_progress:
        typer.echo(_say("export.no_progress"))


def _export_reader(ctx: typer.Context) -> QuickReader:
    """The library on a standard-library connection, for an export: it reads the cards
    without importing SQLAlchemy. A library that must first be created, upgraded or have
    its built-in decks loaded gets that from the full store, then is read the same way."""
    from tcpquiz.app import builtin_deck_files, builtin_fingerprint
    from tcpquiz.store.reading import QuickReader

    fingerprint = builtin_fingerprint(builtin_deck_files())
    reader = QuickReader.open(db_path(ctx), fingerprint)
    if reader is None:
        open_store(ctx)
        reader = QuickReader.open(db_path(ctx), fingerprint)
    if reader is None:
        fail(f"The database {db_path(ctx)} cannot be read for the export; check that it is a tcpquiz library.")
    ctx.call_on_close(reader.close)
    return reader


@export_app.command("csv")
def export_csv(
    ctx: typer.Context,
    output: OutputOption,
    deck: DeckOption = [],  # noqa: B006
    force: ForceOption = False,
) -> None:
    """Write a CSV file (front, back, deck, tags) for Anki and other apps.

    Example: tcpquiz export csv -o tcp.csv --deck "TCP three-way handshake"
    """
    from tcpquiz.app import export_selection
    from tcpquiz.export.csv import export_csv as write_csv
    from tcpquiz.ui.console import out

    store = open_store(ctx)
    cards = export_selection(store, deck)
    summary = write_csv(cards, output, force=force)
    out().print(_say("export.csv", path=output, cards=_say_n("count.card", summary.cards),
                     decks=_say_n("count.decks", summary.decks)), markup=False, soft_wrap=True)


sync_app = typer.Typer(cls=CliGroup, no_args_is_help=True)
app.add_typer(sync_app, name="sync", short_help="Keep tcpquiz and Anki in step.")


@sync_app.callback()
def sync_root() -> None:
    """Keep tcpquiz and another place you study in step.

    Example: tcpquiz sync anki --collection ~/.local/share/Anki2/"User 1"/collection.anki2
    """


@sync_app.command("anki", short_help="Sync with an Anki collection, both ways.")
def sync_anki_command(
    ctx: typer.Context,
    collection: Annotated[Path, typer.Option(
        "--collection", help="The Anki collection file (close Anki first).", metavar="PATH", dir_okay=False,
        show_default=False)],
    deck: DeckOption = [],  # noqa: B006
    server: Annotated[str | None, typer.Option(
        "--server", help="Also sync the collection with this Anki sync server (AnkiWeb: https://sync.ankiweb.net/).",
        metavar="URL")] = None,
    full: Annotated[str | None, typer.Option(
        "--full", help="For a first sync with no common history: upload or download the whole collection.",
        metavar="upload|download")] = None,
) -> None:
    """Sync with an Anki collection: push cards and progress, pull the reviews made in Anki.

    The cards are those of the --deck decks, else of the decks you study.

    With --server, the user name and password come from TCPQUIZ_ANKI_USER and
    TCPQUIZ_ANKI_PASSWORD, or are asked for; they are never stored.

    Example: tcpquiz sync anki --collection collection.anki2 --server http://127.0.0.1:8080/
    """
    import os

    from tcpquiz.app import export_selection, utcnow
    from tcpquiz.export.ankisync import FULL_DOWNLOAD, FULL_UPLOAD, Server, require_anki, sync_anki
    from tcpquiz.ui.console import out

    if full not in (None, FULL_UPLOAD, FULL_DOWNLOAD):
        tell_error(f"--full takes {FULL_UPLOAD} or {FULL_DOWNLOAD}, not {full!r}.")
        raise typer.Exit(2)
    require_anki()
    remote = None
    if server is not None:
        interactive = sys.stdin.isatty()
        username = os.environ.get("TCPQUIZ_ANKI_USER") or (typer.prompt(_say("sync.user")) if interactive else None)
        password = os.environ.get("TCPQUIZ_ANKI_PASSWORD") or (
            typer.prompt(_say("sync.password"), hide_input=True) if interactive else None)
        if not username or not password:
            fail("The sync server needs a user name and password: set TCPQUIZ_ANKI_USER and TCPQUIZ_ANKI_PASSWORD, "
                 "or run in a terminal to be asked.")
        remote = Server(server, username, password)

    def confirm_full(allowed: tuple[str, ...]) -> str | None:
        if full is not None or not sys.stdin.isatty():
            return full
        if len(allowed) == 1:
            what = ("replace what the sync server holds with this collection" if allowed[0] == FULL_UPLOAD
                    else "replace this collection with what the sync server holds")
            return allowed[0] if typer.confirm(f"This first sync must {what}; go ahead?", err=True) else None
        answer = typer.prompt("The collection and the server both hold cards with no common history: "
                              "upload (keep this collection) or download (keep the server's)", default="cancel",
                              err=True)
        return answer if answer in allowed else None

    store = open_store(ctx)
    cards = export_selection(store, deck, include_retired=True)
    report = sync_anki(store, cards, collection, now=utcnow(), server=remote, confirm_full=confirm_full)
    if report.kept_anki_edits:
        warn(_say_n("sync.kept", report.kept_anki_edits))
    if report.replaced_anki_edits:
        warn(_say_n("sync.replaced", report.replaced_anki_edits))
    steps = [_say(f"sync.{step}") for i, step in enumerate(report.server) if i == 0 or step != report.server[i - 1]]
    server_part = _say("sync.server", steps=_say("sync.then").join(steps)) if steps else ""
    if not report.changed:
        out().print(_say("sync.in_step", path=collection, server=server_part), markup=False, soft_wrap=True)
        return
    out().print(_say("sync.done", path=collection, pulled=_say_n("count.answer", report.pulled),
                     added=_say_n("count.note", report.added), updated=report.updated, retagged=report.retagged,
                     moved=report.moved, suspended=report.suspended, unsuspended=report.unsuspended,
                     answers=_say_n("count.answer", report.answers_pushed),
                     schedules=_say_n("sync.schedules", report.schedules), server=server_part),
                markup=False, soft_wrap=True)


@app.command(short_help="Back up everything to a JSON file.")
def backup(ctx: typer.Context, output: OutputOption, force: ForceOption = False) -> None:
    """Back up all cards, progress, goals and settings to a JSON file.

    Example: tcpquiz backup -o tcpquiz-backup.json
    """
    from tcpquiz.app import write_backup
    from tcpquiz.ui.console import out

    counts = write_backup(open_store(ctx), output, force=force)
    out().print(_say("backup.done", contents=_backup_contents(counts), path=output), markup=False, soft_wrap=True)


@app.command()
def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup written by `tcpquiz backup`.", metavar="FILE",
                                         show_default=False)],
    replace: Annotated[bool, typer.Option(
        "--replace", help="Replace a database that already holds progress (a copy of it is kept).")] = False,
) -> None:
    """Restore a backup made with `tcpquiz backup`.

    Example: tcpquiz restore tcpquiz-backup.json
    """
    from tcpquiz.app import restore_backup
    from tcpquiz.ui.console import out

    report = restore_backup(db_path(ctx), file, replace=replace)
    if report.copy is not None:
        out().print(_say("restore.copy", path=report.copy), markup=False, soft_wrap=True)
    out().print(_say("restore.done", contents=_backup_contents(report.backup.counts), path=file), markup=False,
                soft_wrap=True)


def _backup_contents(counts: dict[str, int]) -> str:
    return _say("backup.contents", decks=_say_n("count.decks", counts["decks"]),
                cards=_say_n("count.card", counts["cards"]), answers=_say_n("count.answer", counts["reviews"]),
                reads=_say_n("count.read", counts["reads"]), goals=_say_n("count.goal", counts["goals"]))


class StudyCommand(TyperCommand):
    """A command whose help speaks the study language where tcpquiz.helptext has its words."""

    context_class = StudyContext

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        if not _write_chinese_help(ctx, formatter):
            super().format_help_text(ctx, formatter)

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        return _completions_in_study_language(ctx, super().shell_complete(ctx, incomplete))


def _completions_in_study_language(ctx: Any, items: list[Any]) -> list[Any]:
    """Completion candidates with the help zsh and fish show beside them (a command's summary,
    an option's help) in the study language. bash shows names alone, so it reads no setting."""
    import os

    from tcpquiz.entry import COMPLETE_VARIABLE

    if os.environ.get(COMPLETE_VARIABLE, "").endswith("_bash") or not any(item.help for item in items) \
            or not _help_in_chinese(ctx):
        return items
    from tcpquiz.helptext import OPTION_HELP_ZH, SUMMARY_ZH

    path = _help_path(ctx)
    for item in items:
        if item.help:
            item.help = SUMMARY_ZH.get(f"{path} {item.value}".strip()) or OPTION_HELP_ZH.get(item.help, item.help)
    return items


def _help_path(ctx: Any) -> str:
    """The command's path below tcpquiz: "", "review", "decks remove"."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return " ".join(reversed(names))


def _help_in_chinese(ctx: Any) -> bool:
    """Whether the study language is Chinese, for help, usage errors and messages: read as
    `fsm` reads it (stdlib sqlite3, no store); a --db whose folder is missing has no setting,
    so the default library's is read (help never fails). Read once per run: the description,
    the command list and each message ask."""
    root = ctx.find_root()
    if "tcpquiz.help_in_chinese" not in root.meta:
        chosen = root.obj
        if isinstance(chosen, Path) and not chosen.expanduser().parent.exists():
            from tcpquiz.entry import language_without_library

            lang = language_without_library()
        else:
            lang = _study_lang(ctx)
        root.meta["tcpquiz.help_in_chinese"] = lang == "zh"
    return bool(root.meta["tcpquiz.help_in_chinese"])


def _write_paragraphs(formatter: Any, text: str, width: int) -> None:
    """`text`'s paragraphs, wrapped by display width: click's formatter counts a Chinese
    character as one column, and its lines would run past the terminal."""
    from tcpquiz.text import wrap

    indent = " " * formatter.current_indent
    for paragraph in text.split("\n\n"):
        formatter.write_paragraph()
        for source in paragraph.split("\n"):  # a line of a list: its next lines hang under it
            own = " " * (len(source) - len(source.lstrip(" ")))
            for line in wrap(source, width, indent + own, indent + own + ("    " if own else "")):
                formatter.write(f"{line}\n")


def _write_chinese_help(ctx: Any, formatter: Any) -> bool:
    from tcpquiz.helptext import HELP_ZH, config_help_zh

    path = _help_path(ctx)
    chinese = config_help_zh() if path == "config" else HELP_ZH.get(path)
    if chinese is None or not _help_in_chinese(ctx):
        return False
    with formatter.indentation():
        _write_paragraphs(formatter, chinese, formatter.width)
    return True


def _write_chinese_commands(group: TyperGroup, ctx: Any, formatter: Any) -> bool:
    """The group's commands with their Chinese summaries, as click lays out a definition list."""
    from tcpquiz.helptext import SUMMARY_ZH

    if not _help_in_chinese(ctx):
        return False
    path = _help_path(ctx)
    rows = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            rows.append((name, SUMMARY_ZH.get(f"{path} {name}".strip()) or command.get_short_help_str(formatter.width)))
    if not rows:
        return False
    with formatter.section("Commands"):  # the formatter is Chinese too: it lays rows out by display width
        formatter.write_dl(rows)
    return True


def _study_commands_speak_the_study_language() -> None:
    """Every command's help in the study language where tcpquiz.helptext has its words."""
    for typer_app in (app, decks_app, goal_app, export_app, sync_app):
        for info in typer_app.registered_commands:
            if info.cls in (None, TyperCommand):  # typer's default, not a class a command chose
                info.cls = StudyCommand


_study_commands_speak_the_study_language()


def main() -> None:
    """The typer app's start, for every command line tcpquiz.entry.main (the console
    script's and `python -m tcpquiz`'s entry point) does not run itself. The program's
    name is tcpquiz either way, so shell completion's variable is _TCPQUIZ_COMPLETE."""
    import os

    from tcpquiz.entry import COMPLETE_VARIABLE

    completing = COMPLETE_VARIABLE in os.environ
    args = completed_words() if completing else sys.argv[1:]
    listing = args is not None and only_the_command_named(args)
    if completing or listing:
        leave_quickly(lambda: app(prog_name="tcpquiz"))
    app(prog_name="tcpquiz")


def leave_quickly(run: Callable[[], object]) -> None:
    """Run what only prints (help, the version, completion candidates) and exit without the
    interpreter's shutdown: tearing typer's modules down again costs about a fifth of what
    importing them did, and nothing here holds a database, a thread or an open file. Under
    coverage.py the exit stays the usual one, so that its data is saved."""
    import os

    try:
        run()
    except SystemExit as done:
        if "coverage" in sys.modules or not (done.code is None or isinstance(done.code, int)):
            raise
        sys.stdout.flush()  # a reader gone away raises here: the usual exit then reports it
        sys.stderr.flush()
        os._exit(done.code or 0)


def completed_words() -> list[str] | None:
    """The words of a shell's completion request before the one being completed, as
    typer's bash, zsh and fish classes read them; None when unsure (every command is
    then registered, which is slower but always right)."""
    import os
    import shlex

    from tcpquiz.entry import COMPLETE_VARIABLE

    shell = os.environ.get(COMPLETE_VARIABLE, "").partition("_")[2]
    try:
        if shell == "bash":
            return shlex.split(os.environ["COMP_WORDS"])[1:int(os.environ["COMP_CWORD"])]
        if shell in ("zsh", "fish"):
            line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
            words = shlex.split(line)[1:]
            return words[:-1] if words and not line.endswith(" ") else words
    except (KeyError, ValueError):  # no request, or an unfinished quote
        pass
    return None


def only_the_command_named(args: list[str]) -> bool:
    """Register only the command the arguments name, when they name one; else stand-ins
    (listing_only), and say so with True. Typer builds every command's options (evaluating
    each signature's annotations) before it runs one; for the twenty commands that costs
    about as much as importing typer, and a command should start in little more than that."""
    name = None
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            return False  # what follows is a command's name, whatever it looks like
        if arg == "--db":
            next(rest, None)
        elif not arg.startswith("-"):
            name = arg
            break
    if name is None:
        listing_only()  # `tcpquiz --help` and the like list every command, and run none
        return True
    commands = [c for c in app.registered_commands
                if (c.name or typer.main.get_command_name(c.callback.__name__ if c.callback else "")) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:  # else typer reports the unknown command, with the full list to suggest from
        app.registered_commands, app.registered_groups = commands, groups
    return False


def listing_only() -> None:
    """Register every command as a stand-in that has its name and help but no options,
    for a command line that names no command (`tcpquiz`, `tcpquiz --help`, `--version`):
    the list of commands shows each one's name and short help, and building each one's
    options would cost half again as much as importing typer. Completing a command's
    name needs no more either (zsh and fish show the short help beside it)."""
    import copy
    import inspect

    def listed(info: typer.models.CommandInfo) -> typer.models.CommandInfo:
        assert info.callback is not None
        stand_in = copy.copy(info)
        stand_in.name = info.name or typer.main.get_command_name(info.callback.__name__)
        stand_in.help = info.help if info.help is not None else inspect.getdoc(info.callback)
        stand_in.callback = lambda: None  # no parameters (and no annotations to evaluate)
        return stand_in

    def group(info: typer.models.TyperInfo) -> typer.models.TyperInfo:
        stand_in = typer.main.solve_typer_info_defaults(info)  # its help and settings, resolved
        stand_in.callback = lambda: None
        stand_in.typer_instance = typer.Typer()  # its own commands are not listed
        return stand_in

    app.registered_commands = [listed(c) for c in app.registered_commands]
    app.registered_groups = [group(g) for g in app.registered_groups]
