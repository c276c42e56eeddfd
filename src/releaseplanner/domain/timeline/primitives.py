"""The display list: shapes, lines and texts in pixels, grouped in clipped layers.

A painter draws each :class:`Layer` in order: its shapes (rectangles and polygons, in list
order), then its lines, then its texts, all clipped to the layer's rectangle. The QPainter view
and the matplotlib renderer follow exactly that order, which is what makes their pictures the
same. Coordinates grow right and down from the picture's top-left corner, as on a screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float
    fill: str | None
    edge: str | None = None
    width: float = 1.0
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Polygon:
    points: tuple[Point, ...]
    fill: str | None
    edge: str | None = None
    width: float = 1.0


@dataclass(frozen=True, slots=True)
class Line:
    """A straight line or, with more than two points, a polyline."""

    points: tuple[Point, ...]
    colour: str
    width: float = 1.0
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Text:
    """A single line of text; ``y`` is its vertical centre; ``x`` is its left edge, centre or
    right edge by ``align``. ``box`` paints a background behind it (labels over busy rows)."""

    x: float
    y: float
    text: str
    colour: str
    size: float  # pixels
    bold: bool = False
    align: str = "left"  # left | center | right
    box: str | None = None


Shape = Rect | Polygon


@dataclass(slots=True)
class Layer:
    """Shapes, then lines, then texts, clipped to ``clip`` (x0, y0, x1, y1)."""

    name: str
    clip: tuple[float, float, float, float]
    shapes: list[Shape] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.shapes) + len(self.lines) + len(self.texts)


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a bar, diamond or merged run was drawn, for mouse hit tests and tooltips.

    ``item_id`` is None for a run of several merged items (``count`` of them).
    """

    x0: float
    y0: float
    x1: float
    y1: float
    row: int
    item_id: str | None
    point: bool = False
    count: int = 1


@dataclass(slots=True)
class Frame:
    """One picture of the timeline: its layers, where things were drawn, and what is visible."""

    width: float
    height: float
    layers: list[Layer]
    hits: list[Hit]
    expanders: list[tuple[float, float, float, float, int]]  # x0, y0, x1, y1, row
    rows: range  # the rows on screen
    first_day: float  # ordinal at the chart's left edge
    last_day: float  # ordinal at its right edge
    tips: list[tuple[float, float, float, float, str]] = field(default_factory=list)  # x0..y1, text

    def layer(self, name: str) -> Layer:
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(name)

    def texts(self) -> list[str]:
        """Every text drawn, in order (handy for tests and for searching a picture)."""
        return [t.text for layer in self.layers for t in layer.texts]

    def hit_at(self, x: float, y: float, slop: float = 0.0) -> Hit | None:
        """The topmost bar or diamond under (x, y), within ``slop`` pixels sideways."""
        for hit in reversed(self.hits):
            if hit.x0 - slop <= x <= hit.x1 + slop and hit.y0 <= y <= hit.y1:
                return hit
        return None

    def hits_for(self, item_id: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.item_id == item_id]

    def tip_at(self, x: float, y: float) -> str:
        """The tooltip of a row-header mark (a release's risk chip) under (x, y), or ''."""
        for x0, y0, x1, y1, text in self.tips:
            if x0 <= x <= x1 and y0 <= y <= y1:
                return text
        return ""
