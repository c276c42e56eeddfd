"""Record build… and Record test run…: forms that validate as you type and only collect values.

The view turns the values into the services' commands (``record_build_run``,
``record_test_run``), which validate again and say why when they refuse. The test run form
shows the pass rate as the counts are typed, against the minimum the release type asks for, so
a tester sees at once whether the run clears the bar.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from releaseplanner.domain.enums import BuildResult, TestSuite
from releaseplanner.ui.dialogs.form_support import FormDialog, select_data
from releaseplanner.ui.lifecycle.form_widgets import (
    DayEdit,
    MomentEdit,
    count_box,
    enum_combo,
    name_edit,
)
from releaseplanner.ui.lifecycle.texts import format_rate

if TYPE_CHECKING:
    from releaseplanner.services.lifecycle_views import ReleaseRecords

NO_PACKAGES = "The release has no packages yet: add one in the portfolio first."


def _package_combo(records: ReleaseRecords, package_id: str | None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("packageCombo")
    for package in records.packages:
        combo.addItem(package.name, package.id)
    if package_id is not None:
        select_data(combo, package_id)
    return combo


class BuildRunDialog(FormDialog):
    """Record a CI build of one of the release's packages.

    Args:
        records: the release's records (packages, builds already recorded).
        package_id: the package picked beforehand (the package filter), if any.
        now: when the form opens; the build's start defaults to it.
    """

    def __init__(
        self,
        records: ReleaseRecords,
        package_id: str | None = None,
        *,
        now: datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Record build of {records.release.key}", parent)
        self.setObjectName("buildRunDialog")
        self._records = records
        self.package_combo = _package_combo(records, package_id)
        self.number_box = count_box(object_name="buildNumber")
        self.number_box.setMinimum(1)
        self.version_edit = QLineEdit()
        self.version_edit.setObjectName("buildVersion")
        self.version_edit.setPlaceholderText("e.g. 2.8.0-rc.3")
        self.started_edit = MomentEdit(now.replace(second=0, microsecond=0))
        self.result_combo = enum_combo(BuildResult, BuildResult.SUCCEEDED, object_name="result")
        self.link_edit = QLineEdit()
        self.link_edit.setPlaceholderText("https://ci.example.com/job/1234 (optional)")
        self._form.addRow("&Package", self.package_combo)
        self._form.addRow("Build &number", self.number_box)
        self._form.addRow("&Version", self.version_edit)
        self._form.addRow("&Started", self.started_edit)
        self._form.addRow("&Result", self.result_combo)
        self._form.addRow("&Link", self.link_edit)
        self.ok_button.setText("Record build")
        self.package_combo.currentIndexChanged.connect(self._on_package_combo_changed)
        for signal in (self.number_box.valueChanged, self.version_edit.textChanged):
            signal.connect(self._on_field_changed)
        self._on_package_combo_changed()
        self.version_edit.setFocus()

    def package_id(self) -> str:
        return self.package_combo.currentData() or ""

    def values(self) -> dict[str, Any]:
        """The build's fields, as ``record_build_run`` takes them."""
        return {
            "number": self.number_box.value(),
            "version": self.version_edit.text().strip(),
            "started_at": self.started_edit.value(),
            "result": BuildResult(self.result_combo.currentData()),
            "link": self.link_edit.text().strip(),
        }

    def _on_package_combo_changed(self, _index: int = 0) -> None:
        if self.package_id():
            self.number_box.setValue(self._records.next_build_number(self.package_id()))
        self._validate()

    def _on_field_changed(self, *_args: object) -> None:
        self._validate()

    def _validate(self) -> None:
        package = self.package_id()
        taken = {b.number for b in self._records.builds if b.package_id == package}
        if not package:
            self._show_state(NO_PACKAGES)
        elif self.number_box.value() in taken:
            self._show_state(
                f"Build #{self.number_box.value()} of {self.package_combo.currentText()} is "
                f"already recorded; the next is #{self._records.next_build_number(package)}."
            )
        elif not self.version_edit.text().strip():
            self._show_state(None, "Enter the version the build produced.")
        else:
            self._show_state(None)


