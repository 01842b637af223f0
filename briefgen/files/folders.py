"""Folders briefgen writes in, and digests of the folders it reads from.

An output folder is a real folder: inside the project when a setting names it (a cloned
project's `build` that links elsewhere must not make a build overwrite files there), anywhere
the user names on the command line, and never the project itself or a folder holding inputs.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from ..errors import UnreadableFile, UsageError
from .opener import MAX_CODE_BYTES, MAX_FONT_BYTES, inside, read_inside

# Folders of a project that hold what briefgen reads: never an output folder, nor inside one.
INPUT_FOLDERS = ("briefs", "sources", "templates", "catalog", ".git")


def output_folder(
    root: Path,
    folder: Path,
    *,
    named: bool,
    what: str = "output folder",
    setting: str = "build_dir",
    example: str = "build",
) -> Path:
    """Return `folder` if briefgen may write outputs there; else raise UsageError, saying why.

    `named` is True when the user gave it on the command line: it may then lie outside the
    project. A folder from a setting or the default must, symlinks resolved, stay inside;
    the message then names the setting (`setting` in pyproject.toml), and suggests `example`.
    """
    real_root = Path(os.path.realpath(root))
    try:
        real = Path(os.path.realpath(folder))
    except ValueError:
        raise UsageError(f"the {what} '{folder}' is not a possible folder name") from None
    option = "--out"
    given = "" if named else f" ({setting} in pyproject.toml, or its default)"
    if real == real_root or real in real_root.parents:
        raise UsageError(
            f"the {what} {folder}{given} is the project folder (or holds it): outputs would "
            "mix with the catalog, and a clean-up could take it",
            f"name a folder of its own, such as {root / example}, with {option}",
        )
    for name in INPUT_FOLDERS:
        source = Path(os.path.realpath(root / name))
        if real == source or source in real.parents or real in source.parents:
            raise UsageError(
                f"the {what} {folder}{given} is (or is inside, or holds) the project's {name}/ "
                "folder, which holds inputs",
                f"name a folder of its own, such as {root / example}, with {option}",
            )
    if not named:
        if os.path.islink(folder):
            raise UsageError(
                f"the {what} {folder}{given} is a symbolic link (to {real}): a project's setting "
                "cannot send outputs elsewhere",
                f"remove the link, or name the folder you mean with {option}",
            )
        if not inside(real_root, real):
            raise UsageError(
                f"the {what} {folder}{given} resolves to {real}, outside the project",
                f"name the folder you mean with {option}",
            )
    return folder


def file_digest(path: Path, root: Path | None = None, limit: int = MAX_FONT_BYTES) -> str:
    """Return the sha256 of a file's bytes, in hex, read through the opener within `root`."""
    base = root if root is not None else path.parent
    return hashlib.sha256(read_inside(base, path, limit)).hexdigest()


def folder_digest(folder: Path, pattern: str = "*", root: Path | None = None) -> str:
    """Hash every file matching `pattern` under a folder (templates, styles, fonts, code).

    Symlinked subfolders are followed, once each, while they stay within `root` (the folder
    itself by default): what they hold is rendered like the rest, so an edit there must
    rebuild the briefs too. A link out of `root` is refused by the opener, naming it.
    """
    base = root if root is not None else folder
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
    for path in sorted(p for p in files if p.is_file() or p.is_symlink()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0")
        try:
            h.update(file_digest(path, base).encode())
        except UnreadableFile as exc:
            # Hashed as refused: the render that reads it says so, for each brief it fails.
            h.update(b"refused\0" + exc.message.encode())
    return h.hexdigest()


@functools.cache
def package_digest() -> str:
    """Hash briefgen's own code, once a process: the build's inputs and the cache's keys."""
    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(read_inside(package, path, MAX_CODE_BYTES)).hexdigest().encode())
    return h.hexdigest()
