"""The release forms: New / Edit release, and Duplicate release (the next one from a template).

They validate as you type with the domain's own rule (``validate_release``) and the workspace's
keys, so OK is only enabled for what the services will accept, and the reason is shown in words
("Planned go-live: 1 Mar 2025 is before the planned start 10 Mar 2025"). The dialogs only collect
values; the editing controller turns them into commands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from releaseplanner.domain import model as dm
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.rules import validate_key, validate_release
from releaseplanner.ui.dialogs.form_support import FormDialog, choice_combo, select_data
from releaseplanner.ui.edit_support import readable_problem, suggest_next_key
from releaseplanner.ui.formatting import format_short_date
from releaseplanner.ui.style import MUTED_TEXT
from releaseplanner.ui.widgets.optional_date_edit import OptionalDateEdit

if TYPE_CHECKING:
    from releaseplanner.services.portfolio import EditChoices

#: Stands in for the id of a release that does not exist yet, while validating the form.
_NEW_ID = "new-release"


@dataclass(frozen=True, slots=True)
class ReleaseFormValues:
    """What the release form holds, ready for ``new_release`` or ``edit_release``."""

    key: str
    name: str
    release_type_id: str
    type_key: str
    owner_id: str | None
    team_id: str | None
    planned_start: date | None
    planned_go_live: date | None
    description: str

    def changes_from(self, release: dm.Release) -> dict[str, object]:
        """The fields that differ from ``release``: what an edit command should change."""
        wanted = {
            "key": self.key,
            "name": self.name,
            "release_type_id": self.release_type_id,
            "owner_id": self.owner_id,
            "team_id": self.team_id,
            "planned_start": self.planned_start,
            "planned_go_live": self.planned_go_live,
            "description": self.description,
        }
        return {name: value for name, value in wanted.items() if getattr(release, name) != value}


def _key_taken(choices: EditChoices, key: str, own_id: str | None) -> bool:
    wanted = key.strip().lower()
    return any(k.lower() == wanted and rid != own_id for rid, k in choices.release_keys.items())


class ReleaseDialog(FormDialog):
    """New release (``release`` None) or Edit release.

    Args:
        choices: the workspace's release types, people, teams and release keys.
        release: the release to edit, or None for a new one.
    """

    def __init__(
        self, choices: EditChoices, release: dm.Release | None = None, parent: QWidget | None = None
    ) -> None:
        title = "New release" if release is None else f"Edit release {release.key}"
        super().__init__(title, parent)
        self.setObjectName("releaseDialog")
        self._choices = choices
        self._release = release

        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("keyEdit")
        self.key_edit.setPlaceholderText("e.g. PAY-4.2")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setPlaceholderText("e.g. Payments 4.2")
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("typeCombo")
        for release_type in choices.release_types:
            self.type_combo.addItem(release_type.name, release_type.id)
        self.owner_combo = choice_combo(
            choices.people, none_text="No owner", object_name="ownerCombo"
        )
        self.team_combo = choice_combo(choices.teams, none_text="No team", object_name="teamCombo")
        self.start_edit = OptionalDateEdit(none_text="Not planned yet")
        self.start_edit.setObjectName("plannedStartEdit")
        self.go_live_edit = OptionalDateEdit(none_text="Not planned yet")
        self.go_live_edit.setObjectName("plannedGoLiveEdit")
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)

        self._form.addRow("&Key", self.key_edit)
        self._form.addRow("&Name", self.name_edit)
        self._form.addRow("&Type", self.type_combo)
        self._form.addRow("&Owner", self.owner_combo)
        self._form.addRow("T&eam", self.team_combo)
        self._form.addRow("Planned &start", self.start_edit)
        self._form.addRow("Planned &go-live", self.go_live_edit)
        self._form.addRow("&Description", self.description_edit)

        if release is not None:
            self._fill(release)
        for edit in (self.key_edit, self.name_edit):
            edit.textChanged.connect(self._on_field_changed)
        for combo in (self.type_combo, self.owner_combo, self.team_combo):
            combo.currentIndexChanged.connect(self._on_field_changed)
        for date_edit in (self.start_edit, self.go_live_edit):
            date_edit.value_changed.connect(self._on_field_changed)
        self._validate()

    def values(self) -> ReleaseFormValues:
        type_id = self.type_combo.currentData() or ""
        type_key = next((t.key for t in self._choices.release_types if t.id == type_id), "")
        return ReleaseFormValues(
            key=self.key_edit.text().strip(),
            name=self.name_edit.text().strip(),
            release_type_id=type_id,
            type_key=type_key,
            owner_id=self.owner_combo.currentData(),
            team_id=self.team_combo.currentData(),
            planned_start=self.start_edit.value(),
            planned_go_live=self.go_live_edit.value(),
            description=self.description_edit.toPlainText().strip(),
        )

    def _fill(self, release: dm.Release) -> None:
        self.key_edit.setText(release.key)
        self.name_edit.setText(release.name)
        select_data(self.type_combo, release.release_type_id)
        select_data(self.owner_combo, release.owner_id)
        select_data(self.team_combo, release.team_id)
        self.start_edit.set_value(release.planned_start)
        self.go_live_edit.set_value(release.planned_go_live)
        self.description_edit.setPlainText(release.description)

    def _on_field_changed(self, *_args: object) -> None:
        self._validate()

    def _validate(self) -> None:
        values = self.values()
        if not values.key:
            self._show_state(None, "Enter a key for the release, e.g. PAY-4.2.")
            return
        if not values.release_type_id:
            self._show_state("This workspace has no release types to choose from.")
            return
        own_id = self._release.id if self._release is not None else None
        if _key_taken(self._choices, values.key, own_id):
            self._show_state(f"Key: a release with key '{values.key}' already exists.")
            return
        if not values.name:
            # Check the key's form first: a bad key is worth knowing before the name is typed.
            try:
                validate_key(values.key)
            except ValidationError as exc:
                self._show_state(readable_problem(str(exc)))
                return
            self._show_state(None, "Enter a name for the release.")
            return
        candidate = dm.Release(
            id=own_id or _NEW_ID,
            key=values.key,
            name=values.name,
            release_type_id=values.release_type_id,
            planned_start=values.planned_start,
            planned_go_live=values.planned_go_live,
            actual_start=self._release.actual_start if self._release else None,
            actual_go_live=self._release.actual_go_live if self._release else None,
        )
        try:
            validate_release(candidate)
        except ValidationError as exc:
            self._show_state(readable_problem(str(exc)))
            return
        self._show_state(None)


@dataclass(frozen=True, slots=True)
class DuplicateValues:
    key: str
    name: str
    shift_days: int


class DuplicateReleaseDialog(FormDialog):
    """Asks for the new release's key and name and how many days later it runs.

    Args:
        source: the release to copy.
        choices: for the keys already taken (the suggested key is the next free one).
        default_shift: the suggested shift in days.
    """

    def __init__(
        self,
        source: dm.Release,
        choices: EditChoices,
        default_shift: int = 28,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Duplicate release {source.key}", parent)
        self.setObjectName("duplicateReleaseDialog")
        self._source = source
        self._choices = choices

        intro = QLabel(
            "Starts the next release from this one: its packages and components (the old "
            "to-version becomes the new from-version) and its schedule, moved by the shift. "
            "Changes, runs, approvals and risks stay with the original."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(f"color: {MUTED_TEXT};")
        self._form.addRow(intro)
        self.key_edit = QLineEdit(suggest_next_key(source.key, choices.release_keys.values()))
        self.key_edit.setObjectName("keyEdit")
        self.name_edit = QLineEdit(source.name)
        self.name_edit.setObjectName("nameEdit")
        self.shift_spin = QSpinBox()
        self.shift_spin.setObjectName("shiftSpin")
        self.shift_spin.setRange(-3650, 3650)
        self.shift_spin.setSuffix(" days")
        self.shift_spin.setValue(default_shift)
        self.preview_label = QLabel()
        self.preview_label.setObjectName("shiftPreview")
        self.preview_label.setStyleSheet(f"color: {MUTED_TEXT};")
        self._form.addRow("New &key", self.key_edit)
        self._form.addRow("New &name", self.name_edit)
        self._form.addRow("&Shift dates by", self.shift_spin)
        self._form.addRow("", self.preview_label)

        self.key_edit.textChanged.connect(self._on_field_changed)
        self.name_edit.textChanged.connect(self._on_field_changed)
        self.shift_spin.valueChanged.connect(self._on_field_changed)
        self._validate()

    def values(self) -> DuplicateValues:
        return DuplicateValues(
            self.key_edit.text().strip(), self.name_edit.text().strip(), self.shift_spin.value()
        )

    def _on_field_changed(self, *_args: object) -> None:
        self._validate()

    def _validate(self) -> None:
        values = self.values()
        self.preview_label.setText(self._preview(values.shift_days))
        if not values.key:
            self._show_state(None, "Enter a key for the new release.")
            return
        if _key_taken(self._choices, values.key, None):
            self._show_state(f"Key: a release with key '{values.key}' already exists.")
            return
        try:
            validate_key(values.key)
        except ValidationError as exc:
            self._show_state(readable_problem(str(exc)))
            return
        if not values.name:
            self._show_state(None, "Enter a name for the new release.")
            return
        self._show_state(None)

    def _preview(self, shift_days: int) -> str:
        go_live = self._source.planned_go_live
        if go_live is None:
            return "The original has no planned go-live; the schedule still moves by the shift."
        moved = go_live + timedelta(days=shift_days)
        return f"Planned go-live {format_short_date(go_live)} → {format_short_date(moved)}"
