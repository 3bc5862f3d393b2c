"""`tcpquiz.notes` stays pure and cheap to import (DESIGN.md, "Dependencies point one way")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def imported_after(code: str) -> set[str]:
    script = f"import sys\nbefore = set(sys.modules)\n{code}\nprint(' '.join(sorted(set(sys.modules) - before)))"
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in result.stdout.split()}


def test_importing_the_package_is_cheap() -> None:
    assert not imported_after("import tcpquiz.notes") & {"markdown_it", "mdit_py_plugins", "yaml", "sqlalchemy", "rich"}


def test_parsing_pulls_in_no_store_cli_or_rich() -> None:
    loaded = imported_after(
        "from tcpquiz.notes import parse_note\nparse_note('# T\\n\\n## Why?\\n\\nBecause.', source='s', deck_key='k',"
        " default_name='d')\nimport tcpquiz.notes.blocks, tcpquiz.notes.freeform, tcpquiz.notes.explicit"
    )
    assert "markdown_it" in loaded
    assert not loaded & {"sqlalchemy", "rich", "typer", "alembic"}
    modules = subprocess.run(
        [sys.executable, "-c", "import sys, tcpquiz.notes, tcpquiz.notes.freeform, tcpquiz.notes.explicit,"
         " tcpquiz.notes.parallel;"
         "print(' '.join(m for m in sys.modules if m.startswith('tcpquiz.')))"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.split()
    assert not [m for m in modules if m.startswith(("tcpquiz.store", "tcpquiz.cli", "tcpquiz.review", "tcpquiz.app"))]
