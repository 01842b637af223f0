"""The build, stage by stage: plan what to build, render it, write it, publish the index."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import ctypes
import ctypes.util
import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from . import __version__
from .check import Checker, catalog_unreadable, errors_for
from .cite import cite
from .errors import BriefgenError, CatalogUnreadable, NotFound, UsageError
from .files import (
    cannot_write,
    file_digest,
    folder_digest,
    folder_lock,
    package_digest,
    sweep_temporaries,
    write_atomic,
)
from .fit import Layout
from .generate import is_generated
from .load import Project, load_project
from .model import Brief, Catalog, Document, Finding
from .render import render_html, render_markdown, templates_dir
from .select import Uses, drop_order, resolve, resolve_topics
from .snapshots import Archives

FORMATS = ("md", "html", "pdf")
MANIFEST = "manifest.json"
INDEX = "index.html"
FEED = "feed.xml"  # briefgen.feed.FEED, named here to keep feed rendering out of start-up

Status = Literal["built", "unchanged", "failed"]


@dataclass(frozen=True)
class Options:
    """How to build: where to, which formats, on what paper, how many processes."""

    out: Path
    formats: tuple[str, ...] = FORMATS
    paper: str = "letter"
    jobs: int = 1
    force: bool = False
    # Write the manifest, index and feed; off for a brief made on the fly by `generate`.
    publish: bool = True


@dataclass(frozen=True)
class Job:
    """Everything one brief needs to render, fixed before any rendering starts."""

    uses: Uses
    catalog: Catalog  # only the items and sources this brief can use
    templates: Path
    inputs_hash: str
    # How many items the last build left out to fit the page: where fitting starts looking.
    hint: int | None = None


@dataclass(frozen=True)
class Rendered:
    """A brief rendered to bytes in each format, not yet written."""

    id: str
    blobs: dict[str, bytes]
    left_out: tuple[str, ...]
    inputs_hash: str
    embargo_until: str | None = None
    items: tuple[str, ...] = ()  # the facts and quotes on the page
    pages: int = 1  # the brief's page budget, for the report of what did not fit
    picks_left_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class Output:
    """One file of a brief as written, and as the manifest records it."""

    path: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Result:
    """What became of one brief."""

    id: str
    status: Status
    outputs: dict[str, Output] = dataclasses.field(default_factory=dict)
    left_out: tuple[str, ...] = ()
    message: str = ""
    inputs_hash: str = ""
    # The traceback of an unexpected failure, shown with --debug.
    trace: str = ""
    # Those of `left_out` that the brief picked by name: the report names them.
    picks_left_out: tuple[str, ...] = ()
    # The latest embargo of any source the brief cites (ISO 8601), for `publish` to honor.
    embargo_until: str | None = None
    items: tuple[str, ...] = ()  # the facts and quotes on the page, for the feed's news
    pages: int = 1  # the brief's page budget


@dataclass(frozen=True)
class Plan:
    """What a build will do: the briefs to render, and those already settled."""

    jobs: list[Job]
    settled: dict[str, Result]  # unchanged, or failed before rendering
    previous: dict[str, Any]  # the last manifest's entries ({} under --force)


def parse_formats(text: str) -> tuple[str, ...]:
    """Read a --format list such as 'md,pdf'."""
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise UsageError(f"unknown format '{','.join(bad) or text}': choose from md, html, pdf")
    return wanted


def build(
    root: Path,
    ids: Sequence[str] = (),
    opts: Options | None = None,
    report: Callable[[Result], None] = lambda r: None,
    extra: Iterable[Brief] = (),
    notice: Callable[[str], None] = lambda message: None,
) -> tuple[list[Result], list[Finding]]:
    """Build briefs: load and check everything, plan, render, write, then publish the index.

    `extra` adds briefs made on the fly (`generate`) to those in briefs/. `notice` hears
    what a person waiting should know (another build holds the output folder).
    """
    opts = opts or Options(root / "build")
    project = load_project(root)
    if extra:
        project = dataclasses.replace(
            project, briefs={**project.briefs, **{b.id: b for b in extra}}
        )
    wanted = _wanted(project, ids)
    uses = {b.id: resolve(b, project.catalog) for b in project.briefs.values()}
    checker = Checker(project, uses)
    findings = checker.run()
    unreadable = catalog_unreadable(findings)
    if unreadable:  # nothing is built from a catalog only partly read
        raise CatalogUnreadable(unreadable, "no brief was built: fix the catalog first")

    # One build at a time writes a folder: its manifest then always describes its files.
    with folder_lock(opts.out, notice):
        plan = plan_build(project, uses, findings, wanted, opts, checker.archives)
        results = dict(plan.settled)
        for result in plan.settled.values():
            report(result)
        try:
            for rendered in render_all(plan.jobs, opts):
                result = write(rendered, opts.out)
                results[result.id] = result
                report(result)
        except BaseException:
            # Interrupted, or a disk that filled: the manifest still names what is on disk,
            # the briefs written so far with their new hashes and the rest as they were.
            if opts.publish:
                with contextlib.suppress(BriefgenError, OSError):
                    publish(opts.out, project, _so_far(results, wanted), plan.previous)
            raise
        if opts.publish:
            publish(opts.out, project, _so_far(results, wanted), plan.previous)
    return [results[b] for b in wanted], findings


def _so_far(results: Mapping[str, Result], wanted: list[str]) -> list[Result]:
    return [results[b] for b in wanted if b in results]


# -- stage: plan --------------------------------------------------------------------------


def _wanted(project: Project, ids: Sequence[str]) -> list[str]:
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
            settled[bid] = Result(bid, "failed", message="\n".join(map(str, errs)))
            continue
        errs = errors_for(uses[bid], findings, project.catalog)
        if errs:
            message = "inputs have errors:\n" + "\n".join(f"  {e}" for e in errs)
            settled[bid] = Result(bid, "failed", message=message)
            continue
        # Even under --force: the hint changes how many layouts fitting takes, not its answer.
        hint = _left_out_before(manifest, bid)
        job = job_for(uses[bid], project.catalog, templates, shared, archives, hint)
        done = _unchanged(job, previous, opts)
        if done is not None:
            settled[bid] = done
        else:
            jobs.append(job)
    return Plan(jobs, settled, previous)


def job_for(
    uses: Uses,
    catalog: Catalog,
    templates: Path,
    shared_hash: str,
    archives: Archives,
    hint: int | None = None,
) -> Job:
    """Fix what a brief needs to render: what it uses and the part of the catalog it touches."""
    part = uses.part(catalog)
    inputs = _digest(
        uses.brief,
        uses.selection,
        part,
        # The check has read every snapshot already; its hashes are the build's too.
        {sid: archives.sha256(source) for sid, source in part.sources.items()},
        shared_hash,
    )
    return Job(uses, part, templates, inputs, hint)


# -- stage: plan --------------------------------------------------------------------------


def _canon(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _canon(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in ("loc", "locs", "evidence_loc", "files")
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


def _unchanged(job: Job, previous: dict[str, Any], opts: Options) -> Result | None:
    """Return the brief's result as the last build left it, if its outputs still stand."""
    bid = job.uses.brief.id
    entry = previous.get(bid)
    if not isinstance(entry, dict) or entry.get("inputs_hash") != job.inputs_hash:
        return None
    if "embargo_until" not in entry:  # written before embargoes were recorded
        return None
    recorded = entry.get("outputs", {})
    if not isinstance(recorded, dict) or set(recorded) != set(opts.formats):
        return None
    outputs: dict[str, Output] = {}
    for fmt, meta in recorded.items():
        path = opts.out / f"{bid}.{fmt}"
        if not isinstance(meta, dict):
            return None
        # Size alone is cheap and catches truncation; the hash is checked when it matches.
        if not path.is_file() or path.stat().st_size != meta.get("bytes"):
            return None
        if file_digest(path) != meta.get("sha256"):
            return None
        outputs[fmt] = Output(str(meta.get("path", path.name)), meta["bytes"], meta["sha256"])
    left_out = tuple(entry.get("left_out", ()))
    items = entry.get("items")
    if not isinstance(items, list):  # written before the manifest named them
        return None
    return Result(
        bid,
        "unchanged",
        outputs,
        left_out,
        inputs_hash=job.inputs_hash,
        embargo_until=entry["embargo_until"],
        items=tuple(map(str, items)),
        pages=job.uses.brief.pages,
        picks_left_out=tuple(i for i in left_out if i in job.uses.selection.explicit),
    )


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


