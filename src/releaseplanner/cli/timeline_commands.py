"""``rplan render timeline``: the timeline as PNG, SVG or PDF, drawn exactly as the window draws it.

The rows, bars, labels and header come from the same Qt-free display list as the window
(:mod:`releaseplanner.domain.timeline`); matplotlib paints it. A PNG or SVG is one picture with
every row; a PDF is one landscape page with everything fitted (``--pages one``) or readable tiles
with repeated headers (``--pages tiled``). Each release's row header carries its risk band chip,
as in the window, unless ``--no-bands``.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date

from releaseplanner.cli.common import add_db_argument, db_of, iso_date
from releaseplanner.domain.errors import NotFoundError, UserError
from releaseplanner.domain.timeline.layout import TimelineLayout, build_layout
from releaseplanner.domain.timeline.model import GroupBy, LayoutOptions, TimelineFilter
from releaseplanner.domain.timeline.pages import PAPER_MM, Span, page_size, pages, picture
from releaseplanner.domain.timeline.viewport import PRESETS, FrameStyle, Marks
from releaseplanner.services.baselines import find_baseline
from releaseplanner.services.timeline import load_timeline, release_critical_path
from releaseplanner.storage.engine import Workspace, open_workspace

#: Up to this many releases the picture shows their packages unless --collapse says otherwise.
EXPAND_UP_TO = 40


def register_render_timeline(charts: argparse._SubParsersAction) -> None:
    """Add ``timeline`` to the ``rplan render`` subcommands."""
    summary = "the release timeline (as the timeline window draws it)"
    sub = charts.add_parser("timeline", help=summary, description=summary)
    add_db_argument(sub)
    sub.add_argument(
        "--out", required=True, metavar="FILE", help="the file; .png, .svg or .pdf picks the format"
    )
    sub.add_argument("--release", metavar="KEY", help="only this release, with its packages")
    sub.add_argument("--from", dest="first", type=iso_date, metavar="YYYY-MM-DD", help="first day")
    sub.add_argument("--to", dest="last", type=iso_date, metavar="YYYY-MM-DD", help="last day")
    sub.add_argument(
        "--group-by",
        choices=[g.value for g in GroupBy],
        default=GroupBy.RELEASE.value,
        help="rows per release (expandable to packages) or environment swimlanes",
    )
    shown = sub.add_mutually_exclusive_group()
    shown.add_argument("--expand", action="store_true", help="show every release's packages")
    shown.add_argument("--collapse", action="store_true", help="one row per release")
    sub.add_argument(
        "--today",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day of the today line and of missed go-lives (default: today)",
    )
    sub.add_argument(
        "--baseline",
        default="latest",
        metavar="NAME",
        help="baseline drawn as ghost bars: a name, 'latest' (default) or 'none'",
    )
    sub.add_argument(
        "--critical", action="store_true", help="outline the critical path (needs --release)"
    )
    sub.add_argument(
        "--width", type=int, default=1800, metavar="PX", help="PNG/SVG width (default 1800)"
    )
    sub.add_argument(
        "--pages",
        choices=("one", "tiled"),
        default="one",
        help="PDF: one landscape page, or tiles with repeated headers",
    )
    sub.add_argument("--paper", choices=sorted(PAPER_MM), default="a4", help="PDF paper size")
    sub.add_argument(
        "--zoom", choices=list(PRESETS), default="month", help="zoom of tiled PDF pages"
    )
    sub.add_argument(
        "--no-bands",
        dest="bands",
        action="store_false",
        help="leave out each release's risk band chip (High 57) in the row header",
    )
    sub.add_argument("--title", default="", help="title above the timeline")
    sub.set_defaults(handler=run_render_timeline)


def run_render_timeline(args: argparse.Namespace) -> int:
    """Draw the timeline the arguments describe and write it to ``args.out``."""
    from releaseplanner.charts.timeline import format_of, write_pages, write_picture

    fmt = format_of(args.out)
    if args.width < 400 or args.width > 20_000:
        raise UserError(f"--width: {args.width} is not between 400 and 20000 pixels")
    if args.critical and not args.release:
        raise UserError("--critical: name the release with --release KEY")
    today = args.today or date.today()
    workspace = open_workspace(db_of(args))
    try:
        layout, marks, name = _prepare(workspace, args, today)
    finally:
        workspace.close()
    span = Span.of(layout, args.first, args.last)
    style = FrameStyle(
        title=args.title or _title(args, name),
        subtitle=f"{_range(span)} · as of {today:%d %b %Y}",
        corner="Environment / lane"
        if args.group_by == GroupBy.ENVIRONMENT.value
        else "Release / package",
    )
    if fmt == "pdf":
        frames = pages(
            layout,
            span,
            page=page_size(args.paper),
            style=style,
            tiled=args.pages == "tiled",
            px_per_day=PRESETS[args.zoom],
            today=today.toordinal(),
            marks=marks,
        )
        written = write_pages(frames, args.out)
        print(f"wrote {written} ({len(frames)} page{'s' if len(frames) != 1 else ''})")
        return 0
    try:
        frame = picture(
            layout, span, width=args.width, style=style, today=today.toordinal(), marks=marks
        )
    except ValueError as exc:
        raise UserError(f"--out: {exc}") from None
    written = write_picture(frame, args.out)
    print(f"wrote {written}")
    return 0


def _prepare(
    workspace: Workspace, args: argparse.Namespace, today: date
) -> tuple[TimelineLayout, Marks, str]:
    baseline_id: str | None = None
    if args.baseline.lower() == "latest":
        baseline_id = "latest"
    elif args.baseline.lower() != "none":
        baseline_id = find_baseline(workspace, args.baseline).id
    data = load_timeline(workspace, today=today, baseline_id=baseline_id, bands=args.bands)
    release_ids = None
    if args.release:
        wanted = args.release.strip().lower()
        found = [r for r in data.releases if r.key.lower() == wanted]
        if not found:
            raise NotFoundError(f"--release: no release with key '{args.release}'")
        release_ids = frozenset({found[0].id})
    window = None
    if args.first or args.last:
        window = (args.first or date.min, args.last or date.max)
    flt = TimelineFilter(release_ids=release_ids, window=window)
    group_by = GroupBy(args.group_by)
    options = LayoutOptions(group_by=group_by, filter=flt)
    if group_by is GroupBy.RELEASE and (args.collapse or not args.expand):
        layout = build_layout(data, options)
        shown = sum(1 for row in layout.rows if row.level == 0)
        if args.collapse or shown > EXPAND_UP_TO:
            options = replace(options, expanded=frozenset())
    layout = build_layout(data, options)
    marks = Marks()
    if args.critical and release_ids:
        path = release_critical_path(data, next(iter(release_ids)))
        marks = Marks(critical=frozenset(path.critical))
    return layout, marks, workspace.display_name


def _title(args: argparse.Namespace, workspace_name: str) -> str:
    what = f"Release {args.release}" if args.release else "Release timeline"
    by = " by environment" if args.group_by == GroupBy.ENVIRONMENT.value else ""
    return f"{what}{by} · {workspace_name}"


def _range(span: Span) -> str:
    first, last = date.fromordinal(span.first), date.fromordinal(span.last)
    return f"{first:%d %b %Y} – {last:%d %b %Y}"
