"""The workspace schema as SQLAlchemy 2 typed ORM classes.

Each table mirrors one record of ``releaseplanner.domain.model`` column for column, so rows
convert to domain records generically. Enumerations are stored as their short string values (not
native database enums) so SQLite and PostgreSQL hold the same text and Alembic never has to alter a
database enum type. Mutable tables carry ``row_version`` (SQLAlchemy's version counter): a save
based on a stale copy fails instead of silently overwriting a colleague's change in a shared
workspace.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from releaseplanner.domain import enums
from releaseplanner.domain import model as dm

# Stable constraint names let Alembic's batch mode (needed on SQLite) find and alter constraints.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(24)


class EnumValue(TypeDecorator[Enum]):
    """Stores a domain enum as its value string and reads it back as the member."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_class: type[Enum]) -> None:
        super().__init__()
        self.enum_class = enum_class

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        return self.enum_class(value).value

    def process_result_value(self, value: Any, dialect: Any) -> Enum | None:
        return None if value is None else self.enum_class(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    #: the domain record this table stores; used by the generic converters
    domain_type: type


class Versioned:
    """Mixin for rows people edit: an optimistic-concurrency counter bumped on every update."""

    row_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.row_version}


def _fk(target: str, *, nullable: bool = True, cascade: bool = False) -> Any:
    ondelete = "CASCADE" if cascade else "SET NULL" if nullable else "RESTRICT"
    return mapped_column(ID, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


class TeamRow(Base):
    __tablename__ = "teams"
    domain_type = dm.Team
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


class PersonRow(Base):
    __tablename__ = "people"
    domain_type = dm.Person
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(200), default="")
    team_id: Mapped[str | None] = _fk("teams.id")


class ReleaseTypeRow(Versioned, Base):
    __tablename__ = "release_types"
    domain_type = dm.ReleaseType
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    lead_time_days: Mapped[int] = mapped_column(Integer, default=0)
    els_days: Mapped[int] = mapped_column(Integer, default=14)
    review_due_days: Mapped[int] = mapped_column(Integer, default=10)
    max_risk_score: Mapped[int] = mapped_column(Integer, default=60)
    min_test_pass_rate: Mapped[float] = mapped_column(Float, default=0.95)
    requires_backout_plan: Mapped[bool] = mapped_column(Boolean, default=True)
    may_override_freeze: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")


class PolicyRuleRow(Base):
    __tablename__ = "policy_rules"
    domain_type = dm.PolicyRule
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    release_type_id: Mapped[str] = _fk("release_types.id", nullable=False, cascade=True)
    code: Mapped[str] = mapped_column(String(60))
    parameter: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")


class EnvironmentRow(Base):
    __tablename__ = "environments"
    domain_type = dm.Environment
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    tier: Mapped[enums.EnvironmentTier] = mapped_column(EnumValue(enums.EnvironmentTier))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class ReleaseRow(Versioned, Base):
    __tablename__ = "releases"
    domain_type = dm.Release
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    release_type_id: Mapped[str] = _fk("release_types.id", nullable=False)
    status: Mapped[enums.ReleaseStatus] = mapped_column(EnumValue(enums.ReleaseStatus), index=True)
    owner_id: Mapped[str | None] = _fk("people.id")
    team_id: Mapped[str | None] = _fk("teams.id")
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_go_live: Mapped[date | None] = mapped_column(Date)
    actual_start: Mapped[date | None] = mapped_column(Date)
    actual_go_live: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")


