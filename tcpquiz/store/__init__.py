"""The card store: SQLite through SQLAlchemy 2.0, behind one interface (`Store`)."""

from tcpquiz.store.api import Store

__all__ = ["Store"]
