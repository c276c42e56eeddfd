"""Qt-free editing helpers: statuses on offer, readable problems, next keys, delete impact."""

from __future__ import annotations

from releaseplanner.ui.edit_support import (
    describe_impact,
    readable_problem,
    status_choices,
    suggest_next_key,
)


def test_release_statuses_follow_the_lifecycle_of_every_selected_release():
    assert status_choices("release", ["planned"]) == [
        ("in_build", "In build"),
        ("cancelled", "Cancelled"),
    ]
    # Deploying and early-life support share only the ways out.
    assert status_choices("release", ["deploying", "early_life_support"]) == [
        ("cancelled", "Cancelled"),
        ("rolled_back", "Rolled back"),
    ]
    assert status_choices("release", ["closed"]) == [("early_life_support", "Early life support")]
    assert status_choices("release", []) == []


def test_package_statuses_are_all_but_the_one_they_share():
    values = [value for value, _label in status_choices("package", ["draft"])]
    assert "draft" not in values and "ready" in values
    assert len(status_choices("package", ["draft", "ready"])) == 7


def test_domain_messages_read_as_sentences_with_short_dates():
    assert readable_problem(
        "planned_go_live: 2025-03-01 is before the planned start 2025-03-10"
    ) == ("Planned go-live: 1 Mar 2025 is before the planned start 10 Mar 2025")
    assert readable_problem("name: a package needs a name") == "Name: a package needs a name"
    assert readable_problem("cannot undo 'x': nothing") == "cannot undo 'x': nothing"


def test_next_key_counts_up_the_last_number_past_taken_keys():
    assert suggest_next_key("R-25.1", ["R-25.1", "r-25.2"]) == "R-25.3"
    assert suggest_next_key("PAY-09", ["PAY-09"]) == "PAY-10"
    assert suggest_next_key("REL-007.beta", []) == "REL-008.beta"
    assert suggest_next_key("Spring", ["Spring", "Spring-2"]) == "Spring-3"


def test_impact_lists_what_goes_along_in_a_fixed_order():
    assert describe_impact({"schedule_item": 12, "package": 3, "risk": 1}) == (
        "3 packages, 12 schedule items and 1 risk"
    )
    assert describe_impact({"change_item": 1}) == "1 change"
    assert describe_impact({}) == ""
