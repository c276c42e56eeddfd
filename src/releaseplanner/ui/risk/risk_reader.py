"""The risk pages' one door to the services (Qt-free): register rows, pick lists and commands.

The widgets hold a :class:`RiskReader` instead of a workspace so they never call services
directly and tests can see exactly what they read and which commands they build. The services
(and SQLAlchemy with them) are imported on first use, not with this module: the main window may
import the risk pages at start-up, before any workspace is open.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from releaseplanner.domain.enums import RiskBand, RiskCategory, RiskStatus

if TYPE_CHECKING:
    from releaseplanner.services.changes import ChangeSet
    from releaseplanner.services.commands import Command
    from releaseplanner.storage.engine import Workspace

#: Entity kinds whose change alters what the register shows (names of releases, packages, people).
REGISTER_ENTITIES = ("risk", "release", "package", "person")


@dataclass(frozen=True, slots=True)
class Pick:
    """One entry of a pick list: a record's id, what the user reads, and its release (packages)."""

    id: str
    label: str
    release_id: str = ""


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """A risk as the register table and form show it. Field names match ``dm.Risk``'s, so an
    in-place edit of a column names the field it changes."""

    id: str
    release_id: str
    release_key: str
    package_id: str | None
    package: str
    title: str
    category: RiskCategory
    likelihood: int
    impact: int
    score: int
    band: RiskBand
    status: RiskStatus
    owner_id: str | None
    owner: str
    residual_likelihood: int | None
    residual_impact: int | None
    #: The rating after mitigation with the inherent one filled in where none was given.
    residual_rating: tuple[int, int]
    residual_score: int
    residual_band: RiskBand
    review_date: date | None
    review_overdue: bool
    active: bool
    description: str
    mitigation: str
    contingency: str


@dataclass(frozen=True, slots=True)
class RegisterData:
    """The whole register and the pick lists of its editors, read together."""

    entries: tuple[RegisterEntry, ...]
    releases: tuple[Pick, ...]
    packages: tuple[Pick, ...]
    people: tuple[Pick, ...]

    def release_key(self, release_id: str | None) -> str:
        return next((r.label for r in self.releases if r.id == release_id), "")

    def packages_of(self, release_id: str) -> tuple[Pick, ...]:
        return tuple(p for p in self.packages if p.release_id == release_id)


class RiskReader:
    """Reads the risk register and builds risk commands for one open workspace.

    Args:
        workspace: the open workspace.
        today: the day reviews fall overdue and scores count from (a fixed day in tests).
    """

    def __init__(self, workspace: Workspace, *, today: Callable[[], date] = date.today) -> None:
        self.workspace = workspace
        self._today = today

    def today(self) -> date:
        return self._today()

    def register(self) -> RegisterData:
        """Every risk of the workspace with names resolved, and the editors' pick lists."""
        from releaseplanner.domain.risk import band_for_score, is_active, residual_rating
        from releaseplanner.services.risk import risk_edit_context, risk_register

        rows = risk_register(self.workspace, today=self.today())
        context = risk_edit_context(self.workspace)
        entries = []
        for row in rows:
            record = context.risks.get(row.id)
            if record is None:  # deleted between the two reads: the next refresh settles it
                continue
            entries.append(
                RegisterEntry(
                    id=row.id,
                    release_id=record.release_id,
                    release_key=row.release_key,
                    package_id=record.package_id,
                    package=row.package,
                    title=row.title,
                    category=row.category,
                    likelihood=row.likelihood,
                    impact=row.impact,
                    score=row.score,
                    band=row.band,
                    status=row.status,
                    owner_id=record.owner_id,
                    owner=row.owner,
                    residual_likelihood=row.residual_likelihood,
                    residual_impact=row.residual_impact,
                    residual_rating=residual_rating(record),
                    residual_score=row.residual_score,
                    residual_band=band_for_score(row.residual_score),
                    review_date=row.review_date,
                    review_overdue=row.review_overdue,
                    active=is_active(record),
                    description=record.description,
                    mitigation=record.mitigation,
                    contingency=record.contingency,
                )
            )
        return RegisterData(
            entries=tuple(entries),
            releases=tuple(Pick(r.id, r.key) for r in context.releases),
            packages=tuple(Pick(p.id, p.name, p.release_id) for p in context.packages),
            people=tuple(Pick(p.id, p.name) for p in context.people),
        )

    # -- commands (built, not run: the caller pushes them on the undo stack) --------------------

    def update_command(self, risk_id: str, changes: Mapping[str, Any]) -> Command:
        """The command setting ``changes`` on a risk.

        Raises:
            ValidationError: an unknown field or a malformed value, named.
        """
        from releaseplanner.services.risk import update_risk_command

        return update_risk_command(self.workspace, risk_id, changes, today=self.today())

    def create_command(self, release_id: str, values: Mapping[str, Any]) -> tuple[str, Command]:
        """The id of the risk to be created and the command creating it.

        Raises:
            ValidationError: a missing or malformed field, named.
        """
        from releaseplanner.services.risk import create_risk_command

        risk, command = create_risk_command(self.workspace, release_id, values, today=self.today())
        return risk.id, command

    def delete_command(self, risk_id: str) -> Command:
        """The command deleting a risk (undo restores it with the same id)."""
        from releaseplanner.services.risk import delete_risk_command

        return delete_risk_command(self.workspace, risk_id, today=self.today())


def touches_register(changes: ChangeSet) -> bool:
    """Whether a change alters what the register shows."""
    return any(changes.touches(entity) for entity in REGISTER_ENTITIES)
