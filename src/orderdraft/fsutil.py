"""Write files so a reader never sees half of one, and names from case data stay tame."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from pathlib import Path

from .errors import OrderdraftError

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(name: str) -> str:
    """A file-name stem that cannot climb out of the output folder or hide itself."""
    stem = _UNSAFE.sub("-", name).strip(".-") or "order"
    return stem[:100]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(target: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it into place.

    The rename is atomic on one filesystem, so an interrupted run leaves either the old
    file or the new one, never a truncated order.
    """
    if target.exists() and not overwrite:
        raise OrderdraftError(f"{target} already exists; pass --overwrite to replace it")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:  # the folder is a file, or cannot be created or written to
        raise OrderdraftError(f"{target}: could not be written ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            # mkstemp makes the file private (0600); an order is an ordinary file, so give
            # it the permissions open() would have: 0666 less the umask.
            os.fchmod(fh.fileno(), 0o666 & ~_umask())
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if exc.errno == errno.ENOSPC:
            raise OrderdraftError(f"{target}: the disk is full; nothing was written") from None
        raise OrderdraftError(f"{target}: could not be written ({exc.strerror})") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
