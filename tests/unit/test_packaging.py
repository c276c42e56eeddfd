"""The dependency pins that keep a known-broken Qt away from the Pythons it breaks."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def pyside_requirements(python: str) -> list[Requirement]:
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    found = [Requirement(d) for d in dependencies]
    environment = {"python_version": python, "python_full_version": f"{python}.0"}
    return [
        r
        for r in found
        if r.name.lower().startswith("pyside6")
        and (r.marker is None or r.marker.evaluate(environment))
    ]


def test_pyside6_6_12_0_is_excluded_below_python_3_12():
    (requirement,) = pyside_requirements("3.11")
    assert Version("6.12.0") not in requirement.specifier
    assert Version("6.11.3") in requirement.specifier


def test_python_3_12_and_later_may_use_6_12_0():
    for python in ("3.12", "3.13"):
        (requirement,) = pyside_requirements(python)
        assert Version("6.12.0") in requirement.specifier
