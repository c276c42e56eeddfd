"""Dependency arrows on the timeline: which to draw, how to route them, which are broken.

Arrows run from the end of the predecessor to the start of the successor: out to the right,
down or up to the successor's row, in from the left. When the successor starts before there is
room for that (a violated or tight link), the arrow drops between the rows and comes back, so
it never crosses the bars it joins. Broken links are red, critical ones the critical colour.
"""

from __future__ import annotations

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import DependencyKind
from releaseplanner.domain.timeline.layout import TimelineLayout
from releaseplanner.domain.timeline.palette import TimelinePalette
from releaseplanner.domain.timeline.primitives import Hit, Layer, Line, Polygon
from releaseplanner.domain.timeline.viewport import Geometry, Marks, ViewState

#: Arrows beyond this many are not drawn: past it a picture shows a hairball, not a plan.
MAX_ARROWS = 800


class Arrows:
    """Draws dependency arrows into ``layer`` (the frame's marks layer)."""

    def __init__(
        self,
        layout: TimelineLayout,
        geo: Geometry,
        state: ViewState,
        marks: Marks,
        palette: TimelinePalette,
        layer: Layer,
    ) -> None:
        self.layout = layout
        self.geo = geo
        self.state = state
        self.marks = marks
        self.palette = palette
        self.over = layer

    def anchor(self, item_id: str) -> tuple[float, float, float] | None:
        """(left x, right x, middle y) of an item's mark, wherever it is (or is being dragged)."""
        bar = self.layout.item_bar.get(item_id)
        if bar is None:
            return None
        start, end = self.marks.preview.get(item_id, (bar.start, bar.end))
        geo, state = self.geo, self.state
        y = geo.y_of(bar.row, state) + geo.row_height * (0.48 if bar.point else 0.45)
        if bar.point:
            cx, half = geo.x_of(start + 0.5, state), geo.row_height * 0.3
            return cx - half, cx + half, y
        return geo.x_of(start, state), geo.x_of(end + 1, state), y

    def draw(self, hits: list[Hit]) -> None:
        """Draw the chosen dependencies: the selection's, the critical chain's, and with
        ``all_arrows`` those leaving every item on screen (up to MAX_ARROWS)."""
        layout, marks = self.layout, self.marks
        chosen: dict[str, dm.Dependency] = {}
        for item_id in marks.arrows_for:
            for dependency in (
                *layout.successors.get(item_id, ()),
                *layout.predecessors.get(item_id, ()),
            ):
                chosen[dependency.id] = dependency
        for item_id in marks.critical:
            for dependency in layout.successors.get(item_id, ()):
                if dependency.successor_id in marks.critical:
                    chosen[dependency.id] = dependency
        if marks.all_arrows:
            for hit in hits:
                if hit.item_id is not None and len(chosen) < MAX_ARROWS:
                    for dependency in layout.successors.get(hit.item_id, ()):
                        chosen[dependency.id] = dependency
        for dependency in list(chosen.values())[:MAX_ARROWS]:
            self._arrow(dependency)

    def _arrow(self, dependency: dm.Dependency) -> None:
        source = self.anchor(dependency.predecessor_id)
        target = self.anchor(dependency.successor_id)
        if source is None or target is None:
            return
        palette, marks = self.palette, self.marks
        colour, width = palette.arrow, 1.3
        if self._violated(dependency):
            colour, width = palette.arrow_violated, 2.0
        elif (
            dependency.predecessor_id in marks.critical
            and dependency.successor_id in marks.critical
        ):
            colour, width = palette.critical, 2.0
        _, sx, sy = source
        ex, _, ey = target
        step = 6.0
        if ex - sx >= 2 * step or abs(ey - sy) < 1:
            points = ((sx, sy), (sx + step, sy), (sx + step, ey), (ex, ey))
        else:
            # Backwards or tight: leave the bar, drop between the rows, come in from the left.
            between = sy + (self.geo.row_height / 2 if ey > sy else -self.geo.row_height / 2)
            points = (
                (sx, sy),
                (sx + step, sy),
                (sx + step, between),
                (ex - step, between),
                (ex - step, ey),
                (ex, ey),
            )
        self.over.lines.append(Line(points, colour, width))
        head = ((ex, ey), (ex - 7, ey - 4.5), (ex - 7, ey + 4.5))
        self.over.shapes.append(Polygon(head, colour))

    def _violated(self, dependency: dm.Dependency) -> bool:
        bars = self.layout.item_bar
        before, after = bars[dependency.predecessor_id], bars[dependency.successor_id]
        b_start, b_end = self.marks.preview.get(before.item_id, (before.start, before.end))
        a_start, a_end = self.marks.preview.get(after.item_id, (after.start, after.end))
        lag = dependency.lag_days
        if dependency.kind is DependencyKind.START_TO_START:
            return a_start < b_start + lag
        if dependency.kind is DependencyKind.FINISH_TO_FINISH:
            return a_end < b_end + lag
        return a_start <= b_end + lag
