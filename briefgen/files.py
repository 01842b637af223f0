"""Writing files so that a reader sees the old whole file or the new one, never a part."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import secrets
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, durable: bool = True, mode: int | None = None) -> None:
    """Replace `path` with `data` in one step, keeping an existing file's permissions.

    `durable` waits for the disk; a file that is checked or rebuilt if lost need not.
    `mode` sets the permissions instead.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        with contextlib.suppress(OSError):
            mode = path.stat().st_mode & 0o777
    # Created 0666 less the umask, as any new file would be (mkstemp's 0600 would hide new
    # outputs from other readers); an existing file's permissions, or `mode`, are kept.
    fd, tmp = _create_temp(path)
    try:
        if mode is not None:
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


def _create_temp(path: Path) -> tuple[int, str]:
    """Create a hidden temporary file beside `path`, whose name no one else holds."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = os.path.join(path.parent, f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue


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
