"""The card store: SQLite through SQLAlchemy 2.0, behind one interface (`Store`).

`Store` is imported on first use, so that the plain values of tcpquiz.store.views and
the stdlib reads of tcpquiz.store.reading do not pull in SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tcpquiz.store.api import Store

__all__ = ["Store"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from tcpquiz.store.api import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
