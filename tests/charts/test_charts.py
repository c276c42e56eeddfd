"""Chart builders rendered with Agg: the artists show the data (counts, bars, lines), no text is
cut off at the figure's edge, both palettes work, and export writes files atomically."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from releaseplanner.charts.by_release import build_risk_by_release
from releaseplanner.charts.data import BandBar, HeatmapData, ReadinessBar, TrendData
from releaseplanner.charts.export import export_figure
from releaseplanner.charts.heatmap import build_risk_heatmap
from releaseplanner.charts.palette import DARK, LIGHT, PALETTES, mix, text_on
from releaseplanner.charts.readiness import build_readiness
from releaseplanner.charts.trend import build_risk_trend
from releaseplanner.domain.enums import RiskBand
from releaseplanner.domain.errors import UserError
from releaseplanner.domain.risk import heat_counts

TODAY = date(2026, 11, 26)
INHERENT = heat_counts([(5, 5), (5, 5), (4, 2), (1, 1), (3, 4), (3, 4), (3, 4)])
RESIDUAL = heat_counts([(2, 5), (2, 5), (2, 2), (1, 1), (1, 4), (1, 4), (3, 3)])


def draw(figure):
    """Render with Agg as an export would; return the figure's texts that have something to say."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


def assert_nothing_clipped(figure):
    """Everything drawn (titles, labels, legends, notes) lies inside the figure's edges."""
    draw(figure)
    tight = figure.get_tightbbox(figure.canvas.get_renderer())  # in inches
    page = figure.bbox_inches
    assert (
        tight.x0 >= page.x0 - 0.01
        and tight.y0 >= page.y0 - 0.01
        and tight.x1 <= page.x1 + 0.01
        and tight.y1 <= page.y1 + 0.01
    ), f"drawn content {tight} runs off the figure {page}"


def bars(n, scores=None):
    return [
        BandBar(
            label=f"REL-{i}.0",
            counts=(i % 3, i % 2, 1, i % 4 == 0),
            score=(scores or {}).get(i, 90 - i),
            band=RiskBand.HIGH,
        )
        for i in range(n)
    ]


# -- heat map ------------------------------------------------------------------------------------
@pytest.mark.parametrize("palette", [LIGHT, DARK])
def test_heatmap_cells_show_the_counts(palette):
    figure = build_risk_heatmap(HeatmapData("Risks of PAY-4.2", INHERENT, RESIDUAL), palette)
    texts = {t.get_gid(): t.get_text() for t in draw(figure) if t.get_gid()}
    expected = {}
    for panel, grid in (("inherent", INHERENT), ("residual", RESIDUAL)):
        for likelihood in range(1, 6):
            for impact in range(1, 6):
                if grid[likelihood - 1][impact - 1]:
                    expected[f"{panel}-{likelihood}-{impact}"] = str(
                        grid[likelihood - 1][impact - 1]
                    )
    assert texts == expected  # empty cells carry no text
    assert texts["inherent-3-4"] == "3" and texts["residual-2-5"] == "2"
    left, right = figure.axes
    assert sum(isinstance(p, Rectangle) for p in left.patches) == 25
    assert "Inherent" in left.get_title() and "Residual" in right.get_title()
    assert_nothing_clipped(figure)


def test_heatmap_count_text_contrasts_with_its_cell():
    figure = build_risk_heatmap(HeatmapData("t", INHERENT, RESIDUAL), LIGHT)
    texts = {t.get_gid(): t for t in draw(figure) if t.get_gid()}
    assert texts["inherent-5-5"].get_color() == "#ffffff"  # on the critical red
    assert texts["inherent-1-1"].get_color() == "#000000"  # on the low green


def test_heatmap_refuses_a_grid_that_is_not_five_by_five():
    with pytest.raises(ValueError, match="5 rows of 5"):
        build_risk_heatmap(HeatmapData("t", ((1, 2),), RESIDUAL))


# -- risk by release -----------------------------------------------------------------------------
def test_risk_by_release_stacks_one_bar_per_release_and_band():
    data = bars(6)
    figure = build_risk_by_release(data, LIGHT)
    texts = draw(figure)
    (axes,) = figure.axes
    assert [c.get_label() for c in axes.containers] == ["Low", "Medium", "High", "Critical"]
    assert all(len(c) == 6 for c in axes.containers)
    # Each bar's segments add up to its total, left to right.
    first = [c.patches[0] for c in axes.containers]
    assert first[-1].get_x() + first[-1].get_width() == data[0].total
    assert [t.get_text() for t in axes.get_yticklabels()] == [b.label for b in data]
    assert "score 90 High" in {t.get_text().split(" · ")[-1] for t in texts}
    assert_nothing_clipped(figure)


def test_risk_by_release_caps_the_bars_and_sums_the_rest_in_a_note():
    figure = build_risk_by_release(bars(40), DARK, limit=15)
    draw(figure)
    (axes,) = figure.axes
    assert all(len(c) == 15 for c in axes.containers)
    note = figure.get_supxlabel()
    assert note.startswith("+ 25 more releases (scores 75 and below):")
    assert_nothing_clipped(figure)


def test_risk_by_release_with_nothing_to_show_says_so():
    figure = build_risk_by_release([], LIGHT)
    assert "No releases in progress" in [t.get_text() for t in draw(figure)]


