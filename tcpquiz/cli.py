"""The tcpquiz command line: parse options, call the core, render. The only place that exits.

Heavy libraries (sqlalchemy, alembic, markdown-it, rich's markdown) are imported
inside the commands that need them, so `tcpquiz --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer
from typer.core import TyperGroup

from tcpquiz import __version__
from tcpquiz.errors import TcpquizError, database_error_message
from tcpquiz.wording import plural

if TYPE_CHECKING:
    from tcpquiz.review.quickstart import QuickStartStore
    from tcpquiz.store.api import Store


class CliGroup(TyperGroup):
    """Turns errors a user can cause into one `Error: ...` line and exit status 1."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TcpquizError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            typer.echo("Interrupted; everything finished before Ctrl-C is saved.", err=True)
            raise typer.Exit(130) from None
        except Exception as exc:
            message = database_error_message(exc)
            if message is None:
                raise
            fail(message)


def fail(message: str) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def warn(message: str) -> None:
    typer.echo(f"Warning: {message}", err=True)


app = typer.Typer(
    cls=CliGroup,
    name="tcpquiz",
    help="Study TCP with spaced repetition: cards from your notes and from a TCP state-machine engine.",
    no_args_is_help=True,
    add_completion=False,
    # Plain help: typer's rich help imports rich.markdown and markdown-it at start-up,
    # which would double the cost of `tcpquiz --help` (issue 7 keeps it near `import typer`).
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
    db: Annotated[Optional[Path], typer.Option(
        "--db", help="Database file to use instead of tcpquiz.db in the data directory.",
        metavar="PATH", dir_okay=False)] = None,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Study TCP with spaced repetition: cards from your notes and from a TCP state-machine engine.

    Start with `tcpquiz review`. Data lives in TCPQUIZ_HOME, or the platform's data directory.
    """
    ctx.obj = db


def db_path(ctx: typer.Context) -> Path:
    from tcpquiz.paths import default_db_path

    chosen = ctx.find_root().obj
    return chosen.expanduser() if chosen else default_db_path()


def open_store(ctx: typer.Context) -> Store:
    from tcpquiz.app import open_store as open_library

    store = open_library(db_path(ctx), announce=lambda message: typer.echo(message, err=True))
    ctx.call_on_close(store.close)
    if store.upgrade_copy:
        warn(f"The database was upgraded; the old version is kept at {store.upgrade_copy}.")
    return store


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@contextmanager
def progress_bar(label: str, total: int | None = None) -> Iterator[Callable[..., None] | None]:
    """A progress bar on stderr while a long job runs, when stderr is a terminal.
    Yields the function that advances it by one (and shows its argument, such as
    a file name, beside the bar), or None when there is no terminal to draw on."""
    from tcpquiz.ui.console import err

    console = err()
    if not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    count = MofNCompleteColumn() if total is not None else TextColumn("")
    with Progress(TextColumn(label), BarColumn(), count, TextColumn("{task.description}"), console=console,
                  transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda item="": bar.update(task, advance=1, description=str(item))


DeckOption = Annotated[list[str], typer.Option(
    "--deck", "-d", help="Only this deck (and its sub-decks); repeat for several.", metavar="NAME")]


# -- review -------------------------------------------------------------------------


@app.command()
def review(
    ctx: typer.Context,
    deck: DeckOption = [],  # noqa: B006 - typer needs a literal default
    new: Annotated[Optional[int], typer.Option(
        "--new", min=0, metavar="N", help="New cards today (default: the new-per-day setting, 20).")] = None,
    limit: Annotated[Optional[int], typer.Option(
        "--limit", min=0, metavar="N", help="Reviews today (default: the reviews-per-day setting, 200).")] = None,
) -> None:
    """Review today's due cards, then new ones; answers save at once.

    Example: tcpquiz review --deck "TCP state machine" --new 10
    """
    import random

    from tcpquiz.app import settings, study_decks, today, utcnow
    from tcpquiz.review.session import Outcome, ReviewSession
    from tcpquiz.store.views import Limits

    store = open_review_store(ctx)
    config = settings(store)
    decks = study_decks(store, deck, lang=config["lang"])
    limits = Limits(
        new_per_day=config["new-per-day"] if new is None else new,
        reviews_per_day=config["reviews-per-day"] if limit is None else limit,
    )
    day = today()
    deck_ids = [d.id for d in decks]
    session = ReviewSession.start(store, store.review_queue(day, deck_ids, limits), utcnow)
    if session.current is None:
        next_due = store.next_due(deck_ids, day)
        when = f"; the next card is due {next_due.isoformat()}" if next_due else ""
        typer.echo(f"Nothing to review today{when}.")
        return
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if interactive:
        from tcpquiz.review import render, tty
        from tcpquiz.ui.console import out

        load_while_reading(store)
        outcome = tty.run(session, out(), lang=config["lang"], hesitation_seconds=config["hesitation-seconds"],
                          rng=random.Random())
    else:
        from tcpquiz.review import script

        load_while_reading(store)
        outcome = script.run(session, typer.echo, lines=sys.stdin, warn=warn,
                             hesitation_seconds=config["hesitation-seconds"], rng=random.Random())
    summary = session.summary(store.streak(today()), store.next_due(deck_ids, today()))
    if interactive:
        out().print(render.summary_panel(summary))
    else:
        from tcpquiz.review.text import summary_text

        typer.echo(summary_text(summary))
    if outcome is Outcome.INTERRUPTED:
        raise typer.Exit(130)


def open_review_store(ctx: typer.Context) -> Store | QuickStartStore:
    """The store for a review: its quick start when the database needs nothing done first,
    so that the first card shows before SQLAlchemy is imported; else the full store."""
    from tcpquiz.review.quickstart import QuickStartStore

    quick = QuickStartStore.open(db_path(ctx), lambda: _open_full_store(db_path(ctx)))
    if quick is None:
        return open_store(ctx)
    ctx.call_on_close(quick.close)
    return quick


def _open_full_store(path: Path) -> Store:
    from tcpquiz.app import open_store as open_library

    # The quick start has read the schema revision: a second inspection would open the
    # file beside the quick reader's connection (see Store.open).
    return open_library(path, known_current=True)


def load_while_reading(store: Store | QuickStartStore) -> None:
    """Open the full store in the background (the learner is reading the first card; the
    modules that draw it are imported already, so the two hardly compete)."""
    from tcpquiz.review.quickstart import QuickStartStore

    if isinstance(store, QuickStartStore):
        store.load_in_background()


# -- import and listing ---------------------------------------------------------------

MAX_IMPORT_ROWS = 30  # an import of more decks than this is summed up in one row


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Markdown files or folders of them.", show_default=False)],
) -> None:
    """Import markdown notes (files or folders) as decks; safe to repeat.

    Example: tcpquiz import ~/notes/tcp
    """
    from rich.table import Table

    from tcpquiz.app import find_notes, import_notes
    from tcpquiz.notes.parallel import load_notes
    from tcpquiz.ui.console import out

    notes, missing = find_notes(paths)
    with load_notes(notes) as drafts:  # the notes are parsed while the database opens
        store = open_store(ctx)
        with progress_bar("Importing", len(notes)) as advance:
            report = import_notes(store, notes, drafts, progress=advance and (lambda path: advance(Path(path).name)))
    for message in report.warnings:
        warn(message)
    for message in missing + report.failures:
        typer.echo(f"Error: {message}", err=True)
    if report.results:
        columns = ("new", "updated", "unchanged", "retired", "restored")
        names = [r.deck for r in report.results]
        counts = [[getattr(r, column) for column in columns] for r in report.results]
        if len(names) > MAX_IMPORT_ROWS:  # a row per deck would scroll the summary away; `tcpquiz decks` lists them
            names, counts = [f"all {len(names)} decks"], [[sum(column) for column in zip(*counts)]]
        table = Table("deck", *columns, box=None, padding=(0, 2))
        for name, row in zip(names, counts):
            table.add_row(name, *map(str, row))
        out().print(table)
        decks = len(report.results)
        cards = sum(r.new + r.updated + r.unchanged + r.restored for r in report.results)
        out().print(f"Imported {plural(decks, 'deck')} with {plural(cards, 'active card')}.", markup=False)
    if missing or report.failures:
        raise typer.Exit(1)


@app.command()
def cards(
    ctx: typer.Context,
    deck: DeckOption = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    retired: Annotated[bool, typer.Option("--retired", help="Include retired cards.")] = False,
) -> None:
    """List cards with their deck, source and due date.

    Example: tcpquiz cards --deck "TCP 三次握手" --json
    """
    from tcpquiz.app import study_decks

    store = open_store(ctx)
    chosen = study_decks(store, deck) if deck else store.deck_refs()
    views = store.iter_cards([d.id for d in chosen], include_retired=retired)
    if as_json:
        # Streamed card by card: a library of 100,000 cards is never held whole. Written
        # to the buffered stream, not echoed (each echo flushes: a write a card).
        stream = typer.get_text_stream("stdout")
        encode = json.JSONEncoder(ensure_ascii=False).encode
        stream.write("[")
        for index, card in enumerate(views):
            stream.write(("," if index else "") + "\n" + encode(card.as_json()))
        stream.write("\n]\n")
        stream.flush()
        return
    from rich.table import Table

    from tcpquiz.ui.console import out

    table = Table("deck", "front", "kind", "due", box=None, padding=(0, 2))
    count = 0
    for count, card in enumerate(views, start=1):
        front = card.front.splitlines()[0] if card.front else ""
        table.add_row(card.deck, front[:70], card.kind, card.due.isoformat() if card.due else card.state.value)
    out().print(table)
    out().print(f"{plural(count, 'card')}.", markup=False)


@app.command()
def decks(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List decks with their card counts and reads.

    Example: tcpquiz decks --json
    """
    from tcpquiz.app import is_studied, settings

    store = open_store(ctx)
    lang = settings(store)["lang"]
    views = store.decks()
    rows = [
        {"name": d.name, "cards": d.cards, "reads": d.reads, "read_goal": d.read_goal, "source": d.source,
         "builtin": d.builtin, "lang": d.lang, "studied": is_studied(d, lang)}
        for d in views
    ]
    if as_json:
        print_json(rows)
        return
    from rich.table import Table

    from tcpquiz.ui.console import out

    table = Table("deck", "cards", "reads", "studied", "source", box=None, padding=(0, 2))
    for row in rows:
        table.add_row(row["name"], str(row["cards"]), f"{row['reads']}/{row['read_goal']}",
                      "yes" if row["studied"] else f"no ({row['lang']})", row["source"])
    out().print(table)


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
    from tcpquiz.app import study_decks, today

    store = open_store(ctx)
    chosen = study_decks(store, deck)
    result = store.stats(today(), [d.id for d in chosen])
    if as_json:
        print_json(result.as_json())
        return
    from tcpquiz.ui.console import out
    from tcpquiz.ui.stats import render_stats

    out().print(render_stats(result))


@app.command()
def read(
    ctx: typer.Context,
    deck: Annotated[str, typer.Argument(help="The deck whose note to read.", show_default=False)],
    count: Annotated[bool, typer.Option(
        "--count/--no-count", help="Count a read when you reach the end.")] = True,
) -> None:
    """Read a deck's note; reaching its end counts one read.

    Example: tcpquiz read "TCP 三次握手"
    """
    from rich.markdown import Markdown

    from tcpquiz.app import utcnow
    from tcpquiz.ui.console import out
    from tcpquiz.ui.pager import page

    store = open_store(ctx)
    target = _one_deck(store, deck)
    text = store.deck_text(target.id)
    if not text.strip():
        fail(f"The deck {target.name!r} has no note to read; it is generated, not written.")
    console = out()
    body = Markdown(_readable(text))
    if console.is_terminal and sys.stdin.isatty():
        finished = page(console, body, target.name, typer.getchar)
    else:
        console.print(body)
        finished = True
    if not count:
        return
    if finished:
        reads = store.add_read(target.id, utcnow())
        console.print(f"Read {reads} of {target.read_goal} for {target.name}.", markup=False)
    else:
        console.print("You stopped before the end, so this read was not counted.", markup=False)


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
    names = ", ".join(sorted(d.name for d in matches))
    fail(f"{name!r} names several decks ({names}); give the full name of one.")


class GoalGroup(CliGroup):
    """`tcpquiz goal DECK --reads N` sits beside `goal add` and `goal tick`: a first
    word that is not a subcommand is a deck name."""

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "deck", self.commands["deck"], args
        return super().resolve_command(ctx, args)


goal_app = typer.Typer(
    cls=GoalGroup, no_args_is_help=False, invoke_without_command=True,
)
app.add_typer(goal_app, name="goal")


@goal_app.callback()
def goal_root(ctx: typer.Context) -> None:
    """Read goals of decks (60 by default) and goals of your own.

    Set a deck's read goal with `tcpquiz goal DECK --reads N`, for example
    tcpquiz goal "TCP 三次握手" --reads 30. With no command, list the goals.
    """
    if ctx.invoked_subcommand is None:
        goal_list(ctx)


@goal_app.command("deck", hidden=True)
def goal_deck(
    ctx: typer.Context,
    deck: Annotated[str, typer.Argument(help="The deck.", show_default=False)],
    reads: Annotated[int, typer.Option("--reads", min=1, max=10_000, metavar="N", help="How many reads to aim for.")],
) -> None:
    """Set how many times you aim to read a deck's note.

    Example: tcpquiz goal "TCP 三次握手" --reads 30
    """
    from tcpquiz.ui.console import out

    store = open_store(ctx)
    target = _one_deck(store, deck)
    store.set_read_goal(target.id, reads)
    done = store.read_count(target.id)
    out().print(f"The read goal of {target.name} is now {reads}; {done} done so far.", markup=False)


@goal_app.command("add")
def goal_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What the goal is.", show_default=False)],
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
    out().print(f"Added the goal {goal.text!r}: 0 of {goal.target}.", markup=False)


@goal_app.command("tick")
def goal_tick(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The goal's text, or enough of it to tell it apart.",
                                        show_default=False)],
) -> None:
    """Count one more towards a goal of your own.

    Example: tcpquiz goal tick "TCP chapter"
    """
    from tcpquiz.app import utcnow
    from tcpquiz.ui.console import out

    goal = open_store(ctx).tick_goal(text, utcnow())
    done = " Goal reached!" if goal.done == goal.target else ""
    out().print(f"{goal.text}: {goal.done} of {goal.target}.{done}", markup=False)


