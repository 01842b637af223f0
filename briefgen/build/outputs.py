"""Write a rendered brief's files, each atomically, and record what was written."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from ..errors import UnreadableFile
from ..files import cannot_write, read_named, remove, write_atomic
from ..model import BuiltBrief, Output
from .records import Rendered, Result


def write(rendered: Rendered | Result, out: Path, before: BuiltBrief | None = None) -> Result:
    """Write a rendered brief's files atomically; a failure passes through untouched.

    The files of a format this build does not make (`--format md` after a full build), which
    `before`, the brief's last entry in the manifest, proves briefgen wrote, are removed: an
    old .pdf beside a new .md would read as current, and the manifest lists only what is.
    """
    if isinstance(rendered, Result):
        return rendered
    outputs = {}
    for fmt, data in rendered.blobs.items():
        path = out / f"{rendered.id}.{fmt}"
        # Atomic but not synced: a file cut short by a crash fails the manifest's size and
        # sha256 on the next build and is built again, so waiting for the disk buys nothing.
        # The same bytes are not written again (as the manifest, index and feed): a forced
        # rebuild that changes nothing leaves every file, and its time, as it was.
        try:
            if not _holds(path, data):
                write_atomic(path, data, durable=False)
        except OSError as exc:
            raise cannot_write(path, exc) from None
        outputs[fmt] = Output(path.name, len(data), hashlib.sha256(data).hexdigest())
    removed = []
    for fmt, output in (before.outputs if before is not None else {}).items():
        if fmt not in outputs and output.path == f"{rendered.id}.{fmt}":
            there = os.path.lexists(out / output.path)  # one already gone is not said removed
            try:
                remove(out / output.path)
            except OSError as exc:
                raise cannot_write(out / output.path, exc) from None
            removed += [output.path] if there else []
    return Result(
        rendered.id,
        "built",
        outputs,
        rendered.left_out,
        inputs_hash=rendered.inputs_hash,
        embargo_until=rendered.embargo_until,
        items=rendered.items,
        pages=rendered.pages,
        picks_left_out=rendered.picks_left_out,
        short=rendered.short,
        clearance=rendered.clearance,
        removed=tuple(removed),
    )


def _holds(path: Path, data: bytes) -> bool:
    """Tell whether `path` is a plain file (not a link) holding exactly `data`."""
    try:
        st = path.lstat()
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return False
        return read_named(path, len(data) + 1) == data
    except (OSError, UnreadableFile):
        return False
