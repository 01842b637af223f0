"""The site folder: which one publish may replace, and replacing it so that a site is always there.

The new site is written whole beside the folder (`.<name>.<random>.new`), then swapped in:
on Linux in one step (renameat2's RENAME_EXCHANGE), elsewhere by two renames that no stop
signal comes between. At every instant the folder holds a whole site, old or new, and a
kill (SIGKILL, a power cut) can leave only a whole site in place and a `.new` or `.old`
beside it, which the next publish removes when it can prove it made it: its name is one
publish gives, and it holds nothing but a site's own files, the marker among them (the marker
is written first and removed last, so a half-written or half-removed one still shows it).

A marker alone proves nothing about a folder that holds inputs: a site folder that holds, or
lies above, a file the project is read from, or anything but a site's own files, is refused.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from ..catalog.fields import ID_RE
from ..errors import BriefgenError, UsageError
from ..files.swap import folder_flock, new_folder, remove_tree, swap_folder
from ..files.writer import write_staged
from ..plan.generate import is_generated
from ..signals import uninterrupted

# Left in the site so that a later publish knows the folder is its own to replace.
MARKER = ".briefgen-site"
MARKER_TEXT = b"Written by `briefgen publish`, which replaces this folder whole.\n"
# Folders of a project that hold its content or code: a site inside one would be swept away
# with it, or swept into it.
CONTENT_DIRS = ("briefs", "sources", "templates", "schema", "briefgen", ".git", ".github")
SITE_FILES = ("index.html", "feed.xml", MARKER)
OUTPUT = re.compile(r"(?P<id>.+)\.(?:md|html|pdf)")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_out(
    root: Path, build: Path, out: Path, inputs: Iterable[Path] = (), named: str = "--out"
) -> None:
    """Refuse a site folder that would overwrite the build, the project or its inputs.

    `inputs` are the files the project is read from (catalog files, briefs, snapshots,
    settings): a site folder that holds one, at any depth, is refused whatever it holds.
    `named` says where the folder was given: `--out`, or the site_dir setting.
    """
    if out.is_symlink():  # replacing it would replace the folder it leads to, wherever it is
        raise UsageError(f"{named} '{out}' is a symbolic link: give the folder itself")
    root, build, out = root.resolve(), build.resolve(), out.resolve()
    if _inside(out, build) or _inside(build, out):
        raise UsageError(
            f"{named} '{out}' overlaps the build folder '{build}': publish into a folder of its own"
        )
    if _inside(root, out):
        raise UsageError(f"{named} '{out}' holds the project itself: choose a folder such as site/")
    for name in CONTENT_DIRS:
        if _inside(out, root / name):
            raise UsageError(f"{named} '{out}' is inside the project's {name}/: choose site/")
    for path in inputs:
        real = path.resolve()
        if _inside(real, out):
            raise UsageError(
                f"{named} '{out}' holds {real}, which the project is read from, and publishing "
                "replaces the folder whole: choose a folder of its own, such as site/"
            )
    if out.exists() and not out.is_dir():
        raise UsageError(f"{named} '{out}' is not a folder: give a folder")
    if out.is_dir() and any(out.iterdir()) and not is_a_site(out):
        raise UsageError(
            f"{named} '{out}' holds files briefgen did not publish, and publishing replaces "
            "the folder whole: choose a new or empty folder"
        )


def _site_name(name: str) -> bool:
    if name in SITE_FILES:
        return True
    found = OUTPUT.fullmatch(name)
    return found is not None and (ID_RE.match(found["id"]) is not None or is_generated(found["id"]))


def is_a_site(folder: Path) -> bool:
    """Tell whether a folder is one publish wrote: its marker, and only a site's own files."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return False
    return any(e.name == MARKER for e in entries) and all(
        e.is_file(follow_symlinks=False) and _site_name(e.name) for e in entries
    )


def _leftover(path: Path, out: Path) -> bool:
    """Tell whether `path` is a staging or old site of `out` that publish made and left."""
    pattern = rf"\.{re.escape(out.name)}\.[A-Za-z0-9_]{{6,}}\.(new|old)"
    if not re.fullmatch(pattern, path.name):
        return False
    try:
        st = path.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid():
        return False
    inside = list(path.iterdir())
    # Empty: made, and killed before its marker; an older briefgen kept the old site in a
    # folder of its own name inside `.old`.
    if not inside or is_a_site(path):
        return True
    return (
        len(inside) == 1
        and inside[0].name == out.name
        and not inside[0].is_symlink()
        and is_a_site(inside[0])
    )


def clean_leftovers(out: Path) -> list[Path]:
    """Remove the `.new` and `.old` sites beside `out` that a killed publish left; say which."""
    out = out.resolve()
    removed = []
    with contextlib.suppress(OSError):
        for path in out.parent.iterdir():
            if path.name.startswith(f".{out.name}.") and _leftover(path, out):
                with contextlib.suppress(OSError):
                    remove_tree(path, MARKER)
                    removed.append(path)
    return removed


@contextlib.contextmanager
def site_lock(out: Path, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold the folder the site lies in for one publish at a time; a second waits, and says so."""
    parent = out.resolve().parent

    def waiting() -> None:
        on_wait(f"Waiting: another briefgen is publishing beside {out}; this one goes next.")

    with contextlib.ExitStack() as held:
        try:
            held.enter_context(folder_flock(parent, waiting))
        except OSError as exc:
            raise BriefgenError(f"cannot write the site to {out}: {exc}") from None
        yield


def swap_in(staging: Path, out: Path) -> Path | None:
    """Put the site in `staging` at `out`; return where the old site went, if there was one."""
    with uninterrupted():  # the two renames, if it comes to them, with no stop between
        return swap_folder(staging, out)


def write_site(out: Path, files: Mapping[str, bytes]) -> None:
    """Write the whole site beside `out`, then put it in place of the old one."""
    out = out.resolve()
    staging: Path | None = None
    old: Path | None = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        new = out.with_name(f".{out.name}.{secrets.token_hex(6)}.new")
        new_folder(new)  # 0755 whatever the umask: the web server reads the site
        staging = new  # only now: a folder of that name someone else made is not ours
        write_staged(staging / MARKER, MARKER_TEXT)  # first: a leftover shows whose
        for name, data in files.items():
            write_staged(staging / name, data)
        old = swap_in(staging, out)
        staging = None
    except OSError as exc:
        raise BriefgenError(f"cannot write the site to {out}: {exc}") from None
    finally:
        for leftover in (staging, old):
            if leftover is not None and leftover.exists():
                with contextlib.suppress(OSError):
                    remove_tree(leftover, MARKER)
