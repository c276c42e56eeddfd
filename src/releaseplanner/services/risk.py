"""Risk use cases: the register, release risk and readiness scores, snapshots, journalled edits.

Reads gather every input of the scores in one read session (:mod:`releaseplanner.services.
risk_inputs`) and hand them to the pure functions of :mod:`releaseplanner.domain.risk_score`.
Edits of risks (create, update, delete) are undoable commands that validate, write the journal
and record a :class:`~releaseplanner.domain.model.RiskSnapshot` of the release's new score in the
same transaction: the trend chart shows stored history, never a recomputation.

Schedule conflicts are counted from the schedule rules unless a caller passes ``conflicts``
(release id → count, or a count for one release) that it already knows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ReleaseStatus, RiskBand, RiskCategory, RiskStatus
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.ids import new_id
from releaseplanner.domain.risk import (
    band_for_score,
    coerce_risk_values,
    is_active,
    is_review_overdue,
    residual_score,
)
from releaseplanner.domain.risk_score import (
    Readiness,
    ReleaseRiskScore,
    readiness,
    release_risk_score,
)
from releaseplanner.services.changes import ChangeSet
from releaseplanner.services.commands import Command, CreateRecords, DeleteRecord, EditRecord
from releaseplanner.services.journal import JournalWriter
from releaseplanner.services.risk_inputs import ScoreFacts, conflict_counts
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store

#: Releases still heading for go-live: the ones a readiness review is about.
UPCOMING_STATUSES = frozenset(
    {
        ReleaseStatus.PLANNED,
        ReleaseStatus.IN_BUILD,
        ReleaseStatus.IN_TEST,
        ReleaseStatus.APPROVED,
        ReleaseStatus.DEPLOYING,
    }
)
PORTFOLIO_STATUSES = UPCOMING_STATUSES | {ReleaseStatus.EARLY_LIFE_SUPPORT}


@dataclass(frozen=True, slots=True)
class ReleaseRisk:
    """One release's risk score and readiness, with its active risks counted per band."""

    release_id: str
    key: str
    name: str
    status: ReleaseStatus
    go_live: date | None
    risk: ReleaseRiskScore
    readiness: Readiness
    band_counts: dict[RiskBand, int]


@dataclass(frozen=True, slots=True)
class RiskRegisterRow:
    """A risk as the register shows it: names resolved, scores and overdue flag computed."""

    id: str
    release_key: str
    package: str
    title: str
    category: RiskCategory
    likelihood: int
    impact: int
    score: int
    band: RiskBand
    status: RiskStatus
    owner: str
    residual_likelihood: int | None
    residual_impact: int | None
    residual_score: int
    review_date: date | None
    review_overdue: bool
    mitigation: str


def release_risks(
    workspace: Workspace,
    *,
    release_key: str | None = None,
    today: date | None = None,
    conflicts: Mapping[str, int] | None = None,
) -> list[ReleaseRisk]:
    """Risk score and readiness of one release (by key) or of every release, by go-live.

    ``conflicts`` (release id → count) replaces counting them from the schedule.

    Raises:
        NotFoundError: ``release_key`` names no release.
    """
    today = today or date.today()
    with workspace.session_factory() as session:
        store = Store(session)
        wanted = [store.release_by_key(release_key).id] if release_key else None
        facts = ScoreFacts(store, wanted)
        if conflicts is None:
            conflicts = conflict_counts(store, today)
        return [_release_risk(facts, r, today, conflicts.get(r.id, 0)) for r in facts.releases]


def _release_risk(
    facts: ScoreFacts, release: dm.Release, today: date, conflicts: int
) -> ReleaseRisk:
    inputs = facts.inputs(release, today, conflicts)
    counts = dict.fromkeys(RiskBand, 0)
    for risk in inputs.risks:
        if is_active(risk):
            counts[band_for_score(risk.score)] += 1
    return ReleaseRisk(
        release_id=release.id,
        key=release.key,
        name=release.name,
        status=release.status,
        go_live=release.actual_go_live or release.planned_go_live,
        risk=release_risk_score(inputs),
        readiness=readiness(inputs),
        band_counts=counts,
    )


def risk_register(
    workspace: Workspace, *, release_key: str | None = None, today: date | None = None
) -> list[RiskRegisterRow]:
    """The register of one release (by key) or all: by release key, then highest score first.

    Raises:
        NotFoundError: ``release_key`` names no release.
    """
    today = today or date.today()
    with workspace.session_factory() as session:
        store = Store(session)
        keys = store.names(dm.Release, "key")
        if release_key:
            risks = store.all(dm.Risk, release_id=store.release_by_key(release_key).id)
        else:
            risks = store.all(dm.Risk)
        people = store.names(dm.Person)
        packages = store.names(dm.ReleasePackage)
    rows = [
        RiskRegisterRow(
            id=r.id,
            release_key=keys.get(r.release_id, ""),
            package=packages.get(r.package_id or "", ""),
            title=r.title,
            category=r.category,
            likelihood=r.likelihood,
            impact=r.impact,
            score=r.score,
            band=band_for_score(r.score),
            status=r.status,
            owner=people.get(r.owner_id or "", ""),
            residual_likelihood=r.residual_likelihood,
            residual_impact=r.residual_impact,
            residual_score=residual_score(r),
            review_date=r.review_date,
            review_overdue=is_review_overdue(r, today),
            mitigation=r.mitigation,
        )
        for r in risks
    ]
    return sorted(rows, key=lambda r: (r.release_key, -r.score, r.title.lower()))


