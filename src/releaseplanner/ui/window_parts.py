"""Parts of the main window's shell that are plain construction: the filter box, the splitter
between the portfolio and the details, and the entries of File › Open recent.

Kept apart so the window itself stays a thin shell of wiring and slots.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.ui.formatting import hide_password, short_name

#: The portfolio's and the details' share of the default 1280-pixel window. The details pane
#: reads well at 360 pixels; the tree needs the rest for its eight columns.
SPLITTER_SIZES = (920, 360)


def build_filter_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName("portfolioFilter")
    edit.setPlaceholderText("Filter by key, name or ticket ref   (Ctrl+F)")
    edit.setClearButtonEnabled(True)
    return edit


def build_main_splitter(
    filter_edit: QLineEdit, notice: QWidget, tree: QWidget, details: QWidget
) -> QSplitter:
    """The filter, notice bar and tree on the left; the scrolling details on the right."""
    portfolio = QWidget()
    layout = QVBoxLayout(portfolio)
    layout.setContentsMargins(10, 10, 0, 10)
    layout.setSpacing(8)
    filter_row = QHBoxLayout()
    filter_row.addWidget(filter_edit)
    layout.addLayout(filter_row)
    layout.addWidget(notice)
    layout.addWidget(tree, 1)

    details_scroll = QScrollArea()
    details_scroll.setObjectName("detailsScroll")
    details_scroll.setWidget(details)
    details_scroll.setWidgetResizable(True)
    details_scroll.setMinimumWidth(300)

    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setObjectName("mainSplitter")
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(portfolio)
    splitter.addWidget(details_scroll)
    # The tree gives up width three times faster than the details when the window narrows.
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes(list(SPLITTER_SIZES))
    return splitter


def fill_recent_menu(
    menu: QMenu, recent: Sequence[str], open_workspace: Callable[[str], object], clear: QAction
) -> None:
    """Refill File › Open recent: numbered entries (newest first), then ``clear``."""
    menu.clear()
    for number, db in enumerate(recent, start=1):
        action = menu.addAction(f"&{number}  {short_name(db)}")
        action.setToolTip(hide_password(db))
        action.setStatusTip(hide_password(db))
        action.triggered.connect(lambda _checked=False, db=db: open_workspace(db))
    if not recent:
        menu.addAction("No recent workspaces").setEnabled(False)
    menu.addSeparator()
    clear.setEnabled(bool(recent))
    menu.addAction(clear)
