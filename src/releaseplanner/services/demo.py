"""Building the demo workspace: a realistic portfolio around a given day, in one transaction.

The records come from pure generators: the plan (teams, catalogue, releases, packages, schedules)
from :mod:`releaseplanner.domain.demo_plan`, what happened to each release as far as ``today``
(deployments, builds, tests, approvals, incidents, early-life support, reviews, risks) from
:mod:`releaseplanner.domain.demo_history`, and the trend of each release's risk score from
:mod:`releaseplanner.domain.demo_trend`. This module checks the workspace, feeds them its
reference data and writes everything in one transaction, journalled. Everything is drawn from one
``random.Random(seed)`` so that a seed and a day always give the same workspace.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from releaseplanner.domain import model as dm
from releaseplanner.domain.conflicts import Plan, find_problems
from releaseplanner.domain.demo_history import DemoHistory
from releaseplanner.domain.demo_plan import plan_demo
from releaseplanner.domain.demo_trend import risk_trend
from releaseplanner.domain.errors import UserError
from releaseplanner.services.journal import ENTITY_NAMES, JournalWriter
from releaseplanner.services.risk_inputs import CONFLICT_KINDS
from releaseplanner.services.setup import reference_records
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store

PLURALS = {"person": "people", "dependency": "dependencies", "els_criterion": "els_criteria"}


def build_demo(
    workspace: Workspace, *, scale: int, seed: int, today: date, source: str = "cli"
) -> dict[str, int]:
    """Fill an empty workspace with a demo portfolio laid out around ``today``, journalled.

    Args:
        workspace: an open workspace without releases, teams or components; its release types,
            policy rules and environments are used when it has them, else added.
        scale: 1 gives three teams and ten releases; each step adds as many again.
        seed: the same seed and ``today`` give the same workspace, ids included.
        today: the day the portfolio is built around.
        source: where the request came from, for the journal.

    Returns:
        How many records of each kind the demo created, by plural name ("releases": 10, ...),
        in the order of ``ENTITY_NAMES``.

    Raises:
        UserError: the workspace already holds planning data (named, with the workspace), or
            the scale is below 1.
    """
    if scale < 1:
        raise UserError(f"scale: {scale} is below 1")
    rng = random.Random(seed)
    # Drawn whether or not the workspace has reference data, so the demo's ids depend only on
    # the seed and the day.
    reference = reference_records(rng)
    with workspace.session_factory.begin() as session:
        store = Store(session)
        held = [(store.count(t), n) for t, n in ((dm.Release, "releases"), (dm.Team, "teams"))]
        held.append((store.count(dm.Component), "components"))
        if any(count for count, _ in held):
            what = ", ".join(f"{name}: {count}" for count, name in held if count)
            raise UserError(
                f"{workspace.display_name} already holds planning data ({what}); the demo goes "
                "only into an empty workspace so that it never mixes with real data (choose a "
                "new --db)"
            )
        kinds = (dm.ReleaseType, dm.PolicyRule, dm.Environment)
        if store.count(dm.ReleaseType):  # e.g. after 'rplan init': plan with what is there
            types, rules, environments = (store.all(kind) for kind in kinds)
            new_reference = []
        else:
            types, rules, environments = ([r for r in reference if isinstance(r, k)] for k in kinds)
            new_reference = reference
        plan = plan_demo(
            rng,
            scale=scale,
            today=today,
            release_types=types,
            policy_rules=rules,
            environments=environments,
        )
        history = DemoHistory(rng, today)
        for planned in plan.releases:
            history.add(planned)
        records = [*plan.records, *history.records]
        # Scored as the app scores them, with the schedule problems it would count.
        conflicts = _conflict_counts(records, types, environments, today)
        # Weekly even at scale 100: about 0.8 s of its 5 s of CPU, most of it the breakdowns.
        records += risk_trend(rng, plan.releases, records, today=today, conflicts=conflicts)
        store.add_all([*new_reference, *records])
        # One journal entry per release, not per field: the demo is one operation.
        journal = JournalWriter(store, "Build demo workspace", source=source)
        for planned in plan.releases:
            journal.created(planned.release)
        journal.flush()
    counts = Counter(type(record) for record in records)
    return {
        PLURALS.get(name, f"{name}s"): counts[kind]
        for kind, name in ENTITY_NAMES.items()
        if counts[kind]
    }


def _conflict_counts(
    records: list[object],
    release_types: list[dm.ReleaseType],
    environments: list[dm.Environment],
    today: date,
) -> dict[str, int]:
    """Schedule problems involving each release, counted like ``risk_inputs.conflict_counts``
    but over the records about to be written (reading them back would take longer)."""
    of: dict[type, list] = {}
    for record in records:
        of.setdefault(type(record), []).append(record)
    plan = Plan(
        releases=of.get(dm.Release, []),
        release_types=release_types,
        items=of.get(dm.ScheduleItem, []),
        dependencies=of.get(dm.Dependency, []),
        windows=of.get(dm.FreezeWindow, []),
        environments=[*environments, *of.get(dm.Environment, [])],
        packages=of.get(dm.ReleasePackage, []),
        package_components=of.get(dm.PackageComponent, []),
        components=of.get(dm.Component, []),
    )
    counts: Counter[str] = Counter()
    for problem in find_problems(plan, today=today):
        if problem.kind in CONFLICT_KINDS:
            counts.update(set(problem.release_ids))
    return dict(counts)
