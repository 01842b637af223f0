"""The captured original of a source: there, inside the project, and the file that was captured.

`briefgen capture` keeps the page or PDF it cut a snapshot from (`original:`) with its
SHA-256 (`sha256:`), so that a reader can compare the snapshot with what was captured. These
rules make that promise checkable: the original must be readable in the project and hash to
the digest the entry records.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog.snapshots import Archives
from ..errors import Finding
from ..model import Source
from .findings import error


def original_rules(s: Source, archives: Archives) -> Iterator[Finding]:
    """Check that a source's original is in the project and matches its recorded sha256."""
    if s.original is None:
        if s.sha256 is not None:
            yield error(
                s.locs.get("sha256", s.loc),
                f"source '{s.id}' gives a sha256 but no original file to check it against",
                "add original: the path of the captured file, or remove sha256",
                s.id,
            )
        return
    where = s.locs.get("original", s.loc)
    found = archives.original_sha256(s)
    if isinstance(found, tuple):
        message, fix = found
        yield error(where, f"source '{s.id}': original {message}", fix, s.id)
        return
    if s.sha256 is None:
        yield error(
            where,
            f"source '{s.id}': original '{s.original}' has no sha256 to verify it by",
            f"add sha256: {found} (the file's digest now), after checking it is the file captured",
            s.id,
        )
    elif found != s.sha256:
        yield error(
            s.locs.get("sha256", where),
            f"source '{s.id}': original '{s.original}' is not the file captured (its sha256 is "
            f"{found[:12]}…, the entry records {s.sha256[:12]}…)",
            "restore the captured file (e.g. `git checkout -- FILE`); if it was replaced on "
            "purpose, capture the page again",
            s.id,
        )
