"""Component-impact assessment of a package, read from the workspace in one session."""

from __future__ import annotations

from releaseplanner.domain import model as dm
from releaseplanner.domain.errors import NotFoundError
from releaseplanner.domain.impact import PackageImpact, PortfolioFacts, assess_package
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store


def load_portfolio_facts(workspace: Workspace) -> PortfolioFacts:
    """Everything the impact assessment reads, in one read session."""
    with workspace.session_factory() as session:
        store = Store(session)
        return PortfolioFacts(
            releases={r.id: r for r in store.all(dm.Release)},
            packages={p.id: p for p in store.all(dm.ReleasePackage)},
            components={c.id: c for c in store.all(dm.Component)},
            package_components=store.all(dm.PackageComponent),
            change_items=store.all(dm.ChangeItem),
            schedule_items=store.all(dm.ScheduleItem),
            environments={e.id: e for e in store.all(dm.Environment)},
        )


def package_impact(workspace: Workspace, package_id: str) -> PackageImpact:
    """Assess one package (environments, shared components in overlapping windows, changes).

    Raises:
        NotFoundError: no such package.
    """
    facts = load_portfolio_facts(workspace)
    if package_id not in facts.packages:
        raise NotFoundError(f"no package with id '{package_id}'")
    return assess_package(package_id, facts)
