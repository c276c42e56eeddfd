"""The reference data every new workspace starts with: release types and their policy, and the
four usual environments. Organisations edit these; the numbers here are common defaults taken from
release policies in practice (lead times, early-life support length, review due days).
"""

from __future__ import annotations

from dataclasses import dataclass

from releaseplanner.domain.enums import EnvironmentTier


@dataclass(frozen=True, slots=True)
class ReleaseTypeDefaults:
    key: str
    name: str
    lead_time_days: int
    els_days: int
    review_due_days: int
    max_risk_score: int
    min_test_pass_rate: float
    requires_backout_plan: bool
    may_override_freeze: bool
    required_approvals: tuple[str, ...]
    required_suites: tuple[str, ...]
    description: str


RELEASE_TYPES: tuple[ReleaseTypeDefaults, ...] = (
    ReleaseTypeDefaults(
        "major",
        "Major",
        60,
        21,
        10,
        50,
        0.98,
        True,
        False,
        ("cab", "business_owner", "security", "operations"),
        ("unit", "integration", "system", "uat", "performance", "security", "regression"),
        "New capabilities or architecture; full CAB, all suites, three weeks of early-life "
        "support.",
    ),
    ReleaseTypeDefaults(
        "minor",
        "Minor",
        21,
        14,
        10,
        60,
        0.95,
        True,
        False,
        ("cab", "business_owner"),
        ("unit", "integration", "system", "uat", "regression"),
        "Enhancements within the existing design.",
    ),
    ReleaseTypeDefaults(
        "patch",
        "Patch",
        5,
        7,
        15,
        70,
        0.95,
        True,
        False,
        ("cab",),
        ("unit", "regression"),
        "Fixes only; standard change path.",
    ),
    ReleaseTypeDefaults(
        "emergency",
        "Emergency",
        0,
        7,
        5,
        80,
        0.90,
        True,
        True,
        ("ecab",),
        ("unit",),
        "Restores service; ECAB authorises, may break a freeze with recorded authorisation; "
        "review is mandatory.",
    ),
)

ENVIRONMENTS: tuple[tuple[str, EnvironmentTier], ...] = (
    ("Dev", EnvironmentTier.DEV),
    ("Test", EnvironmentTier.TEST),
    ("Staging", EnvironmentTier.STAGING),
    ("Production", EnvironmentTier.PRODUCTION),
)
