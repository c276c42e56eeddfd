"""What happened to the demo's releases up to ``today``: deployments to every environment, build
and test runs, approvals, incidents during early-life support and its exit criteria, post-release
reviews with actions, and risks.

Pure, like :mod:`releaseplanner.domain.demo_plan`, whose :class:`PlannedRelease` facts it follows:
a closed release has all of it, a release in test some test runs and pending approvals, a planned
one little yet. Every random choice and id comes from the caller's seeded ``random.Random``; the
trend of each release's risk score follows in :mod:`releaseplanner.domain.demo_trend`.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from releaseplanner.domain import model as dm
from releaseplanner.domain.demo_plan import SLOTS, PlannedRelease, RecordMaker
from releaseplanner.domain.demo_schedule import (
    DAY,
    DEPLOYMENT,
    PHASE_OF_SUITE,
    PHASE_TIER,
    PROD,
    REHEARSAL,
)
from releaseplanner.domain.demo_vocabulary import (
    ACTIONS,
    ELS_CRITERIA,
    INCIDENTS_CAUSED,
    INCIDENTS_OTHER,
    LESSONS,
    RISKS,
    WENT_WELL,
    WENT_WRONG,
)
from releaseplanner.domain.enums import (
    FINISHED_RELEASE_STATUSES,
    ActionStatus,
    ApprovalDecision,
    ApprovalRole,
    BuildResult,
    CloseCode,
    DeploymentResult,
    IncidentCategory,
    IncidentSeverity,
    ObjectivesMet,
    ReleaseStatus,
    RiskStatus,
    ScheduleKind,
    TestSuite,
)

SUITE_CASES = {  # test cases per run of each suite: (fewest, most)
    "unit": (300, 900),
    "integration": (60, 200),
    "system": (40, 150),
    "regression": (150, 400),
    "uat": (20, 60),
    "performance": (6, 20),
    "security": (15, 45),
}
# Likelihood × impact pairs per band of the 5×5 matrix: critical, high, medium, low.
RISK_RATINGS = (
    ((4, 5), (5, 4), (5, 5)),
    ((3, 4), (4, 3), (4, 4), (2, 5), (5, 3)),
    ((2, 3), (3, 2), (3, 3), (2, 4), (1, 5)),
    ((1, 2), (2, 1), (2, 2), (1, 4), (1, 3)),
)


class DemoHistory(RecordMaker):
    """What happened to planned releases up to ``today``, as records."""

    def __init__(self, rng: random.Random, today: date) -> None:
        super().__init__(rng)
        self.today = today
        self.midnight = datetime.combine(today, time())
        self.division = -1
        self.contested = datetime.min  # the contested release's production deployment
        self.forced_bands = 0  # the first risks of a division cover every band
        self.overdue = False  # and one of its open risks is past its review date

    def add(self, planned: PlannedRelease) -> None:
        """Add the history of ``planned`` to :attr:`records`; call it in plan order."""
        if planned.division != self.division:
            self.division, self.forced_bands, self.overdue = planned.division, 0, False
        production = self._deployments(planned)
        self._builds(planned)
        self._tests(planned)
        self._approvals(planned)
        incidents = self._incidents(planned, production)
        self._els(planned)
        self._review(planned, incidents)
        self._risks(planned)

    def _at(self, day: date, first_hour: int = 8, last_hour: int = 18) -> datetime:
        return datetime.combine(
            day, time(self.rng.randint(first_hour, last_hour), self.rng.randint(0, 59))
        )

    def _deployments(self, planned: PlannedRelease) -> dm.Deployment:
        """One per environment; daytime below production, evenings in production.

        In the first division each release has its own hour, so the only overlap is the one the
        short-lead release makes on purpose on the contested release's night.
        """
        rng, story, prod = self.rng, planned.story, planned.environments[PROD].id
        hour = planned.slot if planned.division == 0 else rng.randrange(len(SLOTS))
        production = None
        for item in planned.schedule:
            if item.kind is not DEPLOYMENT or item.name == REHEARSAL:
                continue
            in_prod = item.environment_id == prod
            begin = datetime.combine(item.planned_start, time(18 if in_prod else 7))
            begin += timedelta(minutes=(50 if in_prod else 60) * hour)
            length = timedelta(minutes=45)
            if in_prod and story == "contested":  # the evening both releases want
                begin = self.contested = datetime.combine(item.planned_start, time(21))
            elif in_prod and story == "short_lead":
                begin, length = self.contested + timedelta(minutes=20), timedelta(minutes=90)
            result, actual_start, actual_end, notes = DeploymentResult.PLANNED, None, None, ""
            if in_prod and story == "undeployed":
                notes = "Not deployed: no-go at the go/no-go meeting"
            elif item.planned_start < self.today:
                actual_start = begin + timedelta(minutes=rng.randint(-5, 15))
                actual_end = actual_start + length + timedelta(minutes=rng.randint(-15, 30))
                result = DeploymentResult.SUCCEEDED
                if in_prod and story == "rolled_back":
                    result = DeploymentResult.ROLLED_BACK
                    notes = "Error rate above 20% after the switch-over; previous version restored"
                elif rng.random() < 0.1:
                    result = DeploymentResult.SUCCEEDED_WITH_ISSUES
                    notes = "Smoke test failed once and passed on a re-run"
            deployment = self.new(
                dm.Deployment,
                release_id=planned.release.id,
                environment_id=item.environment_id or prod,
                planned_start=begin,
                planned_end=begin + length,
                result=result,
                actual_start=actual_start,
                actual_end=actual_end,
                deployed_by=rng.choice(planned.people).name,
                notes=notes,
            )
            if in_prod:
                production = deployment
        assert production is not None  # every schedule ends with a production deployment
        return production

    def _builds(self, planned: PlannedRelease) -> None:
        """CI runs over each package's build, the last one green once the build is done."""
        rng, today = self.rng, self.today
        version = planned.release.key.split("-", 1)[1]
        for item in planned.schedule:
            if item.kind is not ScheduleKind.BUILD or item.planned_start > today:
                continue
            first, last = item.planned_start, min(item.planned_end, today)
            count = min(5, 1 + (last - first).days // 4)
            number = rng.randint(100, 900)
            slug = item.name.split(": ", 1)[1].lower().replace(" ", "-")
            for n in range(count):
                number += rng.randint(1, 4)
                final = n == count - 1
                if final:
                    day = last
                    result = (
                        BuildResult.SUCCEEDED if item.planned_end < today else BuildResult.RUNNING
                    )
                else:
                    day = first + (last - first) * n // count
                    result = rng.choices((BuildResult.SUCCEEDED, BuildResult.FAILED), (3, 1))[0]
                self.new(
                    dm.BuildRun,
                    package_id=item.package_id,
                    number=number,
                    version=f"{version}-b{number}",
                    started_at=self._at(day),
                    result=result,
                    link=f"https://ci.example.com/{planned.code.lower()}/{slug}/{number}",
                )

    def _tests(self, planned: PlannedRelease) -> None:
        """Runs of each required suite on each package once its phase has begun."""
        rng, today = self.rng, self.today
        threshold = planned.release_type.min_test_pass_rate
        for suite in planned.suites:
            phase = PHASE_OF_SUITE[suite]
            if phase not in planned.stages or planned.stages[phase][0] >= today:
                continue
            first, last = planned.stages[phase]
            done = last < today
            # The release that missed its go-live failed UAT: no sign-off, pass rate too low.
            failing = planned.story == "undeployed" and phase == "staging"
            environment = planned.environments[PHASE_TIER[phase]].id
            for package in planned.packages:
                runs = 2 if done and rng.random() < 0.4 else 1
                for n in range(runs):
                    final = n == runs - 1
                    day = max(first, min(last, today - DAY)) if final else first
                    total = rng.randint(*SUITE_CASES[suite])
                    clean = done and final and not failing
                    if clean:
                        failed, blocked = int(total * rng.uniform(0, 1 - threshold)), 0
                    else:
                        share = rng.uniform(0.08, 0.2) if failing else rng.uniform(0.02, 0.1)
                        failed, blocked = int(total * share), rng.randint(0, 3)
                    self.new(
                        dm.TestRun,
                        package_id=package.id,
                        suite=TestSuite(suite),
                        run_on=day,
                        passed=total - failed - blocked,
                        failed=failed,
                        blocked=blocked,
                        environment_id=environment,
                        tester=rng.choice(planned.people).name,
                        signed_off_by=planned.people[0].name if clean else "",
                    )

    def _approvals(self, planned: PlannedRelease) -> None:
        """Decided up to today, pending after; a planned release has not asked yet."""
        rng, story, release = self.rng, planned.story, planned.release
        for n, role in enumerate(planned.roles):
            if story == "short_lead" and n:
                break  # only the CAB has been asked: the other approvals are missing
            if release.status is ReleaseStatus.PLANNED and story != "short_lead":
                break
            on = planned.stages["cab"][0] if role in ("cab", "ecab") else planned.stages["go"][0]
            decision, decided_at, comment = ApprovalDecision.PENDING, None, ""
            if on < self.today:
                decided_at = self._at(on, 9, 17)
                if story == "undeployed" and n and n == len(planned.roles) - 1:
                    decision = ApprovalDecision.REJECTED
                    comment = "UAT sign-off withheld: three severity-2 defects still open"
                else:
                    decision = ApprovalDecision.APPROVED
                    comment = "Emergency change authorised" if role == "ecab" else ""
            self.new(
                dm.Approval,
                release_id=release.id,
                role=ApprovalRole(role),
                approver=rng.choice(planned.colleagues).name,
                decision=decision,
                decided_at=decided_at,
                comment=comment,
            )

    def _incidents(self, planned: PlannedRelease, production: dm.Deployment) -> list[dm.Incident]:
        """Incidents during early-life support, the first caused by the release; the rolled-back
        release has the two that forced the rollback."""
        rng, release = self.rng, planned.release
        live = release.actual_go_live
        if live is None:
            return []
        product = release.name.rsplit(" ", 1)[0]
        found: list[tuple] = []  # title, severity, category, caused, opened, resolved
        if planned.story == "rolled_back" and production.actual_start and production.actual_end:
            opened = production.actual_start + timedelta(minutes=25)
            found += [
                (f"{product}: customers cannot complete requests after the deployment",
                 IncidentSeverity.SEV1, IncidentCategory.DEFECT, True, opened,
                 production.actual_end + timedelta(minutes=10)),
                (f"{product}: duplicate records written during the failed deployment",
                 IncidentSeverity.SEV2, IncidentCategory.DATA, True, opened + timedelta(hours=1),
                 opened + timedelta(hours=20)),
            ]  # fmt: skip
        else:
            first, last = live + DAY, min(planned.stages["els"][1], self.today - DAY)
            count = planned.incidents if planned.incidents >= 0 else rng.choice((0, 1, 1, 2))
            start = rng.randrange(len(INCIDENTS_CAUSED))  # consecutive titles: no repeats
            for n in range(count if first <= last else 0):
                opened = self._at(first + rng.randint(0, (last - first).days) * DAY, 7, 20)
                if n == 0 or rng.random() < 0.4:
                    title, caused = INCIDENTS_CAUSED[(start + n) % len(INCIDENTS_CAUSED)], True
                    category = rng.choice((IncidentCategory.DEFECT, IncidentCategory.DATA))
                    severity = rng.choice((IncidentSeverity.SEV2, IncidentSeverity.SEV3))
                else:
                    (category, title), caused = rng.choice(INCIDENTS_OTHER), False
                    severity = rng.choice((IncidentSeverity.SEV3, IncidentSeverity.SEV4))
                resolved = opened + timedelta(hours=rng.randint(1, 40))
                in_els = release.status is ReleaseStatus.EARLY_LIFE_SUPPORT and n == count - 1
                if in_els or resolved >= self.midnight:  # still being worked on
                    resolved = None
                found.append(
                    (title.format(p=product), severity, category, caused, opened, resolved)
                )
        return [
            self.new(
                dm.Incident,
                title=title,
                severity=severity,
                opened_at=opened,
                release_id=release.id,
                category=category,
                environment_id=planned.environments[PROD].id,
                resolved_at=resolved,
                caused_by_release=caused,
                advice="Known error recorded; workaround with the service desk" if caused else "",
            )
            for title, severity, category, caused, opened, resolved in found
        ]

    def _els(self, planned: PlannedRelease) -> None:
        """Exit criteria of early-life support: all met once closed, a couple so far in ELS."""
        release = planned.release
        if release.actual_go_live is None or planned.story == "rolled_back":
            return
        closed = release.status is ReleaseStatus.CLOSED
        for n, criterion in enumerate(ELS_CRITERIA):
            on = planned.stages["exit"][0] if closed else release.actual_go_live + (2 * n + 2) * DAY
            met = closed or (n < 2 and on < self.today)
            self.new(
                dm.ElsCriterion,
                release_id=release.id,
                criterion=criterion,
                met=met,
                signed_off_by=planned.people[0].name if met else "",
                signed_off_at=datetime.combine(on, time(17)) if met else None,
            )

    def _review(self, planned: PlannedRelease, incidents: list[dm.Incident]) -> None:
        """The post-release review, held on its scheduled day, with follow-up actions."""
        rng, release = self.rng, planned.release
        held = planned.schedule[-1].planned_start  # the schedule ends with the review
        if release.actual_go_live is None or held >= self.today:
            return
        if planned.story == "rolled_back":
            objectives, code = ObjectivesMet.NO, CloseCode.UNSUCCESSFUL
            went_wrong = "Production deployment failed and was rolled back"
        elif any(i.caused_by_release and i.opened_at.date() < held for i in incidents):
            objectives, code = ObjectivesMet.PARTLY, CloseCode.SUCCESSFUL_WITH_ISSUES
            went_wrong = rng.choice(WENT_WRONG)
        else:
            objectives, code, went_wrong = ObjectivesMet.YES, CloseCode.SUCCESSFUL, ""
        review = self.new(
            dm.Review,
            release_id=release.id,
            held_on=held,
            facilitator=rng.choice(planned.colleagues).name,
            participants=", ".join(person.name for person in planned.people),
            objectives_met=objectives,
            went_well=rng.choice(WENT_WELL),
            went_wrong=went_wrong,
            lessons=rng.choice(LESSONS),
            close_code=code,
        )
        count = 3 if planned.story == "rolled_back" else rng.randint(1, 3)
        for description in rng.sample(ACTIONS, count):
            due = held + rng.randint(10, 30) * DAY
            if due < self.today:  # most done, some overdue
                status = rng.choices((ActionStatus.DONE, ActionStatus.OPEN), (7, 3))[0]
            else:
                status = rng.choice((ActionStatus.OPEN, ActionStatus.IN_PROGRESS))
            self.new(
                dm.ReviewAction,
                review_id=review.id,
                description=description,
                owner=rng.choice(planned.people).name,
                due_on=due,
                status=status,
            )

    def _risks(self, planned: PlannedRelease) -> None:
        """Two to four risks of different categories; closed with the release, open before."""
        rng, today, release = self.rng, self.today, planned.release
        product = release.name.rsplit(" ", 1)[0]
        count = rng.randint(1, 2) if planned.release_type.key == "emergency" else rng.randint(2, 4)
        for n, category in enumerate(rng.sample(list(RISKS), count)):
            if release.status not in FINISHED_RELEASE_STATUSES and self.forced_bands < len(
                RISK_RATINGS
            ):
                band, self.forced_bands = self.forced_bands, self.forced_bands + 1
            else:
                band = rng.choices(range(len(RISK_RATINGS)), (1, 3, 4, 3))[0]
            likelihood, impact = rng.choice(RISK_RATINGS[band])
            if release.status is ReleaseStatus.ROLLED_BACK:
                status = RiskStatus.OCCURRED if n == 0 else RiskStatus.CLOSED
            elif release.status is ReleaseStatus.CLOSED:
                status = rng.choices((RiskStatus.CLOSED, RiskStatus.ACCEPTED), (4, 1))[0]
            else:
                status = rng.choices(
                    (RiskStatus.OPEN, RiskStatus.MITIGATING, RiskStatus.ACCEPTED), (4, 4, 2)
                )[0]
            residual = (None, None)
            if status in (RiskStatus.MITIGATING, RiskStatus.ACCEPTED, RiskStatus.CLOSED):
                residual = (
                    max(1, likelihood - rng.randint(1, 2)),
                    max(1, impact - rng.randint(0, 1)),
                )
            if status in (RiskStatus.OPEN, RiskStatus.MITIGATING):
                review = today + rng.randint(-20, 30) * DAY
                if not self.overdue:  # one open risk per division is overdue for review
                    review, self.overdue = today - 6 * DAY, True
            elif status is RiskStatus.ACCEPTED:
                review = today + rng.randint(10, 60) * DAY
            else:
                review = release.planned_go_live
            title, mitigation, contingency = (text.format(p=product) for text in RISKS[category])
            self.new(
                dm.Risk,
                release_id=release.id,
                title=title,
                category=category,
                likelihood=likelihood,
                impact=impact,
                package_id=rng.choice(planned.packages).id if rng.random() < 0.5 else None,
                owner_id=rng.choice(planned.people).id,
                mitigation=mitigation,
                contingency=contingency,
                status=status,
                residual_likelihood=residual[0],
                residual_impact=residual[1],
                review_date=review,
            )
