"""The register's filter bar: release, package, band, status and overdue review.

The bar sets the filters on the register's proxy itself and says ``changed`` afterwards, so the
view only updates what depends on the rows shown (counts, the empty message). The release
filter also says ``release_activated`` when the *user* picks one, which the dashboard follows;
setting it from code does not, so two views that follow each other never ping-pong.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from releaseplanner.domain.enums import RiskBand, RiskStatus
from releaseplanner.ui.risk.risk_reader import RegisterData
from releaseplanner.ui.risk.risk_register_model import ACTIVE, NO_PACKAGE, RiskFilterProxyModel


class RiskFilterBar(QWidget):
    """Combo boxes and a check box over a :class:`RiskFilterProxyModel`."""

    #: Some filter changed (the proxy has filtered again).
    changed = Signal()
    #: The user picked a release; carries its id, or None for all releases.
    release_activated = Signal(object)

    def __init__(self, proxy: RiskFilterProxyModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._proxy = proxy
        self._data = RegisterData((), (), (), ())
        self.release = QComboBox()
        self.release.setObjectName("releaseFilter")
        self.release.setMinimumContentsLength(12)
        self.release.addItem("All releases", "")
        self.release.currentIndexChanged.connect(self._on_release_index_changed)
        self.release.activated.connect(self._on_release_activated)
        self.package = QComboBox()
        self.package.setObjectName("packageFilter")
        self.package.setMinimumContentsLength(18)
        self.package.currentIndexChanged.connect(self._on_package_index_changed)
        self.band = QComboBox()
        self.band.setObjectName("bandFilter")
        self.band.addItem("Any band", "")
        for band in RiskBand:
            self.band.addItem(band.label, band.value)
        self.band.currentIndexChanged.connect(self._on_band_index_changed)
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.status.addItem("Any status", "")
        self.status.addItem("Active", ACTIVE)
        self.status.setItemData(
            1, "Open, mitigating or occurred: what the heat map counts", Qt.ItemDataRole.ToolTipRole
        )
        for status in RiskStatus:
            self.status.addItem(status.label, status.value)
        self.status.currentIndexChanged.connect(self._on_status_index_changed)
        self.overdue = QCheckBox("Overdue reviews only")
        self.overdue.setObjectName("overdueFilter")
        self.overdue.toggled.connect(self._on_overdue_toggled)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for label, widget in (
            ("&Release", self.release),
            ("&Package", self.package),
            ("&Band", self.band),
            ("&Status", self.status),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
            row.addSpacing(8)
        row.addWidget(self.overdue)
        row.addStretch(1)
        self._fill_packages()

    def release_id(self) -> str | None:
        return self.release.currentData() or None

    def set_data(self, data: RegisterData) -> None:
        """Offer the releases and packages of ``data``, keeping what is picked if still there."""
        self._data = data
        combo, wanted = self.release, self.release.currentData() or ""
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("All releases", "")
        for pick in data.releases:
            combo.addItem(pick.label, pick.id)
        combo.setCurrentIndex(max(combo.findData(wanted), 0))
        combo.blockSignals(False)
        self._proxy.set_filters(release_id=self.release_id())
        self._fill_packages()
        self.changed.emit()

    def set_release(self, release_id: str | None) -> None:
        """Show one release's risks (None: all), without ``release_activated``."""
        self.release.setCurrentIndex(max(self.release.findData(release_id or ""), 0))

    def reset(self, *, keep_release: bool = False) -> None:
        """Every filter back to "any" (the release too, unless ``keep_release``)."""
        if not keep_release:
            self.release.setCurrentIndex(0)
        for combo in (self.package, self.band, self.status):
            combo.setCurrentIndex(0)
        self.overdue.setChecked(False)

    def _fill_packages(self) -> None:
        combo, wanted = self.package, self.package.currentData()
        release_id = self.release_id()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("Any package", None)
        combo.addItem("Whole release (no package)", NO_PACKAGE)
        for pick in self._data.packages:
            if release_id is None:
                combo.addItem(f"{self._data.release_key(pick.release_id)} · {pick.label}", pick.id)
            elif pick.release_id == release_id:
                combo.addItem(pick.label, pick.id)
        combo.setCurrentIndex(max(combo.findData(wanted), 0) if wanted is not None else 0)
        combo.blockSignals(False)
        self._proxy.set_filters(package_id=combo.currentData())

    # -- slots -----------------------------------------------------------------------------------

    def _on_release_index_changed(self, _index: int) -> None:
        self._proxy.set_filters(release_id=self.release_id())
        self._fill_packages()  # a package of another release would hide every row
        self.changed.emit()

    def _on_release_activated(self, _index: int) -> None:
        self.release_activated.emit(self.release_id())

    def _on_package_index_changed(self, _index: int) -> None:
        self._proxy.set_filters(package_id=self.package.currentData())
        self.changed.emit()

    def _on_band_index_changed(self, _index: int) -> None:
        value = self.band.currentData()
        self._proxy.set_filters(band=RiskBand(value) if value else None)
        self.changed.emit()

    def _on_status_index_changed(self, _index: int) -> None:
        value = self.status.currentData()
        status = ACTIVE if value == ACTIVE else RiskStatus(value) if value else None
        self._proxy.set_filters(status=status)
        self.changed.emit()

    def _on_overdue_toggled(self, checked: bool) -> None:
        self._proxy.set_filters(overdue_only=checked)
        self.changed.emit()
