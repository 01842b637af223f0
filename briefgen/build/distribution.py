"""The build folder's distribution: manifest, index and feed, rewritten when a brief changes."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Mapping
from pathlib import Path

from ..catalog.project import Project
from ..catalog.query import resolve_topics
from ..errors import TemplateFailed, UnreadableFile
from ..files import cannot_write, read_inside, write_atomic
from ..model import BuiltBrief, Catalog, Changes, Entered, Output
from ..plan.diff import describe, superseder
from ..plan.generate import is_generated
from ..render.templates import templates_dir
from .manifest import manifest_bytes, read_manifest
from .records import FEED, INDEX, MANIFEST, Result


def update_distribution(
    out: Path, project: Project, results: list[Result], previous: Mapping[str, BuiltBrief]
) -> None:
    """Rewrite the distribution when a brief was built or removed, or a file of it is missing.

    Not otherwise, so that a catalog that failed to load cannot blank the index's labels.
    """
    gone = set(previous) - set(project.briefs) - set(project.broken)
    gone = {b for b in gone if not is_generated(b)}
    missing = not all((out / name).is_file() for name in (MANIFEST, INDEX, FEED))
    # An output deleted since (a generated brief's, as the README says to) must leave the
    # manifest too, or publish would find it listed and missing.
    missing |= any(_on_disk(out, entry) != entry.outputs for entry in previous.values())
    # A failure marks the brief's earlier outputs stale (write_distribution skips the write
    # when that changes no byte).
    touched = any(r.status in ("built", "failed") for r in results)
    # ... and a brief that builds again, even unchanged, is current once more.
    touched |= any(
        r.id in previous and previous[r.id].status == "stale"
        for r in results
        if r.status == "unchanged"
    )
    if touched or gone or missing:
        write_distribution(out, project, results, previous)


def _on_disk(out: Path, entry: BuiltBrief) -> dict[str, Output]:
    """Return the outputs of an entry that are still on disk."""
    return {fmt: o for fmt, o in entry.outputs.items() if (out / o.path).is_file()}


def _news(result: Result, before: BuiltBrief | None, catalog: Catalog) -> Changes | None:
    """Say what entered and left a brief since its previous build, for the feed.

    A brief whose facts and quotes are those of its previous build keeps that build's news
    (a rebuild that changes nothing on the page has no news of its own); a first build has
    none.
    """
    if before is None:
        return None
    if result.status == "unchanged" or before.items == result.items:
        return before.changes
    if before.items is None:
        return None
    entered = []
    for item_id in result.items:
        item = catalog.facts.get(item_id) or catalog.quotes.get(item_id)
        if item_id not in before.items and item is not None:
            entered.append(Entered(item_id, describe(item)[1]))
    now = set(result.items)
    left = tuple(i for i in before.items if i not in now)
    came = [catalog.facts.get(i) or catalog.quotes.get(i) for i in result.items]
    came_items = [i for i in came if i is not None and i.id not in before.items]
    superseded = []
    for item_id in left:
        old = catalog.facts.get(item_id) or catalog.quotes.get(item_id)
        newer = superseder(old, came_items) if old is not None else None
        if newer is not None:
            superseded.append((item_id, newer.id))
    return Changes(before.as_of, tuple(entered), left, tuple(superseded))


def write_distribution(
    out: Path, project: Project, results: list[Result], previous: Mapping[str, BuiltBrief]
) -> None:
    """Write the manifest, the index and the feed for every brief whose outputs exist."""
    from ..render.feed import render_feed
    from ..render.index import render_index

    # A forced build reads no previous manifest, yet the briefs it did not touch still
    # belong in the distribution.
    entries = dict(previous) if previous else read_manifest(out)
    for r in results:
        brief = project.briefs.get(r.id)
        if r.status == "failed" or brief is None:
            # Outputs an earlier build left stay (they are whole), but never pass for current.
            if r.id in entries:
                headline = r.failure.headline if r.failure is not None else ""
                entries[r.id] = dataclasses.replace(entries[r.id], status="stale", failure=headline)
            continue
        entries[r.id] = BuiltBrief(
            id=r.id,
            title=brief.title,
            kind=brief.kind,
            date=brief.date,
            as_of=brief.as_of,
            topics=resolve_topics(brief.topics, project.catalog),
            inputs_hash=r.inputs_hash,
            outputs=r.outputs,
            left_out=r.left_out,
            handling=brief.handling,
            embargo_until=r.embargo_until,
            items=r.items,
            short=r.short,
            changes=_news(r, entries.get(r.id), project.catalog),
            generated=is_generated(r.id),
            listed=brief.listed,
        )
    # The manifest lists only files that are there: one deleted since is dropped from its
    # entry, and an entry with none left is dropped (its brief is rebuilt when next wanted).
    built = {r.id for r in results if r.status == "built"}
    entries = {
        k: v if k in built else dataclasses.replace(v, outputs=_on_disk(out, v))
        for k, v in entries.items()
    }
    # A brief whose file is gone no longer belongs in the distribution; a generated one stays
    # while its files do.
    entries = {
        k: v
        for k, v in entries.items()
        if v.outputs and (k in project.briefs or k in project.broken or is_generated(k))
    }
    labels = {key: topic.label for key, topic in project.catalog.topics.items()}
    # A generated brief made without --publish is recorded, not listed: a typo on the
    # command line must not top the staff index.
    listed = {k: v for k, v in entries.items() if v.listed}
    files = {MANIFEST: manifest_bytes(entries)}
    failed: TemplateFailed | None = None
    try:
        files[INDEX] = render_index(listed, project.catalog, templates_dir(project.root)).encode()
        files[FEED] = render_feed(listed, labels)
    except TemplateFailed as exc:
        # A broken index template costs the index, not the record of the briefs just
        # written: the manifest is written, the index and feed stay as they were.
        failed = exc
    for name, data in files.items():
        path = out / name
        # Same bytes, no write: a no-op build leaves every file, and its mtime, as it was.
        with contextlib.suppress(OSError, UnreadableFile):
            if path.stat().st_size == len(data) and read_inside(out, name, len(data)) == data:
                continue
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise cannot_write(path, exc) from None
    if failed is not None:
        raise failed
