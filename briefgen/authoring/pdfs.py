"""The text and metadata of a PDF (pypdf), for `briefgen capture`.

A PDF's text layer is its words as laid out: each line of each page, less what every page
repeats (page numbers, running heads and feet). A PDF without one is a scan, said as such.
Its file dates (CreationDate) record when the file was made, which for a page printed or
saved from a browser is the capture, so they are reported and never taken as the
publication date: that comes from the text, as for a page (dating.date_text).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections import Counter
from typing import Any

from ..errors import CaptureUnusable
from .dating import date_text
from .extract import Extracted, clean, short

_PAGE_NUMBER = re.compile(r"(?i)^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$")
_JUNK_TITLE = re.compile(r"(?i)^(?:untitled|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf))$")


def extract_pdf(data: bytes, shown: str) -> Extracted:
    """Return the text and metadata of a PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise CaptureUnusable(
                f"'{shown}' is an encrypted PDF", "save a copy without a password and capture it"
            )
        pages = list(reader.pages)
        texts = [page.extract_text() or "" for page in pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CaptureUnusable(
            f"'{shown}' cannot be read as a PDF ({type(exc).__name__}: {short(str(exc))})",
            "download or print it to PDF again, and capture the new file",
        ) from None
    if not any(t.strip() for t in texts):
        images = sum(_images(page) for page in pages)
        if images:
            raise CaptureUnusable(
                f"'{shown}' has no text to cut a snapshot from: its {_pages(len(pages))} "
                f"{'is' if len(pages) == 1 else 'are'} images (a scan)",
                "run OCR on it first (e.g. `ocrmypdf IN.pdf OUT.pdf`) and capture the result, "
                "or type the passage into a text file and use `briefgen new source`",
            )
        raise CaptureUnusable(
            f"'{shown}' is an empty PDF: its {_pages(len(pages))} "
            f"{'holds' if len(pages) == 1 else 'hold'} no text",
            "capture the document itself, not a blank or cover file",
        )
    lines = _pdf_lines(texts)
    meta = reader.metadata
    title = clean(getattr(meta, "title", None))
    if not title or _JUNK_TITLE.match(title):
        title = next((x for x in lines if len(x) <= 200 and re.search(r"[^\W\d_]", x)), None)
    publisher = None
    try:
        xmp = reader.xmp_metadata
        publisher = clean("; ".join(xmp.dc_publisher)) if xmp and xmp.dc_publisher else None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        publisher = None
    first_pages = _pdf_lines(texts[:2])
    dated = date_text(first_pages)
    created = _created(meta)
    hint = ""
    if created and created != dated.day:
        hint = (
            f"the PDF's metadata says the file was created {created.isoformat()} "
            "(CreationDate): that is when the file was made, perhaps saved or printed, so it "
            "is not taken as the publication date"
        )
    return Extracted(
        "pdf",
        "\n".join(lines) + "\n",
        title,
        publisher,
        clean(getattr(meta, "author", None)),
        None,
        dated,
        hint=hint,
    )


def _pages(n: int) -> str:
    return "one page" if n == 1 else f"{n} pages"


def _images(page: Any) -> int:
    try:
        return len(page.images)
    except Exception:  # a damaged image is still an image: the page is not text
        return 1


def _created(meta: Any) -> dt.date | None:
    try:
        moment = getattr(meta, "creation_date", None)
    except (ValueError, TypeError):
        return None
    return moment.date() if isinstance(moment, dt.datetime) else None


def _pdf_lines(texts: list[str]) -> list[str]:
    """Return a PDF's text lines, less page numbers and the running heads of every page.

    A running head or foot is a line among the first or last three of a page that stands
    there on most pages (its digits aside: "Page 3 of 9").
    """
    pages = [[" ".join(x.split()) for x in t.splitlines() if x.strip()] for t in texts]

    def edges(page: list[str]) -> set[str]:
        return {re.sub(r"\d+", "#", x) for x in page[:3] + page[-3:]}

    counts: Counter[str] = Counter()
    for page in pages:
        counts.update(edges(page))
    running = {s for s, n in counts.items() if len(pages) >= 2 and n >= max(2, 0.6 * len(pages))}
    out = []
    for page in pages:
        ends = set(page[:3] + page[-3:])
        for x in page:
            if _PAGE_NUMBER.match(x) or (x in ends and re.sub(r"\d+", "#", x) in running):
                continue
            out.append(x)
    return out
