"""The demo releases' schedules and the calendar they keep to.

Pure, like the rest of the demo: every date and id comes from the caller's seeded
``random.Random``. :func:`plan_stages` lays a release's stages back from its go-live,
:func:`schedule_records` turns them into schedule items with their dependencies, progress as of
``today`` and (for open releases) the baseline agreed four weeks ago, and :func:`release_status`
reads where the release stands today off its stages. The calendar: each region's environments
(:func:`regional_environments`) and its production's freeze and maintenance :func:`windows`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from releaseplanner.domain import model as dm
from releaseplanner.domain.demo_vocabulary import SUITE_NAMES
from releaseplanner.domain.enums import (
    FINISHED_RELEASE_STATUSES,
    EnvironmentTier,
    ReleaseStatus,
    ScheduleKind,
    ScheduleStatus,
    WindowKind,
)
from releaseplanner.domain.ids import new_id

DAY = timedelta(days=1)
DEV, TEST, STAGING, PROD = tuple(EnvironmentTier)
BUILD, TESTING, DEPLOYMENT, MILESTONE, ELS = (
    ScheduleKind.BUILD,
    ScheduleKind.TEST,
    ScheduleKind.DEPLOYMENT,
    ScheduleKind.MILESTONE,
    ScheduleKind.EARLY_LIFE_SUPPORT,
)
REHEARSAL = "Deployment rehearsal"  # a deployment item that deploys nothing for real

PHASE_WEIGHT = {"build": 0.45, "integration": 0.15, "system": 0.2, "staging": 0.2}
PHASE_OF_SUITE = {  # test suites in the order of TestSuite: the phase that runs them
    "unit": "build",
    "integration": "integration",
    "system": "system",
    "uat": "staging",
    "performance": "staging",
    "security": "staging",
    "regression": "system",
}
PHASE_TIER = {"build": DEV, "integration": DEV, "system": TEST, "staging": STAGING}

Environments = dict[EnvironmentTier, dm.Environment]
Stages = dict[str, tuple[date, date]]  # first and last day of each stage: build, go, els ...


@dataclass(slots=True)
class StageItem:
    """A schedule item while it is planned."""

    name: str
    kind: ScheduleKind
    tier: EnvironmentTier | None = None
    package: int | None = None
    start: date = date.min
    end: date = date.min


def plan_stages(
    rng: random.Random,
    env: Environments,
    rtype: dm.ReleaseType,
    suites: list[str],
    names: list[str],
    start: date,
    live: date,
    rehearse: bool,
) -> tuple[list[StageItem], list[tuple[int, int]], Stages]:
    """Scope to review as a chain of stages; each item follows every item of the stage before.

    A normal release: scope agreed, builds, code freeze, then a deployment to each
    environment followed by its test phase, CAB with a rehearsal, go/no-go, production and
    go-live, early-life support and its exit. The phases share out the days from ``start``
    to go-live by PHASE_WEIGHT. An emergency release takes three days and skips the phases.

    Args:
        env: the environment of each tier the release deploys to.
        suites: the test suites its type's policy requires; names: its packages' names.
        rehearse: whether the CAB stage has a deployment rehearsal in staging.

    Returns:
        The items, dependencies as (predecessor, successor) positions, and each stage's span.
    """

    def deploy(tier: EnvironmentTier, name: str = "") -> StageItem:
        return StageItem(name or f"Deploy to {env[tier].name}", DEPLOYMENT, tier)

    def each(label: str, kind: ScheduleKind, tier: EnvironmentTier | None) -> list[StageItem]:
        return [StageItem(f"{label}: {name}", kind, tier, i) for i, name in enumerate(names)]

    if rtype.key.lower() == "emergency":
        stages = [
            ("build", 1, each("Build", BUILD, None)),
            ("deploy", 1, [deploy(DEV), deploy(TEST)]),
            ("go", 1, [deploy(STAGING), StageItem("ECAB approval", MILESTONE)]),
        ]
    else:
        tests: dict[str, list[StageItem]] = {"integration": [], "system": [], "staging": []}
        for suite in suites:
            phase = PHASE_OF_SUITE[suite]
            if suite in ("integration", "system"):  # package by package
                tests[phase] += each(SUITE_NAMES[suite], TESTING, PHASE_TIER[phase])
            elif phase in tests:  # unit tests run inside the builds
                tests[phase].append(StageItem(SUITE_NAMES[suite], TESTING, PHASE_TIER[phase]))
        phases = ["build"] + [phase for phase, items in tests.items() if items]
        # Seven one-day stages: scope, code freeze, three deployments, CAB, go/no-go.
        span = max(len(phases), (live - start).days - 7)
        weight = sum(PHASE_WEIGHT[p] for p in phases)
        length = {p: max(1, round(span * PHASE_WEIGHT[p] / weight)) for p in phases}
        length["build"] = max(1, length["build"] + span - sum(length.values()))
        rehearsal = [deploy(STAGING, REHEARSAL)] if rehearse else []
        stages = [
            ("scope", 1, [StageItem("Scope agreed", MILESTONE)]),
            ("build", length["build"], each("Build", BUILD, None)),
            ("code_freeze", 1, [StageItem("Code freeze", MILESTONE)]),
            ("dev", 1, [deploy(DEV)]),
            ("integration", length.get("integration", 0), tests["integration"]),
            ("test", 1, [deploy(TEST)]),
            ("system", length.get("system", 0), tests["system"]),
            ("staging_deploy", 1, [deploy(STAGING)]),
            ("staging", length.get("staging", 0), tests["staging"]),
            ("cab", 1, [StageItem("CAB approval", MILESTONE), *rehearsal]),
            ("go", 1, [StageItem("Go/no-go", MILESTONE)]),
        ]
        stages = [stage for stage in stages if stage[2]]
    stages += [
        ("live", 1, [deploy(PROD), StageItem("Go-live", MILESTONE)]),
        ("els", max(1, rtype.els_days), [StageItem("Early-life support", ELS)]),
        ("exit", 1, [StageItem("ELS exit sign-off", MILESTONE)]),
    ]
    items: list[StageItem] = []
    deps: list[tuple[int, int]] = []
    spans: Stages = {}
    gate: list[int] = []
    day = live - sum(days for _, days, _ in stages[:-3]) * DAY
    for label, days, stage in stages:
        first, last = day, day + (days - 1) * DAY
        spans[label] = (first, last)
        for item in stage:
            item.start, item.end = first, last
            if item.package is not None and days > 3:  # packages do not move in lockstep
                item.start += rng.randint(0, (days - 1) // 4) * DAY
                item.end -= rng.randint(0, (days - 1) // 5) * DAY
            deps += [(before, len(items)) for before in gate]
            items.append(item)
        gate, day = list(range(len(items) - len(stage), len(items))), last + DAY
    spans.setdefault("cab", spans["go"])  # the ECAB decides on the go/no-go day
    review = live + max(1, rtype.review_due_days) * DAY
    deps.append((len(items) - 3, len(items)))  # go-live → review
    items.append(StageItem("Post-release review", ScheduleKind.REVIEW, start=review, end=review))
    return items, deps, spans


def release_status(story: str, stages: Stages, start: date, today: date) -> ReleaseStatus:
    """Where a release stands ``today``, read off its own stages (and its story)."""
    if story == "rolled_back":
        return ReleaseStatus.ROLLED_BACK
    if story == "undeployed":  # stuck before production: the sign-off was rejected
        return ReleaseStatus.IN_TEST
    for status, since in (
        (ReleaseStatus.CLOSED, stages["exit"][0]),
        (ReleaseStatus.EARLY_LIFE_SUPPORT, stages["els"][0]),
        (ReleaseStatus.DEPLOYING, stages["live"][0]),
        (ReleaseStatus.APPROVED, stages["go"][0]),
        (ReleaseStatus.IN_TEST, stages["build"][1] + DAY),
        (ReleaseStatus.IN_BUILD, start),
    ):
        if today >= since:
            return status
    return ReleaseStatus.PLANNED


def schedule_records(
    rng: random.Random,
    *,
    today: date,
    env: Environments,
    release: dm.Release,
    items: list[StageItem],
    deps: list[tuple[int, int]],
    packages: list[dm.ReleasePackage],
    story: str,
    baseline_id: str,
) -> tuple[list[dm.ScheduleItem], list[object]]:
    """Schedule items with today's progress, their dependencies and their baseline.

    Returns:
        The schedule items in plan order, and every new record (those items, the dependencies
        and the baseline items) in the order their ids were drawn.
    """
    live = release.planned_go_live
    records: list[dm.ScheduleItem] = []
    for item in items:
        actual_start = actual_end = None
        if story == "undeployed" and item.start >= live:
            status = ScheduleStatus.LATE if item.end < today else ScheduleStatus.NOT_STARTED
        elif story == "rolled_back" and live < item.start and item.kind is not ScheduleKind.REVIEW:
            status = ScheduleStatus.CANCELLED  # no early-life support after a rollback
        elif item.end < today:
            status = ScheduleStatus.DONE
            slip = DAY if item.kind in (BUILD, TESTING) and rng.random() < 0.2 else 0 * DAY
            actual_start, actual_end = item.start + slip, item.end + slip
        elif item.start <= today:
            status, actual_start = ScheduleStatus.IN_PROGRESS, item.start
        else:
            status = ScheduleStatus.NOT_STARTED
        records.append(
            dm.ScheduleItem(
                id=new_id("schedule_item", rng),
                release_id=release.id,
                name=item.name,
                kind=item.kind,
                planned_start=item.start,
                planned_end=item.end,
                package_id=None if item.package is None else packages[item.package].id,
                environment_id=None if item.tier is None else env[item.tier].id,
                status=status,
                actual_start=actual_start,
                actual_end=actual_end,
                team_id=release.team_id,
            )
        )
    made: list[object] = list(records)
    made += [
        dm.Dependency(
            id=new_id("dependency", rng),
            predecessor_id=records[before].id,
            successor_id=records[after].id,
        )
        for before, after in deps
    ]
    # The plan agreed four weeks ago: open releases that had started; some slipped since.
    if (
        release.actual_start
        and release.status not in FINISHED_RELEASE_STATUSES
        and story != "short_lead"
    ):
        slip = rng.choice((0, 0, 2, 3, 5)) * DAY
        made += [
            dm.BaselineItem(
                id=new_id("baseline_item", rng),
                baseline_id=baseline_id,
                schedule_item_id=record.id,
                planned_start=record.planned_start - slip,
                planned_end=record.planned_end - slip,
            )
            for record in records
        ]
    return records, made


# -- the calendar --------------------------------------------------------------------------------
def windows(
    rng: random.Random, today: date, production: dm.Environment, suffix: str = ""
) -> list[dm.FreezeWindow]:
    """The year-end freeze nearest ``today`` (first), and maintenance weekends before and after
    today, for one production environment; ``suffix`` ends their names."""
    year = min((today.year - 1, today.year), key=lambda y: abs((date(y, 12, 24) - today).days))
    freeze = dm.FreezeWindow(
        id=new_id("freeze_window", rng),
        name=f"Year-end change freeze {year}/{(year + 1) % 100:02d}{suffix}",
        start=date(year, 12, 15),
        end=date(year + 1, 1, 2),
        environment_id=production.id,
        reason="Peak trading and a skeleton crew over the holidays",
    )
    made = [freeze]
    saturday = today + ((5 - today.weekday()) % 7 + 7) * DAY
    for start in (saturday - 56 * DAY, saturday):
        while start <= freeze.end and freeze.start <= start + DAY:  # never inside the freeze
            start += 21 * DAY
        made.append(
            dm.FreezeWindow(
                id=new_id("freeze_window", rng),
                name=f"Production maintenance weekend {start.isoformat()}{suffix}",
                start=start,
                end=start + DAY,
                kind=WindowKind.MAINTENANCE,
                environment_id=production.id,
                reason="Quarterly operating-system and database patching",
            )
        )
    return made


def regional_environments(
    rng: random.Random, first: Environments, region: str, existing: Mapping[str, dm.Environment]
) -> tuple[Environments, list[dm.Environment]]:
    """A region's environments, named after the first region's ("Staging" → "Staging EMEA").

    One of ``existing`` (by name) of the right tier is used as it is.

    Returns:
        The region's environment per tier, and those of them that are new.
    """
    env: Environments = {}
    made = []
    for tier, base in first.items():
        name = f"{base.name} {region}"
        found = existing.get(name)
        if found is None or found.tier is not tier:
            # The same sort order as the first region's: lists show the tiers together.
            found = dm.Environment(
                id=new_id("environment", rng), name=name, tier=tier, sort_order=base.sort_order
            )
            made.append(found)
        env[tier] = found
    return env, made
