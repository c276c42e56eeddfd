"""The date header: units chosen by zoom, calendar cells and labels that fit."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from releaseplanner.domain.timeline.ticks import (
    Unit,
    cells,
    choose_units,
    elide,
    fitting_label,
    labels,
    text_width,
    unit_after,
    unit_start,
)
from releaseplanner.domain.timeline.viewport import PRESETS


@pytest.mark.parametrize(
    ("preset", "upper", "lower"),
    [
        ("day", Unit.WEEK, Unit.DAY),
        ("week", Unit.MONTH, Unit.WEEK),
        ("month", Unit.QUARTER, Unit.MONTH),
        ("quarter", Unit.QUARTER, Unit.MONTH),
        ("year", Unit.YEAR, Unit.QUARTER),
    ],
)
def test_each_preset_shows_units_whose_labels_fit(preset, upper, lower):
    assert choose_units(PRESETS[preset], 13.0) == (upper, lower)


def test_far_out_only_years_remain():
    assert choose_units(0.01, 13.0) == (None, Unit.YEAR)


def test_larger_text_needs_coarser_units():
    assert choose_units(6.0, 13.0)[1] is Unit.WEEK
    assert choose_units(6.0, 30.0)[1] is Unit.MONTH


def test_unit_boundaries():
    day = date(2026, 11, 26)  # a Thursday
    assert unit_start(Unit.WEEK, day) == date(2026, 11, 23)
    assert unit_start(Unit.MONTH, day) == date(2026, 11, 1)
    assert unit_start(Unit.QUARTER, day) == date(2026, 10, 1)
    assert unit_start(Unit.YEAR, day) == date(2026, 1, 1)
    assert unit_after(Unit.QUARTER, date(2026, 10, 1)) == date(2027, 1, 1)
    assert unit_after(Unit.MONTH, date(2026, 12, 1)) == date(2027, 1, 1)


def test_cells_cover_the_range_and_mark_weekends():
    first, last = date(2026, 11, 26).toordinal(), date(2026, 12, 3).toordinal()
    days = cells(Unit.DAY, first, last)
    assert len(days) == 7 and [c.weekend for c in days] == [0, 0, 1, 1, 0, 0, 0]
    weeks = cells(Unit.WEEK, first, last, upper=True)
    assert weeks[0].start == date(2026, 11, 23).toordinal()
    assert weeks[0].labels[0] == "W48 · 23 Nov 2026"
    assert all(a.stop == b.start for a, b in itertools.pairwise(weeks))


def test_labels_run_from_long_to_short():
    assert labels(Unit.MONTH, date(2026, 11, 1), upper=True) == ("November 2026", "Nov 2026", "Nov")
    assert labels(Unit.QUARTER, date(2026, 10, 1), upper=False) == ("Q4",)
    assert labels(Unit.DAY, date(2026, 11, 28), upper=False) == ("Sat 28", "28")
    # ISO weeks: 28 Dec 2026 is in week 53 of 2026.
    assert labels(Unit.WEEK, date(2026, 12, 28), upper=False)[-1] == "W53"


def test_fitting_label_shortens_and_elide_cuts_with_an_ellipsis():
    candidates = ("November 2026", "Nov 2026", "Nov")
    assert fitting_label(candidates, 200, 13) == "November 2026"
    assert fitting_label(candidates, text_width("Nov 2026", 13) + 7, 13) == "Nov 2026"
    assert fitting_label(candidates, 10, 13) == ""
    assert elide("Integration test: Core", 1000, 13) == "Integration test: Core"
    cut = elide("Integration test: Core", 80, 13)
    assert cut.endswith("…") and text_width(cut, 13) <= 80
    assert elide("Integration test", 20, 13) == ""
