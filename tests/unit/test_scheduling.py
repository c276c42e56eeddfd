"""Calendar arithmetic."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from releaseplanner.domain.scheduling import (
    duration_days,
    iso_week_label,
    overlap_days,
    overlaps,
    working_days_between,
)

D = date


def test_a_one_day_item_lasts_one_day():
    assert duration_days(D(2026, 3, 2), D(2026, 3, 2)) == 1
    assert duration_days(D(2026, 3, 2), D(2026, 3, 8)) == 7


def test_overlap_counts_shared_days_inclusively():
    assert overlap_days(D(2026, 1, 1), D(2026, 1, 10), D(2026, 1, 10), D(2026, 1, 20)) == 1
    assert overlap_days(D(2026, 1, 1), D(2026, 1, 10), D(2026, 1, 11), D(2026, 1, 20)) == 0
    assert overlap_days(D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 5), D(2026, 1, 6)) == 2
    assert overlaps(D(2026, 1, 1), D(2026, 1, 10), D(2026, 1, 10), D(2026, 1, 20))
    assert not overlaps(D(2026, 1, 1), D(2026, 1, 9), D(2026, 1, 10), D(2026, 1, 20))


days = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))


@given(days, st.integers(0, 60), days, st.integers(0, 60))
def test_overlap_is_symmetric_and_bounded(a, a_len, b, b_len):
    a_end = D.fromordinal(a.toordinal() + a_len)
    b_end = D.fromordinal(b.toordinal() + b_len)
    shared = overlap_days(a, a_end, b, b_end)
    assert shared == overlap_days(b, b_end, a, a_end)
    assert 0 <= shared <= min(a_len, b_len) + 1


def test_week_labels_and_working_days():
    assert iso_week_label(D(2026, 1, 1)) == "W01"
    assert iso_week_label(D(2026, 12, 28)) == "W53"
    # Monday 2 March to Sunday 8 March 2026: five working days.
    assert working_days_between(D(2026, 3, 2), D(2026, 3, 8)) == 5
    assert working_days_between(D(2026, 3, 8), D(2026, 3, 2)) == 0
