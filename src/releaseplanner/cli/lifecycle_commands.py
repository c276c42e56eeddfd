"""``rplan metrics`` (delivery metrics as a table or JSON) and ``rplan render dora`` (the chart).

``rplan metrics --db DB [--from D --to D] [--team NAME] [--format table|json]``

The period defaults to today and back to the first month with a record, at most twelve months
(see :mod:`releaseplanner.services.metrics`). ``--format json`` prints one object::

    {
      "period": {"from": "2026-06-01", "to": "2026-11-26", "today": "2026-11-26",
                 "team": null},
      "metrics": {
        "<name>": {                       # deployment_frequency, lead_time,
                                          # change_failure_rate, time_to_restore,
                                          # schedule_adherence (in this order)
          "title": "Deployment frequency",
          "value": 0.1173,                # null when there is nothing to measure
          "unit": "deployments per week", # days (median), share of deployments (0-1),
                                          # hours (median), share on time (0-1)
          "band": "low",                  # elite | high | medium | low | null
          "sample": 3,                    # deployments, changes, incidents or releases
          "reason": "",                   # why value or band is null
          "details": {"deployments": 3, "per_month": 0.5101, "interval_days": 59.6667, ...},
          "by_team": {"Identity": {"value": ..., "band": ..., "sample": ..., "reason": ...,
                                   "details": {...}}, ...},
          "by_month": [{"month": "2026-06", "from": "2026-06-01", "to": "2026-06-30",
                        "value": ..., "band": ..., "sample": ..., "reason": ...,
                        "details": {...}}, ...]
        }, ...
      }
    }

Numbers are rounded to four decimals. The table prints the whole period's metrics, then one
line per team and per month with each metric's value and band in words.

``rplan render dora --db DB --out FILE [--from D --to D] [--team NAME]`` draws the four DORA
metrics month by month over their bands (:mod:`releaseplanner.charts.dora`) to PNG, SVG or PDF.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import Any

from releaseplanner.charts.palette import PALETTES, WIDTH_INCHES
from releaseplanner.cli.common import add_db_argument, db_of, iso_date
from releaseplanner.cli.output import emit
from releaseplanner.cli.risk_commands import DEFAULT_SIZE, _pixels
from releaseplanner.domain.delivery_metrics import (
    METRICS,
    TITLES,
    DeliveryReport,
    Metric,
    describe_value,
)
from releaseplanner.services.metrics import delivery_metrics
from releaseplanner.storage.engine import open_workspace


def _add_period_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument(
        "--from",
        dest="start",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="first day of the period (default: the first month with a record, at most a year "
        "back)",
    )
    parser.add_argument(
        "--to",
        dest="end",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="last day of the period (default: today)",
    )
    parser.add_argument("--team", metavar="NAME", help="only this team's releases")
    parser.add_argument(
        "--today",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day late go-lives are counted to (default: today)",
    )


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``metrics`` to the top-level commands."""
    summary = "delivery metrics (DORA and schedule adherence) per team and month, with bands"
    sub = commands.add_parser("metrics", help=summary, description=summary)
    _add_period_arguments(sub)
    sub.add_argument("--format", choices=("table", "json"), default="table")
    sub.set_defaults(handler=run_metrics)


def render_group(commands: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The subcommands of ``rplan render`` once ``risk_commands.register_render`` added it.

    argparse has no public way back to a parser's subcommands, hence the private attribute.
    """
    render = commands.choices["render"]
    for action in render._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise LookupError("'render' has no subcommands")


def register_render_dora(render_subparsers: argparse._SubParsersAction) -> None:
    """Add ``dora`` to the ``render`` group's subcommands."""
    summary = "the four DORA metrics month by month over their performance bands"
    sub = render_subparsers.add_parser("dora", help=summary, description=summary)
    _add_period_arguments(sub)
    sub.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="the chart file; its suffix picks the format (.png, .svg or .pdf)",
    )
    sub.add_argument("--theme", choices=sorted(PALETTES), default="light")
    sub.add_argument(
        "--size",
        type=_pixels,
        default=DEFAULT_SIZE,
        metavar="WxH",
        help="picture size in pixels (default 1600x1000; 1920x1080 for a projector)",
    )
    sub.set_defaults(handler=run_render_dora)


