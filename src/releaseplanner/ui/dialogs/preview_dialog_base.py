"""The frame that the file-import dialogs share: choose a file, read it in the background with a
busy bar and a Cancel button, show a preview, apply it with one button.

The component import and the plan-workbook merge preview differ in what they read and how
they show it (a table of rows, a tree of changes); the file picking, the background read and
its cancelling are the same and live here once, so both dialogs behave alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.ui.background import BackgroundRunner, BackgroundTask

if TYPE_CHECKING:
    from releaseplanner.services.commands import Command
    from releaseplanner.storage.engine import Workspace

PushCommand = Callable[["Command"], bool]


class PreviewDialogBase(QDialog):
    """Choose a file, preview it off the GUI thread, apply it.

    Subclasses build their preview widget, call :meth:`_lay_out` with it, and provide
    :meth:`_preview_job`, :meth:`_show_reading`, :meth:`_show_plan` and the ``_on_task_*`` and
    ``_on_apply_clicked`` slots. ``FILE_DIALOG_TITLE`` and ``FILE_FILTER`` set the file dialog.

    Args:
        workspace: the open workspace.
        push_command: runs a command through the undo stack; returns whether it succeeded.
        intro: the rich text above the file row.
        choose_text, choose_name: the text and object name of the Choose button.
        runner: the background runner to read files with (default: one of the dialog's own).
    """

    #: A preview is shown (look at :attr:`plan`).
    preview_ready = Signal()
    #: The file could not be read at all; carries the reason.
    preview_failed = Signal(str)
    #: The import was applied; carries the command's text.
    imported = Signal(str)

    FILE_DIALOG_TITLE = ""
    FILE_FILTER = ""

    def __init__(
        self,
        workspace: Workspace,
        push_command: PushCommand,
        parent: QWidget | None,
        *,
        intro: str,
        choose_text: str,
        choose_name: str,
        runner: BackgroundRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._push_command = push_command
        self._runner = runner or BackgroundRunner(self)
        self._task: BackgroundTask | None = None
        self._plan: Any = None

        self._intro = QLabel(intro)
        self._intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("No file chosen")
        self.choose_button = QPushButton(choose_text)
        self.choose_button.setObjectName(choose_name)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 0)  # busy: reading a file has no useful percentage
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelPreview")
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = self.buttons.addButton(
            "Apply import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setObjectName("applyImport")
        self.apply_button.setEnabled(False)
        self.buttons.accepted.connect(self._on_apply_clicked)
        self.buttons.rejected.connect(self.reject)
        self._progress_widgets = (self.progress_label, self.progress_bar, self.cancel_button)

    def _lay_out(self, preview: QWidget) -> None:
        """Put the widgets in place, with ``preview`` taking the spare height."""
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self._intro)
        layout.addLayout(file_row)
        layout.addLayout(progress_row)
        layout.addWidget(self.summary_label)
        layout.addWidget(preview, 1)
        layout.addWidget(self.buttons)
        self._set_busy(False)

    # -- public --------------------------------------------------------------------------------
    @property
    def plan(self) -> Any:
        """The preview shown, if any."""
        return self._plan

    @property
    def is_busy(self) -> bool:
        return self._task is not None and self._task.is_running

    def preview_file(self, path: Path | str) -> BackgroundTask:
        """Read ``path`` in the background and show what importing it would do."""
        if self._task is not None:
            self._task.cancel()
        path = Path(path)
        self.path_edit.setText(str(path))
        self._show_plan(None)
        task = self._runner.run(self._preview_job(path), description=f"Reading {path.name}")
        task.succeeded.connect(self._on_task_succeeded)
        task.failed.connect(self._on_task_failed)
        task.cancelled.connect(self._on_task_cancelled)
        task.done.connect(lambda: self._set_busy(False))
        self._task = task
        self.progress_label.setText(f"Reading {path.name}…")
        self._show_reading(path)
        self._set_busy(True)
        return task

    def done(self, result: int) -> None:
        # Closing while a file is read: stop waiting for it (the worker's result is dropped).
        if self._task is not None:
            self._task.cancel()
        super().done(result)

    # -- for subclasses ------------------------------------------------------------------------
    def _preview_job(self, path: Path) -> Callable[[], object]:
        """The work that reads ``path`` off the GUI thread; it must not touch the dialog."""
        raise NotImplementedError

    def _show_reading(self, path: Path) -> None:
        """Say that ``path`` is being read where the preview will appear."""
        raise NotImplementedError

    def _show_plan(self, plan: Any) -> None:
        raise NotImplementedError

    def _on_task_succeeded(self, plan: Any) -> None:
        raise NotImplementedError

    def _on_task_failed(self, message: str) -> None:
        raise NotImplementedError

    def _on_task_cancelled(self) -> None:
        raise NotImplementedError

    def _on_apply_clicked(self) -> None:
        raise NotImplementedError

    # -- slots ---------------------------------------------------------------------------------
    def _on_choose_button_clicked(self) -> None:
        start = self.path_edit.text() or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.FILE_DIALOG_TITLE, start, self.FILE_FILTER)
        if path:
            self.preview_file(path)

    def _on_cancel_button_clicked(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _set_busy(self, busy: bool) -> None:
        for widget in self._progress_widgets:
            widget.setVisible(busy)
        self.choose_button.setEnabled(not busy)
        if busy:
            self.apply_button.setEnabled(False)
