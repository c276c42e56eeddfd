"""What the Metrics view shows, computed and drawn off the GUI thread (Qt-free).

:func:`load_metrics` runs in the background helper: it reads the records, computes the delivery
report for the period and team asked for, and builds the DORA chart as a matplotlib Figure at
the size of the view, so the GUI thread only puts the figure into its canvas. :func:`export_dora`
draws the same report at meeting size, as ``rplan render dora`` does, and saves it.

matplotlib is imported here on first use, in the worker, never when the module is imported.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from releaseplanner.charts.palette import DARK, LIGHT, WIDTH_INCHES, ChartPalette
from releaseplanner.domain.delivery_metrics import DeliveryReport

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from releaseplanner.storage.engine import Workspace

#: Exports are drawn as ``rplan render dora`` draws them by default: 1600 × 1000 pixels.
EXPORT_PIXELS = (1600, 1000)
HEADING = "Delivery performance (DORA)"


@dataclass(frozen=True, slots=True)
class MetricsRequest:
    """What to compute: the period (None: the services' default) and the team (None: all)."""

    start: date | None = None
    end: date | None = None
    team: str | None = None


@dataclass(frozen=True, slots=True)
class MetricsUpdate:
    """The worker's result: the report, the team names to offer, and the chart."""

    request: MetricsRequest
    report: DeliveryReport
    teams: tuple[str, ...]
    figure: Figure


def screen_palette(*, dark: bool, point_size: float) -> ChartPalette:
    """The chart palette at the app's type size (a chart on screen sits beside tables)."""
    base = DARK if dark else LIGHT
    return replace(base, font_size=point_size, small_size=point_size - 1, title_size=point_size + 2)


def heading(report: DeliveryReport) -> str:
    return HEADING + (f" · {report.team}" if report.team else "")


def load_metrics(
    workspace: Workspace,
    request: MetricsRequest,
    today: date,
    palette: ChartPalette,
    size: tuple[float, float],
    dpi: float,
) -> MetricsUpdate:
    """Compute the report for ``request`` and draw its chart at ``size`` inches and ``dpi``.

    Raises:
        ValidationError: the period ends before it starts, or an unknown team.
    """
    from releaseplanner.charts.dora import build_dora_chart
    from releaseplanner.services.metrics import delivery_metrics, team_names

    report = delivery_metrics(
        workspace, start=request.start, end=request.end, team=request.team, today=today
    )
    figure = build_dora_chart(report, palette, heading=heading(report), size=size, dpi=dpi)
    return MetricsUpdate(request, report, tuple(team_names(workspace)), figure)


def export_dora(report: DeliveryReport, palette: ChartPalette, path: str | Path) -> Path:
    """Draw the report's DORA chart at export size and save it to ``path`` (PNG, SVG or PDF by
    its suffix); returns the absolute path written.

    Raises:
        UserError: an unknown suffix, a missing folder or a file that cannot be written.
    """
    from releaseplanner.charts.dora import build_dora_chart
    from releaseplanner.charts.export import export_figure

    width, height = EXPORT_PIXELS
    dpi = width / WIDTH_INCHES
    figure = build_dora_chart(
        report, palette, heading=heading(report), size=(WIDTH_INCHES, height / dpi), dpi=dpi
    )
    return export_figure(figure, path)
