"""How values read on screen: dates, counts and enum labels (Qt-free, so tests need no Qt)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

#: Shown for a value that is not set; a dash reads as "nothing" without shouting.
MISSING = "—"


def format_date(value: date | None) -> str:
    """``Mon 3 Mar 2025``: the weekday matters when planning go-lives, the year when skimming."""
    if value is None:
        return MISSING
    # Built by hand rather than with %-d, which is not portable to Windows.
    return f"{value:%a} {value.day} {value:%b %Y}"


def format_short_date(value: date | None) -> str:
    """``3 Mar 2025`` for table cells, where the weekday would crowd the column."""
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"


def status_label(value: str) -> str:
    """``early_life_support`` -> ``Early life support`` (the domain enums' own label rule)."""
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    return str(value).replace("_", " ").capitalize()


def plural(count: int, noun: str) -> str:
    """``1 release``, ``3 releases``, ``2 schedule items``."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def summarise_counts(counts: Mapping[str, int]) -> str:
    """``12 releases · 48 packages · 230 schedule items · 31 risks`` for the status bar."""
    parts = []
    for key, count in counts.items():
        noun = key.replace("_", " ")
        parts.append(plural(count, noun[:-1] if noun.endswith("s") else noun))
    return " · ".join(parts)


_URL_PASSWORD = re.compile(r"(://[^:/@]+:)[^/]*@")


def hide_password(db: str) -> str:
    """A database URL fit for menus and tooltips: ``postgresql://ana:***@host/plans``."""
    return _URL_PASSWORD.sub(r"\1***@", db)


def recent_entry(path: Path | None, url: str) -> str:
    """How the recent list names a workspace: its file path, else its URL."""
    return str(path) if path is not None else url


def short_name(db: str) -> str:
    """The file name of a path; a URL is shown whole (it has no file name worth showing)."""
    if "://" in db:
        return hide_password(db)
    # Split on either separator: a Windows path may be shown on any system.
    return db.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or db
