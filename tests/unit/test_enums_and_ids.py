"""Enum parsing and stable ids."""

import random
import re

import pytest

from releaseplanner.domain.enums import ReleaseStatus, TestSuite
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.ids import PREFIXES, new_id


@pytest.mark.parametrize("text", ["in_build", "In build", "IN-BUILD", " in build "])
def test_parse_accepts_values_and_labels(text):
    assert ReleaseStatus.parse(text) is ReleaseStatus.IN_BUILD


def test_parse_names_the_field_and_the_allowed_values():
    with pytest.raises(ValidationError) as caught:
        ReleaseStatus.parse("shipped", field="status")
    message = str(caught.value)
    assert message.startswith("status: 'shipped'")
    assert "planned" in message and "rolled_back" in message


def test_labels_read_well():
    assert ReleaseStatus.EARLY_LIFE_SUPPORT.label == "Early life support"
    assert TestSuite.UAT.label == "UAT"


def test_ids_carry_a_readable_prefix_and_64_random_bits():
    assert re.fullmatch(r"rel-[0-9a-f]{16}", new_id("release"))
    assert len({new_id("release") for _ in range(1000)}) == 1000


def test_seeded_ids_repeat():
    first = [new_id("risk", random.Random(7)) for _ in range(3)]
    again = [new_id("risk", random.Random(7)) for _ in range(3)]
    assert first == again


def test_every_prefix_is_distinct():
    assert len(set(PREFIXES.values())) == len(PREFIXES)
