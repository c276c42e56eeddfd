"""The portfolio's read rows: a release or package with its display names already resolved.

They live in the domain, apart from the services that read them, so that the GUI's quick
start-up read (``storage.quick_read``) can build the very same rows without importing the
database layer. ``services.portfolio`` re-exports them; views import them from either place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from releaseplanner.domain.enums import PackageStatus, ReleaseStatus


@dataclass(frozen=True, slots=True)
class ReleaseSummary:
    id: str
    key: str
    name: str
    type: str
    status: ReleaseStatus
    owner: str
    team: str
    planned_start: date | None
    planned_go_live: date | None
    actual_go_live: date | None
    package_count: int
    description: str


@dataclass(frozen=True, slots=True)
class PackageSummary:
    id: str
    release_id: str
    release_key: str
    name: str
    status: PackageStatus
    team: str
    owner: str
    component_count: int
    change_count: int
    description: str
