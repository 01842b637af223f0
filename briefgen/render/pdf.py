"""WeasyPrint, behind one small adapter: offline fetching, layouts as plain records, PDF bytes.

Everything that knows WeasyPrint's insides (its boxes, its private page box) is here;
fitting (briefgen.fit) sees only the Layout records this module reads from them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import mimetypes
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlparse

from ..errors import TemplateFailed, UnreadableFile
from ..files import MAX_FONT_BYTES, read_inside
from ..model import Document
from ..plan.fit import Block, Layout, Page
from .templates import read_style

PAPERS = {"letter": "letter", "a4": "A4"}


def load_weasyprint() -> ModuleType:
    """Import WeasyPrint, on Linux without its search for the libraries it loads.

    WeasyPrint tries several names for each of its C libraries, and every name that does
    not load at once goes through `ctypes.util.find_library`, which on Linux runs
    `ldconfig`, `gcc` and `ld` in turn: about 0.2 s of a brief's whole process, in every
    worker. A Linux name it also tries (`libpango-1.0.so.0`) loads at once from the same
    places a search would find, so the search is skipped here. Should that ever fail (an
    unusual install), or leave out HarfBuzz's subsetter, WeasyPrint is imported again with
    the search, as it would be anyway. (Its other optional library, for colour fonts, is
    loaded by the same plain names; a system where only the search finds it draws colour
    glyphs as outlines.) The import is not meant for two threads at once: none renders so.
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return _sized_arrays(weasyprint)
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = _not_searched
    try:
        # Its advice on a failed load is printed to stdout: said only if the search fails too.
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
            from weasyprint.text import ffi

        # HarfBuzz's subsetter is optional to WeasyPrint, and subsets every font of every
        # PDF: one the search alone could find must not be quietly done without.
        if ffi.harfbuzz_subset is not None:
            return _sized_arrays(weasyprint)
    except OSError:
        pass
    finally:
        ctypes.util.find_library = search
    for name in [m for m in sys.modules if m.partition(".")[0] == "weasyprint"]:
        del sys.modules[name]
    import weasyprint

    return _sized_arrays(weasyprint)


def _not_searched(name: str) -> None:
    return None


# The fixed-length arrays WeasyPrint 70 (the version pyproject.toml allows) makes for
# HarfBuzz, "hb_codepoint_t[42]": a decimal length, as C reads it (no octal leading zero).
_SIZED = re.compile(r"\s*(hb_codepoint_t)\s*\[([1-9][0-9]*)\]")
_SEQUENCES = (type(None), list, tuple)  # what a C array is made from (bytes are strings)


def _sized_arrays(weasyprint: ModuleType) -> ModuleType:
    """Let WeasyPrint's cffi make fixed-length arrays without parsing a new C type each time.

    Subsetting a font asks cffi for `hb_codepoint_t[N]` with N the number of glyphs used,
    and cffi parses every new spelling of a type with pycparser: 3 ms each, several per
    font, about 0.2 s of a 12-brief build. The same array made as `hb_codepoint_t[]` from
    its N values (or N zeros) holds the same values and is parsed once per process.
    Only those arrays, which WeasyPrint hands straight to HarfBuzz's functions (an array of
    no fixed length would not do as a struct's field), and only in WeasyPrint's own cffi
    instance (weasyprint.text.ffi), in this process.
    """
    from weasyprint.text.ffi import ffi

    if getattr(ffi, "briefgen_sized", False):
        return weasyprint
    new = ffi.new

    def sized_new(cdecl: Any, init: Any = None) -> Any:
        # Called for every string WeasyPrint hands to Pango: the common case returns at once.
        if type(cdecl) is str and cdecl.endswith("]") and type(init) in _SEQUENCES:
            sized = _SIZED.fullmatch(cdecl)
            if sized is not None and (init is None or len(init) == int(sized[2])):
                return new(f"{sized[1]}[]", int(sized[2]) if init is None else init)
        return new(cdecl, init)

    ffi.new = sized_new
    ffi.briefgen_sized = True
    return weasyprint


