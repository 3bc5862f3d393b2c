"""Run one command for run.py and write its wall time, CPU time and peak memory to a JSON file.

    python -I -S spawn.py REPORT.json COMMAND [ARG...]

Why a process of its own: Linux counts into a process's max RSS (ru_maxrss) the memory
of the process it was spawned from, up to its exec; spawned with vfork or posix_spawn
(as subprocess does), that is the spawner's *highest* RSS so far. This script is small
(the standard library's os, sys, time and json, no site packages) and makes a real
fork, whose memory starts at this process's current few MB, so the figure is the
command's own peak. The CPU time and the peak include the command's own worker
processes (wait4 reports a child together with the children it waited for).
stdin, stdout and stderr are the command's.
"""

import json
import os
import sys
import time

report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(report, "w") as fh:
    json.dump({"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "maxrss_kib": usage.ru_maxrss,
               "exit": os.waitstatus_to_exitcode(status)}, fh)
