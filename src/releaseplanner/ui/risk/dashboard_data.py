"""What the risk dashboard shows, read and drawn off the GUI thread (Qt-free).

:func:`load_and_build` runs in the background helper: it reads every release's scores and the
four charts' data in one go, then builds a matplotlib Figure only for the charts whose data
differ from what is on screen, so one risk edit redraws the charts it changed and no others.
The GUI thread only puts the figures into canvases. The same data exports a chart at meeting
size (:func:`export_chart`), as ``rplan render`` draws it.

matplotlib is imported here on first use, in the worker, never at the app's start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releaseplanner.charts.palette import DARK, LIGHT, WIDTH_INCHES, ChartPalette

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from releaseplanner.services.risk import ReleaseRisk
    from releaseplanner.storage.engine import Workspace


class Chart(StrEnum):
    """The dashboard's charts, named as ``rplan render`` names them."""

    HEATMAP = "risk-heatmap"
    TREND = "risk-trend"
    BY_RELEASE = "risk-by-release"
    READINESS = "readiness"

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    Chart.HEATMAP: "Heat map",
    Chart.TREND: "Risk trend",
    Chart.BY_RELEASE: "Risk by release",
    Chart.READINESS: "Readiness",
}

#: Exports are drawn as ``rplan render`` draws them by default: 1600 × 1000 pixels.
EXPORT_PIXELS = (1600, 1000)


@dataclass(frozen=True, slots=True)
class DashboardData:
    """Every release's scores and each chart's input; ``release_id`` is the release in focus
    (None: the portfolio). A chart's input is None when it has nothing to draw (the trend of
    the portfolio)."""

    release_id: str | None
    today: date
    releases: tuple[ReleaseRisk, ...]
    pieces: dict[Chart, Any] = field(default_factory=dict)

    def release(self, release_id: str | None) -> ReleaseRisk | None:
        return next((r for r in self.releases if r.release_id == release_id), None)


@dataclass(frozen=True, slots=True)
class DashboardUpdate:
    """The worker's result: the data, and new figures for the charts whose data changed."""

    data: DashboardData
    figures: dict[Chart, Figure]
    palette: ChartPalette


def screen_palette(*, dark: bool, point_size: float) -> ChartPalette:
    """The charts' palette at the app's type size: a chart on screen sits beside tables and
    forms, so its text matches theirs rather than the meeting-room sizes of an export."""
    base = DARK if dark else LIGHT
    return replace(base, font_size=point_size, small_size=point_size - 1, title_size=point_size + 2)


def load_dashboard(workspace: Workspace, release_id: str | None, today: date) -> DashboardData:
    """Read the scores of every release and the data of the four charts.

    A ``release_id`` that names no release (deleted meanwhile) falls back to the portfolio.
    """
    from releaseplanner.services.risk import conflicts_by_release, release_risks
    from releaseplanner.services.risk_charts import (
        heatmap_data,
        portfolio_bars,
        readiness_bars,
        trend_data,
    )

    # Counting conflicts checks the whole schedule: once here, not once per chart.
    conflicts = conflicts_by_release(workspace, today=today)
    releases = tuple(release_risks(workspace, today=today, conflicts=conflicts))
    focus = next((r for r in releases if r.release_id == release_id), None)
    key = focus.key if focus is not None else None
    pieces: dict[Chart, Any] = {
        Chart.HEATMAP: heatmap_data(workspace, release_key=key),
        Chart.TREND: trend_data(workspace, key, today=today) if key else None,
        Chart.BY_RELEASE: tuple(portfolio_bars(workspace, today=today, conflicts=conflicts)),
        Chart.READINESS: tuple(readiness_bars(workspace, today=today, conflicts=conflicts)),
    }
    return DashboardData(focus.release_id if focus else None, today, releases, pieces)


def build_chart(
    chart: Chart, piece: Any, palette: ChartPalette, size: tuple[float, float], dpi: float
) -> Figure:
    """Draw one chart's data as a Figure (never attached to a GUI)."""
    if chart is Chart.HEATMAP:
        from releaseplanner.charts.heatmap import build_risk_heatmap

        return build_risk_heatmap(piece, palette, size=size, dpi=dpi)
    if chart is Chart.TREND:
        from releaseplanner.charts.trend import build_risk_trend

        return build_risk_trend(piece, palette, size=size, dpi=dpi)
    if chart is Chart.BY_RELEASE:
        from releaseplanner.charts.by_release import build_risk_by_release

        return build_risk_by_release(piece, palette, size=size, dpi=dpi)
    from releaseplanner.charts.readiness import build_readiness
    from releaseplanner.domain.risk_score import READINESS_THRESHOLD

    return build_readiness(piece, READINESS_THRESHOLD, palette, size=size, dpi=dpi)


def load_and_build(
    workspace: Workspace,
    release_id: str | None,
    today: date,
    palette: ChartPalette,
    sizes: Mapping[Chart, tuple[float, float]],
    dpi: float,
    shown: Mapping[Chart, Any],
) -> DashboardUpdate:
    """Load the dashboard and build figures for the charts whose data differ from ``shown``
    (chart → the data on screen; leave a chart out to have it drawn whatever its data)."""
    data = load_dashboard(workspace, release_id, today)
    figures = {
        chart: build_chart(chart, piece, palette, sizes[chart], dpi)
        for chart, piece in data.pieces.items()
        if piece is not None and (chart not in shown or shown[chart] != piece)
    }
    return DashboardUpdate(data, figures, palette)


def export_chart(chart: Chart, piece: Any, palette: ChartPalette, path: str | Path) -> Path:
    """Draw a chart at export size, with the palette's meeting-room type, and save it to
    ``path`` (PNG, SVG or PDF by its suffix). Returns the absolute path written.

    Raises:
        UserError: an unknown suffix, a missing folder or a file that cannot be written.
    """
    from releaseplanner.charts.export import export_figure

    width, height = EXPORT_PIXELS
    dpi = width / WIDTH_INCHES
    figure = build_chart(chart, piece, palette, (WIDTH_INCHES, height / dpi), dpi)
    return export_figure(figure, path)
