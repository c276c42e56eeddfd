"""The risk pages of the GUI: the register (table, form, filters) and the dashboard (charts and the
score breakdown), as standalone widgets the main window places and wires.

Both take a :class:`~releaseplanner.ui.risk.risk_reader.RiskReader` (Qt-free: reads rows and
builds the services' undoable commands); the register also takes the window's ``push_command``.
:func:`releaseplanner.ui.risk.links.link_risk_views` connects a register to a dashboard.
Nothing here imports the services or matplotlib at import time (start-up reads no SQL and draws
no chart); they are imported on first use.
"""
