"""What the chart views share when a chart is exported: the file formats offered, the save
dialog that adds the chosen format's suffix, the folder offered first, and the palette an
export is drawn in.

The risk dashboard and the delivery metrics export their charts alike (PNG, SVG or PDF at
meeting size), so a user meets one save dialog, not two that drift apart.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from releaseplanner.charts.palette import DARK, LIGHT, ChartPalette

#: The formats a chart exports to: the save dialog's filter → the suffix it adds.
CHART_EXPORT_FILTERS = {
    "PNG image (*.png)": ".png",
    "SVG drawing (*.svg)": ".svg",
    "PDF document (*.pdf)": ".pdf",
}


def ask_chart_export_path(parent: QWidget, title: str, suggested: str) -> str:
    """A save dialog for a chart; the chosen filter's suffix is added when none was typed."""
    path, chosen = QFileDialog.getSaveFileName(
        parent, title, suggested, ";;".join(CHART_EXPORT_FILTERS)
    )
    if path and not Path(path).suffix:
        path += CHART_EXPORT_FILTERS.get(chosen, ".png")
    return path


def default_export_folder() -> str:
    """Where the first export of a session is offered: the user's documents."""
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def export_palette(shown: ChartPalette) -> ChartPalette:
    """The palette to export in: light or dark as shown, but with the chart palette's own type
    sizes rather than the screen's (which follow the window's font), since an export is for a
    meeting room, as ``rplan render`` draws it."""
    return DARK if shown.name == DARK.name else LIGHT
