"""Risk trend of one release: its stored score snapshots over time, go-live marked.

The score is a step line: a snapshot's score holds until the next one (snapshots are taken when
risks change), carried on to today. The 0-100 bands are shaded behind it, and the release type's
escalation limit is drawn when known, so a reader sees at a glance when the release crossed one.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
from matplotlib.figure import Figure

from releaseplanner.charts.data import TrendData
from releaseplanner.charts.palette import LIGHT, ChartPalette
from releaseplanner.charts.style import DEFAULT_SIZE, new_figure, style_axes, title
from releaseplanner.domain.risk_score import RELEASE_SCORE_BANDS

#: Strength of the band shading behind the line: visible but quieter than the data.
BAND_SHADE_ALPHA = 0.16


def _moment(day: date, *, end_of_day: bool = False) -> datetime:
    return datetime.combine(day, time(23, 59) if end_of_day else time(12))


def build_risk_trend(
    data: TrendData,
    palette: ChartPalette = LIGHT,
    *,
    size: tuple[float, float] = DEFAULT_SIZE,
    dpi: float = 100,
) -> Figure:
    """Draw ``data`` as a step line from 0 to 100 with bands, go-live, today and escalation.

    The score line has gid ``"score"``, the go-live line ``"go-live"``, today ``"today"`` and the
    escalation limit ``"escalation"``. Returns a Figure.
    """
    figure = new_figure(palette, size, dpi)
    axes = figure.subplots()
    style_axes(axes, palette, grid_axis="y")
    title(figure, data.title, palette)
    axes.set_ylim(0, 100)
    axes.set_ylabel("Release risk score (0-100)")

    top = 100
    for lowest, band in RELEASE_SCORE_BANDS:
        axes.axhspan(lowest, top, color=palette.band(band), alpha=BAND_SHADE_ALPHA, lw=0)
        axes.text(
            1.01,
            (lowest + top) / 2,
            band.label,
            transform=axes.get_yaxis_transform(),
            va="center",
            fontsize=palette.small_size,
            color=palette.muted,
        )
        top = lowest

    if not data.points:
        axes.text(
            0.5,
            0.5,
            "No snapshots yet: a score is stored whenever the release's risks change",
            transform=axes.transAxes,
            ha="center",
            va="center",
            wrap=True,
            fontsize=palette.font_size,
            color=palette.muted,
        )
        axes.set_xticks([])
        return figure

    times = [t for t, _ in data.points]
    scores = [s for _, s in data.points]
    end = times[-1]
    if data.today is not None and _moment(data.today, end_of_day=True) > end:
        end = _moment(data.today, end_of_day=True)
    # Carry the last score on to today: it holds until the next snapshot.
    axes.step(
        [*times, end],
        [*scores, scores[-1]],
        where="post",
        color=palette.accent,
        linewidth=3,
        gid="score",
    )
    axes.plot(times, scores, "o", color=palette.accent, markersize=7, zorder=3)
    axes.annotate(
        str(scores[-1]),
        (date2num(end), scores[-1]),
        xytext=(8, 0),
        textcoords="offset points",
        va="center",
        fontsize=palette.font_size,
        fontweight="bold",
        color=palette.accent,
    )

    if data.max_risk_score is not None:
        axes.axhline(
            data.max_risk_score,
            color=palette.threshold,
            linestyle=(0, (6, 4)),
            linewidth=1.5,
            gid="escalation",
        )
        axes.text(
            0.005,
            data.max_risk_score + 1.5,
            f"escalate above {data.max_risk_score}",
            transform=axes.get_yaxis_transform(),
            fontsize=palette.small_size,
            color=palette.text,
        )

    # Go-live is marked at midday; today at its end, so snapshots taken today sit before it.
    markers = [
        (_moment(day, end_of_day=gid == "today"), day, label, gid, style, where)
        for day, label, gid, style, where in (
            (data.go_live, data.go_live_label, "go-live", "-", "top"),
            (data.today, "today", "today", ":", "bottom"),
        )
        if day is not None
    ]
    start = min([times[0], *(m[0] for m in markers)])
    right = max([end, *(m[0] for m in markers)])
    pad = max(timedelta(days=2), (right - start) * 0.06)
    axes.set_xlim(start - pad, right + pad)
    span = (right - start) + 2 * pad
    # Go-live is labelled above the plot, today inside it at the foot, so that close days do not
    # print over each other; each label leans away from the nearer edge to stay in the figure.
    for moment, day, label, gid, style, where in markers:
        axes.axvline(moment, color=palette.marker, linestyle=style, linewidth=2.5, gid=gid)
        share = (moment - (start - pad)) / span
        lean = "right" if share > 0.75 else "left" if share < 0.25 else "center"
        if where == "bottom" and lean == "center":
            lean = "right"  # beside the line, not over it
        shift = {"right": -6, "left": 6, "center": 0}[lean]
        axes.annotate(
            f"{label} {day:%d %b %Y}",
            (date2num(moment), 1.0 if where == "top" else 0.0),
            xycoords=("data", "axes fraction"),
            xytext=(shift, 6),
            textcoords="offset points",
            ha=lean,
            va="bottom",
            fontsize=palette.small_size,
            fontweight="bold",
            color=palette.marker,
            gid=f"{gid}-label",
        )
    # Evenly spaced ticks (not restarting at each month's first day, which crowds two together).
    axes.xaxis.set_major_locator(AutoDateLocator(minticks=4, maxticks=7, interval_multiples=False))
    # Whole dates on every tick: a projector audience should not have to assemble them.
    long_span = (right - start).days > 400
    axes.xaxis.set_major_formatter(DateFormatter("%b %Y" if long_span else "%d %b"))
    return figure