def _report(args: argparse.Namespace) -> DeliveryReport:
    workspace = open_workspace(db_of(args))
    try:
        return delivery_metrics(
            workspace, start=args.start, end=args.end, team=args.team, today=args.today
        )
    finally:
        workspace.close()


def run_render_dora(args: argparse.Namespace) -> int:
    """Draw the DORA chart of the period and write it to ``args.out``."""
    report = _report(args)
    # Charts load matplotlib (a third of a second): only when one is drawn.
    from releaseplanner.charts.dora import build_dora_chart
    from releaseplanner.charts.export import export_figure

    width, height = args.size
    dpi = width / WIDTH_INCHES
    heading = "Delivery performance (DORA)" + (f" · {report.team}" if report.team else "")
    figure = build_dora_chart(
        report,
        PALETTES[args.theme],
        heading=heading,
        size=(WIDTH_INCHES, height / dpi),
        dpi=dpi,
    )
    print(f"wrote {export_figure(figure, args.out)}")
    return 0


def run_metrics(args: argparse.Namespace) -> int:
    report = _report(args)
    if args.format == "json":
        json.dump(metrics_json(report), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_tables(report)
    return 0


def _number(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value


def _metric_json(metric: Metric) -> dict[str, Any]:
    return {
        "value": _number(metric.value),
        "band": metric.band.value if metric.band else None,
        "sample": metric.sample,
        "reason": metric.reason,
        "details": {k: _number(v) for k, v in metric.details.items()},
    }


def metrics_json(report: DeliveryReport) -> dict[str, Any]:
    """The report as the JSON object the module docstring describes."""
    metrics: dict[str, Any] = {}
    for name in METRICS:
        overall = report.overall[name]
        metrics[name] = {
            "title": overall.title,
            "unit": overall.unit,
            **_metric_json(overall),
            "by_team": {t: _metric_json(found[name]) for t, found in report.by_team.items()},
            "by_month": [
                {
                    "month": m.month,
                    "from": m.period.start.isoformat(),
                    "to": m.period.end.isoformat(),
                    **_metric_json(m.metrics[name]),
                }
                for m in report.by_month
            ],
        }
    return {
        "period": {
            "from": report.period.start.isoformat(),
            "to": report.period.end.isoformat(),
            "today": report.today.isoformat(),
            "team": report.team,
        },
        "metrics": metrics,
    }


def _in_words(metric: Metric) -> str:
    text = describe_value(metric)
    return f"{text} ({metric.band.value})" if metric.band else text


def _matrix(rows: Mapping[str, Mapping[str, Metric]], first: str) -> list[dict[str, str]]:
    return [
        {first: label, **{TITLES[n]: _in_words(found[n]) for n in METRICS}}
        for label, found in rows.items()
    ]


def _print_tables(report: DeliveryReport) -> None:
    scope = f"team {report.team}" if report.team else "all teams"
    print(f"Delivery metrics {report.period.start} to {report.period.end} ({scope})\n")
    overall = [
        {
            "metric": m.title,
            "value": _in_words(m).rsplit(" (", 1)[0],
            "band": m.band.value if m.band else "",
            "based_on": m.sample,
            "note": m.reason,
        }
        for m in (report.overall[n] for n in METRICS)
    ]
    emit(overall, "table", ["metric", "value", "band", "based_on", "note"])
    print("\nBy team")
    emit(_matrix(report.by_team, "team"), "table")
    print("\nBy month")
    emit(_matrix({m.month: m.metrics for m in report.by_month}, "month"), "table")
