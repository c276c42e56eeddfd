"""Shared set-up of the chart builders: a themed, constrained-layout Figure and themed axes.

Sizes are passed to every artist explicitly rather than through rcParams, which are global and
would leak between figures built at the same time (the GUI renders in a background thread).
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from releaseplanner.charts.palette import WIDTH_INCHES, ChartPalette

DEFAULT_SIZE = (WIDTH_INCHES, 8.0)


def new_figure(palette: ChartPalette, size: tuple[float, float], dpi: float) -> Figure:
    """An empty figure in the palette's background with constrained layout (nothing clipped)."""
    figure = Figure(figsize=size, dpi=dpi, layout="constrained", facecolor=palette.background)
    engine = figure.get_layout_engine()
    engine.set(w_pad=0.12, h_pad=0.12, wspace=0.04, hspace=0.04)  # type: ignore[union-attr]
    return figure


def style_axes(axes: Axes, palette: ChartPalette, *, grid_axis: str | None = None) -> None:
    """Colour an axes' face, spines, ticks and labels from the palette; optional light grid."""
    axes.set_facecolor(palette.surface)
    for side, spine in axes.spines.items():
        spine.set_color(palette.muted)
        spine.set_visible(side in ("left", "bottom"))
    axes.tick_params(colors=palette.text, labelsize=palette.font_size, length=4)
    axes.xaxis.label.set_color(palette.text)
    axes.yaxis.label.set_color(palette.text)
    axes.xaxis.label.set_fontsize(palette.font_size)
    axes.yaxis.label.set_fontsize(palette.font_size)
    axes.title.set_color(palette.text)
    if grid_axis:
        axes.grid(axis=grid_axis, color=palette.grid, linewidth=1.0)
        axes.set_axisbelow(True)


def title(figure: Figure, text: str, palette: ChartPalette) -> None:
    figure.suptitle(text, color=palette.text, fontsize=palette.title_size, fontweight="bold")


def note(figure: Figure, text: str, palette: ChartPalette) -> None:
    """A line under the chart (what was left out, how to read it); laid out, never clipped."""
    figure.supxlabel(text, color=palette.muted, fontsize=palette.small_size)
