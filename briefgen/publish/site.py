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
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..build.manifest import load_manifest
from ..build.records import FEED, INDEX, MANIFEST
from ..catalog.briefs import brief_files
from ..catalog.load import load_catalog
from ..errors import (
    BriefgenError,
    ManifestMissing,
    ManifestUnreadable,
    NotAManifest,
    UnreadableFile,
    UsageError,
)
from ..files import MAX_OUTPUT_BYTES, read_inside, write_atomic
from ..model import BuiltBrief, Output
from ..render.feed import render_feed
from ..render.index import render_index
from ..render.templates import templates_dir

# Left in the site so that a later publish knows the folder is its own to replace.
MARKER = ".briefgen-site"
# Folders of a project that hold its content or code: a site inside one would be swept away
# with it, or swept into it.
CONTENT_DIRS = ("briefs", "sources", "templates", "schema", "briefgen", ".git", ".github")


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


def read_build(build: Path) -> dict[str, BuiltBrief]:
    """Read a build's manifest, every entry checked; refuse one briefgen did not write."""
    try:
        manifest = load_manifest(build)
    except ManifestMissing:
        raise BriefgenError(
            f"there is no build to publish in {build} ({MANIFEST} is missing): "
            "run `briefgen build` first"
        ) from None
    except ManifestUnreadable as exc:
        raise BriefgenError(
            f"cannot read {exc.path}: {exc.reason}; run `briefgen build` again"
        ) from None
    except NotAManifest as exc:
        raise BriefgenError(
            f"{exc.path} is not a briefgen manifest: run `briefgen build` again"
        ) from None
    if manifest.problems:
        raise BriefgenError(_refusal(manifest.path, manifest.problems))
    return manifest.briefs


def _refusal(manifest: Path, problems: Sequence[str]) -> str:
    shown = "\n".join(f"  {p}" for p in problems[:20])
    more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
    return (
        f"refusing to publish: {manifest} disagrees with the files beside it\n{shown}{more}\n"
        "Run `briefgen build` to bring the build up to date, then publish again."
    )


def verify(build: Path, briefs: Mapping[str, BuiltBrief]) -> dict[str, bytes]:
    """Read every output the manifest lists; refuse if any differs from its size or sha256."""
    blobs: dict[str, bytes] = {}
    problems = []
    for entry in briefs.values():
        for output in entry.outputs.values():
            name = output.path
            try:
                data = read_inside(build, name, MAX_OUTPUT_BYTES)
            except UnreadableFile:
                problems.append(f"{name}: missing")
                continue
            if len(data) != output.bytes:
                problems.append(f"{name}: {len(data)} bytes, the manifest says {output.bytes}")
            elif hashlib.sha256(data).hexdigest() != output.sha256:
                problems.append(f"{name}: its sha256 is not the one in the manifest")
            else:
                blobs[name] = data
    if problems:
        raise BriefgenError(_refusal(build / MANIFEST, problems))
    return blobs


def held_back(
    entry: BuiltBrief | None, allowed: Sequence[str], now: dt.datetime
) -> tuple[str, ...]:
    """Say why the policy keeps a brief off the site; nothing when it may go out."""
    if entry is None:
        return ("it is not in the last build: run `briefgen build`",)
    reasons = []
    if not entry.listed:
        reasons.append(
            "it was generated without --publish (run `briefgen generate … --publish` to publish it)"
        )
    if entry.status == "stale":  # its earlier files are kept, never published
        why = entry.failure.strip()
        reasons.append(f"its last build failed{': ' + why if why else ''}")
    if entry.handling is None:
        reasons.append("the build does not record its handling marking: run `briefgen build`")
    elif marking(entry.handling) not in {marking(a) for a in allowed}:
        reasons.append(
            f"handling '{entry.handling}' is not in publish_handling ({', '.join(allowed)})"
        )
    if not entry.embargo_known:
        reasons.append("the build does not record its embargoes: run `briefgen build`")
    elif entry.embargo_until is not None:
        try:
            until = dt.datetime.fromisoformat(entry.embargo_until)
            if until.tzinfo is None:
                raise ValueError
        except ValueError:
            reasons.append(f"its embargo '{entry.embargo_until}' cannot be read")
        else:
            if until > now:
                reasons.append(f"under embargo until {until.isoformat()}")
    return tuple(reasons)


def uncleared(entry: BuiltBrief | None) -> tuple[str, ...]:
    """Say why a brief is not cleared, when the project asks for clearance to publish."""
    if entry is None or entry.clearance == "cleared":
        return ()
    how = f"`briefgen clear {entry.id} --by NAME`, then `briefgen build`"
    if entry.clearance == "changed":
        return (f"require_clearance: it changed after it was cleared (clear it again: {how})",)
    return (f"require_clearance: it is not cleared ({how})",)


def publish(
    root: Path,
    build: Path,
    out: Path,
    base_url: str,
    allowed: Sequence[str],
    now: dt.datetime,
    require_clearance: bool = False,
) -> Published:
    """Write the site: allowed briefs in every format built, index.html and feed.xml."""
    check_out(root, build, out)
    briefs = read_build(build)
    blobs = verify(build, briefs)
    held = []
    chosen: dict[str, BuiltBrief] = {}
    # A brief written since the last build is not in it: say so rather than pass it over.
    unbuilt = {p.stem for p in brief_files(root)} - set(briefs)
    for bid in sorted(set(briefs) | unbuilt):
        reasons = held_back(briefs.get(bid), allowed, now)
        if require_clearance:
            reasons += uncleared(briefs.get(bid))
        if reasons:
            held.append(Held(bid, reasons))
        else:
            chosen[bid] = briefs[bid]

    catalog, _ = load_catalog(root)  # for topic labels; its findings are `check`'s to report
    labels = {key: topic.label for key, topic in catalog.topics.items()}
    files = {name: blobs[name] for entry in chosen.values() for name in _names(entry.outputs)}
    # The index links its neighbours by relative address: the site previews from the folder
    # (open site/index.html) as it reads at base_url. The feed, read elsewhere, is absolute.
    files[INDEX] = render_index(chosen, catalog, templates_dir(root)).encode()
    files[FEED] = render_feed(chosen, labels, base=base_url)
    files[MARKER] = b"Written by `briefgen publish`, which replaces this folder whole.\n"
    _write_site(out, files)
    return Published(out, base_url, tuple(chosen), tuple(held), now)


def _names(outputs: Mapping[str, Output]) -> list[str]:
    return [output.path for output in outputs.values()]


def _write_site(out: Path, files: Mapping[str, bytes]) -> None:
    """Write the whole site beside `out`, then put it in place of the old one."""
    out = out.resolve()
    staging: Path | None = None
    old: Path | None = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".new", dir=out.parent))
        for name, data in files.items():
            write_atomic(staging / name, data)
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
