"""sources.yaml's include: patterns, and the files they name: each once, all in the project."""

from __future__ import annotations

import contextlib
import fnmatch
import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..errors import Finding
from ..model import Loc
from .yamlio import LDict, LList

CATALOG_FILE = "sources.yaml"


def include_patterns(data: LDict, out: list[Finding]) -> tuple[tuple[str, Loc], ...]:
    """Return sources.yaml's include: patterns, each with where it is written."""
    value = data.get("include")
    if value is None:
        return ()
    if isinstance(value, str):
        return ((value, data.value_locs["include"]),)
    if isinstance(value, LList) and all(isinstance(v, str) for v in value):
        return tuple(zip(value, value.item_locs, strict=True))
    out.append(
        Finding(
            data.value_locs["include"],
            "error",
            "'include' should be a list of paths or patterns",
            "write include: [catalog/*.yaml]",
        )
    )
    return ()


def included_files(
    root: Path, patterns: tuple[tuple[str, Loc], ...], out: list[Finding]
) -> list[str]:
    """Return the files the include: patterns name, in order, each once, all in the project."""
    base = os.path.realpath(root)
    # Each file once, by where it really is: a folder linked twice must not load it twice.
    seen = {os.path.realpath(root / CATALOG_FILE)}
    files: list[str] = []
    for pattern, loc in patterns:
        parts = PurePosixPath(pattern).parts
        if not pattern.strip() or PurePosixPath(pattern).is_absolute() or ".." in parts:
            out.append(
                Finding(
                    loc,
                    "error",
                    f"include '{pattern}' is not a path inside the project",
                    "write a path or pattern relative to the project folder, e.g. catalog/*.yaml",
                )
            )
            continue
        if not parts or pattern.rstrip().endswith(("/", "/.")) or parts[-1] in (".", "**"):
            out.append(
                Finding(
                    loc,
                    "error",
                    f"include '{pattern}' names a folder, not files",
                    "name the files in it, e.g. catalog/*.yaml",
                )
            )
            continue
        outside: list[Path] = []
        try:
            # Anything but a folder: a pipe or a dangling link is read, and refused with a reason.
            matched = sorted(p for p in _glob(root, base, pattern, outside) if not p.is_dir())
        except (ValueError, OSError) as exc:  # '**' inside a name, an unreadable folder
            out.append(
                Finding(
                    loc,
                    "error",
                    f"include '{pattern}' is not a pattern briefgen can read: {exc}",
                    "use * for any name and ** for any folders, each a whole part: "
                    "catalog/**/*.yaml",
                )
            )
            continue
        for link in sorted(set(outside)):
            out.append(
                Finding(
                    loc,
                    "error",
                    f"include '{pattern}': '{link.relative_to(root).as_posix()}' leads outside "
                    "the project",
                    "keep catalog files in the project folder",
                )
            )
        if not matched and not outside:
            out.append(
                Finding(
                    loc,
                    "warning",
                    f"include '{pattern}' matches no file",
                    "check the pattern, or remove it",
                )
            )
        out += _case_misses(root, base, pattern, matched, loc)
        for path in matched:
            shown = path.relative_to(root).as_posix()
            real = os.path.realpath(path)
            if os.path.commonpath((base, real)) != base:
                out.append(
                    Finding(
                        loc,
                        "error",
                        f"include '{pattern}': '{shown}' leads outside the project",
                        "keep catalog files in the project folder",
                    )
                )
            elif real not in seen:
                seen.add(real)
                files.append(shown)
    return files


def _glob(root: Path, base: str, pattern: str, outside: list[Path]) -> Iterator[Path]:
    """Yield what a pattern matches under root, as Path.glob would, never leaving the project.

    A folder linked from outside the project is not walked: it is added to `outside`, once,
    rather than every file under it (a link to / would list the whole machine). A folder
    reached again through a link back up is not walked twice.
    """
    parts = PurePosixPath(pattern).parts
    for part in parts:
        if "**" in part and part != "**":
            raise ValueError("Invalid pattern: '**' can only be an entire path component")

    def inside(folder: Path) -> bool:
        real = os.path.realpath(folder)
        if os.path.commonpath((base, real)) != base:
            outside.append(folder)
            return False
        return True

    def walk(folder: Path, i: int, chain: frozenset[str]) -> Iterator[Path]:
        if i == len(parts):
            yield folder
            return
        part = parts[i]
        if part == "**":
            yield from walk(folder, i + 1, chain)
        try:
            names = sorted(os.listdir(folder))
        except (NotADirectoryError, FileNotFoundError):
            return
        for name in names:
            path = folder / name
            if part != "**" and not fnmatch.fnmatchcase(name, part):
                continue
            if part != "**" and i == len(parts) - 1:
                yield path  # a file (or anything) the last part names
                continue
            if not path.is_dir():
                continue
            real = os.path.realpath(path)
            if real in chain or not inside(path):
                continue
            yield from walk(path, i if part == "**" else i + 1, chain | {real})

    yield from walk(root, 0, frozenset({os.path.realpath(root)}))


def _case_misses(
    root: Path, base: str, pattern: str, matched: list[Path], loc: Loc
) -> list[Finding]:
    """Warn of files a pattern ending .yaml or .yml skips only for the case of their ending."""
    stem, dot, ending = pattern.rpartition(".")
    if not dot or ending not in ("yaml", "yml"):
        return []
    folded = stem + "." + "".join(f"[{c}{c.upper()}]" for c in ending)
    with contextlib.suppress(ValueError, OSError):
        found = _glob(root, base, folded, [])
        missed = sorted(set(found) - set(matched))
        return [
            Finding(
                loc,
                "warning",
                f"include '{pattern}' leaves out '{p.relative_to(root).as_posix()}': "
                f"its ending is not '.{ending}' in lower case",
                f"rename it to end in .{ending}, or include it by its name",
            )
            for p in missed
            if not p.is_dir()
        ]
    return []
