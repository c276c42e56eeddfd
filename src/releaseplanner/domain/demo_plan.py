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

What happened to each release (deployments, builds, tests, approvals, incidents, reviews, risks)
follows from the facts in :class:`PlannedRelease`; ``releaseplanner.services.demo`` adds it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    FINISHED_RELEASE_STATUSES,
    ApprovalRole,
    ChangeKind,
    ChangeStatus,
    ComponentType,
    EnvironmentTier,
    PackageStatus,
    ReleaseStatus,
    ScheduleKind,
    ScheduleStatus,
    WindowKind,
)
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.ids import new_id

R = TypeVar("R")
DAY = timedelta(days=1)
DEV, TEST, STAGING, PROD = tuple(EnvironmentTier)
BUILD, TESTING, DEPLOYMENT, MILESTONE, ELS = (
    ScheduleKind.BUILD,
    ScheduleKind.TEST,
    ScheduleKind.DEPLOYMENT,
    ScheduleKind.MILESTONE,
    ScheduleKind.EARLY_LIFE_SUPPORT,
)


@dataclass(frozen=True, slots=True)
class Slot:
    """One release of a division: who ships it, what kind, when, and which story it tells."""

    team: int  # 0 and 1: the product teams; 2: the platform team
    type_key: str
    go_live: int  # days from today; the freeze, hotfix and short-lead stories place themselves
    bump: tuple[int, int, int]  # version over the team's base: major, minor, patch
    story: str = ""
    spread: int = 0  # random shift in days, in divisions after the first
    incidents: int = -1  # incidents during early-life support; -1: a random few


SLOTS: tuple[Slot, ...] = (
    Slot(0, "major", -165, (0, 0, 0), spread=30, incidents=3),
    Slot(1, "minor", -120, (0, 0, 0), "rolled_back", 30),  # with the incidents that forced it
    Slot(1, "emergency", 0, (0, 0, 1), "hotfix", incidents=0),
    Slot(2, "patch", 0, (0, 0, 0), "freeze", incidents=1),
    Slot(1, "minor", -9, (0, 1, 0), spread=3, incidents=2),
    Slot(0, "minor", -4, (0, 1, 0), "undeployed", 2),
    Slot(1, "minor", 16, (0, 2, 0), "tangle", 4),
    Slot(2, "major", 45, (0, 0, 0), "contested", 5),
    Slot(0, "major", 0, (1, 0, 0), "short_lead"),
    Slot(2, "minor", 85, (0, 0, 0), spread=20),
)
STORY_NOTES = {
    "rolled_back": "Rolled back on go-live night after customer-facing failures.",
    "hotfix": "Emergency fix for the failures that forced the previous release back.",
    "freeze": "Certificate rotation and base-image patches, deployed over the year-end.",
    "undeployed": "Go-live missed: the business owner rejected the UAT sign-off.",
    "short_lead": "Raised late for a fixed marketing date.",
}

# (area, code for keys and tickets, product); a division takes two product areas and a platform.
PRODUCT_AREAS = (
    ("Payments", "PAY", "Payments API"),
    ("Identity", "IAM", "Identity Service"),
    ("Checkout", "CHK", "Checkout Web"),
    ("Billing", "BIL", "Billing Engine"),
    ("Search", "SRC", "Search Service"),
    ("Notifications", "NTF", "Notification Hub"),
    ("Onboarding", "ONB", "Onboarding Portal"),
    ("Loyalty", "LOY", "Loyalty Programme"),
    ("Pricing", "PRC", "Pricing Engine"),
    ("Orders", "ORD", "Order Service"),
)
PLATFORM_AREAS = (
    ("Platform", "PLT", "Platform"),
    ("Data Platform", "DAT", "Data Platform"),
    ("Cloud Infrastructure", "CLD", "Cloud Foundation"),
    ("Observability", "OBS", "Observability Stack"),
)


# Later laps of the area lists get a region (then a number), which keeps team names unique.
def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


