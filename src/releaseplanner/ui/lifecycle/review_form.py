"""The post-release review of one release: the facts from the records beside the form the
meeting fills in (objectives met, what went well and wrong, lessons, close code, who and when,
follow-up actions).

The form is a draft until Save, which asks for one command writing every change (the review's
fields and the added, edited and removed actions) as one undo step. Typed text is never dropped
silently: when the records change under a dirty form (an incident logged meanwhile), the facts
are refreshed and the draft is kept. A banner says whether the review is due, overdue or held.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ActionStatus, CloseCode, ObjectivesMet
from releaseplanner.services.reviews import ReviewForm
from releaseplanner.ui.formatting import format_date, plural
from releaseplanner.ui.lifecycle.form_widgets import name_edit
from releaseplanner.ui.lifecycle.review_actions import (
    ActionDraft,
    ActionsDraft,
    DueDateDelegate,
    ReviewActionsModel,
    StatusChipDelegate,
)
from releaseplanner.ui.lifecycle.review_facts import facts_html
from releaseplanner.ui.lifecycle.texts import format_variance
from releaseplanner.ui.models.row_table_model import RowRole
from releaseplanner.ui.style import MUTED_TEXT
from releaseplanner.ui.widgets.optional_date_edit import OptionalDateEdit
from releaseplanner.ui.widgets.table_view import PlaceholderTableView

#: The long texts of a review: field, label, what to write.
TEXTS = (
    ("went_well", "What went well", "What to repeat next time"),
    ("went_wrong", "What went wrong", "What hurt, and why"),
    ("lessons", "Lessons learned", "What the next release should do differently"),
)
_BANNER = (
    "QLabel#reviewBanner {{ background: {bg}; color: {fg}; border-radius: 6px;"
    " padding: 6px 10px; }}"
)
_BANNERS = {
    "overdue": ("#fee2e2", "#991b1b"),
    "due": ("#fef3c7", "#78350f"),
    "held": ("#dcfce7", "#166534"),
    "none": ("#eef1f4", "#374151"),
}


class ReviewFormView(QWidget):
    """The review form of the release shown (see the module docstring)."""

    #: Save pressed with changes: (review fields, new actions, changed actions, removed ids).
    save_requested = Signal(dict, list, dict, list)
    #: The user asked for the review workbook.
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewForm")
        self._form: ReviewForm | None = None
        self._actions = ActionsDraft()
        self._loading = False

        self.facts = QTextBrowser()
        self.facts.setObjectName("reviewFacts")
        self.facts.setOpenLinks(False)
        self.facts.setMinimumWidth(380)
        self.banner = QLabel()
        self.banner.setObjectName("reviewBanner")
        self.banner.setWordWrap(True)
        self.held_edit = OptionalDateEdit(none_text="Not held yet")
        self.held_edit.setObjectName("heldOn")
        self.facilitator_edit = name_edit((), placeholder="who ran the meeting")
        self.participants_edit = QLineEdit()
        self.participants_edit.setObjectName("participants")
        self.participants_edit.setPlaceholderText("names, separated by commas")
        self.objectives = QButtonGroup(self)
        self.objective_buttons: dict[ObjectivesMet, QRadioButton] = {}
        for member in ObjectivesMet:
            button = QRadioButton(member.label)
            button.setObjectName(f"objectives_{member.value}")
            self.objectives.addButton(button)
            self.objective_buttons[member] = button
        self.close_combo = QComboBox()
        self.close_combo.setObjectName("closeCode")
        self.close_combo.addItem("Not decided", None)
        for code in CloseCode:
            self.close_combo.addItem(code.label, code.value)
        self.suggestion = QLabel()
        self.suggestion.setStyleSheet(f"color: {MUTED_TEXT};")
        self.texts: dict[str, QPlainTextEdit] = {}
        for field, _label, hint in TEXTS:
            box = QPlainTextEdit()
            box.setObjectName(field)
            box.setPlaceholderText(hint)
            box.setTabChangesFocus(True)
            self.texts[field] = box

        self.actions_model = ReviewActionsModel(self)
        self.actions_model.set_edit_handler(self._on_actions_model_edit)
        self.actions_table = PlaceholderTableView("No follow-up actions. “Add action” adds one.")
        self.actions_table.setObjectName("reviewActionsTable")
        self.actions_table.setModel(self.actions_model)
        self.actions_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.actions_table.set_column_widths({0: 300, 1: 150, 2: 110}, stretch=0)
        self.actions_table.setItemDelegateForColumn(
            ReviewActionsModel.DUE, DueDateDelegate(self.actions_table)
        )
        self.actions_table.setItemDelegateForColumn(
            ReviewActionsModel.STATUS, StatusChipDelegate(self.actions_table)
        )
        self.actions_table.delete_pressed.connect(self.remove_selected_action)
        self.actions_table.setMinimumHeight(150)
        self.add_action_button = QPushButton("Add action")
        self.add_action_button.setObjectName("addActionButton")
        self.add_action_button.clicked.connect(self._on_add_action_button_clicked)
        self.remove_action_button = QPushButton("Remove")
        self.remove_action_button.setObjectName("removeActionButton")
        self.remove_action_button.clicked.connect(self.remove_selected_action)
        self.actions_count = QLabel()
        self.actions_count.setStyleSheet(f"color: {MUTED_TEXT};")
        self.state_label = QLabel()
        self.state_label.setObjectName("reviewState")
        self.state_label.setWordWrap(True)
        self.export_button = QPushButton("Export workbook…")
        self.export_button.setObjectName("exportReviewButton")
        self.export_button.setToolTip(
            "Write the review as a spreadsheet: summary, planned vs actual, incidents, actions "
            "and delivery metrics (the saved review: save first)"
        )
        self.export_button.clicked.connect(self.export_requested)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setObjectName("revertReviewButton")
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton("Save review")
        self.save_button.setObjectName("saveReviewButton")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save the whole review as one undoable step (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

        self._connect_dirty_signals()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.facts)
        splitter.addWidget(self._build_form())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([480, 760])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(splitter)
        self._update_state()

    # -- building ---------------------------------------------------------------------------------

    def _build_form(self) -> QWidget:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        grid.addWidget(QLabel("Held on"), 0, 0)
        grid.addWidget(self.held_edit, 0, 1)
        grid.addWidget(QLabel("Facilitator"), 0, 2)
        grid.addWidget(self.facilitator_edit, 0, 3)
        grid.addWidget(QLabel("Participants"), 1, 0)
        grid.addWidget(self.participants_edit, 1, 1, 1, 3)
        radios = QHBoxLayout()
        for button in self.objective_buttons.values():
            radios.addWidget(button)
        radios.addStretch(1)
        grid.addWidget(QLabel("Objectives met"), 2, 0)
        grid.addLayout(radios, 2, 1)
        grid.addWidget(QLabel("Close code"), 2, 2)
        grid.addWidget(self.close_combo, 2, 3)
        grid.addWidget(self.suggestion, 3, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        texts = QGridLayout()
        texts.setHorizontalSpacing(10)
        for column, (field, label, _hint) in enumerate(TEXTS):
            caption = QLabel(f"<b>{label}</b>")
            caption.setBuddy(self.texts[field])
            texts.addWidget(caption, 0, column)
            texts.addWidget(self.texts[field], 1, column)
            texts.setColumnStretch(column, 1)
        actions_head = QHBoxLayout()
        actions_head.addWidget(QLabel("<b>Follow-up actions</b>"))
        actions_head.addWidget(self.actions_count, 1)
        actions_head.addWidget(self.remove_action_button)
        actions_head.addWidget(self.add_action_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.state_label, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.revert_button)
        bottom.addWidget(self.save_button)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(10)
        layout.addWidget(self.banner)
        layout.addLayout(grid)
        layout.addLayout(texts, 1)
        layout.addLayout(actions_head)
        layout.addWidget(self.actions_table, 1)
        layout.addLayout(bottom)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        scroll.setMinimumWidth(560)
        return scroll

    def _connect_dirty_signals(self) -> None:
        self.held_edit.value_changed.connect(self._on_field_changed)
        self.facilitator_edit.textChanged.connect(self._on_field_changed)
        self.participants_edit.textChanged.connect(self._on_field_changed)
        self.objectives.buttonToggled.connect(self._on_field_changed)
        self.close_combo.currentIndexChanged.connect(self._on_field_changed)
        for box in self.texts.values():
            box.textChanged.connect(self._on_field_changed)
        self.actions_table.selectionModel().currentRowChanged.connect(self._on_field_changed)

    # -- what the form holds ----------------------------------------------------------------------

    @property
    def form(self) -> ReviewForm | None:
        return self._form

    @property
    def actions(self) -> ActionsDraft:
        return self._actions

    def values(self) -> dict[str, Any]:
        """The review's fields as the form holds them, as ``save_review`` takes them."""
        checked = next((m for m, b in self.objective_buttons.items() if b.isChecked()), None)
        code = self.close_combo.currentData()
        values: dict[str, Any] = {
            "held_on": self.held_edit.value(),
            "facilitator": self.facilitator_edit.text().strip(),
            "participants": self.participants_edit.text().strip(),
            "objectives_met": checked,
            "close_code": CloseCode(code) if code else None,
        }
        values.update({field: box.toPlainText().strip() for field, box in self.texts.items()})
        return values

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the saved review (from an empty one before the first)."""
        saved = self._form.review if self._form is not None else None
        base = saved or dm.Review(id="", release_id="")
        return {k: v for k, v in self.values().items() if getattr(base, k) != v}

    def is_dirty(self) -> bool:
        return bool(self.changes()) or self._actions.is_dirty()

    def show_form(self, form: ReviewForm, people: tuple[str, ...] = ()) -> None:
        """Show ``form``; a dirty draft of the same release is kept (only the facts change)."""
        keep = self._form is not None and self._form.release_id == form.release_id
        keep = keep and self.is_dirty()
        self._form = form
        self.facts.setHtml(facts_html(form.prefill, muted=MUTED_TEXT))
        completer = self.facilitator_edit.completer()
        if completer is not None and people:
            completer.model().setStringList(list(people))  # type: ignore[attr-defined]
        self.actions_model.set_today(form.prefill.today)
        self._show_banner()
        self._show_suggestion()
        if not keep:
            self._load(form)
        self._update_state()

    def discard_draft(self) -> None:
        """Forget the draft: the next :meth:`show_form` shows the saved review (after Save)."""
        self._form = None

    def revert(self) -> None:
        if self._form is not None:
            self._load(self._form)
            self._update_state()

    def save(self) -> None:
        """Ask to save the draft (the records view builds and pushes the command)."""
        if self._form is None or not self.is_dirty() or self._actions.problem():
            return
        new, changed, removed = self._actions.changes()
        self.save_requested.emit(self.changes(), new, changed, removed)

    def add_action(self, description: str = "New action") -> ActionDraft:
        """Add an unsaved action and open its description for typing."""
        draft = ActionDraft.new(description)
        self._actions.add(draft)
        self.actions_model.set_rows(self._actions.rows)
        row = self.actions_model.row_number(draft.id)
        if row is not None and self.isVisible():
            index = self.actions_model.index(row, ReviewActionsModel.DESCRIPTION)
            self.actions_table.setCurrentIndex(index)
            self.actions_table.edit(index)
        self._update_state()
        return draft

    def remove_selected_action(self) -> None:
        index = self.actions_table.currentIndex()
        row = index.data(RowRole.ROW) if index.isValid() else None
        if row is None:
            return
        self._actions.remove(row.id)
        self.actions_model.set_rows(self._actions.rows)
        self._update_state()

    # -- internals --------------------------------------------------------------------------------

    def _load(self, form: ReviewForm) -> None:
        review = form.review
        self._loading = True
        try:
            self.held_edit.set_value(review.held_on if review else None)
            self.facilitator_edit.setText(review.facilitator if review else "")
            self.participants_edit.setText(review.participants if review else "")
            self.objectives.setExclusive(False)  # the only way to clear a radio group
            for member, button in self.objective_buttons.items():
                button.setChecked(review is not None and review.objectives_met is member)
            self.objectives.setExclusive(True)
            code = review.close_code.value if review and review.close_code else None
            self.close_combo.setCurrentIndex(max(0, self.close_combo.findData(code)))
            for field, box in self.texts.items():
                box.setPlainText(getattr(review, field) if review else "")
            self._actions = ActionsDraft(form.actions)
            self.actions_model.set_rows(self._actions.rows)
        finally:
            self._loading = False

    def _show_banner(self) -> None:
        assert self._form is not None
        p = self._form.prefill
        due, held = p.review_due, p.review_held_on
        if due is None:
            kind, text = "none", "Not live yet: the review falls due after the go-live."
        elif held is not None:
            late = (held - due).days
            when = f"{format_variance(late)} against {format_date(due)}" if late > 0 else "in time"
            kind, text = "held", f"Review held on {format_date(held)}, {when}."
        elif p.review_overdue:
            days = (p.today - due).days
            kind = "overdue"
            text = (
                f"⚠  Review overdue by {plural(days, 'day')}: it was due on {format_date(due)} "
                f"(go-live + the {p.release_type.lower()} release's review days)."
            )
        else:
            kind, text = "due", f"Review due by {format_date(due)}."
        background, foreground = _BANNERS[kind]
        self.banner.setProperty("state", kind)
        self.banner.setText(text)
        self.banner.setStyleSheet(_BANNER.format(bg=background, fg=foreground))

    def _show_suggestion(self) -> None:
        assert self._form is not None
        code = self._form.prefill.suggested_close_code
        self.suggestion.setText(f"Suggested by the records: {code.label}" if code else "")

    def _update_state(self) -> None:
        has_form = self._form is not None
        problem = self._actions.problem()
        dirty = has_form and self.is_dirty()
        self.save_button.setEnabled(dirty and not problem)
        self.revert_button.setEnabled(dirty)
        self.export_button.setEnabled(has_form)
        self.add_action_button.setEnabled(has_form)
        self.remove_action_button.setEnabled(self.actions_table.currentIndex().isValid())
        count = len(self._actions.rows)
        open_ = sum(1 for r in self._actions.rows if r.status is ActionStatus.OPEN)
        self.actions_count.setText(f"{plural(count, 'action')} · {open_} open" if count else "")
        if problem:
            self.state_label.setStyleSheet("color: #b91c1c; font-weight: 600;")
            self.state_label.setText(f"⚠  {problem}")
        elif dirty:
            self.state_label.setStyleSheet("color: #92400e;")
            self.state_label.setText("Unsaved changes: Save writes them as one undoable step.")
        else:
            self.state_label.setStyleSheet(f"color: {MUTED_TEXT};")
            saved = has_form and self._form is not None and self._form.review is not None
            self.state_label.setText("Saved." if saved else "No review recorded yet.")

    def _on_field_changed(self, *_args: object) -> None:
        if not self._loading:
            self._update_state()

    def _on_actions_model_edit(self, row: ActionDraft, field: str, value: Any) -> bool:
        if field == "description" and not str(value).strip():
            return False  # an action is its description: keep the old one rather than none
        self._actions.update(row.id, field, value)
        self.actions_model.set_rows(self._actions.rows)
        self._update_state()
        return True

    def _on_add_action_button_clicked(self) -> None:
        self.add_action()
