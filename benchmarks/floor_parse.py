"""The import floor: read every notes file under a folder and parse it with markdown-it-py,
nothing else. `tcpquiz import` of the same folder is compared against this, so the
ratio is what tcpquiz adds to parsing alone."""

import sys
from pathlib import Path

from markdown_it import MarkdownIt

md = MarkdownIt("commonmark").enable("table")
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    md.parse(path.read_text(encoding="utf-8"))