def _fetcher(allowed: Path) -> Any:
    """Build a URL fetcher that serves files under `allowed` and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OfflineFetcher(URLFetcher):  # type: ignore[misc]
        # No network, no file outside the templates: nothing a catalog says can reach out.
        refused: list[tuple[str, UnreadableFile]] = []  # noqa: RUF012  (one per Printer)

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path))
                # Through the opener: a font or image linked from outside, a pipe or a device
                # is refused, never read or waited on; the Printer then says which.
                try:
                    data = read_inside(allowed, path, MAX_FONT_BYTES)
                except UnreadableFile as exc:
                    self.refused.append((str(path), exc))
                    raise ValueError(f"briefgen does not fetch {url}") from None
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, data, {"Content-Type": mime})
            raise ValueError(f"briefgen does not fetch {url}")

    fetcher = OfflineFetcher()
    fetcher.refused = []
    return fetcher


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
        weasyprint = load_weasyprint()  # slow to import: only where a PDF is rendered
        from weasyprint.text.fonts import FontConfiguration

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        self.weasyprint = weasyprint
        self.templates = templates.resolve()
        self.fetcher = _fetcher(self.templates)
        self.fonts = FontConfiguration()
        css = read_style(self.templates, "print.css")
        css += f"\n@page {{ size: {PAPERS[paper]}; }}\n"
        self.stylesheet = weasyprint.CSS(
            string=css,
            base_url=self.templates.as_uri() + "/",
            url_fetcher=self.fetcher,
            font_config=self.fonts,
        )
        self._refused()

    def layout(self, html: str) -> Layout:
        """Lay out one HTML brief into pages."""
        document = self.weasyprint.HTML(
            string=html, base_url=self.templates.as_uri() + "/", url_fetcher=self.fetcher
        )
        rendered = document.render(
            stylesheets=[self.stylesheet], font_config=self.fonts, pdf_variant="pdf/ua-1"
        )
        self._refused()
        return read_layout(rendered)

    def _refused(self) -> None:
        """Fail on a font or image of the templates the opener refused: never draw without it."""
        if self.fetcher.refused:
            path, exc = self.fetcher.refused[0]
            raise TemplateFailed(path, exc.message, exc.fix)

    def write(self, laid_out: Layout, doc: Document, identifier: bytes) -> bytes:
        """Write laid-out pages as a tagged PDF whose bytes depend only on the inputs."""
        options: dict[str, Any] = {}
        if doc.clearance is not None:
            # Only the sign-off: the HTML's other <meta> names (viewport) are no PDF's business,
            # and a brief without one keeps the bytes it always had.
            laid_out.document.metadata.custom = _sign_off(doc)
            options["custom_metadata"] = True
        with _source_date_epoch(doc.brief.date):
            pdf: bytes = laid_out.document.write_pdf(
                pdf_identifier=identifier, pdf_variant="pdf/ua-1", pdf_tags=True, **options
            )
        return pdf


def _sign_off(doc: Document) -> dict[str, str]:
    """Return the PDF's document-information keys for who drafted and who cleared a brief."""
    from .masthead import clearance_lines

    c = doc.clearance
    keys = {"Clearance": "; ".join(clearance_lines(doc))}
    if c is not None and c.drafted is not None:
        keys["DraftedBy"] = f"{c.drafted.name}, {c.drafted.date.isoformat()}"
    if c is not None and c.cleared is not None and c.state == "cleared":
        keys["ClearedBy"] = f"{c.cleared.name}, {c.cleared.date.isoformat()}"
    return keys


# -- reading a WeasyPrint layout --------------------------------------------------------


def read_layout(rendered: Any) -> Layout:
    """Read the pages of a rendered WeasyPrint document into plain records."""
    # WeasyPrint has no public API for the boxes of a page; `_page_box` is the one way in,
    # and this module the one place that uses it.
    pages = tuple(_read_page(page._page_box) for page in rendered.pages)
    return Layout(pages, rendered)


def anchors(laid: Layout) -> list[set[str]]:
    """Return the ids of the elements on each page of a layout, in page order."""
    return [set(page.anchors) for page in laid.document.pages]


def _read_page(page_box: Any) -> Page:
    flow_end, notes_top = _flow_and_notes(page_box)
    parents: dict[int, int] = {}
    blocks = []
    for label, box, parent in _labelled(page_box):
        if label.startswith("note-"):
            kind, least = "note", _strut(box)
        elif box.element.get("data-kind") == "chart":
            # A drawing does not reflow: its least height is the height it has.
            kind, least = "chart", box.border_height()
        elif box.element_tag == "li":
            kind, least = "fact", _strut(box)
        else:
            # A quote's least: one line of its words and one of its caption.
            lines = [b for b in _descendants(box) if b.element_tag in ("p", "figcaption")]
            kind = "quote"
            least = sum(_strut(b) for b in lines[:2]) if len(lines) >= 2 else 0.0
        blocks.append(
            Block(
                label,
                kind,  # type: ignore[arg-type]
                parents.setdefault(id(parent), len(parents)),
                box.position_y,
                box.border_height(),
                box.margin_height(),
                least,
                _cut(box, page_box),
            )
        )
    top = page_box.content_box_y()
    overflow_x, ink_end = _extent(page_box)
    return Page(top, page_box.height, flow_end, notes_top, tuple(blocks), overflow_x, ink_end)


def _cut(box: Any, page_box: Any) -> float:
    """Return the top margin a page break cut off a box that starts its page (CSS pixels)."""
    if box.position_y > page_box.content_box_y() + 0.01:
        return 0.0
    margin = box.style["margin_top"]
    if getattr(margin, "unit", None) != "px":
        return 0.0  # a percentage or auto: claim nothing
    return max(0.0, float(margin.value) - float(box.margin_top or 0.0))


def _extent(page_box: Any) -> tuple[float, float]:
    """Return how far the page's content runs past its right edge, and where its ink ends.

    The first is how far any box runs past the content area's right edge (CSS pixels); the
    second the bottom of the lowest line or leaf box of the flow (not of the notes).
    """
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox, LineBox, MarginBox

    right = page_box.content_box_x() + page_box.width
    widest = right
    ink = page_box.content_box_y()
    for child in page_box.children:
        if isinstance(child, MarginBox):
            continue  # the running header and footer sit in the margin by design
        in_flow = not isinstance(child, FootnoteAreaBox)
        for box in (child, *_descendants(child)):
            widest = max(widest, box.position_x + box.margin_width())
            if in_flow and (isinstance(box, LineBox) or not getattr(box, "children", None)):
                ink = max(ink, box.position_y + box.margin_height())
    return widest - right, ink


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
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox, MarginBox

    bottom = page_box.content_box_y() + page_box.height
    flow_end, notes_top = page_box.content_box_y(), bottom
    for child in page_box.children:
        if isinstance(child, FootnoteAreaBox):
            if child.children:
                notes_top = child.position_y
        elif not isinstance(child, MarginBox):
            body = child.children[0] if child.children else child
            flow_end = max(flow_end, body.position_y + body.margin_height())
    return flow_end, notes_top


def _strut(box: Any) -> float:
    """Return the least height of a line in a block: its font size times its line height."""
    height, size = box.style["line_height"], box.style["font_size"]
    if isinstance(height, int | float):
        return float(height) * float(size)
    if getattr(height, "unit", None) == "px":
        return float(height.value)
    return 0.0  # "normal" depends on the font; claim nothing


def _descendants(box: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)
