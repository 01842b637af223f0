"""Writing files so that a reader sees the old whole file or the new one, never a part."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
from pathlib import Path

_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomic(path: Path, data: bytes, *, durable: bool = True, mode: int | None = None) -> None:
    """Replace `path` with `data` in one step, keeping an existing file's permissions.

    `durable` waits for the disk; a file that is checked or rebuilt if lost need not.
    `mode` sets the permissions instead.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o666 & ~_UMASK  # mkstemp's 0600 would hide new files from other readers
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def file_digest(path: Path) -> str:
    """Return the sha256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_digest(folder: Path, pattern: str = "*") -> str:
    """Hash every file matching `pattern` under a folder (templates, styles, fonts, code)."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0")
        h.update(file_digest(path).encode())
    return h.hexdigest()


@functools.cache
def package_digest() -> str:
    """Hash briefgen's own code, once a process: the build's inputs and the cache's keys."""
    return folder_digest(Path(__file__).resolve().parent, "*.py")
