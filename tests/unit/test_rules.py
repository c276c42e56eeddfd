"""Validation rules for typed-in records."""

from datetime import date

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import RiskCategory, ScheduleKind
from releaseplanner.domain.errors import UserError, ValidationError
from releaseplanner.domain.rules import (
    validate_key,
    validate_release,
    validate_risk,
    validate_schedule_item,
)


def make_release(**changes):
    values = dict(id="rel-1", key="PAY-4.2", name="Payments 4.2", release_type_id="rtp-1")
    values.update(changes)
    return dm.Release(**values)


@pytest.mark.parametrize("key", ["PAY-4.2", "REL_2026.11", "a", "X" * 40])
def test_valid_keys_pass(key):
    validate_key(key)


@pytest.mark.parametrize("key", ["", "-PAY", "PAY 4.2", "X" * 41, "PAY/4"])
def test_invalid_keys_name_the_field(key):
    with pytest.raises(ValidationError, match="^key: "):
        validate_key(key)


def test_go_live_before_start_is_refused_with_both_dates():
    release = make_release(planned_start=date(2026, 5, 10), planned_go_live=date(2026, 5, 1))
    with pytest.raises(ValidationError) as caught:
        validate_release(release)
    assert "planned_go_live" in str(caught.value)
    assert "2026-05-01" in str(caught.value) and "2026-05-10" in str(caught.value)


def test_same_day_go_live_is_fine():
    validate_release(make_release(planned_start=date(2026, 5, 1), planned_go_live=date(2026, 5, 1)))


def test_actual_go_live_before_actual_start_is_refused():
    release = make_release(actual_start=date(2026, 5, 10), actual_go_live=date(2026, 5, 9))
    with pytest.raises(ValidationError, match="actual_go_live"):
        validate_release(release)


def test_blank_name_is_refused():
    with pytest.raises(ValidationError, match="^name"):
        validate_release(make_release(name="  "))


def test_schedule_item_ending_before_start_is_refused():
    item = dm.ScheduleItem(
        id="sch-1",
        release_id="rel-1",
        name="Build",
        kind=ScheduleKind.BUILD,
        planned_start=date(2026, 3, 2),
        planned_end=date(2026, 3, 1),
    )
    with pytest.raises(ValidationError, match="planned_end.*'Build'"):
        validate_schedule_item(item)


@pytest.mark.parametrize("field,value", [("likelihood", 0), ("impact", 6), ("residual_impact", 9)])
def test_risk_scales_run_from_one_to_five(field, value):
    values = dict(
        id="rsk-1",
        release_id="rel-1",
        title="t",
        category=RiskCategory.TECHNICAL,
        likelihood=3,
        impact=3,
    )
    values[field] = value
    with pytest.raises(ValidationError, match=f"^{field}: {value}"):
        validate_risk(dm.Risk(**values))


def test_validation_errors_are_user_errors():
    assert issubclass(ValidationError, UserError)
