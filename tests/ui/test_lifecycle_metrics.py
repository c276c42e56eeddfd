"""The Metrics view on the demo workspace: the five metrics with their DORA bands, computed off the
GUI thread, the chart drawn once per load, the team and period filters, the per-team and
per-month tables (under qtmodeltester), and exporting the chart."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("PySide6")

from releaseplanner.domain.delivery_metrics import METRICS
from releaseplanner.domain.enums import RiskBand
from releaseplanner.domain.metrics import DoraBand
from releaseplanner.services.changes import ChangeSet
from releaseplanner.ui.lifecycle.chips import CHIP_ROLE, DORA_RISK_BANDS, dora_colours
from releaseplanner.ui.lifecycle.metrics_parts import metric_cell
from releaseplanner.ui.lifecycle.metrics_view import MetricsView

TODAY = date(2026, 11, 26)


@pytest.fixture
def workspace(demo_workspace):
    return demo_workspace


@pytest.fixture
def make_view(workspace, qtbot):
    made: list[MetricsView] = []

    def make(**kwargs) -> MetricsView:
        view = MetricsView(workspace, today=lambda: TODAY, **kwargs)
        qtbot.addWidget(view)
        view.resize(1280, 800)
        made.append(view)
        return view

    yield make
    for view in made:
        view.shutdown()


def show_and_wait(qtbot, view: MetricsView) -> list[int]:
    """Show the view, wait for the metrics and the chart's first draw; returns the draw log."""
    draws: list[int] = []
    view.chart.drawn.connect(lambda: draws.append(1))
    with qtbot.waitSignal(view.metrics_updated, timeout=20_000):
        view.show()
    qtbot.waitUntil(lambda: len(draws) >= 1, timeout=10_000)
    qtbot.waitUntil(lambda: not view.is_busy())
    return draws


def test_the_five_metrics_show_value_unit_and_band(qtbot, make_view):
    view = make_view()
    draws = show_and_wait(qtbot, view)
    report = view.report
    assert report is not None and report.period.end == TODAY
    for name in METRICS:
        card, metric = view.cards[name], report.overall[name]
        assert card.value.text() and card.value.text() != "…"
        assert card.unit.text()
        assert card.chip.text() == f"{metric.band.value.capitalize()} performer"
    assert view.cards["deployment_frequency"].value.text() == "0.5 / month"
    assert view.cards["schedule_adherence"].chip.text() == "Elite performer"
    assert view.from_edit.value() == report.period.start
    assert view.export_button.isEnabled()
    assert draws == [1]  # drawn once, nothing asked for a second draw


def test_the_tables_break_the_metrics_down_by_team_and_month(qtmodeltester, qtbot, make_view):
    view = make_view()
    show_and_wait(qtbot, view)
    teams = view.team_model
    assert [r.label for r in teams.rows()] == ["Identity", "Payments", "Platform"]
    identity_lead = teams.metric_at(0, 2)
    assert teams.index(0, 2).data() == metric_cell(identity_lead)
    assert teams.index(0, 2).data(CHIP_ROLE) == dora_colours(identity_lead.band)
    platform = teams.metric_at(2, 2)
    assert platform.value is None and teams.index(2, 2).data(CHIP_ROLE) is None
    months = view.month_model
    assert months.rowCount() == len(view.report.by_month) == 6
    assert months.index(0, 0).data() == "Jun 2026"
    qtmodeltester.check(teams)
    qtmodeltester.check(months)


def test_a_team_filter_recomputes_in_the_background_and_redraws_once(qtbot, make_view):
    view = make_view()
    draws = show_and_wait(qtbot, view)
    assert view.team_combo.findData("Identity") > 0
    with qtbot.waitSignal(view.metrics_updated, timeout=20_000):
        view.set_team("Identity")
    qtbot.waitUntil(lambda: len(draws) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: not view.is_busy())
    assert view.report.team == "Identity"
    assert list(view.report.by_team) == ["Identity"]
    assert view.team_combo.currentText() == "Identity"
    assert len(draws) == 2
    assert "Identity" in view.chart.figure.texts[0].get_text()


def test_a_period_is_computed_as_asked_and_a_backwards_one_refused(qtbot, make_view):
    view = make_view()
    show_and_wait(qtbot, view)
    with qtbot.waitSignal(view.metrics_updated, timeout=20_000):
        view.set_period(date(2026, 8, 1), date(2026, 9, 30))
    assert [m.month for m in view.report.by_month] == ["2026-08", "2026-09"]
    assert view.to_edit.value() == date(2026, 9, 30)
    view.to_edit.set_value(date(2026, 7, 1))
    with qtbot.waitSignal(view.failed) as failed:
        pass
    assert "before it starts" in failed.args[0]


def test_nothing_is_computed_while_hidden_and_changes_catch_up_when_shown(qtbot, make_view):
    view = make_view()
    view.apply_changes(ChangeSet("edit", updated={"deployment": {"x"}}))
    assert view.report is None and not view.is_busy()
    show_and_wait(qtbot, view)
    with qtbot.waitSignal(view.metrics_updated, timeout=20_000):
        view.apply_changes(ChangeSet("edit", created={"incident": {"y"}}))
    qtbot.waitUntil(lambda: not view.is_busy())
    with qtbot.assertNotEmitted(view.metrics_updated, wait=100):
        view.apply_changes(ChangeSet("edit", updated={"risk": {"z"}}))  # no metric reads risks


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_export_the_chart(qtbot, make_view, tmp_path, suffix):
    target = tmp_path / f"dora{suffix}"
    view = make_view(ask_path=lambda _parent, _suggested: str(target))
    show_and_wait(qtbot, view)
    with qtbot.waitSignal(view.chart_exported, timeout=20_000) as exported:
        view.export_button.click()
    assert exported.args == [str(target)]
    assert target.stat().st_size > 1000
    if suffix == ".png":
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_export_before_the_first_load_is_refused(make_view):
    view = make_view()
    assert view.export_chart("dora.png") is None
    assert "nothing to export" in view.status.text()


def test_band_chips_use_the_dora_charts_colours():
    from releaseplanner.charts.dora import BAND_COLOUR

    assert {band: RiskBand(colour) for band, colour in BAND_COLOUR.items()} == DORA_RISK_BANDS
    assert set(DORA_RISK_BANDS) == set(DoraBand)
