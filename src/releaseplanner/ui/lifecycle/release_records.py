"""The records of one release after planning: builds and tests, deployments, early-life support
and the post-release review, as four tabs under a release picker.

Every edit becomes one of the services' undoable commands, handed to the window's
``push_command`` (which runs it and puts it on the one undo stack). Forms validate as you type
and only collect values; the view builds the command, shows the service's reason when it is
refused, and says what was done when it ran ("...; PAY-4.1 enters early-life support"). Deleting
a build, test run, deployment or incident asks first (saying what the delete leaves as it was).
The
view reads the records back on the next event-loop turn, once however often it is asked, and
:meth:`ReleaseRecordsView.apply_changes` does the same for undo, redo and edits elsewhere.
Reads are one small session each and run on the GUI thread; exporting the review workbook runs
in the background helper.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.domain.enums import ReleaseStatus
from releaseplanner.domain.errors import UserError
from releaseplanner.services import lifecycle, reviews
from releaseplanner.services.journal import current_actor
from releaseplanner.services.lifecycle_views import (
    ReleaseChoice,
    ReleaseRecords,
    delete_build_run,
    delete_deployment,
    delete_incident,
    delete_test_run,
    deletion_note,
    export_review_workbook,
    release_choices,
    release_records,
    save_review_form,
    touches_records,
)
from releaseplanner.ui.background import BackgroundRunner
from releaseplanner.ui.formatting import format_short_date
from releaseplanner.ui.lifecycle.build_test_dialogs import BuildRunDialog, TestRunDialog
from releaseplanner.ui.lifecycle.deployment_dialogs import DeploymentDialog, IncidentDialog
from releaseplanner.ui.lifecycle.els_tab import EarlyLifeSupportTab
from releaseplanner.ui.lifecycle.records_tabs import (
    BuildsTestsTab,
    DeploymentsTab,
    confirm_delete,
    muted_label,
)
from releaseplanner.ui.lifecycle.review_form import ReviewFormView
from releaseplanner.ui.style import MUTED_TEXT
from releaseplanner.ui.widgets.notice_bar import NoticeBar
from releaseplanner.ui.widgets.status_chip import StatusChipLabel

if TYPE_CHECKING:
    from releaseplanner.services.changes import ChangeSet
    from releaseplanner.services.commands import Command, DeleteRecord
    from releaseplanner.storage.engine import Workspace

PushCommand = Callable[["Command"], bool]
#: Asks where to write the review workbook: (parent, suggested path) → a path, or "".
AskReviewPath = Callable[[QWidget, str], str]
_DONE_TEXT = "#166534"
#: Statuses whose records are worth opening on when no release was asked for, best first.
_OPENING_STATUSES = (
    ReleaseStatus.EARLY_LIFE_SUPPORT,
    ReleaseStatus.DEPLOYING,
    ReleaseStatus.APPROVED,
)


def ask_review_path(parent: QWidget, suggested: str) -> str:
    path, _chosen = QFileDialog.getSaveFileName(
        parent, "Export the review workbook", suggested, "Excel workbook (*.xlsx)"
    )
    if path and not Path(path).suffix:
        path += ".xlsx"
    return path


class ReleaseRecordsView(QWidget):
    """Builds & tests, deployments, early-life support and review of one release at a time.

    Args:
        workspace: the open workspace.
        push_command: runs a command and puts it on the undo stack; False when refused (the
            caller reports why; the view also shows the service's message when building fails).
        today: the day windows and due dates are judged on (a fixed day in tests).
        now: the time forms start from and sign-offs are stamped with.
        ask_path: asks where to export the review workbook (tests pass their own).
    """

    #: The user picked another release in the picker; carries its id.
    release_selected = Signal(object)
    #: An edit made here ran (other views may refresh).
    records_edited = Signal()
    #: The records on screen were read again (after each refresh).
    refreshed = Signal()
    #: The review workbook was written; carries its path.
    review_exported = Signal(str)
    #: Building or running an edit or an export failed; carries the reason.
    failed = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        push_command: PushCommand,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = datetime.now,
        ask_path: AskReviewPath = ask_review_path,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("releaseRecords")
        self._workspace = workspace
        self._push_command = push_command
        self._today = today
        self._now = now
        self._ask_path = ask_path
        self._runner = BackgroundRunner(self)
        self._release_id: str | None = None
        self._records: ReleaseRecords | None = None
        self._choices: list[ReleaseChoice] = []
        self._refresh_scheduled = False
        self._dialog: QDialog | None = None
        self._export_folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )

        self.release_combo = QComboBox()
        self.release_combo.setObjectName("recordsRelease")
        self.release_combo.setMinimumContentsLength(34)
        self.release_combo.activated.connect(self._on_release_combo_activated)
        self.status_chip = StatusChipLabel()
        self.facts_label = muted_label(name="releaseFacts")
        self.flags_label = QLabel()
        self.flags_label.setObjectName("releaseFlags")
        self.flags_label.setStyleSheet("color: #b91c1c; font-weight: 600;")
        self.notice = NoticeBar()
        self.status_label = QLabel()
        self.status_label.setObjectName("recordsStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet(f"color: {MUTED_TEXT};")

        self.builds_tab = BuildsTestsTab()
        self.deployments_tab = DeploymentsTab()
        self.els_tab = EarlyLifeSupportTab(current_actor())
        self.review_tab = ReviewFormView()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("recordsTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.builds_tab, "Builds && tests")
        self.tabs.addTab(self.deployments_tab, "Deployments")
        self.tabs.addTab(self.els_tab, "Early-life support")
        self.tabs.addTab(self.review_tab, "Review")
        self.empty_label = QLabel("No releases yet: plan one in the portfolio first.")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet(f"color: {MUTED_TEXT}; font-size: 11pt; padding: 24px;")
        self._pages = QStackedWidget()
        self._pages.addWidget(self.tabs)
        self._pages.addWidget(self.empty_label)
        self._connect_tabs()

        top = QHBoxLayout()
        caption = QLabel("&Release")
        caption.setBuddy(self.release_combo)
        top.addWidget(caption)
        top.addWidget(self.release_combo)
        top.addWidget(self.status_chip)
        top.addWidget(self.facts_label, 1)
        top.addWidget(self.flags_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self._pages, 1)
        layout.addWidget(self.status_label)
        self.refresh()

    def _connect_tabs(self) -> None:
        self.builds_tab.record_build_requested.connect(self._on_builds_tab_record_build)
        self.builds_tab.record_test_requested.connect(self._on_builds_tab_record_test)
        self.deployments_tab.record_requested.connect(self._on_deployments_tab_record)
        self.deployments_tab.outcome_requested.connect(self._on_deployments_tab_outcome)
        self.els_tab.log_requested.connect(self._on_els_tab_log)
        self.els_tab.edit_requested.connect(self._on_els_tab_edit)
        self.els_tab.resolve_requested.connect(self._on_els_tab_resolve)
        self.els_tab.criterion_added.connect(self._on_els_tab_criterion_added)
        self.els_tab.sign_off_requested.connect(self._on_els_tab_sign_off)
        self.review_tab.save_requested.connect(self._on_review_tab_save)
        self.review_tab.export_requested.connect(self._on_review_tab_export)
        self.builds_tab.delete_build_requested.connect(
            partial(self.delete_record, delete_build_run)
        )
        self.builds_tab.delete_test_requested.connect(partial(self.delete_record, delete_test_run))
        self.deployments_tab.delete_requested.connect(
            partial(self.delete_record, delete_deployment)
        )
        self.els_tab.delete_requested.connect(partial(self.delete_record, delete_incident))

    # -- for the window and tests ----------------------------------------------------------------

    @property
    def records(self) -> ReleaseRecords | None:
        return self._records

    @property
    def active_dialog(self) -> QDialog | None:
        """The record dialog open now, if any (tests fill it in)."""
        return self._dialog

    def release_id(self) -> str | None:
        return self._release_id

    def shutdown(self) -> None:
        """Wait for a running export; call before the workspace is closed."""
        self._runner.wait_for_done()

    # -- what to show ----------------------------------------------------------------------------

    def set_release(self, release_id: str | None) -> None:
        """Show the records of ``release_id`` (None: a release in early-life support, else the
        latest one live, else the first)."""
        if release_id == self._release_id and self._records is not None:
            return
        self._keep_review_draft()
        self._release_id = release_id
        self.refresh()

    def refresh(self) -> None:
        """Read the release list and the shown release's records again."""
        self._refresh_scheduled = False
        self._choices = release_choices(self._workspace, today=self._today())
        known = {c.id for c in self._choices}
        if self._release_id not in known:
            self._release_id = self._opening_release()
        self._fill_release_combo()
        if self._release_id is None:
            self._records = None
            self._pages.setCurrentWidget(self.empty_label)
            self.refreshed.emit()
            return
        self._pages.setCurrentWidget(self.tabs)
        today = self._today()
        records = release_records(self._workspace, self._release_id, today=today)
        self._records = records
        self._show_header(records)
        self.builds_tab.show_records(records)
        self.deployments_tab.show_records(records)
        self.els_tab.show_records(records, today)
        form = reviews.review_form(self._workspace, self._release_id, today=today)
        self.review_tab.show_form(form, records.people)
        self.refreshed.emit()

    def apply_changes(self, changes: ChangeSet) -> None:
        """React to a command's ChangeSet (undo, redo, edits elsewhere)."""
        if touches_records(changes):
            self.schedule_refresh()

    def schedule_refresh(self) -> None:
        """Refresh on the next event-loop turn, once however often it is asked for."""
        if not self._refresh_scheduled:
            self._refresh_scheduled = True
            QTimer.singleShot(0, self, self._on_refresh_timer_timeout)

    def _on_refresh_timer_timeout(self) -> None:
        if self._refresh_scheduled:
            self.refresh()

    def _opening_release(self) -> str | None:
        for status in _OPENING_STATUSES:
            found = next((c for c in self._choices if c.status is status), None)
            if found is not None:
                return found.id
        live = [c for c in self._choices if c.status is ReleaseStatus.CLOSED]
        if live:
            return live[-1].id
        return self._choices[0].id if self._choices else None

    def _fill_release_combo(self) -> None:
        combo = self.release_combo
        combo.blockSignals(True)
        combo.clear()
        for choice in self._choices:
            combo.addItem(f"{choice.label}  ·  {choice.status.label.lower()}", choice.id)
            if choice.flags:
                combo.setItemData(
                    combo.count() - 1, "\n".join(choice.flags), Qt.ItemDataRole.ToolTipRole
                )
        combo.setCurrentIndex(max(0, combo.findData(self._release_id)))
        combo.blockSignals(False)

    def _show_header(self, records: ReleaseRecords) -> None:
        release, kind = records.release, records.release_type.name
        self.status_chip.set_status(release.status.value)
        facts = f"{kind} · go-live planned {format_short_date(release.planned_go_live) or '—'}"
        if release.actual_go_live is not None:
            facts += f", live {format_short_date(release.actual_go_live)}"
        self.facts_label.setText(facts)
        flags = next((c.flags for c in self._choices if c.id == release.id), ())
        self.flags_label.setText("  ·  ".join(f"⚠ {flag}" for flag in flags))

    def _keep_review_draft(self) -> None:
        # Moving to another release keeps what was typed in the review: save it, not drop it.
        if self._records is not None and self.review_tab.is_dirty():
            self.review_tab.save()

    # -- turning requests into commands ----------------------------------------------------------

    def push(self, build: Callable[[Workspace], Command]) -> bool:
        """Build a command (a refusal is shown, not raised), push it, refresh on the next turn."""
        try:
            command = build(self._workspace)
        except UserError as exc:
            self._report(str(exc))
            return False
        if not self._push_command(command):
            return False
        self.notice.clear()
        self.status_label.setStyleSheet(f"color: {_DONE_TEXT};")
        self.status_label.setText(f"✓  {command.text}")
        self.schedule_refresh()
        self.records_edited.emit()
        return True

    def delete_record(
        self, build: Callable[[Workspace, str], DeleteRecord], record_id: str
    ) -> bool:
        """Ask, then delete a build, test run, deployment or incident as one undo step."""
        try:
            command = build(self._workspace, record_id)
            note = deletion_note(self._workspace, command.record_type, record_id)
        except UserError as exc:
            self._report(str(exc))
            return False
        if not confirm_delete(self, command.text, note):
            return False
        return self.push(lambda _ws: command)

    def _report(self, message: str) -> None:
        self.notice.show_message(message)
        self.failed.emit(message)

    def _open(self, dialog: QDialog, on_accepted: Callable[[Any], None]) -> QDialog:
        """Show ``dialog`` window-modal without blocking; ``on_accepted(dialog)`` on OK."""
        if self._dialog is not None:
            self._dialog.reject()
        self._dialog = dialog
        dialog.accepted.connect(partial(on_accepted, dialog))
        dialog.finished.connect(partial(self._on_dialog_finished, dialog))
        dialog.open()
        return dialog

    def _on_dialog_finished(self, dialog: QDialog, _result: int) -> None:
        if self._dialog is dialog:
            self._dialog = None
        dialog.deleteLater()

    def _release(self) -> str:
        assert self._release_id is not None
        return self._release_id

    # -- slots -----------------------------------------------------------------------------------

    def _on_release_combo_activated(self, _index: int) -> None:
        release_id = self.release_combo.currentData()
        if release_id and release_id != self._release_id:
            self.set_release(release_id)
            self.release_selected.emit(release_id)

    def _on_builds_tab_record_build(self, package_id: str) -> None:
        if self._records is None:
            return
        dialog = BuildRunDialog(self._records, package_id or None, now=self._now(), parent=self)
        self._open(
            dialog,
            lambda d: self.push(
                lambda ws: lifecycle.record_build_run(ws, d.package_id(), d.values())
            ),
        )

    def _on_builds_tab_record_test(self, package_id: str) -> None:
        if self._records is None:
            return
        dialog = TestRunDialog(self._records, package_id or None, now=self._now(), parent=self)
        self._open(
            dialog,
            lambda d: self.push(
                lambda ws: lifecycle.record_test_run(ws, d.package_id(), d.values())
            ),
        )

    def _on_deployments_tab_record(self) -> None:
        if self._records is None:
            return
        release_id = self._release()
        dialog = DeploymentDialog(self._records, now=self._now(), parent=self)
        self._open(
            dialog,
            lambda d: self.push(lambda ws: lifecycle.record_deployment(ws, release_id, d.values())),
        )

    def _on_deployments_tab_outcome(self, deployment_id: str) -> None:
        if self._records is None:
            return
        row = next((d for d in self._records.deployments if d.id == deployment_id), None)
        if row is None:
            return
        dialog = DeploymentDialog(self._records, row, now=self._now(), parent=self)
        self._open(
            dialog,
            lambda d: self.push(
                lambda ws: lifecycle.update_deployment(ws, deployment_id, d.values())
            ),
        )

    def _on_els_tab_log(self) -> None:
        if self._records is None:
            return
        dialog = IncidentDialog(self._records, now=self._now(), parent=self)
        self._open(dialog, lambda d: self.push(lambda ws: lifecycle.log_incident(ws, d.values())))

    def _on_els_tab_edit(self, incident_id: str) -> None:
        if self._records is None:
            return
        row = next((i for i in self._records.incidents if i.id == incident_id), None)
        if row is None:
            return
        dialog = IncidentDialog(self._records, row, now=self._now(), parent=self)
        self._open(
            dialog,
            lambda d: self.push(lambda ws: lifecycle.update_incident(ws, incident_id, d.values())),
        )

    def _on_els_tab_resolve(self, incident_id: str) -> None:
        resolved = self._now().replace(second=0, microsecond=0)
        self.push(lambda ws: lifecycle.update_incident(ws, incident_id, {"resolved_at": resolved}))

    def _on_els_tab_criterion_added(self, text: str) -> None:
        release_id = self._release()
        if self.push(lambda ws: reviews.add_els_criterion(ws, release_id, text)):
            self.els_tab.clear_new_criterion()

    def _on_els_tab_sign_off(self, criterion_id: str, met: bool, signer: str) -> None:
        at = self._now().replace(second=0, microsecond=0)
        self.push(
            lambda ws: reviews.sign_off_els_criterion(ws, criterion_id, signer, at=at, met=met)
        )

    def _on_review_tab_save(self, values: dict, new: list, changed: dict, removed: list) -> None:
        release_id = self._release()
        saved = self.push(
            lambda ws: save_review_form(
                ws,
                release_id,
                values,
                new_actions=new,
                changed_actions=changed,
                removed_actions=removed,
            )
        )
        if saved:
            self.review_tab.discard_draft()

    def _on_review_tab_export(self) -> None:
        if self._records is None:
            return
        key = self._records.release.key
        suggested = str(Path(self._export_folder) / f"review-{key}.xlsx")
        path = self._ask_path(self, suggested)
        if path:
            self._export_folder = str(Path(path).parent)
            self.export_review(path)

    def export_review(self, path: str | Path) -> Any:
        """Write the shown release's review workbook in the background; ``review_exported`` or
        ``failed`` follows. Returns the background task (None without a release)."""
        if self._records is None:
            return None
        if self.review_tab.is_dirty():
            self.notice.show_message(
                "The workbook holds the saved review: save to include the changes on screen."
            )
        work = partial(
            export_review_workbook,
            self._workspace,
            self._records.release.key,
            path,
            today=self._today(),
        )
        task = self._runner.run(work, description="Export review")
        task.succeeded.connect(self._on_export_task_succeeded)
        task.failed.connect(self._report)
        return task

    def _on_export_task_succeeded(self, path: Any) -> None:
        self.status_label.setStyleSheet(f"color: {_DONE_TEXT};")
        self.status_label.setText(f"✓  Review exported to {path}")
        self.review_exported.emit(str(path))
