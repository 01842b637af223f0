"""Render one brief to bytes in each format, fitted to its pages; runs in pool workers too."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeGuard

from ..catalog import cache
from ..errors import BriefgenError
from ..files import folder_digest
from ..model import Brief, Catalog, Document, PageFit, Series, Shortfall
from ..plan.cite import cite
from ..plan.fit import Layout, Measure, shortfall
from ..plan.select import catalog_part, drop_order, resolve
from ..render import chart
from ..render.document import render_html, render_markdown
from ..render.templates import templates_dir
from .hashing import renderer_versions
from .records import Failure, Job, Rendered, Result

_printers: dict[tuple[Path, str], Any] = {}


@functools.cache
def _drawing_key(folder: Path) -> str:
    # What a drawing is made with besides its series: the fonts and matplotlib's version.
    return folder_digest(folder / "fonts") + renderer_versions()["matplotlib"]


def _drawing_name(series: Series, folder: Path) -> str:
    # Every field that compares (not where in the catalog the series was written).
    values = tuple(getattr(series, f.name) for f in dataclasses.fields(series) if f.compare)
    return cache.key("chart", _drawing_key(folder), repr(values))


def _kept_drawing(series: Series, folder: Path) -> str | None:
    kept = cache.fetch(_drawing_name(series, folder))
    return kept if isinstance(kept, str) else None


def _keep_drawing(series: Series, folder: Path, drawn: str) -> None:
    cache.keep(_drawing_name(series, folder), drawn)


# A chart drawn by an earlier build comes from the cache: matplotlib stays unimported.
chart.drawings = (_kept_drawing, _keep_drawing)


def _printer(templates: Path, paper: str) -> Any:
    from ..render.pdf import Printer

    key = (templates, paper)
    if key not in _printers:
        _printers[key] = Printer(templates, paper)
    return _printers[key]


# A page set like a brief (its screen styles, headings, notes, a word hyphenated at a line's
# end) in the shipped templates' language: laid out and written once by a worker with time
# to spare, it leaves the first brief the hyphenation patterns loaded, the C types WeasyPrint
# asks cffi for parsed once, and the font subsetter's table modules imported. A project
# written in another language pays only for patterns it does not use.
_SAMPLE = """<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8"><title>warm-up</title><style>{css}</style></head>
<body><header class="masthead"><p class="handling">Sample</p><h1>Sample heading</h1>
<p class="dateline">1 January 2025</p></header><main><h2>Points</h2><ol><li>Plain,
<strong>strong</strong>, <em>emphasis</em> and <strong><em>both</em></strong>.<sup>1</sup></li>
</ol><figure><blockquote><p>Words quoted.</p></blockquote><figcaption>A speaker</figcaption>
</figure><p style="width: 4em; hyphens: auto">internationalization</p></main>
<section class="notes"><h2>Sources</h2><ol><li>A source, 1 January 2025.</li></ol></section>
</body></html>"""


def warm(
    templates: Path,
    paper: str,
    formats: tuple[str, ...] = ("pdf",),
    busy: Callable[[], bool] = lambda: False,
) -> None:
    """Load what the first brief would load, while `busy()` says no job is waiting yet.

    First WeasyPrint, the fonts and the print stylesheet (the first brief needs them in any
    case); then, while the worker would otherwise stand idle, the project's templates
    compiled and a sample page laid out and written. A worker started early does this while
    the build reads and checks the project. What goes wrong here (a template the opener
    refuses) is left for the first brief to meet and report as it would without the warm-up.
    """
    with contextlib.suppress(Exception):
        _printer(templates, paper)
    for step in _warm_steps(templates, paper, formats):
        if busy():
            return
        with contextlib.suppress(Exception):
            step()


def _warm_steps(
    templates: Path, paper: str, formats: tuple[str, ...]
) -> Iterator[Callable[[], object]]:
    from ..render.templates import environment

    kinds = ["html"] + (["md"] if "md" in formats else [])
    for kind in kinds:
        folder = templates / kind
        names = sorted(p.name for p in folder.glob("*.j2")) if folder.is_dir() else []
        yield from (
            functools.partial(environment(templates).get_template, f"{kind}/{n}") for n in names
        )
    yield functools.partial(_sample_page, templates, paper, "pdf" in formats)


def _sample_page(templates: Path, paper: str, write: bool) -> None:
    from ..render.templates import read_style

    laid = _printer(templates, paper).layout(_SAMPLE.format(css=read_style(templates, "brief.css")))
    if write:
        laid.document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def _lay_out(job: Job, paper: str) -> Callable[[str], Layout]:
    printer = _printer(job.templates, paper)
    if job.uses.brief.pages == 1:
        return printer.layout  # type: ignore[no-any-return]
    from ..render.footnotes import lay_out as paged
    from ..render.pdf import anchors

    def fetch(html: str) -> set[tuple[int, int]] | None:
        kept = cache.fetch(_spots_name(html, job.templates, paper))
        return kept if isinstance(kept, set) else None

    def keep(html: str, spots: set[tuple[int, int]]) -> None:
        cache.keep(_spots_name(html, job.templates, paper), spots)

    return paged(printer.layout, anchors, (fetch, keep))  # type: ignore[no-any-return]


def _spots_name(html: str, templates: Path, paper: str) -> str:
    # The HTML holds everything a layout depends on but the templates folder (stylesheets,
    # fonts), the paper and WeasyPrint.
    return cache.key("spots", html, paper, _templates_key(templates))


@functools.cache
def _templates_key(templates: Path) -> str:
    return folder_digest(templates) + renderer_versions()["weasyprint"]


def document(job: Job, left_out: tuple[str, ...] = ()) -> Document:
    """Cite a brief with `left_out` left out, its sign-off as the build found it."""
    doc = cite(job.uses, job.catalog, left_out)
    if job.clearance is None:
        return doc
    return dataclasses.replace(doc, clearance=job.clearance)


def fitted(job: Job, paper: str) -> tuple[Document, str, Layout]:
    """Fit a brief to its page budget: the fullest version that lays out, its HTML, its pages."""
    from ..plan.fit import fit

    order = [i.id for i in drop_order(job.uses.selection)]

    def make(k: int) -> tuple[Document, str]:
        doc = document(job, tuple(order[:k]))
        return doc, render_html(doc, job.templates)

    total = job.uses.selection.size()
    pages = job.uses.brief.pages
    if not job.inputs_hash:  # not a build's job: nothing to remember it by
        return fit(make, _lay_out(job, paper), order, total, job.hint, pages)
    # The heights the same inputs measured last time prove the last cut full in one layout;
    # failing that, a count the same inputs overflowed with last time proves it.
    name = cache.key("measure", job.inputs_hash, paper)
    kept = cache.fetch(name) if job.hint is not None else None
    known = kept if _is_measure(kept) else None
    over_name = cache.key("overflowed", job.inputs_hash, paper)
    kept_over = cache.fetch(over_name)  # read even without a hint: kept, it grows
    overflowed = kept_over if _is_counts(kept_over) else frozenset()
    seen: set[int] = set()

    def measured(m: Measure, doc: Document) -> None:
        cache.keep(name, (m, doc))

    fitted = fit(
        make,
        _lay_out(job, paper),
        order,
        total,
        job.hint,
        pages,
        known,
        measured,
        overflowed,
        seen.add,
    )
    if seen - overflowed:
        cache.keep(over_name, frozenset(overflowed | seen))
    return fitted


def _is_counts(kept: object) -> TypeGuard[frozenset[int]]:
    return isinstance(kept, frozenset) and all(isinstance(k, int) for k in kept)


def _is_measure(kept: object) -> TypeGuard[tuple[Measure, Document]]:
    return (
        isinstance(kept, tuple)
        and len(kept) == 2
        and isinstance(kept[0], Measure)
        and isinstance(kept[1], Document)
    )


def short_of(job: Job, paper: str, doc: Document, laid: Layout) -> dict[str, Shortfall]:
    """Say how far each of the brief's own picks that fitting left out is from fitting.

    One more layout: the fitted brief with those picks put back.
    """
    explicit = job.uses.selection.explicit
    gone = set(doc.left_out)
    order = [i.id for i in drop_order(job.uses.selection) if i.id in explicit]
    picks = [i for i in order if i in gone]
    if not picks:
        return {}
    fuller = document(job, tuple(i for i in doc.left_out if i not in explicit))
    full_laid = _lay_out(job, paper)(render_html(fuller, job.templates))
    movable = [i for i in order if i not in gone]
    return shortfall((doc, laid), (fuller, full_laid), picks, movable)


def page_fit(job: Job, paper: str) -> PageFit:
    """Return what fitting leaves out of a brief's page, as a build would, and why."""
    doc, _, laid = fitted(job, paper)
    return PageFit(doc.left_out, short_of(job, paper, doc, laid))