# -- trend ---------------------------------------------------------------------------------------
TREND = TrendData(
    title="Risk score of PAY-4.2 over time",
    points=tuple(
        (datetime(2026, 10, 1, 9) + timedelta(days=7 * n), score)
        for n, score in enumerate([42, 55, 61, 48])
    ),
    go_live=date(2026, 12, 3),
    today=TODAY,
    max_risk_score=60,
)


@pytest.mark.parametrize("palette", [LIGHT, DARK])
def test_trend_draws_the_stored_scores_as_steps_with_go_live_and_limit(palette):
    figure = build_risk_trend(TREND, palette)
    texts = [t.get_text() for t in draw(figure)]
    (axes,) = figure.axes
    lines = {line.get_gid(): line for line in axes.get_lines() if line.get_gid()}
    assert set(lines) == {"score", "go-live", "today", "escalation"}
    # The last score is carried on to today, as a step.
    assert list(lines["score"].get_ydata()) == [42, 55, 61, 48, 48]
    assert lines["escalation"].get_ydata()[0] == 60
    assert "planned go-live 03 Dec 2026" in texts and "escalate above 60" in texts
    assert axes.get_ylim() == (0, 100)
    assert_nothing_clipped(figure)


def test_trend_without_snapshots_explains_why():
    figure = build_risk_trend(TrendData("Risk score of X over time", ()), LIGHT)
    assert any(t.get_text().startswith("No snapshots yet") for t in draw(figure))


# -- readiness -----------------------------------------------------------------------------------
READY = [
    ReadinessBar("PAY-4.2 · 03 Dec", 91, True),
    ReadinessBar("ID-2.0 · 09 Dec", 64, False),
    ReadinessBar("LED-7.1 · 12 Dec", 88, False, ("CAB approval rejected", "critical risk open")),
    ReadinessBar("WEB-3.0 · 20 Dec", 12, False),
]


@pytest.mark.parametrize("palette", [LIGHT, DARK])
def test_readiness_bars_against_the_threshold(palette):
    figure = build_readiness(READY, 80, palette)
    texts = {t.get_gid(): t.get_text() for t in draw(figure) if t.get_gid()}
    (axes,) = figure.axes
    (container,) = axes.containers
    assert [p.get_width() for p in container.patches] == [91, 64, 88, 12]
    (threshold,) = [line for line in axes.get_lines() if line.get_gid() == "threshold"]
    assert list(threshold.get_xdata()) == [80, 80]
    assert [p.get_hatch() for p in container.patches] == [None, None, "/", None]
    colours = [p.get_facecolor() for p in container.patches]
    assert colours[0] != colours[1] != colours[2]
    assert texts["readiness-2"] == "88 · 2 blockers" and texts["readiness-3"] == "12"
    assert_nothing_clipped(figure)


def test_readiness_caps_the_bars():
    many = [ReadinessBar(f"R-{n}", 50 + n, n % 2 == 0) for n in range(20)]
    figure = build_readiness(many, 80, LIGHT, limit=12)
    draw(figure)
    (container,) = figure.axes[0].containers
    assert len(container) == 12
    assert figure.get_supxlabel() == "+ 8 later releases (4 ready) not shown"


def test_readiness_with_nothing_upcoming_says_so():
    figure = build_readiness([], 80, LIGHT)
    assert "No upcoming releases" in [t.get_text() for t in draw(figure)]


# -- palette -------------------------------------------------------------------------------------
def test_palettes_and_contrast_helpers():
    assert set(PALETTES) == {"light", "dark"}
    for palette in PALETTES.values():
        assert all(palette.band(b).startswith("#") for b in RiskBand)
        assert text_on(palette.background) == text_on(palette.surface)
        assert text_on(palette.background) != text_on(palette.text)  # text reads on its ground
    assert mix("#ff0000", "#0000ff", 0.5) == "#800080"


# -- export --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "suffix,magic", [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".PDF", b"%PDF")]
)
def test_export_writes_by_suffix_and_leaves_no_temporary_file(tmp_path, suffix, magic):
    target = tmp_path / f"chart{suffix}"
    target.write_bytes(b"old")
    written = export_figure(build_readiness(READY, 80), target)
    assert written == target and target.read_bytes().startswith(magic)
    assert os.listdir(tmp_path) == [target.name]
    assert target.stat().st_mode & 0o777 != 0o600  # not mkstemp's private mode


def test_export_refuses_other_suffixes_naming_the_file(tmp_path):
    with pytest.raises(UserError, match=r"chart\.jpg: cannot write '\.jpg' files"):
        export_figure(build_readiness(READY, 80), tmp_path / "chart.jpg")
    with pytest.raises(UserError, match="does not exist"):
        export_figure(build_readiness(READY, 80), tmp_path / "missing" / "chart.png")
    assert os.listdir(tmp_path) == []


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")
    figure = build_readiness(READY, 80)

    def failing_savefig(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(figure, "savefig", failing_savefig)
    with pytest.raises(UserError, match="No space left on device"):
        export_figure(figure, target)
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["chart.png"]


def test_charts_never_load_pyplot_and_the_cli_loads_matplotlib_only_to_draw():
    code = (
        "import sys\n"
        "import releaseplanner.charts.data, releaseplanner.charts.palette\n"
        "import releaseplanner.cli.risk_commands\n"
        "assert 'matplotlib' not in sys.modules, 'loaded before anything was drawn'\n"
        "from releaseplanner.charts import by_release, export, heatmap, readiness, trend\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
