"""Risk use cases on a real SQLite workspace: scores gathered from the records, journalled edits
with a snapshot in the same transaction, undo, and the data the charts draw."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

import releaseplanner.services.risk as risk_service
from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    ApprovalDecision,
    ApprovalRole,
    ChangeStatus,
    EnvironmentTier,
    JournalAction,
    ReleaseStatus,
    RiskBand,
    RiskCategory,
    ScheduleKind,
    TestSuite,
)
from releaseplanner.domain.errors import NotFoundError, ValidationError
from releaseplanner.domain.ids import new_id
from releaseplanner.services.portfolio import create_release
from releaseplanner.services.risk import (
    create_risk,
    delete_risk,
    delete_risk_command,
    record_snapshot,
    release_risks,
    risk_register,
    update_risk,
    update_risk_command,
)
from releaseplanner.services.risk_charts import (
    heatmap_data,
    portfolio_bars,
    readiness_bars,
    trend_data,
)
from releaseplanner.storage.store import Store

TODAY = date(2026, 11, 26)


@pytest.fixture
def release(workspace):
    """A minor release a week from go-live: one package changing three components (two of them
    in one more package), four change items (one deferred), unit and uat runs (the older unit run
    superseded), a deployment to production and one late build."""
    created, _ = create_release(
        workspace,
        key="PAY-4.2",
        name="Payments 4.2",
        type_key="minor",
        planned_start=TODAY - timedelta(days=40),
        planned_go_live=TODAY + timedelta(days=7),
    )
    with workspace.session_factory.begin() as session:
        store = Store(session)
        environments = {e.tier: e for e in store.all(dm.Environment)}
        packages = [
            dm.ReleasePackage(id=new_id("package"), release_id=created.id, name=name)
            for name in ("Core", "Web")
        ]
        components = [
            dm.Component(id=new_id("component"), ci_id=f"CI-{n}", name=f"c{n}") for n in range(3)
        ]
        links = [
            dm.PackageComponent(id=new_id("package_component"), package_id=p.id, component_id=c.id)
            for p, c in [(packages[0], c) for c in components] + [(packages[1], components[0])]
        ]
        changes = [
            dm.ChangeItem(
                id=new_id("change_item"),
                package_id=packages[0].id,
                ticket_ref=f"PAY-{n}",
                title="change",
                status=ChangeStatus.DEFERRED if n == 0 else ChangeStatus.OPEN,
            )
            for n in range(4)
        ]
        runs = [
            dm.TestRun(
                id=new_id("test_run"),
                package_id=packages[0].id,
                suite=TestSuite(suite),
                run_on=TODAY - timedelta(days=days_ago),
                passed=passed,
                failed=failed,
            )
            for suite, days_ago, passed, failed in [
                ("unit", 9, 10, 90),
                ("unit", 2, 96, 4),
                ("uat", 1, 50, 0),
            ]
        ]
        items = [
            dm.ScheduleItem(
                id=new_id("schedule_item"),
                release_id=created.id,
                name="Deploy",
                kind=ScheduleKind.DEPLOYMENT,
                planned_start=TODAY + timedelta(days=7),
                planned_end=TODAY + timedelta(days=7),
                environment_id=environments[EnvironmentTier.PRODUCTION].id,
            ),
            dm.ScheduleItem(
                id=new_id("schedule_item"),
                release_id=created.id,
                name="Build",
                kind=ScheduleKind.BUILD,
                planned_start=TODAY - timedelta(days=10),
                planned_end=TODAY - timedelta(days=3),
            ),
        ]
        store.add_all([*packages, *components, *links, *changes, *runs, *items])
    return created


def counts(workspace) -> dict[str, int]:
    with workspace.session_factory() as session:
        store = Store(session)
        return {
            "risks": store.count(dm.Risk),
            "journal": store.count(dm.JournalEntry),
            "snapshots": store.count(dm.RiskSnapshot),
        }


def snapshots(workspace, release_id) -> list[dm.RiskSnapshot]:
    with workspace.session_factory() as session:
        found = Store(session).all(dm.RiskSnapshot, release_id=release_id)
    return sorted(found, key=lambda s: (s.taken_at, s.id))


def journal(workspace) -> list[dm.JournalEntry]:
    """The risk entries of the journal, oldest first (creating the release wrote one too)."""
    with workspace.session_factory() as session:
        return list(reversed(Store(session).journal(entity="risk")))


LOCK = {"title": "Schema migration locks orders", "category": "technical", "likelihood": 4}


def test_scores_are_gathered_from_the_workspace(workspace, release):
    (found,) = release_risks(workspace, today=TODAY)
    raw = {c.name: c.raw for c in found.risk.components}
    assert raw["Components changed"] == 3  # distinct across both packages
    assert raw["Change items"] == 3  # the deferred one is left out
    assert raw["Production environments"] == 1
    assert raw["Late schedule items"] == 1
    assert raw["Days to go-live"] == 7
    assert raw["Test pass rate"] == round(146 / 150, 4)  # the 10/90 unit run is superseded
    assert raw["Required suites missing"] == 3  # minor: unit, integration, system, uat, regression
    assert found.readiness.score == 87  # 34.1 passed + 25 executed + 8 covered + 20 no criticals
    assert not found.readiness.ready  # blocked: three required suites were never run
    assert found.readiness.blockers == (
        "required suite 'integration' has no test run",
        "required suite 'regression' has no test run",
        "required suite 'system' has no test run",
    )
    assert found.band_counts == dict.fromkeys(RiskBand, 0)


def test_create_risk_journals_and_snapshots_in_one_transaction(workspace, release):
    risk, changes = create_risk(
        workspace, release.id, {**LOCK, "impact": 5}, source="cli", today=TODAY
    )
    assert changes.created["risk"] == {risk.id}
    (snapshot_id,) = changes.created["risk_snapshot"]
    (entry,) = journal(workspace)
    assert (entry.action, entry.entity, entry.entity_id, entry.source) == (
        JournalAction.CREATE,
        "risk",
        risk.id,
        "cli",
    )
    assert entry.release_id == release.id and "likelihood=4" in entry.new_value
    (snapshot,) = snapshots(workspace, release.id)
    assert snapshot.id == snapshot_id and snapshot.taken_at == entry.at
    (now,) = release_risks(workspace, today=TODAY)
    assert (snapshot.score, snapshot.band) == (now.risk.score, now.risk.band.value)
    breakdown = json.loads(snapshot.breakdown)
    assert breakdown["components"][0] == {
        "name": "Worst open risk",
        "raw": 20,
        "weight": 25,
        "points": 20.0,
        "explanation": "highest likelihood × impact of 1 active risks",
    }


def test_update_risk_journals_each_field_and_the_trend_records_the_change(workspace, release):
    risk, _ = create_risk(workspace, release.id, {**LOCK, "impact": 2}, today=TODAY)
    changes = update_risk(
        workspace, risk.id, {"likelihood": "5", "status": "mitigating"}, today=TODAY
    )
    assert changes.updated == {"risk": {risk.id}} and "risk_snapshot" in changes.created
    updates = [e for e in journal(workspace) if e.action is JournalAction.UPDATE]
    assert {(e.field, e.old_value, e.new_value) for e in updates} == {
        ("likelihood", "4", "5"),
        ("status", "open", "mitigating"),
    }
    first, second = snapshots(workspace, release.id)
    assert second.score > first.score  # 4×2 → 5×2, and the history keeps both


def test_delete_risk_and_undo_restore_it_with_snapshots_each_way(workspace, release):
    risk, _ = create_risk(workspace, release.id, {**LOCK, "impact": 5}, today=TODAY)
    command = delete_risk_command(workspace, risk.id, today=TODAY)
    changes = command.redo()
    assert changes.deleted == {"risk": {risk.id}}
    assert counts(workspace)["risks"] == 0
    command.undo()
    with workspace.session_factory() as session:
        assert Store(session).get(dm.Risk, risk.id) == risk
    scores = [s.score for s in snapshots(workspace, release.id)]
    assert len(scores) == 3 and scores[0] == scores[2] > scores[1]
    assert [e.action for e in journal(workspace)] == [
        JournalAction.CREATE,
        JournalAction.DELETE,
        JournalAction.CREATE,
    ]
    delete_risk(workspace, risk.id, today=TODAY)
    assert counts(workspace) == {"risks": 0, "journal": 5, "snapshots": 4}  # 5: and the release


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"likelihood": 7}, "likelihood: 7 is not a whole number from 1 to 5"),
        ({"residual_impact": 0}, "residual_impact: 0 is not"),
        ({"package_id": "pkg-nowhere"}, "package_id: no package 'pkg-nowhere' in this release"),
        ({"owner_id": "per-nobody"}, "owner_id: no person with id 'per-nobody'"),
        ({"release_id": "rel-other"}, "release_id: not an editable field"),
    ],
)
def test_a_failed_validation_writes_nothing(workspace, release, changes, message):
    risk, _ = create_risk(workspace, release.id, {**LOCK, "impact": 5}, today=TODAY)
    before = counts(workspace)
    with pytest.raises(ValidationError, match=message):
        update_risk(workspace, risk.id, changes, today=TODAY)
    assert counts(workspace) == before
    with workspace.session_factory() as session:
        assert Store(session).get(dm.Risk, risk.id) == risk


def test_create_with_a_missing_field_or_unknown_release_writes_nothing(workspace, release):
    with pytest.raises(ValidationError, match="impact: a new risk needs a impact"):
        create_risk(workspace, release.id, LOCK)
    with pytest.raises(NotFoundError, match="rel-nowhere"):
        create_risk(workspace, "rel-nowhere", {**LOCK, "impact": 1})
    with pytest.raises(NotFoundError, match="rsk-nowhere"):
        update_risk(workspace, "rsk-nowhere", {"impact": 1})
    assert counts(workspace) == {"risks": 0, "journal": 1, "snapshots": 0}  # 1: the release


def test_a_snapshot_that_fails_rolls_back_the_edit_and_its_journal(workspace, release, monkeypatch):
    def broken(_inputs):
        raise RuntimeError("scoring failed")

    monkeypatch.setattr(risk_service, "release_risk_score", broken)
    before = counts(workspace)
    with pytest.raises(RuntimeError):
        create_risk(workspace, release.id, {**LOCK, "impact": 5})
    assert counts(workspace) == before


def test_record_snapshot_stores_the_breakdown(workspace, release):
    snapshot, changes = record_snapshot(workspace, release.id, today=TODAY, conflicts=3)
    assert changes.created == {"risk_snapshot": {snapshot.id}}
    components = {c["name"]: c for c in json.loads(snapshot.breakdown)["components"]}
    assert components["Schedule conflicts"]["points"] == 5.0
    assert snapshots(workspace, release.id) == [snapshot]
    with pytest.raises(NotFoundError):
        record_snapshot(workspace, "rel-nowhere")


def test_register_rows_resolve_names_and_flag_overdue_reviews(workspace, release):
    with workspace.session_factory.begin() as session:
        person = dm.Person(id=new_id("person"), name="Ana Ruiz")
        Store(session).add(person)
    create_risk(
        workspace,
        release.id,
        {
            **LOCK,
            "impact": 5,
            "owner_id": person.id,
            "review_date": TODAY - timedelta(days=1),
            "residual_likelihood": 2,
        },
    )
    create_risk(workspace, release.id, {**LOCK, "title": "Docs late", "impact": 1})
    rows = risk_register(workspace, release_key="pay-4.2", today=TODAY)
    assert [(r.title, r.score, r.band) for r in rows] == [
        ("Schema migration locks orders", 20, RiskBand.CRITICAL),
        ("Docs late", 4, RiskBand.LOW),
    ]
    assert (rows[0].owner, rows[0].residual_score, rows[0].review_overdue) == ("Ana Ruiz", 10, True)
    assert rows[0].category is RiskCategory.TECHNICAL and not rows[1].review_overdue
    with pytest.raises(NotFoundError, match="--release: no release with key 'NOPE'"):
        risk_register(workspace, release_key="NOPE")


def test_chart_data(workspace, release):
    other, _ = create_release(
        workspace, key="ID-2.0", name="Identity", type_key="patch", planned_go_live=TODAY
    )
    closed, _ = create_release(workspace, key="OLD-1.0", name="Old", type_key="patch")
    update_status = {"status": ReleaseStatus.CLOSED}
    with workspace.session_factory.begin() as session:
        store = Store(session)
        store.update(dm.Release, closed.id, update_status)
        store.add(
            dm.Approval(
                id=new_id("approval"),
                release_id=other.id,
                role=ApprovalRole.CAB,
                decision=ApprovalDecision.REJECTED,
            )
        )
    create_risk(workspace, release.id, {**LOCK, "impact": 5, "residual_impact": 2}, today=TODAY)
    create_risk(workspace, release.id, {**LOCK, "impact": 2, "status": "closed"}, today=TODAY)
    create_risk(workspace, other.id, {**LOCK, "likelihood": 1, "impact": 1}, today=TODAY)

    heat = heatmap_data(workspace, release_key="PAY-4.2")
    assert heat.inherent[3][4] == 1 and sum(map(sum, heat.inherent)) == 1  # the closed one: no
    assert heat.residual[3][1] == 1
    assert sum(map(sum, heatmap_data(workspace).inherent)) == 2

    bars = portfolio_bars(workspace, today=TODAY)
    assert [b.label for b in bars] == ["PAY-4.2", "ID-2.0"]  # highest score first, no closed
    assert bars[0].counts == (0, 0, 0, 1) and bars[1].counts == (1, 0, 0, 0)
    assert [b.label for b in portfolio_bars(workspace, release_key="OLD-1.0")] == ["OLD-1.0"]

    ready = readiness_bars(workspace, today=TODAY)
    assert [b.label for b in ready] == ["ID-2.0 · 26 Nov", "PAY-4.2 · 03 Dec"]
    assert ready[0].blockers[0] == "CAB approval rejected" and not ready[0].ready

    trend = trend_data(workspace, "PAY-4.2", today=TODAY)
    assert len(trend.points) == 2 and trend.go_live == TODAY + timedelta(days=7)
    assert trend.max_risk_score == 60 and trend.go_live_label == "planned go-live"
    with pytest.raises(NotFoundError):
        trend_data(workspace, "NOPE")


def test_schedule_conflicts_are_counted_unless_given(workspace, release):
    other, _ = create_release(workspace, key="ID-2.0", name="Identity", type_key="minor")
    with workspace.session_factory.begin() as session:
        store = Store(session)
        production = next(
            e for e in store.all(dm.Environment) if e.tier is EnvironmentTier.PRODUCTION
        )
        store.add(
            dm.ScheduleItem(  # deploys to production on PAY-4.2's deployment day
                id=new_id("schedule_item"),
                release_id=other.id,
                name="Deploy",
                kind=ScheduleKind.DEPLOYMENT,
                planned_start=TODAY + timedelta(days=6),
                planned_end=TODAY + timedelta(days=8),
                environment_id=production.id,
            )
        )

    def conflicts(found):
        return {c.name: c.raw for c in found.risk.components}["Schedule conflicts"]

    (pay,) = release_risks(workspace, release_key="PAY-4.2", today=TODAY)
    assert conflicts(pay) == 1
    (pay,) = release_risks(workspace, release_key="PAY-4.2", today=TODAY, conflicts={})
    assert conflicts(pay) == 0
    snapshot, _ = record_snapshot(workspace, release.id, today=TODAY)
    components = {c["name"]: c for c in json.loads(snapshot.breakdown)["components"]}
    assert components["Schedule conflicts"]["raw"] == 1


def test_risk_edits_with_the_same_merge_key_merge_into_one_undo_step(workspace, release):
    risk, _ = create_risk(workspace, release.id, {**LOCK, "impact": 2}, today=TODAY)
    first = update_risk_command(workspace, risk.id, {"impact": 3}, merge_key="drag", today=TODAY)
    second = update_risk_command(workspace, risk.id, {"impact": 4}, merge_key="drag", today=TODAY)
    first.redo()
    second.redo()
    assert first.merge_with(second)
    first.undo()
    with workspace.session_factory() as session:
        assert Store(session).get(dm.Risk, risk.id).impact == 2
