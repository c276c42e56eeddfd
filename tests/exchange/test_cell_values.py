"""Cell values: what a cell means for each kind of column, and text that stays text."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ReleaseStatus
from releaseplanner.exchange.cell_values import (
    CellError,
    canonical_of,
    cell_of,
    clean_text,
    needs_defusing,
    reader_for,
    same,
)
from releaseplanner.exchange.references import Lookups
from releaseplanner.exchange.workbook_schema import RELEASES, RISKS, Column, Kind

DATE = RELEASES.column("planned_start")
STATUS = RELEASES.column("status")
LIKELIHOOD = RISKS.column("likelihood")
OWNER = RELEASES.column("owner_id")
DECIDED = Column("Decided at", "decided_at", Kind.DATETIME)
FLAG = Column("Flag", "flag", Kind.BOOL)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        (datetime(2026, 3, 1), "2026-03-01"),
        (datetime(2026, 3, 1, 23, 59, 59, 999_999), "2026-03-02"),  # float noise at midnight
        (date(2026, 3, 1), "2026-03-01"),
        (46082, "2026-03-01"),  # a serial number, as some programs store dates
        (" 2026-03-01 ", "2026-03-01"),
        ("2026-03-01T00:00:00", "2026-03-01"),
    ],
)
def test_dates(raw, expected):
    assert reader_for(DATE)(raw) == expected


def test_serial_dates_follow_the_workbook_calendar():
    assert reader_for(DATE, CALENDAR_MAC_1904)(2) == "1904-01-03"


@pytest.mark.parametrize("raw", ["01/03/2026", "next week", True, -5, 3_000_000])
def test_what_is_not_a_date(raw):
    with pytest.raises(CellError, match="is not a date"):
        reader_for(DATE)(raw)


def test_date_times_to_the_second():
    read = reader_for(DECIDED)
    assert read(datetime(2026, 3, 1, 9, 30, 0, 600_000)) == "2026-03-01T09:30:01"
    assert read("2026-03-01 09:30") == "2026-03-01T09:30:00"
    assert read(date(2026, 3, 1)) == "2026-03-01T00:00:00"
    with pytest.raises(CellError, match="has a time zone"):
        read("2026-03-01T09:30:00+02:00")


@pytest.mark.parametrize(
    ("raw", "expected"), [(3, 3), (3.0, 3), (" 4 ", 4), ("5.0", 5), (None, None)]
)
def test_scales(raw, expected):
    assert reader_for(LIKELIHOOD)(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (0, "0 is not from 1 to 5"),
        (6, "6 is not from 1 to 5"),
        (2.5, "'2.5' is not a whole"),
        ("high", "'high' is not a whole number"),
        (True, "True is not a whole number"),
    ],
)
def test_out_of_range_or_not_a_number(raw, message):
    with pytest.raises(CellError, match=message):
        reader_for(LIKELIHOOD)(raw)


def test_enumerations_by_value_or_label():
    read = reader_for(STATUS)
    assert read("in_test") == read("In test") == read("IN-TEST") == "in_test"
    with pytest.raises(CellError, match="^'shipped' is not one of planned, in_build"):
        read("shipped")


def test_booleans():
    read = reader_for(FLAG)
    assert [read(v) for v in (True, 0, "yes", "No", "x", None)] == [
        True,
        False,
        True,
        False,
        True,
        None,
    ]
    with pytest.raises(CellError, match="'maybe' is not yes or no"):
        read("maybe")


def test_text_is_trimmed_with_one_kind_of_line_end_and_no_control_characters():
    assert clean_text("  a\r\nb\rc\x07 ") == "a\nb\nc"
    read = reader_for(RELEASES.column("name"))
    assert read(2026) == "2026" and read(3.0) == "3" and read(None) == ""


def test_references_compare_without_case():
    assert reader_for(OWNER)(" Ana Silva ") == "Ana Silva"
    assert same(OWNER, "ana silva", "Ana Silva")
    assert not same(STATUS, "planned", "Planned")


@pytest.mark.parametrize("text", ["=1+2", "+44 20", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_is_recognised(text):
    assert needs_defusing(text)


def test_canonical_values_of_a_record_and_back_to_cells():
    people = [dm.Person(id="per-0000000000000001", name="Ana Silva")]
    lookups = Lookups.from_records(people=people)
    release = dm.Release(
        id="rel-0000000000000001",
        key="R-1",
        name=" R ",
        release_type_id="rtp-1",
        status=ReleaseStatus.IN_TEST,
        owner_id="per-0000000000000001",
        planned_start=date(2026, 3, 1),
    )
    assert canonical_of(STATUS, release.status, lookups) == "in_test"
    assert canonical_of(OWNER, release.owner_id, lookups) == "Ana Silva"
    assert canonical_of(DATE, release.planned_start, lookups) == "2026-03-01"
    assert canonical_of(RELEASES.column("name"), release.name, lookups) == "R"
    assert cell_of(DATE, "2026-03-01") == date(2026, 3, 1)
    assert cell_of(DECIDED, "2026-03-01T09:30:00") == datetime(2026, 3, 1, 9, 30)
