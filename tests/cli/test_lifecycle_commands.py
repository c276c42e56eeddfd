"""``rplan metrics`` and ``rplan render dora`` through argparse, on the demo workspace.

Until cli/main.py wires these commands in, the tests build a parser the way main.py would (the
render group from risk_commands, then this module's register functions) and map UserError to
exit code 2 as main() does.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from xml.etree import ElementTree

import pytest
from matplotlib.image import imread

from releaseplanner.cli import lifecycle_commands, risk_commands
from releaseplanner.domain.delivery_metrics import METRICS
from releaseplanner.domain.errors import UserError
from releaseplanner.services.demo import build_demo
from releaseplanner.storage.engine import open_workspace

TODAY = "2026-11-26"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rplan")
    commands = parser.add_subparsers(dest="command", required=True)
    risk_commands.register_render(commands)
    lifecycle_commands.register(commands)
    lifecycle_commands.register_render_dora(lifecycle_commands.render_group(commands))
    return parser


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run one command line; return (exit code, stdout, stderr) like ``rplan`` would."""
    try:
        args = build_parser().parse_args(list(argv))
        code = int(args.handler(args) or 0)
    except UserError as exc:
        print(f"rplan: {exc}", file=sys.stderr)
        code = 2
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("demo") / "m.sqlite"
    workspace = open_workspace(str(path), create=True)
    build_demo(workspace, scale=1, seed=1, today=date(2026, 11, 26))
    workspace.close()
    return str(path)


def test_metrics_json_shape(capsys, db):
    code, out, err = run(capsys, "metrics", "--db", db, "--today", TODAY, "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["period"] == {"from": "2026-06-01", "to": TODAY, "today": TODAY, "team": None}
    assert list(data["metrics"]) == list(METRICS)
    for name, metric in data["metrics"].items():
        assert {"title", "value", "unit", "band", "sample", "reason", "details"} <= set(metric)
        assert metric["band"] in ("elite", "high", "medium", "low", None), name
        assert set(metric["by_team"]) == {"Identity", "Payments", "Platform"}
        months = [m["month"] for m in metric["by_month"]]
        assert months == ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
        first = metric["by_month"][0]
        assert (first["from"], first["to"]) == ("2026-06-01", "2026-06-30")
        assert {"value", "band", "sample", "reason", "details"} <= set(first)
    lead = data["metrics"]["lead_time"]
    assert lead["unit"] == "days (median)" and lead["value"] > 0 and lead["band"]
    assert data["metrics"]["change_failure_rate"]["details"]["failed_or_rolled_back"] >= 1


def test_metrics_for_a_team_and_a_period(capsys, db):
    code, out, _ = run(
        capsys,
        "metrics",
        "--db", db,
        "--from", "2026-07-01",
        "--to", "2026-08-31",
        "--team", "identity",
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["period"]["team"] == "Identity"
    frequency = data["metrics"]["deployment_frequency"]
    assert list(frequency["by_team"]) == ["Identity"]
    assert [m["month"] for m in frequency["by_month"]] == ["2026-07", "2026-08"]


def test_metrics_table(capsys, db):
    code, out, _ = run(capsys, "metrics", "--db", db, "--today", TODAY)
    assert code == 0
    assert out.startswith(f"Delivery metrics 2026-06-01 to {TODAY} (all teams)")
    for heading in ("Deployment frequency", "Lead time for changes", "By team", "By month"):
        assert heading in out
    assert "2026-11" in out and "Payments" in out


@pytest.mark.parametrize(
    "argv,message",
    [
        (("--from", "2026-13-01"), "argument --from: '2026-13-01' is not a date (YYYY-MM-DD)"),
        (("--to", "yesterday"), "argument --to: 'yesterday' is not a date (YYYY-MM-DD)"),
        (("--from", "2026-09-01", "--to", "2026-08-01"), "--to: 2026-08-01 is before --from"),
        (("--team", "Ops"), "--team: no team named 'Ops'"),
        (("--format", "xml"), "argument --format: invalid choice"),
    ],
)
def test_bad_input_exits_2_naming_the_option(capsys, db, argv, message):
    code, out, err = run(capsys, "metrics", "--db", db, *argv)
    assert code == 2 and out == ""
    assert message in err


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_render_dora_writes_a_file_that_opens(capsys, db, tmp_path, suffix):
    target = tmp_path / f"dora.{suffix}"
    code, out, err = run(
        capsys, "render", "dora", "--db", db, "--out", str(target), "--today", TODAY,
        "--size", "1280x800",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == f"wrote {target}\n"
    if suffix == "png":
        assert imread(target).shape[:2] == (800, 1280)
    elif suffix == "svg":
        assert ElementTree.parse(target).getroot().tag.endswith("svg")
    else:
        assert target.read_bytes().startswith(b"%PDF")


def test_render_dora_refuses_bad_input_with_exit_2(capsys, db, tmp_path):
    out_file = str(tmp_path / "dora.png")
    code, _, err = run(capsys, "render", "dora", "--db", db, "--out", out_file, "--to", "31/12")
    assert code == 2 and "argument --to: '31/12' is not a date" in err
    code, _, err = run(capsys, "render", "dora", "--db", db, "--out", str(tmp_path / "d.gif"))
    assert code == 2 and "cannot write '.gif' files" in err
    assert not (tmp_path / "dora.png").exists()


def test_render_keeps_the_risk_charts(capsys):
    # The dora subcommand joins the existing render group rather than replacing it.
    help_text = build_parser()._subparsers._group_actions[0].choices["render"].format_help()
    assert "risk-heatmap" in help_text and "dora" in help_text
