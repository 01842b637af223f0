"""Plan a build: which briefs fail, which are unchanged, and what the rest need to render."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from .. import __version__
from ..catalog.project import Project
from ..catalog.snapshots import Archives
from ..errors import Finding, NotFound, UnreadableFile
from ..files import (
    MAX_OUTPUT_BYTES,
    file_digest,
    folder_digest,
    package_digest,
    sweep_temporaries,
)
from ..model import BuiltBrief, Catalog, Output, Uses
from ..plan.select import catalog_part
from ..render.templates import templates_dir
from .check import errors_for
from .hashing import clearance_of, digest, feed, hasher, renderer_versions
from .manifest import read_manifest
from .records import Failure, Job, Options, Plan, Result


def wanted_briefs(project: Project, ids: Sequence[str]) -> list[str]:
    known = set(project.briefs) | set(project.broken)
    for bid in ids:
        if bid not in known:
            raise NotFound("brief", bid, known, "(`briefgen list briefs` lists them)")
    return list(dict.fromkeys(ids)) or sorted(known)


def plan_build(
    project: Project,
    uses: Mapping[str, Uses],
    findings: list[Finding],
    wanted: list[str],
    opts: Options,
    archives: Archives,
) -> Plan:
    """Decide, for each wanted brief, whether it fails, is unchanged, or is rendered."""
    templates = templates_dir(project.root)
    shared = shared_hash(templates, opts.formats, opts.paper)
    manifest = read_manifest(opts.out)
    previous = {} if opts.force else manifest
    # A build killed mid-write leaves its hidden temporary file behind; the outputs it would
    # have replaced are whole, so the leftover is only clutter. The lock makes it not ours.
    sweep_temporaries(opts.out)

    settled: dict[str, Result] = {}
    jobs: list[Job] = []
    for bid in wanted:
        if bid not in project.briefs:
            errs = [f for f in findings if f.severity == "error" and Path(f.loc.path).stem == bid]
            settled[bid] = Result(bid, "failed", failure=Failure("unreadable", tuple(errs)))
            continue
        errs = errors_for(uses[bid], findings, project.catalog)
        if errs:
            settled[bid] = Result(bid, "failed", failure=Failure("inputs", tuple(errs)))
            continue
        # Even under --force: the hint changes how many layouts fitting takes, not its answer.
        before = manifest.get(bid)
        hint = len(before.left_out) if before is not None else None
        job = job_for(uses[bid], project.catalog, templates, shared, archives, hint)
        done = _unchanged(job, previous, opts)
        if done is not None:
            settled[bid] = done
        else:
            jobs.append(job)
    return Plan(jobs, settled, previous, manifest)


def shared_hash(templates: Path, formats: tuple[str, ...], paper: str) -> str:
    """Hash what every brief of a build renders with: briefgen, its renderers, the templates.

    The package's own code is hashed too: a fix to a renderer must reach every brief even
    when the version number has not moved.
    """
    return digest(
        __version__,
        package_digest(),
        renderer_versions(),
        folder_digest(templates, root=templates.parent),
        formats,
        paper,
    )


def job_for(
    uses: Uses,
    catalog: Catalog,
    templates: Path,
    shared_hash: str,
    archives: Archives,
    hint: int | None = None,
) -> Job:
    """Fix what a brief needs to render: what it uses and the part of the catalog it touches."""
    part = catalog_part(uses, catalog)
    # The check has read every snapshot already; its hashes are the build's too.
    snapshots = {sid: archives.sha256(source) for sid, source in part.sources.items()}
    (inputs,) = _inputs_hashes(uses, part, snapshots, [shared_hash])
    return Job(uses, part, templates, inputs, hint, clearance_of(uses, part, snapshots))


def inputs_hashes(
    uses: Uses, catalog: Catalog, archives: Archives, shared_hashes: Sequence[str]
) -> list[str]:
    """Return a brief's inputs hash with each of several shared hashes, its own part hashed once.

    Publish's question: was the brief built from these inputs, on whichever paper?
    """
    part = catalog_part(uses, catalog)
    snapshots = {sid: archives.sha256(source) for sid, source in part.sources.items()}
    return _inputs_hashes(uses, part, snapshots, shared_hashes)


def _inputs_hashes(
    uses: Uses, part: Catalog, snapshots: Mapping[str, str], shared_hashes: Sequence[str]
) -> list[str]:
    own = hasher(uses.brief, uses.selection, part, snapshots)
    hashes = []
    for shared in shared_hashes:
        h = own.copy()
        feed(h, shared)
        hashes.append(h.hexdigest())
    return hashes


def _unchanged(job: Job, previous: Mapping[str, BuiltBrief], opts: Options) -> Result | None:
    """Return the brief's result as the last build left it, if its outputs still stand."""
    bid = job.uses.brief.id
    entry = previous.get(bid)
    if entry is None or entry.inputs_hash != job.inputs_hash:
        return None
    # Written before embargoes, or the facts and quotes on the page, were recorded.
    if not entry.embargo_known or entry.items is None:
        return None
    if set(entry.outputs) != set(opts.formats):
        return None
    outputs: dict[str, Output] = {}
    for fmt, output in entry.outputs.items():
        path = opts.out / output.path
        # Size alone is cheap and catches truncation; the hash is checked when it matches.
        if not path.is_file() or path.stat().st_size != output.bytes:
            return None
        try:
            if file_digest(path, opts.out, MAX_OUTPUT_BYTES) != output.sha256:
                return None
        except UnreadableFile:  # a link or a pipe where an output was: build it anew
            return None
        outputs[fmt] = output
    return Result(
        bid,
        "unchanged",
        outputs,
        entry.left_out,
        inputs_hash=job.inputs_hash,
        embargo_until=entry.embargo_until,
        items=entry.items,
        pages=job.uses.brief.pages,
        picks_left_out=tuple(i for i in entry.left_out if i in job.uses.selection.explicit),
        short=entry.short,
        clearance=job.clearance.state if job.clearance is not None else None,
    )
