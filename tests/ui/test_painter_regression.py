"""Regression guard: many void Qt calls must not abort the interpreter.

PySide6 6.12.0 on Python 3.11 aborts with "Fatal Python error: none_dealloc" after about
5,000 calls of Qt methods returning void (a reference count on None underflows); pyproject.toml
excludes that version below Python 3.12. The calls run in a subprocess because the failure
kills the whole interpreter, which would take the test run down with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("PySide6")

CALLS = 20_000

SCRIPT = textwrap.dedent(
    f"""
    from PySide6.QtGui import QGuiApplication, QImage, QPainter

    app = QGuiApplication([])
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    for i in range({CALLS}):
        painter.drawRect(i % 60, i % 60, 3, 3)
    painter.end()
    print("drew", {CALLS})
    """
)


def test_twenty_thousand_void_painter_calls_do_not_abort_python():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )

    assert "none_dealloc" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"drew {CALLS}"
