"""The build folder's distribution: manifest, index and feed, rewritten when a brief changes."""

from __future__ import annotations

import contextlib
import dataclasses
import json
from pathlib import Path
from typing import Any

from .. import __version__
from ..catalog.project import Project
from ..catalog.query import resolve_topics
from ..files import cannot_write, write_atomic
from ..model import Catalog
from ..plan.diff import describe
from ..plan.generate import is_generated
from ..render.templates import templates_dir
from .manifest import read_manifest
from .records import FEED, INDEX, MANIFEST, Result


def update_distribution(
    out: Path, project: Project, results: list[Result], previous: dict[str, Any]
) -> None:
    """Rewrite the distribution when a brief was built or removed, or a file of it is missing.

    Not otherwise, so that a catalog that failed to load cannot blank the index's labels.
    """
    gone = set(previous) - set(project.briefs) - set(project.broken)
    gone = {b for b in gone if not is_generated(b)}
    missing = not all((out / name).is_file() for name in (MANIFEST, INDEX, FEED))
    # A failure marks the brief's earlier outputs stale (write_distribution skips the write
    # when that changes no byte).
    touched = any(r.status in ("built", "failed") for r in results)
    # ... and a brief that builds again, even unchanged, is current once more.
    touched |= any(_stale(previous.get(r.id)) for r in results if r.status == "unchanged")
    if touched or gone or missing:
        write_distribution(out, project, results, previous)


def _generated_on_disk(out: Path, brief_id: str, entry: object) -> bool:
    if not is_generated(brief_id) or not isinstance(entry, dict):
        return False
    outputs = entry.get("outputs")
    return isinstance(outputs, dict) and all(
        isinstance(m, dict) and (out / f"{brief_id}.{fmt}").is_file() for fmt, m in outputs.items()
    )


def _stale(entry: object) -> bool:
    return isinstance(entry, dict) and entry.get("status") == "stale"


def _news(result: Result, before: object, catalog: Catalog) -> dict[str, Any]:
    """Say what entered and left a brief since its previous build, for the feed.

    A brief whose facts and quotes are those of its previous build keeps that build's news
    (a rebuild that changes nothing on the page has no news of its own); a first build has
    none.
    """
    if not isinstance(before, dict):
        return {}
    items = before.get("items")
    if result.status == "unchanged" or items == list(result.items):
        return {"changes": before["changes"]} if isinstance(before.get("changes"), dict) else {}
    if not isinstance(items, list):
        return {}
    now = set(result.items)
    entered = []
    for item_id in result.items:
        item = catalog.facts.get(item_id) or catalog.quotes.get(item_id)
        if item_id not in items and item is not None:
            entered.append({"id": item_id, "text": describe(item)[1]})
    changes = {
        "previous_as_of": before.get("as_of"),
        "entered": entered,
        "left": [i for i in items if i not in now],
    }
    return {"changes": changes}


def write_distribution(
    out: Path, project: Project, results: list[Result], previous: dict[str, Any]
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
            if isinstance(entries.get(r.id), dict):
                lines = [line.strip() for line in r.message.splitlines() if line.strip()]
                first = next(
                    (line for line in lines if "error:" in line), lines[0] if lines else ""
                )
                entries[r.id] = {**entries[r.id], "status": "stale", "failure": first}
            continue
        entries[r.id] = {
            **_news(r, entries.get(r.id), project.catalog),
            "status": "current",
            "id": r.id,
            "title": brief.title,
            "kind": brief.kind,
            "date": brief.date.isoformat(),
            "as_of": brief.as_of.isoformat(),
            "handling": brief.handling,
            "embargo_until": r.embargo_until,
            "topics": list(resolve_topics(brief.topics, project.catalog)),
            "inputs_hash": r.inputs_hash,
            "outputs": {fmt: dataclasses.asdict(o) for fmt, o in r.outputs.items()},
            "left_out": list(r.left_out),
            "items": list(r.items),
        }
        if is_generated(r.id):
            entries[r.id]["generated"] = True
    # A brief whose file is gone no longer belongs in the distribution; a generated one stays
    # while its files do.
    entries = {
        k: v
        for k, v in entries.items()
        if k in project.briefs or k in project.broken or _generated_on_disk(out, k, v)
    }
    manifest = {"generator": f"briefgen {__version__}", "briefs": dict(sorted(entries.items()))}
    labels = {key: topic.label for key, topic in project.catalog.topics.items()}
    files = {
        MANIFEST: (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode(),
        INDEX: render_index(entries, project.catalog, templates_dir(project.root)).encode(),
        FEED: render_feed(entries, labels),
    }
    for name, data in files.items():
        path = out / name
        # Same bytes, no write: a no-op build leaves every file, and its mtime, as it was.
        with contextlib.suppress(OSError):
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                continue
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise cannot_write(path, exc) from None
