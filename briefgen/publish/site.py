"""The site staff open: the briefs the publication policy allows, from the last build.

`publish` trusts nothing it has not checked: the build's manifest must agree with the files
beside it, every name in it must be a brief's own output, the brief files and the catalog as
they are now must still allow each brief out and be what it was built from (fresh), and the
site is written in full beside its folder and swapped in (folder), so that a failed or
interrupted publish leaves a whole site, the last one or the new one. This is
the one place briefgen reads the clock: an embargo lifts at a moment, and the report says
which moment it was judged at.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..build.check import catalog_unreadable
from ..build.manifest import load_manifest
from ..build.records import FEED, INDEX, MANIFEST
from ..catalog.briefs import brief_files
from ..catalog.project import Project, load_project
from ..errors import (
    BriefgenError,
    ManifestMissing,
    ManifestUnreadable,
    NotAManifest,
    UnreadableFile,
)
from ..files import MAX_OUTPUT_BYTES, folder_lock, read_inside
from ..model import BuiltBrief, Output
from ..render.feed import render_feed
from ..render.index import render_index
from ..render.templates import templates_dir
from .folder import MARKER, check_out, clean_leftovers, site_lock, write_site
from .fresh import held_now, inputs_of, marking, outdated

__all__ = ["MARKER", "check_out", "marking", "publish", "report"]


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


def publish(
    root: Path,
    build: Path,
    out: Path,
    base_url: str,
    allowed: Sequence[str],
    now: dt.datetime,
    notice: Callable[[str], None] = lambda message: None,
    named: str = "--out",
) -> Published:
    """Write the site: allowed briefs in every format built, index.html and feed.xml.

    `notice` hears what a person waiting should know (another briefgen holds the build or
    publishes beside the site).
    """
    # The brief files and the catalog as they are now; their findings are `check`'s to report.
    project = load_project(root)
    unreadable = catalog_unreadable(project.findings)
    if unreadable:
        raise BriefgenError(
            f"refusing to publish: {unreadable[0].loc.path} cannot be read now, so the build "
            "cannot be shown to be current",
            "run `briefgen check`, fix what it says, then build and publish again",
        )
    check_out(root, build, out, inputs_of(project), named)
    # One publish at a time beside the site (another's staging is not a leftover), and no
    # build writing the folder while its files are read.
    with site_lock(out, notice), _build_lock(build, notice):
        clean_leftovers(out)
        return _publish(project, build, out, base_url, allowed, now)


@contextlib.contextmanager
def _build_lock(build: Path, notice: Callable[[str], None]) -> Iterator[None]:
    if not build.is_dir():  # read_build says there is no build; nothing to make here
        yield
        return
    with folder_lock(build, notice):
        yield


def _publish(
    project: Project,
    build: Path,
    out: Path,
    base_url: str,
    allowed: Sequence[str],
    now: dt.datetime,
) -> Published:
    root = project.root
    briefs = read_build(build)
    blobs = verify(build, briefs)
    held = []
    chosen: dict[str, BuiltBrief] = {}
    # A brief written since the last build is not in it: say so rather than pass it over.
    unbuilt = {p.stem for p in brief_files(root)} - set(briefs)
    for bid in sorted(set(briefs) | unbuilt):
        entry = briefs.get(bid)
        reasons = held_back(entry, allowed, now)
        if entry is not None:
            reasons += held_now(entry, project, allowed, now)
        if reasons:
            held.append(Held(bid, tuple(dict.fromkeys(reasons))))
        else:
            chosen[bid] = entry  # type: ignore[assignment]  # held_back holds a None entry
    changed = outdated(project, briefs, list(chosen))
    if changed:
        raise BriefgenError(
            f"refusing to publish: the build in {build} is older than its inputs; "
            f"{', '.join(changed)} changed since it was built",
            "run `briefgen build`, then publish again",
        )

    catalog = project.catalog
    labels = {key: topic.label for key, topic in catalog.topics.items()}
    files = {name: blobs[name] for entry in chosen.values() for name in _names(entry.outputs)}
    files[INDEX] = render_index(chosen, catalog, templates_dir(root), base=base_url).encode()
    files[FEED] = render_feed(chosen, labels, base=base_url)
    write_site(out, files)
    return Published(out, base_url, tuple(chosen), tuple(held), now)


def _names(outputs: Mapping[str, Output]) -> list[str]:
    return [output.path for output in outputs.values()]


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
