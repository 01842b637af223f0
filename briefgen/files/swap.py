"""Whole folders in and out: swap a new folder in place of an old one, remove one, lock one.

The site publish writes is a folder replaced whole. These are the only places briefgen moves
or removes a folder; which folder may be replaced, and why, is publish's to decide
(publish/folder.py), and the stop-signal guard around a swap is its caller's.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

RENAME_EXCHANGE = 2  # from <linux/fs.h>
AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step, where the system can; False where it cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not here; two renames will do
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_folder(staging: Path, out: Path) -> Path | None:
    """Put the folder `staging` at `out`; return where the old one went, if there was one.

    One step where the system swaps two names at once; elsewhere two renames, so the caller
    holds stop signals off around this call.
    """
    if not out.exists():
        os.rename(staging, out)
        return None
    if exchange(staging, out):
        return staging
    old = staging.with_name(f".{out.name}.{secrets.token_hex(6)}.old")
    os.rename(out, old)
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(old, out)  # put the last one back
        raise
    return old


def new_folder(path: Path, mode: int = 0o755) -> None:
    """Make a folder that must not exist yet (FileExistsError if it does), readable by `mode`."""
    path.mkdir()
    path.chmod(mode)  # whatever the umask


def remove_tree(folder: Path, last: str) -> None:
    """Remove a folder briefgen made, the file named `last` last: one cut short still shows it."""
    for entry in sorted(folder.iterdir(), key=lambda p: p.name == last):
        if entry.is_dir() and not entry.is_symlink():
            remove_tree(entry, last)
        else:
            entry.unlink()
    folder.rmdir()


@contextlib.contextmanager
def folder_flock(folder: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold `folder` for one process at a time; a second calls `on_wait`, then waits its turn.

    The lock is the kernel's (flock) on the folder itself, so no file is made for it, and it
    is let go when its holder dies however it dies. OSError if the folder cannot be opened.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