# -- stage: render (runs in worker processes) ---------------------------------------------

_printers: dict[tuple[Path, str], Any] = {}


def _printer(templates: Path, paper: str) -> Any:
    from .pdf import Printer

    key = (templates, paper)
    if key not in _printers:
        _printers[key] = Printer(templates, paper)
    return _printers[key]


def fitted(job: Job, paper: str) -> tuple[Document, str, Layout]:
    """Fit a brief to its page budget: the fullest version that lays out, its HTML, its pages."""
    from .fit import fit

    order = [i.id for i in drop_order(job.uses.selection)]

    def make(k: int) -> tuple[Document, str]:
        doc = cite(job.uses, job.catalog, tuple(order[:k]))
        return doc, render_html(doc, job.templates)

    printer = _printer(job.templates, paper)
    total = len(job.uses.selection.items()) + len(job.uses.selection.charts)
    pages = job.uses.brief.pages
    lay_out = printer.layout
    if pages > 1:
        from .footnotes import lay_out as paged
        from .pdf import anchors

        lay_out = paged(printer.layout, anchors)
    return fit(make, lay_out, order, total, job.hint, pages)


def render_job(job: Job, formats: tuple[str, ...], paper: str) -> Rendered | Result:
    """Render one brief to bytes in each format, fitted to its pages; a failure is a Result."""
    brief = job.uses.brief
    try:
        if "pdf" in formats:
            printer = _printer(job.templates, paper)
            doc, html, laid = fitted(job, paper)
            identifier = hashlib.sha256(f"{brief.id}\0{job.inputs_hash}".encode()).hexdigest()
            blobs = {"pdf": printer.write(laid, doc, identifier[:32].encode())}
        else:
            doc = cite(job.uses, job.catalog)
            html = render_html(doc, job.templates)
            blobs = {}
        if "html" in formats:
            blobs["html"] = html.encode()
        if "md" in formats:
            blobs["md"] = render_markdown(doc, job.templates).encode()
    except BriefgenError as exc:
        return Result(brief.id, "failed", message=str(exc), inputs_hash=job.inputs_hash)
    except Exception as exc:  # a renderer bug must not take the other briefs down
        return Result(
            brief.id,
            "failed",
            message=f"{type(exc).__name__}: {exc}",
            inputs_hash=job.inputs_hash,
            trace=traceback.format_exc(),
        )
    blobs = {fmt: blobs[fmt] for fmt in formats}
    embargoes = [n.source.embargo_until for n in doc.notes if n.source.embargo_until]
    embargo = max(embargoes).isoformat() if embargoes else None
    items = tuple(e.item.id for e in (*doc.facts, *doc.quotes))
    picks = tuple(i for i in doc.left_out if i in job.uses.selection.explicit)
    return Rendered(
        brief.id,
        blobs,
        doc.left_out,
        job.inputs_hash,
        embargo,
        items,
        brief.pages,
        picks_left_out=picks,
    )


