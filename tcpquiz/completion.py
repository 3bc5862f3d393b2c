"""What the shell completes (`tcpquiz --install-completion`): deck names, scenario names,
question kinds and setting names. Each function imports only what its answer needs, and
a deck name is read straight from the database, so a Tab press stays quick."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def deck_names(db: Path, incomplete: str) -> list[str]:
    """The present decks whose name starts with `incomplete`, by name."""
    if not db.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            names = [row[0] for row in conn.execute("SELECT name FROM decks WHERE removed_at IS NULL ORDER BY name")]
        finally:
            conn.close()
    except sqlite3.Error:  # an older schema, or not a tcpquiz database: nothing to offer
        return []
    return [name for name in names if name.startswith(incomplete)]


def scenario_names(incomplete: str) -> list[str]:
    from tcpquiz.engine.datasim import DATA_SCENARIOS
    from tcpquiz.engine.scenarios import SCENARIOS

    return [name for name in [*SCENARIOS, *DATA_SCENARIOS, "congestion"] if name.startswith(incomplete)]


def question_kinds(incomplete: str) -> list[str]:
    from tcpquiz.engine.questions import KINDS

    return [kind for kind in KINDS if kind.startswith(incomplete)]


def setting_names(incomplete: str) -> list[str]:
    from tcpquiz.settings import SETTINGS

    return [name for name in SETTINGS if name.startswith(incomplete)]
