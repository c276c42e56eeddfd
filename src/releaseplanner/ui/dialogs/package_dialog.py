"""The package form: New / Edit package (name, release, team, owner, description).

Like the release form it validates as you type and only collects values; the editing
controller makes the command. A package's release is chosen when it is created; moving it
later is a drag in the tree (its own undoable step).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from releaseplanner.ui.dialogs.form_support import FormDialog, choice_combo, select_data

if TYPE_CHECKING:
    from releaseplanner.domain import model as dm
    from releaseplanner.services.portfolio import Choice, EditChoices


@dataclass(frozen=True, slots=True)
class PackageFormValues:
    release_id: str
    name: str
    team_id: str | None
    owner_id: str | None
    description: str

    def changes_from(self, package: dm.ReleasePackage) -> dict[str, object]:
        """The fields that differ from ``package`` (its release is not edited here)."""
        wanted = {
            "name": self.name,
            "team_id": self.team_id,
            "owner_id": self.owner_id,
            "description": self.description,
        }
        return {name: value for name, value in wanted.items() if getattr(package, name) != value}


class PackageDialog(FormDialog):
    """New package (``package`` None, in ``release_id``) or Edit package.

    Args:
        choices: people and teams of the workspace.
        releases: the releases a new package may go into, as (id, "KEY · name") choices.
        package: the package to edit, or None for a new one.
        release_id: the release a new package goes into by default.
    """

    def __init__(
        self,
        choices: EditChoices,
        releases: Sequence[Choice],
        package: dm.ReleasePackage | None = None,
        release_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "New package" if package is None else f"Edit package {package.name}"
        super().__init__(title, parent)
        self.setObjectName("packageDialog")
        self._package = package

        self.release_combo = QComboBox()
        self.release_combo.setObjectName("releaseCombo")
        for release in releases:
            self.release_combo.addItem(release.name, release.id)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setPlaceholderText("e.g. Payments API")
        self.team_combo = choice_combo(choices.teams, none_text="No team", object_name="teamCombo")
        self.owner_combo = choice_combo(
            choices.people, none_text="No owner", object_name="ownerCombo"
        )
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)

        self._form.addRow("&Release", self.release_combo)
        self._form.addRow("&Name", self.name_edit)
        self._form.addRow("T&eam", self.team_combo)
        self._form.addRow("&Owner", self.owner_combo)
        self._form.addRow("&Description", self.description_edit)

        if package is not None:
            select_data(self.release_combo, package.release_id)
            # Moving a package is a drag in the tree, with its schedule and risks going along.
            self.release_combo.setEnabled(False)
            self.release_combo.setToolTip("Drag the package onto another release to move it")
            self.name_edit.setText(package.name)
            select_data(self.team_combo, package.team_id)
            select_data(self.owner_combo, package.owner_id)
            self.description_edit.setPlainText(package.description)
        elif release_id is not None:
            select_data(self.release_combo, release_id)
        self.name_edit.textChanged.connect(self._on_field_changed)
        self.release_combo.currentIndexChanged.connect(self._on_field_changed)
        self._validate()

    def values(self) -> PackageFormValues:
        return PackageFormValues(
            release_id=self.release_combo.currentData() or "",
            name=self.name_edit.text().strip(),
            team_id=self.team_combo.currentData(),
            owner_id=self.owner_combo.currentData(),
            description=self.description_edit.toPlainText().strip(),
        )

    def _on_field_changed(self, *_args: object) -> None:
        self._validate()

    def _validate(self) -> None:
        values = self.values()
        if not values.release_id:
            self._show_state("Create a release first: a package belongs to a release.")
        elif not values.name:
            self._show_state(None, "Enter a name for the package.")
        else:
            self._show_state(None)
