"""The build, stage by stage: load, check, select, then render and write every brief."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .check import Checker, errors_for
from .cite import REF_RE, cite, ref_sources
from .errors import BriefgenError, NotFound, UsageError
from .files import file_digest, folder_digest, package_digest, write_atomic
from .load import Project, load_project
from .model import Brief, Catalog, Document, Finding
from .render import render_html, render_markdown, templates_dir
from .select import Selection, drop_order, resolve_topics, select, sources_of

FORMATS = ("md", "html", "pdf")
MANIFEST = "manifest.json"
INDEX = "index.html"
FEED = "feed.xml"  # briefgen.feed.FEED, named here to keep feed rendering out of start-up


@dataclass(frozen=True)
class Options:
    """How to build: where to, which formats, on what paper, how many processes."""

    out: Path
    formats: tuple[str, ...] = FORMATS
    paper: str = "letter"
    jobs: int = 1
    force: bool = False


@dataclass(frozen=True)
class Job:
    """Everything one brief needs to render, fixed before any rendering starts."""

    brief: Brief
    catalog: Catalog  # only the items and sources this brief can use
    selection: Selection
    templates: Path
    inputs_hash: str
    # How many items the last build left out to fit the page: where fitting starts looking.
    hint: int | None = None


@dataclass(frozen=True)
class Result:
    """What became of one brief."""

    id: str
    status: str  # built | unchanged | failed
    outputs: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    left_out: tuple[str, ...] = ()
    message: str = ""
    inputs_hash: str = ""
    # The latest embargo of any source the brief cites (ISO 8601), for `publish` to honor.
    embargo_until: str | None = None


def parse_formats(text: str) -> tuple[str, ...]:
    """Read a --format list such as 'md,pdf'."""
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise UsageError(f"unknown format '{','.join(bad) or text}': choose from md, html, pdf")
    return wanted


# -- stage: gather ------------------------------------------------------------------------


def _canon(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _canon(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in ("loc", "locs", "evidence_loc")
        }
    if isinstance(value, dict):
        return {str(k): _canon(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple | frozenset | set):
        items = [_canon(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, frozenset | set) else items
    if isinstance(value, dt.date | dt.datetime | Path):
        return str(value)
    return value


def _digest(*parts: Any) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(_canon(part), sort_keys=True, ensure_ascii=False).encode())
        h.update(b"\0")
    return h.hexdigest()


# The libraries whose upgrade can change the bytes of an output, so that it rebuilds them.
RENDERERS = ("weasyprint", "pydyf", "fonttools", "jinja2", "markdown-it-py")


def renderer_versions() -> dict[str, str]:
    """Return the installed version of each renderer library (read from metadata, not imported)."""
    found = {}
    for name in RENDERERS:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = ""
    return found


def job_for(
    brief: Brief,
    project: Project,
    templates: Path,
    shared_hash: str,
    archive_hashes: dict[str, str],
    hint: int | None = None,
) -> Job:
    """Fix what a brief needs: its selection and just the part of the catalog it touches."""
    catalog = project.catalog
    selection = select(brief, catalog)
    items = selection.items()
    refs = [r for text in (brief.summary, *brief.talking_points) for r in REF_RE.findall(text)]
    source_ids = {sid for i in items for sid in sources_of(i)}
    source_ids |= {sid for r in refs for sid in (ref_sources(r, catalog) or ())}
    facts = {f.id: f for f in selection.facts}
    facts |= {r: catalog.facts[r] for r in refs if r in catalog.facts}
    quotes = {q.id: q for q in selection.quotes}
    quotes |= {r: catalog.quotes[r] for r in refs if r in catalog.quotes}
    sources = {sid: catalog.sources[sid] for sid in sorted(source_ids)}
    part = Catalog(catalog.topics, sources, facts, quotes, catalog.path)
    inputs = _digest(
        brief,
        selection,
        part,
        {sid: archive_hashes.get(sid, "") for sid in sources},
        shared_hash,
    )
    return Job(brief, part, selection, templates, inputs, hint)


# -- stage: render (runs in worker processes) ---------------------------------------------

_printers: dict[tuple[Path, str], Any] = {}


def _printer(templates: Path, paper: str) -> Any:
    from .pdf import Printer

    key = (templates, paper)
    if key not in _printers:
        _printers[key] = Printer(templates, paper)
    return _printers[key]


def render_job(job: Job, formats: tuple[str, ...], paper: str) -> Result:
    """Render one brief to bytes in each format, fitted to one page."""
    brief, catalog = job.brief, job.catalog
    order = drop_order(job.selection)

    def make(k: int) -> tuple[Document, str]:
        gone = tuple(i.id for i in order[:k])
        doc = cite(brief, catalog, job.selection.without(set(gone)), gone)
        return doc, render_html(doc, job.templates)

    try:
        if "pdf" in formats:
            from .pdf import fit

            printer = _printer(job.templates, paper)
            ids = [i.id for i in order]
            doc, html, laid = fit(make, printer, ids, len(job.selection.items()), job.hint)
            identifier = hashlib.sha256(f"{brief.id}\0{job.inputs_hash}".encode()).hexdigest()
            blobs = {"pdf": printer.write(laid, doc, identifier[:32].encode())}
        else:
            doc, html = make(0)
            blobs = {}
        if "html" in formats:
            blobs["html"] = html.encode()
        if "md" in formats:
            blobs["md"] = render_markdown(doc, job.templates).encode()
    except BriefgenError as exc:
        return Result(brief.id, "failed", message=str(exc), inputs_hash=job.inputs_hash)
    except Exception as exc:  # a renderer bug must not take the other briefs down
        return Result(
            brief.id, "failed", message=f"{type(exc).__name__}: {exc}", inputs_hash=job.inputs_hash
        )
    outputs = {fmt: {"bytes": blobs[fmt]} for fmt in formats}
    embargoes = [n.source.embargo_until for n in doc.notes if n.source.embargo_until]
    embargo = max(embargoes).isoformat() if embargoes else None
    return Result(
        brief.id, "built", outputs, doc.left_out, inputs_hash=job.inputs_hash, embargo_until=embargo
    )


# -- stage: write -------------------------------------------------------------------------


def _sweep(out: Path) -> None:
    # A build killed mid-write leaves its hidden temporary file behind; the outputs it
    # would have replaced are whole, so the leftover is only clutter.
    if out.is_dir():
        for stale in out.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()


def _store(result: Result, out: Path) -> Result:
    outputs = {}
    for fmt, entry in result.outputs.items():
        data: bytes = entry["bytes"]
        path = out / f"{result.id}.{fmt}"
        # Atomic but not synced: a file cut short by a crash fails the manifest's size and
        # sha256 on the next build and is built again, so waiting for the disk buys nothing.
        write_atomic(path, data, durable=False)
        outputs[fmt] = {
            "path": path.name,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    return dataclasses.replace(result, outputs=outputs)


def read_failed(out: Path) -> dict[str, str]:
    """Read which briefs the last build left failed, with why."""
    try:
        failed = json.loads((out / MANIFEST).read_text(encoding="utf-8")).get("failed", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return {str(k): str(v) for k, v in failed.items()} if isinstance(failed, dict) else {}


def read_manifest(out: Path) -> dict[str, Any]:
    """Read the previous manifest; anything unreadable means 'rebuild everything'."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        briefs = data.get("briefs", {})
        return briefs if isinstance(briefs, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def _left_out_before(manifest: dict[str, Any], brief_id: str) -> int | None:
    entry = manifest.get(brief_id)
    left_out = entry.get("left_out") if isinstance(entry, dict) else None
    return len(left_out) if isinstance(left_out, list) else None


def _unchanged(job: Job, previous: dict[str, Any], out: Path, opts: Options) -> Result | None:
    entry = previous.get(job.brief.id)
    if not isinstance(entry, dict) or entry.get("inputs_hash") != job.inputs_hash:
        return None
    if "embargo_until" not in entry:  # written before embargoes were recorded
        return None
    outputs = entry.get("outputs", {})
    if not isinstance(outputs, dict) or set(outputs) != set(opts.formats):
        return None
    for fmt, meta in outputs.items():
        path = out / f"{job.brief.id}.{fmt}"
        # Size alone is cheap and catches truncation; the hash is checked when it matches.
        if not path.is_file() or path.stat().st_size != meta.get("bytes"):
            return None
        if file_digest(path) != meta.get("sha256"):
            return None
    return Result(
        job.brief.id,
        "unchanged",
        outputs,
        tuple(entry.get("left_out", ())),
        inputs_hash=job.inputs_hash,
        embargo_until=entry["embargo_until"],
    )


def build(
    root: Path,
    ids: Sequence[str] = (),
    opts: Options | None = None,
    report: Callable[[Result], None] = lambda r: None,
    extra: Iterable[Brief] = (),
) -> tuple[list[Result], list[Finding]]:
    """Build briefs: gather and check everything first, then render, then write."""
    opts = opts or Options(root / "build")
    project = load_project(root)
    if extra:
        project = dataclasses.replace(
            project, briefs={**project.briefs, **{b.id: b for b in extra}}
        )
    checker = Checker(project)
    findings = checker.run()
    wanted = list(dict.fromkeys(ids)) or sorted([*project.briefs, *project.broken])
    known = set(project.briefs) | set(project.broken)
    for bid in wanted:
        if bid not in known:
            raise NotFound("brief", bid, known)

    templates = templates_dir(root)
    # The package's own code is hashed too: a fix to a renderer must reach every brief even
    # when the version number has not moved.
    shared = _digest(
        __version__,
        package_digest(),
        renderer_versions(),
        folder_digest(templates),
        opts.formats,
        opts.paper,
    )
    # The check has read every snapshot already; its hashes are the build's too.
    archive_hashes = {s.id: checker.archives.sha256(s) for s in project.catalog.sources.values()}
    manifest = read_manifest(opts.out)
    previous = {} if opts.force else manifest
    _sweep(opts.out)

    results: dict[str, Result] = {}
    jobs: list[Job] = []
    for bid in wanted:
        brief = project.briefs.get(bid)
        if brief is None:
            errs = [f for f in findings if f.severity == "error" and Path(f.loc.path).stem == bid]
            results[bid] = Result(bid, "failed", message="\n".join(map(str, errs)))
            continue
        errs = errors_for(brief, project, findings)
        if errs:
            results[bid] = Result(
                bid, "failed", message="inputs have errors:\n" + "\n".join(f"  {e}" for e in errs)
            )
            continue
        # Even under --force: the hint changes how many layouts fitting takes, not its answer.
        hint = _left_out_before(manifest, bid)
        job = job_for(brief, project, templates, shared, archive_hashes, hint)
        done = _unchanged(job, previous, opts.out, opts)
        if done is not None:
            results[bid] = done
        else:
            jobs.append(job)
    for r in results.values():
        report(r)

    for result in _render_all(jobs, opts):
        if result.status == "built":
            result = _store(result, opts.out)
        results[result.id] = result
        report(result)

    ordered = [results[b] for b in wanted]
    # Rewrite the distribution when a brief was built or removed, or a file of it is missing;
    # not otherwise, so that a catalog that failed to load cannot blank the index's labels.
    gone = set(previous) - set(project.briefs) - set(project.broken)
    missing = not all((opts.out / name).is_file() for name in (MANIFEST, INDEX, FEED))
    changed = any(r.status == "built" for r in ordered) or bool(gone) or missing
    # Which briefs' last build failed, so that `publish` holds back their older outputs.
    recorded = read_failed(opts.out)
    failed = {b: m for b, m in recorded.items() if b not in wanted and b in known}
    failed |= {r.id: r.message.strip() for r in ordered if r.status == "failed"}
    if not extra and (changed or failed != recorded):
        write_distribution(opts.out, project, ordered, previous, failed, listing=changed)
    return ordered, findings


def _render_all(jobs: list[Job], opts: Options) -> Iterable[Result]:
    if opts.jobs <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield render_job(job, opts.formats, opts.paper)
        return
    with cf.ProcessPoolExecutor(max_workers=min(opts.jobs, len(jobs))) as pool:
        futures = [pool.submit(render_job, job, opts.formats, opts.paper) for job in jobs]
        for future in cf.as_completed(futures):
            yield future.result()


# -- stage: index and manifest -----------------------------------------------------------


def write_distribution(
    out: Path,
    project: Project,
    results: list[Result],
    previous: dict[str, Any],
    failed: dict[str, str] | None = None,
    listing: bool = True,
) -> None:
    """Write the manifest, the index and the feed for every brief whose outputs exist.

    `failed` says which briefs' last build failed; with `listing` off only the manifest is
    written, so that a catalog that failed to load cannot blank the index's labels.
    """
    from .feed import render_feed
    from .index import render_index

    # A forced build reads no previous manifest, yet the briefs it did not touch still
    # belong in the distribution.
    entries = dict(previous) if previous else read_manifest(out)
    for r in results:
        brief = project.briefs.get(r.id)
        if r.status == "failed" or brief is None:
            continue
        entries[r.id] = {
            "id": r.id,
            "title": brief.title,
            "kind": brief.kind,
            "date": brief.date.isoformat(),
            "as_of": brief.as_of.isoformat(),
            "handling": brief.handling,
            "embargo_until": r.embargo_until,
            "topics": list(resolve_topics(brief.topics, project.catalog)),
            "inputs_hash": r.inputs_hash,
            "outputs": r.outputs,
            "left_out": list(r.left_out),
        }
    # A brief whose file is gone no longer belongs in the distribution.
    entries = {k: v for k, v in entries.items() if k in project.briefs or k in project.broken}
    manifest: dict[str, Any] = {
        "generator": f"briefgen {__version__}",
        "briefs": dict(sorted(entries.items())),
    }
    if failed:
        manifest["failed"] = dict(sorted(failed.items()))
    labels = {key: topic.label for key, topic in project.catalog.topics.items()}
    files = {MANIFEST: (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()}
    if listing:
        files[INDEX] = render_index(entries, project.catalog, templates_dir(project.root)).encode()
        files[FEED] = render_feed(entries, labels)
    for name, data in files.items():
        path = out / name
        # Same bytes, no write: a no-op build leaves every file, and its mtime, as it was.
        with contextlib.suppress(OSError):
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                continue
        write_atomic(path, data)
