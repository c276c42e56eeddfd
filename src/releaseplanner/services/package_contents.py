"""What one release package holds, as plain rows, and the commands that edit its contents.

The package contents panel shows a package's components (from → to versions), its change items,
its latest build and latest test run per suite. Everything is read in one session and returned as
frozen rows with names already resolved, so a table model needs no lookups. Edits are undoable
commands (see ``services.commands``) with texts that name what changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import BuildResult, ComponentType, PackageStatus, TestSuite
from releaseplanner.domain.errors import ValidationError
from releaseplanner.services.commands import BulkCommand, Command, DeleteRecord, EditRecord
from releaseplanner.services.releases import describe_edit
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store

#: The fields of a package's component link that people edit in place.
VERSION_FIELDS = ("from_version", "to_version")
#: Versions are identifiers, not prose; a very long one is a paste gone wrong.
MAX_VERSION_LENGTH = 60
_DIGIT_RUNS = re.compile(r"(\d+)")


@dataclass(frozen=True, slots=True)
class PackageComponentRow:
    """A catalogue component in a package; ``id`` is the link's id (what edits address)."""

    id: str
    component_id: str
    name: str
    ci_id: str
    type: ComponentType
    owner: str
    catalogue_version: str
    from_version: str
    to_version: str


@dataclass(frozen=True, slots=True)
class BuildRunRow:
    number: int
    version: str
    started_at: datetime
    result: BuildResult
    link: str


@dataclass(frozen=True, slots=True)
class TestRunRow:
    """The latest run of one test suite; ``pass_rate`` is None when nothing was executed."""

    suite: TestSuite
    run_on: date
    passed: int
    failed: int
    blocked: int
    pass_rate: float | None
    environment: str
    tester: str
    signed_off_by: str

    __test__ = False  # not a pytest test class, despite the name


@dataclass(frozen=True, slots=True)
class PackageContents:
    """One package and what it holds, read together."""

    package_id: str
    package_name: str
    release_id: str
    release_key: str
    status: PackageStatus
    components: tuple[PackageComponentRow, ...]
    changes: tuple[dm.ChangeItem, ...]
    latest_build: BuildRunRow | None
    build_count: int
    latest_tests: tuple[TestRunRow, ...]
    #: The release type's policy threshold, so a view can flag suites below it.
    min_test_pass_rate: float | None


def read_package_contents(workspace: Workspace, package_id: str) -> PackageContents:
    """Read a package's components, change items, latest build and latest test per suite.

    Components come by name, change items by ticket reference, test runs in suite order.

    Raises:
        NotFoundError: no such package.
    """
    with workspace.session_factory() as session:
        store = Store(session)
        package = store.get(dm.ReleasePackage, package_id)
        release = store.get(dm.Release, package.release_id)
        release_type = store.all(dm.ReleaseType, id=release.release_type_id)
        catalogue = {c.id: c for c in store.all(dm.Component)}
        links = store.all(dm.PackageComponent, package_id=package_id)
        changes = store.all(dm.ChangeItem, package_id=package_id)
        builds = store.all(dm.BuildRun, package_id=package_id)
        tests = store.all(dm.TestRun, package_id=package_id)
        environments = store.names(dm.Environment)
    components = [_component_row(link, catalogue.get(link.component_id)) for link in links]
    return PackageContents(
        package_id=package.id,
        package_name=package.name,
        release_id=release.id,
        release_key=release.key,
        status=package.status,
        components=tuple(sorted(components, key=lambda c: (c.name.lower(), c.ci_id.lower()))),
        changes=tuple(sorted(changes, key=lambda c: natural_key(c.ticket_ref))),
        latest_build=_latest_build(builds),
        build_count=len(builds),
        latest_tests=_latest_tests(tests, environments),
        min_test_pass_rate=release_type[0].min_test_pass_rate if release_type else None,
    )


def edit_component_versions(
    workspace: Workspace, link_id: str, changes: dict[str, Any]
) -> EditRecord:
    """Command to change the from- and/or to-version of a component in a package.

    Raises:
        NotFoundError: no such component link.
        ValidationError: another field, or a version that is too long (named).
    """
    unknown = sorted(set(changes) - set(VERSION_FIELDS))
    if unknown:
        raise ValidationError(f"{unknown[0]}: only from_version and to_version can be edited here")
    cleaned = {name: str(value or "").strip() for name, value in changes.items()}
    for name, value in cleaned.items():
        if len(value) > MAX_VERSION_LENGTH:
            raise ValidationError(f"{name}: longer than {MAX_VERSION_LENGTH} characters")
    with workspace.session_factory() as session:
        store = Store(session)
        link = store.get(dm.PackageComponent, link_id)
        component = store.get(dm.Component, link.component_id)
    return EditRecord(
        workspace,
        dm.PackageComponent,
        link_id,
        cleaned,
        describe_edit(link, cleaned, component.name),
    )


