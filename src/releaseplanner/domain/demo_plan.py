"""The demo portfolio's plan: teams, catalogue, releases, packages, changes and schedules.

Pure: it builds records of ``releaseplanner.domain.model`` from one seeded ``random.Random``, so
the same seed and day give the same records, ids included. The unit of scale is a *division*: two
product teams and a platform team with the ten releases of :data:`SLOTS`, which tell the usual
stories of a release calendar (closed, rolled back and hot-fixed, in early-life support, late, in
test, in build, planned) and carry the deliberate problems every view should have to show:

- a normal patch going to production inside the year-end freeze (story ``freeze``);
- a violated finish-to-start dependency: UAT before its deployment ends (``tangle``);
- one component changed by two releases whose test windows overlap, and those two releases
  deploying to production on the same night (``contested`` and ``short_lead``);
- a go-live in the past that never reached production (``undeployed``);
- a major release raised with a short lead time and missing approvals (``short_lead``).

Divisions after the first stagger their calendars within each slot's spread, and every five
divisions form a region with environments of its own, so that a large portfolio keeps each
division's deliberate problems without thousands of accidental clashes. What happened to each
release follows from the facts in :class:`PlannedRelease` (:mod:`releaseplanner.domain.
demo_history` and :mod:`~releaseplanner.domain.demo_trend` add it); the words come from
:mod:`~releaseplanner.domain.demo_vocabulary`, the schedules from :mod:`~releaseplanner.domain.
demo_schedule`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any, TypeVar

from releaseplanner.domain import model as dm
from releaseplanner.domain.demo_schedule import (
    DAY,
    DEPLOYMENT,
    PHASE_OF_SUITE,
    PROD,
    TESTING,
    Environments,
    Stages,
    plan_stages,
    regional_environments,
    release_status,
    schedule_records,
    windows,
)
from releaseplanner.domain.demo_vocabulary import (
    CHANGE_TITLES,
    FIRST_NAMES,
    LAST_NAMES,
    PLATFORM_AREAS,
    PLATFORM_COMPONENTS,
    PLATFORM_PACKAGES,
    PRODUCT_AREAS,
    PRODUCT_COMPONENTS,
    PRODUCT_PACKAGES,
    SHAREABLE,
    SHARED_DB,
    STORY_NOTES,
    region,
)
from releaseplanner.domain.enums import (
    ApprovalRole,
    ChangeStatus,
    EnvironmentTier,
    PackageStatus,
    ReleaseStatus,
)
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.ids import new_id

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Slot:
    """One release of a division: who ships it, what kind, when, and which story it tells."""

    team: int  # 0 and 1: the product teams; 2: the platform team
    type_key: str
    go_live: int  # days from today; the freeze, hotfix and short-lead stories place themselves
    bump: tuple[int, int, int]  # version over the team's base: major, minor, patch
    story: str = ""
    spread: tuple[int, int] = (0, 0)  # days it may move earlier and later in later divisions
    incidents: int = -1  # incidents during early-life support; -1: a random few


# The spreads keep each story true: the undeployed go-live stays past, the contested release
# in build, the tangled one in test.
SLOTS: tuple[Slot, ...] = (
    Slot(0, "major", -165, (0, 0, 0), spread=(35, 35), incidents=3),
    Slot(1, "minor", -120, (0, 0, 0), "rolled_back", (30, 30)),  # with the incidents that forced it
    Slot(1, "emergency", 0, (0, 0, 1), "hotfix", incidents=0),
    Slot(2, "patch", 0, (0, 0, 0), "freeze", incidents=1),
    Slot(1, "minor", -9, (0, 1, 0), spread=(20, 2), incidents=2),
    Slot(0, "minor", -4, (0, 1, 0), "undeployed", (8, 3)),
    Slot(1, "minor", 16, (0, 2, 0), "tangle", (8, 4)),
    Slot(2, "major", 45, (0, 0, 0), "contested", (8, 10)),
    Slot(0, "major", 0, (1, 0, 0), "short_lead"),
    Slot(2, "minor", 85, (0, 0, 0), spread=(25, 30)),
)
FREEZE_DAYS = (1, 17)  # the freeze story's go-live: days into the freeze (4 in the first division)
PACKAGE_COUNTS = {"major": (3, 4), "minor": (2, 3, 3, 4), "patch": (2, 3), "emergency": (2,)}
NOMINAL_SPAN = {"major": 70, "minor": 42, "patch": 14}  # planned start to go-live, in days
# What a release's status means for its packages and (with weights) for its change items.
PACKAGE_STATUS = {
    ReleaseStatus.PLANNED: PackageStatus.DRAFT,
    ReleaseStatus.IN_BUILD: PackageStatus.ASSEMBLING,
    ReleaseStatus.IN_TEST: PackageStatus.BUILT,
    ReleaseStatus.APPROVED: PackageStatus.TESTED,
    ReleaseStatus.DEPLOYING: PackageStatus.TESTED,
    ReleaseStatus.EARLY_LIFE_SUPPORT: PackageStatus.DEPLOYED,
    ReleaseStatus.CLOSED: PackageStatus.DEPLOYED,
    ReleaseStatus.CANCELLED: PackageStatus.WITHDRAWN,
    ReleaseStatus.ROLLED_BACK: PackageStatus.WITHDRAWN,
}
_OPEN, _WIP, _DONE, _OK, _DEFERRED = tuple(ChangeStatus)
CHANGE_STATUS = {
    ReleaseStatus.PLANNED: ((_OPEN, _DEFERRED), (9, 1)),
    ReleaseStatus.IN_BUILD: ((_OPEN, _WIP, _DONE), (3, 5, 2)),
    ReleaseStatus.IN_TEST: ((_OPEN, _WIP, _DONE), (1, 3, 6)),
    ReleaseStatus.CANCELLED: ((_DEFERRED,), (1,)),
    ReleaseStatus.ROLLED_BACK: ((_DONE,), (1,)),
}  # every other status: the work is done, mostly verified


@dataclass(slots=True)
class PlannedRelease:
    """One generated release with the facts its history (deployments, tests...) follows."""

    release: dm.Release
    release_type: dm.ReleaseType
    story: str  # "" or the story of its slot in SLOTS ("rolled_back", "undeployed" ...)
    incidents: int  # incidents during early-life support; -1: a random few
    code: str  # the team's short code, as in keys and ticket references
    people: list[dm.Person]  # the team; people[0] is its release manager
    colleagues: list[dm.Person]  # everyone in the division: approvers, facilitators
    packages: list[dm.ReleasePackage]
    schedule: list[dm.ScheduleItem]  # in plan order; the post-release review comes last
    stages: Stages  # first and last day of each stage: build, go, els ...
    suites: list[str]  # the test suites and approvals its release type's policy requires
    roles: list[str]
    division: int
    slot: int  # its index in SLOTS
    environments: Environments  # the environments of its division's region, by tier


@dataclass(frozen=True, slots=True)
class DemoPlan:
    """What :func:`plan_demo` made: every record, and the releases with their facts."""

    records: list[object]
    releases: list[PlannedRelease]
    environments: Environments  # the first region's, per tier (each release has its own)


def plan_demo(
    rng: random.Random,
    *,
    scale: int,
    today: date,
    release_types: list[dm.ReleaseType],
    policy_rules: list[dm.PolicyRule],
    environments: list[dm.Environment],
) -> DemoPlan:
    """Lay out ``scale`` divisions of teams and releases around ``today``.

    Args:
        rng: the seeded generator; ids and every random choice are drawn from it, in order.
        scale: how many divisions (three teams and ten releases each).
        today: the day the portfolio is built around: past releases closed, future ones planned.
        release_types, policy_rules, environments: the workspace's reference data; the rules
            decide which test suites and approvals each release type gets.

    Raises:
        ValidationError: the reference data lacks a release type or an environment tier the
            demo needs (named).
    """
    planner = _Planner(rng, today, release_types, policy_rules, environments)
    for division in range(scale):
        planner.division(division)
    return DemoPlan(planner.records, planner.releases, planner.env)


class RecordMaker:
    """Makes records with ids drawn from one seeded generator, and keeps them in order."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.records: list[object] = []

    def make(self, record_type: type[R], **values: Any) -> R:
        """A new ``record_type`` with a fresh id (its kind from the class name: ChangeItem →
        change_item), not yet kept."""
        kind = "".join(f"_{c.lower()}" if c.isupper() else c for c in record_type.__name__)[1:]
        kind = "package" if kind == "release_package" else kind
        return record_type(id=new_id(kind, self.rng), **values)

    def new(self, record_type: type[R], **values: Any) -> R:
        """A new ``record_type`` with a fresh id, kept in ``records``."""
        record = self.make(record_type, **values)
        self.records.append(record)
        return record


