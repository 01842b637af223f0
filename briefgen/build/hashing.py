"""The hashes a build keys on: a record's canonical digest, and what a clearance clears."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..catalog.snapshots import Archives
from ..model import Catalog, Clearance, Fact, Participant, Quote, Series, Source, Topic, Uses
from ..plan.select import catalog_part


def canon(value: Any) -> Any:
    """Return a record as plain JSON data, without its places and unset added fields."""
    if isinstance(value, Participant) and value.side is None:
        return value.name  # as participants were hashed before they had sides
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not isinstance(value, SHARED):
            return _canon_fields(value)
        # A fact or quote is in the part of every brief that uses it, the same object each
        # time: canonicalised once (publish checks every brief of a build). Kept by identity,
        # never by equality, which holds 1 == 1.0 == True.
        known = _RECORDS.get(id(value))
        if known is None or known[0] is not value:
            if len(_RECORDS) >= RECORDS_KEPT:
                _RECORDS.clear()
            known = _RECORDS[id(value)] = (value, _canon_fields(value))
        return known[1]
    if isinstance(value, dict):
        return {str(k): canon(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple | frozenset | set):
        items = [canon(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, frozenset | set) else items
    if isinstance(value, dt.date | dt.datetime | Path):
        return str(value)
    return value


SKIPPED = frozenset({"loc", "locs", "evidence_loc", "files"})  # where, not what


def _canon_fields(value: Any) -> dict[str, Any]:
    return {
        f.name: canon(getattr(value, f.name))
        for f in dataclasses.fields(value)
        if f.name not in SKIPPED
        and not (f.metadata.get("omit_unset") and getattr(value, f.name) == f.default)
    }


# The catalog's records, frozen, that every brief's part shares with the catalog.
SHARED = (Fact, Quote, Source, Series, Topic)
RECORDS_KEPT = 1 << 16
_RECORDS: dict[int, tuple[Any, dict[str, Any]]] = {}  # id -> (the record, kept alive; canon)


def hasher(*parts: Any) -> hashlib._Hash:
    """Start a hash of records as their canonical JSON; `feed` adds more."""
    h = hashlib.sha256()
    for part in parts:
        feed(h, part)
    return h


def feed(h: hashlib._Hash, part: Any) -> None:
    """Add one record to a hash, as its canonical JSON and a separator."""
    h.update(json.dumps(canon(part), sort_keys=True, ensure_ascii=False).encode())
    h.update(b"\0")


def digest(*parts: Any) -> str:
    """Hash records as their canonical JSON: the same records, the same hash, in any run."""
    return hasher(*parts).hexdigest()


def content_hash(uses: Uses, part: Catalog, snapshots: Mapping[str, str]) -> str:
    """Hash what a brief says: its own words and picks, what it selects, and its sources' words.

    This is what a clearance clears. Its sign-off is left out (clearing must not change what
    was cleared), and so is how it is drawn (briefgen, its templates, the paper): a new
    stylesheet does not call for a new clearance, a new fact on the brief's topics does.
    """
    brief = dataclasses.replace(uses.brief, drafted_by=None, cleared_by=None)
    return digest(brief, uses.selection, part, snapshots)


def brief_content_hash(uses: Uses, catalog: Catalog, archives: Archives) -> str:
    """Hash a brief's content as `content_hash` does, from the whole catalog."""
    part = catalog_part(uses, catalog)
    snapshots = {sid: archives.sha256(source) for sid, source in part.sources.items()}
    return content_hash(uses, part, snapshots)


def clearance_of(uses: Uses, part: Catalog, snapshots: Mapping[str, str]) -> Clearance | None:
    """Say whether a brief's clearance holds: cleared, changed since, or not cleared."""
    b = uses.brief
    if b.drafted_by is None and b.cleared_by is None:
        return None
    if b.cleared_by is None:
        return Clearance(b.drafted_by, None, "not cleared")
    holds = b.cleared_by.inputs == content_hash(uses, part, snapshots)
    return Clearance(b.drafted_by, b.cleared_by, "cleared" if holds else "changed")


# The libraries whose upgrade can change the bytes of an output, so that it rebuilds them.
RENDERERS = ("weasyprint", "pydyf", "fonttools", "jinja2", "markdown-it-py", "matplotlib")


def renderer_versions() -> dict[str, str]:
    """Return the installed version of each renderer library (read from metadata, not imported)."""
    found = {}
    for name in RENDERERS:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = ""
    return found
