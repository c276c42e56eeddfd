"""The 5×5 risk heat map: likelihood × impact with the number of risks in each cell, inherent
(before mitigation) and residual (after) side by side on the same scales.

Cells are coloured by the band of their score (likelihood × impact); cells holding no risk are
drawn faint so the eye goes to where the risks are. Each count text carries the gid
``"<panel>-<likelihood>-<impact>"`` (panel ``inherent`` or ``residual``) so the GUI can map a
click to a cell and tests can read the counts back.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from releaseplanner.charts.data import BAND_ORDER, Grid, HeatmapData
from releaseplanner.charts.palette import LIGHT, ChartPalette, mix, text_on
from releaseplanner.charts.style import DEFAULT_SIZE, new_figure, style_axes, title
from releaseplanner.domain.enums import RiskBand
from releaseplanner.domain.risk import IMPACT_LABELS, LIKELIHOOD_LABELS, band_for_score

#: Share of the band colour left in a cell with no risk (mixed with the axes' surface).
EMPTY_CELL_STRENGTH = 0.28

BAND_RANGES = {
    RiskBand.LOW: "1-4",
    RiskBand.MEDIUM: "5-9",
    RiskBand.HIGH: "10-16",
    RiskBand.CRITICAL: "20-25",
}


def build_risk_heatmap(
    data: HeatmapData,
    palette: ChartPalette = LIGHT,
    *,
    size: tuple[float, float] = DEFAULT_SIZE,
    dpi: float = 100,
) -> Figure:
    """Draw ``data`` as two 5×5 heat maps (inherent, residual) sharing the likelihood axis.

    Returns a Figure (not attached to any GUI); raises ValueError for a grid that is not 5×5.
    """
    for grid in (data.inherent, data.residual):
        if len(grid) != 5 or any(len(row) != 5 for row in grid):
            raise ValueError("a heat map grid has 5 rows of 5 counts")
    figure = new_figure(palette, size, dpi)
    left, right = figure.subplots(1, 2, sharey=True)
    panels = (
        (left, "inherent", "Inherent: before mitigation", data.inherent),
        (right, "residual", "Residual: after mitigation", data.residual),
    )
    for axes, panel, heading, grid in panels:
        _draw_panel(axes, panel, grid, palette)
        total = sum(map(sum, grid))
        axes.set_title(
            f"{heading} ({total})", fontsize=palette.font_size + 2, color=palette.text, pad=12
        )
    left.set_ylabel("Likelihood", fontsize=palette.font_size + 1, color=palette.text)
    left.set_yticks(range(1, 6), [f"{n} {label}" for n, label in enumerate(LIKELIHOOD_LABELS, 1)])
    right.tick_params(axis="y", labelleft=False)
    title(figure, data.title, palette)
    figure.legend(
        handles=[
            Patch(
                facecolor=palette.band(band),
                edgecolor=palette.muted,
                label=f"{band.label} ({BAND_RANGES[band]})",
            )
            for band in BAND_ORDER
        ],
        loc="outside lower center",
        ncols=4,
        frameon=False,
        fontsize=palette.font_size,
        labelcolor=palette.text,
        title="Band of likelihood × impact; numbers are how many risks sit in each cell",
        title_fontsize=palette.small_size,
    ).get_title().set_color(palette.muted)
    return figure


def _draw_panel(axes, panel: str, grid: Grid, palette: ChartPalette) -> None:
    style_axes(axes, palette)
    for spine in axes.spines.values():
        spine.set_visible(False)
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            count = grid[likelihood - 1][impact - 1]
            colour = palette.band(band_for_score(likelihood * impact))
            if not count:
                colour = mix(colour, palette.surface, EMPTY_CELL_STRENGTH)
            axes.add_patch(
                Rectangle(
                    (impact - 0.5, likelihood - 0.5),
                    1,
                    1,
                    facecolor=colour,
                    edgecolor=palette.surface,
                    linewidth=3,
                )
            )
            if count:
                axes.text(
                    impact,
                    likelihood,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=palette.title_size + 3,
                    fontweight="bold",
                    color=text_on(colour),
                    gid=f"{panel}-{likelihood}-{impact}",
                )
    axes.set_xlim(0.5, 5.5)
    axes.set_ylim(0.5, 5.5)
    axes.set_aspect("equal")
    axes.set_xticks(range(1, 6), [f"{n}\n{label}" for n, label in enumerate(IMPACT_LABELS, 1)])
    axes.set_xlabel("Impact", fontsize=palette.font_size + 1, color=palette.text)
    axes.tick_params(length=0, labelsize=palette.small_size)
