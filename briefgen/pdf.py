"""HTML to a one-page PDF: offline fetching, fit to the page, tags and reproducible bytes."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import mimetypes
import os
from collections.abc import Callable, Iterator
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


def items_on_first_page(laid: Any) -> int:
    """Count the facts and quotes laid out whole on the first page."""
    pages: list[set[str]] = []
    for page in laid.pages:
        found: set[str] = set()
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            item = element.get("data-item") if element is not None else None
            if item:
                found.add(item)
            stack.extend(getattr(box, "children", ()))
        pages.append(found)
    later = set().union(*pages[1:]) if len(pages) > 1 else set()
    return len(pages[0] - later)


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
    droppable: int,
    total: int,
) -> tuple[Document, str, Any]:
    """Find the fullest version of a brief that lays out on one page.

    `make(k)` returns the document and its HTML with the k first droppable items left out of
    `total` facts and quotes. Fewer items never take more room, so the answer is the smallest
    k that fits: guessed from how many items the first layout put on page one, then bracketed
    and narrowed by bisection, which takes two or three layouts where the guess is good.
    """
    tried: dict[int, tuple[bool, tuple[Document, str, Any]]] = {}

    def fits(k: int) -> bool:
        if k not in tried:
            doc, html = make(k)
            laid = printer.layout(html)
            tried[k] = (len(laid.pages) == 1, (doc, html, laid))
        return tried[k][0]

    start = max(0, min(droppable, total - MAX_CANDIDATES))
    if fits(start):
        low, high = 0, start  # rare: tiny items; look for more that fit
    elif start == droppable:
        raise _overflow(tried[start][1][0])
    else:
        low, high = start + 1, droppable
        on_page = items_on_first_page(tried[start][1][2])
        guess = min(high, max(low, total - on_page))
        step = 1
        # Walk out from the guess until the answer is bracketed, then bisect.
        if fits(guess):
            high = guess
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
