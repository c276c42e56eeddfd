"""``rplan render timeline``: every format opens, PDFs tile into pages, options filter, mistakes
are user errors, and no Qt is imported on the way."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from datetime import date

import pytest
from matplotlib.image import imread

from releaseplanner.cli.timeline_commands import register_render_timeline
from releaseplanner.domain.errors import UserError
from releaseplanner.services.demo import build_demo
from releaseplanner.services.setup import ensure_reference_data
from releaseplanner.storage.engine import open_workspace

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("render") / "demo.sqlite"
    workspace = open_workspace(str(path), create=True)
    try:
        ensure_reference_data(workspace)
        build_demo(workspace, scale=1, seed=1, today=TODAY)
    finally:
        workspace.close()
    return str(path)


def render(*argv: str) -> int:
    """Run the subcommand through a parser of our own (as ``rplan render`` will wire it)."""
    parser = argparse.ArgumentParser(prog="rplan render")
    charts = parser.add_subparsers(dest="chart", required=True)
    register_render_timeline(charts)
    args = parser.parse_args(["timeline", *argv])
    return args.handler(args)


def pdf_pages(path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", path.read_bytes()))


def test_png_opens_at_the_width_asked(demo_db, tmp_path, capsys):
    out = tmp_path / "timeline.png"
    assert (
        render("--db", demo_db, "--out", str(out), "--today", TODAY.isoformat(), "--width", "1600")
        == 0
    )
    pixels = imread(str(out))
    assert pixels.shape[1] == 1600 and pixels.shape[0] > 600
    assert f"wrote {out}" in capsys.readouterr().out


def test_svg_is_well_formed_xml(demo_db, tmp_path):
    out = tmp_path / "timeline.svg"
    render(
        "--db",
        demo_db,
        "--out",
        str(out),
        "--today",
        TODAY.isoformat(),
        "--group-by",
        "environment",
        "--from",
        "2026-10-01",
        "--to",
        "2027-01-31",
    )
    root = ElementTree.parse(out).getroot()
    assert root.tag.endswith("svg")


def test_pdf_is_one_page_or_tiles(demo_db, tmp_path, capsys):
    one = tmp_path / "one.pdf"
    render("--db", demo_db, "--out", str(one), "--today", TODAY.isoformat())
    assert one.read_bytes().startswith(b"%PDF") and pdf_pages(one) == 1
    tiled = tmp_path / "tiled.pdf"
    render(
        "--db",
        demo_db,
        "--out",
        str(tiled),
        "--today",
        TODAY.isoformat(),
        "--pages",
        "tiled",
        "--zoom",
        "week",
        "--paper",
        "a3",
    )
    written = capsys.readouterr().out
    pages = pdf_pages(tiled)
    assert pages > 1 and f"({pages} pages)" in written


def test_one_release_with_its_critical_path(demo_db, tmp_path):
    out = tmp_path / "release.png"
    assert (
        render(
            "--db",
            demo_db,
            "--out",
            str(out),
            "--today",
            TODAY.isoformat(),
            "--release",
            "iam-2.9",
            "--critical",
            "--baseline",
            "none",
        )
        == 0
    )
    release_only = imread(str(out))
    everything = tmp_path / "all.png"
    render("--db", demo_db, "--out", str(everything), "--today", TODAY.isoformat())
    assert release_only.shape[0] < imread(str(everything)).shape[0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--out", "timeline.gif"], "cannot write '.gif'"),
        (["--out", "{tmp}/t.png", "--release", "NOPE"], "no release with key 'NOPE'"),
        (["--out", "{tmp}/t.png", "--critical"], "--critical"),
        (["--out", "{tmp}/t.png", "--baseline", "Nope"], "no baseline 'Nope'"),
        (["--out", "{tmp}/t.png", "--width", "100"], "--width"),
        (["--out", "{tmp}/missing/t.png"], "does not exist"),
    ],
)
def test_mistakes_are_user_errors(demo_db, tmp_path, argv, message):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    with pytest.raises(UserError, match=re.escape(message)):
        render("--db", demo_db, "--today", TODAY.isoformat(), *argv)


def test_rendering_imports_no_qt(demo_db, tmp_path):
    out = tmp_path / "t.png"
    script = (
        "import sys, argparse\n"
        "from releaseplanner.cli.timeline_commands import register_render_timeline\n"
        "p = argparse.ArgumentParser(); s = p.add_subparsers(dest='c')\n"
        "register_render_timeline(s)\n"
        f"a = p.parse_args(['timeline', '--db', {demo_db!r}, '--out', {str(out)!r}])\n"
        "a.handler(a)\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    assert out.exists()


def test_release_rows_carry_their_risk_band_unless_asked_not_to(demo_db, tmp_path, monkeypatch):
    from releaseplanner.charts import timeline as chart

    drawn = []
    real = chart.write_picture

    def spy(frame, path, **kwargs):
        drawn.append(frame)
        return real(frame, path, **kwargs)

    monkeypatch.setattr(chart, "write_picture", spy)
    out = str(tmp_path / "timeline.png")
    assert render("--db", demo_db, "--out", out, "--today", TODAY.isoformat()) == 0
    chips = [t.text for t in drawn[-1].layer("rows").texts if t.align == "center"]
    assert "High 57" in chips  # PLT-2026.12, as the portfolio tree shows it
    assert len(chips) == sum(1 for t in drawn[-1].layer("rows").texts if t.bold)
    assert render("--db", demo_db, "--out", out, "--today", TODAY.isoformat(), "--no-bands") == 0
    assert not [t for t in drawn[-1].layer("rows").texts if t.align == "center"]
