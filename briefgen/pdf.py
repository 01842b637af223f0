"""HTML to a one-page PDF: offline fetching, fit to the page, tags and reproducible bytes."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import mimetypes
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from .errors import BriefgenError
from .model import Document

PAPERS = {"letter": "letter", "a4": "A4"}


class PageOverflow(BriefgenError):
    """Even the items that must stay do not fit on one page."""


def _fetcher(allowed: Path) -> Any:
    """Build a URL fetcher that serves files under `allowed` and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OfflineFetcher(URLFetcher):  # type: ignore[misc]
        # No network, no file outside the templates: nothing a catalog says can reach out.
        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path.is_relative_to(allowed) and path.is_file():
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
            raise ValueError(f"briefgen does not fetch {url}")

    return OfflineFetcher()


@contextlib.contextmanager
def _source_date_epoch(day: dt.date) -> Iterator[None]:
    # Font subsetting stamps the current time into each embedded font unless this is set.
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(
        int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp())
    )
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


class Printer:
    """Lays out HTML with the print stylesheet; one per process, fonts loaded once."""

    def __init__(self, templates: Path, paper: str = "letter") -> None:
        import weasyprint  # slow to import: only where a PDF is rendered
        from weasyprint.text.fonts import FontConfiguration

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        self.weasyprint = weasyprint
        self.templates = templates.resolve()
        self.fetcher = _fetcher(self.templates)
        self.fonts = FontConfiguration()
        css = (self.templates / "print.css").read_text(encoding="utf-8")
        css += f"\n@page {{ size: {PAPERS[paper]}; }}\n"
        self.stylesheet = weasyprint.CSS(
            string=css,
            base_url=self.templates.as_uri() + "/",
            url_fetcher=self.fetcher,
            font_config=self.fonts,
        )

    def layout(self, html: str) -> Any:
        """Lay out one HTML brief into pages."""
        document = self.weasyprint.HTML(
            string=html, base_url=self.templates.as_uri() + "/", url_fetcher=self.fetcher
        )
        return document.render(
            stylesheets=[self.stylesheet], font_config=self.fonts, pdf_variant="pdf/ua-1"
        )

    def write(self, laid_out: Any, doc: Document, identifier: bytes) -> bytes:
        """Write laid-out pages as a tagged PDF whose bytes depend only on the inputs."""
        with _source_date_epoch(doc.brief.date):
            pdf: bytes = laid_out.write_pdf(
                pdf_identifier=identifier, pdf_variant="pdf/ua-1", pdf_tags=True
            )
        return pdf


# More facts and quotes than this never fit one page; laying out five pages of topic matches
# only to throw four away is what made fitting slow.
MAX_CANDIDATES = 40


@dataclass
class Measure:
    """Heights of what one layout of a brief holds, read from its boxes.

    Heights are in CSS pixels, WeasyPrint's unit (3/4 of a point).
    """

    items: dict[str, float]  # border-box height of each fact or quote, fragments summed
    advances: dict[str, float]  # how far each item or "note-N" moved the next one down
    notes: dict[int, float]  # border-box height of each source note, by number
    split: set[str]  # items broken across pages: their heights are not to be trusted
    used: float  # height of the flow and the notes on every page together
    page: float  # height of one page's content area


def _labelled(page_box: Any) -> Iterator[tuple[str, Any, Any]]:
    """Yield (label, box, parent box) for the facts, quotes and notes on a page, in order.

    A fact or quote is labelled with its id, a note with "note-N".
    """
    stack: list[tuple[Any, Any]] = [(page_box, None)]
    while stack:
        box, parent = stack.pop()
        element = getattr(box, "element", None)
        if element is not None and getattr(box, "element_tag", None) in ("li", "figure"):
            if element.get("data-item"):
                yield element.get("data-item"), box, parent
                continue
            if (element.get("id") or "").startswith("note-"):
                yield element.get("id"), box, parent
                continue
        stack.extend((child, box) for child in reversed(getattr(box, "children", ())))


def _flow_and_notes(page_box: Any) -> tuple[float, float]:
    """Return where the flow ends and where the notes begin on a page (y, in CSS pixels)."""
    bottom = page_box.content_box_y() + page_box.height
    flow_end, notes_top = page_box.content_box_y(), bottom
    for child in page_box.children:
        kind = type(child).__name__
        if kind == "FootnoteAreaBox":
            if child.children:
                notes_top = child.position_y
        elif kind != "MarginBox":
            body = child.children[0] if child.children else child
            flow_end = max(flow_end, body.position_y + body.margin_height())
    return flow_end, notes_top


