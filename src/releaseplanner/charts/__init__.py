"""Chart builders: matplotlib ``Figure`` objects from plain data, for the GUI and the CLI alike.

Builders import ``matplotlib.figure`` only (never pyplot, which keeps global state and picks a GUI
backend), take their data as the small dataclasses in :mod:`releaseplanner.charts.data` plus a
:class:`~releaseplanner.charts.palette.ChartPalette`, and never read the workspace: services
gather the data. The GUI shows a figure in a FigureCanvasQTAgg; :mod:`releaseplanner.charts.export`
writes one to PNG, SVG or PDF. Importing this package does not import matplotlib.
"""