REGIONS = tuple(
    tuple(pair.split(":"))
    for pair in ("EMEA:EM", "Americas:AM", "APAC:AP", "Nordics:NO", "DACH:DA", "Japan:JP")
)
FIRST_NAMES = _words(
    "Amara Ben Chloe Dev Elena Farid Grace Hugo Ines Jonas Kira Liam Maya Noah Olga Priya "
    "Quentin Rosa Sam Tariq Uma Viktor Wen Yusuf Zoe Alice Bruno Carmen Diego Eva"
)
LAST_NAMES = _words(
    "Okafor Schmidt Novak Patel Rossi Lindqvist Moreau Tanaka Silva Kowalski Byrne Haddad "
    "Jansen Costa Nguyen Fischer Ahmed Murphy Dubois Kim Larsen Mendes Ivanova Brown Garcia"
)

# A product team's components ({a}: area, {p}: product); the first is the parent of the rest.
PRODUCT_COMPONENTS = (
    ("{a} Suite", ComponentType.APPLICATION),
    ("{p}", ComponentType.SERVICE),
    ("{a} Worker", ComponentType.SERVICE),
    ("{a} Web UI", ComponentType.APPLICATION),
    ("{a} DB schema", ComponentType.DATABASE_SCHEMA),
    ("{a} Config", ComponentType.CONFIGURATION),
    ("{a} Client SDK", ComponentType.LIBRARY),
)
PLATFORM_COMPONENTS = (
    ("Kubernetes Cluster", ComponentType.INFRASTRUCTURE),
    ("Service Mesh Config", ComponentType.CONFIGURATION),  # a child of the cluster
    ("API Gateway", ComponentType.SERVICE),
    ("Customer DB schema", ComponentType.DATABASE_SCHEMA),
    ("Message Broker", ComponentType.INFRASTRUCTURE),
    ("Common HTTP Library", ComponentType.LIBRARY),
    ("Feature Flag Service", ComponentType.SERVICE),
    ("Logging Stack", ComponentType.INFRASTRUCTURE),
    ("Secrets Vault", ComponentType.INFRASTRUCTURE),
    ("CI Pipeline Templates", ComponentType.CONFIGURATION),
)
SHARED_DB = 3  # the platform's Customer DB schema: the component two releases fight over
SHAREABLE = (2, 5, 6)  # platform components that product releases often change too
FEAT, FIX, CONF, INFRA = tuple(ChangeKind)
# Packages: (name, indices into the team's components, the kinds of change they carry).
PRODUCT_PACKAGES = (
    ("Core service", (1, 2), (FEAT, FEAT, FIX)),
    ("Web front end", (3,), (FEAT, FIX)),
    ("Database migration", (4,), (INFRA, FEAT)),
    ("Configuration", (5,), (CONF,)),
    ("Client SDK", (6,), (FEAT, FIX)),
)
PLATFORM_PACKAGES = (
    ("Cluster upgrade", (0, 1), (INFRA, CONF)),
    ("Gateway and routing", (2,), (CONF, INFRA)),
    ("Data services", (3, 4), (INFRA, FEAT)),
    ("Shared libraries", (5, 6), (FEAT, FIX)),
    ("Observability", (7,), (INFRA, CONF)),
    ("Build and secrets", (8, 9), (INFRA, CONF)),
)
PACKAGE_COUNTS = {"major": (3, 4), "minor": (2, 3, 3, 4), "patch": (2, 3), "emergency": (2,)}
CHANGE_TITLES = {  # {p}: the product
    FEAT: (
        "Add CSV export of {p} history",
        "Support bulk updates in {p}",
        "Show an audit trail on {p} records",
        "Retry {p} webhooks with back-off",
        "Localise {p} e-mails into German and French",
    ),
    FIX: (
        "Fix timeout when the {p} queue is long",
        "Fix rounding of totals in {p} reports",
        "Fix time-zone shift in scheduled {p} jobs",
        "Fix memory leak in the {p} worker",
    ),
    CONF: (
        "Raise the {p} connection pool size",
        "Rotate TLS certificates",
        "Enable the phased roll-out flag",
    ),
    INFRA: (
        "Upgrade base images to Debian 12",
        "Move the {p} database to the new cluster",
        "Upgrade the Kubernetes node pool",
    ),
}

