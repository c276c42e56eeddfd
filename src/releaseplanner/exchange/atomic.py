"""Writing files atomically: a temporary file beside the target, renamed over it when complete.

A reader (or a crash) never sees half a workbook: either the old file stays or the new one is
whole. The temporary file lives in the target's folder so the rename never crosses file systems.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from releaseplanner.domain.errors import UserError


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; replace ``path`` with it when the block succeeds.

    The temporary file is removed when the block raises.

    Raises:
        UserError: the folder is missing or cannot be written (named with the reason).
    """
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path}: is a folder; give a file name")
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".part"
        )
    except OSError as exc:
        raise UserError(f"{path}: cannot write there ({exc.strerror})") from None
    os.close(handle)
    try:
        yield Path(temporary)
        # mkstemp makes the file private (0600); give it what a new file would get instead, or
        # keep the mode of the file it replaces.
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise UserError(f"{path}: cannot write the file ({exc.strerror or exc})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it (os.umask would, for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022  # the common default where /proc is not there to ask
