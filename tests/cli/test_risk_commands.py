"""``rplan render …`` and ``rplan list risks|release-risk`` through argparse, on a real workspace.

Until cli/main.py wires these commands in, the tests build a parser the way main.py does (a
subcommand group per register function) and map UserError to exit code 2 as main() does.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from matplotlib.image import imread

from releaseplanner.cli import risk_commands
from releaseplanner.domain.errors import UserError
from releaseplanner.services.portfolio import create_release
from releaseplanner.services.risk import create_risk, update_risk

TODAY = date(2026, 11, 26)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rplan")
    commands = parser.add_subparsers(dest="command", required=True)
    risk_commands.register_render(commands)
    listing = commands.add_parser("list")
    what = listing.add_subparsers(dest="what", required=True)
    risk_commands.add_list_risks(what)
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


@pytest.fixture
def db(workspace, workspace_path):
    release, _ = create_release(
        workspace,
        key="PAY-4.2",
        name="Payments 4.2",
        type_key="minor",
        planned_go_live=TODAY + timedelta(days=10),
    )
    other, _ = create_release(
        workspace, key="ID-2.0", name="Identity", type_key="patch", planned_go_live=TODAY
    )
    risk, _ = create_risk(
        workspace,
        release.id,
        {
            "title": "Schema migration locks orders",
            "category": "technical",
            "likelihood": 3,
            "impact": 5,
            "residual_likelihood": 1,
            "review_date": TODAY - timedelta(days=2),
        },
        today=TODAY,
    )
    update_risk(workspace, risk.id, {"likelihood": 4}, today=TODAY)
    create_risk(
        workspace,
        other.id,
        {"title": "Docs late", "category": "schedule", "likelihood": 2, "impact": 1},
        today=TODAY,
    )
    return str(workspace_path)


CHARTS = [
    ("risk-heatmap", []),
    ("risk-by-release", []),
    ("risk-trend", ["--release", "PAY-4.2"]),
    ("readiness", []),
]


@pytest.mark.parametrize("chart,extra", CHARTS)
def test_render_each_chart_to_png_svg_and_pdf(capsys, tmp_path, db, chart, extra):
    for suffix in ("png", "svg", "pdf"):
        out = tmp_path / f"{chart}.{suffix}"
        code, stdout, err = run(
            capsys, "render", chart, "--db", db, "--out", str(out), "--today", "2026-11-26", *extra
        )
        assert (code, err) == (0, "") and stdout.strip() == f"wrote {out}"
    assert imread(tmp_path / f"{chart}.png").shape[:2] == (1000, 1600)  # the default size
    root = ElementTree.parse(tmp_path / f"{chart}.svg").getroot()
    assert root.tag.endswith("svg")
    assert (tmp_path / f"{chart}.pdf").read_bytes().startswith(b"%PDF")


def test_render_at_a_projector_size_in_the_dark_theme(capsys, tmp_path, db):
    out = tmp_path / "heat.png"
    code, _, _ = run(
        capsys,
        "render",
        "risk-heatmap",
        "--db",
        db,
        "--out",
        str(out),
        "--size",
        "1920x1080",
        "--theme",
        "dark",
        "--release",
        "pay-4.2",
    )
    assert code == 0
    pixels = imread(out)
    assert pixels.shape[:2] == (1080, 1920)
    assert pixels[5, 5, :3].max() < 0.2  # the dark background


@pytest.mark.parametrize(
    "argv,message",
    [
        (["render", "risk-trend", "--out", "x.png"], "required: --release"),
        (["render", "readiness", "--size", "big"], "'big' is not WIDTHxHEIGHT"),
        (["render", "readiness", "--out", "chart.gif"], "chart.gif: cannot write '.gif' files"),
        (["render", "risk-trend", "--release", "NOPE", "--out", "x.png"], "no release with key"),
        (["list", "risks", "--release", "NOPE"], "--release: no release with key 'NOPE'"),
    ],
)
def test_user_errors_exit_2_and_name_what_was_wrong(capsys, tmp_path, db, argv, message):
    argv = [a if a not in ("x.png", "chart.gif") else str(tmp_path / a) for a in argv]
    if argv[0] == "render" and "--out" not in argv:
        argv += ["--out", str(tmp_path / "x.png")]
    code, out, err = run(capsys, *argv[:2], "--db", db, *argv[2:])
    assert code == 2 and message in err and out == ""
    assert not list(tmp_path.glob("*.png")) and not list(tmp_path.glob(".*"))


def test_list_risks_as_json_has_the_register_fields(capsys, db):
    code, out, _ = run(
        capsys, "list", "risks", "--db", db, "--format", "json", "--today", "2026-11-26"
    )
    assert code == 0
    rows = json.loads(out)
    assert [r["title"] for r in rows] == ["Docs late", "Schema migration locks orders"]
    lock = rows[1]
    assert {
        key: lock[key]
        for key in (
            "release_key",
            "category",
            "likelihood",
            "impact",
            "score",
            "band",
            "status",
            "residual_likelihood",
            "residual_impact",
            "residual_score",
            "review_date",
            "review_overdue",
        )
    } == {
        "release_key": "PAY-4.2",
        "category": "technical",
        "likelihood": 4,
        "impact": 5,
        "score": 20,
        "band": "critical",
        "status": "open",
        "residual_likelihood": 1,
        "residual_impact": None,
        "residual_score": 5,
        "review_date": "2026-11-24",
        "review_overdue": True,
    }
    assert {"id", "owner", "package", "mitigation"} <= set(lock)


def test_list_risks_table_for_one_release(capsys, db):
    code, out, _ = run(capsys, "list", "risks", "--db", db, "--release", "ID-2.0")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:3] == ["release_key", "title", "category"]
    assert len(lines) == 2 and "Docs late" in lines[1]


def test_list_release_risk_shows_scores_with_their_breakdown(capsys, db):
    code, out, _ = run(
        capsys, "list", "release-risk", "--db", db, "--format", "json", "--today", "2026-11-26"
    )
    assert code == 0
    rows = {r["key"]: r for r in json.loads(out)}
    pay = rows["PAY-4.2"]
    assert pay["band"] in ("low", "medium", "high", "critical") and 0 <= pay["score"] <= 100
    assert pay["score"] == round(sum(c["points"] for c in pay["risk_breakdown"]))
    assert pay["risk_breakdown"][0]["name"] == "Worst open risk"
    assert pay["risk_breakdown"][0]["raw"] == 20
    assert pay["verdict"] == "not ready"
    assert "critical risk open: 'Schema migration locks orders' (4×5=20)" in pay["blockers"]
    assert [c["name"] for c in pay["readiness_breakdown"]] == [
        "Test pass rate",
        "Tests executed",
        "Required suites covered",
        "No critical risks",
    ]
    code, out, _ = run(capsys, "list", "release-risk", "--db", db, "--format", "csv")
    header = out.splitlines()[0]
    assert header == "key,status,go_live,score,band,needs_escalation,readiness,verdict,blockers"
