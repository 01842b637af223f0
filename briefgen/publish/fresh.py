"""Publish decides from the project as it is now, not as the last build saw it.

A build's manifest records what each brief was built from (its inputs hash), its handling
marking and its embargo. Between the build and the publish, a brief can be reclassified,
a source's embargo moved later, a brief file deleted, or any input edited: publish reads
the brief files and the catalog again, holds back what the policy no longer allows, and
refuses a build older than its inputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..build.jobs import inputs_hashes, shared_hash
from ..build.records import FORMATS
from ..catalog.briefs import brief_files
from ..catalog.project import Project
from ..catalog.settings import PYPROJECT
from ..catalog.snapshots import Archives
from ..model import BuiltBrief
from ..plan.generate import is_generated
from ..plan.select import resolve
from ..render.templates import templates_dir

PAPERS = ("letter", "a4")


def marking(text: str) -> str:
    """Compare handling markings as a reader would: case and spacing aside."""
    return " ".join(text.split()).casefold()


def held_now(
    entry: BuiltBrief, project: Project, allowed: Sequence[str], now: dt.datetime
) -> tuple[str, ...]:
    """Say why the brief's file and the catalog as they are now keep a built brief back."""
    bid = entry.id
    reasons: list[str] = []
    if is_generated(bid):
        pass
    elif bid in project.broken:
        return ("its file cannot be read now: run `briefgen check`",)
    elif bid not in project.briefs:
        return ("its file is no longer in briefs/",)
    else:
        handling = project.briefs[bid].handling
        if handling is not None and marking(handling) not in {marking(a) for a in allowed}:
            reasons.append(
                f"its file now says handling '{handling}', not in publish_handling "
                f"({', '.join(allowed)})"
            )
    until = current_embargo(entry, project)
    if until is not None and until > now:
        reasons.append(f"its sources are now under embargo until {until.isoformat()}")
    return tuple(reasons)


def current_embargo(entry: BuiltBrief, project: Project) -> dt.datetime | None:
    """Return the latest embargo, in the catalog as it is now, of the sources the brief cites."""
    catalog = project.catalog
    cited: set[str] = set()
    for item_id in entry.items or ():
        if item_id in catalog.facts:
            cited |= {c.source for c in catalog.facts[item_id].cite}
        elif item_id in catalog.quotes:
            cited.add(catalog.quotes[item_id].source)
    found = [
        s.embargo_until
        for s in (catalog.sources.get(sid) for sid in cited)
        if s is not None and s.embargo_until is not None
    ]
    return max(found) if found else None


def outdated(project: Project, briefs: Mapping[str, BuiltBrief], ids: Sequence[str]) -> list[str]:
    """Return the ids among `ids` whose inputs have changed since the build that made them.

    The inputs hash is the build's own (build.jobs): the brief, the part of the catalog it
    touches, the snapshots, the templates and briefgen itself. The manifest does not record
    the paper, so both are tried; generated briefs have no file to read again, and their
    catalog items are judged by `held_now` alone.
    """
    wanted = [b for b in ids if b in project.briefs and not is_generated(b)]
    if not wanted:
        return []
    # What a build resolves and hashes, without the checks: their verdict is in the hash's
    # inputs already, and `check` is the command that says it.
    archives = Archives.of(project.root)
    templates = templates_dir(project.root)
    shared: dict[tuple[str, ...], list[str]] = {}
    changed = []
    for bid in wanted:
        entry = briefs[bid]
        formats = tuple(f for f in FORMATS if f in entry.outputs)
        if formats not in shared:
            shared[formats] = [shared_hash(templates, formats, paper) for paper in PAPERS]
        uses = resolve(project.briefs[bid], project.catalog)
        hashes = inputs_hashes(uses, project.catalog, archives, shared[formats])
        if entry.inputs_hash not in hashes:
            changed.append(bid)
    return changed


def inputs_of(project: Project) -> list[Path]:
    """Return the files the project is read from: a site folder must hold none of them."""
    root = project.root
    files = [root / PYPROJECT, *(root / name for name in project.catalog.files)]
    files += brief_files(root)
    files += [root / source.archive for source in project.catalog.sources.values()]
    return [f for f in files if f.exists()]
