"""Where things live on this computer: the default workspace and the demo workspace."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "releaseplanner"
DB_ENV_VAR = "RELEASEPLANNER_DB"


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, ensure_exists=True)


def default_db() -> str:
    """``$RELEASEPLANNER_DB`` if set, else ``workspace.sqlite`` in the user data folder."""
    return os.environ.get(DB_ENV_VAR) or str(user_data_dir() / "workspace.sqlite")


def demo_db() -> Path:
    """The demo workspace that ``releaseplanner --demo`` opens (and creates when missing)."""
    return user_data_dir() / "demo.sqlite"
