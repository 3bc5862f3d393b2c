"""The backup floor: every row of every tcpquiz table written as JSON, one row a line,
with the standard library's sqlite3 and json and nothing else (no type conversions, no
checks). `tcpquiz backup` of the same database is compared against this.

    python floor_backup.py DATABASE OUTPUT
"""

import json
import sqlite3
import sys

TABLES = ("decks", "cards", "schedules", "reviews", "review_undos", "reads", "goals", "goal_ticks", "settings")

conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN")
encode = json.JSONEncoder(ensure_ascii=False).encode
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write('{"format": "floor"')
    for table in TABLES:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY 1")
        names = [column[0] for column in cursor.description]
        out.write(f',\n"{table}": [')
        first = True
        while batch := cursor.fetchmany(1000):
            out.write(("\n" if first else ",\n") + ",\n".join(encode(dict(zip(names, row, strict=True))) for row in batch))
            first = False
        out.write("\n]")
    out.write("\n}\n")
conn.execute("COMMIT")
