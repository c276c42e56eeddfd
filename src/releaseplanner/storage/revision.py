"""The schema revision this program writes, kept free of imports so cheap readers can check it.

``engine`` compares it so that opening an up-to-date workspace never imports Alembic, and
``quick_read`` compares it so that it reads only tables whose shape it knows.
"""

from __future__ import annotations

#: The newest migration revision; a test checks it against Alembic's scripts.
HEAD_REVISION = "0001_initial"
