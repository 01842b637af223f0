"""The manifest: what a build folder holds, per brief, read and written here alone.

Every other module sees `BuiltBrief` records. Reading checks each entry; one briefgen did
not write (or cannot have written) is left out with the problem said, so that a build
renders that brief again and publish refuses the folder. Writing gives the bytes briefgen
has always written: the same keys in the same order, two-space indents, UTF-8 unescaped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from .. import __version__
from ..catalog.fields import ID_RE
from ..errors import (
    ManifestMissing,
    ManifestUnreadable,
    ManifestUnusable,
    NotAManifest,
    UnreadableFile,
)
from ..files import MAX_OUTPUT_BYTES, read_text_inside
from ..model import BuiltBrief, Changes, ClearanceState, Entered, Output, Shortfall
from ..plan.generate import is_generated
from .records import ALL_FORMATS, MANIFEST

_SHA256 = re.compile("[0-9a-f]{64}")


@dataclass(frozen=True)
class Manifest:
    """A manifest as read: its sound entries, and what is wrong with the others."""

    path: Path
    briefs: dict[str, BuiltBrief]
    problems: tuple[str, ...] = ()  # one line each, in the file's order


def load_manifest(out: Path) -> Manifest:
    """Read out/manifest.json, checking every entry; raise if it cannot be read as one."""
    path = out / MANIFEST
    if not os.path.lexists(path):
        raise ManifestMissing(path)
    try:
        data = json.loads(read_text_inside(out, MANIFEST, MAX_OUTPUT_BYTES))
    except UnreadableFile as exc:
        raise ManifestUnreadable(path, exc.message) from None
    except ValueError as exc:
        raise ManifestUnreadable(path, str(exc)) from None
    except RecursionError:  # lists nested thousands deep: not a manifest briefgen wrote
        raise ManifestUnreadable(path, "it nests lists or objects too deeply to read") from None
    raw = data.get("briefs") if isinstance(data, dict) else None
    if not isinstance(raw, dict):
        raise NotAManifest(path)
    briefs: dict[str, BuiltBrief] = {}
    problems: list[str] = []
    for key, value in raw.items():
        entry, wrong = _entry(key, value)
        if entry is not None:
            briefs[key] = entry
        problems += wrong
    return Manifest(path, briefs, tuple(problems))


def read_manifest(out: Path) -> dict[str, BuiltBrief]:
    """Read the previous manifest's sound entries; anything unreadable means 'rebuild it'."""
    try:
        return load_manifest(out).briefs
    except ManifestUnusable:
        return {}


def _entry(key: str, entry: Any) -> tuple[BuiltBrief | None, list[str]]:
    """Return the record of one manifest entry, or None and what is wrong with it."""
    if not (ID_RE.match(key) or is_generated(key)):
        return None, [f"'{key}' is not a brief id"]
    if not isinstance(entry, dict) or entry.get("id") != key:
        return None, [f"{key}: the entry is not a brief's"]
    outputs = entry.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return None, [f"{key}: no outputs are listed"]
    title, date = entry.get("title"), entry.get("date")
    if not isinstance(title, str) or not isinstance(date, str):
        return None, [f"{key}: the title or date is missing"]
    day = _date(date)
    if day is None:
        return None, [f"{key}: '{date}' is not a date"]
    problems = []
    files: dict[str, Output] = {}
    for fmt, meta in outputs.items():
        # Only the brief's own file names: a manifest must not lead anyone outside build/.
        if (
            fmt not in ALL_FORMATS
            or not isinstance(meta, dict)
            or meta.get("path") != f"{key}.{fmt}"
        ):
            problems.append(f"{key}: output '{fmt}' is not {key}.md, .html, .pdf or .docx")
        elif not isinstance(meta.get("bytes"), int) or not _SHA256.fullmatch(
            str(meta.get("sha256"))
        ):
            problems.append(f"{key}.{fmt}: the size or sha256 is missing")
        else:
            files[fmt] = Output(meta["path"], meta["bytes"], meta["sha256"])
    # Every build since the first has written these: without them it is no briefgen entry.
    kind, as_of = entry.get("kind"), _date(entry.get("as_of"))
    topics, left_out = _texts(entry.get("topics")), _texts(entry.get("left_out"))
    inputs_hash = entry.get("inputs_hash")
    malformed = [
        name
        for name, bad in (
            ("kind", not isinstance(kind, str)),
            ("as_of", as_of is None),
            ("topics", topics is None),
            ("inputs_hash", not isinstance(inputs_hash, str)),
            ("left_out", left_out is None),
        )
        if bad
    ]
    if malformed:
        problems.append(f"{key}: the {', '.join(malformed)} {_is(malformed)} missing or malformed")
    if (
        problems
        or not isinstance(kind, str)
        or as_of is None
        or topics is None
        or not isinstance(inputs_hash, str)
        or left_out is None
    ):
        return None, problems
    handling = entry.get("handling")
    embargo = entry.get("embargo_until")
    stale = entry.get("status") == "stale"
    return BuiltBrief(
        id=key,
        title=title,
        kind=kind,
        date=day,
        as_of=as_of,
        topics=topics,
        inputs_hash=inputs_hash,
        outputs=files,
        left_out=left_out,
        # Older builds did not record these: said so, never guessed.
        handling=handling if isinstance(handling, str) else None,
        embargo_until=None if embargo is None else str(embargo),
        embargo_known="embargo_until" in entry,
        items=_texts(entry.get("items")),
        short=_short(entry.get("short")),
        changes=_changes(entry.get("changes")),
        generated=entry.get("generated") is True,
        # A generated brief is listed only when `generate --publish` said so.
        listed=entry.get("generated") is not True or entry.get("publish") is True,
        status="stale" if stale else "current",
        failure=str(entry.get("failure", "")) if stale else "",
        clearance=_clearance(entry.get("clearance")),
        updated=entry["updated"] if isinstance(entry.get("updated"), str) else None,
    ), []


