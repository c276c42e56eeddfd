"""Seeding a workspace with the reference data it needs before anyone plans in it."""

from __future__ import annotations

import random

from releaseplanner.domain import model as dm
from releaseplanner.domain.ids import new_id
from releaseplanner.domain.reference import ENVIRONMENTS, RELEASE_TYPES
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store


def reference_records(rng: random.Random | None = None) -> list[object]:
    """Release types with their policy rules, and the standard environments, as new records."""
    records: list[object] = []
    for defaults in RELEASE_TYPES:
        type_id = new_id("release_type", rng)
        records.append(
            dm.ReleaseType(
                id=type_id,
                key=defaults.key,
                name=defaults.name,
                lead_time_days=defaults.lead_time_days,
                els_days=defaults.els_days,
                review_due_days=defaults.review_due_days,
                max_risk_score=defaults.max_risk_score,
                min_test_pass_rate=defaults.min_test_pass_rate,
                requires_backout_plan=defaults.requires_backout_plan,
                may_override_freeze=defaults.may_override_freeze,
                description=defaults.description,
            )
        )
        for role in defaults.required_approvals:
            records.append(
                dm.PolicyRule(
                    id=new_id("policy_rule", rng),
                    release_type_id=type_id,
                    code="approval_required",
                    parameter=role,
                    description=f"needs a {role.replace('_', ' ')} approval",
                )
            )
        for suite in defaults.required_suites:
            records.append(
                dm.PolicyRule(
                    id=new_id("policy_rule", rng),
                    release_type_id=type_id,
                    code="suite_required",
                    parameter=suite,
                    description=f"needs a passing {suite} test run",
                )
            )
    for order, (name, tier) in enumerate(ENVIRONMENTS):
        records.append(
            dm.Environment(id=new_id("environment", rng), name=name, tier=tier, sort_order=order)
        )
    return records


def ensure_reference_data(workspace: Workspace) -> bool:
    """Add the reference data to a workspace that has no release types yet.

    Returns True when it added anything. Idempotent: a seeded workspace is left alone.
    """
    with workspace.session_factory.begin() as session:
        store = Store(session)
        if store.count(dm.ReleaseType):
            return False
        store.add_all(reference_records())
        return True
