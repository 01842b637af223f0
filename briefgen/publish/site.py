"""The site staff open: the briefs the publication policy allows, from the last build.

`publish` trusts nothing it has not checked: the build's manifest must agree with the files
beside it, every name in it must be a brief's own output, and the site is written in full
beside its folder and swapped in, so a failed publish leaves the last site as it was. This is
the one place briefgen reads the clock: an embargo lifts at a moment, and the report says
which moment it was judged at.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..build.records import FEED, FORMATS, INDEX, MANIFEST
from ..catalog.briefs import brief_files
from ..catalog.fields import ID_RE
from ..catalog.load import load_catalog
from ..errors import BriefgenError, UsageError
from ..plan.generate import is_generated
from ..render.feed import render_feed
from ..render.index import render_index
from ..render.templates import templates_dir

# Left in the site so that a later publish knows the folder is its own to replace.
MARKER = ".briefgen-site"
# Folders of a project that hold its content or code: a site inside one would be swept away
# with it, or swept into it.
CONTENT_DIRS = ("briefs", "sources", "templates", "schema", "briefgen", ".git", ".github")
_SHA256 = re.compile("[0-9a-f]{64}")


@dataclass(frozen=True)
class Held:
    """A brief the policy kept off the site, and why."""

    id: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Published:
    """What a publish did."""

    out: Path
    base_url: str
    briefs: tuple[str, ...]
    held: tuple[Held, ...]
    now: dt.datetime


def marking(text: str) -> str:
    """Compare handling markings as a reader would: case and spacing aside."""
    return " ".join(text.split()).casefold()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_out(root: Path, build: Path, out: Path) -> None:
    """Refuse a site folder that would overwrite the build, the project or its content."""
    root, build, out = root.resolve(), build.resolve(), out.resolve()
    if _inside(out, build) or _inside(build, out):
        raise UsageError(
            f"--out '{out}' overlaps the build folder '{build}': publish into a folder of its own"
        )
    if _inside(root, out):
        raise UsageError(f"--out '{out}' holds the project itself: choose a folder such as site/")
    for name in CONTENT_DIRS:
        if _inside(out, root / name):
            raise UsageError(f"--out '{out}' is inside the project's {name}/: choose site/")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out '{out}' is a file: give a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(
            f"--out '{out}' holds files briefgen did not publish, and publishing replaces "
            "the folder whole: choose a new or empty folder"
        )


def read_build(build: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """Read a build's manifest: its briefs and which briefs failed, each entry checked."""
    path = build / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BriefgenError(
            f"there is no build to publish in {build} ({MANIFEST} is missing): "
            "run `briefgen build` first"
        ) from None
    except (OSError, ValueError) as exc:
        raise BriefgenError(f"cannot read {path}: {exc}; run `briefgen build` again") from None
    briefs = data.get("briefs") if isinstance(data, dict) else None
    if not isinstance(briefs, dict):
        raise BriefgenError(f"{path} is not a briefgen manifest: run `briefgen build` again")
    problems = [p for key, entry in briefs.items() for p in _entry_problems(key, entry)]
    if problems:
        raise BriefgenError(_refusal(path, problems))
    # A brief whose last build failed keeps its earlier files, marked stale: never published.
    failed = {
        str(key): str(entry.get("failure", ""))
        for key, entry in briefs.items()
        if entry.get("status") == "stale"
    }
    return briefs, failed


def _entry_problems(key: Any, entry: Any) -> list[str]:
    if not isinstance(key, str) or not (ID_RE.match(key) or is_generated(key)):
        return [f"'{key}' is not a brief id"]
    if not isinstance(entry, dict) or entry.get("id") != key:
        return [f"{key}: the entry is not a brief's"]
    outputs = entry.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return [f"{key}: no outputs are listed"]
    if not isinstance(entry.get("title"), str) or not isinstance(entry.get("date"), str):
        return [f"{key}: the title or date is missing"]
    try:
        dt.date.fromisoformat(entry["date"])
    except ValueError:
        return [f"{key}: '{entry['date']}' is not a date"]
    problems = []
    for fmt, meta in outputs.items():
        # Only the brief's own file names: a manifest must not lead publish outside build/.
        if fmt not in FORMATS or not isinstance(meta, dict) or meta.get("path") != f"{key}.{fmt}":
            problems.append(f"{key}: output '{fmt}' is not {key}.md, .html or .pdf")
        elif not isinstance(meta.get("bytes"), int) or not _SHA256.fullmatch(
            str(meta.get("sha256"))
        ):
            problems.append(f"{key}.{fmt}: the size or sha256 is missing")
    return problems


def _refusal(manifest: Path, problems: Sequence[str]) -> str:
    shown = "\n".join(f"  {p}" for p in problems[:20])
    more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
    return (
        f"refusing to publish: {manifest} disagrees with the files beside it\n{shown}{more}\n"
        "Run `briefgen build` to bring the build up to date, then publish again."
    )


