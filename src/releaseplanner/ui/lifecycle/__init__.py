"""The lifecycle pages of the GUI: a release's records after planning (builds and tests,
deployments, early-life support, the post-release review) and the delivery metrics, as
standalone widgets the main window places and wires (:class:`LifecycleWindow` holds both).

Constructors take the open workspace and the window's ``push_command``; every edit is one of the
services' undoable commands. These modules import the services (and so SQLAlchemy), so the app
imports them on first use, never at start-up; matplotlib loads later still, in the worker that
draws the first chart.
"""
