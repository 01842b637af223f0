"""A no-op rebuild that is known before anything heavy is imported: the build's stamp.

After a build that succeeded, the command keeps (in the user's sealed cache, under a key
naming the command line, its folder and briefgen's own code) what a rebuild would print if
nothing changed, with the stat of every file the build read or wrote: the project's files
and folders, the templates, the installed libraries' folder and the output folder. The next
same command replays that report when every one of those is as it was, and otherwise runs
the build, which decides by content hashes as always. The stamp only ever skips work that
would have found nothing to do: any doubt (a file touched, added or removed, a terminal
watching, an option it does not know) takes the full path, and a project holding a symbolic
link gets no stamp (what a link leads to can change while the link does not).

Times alone are not trusted for a file changed within the last two seconds before the stamp
(a coarse clock could hide a second change): those are compared by content (sha256).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import sysconfig
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog import cache
from ..errors import UnreadableFile
from ..files import read_named

# Folders a project holds that no build reads: version control, environments, caches.
_SKIP = {"__pycache__", "node_modules", "site", "venv", "env"}
_BIG = 1 << 31  # no output or input a build reads is larger
_RACY = 2.0  # seconds: a change this close to the stamp may not show in a coarse clock
# What a build's report depends on besides its files and arguments.
_ENVIRONMENT = ("CI", "TERM", "NO_COLOR", "COLUMNS", "BRIEFGEN_CACHE_DIR")

Signature = tuple[int, int, int, int, int]  # mode, size, mtime_ns, ctime_ns, inode

# The command line of this process when briefgen.start runs it (None when briefgen is called
# as a library or in a test runner: no stamp is kept for a command that was not run).
COMMAND: tuple[str, ...] | None = None


def watched_by_a_person() -> bool:
    """Tell whether the report is a live bar rather than plain lines (build.report's rule)."""
    from .report import is_interactive

    return is_interactive(sys.stdout, sys.stderr)


def _signature(st: os.stat_result) -> Signature:
    return (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _walk(folder: Path, skip: set[Path]) -> Iterator[tuple[str, os.stat_result]]:
    """Yield every file and folder under `folder` with its stat, skipping hidden names."""
    try:
        st = os.stat(folder)
    except (OSError, UnreadableFile):
        return
    yield str(folder), st
    try:
        entries = list(os.scandir(folder))
    except (OSError, UnreadableFile):
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in _SKIP:
            continue
        path = Path(entry.path)
        if path in skip:
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path, skip)
        else:
            try:
                yield entry.path, entry.stat(follow_symlinks=False)
            except (OSError, UnreadableFile):
                continue


def _watched(folders: Sequence[Path], skip: set[Path]) -> dict[str, os.stat_result]:
    seen: dict[str, os.stat_result] = {}
    for folder in folders:
        for path, st in _walk(folder, skip):
            seen.setdefault(path, st)
    return seen


def _same_report(argv: Sequence[str]) -> list[str]:
    """Drop what changes how a build works, not what a no-op reports: --force, --jobs."""
    kept: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--jobs", "-j"):
            skip = True
        elif arg != "--force" and not arg.startswith(("--jobs=", "-j")):
            kept.append(arg)
    return kept


def _key(argv: Sequence[str]) -> str:
    environment = {name: os.environ.get(name) for name in _ENVIRONMENT}
    return cache.key(
        "noop",
        os.getcwd(),
        sys.executable,
        json.dumps(sys.path),
        json.dumps(_same_report(argv)),
        json.dumps(environment, sort_keys=True),
    )


@dataclass(frozen=True)
class Seen:
    """The stat of files as a build found them (and the sha256 of those changed just now)."""

    signatures: dict[str, Signature]
    digests: dict[str, str]
    whole: bool  # False: a link, or a file gone while looked at: no stamp from this


def look(folders: Sequence[Path], skip: Sequence[Path] = ()) -> Seen:
    """Stat every file and folder under `folders` (not under `skip`), hashing the racy ones."""
    started = time.time()
    files = _watched([f.resolve() for f in folders], {p.resolve() for p in skip})
    racy = started - _RACY
    signatures: dict[str, Signature] = {}
    digests: dict[str, str] = {}
    for path, st in files.items():
        if stat.S_ISLNK(st.st_mode):
            return Seen({}, {}, False)  # what a link leads to can change while it does not
        signatures[path] = _signature(st)
        if stat.S_ISREG(st.st_mode) and max(st.st_mtime, st.st_ctime) >= racy:
            try:
                digests[path] = hashlib.sha256(read_named(path, _BIG)).hexdigest()
            except (OSError, UnreadableFile):
                return Seen({}, {}, False)
    return Seen(signatures, digests, True)


def inputs(root: Path, templates: Path, out: Path) -> Seen | None:
    """Look at what a build reads, before it reads it; None when no stamp will be kept.

    Taken before the build, so that an edit made while it runs is a change the next run
    sees, not part of the stamp.
    """
    if COMMAND is None:
        return None
    seen = look([root, templates], skip=[out])
    # An install or removal of a library adds or removes a folder on the path (its
    # metadata, which names the version the inputs hash records): the folder's time changes.
    for entry in dict.fromkeys([*sys.path, sysconfig.get_paths()["purelib"]]):
        with contextlib.suppress(OSError):
            seen.signatures.setdefault(entry, _signature(os.stat(entry)))
    return seen


def keep_stamp(before: Seen | None, out: Path, report: str) -> None:
    """Remember `report` as what this command prints while nothing it reads has changed.

    Called holding the output folder's lock, after the build wrote it: `out` is looked at
    now, what the build read as `before` found it.
    """
    if COMMAND is None or before is None or not before.whole:
        return
    after = look([out])
    if not after.whole:
        return
    signatures = {**before.signatures, **after.signatures}
    digests = {**before.digests, **after.digests}
    cache.keep(_key(COMMAND), {"files": signatures, "digests": digests, "report": report})


def replay(argv: Sequence[str]) -> str | None:
    """Return the report of a no-op rebuild if this command's stamp still holds, else None."""
    if "build" not in argv or any(a in ("--force", "--debug", "--help") for a in argv):
        return None
    kept = cache.fetch(_key(argv))
    if not isinstance(kept, dict):
        return None
    files: dict[str, Any] = kept.get("files", {})
    digests: dict[str, str] = kept.get("digests", {})
    for path, signature in files.items():
        try:
            st = os.stat(path, follow_symlinks=False)
        except (OSError, UnreadableFile):
            return None
        if _signature(st) != tuple(signature):
            return None
    for path, digest in digests.items():
        try:
            if hashlib.sha256(read_named(path, _BIG)).hexdigest() != digest:
                return None
        except (OSError, UnreadableFile):
            return None
    # A file added to a folder changes the folder's times, which are in `files` too.
    report = kept.get("report")
    return report if isinstance(report, str) else None
