"""The main window's one door to the services: open, create and read workspaces (Qt-free).

Services bring SQLAlchemy and the ORM mapping with them, about 250 ms of imports: longer than a
bare Qt window takes to appear. This module therefore imports them on first use, which lets
``app.py`` paint the window before the workspace opens; ``preview`` reads the rows of an
up-to-date SQLite file with the standard library meanwhile, so that first paint shows them.
Everything here is plain Python, so the window can be tested with a gateway whose demo workspace
lives in a temporary folder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from releaseplanner import paths

if TYPE_CHECKING:
    from releaseplanner.domain import model as dm
    from releaseplanner.domain.summaries import PackageSummary, ReleaseSummary
    from releaseplanner.services.portfolio import EditChoices
    from releaseplanner.storage.engine import Workspace
    from releaseplanner.ui.release_insights import ReleaseInsight


@dataclass(frozen=True, slots=True)
class PortfolioSnapshot:
    """What the main window shows of a workspace, read in one go."""

    releases: tuple[ReleaseSummary, ...]
    packages: tuple[PackageSummary, ...]
    counts: Mapping[str, int] = field(default_factory=dict)
    #: Ticket refs of each package's change items, so the filter finds a package by ticket.
    ticket_refs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WorkspacePreview:
    """A workspace's rows read before it is opened: shown at once, read-only, until it opens."""

    display_name: str
    snapshot: PortfolioSnapshot


class WorkspaceGateway:
    """Opens workspaces and reads the rows the main window shows.

    Args:
        demo_db: where the demo workspace lives (``paths.demo_db`` in the app).
        today: the day a new demo workspace is built around.
    """

    def __init__(
        self,
        *,
        demo_db: Callable[[], Path] = paths.demo_db,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._demo_db = demo_db
        self._today = today

    def open(self, db: str) -> Workspace:
        """Open an existing workspace.

        Raises:
            WorkspaceError: it is missing, not a workspace, or cannot be read or upgraded.
        """
        from releaseplanner.storage.engine import open_workspace

        return open_workspace(db)

    def create(self, db: str) -> Workspace:
        """Open ``db``, creating the file when missing, with the reference data every plan needs.

        Raises:
            WorkspaceError: the folder is missing or the file is not a workspace.
        """
        from releaseplanner.services.setup import ensure_reference_data
        from releaseplanner.storage.engine import open_workspace

        workspace = open_workspace(db, create=True)
        try:
            ensure_reference_data(workspace)
        except BaseException:
            workspace.close()
            raise
        return workspace

    def preview(self, db: str) -> WorkspacePreview | None:
        """The rows of ``db`` read without SQLAlchemy, for the window's first paint, or None.

        Only a SQLite file at this program's schema is read (``storage.quick_read``); for a URL,
        a missing file or one to upgrade it returns None, and opening the workspace decides.
        """
        if "://" in db:
            return None
        from releaseplanner.storage.quick_read import read_portfolio

        path = Path(db).expanduser().absolute()
        rows = read_portfolio(path)
        if rows is None:
            return None
        snapshot = PortfolioSnapshot(rows.releases, rows.packages, rows.counts, rows.ticket_refs)
        # The name a Workspace on this file shows (WorkspaceLocation.display_name).
        return WorkspacePreview(str(path), snapshot)

    def demo_location(self) -> str:
        return str(self._demo_db())

    def open_demo(self) -> Workspace:
        """Open the demo workspace, building it first when it is missing or has no releases.

        Raises:
            WorkspaceError: the demo file exists but cannot be opened.
        """
        from releaseplanner.services.demo import build_demo
        from releaseplanner.services.portfolio import workspace_counts
        from releaseplanner.storage.engine import open_workspace

        workspace = open_workspace(self.demo_location(), create=True)
        try:
            if workspace_counts(workspace)["releases"] == 0:
                build_demo(workspace, scale=1, seed=1, today=self._today())
        except BaseException:
            workspace.close()
            raise
        return workspace

    def snapshot(self, workspace: Workspace) -> PortfolioSnapshot:
        """Releases, their packages, the record counts and the packages' ticket refs."""
        from releaseplanner.services.portfolio import (
            list_packages,
            list_releases,
            ticket_refs_by_package,
            workspace_counts,
        )

        return PortfolioSnapshot(
            releases=tuple(list_releases(workspace)),
            packages=tuple(list_packages(workspace)),
            counts=workspace_counts(workspace),
            ticket_refs=ticket_refs_by_package(workspace),
        )

    def release_insights(self, workspace: Workspace) -> dict[str, ReleaseInsight]:
        """Each release's risk band and lifecycle flags, by release id, as of ``today``.

        Slow on a large portfolio (about 0.7 s for a thousand releases): the window calls it
        on a worker thread, which is safe because every service read opens its own session.
        """
        from releaseplanner.services.lifecycle import lifecycle_summary
        from releaseplanner.services.risk_bands import release_bands
        from releaseplanner.ui.release_insights import build_insights

        today = self._today()
        bands = release_bands(workspace, today=today)
        return build_insights(bands, lifecycle_summary(workspace, today=today), today)

    # -- what editing needs to read -------------------------------------------------------------

    def edit_choices(self, workspace: Workspace) -> EditChoices:
        """Release types, people, teams and the release keys in use, for the edit forms."""
        from releaseplanner.services.portfolio import edit_choices

        return edit_choices(workspace)

    def release(self, workspace: Workspace, release_id: str) -> dm.Release:
        """The release record (with ids, unlike the summary row). Raises NotFoundError."""
        from releaseplanner.services.portfolio import get_release

        return get_release(workspace, release_id)

    def package(self, workspace: Workspace, package_id: str) -> dm.ReleasePackage:
        """The package record. Raises NotFoundError."""
        from releaseplanner.services.portfolio import get_package

        return get_package(workspace, package_id)

    def deletion_impact(self, workspace: Workspace, kind: str, record_id: str) -> dict[str, int]:
        """What deleting a ``"release"`` or ``"package"`` takes with it, by entity name."""
        from releaseplanner.domain import model as dm
        from releaseplanner.services.portfolio import deletion_impact

        record_type = dm.Release if kind == "release" else dm.ReleasePackage
        return deletion_impact(workspace, record_type, record_id)
