"""Atomic file writes: a reader sees the old file or the new one, never a torn mix."""

from __future__ import annotations

import contextlib
import glob
import os
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["atomic_write", "remove_stale_temps"]

_TEMP_SUFFIX = ".tmp"


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def atomic_write(path: Path | str, data: bytes | str, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` atomically and durably.

    The data goes to a temporary file in the same folder (so the rename stays on one file
    system), which is flushed and fsynced, then renamed over ``path`` with ``os.replace``;
    finally the folder is fsynced so the rename itself survives a power cut.

    Args:
        path: the file to write; its folder must exist.
        data: the new content; ``str`` is written as UTF-8.
        mode: permission bits of the new file (owner-only by default).

    Raises:
        OSError: the file could not be written; ``path`` is left as it was.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=_temp_prefix(target), suffix=_TEMP_SUFFIX
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            if sys.platform != "win32":
                os.fchmod(handle.fileno(), mode)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    # Windows cannot open a folder for fsync; its rename is already durable (MoveFileEx).
    if sys.platform == "win32":
        return
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_stale_temps(path: Path | str, older_than_s: float = 60.0) -> int:
    """Delete temporary files left by writes of ``path`` that were killed midway.

    Only files older than ``older_than_s`` go, so a write in progress in another process
    is not disturbed. Returns how many were removed.
    """
    target = Path(path)
    cutoff = time.time() - older_than_s
    removed = 0
    try:
        candidates = list(target.parent.glob(f"{glob.escape(_temp_prefix(target))}*{_TEMP_SUFFIX}"))
    except OSError:
        return 0
    for candidate in candidates:
        with contextlib.suppress(OSError):
            if candidate.stat().st_mtime < cutoff:
                candidate.unlink()
                removed += 1
    return removed
