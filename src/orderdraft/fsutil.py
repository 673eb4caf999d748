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
# Names Windows reserves for devices, with any extension: an order saved as CON.docx on a
# shared drive cannot be opened there.
_RESERVED = re.compile(r"^(?:CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(?:\.|$)", re.IGNORECASE)


def safe_stem(name: str) -> str:
    """A file-name stem that cannot climb out of the output folder or hide itself."""
    stem = _UNSAFE.sub("-", name).strip(".-")[:100].rstrip(".-") or "order"
    if _RESERVED.match(stem):
        stem = f"{stem}-order"
    return stem


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _place_new(tmp: str, target: Path) -> None:
    """Move ``tmp`` to ``target`` only if nothing is there yet.

    ``os.replace`` would clobber a file created after the ``exists()`` check (a second
    run, or two case files with the same name in one batch); ``os.link`` refuses instead.
    Filesystems without hard links fall back to the checked rename.
    """
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OrderdraftError(f"{target} already exists; pass --overwrite to replace it") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
            raise
        os.replace(tmp, target)
        return
    os.unlink(tmp)


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
        if overwrite:
            os.replace(tmp, target)
        else:
            _place_new(tmp, target)
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
