"""The DORA chart: four panels with their lines and band shading, nothing cut off at the figure's
edge at projector sizes, both palettes, empty data and long periods."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.text import Text

from releaseplanner.charts.dora import MAX_MONTH_LABELS, build_dora_chart
from releaseplanner.charts.palette import DARK, LIGHT, WIDTH_INCHES
from releaseplanner.domain import model as dm
from releaseplanner.domain.delivery_metrics import DeliveryRecords, Period, delivery_report
from releaseplanner.domain.enums import DeploymentResult

PROD = "env-prod"


def report(months: int, *, deployments_every: float | None = 5.0):
    start = date(2025, 1, 1)
    end = (start.replace(day=28) + timedelta(days=31 * (months - 1))).replace(day=28)
    releases, deployments, incidents = [], [], []
    if deployments_every:
        day, n = datetime(2025, 1, 2, 20), 0
        while day.date() <= end:
            rid = f"r{n}"
            releases.append(dm.Release(id=rid, key=rid, name=rid, release_type_id="t"))
            result = DeploymentResult.ROLLED_BACK if n % 7 == 3 else DeploymentResult.SUCCEEDED
            deployments.append(
                dm.Deployment(
                    id=f"d{n}",
                    release_id=rid,
                    environment_id=PROD,
                    planned_start=day,
                    planned_end=day + timedelta(hours=1),
                    result=result,
                    actual_start=day,
                    actual_end=day + timedelta(hours=1),
                )
            )
            if n % 5 == 0:
                incidents.append(
                    dm.Incident(
                        id=f"i{n}",
                        title="x",
                        severity="sev2",
                        opened_at=day + timedelta(days=1),
                        release_id=rid,
                        resolved_at=day + timedelta(days=1, hours=n % 30 + 1),
                        caused_by_release=True,
                    )
                )
            day += timedelta(days=deployments_every)
            n += 1
    records = DeliveryRecords(
        releases=releases,
        deployments=deployments,
        incidents=incidents,
        production_environment_ids=frozenset({PROD}),
        els_days={"t": 14},
    )
    return delivery_report(records, Period(start, end), end)


def assert_nothing_clipped(figure):
    """Everything drawn (titles, labels, band names, the note) lies inside the figure."""
    FigureCanvasAgg(figure).draw()
    tight = figure.get_tightbbox(figure.canvas.get_renderer())
    page = figure.bbox_inches
    assert (
        tight.x0 >= page.x0 - 0.01
        and tight.y0 >= page.y0 - 0.01
        and tight.x1 <= page.x1 + 0.01
        and tight.y1 <= page.y1 + 0.01
    ), f"drawn content {tight} runs off the figure {page}"


def texts(figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("pixels", [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize("palette", [LIGHT, DARK])
def test_four_panels_over_their_bands_nothing_clipped(pixels, palette):
    width, height = pixels
    dpi = width / WIDTH_INCHES
    figure = build_dora_chart(report(6), palette, size=(WIDTH_INCHES, height / dpi), dpi=dpi)
    assert_nothing_clipped(figure)
    gids = {line.get_gid() for line in figure.findobj(Line2D)}
    assert {
        "deployment_frequency",
        "lead_time",
        "change_failure_rate",
        "time_to_restore",
    } <= gids
    found = texts(figure)
    for band in ("Elite", "High", "Medium", "Low"):
        assert found.count(band) == 4, band  # named on each panel
    assert any(t.startswith("Deployments: ") for t in found)
    assert any(t.startswith("Change failures: ") for t in found)
    assert any("Schedule adherence (not a DORA metric)" in t for t in found)
    # Type for a meeting room: nothing smaller than the palette's small size.
    sizes = [t.get_fontsize() for t in figure.findobj(Text) if t.get_text().strip()]
    assert min(sizes) >= palette.small_size


def test_empty_data_draws_the_bands_and_says_no_data():
    figure = build_dora_chart(report(3, deployments_every=None))
    assert_nothing_clipped(figure)
    found = texts(figure)
    assert "Deployments: none" in found
    assert "Lead time: no data" in found


def test_long_periods_label_at_most_seven_months():
    figure = build_dora_chart(report(24))
    assert_nothing_clipped(figure)
    axes = figure.axes[-1]
    labels = [t.get_text() for t in axes.get_xticklabels() if t.get_text()]
    assert 2 <= len(labels) <= MAX_MONTH_LABELS
    assert labels[0] == "Jan\n2025"
