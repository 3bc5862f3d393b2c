"""Files that ship with tcpquiz: the alembic migrations and the built-in decks.

In a wheel they sit inside the package (hatchling force-include, see pyproject.toml);
in a source checkout they sit at the top of the repository. Both are found here.
"""

from __future__ import annotations

from pathlib import Path


def resource_dir(name: str) -> Path:
    """Return the directory of a shipped resource (`alembic` or `decks`). A plain path
    beside this file, not importlib.resources: every review start looks up the decks,
    and importlib.resources' readers cost more to import than the lookup itself."""
    package = Path(__file__).resolve().parent
    packaged = package / name
    if packaged.is_dir():
        return packaged
    return package.parent / name


def migrations_dir() -> Path:
    return resource_dir("alembic")


def decks_dir() -> Path:
    return resource_dir("decks")