def remove_components(workspace: Workspace, link_ids: Sequence[str]) -> Command:
    """One undo step that takes the given components out of their package.

    Raises:
        ValidationError: nothing to remove.
        NotFoundError: an unknown link id.
    """
    if not link_ids:
        raise ValidationError("component: select a component to remove")
    with workspace.session_factory() as session:
        store = Store(session)
        links = [store.get(dm.PackageComponent, link_id) for link_id in link_ids]
        names = {c.id: c.name for c in store.all(dm.Component)}
        package = store.get(dm.ReleasePackage, links[0].package_id)
    deletes = [
        DeleteRecord(
            workspace,
            dm.PackageComponent,
            link.id,
            f"Remove component '{names.get(link.component_id, link.component_id)}' "
            f"from {package.name}",
        )
        for link in links
    ]
    if len(deletes) == 1:
        return deletes[0]
    return BulkCommand(workspace, deletes, f"Remove {len(deletes)} components from {package.name}")


def remove_change_items(workspace: Workspace, change_ids: Sequence[str]) -> Command:
    """One undo step that deletes the given change items.

    Raises:
        ValidationError: nothing to remove.
        NotFoundError: an unknown change item id.
    """
    if not change_ids:
        raise ValidationError("change: select a change to remove")
    with workspace.session_factory() as session:
        store = Store(session)
        items = [store.get(dm.ChangeItem, change_id) for change_id in change_ids]
        package = store.get(dm.ReleasePackage, items[0].package_id)
    deletes = [
        DeleteRecord(workspace, dm.ChangeItem, item.id, f"Remove change {item.ticket_ref}")
        for item in items
    ]
    if len(deletes) == 1:
        return deletes[0]
    return BulkCommand(workspace, deletes, f"Remove {len(deletes)} changes from {package.name}")


def _component_row(
    link: dm.PackageComponent, component: dm.Component | None
) -> PackageComponentRow:
    # A link always has its component (foreign key), but a row must never crash a whole panel.
    return PackageComponentRow(
        id=link.id,
        component_id=link.component_id,
        name=component.name if component else link.component_id,
        ci_id=component.ci_id if component else "",
        type=component.type if component else ComponentType.APPLICATION,
        owner=component.owner if component else "",
        catalogue_version=component.version if component else "",
        from_version=link.from_version,
        to_version=link.to_version,
    )


def _latest_build(builds: Sequence[dm.BuildRun]) -> BuildRunRow | None:
    if not builds:
        return None
    latest = max(builds, key=lambda b: (b.started_at, b.number))
    return BuildRunRow(
        number=latest.number,
        version=latest.version,
        started_at=latest.started_at,
        result=latest.result,
        link=latest.link,
    )


def _latest_tests(
    runs: Sequence[dm.TestRun], environments: dict[str, str]
) -> tuple[TestRunRow, ...]:
    latest: dict[TestSuite, dm.TestRun] = {}
    for run in runs:
        current = latest.get(run.suite)
        # Same day: the id breaks the tie so the answer does not depend on row order.
        if current is None or (run.run_on, run.id) > (current.run_on, current.id):
            latest[run.suite] = run
    return tuple(
        TestRunRow(
            suite=suite,
            run_on=run.run_on,
            passed=run.passed,
            failed=run.failed,
            blocked=run.blocked,
            pass_rate=run.pass_rate,
            environment=environments.get(run.environment_id or "", ""),
            tester=run.tester,
            signed_off_by=run.signed_off_by,
        )
        for suite in TestSuite
        if (run := latest.get(suite)) is not None
    )


def natural_key(text: str) -> tuple[tuple[int, Any], ...]:
    """A sort key that puts ``PAY-9`` before ``PAY-10``: digit runs compare as numbers."""
    return tuple(
        (1, int(part)) if part.isdigit() else (0, part)
        for part in _DIGIT_RUNS.split(text.lower())
        if part
    )