def verify(build: Path, briefs: Mapping[str, Any]) -> dict[str, bytes]:
    """Read every output the manifest lists; refuse if any differs from its size or sha256."""
    blobs: dict[str, bytes] = {}
    problems = []
    for entry in briefs.values():
        for meta in entry["outputs"].values():
            name = meta["path"]
            try:
                data = (build / name).read_bytes()
            except OSError:
                problems.append(f"{name}: missing")
                continue
            if len(data) != meta["bytes"]:
                problems.append(f"{name}: {len(data)} bytes, the manifest says {meta['bytes']}")
            elif hashlib.sha256(data).hexdigest() != meta["sha256"]:
                problems.append(f"{name}: its sha256 is not the one in the manifest")
            else:
                blobs[name] = data
    if problems:
        raise BriefgenError(_refusal(build / MANIFEST, problems))
    return blobs


def held_back(
    entry: Mapping[str, Any] | None, failure: str | None, allowed: Sequence[str], now: dt.datetime
) -> tuple[str, ...]:
    """Say why the policy keeps a brief off the site; nothing when it may go out."""
    reasons = []
    if failure is not None:
        lines = [line.strip() for line in failure.splitlines() if line.strip()]
        why = " ".join(lines[:3]) + (f" … ({len(lines) - 3} more)" if len(lines) > 3 else "")
        reasons.append(f"its last build failed{': ' + why if why else ''}")
    if entry is None:
        return tuple(reasons or ["it is not in the last build: run `briefgen build`"])
    handling = entry.get("handling")
    if not isinstance(handling, str):
        reasons.append("the build does not record its handling marking: run `briefgen build`")
    elif marking(handling) not in {marking(a) for a in allowed}:
        reasons.append(f"handling '{handling}' is not in publish_handling ({', '.join(allowed)})")
    if "embargo_until" not in entry:
        reasons.append("the build does not record its embargoes: run `briefgen build`")
    elif entry["embargo_until"] is not None:
        try:
            until = dt.datetime.fromisoformat(str(entry["embargo_until"]))
            if until.tzinfo is None:
                raise ValueError
        except ValueError:
            reasons.append(f"its embargo '{entry['embargo_until']}' cannot be read")
        else:
            if until > now:
                reasons.append(f"under embargo until {until.isoformat()}")
    return tuple(reasons)


def publish(
    root: Path,
    build: Path,
    out: Path,
    base_url: str,
    allowed: Sequence[str],
    now: dt.datetime,
) -> Published:
    """Write the site: allowed briefs in every format built, index.html and feed.xml."""
    check_out(root, build, out)
    briefs, failed = read_build(build)
    blobs = verify(build, briefs)
    held = []
    chosen: dict[str, Any] = {}
    # A brief written since the last build is not in it: say so rather than pass it over.
    unbuilt = {p.stem for p in brief_files(root)} - set(briefs) - set(failed)
    for bid in sorted(set(briefs) | set(failed) | unbuilt):
        reasons = held_back(briefs.get(bid), failed.get(bid), allowed, now)
        if reasons:
            held.append(Held(bid, reasons))
        else:
            chosen[bid] = briefs[bid]

    catalog, _ = load_catalog(root)  # for topic labels; its findings are `check`'s to report
    labels = {key: topic.label for key, topic in catalog.topics.items()}
    files = {name: blobs[name] for entry in chosen.values() for name in _names(entry["outputs"])}
    files[INDEX] = render_index(chosen, catalog, templates_dir(root), base=base_url).encode()
    files[FEED] = render_feed(chosen, labels, base=base_url)
    files[MARKER] = b"Written by `briefgen publish`, which replaces this folder whole.\n"
    _write_site(out, files)
    return Published(out, base_url, tuple(chosen), tuple(held), now)


def _names(outputs: Mapping[str, Any]) -> list[str]:
    return [meta["path"] for meta in outputs.values()]


def _write_site(out: Path, files: Mapping[str, bytes]) -> None:
    """Write the whole site beside `out`, then put it in place of the old one."""
    out = out.resolve()
    staging: Path | None = None
    old: Path | None = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".new", dir=out.parent))
        for name, data in files.items():
            (staging / name).write_bytes(data)
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the site from the web server
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
            os.replace(out, old / out.name)
        try:
            os.replace(staging, out)
        except OSError:
            if old is not None:  # put the last site back
                os.replace(old / out.name, out)
            raise
    except OSError as exc:
        raise BriefgenError(f"cannot write the site to {out}: {exc}") from None
    finally:
        for leftover in (staging, old):
            if leftover is not None and leftover.exists():
                with contextlib.suppress(OSError):
                    shutil.rmtree(leftover)


def report(done: Published, clock: str) -> list[str]:
    """Say what went out, what was held back and why, and the moment embargoes were judged."""
    total = len(done.briefs) + len(done.held)
    lines = [f"published {len(done.briefs)} of {total} briefs to {done.out}"]
    lines += [f"  {bid}" for bid in done.briefs]
    if done.held:
        lines.append(f"held back {len(done.held)}:")
        lines += [f"  {h.id}: {'; '.join(h.reasons)}" for h in done.held]
    lines.append(f"embargoes judged as of {done.now.isoformat(timespec='seconds')} ({clock})")
    lines.append(f"staff open {done.base_url}{INDEX} and subscribe to {done.base_url}{FEED}")
    return lines
