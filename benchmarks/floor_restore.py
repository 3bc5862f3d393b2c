"""The restore floor: a backup written by `tcpquiz backup` (one row a line) read a line at
a time with the standard library's json and inserted with its sqlite3 in one transaction,
after deleting every row, and nothing else (no checks, no type conversions).
`tcpquiz restore` of the same file into the same database is compared against this.

    python floor_restore.py DATABASE BACKUP
"""

import json
import sqlite3
import sys

TABLES = ("decks", "cards", "schedules", "reviews", "review_undos", "reads", "goals", "goal_ticks", "settings")

conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA foreign_keys = ON")
conn.execute("BEGIN IMMEDIATE")
for table in reversed(TABLES):
    conn.execute(f"DELETE FROM {table}")
table, batch = None, []


def flush() -> None:
    if batch:
        marks = ", ".join("?" * len(batch[0]))
        conn.executemany(f"INSERT INTO {table} VALUES ({marks})", batch)
        batch.clear()


with open(sys.argv[2], encoding="utf-8") as backup:
    for line in backup:
        line = line.strip().rstrip(",")
        if line.startswith("{") and line.endswith("}") and table:
            row = json.loads(line)
            batch.append([json.dumps(v) if isinstance(v, (list, dict)) else v for v in row.values()])
            if len(batch) >= 1000:
                flush()
        elif line.endswith("["):
            flush()
            table = line.split('"')[1]
flush()
conn.execute("COMMIT")
