"""Files in and out: content read only from inside the project, outputs written atomically."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import CannotWrite, UnreadableFile


def _real(path: str, folders: dict[str, str] | None, leaf: bool = False) -> str:
    """Return where a path really is, symlinks resolved; `folders` caches its folders' answers."""
    if folders is None:
        return os.path.realpath(path)
    if not leaf:
        if path not in folders:
            folders[path] = os.path.realpath(path)
        return folders[path]
    folder, name = os.path.split(path)
    if name in ("", ".", ".."):
        return os.path.realpath(path)
    with contextlib.suppress(OSError):
        if not stat.S_ISLNK(os.lstat(path).st_mode):
            return os.path.join(_real(folder, folders), name)
    return os.path.realpath(path)


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_inside(
    root: Path, relative: str | Path, limit: int, folders: dict[str, str] | None = None
) -> bytes:
    """Read a regular file of at most `limit` bytes that lies, symlinks resolved, in `root`.

    Content names files (a snapshot's archive path, a brief in briefs/); whatever it names,
    briefgen reads no file outside the project, never blocks on a pipe, never reads a device,
    and never takes more than `limit` bytes into memory. `folders` remembers where each folder
    really is, so that, over thousands of snapshots, one that is not itself a link costs one
    lstat rather than a realpath walk of every part of its path.
    """
    shown = Path(relative).as_posix()
    try:
        base = _real(str(root), folders)
        full = _real(os.path.join(base, relative), folders, leaf=True)
    except ValueError:  # an impossible path, such as one with a NUL byte
        raise UnreadableFile(f"'{shown}' is not a possible file name", "fix the path") from None
    if os.path.commonpath((base, full)) != base:
        raise UnreadableFile(
            f"'{shown}' lies outside the project (it resolves to {full})",
            "copy the file into the project instead of linking to it",
        )
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer that never comes.
        fd = os.open(full, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise UnreadableFile(f"'{shown}' does not exist", "create it, or fix the path") from None
    except OSError as exc:
        raise UnreadableFile(
            f"'{shown}' cannot be read: {exc.strerror or exc}",
            "check that it exists and is readable",
        ) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise UnreadableFile(
            f"'{shown}' is {_kind_of(st.st_mode)}, not a file", "replace it with a plain file"
        )
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(limit + 1) if st.st_size <= limit else b""
    if st.st_size > limit or len(data) > limit:
        raise UnreadableFile(
            f"'{shown}' is {max(st.st_size, len(data)):,} bytes, over the {limit:,}-byte limit",
            "split it, or keep only the part the catalog cites",
        )
    return data


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
        tmp = os.path.join(path.parent, f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue


def file_digest(path: Path) -> str:
    """Return the sha256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_digest(folder: Path, pattern: str = "*") -> str:
    """Hash every file matching `pattern` under a folder (templates, styles, fonts, code).

    Symlinked subfolders are followed, once each: what they hold is rendered like the rest,
    so an edit there must rebuild the briefs too.
    """
    h = hashlib.sha256()
    files: list[Path] = []
    seen: set[str] = set()
    for top, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:  # a link back up the tree
            dirs.clear()
            continue
        seen.add(real)
        files += [Path(top, n) for n in names if Path(n).match(pattern)]
    for path in sorted(p for p in files if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0")
        h.update(file_digest(path).encode())
    return h.hexdigest()


@functools.cache
def package_digest() -> str:
    """Hash briefgen's own code, once a process: the build's inputs and the cache's keys."""
    return folder_digest(Path(__file__).resolve().parent, "*.py")
