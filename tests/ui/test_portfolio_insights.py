"""The portfolio tree's Risk and Lifecycle columns and the details pane's risk and lifecycle rows,
read in the background on real SQLite workspaces (the demo built around a fixed day)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QModelIndex, Qt

from releaseplanner.domain import model as dm
from releaseplanner.domain.errors import ValidationError
from releaseplanner.services.demo import build_demo
from releaseplanner.services.portfolio import list_packages, list_releases
from releaseplanner.services.risk import update_risk_command
from releaseplanner.services.risk_bands import release_bands
from releaseplanner.storage.engine import open_workspace
from releaseplanner.storage.store import Store
from releaseplanner.ui.gateway import WorkspaceGateway
from releaseplanner.ui.insights_loader import InsightsLoader
from releaseplanner.ui.main_window import MainWindow
from releaseplanner.ui.models.portfolio_model import (
    PortfolioColumn,
    PortfolioModel,
    PortfolioRole,
)
from releaseplanner.ui.release_insights import ReleaseInsight

DEMO_TODAY = date(2026, 11, 26)
RISK, LIFECYCLE = PortfolioColumn.RISK, PortfolioColumn.LIFECYCLE


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, built once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    workspace = open_workspace(str(path), create=True)
    try:
        build_demo(workspace, scale=1, seed=1, today=DEMO_TODAY)
    finally:
        workspace.close()
    return path


@pytest.fixture
def demo_db(demo_master: Path, tmp_path: Path) -> str:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_master, copy)
    return str(copy)


class CountingGateway(WorkspaceGateway):
    """Counts the background reads (and can be told to fail them)."""

    def __init__(self, today: date, **kwargs: Any) -> None:
        super().__init__(today=lambda: today, **kwargs)
        self.reads = 0
        self.fail_with: Exception | None = None

    def release_insights(self, workspace: Any) -> dict[str, ReleaseInsight]:
        self.reads += 1
        if self.fail_with is not None:
            raise self.fail_with
        return super().release_insights(workspace)


@pytest.fixture
def open_window(qtbot, settings, tmp_path) -> Iterator[Callable[..., Any]]:
    """Opens ``db`` in a shown main window whose gateway's today is ``today``."""

    def open_(db: str, today: date = DEMO_TODAY, gateway: Any = None) -> MainWindow:
        gateway = gateway or CountingGateway(today, demo_db=lambda: tmp_path / "unused.sqlite")
        window = MainWindow(settings, gateway)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        assert window.open_workspace(db)
        return window

    yield open_


def release_cell(window: MainWindow, key: str, column: int = RISK) -> QModelIndex:
    """The (proxy) index of a release's cell in ``column``, by release key."""
    model = window.portfolio_view.model()
    for row in range(model.rowCount()):
        index = model.index(row, column)
        if index.data(PortfolioRole.ROW).key == key:
            return index
    raise AssertionError(f"no release {key}")


def wait_for_insights(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.insights_loader.is_busy, timeout=10_000)


def bands_now(db: str, today: date = DEMO_TODAY) -> dict[str, str]:
    """Each release's band label by key, read straight from the services."""
    workspace = open_workspace(db)
    try:
        return {band.key: band.label for band in release_bands(workspace, today=today).values()}
    finally:
        workspace.close()


# -- the model -----------------------------------------------------------------------------------


def test_model_with_risk_and_lifecycle_passes_model_tester(qtmodeltester, demo_db):
    workspace = open_workspace(demo_db)
    try:
        model = PortfolioModel()
        model.set_portfolio(list_releases(workspace), list_packages(workspace))
        qtmodeltester.check(model)
        gateway = WorkspaceGateway(today=lambda: DEMO_TODAY)
        model.set_insights(gateway.release_insights(workspace))
    finally:
        workspace.close()

    qtmodeltester.check(model)
    assert model.columnCount() == len(PortfolioColumn) == 8
    assert model.headerData(RISK, Qt.Orientation.Horizontal) == "Risk"
    assert model.headerData(LIFECYCLE, Qt.Orientation.Horizontal) == "Lifecycle"


def test_setting_insights_reports_one_change_over_both_columns(qtbot, demo_db):
    workspace = open_workspace(demo_db)
    try:
        model = PortfolioModel()
        model.set_portfolio(list_releases(workspace), list_packages(workspace))
        insights = WorkspaceGateway(today=lambda: DEMO_TODAY).release_insights(workspace)
    finally:
        workspace.close()

    with qtbot.waitSignal(model.dataChanged) as changed:
        model.set_insights(insights)

    top_left, bottom_right = changed.args[:2]
    assert (top_left.row(), top_left.column()) == (0, RISK)
    assert (bottom_right.row(), bottom_right.column()) == (model.rowCount() - 1, LIFECYCLE)


# -- the window ----------------------------------------------------------------------------------