def _is(names: list[str]) -> str:
    return "is" if len(names) == 1 else "are"


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _texts(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return tuple(value)


def _short(value: object) -> dict[str, Shortfall] | None:
    """Read how far each pick left out was from fitting; anything else is not recorded."""
    if not isinstance(value, dict):
        return None
    out = {}
    for key, item in value.items():
        lines = item.get("lines") if isinstance(item, dict) else None
        instead = item.get("instead", "") if isinstance(item, dict) else None
        if not isinstance(lines, int) or isinstance(lines, bool) or not isinstance(instead, str):
            return None
        out[str(key)] = Shortfall(lines, instead)
    return out


def _changes(value: object) -> Changes | None:
    """Read the news recorded for the feed; anything else than briefgen's own is no news."""
    if not isinstance(value, dict):
        return None
    entered = value.get("entered")
    left = _texts(value.get("left"))
    before = value.get("previous_as_of")
    if not isinstance(entered, list) or left is None:
        return None
    if not all(
        isinstance(e, dict) and isinstance(e.get("id"), str) and isinstance(e.get("text"), str)
        for e in entered
    ):
        return None
    pairs = value.get("superseded", [])
    superseded = tuple(
        (str(p[0]), str(p[1]))
        for p in pairs
        if isinstance(pairs, list)
        if isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
    )
    return Changes(
        _date(before), tuple(Entered(e["id"], e["text"]) for e in entered), left, superseded
    )


def manifest_bytes(briefs: Mapping[str, BuiltBrief]) -> bytes:
    """Return manifest.json for these entries, sorted by id, as briefgen writes it."""
    data = {
        "generator": f"briefgen {__version__}",
        "briefs": {key: _json(briefs[key]) for key in sorted(briefs)},
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def _json(entry: BuiltBrief) -> dict[str, Any]:
    """Return an entry as JSON data, its keys in the order briefgen has always written them."""
    data: dict[str, Any] = {}
    if entry.changes is not None:
        data["changes"] = {
            "previous_as_of": _iso(entry.changes.previous_as_of),
            "entered": [{"id": e.id, "text": e.text} for e in entry.changes.entered],
            "left": list(entry.changes.left),
        }
        if entry.changes.superseded:  # written only when there is one, as builds always did
            data["changes"]["superseded"] = [list(p) for p in entry.changes.superseded]
    data["status"] = entry.status
    data["id"] = entry.id
    data["title"] = entry.title
    data["kind"] = entry.kind
    data["date"] = entry.date.isoformat()
    data["as_of"] = entry.as_of.isoformat()
    if entry.handling is not None:
        data["handling"] = entry.handling
    if entry.embargo_known:
        data["embargo_until"] = entry.embargo_until
    data["topics"] = list(entry.topics)
    data["inputs_hash"] = entry.inputs_hash
    data["outputs"] = {
        fmt: {"path": o.path, "bytes": o.bytes, "sha256": o.sha256}
        for fmt, o in entry.outputs.items()
    }
    data["left_out"] = list(entry.left_out)
    if entry.short:
        data["short"] = {
            key: {"lines": s.lines, "instead": s.instead} for key, s in entry.short.items()
        }
    if entry.items is not None:
        data["items"] = list(entry.items)
    if entry.generated:
        data["generated"] = True
        if entry.listed:
            data["publish"] = True
    if entry.status == "stale":
        data["failure"] = entry.failure
    if entry.clearance is not None:
        data["clearance"] = entry.clearance
    if entry.updated is not None:
        data["updated"] = entry.updated
    return data


def _clearance(value: object) -> ClearanceState | None:
    # Anything else (an older build's manifest, an edit) is no clearance: never guessed.
    if value in ("cleared", "changed", "not cleared"):
        return cast(ClearanceState, value)
    return None


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()
