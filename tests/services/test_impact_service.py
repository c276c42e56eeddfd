"""Package impact read from a real workspace."""

import pytest

from releaseplanner.domain.errors import NotFoundError
from releaseplanner.services.impact import package_impact


def test_unknown_package_is_named(workspace):
    with pytest.raises(NotFoundError, match="pkg-nope"):
        package_impact(workspace, "pkg-nope")
