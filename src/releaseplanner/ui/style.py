"""The look of the app: a light Fusion palette, readable fonts, status colours and the icon.

Everything visual that more than one widget shares lives here, so a colour is chosen once.
The palette is set explicitly rather than inherited from the desktop because a planning tool
is read for hours and its status colours must keep their contrast on every platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from PySide6.QtGui import QColor, QFont, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

#: Text a little larger than Qt's 9 pt default: tables of dates and keys are read, not glanced at.
BASE_POINT_SIZE = 10.0


@dataclass(frozen=True, slots=True)
class ChipColours:
    background: str
    foreground: str


# Keyed by the status *value* (release and package statuses do not share values), so the
# tree and the details pane colour a status the same way without importing the enums.
_STATUS_COLOURS: dict[str, ChipColours] = {
    # Releases, roughly from cool (early) to green (done) with red for failure.
    "planned": ChipColours("#e0e7ff", "#3730a3"),
    "in_build": ChipColours("#ede9fe", "#5b21b6"),
    "in_test": ChipColours("#fef3c7", "#92400e"),
    "approved": ChipColours("#dcfce7", "#166534"),
    "deploying": ChipColours("#cffafe", "#155e75"),
    "early_life_support": ChipColours("#e0f2fe", "#075985"),
    "closed": ChipColours("#e5e7eb", "#374151"),
    "cancelled": ChipColours("#f3f4f6", "#6b7280"),
    "rolled_back": ChipColours("#fee2e2", "#991b1b"),
    # Packages.
    "draft": ChipColours("#f1f5f9", "#475569"),
    "assembling": ChipColours("#ede9fe", "#5b21b6"),
    "ready": ChipColours("#e0e7ff", "#3730a3"),
    "built": ChipColours("#cffafe", "#155e75"),
    "tested": ChipColours("#dcfce7", "#166534"),
    "deployed": ChipColours("#d1fae5", "#065f46"),
    "withdrawn": ChipColours("#fee2e2", "#991b1b"),
}
_UNKNOWN_STATUS = ChipColours("#e5e7eb", "#374151")

#: Secondary text (form labels, hints): grey enough to recede, dark enough for WCAG AA on white.
MUTED_TEXT = "#5b6472"
ACCENT = "#2563eb"
BORDER = "#d7dce3"


def status_colours(status: str) -> ChipColours:
    """The chip colours of a release or package status value (grey for an unknown one)."""
    return _STATUS_COLOURS.get(str(status), _UNKNOWN_STATUS)


def light_palette() -> QPalette:
    """A calm light palette: white content areas on a faintly grey frame, blue selection."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#f4f6f8",
        QPalette.ColorRole.WindowText: "#1f2933",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f7f9fb",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: "#1f2933",
        QPalette.ColorRole.PlaceholderText: "#8a94a3",
        QPalette.ColorRole.Text: "#1f2933",
        QPalette.ColorRole.Button: "#eef1f4",
        QPalette.ColorRole.ButtonText: "#1f2933",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Light: "#ffffff",
        QPalette.ColorRole.Midlight: "#e6e9ee",
        QPalette.ColorRole.Mid: "#c9ced6",
        QPalette.ColorRole.Dark: "#9aa3af",
        QPalette.ColorRole.Shadow: "#6b7280",
        QPalette.ColorRole.Highlight: "#2f6fde",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: ACCENT,
        QPalette.ColorRole.LinkVisited: "#7c3aed",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    disabled = QColor("#9aa3af")
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(app: QApplication) -> None:
    """Fusion style, the light palette and a readable base font, for the whole application."""
    app.setStyle("Fusion")
    app.setPalette(light_palette())
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), BASE_POINT_SIZE))
    app.setFont(font)


def scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    """``base`` resized by ``factor`` (headings), optionally bold."""
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * factor)
    font.setBold(bold)
    return font


def app_icon() -> QIcon:
    """The application icon, drawn from the SVG shipped in ``ui/assets``."""
    data = resources.files("releaseplanner.ui").joinpath("assets/app-icon.svg").read_bytes()
    pixmap = QPixmap()
    # One large rendering is enough: QIcon scales it down smoothly for title bars and docks.
    pixmap.loadFromData(data, "SVG")
    return QIcon(pixmap)
