"""Render a Document to Markdown and to self-contained HTML from one set of templates."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from .. import __version__
from ..model import KIND_LABELS, Document
from .masthead import dateline
from .templates import TEMPLATES, render_template

ORGANISATION = "briefgen"


def _context(doc: Document) -> dict[str, object]:
    return {
        "doc": doc,
        "kind_label": KIND_LABELS[doc.brief.kind],
        "dateline": dateline(doc),
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
    css = (folder / "brief.css").read_text(encoding="utf-8").strip()
    html = render_template(
        folder, f"html/{doc.brief.kind}.html.j2", {**_context(doc), "css": Markup(css)}
    )
    return re.sub(r"\n\s*\n", "\n", html)