class PackageRow(Versioned, Base):
    __tablename__ = "release_packages"
    domain_type = dm.ReleasePackage
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    release_id: Mapped[str] = _fk("releases.id", nullable=False, cascade=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[enums.PackageStatus] = mapped_column(EnumValue(enums.PackageStatus))
    team_id: Mapped[str | None] = _fk("teams.id")
    owner_id: Mapped[str | None] = _fk("people.id")
    description: Mapped[str] = mapped_column(Text, default="")


class ComponentRow(Versioned, Base):
    __tablename__ = "components"
    domain_type = dm.Component
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    ci_id: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[enums.ComponentType] = mapped_column(EnumValue(enums.ComponentType))
    version: Mapped[str] = mapped_column(String(60), default="")
    owner: Mapped[str] = mapped_column(String(120), default="")
    parent_id: Mapped[str | None] = _fk("components.id")


class PackageComponentRow(Base):
    __tablename__ = "package_components"
    domain_type = dm.PackageComponent
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    package_id: Mapped[str] = _fk("release_packages.id", nullable=False, cascade=True)
    component_id: Mapped[str] = _fk("components.id", nullable=False)
    from_version: Mapped[str] = mapped_column(String(60), default="")
    to_version: Mapped[str] = mapped_column(String(60), default="")
    __table_args__ = (UniqueConstraint("package_id", "component_id"),)


class ChangeItemRow(Versioned, Base):
    __tablename__ = "change_items"
    domain_type = dm.ChangeItem
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    package_id: Mapped[str] = _fk("release_packages.id", nullable=False, cascade=True)
    ticket_ref: Mapped[str] = mapped_column(String(60), index=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[enums.ChangeKind] = mapped_column(EnumValue(enums.ChangeKind))
    status: Mapped[enums.ChangeStatus] = mapped_column(EnumValue(enums.ChangeStatus))
    created_on: Mapped[date | None] = mapped_column(Date)


class ScheduleItemRow(Versioned, Base):
    __tablename__ = "schedule_items"
    domain_type = dm.ScheduleItem
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    release_id: Mapped[str] = _fk("releases.id", nullable=False, cascade=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[enums.ScheduleKind] = mapped_column(EnumValue(enums.ScheduleKind))
    planned_start: Mapped[date] = mapped_column(Date, index=True)
    planned_end: Mapped[date] = mapped_column(Date)
    package_id: Mapped[str | None] = _fk("release_packages.id", cascade=True)
    environment_id: Mapped[str | None] = _fk("environments.id")
    status: Mapped[enums.ScheduleStatus] = mapped_column(EnumValue(enums.ScheduleStatus))
    actual_start: Mapped[date | None] = mapped_column(Date)
    actual_end: Mapped[date | None] = mapped_column(Date)
    team_id: Mapped[str | None] = _fk("teams.id")


class DependencyRow(Base):
    __tablename__ = "dependencies"
    domain_type = dm.Dependency
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    predecessor_id: Mapped[str] = _fk("schedule_items.id", nullable=False, cascade=True)
    successor_id: Mapped[str] = _fk("schedule_items.id", nullable=False, cascade=True)
    kind: Mapped[enums.DependencyKind] = mapped_column(EnumValue(enums.DependencyKind))
    lag_days: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id"),)


class FreezeWindowRow(Versioned, Base):
    __tablename__ = "freeze_windows"
    domain_type = dm.FreezeWindow
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    kind: Mapped[enums.WindowKind] = mapped_column(EnumValue(enums.WindowKind))
    environment_id: Mapped[str | None] = _fk("environments.id", cascade=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class RiskRow(Versioned, Base):
    __tablename__ = "risks"
    domain_type = dm.Risk
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    release_id: Mapped[str] = _fk("releases.id", nullable=False, cascade=True)
    title: Mapped[str] = mapped_column(String(300))
    category: Mapped[enums.RiskCategory] = mapped_column(EnumValue(enums.RiskCategory))
    likelihood: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    package_id: Mapped[str | None] = _fk("release_packages.id", cascade=True)
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[str | None] = _fk("people.id")
    mitigation: Mapped[str] = mapped_column(Text, default="")
    contingency: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[enums.RiskStatus] = mapped_column(EnumValue(enums.RiskStatus))
    residual_likelihood: Mapped[int | None] = mapped_column(Integer)
    residual_impact: Mapped[int | None] = mapped_column(Integer)
    review_date: Mapped[date | None] = mapped_column(Date)


class RiskSnapshotRow(Base):
    __tablename__ = "risk_snapshots"
    domain_type = dm.RiskSnapshot
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    release_id: Mapped[str] = _fk("releases.id", nullable=False, cascade=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime)
    score: Mapped[int] = mapped_column(Integer)
    band: Mapped[str] = mapped_column(String(16))
    breakdown: Mapped[str] = mapped_column(Text, default="")


class BuildRunRow(Base):
    __tablename__ = "build_runs"
    domain_type = dm.BuildRun
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    package_id: Mapped[str] = _fk("release_packages.id", nullable=False, cascade=True)
    number: Mapped[int] = mapped_column(Integer)
    version: Mapped[str] = mapped_column(String(60))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    result: Mapped[enums.BuildResult] = mapped_column(EnumValue(enums.BuildResult))
    link: Mapped[str] = mapped_column(Text, default="")


class TestRunRow(Base):
    __tablename__ = "test_runs"
    __test__ = False  # not a pytest test class, despite the name
    domain_type = dm.TestRun
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    package_id: Mapped[str] = _fk("release_packages.id", nullable=False, cascade=True)
    suite: Mapped[enums.TestSuite] = mapped_column(EnumValue(enums.TestSuite))
    run_on: Mapped[date] = mapped_column(Date)
    passed: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    blocked: Mapped[int] = mapped_column(Integer, default=0)
    environment_id: Mapped[str | None] = _fk("environments.id")
    tester: Mapped[str] = mapped_column(String(120), default="")
    signed_off_by: Mapped[str] = mapped_column(String(120), default="")


class ApprovalRow(Versioned, Base):
    __tablename__ = "approvals"
    domain_type = dm.Approval
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    release_id: Mapped[str] = _fk("releases.id", nullable=False, cascade=True)
    role: Mapped[enums.ApprovalRole] = mapped_column(EnumValue(enums.ApprovalRole))
    approver: Mapped[str] = mapped_column(String(120), default="")
    decision: Mapped[enums.ApprovalDecision] = mapped_column(EnumValue(enums.ApprovalDecision))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    comment: Mapped[str] = mapped_column(Text, default="")


class DeploymentRow(Versioned, Base):
    __tablename__ = "deployments"
    domain_type = dm.Deployment
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    release_id: Mapped[str] = _fk("releases.id", nullable=False, cascade=True)
    environment_id: Mapped[str] = _fk("environments.id", nullable=False)
    planned_start: Mapped[datetime] = mapped_column(DateTime)
    planned_end: Mapped[datetime] = mapped_column(DateTime)
    result: Mapped[enums.DeploymentResult] = mapped_column(EnumValue(enums.DeploymentResult))
    actual_start: Mapped[datetime | None] = mapped_column(DateTime)
    actual_end: Mapped[datetime | None] = mapped_column(DateTime)
    deployed_by: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class IncidentRow(Versioned, Base):
    __tablename__ = "incidents"
    domain_type = dm.Incident
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    severity: Mapped[enums.IncidentSeverity] = mapped_column(EnumValue(enums.IncidentSeverity))
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    release_id: Mapped[str | None] = _fk("releases.id")
    category: Mapped[enums.IncidentCategory] = mapped_column(EnumValue(enums.IncidentCategory))
    environment_id: Mapped[str | None] = _fk("environments.id")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    caused_by_release: Mapped[bool] = mapped_column(Boolean, default=False)
    advice: Mapped[str] = mapped_column(Text, default="")


class ElsCriterionRow(Base):
    __tablename__ = "els_criteria"
    domain_type = dm.ElsCriterion
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    release_id: Mapped[str] = _fk("releases.id", nullable=False, cascade=True)
    criterion: Mapped[str] = mapped_column(Text)
    met: Mapped[bool] = mapped_column(Boolean, default=False)
    signed_off_by: Mapped[str] = mapped_column(String(120), default="")
    signed_off_at: Mapped[datetime | None] = mapped_column(DateTime)


class ReviewRow(Versioned, Base):
    __tablename__ = "reviews"
    domain_type = dm.Review
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    release_id: Mapped[str] = mapped_column(
        ID, ForeignKey("releases.id", ondelete="CASCADE"), unique=True
    )
    held_on: Mapped[date | None] = mapped_column(Date)
    facilitator: Mapped[str] = mapped_column(String(120), default="")
    participants: Mapped[str] = mapped_column(Text, default="")
    objectives_met: Mapped[enums.ObjectivesMet | None] = mapped_column(
        EnumValue(enums.ObjectivesMet)
    )
    went_well: Mapped[str] = mapped_column(Text, default="")
    went_wrong: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")
    close_code: Mapped[enums.CloseCode | None] = mapped_column(EnumValue(enums.CloseCode))


class ReviewActionRow(Base):
    __tablename__ = "review_actions"
    domain_type = dm.ReviewAction
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    review_id: Mapped[str] = _fk("reviews.id", nullable=False, cascade=True)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(120), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[enums.ActionStatus] = mapped_column(EnumValue(enums.ActionStatus))


class BaselineRow(Base):
    __tablename__ = "baselines"
    domain_type = dm.Baseline
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class BaselineItemRow(Base):
    __tablename__ = "baseline_items"
    domain_type = dm.BaselineItem
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    baseline_id: Mapped[str] = _fk("baselines.id", nullable=False, cascade=True)
    # No foreign key to schedule_items: a baseline must outlive the items it recorded.
    schedule_item_id: Mapped[str] = mapped_column(ID, index=True)
    planned_start: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date] = mapped_column(Date)


class JournalRow(Base):
    """Append-only: the migration adds triggers that refuse UPDATE and DELETE on this table."""

    __tablename__ = "journal"
    domain_type = dm.JournalEntry
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[enums.JournalAction] = mapped_column(EnumValue(enums.JournalAction))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40))
    operation: Mapped[str] = mapped_column(String(300))
    field: Mapped[str] = mapped_column(String(60), default="")
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    # No foreign key: the journal keeps the history of releases that were deleted.
    release_id: Mapped[str | None] = mapped_column(ID, index=True)
    source: Mapped[str] = mapped_column(String(16), default="app")
    __table_args__ = (Index("ix_journal_entity", "entity", "entity_id"),)


TABLE_FOR_RECORD: dict[type, type[Base]] = {
    cls.domain_type: cls
    for cls in Base.__subclasses__()  # type: ignore[misc]
}
