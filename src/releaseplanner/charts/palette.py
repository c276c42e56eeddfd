"""Colours and type sizes of the charts, light and dark, in one place.

The band colours run green → yellow → orange → red, the order risk matrices use everywhere, and
are told apart by lightness as well as hue so they survive a washed-out projector and the common
red-green colour-vision deficiency (labels and legends carry the same information in words).
Type is sized for a meeting room: 15 pt on a figure 12.8 inches wide, i.e. about 1/60 of the
width, so text stays the same share of the picture at any export size.
"""

from __future__ import annotations

from dataclasses import dataclass

from releaseplanner.domain.enums import RiskBand

#: Width of every chart in inches; exports pick the dpi that gives the pixels asked for, so the
#: text keeps its share of the picture at every size.
WIDTH_INCHES = 12.8


@dataclass(frozen=True, slots=True)
class ChartPalette:
    name: str
    background: str  # the figure
    surface: str  # inside the axes
    text: str
    muted: str  # secondary text, axis spines
    grid: str
    low: str
    medium: str
    high: str
    critical: str
    accent: str  # the trend line
    threshold: str  # readiness threshold, escalation line
    marker: str  # go-live and today lines
    ready: str
    below: str  # below the readiness threshold, no blocker
    blocked: str
    font_size: float = 15.0
    title_size: float = 21.0
    small_size: float = 13.0

    def band(self, band: RiskBand) -> str:
        """The colour of a risk band."""
        return getattr(self, band.value)


LIGHT = ChartPalette(
    name="light",
    background="#ffffff",
    surface="#ffffff",
    text="#1b1f24",
    muted="#57606a",
    grid="#d8dee4",
    low="#2f9e5b",
    medium="#f2c94c",
    high="#f2994a",
    critical="#c62828",
    accent="#1f5fbf",
    threshold="#1b1f24",
    marker="#6f42c1",
    ready="#2f9e5b",
    below="#f2c94c",
    blocked="#c62828",
)

DARK = ChartPalette(
    name="dark",
    background="#1e1f22",
    surface="#25272b",
    text="#ecedef",
    muted="#a4a9b0",
    grid="#3b3f46",
    low="#3fb56c",
    medium="#e8c04a",
    high="#f0954b",
    critical="#ef5350",
    accent="#6ea8fe",
    threshold="#ecedef",
    marker="#c29ffa",
    ready="#3fb56c",
    below="#e8c04a",
    blocked="#ef5350",
)

PALETTES: dict[str, ChartPalette] = {LIGHT.name: LIGHT, DARK.name: DARK}


def text_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (a '#rrggbb' string), by the WCAG
    relative-luminance rule."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    # Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05); equal at L ≈ 0.179.
    return "#000000" if luminance > 0.179 else "#ffffff"


def mix(colour: str, other: str, strength: float) -> str:
    """``strength`` of ``colour`` blended with the rest of ``other`` (both '#rrggbb')."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = (round(strength * x + (1 - strength) * y) for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)
