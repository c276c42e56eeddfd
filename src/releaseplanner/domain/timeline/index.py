"""Finding a row's bars by day range fast, and merging them for low zoom (level of detail).

Bars of a row are kept sorted by start with the row's longest duration, so the bars touching
days ``[first, last]`` are a bisect away: they start at most ``last`` and at least
``first - longest``. A repaint thus costs what is visible, not what the workspace holds.

Zoomed out, a row can hold thousands of bars a pixel wide or less (an environment's summary at
zoom-to-fit). :class:`RowIndex` then draws from *runs*: bars merged where the gap between them is
under a pixel. Runs are precomputed per level ``k`` (gaps under ``2**k`` days), each level built
from the one below, lazily, the first time a row is drawn that far out; only rows that are on
screen ever pay for it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence

from releaseplanner.domain.enums import ScheduleStatus
from releaseplanner.domain.timeline.model import Bar
from releaseplanner.domain.timeline.palette import STATUS_PRIORITY

#: Deepest level built: gaps under 2**9 = 512 days (a decade fits a thousand pixels above it).
MAX_LEVEL = 9


class Runs:
    """Merged spans of one level: parallel lists, sorted by start, for bisecting.

    ``statuses`` holds the most pressing status in each run; ``counts`` how many bars merged.
    """

    __slots__ = ("counts", "longest", "starts", "statuses", "stops")

    def __init__(
        self,
        starts: list[int],
        stops: list[int],
        statuses: list[ScheduleStatus],
        counts: list[int],
    ) -> None:
        self.starts = starts
        self.stops = stops
        self.statuses = statuses
        self.counts = counts
        self.longest = max((b - a for a, b in zip(starts, stops, strict=True)), default=0)

    def __len__(self) -> int:
        return len(self.starts)

    def between(self, first: float, last: float) -> range:
        """Indices of the runs that may touch days ``[first, last)`` (callers clip)."""
        return range(bisect_left(self.starts, first - self.longest), bisect_left(self.starts, last))


def merge_runs(runs: Runs, gap: int) -> Runs:
    """Merge neighbouring runs less than ``gap`` days apart.

    Two runs merge when they share a status, or when either is shorter than ``gap`` (too small
    to show its colour anyway); a long bar of another status stays distinct. A merged run takes
    the status that covers more of its days (the most pressing one on a tie), as a pixel
    averages what falls in it: a month of finished work does not turn red for one late day.
    """
    starts, stops, statuses, counts = [], [], [], []
    if not runs.starts:
        return Runs(starts, stops, statuses, counts)
    start, stop, status, count = runs.starts[0], runs.stops[0], runs.statuses[0], runs.counts[0]
    weight = stop - start  # days covered by the run's status
    for s, e, st, n in zip(
        runs.starts[1:], runs.stops[1:], runs.statuses[1:], runs.counts[1:], strict=True
    ):
        length = e - s
        if s - stop < gap and (st is status or length < gap or stop - start < gap):
            if st is status:
                weight += length
            elif length > weight or (
                length == weight and STATUS_PRIORITY[st] < STATUS_PRIORITY[status]
            ):
                status, weight = st, length
            if e > stop:
                stop = e
            count += n
        else:
            starts.append(start)
            stops.append(stop)
            statuses.append(status)
            counts.append(count)
            start, stop, status, count, weight = s, e, st, n, length
    starts.append(start)
    stops.append(stop)
    statuses.append(status)
    counts.append(count)
    return Runs(starts, stops, statuses, counts)


def thin_points(points: Sequence[Bar], gap: int) -> list[Bar]:
    """Keep a point only when it falls ``gap`` or more days after the last one kept.

    At such a zoom a diamond covers many days, so the ones dropped would only have been drawn
    over each other; the tooltip and zooming in show them.
    """
    kept: list[Bar] = []
    last = None
    for point in points:
        if last is None or point.start - last >= gap:
            kept.append(point)
            last = point.start
    return kept


class RowIndex:
    """The bars of one row, sorted by start, with lazily built level-of-detail runs."""

    __slots__ = ("_point_levels", "_run_levels", "bars", "longest", "points", "starts")

    def __init__(self, bars: list[Bar]) -> None:
        bars.sort(key=lambda bar: (bar.start, bar.end, bar.label))
        self.bars = bars
        self.starts = [bar.start for bar in bars]
        self.longest = max((bar.end - bar.start for bar in bars), default=0)
        self.points = [bar for bar in bars if bar.point]
        self._run_levels: list[Runs] = []
        self._point_levels: dict[int, list[Bar]] = {}

    def __len__(self) -> int:
        return len(self.bars)

    def between(self, first: float, last: float) -> Iterator[Bar]:
        """The bars that share a day with ``[first, last)`` (fractional days allowed)."""
        bars = self.bars
        for index in range(
            bisect_left(self.starts, first - self.longest - 1), bisect_left(self.starts, last)
        ):
            bar = bars[index]
            if bar.end + 1 > first:
                yield bar

    def runs(self, level: int) -> Runs:
        """Spans (points excluded) merged across gaps under ``2**level`` days."""
        level = max(0, min(level, MAX_LEVEL))
        if not self._run_levels:
            spans = [bar for bar in self.bars if not bar.point]
            base = Runs(
                [bar.start for bar in spans],
                [bar.end + 1 for bar in spans],
                [bar.status for bar in spans],
                [1] * len(spans),
            )
            # Level 0 merges only what touches or overlaps with the same status.
            self._run_levels.append(merge_runs(base, 1))
        while len(self._run_levels) <= level:
            below = self._run_levels[-1]
            self._run_levels.append(merge_runs(below, 2 ** len(self._run_levels)))
        return self._run_levels[level]

    def thinned_points(self, gap: int) -> list[Bar]:
        """Points at least ``gap`` days apart (``gap`` a power of two, cached per value)."""
        if gap <= 1:
            return self.points
        found = self._point_levels.get(gap)
        if found is None:
            found = self._point_levels[gap] = thin_points(self.points, gap)
        return found


def level_for(px_per_day: float) -> int:
    """The run level whose gaps are about a pixel at ``px_per_day`` (0 at a pixel a day)."""
    level = 0
    while level < MAX_LEVEL and 2 ** (level + 1) * px_per_day <= 1.0:
        level += 1
    return level


def points_in(points: list[Bar], first: float, last: float) -> list[Bar]:
    """The points (sorted by start) on days ``[first, last)``."""
    lo = bisect_right(points, first - 1, key=_start)
    hi = bisect_left(points, last, key=_start)
    return points[lo:hi]


def _start(bar: Bar) -> int:
    return bar.start