NOMINAL_SPAN = {"major": 70, "minor": 42, "patch": 14}  # planned start to go-live, in days
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
SUITE_NAMES = {
    "integration": "Integration test",
    "system": "System test",
    "regression": "Regression test",
    "uat": "UAT",
    "performance": "Performance test",
    "security": "Security test",
}
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
    stages: dict[str, tuple[date, date]]  # first and last day of each stage: build, go, els ...
    suites: list[str]  # the test suites and approvals its release type's policy requires
    roles: list[str]
    division: int
    slot: int  # its index in SLOTS


@dataclass(frozen=True, slots=True)
class DemoPlan:
    """What :func:`plan_demo` made: every record, and the releases with their facts."""

    records: list[object]
    releases: list[PlannedRelease]
    environments: dict[EnvironmentTier, dm.Environment]  # the one the demo uses per tier


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


@dataclass(slots=True)
class _Item:
    """A schedule item while it is planned."""

    name: str
    kind: ScheduleKind
    tier: EnvironmentTier | None = None
    package: int | None = None
    start: date = date.min
    end: date = date.min


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
        self.env: dict[EnvironmentTier, dm.Environment] = {}
        for environment in sorted(environments, key=lambda e: (e.sort_order, e.name)):
            self.env.setdefault(environment.tier, environment)
        if len(self.env) < len(EnvironmentTier):
            raise ValidationError("environments: the demo needs dev, test, staging and production")
        self.rules = {(r.release_type_id, r.code, r.parameter) for r in policy_rules}
        self.releases: list[PlannedRelease] = []
        self.keys: set[str] = set()
        self.ci_number = 40
        self.freeze = self._windows()
        agreed = today - 28 * DAY
        self.baseline = self.new(
            dm.Baseline,
            name=f"Plan agreed {agreed.isoformat()}",
            created_at=datetime.combine(agreed, time(16)),
        )

    def _windows(self) -> dm.FreezeWindow:
        """The year-end freeze nearest today, and maintenance weekends before and after today."""
        today, prod = self.today, self.env[PROD].id
        year = min((today.year - 1, today.year), key=lambda y: abs((date(y, 12, 24) - today).days))
        freeze = self.new(
            dm.FreezeWindow,
            name=f"Year-end change freeze {year}/{(year + 1) % 100:02d}",
            start=date(year, 12, 15),
            end=date(year + 1, 1, 2),
            environment_id=prod,
            reason="Peak trading and a skeleton crew over the holidays",
        )
        saturday = today + ((5 - today.weekday()) % 7 + 7) * DAY
        for start in (saturday - 56 * DAY, saturday):
            while start <= freeze.end and freeze.start <= start + DAY:  # never inside the freeze
                start += 21 * DAY
            self.new(
                dm.FreezeWindow,
                name=f"Production maintenance weekend {start.isoformat()}",
                start=start,
                end=start + DAY,
                kind=WindowKind.MAINTENANCE,
                environment_id=prod,
                reason="Quarterly operating-system and database patching",
            )
        return freeze

    def division(self, number: int) -> None:
        """Three teams with their components, and the releases of SLOTS among them."""
        rng, today = self.rng, self.today
        teams = [
            self._team(PRODUCT_AREAS, 2 * number, PRODUCT_COMPONENTS),
            self._team(PRODUCT_AREAS, 2 * number + 1, PRODUCT_COMPONENTS),
            self._team(PLATFORM_AREAS, number, PLATFORM_COMPONENTS),
        ]
        go_lives: list[date] = []
        for slot in SLOTS:
            if slot.story == "hotfix":  # three days after the release it repairs
                go_live = go_lives[-1] + 3 * DAY
            elif slot.story == "short_lead":  # the same night as the contested release
                go_live = go_lives[-1]
            elif slot.story == "freeze":
                go_live = self.freeze.start + (rng.randint(1, 14) if number else 4) * DAY
            else:
                shift = rng.randint(-slot.spread, slot.spread) if number else 0
                go_live = today + (slot.go_live + shift) * DAY
                # Planners keep releases out of the freeze; the few tied to today stay put.
                if slot.spread >= 10 and self.freeze.start <= go_live <= self.freeze.end:
                    go_live = self.freeze.end + 4 * DAY
            go_lives.append(go_live)
        # In go-live order, so that component versions advance the way the releases shipped.
        for index in sorted(range(len(SLOTS)), key=lambda i: (go_lives[i], i)):
            self._release(number, index, teams, go_lives[index])
        self.records += [
            replace(component, version=".".join(map(str, version)))
            for team in teams
            for component, version in zip(team.components, team.versions, strict=True)
        ]

    def _team(self, areas: tuple[tuple[str, str, str], ...], n: int, parts: tuple) -> _Team:
        rng = self.rng
        area, code, product = areas[n % len(areas)]
        lap = n // len(areas)
        region, short = ("", "") if lap == 0 else (f"Unit {lap}", str(lap))
        if 0 < lap <= len(REGIONS):
            region, short = REGIONS[lap - 1]
        suffix = f" {region}" if region else ""
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
    def _release(self, division: int, index: int, teams: list[_Team], go_live: date) -> None:
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
        items, deps, stages = self._schedule(rtype, suites, names, start, go_live, rehearse)
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
            status=self._status(slot.story, stages, start),
            owner_id=team.people[0].id,
            team_id=team.record.id,
            planned_start=start,
            planned_go_live=go_live,
            actual_start=start if start <= today else None,
            actual_go_live=go_live if go_live < today and slot.story != "undeployed" else None,
            description=STORY_NOTES.get(slot.story, f"{rtype.name} release of the {team.product}"),
        )
        packages = self._packages(release, templates, team, teams[2], slot)
        schedule = self._schedule_records(release, items, deps, packages, slot.story)
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

    def _status(
        self, story: str, stages: dict[str, tuple[date, date]], start: date
    ) -> ReleaseStatus:
        """Where the release stands today, read off its own schedule."""
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
            if self.today >= since:
                return status
        return ReleaseStatus.PLANNED

    # -- the schedule ----------------------------------------------------------------------------
    def _schedule(
        self,
        rtype: dm.ReleaseType,
        suites: list[str],
        names: list[str],
        start: date,
        live: date,
        rehearse: bool,
    ) -> tuple[list[_Item], list[tuple[int, int]], dict[str, tuple[date, date]]]:
        """Scope to review as a chain of stages; each item follows every item of the stage before.

        A normal release: scope agreed, builds, code freeze, then a deployment to each
        environment followed by its test phase, CAB with a rehearsal, go/no-go, production and
        go-live, early-life support and its exit. The phases share out the days from ``start``
        to go-live by PHASE_WEIGHT. An emergency release takes three days and skips the phases.

        Returns:
            The items, dependencies as (predecessor, successor) positions, and each stage's span.
        """
        env = self.env

        def deploy(tier: EnvironmentTier, name: str = "") -> _Item:
            return _Item(name or f"Deploy to {env[tier].name}", DEPLOYMENT, tier)

        def each(label: str, kind: ScheduleKind, tier: EnvironmentTier | None) -> list[_Item]:
            return [_Item(f"{label}: {name}", kind, tier, i) for i, name in enumerate(names)]

        if rtype.key.lower() == "emergency":
            stages = [
                ("build", 1, each("Build", BUILD, None)),
                ("deploy", 1, [deploy(DEV), deploy(TEST)]),
                ("go", 1, [deploy(STAGING), _Item("ECAB approval", MILESTONE)]),
            ]
        else:
            tests: dict[str, list[_Item]] = {"integration": [], "system": [], "staging": []}
            for suite in suites:
                phase = PHASE_OF_SUITE[suite]
                if suite in ("integration", "system"):  # package by package
                    tests[phase] += each(SUITE_NAMES[suite], TESTING, PHASE_TIER[phase])
                elif phase in tests:  # unit tests run inside the builds
                    tests[phase].append(_Item(SUITE_NAMES[suite], TESTING, PHASE_TIER[phase]))
            phases = ["build"] + [phase for phase, items in tests.items() if items]
            # Seven one-day stages: scope, code freeze, three deployments, CAB, go/no-go.
            span = max(len(phases), (live - start).days - 7)
            weight = sum(PHASE_WEIGHT[p] for p in phases)
            length = {p: max(1, round(span * PHASE_WEIGHT[p] / weight)) for p in phases}
            length["build"] = max(1, length["build"] + span - sum(length.values()))
            rehearsal = [deploy(STAGING, "Deployment rehearsal")] if rehearse else []
            stages = [
                ("scope", 1, [_Item("Scope agreed", MILESTONE)]),
                ("build", length["build"], each("Build", BUILD, None)),
                ("code_freeze", 1, [_Item("Code freeze", MILESTONE)]),
                ("dev", 1, [deploy(DEV)]),
                ("integration", length.get("integration", 0), tests["integration"]),
                ("test", 1, [deploy(TEST)]),
                ("system", length.get("system", 0), tests["system"]),
                ("staging_deploy", 1, [deploy(STAGING)]),
                ("staging", length.get("staging", 0), tests["staging"]),
                ("cab", 1, [_Item("CAB approval", MILESTONE), *rehearsal]),
                ("go", 1, [_Item("Go/no-go", MILESTONE)]),
            ]
            stages = [stage for stage in stages if stage[2]]
        stages += [
            ("live", 1, [deploy(PROD), _Item("Go-live", MILESTONE)]),
            ("els", max(1, rtype.els_days), [_Item("Early-life support", ELS)]),
            ("exit", 1, [_Item("ELS exit sign-off", MILESTONE)]),
        ]
        items: list[_Item] = []
        deps: list[tuple[int, int]] = []
        spans: dict[str, tuple[date, date]] = {}
        gate: list[int] = []
        day = live - sum(days for _, days, _ in stages[:-3]) * DAY
        for label, days, stage in stages:
            first, last = day, day + (days - 1) * DAY
            spans[label] = (first, last)
            for item in stage:
                item.start, item.end = first, last
                if item.package is not None and days > 3:  # packages do not move in lockstep
                    item.start += self.rng.randint(0, (days - 1) // 4) * DAY
                    item.end -= self.rng.randint(0, (days - 1) // 5) * DAY
                deps += [(before, len(items)) for before in gate]
                items.append(item)
            gate, day = list(range(len(items) - len(stage), len(items))), last + DAY
        spans.setdefault("cab", spans["go"])  # the ECAB decides on the go/no-go day
        review = live + max(1, rtype.review_due_days) * DAY
        deps.append((len(items) - 3, len(items)))  # go-live → review
        items.append(_Item("Post-release review", ScheduleKind.REVIEW, start=review, end=review))
        return items, deps, spans

    def _schedule_records(
        self,
        release: dm.Release,
        items: list[_Item],
        deps: list[tuple[int, int]],
        packages: list[dm.ReleasePackage],
        story: str,
    ) -> list[dm.ScheduleItem]:
        """Schedule items with today's progress, their dependencies and their baseline."""
        rng, today, live = self.rng, self.today, release.planned_go_live
        records = []
        for item in items:
            actual_start = actual_end = None
            if story == "undeployed" and item.start >= live:
                status = ScheduleStatus.LATE if item.end < today else ScheduleStatus.NOT_STARTED
            elif (
                story == "rolled_back"
                and live < item.start
                and item.kind is not ScheduleKind.REVIEW
            ):
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
                self.new(
                    dm.ScheduleItem,
                    release_id=release.id,
                    name=item.name,
                    kind=item.kind,
                    planned_start=item.start,
                    planned_end=item.end,
                    package_id=None if item.package is None else packages[item.package].id,
                    environment_id=None if item.tier is None else self.env[item.tier].id,
                    status=status,
                    actual_start=actual_start,
                    actual_end=actual_end,
                    team_id=release.team_id,
                )
            )
        for before, after in deps:
            self.new(
                dm.Dependency, predecessor_id=records[before].id, successor_id=records[after].id
            )
        # The plan agreed four weeks ago: open releases that had started; some slipped since.
        if (
            release.actual_start
            and release.status not in FINISHED_RELEASE_STATUSES
            and story != "short_lead"
        ):
            slip = rng.choice((0, 0, 2, 3, 5)) * DAY
            for record in records:
                self.new(
                    dm.BaselineItem,
                    baseline_id=self.baseline.id,
                    schedule_item_id=record.id,
                    planned_start=record.planned_start - slip,
                    planned_end=record.planned_end - slip,
                )
        return records

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
