"""The timeline drawn with matplotlib: the same display list as the window, as PNG, SVG or PDF.

A :class:`~releaseplanner.domain.timeline.primitives.Frame` is in pixels with y growing down;
the axes here span the whole figure with those limits (y inverted), so a rectangle at (x, y) in
the frame is at (x, y) in the axes and the picture matches the window's. Per layer, shapes go in
one PolyCollection, lines in one LineCollection and texts on top, in the frame's order, clipped
to the layer's rectangle: the same order the QPainter view follows.

Sizes in the frame are CSS pixels; the figure is drawn at 96 dpi, so a pixel is 0.75 point and a
PDF page in CSS pixels is the paper's size. PNGs may be drawn at a higher ``scale`` for sharpness.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from releaseplanner.charts.export import FORMATS, export_figure
from releaseplanner.domain.errors import UserError
from releaseplanner.domain.timeline.primitives import Frame, Layer, Rect

DPI = 96.0
_POINT = 72.0 / DPI  # points per CSS pixel
_ALIGN = {"left": "left", "center": "center", "right": "right"}


def frame_figure(frame: Frame, *, scale: float = 1.0) -> Figure:
    """A figure drawing ``frame``; ``scale`` multiplies the dpi (sharper PNGs, same layout)."""
    figure = Figure(figsize=(frame.width / DPI, frame.height / DPI), dpi=DPI * scale)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    axes.set_xlim(0, frame.width)
    axes.set_ylim(frame.height, 0)
    axes.set_axis_off()
    for order, layer in enumerate(frame.layers):
        if len(layer):
            _layer(axes, layer, order * 3)
    return figure


def _layer(axes: Axes, layer: Layer, z: int) -> None:
    x0, y0, x1, y1 = layer.clip
    clip = Rectangle((x0, y0), x1 - x0, y1 - y0, transform=axes.transData)
    if layer.shapes:
        vertices, faces, edges, widths, styles = [], [], [], [], []
        for shape in layer.shapes:
            if type(shape) is Rect:
                vertices.append(
                    (
                        (shape.x0, shape.y0),
                        (shape.x1, shape.y0),
                        (shape.x1, shape.y1),
                        (shape.x0, shape.y1),
                    )
                )
                styles.append("--" if shape.dashed else "-")
            else:
                vertices.append(shape.points)  # type: ignore[union-attr]
                styles.append("-")
            faces.append(shape.fill or "none")
            edges.append(shape.edge or "none")
            widths.append(shape.width * _POINT if shape.edge else 0.0)
        shapes = PolyCollection(
            vertices,
            facecolors=faces,
            edgecolors=edges,
            linewidths=widths,
            linestyles=styles,
            zorder=z,
            joinstyle="miter",
        )
        axes.add_collection(shapes)
        # After adding: add_collection would reset the clip to the whole axes.
        shapes.set_clip_path(clip)
    if layer.lines:
        lines = LineCollection(
            [line.points for line in layer.lines],
            colors=[line.colour for line in layer.lines],
            linewidths=[line.width * _POINT for line in layer.lines],
            linestyles=["--" if line.dashed else "-" for line in layer.lines],
            zorder=z + 1,
            capstyle="butt",
        )
        axes.add_collection(lines)
        lines.set_clip_path(clip)
    for text in layer.texts:
        box = None
        if text.box is not None:
            box = {"facecolor": text.box, "edgecolor": "none", "pad": text.size * 0.15 * _POINT}
        artist = axes.text(
            text.x,
            text.y,
            text.text,
            color=text.colour,
            fontsize=text.size * _POINT,
            fontweight="bold" if text.bold else "normal",
            ha=_ALIGN[text.align],
            va="center",
            zorder=z + 2,
            bbox=box,
        )
        artist.set_clip_on(True)
        artist.set_clip_path(clip)


def write_picture(frame: Frame, path: str | os.PathLike[str], *, scale: float = 1.0) -> Path:
    """Write one frame as PNG, SVG or PDF (by suffix), atomically; returns the absolute path.

    Raises:
        UserError: an unknown suffix, a missing folder or a file that cannot be written.
    """
    return export_figure(frame_figure(frame, scale=scale), path)


def write_pages(frames: Sequence[Frame], path: str | os.PathLike[str]) -> Path:
    """Write frames as the pages of one PDF, atomically; returns the absolute path.

    Raises:
        UserError: the file is not a .pdf, its folder is missing, or it cannot be written.
    """
    from matplotlib.backends.backend_pdf import PdfPages

    target = Path(path).expanduser().absolute()
    if target.suffix.lower() != ".pdf":
        raise UserError(f"--out: {target.name}: pages need a .pdf file")
    if not target.parent.is_dir():
        raise UserError(f"--out: {target}: the folder {target.parent} does not exist")
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=".pdf", dir=target.parent
    )
    os.close(handle)
    try:
        os.chmod(temp_name, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        with PdfPages(temp_name) as pdf:
            for frame in frames:
                pdf.savefig(frame_figure(frame))
        os.replace(temp_name, target)
    except OSError as exc:
        raise UserError(f"--out: cannot write {target}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
    return target


def format_of(path: str | os.PathLike[str]) -> str:
    """'png', 'svg' or 'pdf' from the file's suffix.

    Raises:
        UserError: any other suffix.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UserError(
            f"--out: {Path(path).name}: cannot write '{suffix}' files (.png, .svg, .pdf)"
        )
    return FORMATS[suffix]
