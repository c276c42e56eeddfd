"""Wiring a risk register to a risk dashboard, so the window needs one call rather than five.

Each connection keeps the two views telling the same story: a heat-map cell lists its risks in
the register, the register's release filter and the dashboard's release follow each other, and
an edit in the register redraws what it changed on the dashboard. Neither view emits its
"selected" signals when set from the other, so the connections cannot ping-pong.
"""

from __future__ import annotations

from releaseplanner.ui.risk.risk_dashboard import RiskDashboardView
from releaseplanner.ui.risk.risk_register import RiskRegisterView


def link_risk_views(register: RiskRegisterView, dashboard: RiskDashboardView) -> None:
    """Connect ``register`` and ``dashboard`` both ways (see the module docstring)."""

    def on_cell_selected(likelihood: int, impact: int, residual: bool) -> None:
        # The heat map counts the risks of the dashboard's release: list exactly those.
        register.filter_to_cell(likelihood, impact, residual, release_id=dashboard.release_id())

    dashboard.cell_selected.connect(on_cell_selected)
    dashboard.release_selected.connect(register.set_release_filter)
    register.cell_filter_cleared.connect(dashboard.clear_cell_selection)
    register.release_filter_changed.connect(dashboard.set_release)
    register.risks_edited.connect(dashboard.refresh)
