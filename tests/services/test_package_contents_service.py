"""Package contents: rows for the panel, version edits and removals with undo, journal paging."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    BuildResult,
    ChangeKind,
    ComponentType,
    JournalAction,
    TestSuite,
)
from releaseplanner.domain.errors import NotFoundError, ValidationError
from releaseplanner.services import releases as rs
from releaseplanner.services.journal import list_journal
from releaseplanner.services.package_contents import (
    edit_component_versions,
    natural_key,
    read_package_contents,
    remove_change_items,
    remove_components,
)
from releaseplanner.storage.store import Store


def fetch(workspace, record_type, **where):
    with workspace.session_factory() as session:
        return Store(session).all(record_type, **where)


@pytest.fixture
def package(workspace):
    """PAY-4.2 › Payments API with two components, three changes, builds and test runs."""
    release = rs.new_release(workspace, key="PAY-4.2", name="Payments", type_key="minor")
    release.redo()
    created = rs.new_package(workspace, release.records[0].id, "Payments API")
    created.redo()
    package = created.records[0]
    api = dm.Component(id="cmp-api", ci_id="CI-0042", name="Payments API", version="5.1.0")
    vault = dm.Component(
        id="cmp-vault", ci_id="CI-0007", name="Card vault", type=ComponentType.DATABASE_SCHEMA
    )
    env = next(e for e in fetch(workspace, dm.Environment) if e.name == "Test")
    with workspace.session_factory.begin() as session:
        store = Store(session)
        store.add_all(
            [
                api,
                vault,
                dm.PackageComponent(
                    id="pcm-api",
                    package_id=package.id,
                    component_id=api.id,
                    from_version="5.1.0",
                    to_version="5.2.0",
                ),
                dm.PackageComponent(id="pcm-vault", package_id=package.id, component_id=vault.id),
                *(
                    dm.ChangeItem(id=f"chg-{n}", package_id=package.id, ticket_ref=ref, title=t)
                    for n, (ref, t) in enumerate(
                        [("PAY-10", "Refunds"), ("PAY-9", "Retries"), ("PAY-100", "Audit")]
                    )
                ),
                dm.BuildRun(
                    id="bld-1",
                    package_id=package.id,
                    number=41,
                    version="5.2.0-rc1",
                    started_at=datetime(2026, 11, 2, 9),
                    result=BuildResult.FAILED,
                ),
                dm.BuildRun(
                    id="bld-2",
                    package_id=package.id,
                    number=42,
                    version="5.2.0-rc2",
                    started_at=datetime(2026, 11, 3, 9),
                    result=BuildResult.SUCCEEDED,
                ),
                dm.TestRun(
                    id="tst-1",
                    package_id=package.id,
                    suite=TestSuite.UAT,
                    run_on=date(2026, 11, 4),
                    passed=5,
                    failed=5,
                ),
                dm.TestRun(
                    id="tst-2",
                    package_id=package.id,
                    suite=TestSuite.UAT,
                    run_on=date(2026, 11, 6),
                    passed=9,
                    failed=1,
                    environment_id=env.id,
                ),
                dm.TestRun(
                    id="tst-3",
                    package_id=package.id,
                    suite=TestSuite.UNIT,
                    run_on=date(2026, 11, 1),
                    passed=300,
                ),
            ]
        )
    return package


def test_contents_resolve_names_and_pick_the_latest_runs(workspace, package):
    contents = read_package_contents(workspace, package.id)

    assert (contents.package_name, contents.release_key) == ("Payments API", "PAY-4.2")
    assert [(c.name, c.ci_id, c.from_version, c.to_version) for c in contents.components] == [
        ("Card vault", "CI-0007", "", ""),
        ("Payments API", "CI-0042", "5.1.0", "5.2.0"),
    ]
    assert contents.components[1].catalogue_version == "5.1.0"
    # Ticket numbers sort as numbers.
    assert [c.ticket_ref for c in contents.changes] == ["PAY-9", "PAY-10", "PAY-100"]
    assert contents.latest_build.number == 42 and contents.build_count == 2
    assert [(t.suite, t.run_on, t.pass_rate) for t in contents.latest_tests] == [
        (TestSuite.UNIT, date(2026, 11, 1), 1.0),
        (TestSuite.UAT, date(2026, 11, 6), 0.9),
    ]
    assert contents.latest_tests[1].environment == "Test"
    assert contents.min_test_pass_rate is not None


def test_unknown_package_is_named(workspace):
    with pytest.raises(NotFoundError, match="pkg-nope"):
        read_package_contents(workspace, "pkg-nope")


def test_version_edit_is_undoable_and_reads_well(workspace, package):
    command = edit_component_versions(workspace, "pcm-api", {"to_version": " 5.3.0 "})
    assert command.text == "Change to-version of component 'Payments API' to 5.3.0"

    command.redo()
    assert fetch(workspace, dm.PackageComponent, id="pcm-api")[0].to_version == "5.3.0"
    command.undo()
    assert fetch(workspace, dm.PackageComponent, id="pcm-api")[0].to_version == "5.2.0"


def test_only_versions_can_be_edited_and_not_too_long(workspace, package):
    with pytest.raises(ValidationError, match="component_id"):
        edit_component_versions(workspace, "pcm-api", {"component_id": "cmp-vault"})
    with pytest.raises(ValidationError, match="to_version: longer than"):
        edit_component_versions(workspace, "pcm-api", {"to_version": "9" * 61})


def test_removing_components_is_one_step_that_undo_restores(workspace, package):
    single = remove_components(workspace, ["pcm-vault"])
    assert single.text == "Remove component 'Card vault' from Payments API"
    both = remove_components(workspace, ["pcm-api", "pcm-vault"])
    assert both.text == "Remove 2 components from Payments API"

    both.redo()
    assert fetch(workspace, dm.PackageComponent, package_id=package.id) == []
    both.undo()
    restored = fetch(workspace, dm.PackageComponent, package_id=package.id)
    assert {link.id for link in restored} == {"pcm-api", "pcm-vault"}


def test_removing_change_items_is_one_step_that_undo_restores(workspace, package):
    assert remove_change_items(workspace, ["chg-1"]).text == "Remove change PAY-9"
    command = remove_change_items(workspace, ["chg-0", "chg-2"])
    assert command.text == "Remove 2 changes from Payments API"

    command.redo()
    assert [c.id for c in fetch(workspace, dm.ChangeItem, package_id=package.id)] == ["chg-1"]
    command.undo()
    assert len(fetch(workspace, dm.ChangeItem, package_id=package.id)) == 3


def test_nothing_to_remove_is_refused(workspace, package):
    with pytest.raises(ValidationError, match="select a component"):
        remove_components(workspace, [])
    with pytest.raises(ValidationError, match="select a change"):
        remove_change_items(workspace, [])


def test_natural_key_orders_numbers_inside_text():
    refs = ["PAY-100", "pay-9", "PAY-10", "IAM-2", "PAY-10a"]
    assert sorted(refs, key=natural_key) == ["IAM-2", "pay-9", "PAY-10", "PAY-10a", "PAY-100"]


def test_journal_files_package_contents_under_the_release(workspace, package):
    """Change items and components have no release of their own: the journal finds it."""
    rs.new_change_item(workspace, package.id, "PAY-11", "Chargebacks", ChangeKind.FIX).redo()
    edit_component_versions(workspace, "pcm-api", {"to_version": "5.3.0"}).redo()
    remove_change_items(workspace, ["chg-0"]).redo()

    lines = list_journal(workspace, release_key="PAY-4.2")

    assert [(line.action, line.entity) for line in lines[:3]] == [
        (JournalAction.DELETE, "change_item"),
        (JournalAction.UPDATE, "package_component"),
        (JournalAction.CREATE, "change_item"),
    ]
    assert {line.release_key for line in lines} == {"PAY-4.2"}


def test_journal_pages_by_id(workspace, package):
    for number in range(7):
        edit_component_versions(workspace, "pcm-api", {"to_version": f"6.0.{number}"}).redo()
    everything = list_journal(workspace, entity="package_component")

    first = list_journal(workspace, entity="package_component", limit=3)
    second = list_journal(workspace, entity="package_component", limit=3, before_id=first[-1].id)
    rest = list_journal(workspace, entity="package_component", before_id=second[-1].id)

    assert [line.id for line in first + second + rest] == [line.id for line in everything]
    assert len(everything) == 7
