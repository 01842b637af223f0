"""Render a Document to Markdown and to self-contained HTML from one set of templates."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from .. import __version__
from ..dates import long_date
from ..model import GOVERNMENTS, KIND_LABELS, SIDE_ADJECTIVES, Document
from .masthead import clearance_lines, dateline
from .templates import TEMPLATES, read_style, render_template
from .typography import tie_html

ORGANISATION = "briefgen"


def off_record(doc: Document) -> str:
    """Say whose aims (or account) for the meeting the brief's sources do not give.

    "U.S. aims for this meeting: none on file as of June 13, 2025." (editorial
    rule 15); nothing for an issue brief, or when both sides are on the record. "On file", not
    "not on the record": a government may well have spoken where no captured source reports it,
    and the page claims only what the catalog holds.
    """
    b = doc.brief
    if b.kind not in ("meeting", "readout") or not b.not_on_record:
        return ""
    sides = [s for s in GOVERNMENTS if s in b.not_on_record]
    names = " and ".join(SIDE_ADJECTIVES[s] for s in sides)
    day = long_date(b.as_of)
    if b.kind == "readout":
        what = "accounts" if len(sides) > 1 else "account"
        return f"The {names} {what} of this meeting: none on file as of {day}."
    return f"{names} aims for this meeting: none on file as of {day}."


def _context(doc: Document) -> dict[str, object]:
    return {
        "doc": doc,
        "kind_label": KIND_LABELS[doc.brief.kind],
        "dateline": dateline(doc),
        "off_record": off_record(doc),
        "clearance": clearance_lines(doc),
        "organisation": ORGANISATION,
        "version": __version__,
    }


def render_markdown(doc: Document, folder: Path = TEMPLATES) -> str:
    """Render a Document to Markdown."""
    text = render_template(folder, f"md/{doc.brief.kind}.md.j2", _context(doc))
    # Templates leave runs of blank lines where optional parts are absent; Markdown wants one.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_html(doc: Document, folder: Path = TEMPLATES) -> str:
    """Render a Document to one self-contained HTML file (screen CSS inlined)."""
    css = read_style(folder, "brief.css")
    html = render_template(
        folder, f"html/{doc.brief.kind}.html.j2", {**_context(doc), "css": Markup(css)}
    )
    return tie_html(re.sub(r"\n\s*\n", "\n", html))
