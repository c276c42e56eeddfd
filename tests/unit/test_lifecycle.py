"""Release status transitions."""

from itertools import pairwise

import pytest

from releaseplanner.domain.enums import RELEASE_LIFECYCLE, ReleaseStatus
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.lifecycle import allowed_next_statuses, check_status_change

S = ReleaseStatus


def test_the_main_line_moves_one_step_at_a_time():
    for current, following in pairwise(RELEASE_LIFECYCLE):
        check_status_change("PAY-4.2", current, following)
        check_status_change("PAY-4.2", following, current)  # one step back, to correct


def test_skipping_ahead_is_refused_with_the_allowed_statuses():
    with pytest.raises(ValidationError) as caught:
        check_status_change("PAY-4.2", S.PLANNED, S.DEPLOYING)
    assert str(caught.value) == (
        "status: PAY-4.2 cannot go from planned to deploying (allowed: in build, cancelled)"
    )


def test_side_exits():
    assert S.CANCELLED in allowed_next_statuses(S.IN_TEST)
    assert S.ROLLED_BACK in allowed_next_statuses(S.DEPLOYING)
    assert S.ROLLED_BACK not in allowed_next_statuses(S.IN_BUILD)
    assert S.CANCELLED not in allowed_next_statuses(S.CLOSED)
    assert allowed_next_statuses(S.CANCELLED) == (S.PLANNED,)
