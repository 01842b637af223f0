"""The one way briefgen writes a file: atomically, beside its target, never half-written."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import CannotWrite

# Only briefgen's own temporaries end so: a sweep of leftovers must never take a user's *.tmp.
TEMP_SUFFIX = ".briefgen.tmp"


def sweep_temporaries(folder: Path) -> None:
    """Remove temporaries a killed build left behind; call it only holding the folder's lock."""
    with contextlib.suppress(OSError):
        for stale in folder.glob(f".*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                stale.unlink()


LOCK_NAME = ".briefgen.lock"


@contextlib.contextmanager
def folder_lock(folder: Path, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold the output folder for one build at a time; a second one waits, and says so.

    The lock is the kernel's (flock), so it is let go when its holder dies however it dies,
    and the next build never waits on a build that is gone.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(
            folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666
        )
    except OSError as exc:
        raise cannot_write(folder, exc) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait(f"Waiting: another briefgen is building into {folder}; this one goes next.")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def cannot_write(path: Path, exc: OSError) -> CannotWrite:
    """Say why a file or folder could not be written, as the user's situation, with a fix."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        fix = "free some disk space (or raise the quota), then build again"
    elif exc.errno in (errno.EEXIST, errno.ENOTDIR):
        reason, fix = "a file stands where a folder is needed", "name a folder with --out"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        fix = "choose a folder you can write with --out, or fix its permissions"
    else:
        fix = "check the folder given with --out"
    return CannotWrite(f"cannot write {path}: {reason}; earlier outputs are as they were", fix)


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
    tmp = _write_temp(path, data, mode, durable)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_temp(path: Path, data: bytes, mode: int | None, durable: bool) -> str:
    """Write `data` whole to a new temporary beside `path`; return its name (removed on error)."""
    fd, tmp = _create_temp(path)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _create_temp(path: Path) -> tuple[int, str]:
    """Create a hidden temporary file beside `path`, whose name no one else holds."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = os.path.join(path.parent, f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue


def write_new(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write a file that must not exist yet (a snapshot, a scaffold): never overwrite one.

    Written whole under a temporary name, then linked into place, so a crash leaves either
    no file or the whole one; FileExistsError when `path` is already there.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(path, data, mode, durable=True)
    try:
        os.link(tmp, path)  # fails, rather than replaces, when the name is taken
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_staged(path: Path, data: bytes) -> None:
    """Write a file into a staging folder that is swapped in whole later (the site).

    Direct, not through a temporary: the folder is not in place yet, so no reader sees a file
    half-written, and a kill leaves only names the folder's owner knows as its own. Exclusive:
    an existing file is an error, never overwritten.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def remove(path: Path) -> None:
    """Remove a file briefgen wrote (an entry, a stale output); a missing one is no error."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