def measure(laid: Any) -> Measure:
    """Read the heights of a brief's items and notes from a layout of it."""
    items: dict[str, float] = {}
    advances: dict[str, float] = {}
    notes: dict[int, float] = {}
    seen_on: dict[str, int] = {}
    split: set[str] = set()
    used = 0.0
    for number, page in enumerate(laid.pages):
        page_box = page._page_box
        flow_end, notes_top = _flow_and_notes(page_box)
        top = page_box.content_box_y()
        used += (flow_end - top) + (top + page_box.height - notes_top)
        previous: tuple[str, Any, Any] | None = None
        for label, box, parent in _labelled(page_box):
            height = box.border_height()
            if label.startswith("note-"):
                n = int(label.removeprefix("note-"))
                notes[n] = notes.get(n, 0.0) + height
            else:
                if seen_on.setdefault(label, number) != number:
                    split.add(label)
                items[label] = items.get(label, 0.0) + height
            # Until a sibling below says how far this one pushed it, its margin box.
            advances[label] = advances.get(label, 0.0) + box.margin_height()
            if previous is not None and previous[2] is parent:
                advances[previous[0]] += box.position_y - previous[1].position_y
                advances[previous[0]] -= previous[1].margin_height()
            previous = (label, box, parent)
    first = laid.pages[0]._page_box
    return Measure(items, advances, notes, split, used, first.height)


def _notes_of(doc: Document) -> dict[str, set[int]]:
    return {e.item.id: set(e.notes) for e in (*doc.facts, *doc.quotes)}


def _predict(m: Measure, doc: Document, dropped: Sequence[str]) -> float:
    """Estimate the height of the measured brief with `dropped` left out as well."""
    notes = _notes_of(doc)
    gone = set(dropped)
    kept_notes = {n for item, ns in notes.items() if item not in gone for n in ns}
    freed = {n for item in gone for n in notes.get(item, ())} - kept_notes
    return (
        m.used
        - sum(m.advances.get(i, 0.0) for i in gone)
        - sum(m.advances.get(f"note-{n}", 0.0) for n in freed)
    )


def _same_calls(doc: Document, fuller: Document, m_doc: Document, item: str) -> bool:
    """Tell whether adding `item` back leaves every note call as it was laid out.

    True when the notes `doc` has keep their numbers in `fuller`, and `item` carries the
    same calls in `fuller` as in the measured layout: then no line of text can reflow.
    """
    kept = {n.source.id for n in doc.notes}
    before = [(n.number, n.source.id) for n in doc.notes]
    after = [(n.number, n.source.id) for n in fuller.notes if n.source.id in kept]
    return before == after and _notes_of(fuller).get(item) == _notes_of(m_doc).get(item)


def _strut(box: Any) -> float:
    """Return the least height of a line in a block: its font size times its line height."""
    height, size = box.style["line_height"], box.style["font_size"]
    if isinstance(height, int | float):
        return float(height) * float(size)
    if getattr(height, "unit", None) == "px":
        return float(height.value)
    return 0.0  # "normal" depends on the font; claim nothing


def _least_heights(laid: Any) -> dict[str, float]:
    """Return the least height a fact, a quote and a note can have on this page.

    That is one line each (a quote: one of its words and one of its caption), read from the
    styles of the boxes laid out.
    """
    least: dict[str, float] = {}
    for label, box, _ in _labelled(laid.pages[0]._page_box):
        if label.startswith("note-"):
            least["note"] = _strut(box)
        elif box.element_tag == "li":
            least["fact"] = _strut(box)
        else:
            blocks = [b for b in _descendants(box) if b.element_tag in ("p", "figcaption")]
            least["quote"] = sum(_strut(b) for b in blocks[:2]) if len(blocks) >= 2 else 0.0
    return least


def _descendants(box: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)


