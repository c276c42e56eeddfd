"""The timeline as a Qt-free display list: rows, bars, ticks and bands computed in plain Python.

The timeline window (QPainter) and ``rplan render timeline`` (matplotlib) draw the same picture
because both paint a :class:`~releaseplanner.domain.timeline.frame.Frame`: pixel-space rectangles,
diamonds, lines and labels that :func:`~releaseplanner.domain.timeline.frame.build_frame` computes
from a :class:`~releaseplanner.domain.timeline.layout.TimelineLayout` and a viewport. Only the
painters differ; every decision (which rows, where a bar goes, which label fits, what merges at
low zoom) is made here, once, and unit-tested without a GUI.

Modules: ``palette`` (colours shared by both painters and the legend), ``model`` (the input
records and the layout's rows and bars), ``layout`` (grouping, lanes, filters, the per-row
index), ``ticks`` (week / month / quarter headers), ``frame`` (the visible part in pixels, with
level-of-detail merging), ``slips`` (planned against baseline).
"""