def test_risk_column_fills_in_after_the_background_read(open_window, qtbot, demo_db):
    window = open_window(demo_db)

    # The rows are shown at once; the bands are not read on the way to showing them.
    cell = release_cell(window, "PLT-2026.12")
    assert window.insights_loader.is_busy
    assert cell.data() == ""

    qtbot.waitUntil(lambda: release_cell(window, "PLT-2026.12").data() == "High 57")
    cell = release_cell(window, "PLT-2026.12")
    assert cell.data(PortfolioRole.BAND) == "high"
    assert cell.data(PortfolioRole.SORT) == 57
    assert cell.data(Qt.ItemDataRole.ToolTipRole).startswith("Risk score 57 of 100 (high)")
    expected = bands_now(demo_db)
    model = window.portfolio_view.model()
    shown = {
        model.index(row, 0).data(PortfolioRole.ROW).key: model.index(row, RISK).data()
        for row in range(model.rowCount())
    }
    assert shown == expected
    package = model.index(0, RISK, release_cell(window, "PLT-2026.12").siblingAtColumn(0))
    assert package.isValid() and package.data() == ""


def test_risk_column_sorts_by_score(open_window, qtbot, demo_db):
    window = open_window(demo_db)
    wait_for_insights(qtbot, window)

    window.portfolio_view.sortByColumn(RISK, Qt.SortOrder.DescendingOrder)

    model = window.portfolio_view.model()
    scores = [model.index(row, RISK).data(PortfolioRole.SORT) for row in range(model.rowCount())]
    assert scores == sorted(scores, reverse=True)
    assert model.index(0, 0).data(PortfolioRole.ROW).key == "PLT-2026.12"


def test_details_show_the_band_with_its_explanation(open_window, qtbot, demo_db):
    window = open_window(demo_db)
    window.portfolio_view.setCurrentIndex(release_cell(window, "PLT-2026.12", 0))
    assert window.details_pane.fields()["Risk"] == "Reading…"

    qtbot.waitUntil(lambda: window.details_pane.fields()["Risk"] != "Reading…")

    risk = window.details_pane.fields()["Risk"]
    assert risk.startswith("High 57 · Risk score 57 of 100 (high), ")
    assert window.details_pane.fields()["Lifecycle"] == "Nothing to flag"


def test_lifecycle_column_shows_early_life_support_with_open_incidents(open_window, qtbot, demo_db):
    window = open_window(demo_db)
    wait_for_insights(qtbot, window)

    cell = release_cell(window, "IAM-2.8", LIFECYCLE)
    assert cell.data() == "ELS · 2 open incidents"
    assert cell.data(PortfolioRole.TONE) == "warning"
    assert "2 open incidents (worst SEV3)" in cell.data(Qt.ItemDataRole.ToolTipRole)
    # In the demo on this day, only IAM-2.8 is in early-life support or late with its review.
    model = window.portfolio_view.model()
    flagged = {
        model.index(row, 0).data(PortfolioRole.ROW).key
        for row in range(model.rowCount())
        if model.index(row, LIFECYCLE).data()
    }
    assert flagged == {"IAM-2.8"}

    window.portfolio_view.setCurrentIndex(cell.siblingAtColumn(0))
    lifecycle = window.details_pane.fields()["Lifecycle"].splitlines()
    assert lifecycle[0] == "ELS · 2 open incidents"
    assert "Exit criteria 2 of 4 met" in lifecycle


def test_a_review_not_held_in_time_is_flagged(open_window, qtbot, demo_db):
    # IAM-2.8's review was due on 27 Nov (go-live + the type's due days) and is not held.
    window = open_window(demo_db, today=date(2026, 12, 2))
    wait_for_insights(qtbot, window)

    cell = release_cell(window, "IAM-2.8", LIFECYCLE)
    assert cell.data() == "Review overdue 5 d · ELS · 2 open incidents"
    assert cell.data(PortfolioRole.TONE) == "alert"
    assert "Post-release review overdue 5 days" in cell.data(Qt.ItemDataRole.ToolTipRole)

    window.portfolio_view.sortByColumn(LIFECYCLE, Qt.SortOrder.DescendingOrder)
    assert window.portfolio_view.model().index(0, 0).data(PortfolioRole.ROW).key == "IAM-2.8"


def test_editing_a_risk_updates_the_band(open_window, qtbot, demo_db):
    window = open_window(demo_db)
    wait_for_insights(qtbot, window)
    assert release_cell(window, "PAY-5.0").data() == "Medium 48"
    workspace = open_workspace(demo_db)
    try:
        with workspace.session_factory() as session:
            store = Store(session)
            release = next(r for r in store.releases() if r.key == "PAY-5.0")
            risk = next(r for r in store.all(dm.Risk) if r.release_id == release.id)
    finally:
        workspace.close()

    assert window.editing.run(
        lambda ws: update_risk_command(
            ws, risk.id, {"likelihood": 5, "impact": 5}, today=DEMO_TODAY
        )
    )

    expected = bands_now(demo_db)["PAY-5.0"]
    assert expected != "Medium 48"
    qtbot.waitUntil(lambda: release_cell(window, "PAY-5.0").data() == expected)

    window.editing.undo()
    qtbot.waitUntil(lambda: release_cell(window, "PAY-5.0").data() == "Medium 48")


