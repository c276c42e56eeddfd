"""Readiness of the upcoming releases: one horizontal bar each (0-100) against the threshold.

Colour says the verdict: ready (at or over the threshold, no blocker), below the threshold, or
blocked; blocked bars are also hatched, so the verdict survives grey-scale printing. The number of
blockers is written beside the score; the register and the readiness breakdown list them.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from releaseplanner.charts.data import ReadinessBar
from releaseplanner.charts.palette import LIGHT, ChartPalette, mix, text_on
from releaseplanner.charts.style import DEFAULT_SIZE, new_figure, note, style_axes, title

DEFAULT_LIMIT = 15

#: Bars shorter than this put their label outside, after the bar; longer ones inside its end.
INSIDE_LABEL_FROM = 45


def build_readiness(
    bars: Sequence[ReadinessBar],
    threshold: int,
    palette: ChartPalette = LIGHT,
    *,
    limit: int = DEFAULT_LIMIT,
    heading: str = "Readiness of upcoming releases",
    size: tuple[float, float] = DEFAULT_SIZE,
    dpi: float = 100,
) -> Figure:
    """Draw the first ``limit`` of ``bars`` (the service orders them by go-live) top to bottom,
    with the threshold as a vertical line (gid ``"threshold"``). Returns a Figure."""
    shown, hidden = list(bars[:limit]), list(bars[limit:])
    figure = new_figure(palette, size, dpi)
    axes = figure.subplots()
    style_axes(axes, palette, grid_axis="x")
    title(figure, heading, palette)
    axes.set_xlim(0, 100)
    axes.set_xlabel("Readiness (0-100): tests passed, executed, required suites, no criticals")
    # Above the bars, below their labels (text is drawn at zorder 3).
    axes.axvline(threshold, color=palette.threshold, linewidth=2.5, gid="threshold", zorder=2.5)
    axes.annotate(
        f"ready at {threshold}",
        (threshold, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(0, 6),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=palette.small_size,
        fontweight="bold",
        color=palette.threshold,
    )
    if not shown:
        axes.text(
            50,
            0.5,
            "No upcoming releases",
            ha="center",
            va="center",
            fontsize=palette.title_size,
            color=palette.muted,
            transform=axes.get_xaxis_transform(),
        )
        axes.set_yticks([])
        return figure

    rows = list(range(len(shown)))
    colours = [_colour(bar, threshold, palette) for bar in shown]
    container = axes.barh(
        rows,
        [bar.score for bar in shown],
        height=0.66,
        color=colours,
        edgecolor=palette.surface,
        linewidth=1.5,
    )
    for patch, bar in zip(container.patches, shown, strict=True):
        if bar.blockers:
            patch.set_hatch("/")
            patch.set_edgecolor(mix(text_on(palette.blocked), palette.blocked, 0.45))
    for row, bar, colour in zip(rows, shown, colours, strict=True):
        text = str(bar.score)
        if bar.blockers:
            count = len(bar.blockers)
            text += f" · {count} blocker{'s' if count != 1 else ''}"
        inside = bar.score >= INSIDE_LABEL_FROM
        axes.annotate(
            text,
            (bar.score, row),
            xytext=(-8 if inside else 8, 0),
            textcoords="offset points",
            ha="right" if inside else "left",
            va="center",
            fontsize=palette.small_size,
            fontweight="bold",
            color=text_on(colour) if inside else palette.text,
            # Hatching behind a label would make it hard to read: give it a solid backing.
            bbox={"boxstyle": "square,pad=0.15", "fc": colour, "ec": "none"} if inside else None,
            gid=f"readiness-{row}",
        )
    axes.set_yticks(rows, [bar.label for bar in shown])
    axes.invert_yaxis()  # soonest go-live on top
    axes.tick_params(axis="y", length=0)
    axes.legend(
        handles=[
            Patch(facecolor=palette.ready, label="Ready"),
            Patch(facecolor=palette.below, label="Below threshold"),
            Patch(
                facecolor=palette.blocked,
                hatch="/",
                edgecolor=mix(text_on(palette.blocked), palette.blocked, 0.45),
                label="Blocked",
            ),
        ],
        # Top left: the threshold's label sits above the plot at the right.
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=3,
        frameon=False,
        fontsize=palette.small_size,
        labelcolor=palette.text,
        borderaxespad=0.2,
    )
    if hidden:
        later = sum(1 for bar in hidden if bar.ready)
        note(figure, f"+ {len(hidden)} later releases ({later} ready) not shown", palette)
    return figure


def _colour(bar: ReadinessBar, threshold: int, palette: ChartPalette) -> str:
    if bar.blockers:
        return palette.blocked
    return palette.ready if bar.ready and bar.score >= threshold else palette.below
