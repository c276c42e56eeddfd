"""The domain's records as plain, immutable dataclasses.

These are what services return and what the UI, the CLI, exchange and charts consume: no
SQLAlchemy, no Qt. Field names equal the storage column names, so storage converts rows
generically (see ``releaseplanner.storage.convert``). Change a record with ``dataclasses.replace``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from releaseplanner.domain.enums import (
    ActionStatus,
    ApprovalDecision,
    ApprovalRole,
    BuildResult,
    ChangeKind,
    ChangeStatus,
    CloseCode,
    ComponentType,
    DependencyKind,
    DeploymentResult,
    EnvironmentTier,
    IncidentCategory,
    IncidentSeverity,
    JournalAction,
    ObjectivesMet,
    PackageStatus,
    ReleaseStatus,
    RiskCategory,
    RiskStatus,
    ScheduleKind,
    ScheduleStatus,
    TestSuite,
    WindowKind,
)

record = dataclass(frozen=True, slots=True, kw_only=True)


@record
class Team:
    id: str
    name: str
    description: str = ""


@record
class Person:
    id: str
    name: str
    email: str = ""
    team_id: str | None = None


@record
class ReleaseType:
    """A level of release (major, minor, patch, emergency) with the numbers its policy sets."""

    id: str
    key: str
    name: str
    lead_time_days: int = 0
    els_days: int = 14
    review_due_days: int = 10
    max_risk_score: int = 60
    min_test_pass_rate: float = 0.95
    requires_backout_plan: bool = True
    may_override_freeze: bool = False
    description: str = ""


@record
class PolicyRule:
    """One rule of a release type's policy; ``code`` names the check, ``parameter`` its setting."""

    id: str
    release_type_id: str
    code: str
    parameter: str = ""
    description: str = ""


@record
class Environment:
    id: str
    name: str
    tier: EnvironmentTier
    sort_order: int = 0

    @property
    def is_production(self) -> bool:
        return self.tier is EnvironmentTier.PRODUCTION


@record
class Release:
    id: str
    key: str
    name: str
    release_type_id: str
    status: ReleaseStatus = ReleaseStatus.PLANNED
    owner_id: str | None = None
    team_id: str | None = None
    planned_start: date | None = None
    planned_go_live: date | None = None
    actual_start: date | None = None
    actual_go_live: date | None = None
    description: str = ""


@record
class ReleasePackage:
    id: str
    release_id: str
    name: str
    status: PackageStatus = PackageStatus.DRAFT
    team_id: str | None = None
    owner_id: str | None = None
    description: str = ""


@record
class Component:
    """A configuration item in the shared catalogue; ``ci_id`` is the CMDB's identifier."""

    id: str
    ci_id: str
    name: str
    type: ComponentType = ComponentType.APPLICATION
    version: str = ""
    owner: str = ""
    parent_id: str | None = None


@record
class PackageComponent:
    """A component changed by a package, from one version to another."""

    id: str
    package_id: str
    component_id: str
    from_version: str = ""
    to_version: str = ""


@record
class ChangeItem:
    id: str
    package_id: str
    ticket_ref: str
    title: str
    kind: ChangeKind = ChangeKind.FEATURE
    status: ChangeStatus = ChangeStatus.OPEN
    created_on: date | None = None


@record
class ScheduleItem:
    id: str
    release_id: str
    name: str
    kind: ScheduleKind
    planned_start: date
    planned_end: date
    package_id: str | None = None
    environment_id: str | None = None
    status: ScheduleStatus = ScheduleStatus.NOT_STARTED
    actual_start: date | None = None
    actual_end: date | None = None
    team_id: str | None = None


@record
class Dependency:
    """``successor`` may start only after ``predecessor`` ends (finish-to-start by default)."""

    id: str
    predecessor_id: str
    successor_id: str
    kind: DependencyKind = DependencyKind.FINISH_TO_START
    lag_days: int = 0


@record
class FreezeWindow:
    """A freeze (no normal changes) or maintenance (changes go here) window, both days included."""

    id: str
    name: str
    start: date
    end: date
    kind: WindowKind = WindowKind.FREEZE
    environment_id: str | None = None  # None: every environment
    reason: str = ""


@record
class Risk:
    id: str
    release_id: str
    title: str
    category: RiskCategory
    likelihood: int
    impact: int
    package_id: str | None = None
    description: str = ""
    owner_id: str | None = None
    mitigation: str = ""
    contingency: str = ""
    status: RiskStatus = RiskStatus.OPEN
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    review_date: date | None = None

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@record
class RiskSnapshot:
    """A release's risk score at one moment: stored, so the trend is history, not a guess."""

    id: str
    release_id: str
    taken_at: datetime
    score: int
    band: str
    breakdown: str = ""  # JSON text of the score's components


@record
class BuildRun:
    id: str
    package_id: str
    number: int
    version: str
    started_at: datetime
    result: BuildResult
    link: str = ""


@record
class TestRun:
    id: str
    package_id: str
    suite: TestSuite
    run_on: date
    passed: int = 0
    failed: int = 0
    blocked: int = 0
    environment_id: str | None = None
    tester: str = ""
    signed_off_by: str = ""

    __test__ = False  # not a pytest test class, despite the name

    @property
    def pass_rate(self) -> float | None:
        executed = self.passed + self.failed + self.blocked
        return self.passed / executed if executed else None


@record
class Approval:
    id: str
    release_id: str
    role: ApprovalRole
    approver: str = ""
    decision: ApprovalDecision = ApprovalDecision.PENDING
    decided_at: datetime | None = None
    comment: str = ""


@record
class Deployment:
    id: str
    release_id: str
    environment_id: str
    planned_start: datetime
    planned_end: datetime
    result: DeploymentResult = DeploymentResult.PLANNED
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    deployed_by: str = ""
    notes: str = ""


@record
class Incident:
    id: str
    title: str
    severity: IncidentSeverity
    opened_at: datetime
    release_id: str | None = None
    category: IncidentCategory = IncidentCategory.DEFECT
    environment_id: str | None = None
    resolved_at: datetime | None = None
    caused_by_release: bool = False
    advice: str = ""


@record
class ElsCriterion:
    """An exit criterion of early-life support, signed off when met."""

    id: str
    release_id: str
    criterion: str
    met: bool = False
    signed_off_by: str = ""
    signed_off_at: datetime | None = None


@record
class Review:
    """A post-release (post-implementation) review of one release."""

    id: str
    release_id: str
    held_on: date | None = None
    facilitator: str = ""
    participants: str = ""
    objectives_met: ObjectivesMet | None = None
    went_well: str = ""
    went_wrong: str = ""
    lessons: str = ""
    close_code: CloseCode | None = None


@record
class ReviewAction:
    id: str
    review_id: str
    description: str
    owner: str = ""
    due_on: date | None = None
    status: ActionStatus = ActionStatus.OPEN


@record
class Baseline:
    id: str
    name: str
    created_at: datetime


@record
class BaselineItem:
    id: str
    baseline_id: str
    schedule_item_id: str
    planned_start: date
    planned_end: date


@record
class JournalEntry:
    """One field of one object changed (or an object created / deleted), never edited afterwards."""

    id: int | None
    at: datetime
    actor: str
    action: JournalAction
    entity: str
    entity_id: str
    operation: str  # the readable name of the use case, e.g. "Rename package"
    field: str = ""
    old_value: str = ""
    new_value: str = ""
    release_id: str | None = None
    source: str = "app"  # app, cli or import
