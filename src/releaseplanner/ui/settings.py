"""Every value the app remembers between runs, typed and declared in one place.

A thin layer over QSettings so the rest of the UI never spells a key or guesses a type.
Preferences (none yet) go under ``preferences/``; window state under ``window/``; the stored
layout is versioned so a later release can convert or drop what an older one wrote.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "releaseplanner"
APPLICATION = "Release Planner"

#: Bump when a key changes meaning; ``AppSettings`` then upgrades or drops the old value.
SETTINGS_VERSION = 1

_VERSION_KEY = "meta/version"
_RECENT_KEY = "workspaces/recent"
_GEOMETRY_KEY = "window/geometry"
_WINDOW_STATE_KEY = "window/state"
_SPLITTER_KEY = "window/splitter"


class AppSettings:
    """Typed access to the settings store.

    Args:
        store: where the values live; the user's QSettings in the app, an INI file in a
            temporary folder in tests.
    """

    MAX_RECENT = 8

    def __init__(self, store: QSettings) -> None:
        self._store = store
        if self._store.value(_VERSION_KEY) is None:
            self._store.setValue(_VERSION_KEY, SETTINGS_VERSION)

    @classmethod
    def for_user(cls) -> AppSettings:
        """The current user's settings (the platform's usual place)."""
        return cls(QSettings(ORGANISATION, APPLICATION))

    @property
    def version(self) -> int:
        return int(self._store.value(_VERSION_KEY, SETTINGS_VERSION))

    # -- workspaces ----------------------------------------------------------------------------

    @property
    def recent_workspaces(self) -> list[str]:
        """Workspaces opened lately, newest first (file paths or database URLs)."""
        value = self._store.value(_RECENT_KEY)
        # INI files give back a lone string for a one-item list, and None for none.
        if value is None:
            return []
        if isinstance(value, str):
            return [value] if value else []
        return [str(item) for item in value if item][: self.MAX_RECENT]

    def add_recent_workspace(self, db: str) -> None:
        """Put ``db`` first in the recent list, without duplicates, keeping at most eight."""
        recent = [db, *(item for item in self.recent_workspaces if item != db)]
        self._store.setValue(_RECENT_KEY, recent[: self.MAX_RECENT])

    def remove_recent_workspace(self, db: str) -> None:
        """Forget ``db`` (it could not be opened any more)."""
        self._store.setValue(_RECENT_KEY, [item for item in self.recent_workspaces if item != db])

    def clear_recent_workspaces(self) -> None:
        self._store.remove(_RECENT_KEY)

    # -- window state --------------------------------------------------------------------------

    @property
    def window_geometry(self) -> QByteArray | None:
        return self._bytes(_GEOMETRY_KEY)

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._store.setValue(_GEOMETRY_KEY, value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes(_WINDOW_STATE_KEY)

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._store.setValue(_WINDOW_STATE_KEY, value)

    @property
    def splitter_state(self) -> QByteArray | None:
        return self._bytes(_SPLITTER_KEY)

    @splitter_state.setter
    def splitter_state(self, value: QByteArray) -> None:
        self._store.setValue(_SPLITTER_KEY, value)

    def sync(self) -> None:
        """Write pending changes now (QSettings otherwise writes them lazily)."""
        self._store.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        return None
