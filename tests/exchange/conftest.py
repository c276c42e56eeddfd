"""Fixtures for the exchange tests: a small demo workspace built once, copied per test, and
helpers that edit an exported workbook the way a colleague would (openpyxl, normal mode)."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from releaseplanner.services.demo import build_demo
from releaseplanner.services.setup import ensure_reference_data
from releaseplanner.storage.engine import open_workspace

TODAY = date(2026, 3, 2)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A demo workspace (scale 1: ten releases), built once per test session."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    workspace = open_workspace(str(path), create=True)
    ensure_reference_data(workspace)
    build_demo(workspace, scale=1, seed=3, today=TODAY)
    workspace.close()  # the last connection checkpoints the WAL into the file we copy
    return path


@pytest.fixture
def plan_path(demo_db, tmp_path) -> Path:
    path = tmp_path / "plan.sqlite"
    shutil.copyfile(demo_db, path)
    return path


@pytest.fixture
def plan_ws(plan_path):
    """An open copy of the demo workspace, private to the test."""
    workspace = open_workspace(str(plan_path))
    yield workspace
    workspace.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class WorkbookEditor:
    """Edits a saved workbook by record id and column header, then saves it (as a person
    would in a spreadsheet program)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book = load_workbook(path)

    def sheet(self, title: str):
        return self.book[title]

    def column(self, title: str, header: str) -> int:
        for cell in self.book[title][1]:
            if cell.value == header:
                return cell.column
        raise KeyError(header)

    def row_of(self, title: str, record_id: str) -> int:
        for cell in self.book[title]["A"]:
            if cell.value == record_id:
                return cell.row
        raise KeyError(record_id)

    def ids(self, title: str) -> list[str]:
        return [c.value for c in self.book[title]["A"][1:] if c.value]

    def get(self, title: str, record_id: str, header: str):
        sheet = self.book[title]
        return sheet.cell(self.row_of(title, record_id), self.column(title, header)).value

    def set(self, title: str, record_id: str, header: str, value) -> int:
        """Set one cell; return its row number."""
        row = self.row_of(title, record_id)
        self.book[title].cell(row, self.column(title, header), value)
        return row

    def delete(self, title: str, record_id: str) -> None:
        self.book[title].delete_rows(self.row_of(title, record_id))

    def append(self, title: str, values: dict) -> int:
        """Add a row with values by header; return its row number."""
        sheet = self.book[title]
        row = sheet.max_row + 1
        for header, value in values.items():
            sheet.cell(row, self.column(title, header), value)
        return row

    def save(self, path: Path | None = None) -> Path:
        target = path or self.path
        self.book.save(target)
        return target


@pytest.fixture
def editor():
    return WorkbookEditor