@dataclass(frozen=True, slots=True)
class RiskEditContext:
    """What editing the register needs beyond its rows: each risk's record (the ids and long
    texts a :class:`RiskRegisterRow` leaves out) and what an edit may pick from."""

    risks: dict[str, dm.Risk]
    releases: tuple[dm.Release, ...]  # by key
    packages: tuple[dm.ReleasePackage, ...]  # by name
    people: tuple[dm.Person, ...]  # by name


def risk_edit_context(workspace: Workspace) -> RiskEditContext:
    """Every risk record by id, with the releases, packages and people, in one read."""
    with workspace.session_factory() as session:
        store = Store(session)
        return RiskEditContext(
            risks={r.id: r for r in store.all(dm.Risk)},
            releases=tuple(sorted(store.all(dm.Release), key=lambda r: r.key.lower())),
            packages=tuple(sorted(store.all(dm.ReleasePackage), key=lambda p: p.name.lower())),
            people=tuple(sorted(store.all(dm.Person), key=lambda p: p.name.lower())),
        )


def conflicts_by_release(workspace: Workspace, *, today: date | None = None) -> dict[str, int]:
    """Schedule conflicts per release id, for callers that score the portfolio several ways
    (the GUI's dashboard) and should count the conflicts once, not once per chart."""
    with workspace.session_factory() as session:
        return conflict_counts(Store(session), today or date.today())


# -- snapshots and edits -------------------------------------------------------------------------
def take_snapshot(
    store: Store,
    release_id: str,
    *,
    today: date,
    taken_at: datetime,
    conflicts: int | None = None,
) -> dm.RiskSnapshot:
    """Score a release as the caller's open transaction sees it and store the snapshot.

    For use cases (and the demo generator) that already hold a transaction; ``conflicts`` None
    counts them from the schedule. Returns the stored snapshot.

    Raises:
        NotFoundError: no release with ``release_id``.
    """
    facts = ScoreFacts(store, [release_id])
    if conflicts is None:
        conflicts = conflict_counts(store, today).get(release_id, 0)
    score = release_risk_score(facts.inputs(facts.releases[0], today, conflicts))
    snapshot = dm.RiskSnapshot(
        id=new_id("risk_snapshot"),
        release_id=release_id,
        taken_at=taken_at,
        score=score.score,
        band=score.band.value,
        breakdown=score.breakdown_json(),
    )
    store.add(snapshot)
    return snapshot


def _snapshot(
    store: Store, journal: JournalWriter, release_id: str, today: date, conflicts: int | None
) -> dm.RiskSnapshot:
    snapshot = take_snapshot(
        store, release_id, today=today, taken_at=journal.at, conflicts=conflicts
    )
    # Not journalled (it is derived, not an edit), but views showing the trend must refresh.
    journal.changes.note("create", "risk_snapshot", snapshot.id)
    return snapshot


def record_snapshot(
    workspace: Workspace,
    release_id: str,
    *,
    today: date | None = None,
    conflicts: int | None = None,
    source: str = "app",
) -> tuple[dm.RiskSnapshot, ChangeSet]:
    """Store the release's current risk score (with its breakdown as JSON) in one transaction.

    Raises:
        NotFoundError: no release with ``release_id``.
    """
    with workspace.session_factory.begin() as session:
        store = Store(session)
        journal = JournalWriter(store, "Record risk snapshot", source=source)
        snapshot = _snapshot(store, journal, release_id, today or date.today(), conflicts)
        return snapshot, journal.flush()


def _check_links(store: Store, release_id: str, values: Mapping[str, Any]) -> None:
    """A risk's package must belong to its release and its owner must exist."""
    package_id = values.get("package_id")
    if package_id and not store.all(dm.ReleasePackage, id=package_id, release_id=release_id):
        raise ValidationError(f"package_id: no package '{package_id}' in this release")
    owner_id = values.get("owner_id")
    if owner_id and not store.all(dm.Person, id=owner_id):
        raise ValidationError(f"owner_id: no person with id '{owner_id}'")


