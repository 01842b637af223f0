"""A cache of parsed catalogs and their checks, keyed by content, in the user's cache folder.

Parsing a catalog of 100,000 facts takes PyYAML about 16 s; a pickle of the result loads in
under a second. Entries are named by a hash of everything that made them (the bytes read,
briefgen's code, the versions of Python and PyYAML), so an edit makes a new entry and never
a stale hit.

The cache lives outside the project, in $BRIEFGEN_CACHE_DIR or the user's cache folder:
unpickling runs code, so a project checked out from elsewhere must not be able to supply
entries, and an entry that another user owns or could have changed is ignored. Set
BRIEFGEN_CACHE_DIR to an empty value to turn the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from . import __version__
from .files import package_digest, write_atomic

# Old entries are removed beyond this many, oldest use first: a few projects and branches.
MAX_ENTRIES = 16
SUFFIX = ".pickle"


def cache_dir() -> Path | None:
    """Return the folder for entries, or None when the cache is off."""
    chosen = os.environ.get("BRIEFGEN_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "briefgen"


@cache
def code_digest() -> str:
    """Hash briefgen's own code, so that a changed loader or checker never reads old entries."""
    versions = f"{__version__}\0{sys.version}\0{yaml.__version__}\0{package_digest()}"
    return hashlib.sha256(versions.encode()).hexdigest()


def key(kind: str, *parts: bytes | str) -> str:
    """Return the entry name for a kind of result and everything it was made from."""
    h = hashlib.sha256(f"{kind}\0{code_digest()}\0".encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return f"{kind}-{h.hexdigest()[:32]}"


def fetch(name: str) -> Any | None:
    """Return a stored result, or None when there is none or it cannot be read."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / (name + SUFFIX)
    try:
        with open(path, "rb") as fh:
            if not _trusted(os.fstat(fh.fileno())):
                return None
            data = fh.read()
    except OSError:
        return None
    try:
        value = pickle.loads(data)
    except Exception:  # a truncated or foreign entry is only a miss; it will be replaced
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used entries are the last to be removed
    return value


def _trusted(st: os.stat_result) -> bool:
    """Only an entry the user wrote and no one else can change is unpickled."""
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def keep(name: str, value: Any) -> None:
    """Store a result; a cache that cannot be written is skipped, never an error."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(folder / (name + SUFFIX), data, durable=False, mode=0o600)
        _trim(folder)
    except (OSError, pickle.PicklingError, RecursionError):
        return


def _trim(folder: Path) -> None:
    entries = []
    for path in folder.glob("*" + SUFFIX):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime, path))
    entries.sort(reverse=True)
    for _, path in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            path.unlink()
