"""The four DORA delivery metrics month by month, each over its performance bands.

Four panels (deployment frequency, lead time, change failure rate, time to restore), one point
per calendar month, over the bands of :data:`releaseplanner.domain.metrics.DORA_THRESHOLDS`
shaded from elite (green) to low (red). Each panel's title carries the value and band over the
whole period, so the chart reads from across a meeting room without the table.

Frequency, lead time and restore time span orders of magnitude (a day vs three months), so their
axes are logarithmic with ticks at the band edges in words ("1 / week", "1 day"); the failure rate
runs on a square-root axis so that the 5-10-15 % bands are not slivers under 100 %. A month with
nothing to measure is a gap; a month without a successful deployment sits on the axis floor as a
hollow marker.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullLocator

from releaseplanner.charts.palette import LIGHT, ChartPalette
from releaseplanner.charts.style import DEFAULT_SIZE, new_figure, note, style_axes, title
from releaseplanner.domain.delivery_metrics import (
    BAND_KEYS,
    CHANGE_FAILURE_RATE,
    DEPLOYMENT_FREQUENCY,
    LEAD_TIME,
    SCHEDULE_ADHERENCE,
    TIME_TO_RESTORE,
    DeliveryReport,
    Metric,
    describe_value,
)
from releaseplanner.domain.metrics import DORA_THRESHOLDS, DoraBand

#: Strength of the band shading behind the points, as in the risk trend.
BAND_SHADE_ALPHA = 0.18
#: Risk colours stand in for the DORA bands: green is best, red is worst, on both charts.
BAND_COLOUR = {
    DoraBand.ELITE: "low",
    DoraBand.HIGH: "medium",
    DoraBand.MEDIUM: "high",
    DoraBand.LOW: "critical",
}


@dataclass(frozen=True, slots=True)
class Panel:
    """How one metric is drawn: the value shown (from a Metric), the axis and its ticks."""

    metric: str
    heading: str  # short, so value and band fit above a half-width panel
    label: str  # the y axis
    shown: Callable[[Metric], float | None]
    to_axis: Callable[[float], float]  # a DORA_THRESHOLDS bound in the axis's units
    floor: float
    ceiling: float
    ticks: tuple[tuple[float, str], ...]
    higher_is_better: bool = False
    scale: str = "log"


def _share(m: Metric) -> float | None:
    return None if m.value is None else m.value * 100


PANELS: tuple[Panel, ...] = (
    Panel(
        DEPLOYMENT_FREQUENCY,
        "Deployments",
        "Deployments per week",
        lambda m: m.value,
        lambda days: 7 / days,
        0.05,
        14,
        # At the table's bounds (1, 7 and 30 days between deployments), wherever it puts them.
        tuple(
            (7 / bound, text)
            for (bound, _), text in zip(
                DORA_THRESHOLDS["deployment_interval_days"],
                ("1 / day", "1 / week", "1 / month"),
                strict=False,
            )
        ),
        higher_is_better=True,
    ),
    Panel(
        LEAD_TIME,
        "Lead time",
        "Median lead time",
        lambda m: m.value,
        lambda days: days,
        0.5,
        240,
        ((1, "1 day"), (7, "1 week"), (30, "1 month"), (180, "6 months")),
    ),
    Panel(
        CHANGE_FAILURE_RATE,
        "Change failures",
        "Failed changes",
        _share,
        lambda share: share * 100,
        0,
        # Past 100 so a 100 % marker clears the panel's title.
        110,
        ((0, "0 %"), (5, "5 %"), (15, "15 %"), (50, "50 %"), (100, "100 %")),
        scale="sqrt",
    ),
    Panel(
        TIME_TO_RESTORE,
        "Time to restore",
        "Median time to restore",
        lambda m: m.value,
        lambda hours: hours,
        0.25,
        500,
        ((1, "1 hour"), (24, "1 day"), (168, "1 week")),
    ),
)


def band_colour(band: DoraBand, palette: ChartPalette) -> str:
    return str(getattr(palette, BAND_COLOUR[band]))


def _shade(axes: Axes, panel: Panel, bottom: float, top: float, palette: ChartPalette) -> None:
    """Shade each band's range and name it beside the axes' right edge."""
    bounds = [(panel.to_axis(bound), band) for bound, band in DORA_THRESHOLDS[_band_key(panel)]]
    # Walk from the best end of the axis to the worst: each bound closes one band.
    edge = top if panel.higher_is_better else bottom
    ranges = []
    for value, band in bounds:
        ranges.append((band, edge, value))
        edge = value
    ranges.append((DoraBand.LOW, edge, bottom if panel.higher_is_better else top))
    for band, a, b in ranges:
        low, high = sorted((max(bottom, min(a, top)), max(bottom, min(b, top))))
        if high <= low:
            continue
        axes.axhspan(
            low, high, color=band_colour(band, palette), alpha=BAND_SHADE_ALPHA, lw=0, zorder=0
        )
        middle = math.sqrt(low * high) if panel.scale == "log" else (low + high) / 2
        if panel.scale == "sqrt":
            middle = ((math.sqrt(low) + math.sqrt(high)) / 2) ** 2
        axes.text(
            1.015,
            middle,
            band.value.capitalize(),
            transform=axes.get_yaxis_transform(),
            va="center",
            fontsize=palette.small_size,
            color=palette.muted,
        )


def _band_key(panel: Panel) -> str:
    return BAND_KEYS[panel.metric][0]


def _draw_panel(
    axes: Axes, panel: Panel, report: DeliveryReport, palette: ChartPalette, labels: list[str]
) -> None:
    style_axes(axes, palette)
    values = [panel.shown(month.metrics[panel.metric]) for month in report.by_month]
    bands = [month.metrics[panel.metric].band for month in report.by_month]
    known = [v for v in values if v is not None and v > 0]
    bottom, top = panel.floor, panel.ceiling
    if panel.scale == "log":
        # Room for what was measured, beyond the usual range when needed.
        bottom = min([bottom, *(v / 1.6 for v in known)])
        top = max([top, *(v * 1.6 for v in known)])
        axes.set_yscale("log")
    elif panel.scale == "sqrt":
        axes.set_yscale("function", functions=(_sqrt, _square))
    axes.set_ylim(bottom, top)
    _shade(axes, panel, bottom, top, palette)

    xs = list(range(len(values)))
    # A zero on a log axis has no place: draw it on the floor, hollow, so it still shows.
    floor_y = bottom * 1.15 if panel.scale == "log" else bottom
    plotted = [
        (v if v is not None and (v > 0 or panel.scale != "log") else math.nan) for v in values
    ]
    axes.plot(xs, plotted, color=palette.accent, linewidth=2.5, zorder=2, gid=panel.metric)
    for x, v, band in zip(xs, values, bands, strict=True):
        if v is None:
            continue
        if v <= 0 and panel.scale == "log":
            axes.plot(
                x,
                floor_y,
                "o",
                mfc="none",
                mec=palette.muted,
                mew=2,
                markersize=10,
                zorder=3,
                clip_on=False,
            )
            continue
        face = band_colour(band, palette) if band is not None else palette.surface
        # Unclipped: a 0 % or 100 % month sits on the axes' edge and must show whole.
        axes.plot(
            x, v, "o", mfc=face, mec=palette.accent, mew=2, markersize=11, zorder=3, clip_on=False
        )

    overall = report.overall[panel.metric]
    band = f" · {overall.band.value.capitalize()}" if overall.band else ""
    axes.set_title(
        f"{panel.heading}: {describe_value(overall)}{band}",
        loc="left",
        fontsize=palette.font_size,
        fontweight="bold",
        color=palette.text,
    )
    axes.set_ylabel(panel.label)
    axes.yaxis.set_major_locator(FixedLocator([t for t, _ in panel.ticks if bottom <= t <= top]))
    axes.set_yticklabels([text for t, text in panel.ticks if bottom <= t <= top])
    axes.yaxis.set_minor_locator(NullLocator())
    axes.grid(axis="y", color=palette.grid, linewidth=1.0)
    axes.set_xlim(-0.6, max(len(xs) - 0.4, 0.6))
    axes.set_xticks(xs, labels)


def _sqrt(values: Any) -> Any:
    return np.sqrt(np.clip(values, 0, None))


def _square(values: Any) -> Any:
    return np.square(values)


#: Most month labels a half-width panel holds without them touching.
MAX_MONTH_LABELS = 7


def _month_labels(report: DeliveryReport) -> list[str]:
    """'Jun' under labelled months, the year under the first of them and under each January.

    Months are labelled every 1, 2, 3, 6 or 12 months (the first step giving at most
    :data:`MAX_MONTH_LABELS`), on calendar boundaries (Jan, Apr, Jul, Oct for quarters).
    """
    count = len(report.by_month)
    step = next((s for s in (1, 2, 3, 6) if math.ceil(count / s) <= MAX_MONTH_LABELS), 12)
    labels = []
    year_shown = False
    for month in report.by_month:
        day = month.period.start
        if (day.month - 1) % step:
            labels.append("")
            continue
        text = f"{day:%b}"
        if not year_shown or day.month == 1:
            text += f"\n{day:%Y}"
            year_shown = True
        labels.append(text)
    return labels


def build_dora_chart(
    report: DeliveryReport,
    palette: ChartPalette = LIGHT,
    *,
    heading: str = "Delivery performance (DORA)",
    size: tuple[float, float] = DEFAULT_SIZE,
    dpi: float = 100,
) -> Figure:
    """Draw ``report``'s monthly DORA metrics in four panels over their bands.

    Each panel's line has the metric's name as gid ("deployment_frequency", ...). Returns a
    Figure (no pyplot).
    """
    figure = new_figure(palette, size, dpi)
    period = report.period
    title(figure, f"{heading} · {period.start:%d %b %Y} to {period.end:%d %b %Y}", palette)
    grid = figure.subplots(2, 2, sharex=True)
    labels = _month_labels(report)
    for axes, panel in zip(grid.flat, PANELS, strict=True):
        _draw_panel(axes, panel, report, palette, labels)
    for axes in grid[0]:
        axes.tick_params(labelbottom=False)
    adherence = report.overall[SCHEDULE_ADHERENCE]
    on_time = "no release was due"
    if adherence.value is not None:
        on_time = f"{describe_value(adherence)} of {adherence.sample} releases went live on time"
    # Two short lines rather than one long one: a note wider than the figure is cut off.
    note(
        figure,
        "One point per month, coloured by its band; hollow: no deployment that month; "
        "a gap: nothing to measure.\n"
        f"Schedule adherence (not a DORA metric): {on_time}.",
        palette,
    )
    return figure
