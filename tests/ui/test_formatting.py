"""How dates, counts and URLs read on screen."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("PySide6")

from releaseplanner.domain.enums import ReleaseStatus
from releaseplanner.ui.formatting import (
    MISSING,
    format_date,
    format_short_date,
    hide_password,
    status_label,
    summarise_counts,
)


def test_dates_read_with_weekday_in_details_and_without_in_tables():
    assert format_date(date(2025, 3, 3)) == "Mon 3 Mar 2025"
    assert format_short_date(date(2025, 12, 24)) == "24 Dec 2025"
    assert format_date(None) == MISSING
    assert format_short_date(None) == ""


def test_status_labels_follow_the_domain_labels():
    assert status_label(ReleaseStatus.EARLY_LIFE_SUPPORT) == "Early life support"
    assert status_label("in_test") == "In test"


def test_counts_read_as_a_sentence():
    counts = {"releases": 1, "packages": 12, "schedule_items": 1200, "risks": 0}

    assert summarise_counts(counts) == "1 release · 12 packages · 1,200 schedule items · 0 risks"


def test_passwords_are_hidden_in_urls():
    assert hide_password("postgresql://ana:s3cret@db/plans") == "postgresql://ana:***@db/plans"
    assert hide_password("/home/ana/plans.sqlite") == "/home/ana/plans.sqlite"
    assert hide_password("postgresql://db/plans") == "postgresql://db/plans"