@dataclass(slots=True)
class _Team:
    record: dm.Team
    code: str
    product: str
    people: list[dm.Person]
    components: list[dm.Component]  # versions settle once the division's releases are made
    versions: list[list[int]]
    base: tuple[int, int] | None  # major and minor before the first release; None: calendar
    ticket: int  # the last ticket number used


class _Planner(RecordMaker):
    """Generates one division after another into ``records`` and ``releases``."""

    def __init__(
        self,
        rng: random.Random,
        today: date,
        release_types: list[dm.ReleaseType],
        policy_rules: list[dm.PolicyRule],
        environments: list[dm.Environment],
    ) -> None:
        super().__init__(rng)
        self.today = today
        self.types = {t.key.lower(): t for t in release_types}
        missing = [key for key in ("major", "minor", "patch", "emergency") if key not in self.types]
        if missing:
            raise ValidationError(f"release types: the demo needs {', '.join(missing)}")
        self.env: Environments = {}
        for environment in sorted(environments, key=lambda e: (e.sort_order, e.name)):
            self.env.setdefault(environment.tier, environment)
        if len(self.env) < len(EnvironmentTier):
            raise ValidationError("environments: the demo needs dev, test, staging and production")
        self.named = {e.name: e for e in environments}
        self.regions = {0: self.env}  # the environments of each region (see _region)
        self.rules = {(r.release_type_id, r.code, r.parameter) for r in policy_rules}
        self.releases: list[PlannedRelease] = []
        self.keys: set[str] = set()
        self.ci_number = 40
        made = windows(rng, today, self.env[PROD], "")
        self.records += made
        self.freeze = made[0]
        agreed = today - 28 * DAY
        self.baseline = self.new(
            dm.Baseline,
            name=f"Plan agreed {agreed.isoformat()}",
            created_at=datetime.combine(agreed, time(16)),
        )

    def _region(self, lap: int) -> Environments:
        """The environments of the ``lap``-th region, made (with their production's windows) the
        first time a division there asks: five divisions or more sharing one set would clash on
        almost every deployment day."""
        if lap not in self.regions:
            env, made = regional_environments(self.rng, self.env, region(lap)[0], self.named)
            self.records += made
            self.records += windows(self.rng, self.today, env[PROD], f" ({env[PROD].name})")
            self.regions[lap] = env
        return self.regions[lap]

    def division(self, number: int) -> None:
        """Three teams with their components, and the releases of SLOTS among them."""
        today = self.today
        env = self._region(2 * number // len(PRODUCT_AREAS))  # where its product teams are
        teams = [
            self._team(PRODUCT_AREAS, 2 * number, PRODUCT_COMPONENTS),
            self._team(PRODUCT_AREAS, 2 * number + 1, PRODUCT_COMPONENTS),
            self._team(PLATFORM_AREAS, number, PLATFORM_COMPONENTS),
        ]
        go_lives: list[date] = []
        for index, slot in enumerate(SLOTS):
            if slot.story == "hotfix":  # three days after the release it repairs
                go_live = go_lives[-1] + 3 * DAY
            elif slot.story == "short_lead":  # the same night as the contested release
                go_live = go_lives[-1]
            elif slot.story == "freeze":
                first, last = FREEZE_DAYS
                days = first + self._stagger(number, index, 0, last - first) if number else 4
                go_live = self.freeze.start + days * DAY
            else:
                go_live = today + (slot.go_live + self._stagger(number, index, *slot.spread)) * DAY
                # Planners keep releases out of the freeze, in the order they had (the first
                # division's goes four days after it); the few tied to today stay put.
                if min(slot.spread) >= 10 and self.freeze.start <= go_live <= self.freeze.end:
                    after = (go_live - self.freeze.start).days if number else 0
                    go_live = self.freeze.end + (4 + after) * DAY
            go_lives.append(go_live)
        # In go-live order, so that component versions advance the way the releases shipped.
        for index in sorted(range(len(SLOTS)), key=lambda i: (go_lives[i], i)):
            self._release(number, index, teams, go_lives[index], env)
        self.records += [
            replace(component, version=".".join(map(str, version)))
            for team in teams
            for component, version in zip(team.components, team.versions, strict=True)
        ]

    def _stagger(self, number: int, index: int, earlier: int, later: int) -> int:
        """Days slot ``index`` moves in division ``number``: from ``earlier`` days earlier to
        ``later`` days later, none in the first division.

        Golden-ratio steps put any five divisions in a row (a region) at least a seventh of the
        range apart, so with a week or more of range they never go live on the same day; random
        draws would often pair them up, and their deployments would clash.
        """
        if not number:
            return 0
        step = (number * 0.618034 + index * 0.381966) % 1.0
        return round(step * (earlier + later)) - earlier

    def _team(self, areas: tuple[tuple[str, str, str], ...], n: int, parts: tuple) -> _Team:
        rng = self.rng
        area, code, product = areas[n % len(areas)]
        name, short = region(n // len(areas))
        suffix = f" {name}" if name else ""
        team = self.new(dm.Team, name=area + suffix, description=f"Owns {product}{suffix}")
        people = []
        for pick in rng.sample(range(len(FIRST_NAMES) * len(LAST_NAMES)), 5):
            first, last = FIRST_NAMES[pick % len(FIRST_NAMES)], LAST_NAMES[pick // len(FIRST_NAMES)]
            email = f"{first}.{last}@example.com".lower()
            people.append(self.new(dm.Person, name=f"{first} {last}", email=email, team_id=team.id))
        components: list[dm.Component] = []
        for index, (pattern, kind) in enumerate(parts):
            self.ci_number += 1
            # A product's suite is the parent of its parts; the cluster is the mesh's parent.
            parent = (
                components[0].id if index and (parts is PRODUCT_COMPONENTS or index == 1) else None
            )
            components.append(
                self.make(
                    dm.Component,
                    ci_id=f"CI-{self.ci_number:05d}",
                    name=pattern.format(a=area, p=product) + suffix,
                    type=kind,
                    owner=team.name,
                    parent_id=parent,
                )
            )
        versions = [[rng.randint(1, 5), rng.randint(0, 9), rng.randint(0, 5)] for _ in parts]
        base = None  # the platform numbers its releases by the calendar
        if parts is PRODUCT_COMPONENTS:  # Payments 4.x and Identity 2.x first, as in the issue
            base = {0: (4, 0), 1: (2, 7)}.get(n) or (rng.randint(1, 6), rng.randint(0, 6))
        ticket = rng.randint(11, 29) * 100
        return _Team(
            team, code + short, product + suffix, people, components, versions, base, ticket
        )

    # -- one release -----------------------------------------------------------------------------
    def _release(
        self, division: int, index: int, teams: list[_Team], go_live: date, env: Environments
    ) -> None:
        rng, today, slot = self.rng, self.today, SLOTS[index]
        team, rtype = teams[slot.team], self.types[slot.type_key]
        if team.base is None:
            version = f"{go_live.year}.{go_live.month:02d}"
        else:
            major, minor, patch = slot.bump
            version = f"{team.base[0] + major}.{0 if major else team.base[1] + minor}"
            version += f".{patch}" if patch else ""
        key = f"{team.code}-{version}"
        while key in self.keys:  # two calendar releases in one month: 2026.03, 2026.03.1 ...
            key += ".1"
        self.keys.add(key)
        templates = self._templates(slot, team.base is None)
        if slot.type_key == "emergency":
            start = go_live - 3 * DAY
        elif slot.story == "short_lead":  # raised days ago, for a go-live weeks away
            start = today + rng.randint(3, 6) * DAY
        elif slot.story == "contested":  # the release in build today
            start = today - rng.randint(10, 18) * DAY
        else:
            start = go_live - round(NOMINAL_SPAN[slot.type_key] * rng.uniform(0.85, 1.15)) * DAY
        suites = [s for s in PHASE_OF_SUITE if (rtype.id, "suite_required", s) in self.rules]
        # The rushed release skips the deployment rehearsal (on the contested one's day, too).
        rehearse = slot.story != "short_lead"
        names = [t[0] for t in templates]
        items, deps, stages = plan_stages(rng, env, rtype, suites, names, start, go_live, rehearse)
        start = items[0].start  # where the rounding of the phases put it
        if slot.story == "tangle":  # UAT pencilled in before its deployment to staging ends
            before, after = next(
                (b, a)
                for b, a in reversed(deps)
                if items[b].kind is DEPLOYMENT and items[a].kind is TESTING
            )
            items[after].start = items[before].start - 2 * DAY
        release = self.new(
            dm.Release,
            key=key,
            name=f"{team.product} {version}",
            release_type_id=rtype.id,
            status=release_status(slot.story, stages, start, today),
            owner_id=team.people[0].id,
            team_id=team.record.id,
            planned_start=start,
            planned_go_live=go_live,
            actual_start=start if start <= today else None,
            actual_go_live=go_live if go_live < today and slot.story != "undeployed" else None,
            description=STORY_NOTES.get(slot.story, f"{rtype.name} release of the {team.product}"),
        )
        packages = self._packages(release, templates, team, teams[2], slot)
        schedule, made = schedule_records(
            rng,
            today=today,
            env=env,
            release=release,
            items=items,
            deps=deps,
            packages=packages,
            story=slot.story,
            baseline_id=self.baseline.id,
        )
        self.records += made
        roles = [
            r.value for r in ApprovalRole if (rtype.id, "approval_required", r.value) in self.rules
        ]
        self.releases.append(
            PlannedRelease(
                release=release,
                release_type=rtype,
                story=slot.story,
                incidents=slot.incidents,
                code=team.code,
                people=team.people,
                colleagues=[person for t in teams for person in t.people],
                packages=packages,
                schedule=schedule,
                stages=stages,
                suites=suites,
                roles=roles,
                division=division,
                environments=env,
                slot=index,
            )
        )

    def _templates(self, slot: Slot, platform: bool) -> list[tuple]:
        """The packages a release carries; the contested component needs both releases."""
        choices = list(PLATFORM_PACKAGES if platform else PRODUCT_PACKAGES)
        count = self.rng.choice(PACKAGE_COUNTS[slot.type_key])
        if slot.type_key == "emergency" and not platform:
            return [choices[0], choices[3]]  # the core service and its configuration
        wanted = {"contested": "Data services", "short_lead": "Database migration"}.get(slot.story)
        first = next((t for t in choices if t[0] == wanted), choices[0])
        choices.remove(first)
        return [first, *self.rng.sample(choices, count - 1)]

    def _packages(
        self, release: dm.Release, templates: list[tuple], team: _Team, platform: _Team, slot: Slot
    ) -> list[dm.ReleasePackage]:
        """Packages with the components they change (and to which version) and their changes."""
        rng, today = self.rng, self.today
        small = slot.type_key in ("patch", "emergency")
        statuses, weights = CHANGE_STATUS.get(release.status, ((_DONE, _OK), (3, 7)))
        packages = []
        for name, parts, kinds in templates:
            package = self.new(
                dm.ReleasePackage,
                release_id=release.id,
                name=name,
                status=PACKAGE_STATUS[release.status],
                team_id=release.team_id,
                owner_id=rng.choice(team.people).id,
            )
            packages.append(package)
            changed = [(team, i) for i in parts]
            if slot.story == "short_lead" and name == "Database migration":
                changed.append((platform, SHARED_DB))
            elif team is not platform and rng.random() < 0.25:
                changed.append((platform, rng.choice(SHAREABLE)))
            for owner, i in changed:
                a, b, c = owner.versions[i]
                new = [a, b, c + 1] if small else [a, b + 1, 0]
                self.new(
                    dm.PackageComponent,
                    package_id=package.id,
                    component_id=owner.components[i].id,
                    from_version=f"{a}.{b}.{c}",
                    to_version=".".join(map(str, new)),
                )
                if release.actual_go_live and slot.story != "rolled_back":
                    owner.versions[i] = new
            used: set[str] = set()
            for _ in range(rng.randint(1, 2) if small else rng.randint(2, 5)):
                kind = rng.choice(kinds)
                title = rng.choice(
                    [t for t in CHANGE_TITLES[kind] if t not in used] or CHANGE_TITLES[kind]
                )
                used.add(title)
                team.ticket += rng.randint(1, 9)
                if slot.story == "short_lead":  # the work was raised only days ago
                    created = today - rng.randint(0, 8) * DAY
                else:  # weeks before work starts, so lead times are kept
                    created = min(today, release.planned_start - rng.randint(10, 40) * DAY)
                self.new(
                    dm.ChangeItem,
                    package_id=package.id,
                    ticket_ref=f"{team.code}-{team.ticket}",
                    title=title.format(p=team.product),
                    kind=kind,
                    status=rng.choices(statuses, weights)[0],
                    created_on=created,
                )
        return packages