def render_all(jobs: list[Job], opts: Options) -> Iterator[Rendered | Result]:
    """Render every job, in a process pool when there are several and more than one core."""
    if opts.jobs <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield render_job(job, opts.formats, opts.paper)
        return
    pool = cf.ProcessPoolExecutor(
        max_workers=min(opts.jobs, len(jobs)), initializer=_worker_start, initargs=(os.getpid(),)
    )
    try:
        futures = [pool.submit(render_job, job, opts.formats, opts.paper) for job in jobs]
        for future in cf.as_completed(futures):
            yield future.result()
    except BaseException:  # interrupted, or the caller stopped: no worker may outlive us
        pool.shutdown(wait=False, cancel_futures=True)
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        raise
    pool.shutdown()


def _worker_start(parent: int) -> None:
    """Tie a pool worker's life to its parent's.

    Ctrl-C reaches the whole process group: the parent alone answers it. And a parent killed
    outright (SIGKILL, a CI time limit) must not leave workers waiting forever on a pipe they
    hold open themselves: Linux kills them with it (PR_SET_PDEATHSIG); elsewhere a thread
    watches for the parent to go.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before the tie was made
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


# -- stage: write -------------------------------------------------------------------------


def write(rendered: Rendered | Result, out: Path) -> Result:
    """Write a rendered brief's files atomically; a failure passes through untouched."""
    if isinstance(rendered, Result):
        return rendered
    outputs = {}
    for fmt, data in rendered.blobs.items():
        path = out / f"{rendered.id}.{fmt}"
        # Atomic but not synced: a file cut short by a crash fails the manifest's size and
        # sha256 on the next build and is built again, so waiting for the disk buys nothing.
        try:
            write_atomic(path, data, durable=False)
        except OSError as exc:
            raise cannot_write(path, exc) from None
        outputs[fmt] = Output(path.name, len(data), hashlib.sha256(data).hexdigest())
    return Result(
        rendered.id,
        "built",
        outputs,
        rendered.left_out,
        inputs_hash=rendered.inputs_hash,
        embargo_until=rendered.embargo_until,
        items=rendered.items,
        pages=rendered.pages,
        picks_left_out=rendered.picks_left_out,
    )


# -- stage: publish the index, manifest and feed ---------------------------------------


def publish(out: Path, project: Project, results: list[Result], previous: dict[str, Any]) -> None:
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
    from .diff import describe

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
    from .feed import render_feed
    from .index import render_index

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
