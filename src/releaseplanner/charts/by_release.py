"""Risk by release across the portfolio: each release's active risks as one horizontal bar,
stacked by band, with the release's 0-100 score at the end of the bar.

Horizontal bars keep release keys readable however many there are. The chart shows the first
``limit`` releases in the order given (the service sorts by score, highest first) and sums the
rest in a note under the chart rather than in a bar, which would dwarf the others.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from releaseplanner.charts.data import BAND_ORDER, BandBar
from releaseplanner.charts.palette import LIGHT, ChartPalette
from releaseplanner.charts.style import DEFAULT_SIZE, new_figure, note, style_axes, title

#: At most this many bars: beyond about 15, bars get too thin to read on a projector at 800 px.
DEFAULT_LIMIT = 15


def build_risk_by_release(
    bars: Sequence[BandBar],
    palette: ChartPalette = LIGHT,
    *,
    limit: int = DEFAULT_LIMIT,
    heading: str = "Active risks by release",
    size: tuple[float, float] = DEFAULT_SIZE,
    dpi: float = 100,
) -> Figure:
    """Draw the first ``limit`` of ``bars`` top to bottom, stacked by band; the rest go in a note.

    Each band's bars form one BarContainer labelled with the band, so ``len(axes.containers)``
    is 4 and each holds one bar per release shown. Returns a Figure.
    """
    shown, hidden = list(bars[:limit]), list(bars[limit:])
    figure = new_figure(palette, size, dpi)
    axes = figure.subplots()
    style_axes(axes, palette, grid_axis="x")
    title(figure, heading, palette)
    if not shown:
        axes.set_axis_off()
        axes.text(
            0.5,
            0.5,
            "No releases in progress",
            ha="center",
            va="center",
            fontsize=palette.title_size,
            color=palette.muted,
            transform=axes.transAxes,
        )
        return figure

    rows = range(len(shown))
    left = [0] * len(shown)
    for index, band in enumerate(BAND_ORDER):
        widths = [bar.counts[index] for bar in shown]
        axes.barh(
            rows,
            widths,
            left=left,
            height=0.68,
            color=palette.band(band),
            edgecolor=palette.surface,
            linewidth=1.5,
            label=band.label,
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]

    longest = max(left)
    for row, bar in zip(rows, shown, strict=True):
        axes.annotate(
            _score_text(bar),
            (bar.total, row),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=palette.small_size,
            color=palette.text if bar.total else palette.muted,
            gid=f"score-{row}",
        )
    # Room on the right for the score labels: they sit in points beyond the bar's end.
    axes.set_xlim(0, max(longest, 1) * 1.28 + 0.5)
    axes.set_yticks(list(rows), [bar.label for bar in shown])
    axes.invert_yaxis()  # the first (highest-scoring) release on top
    axes.set_xlabel("Active risks (open, mitigating or occurred)")
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.tick_params(axis="y", length=0)
    axes.legend(
        loc="lower right",
        ncols=4,
        frameon=False,
        fontsize=palette.small_size,
        labelcolor=palette.text,
        bbox_to_anchor=(1.0, 1.0),
        borderaxespad=0.2,
    )
    if hidden:
        counts = [sum(bar.counts[i] for bar in hidden) for i in range(len(BAND_ORDER))]
        spread = ", ".join(
            f"{n} {band.label.lower()}" for n, band in zip(counts, BAND_ORDER, strict=True)
        )
        top = max((bar.score for bar in hidden if bar.score is not None), default=None)
        scored = f" (scores {top} and below)" if top is not None else ""
        note(figure, f"+ {len(hidden)} more releases{scored}: {spread} active risks", palette)
    return figure


def _score_text(bar: BandBar) -> str:
    if bar.score is None:
        return str(bar.total) if bar.total else "no active risks"
    band = f" {bar.band.label}" if bar.band is not None else ""
    plural = "" if bar.total == 1 else "s"
    prefix = f"{bar.total} risk{plural} · " if bar.total else "no active risks · "
    return f"{prefix}score {bar.score}{band}"