@goal_app.command("remove")
def goal_remove(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The goal's text, or enough of it to tell it apart.",
                                        show_default=False)],
) -> None:
    """Remove a goal of your own, with its ticks.

    Example: tcpquiz goal remove "TCP chapter"
    """
    from tcpquiz.ui.console import out

    removed = open_store(ctx).remove_goal(text)
    out().print(f"Removed the goal {removed!r}.", markup=False)


@goal_app.command("list")
def goal_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List read goals of the decks you study and goals of your own.

    Example: tcpquiz goal list --json
    """
    from tcpquiz.app import is_studied, settings

    store = open_store(ctx)
    lang = settings(store)["lang"]
    decks_ = [d for d in store.decks() if is_studied(d, lang)]
    goals = store.goals()
    if as_json:
        print_json({
            "decks": [{"name": d.name, "reads": d.reads, "read_goal": d.read_goal} for d in decks_],
            "goals": [{"text": g.text, "done": g.done, "target": g.target} for g in goals],
        })
        return
    from rich.table import Table

    from tcpquiz.ui.console import out

    table = Table("goal", "done", "target", box=None, padding=(0, 2))
    for d in decks_:
        table.add_row(f"read {d.name}", str(d.reads), str(d.read_goal))
    for g in goals:
        table.add_row(g.text, str(g.done), str(g.target))
    out().print(table)


# -- the TCP engine -------------------------------------------------------------------------

LangOption = Annotated[Optional[str], typer.Option(
    "--lang", help="zh or en (default: from the locale).", metavar="LANG", show_default=False)]


def _lang(lang: str | None) -> str:
    from tcpquiz.engine.questions import check_lang
    from tcpquiz.settings import default_lang

    return check_lang(lang.strip().lower() if lang else default_lang())


@app.command()
def fsm(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    lang: LangOption = None,
) -> None:
    """Print the TCP state table of RFC 9293: next state, what is sent, and the section.

    Example: tcpquiz fsm --lang zh
    """
    from tcpquiz.engine import fsm as machine

    chosen = _lang(lang)
    rows = [row for row in machine.outcomes() if isinstance(row, machine.Transition)]
    if as_json:
        print_json([row.as_json() for row in rows])
        return
    from tcpquiz.ui.console import out
    from tcpquiz.ui.engine import fsm_view

    out().print(fsm_view(rows, chosen, out().width))


@app.command()
def simulate(
    scenario: Annotated[str, typer.Argument(
        help="handshake, close, simultaneous-open, simultaneous-close, lost-final-ack, old-duplicate-syn, "
             "half-close, syn-flood or abort.", show_default=False)],
    seed: Annotated[int, typer.Option("--seed", help="Seed for the ISNs not given: the same seed, the same run.")] = 0,
    isn_client: Annotated[Optional[int], typer.Option(
        "--isn-client", help="The client's initial sequence number (default: drawn from the seed).",
        metavar="N", show_default=False)] = None,
    isn_server: Annotated[Optional[int], typer.Option(
        "--isn-server", help="The server's initial sequence number (default: drawn from the seed).",
        metavar="N", show_default=False)] = None,
    msl: Annotated[int, typer.Option("--msl", help="Maximum segment lifetime in seconds; TIME-WAIT lasts twice it.",
                                     metavar="SECONDS")] = 120,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a diagram.")] = False,
) -> None:
    """Play a scenario between a client and a server and draw it as a sequence diagram.

    Example: tcpquiz simulate lost-final-ack --isn-client 1000 --isn-server 5000
    """
    from tcpquiz.engine.sim import simulate as run

    result = run(scenario, seed=seed, isn_client=isn_client, isn_server=isn_server, msl_ms=msl * 1000)
    if as_json:
        print_json(result.as_json())
        return
    from tcpquiz.engine.diagram import diagram
    from tcpquiz.ui.console import out
    from tcpquiz.ui.engine import print_diagram

    print_diagram(out(), diagram(result))


@app.command()
def questions(
    count: Annotated[int, typer.Option("--count", "-n", min=1, max=10_000, help="How many questions.")] = 10,
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same questions.")] = 0,
    kind: Annotated[Optional[str], typer.Option(
        "--kind", help="next-state, send, order, where, seqack, scenario or timer (default: all).",
        metavar="KIND", show_default=False)] = None,
    lang: LangOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print questions generated from the TCP state machine, with answers and explanations.

    Example: tcpquiz questions --count 5 --kind seqack --seed 7
    """
    from tcpquiz.engine.questions import generate

    generated = generate(count=count, seed=seed, kind=kind, lang=_lang(lang))
    if as_json:
        print_json([question.as_json() for question in generated])
        return
    from tcpquiz.ui.console import out
    from tcpquiz.ui.engine import questions_view

    out().print(questions_view(generated))


