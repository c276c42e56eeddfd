"""The risk pages' Qt-free parts on the demo workspace: the reader's rows and commands, the
dashboard's data and its change detection, and the breakdown's text. No Qt needed."""

from __future__ import annotations

from datetime import date

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import RiskBand, RiskCategory
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.risk import residual_score
from releaseplanner.services.changes import ChangeSet
from releaseplanner.storage.store import Store
from releaseplanner.ui.risk.breakdown import (
    band_ranges,
    format_input,
    portfolio_html,
    release_breakdown_html,
)
from releaseplanner.ui.risk.dashboard_data import (
    Chart,
    load_and_build,
    load_dashboard,
    screen_palette,
)
from releaseplanner.ui.risk.risk_reader import RiskReader, touches_register

TODAY = date(2026, 11, 26)


@pytest.fixture
def workspace(demo_workspace):
    return demo_workspace


@pytest.fixture
def reader(workspace):
    return RiskReader(workspace, today=lambda: TODAY)


def test_register_entries_carry_ids_long_texts_and_computed_fields(reader, workspace):
    data = reader.register()
    with workspace.session_factory() as session:
        records = {r.id: r for r in Store(session).all(dm.Risk)}
    assert {e.id for e in data.entries} == set(records)
    for entry in data.entries:
        record = records[entry.id]
        assert (entry.release_id, entry.package_id, entry.owner_id) == (
            record.release_id,
            record.package_id,
            record.owner_id,
        )
        assert (entry.description, entry.contingency) == (record.description, record.contingency)
        assert entry.residual_score == residual_score(record)
        assert entry.score == record.likelihood * record.impact
    assert data.release_key(data.entries[0].release_id) == data.entries[0].release_key
    release = data.entries[0].release_id
    assert all(p.release_id == release for p in data.packages_of(release))


def test_commands_are_built_not_run(reader, workspace):
    entry = reader.register().entries[0]
    command = reader.update_command(entry.id, {"impact": 1})
    with workspace.session_factory() as session:
        assert Store(session).get(dm.Risk, entry.id).impact == entry.impact
    command.redo()
    with workspace.session_factory() as session:
        assert Store(session).get(dm.Risk, entry.id).impact == 1
    with pytest.raises(ValidationError, match="likelihood"):
        reader.update_command(entry.id, {"likelihood": 9})
    risk_id, create = reader.create_command(
        entry.release_id,
        {"title": "New", "category": RiskCategory.BUSINESS, "likelihood": 1, "impact": 1},
    )
    create.redo()
    reader.delete_command(risk_id).redo()
    assert risk_id not in {e.id for e in reader.register().entries}


def test_the_register_refreshes_for_risks_and_the_names_it_shows():
    changes = ChangeSet("x")
    assert not touches_register(changes)
    changes.note("update", "person", "p1")
    assert touches_register(changes)
    other = ChangeSet("y")
    other.note("update", "schedule_item", "s1")
    assert not touches_register(other)


def test_dashboard_data_focuses_on_a_release_or_the_portfolio(reader, workspace):
    portfolio = load_dashboard(workspace, None, TODAY)
    assert portfolio.release_id is None and portfolio.pieces[Chart.TREND] is None
    assert "portfolio" in portfolio.pieces[Chart.HEATMAP].title
    release = portfolio.releases[-1]
    focused = load_dashboard(workspace, release.release_id, TODAY)
    assert focused.release_id == release.release_id
    assert release.key in focused.pieces[Chart.TREND].title
    # A release deleted meanwhile falls back to the portfolio rather than failing.
    assert load_dashboard(workspace, "gone", TODAY).release_id is None


def test_only_charts_whose_data_changed_get_a_new_figure(reader, workspace):
    palette = screen_palette(dark=False, point_size=10)
    sizes = dict.fromkeys(Chart, (8.0, 5.0))
    first = load_and_build(workspace, None, TODAY, palette, sizes, 96, {})
    assert set(first.figures) == {Chart.HEATMAP, Chart.BY_RELEASE, Chart.READINESS}
    same = load_and_build(workspace, None, TODAY, palette, sizes, 96, first.data.pieces)
    assert same.figures == {}
    entry = next(e for e in reader.register().entries if e.active and e.impact < 5)
    reader.update_command(entry.id, {"impact": entry.impact + 1}).redo()
    after = load_and_build(workspace, None, TODAY, palette, sizes, 96, first.data.pieces)
    assert Chart.HEATMAP in after.figures


def test_the_breakdown_names_every_component_with_its_input_and_points(reader, workspace):
    data = load_dashboard(workspace, None, TODAY)
    release = max(data.releases, key=lambda r: r.risk.score)
    html = release_breakdown_html(release, muted="#555555")
    for part in release.risk.components:
        assert part.name in html and part.explanation.replace("'", "&#x27;") in html
    assert f"<b>{release.risk.score}</b>" in html
    assert band_ranges() == "0-24 low · 25-49 medium · 50-74 high · 75-100 critical"
    summary = portfolio_html(data.releases, TODAY, muted="#555555", dark=False)
    assert all(f"release:{r.release_id}" in summary for r in data.releases)


def test_inputs_read_as_people_say_them():
    from releaseplanner.domain.risk_score import ScoreComponent

    assert format_input(ScoreComponent("Test pass rate", 0.9523, 15, 3.6, ""), fractions=False) == (
        "95.2%"
    )
    assert format_input(ScoreComponent("Days to go-live", -3, 10, 10, ""), fractions=False) == (
        "3 days late"
    )
    assert format_input(ScoreComponent("Worst open risk", None, 25, 0, ""), fractions=False) == "—"
    assert format_input(ScoreComponent("No critical risks", 1.0, 20, 20, ""), fractions=True) == (
        "100%"
    )
    assert RiskBand.HIGH.label in band_ranges().title()
