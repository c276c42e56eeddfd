"""References between sheets: readable text one way, ids the other; repeated names told apart."""

from __future__ import annotations

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.exchange.cell_values import CellError
from releaseplanner.exchange.references import Lookups


def person(n, name, team=None):
    return dm.Person(id=f"per-{n:016x}", name=name, team_id=team)


@pytest.fixture
def lookups():
    teams = [dm.Team(id="team-a", name="Payments"), dm.Team(id="team-b", name="Identity")]
    people = [
        person(1, "Ana Silva", "team-a"),
        person(2, "Ana Silva", "team-b"),
        person(3, "Raj Patel", "team-a"),
        person(4, "Raj Patel", "team-a"),
        person(5, "Mia Chen"),
    ]
    releases = [dm.Release(id="rel-1", key="PAY-1.0", name="P", release_type_id="rtp")]
    return Lookups.from_records(teams=teams, people=people, releases=releases)


def test_repeated_names_are_qualified_by_team_then_by_id(lookups):
    assert lookups.display("person", person(1, "").id) == "Ana Silva (Payments)"
    assert lookups.display("person", person(2, "").id) == "Ana Silva (Identity)"
    assert lookups.display("person", person(3, "").id) == person(3, "").id
    assert lookups.display("person", person(5, "").id) == "Mia Chen"


def test_resolving_by_text_or_id(lookups):
    assert lookups.resolve("person", "ana silva (identity)") == person(2, "").id
    assert lookups.resolve("person", person(4, "").id) == person(4, "").id
    assert lookups.resolve("release", "pay-1.0") == "rel-1"
    with pytest.raises(CellError, match=r"^'Ana Silva' names 2 persons \(Ana Silva \(Identity\)"):
        lookups.resolve("person", "Ana Silva")
    with pytest.raises(CellError, match="^no release 'PAY-2.0'$"):
        lookups.resolve("release", "PAY-2.0")
    with pytest.raises(CellError, match="rplan components import"):
        lookups.resolve("component", "CI-404")


def test_an_overlay_adds_and_renames_without_touching_the_workspace_lookups(lookups):
    overlay = lookups.overlay()
    overlay.add("release", "rel-1", "PAY-1.1")
    overlay.add("release", "rel-2", "NEW-1")
    assert overlay.resolve("release", "PAY-1.1") == "rel-1"
    assert overlay.resolve("release", "new-1") == "rel-2"
    with pytest.raises(CellError):
        overlay.resolve("release", "PAY-1.0")  # renamed by the import
    assert lookups.resolve("release", "PAY-1.0") == "rel-1"
    assert lookups.display("release", "rel-1") == "PAY-1.0"