# -- export ------------------------------------------------------------------------------


@app.command()
def cheatsheet(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The file to write: FILE.pdf or FILE.html.", metavar="FILE", show_default=False)],
    lang: Annotated[Optional[str], typer.Option(
        "--lang", help="zh or en (default: the lang setting).", metavar="LANG", show_default=False)] = None,
    deck: Annotated[list[str], typer.Option(
        "--deck", "-d", help="Take the weakest cards from this deck (and its sub-decks) only; repeat for several.",
        metavar="NAME")] = [],  # noqa: B006
    weakest: Annotated[int, typer.Option(
        "--weakest", min=0, max=30, metavar="N",
        help="How many of your weakest cards to list (0: leave them out); the PDF lists as many as fit.")] = 8,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write a printable A4 cheat sheet: state diagram, handshake, close, your weakest cards.

    Example: tcpquiz cheatsheet -o tcp.pdf --lang zh --weakest 10
    """
    from tcpquiz.app import settings, today
    from tcpquiz.engine.questions import check_lang
    from tcpquiz.export.cheatsheet import output_format, render, write
    from tcpquiz.export.cheatsheet.content import WeakSpot, build_sheet

    output = output.expanduser()
    fmt = output_format(output, force=force)
    chosen = check_lang(lang.strip().lower()) if lang is not None else None
    store = open_store(ctx)
    chosen = chosen or settings(store)["lang"]
    spots = None
    if weakest:
        decks = store.resolve_decks(deck) if deck else store.deck_refs()
        spots = [WeakSpot(w.card.deck, w.card.front, w.card.back, w.lapses, w.card.schedule.easiness, w.reviews)
                 for w in store.weakest_cards([d.id for d in decks], weakest) if w.card.schedule]
    data = render(build_sheet(chosen, spots, today()), fmt)
    write(output, data, force=force)
    typer.echo(f"Wrote the cheat sheet to {output} ({max(1, round(len(data) / 1024))} KB).")


# -- settings ----------------------------------------------------------------------------


@app.command()
def config(
    ctx: typer.Context,
    key: Annotated[Optional[str], typer.Argument(help="The setting to show or change.", show_default=False)] = None,
    value: Annotated[Optional[str], typer.Argument(help="Its new value.", show_default=False)] = None,
    reset: Annotated[bool, typer.Option("--reset", help="Return the setting to its default.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show or change settings (new-per-day, reviews-per-day, lang, ...).

    Example: tcpquiz config new-per-day 30
    """
    from tcpquiz import settings as defs
    from tcpquiz.app import settings
    from tcpquiz.ui.console import out

    store = open_store(ctx)
    if key is None:
        values = settings(store)
        if as_json:
            print_json(values)
            return
        for name, spec in defs.SETTINGS.items():
            out().print(f"{name} = {values[name]}    ({spec.help})", markup=False)
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
    from tcpquiz.app import export_selection, utcnow
    from tcpquiz.export.anki import export_apkg
    from tcpquiz.ui.console import out

    store = open_store(ctx)
    cards = export_selection(store, deck)
    review_counts = store.review_counts() if with_progress else None
    with progress_bar("Exporting", len(cards)) as advance:
        summary = export_apkg(cards, output, now=utcnow(), force=force, review_counts=review_counts,
                              advance=advance)
    for message in summary.warnings:
        warn(message)
    media = f", {plural(summary.media, 'image')}" if summary.media else ""
    out().print(f"Wrote {output}: {plural(summary.decks, 'deck')}, {plural(summary.notes, 'note')}, "
                f"{plural(summary.cards, 'card')}{media}.", markup=False, soft_wrap=True)
    studied = sum(1 for card in cards if card.schedule is not None)
    if with_progress and studied:
        out().print(f"The schedules of {plural(studied, 'studied card')} are included; keep them by importing "
                    "with Anki's \"Import any learning progress\".", markup=False, soft_wrap=True)
    elif with_progress:
        out().print("None of these cards has been studied yet, so there was no progress to include.",
                    markup=False, soft_wrap=True)


@export_app.command("csv")
def export_csv(
    ctx: typer.Context,
    output: OutputOption,
    deck: DeckOption = [],  # noqa: B006
    force: ForceOption = False,
) -> None:
    """Write a CSV file (front, back, deck, tags) for Anki and other apps.

    Example: tcpquiz export csv -o tcp.csv --deck "TCP 三次握手"
    """
    from tcpquiz.app import export_selection
    from tcpquiz.export.csv import export_csv as write_csv
    from tcpquiz.ui.console import out

    store = open_store(ctx)
    cards = export_selection(store, deck)
    summary = write_csv(cards, output, force=force)
    out().print(f"Wrote {output}: {plural(summary.cards, 'card')} from {plural(summary.decks, 'deck')}.",
                markup=False, soft_wrap=True)


@app.command()
def backup(ctx: typer.Context, output: OutputOption, force: ForceOption = False) -> None:
    """Back up all cards, progress, goals and settings to a JSON file.

    Example: tcpquiz backup -o tcpquiz-backup.json
    """
    from tcpquiz.app import write_backup
    from tcpquiz.ui.console import out

    counts = write_backup(open_store(ctx), output, force=force)
    out().print(f"Backed up {_backup_contents(counts)} to {output}.", markup=False, soft_wrap=True)


@app.command()
def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup written by `tcpquiz backup`.", show_default=False)],
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
        out().print(f"The database it replaced was copied to {report.copy} first.", markup=False, soft_wrap=True)
    out().print(f"Restored {_backup_contents(report.backup.counts)} from {file}.", markup=False, soft_wrap=True)


def _backup_contents(counts: dict[str, int]) -> str:
    return (f"{plural(counts['decks'], 'deck')}, {plural(counts['cards'], 'card')}, "
            f"{plural(counts['reviews'], 'answer')}, {plural(counts['reads'], 'read')} "
            f"and {plural(counts['goals'], 'goal')}")


def main() -> None:
    """Console-script entry point."""
    only_the_command_named(sys.argv[1:])
    app()


def only_the_command_named(args: list[str]) -> None:
    """Register only the command the arguments name, when they name one. Typer builds
    every command's options (evaluating each signature's annotations) before it runs
    one; for the twenty commands that costs about as much as importing typer, and
    `tcpquiz review` is meant to show its first card in little more than that."""
    name = None
    rest = iter(args)
    for arg in rest:
        if arg == "--db":
            next(rest, None)
        elif not arg.startswith("-"):
            name = arg
            break
    if name is None:
        return  # `tcpquiz --help` and the like list every command
    commands = [c for c in app.registered_commands
                if (c.name or typer.main.get_command_name(c.callback.__name__ if c.callback else "")) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:  # else typer reports the unknown command, with the full list to suggest from
        app.registered_commands, app.registered_groups = commands, groups
