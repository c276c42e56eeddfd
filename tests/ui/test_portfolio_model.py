"""The portfolio tree model and its filter proxy, on rows read from real workspaces."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QModelIndex, Qt

from releaseplanner.services.demo import build_demo
from releaseplanner.services.portfolio import list_packages, list_releases
from releaseplanner.storage.engine import open_workspace
from releaseplanner.ui.models.portfolio_model import (
    PACKAGE_KIND,
    RELEASE_KIND,
    PortfolioColumn,
    PortfolioFilterProxyModel,
    PortfolioModel,
    PortfolioRole,
)

TODAY = date(2025, 3, 3)


def load_model(db: str) -> PortfolioModel:
    workspace = open_workspace(db)
    try:
        model = PortfolioModel()
        model.set_portfolio(list_releases(workspace), list_packages(workspace))
    finally:
        workspace.close()
    return model


def find_top(model, text: str) -> QModelIndex:
    for row in range(model.rowCount()):
        index = model.index(row, PortfolioColumn.KEY_NAME)
        if text in index.data():
            return index
    raise AssertionError(f"no top-level row containing {text!r}")


def test_model_passes_qt_model_tester_on_real_rows(qtmodeltester, workspace_a):
    model = load_model(workspace_a)
    assert model.rowCount() == 3

    qtmodeltester.check(model)


def test_model_passes_model_tester_on_the_demo_workspace(qtmodeltester, tmp_path):
    workspace = open_workspace(str(tmp_path / "demo.sqlite"), create=True)
    try:
        build_demo(workspace, scale=1, seed=1, today=TODAY)
        model = PortfolioModel()
        model.set_portfolio(list_releases(workspace), list_packages(workspace))
    finally:
        workspace.close()

    qtmodeltester.check(model)


def test_empty_model_passes_model_tester(qtmodeltester):
    qtmodeltester.check(PortfolioModel())


def test_filter_proxy_passes_model_tester(qtmodeltester, workspace_a):
    proxy = PortfolioFilterProxyModel()
    proxy.setSourceModel(load_model(workspace_a))
    proxy.setFilterFixedString("identity")

    qtmodeltester.check(proxy)


def test_releases_are_top_level_rows_with_their_packages_beneath(workspace_a):
    model = load_model(workspace_a)

    portal = find_top(model, "R-25.1")
    assert portal.data() == "R-25.1 · Customer portal relaunch"
    assert model.rowCount(portal) == 3
    package_names = {model.index(r, 0, portal).data() for r in range(3)}
    assert package_names == {"Portal front end", "Identity service", "Search index rebuild"}
    assert model.rowCount(find_top(model, "R-25.3")) == 0
    # Packages have no children, and only column 0 of a release has any.
    assert model.rowCount(model.index(0, 0, portal)) == 0
    assert model.rowCount(portal.siblingAtColumn(PortfolioColumn.STATUS)) == 0


def test_release_columns_show_type_status_go_live_and_package_count(workspace_a):
    model = load_model(workspace_a)
    portal = find_top(model, "R-25.1")

    def cell(column: PortfolioColumn, role=Qt.ItemDataRole.DisplayRole):
        return portal.siblingAtColumn(column).data(role)

    assert cell(PortfolioColumn.TYPE) == "Major"
    assert cell(PortfolioColumn.STATUS) == "In test"
    assert cell(PortfolioColumn.STATUS, PortfolioRole.STATUS_VALUE) == "in_test"
    assert cell(PortfolioColumn.GO_LIVE) == "14 Apr 2025"
    assert cell(PortfolioColumn.GO_LIVE, PortfolioRole.SORT) == "2025-04-14"
    assert cell(PortfolioColumn.PACKAGES) == "3"
    assert cell(PortfolioColumn.PACKAGES, PortfolioRole.SORT) == 3
    assert cell(PortfolioColumn.KEY_NAME, PortfolioRole.KIND) == RELEASE_KIND
    assert cell(PortfolioColumn.KEY_NAME, PortfolioRole.ROW).key == "R-25.1"


def test_package_rows_carry_their_summary_and_status(workspace_a):
    model = load_model(workspace_a)
    package = model.index(0, 0, find_top(model, "R-25.2"))

    assert package.data() == "Card vault upgrade"
    assert package.data(PortfolioRole.KIND) == PACKAGE_KIND
    assert package.siblingAtColumn(PortfolioColumn.TYPE).data() == "Package"
    assert package.siblingAtColumn(PortfolioColumn.STATUS).data() == "Draft"
    summary = package.data(PortfolioRole.ROW)
    assert model.release_for(summary).key == "R-25.2"
    assert model.parent(package) == find_top(model, "R-25.2")
    assert model.parent(find_top(model, "R-25.2")) == QModelIndex()


def test_filter_by_package_name_keeps_its_release_and_only_that_package(workspace_a):
    proxy = PortfolioFilterProxyModel()
    proxy.setSourceModel(load_model(workspace_a))

    proxy.setFilterFixedString("IDENTITY")

    assert proxy.rowCount() == 1
    release = proxy.index(0, 0)
    assert release.data().startswith("R-25.1")
    assert proxy.rowCount(release) == 1
    assert proxy.index(0, 0, release).data() == "Identity service"


def test_filter_by_release_key_shows_the_whole_release(workspace_a):
    proxy = PortfolioFilterProxyModel()
    proxy.setSourceModel(load_model(workspace_a))

    proxy.setFilterFixedString("r-25.1")

    assert proxy.rowCount() == 1
    assert proxy.rowCount(proxy.index(0, 0)) == 3


def test_sorting_by_go_live_orders_releases_by_date(workspace_a):
    proxy = PortfolioFilterProxyModel()
    proxy.setSourceModel(load_model(workspace_a))

    proxy.sort(PortfolioColumn.GO_LIVE, Qt.SortOrder.AscendingOrder)

    keys = [proxy.index(r, 0).data(PortfolioRole.ROW).key for r in range(proxy.rowCount())]
    assert keys == ["R-25.3", "R-25.1", "R-25.2"]


def test_parent_without_an_index_is_the_owning_object(qtbot):
    owner = PortfolioFilterProxyModel()
    model = PortfolioModel(owner)

    assert model.parent() is owner


def test_reloading_replaces_the_rows(workspace_a, workspace_b):
    model = load_model(workspace_a)
    other = load_model(workspace_b)

    model.set_portfolio(
        [other.index(0, 0).data(PortfolioRole.ROW)],
        [other.index(r, 0, other.index(0, 0)).data(PortfolioRole.ROW) for r in range(2)],
    )

    assert model.rowCount() == 1
    assert model.rowCount(model.index(0, 0)) == 2
    model.clear()
    assert model.rowCount() == 0
