"""Where tcpquiz keeps its data: TCPQUIZ_HOME if set, else the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

DB_NAME = "tcpquiz.db"


def data_dir() -> Path:
    home = os.environ.get("TCPQUIZ_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("tcpquiz", appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_NAME
