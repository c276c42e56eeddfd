"""Render the package contents panel and the Journal view offscreen to PNG.

``python tests/ui/make_contents_screenshots.py [--output DIR] [--all]``

Not a test (pytest collects only ``test_*.py``). Builds the demo workspace in a temporary folder
around a fixed day, makes a few edits through the panel the way a user would (a version bump, a
component added from the catalogue, a change item added and one set to done, a catalogue import)
so the journal has something to show, and saves ``QWidget.grab()`` of both widgets to
``resources/screenshots/package-contents.png`` and ``journal.png``. ``--all`` also writes every
tab and the empty states (``contents-*.png``), for reviewing the widgets by eye.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from releaseplanner.domain.enums import ChangeKind, ChangeStatus
from releaseplanner.services.commands import Command
from releaseplanner.services.demo import build_demo
from releaseplanner.services.portfolio import list_packages
from releaseplanner.services.releases import new_package
from releaseplanner.storage.engine import open_workspace
from releaseplanner.ui.dialogs.component_import_dialog import ComponentImportDialog
from releaseplanner.ui.style import apply_theme
from releaseplanner.ui.views.journal_view import JournalView
from releaseplanner.ui.widgets.package_contents import PackageContentsPanel

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "resources" / "screenshots"
#: A fixed day, so that screenshots taken on different days show the same portfolio.
TODAY = date(2026, 11, 26)
#: A package in build whose components other releases change at the same time.
RELEASE_KEY, PACKAGE_NAME = "IAM-2.9", "Core service"
IMPORT_CSV = (
    "ci_id,name,version,type,owner\n"
    "CI-09001,Fraud scoring,1.0.0,service,Risk team\n"
    "CI-09002,Risk rules,2.1.0,library,Risk team\n"
)


def run(command: Command) -> bool:
    """Stands in for the undo stack: the screenshots need the edits, not their undo."""
    command.redo()
    return True


def save(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"make_contents_screenshots: cannot write {path}")
    print(f"wrote {path} ({widget.width()}x{widget.height()})")


def make_edits(panel: PackageContentsPanel) -> None:
    components, changes = panel.components_tab, panel.changes_tab
    model = components.model
    model.setData(model.index(0, model.TO_VERSION), "5.11.1")
    components.catalogue_combo.setCurrentIndex(0)
    components.to_edit.setText("3.0.0")
    components.add_button.click()
    changes.ticket_edit.setText("IAM-2840")
    changes.title_edit.setText("Rotate signing keys without downtime")
    changes.kind_combo.setCurrentIndex(changes.kind_combo.findData(ChangeKind.CONFIG.value))
    changes.add_button.click()
    status = changes.model.index(1, changes.model.STATUS)
    changes.model.setData(status, ChangeStatus.DONE)


def import_components(workspace, folder: Path) -> None:
    path = folder / "cmdb-export.csv"
    path.write_text(IMPORT_CSV, encoding="utf-8")
    dialog = ComponentImportDialog(workspace, run)
    loop = QEventLoop()
    dialog.preview_ready.connect(loop.quit)
    dialog.preview_file(path)
    loop.exec()
    dialog.apply_button.click()


def save_states(panel: PackageContentsPanel, workspace, release_id: str, output: Path) -> None:
    """Every tab of the busy package, a filter without matches, and an empty package."""
    for number in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(number)
        save(panel, output / f"contents-tab-{number}.png")
    panel.changes_tab.filter_edit.setText("no such ticket")
    panel.tabs.setCurrentIndex(1)
    save(panel, output / "contents-no-match.png")
    empty = new_package(workspace, release_id, "Empty package")
    empty.redo()
    panel.show_package(empty.records[0].id)
    for number in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(number)
        save(panel, output / f"contents-empty-tab-{number}.png")
    panel.components_tab.add_requested.emit(package_component_id(panel), "", "")
    save(panel, output / "contents-error.png")


def package_component_id(panel: PackageContentsPanel) -> str:
    """A component id the panel will refuse to add twice, to show the error banner."""
    panel.components_tab.catalogue_combo.setCurrentIndex(0)
    component_id = panel.components_tab.catalogue_combo.currentData()
    panel.components_tab.add_requested.emit(component_id, "1.0", "1.1")
    return component_id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="folder for the PNG files")
    parser.add_argument("--all", action="store_true", help="also write every tab and state")
    args = parser.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)

    app = QApplication(sys.argv[:1])
    apply_theme(app)
    with tempfile.TemporaryDirectory() as folder:
        workspace = open_workspace(str(Path(folder) / "demo.sqlite"), create=True)
        try:
            build_demo(workspace, scale=1, seed=1, today=TODAY)
            package = next(
                p
                for p in list_packages(workspace)
                if (p.release_key, p.name) == (RELEASE_KEY, PACKAGE_NAME)
            )
            panel = PackageContentsPanel(workspace, run)
            panel.resize(1000, 560)
            panel.show()
            if args.all:
                save(panel, args.output / "contents-nothing-selected.png")
            panel.show_package(package.id)
            make_edits(panel)
            import_components(workspace, Path(folder))
            panel.refresh()
            # The Changes tab, with the change just added selected, shows the most at a glance.
            panel.tabs.setCurrentIndex(1)
            save(panel, args.output / "package-contents.png")
            if args.all:
                save_states(panel, workspace, package.release_id, args.output)

            journal = JournalView(workspace)
            journal.resize(1280, 560)
            journal.show()
            save(journal, args.output / "journal.png")
            panel.close()
            journal.close()
        finally:
            workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
