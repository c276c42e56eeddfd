"""Colours, line weights and legend of the timeline, shared by the QPainter view and matplotlib.

It lives in the domain package, odd as that is for colours, because it is the one place both
painters may import without pulling in the other's toolkit (charts must not import Qt, and the
view should not load matplotlib to open). Colours are '#rrggbb' strings.

Status colours are told apart by lightness as well as hue (light blue → blue → green, orange,
red, grey), so they survive a washed-out projector and red-green colour blindness; each comes
with the text colour that reads on it (WCAG contrast ≥ 4.5 against the fill).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from releaseplanner.domain.enums import RiskBand, ScheduleKind, ScheduleStatus, WindowKind


@dataclass(frozen=True, slots=True)
class Swatch:
    fill: str
    text: str  # label colour drawn on ``fill``
    edge: str  # outline, a darker shade so light fills keep a crisp edge on white

    @property
    def light(self) -> str:
        """The fill washed halfway to white: support windows, which are watched, not worked."""
        return mix(self.fill, "#ffffff", 0.45)


def mix(colour: str, other: str, strength: float) -> str:
    """``strength`` of ``colour`` blended with the rest of ``other`` (both '#rrggbb')."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = (round(strength * x + (1 - strength) * y) for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def readable_on(colour: str) -> str:
    """Dark or white text, whichever has the higher contrast on ``colour``."""
    dark = LIGHT_TEXT
    return dark if contrast(dark, colour) >= contrast("#ffffff", colour) else "#ffffff"


LIGHT_TEXT = "#1f2933"


def chip_text(colour: str) -> str:
    """Black or white, whichever has the higher contrast on ``colour``: the rule of the band
    chips elsewhere (:func:`releaseplanner.charts.palette.text_on`), so a chip reads the same in
    every view; on the band colours black beats the timeline's dark grey."""
    return "#000000" if contrast("#000000", colour) >= contrast("#ffffff", colour) else "#ffffff"


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two '#rrggbb' colours (1 to 21)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@dataclass(frozen=True, slots=True)
class TimelinePalette:
    """Every colour the timeline paints; painters never invent one."""

    name: str
    background: str
    text: str
    muted: str
    header: str  # header background
    header_strong: str  # the upper header tier
    grid: str
    grid_strong: str
    weekend: str
    zebra: str  # every other row group
    separator: str  # between row groups
    row_header: str
    selected_row: str
    summary: str  # a release's span bracket
    today: str
    freeze: str
    freeze_edge: str
    freeze_text: str
    maintenance: str
    maintenance_edge: str
    maintenance_text: str
    arrow: str
    arrow_violated: str
    critical: str
    selection: str
    ghost: str
    ghost_edge: str
    link: str  # the rubber band while linking two bars
    statuses: dict[ScheduleStatus, Swatch] = field(default_factory=dict)
    severities: dict[str, str] = field(default_factory=dict)  # problem severity value → colour
    risk_bands: dict[RiskBand, str] = field(default_factory=dict)  # a release's band chip

    def status(self, status: ScheduleStatus) -> Swatch:
        return self.statuses[status]


LIGHT = TimelinePalette(
    name="light",
    background="#ffffff",
    text="#1f2933",
    muted="#52606d",
    header="#f1f4f8",
    header_strong="#e4e9f0",
    grid="#e9edf2",
    grid_strong="#c3cbd6",
    weekend="#f5f7fa",
    zebra="#fafbfd",
    separator="#c3cbd6",
    row_header="#f7f9fb",
    selected_row="#e3ecfd",
    summary="#334155",
    today="#d9480f",
    freeze="#fde4e4",
    freeze_edge="#e57373",
    freeze_text="#9b1c1c",
    maintenance="#e2f4e8",
    maintenance_edge="#6bbf85",
    maintenance_text="#1e6b3a",
    arrow="#4b5563",
    arrow_violated="#c62828",
    critical="#7b1fa2",
    selection="#1d4ed8",
    ghost="#b7bec8",
    ghost_edge="#7b8593",
    link="#1d4ed8",
    statuses={
        ScheduleStatus.NOT_STARTED: Swatch("#9ec0ee", "#0f2747", "#4d7fc4"),
        ScheduleStatus.IN_PROGRESS: Swatch("#3470d4", "#ffffff", "#1f4f9e"),
        ScheduleStatus.DONE: Swatch("#1f5f38", "#ffffff", "#123d23"),
        ScheduleStatus.LATE: Swatch("#f0932b", "#1f1300", "#b8620c"),
        ScheduleStatus.BLOCKED: Swatch("#c62828", "#ffffff", "#8e1616"),
        ScheduleStatus.CANCELLED: Swatch("#d5d9df", "#3f4752", "#9aa3af"),
    },
    severities={"high": "#c62828", "medium": "#e07b00", "low": "#7b8593"},
    # The charts' band colours (releaseplanner.charts.palette.LIGHT, which the band chips of the
    # portfolio tree use too), copied because the domain may not import charts; a test keeps
    # the two equal.
    risk_bands={
        RiskBand.LOW: "#2f9e5b",
        RiskBand.MEDIUM: "#f2c94c",
        RiskBand.HIGH: "#f2994a",
        RiskBand.CRITICAL: "#c62828",
    },
)

#: When several items merge into one mark at low zoom, the mark takes the most pressing status.
STATUS_PRIORITY: dict[ScheduleStatus, int] = {
    ScheduleStatus.BLOCKED: 0,
    ScheduleStatus.LATE: 1,
    ScheduleStatus.IN_PROGRESS: 2,
    ScheduleStatus.NOT_STARTED: 3,
    ScheduleStatus.DONE: 4,
    ScheduleStatus.CANCELLED: 5,
}

#: Kinds drawn as diamonds rather than bars.
POINT_KINDS = frozenset({ScheduleKind.MILESTONE, ScheduleKind.REVIEW})


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One entry of the legend: a sample mark (``shape``) in ``colour``, and its words."""

    shape: str  # "bar", "deployment", "support", "diamond", "band", "line", "outline", "ghost",
    # "marker"
    colour: str
    edge: str
    label: str


def legend_entries(palette: TimelinePalette = LIGHT) -> list[LegendEntry]:
    """What the timeline's colours and shapes mean, in reading order."""
    entries = [
        LegendEntry("bar", s.fill, s.edge, status.label) for status, s in palette.statuses.items()
    ]
    neutral = palette.status(ScheduleStatus.NOT_STARTED)
    entries += [
        LegendEntry("deployment", neutral.fill, palette.summary, "Deployment (dark edge)"),
        LegendEntry("support", neutral.fill, neutral.edge, "Early-life support (dashed)"),
        LegendEntry("diamond", neutral.fill, neutral.edge, "Milestone / review"),
        LegendEntry("band", palette.freeze, palette.freeze_edge, WindowKind.FREEZE.label),
        LegendEntry("band", palette.maintenance, palette.maintenance_edge, "Maintenance"),
        LegendEntry("line", palette.today, palette.today, "Today"),
        LegendEntry("outline", "#ffffff", palette.critical, "Critical path"),
        LegendEntry("ghost", palette.ghost, palette.ghost_edge, "Baseline"),
        LegendEntry("marker", palette.severities["high"], palette.severities["high"], "Problem"),
    ]
    return entries
