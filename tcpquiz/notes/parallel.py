"""Parsing a folder of notes on every core.

Turning a note into cards is pure CPU work, the same for each note and independent
of the others, so a large folder is shared among worker processes; the decks come
back in the order of the files. A few notes are parsed in this process: starting
workers would cost more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from typing import TYPE_CHECKING

from tcpquiz.cards import DeckDraft
from tcpquiz.errors import ImportFailed
from tcpquiz.notes import load_note_or_failure
from tcpquiz.notes.source import NoteFile

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

MIN_NOTES_FOR_WORKERS = 24
MAX_WORKERS = 8
WORKER_GC_THRESHOLD = 10_000  # new objects between young-generation collections (Python's default: 700)


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (containers, taskset)
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _start_worker() -> None:
    """In a worker, before any note. Ctrl-C is the main process's to handle: a worker
    stops when told. And a worker outlives no one: if the process that started it is
    killed (kill -9 cannot be handled), the worker, which would otherwise wait for work
    forever (a forked worker holds its own queue's other end open), stops too.

    The garbage collector leaves alone what the worker starts with (the modules, the
    parser, the rules: nothing of it becomes garbage) and runs less often: a note's
    tokens and blocks die together once its deck is sent, and collecting every 700
    new objects cost a second of CPU per thousand notes."""
    import gc
    import signal
    import threading
    import time

    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, 10, 10)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def stop_when_orphaned() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=stop_when_orphaned, name="parent-watch", daemon=True).start()


def _start_method() -> BaseContext:
    """How the workers start. Forking is fastest: a worker starts with everything this
    process has imported. It is safe only while this process has no other thread, which
    might hold a lock at the moment of the fork (so it comes before the progress bar),
    and only on Linux (macOS's system libraries do not survive it). Otherwise a fork
    server forks them, with the parser imported; with "__main__" preloaded there the
    workers do not each import the command line's main module again."""
    import multiprocessing
    import sys
    import threading

    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["__main__", "tcpquiz.notes.parallel", "tcpquiz.notes.blocks",
                                        "tcpquiz.notes.explicit", "tcpquiz.notes.freeform", "tcpquiz.notes.markdown",
                                        "markdown_it", "mdit_py_plugins.dollarmath", "mdit_py_plugins.footnote"])
        return context
    return multiprocessing.get_context("spawn")


@contextmanager
def load_notes(notes: Sequence[NoteFile], workers: int | None = None,
               load: Callable[[NoteFile], DeckDraft | ImportFailed] | None = None,
               ) -> Iterator[Iterator[DeckDraft | ImportFailed]]:
    """Each note's deck, or the reason it could not be read, in the order of `notes`,
    read by up to `workers` processes (default: one per core this process may use, at
    most MAX_WORKERS). `load` reads one note (load_note_or_failure by default); a caller
    may give one that does more per note (a module-level function, so that workers can
    be handed it).

    The workers start on entering the block, so they are already parsing while the
    caller gets on with other work (opening the database); leaving the block stops them.
    """
    load = load or load_note_or_failure
    workers = min(MAX_WORKERS, available_cpus() if workers is None else workers)
    with _fewer_collections():
        if workers < 2 or len(notes) < MIN_NOTES_FOR_WORKERS:
            yield map(load, notes)
        else:
            with _pool_of(notes, workers, load) as decks:
                yield decks


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """While notes are read and imported, the garbage collector leaves alone what this
    process holds already (the modules, the parser, the store) and runs less often, as in
    the workers: the decks arriving and the parser's tokens are hundreds of thousands of
    objects that die by their reference counts, and each young collection also looked
    through the older ones every ten times (0.4 s of the importing process's CPU over
    1,000 notes, 0.13 s now). Both are put back when the block ends."""
    import gc

    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


@contextmanager
def _pool_of(notes: Sequence[NoteFile], workers: int, load: Callable[[NoteFile], DeckDraft | ImportFailed],
             ) -> Iterator[Iterator[DeckDraft | ImportFailed]]:
    """load_notes() on `workers` worker processes."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # The first note is read here, before the workers start: forked, they find the parser
    # and the rules already imported and built, instead of each importing them again.
    first = load(notes[0])
    pool = ProcessPoolExecutor(workers, mp_context=_start_method(), initializer=_start_worker)

    def in_order(results: Iterator[DeckDraft | ImportFailed]) -> Iterator[DeckDraft | ImportFailed]:
        yield first
        done = 1
        try:
            for deck in results:
                yield deck
                done += 1
        except (BrokenProcessPool, OSError):
            # A worker died (killed, out of memory) or none could start (no room for the
            # fork server's socket): nothing is lost, the rest is parsed here.
            yield from map(load, notes[done:])

    try:
        chunk = max(1, min(4, len(notes) // (workers * 16)))  # few round trips, yet an even share at the end
        try:
            decks = in_order(pool.map(load, notes[1:], chunksize=chunk))
        except (BrokenProcessPool, OSError):  # as in in_order, when no worker could even start
            decks = chain([first], map(load, notes[1:]))
        yield decks
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
