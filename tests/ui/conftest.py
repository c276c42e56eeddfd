"""Fixtures for GUI tests: real SQLite workspaces in ``tmp_path`` and throw-away settings.

Nothing here imports Qt at module level, so collecting this folder without PySide6 installed
reaches each module's ``pytest.importorskip("PySide6")`` and skips cleanly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import PackageStatus, ReleaseStatus
from releaseplanner.domain.ids import new_id
from releaseplanner.services.portfolio import create_release
from releaseplanner.services.setup import ensure_reference_data
from releaseplanner.storage.engine import open_workspace
from releaseplanner.storage.store import Store

TODAY = date(2025, 3, 3)


@dataclass(frozen=True)
class SampleRelease:
    key: str
    name: str
    type_key: str
    go_live: date
    packages: Sequence[str] = field(default_factory=tuple)
    status: ReleaseStatus = ReleaseStatus.PLANNED


PORTFOLIO_A = (
    SampleRelease(
        "R-25.1",
        "Customer portal relaunch",
        "major",
        date(2025, 4, 14),
        ("Portal front end", "Identity service", "Search index rebuild"),
        ReleaseStatus.IN_TEST,
    ),
    SampleRelease(
        "R-25.2", "Payments hardening", "minor", date(2025, 5, 5), ("Card vault upgrade",)
    ),
    SampleRelease("R-25.3", "Spring patch train", "patch", date(2025, 3, 24)),
)
PORTFOLIO_B = (
    SampleRelease(
        "OPS-7", "Data centre move", "major", date(2025, 9, 1), ("Network cut-over", "DNS")
    ),
)


def build_workspace(path: Path, releases: Sequence[SampleRelease]) -> str:
    """Create a SQLite workspace at ``path`` holding ``releases`` and their packages."""
    workspace = open_workspace(str(path), create=True)
    try:
        ensure_reference_data(workspace)
        for sample in releases:
            release, _ = create_release(
                workspace,
                key=sample.key,
                name=sample.name,
                type_key=sample.type_key,
                planned_start=TODAY,
                planned_go_live=sample.go_live,
            )
            # No package service exists yet; tests may write through the store directly.
            with workspace.session_factory.begin() as session:
                store = Store(session)
                if sample.status is not ReleaseStatus.PLANNED:
                    store.update(dm.Release, release.id, {"status": sample.status})
                for number, name in enumerate(sample.packages):
                    store.add(
                        dm.ReleasePackage(
                            id=new_id("package"),
                            release_id=release.id,
                            name=name,
                            status=list(PackageStatus)[number % len(PackageStatus)],
                            description=f"{name} for {sample.name}.",
                        )
                    )
    finally:
        workspace.close()
    return str(path)


@pytest.fixture
def workspace_a(tmp_path: Path) -> str:
    """Three releases, four packages."""
    return build_workspace(tmp_path / "portfolio-a.sqlite", PORTFOLIO_A)


@pytest.fixture
def workspace_b(tmp_path: Path) -> str:
    """One release, two packages."""
    return build_workspace(tmp_path / "portfolio-b.sqlite", PORTFOLIO_B)


@pytest.fixture
def settings(tmp_path: Path) -> Any:
    """App settings in an INI file of this test's own, never the user's."""
    from PySide6.QtCore import QSettings

    from releaseplanner.ui.settings import AppSettings

    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def gateway(tmp_path: Path) -> Any:
    """A gateway whose demo workspace lives in this test's folder."""
    from releaseplanner.ui.gateway import WorkspaceGateway

    return WorkspaceGateway(demo_db=lambda: tmp_path / "demo.sqlite", today=lambda: TODAY)


@pytest.fixture
def make_window(qtbot: Any, settings: Any, gateway: Any) -> Iterator[Callable[[], Any]]:
    """Makes main windows that qtbot closes (and so closes their workspaces) after the test."""
    from releaseplanner.ui.main_window import MainWindow

    def make() -> Any:
        window = MainWindow(settings, gateway)
        qtbot.addWidget(window)
        return window

    yield make
