"""The timeline window: the plan drawn as bars on a calendar, edited by mouse and keyboard.

Open it with ``TimelineWindow(workspace, push_command)`` (see ``timeline_window``). The picture
itself is computed in :mod:`releaseplanner.domain.timeline`; this package paints it (``painter``),
handles input (``timeline_view``, ``gestures``), loads and edits (``document``), and adds the
panels, dialogs, meeting mode and export around it. Importing the package imports no Qt
(``texts`` is Qt-free and tested without a GUI); its modules do.
"""
