"""Run one command for run.py and write its wall time, CPU time and peak memory to a JSON file.

    python -I -S spawn.py REPORT.json [--until TEXT] [--tty] COMMAND [ARG...]

Why a process of its own: Linux counts into a process's max RSS (ru_maxrss) the memory
of the process it was spawned from, up to its exec; spawned with vfork or posix_spawn
(as subprocess does), that is the spawner's *highest* RSS so far. This script is small
(the standard library's os, sys, time and json, no site packages) and makes a real
fork, whose memory starts at this process's current few MB, so the figure is the
command's own peak. The CPU time and the peak include the command's own worker
processes (wait4 reports a child together with the children it waited for).
stdin, stdout and stderr are the command's.

--until TEXT also reports `until_seconds`, the time until TEXT first appears in the
command's output (the first card of a review); the output is still passed on whole.
--tty runs the command in a pseudo-terminal, as a learner does; this script's stdin is
typed into it once TEXT has appeared (a terminal review waits for keys, not lines).
"""

import json
import os
import sys
import time

args = sys.argv[1:]
report = args.pop(0)
until, tty = None, False
while args[0].startswith("--"):
    option = args.pop(0)
    if option == "--until":
        until = args.pop(0).encode()
    elif option == "--tty":
        tty = True
argv = args


def execute():
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)


def raw_mode(fd):
    """Whether the terminal reads keys one by one now (a review waiting for a key); keys
    typed before that would be flushed when it switches (tty.setraw, TCSAFLUSH)."""
    import termios

    return not termios.tcgetattr(fd)[3] & termios.ICANON


def pass_on(fd, typed):
    """Copy the command's output to stdout until it ends; the time `until` first appeared.
    `typed` is written to `fd` once `until` has appeared and the terminal waits for a key."""
    import select

    seen, found = b"", None
    while True:
        waiting = found is not None and typed
        ready, _, _ = select.select([fd], [], [], 0.01 if waiting else None)
        if waiting and not ready and raw_mode(fd):
            os.write(fd, typed)
            typed = b""
            continue
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the terminal's other side closed
            chunk = b""
        if not chunk:
            return found
        os.write(1, chunk)
        if found is None and until is not None:
            seen = (seen + chunk)[-len(until) - 65536:]
            if until in seen:
                found = time.perf_counter() - start


start = time.perf_counter()
until_seconds = None
if tty:
    import pty

    typed = sys.stdin.buffer.read()
    pid, master = pty.fork()
    if pid == 0:
        execute()
    until_seconds = pass_on(master, typed)
elif until is not None:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(write_end, 1)
        os.close(read_end)
        os.close(write_end)
        execute()
    os.close(write_end)
    until_seconds = pass_on(read_end, None)
else:
    pid = os.fork()
    if pid == 0:
        execute()
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(report, "w") as fh:
    json.dump({"seconds": seconds, "until_seconds": until_seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
               "maxrss_kib": usage.ru_maxrss, "exit": os.waitstatus_to_exitcode(status)}, fh)