def test_a_burst_of_refreshes_makes_one_read(open_window, qtbot, demo_db, tmp_path):
    gateway = CountingGateway(DEMO_TODAY, demo_db=lambda: tmp_path / "unused.sqlite")
    window = open_window(demo_db, gateway=gateway)
    wait_for_insights(qtbot, window)
    reads = gateway.reads
    assert reads == 1

    for _ in range(5):
        window.reload()
    wait_for_insights(qtbot, window)

    assert gateway.reads == reads + 1


def test_a_refresh_during_a_read_reads_once_more(qtbot, demo_db):
    calls: list[str] = []
    started, go_on = threading.Event(), threading.Event()

    def read(workspace: Any) -> dict[str, ReleaseInsight]:
        calls.append("read")
        started.set()
        go_on.wait(10)
        return {}

    loader = InsightsLoader(read)
    workspace = open_workspace(demo_db)
    try:
        loaded = []
        loader.loaded.connect(loaded.append)
        loader.set_workspace(workspace)
        qtbot.waitUntil(started.is_set)
        loader.request()
        loader.request()
        go_on.set()
        qtbot.waitUntil(lambda: len(loaded) == 2 and not loader.is_busy)
        assert calls == ["read", "read"]
    finally:
        loader.shutdown()
        workspace.close()


def test_a_stale_result_after_switching_workspace_is_ignored(
    qtbot, settings, workspace_a, workspace_b
):
    """A read of A that finishes after B was opened must not paint A's bands over B's rows."""
    ids = set()
    for db in (workspace_a, workspace_b):
        workspace = open_workspace(db)
        ids |= {release.id for release in list_releases(workspace)}
        workspace.close()

    class SlowForA(WorkspaceGateway):
        started, go_on = threading.Event(), threading.Event()

        def release_insights(self, workspace: Any) -> dict[str, ReleaseInsight]:
            if workspace.location.path.name == Path(workspace_a).name:
                self.started.set()
                self.go_on.wait(10)
                # Poisoned: it names B's releases too, as a late result would be applied.
                return {i: ReleaseInsight(i, "Stale 99", "critical", 99) for i in ids}
            return super().release_insights(workspace)

    gateway = SlowForA(today=lambda: date(2025, 3, 3))
    window = MainWindow(settings, gateway)
    qtbot.addWidget(window)
    assert window.open_workspace(workspace_a)
    qtbot.waitUntil(gateway.started.is_set)

    assert window.open_workspace(workspace_b)
    shown: list[str] = []
    window.portfolio_view.model().dataChanged.connect(
        lambda *_: shown.append(release_cell(window, "OPS-7").data())
    )
    gateway.go_on.set()
    # The single worker finishes A's read before it starts B's, so A's result lands first.
    qtbot.waitUntil(lambda: release_cell(window, "OPS-7").data() != "")
    wait_for_insights(qtbot, window)

    expected = bands_now(workspace_b, date(2025, 3, 3))["OPS-7"]
    assert release_cell(window, "OPS-7").data() == expected
    assert "Stale 99" not in shown
    assert shown == [expected]


def test_a_failed_read_is_said_in_the_status_bar(open_window, qtbot, demo_db, tmp_path):
    gateway = CountingGateway(DEMO_TODAY, demo_db=lambda: tmp_path / "unused.sqlite")
    gateway.fail_with = ValidationError("the risk weights are missing")
    window = open_window(demo_db, gateway=gateway)

    qtbot.waitUntil(lambda: "not read" in window.statusBar().currentMessage())

    assert "the risk weights are missing" in window.statusBar().currentMessage()
    assert release_cell(window, "PLT-2026.12").data() == ""


def test_the_new_columns_fit_beside_key_and_name(open_window, qtbot, demo_db):
    window = open_window(demo_db)
    header = window.portfolio_view.header()

    assert (window.width(), window.height()) == (1280, 800)
    assert header.isSectionHidden(PortfolioColumn.PACKAGES)
    assert header.isSectionHidden(PortfolioColumn.TYPE)
    assert header.sectionSize(PortfolioColumn.KEY_NAME) >= 260
    assert header.sectionSize(LIFECYCLE) >= 160


def test_the_header_menu_shows_hidden_columns(open_window, demo_db):
    window = open_window(demo_db)
    tree = window.portfolio_view
    menu = tree.column_menu()
    entries = {action.text(): action for action in menu.actions()}

    assert "Key / Name" not in entries
    assert not entries["Packages"].isChecked()
    assert entries["Risk"].isChecked()

    entries["Packages"].trigger()
    assert not tree.header().isSectionHidden(PortfolioColumn.PACKAGES)
    entries["Risk"].trigger()
    assert tree.header().isSectionHidden(RISK)
