"""Enumerations of the release-and-deployment domain.

Every enum stores its *value* (a short, stable, lower-case string) in the database and in
spreadsheets, so renaming a member's label never breaks a saved workspace or an exchanged file.
"""

from __future__ import annotations

from enum import StrEnum


class DomainEnum(StrEnum):
    """A string enum whose value travels in files and whose label is shown to people."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def values(cls) -> list[str]:
        return [member.value for member in cls]

    @classmethod
    def parse(cls, text: str, field: str | None = None) -> DomainEnum:
        """Return the member whose value or label matches ``text`` (case-insensitive).

        Raises:
            ValidationError: naming ``field`` and the allowed values when nothing matches.
        """
        from releaseplanner.domain.errors import ValidationError

        wanted = str(text).strip().lower().replace(" ", "_").replace("-", "_")
        for member in cls:
            if member.value == wanted:
                return member
        allowed = ", ".join(cls.values())
        raise ValidationError(f"{field or cls.__name__}: '{text}' is not one of {allowed}")


class ReleaseStatus(DomainEnum):
    PLANNED = "planned"
    IN_BUILD = "in_build"
    IN_TEST = "in_test"
    APPROVED = "approved"
    DEPLOYING = "deploying"
    EARLY_LIFE_SUPPORT = "early_life_support"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    ROLLED_BACK = "rolled_back"


# The main line of the lifecycle, in order; the side exits are reachable from any open status.
RELEASE_LIFECYCLE: tuple[ReleaseStatus, ...] = (
    ReleaseStatus.PLANNED,
    ReleaseStatus.IN_BUILD,
    ReleaseStatus.IN_TEST,
    ReleaseStatus.APPROVED,
    ReleaseStatus.DEPLOYING,
    ReleaseStatus.EARLY_LIFE_SUPPORT,
    ReleaseStatus.CLOSED,
)
FINISHED_RELEASE_STATUSES = frozenset(
    {ReleaseStatus.CLOSED, ReleaseStatus.CANCELLED, ReleaseStatus.ROLLED_BACK}
)


class PackageStatus(DomainEnum):
    DRAFT = "draft"
    ASSEMBLING = "assembling"
    READY = "ready"
    BUILT = "built"
    TESTED = "tested"
    DEPLOYED = "deployed"
    WITHDRAWN = "withdrawn"


class ComponentType(DomainEnum):
    APPLICATION = "application"
    SERVICE = "service"
    LIBRARY = "library"
    DATABASE_SCHEMA = "database_schema"
    INFRASTRUCTURE = "infrastructure"
    CONFIGURATION = "configuration"
    DOCUMENTATION = "documentation"


class ChangeKind(DomainEnum):
    FEATURE = "feature"
    FIX = "fix"
    CONFIG = "config"
    INFRASTRUCTURE = "infrastructure"


class ChangeStatus(DomainEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    VERIFIED = "verified"
    DEFERRED = "deferred"


class EnvironmentTier(DomainEnum):
    DEV = "dev"
    TEST = "test"
    STAGING = "staging"
    PRODUCTION = "production"


class ScheduleKind(DomainEnum):
    BUILD = "build"
    TEST = "test"
    DEPLOYMENT = "deployment"
    MILESTONE = "milestone"
    FREEZE = "freeze"
    EARLY_LIFE_SUPPORT = "early_life_support"
    REVIEW = "review"


class ScheduleStatus(DomainEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    LATE = "late"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"


class DependencyKind(DomainEnum):
    FINISH_TO_START = "finish_to_start"
    START_TO_START = "start_to_start"
    FINISH_TO_FINISH = "finish_to_finish"


class WindowKind(DomainEnum):
    FREEZE = "freeze"
    MAINTENANCE = "maintenance"


class RiskCategory(DomainEnum):
    TECHNICAL = "technical"
    SCHEDULE = "schedule"
    RESOURCE = "resource"
    BUSINESS = "business"
    SECURITY = "security"
    COMPLIANCE = "compliance"
    OPERATIONAL = "operational"


class RiskStatus(DomainEnum):
    OPEN = "open"
    MITIGATING = "mitigating"
    ACCEPTED = "accepted"
    CLOSED = "closed"
    OCCURRED = "occurred"


class RiskBand(DomainEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class BuildResult(DomainEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    RUNNING = "running"


class TestSuite(DomainEnum):
    UNIT = "unit"
    INTEGRATION = "integration"
    SYSTEM = "system"
    UAT = "uat"
    PERFORMANCE = "performance"
    SECURITY = "security"
    REGRESSION = "regression"

    @property
    def label(self) -> str:
        return "UAT" if self is TestSuite.UAT else super().label

    __test__ = False  # not a pytest test class, despite the name


class ApprovalRole(DomainEnum):
    CAB = "cab"
    ECAB = "ecab"
    BUSINESS_OWNER = "business_owner"
    SECURITY = "security"
    OPERATIONS = "operations"
    QA = "qa"

    @property
    def label(self) -> str:
        return {"cab": "CAB", "ecab": "ECAB", "qa": "QA"}.get(self.value, super().label)


class ApprovalDecision(DomainEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    DEFERRED = "deferred"


class DeploymentResult(DomainEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    SUCCEEDED = "succeeded"
    SUCCEEDED_WITH_ISSUES = "succeeded_with_issues"
    FAILED = "failed"
    ROLLED_BACK = "rolled_back"


class IncidentSeverity(DomainEnum):
    SEV1 = "sev1"
    SEV2 = "sev2"
    SEV3 = "sev3"
    SEV4 = "sev4"

    @property
    def label(self) -> str:
        return self.value.upper()


class IncidentCategory(DomainEnum):
    QUERY = "query"
    ENVIRONMENT = "environment"
    DATA = "data"
    DEFECT = "defect"
    ENHANCEMENT = "enhancement"


class ObjectivesMet(DomainEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class CloseCode(DomainEnum):
    SUCCESSFUL = "successful"
    SUCCESSFUL_WITH_ISSUES = "successful_with_issues"
    UNSUCCESSFUL = "unsuccessful"


class ActionStatus(DomainEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class JournalAction(DomainEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
