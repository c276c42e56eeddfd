"""``rplan render …`` (risk charts to PNG/SVG/PDF) and ``rplan list risks|release-risk``.

Two listings rather than one, because their rows differ in kind:

* ``list risks`` prints the register, one row per risk (score, band, residual score, overdue
  review), optionally for one release;
* ``list release-risk`` prints one row per release: the 0-100 risk score and band, whether it
  needs escalation, readiness and its verdict, the blockers, and (in JSON) the full breakdown of
  both scores, component by component.

Charts are sized in pixels (``--size``, default 1600x1000): the figure is always 12.8 inches
wide and the dpi is chosen to give the pixels, so text keeps its share of the picture.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from releaseplanner.charts.palette import PALETTES, WIDTH_INCHES, ChartPalette
from releaseplanner.cli.common import add_db_argument, db_of, iso_date
from releaseplanner.cli.output import FORMATS, emit
from releaseplanner.cli.timeline_commands import register_render_timeline
from releaseplanner.domain.risk_score import READINESS_THRESHOLD
from releaseplanner.services.risk import release_risks, risk_register
from releaseplanner.services.risk_charts import (
    heatmap_data,
    portfolio_bars,
    readiness_bars,
    trend_data,
)
from releaseplanner.storage.engine import Workspace, open_workspace

RISK_COLUMNS = [
    "release_key",
    "title",
    "category",
    "likelihood",
    "impact",
    "score",
    "band",
    "status",
    "owner",
    "residual_score",
    "review_date",
    "review_overdue",
]
RELEASE_RISK_COLUMNS = [
    "key",
    "status",
    "go_live",
    "score",
    "band",
    "needs_escalation",
    "readiness",
    "verdict",
    "blockers",
]
DEFAULT_SIZE = (1600, 1000)


def _pixels(text: str) -> tuple[int, int]:
    """An argparse type for WIDTHxHEIGHT in pixels (argparse names the option when it fails)."""
    match = re.fullmatch(r"\s*(\d{3,5})\s*[xX×]\s*(\d{3,5})\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not WIDTHxHEIGHT in pixels, e.g. 1920x1080")
    return int(match[1]), int(match[2])


# -- rplan render --------------------------------------------------------------------------------
# The chart modules are imported when a chart is drawn, not with the CLI: matplotlib takes a third
# of a second to load, and every other rplan command would pay for it.
def _heatmap(workspace: Workspace, args: argparse.Namespace, palette: ChartPalette, **size):
    from releaseplanner.charts.heatmap import build_risk_heatmap

    return build_risk_heatmap(heatmap_data(workspace, release_key=args.release), palette, **size)


def _by_release(workspace: Workspace, args: argparse.Namespace, palette: ChartPalette, **size):
    from releaseplanner.charts.by_release import build_risk_by_release

    bars = portfolio_bars(workspace, release_key=args.release, today=args.today)
    return build_risk_by_release(bars, palette, **size)


def _trend(workspace: Workspace, args: argparse.Namespace, palette: ChartPalette, **size):
    from releaseplanner.charts.trend import build_risk_trend

    return build_risk_trend(trend_data(workspace, args.release, today=args.today), palette, **size)


def _readiness(workspace: Workspace, args: argparse.Namespace, palette: ChartPalette, **size):
    from releaseplanner.charts.readiness import build_readiness

    bars = readiness_bars(workspace, release_key=args.release, today=args.today)
    return build_readiness(bars, READINESS_THRESHOLD, palette, **size)


Builder = Callable[..., Any]  # returns a matplotlib Figure
CHARTS: dict[str, tuple[str, Builder]] = {
    "risk-heatmap": ("5×5 likelihood × impact heat map, inherent and residual", _heatmap),
    "risk-by-release": ("active risks per release, stacked by band, with scores", _by_release),
    "risk-trend": ("a release's stored risk score over time, go-live marked", _trend),
    "readiness": ("readiness of upcoming releases against the threshold", _readiness),
}


def register_render(commands: argparse._SubParsersAction) -> None:
    """Add the ``render`` group (one subcommand per chart) to the top-level commands."""
    render = commands.add_parser("render", help="render a chart or the timeline to PNG, SVG or PDF")
    charts = render.add_subparsers(dest="chart", metavar="CHART", parser_class=type(render))
    charts.required = True
    for name, (summary, _builder) in CHARTS.items():
        sub = charts.add_parser(name, help=summary, description=summary)
        add_db_argument(sub)
        sub.add_argument(
            "--out",
            required=True,
            metavar="FILE",
            help="the chart file; its suffix picks the format (.png, .svg or .pdf)",
        )
        sub.add_argument(
            "--release",
            metavar="KEY",
            required=name == "risk-trend",
            help="the release to draw" if name == "risk-trend" else "only this release",
        )
        sub.add_argument("--theme", choices=sorted(PALETTES), default="light")
        sub.add_argument(
            "--size",
            type=_pixels,
            default=DEFAULT_SIZE,
            metavar="WxH",
            help="picture size in pixels (default 1600x1000; 1920x1080 for a projector)",
        )
        sub.add_argument(
            "--today",
            type=iso_date,
            default=None,
            metavar="YYYY-MM-DD",
            help="the day scores and 'upcoming' count from (default: today)",
        )
        sub.set_defaults(handler=run_render)
    register_render_timeline(charts)


def run_render(args: argparse.Namespace) -> int:
    """Build the chart ``args.chart`` from the workspace and write it to ``args.out``."""
    width, height = args.size
    dpi = width / WIDTH_INCHES
    size = {"size": (WIDTH_INCHES, height / dpi), "dpi": dpi}
    _summary, builder = CHARTS[args.chart]
    workspace = open_workspace(db_of(args))
    try:
        figure = builder(workspace, args, PALETTES[args.theme], **size)
    finally:
        workspace.close()
    from releaseplanner.charts.export import export_figure

    written = export_figure(figure, args.out)
    print(f"wrote {written}")
    return 0


# -- rplan list risks | release-risk -------------------------------------------------------------
def add_list_risks(what: argparse._SubParsersAction) -> None:
    """Add ``risks`` (the register) and ``release-risk`` (scores per release) to ``rplan list``."""
    for name, summary, handler in (
        ("risks", "list the risk register, highest score first", _list_risks),
        ("release-risk", "list each release's risk score and readiness", _list_release_risk),
    ):
        sub = what.add_parser(name, help=summary, description=summary)
        add_db_argument(sub)
        sub.add_argument("--release", metavar="KEY", help="only this release")
        sub.add_argument("--format", choices=FORMATS, default="table")
        sub.add_argument(
            "--today",
            type=iso_date,
            default=None,
            metavar="YYYY-MM-DD",
            help="the day reviews fall overdue and go-live counts from (default: today)",
        )
        sub.set_defaults(handler=handler)


def _list_risks(args: argparse.Namespace) -> int:
    workspace = open_workspace(db_of(args))
    try:
        rows = risk_register(workspace, release_key=args.release, today=args.today)
    finally:
        workspace.close()
    emit(rows, args.format, RISK_COLUMNS)
    return 0


def _list_release_risk(args: argparse.Namespace) -> int:
    workspace = open_workspace(db_of(args))
    try:
        found = release_risks(workspace, release_key=args.release, today=args.today)
    finally:
        workspace.close()
    rows = [
        {
            "key": r.key,
            "name": r.name,
            "status": r.status,
            "go_live": r.go_live,
            "score": r.risk.score,
            "band": r.risk.band,
            "max_risk_score": r.risk.max_risk_score,
            "needs_escalation": r.risk.needs_escalation,
            "readiness": r.readiness.score,
            "readiness_threshold": r.readiness.threshold,
            "verdict": r.readiness.verdict,
            # A list in JSON; one '; '-separated cell in a table or CSV.
            "blockers": list(r.readiness.blockers)
            if args.format == "json"
            else "; ".join(r.readiness.blockers),
            "risk_breakdown": [asdict(c) for c in r.risk.components],
            "readiness_breakdown": [asdict(c) for c in r.readiness.components],
        }
        for r in found
    ]
    emit(rows, args.format, RELEASE_RISK_COLUMNS)
    return 0
