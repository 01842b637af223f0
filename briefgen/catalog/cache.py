"""A cache of parsed catalogs and their checks, keyed by content, in the user's cache folder.

Parsing a catalog of 100,000 facts takes PyYAML about 16 s; a pickle of the result loads in
under a second. Entries are named by a hash of everything that made them (the bytes read,
briefgen's code, the versions of Python and PyYAML), so an edit makes a new entry and never
a stale hit.

The cache lives outside the project, in $BRIEFGEN_CACHE_DIR or the user's cache folder.
Unpickling runs code, so nothing the user did not write may ever be unpickled: each entry
carries an HMAC made with a key of the user's own (32 random bytes, kept 0600 in the user's
cache home, never in $BRIEFGEN_CACHE_DIR), and an entry whose HMAC does not verify is a miss.
A cloned project that ships entries, or a co-tenant who can write the cache folder and swaps an
entry or plants a symlink, cannot forge one without the key. Entries another user owns or
could change are ignored too. Set BRIEFGEN_CACHE_DIR to an empty value to turn the cache off.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import gc
import hashlib
import hmac
import io
import operator
import os
import pickle
import re
import secrets
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .. import __version__
from ..errors import Finding, UnreadableFile
from ..files import TEMP_SUFFIX, open_regular, package_digest, remove, write_atomic, write_new
from ..model import Brief, Catalog, Citation, Fact, Loc, Quote, Source, Topic

# Old entries are removed beyond this many, oldest use first: a few projects and branches,
# with two entries (its parse and its check) for each file of a catalog split into many.
MAX_ENTRIES = 1024
SUFFIX = ".pickle"
# Every entry's name: a kind, then 32 hex digits of its key (see key()).
NAME = re.compile(r"[a-z][a-z0-9_]*-[0-9a-f]{32}\.pickle")
MAX_ENTRY_BYTES = 1_000_000_000  # a parse of 100,000 facts is far less
# Written in a cache folder briefgen made (or found empty): only then does it remove entries.
MARKER = ".briefgen-cache"
MARKER_TEXT = b"briefgen cache: entries here are removed by briefgen, oldest first\n"


def cache_dir() -> Path | None:
    """Return the folder for entries, or None when the cache is off."""
    chosen = os.environ.get("BRIEFGEN_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "briefgen"


def refuse_inside(root: Path) -> str | None:
    """Say why the cache folder cannot be used with this project, or None when it can.

    A folder inside the project could be committed, shipped with a clone, or written by
    whoever else edits the project: the cache belongs to the user.
    """
    folder = cache_dir()
    if folder is None:
        return None
    where, project = folder.resolve(), root.resolve()
    if where == project or project in where.parents:
        return (
            f"the cache folder {folder} (BRIEFGEN_CACHE_DIR) is inside the project {root}: "
            "set BRIEFGEN_CACHE_DIR to a folder of your own outside it, such as ~/.cache/briefgen, "
            "or to an empty value to turn the cache off"
        )
    return None


def key_path() -> Path:
    """Return where the user's HMAC key lives: the user's own cache home, whatever the folder."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "briefgen" / "hmac.key"


def user_key() -> bytes | None:
    """Return the user's key, made on first use; None when it cannot be had safely."""
    path = key_path()
    if not os.path.lexists(path):
        return _new_key(path)
    try:
        # Not followed if a link, never waited on if a pipe, never more than a key's size.
        data, st = open_regular(path.parent, path.name, 64, follow=False)
    except UnreadableFile:
        return None
    # A key others can read lets them sign entries; one they own or wrote, the same.
    private = not st.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    if not private or not _owned(st):
        return None
    return data if len(data) == 32 else None


def _new_key(path: Path) -> bytes | None:
    data = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_new(path, data, mode=0o600)
    except FileExistsError:  # another briefgen made it first: use theirs
        return user_key()
    except OSError:
        return None
    return data