def render_job(job: Job, formats: tuple[str, ...], paper: str) -> Rendered | Result:
    """Render one brief to bytes in each format, fitted to its pages; a failure is a Result."""
    brief = job.uses.brief
    try:
        # Fitted whatever the formats: the Markdown, the HTML and the Word file hold what the
        # page holds, so a preview in HTML alone shows the page the PDF will be.
        doc, html, laid = fitted(job, paper)
        blobs: dict[str, bytes] = {}
        if "pdf" in formats:
            identifier = hashlib.sha256(f"{brief.id}\0{job.inputs_hash}".encode()).hexdigest()
            printer = _printer(job.templates, paper)
            blobs["pdf"] = printer.write(laid, doc, identifier[:32].encode())
        short = short_of(job, paper, doc, laid)
        if "html" in formats:
            blobs["html"] = html.encode()
        if "md" in formats:
            blobs["md"] = render_markdown(doc, job.templates).encode()
        if "docx" in formats:
            from ..render.docx import render_docx  # python-docx: only when a Word file is asked

            blobs["docx"] = render_docx(doc)
    except BriefgenError as exc:  # the brief's own doing: it does not fit, a template is broken
        failure = Failure("refused", error=type(exc).__name__, message=str(exc))
        return Result(brief.id, "failed", failure=failure, inputs_hash=job.inputs_hash)
    except Exception as exc:  # a renderer bug must not take the other briefs down
        failure = Failure(
            "bug", error=type(exc).__name__, message=str(exc), trace=traceback.format_exc()
        )
        return Result(brief.id, "failed", failure=failure, inputs_hash=job.inputs_hash)
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
        short=short,
        clearance=job.clearance.state if job.clearance is not None else None,
    )


def fitting(root: Path, catalog: Catalog, paper: str) -> Callable[[Brief], tuple[str, ...]]:
    """Return what the build's fitting leaves out of a brief, laid out on `paper`."""
    templates = templates_dir(root)

    def left_out(brief: Brief) -> tuple[str, ...]:
        uses = resolve(brief, catalog)
        job = Job(uses, catalog_part(uses, catalog), templates, inputs_hash="")
        return fitted(job, paper)[0].left_out

    return left_out