def _proves_full(
    laid: Any,
    doc: Document,
    fuller: Document,
    item: str,
    m: Measure | None = None,
    m_doc: Document | None = None,
) -> bool:
    """Prove from the one-page layout of `doc` that `fuller`, with `item` too, overflows.

    Adding an item lengthens the flow by at least one line of it (as measured, if it was,
    less a line where renumbered note calls could reflow it) and the notes by at least a
    line for each source only it cites. What is proved is never wrong; what is not is laid
    out.
    """
    flow_end, notes_top = _flow_and_notes(laid.pages[0]._page_box)
    least = _least_heights(laid)
    kind = "fact" if any(e.item.id == item for e in fuller.facts) else "quote"
    need = least.get(kind, 0.0)
    if m is not None and m_doc is not None and item in m.items and item not in m.split:
        reflow = 0.0 if _same_calls(doc, fuller, m_doc, item) else need
        need = max(need, m.items[item] - reflow)
    if need <= 0:
        return False
    cited = {n.source.id for n in doc.notes}
    measured: dict[str, float] = {}
    if m is not None and m_doc is not None:
        measured = {n.source.id: m.notes.get(n.number, 0.0) for n in m_doc.notes}
    numbers = _notes_of(fuller).get(item, set())
    for note in fuller.notes:
        if note.number in numbers and note.source.id not in cited:
            need += max(least.get("note", 0.0), measured.get(note.source.id, 0.0))
    return need > notes_top - flow_end


def _overflow(doc: Document) -> PageOverflow:
    kept = [e.item.id for e in (*doc.facts, *doc.quotes)]
    names = ", ".join(kept) or "the summary, talking points and notes"
    return PageOverflow(
        f"brief '{doc.brief.id}' does not fit on one page even with only what must stay "
        f"({names}): shorten the summary or talking points, or lower a pick's priority"
    )


def fit(
    make: Callable[[int], tuple[Document, str]],
    printer: Printer,
    order: Sequence[str],
    total: int,
    hint: int | None = None,
) -> tuple[Document, str, Any]:
    """Find the fullest version of a brief that lays out on one page.

    `make(k)` returns the document and its HTML with the first k of `order` (the ids that
    may go, first to go first) left out of `total` facts and quotes. Fewer items never take
    more room, so the answer is the smallest k that fits. The first layout that overflows is
    measured to predict it; the prediction is laid out to confirm it, and its neighbour too
    unless the heights prove that one more item cannot fit; bisection settles the rest.

    `hint`, how many the last build left out, is tried first: when it still holds, one
    layout shows it (two where line heights cannot prove the page full). It only saves
    layouts; the answer is the same without it.
    """
    droppable = len(order)
    made: dict[int, tuple[Document, str]] = {}
    tried: dict[int, tuple[bool, tuple[Document, str, Any]]] = {}

    def version(k: int) -> tuple[Document, str]:
        if k not in made:
            made[k] = make(k)
        return made[k]

    def fits(k: int) -> bool:
        if k not in tried:
            doc, html = version(k)
            laid = printer.layout(html)
            tried[k] = (len(laid.pages) == 1, (doc, html, laid))
        return tried[k][0]

    start = max(0, min(droppable, total - MAX_CANDIDATES))
    if hint is not None and start < hint <= droppable:
        start = hint
        if fits(start):
            doc, _, laid = tried[start][1]
            if _proves_full(laid, doc, version(start - 1)[0], order[start - 1]):
                return tried[start][1]
            if not fits(start - 1):
                return tried[start][1]
    if fits(start):
        low, high = 0, start  # rare: tiny items, or a hint from a fuller brief
    elif start == droppable:
        raise _overflow(tried[start][1][0])
    else:
        low, high = start + 1, droppable
        m_doc, _, m_laid = tried[start][1]
        m = measure(m_laid)
        guess = next(
            (k for k in range(low, high) if _predict(m, m_doc, order[start:k]) <= m.page), high
        )
        step = 1
        # Walk out from the guess until the answer is bracketed, then bisect.
        if fits(guess):
            high = guess
            doc, _, laid = tried[guess][1]
            fuller = version(guess - 1)[0]
            if _proves_full(laid, doc, fuller, order[guess - 1], m, m_doc):
                low = high
            while high - step >= low and fits(high - step):
                high, step = high - step, step * 2
            low = max(low, high - step + 1)
        else:
            low = guess + 1
            while low + step - 1 < high and not fits(low + step - 1):
                low, step = low + step, step * 2
            high = min(high, low + step - 1)
            if high == droppable and not fits(droppable):
                raise _overflow(tried[droppable][1][0])
    while low < high:
        mid = (low + high) // 2
        if fits(mid):
            high = mid
        else:
            low = mid + 1
    return tried[high][1]  # high is always a count that fits
