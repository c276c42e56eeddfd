"""Release policy checks and DORA bands."""

from datetime import date

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import WindowKind
from releaseplanner.domain.metrics import DoraBand, dora_band
from releaseplanner.domain.policy import check_freeze, check_lead_time

MAJOR = dm.ReleaseType(id="rtp-1", key="major", name="Major", lead_time_days=60)
EMERGENCY = dm.ReleaseType(id="rtp-2", key="emergency", name="Emergency", may_override_freeze=True)
RELEASE = dm.Release(
    id="rel-1",
    key="PAY-5.0",
    name="Payments 5.0",
    release_type_id="rtp-1",
    planned_go_live=date(2026, 3, 1),
)
YEAR_END = dm.FreezeWindow(
    id="frz-1",
    name="Year-end freeze",
    start=date(2025, 12, 15),
    end=date(2026, 1, 2),
    kind=WindowKind.FREEZE,
)


def test_short_notice_for_a_major_release_is_explained():
    findings = check_lead_time(RELEASE, MAJOR, created_on=date(2026, 2, 1))
    assert len(findings) == 1
    assert findings[0].rule == "lead_time"
    assert "28 days' notice" in findings[0].message and "needs 60" in findings[0].message


def test_enough_notice_passes():
    assert check_lead_time(RELEASE, MAJOR, created_on=date(2025, 12, 1)) == []


def test_deployment_in_a_freeze_is_found_unless_the_type_may_override():
    days = [date(2025, 12, 20), date(2026, 1, 5)]
    findings = check_freeze(RELEASE, MAJOR, days, [YEAR_END])
    assert [f.rule for f in findings] == ["freeze"]
    assert "2025-12-20" in findings[0].message and "Year-end freeze" in findings[0].message
    assert check_freeze(RELEASE, EMERGENCY, days, [YEAR_END]) == []


def test_maintenance_windows_are_not_freezes():
    window = dm.FreezeWindow(
        id="frz-2",
        name="Sunday maintenance",
        start=date(2025, 12, 20),
        end=date(2025, 12, 20),
        kind=WindowKind.MAINTENANCE,
    )
    assert check_freeze(RELEASE, MAJOR, [date(2025, 12, 20)], [window]) == []


@pytest.mark.parametrize(
    "metric,value,band",
    [
        ("lead_time_days", 0.5, DoraBand.ELITE),
        ("lead_time_days", 7, DoraBand.HIGH),
        ("lead_time_days", 90, DoraBand.LOW),
        ("change_failure_rate", 0.12, DoraBand.MEDIUM),
        ("time_to_restore_hours", 200, DoraBand.LOW),
        ("deployment_interval_days", 1, DoraBand.ELITE),
    ],
)
def test_dora_bands(metric, value, band):
    assert dora_band(metric, value) is band
