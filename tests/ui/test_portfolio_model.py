"""The portfolio tree model and its filter proxy, on rows read from real workspaces."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

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


# -- syncing after an edit, editing and dragging ---------------------------------------------


def rows_of(model: PortfolioModel):
    releases = [model.index(r, 0).data(PortfolioRole.ROW) for r in range(model.rowCount())]
    packages = [
        model.index(c, 0, model.index(r, 0)).data(PortfolioRole.ROW)
        for r in range(model.rowCount())
        for c in range(model.rowCount(model.index(r, 0)))
    ]
    return releases, packages


def test_sync_updates_rows_in_place_without_a_reset(qtmodeltester, qtbot, workspace_a):
    model = load_model(workspace_a)
    qtmodeltester.check(model)
    releases, packages = rows_of(model)
    first = releases[0]
    renamed = dataclasses.replace(first, name="Renamed")

    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged) as changed:
        model.sync([renamed, *releases[1:]], packages)

    top_left, bottom_right = changed.args[:2]
    assert (top_left.row(), top_left.column(), bottom_right.column()) == (
        0,
        0,
        len(PortfolioColumn) - 1,
    )
    assert model.index(0, 0).data(PortfolioRole.ROW).name == "Renamed"


def test_sync_removes_and_inserts_and_package_indexes_survive(qtmodeltester, workspace_a):
    model = load_model(workspace_a)
    qtmodeltester.check(model)
    releases, packages = rows_of(model)
    by_key = {r.key: r for r in releases}
    by_name = {p.name: p for p in packages}
    # A package under a release whose row shifts when an earlier release goes.
    vault = QPersistentModelIndex(model.index_of(PACKAGE_KIND, by_name["Card vault upgrade"].id))
    removed, target = by_key["R-25.3"], by_key["R-25.2"]
    assert model.index_of(RELEASE_KIND, removed.id).row() < vault.parent().row()
    moved = by_name["Identity service"]
    added = dataclasses.replace(removed, id="release-new", key="R-99", name="New")

    model.sync(
        [r for r in releases if r.id != removed.id] + [added],
        [dataclasses.replace(p, release_id=target.id) if p.id == moved.id else p for p in packages],
    )

    assert vault.isValid() and vault.data() == "Card vault upgrade"
    assert vault.parent().data(PortfolioRole.ROW).key == "R-25.2"
    assert not model.index_of(RELEASE_KIND, removed.id).isValid()
    assert model.index_of(RELEASE_KIND, "release-new").data() == "R-99 · New"
    moved_index = model.index_of(PACKAGE_KIND, moved.id)
    assert model.parent(moved_index).data(PortfolioRole.ROW).key == "R-25.2"
    assert model.rowCount(find_top(model, "R-25.1")) == 2


def test_cells_are_editable_only_with_an_edit_handler(workspace_a):
    model = load_model(workspace_a)
    portal = find_top(model, "R-25.1")
    package = model.index(0, 0, portal)
    editable = Qt.ItemFlag.ItemIsEditable

    assert not model.flags(portal) & editable
    calls = []
    model.set_edit_handler(lambda *args: calls.append(args) or True)

    assert model.flags(portal) & editable
    assert model.flags(portal.siblingAtColumn(PortfolioColumn.GO_LIVE)) & editable
    assert not model.flags(portal.siblingAtColumn(PortfolioColumn.OWNER)) & editable
    assert not model.flags(package.siblingAtColumn(PortfolioColumn.GO_LIVE)) & editable
    assert portal.data(Qt.ItemDataRole.EditRole) == "Customer portal relaunch"
    assert model.setData(portal, "Customer portal relaunch")  # unchanged: no call
    assert model.setData(portal.siblingAtColumn(PortfolioColumn.STATUS), "approved")
    assert calls == [("release", portal.data(PortfolioRole.ROW), "status", "approved")]


def test_packages_drag_onto_releases(workspace_a):
    model = load_model(workspace_a)
    moves = []
    model.set_move_handler(lambda ids, release_id: moves.append((ids, release_id)) or True)
    portal = find_top(model, "R-25.1")
    payments = find_top(model, "R-25.2")
    package = model.index(0, 0, portal)

    assert model.flags(package) & Qt.ItemFlag.ItemIsDragEnabled
    assert not model.flags(portal) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(payments) & Qt.ItemFlag.ItemIsDropEnabled
    mime = model.mimeData([package, package.siblingAtColumn(PortfolioColumn.STATUS), portal])
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, payments)
    # Dropping on a package means its release.
    on_package = model.index(0, 0, payments)
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, on_package)
    package_id = package.data(PortfolioRole.ROW).id
    release_id = payments.data(PortfolioRole.ROW).id
    assert moves == [([package_id], release_id), ([package_id], release_id)]
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())


def test_filter_matches_ticket_refs_of_packages(workspace_a):
    model = load_model(workspace_a)
    releases, packages = rows_of(model)
    vault = next(p for p in packages if p.name == "Card vault upgrade")
    model.sync(releases, packages, {vault.id: ("PAY-12", "SEC-7")})
    proxy = PortfolioFilterProxyModel()
    proxy.setSourceModel(model)

    proxy.setFilterFixedString("sec-7")

    assert proxy.rowCount() == 1
    assert proxy.index(0, 0, proxy.index(0, 0)).data() == "Card vault upgrade"
