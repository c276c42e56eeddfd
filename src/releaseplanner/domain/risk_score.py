"""The release risk score (0-100) and the readiness score, from stated inputs, with breakdowns.

Users distrust scores they cannot see into, so both scores are sums of named components and
each component carries its raw input, its weight, the points it gave and a sentence saying why.
Everything here is a pure function of a :class:`RiskInputs`, which a service gathers.

Release risk score: the weights (:data:`SCORE_WEIGHTS`, which sum to 100)
    * Open risks (40). The register is the team's own judgement, so it weighs most. The worst
      active risk gives up to 25: one critical risk (score 25) is enough to make a release
      risky whatever else is true. The sum of active risk scores gives up to 15, full at 60
      (three critical or four to six high risks): many medium risks add up too.
    * Test evidence (25). Failed policy checks are the strongest predictor in published release
      scores. The shortfall of the latest runs' pass rate gives up to 15, full at 80 % or worse
      (and when nothing was run: no evidence is not good evidence). Required suites (the release
      type's ``suite_required`` rules) without any run give up to 10, pro rata.
    * Size of the change (15). Bigger changes fail more often: components changed (5, full at
      20), change items (5, full at 50) and production environments touched (5, full at 2).
    * Schedule pressure (15). Time pressure = 1 − days to go-live / 14, as the published scores
      have it, gives up to 10 (nothing once the release is live or without a date). Schedule
      items late give up to 5, full at 3.
    * Schedule conflicts (5, full at 3): problems the schedule rules find that involve the
      release (overlapping deployments, freeze breaches, violated dependencies, component
      clashes; a missed go-live is left to time pressure, so it does not count twice).

Bands of the 0-100 score (:data:`RELEASE_SCORE_BANDS`): 0-24 low, 25-49 medium, 50-74 high,
75-100 critical. A score above the release type's ``max_risk_score`` needs escalation.

Readiness (0-100, :data:`READINESS_WEIGHTS`): 35 × pass rate + 25 × share of tests executed
(blocked tests were not) + 20 × required suites covered + 20 × (no critical risk open). A release
is ready when it reaches :data:`READINESS_THRESHOLD` and has no blocker; blockers (a rejected
approval, an open critical risk, a required suite never run or whose latest runs fall below the
policy's pass rate) override the score to "not ready" and are listed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ApprovalDecision, RiskBand
from releaseplanner.domain.risk import SCORE_BANDS, is_active

#: Time pressure reaches zero this many days before go-live (DOMAIN: 1 − days remaining / 14).
PRESSURE_HORIZON_DAYS = 14

#: The lowest pass rate that still earns some test-evidence points back.
PASS_RATE_FLOOR = 0.80


@dataclass(frozen=True, slots=True)
class ScoreWeight:
    """One row of a weights table: a component's label, its points, and the raw value at which
    it gives all of them (None where the rule is not a plain linear ramp)."""

    key: str
    label: str
    points: float
    full_at: float | None
    rationale: str


#: The release risk score's weights (see the module docstring for the reasoning); sum: 100.
SCORE_WEIGHTS: dict[str, ScoreWeight] = {
    w.key: w
    for w in (
        ScoreWeight("worst_risk", "Worst open risk", 25, 25, "one critical risk is enough"),
        ScoreWeight("risk_total", "Open risks total", 15, 60, "many medium risks add up"),
        ScoreWeight("pass_rate", "Test pass rate", 15, None, "failed tests predict failure"),
        ScoreWeight("suites_missing", "Required suites missing", 10, None, "no evidence"),
        ScoreWeight("components", "Components changed", 5, 20, "bigger changes fail more"),
        ScoreWeight("change_items", "Change items", 5, 50, "bigger changes fail more"),
        ScoreWeight("production", "Production environments", 5, 2, "more places to break"),
        ScoreWeight("time_pressure", "Days to go-live", 10, None, "rushed work fails more"),
        ScoreWeight("late_items", "Late schedule items", 5, 3, "slippage compresses testing"),
        ScoreWeight("conflicts", "Schedule conflicts", 5, 3, "clashes cause failed deployments"),
    )
}

#: (lowest score of the band, band), highest first, for the 0-100 release score.
RELEASE_SCORE_BANDS: tuple[tuple[int, RiskBand], ...] = (
    (75, RiskBand.CRITICAL),
    (50, RiskBand.HIGH),
    (25, RiskBand.MEDIUM),
    (0, RiskBand.LOW),
)

#: Readiness weights (DOMAIN.md's example), as fractions of 100.
READINESS_WEIGHTS: dict[str, float] = {
    "pass_rate": 0.35,
    "executed": 0.25,
    "coverage": 0.20,
    "no_criticals": 0.20,
}

#: A release with no blocker is ready from this readiness score on.
READINESS_THRESHOLD = 80

#: The lowest single-risk score (likelihood × impact) of the critical band.
CRITICAL_RISK_SCORE = next(lowest for lowest, band in SCORE_BANDS if band is RiskBand.CRITICAL)


@dataclass(frozen=True, slots=True)
class RiskInputs:
    """What a release's scores are computed from; a service gathers it in one read.

    ``risks`` are all the release's risks (inactive ones are ignored here, not by the caller);
    ``test_runs`` all runs of its packages (the latest per package and suite count);
    ``required_suites`` the TestSuite values its type's ``suite_required`` rules name.
    """

    release_key: str
    today: date
    risks: tuple[dm.Risk, ...] = ()
    test_runs: tuple[dm.TestRun, ...] = ()
    approvals: tuple[dm.Approval, ...] = ()
    required_suites: tuple[str, ...] = ()
    min_test_pass_rate: float = 0.95
    max_risk_score: int = 60
    component_count: int = 0
    change_item_count: int = 0
    production_environments: int = 0
    go_live: date | None = None
    gone_live: bool = False
    late_items: int = 0
    conflicts: int = 0


@dataclass(frozen=True, slots=True)
class ScoreComponent:
    """One line of a breakdown: what was measured, its weight, the points given and why."""

    name: str
    raw: float | int | None
    weight: float
    points: float
    explanation: str


@dataclass(frozen=True, slots=True)
class ReleaseRiskScore:
    score: int
    band: RiskBand
    components: tuple[ScoreComponent, ...]
    max_risk_score: int
    needs_escalation: bool

    def breakdown_json(self) -> str:
        """The score, band and components as JSON text (what a RiskSnapshot stores)."""
        return json.dumps(
            {
                "score": self.score,
                "band": self.band.value,
                "max_risk_score": self.max_risk_score,
                "needs_escalation": self.needs_escalation,
                "components": [asdict(c) for c in self.components],
            }
        )


@dataclass(frozen=True, slots=True)
class Readiness:
    score: int
    threshold: int
    ready: bool
    components: tuple[ScoreComponent, ...]
    blockers: tuple[str, ...] = field(default=())

    @property
    def verdict(self) -> str:
        return "ready" if self.ready else "not ready"


def release_band(score: float) -> RiskBand:
    """The band of a 0-100 release score.

    Raises:
        ValueError: for a score outside 0-100.
    """
    if not 0 <= score <= 100:
        raise ValueError(f"a release risk score runs from 0 to 100, not {score}")
    for lowest, band in RELEASE_SCORE_BANDS:
        if score >= lowest:
            return band
    raise AssertionError("unreachable: the lowest band starts at 0")


def latest_runs(runs: Iterable[dm.TestRun]) -> list[dm.TestRun]:
    """The latest run of each (package, suite): older runs were superseded by a re-test."""
    latest: dict[tuple[str, str], dm.TestRun] = {}
    for run in runs:
        slot = (run.package_id, run.suite.value)
        kept = latest.get(slot)
        # Same-day re-runs: the id breaks the tie only so the result does not depend on order.
        if kept is None or (run.run_on, run.id) > (kept.run_on, kept.id):
            latest[slot] = run
    return sorted(latest.values(), key=lambda r: (r.suite.value, r.package_id))


def is_late(item: dm.ScheduleItem, today: date) -> bool:
    """Marked late, or its planned end has passed and it is neither done nor cancelled."""
    if item.status.value == "late":
        return True
    return item.planned_end < today and item.status.value not in ("done", "cancelled")


def _ramp(key: str, raw: float) -> float:
    weight = SCORE_WEIGHTS[key]
    assert weight.full_at is not None
    return weight.points * min(1.0, max(0.0, raw / weight.full_at))


def _component(key: str, raw: float | int | None, points: float, why: str) -> ScoreComponent:
    weight = SCORE_WEIGHTS[key]
    return ScoreComponent(weight.label, raw, weight.points, round(points, 1), why)


def _active_scores(inputs: RiskInputs) -> list[int]:
    return sorted((r.score for r in inputs.risks if is_active(r)), reverse=True)


def _test_totals(runs: list[dm.TestRun]) -> tuple[int, int, int]:
    return (
        sum(r.passed for r in runs),
        sum(r.failed for r in runs),
        sum(r.blocked for r in runs),
    )


def _suites_run(runs: list[dm.TestRun]) -> set[str]:
    return {r.suite.value for r in runs if r.passed + r.failed + r.blocked > 0}


def release_risk_score(inputs: RiskInputs) -> ReleaseRiskScore:
    """Compute the 0-100 risk score of one release with its breakdown (see module docstring)."""
    scores = _active_scores(inputs)
    worst, total = (scores[0] if scores else 0), sum(scores)
    runs = latest_runs(inputs.test_runs)
    passed, failed, blocked = _test_totals(runs)
    planned = passed + failed + blocked
    required = sorted(set(inputs.required_suites))
    missing = [s for s in required if s not in _suites_run(runs)]

    parts = [
        _component(
            "worst_risk",
            worst,
            _ramp("worst_risk", worst),
            f"highest likelihood × impact of {len(scores)} active risks"
            if scores
            else "no active risks",
        ),
        _component("risk_total", total, _ramp("risk_total", total), "sum of active risk scores"),
    ]
    if planned:
        rate = passed / planned
        shortfall = min(1.0, (1 - rate) / (1 - PASS_RATE_FLOOR))
        why = f"{passed} of {planned} tests passed in the latest run of each suite"
        parts.append(
            _component(
                "pass_rate",
                round(rate, 4),
                SCORE_WEIGHTS["pass_rate"].points * shortfall,
                why,
            )
        )
    else:
        parts.append(
            _component(
                "pass_rate", None, SCORE_WEIGHTS["pass_rate"].points, "no test runs recorded"
            )
        )
    suite_points = SCORE_WEIGHTS["suites_missing"].points * len(missing) / len(required or [""])
    parts.append(
        _component(
            "suites_missing",
            len(missing),
            suite_points,
            f"never run: {', '.join(missing)} (of {len(required)} required)"
            if missing
            else f"all {len(required)} required suites have runs",
        )
    )
    parts += [
        _component(
            "components",
            inputs.component_count,
            _ramp("components", inputs.component_count),
            "configuration items the packages change",
        ),
        _component(
            "change_items",
            inputs.change_item_count,
            _ramp("change_items", inputs.change_item_count),
            "tickets in the packages (deferred ones excluded)",
        ),
        _component(
            "production",
            inputs.production_environments,
            _ramp("production", inputs.production_environments),
            "production environments deployed to",
        ),
        _pressure(inputs),
        _component(
            "late_items",
            inputs.late_items,
            _ramp("late_items", inputs.late_items),
            "schedule items past their planned end and not done",
        ),
        _component(
            "conflicts",
            inputs.conflicts,
            _ramp("conflicts", inputs.conflicts),
            "deployment overlaps, freeze breaches, dependency and component clashes",
        ),
    ]
    # Sum the one-decimal points the breakdown shows, so a reader adding them up gets the score.
    score = min(100, max(0, round(sum(p.points for p in parts))))
    return ReleaseRiskScore(
        score=score,
        band=release_band(score),
        components=tuple(parts),
        max_risk_score=inputs.max_risk_score,
        needs_escalation=score > inputs.max_risk_score,
    )


def _pressure(inputs: RiskInputs) -> ScoreComponent:
    if inputs.gone_live:
        return _component("time_pressure", None, 0, "already live")
    if inputs.go_live is None:
        return _component("time_pressure", None, 0, "no planned go-live")
    days = (inputs.go_live - inputs.today).days
    pressure = min(1.0, max(0.0, 1 - days / PRESSURE_HORIZON_DAYS))
    why = (
        f"go-live passed {-days} days ago and not live"
        if days < 0
        else f"{days} days to go-live: pressure 1 − {days}/{PRESSURE_HORIZON_DAYS}"
    )
    return _component("time_pressure", days, SCORE_WEIGHTS["time_pressure"].points * pressure, why)


def readiness(inputs: RiskInputs, threshold: int = READINESS_THRESHOLD) -> Readiness:
    """Compute a release's readiness (0-100), its components and the blockers that override it."""
    runs = latest_runs(inputs.test_runs)
    passed, failed, blocked = _test_totals(runs)
    planned = passed + failed + blocked
    required = sorted(set(inputs.required_suites))
    covered = [s for s in required if s in _suites_run(runs)]
    criticals = [r for r in inputs.risks if is_active(r) and r.score >= CRITICAL_RISK_SCORE]

    pass_rate = passed / planned if planned else 0.0
    executed = (passed + failed) / planned if planned else 0.0
    coverage = len(covered) / len(required) if required else 1.0
    no_criticals = 0.0 if criticals else 1.0
    values = {
        "pass_rate": (pass_rate, f"{passed} of {planned} tests passed (latest runs)"),
        "executed": (executed, f"{passed + failed} of {planned} tests executed, {blocked} blocked"),
        "coverage": (coverage, f"{len(covered)} of {len(required)} required suites run"),
        "no_criticals": (no_criticals, f"{len(criticals)} critical risks open"),
    }
    labels = {
        "pass_rate": "Test pass rate",
        "executed": "Tests executed",
        "coverage": "Required suites covered",
        "no_criticals": "No critical risks",
    }
    parts = tuple(
        ScoreComponent(
            labels[key],
            round(value, 4),
            READINESS_WEIGHTS[key] * 100,
            round(READINESS_WEIGHTS[key] * 100 * value, 1),
            why,
        )
        for key, (value, why) in values.items()
    )
    score = min(100, max(0, round(sum(p.points for p in parts))))
    found = _blockers(inputs, runs, criticals)
    return Readiness(
        score=score,
        threshold=threshold,
        ready=score >= threshold and not found,
        components=parts,
        blockers=tuple(found),
    )


def _blockers(inputs: RiskInputs, runs: list[dm.TestRun], criticals: list[dm.Risk]) -> list[str]:
    found = [
        f"{a.role.label} approval rejected" + (f" by {a.approver}" if a.approver else "")
        for a in inputs.approvals
        if a.decision is ApprovalDecision.REJECTED
    ]
    found += [
        f"critical risk open: '{r.title}' ({r.likelihood}×{r.impact}={r.score})" for r in criticals
    ]
    for suite in sorted(set(inputs.required_suites)):
        passed, failed, blocked = _test_totals([r for r in runs if r.suite.value == suite])
        planned = passed + failed + blocked
        if not planned:
            found.append(f"required suite '{suite}' has no test run")
        elif passed / planned < inputs.min_test_pass_rate:
            found.append(
                f"required suite '{suite}' latest runs pass {passed / planned:.1%}, below the "
                f"{inputs.min_test_pass_rate:.1%} the policy requires"
            )
    return found
