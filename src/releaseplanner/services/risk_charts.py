"""Chart data for the risk charts, gathered from the workspace: services in, plain data out.

The builders in :mod:`releaseplanner.charts` draw what these return; the GUI and ``rplan render``
both call them, so a chart shows the same releases, order and labels wherever it appears.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from releaseplanner.charts.data import BAND_ORDER, BandBar, HeatmapData, ReadinessBar, TrendData
from releaseplanner.domain import model as dm
from releaseplanner.domain.risk import heat_counts, is_active, residual_rating
from releaseplanner.services.risk import PORTFOLIO_STATUSES, UPCOMING_STATUSES, release_risks
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store


def heatmap_data(workspace: Workspace, *, release_key: str | None = None) -> HeatmapData:
    """Active risks of one release or the portfolio, counted per cell, inherent and residual.

    Raises:
        NotFoundError: ``release_key`` names no release.
    """
    with workspace.session_factory() as session:
        store = Store(session)
        if release_key:
            release = store.release_by_key(release_key)
            risks, title = store.all(dm.Risk, release_id=release.id), f"Risks of {release.key}"
        else:
            risks, title = store.all(dm.Risk), "Risks across the portfolio"
    active = [r for r in risks if is_active(r)]
    return HeatmapData(
        title=f"{title}: {len(active)} active",
        inherent=heat_counts((r.likelihood, r.impact) for r in active),
        residual=heat_counts(residual_rating(r) for r in active),
    )


def portfolio_bars(
    workspace: Workspace,
    *,
    release_key: str | None = None,
    today: date | None = None,
    conflicts: Mapping[str, int] | None = None,
) -> list[BandBar]:
    """Active risks per band of every release not yet closed (or of the one named, whatever its
    status), highest release score first.

    Raises:
        NotFoundError: ``release_key`` names no release.
    """
    rows = [
        r
        for r in release_risks(workspace, release_key=release_key, today=today, conflicts=conflicts)
        if release_key or r.status in PORTFOLIO_STATUSES
    ]
    rows.sort(key=lambda r: (-r.risk.score, r.go_live or date.max, r.key))
    return [
        BandBar(
            label=r.key,
            counts=tuple(r.band_counts[b] for b in BAND_ORDER),  # type: ignore[arg-type]
            score=r.risk.score,
            band=r.risk.band,
        )
        for r in rows
    ]


def readiness_bars(
    workspace: Workspace,
    *,
    release_key: str | None = None,
    today: date | None = None,
    conflicts: Mapping[str, int] | None = None,
) -> list[ReadinessBar]:
    """Readiness of the releases still heading for go-live (or of the one named, whatever its
    status), soonest go-live first, undated last.

    Raises:
        NotFoundError: ``release_key`` names no release.
    """
    rows = [
        r
        for r in release_risks(workspace, release_key=release_key, today=today, conflicts=conflicts)
        if release_key or r.status in UPCOMING_STATUSES
    ]
    rows.sort(key=lambda r: (r.go_live or date.max, r.key))
    return [
        ReadinessBar(
            label=f"{r.key} · {r.go_live:%d %b}" if r.go_live else f"{r.key} · no date",
            score=r.readiness.score,
            ready=r.readiness.ready,
            blockers=r.readiness.blockers,
        )
        for r in rows
    ]


def trend_data(workspace: Workspace, release_key: str, *, today: date | None = None) -> TrendData:
    """The stored snapshots of one release, oldest first, with its go-live.

    Raises:
        NotFoundError: ``release_key`` names no release.
    """
    with workspace.session_factory() as session:
        store = Store(session)
        release = store.release_by_key(release_key)
        snapshots = sorted(store.all(dm.RiskSnapshot, release_id=release.id), key=_taken)
        release_type = store.all(dm.ReleaseType, id=release.release_type_id)
    return TrendData(
        title=f"Risk score of {release.key} over time",
        points=tuple((s.taken_at, s.score) for s in snapshots),
        go_live=release.actual_go_live or release.planned_go_live,
        go_live_label="went live" if release.actual_go_live else "planned go-live",
        today=today or date.today(),
        max_risk_score=release_type[0].max_risk_score if release_type else None,
    )


def _taken(snapshot: dm.RiskSnapshot) -> tuple:
    return (snapshot.taken_at, snapshot.id)
