"""The summary ``rplan demo`` prints: counts in words, singular for one."""

from __future__ import annotations

import pytest

from releaseplanner.cli.main import main
from releaseplanner.cli.workspace_commands import counted


@pytest.mark.parametrize(
    ("count", "plural", "words"),
    [
        (1, "baselines", "1 baseline"),
        (2, "baselines", "2 baselines"),
        (0, "releases", "0 releases"),
        (1, "people", "1 person"),
        (15, "people", "15 people"),
        (1, "dependencies", "1 dependency"),
        (306, "dependencies", "306 dependencies"),
        (1, "els_criteria", "1 ELS criterion"),
        (16, "els_criteria", "16 ELS criteria"),
        (1, "risk_snapshots", "1 risk snapshot"),
        (3, "freeze_windows", "3 freeze windows"),
    ],
)
def test_counts_read_as_words(count, plural, words):
    assert counted(count, plural) == words


def test_rplan_demo_says_one_baseline(tmp_path, capsys):
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--today", "2026-03-10"]) == 0
    out = capsys.readouterr().out
    assert "1 baseline," in out and "baselines" not in out
    assert "15 people" in out and "ELS criteria" in out and "risk snapshots" in out
    assert "_" not in out.split(f"{path}: ", 1)[1]  # names in words, not identifiers
