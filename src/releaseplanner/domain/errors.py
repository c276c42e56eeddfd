"""Errors a user can cause and fix; the CLI maps every one of them to exit code 2.

Anything that is *not* a :class:`UserError` is a defect in the program and is allowed to surface
as a traceback, so the two must never be confused.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with what the user asked for or supplied; the message names what was wrong."""


class ValidationError(UserError):
    """A value broke a domain rule (a bad date order, an out-of-range likelihood, ...)."""


class NotFoundError(UserError):
    """A key or id named by the user does not exist in the workspace."""


class WorkspaceError(UserError):
    """The workspace database cannot be opened, created or migrated."""