class TestRunDialog(FormDialog):
    """Record a test run of one of the release's packages (suite, environment, counts).

    Args:
        records: the release's records (packages, environments, people, release type).
        package_id: the package picked beforehand, if any.
        now: when the form opens; the run's day defaults to it.
    """

    __test__ = False  # not a pytest test class, despite the name

    def __init__(
        self,
        records: ReleaseRecords,
        package_id: str | None = None,
        *,
        now: datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Record test run of {records.release.key}", parent)
        self.setObjectName("testRunDialog")
        self._minimum = records.release_type.min_test_pass_rate
        self.package_combo = _package_combo(records, package_id)
        self.suite_combo = enum_combo(TestSuite, object_name="suite")
        self.run_on_edit = DayEdit(now.date(), object_name="runOn")
        self.environment_combo = QComboBox()
        self.environment_combo.setObjectName("environment")
        self.environment_combo.addItem("Not recorded", None)
        for environment in records.environments:
            self.environment_combo.addItem(environment.name, environment.id)
        self.tester_edit = name_edit(records.people, placeholder="who ran it")
        self.passed_box = count_box(object_name="passed")
        self.failed_box = count_box(object_name="failed")
        self.blocked_box = count_box(object_name="blocked")
        self.signed_edit = name_edit(records.people, placeholder="leave empty until signed off")
        self._form.addRow("&Package", self.package_combo)
        self._form.addRow("&Suite", self.suite_combo)
        self._form.addRow("Run &on", self.run_on_edit)
        self._form.addRow("&Environment", self.environment_combo)
        self._form.addRow("&Tester", self.tester_edit)
        self._form.addRow("P&assed", self.passed_box)
        self._form.addRow("&Failed", self.failed_box)
        self._form.addRow("&Blocked", self.blocked_box)
        self._form.addRow("Signed off b&y", self.signed_edit)
        self.ok_button.setText("Record test run")
        self.package_combo.currentIndexChanged.connect(self._on_field_changed)
        for box in (self.passed_box, self.failed_box, self.blocked_box):
            box.valueChanged.connect(self._on_field_changed)
        self._validate()

    def package_id(self) -> str:
        return self.package_combo.currentData() or ""

    def values(self) -> dict[str, Any]:
        """The run's fields, as ``record_test_run`` takes them."""
        return {
            "suite": TestSuite(self.suite_combo.currentData()),
            "run_on": self.run_on_edit.value(),
            "environment_id": self.environment_combo.currentData(),
            "tester": self.tester_edit.text().strip(),
            "passed": self.passed_box.value(),
            "failed": self.failed_box.value(),
            "blocked": self.blocked_box.value(),
            "signed_off_by": self.signed_edit.text().strip(),
        }

    def pass_rate_text(self) -> str:
        """The live reading under the form: the pass rate against the type's minimum."""
        passed, failed, blocked = (
            self.passed_box.value(),
            self.failed_box.value(),
            self.blocked_box.value(),
        )
        executed = passed + failed + blocked
        if not executed:
            return "Nothing executed yet: enter the passed, failed and blocked counts."
        rate = passed / executed
        verdict = "meets" if rate >= self._minimum else "is below"
        return (
            f"Pass rate {format_rate(rate)} ({passed:,} of {executed:,} executed) {verdict} "
            f"the {format_rate(self._minimum)} this release type asks for."
        )

    def _on_field_changed(self, *_args: object) -> None:
        self._validate()

    def _validate(self) -> None:
        if not self.package_id():
            self._show_state(NO_PACKAGES)
            return
        # The reading informs; it does not stop a failing run from being recorded.
        self._show_state(None)
        self.problem_label.show_hint(self.pass_rate_text())