class RiskCommand(Command):
    """A risk edit (create, update or delete) plus a snapshot of its release's new score, in the
    same transaction on redo and on undo. Push it on the undo stack like any other command."""

    def __init__(
        self,
        inner: Command,
        risk_id: str,
        *,
        release_id: str | None = None,
        links: Mapping[str, Any] | None = None,
        today: date | None = None,
        conflicts: int | None = None,
    ) -> None:
        super().__init__(inner.workspace, inner.text, source=inner.source)
        self.inner = inner
        self.risk_id = risk_id
        self.release_id = release_id
        self.links = dict(links or {})
        self.today = today
        self.conflicts = conflicts
        self.snapshots: list[dm.RiskSnapshot] = []

    def _redo(self, store: Store, journal: JournalWriter) -> None:
        if self.release_id is None:  # read before the edit: a delete removes the risk
            self.release_id = store.get(dm.Risk, self.risk_id).release_id
        store.get(dm.Release, self.release_id)  # a clear NotFoundError, not a bare FK error
        _check_links(store, self.release_id, self.links)
        self.inner._redo(store, journal)
        self._record(store, journal)

    def _undo(self, store: Store, journal: JournalWriter) -> None:
        self.inner._undo(store, journal)
        self._record(store, journal)

    def merge_with(self, other: Command) -> bool:
        """Merge edits the inner commands would merge (a drag in the heat map, say)."""
        return isinstance(other, RiskCommand) and self.inner.merge_with(other.inner)

    def _record(self, store: Store, journal: JournalWriter) -> None:
        assert self.release_id is not None
        today = self.today or date.today()
        self.snapshots.append(_snapshot(store, journal, self.release_id, today, self.conflicts))


def create_risk_command(
    workspace: Workspace,
    release_id: str,
    values: Mapping[str, Any],
    *,
    risk_id: str | None = None,
    source: str = "app",
    today: date | None = None,
) -> tuple[dm.Risk, RiskCommand]:
    """Build (not run) the command creating a risk; ``values`` need title, category, likelihood
    and impact. Returns the new record and the command.

    Raises:
        ValidationError: a missing or malformed field, named.
    """
    fields = coerce_risk_values(values)
    for required in ("title", "category", "likelihood", "impact"):
        if fields.get(required) in (None, ""):
            raise ValidationError(f"{required}: a new risk needs a {required}")
    risk = dm.Risk(id=risk_id or new_id("risk"), release_id=release_id, **fields)
    inner = CreateRecords(workspace, [risk], f"Add risk '{risk.title}'", source=source)
    command = RiskCommand(inner, risk.id, release_id=release_id, links=fields, today=today)
    return risk, command


def create_risk(
    workspace: Workspace,
    release_id: str,
    values: Mapping[str, Any],
    *,
    risk_id: str | None = None,
    source: str = "app",
    today: date | None = None,
) -> tuple[dm.Risk, ChangeSet]:
    """Create a risk, journal it and snapshot its release's score in one transaction.

    Raises:
        ValidationError: a missing or malformed field, an unknown package or owner (named).
        NotFoundError: no release with ``release_id``.
    """
    risk, command = create_risk_command(
        workspace, release_id, values, risk_id=risk_id, source=source, today=today
    )
    return risk, command.redo()


def update_risk_command(
    workspace: Workspace,
    risk_id: str,
    changes: Mapping[str, Any],
    *,
    source: str = "app",
    today: date | None = None,
    merge_key: str | None = None,
) -> RiskCommand:
    """Build (not run) the command setting ``changes`` on a risk.

    Raises:
        ValidationError: an unknown field or a malformed value, named.
    """
    fields = coerce_risk_values(changes)
    text = "Edit risk" if len(fields) != 1 else f"Edit risk {next(iter(fields))}"
    inner = EditRecord(
        workspace, dm.Risk, risk_id, fields, text, merge_key=merge_key, source=source
    )
    return RiskCommand(inner, risk_id, links=fields, today=today)


def update_risk(
    workspace: Workspace,
    risk_id: str,
    changes: Mapping[str, Any],
    *,
    source: str = "app",
    today: date | None = None,
) -> ChangeSet:
    """Change fields of a risk, journal each and snapshot its release's score, in one transaction.

    Raises:
        ValidationError: an unknown field, a malformed or out-of-range value (named).
        NotFoundError: no risk with ``risk_id``.
    """
    return update_risk_command(workspace, risk_id, changes, source=source, today=today).redo()


def delete_risk_command(
    workspace: Workspace, risk_id: str, *, source: str = "app", today: date | None = None
) -> RiskCommand:
    """Build (not run) the command deleting a risk; undo restores it with the same id."""
    inner = DeleteRecord(workspace, dm.Risk, risk_id, "Delete risk", source=source)
    return RiskCommand(inner, risk_id, today=today)


def delete_risk(
    workspace: Workspace, risk_id: str, *, source: str = "app", today: date | None = None
) -> ChangeSet:
    """Delete a risk, journal it and snapshot its release's score, in one transaction.

    Raises:
        NotFoundError: no risk with ``risk_id``.
    """
    return delete_risk_command(workspace, risk_id, source=source, today=today).redo()
