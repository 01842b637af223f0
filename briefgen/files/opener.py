"""The one way briefgen opens a file: inside its allowed root, a regular file, a size cap.

Content names files (a snapshot's archive path, a brief in briefs/, an include), and a cloned
project may hold links and pipes where files should be; whatever is named, briefgen reads no
file outside the root it is given, never blocks on a pipe, never reads a device, and never
takes more than its cap into memory. Every refusal is an UnreadableFile naming the file.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from ..errors import UnreadableFile

# Caps by kind of file: generous for real files, far below what would exhaust memory.
MAX_SETTINGS_BYTES = 1_000_000  # pyproject.toml
MAX_STYLE_BYTES = 2_000_000  # brief.css, print.css
MAX_TEMPLATE_BYTES = 2_000_000  # one Jinja template
MAX_FONT_BYTES = 32_000_000  # one font or image a stylesheet loads
MAX_OUTPUT_BYTES = 200_000_000  # an output briefgen reads back (manifest, site copy, digest)
MAX_CODE_BYTES = 4_000_000  # one of briefgen's own modules


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


def kind_of(mode: int) -> str:
    """Name what a non-regular file is, for a message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def inside(root: Path | str, path: Path | str, folders: dict[str, str] | None = None) -> bool:
    """Say whether `path`, symlinks resolved, lies in `root` (symlinks resolved too)."""
    try:
        base = _real(str(root), folders)
        full = _real(os.path.join(base, path), folders, leaf=True)
    except ValueError:
        return False
    return os.path.commonpath((base, full)) == base


def open_regular(
    root: Path | str,
    relative: str | Path,
    limit: int,
    folders: dict[str, str] | None = None,
    *,
    follow: bool = True,
) -> tuple[bytes, os.stat_result]:
    """Read a regular file of at most `limit` bytes lying in `root`; return it and its stat.

    `relative` may be absolute (it must still lie in `root`). `follow=False` refuses a link
    even to a file inside (the cache's entries, which others might plant). `folders` remembers
    where each folder really is, so that, over thousands of snapshots, one that is not itself
    a link costs one lstat rather than a realpath walk of every part of its path.
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
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    target = full
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
        target = os.path.join(base, relative)
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer that never comes.
        fd = os.open(target, flags)
    except FileNotFoundError:
        raise UnreadableFile(f"'{shown}' does not exist", "create it, or fix the path") from None
    except OSError as exc:
        raise UnreadableFile(
            f"'{shown}' cannot be read: {exc.strerror or exc}",
            "check that it exists, is a plain file and is readable",
        ) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableFile(
                f"'{shown}' is {kind_of(st.st_mode)}, not a file", "replace it with a plain file"
            )
        if st.st_size > limit:
            raise _too_big(shown, st.st_size, limit)
        chunks: list[bytes] = []
        got = 0
        while got <= limit:  # a file that grows while read is still held to the cap
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:
            raise _too_big(shown, got, limit)
        return b"".join(chunks), st
    except OSError as exc:
        raise UnreadableFile(f"'{shown}' cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_big(shown: str, size: int, limit: int) -> UnreadableFile:
    return UnreadableFile(
        f"'{shown}' is {size:,} bytes, over the {limit:,}-byte limit",
        "split it, or keep only the part that is needed",
    )


def read_inside(
    root: Path | str, relative: str | Path, limit: int, folders: dict[str, str] | None = None
) -> bytes:
    """Read a regular file of at most `limit` bytes that lies, symlinks resolved, in `root`."""
    return open_regular(root, relative, limit, folders)[0]


def read_text_inside(root: Path | str, relative: str | Path, limit: int) -> str:
    """Read a UTF-8 text file as `read_inside` does; text that is not UTF-8 is refused."""
    data = read_inside(root, relative, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"'{Path(relative).as_posix()}' is not UTF-8 text (byte {exc.start})",
            "save it as UTF-8",
        ) from None


def read_named(path: Path | str, limit: int) -> bytes:
    """Read a file the user named on the command line, wherever it is (links followed).

    Still a regular file, within `limit`, never blocking: a user may name a pipe by mistake.
    """
    return read_inside(os.path.abspath(os.sep), os.path.abspath(path), limit)


def exists_inside(root: Path | str, relative: str | Path) -> bool:
    """Say whether a regular file lies at `relative` in `root`, without opening it."""
    if not inside(root, relative):
        return False
    try:
        return stat.S_ISREG(os.stat(os.path.join(root, relative)).st_mode)
    except (OSError, ValueError):
        return False
