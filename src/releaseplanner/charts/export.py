"""Saving a chart to PNG, SVG or PDF, chosen by the file's suffix, written atomically.

The figure is written to a temporary file in the target's folder and then moved over the target
with ``os.replace``, so a crash or a full disk never leaves a half-written chart where a good one
was. Figures built for the CLI have no canvas of their own; they get the Agg canvas here.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from releaseplanner.domain.errors import UserError

#: Suffix → matplotlib format name.
FORMATS: dict[str, str] = {".png": "png", ".svg": "svg", ".pdf": "pdf"}


def export_figure(figure: Figure, path: str | os.PathLike[str]) -> Path:
    """Write ``figure`` to ``path`` in the format its suffix names; return the absolute path.

    Raises:
        UserError: naming the file, for a suffix other than .png/.svg/.pdf, a missing folder,
            or a file that cannot be written.
    """
    target = Path(path).expanduser().absolute()
    fmt = FORMATS.get(target.suffix.lower())
    if fmt is None:
        allowed = ", ".join(FORMATS)
        raise UserError(f"--out: {target.name}: cannot write '{target.suffix}' files ({allowed})")
    if not target.parent.is_dir():
        raise UserError(f"--out: {target}: the folder {target.parent} does not exist")
    if type(figure.canvas) is FigureCanvasBase:  # built without a GUI: render with Agg
        FigureCanvasAgg(figure)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent
    )
    os.close(handle)
    try:
        # mkstemp makes the file private (0600); a chart is a document to share, like the file
        # it replaces.
        os.chmod(temp_name, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        figure.savefig(temp_name, format=fmt, facecolor=figure.get_facecolor())
        os.replace(temp_name, target)
    except OSError as exc:
        raise UserError(f"--out: cannot write {target}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
    return target