def _owned(st: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


def _seal(name: str, secret: bytes, data: bytes) -> bytes:
    # The entry's name is signed too: a valid entry copied under another name is refused.
    return hmac.new(secret, name.encode() + b"\0" + data, hashlib.sha256).digest()


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
    secret = user_key() if folder is not None else None
    if folder is None or secret is None:
        return None
    path = folder / (name + SUFFIX)
    try:
        blob, st = open_regular(folder, path.name, MAX_ENTRY_BYTES, follow=False)
    except UnreadableFile:  # missing, a link, a pipe, a device, too big: a miss
        return None
    if not _trusted(st):
        return None
    seal, data = blob[:32], blob[32:]
    if not hmac.compare_digest(seal, _seal(name, secret, data)):
        return None  # forged, foreign or damaged: never unpickled
    try:
        with _collector_paused():
            value = pickle.loads(data)
            # What was just made lives as long as the command: move it to the oldest
            # generation, where only a full collection looks, rather than have the next young
            # collection walk all of it (a third of a warm load at 100,000 facts). Freezing
            # and unfreezing at once splices the generation lists; nothing stays frozen.
            gc.freeze()
            gc.unfreeze()
    except Exception:  # a truncated or foreign entry is only a miss; it will be replaced
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used entries are the last to be removed
    return value


def _trusted(st: os.stat_result) -> bool:
    """Only an entry the user wrote and no one else can change is unpickled."""
    return _owned(st) and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def keep(name: str, value: Any) -> None:
    """Store a result; a cache that cannot be written is skipped, never an error."""
    folder = cache_dir()
    secret = user_key() if folder is not None else None
    if folder is None or secret is None:
        return
    try:
        data = dumps(value)
        blob = _seal(name, secret, data) + data
        if len(blob) > MAX_ENTRY_BYTES:
            return
        _claim(folder)
        write_atomic(folder / (name + SUFFIX), blob, durable=False, mode=0o600)
        if folder not in _trimmed:
            # Once a process: a catalog of a hundred files stores two hundred entries.
            _trimmed.add(folder)
            _trim(folder)
    except (OSError, pickle.PicklingError, RecursionError):
        return


_trimmed: set[Path] = set()


def _claim(folder: Path) -> None:
    """Mark a cache folder as briefgen's when briefgen makes it, or finds it empty."""
    marker = folder / MARKER
    if os.path.lexists(marker):
        return
    with contextlib.suppress(OSError):
        if folder.is_dir() and not all(_ours(p.name) for p in folder.iterdir()):
            return  # someone else's folder: entries are stored there, never trimmed
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileExistsError):
            write_new(marker, MARKER_TEXT, mode=0o600)


def _ours(name: str) -> bool:
    return bool(NAME.fullmatch(name)) or name == "hmac.key" or name.endswith(TEMP_SUFFIX)


def _trim(folder: Path) -> None:
    """Remove the oldest entries past MAX_ENTRIES, and only what briefgen provably wrote.

    A folder is trimmed only when it holds briefgen's marker as a plain file of the user's
    own (briefgen made the folder, or found it empty), and only names of the entries' form
    are removed: BRIEFGEN_CACHE_DIR set to a folder of the user's own pickles loses none.
    """
    try:
        marker, st = open_regular(folder, MARKER, 1024, follow=False)
    except UnreadableFile:
        return
    if marker != MARKER_TEXT or not _owned(st):
        return
    entries = []
    for path in folder.glob("*" + SUFFIX):
        with contextlib.suppress(OSError):
            if NAME.fullmatch(path.name) and stat.S_ISREG(path.lstat().st_mode):
                entries.append((path.stat().st_mtime, path))
    entries.sort(reverse=True)
    for _, path in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            remove(path)


# -- how records are stored ----------------------------------------------------------------


class PackedLocs(Mapping[str, Loc]):
    """A record's field places as the cache keeps them: (line, column) packed in one int.

    A catalog of 100,000 facts holds close to a million places and a check asks for a
    handful, so a Loc is made only when one is looked up.
    """

    __slots__ = ("_packed", "_path")

    def __init__(self, path: str, packed: dict[str, int]) -> None:
        self._path, self._packed = path, packed

    def __getitem__(self, key: str) -> Loc:
        at = self._packed[key]
        return Loc(self._path, at >> 32, at & 0xFFFFFFFF)

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def __repr__(self) -> str:
        return f"PackedLocs({dict(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (PackedLocs, (self._path, self._packed))


def _pack(locs: Mapping[str, Loc]) -> Mapping[str, Loc]:
    if type(locs) is not dict:
        return locs  # packed already
    packed = {}
    path = ""
    for key, loc in locs.items():
        path = path or loc.path
        if loc.path != path or loc.col >> 32:
            return locs  # places in two files, or past what a packed int holds
        packed[key] = loc.line << 32 | loc.col
    return PackedLocs(path, packed)


def _by_constructor(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """Pickle a record as one call to its constructor, its places packed.

    A frozen, slotted dataclass otherwise unpickles through a __setstate__ that sets each
    field in Python; the catalog cache holds millions of fields, and this makes it load
    several times faster. Fields not passed to __init__ are rebuilt by __post_init__.
    """
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    get = operator.attrgetter(*names)
    at = names.index("locs") if "locs" in names else -1

    def reduce(record: Any) -> tuple[Any, ...]:
        args = (get(record),) if len(names) == 1 else get(record)
        if at >= 0:
            args = (*args[:at], _pack(args[at]), *args[at + 1 :])
        return (cls, args)

    return reduce


_RECORDS = (Finding, Topic, Source, Citation, Fact, Quote, Catalog, Brief)
_DISPATCH: dict[Any, Any] = {
    **copyreg.dispatch_table,
    **{cls: _by_constructor(cls) for cls in _RECORDS},
}


def dumps(value: Any) -> bytes:
    """Pickle a value as the cache stores it: records by constructor, places packed."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    with _collector_paused():
        pickler.dump(value)
    return buffer.getvalue()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    # Storing or restoring a catalog makes millions of objects and frees none: the cyclic
    # collector would walk them again and again for nothing.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
